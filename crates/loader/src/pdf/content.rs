//! A page whose content stream pdf-extract cannot draw is drawn again from a repaired copy.
//!
//! pdf-extract parses a page's content whole with lopdf and then trusts every operation's
//! operands (`assert!` on counts, `panic!` on types), so one bad token costs the page: an
//! inline image without `EI` fails the parse, and a 20-digit integer (past `i64`) splits a
//! `cm` into too few operands. Other readers skip the bad operation and go on. This module
//! re-tokenises the stream leniently and writes back only operations pdf-extract can take:
//! known operators with operands of the right count and kind, numbers in plain notation,
//! strings as hex, inline images left out (they hold no text), and no `cm` that would throw
//! everything after it to infinity. It runs only for a page that failed, so good files
//! never pay for it.

/// Nesting depth of arrays kept in an operand; deeper ones drop their operation.
const MAX_DEPTH: usize = 32;

/// Largest magnitude a coordinate or matrix entry keeps; beyond it a `cm` is dropped and
/// other numbers are clamped (readers draw nothing sensible there anyway).
const MAX_NUMBER: f64 = 1e9;

/// What the repair did, for the diagnostic.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repair {
    /// Operations written back.
    pub kept: usize,
    /// Operations left out (wrong operands, unknown operators, absurd matrices).
    pub dropped: usize,
    /// Inline images left out.
    pub images: usize,
}

/// One operand as read.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Number(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    /// A dictionary (marked content properties): kept only as something to drop.
    Dict,
    /// `true`, `false`, `null` and anything else that is not an operator.
    Other,
}

/// A content stream rewritten so that lopdf parses it and pdf-extract draws it without
/// panicking; `None` when nothing in it could be kept.
pub fn repair(data: &[u8]) -> Option<(Vec<u8>, Repair)> {
    let mut lexer = Lexer { data, at: 0 };
    let mut out = Vec::with_capacity(data.len());
    let mut report = Repair::default();
    let mut operands: Vec<Operand> = Vec::new();
    let mut ctm = Ctm::default();
    while let Some(token) = lexer.next() {
        match token {
            Token::Operand(o) => operands.push(o),
            Token::InlineImage => {
                report.images += 1;
                operands.clear();
            }
            Token::Operator(op) => {
                let ops = std::mem::take(&mut operands);
                if keep(&op, &ops, &mut ctm) {
                    write_operation(&mut out, &op, &ops);
                    report.kept += 1;
                } else {
                    report.dropped += 1;
                }
            }
        }
    }
    (report.kept > 0).then_some((out, report))
}

/// The string (literal or hex) starting at `at`, and where it ends; `None` when no string
/// starts there. Shared with pre-flight's scan of the strings a page shows.
pub(super) fn string_at(data: &[u8], at: usize) -> Option<(Vec<u8>, usize)> {
    let mut lexer = Lexer { data, at };
    let s = match data.get(at)? {
        b'(' => lexer.literal(),
        b'<' if data.get(at + 1) != Some(&b'<') => lexer.hex(),
        _ => return None,
    };
    Some((s, lexer.at))
}

/// The operand kinds an operator takes, in pdf-extract's reading of it.
#[derive(Clone, Copy)]
enum Shape {
    /// Exactly this many numbers.
    Numbers(usize),
    /// Any count of numbers (colours).
    AnyNumbers,
    /// One name.
    Name,
    /// A name and a number (`Tf`).
    NameNumber,
    /// One string (`Tj`).
    Str,
    /// One array of strings and numbers (`TJ`).
    Array,
    /// Nothing.
    Bare,
}

fn shape(op: &[u8]) -> Option<Shape> {
    use Shape::*;
    Some(match op {
        b"cm" | b"Tm" | b"c" => Numbers(6),
        b"v" | b"y" | b"re" => Numbers(4),
        b"Td" | b"TD" | b"m" | b"l" => Numbers(2),
        b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" | b"w" | b"Tr" | b"j" | b"J" | b"M" | b"i" => {
            Numbers(1)
        }
        b"G" | b"g" => Numbers(1),
        b"RG" | b"rg" => Numbers(3),
        b"K" | b"k" => Numbers(4),
        b"SC" | b"SCN" | b"sc" | b"scn" => AnyNumbers,
        b"Tf" => NameNumber,
        b"CS" | b"cs" | b"gs" | b"Do" | b"BMC" | b"MP" | b"ri" | b"sh" => Name,
        b"Tj" | b"'" => Str,
        b"TJ" => Array,
        b"BT" | b"ET" | b"q" | b"Q" | b"T*" | b"EMC" | b"h" | b"S" | b"s" | b"f" | b"F" | b"f*"
        | b"B" | b"B*" | b"b" | b"b*" | b"n" | b"W" | b"W*" | b"BX" | b"EX" => Bare,
        _ => return None,
    })
}

/// Whether the operation can be written back as it is (tracking the matrix for `cm`).
fn keep(op: &[u8], ops: &[Operand], ctm: &mut Ctm) -> bool {
    let Some(shape) = shape(op) else {
        return false;
    };
    let numbers = |n: usize| ops.len() == n && ops.iter().all(|o| matches!(o, Operand::Number(_)));
    let fits = match shape {
        Shape::Numbers(n) => numbers(n),
        Shape::AnyNumbers => numbers(ops.len()),
        Shape::Name => matches!(ops, [Operand::Name(_)]),
        Shape::NameNumber => matches!(ops, [Operand::Name(_), Operand::Number(_)]),
        Shape::Str => matches!(ops, [Operand::Str(_)]),
        Shape::Array => matches!(ops, [Operand::Array(_)]),
        Shape::Bare => ops.is_empty(),
    };
    if !fits {
        return false;
    }
    match op {
        b"q" => ctm.save(),
        b"Q" => ctm.restore(),
        b"cm" => return ctm.concat(ops),
        _ => {}
    }
    true
}

/// The current transformation matrix through `q`/`Q`/`cm`, to tell a `cm` that sends the
/// rest of the page off to infinity (or flattens it to nothing) from an ordinary one.
struct Ctm {
    now: [f64; 6],
    saved: Vec<[f64; 6]>,
}

impl Default for Ctm {
    fn default() -> Self {
        Ctm {
            now: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            saved: Vec::new(),
        }
    }
}

impl Ctm {
    fn save(&mut self) {
        // A stream with millions of `q` is not worth remembering each.
        if self.saved.len() < 4096 {
            self.saved.push(self.now);
        }
    }

    fn restore(&mut self) {
        if let Some(m) = self.saved.pop() {
            self.now = m;
        }
    }

    /// Apply a `cm` if the result is a usable matrix; `false` drops it.
    fn concat(&mut self, ops: &[Operand]) -> bool {
        let mut m = [0.0; 6];
        for (slot, o) in m.iter_mut().zip(ops) {
            if let Operand::Number(v) = o {
                *slot = *v;
            }
        }
        let [a, b, c, d, e, f] = self.now;
        let next = [
            m[0] * a + m[1] * c,
            m[0] * b + m[1] * d,
            m[2] * a + m[3] * c,
            m[2] * b + m[3] * d,
            m[4] * a + m[5] * c + e,
            m[4] * b + m[5] * d + f,
        ];
        let det = next[0] * next[3] - next[1] * next[2];
        let usable = next.iter().all(|v| v.is_finite() && v.abs() <= MAX_NUMBER)
            && det.is_finite()
            && det.abs() >= 1e-12;
        if usable {
            self.now = next;
        }
        usable
    }
}

fn write_operation(out: &mut Vec<u8>, op: &[u8], ops: &[Operand]) {
    for o in ops {
        write_operand(out, o);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

fn write_operand(out: &mut Vec<u8>, o: &Operand) {
    match o {
        Operand::Number(v) => write_number(out, *v),
        Operand::Name(n) => {
            out.push(b'/');
            for &b in n {
                if b.is_ascii_graphic() && !is_delimiter(b) && b != b'#' {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Operand::Str(s) => {
            out.push(b'<');
            for &b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Operand::Array(items) => {
            out.push(b'[');
            for item in items {
                // `TJ` wants strings and numbers; anything else in it is left out.
                if matches!(item, Operand::Str(_) | Operand::Number(_)) {
                    write_operand(out, item);
                    out.push(b' ');
                }
            }
            out.push(b']');
        }
        Operand::Dict | Operand::Other => out.extend_from_slice(b"null"),
    }
}

/// Plain notation lopdf reads: an integer when whole, else a decimal without exponent.
fn write_number(out: &mut Vec<u8>, v: f64) {
    let v = if v.is_finite() {
        v.clamp(-MAX_NUMBER, MAX_NUMBER)
    } else {
        0.0
    };
    if v.fract() == 0.0 {
        out.extend_from_slice(format!("{}", v as i64).as_bytes());
    } else {
        let s = format!("{v:.6}");
        out.extend_from_slice(s.trim_end_matches('0').as_bytes());
    }
}

enum Token {
    Operand(Operand),
    Operator(Vec<u8>),
    /// `BI … ID … EI`, skipped whole.
    InlineImage,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.at += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Option<Token> {
        loop {
            self.skip_space();
            let b = self.peek()?;
            if b == b']' || b == b'>' || b == b')' || b == b'}' || b == b'{' {
                // Stray closers: nothing to attach them to.
                self.at += 1;
                continue;
            }
            if is_regular(b) && !is_number_start(b) {
                let word = self.word();
                return Some(match word.as_slice() {
                    b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
                    b"BI" => {
                        self.inline_image();
                        Token::InlineImage
                    }
                    _ => Token::Operator(word),
                });
            }
            return Some(Token::Operand(self.operand(0)));
        }
    }

    fn word(&mut self) -> Vec<u8> {
        let start = self.at;
        while self.peek().is_some_and(is_regular) {
            self.at += 1;
        }
        self.data[start..self.at].to_vec()
    }

    /// One operand starting at the current byte (not an operator).
    fn operand(&mut self, depth: usize) -> Operand {
        let Some(b) = self.peek() else {
            return Operand::Other;
        };
        match b {
            b'/' => {
                self.at += 1;
                Operand::Name(self.name())
            }
            b'(' => Operand::Str(self.literal()),
            b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                self.dict(depth);
                Operand::Dict
            }
            b'<' => Operand::Str(self.hex()),
            b'[' if depth >= MAX_DEPTH => {
                self.skip_nested();
                Operand::Other
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.at += 1;
                            break;
                        }
                        Some(c) if is_regular(c) && !is_number_start(c) => {
                            // An operator inside an array: the array was never closed.
                            break;
                        }
                        Some(c) if c == b')' || c == b'>' || c == b'}' || c == b'{' => {
                            self.at += 1;
                        }
                        Some(_) => items.push(self.operand(depth + 1)),
                    }
                }
                if items.iter().any(|i| matches!(i, Operand::Other)) {
                    // Something in it was too deep or unreadable: the operation goes.
                    Operand::Other
                } else {
                    Operand::Array(items)
                }
            }
            _ => self.number(),
        }
    }

    /// Step over an array too deep to keep, without recursion: to its matching `]`, or to
    /// the end of the stream.
    fn skip_nested(&mut self) {
        let mut open = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'[' => open += 1,
                b']' => {
                    open -= 1;
                    if open == 0 {
                        self.at += 1;
                        return;
                    }
                }
                b'(' => {
                    self.literal();
                    continue;
                }
                b'/' => {
                    self.at += 1;
                    self.name();
                    continue;
                }
                c if is_regular(c) && !is_number_start(c) => {
                    let start = self.at;
                    let word = self.word();
                    if !matches!(word.as_slice(), b"true" | b"false" | b"null") {
                        // An operator: the array was never closed.
                        self.at = start;
                        return;
                    }
                    continue;
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            if !is_regular(b) {
                break;
            }
            self.at += 1;
            if b == b'#' {
                let hex = self.data.get(self.at..self.at + 2);
                if let Some(v) = hex
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    self.at += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn literal(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => {
                    let Some(c) = self.peek() else { break };
                    self.at += 1;
                    match c {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(c - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut digits = Vec::new();
        while let Some(b) = self.peek() {
            self.at += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = (b as char).to_digit(16) {
                digits.push(v as u8);
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
    }

    /// Skip a `<< … >>` (nested), strings inside it read as strings so a `>>` in one does
    /// not end it.
    fn dict(&mut self, depth: usize) {
        self.at += 2;
        loop {
            self.skip_space();
            match self.peek() {
                None => return,
                Some(b'>') if self.data.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    return;
                }
                Some(c) if is_regular(c) && !is_number_start(c) => {
                    let word = self.word();
                    if !matches!(word.as_slice(), b"true" | b"false" | b"null" | b"R") {
                        // An operator: the dictionary was never closed.
                        self.at -= word.len();
                        return;
                    }
                }
                Some(b'>' | b')' | b']' | b'}' | b'{') => self.at += 1,
                Some(_) => {
                    if depth >= MAX_DEPTH {
                        self.at += 1;
                    } else {
                        self.operand(depth + 1);
                    }
                }
            }
        }
    }

    fn number(&mut self) -> Operand {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        {
            self.at += 1;
        }
        if self.at == start {
            // Not a number start after all (the caller checked); step over the byte.
            self.at += 1;
            return Operand::Other;
        }
        let text = String::from_utf8_lossy(&self.data[start..self.at]);
        // `--5` and `5-3` are seen in the wild; readers take the leading number.
        let clean: String = {
            let t = text.trim_start_matches(['+', '-']);
            let neg = text.len() - t.len() > 0 && text[..text.len() - t.len()].contains('-');
            let body: String = t
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E'))
                .collect();
            if neg {
                format!("-{body}")
            } else {
                body
            }
        };
        match clean.parse::<f64>() {
            Ok(v) if v.is_finite() => Operand::Number(v),
            Ok(v) if v.is_infinite() => Operand::Number(v.signum() * f64::MAX),
            _ => Operand::Other,
        }
    }

    /// After `BI`: skip the image's dictionary, `ID`, its data and `EI`. The data's end is
    /// the size the dictionary gives when it is unfiltered, else the first `EI` standing
    /// alone; an image without `EI` takes the rest of the stream.
    fn inline_image(&mut self) {
        let mut width = None;
        let mut height = None;
        let mut bpc = None;
        let mut comps = None;
        let mut filtered = false;
        let mut first_filter: Option<Vec<u8>> = None;
        let mut mask = false;
        let mut key: Option<Vec<u8>> = None;
        loop {
            self.skip_space();
            let Some(b) = self.peek() else { return };
            if is_regular(b) && !is_number_start(b) {
                let word = self.word();
                match word.as_slice() {
                    b"ID" => break,
                    b"true"
                        if key
                            .as_deref()
                            .is_some_and(|k| k == b"IM" || k == b"ImageMask") =>
                    {
                        mask = true;
                    }
                    _ => {}
                }
                key = None;
                continue;
            }
            let o = self.operand(MAX_DEPTH - 1);
            match (key.take(), o) {
                (None, Operand::Name(k)) => key = Some(k),
                (Some(k), v) => {
                    let n = match &v {
                        Operand::Number(n) if *n >= 0.0 && *n < 1e6 => Some(*n as usize),
                        _ => None,
                    };
                    match k.as_slice() {
                        b"W" | b"Width" => width = n,
                        b"H" | b"Height" => height = n,
                        b"BPC" | b"BitsPerComponent" => bpc = n,
                        b"F" | b"Filter" => {
                            filtered = !matches!(&v, Operand::Array(a) if a.is_empty());
                            first_filter = match &v {
                                Operand::Name(f) => Some(f.clone()),
                                Operand::Array(a) => match a.first() {
                                    Some(Operand::Name(f)) => Some(f.clone()),
                                    _ => None,
                                },
                                _ => None,
                            };
                        }
                        b"CS" | b"ColorSpace" => {
                            comps = match &v {
                                Operand::Name(c) => match c.as_slice() {
                                    b"G" | b"DeviceGray" | b"I" | b"Indexed" => Some(1),
                                    b"RGB" | b"DeviceRGB" => Some(3),
                                    b"CMYK" | b"DeviceCMYK" => Some(4),
                                    _ => None,
                                },
                                // `[/I base hival lookup]`.
                                Operand::Array(a) if matches!(a.first(), Some(Operand::Name(n)) if n == b"I" || n == b"Indexed") => {
                                    Some(1)
                                }
                                _ => None,
                            }
                        }
                        _ => {}
                    }
                }
                (None, _) => {}
            }
        }
        // One white-space byte separates `ID` from the data.
        if self.peek().is_some_and(is_white) {
            self.at += 1;
        }
        let (bpc, comps) = if mask {
            (Some(1), Some(1))
        } else {
            (bpc, comps)
        };
        let size = match (filtered, width, height, bpc, comps) {
            (false, Some(w), Some(h), Some(b), Some(c)) => (w * b * c)
                .div_ceil(8)
                .checked_mul(h)
                .filter(|&n| n <= self.data.len() - self.at),
            _ => None,
        };
        if let Some(n) = size {
            self.at += n;
            self.skip_space();
            if self.data[self.at..].starts_with(b"EI")
                && self.data.get(self.at + 2).is_none_or(|&b| !is_regular(b))
            {
                self.at += 2;
            }
            return;
        }
        let rest = &self.data[self.at..];
        // Filtered data that says where it ends (a zlib stream, `~>`, `>`) cannot hold the
        // `EI` that ends the image: look for it only after that end.
        let mut from = first_filter
            .as_deref()
            .and_then(|f| encoded_end(f, rest))
            .unwrap_or(0);
        while let Some(i) = memchr::memmem::find(&rest[from..], b"EI") {
            let at = from + i;
            let before = at == 0 || is_white(rest[at - 1]);
            let after = rest.get(at + 2).is_none_or(|&b| is_white(b));
            if before && after {
                self.at += at + 2;
                return;
            }
            from = at + 2;
        }
        self.at = self.data.len();
    }
}

/// Where data encoded by `filter` (the first of an inline image's filters) ends in
/// `data`, when the encoding itself marks its end: the end of a zlib stream (found by
/// inflating it, at most [`MAX_INLINE_INFLATE`] bytes), ASCII85's `~>`, ASCIIHex's `>`.
fn encoded_end(filter: &[u8], data: &[u8]) -> Option<usize> {
    match filter {
        b"Fl" | b"FlateDecode" => {
            let mut z = flate2::Decompress::new(true);
            let mut scratch = vec![0u8; 64 << 10];
            let mut inflated = 0usize;
            loop {
                let before_in = z.total_in();
                let before_out = z.total_out();
                let at = usize::try_from(before_in).ok()?;
                let status = z
                    .decompress(data.get(at..)?, &mut scratch, flate2::FlushDecompress::None)
                    .ok()?;
                inflated += usize::try_from(z.total_out() - before_out).ok()?;
                match status {
                    flate2::Status::StreamEnd => return usize::try_from(z.total_in()).ok(),
                    _ if inflated > MAX_INLINE_INFLATE => return None,
                    _ if z.total_in() == before_in && z.total_out() == before_out => return None,
                    _ => {}
                }
            }
        }
        b"A85" | b"ASCII85Decode" => memchr::memmem::find(data, b"~>").map(|i| i + 2),
        b"AHx" | b"ASCIIHexDecode" => memchr::memchr(b'>', data).map(|i| i + 1),
        _ => None,
    }
}

/// Bytes an inline image's zlib data is inflated to at most while looking for its end
/// (an inline image is meant to be small: 4 KB by the specification's advice).
const MAX_INLINE_INFLATE: usize = 16 << 20;

fn is_number_start(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<lopdf::content::Operation> {
        let (out, _) = repair(data).expect("something kept");
        lopdf::content::Content::decode(&out)
            .expect("lopdf parses the repair")
            .operations
    }

    fn names(data: &[u8]) -> Vec<String> {
        ops(data).into_iter().map(|o| o.operator).collect()
    }

    #[test]
    fn an_integer_past_i64_is_a_number_and_an_absurd_matrix_is_dropped() {
        let data =
            b"1e38 0 0 1e38 0 0 cm 99999999999999999999 0 0 99999999999999999999 1e300 -1e300 cm\n\
            BT /F1 14 Tf 50 800 Td <0001> Tj ET";
        let (out, report) = repair(data).expect("kept");
        assert_eq!(report.dropped, 2, "{}", String::from_utf8_lossy(&out));
        assert_eq!(names(data), ["BT", "Tf", "Td", "Tj", "ET"]);
    }

    #[test]
    fn an_ordinary_matrix_is_kept() {
        let data = b"q 0.75 0 0 -0.75 0 842 cm BT /F1 10 Tf 1 0 0 1 5 5 Tm (ab) Tj ET Q";
        let o = ops(data);
        assert_eq!(o[1].operator, "cm");
        assert_eq!(o[1].operands.len(), 6);
        assert_eq!(o.len(), 8);
    }

    #[test]
    fn an_inline_image_without_ei_takes_its_unfiltered_size() {
        let mut data = b"q BI /W 4 /H 2 /BPC 8 /CS /G ID ".to_vec();
        data.extend_from_slice(&[0x42, 0x54, 0x20, 0x45, 0x54, 0x00, 0xff, 0x10]);
        data.extend_from_slice(b"\nQ BT /F1 10 Tf 5 5 Td (after) Tj ET");
        let (_, report) = repair(&data).expect("kept");
        assert_eq!(report.images, 1);
        assert_eq!(names(&data), ["q", "Q", "BT", "Tf", "Td", "Tj", "ET"]);
    }

    #[test]
    fn a_fake_ei_inside_unfiltered_data_does_not_end_the_image() {
        let mut data = b"BI /W 8 /H 1 /BPC 8 /CS /G ID ".to_vec();
        data.extend_from_slice(b"a EI bcd");
        data.extend_from_slice(b" EI BT /F1 9 Tf (x) Tj ET");
        assert_eq!(names(&data), ["BT", "Tf", "Tj", "ET"]);
    }

    #[test]
    fn a_fake_ei_inside_flate_data_does_not_end_the_image() {
        // A stored deflate block keeps ` EI ` and the operators after it as they are.
        let mut image = Vec::from(&b"q BI /W 100 /H 40 /F /Fl ID "[..]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::none());
        std::io::Write::write_all(&mut z, b"\x01\x02 EI Q BT /F1 9 Tf (x) Tj ET \x03").unwrap();
        image.extend(z.finish().unwrap());
        image.extend_from_slice(b"\nEI Q BT /F1 10 Tf (kept) Tj ET");
        let (_, r) = repair(&image).expect("repaired");
        assert_eq!(r.images, 1);
        assert_eq!(names(&image), ["q", "Q", "BT", "Tf", "Tj", "ET"]);
        assert!(ops(&image).iter().any(|o| o.operator == "Tf"
            && o.operands.get(1).and_then(|n| n.as_float().ok()) == Some(10.0)));
    }

    #[test]
    fn a_filtered_inline_image_ends_at_a_lone_ei() {
        let data = b"BI /W 8 /H 8 /BPC 8 /CS /RGB /F /Fl ID xx\x00EIyy EI BT (x) Tj ET";
        assert_eq!(names(data), ["BT", "Tj", "ET"]);
    }

    #[test]
    fn wrong_operands_drop_only_their_operation() {
        let data = b"BT /F1 Tf 1 2 3 Td (x) 5 Tj /F2 9 Tf [(a) -120 (b) [(c)]] TJ 3 Tj ET zz";
        let o = ops(data);
        let n: Vec<&str> = o.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(n, ["BT", "Tf", "TJ", "ET"]);
        assert_eq!(o[2].operands[0].as_array().map(|a| a.len()).ok(), Some(3));
    }

    #[test]
    fn strings_keep_their_bytes() {
        let data = b"BT (a\\)b\\051\\\nc(d)) Tj <3 0 4> Tj ET";
        let o = ops(data);
        assert_eq!(o[1].operands[0].as_str().ok(), Some(&b"a)b)c(d)"[..]));
        assert_eq!(o[2].operands[0].as_str().ok(), Some(&b"\x30\x40"[..]));
    }

    #[test]
    fn deep_nesting_and_unclosed_things_end() {
        let mut data = vec![b'['; 100_000];
        data.extend_from_slice(b" TJ BT /P <</MCID 0 /A <</B [1 2 (>>)]>> >> BDC (x) Tj EMC ET");
        data.extend_from_slice(b" << /Open [ 1 2 ");
        assert_eq!(names(&data), ["BT", "Tj", "EMC", "ET"]);
    }

    proptest::proptest! {
        /// Whatever the bytes, the repair ends, and what it writes lopdf parses with the
        /// operand counts pdf-extract asserts.
        #[test]
        fn any_bytes_repair_to_content_lopdf_reads(
            data in proptest::collection::vec(
                proptest::sample::select(b"0123456789.-+ /()<>[]{}%BIDEcmTjJfd\\\n\r".to_vec()),
                0..400,
            )
        ) {
            if let Some((out, _)) = repair(&data) {
                let parsed = lopdf::content::Content::decode(&out);
                proptest::prop_assert!(parsed.is_ok(), "{}", String::from_utf8_lossy(&out));
                for op in parsed.map(|c| c.operations).unwrap_or_default() {
                    if op.operator == "cm" || op.operator == "Tm" {
                        proptest::prop_assert_eq!(op.operands.len(), 6);
                    }
                }
            }
        }
    }

    #[test]
    fn nothing_kept_is_none() {
        assert_eq!(repair(b"foo bar 1 2 baz"), None);
        assert_eq!(repair(b""), None);
    }
}

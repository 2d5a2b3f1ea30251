//! Japanese-aware normalisation that remembers where each character came from.
//!
//! Blind NFKC would turn ① into 1 and lose item numbers, so a few classes are protected
//! and a few are mapped before NFKC runs. After it, spaces that line wrapping put between
//! CJK characters or between spaced Latin capitals (`N P O`) are removed, and runs of
//! white space become one space.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::CellMap;

/// Streaming normaliser: feed `(char, source offset)` pairs, take a normalised string and
/// a byte-level map back to source offsets.
///
/// The output is written straight into the final string and map, and white space is tidied
/// as it streams (see [`Normalizer::emit`]): no list of `(char, offset)` pairs, no second
/// pass in `finish`, and runs of plain characters are copied whole ([`Normalizer::push_str`]).
#[derive(Debug, Default)]
pub struct Normalizer {
    /// The normalised text so far (white space already tidied, up to the pending decisions).
    text: String,
    /// For each byte of `text`, the source offset of the character it came from; empty
    /// while `track` is `Identity` (the map is then a formula, see [`CellMap`]).
    map: Vec<u32>,
    track: Track,
    /// A capital gap was put back: the only change that can make a stored map the identity
    /// formula again (a dropped space had made it differ), so `finish` must look.
    regained: bool,
    /// The pending NFKC segment's first character (a starter, or a lone mark)...
    head: Option<char>,
    /// ...and, only once marks follow it, the whole segment (most segments are one char).
    seg: String,
    seg_off: u32,
    /// A white-space run waiting for the character after it: (holds a break, source offset
    /// of its first character).
    space: Option<(bool, u32)>,
    /// A space between two capitals (`x A B`), dropped or kept by whether a letter follows
    /// the second: (byte position in `text` of the second capital, the space's offset).
    capital_gap: Option<(usize, u32)>,
    /// Byte position in `text` of a `一` written after a digit: a dash if a digit follows.
    kanji_one: Option<usize>,
}
/// Whether `map` is written yet. Most cells come out as their source, byte for byte at the
/// same offsets: their map is never stored (four bytes per text byte; 89 % of the seeds' cells).
#[derive(Debug, Default, Clone, Copy)]
enum Track {
    /// Nothing written yet.
    #[default]
    Empty,
    /// Everything written so far sits at its own offset from this start; `map` is empty.
    Identity(u32),
    /// `map` holds every byte written so far.
    Stored,
}

/// A normalised string with its map (see [`crate::Cell::map`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub map: CellMap,
}

/// Normalise a whole string: the usual entry point for callers outside the loader.
pub fn normalize(s: &str) -> String {
    let mut n = Normalizer::default();
    for (i, c) in s.char_indices() {
        n.push(c, i as u32);
    }
    n.finish(s.len() as u32).text
}

/// NFKC plus the Japanese-aware character mapping, without touching white space: for text
/// where spacing carries meaning (titles printed with deliberate spaces).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut |ch| out.push(ch));
    }
    out
}

impl Normalizer {
    pub fn new() -> Self {
        Self::default()
    }

    /// A normaliser for about `n` source bytes (avoids regrowing on long cells).
    pub fn with_capacity(n: usize) -> Self {
        // The map is allocated only if the text turns out to need one (`store_map`).
        Normalizer {
            text: String::with_capacity(n),
            ..Self::default()
        }
    }

    /// Add one source character found at byte offset `off` of the document text.
    pub fn push(&mut self, c: char, off: u32) {
        // NUL and other C0 controls but TAB/LF never reach a cell; the loader warns about NULs.
        // Invisible characters go before segmentation: left in, they would split a letter
        // from its voicing mark on the first pass and not on the second.
        if is_invisible(c) {
            return;
        }
        if let Some(h) = self.head.filter(|_| is_mark_continuation(c)) {
            if self.seg.is_empty() {
                self.seg.push(h);
            }
            self.seg.push(c);
            return;
        }
        self.flush_segment();
        self.head = Some(c);
        self.seg_off = off;
    }

    /// Add a run of source text whose first byte is at offset `base`: the same as pushing
    /// its characters one by one, but runs of plain characters (ASCII graphic, kana,
    /// ideographs, table marks: their own normal form, see [`plain_char`]) are copied whole.
    pub fn push_str(&mut self, s: &str, base: u32) {
        self.push_run(s, base, false, None);
    }

    /// Add the last source text and finish: the same as [`Normalizer::push_str`] then
    /// [`Normalizer::finish`] at `base + s.len()`, but knowing that nothing follows, the
    /// last plain character is copied with its run instead of waiting, as the head of a
    /// segment, for a mark that cannot come (about 140 instructions a TAB cell).
    pub fn push_last(self, s: &str, base: u32) -> Normalized {
        self.push_last_from(s, base, None)
    }

    /// [`Normalizer::push_last`]; `head`: the plain prefix of `s`, if already measured.
    fn push_last_from(mut self, s: &str, base: u32, head: Option<usize>) -> Normalized {
        self.push_run(s, base, true, head);
        self.finish(base.wrapping_add(s.len() as u32))
    }

    /// A whole cell's text `s` at `base`, whose plain head (`plain_prefix(s)`) the caller
    /// measured: [`Normalizer::plain`] if it is plain, else
    /// `Normalizer::with_capacity(s.len()).push_last(s, base)` (without measuring it again).
    pub(crate) fn cell(s: &str, base: u32, head: usize) -> Normalized {
        debug_assert_eq!(head, plain_prefix(s));
        if head == s.len() {
            return Normalized {
                text: s.to_owned(),
                map: CellMap::identity(base),
            };
        }
        Normalizer::with_capacity(s.len()).push_last_from(s, base, Some(head))
    }

    /// A whole cell's text `s` (at `base`) made only of plain characters is its own
    /// normal form and maps to itself: `Normalizer::new().push_last(s, base)` without the
    /// normaliser's state. `None` when `s` holds another character.
    pub fn plain(s: &str, base: u32) -> Option<Normalized> {
        (plain_prefix(s) == s.len()).then(|| Normalized {
            text: s.to_owned(),
            map: CellMap::identity(base),
        })
    }

    /// [`Normalizer::push_str`]; `last`: nothing is pushed after `s`; `head`: the plain
    /// prefix of `s`, if the caller measured it.
    fn push_run(&mut self, s: &str, base: u32, last: bool, mut head: Option<usize>) {
        let mut at = 0usize;
        while at < s.len() {
            let rest = &s[at..];
            let off = base.wrapping_add(at as u32);
            let n = head.take().unwrap_or_else(|| plain_prefix(rest));
            if n == 0 {
                let Some(c) = rest.chars().next() else { break };
                self.push(c, off);
                at += c.len_utf8();
                continue;
            }
            // The run's last character may still compose with a mark after it (in `s`, or
            // pushed later when the run ends `s` and `s` is not the last): then it goes
            // through `push` as the head of a segment.
            let takes_mark = rest[n..]
                .chars()
                .find(|&c| !is_invisible(c))
                .map_or(!last, is_mark_continuation);
            let last = if takes_mark {
                rest[..n].char_indices().next_back().map_or(0, |(i, _)| i)
            } else {
                n
            };
            if last > 0 {
                self.flush_segment();
                self.emit_plain(&rest[..last], off);
            }
            if let Some(c) = rest[last..n].chars().next() {
                self.push(c, off.wrapping_add(last as u32));
            }
            at += n;
        }
    }

    /// A paragraph break (HTML `<p>`, `<li>`, `<br>`) at `off`.
    pub fn push_break(&mut self, off: u32) {
        self.flush_segment();
        self.emit('\n', off);
    }

    /// A character that stands for markup (a radio input drawn as ○).
    pub fn push_literal(&mut self, c: char, off: u32) {
        self.flush_segment();
        self.emit(c, off);
    }

    fn flush_segment(&mut self) {
        let Some(head) = self.head.take() else {
            return;
        };
        let off = self.seg_off;
        if self.seg.is_empty() {
            push_folded(head, &mut |ch| self.emit(ch, off));
            return;
        }
        let seg = std::mem::take(&mut self.seg);
        let mut one = seg.chars();
        match (one.next(), one.next()) {
            (Some(c), None) => push_folded(c, &mut |ch| self.emit(ch, off)),
            // A protected base (①, a mark) must not be decomposed by composing it with the
            // marks after it: keep it, and fold the marks on their own.
            (Some(base), Some(_)) if base.is_ascii() || premap(base).is_some() => {
                push_folded(base, &mut |ch| self.emit(ch, off));
                for c in seg[base.len_utf8()..].nfkc() {
                    push_folded(c, &mut |ch| self.emit(ch, off));
                }
            }
            _ => {
                for c in seg.nfkc() {
                    push_folded(c, &mut |ch| self.emit(ch, off));
                }
            }
        }
        // Keep the segment buffer's allocation for the next one.
        self.seg = seg;
        self.seg.clear();
    }

    /// Write one folded character, tidying white space on the way: wrap spaces between
    /// CJK characters and between spaced capitals go, white-space runs become one space
    /// (a break if they hold one), leading and trailing runs go, and `一` between digits
    /// becomes a dash. A decision that needs the next character waits in `space`,
    /// `capital_gap` or `kanji_one` until it comes (or until `finish`).
    fn emit(&mut self, c: char, off: u32) {
        if let Some((pos, gap_off)) = self.capital_gap.take() {
            // The second capital has a letter after it: the capitals are words, not a
            // spaced-out abbreviation.
            if c.is_ascii_alphabetic() {
                self.store_map();
                self.regained = true;
                self.text.insert(pos, ' ');
                self.map.insert(pos, gap_off);
            }
        }
        if let Some(pos) = self.kanji_one.take() {
            if c.is_ascii_digit() {
                self.store_map();
                let one_off = self.map.get(pos).copied().unwrap_or(off);
                self.text.truncate(pos);
                self.map.truncate(pos);
                self.text.push('-');
                self.map.push(one_off);
            }
        }
        if c == ' ' || c == '\n' {
            match &mut self.space {
                Some((brk, _)) => *brk |= c == '\n',
                None => self.space = Some((c == '\n', off)),
            }
            return;
        }
        if let Some((brk, run_off)) = self.space.take() {
            if let Some(a) = self.text.chars().next_back() {
                let keep = if brk {
                    Some('\n')
                } else if canonical_combining_class(c) != 0 {
                    // A stray combining mark must not be joined onto a letter it was not
                    // composed with (that would change under a second normalisation).
                    Some(' ')
                } else if is_cjk(a) && is_cjk(c) {
                    None
                } else if a.is_ascii_uppercase() && c.is_ascii_uppercase() {
                    if !self.capital_isolated_before() {
                        self.capital_gap = Some((self.text.len(), run_off));
                    }
                    None
                } else {
                    Some(' ')
                };
                if let Some(k) = keep {
                    if self.written_at(run_off) {
                        self.map.push(run_off);
                    }
                    self.text.push(k);
                }
            }
        }
        if c == '一' && self.text.as_bytes().last().is_some_and(u8::is_ascii_digit) {
            self.kanji_one = Some(self.text.len());
        }
        if self.written_at(off) {
            for _ in 0..c.len_utf8() {
                self.map.push(off);
            }
        }
        self.text.push(c);
    }

    /// Bytes from source offset `off` are about to be written at the end of `text`: keep
    /// the map a formula while they sit at their own offset, store it from the first that
    /// does not. True when the caller must write their map entries.
    fn written_at(&mut self, off: u32) -> bool {
        match self.track {
            Track::Empty => {
                self.track = Track::Identity(off);
                false
            }
            Track::Identity(start) => {
                if start.checked_add(self.text.len() as u32) == Some(off) {
                    false
                } else {
                    self.store_map();
                    true
                }
            }
            Track::Stored => true,
        }
    }

    /// Write out the map of the text so far (the identity formula) and keep writing it.
    fn store_map(&mut self) {
        if let Track::Identity(start) = self.track {
            self.map.reserve(self.text.capacity() + 1);
            let mut at = start;
            for (i, &b) in self.text.as_bytes().iter().enumerate() {
                if b & 0xC0 != 0x80 {
                    at = start.wrapping_add(i as u32);
                }
                self.map.push(at);
            }
        }
        self.track = Track::Stored;
    }

    /// The last character written is a capital with no letter before it. (It is one byte;
    /// the byte before it is a letter only if the character before it is an ASCII letter.)
    fn capital_isolated_before(&self) -> bool {
        let b = self.text.as_bytes();
        b.len() < 2 || !b[b.len() - 2].is_ascii_alphabetic()
    }

    /// Write plain characters (see [`plain_prefix`]) whose first byte is at source offset
    /// `base`: they fold to themselves, one segment each, so only the first two can touch a
    /// pending decision (the first can open a `capital_gap`, the second settles it); the
    /// rest are copied, every byte mapped to its character's start.
    fn emit_plain(&mut self, s: &str, base: u32) {
        let mut s = s;
        let mut base = base;
        while self.space.is_some() || self.capital_gap.is_some() || self.kanji_one.is_some() {
            let Some(c) = s.chars().next() else { return };
            self.emit(c, base);
            s = &s[c.len_utf8()..];
            base = base.wrapping_add(c.len_utf8() as u32);
        }
        let store = !s.is_empty() && self.written_at(base);
        self.text.push_str(s);
        if !store {
            return;
        }
        // `extend` over an iterator of known length: one capacity check, not one per byte.
        let mut start = base;
        self.map
            .extend(s.as_bytes().iter().enumerate().map(|(i, &b)| {
                if b & 0xC0 != 0x80 {
                    start = base.wrapping_add(i as u32);
                }
                start
            }));
    }

    /// Finish: `end` is the source offset just past the last character pushed.
    pub fn finish(mut self, end: u32) -> Normalized {
        self.flush_segment();
        // Nothing follows: a trailing white-space run and a space between final capitals
        // go, a final `一` stays.
        let map = match self.track {
            Track::Empty => CellMap::identity(end),
            Track::Identity(start) if start.checked_add(self.text.len() as u32) == Some(end) => {
                CellMap::identity(start)
            }
            _ => {
                self.store_map();
                let mut map = self.map;
                map.push(end);
                if self.regained {
                    CellMap::from_vec(&self.text, map)
                } else {
                    // Once a byte is written at another offset than the formula's, only a
                    // put-back capital gap moves it again (a `一` turned dash never does:
                    // the text is two bytes shorter than the source from there on).
                    CellMap::stored(&self.text, map)
                }
            }
        };
        Normalized {
            text: self.text,
            map,
        }
    }
}

/// Byte length of the longest prefix of `s` made of [`plain_char`]s.
// Runs over nearly every byte of a text document (most cells are plain): one table look-up
// per three-byte character, not a decode and a chain of range tests (it was 5 % of a
// native profile).
pub(crate) fn plain_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if !x.is_ascii_graphic() {
                break;
            }
            i += 1;
            continue;
        }
        // Every plain character but ASCII is three bytes in UTF-8 (U+2018..U+9FFF); the
        // lead byte alone decides most of them.
        if i + 2 >= b.len() {
            break;
        }
        let plain = match x {
            // U+5000..U+9FFF: all ideographs.
            0xE5..=0xE9 => true,
            // U+2000..U+4FFF: the second byte picks a set of 64 characters, the third one
            // of them.
            0xE2..=0xE4 => {
                let set = PLAIN_SETS[usize::from(x - 0xE2)][usize::from(b[i + 1] & 0x3F)];
                set >> (b[i + 2] & 0x3F) & 1 != 0
            }
            _ => false,
        };
        if !plain {
            break;
        }
        i += 3;
    }
    i
}

/// Characters that are their own normal form wherever they stand (only a combining mark
/// after one can change it, which `push_run` looks for), and that open no white-space
/// decision: ASCII graphic characters, [`plain_japanese`] ones but `一` (a dash between
/// digits), and the marks, brackets and circled numbers of the plans' tables.
const fn plain_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    (plain_japanese(c) && c != '一')
        || matches!(c,
            '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' // ‘ ’ “ ”
            | '\u{203B}'                 // ※
            | '\u{2460}'..='\u{2473}'   // ① .. ⑳ (protected)
            | '\u{25A0}'..='\u{25FF}'   // geometric shapes: ● ○ ◎ △ □ ◆ ...
            | '\u{3003}'..='\u{301B}') // 々 〇, brackets 〈〉《》「」『』【】〔〕
}

/// `PLAIN_SETS[l][m]` bit `k`: the character `U+2000 + l × 0x1000 + m × 0x40 + k` (UTF-8
/// `E2+l`, `80+m`, `80+k`) is a [`plain_char`]. Built from it when compiling, so the two
/// cannot disagree.
static PLAIN_SETS: [[u64; 64]; 3] = {
    let mut t = [[0u64; 64]; 3];
    let mut l = 0;
    while l < 3 {
        let mut m = 0;
        while m < 64 {
            let mut k = 0;
            while k < 64 {
                let cp = 0x2000 + l as u32 * 0x1000 + m as u32 * 0x40 + k as u32;
                if let Some(c) = char::from_u32(cp) {
                    if plain_char(c) {
                        t[l][m] |= 1 << k;
                    }
                }
                k += 1;
            }
            m += 1;
        }
        l += 1;
    }
    t
};

/// Controls (other than white space), zero-width characters and the BOM carry no text.
fn is_invisible(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0B' | '\x0C'))
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters that NFKC composes with the character before them.
fn is_mark_continuation(c: char) -> bool {
    if c.is_ascii() || plain_japanese(c) {
        return false;
    }
    matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
        || canonical_combining_class(c) != 0
}

/// Kana and ideographs that NFKC leaves alone, have no combining class, are not premapped
/// and are not white space: the bulk of a Japanese document, decided without a table.
const fn plain_japanese(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'   // hiragana (not the voicing marks 3099–309C, not ゟ)
        | '\u{30A1}'..='\u{30FA}' // katakana (not ヿ)
        | '\u{30FB}'..='\u{30FE}' // ・ ー ヽ ヾ
        | '\u{3001}'..='\u{3002}' // 、 。
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// Map one character: protections and Japanese-specific folds first, then NFKC.
fn push_folded(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        match c {
            '\t' | '\n' | '\r' | '\x0B' | '\x0C' => out(' '),
            c if c.is_ascii_control() => {}
            c => out(c),
        }
        return;
    }
    if plain_japanese(c) {
        out(c);
        return;
    }
    // Full-width ASCII (ＡＢ１（）－): NFKC's `<wide>` forms of U+0021..U+007E, the
    // commonest characters that change in these documents; the NFKC iterator costs
    // hundreds of instructions each.
    if let '\u{FF01}'..='\u{FF5E}' = c {
        out(char::from((u32::from(c) - 0xFEE0) as u8));
        return;
    }
    if let Some(m) = premap(c) {
        out(m);
        return;
    }
    // Most other characters are already NFKC: a table lookup instead of the iterator.
    if !c.is_whitespace() && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        out(c);
        return;
    }
    for d in std::iter::once(c).nfkc() {
        match d {
            // NFKC can produce these from compatibility forms; fold them the same way.
            d if d.is_whitespace() => out(' '),
            d => match premap(d) {
                Some(m) => out(m),
                None => out(d),
            },
        }
    }
}

/// Characters that must not go through NFKC as they are, or that NFKC leaves alone but we
/// fold.
fn premap(c: char) -> Option<char> {
    Some(match c {
        // Circled numbers are item numbers: keep them (NFKC would make ① into 1).
        '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' => c,
        // Marks stay marks.
        '○' | '◯' | '〇' | '◎' | '●' | '△' | '▲' | '×' | '✕' | '□' | '■' | '◇' | '◆' => {
            c
        }
        // The dash zoo. ー (prolonged sound mark) is a letter, not a dash.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FF0D}' | '\u{FE63}' | '\u{FE58}' | '\u{2043}' => '-',
        // Middle dots read as the Japanese bullet.
        // U+2027 (hyphenation point) is what Chromium/Skia text layers give for ・.
        '\u{00B7}' | '\u{2022}' | '\u{2219}' | '\u{FF65}' | '\u{2027}' => '・',
        '\u{00A0}' | '\u{3000}' => ' ',
        c if ('\u{2E80}'..='\u{2EFF}').contains(&c) => radical_supplement(c)?,
        // Kangxi radicals whose NFKC form is one Japanese does not write (戶 黑 黃 靑):
        // Japanese fonts draw the radical and the everyday kanji with one glyph, and
        // Chromium's text layer names the radical (臨⼾訪問 for 臨戸訪問, ⿊字 for 黒字).
        '\u{2F3E}' => '戸',
        '\u{2FAD}' => '青',
        '\u{2FC8}' => '黄',
        '\u{2FCA}' => '黒',
        _ => return None,
    })
}

/// CJK Radicals Supplement forms that PDF text layers use for whole kanji (NFKC maps only two
/// of them; the Kangxi radicals block is covered by NFKC itself).
fn radical_supplement(c: char) -> Option<char> {
    Some(match c {
        '⺃' => '乚',
        '⺅' => '亻',
        '⺉' => '刂',
        '⺋' => '㔾',
        '⺎' => '兀',
        '⺏' => '尣',
        '⺐' => '尢',
        '⺑' => '尣',
        '⺒' => '巳',
        '⺓' => '幺',
        '⺔' => '彑',
        '⺖' => '忄',
        '⺗' => '㣺',
        '⺘' => '扌',
        '⺙' => '攵',
        '⺛' => '旡',
        '⺜' => '日',
        '⺝' => '月',
        '⺞' => '歺',
        '⺟' => '母',
        '⺠' => '民',
        '⺡' => '氵',
        '⺢' => '氺',
        '⺣' => '灬',
        '⺤' => '爫',
        '⺦' => '丬',
        '⺧' => '牛',
        '⺨' => '犭',
        '⺩' => '王',
        '⺪' => '疋',
        '⺫' => '罒',
        '⺬' => '示',
        '⺭' => '礻',
        '⺮' => '竹',
        '⺯' => '糸',
        '⺰' => '糹',
        '⺱' => '罒',
        '⺲' => '罒',
        '⺳' => '网',
        '⺴' => '罓',
        '⺵' => '罓',
        '⺶' => '羊',
        '⺷' => '羊',
        '⺸' => '羊',
        '⺹' => '耂',
        '⺺' => '聿',
        '⺻' => '聿',
        '⺼' => '月',
        '⺽' => '臼',
        '⺾' => '艹',
        '⺿' => '艹',
        '⻀' => '艹',
        '⻁' => '虎',
        '⻂' => '衤',
        '⻃' => '覀',
        '⻄' => '西',
        '⻅' => '见',
        '⻆' => '角',
        '⻇' => '角',
        '⻈' => '讠',
        '⻉' => '贝',
        '⻊' => '足',
        '⻋' => '车',
        '⻌' => '辶',
        '⻍' => '辶',
        '⻎' => '辶',
        '⻏' => '阝',
        '⻐' => '钅',
        '⻑' => '長',
        '⻒' => '镸',
        '⻓' => '长',
        '⻔' => '门',
        '⻕' => '龶',
        '⻖' => '阝',
        '⻗' => '雨',
        '⻘' => '青',
        '⻙' => '韦',
        '⻚' => '页',
        '⻛' => '风',
        '⻜' => '飞',
        '⻝' => '食',
        '⻞' => '飠',
        '⻟' => '食',
        '⻠' => '饣',
        '⻡' => '首',
        '⻢' => '马',
        '⻣' => '骨',
        '⻤' => '鬼',
        '⻥' => '鱼',
        '⻦' => '鸟',
        '⻧' => '卤',
        '⻨' => '麦',
        '⻩' => '黄',
        '⻪' => '黾',
        '⻫' => '斉',
        '⻬' => '齐',
        '⻭' => '歯',
        '⻮' => '齿',
        '⻯' => '竜',
        '⻰' => '龙',
        '⻱' => '龜',
        '⻲' => '亀',
        '⻳' => '龟',
        _ => return None,
    })
}

/// Is `c` a character of Japanese running text, between which a space is a wrap artefact?
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{309F}' // hiragana
        | '\u{30A0}'..='\u{30FF}' // katakana (incl. ・ ー)
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' // full-width punctuation left by NFKC
        | '\u{20000}'..='\u{2FFFF}')
}

/// The normaliser as it was before white space was tidied while streaming: every folded
/// character collected with its offset, then `tidy_spaces` over the whole list. Kept as
/// the reference the streaming one must agree with.
#[cfg(test)]
mod reference {
    use super::*;

    /// Streaming normaliser: feed `(char, source offset)` pairs, take a normalised string and
    /// a byte-level map back to source offsets.
    #[derive(Debug, Default)]
    pub struct OldNormalizer {
        /// Characters after NFKC and mapping, with their source offsets.
        chars: Vec<(char, u32)>,
        /// The pending NFKC segment's first character (a starter, or a lone mark)...
        head: Option<char>,
        /// ...and, only once marks follow it, the whole segment (most segments are one char).
        seg: String,
        seg_off: u32,
    }

    impl OldNormalizer {
        pub fn new() -> Self {
            Self::default()
        }

        /// Add one source character found at byte offset `off` of the document text.
        pub fn push(&mut self, c: char, off: u32) {
            // NUL and other C0 controls but TAB/LF never reach a cell; the loader warns about NULs.
            // Invisible characters go before segmentation: left in, they would split a letter
            // from its voicing mark on the first pass and not on the second.
            if is_invisible(c) {
                return;
            }
            if let Some(h) = self.head.filter(|_| is_mark_continuation(c)) {
                if self.seg.is_empty() {
                    self.seg.push(h);
                }
                self.seg.push(c);
                return;
            }
            self.flush_segment();
            self.head = Some(c);
            self.seg_off = off;
        }

        /// A paragraph break (HTML `<p>`, `<li>`, `<br>`) at `off`.
        pub fn push_break(&mut self, off: u32) {
            self.flush_segment();
            self.chars.push(('\n', off));
        }

        /// A character that stands for markup (a radio input drawn as ○).
        pub fn push_literal(&mut self, c: char, off: u32) {
            self.flush_segment();
            self.chars.push((c, off));
        }

        fn flush_segment(&mut self) {
            let Some(head) = self.head.take() else {
                return;
            };
            let off = self.seg_off;
            if self.seg.is_empty() {
                let chars = &mut self.chars;
                push_folded(head, &mut |ch| chars.push((ch, off)));
                return;
            }
            let mut chars = std::mem::take(&mut self.chars);
            let mut one = self.seg.chars();
            match (one.next(), one.next()) {
                (Some(c), None) => push_folded(c, &mut |ch| chars.push((ch, off))),
                // A protected base (①, a mark) must not be decomposed by composing it with the
                // marks after it: keep it, and fold the marks on their own.
                (Some(base), Some(_)) if base.is_ascii() || premap(base).is_some() => {
                    push_folded(base, &mut |ch| chars.push((ch, off)));
                    for c in self.seg[base.len_utf8()..].nfkc() {
                        push_folded(c, &mut |ch| chars.push((ch, off)));
                    }
                }
                _ => {
                    for c in self.seg.nfkc() {
                        push_folded(c, &mut |ch| chars.push((ch, off)));
                    }
                }
            }
            self.chars = chars;
            self.seg.clear();
        }

        /// Finish: `end` is the source offset just past the last character pushed. The map
        /// is written out byte by byte, as `Cell::map` was before it could be a formula.
        pub fn finish(mut self, end: u32) -> (String, Vec<u32>) {
            self.flush_segment();
            let mut chars = std::mem::take(&mut self.chars);
            tidy_spaces(&mut chars);
            let bytes: usize = chars.iter().map(|p| p.0.len_utf8()).sum();
            let mut text = String::with_capacity(bytes);
            let mut map = Vec::with_capacity(bytes + 1);
            for &(c, off) in &chars {
                text.push(c);
                for _ in 0..c.len_utf8() {
                    map.push(off);
                }
            }
            map.push(end);
            (text, map)
        }
    }

    /// Remove wrap spaces (CJK–CJK, spaced Latin capitals), fold white-space runs to one space,
    /// trim, and fold break runs. Also turns the kanji 一 standing between digits into a dash.
    /// Works in place: the output is never longer than the input, so the write position `w`
    /// never passes the read position `i` (no second buffer for a 20 MB cell).
    fn tidy_spaces(chars: &mut Vec<(char, u32)>) {
        let n = chars.len();
        let mut w = 0usize;
        let mut i = 0usize;
        while i < n {
            let (c, off) = chars[i];
            if c == ' ' || c == '\n' {
                // A run of white space; a break anywhere in it makes it a break.
                let mut j = i;
                let mut brk = false;
                while j < n && (chars[j].0 == ' ' || chars[j].0 == '\n') {
                    brk |= chars[j].0 == '\n';
                    j += 1;
                }
                let prev = (w > 0).then(|| chars[w - 1].0);
                let next = chars.get(j).map(|p| p.0);
                let keep = match (prev, next) {
                    (None, _) | (_, None) => None,
                    (Some(_), Some(_)) if brk => Some('\n'),
                    // A stray combining mark must not be joined onto a letter it was not
                    // composed with (that would change under a second normalisation).
                    (Some(_), Some(b)) if canonical_combining_class(b) != 0 => Some(' '),
                    (Some(a), Some(b)) if is_cjk(a) && is_cjk(b) => None,
                    (Some(a), Some(b))
                        if a.is_ascii_uppercase()
                            && b.is_ascii_uppercase()
                            && (isolated_before(&chars[..w]) || isolated_after(chars, j)) =>
                    {
                        None
                    }
                    _ => Some(' '),
                };
                if let Some(k) = keep {
                    chars[w] = (k, off);
                    w += 1;
                }
                i = j;
                continue;
            }
            let mut out = (c, off);
            if c == '一' {
                let prev_digit = w > 0 && chars[w - 1].0.is_ascii_digit();
                let next_digit = chars.get(i + 1).is_some_and(|p| p.0.is_ascii_digit());
                if prev_digit && next_digit {
                    out = ('-', off);
                }
            }
            chars[w] = out;
            w += 1;
            i += 1;
        }
        chars.truncate(w);
    }

    /// The last character of `out` is a capital with no letter before it.
    fn isolated_before(out: &[(char, u32)]) -> bool {
        out.len() < 2 || !out[out.len() - 2].0.is_ascii_alphabetic()
    }

    /// The capital at `chars[j]` has no letter after it.
    fn isolated_after(chars: &[(char, u32)], j: usize) -> bool {
        chars.get(j + 1).is_none_or(|c| !c.0.is_ascii_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn n(s: &str) -> String {
        normalize(s)
    }

    #[test]
    fn full_width_ascii_and_digits_fold() {
        assert_eq!(n("２０２２年度"), "2022年度");
        assert_eq!(n("ＡＢＣ（１）"), "ABC(1)");
    }

    #[test]
    fn half_width_kana_become_full_width_with_voicing() {
        assert_eq!(n("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(n("ﾊﾟｰｸ"), "パーク");
    }

    #[test]
    fn era_ligatures_expand() {
        assert_eq!(n("㍻31年度"), "平成31年度");
        assert_eq!(n("㋿2年度"), "令和2年度");
    }

    #[test]
    fn circled_numbers_stay_item_numbers() {
        assert_eq!(n("1-①"), "1-①");
        assert_eq!(n("⑳ ㉑"), "⑳ ㉑");
    }

    #[test]
    fn marks_are_never_digits_or_kanji() {
        assert_eq!(n("○ 〇 ◯ ◎ ● △ ×"), "○ 〇 ◯ ◎ ● △ ×");
    }

    #[test]
    fn dash_zoo_unifies_but_katakana_long_vowel_stays() {
        assert_eq!(n("5 – ②"), "5 - ②");
        assert_eq!(n("1－①"), "1-①");
        assert_eq!(n("2—3―4−5‐6"), "2-3-4-5-6");
        assert_eq!(n("データ"), "データ");
    }

    #[test]
    fn kanji_one_between_digits_is_a_dash_elsewhere_a_kanji() {
        assert_eq!(n("1一①"), "1一①");
        assert_eq!(n("2一3"), "2-3");
        assert_eq!(n("一斉"), "一斉");
    }

    #[test]
    fn wrap_spaces_between_cjk_are_removed() {
        assert_eq!(n("新たな財源 の確保"), "新たな財源の確保");
        assert_eq!(n("安 中 市"), "安中市");
        assert_eq!(n("HPアクセス数 456件"), "HPアクセス数 456件");
    }

    #[test]
    fn spaced_latin_capitals_join_but_words_stay_apart() {
        assert_eq!(n("S P I 3"), "SPI 3");
        assert_eq!(n("A I-O C R"), "AI-OCR");
        assert_eq!(n("L INE"), "LINE");
        assert_eq!(n("PF I"), "PFI");
        assert_eq!(n("ABC DEF"), "ABC DEF");
        assert_eq!(n("I 1 (1)"), "I 1 (1)");
    }

    #[test]
    fn hyphenation_point_reads_as_the_japanese_bullet() {
        assert_eq!(
            normalize("\u{2027}市公式ホームページ"),
            "・市公式ホームページ"
        );
    }

    #[test]
    fn kangxi_and_supplement_radicals_become_kanji() {
        assert_eq!(n("⾏政"), "行政");
        assert_eq!(n("⽬標"), "目標");
        assert_eq!(n("市⺠"), "市民");
        // Where NFKC gives a form outside JIS X 0208, the Japanese one.
        assert_eq!(n("臨\u{2F3E}訪問"), "臨戸訪問");
        assert_eq!(n("\u{2FCA}字"), "黒字");
        assert_eq!(n("\u{2FC8}色\u{2FAD}色"), "黄色青色");
    }

    #[test]
    fn white_space_runs_fold_and_trim() {
        assert_eq!(n("  a   b\u{3000}c  "), "a b c");
    }

    #[test]
    fn map_points_back_into_source() {
        let src = "ＡＢ 1-①";
        let mut nz = Normalizer::new();
        for (i, c) in src.char_indices() {
            nz.push(c, i as u32);
        }
        let out = nz.finish(src.len() as u32);
        assert_eq!(out.text, "AB 1-①");
        let map = out.map.to_vec(&out.text);
        assert_eq!(map.len(), out.text.len() + 1);
        // "B" came from the second full-width letter at byte 3.
        assert_eq!(map[1], 3);
        // ① is the last source char.
        let circ = out.text.find('①').unwrap();
        assert_eq!(&src[map[circ] as usize..], "①");
        assert!(map.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn fold_keeps_spaces() {
        assert_eq!(fold("第３次　安中市"), "第3次 安中市");
    }

    /// The old, table-free reference for one character: premap, else NFKC then premap.
    fn folded_slowly(c: char) -> Vec<char> {
        let mut v = Vec::new();
        if c.is_ascii() {
            push_folded(c, &mut |ch| v.push(ch));
            return v;
        }
        if let Some(m) = premap(c) {
            return vec![m];
        }
        for d in std::iter::once(c).nfkc() {
            v.push(if d.is_whitespace() {
                ' '
            } else {
                premap(d).unwrap_or(d)
            });
        }
        v
    }

    #[test]
    fn fast_paths_fold_every_character_as_nfkc_does() {
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let mut fast = Vec::new();
            push_folded(c, &mut |ch| fast.push(ch));
            assert_eq!(fast, folded_slowly(c), "U+{:04X}", c as u32);
            if plain_japanese(c) {
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
                assert!(!is_mark_continuation(c) && !c.is_whitespace());
            }
            // What `push_run` relies on to copy a run of plain characters whole.
            if plain_char(c) {
                assert_eq!(fast, vec![c], "U+{:04X}", c as u32);
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
                assert!(
                    !is_mark_continuation(c) && !is_invisible(c),
                    "U+{:04X}",
                    c as u32
                );
                assert!(!matches!(c, ' ' | '\n' | '一'), "U+{:04X}", c as u32);
            }
        }
    }

    /// What the streaming normaliser is fed, one step at a time.
    #[derive(Debug, Clone)]
    enum Step {
        Char(char),
        Str(String),
        Break,
        Literal(char),
    }

    /// Characters that exercise every decision: spaces and breaks between CJK, capitals,
    /// digits and `一`, marks that compose or stray, protected and premapped characters.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            Just(' '),
            Just('\u{3000}'),
            Just('\t'),
            Just('\n'),
            Just('\u{A0}'),
            Just('一'),
            Just('－'),
            Just('ー'),
            Just('①'),
            Just('○'),
            Just('●'),
            Just('「'),
            Just('※'),
            Just('ｶ'),
            Just('ﾞ'),
            Just('か'),
            Just('\u{3099}'),
            Just('\u{0301}'),
            Just('\u{200B}'),
            Just('㍻'),
            Just('⺠'),
            Just('\0'),
            Just('é'),
            proptest::char::range('0', '9'),
            proptest::char::range('A', 'E'),
            proptest::char::range('a', 'c'),
            proptest::char::range('ぁ', 'ぇ'),
            proptest::char::range('亜', '亥'),
            proptest::char::range('０', '９'),
            any::<char>(),
        ]
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => tricky_char().prop_map(Step::Char),
            3 => proptest::collection::vec(tricky_char(), 0..12)
                .prop_map(|v| Step::Str(v.into_iter().collect())),
            // Long plain runs around the characters that decide something.
            2 => proptest::collection::vec(
                prop_oneof![
                    tricky_char().prop_map(String::from),
                    "[A-Ea-c0-9亜-亥]{2,6}",
                ],
                0..16,
            )
            .prop_map(|v| Step::Str(v.concat())),
            1 => Just(Step::Break),
            1 => prop_oneof![Just('○'), Just('A'), Just('1')].prop_map(Step::Literal),
        ]
    }

    /// Feed the same steps to the streaming normaliser and to the reference; a `Str` step
    /// goes through `push_str` (or char by char when `by_char`).
    /// A final `Str` step goes through `push_last` when `last_whole` (and not `by_char`).
    fn both(steps: &[Step], by_char: bool, last_whole: bool) -> (Normalized, (String, Vec<u32>)) {
        let mut new = Normalizer::new();
        let mut old = reference::OldNormalizer::new();
        let mut off = 0u32;
        let (steps, tail) = match steps.split_last() {
            Some((Step::Str(s), rest)) if last_whole && !by_char => (rest, Some(s)),
            _ => (steps, None),
        };
        for st in steps {
            match st {
                Step::Char(c) => {
                    new.push(*c, off);
                    old.push(*c, off);
                    off += c.len_utf8() as u32;
                }
                Step::Str(s) => {
                    if by_char {
                        for (i, c) in s.char_indices() {
                            new.push(c, off + i as u32);
                        }
                    } else {
                        new.push_str(s, off);
                    }
                    for (i, c) in s.char_indices() {
                        old.push(c, off + i as u32);
                    }
                    off += s.len() as u32;
                }
                Step::Break => {
                    new.push_break(off);
                    old.push_break(off);
                    off += 4;
                }
                Step::Literal(c) => {
                    new.push_literal(*c, off);
                    old.push_literal(*c, off);
                    off += 20;
                }
            }
        }
        if let Some(s) = tail {
            for (i, c) in s.char_indices() {
                old.push(c, off + i as u32);
            }
            let end = off + s.len() as u32;
            return (new.push_last(s, off), old.finish(end));
        }
        (new.finish(off), old.finish(off))
    }

    /// The streaming result reads exactly as the reference's text and explicit map, byte by
    /// byte through `source_of` (and `None` past the end), and its map is stored only when
    /// the explicit one is not the identity formula.
    fn agree(new: &Normalized, old: &(String, Vec<u32>)) -> Result<(), TestCaseError> {
        let (text, map) = old;
        prop_assert_eq!(&new.text, text);
        for i in 0..map.len() + 3 {
            prop_assert_eq!(
                new.map.source_of(&new.text, i),
                map.get(i).copied(),
                "byte {}",
                i
            );
        }
        prop_assert_eq!(&new.map.to_vec(&new.text), map);
        let formula = map.first().is_some_and(|&start| {
            let mut char_start = start;
            map.iter().enumerate().all(|(i, &m)| {
                if text.is_char_boundary(i) {
                    char_start = start + i as u32;
                }
                m == char_start
            })
        });
        prop_assert_eq!(new.map.is_identity(), formula);
        // A part of the text (as the grammar cuts cells at paragraph breaks) keeps its
        // part of the map.
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let some: Vec<usize> = cuts.iter().step_by(cuts.len() / 6 + 1).copied().collect();
        for &a in &some {
            for &b in some.iter().filter(|&&b| b >= a) {
                let part = new.map.slice(&new.text, a..b);
                prop_assert_eq!(
                    part.map(|m| m.to_vec(&text[a..b])),
                    Some(map[a..=b].to_vec())
                );
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn streaming_tidy_agrees_with_the_reference(
            steps in proptest::collection::vec(step(), 0..40),
            by_char in any::<bool>(),
            last_whole in any::<bool>(),
        ) {
            let (new, old) = both(&steps, by_char, last_whole);
            agree(&new, &old)?;
        }
    }

    #[test]
    fn plain_prefix_takes_exactly_the_plain_characters() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let plain = plain_char(c);
            let s = format!("{c}\u{3099}");
            assert_eq!(
                plain_prefix(&s),
                if plain { c.len_utf8() } else { 0 },
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn streaming_tidy_agrees_on_the_decisions_that_wait() {
        // Each needs the character after the next one, or a later one, to be decided.
        for s in [
            "xA BC",
            "xA B",
            "xA B ",
            "xA B C",
            "A B",
            "aA BcD",
            "1一2",
            "1一 2",
            "1一",
            "1 一2",
            "12一34一5",
            "xA B1a",
            "xA B12a",
            "AI-OC Rを利用したAI",
            "xA Bか\u{3099}",
            "1一23",
            "1一一2",
            "ー\0\u{3099}",
            "か\u{200B}\u{3099}あ",
            "ＡＢ Ｃｄ",
            "市 長",
            "市\u{3000}\u{3000}長",
            "ｶ ﾞ",
            " \u{0301}a b\u{0301}",
            "a\u{200B} b",
            "1一\u{200B}2",
            "\n a \n",
            "○ ○",
        ] {
            let (new, old) = both(&[Step::Str(s.to_string())], false, false);
            agree(&new, &old).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            let (new, old) = both(&[Step::Str(s.to_string())], false, true);
            agree(&new, &old).unwrap_or_else(|e| panic!("{s:?} as the last text: {e}"));
            let (new, old) = both(&[Step::Str(s.to_string())], true, false);
            agree(&new, &old).unwrap_or_else(|e| panic!("{s:?} char by char: {e}"));
        }
    }

    #[test]
    fn plain_texts_copied_whole_read_as_char_by_char() {
        // Plain runs (copied whole by `push_str`) and texts that need the character walk.
        for s in [
            "実施項目",
            "1-(1)",
            "ABC",
            "データ",
            "総務課・財政課",
            "",
            "令和2年度",
            "a b",
            "２０",
            "1一2",
            "①",
            "ｶﾞ",
            "\u{200B}x",
            "○",
        ] {
            let mut nz = Normalizer::new();
            for (i, c) in s.char_indices() {
                nz.push(c, 7 + i as u32);
            }
            let by_char = nz.finish(7 + s.len() as u32);
            let mut whole = Normalizer::new();
            whole.push_str(s, 7);
            assert_eq!(whole.finish(7 + s.len() as u32), by_char, "{s:?}");
            assert_eq!(Normalizer::new().push_last(s, 7), by_char, "{s:?} last");
            if let Some(plain) = Normalizer::plain(s, 7) {
                assert_eq!(plain, by_char, "{s:?} plain");
            }
        }
    }
}

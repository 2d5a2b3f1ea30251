//! Tolerant label matching: OCR turns 項 into 垻/頂/项, 実 into 美, 課 into 誤, splits labels
//! across cells and pads them with spaces. Labels are compared after folding confusable
//! characters, with an edit distance that grows with the label's length.

/// Fold characters that OCR confuses, and simplified/traditional variants, onto one
/// representative. Only for comparing labels; never applied to output text.
#[inline(always)]
pub fn fold_char(c: char) -> char {
    // Most characters fold to themselves: one table bit refuses ~80 % of them before the
    // match, which compiles to a chain of comparisons.
    let low = c as u32 & 0xFF;
    if FOLD_LOW[(low >> 6) as usize] >> (low & 63) & 1 == 0 {
        return c;
    }
    fold_listed(c)
}

/// [`fold_char`] without the table: the folding itself.
#[inline(always)]
fn fold_listed(c: char) -> char {
    match c {
        '项' | '垻' | '頂' | '顶' | '填' => '項',
        '美' | '寒' => '実',
        '日' | '自' | '且' => '目',
        '誤' | '謀' | '諜' => '課',
        '總' | '緫' => '総',
        '进' => '進',
        '况' => '況',
        '务' => '務',
        '标' => '標',
        '达' => '達',
        '续' => '続',
        '评' => '評',
        '价' => '価',
        '实' => '実',
        '现' => '現',
        '题' => '題',
        '内' | '肉' => '内',
        'ロ' => '口',
        'カ' => '力',
        'エ' => '工',
        'ニ' => '二',
        'ハ' => '八',
        '〈' | '<' | '《' | '［' | '[' | '【' | '(' => '(',
        '〉' | '>' | '》' | '］' | ']' | '】' | ')' => ')',
        '的' => 'の',
        c => c,
    }
}

/// Every character [`fold_char`] changes (a test checks the list against the match).
const FOLDED: &[char] = &[
    '项', '垻', '頂', '顶', '填', '美', '寒', '日', '自', '且', '誤', '謀', '諜', '總', '緫', '进',
    '况', '务', '标', '达', '续', '评', '价', '实', '现', '题', '肉', 'ロ', 'カ', 'エ', 'ニ', 'ハ',
    '〈', '<', '《', '［', '[', '【', '(', '〉', '>', '》', '］', ']', '】', ')', '的',
];

/// The low bytes of the code points in [`FOLDED`], as a 256-bit set.
const FOLD_LOW: [u64; 4] = {
    let mut m = [0u64; 4];
    let mut i = 0;
    while i < FOLDED.len() {
        let low = FOLDED[i] as u32 & 0xFF;
        m[(low >> 6) as usize] |= 1 << (low & 63);
        i += 1;
    }
    m
};

/// Characters a label may carry that do not matter for matching.
#[inline]
fn ignorable(c: char) -> bool {
    // No white space lies above U+3000: most CJK text skips the Unicode table lookup.
    if c > '\u{3000}' {
        return matches!(c, '：' | '・');
    }
    c.is_whitespace() || matches!(c, ':' | '_' | '"' | '\'' | '|')
}

/// The comparison key of a label: folded, without ignorable characters.
pub fn key(s: &str) -> Vec<char> {
    // One allocation for label-sized text (a char takes at least one byte).
    let mut k = Vec::with_capacity(s.len().min(256));
    k.extend(s.chars().filter(|&c| !ignorable(c)).map(fold_char));
    k
}

/// The characters of [`key`] one by one, without collecting them.
pub fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|&c| !ignorable(c)).map(fold_char)
}

/// The first `n` characters of [`key`]: all a comparison with labels of at most `n - 1`
/// characters needs, without folding a long text to its end.
pub fn key_head(s: &str, n: usize) -> Vec<char> {
    let mut k = Vec::with_capacity(n.min(s.len()));
    k.extend(key_chars(s).take(n));
    k
}

/// How many edits a label of `len` characters may suffer and still be recognised.
pub fn tolerance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        n => n / 4,
    }
}

/// Longest key compared without allocating; labels are far shorter.
const STACK: usize = 64;

/// Most labels and the text compared with them fit in this much; clearing a 64-char
/// buffer on every call costs more than the comparison.
const SMALL: usize = 24;

/// A label key on the stack.
struct Key<const N: usize = STACK> {
    buf: [char; N],
    len: usize,
}

impl<const N: usize> Key<N> {
    /// The key of `s`, or `None` when it has more than `limit` (at most `N`) significant
    /// characters (it cannot be within tolerance of the label, so there is no need to
    /// finish it).
    fn of(s: &str, limit: usize) -> Option<Self> {
        let mut k = Key {
            buf: ['\0'; N],
            len: 0,
        };
        for c in s.chars() {
            if ignorable(c) {
                continue;
            }
            if k.len >= limit.min(N) {
                return None;
            }
            k.buf[k.len] = c;
            k.len += 1;
        }
        // Folded only once the text is known to fit: most long texts are given up on
        // after `limit` characters, and folding each of those would cost more than reading.
        for c in &mut k.buf[..k.len] {
            *c = fold_char(*c);
        }
        Some(k)
    }
    fn chars(&self) -> &[char] {
        &self.buf[..self.len]
    }
}

/// Levenshtein distance, exact when it is at most `limit`; otherwise some value above
/// `limit` (the computation gives up as soon as it must exceed it).
pub fn distance(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    // A common prefix and suffix cost nothing: labels usually match exactly or nearly.
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    if a.is_empty() || b.is_empty() {
        // The rest are insertions, and the length check above bounds them.
        return a.len().max(b.len());
    }
    if limit == 0 {
        return 1;
    }
    // Each character value of one side missing from the other costs at least one edit; a
    // 64-bit hash set of each side counts (a lower bound of) those without the DP.
    let (ma, mb) = (char_set(a), char_set(b));
    if more_bits_than(ma & !mb, limit) || more_bits_than(mb & !ma, limit) {
        return limit + 1;
    }
    if a.len() < STACK && b.len() < STACK {
        // Cells never exceed max(len) < 64: bytes are enough, and cheap to clear.
        let mut prev = [0u8; STACK];
        let mut cur = [0u8; STACK];
        levenshtein(a, b, limit, &mut prev[..=b.len()], &mut cur[..=b.len()])
    } else {
        let mut prev = vec![0usize; b.len() + 1];
        let mut cur = vec![0usize; b.len() + 1];
        levenshtein(a, b, limit, &mut prev, &mut cur)
    }
}

/// The characters of `s` as a 64-bit hash set (collisions only make it miss differences).
/// `x.count_ones() > n`, by clearing the lowest set bit at most `n` times: the baseline
/// x86-64 target has no popcount instruction, and the sets compared here differ in a bit or
/// two, so this is a few instructions where the counts were some thirty.
#[inline]
fn more_bits_than(mut x: u64, n: usize) -> bool {
    for _ in 0..n {
        if x == 0 {
            return false;
        }
        x &= x - 1;
    }
    x != 0
}

fn char_set(s: &[char]) -> u64 {
    s.iter().fold(0u64, |m, &c| {
        m | 1u64 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
    })
}

/// A DP cell: `u8` for short keys on the stack, `usize` for long ones on the heap.
trait Cost: Copy + Ord {
    fn of(n: usize) -> Self;
    fn get(self) -> usize;
    fn inc(self) -> Self;
}

impl Cost for u8 {
    fn of(n: usize) -> Self {
        n.min(u8::MAX as usize) as u8
    }
    fn get(self) -> usize {
        self as usize
    }
    fn inc(self) -> Self {
        self.saturating_add(1)
    }
}

impl Cost for usize {
    fn of(n: usize) -> Self {
        n
    }
    fn get(self) -> usize {
        self
    }
    fn inc(self) -> Self {
        self.saturating_add(1)
    }
}

/// Rows over `a`, columns over `b`; `prev` and `cur` have `b.len() + 1` cells.
fn levenshtein<T: Cost>(
    a: &[char],
    b: &[char],
    limit: usize,
    prev: &mut [T],
    cur: &mut [T],
) -> usize {
    for (j, p) in prev.iter_mut().enumerate() {
        *p = T::of(j);
    }
    for (i, &ca) in a.iter().enumerate() {
        if !row(ca, b, T::of(i + 1), prev, cur, limit) {
            return limit + 1;
        }
        prev.copy_from_slice(cur);
    }
    prev.last().map_or(limit + 1, |d| d.get())
}

/// One DP row for character `ca`, starting at `first`; false once every cell exceeds
/// `limit` (row minima never decrease, so the answer must too).
fn row<T: Cost>(ca: char, b: &[char], first: T, prev: &[T], cur: &mut [T], limit: usize) -> bool {
    let mut left = first;
    let mut row_min = first;
    if let Some(c) = cur.first_mut() {
        *c = first;
    }
    for (j, (&cb, w)) in b.iter().zip(prev.windows(2)).enumerate() {
        let sub = if ca == cb { w[0] } else { w[0].inc() };
        let v = sub.min(w[1].inc()).min(left.inc());
        if let Some(c) = cur.get_mut(j + 1) {
            *c = v;
        }
        left = v;
        row_min = row_min.min(v);
    }
    row_min.get() <= limit
}

/// Is the whole of `text` the label (tolerantly)?
pub fn is_label(text: &str, label: &str) -> bool {
    if let Some(k) = Key::<SMALL>::of(label, SMALL) {
        return matches_key(text, k.chars());
    }
    match Key::<STACK>::of(label, STACK) {
        Some(k) => matches_key(text, k.chars()),
        None => false,
    }
}

/// Is the whole of `text` the label whose key is `k`?
fn matches_key(text: &str, k: &[char]) -> bool {
    let tol = tolerance(k.len());
    let limit = k.len() + tol;
    if limit <= SMALL {
        match Key::<SMALL>::of(text, limit) {
            Some(t) if t.len > 0 => distance(t.chars(), k, tol) <= tol,
            _ => false,
        }
    } else {
        match Key::<STACK>::of(text, limit) {
            Some(t) if t.len > 0 => distance(t.chars(), k, tol) <= tol,
            _ => false,
        }
    }
}

/// If `text` starts with the label (tolerantly), the rest of the text after it.
pub fn strip_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let (long, mid);
    let short = Key::<SMALL>::of(label, SMALL);
    let k: &[char] = match &short {
        Some(k) => k.chars(),
        None => {
            mid = Key::<STACK>::of(label, STACK);
            match &mid {
                Some(k) => k.chars(),
                None => {
                    long = key(label);
                    &long
                }
            }
        }
    };
    strip_key(text, k)
}

/// [`strip_label`] for a label whose [`key`] is `k`, folded once by the caller.
pub fn strip_key<'a>(text: &'a str, k: &[char]) -> Option<&'a str> {
    if k.is_empty() {
        return None;
    }
    let tol = tolerance(k.len());
    let want = k.len() + tol;
    if want <= SMALL {
        let mut chars = ['\0'; SMALL];
        let mut ends = [0usize; SMALL];
        strip_with(text, k, tol, &mut chars[..want], &mut ends[..want])
    } else if want < STACK {
        let mut chars = ['\0'; STACK];
        let mut ends = [0usize; STACK];
        strip_with(text, k, tol, &mut chars[..want], &mut ends[..want])
    } else {
        let mut chars = vec!['\0'; want];
        let mut ends = vec![0usize; want];
        strip_with(text, k, tol, &mut chars, &mut ends)
    }
}

/// [`strip_label`] with buffers for the first `k.len() + tol` significant characters of
/// `text` (folded) and the byte offsets just after them.
fn strip_with<'a>(
    text: &'a str,
    k: &[char],
    tol: usize,
    chars: &mut [char],
    ends: &mut [usize],
) -> Option<&'a str> {
    let mut n = 0usize;
    for (i, c) in text.char_indices() {
        if n >= chars.len() {
            break;
        }
        if ignorable(c) {
            continue;
        }
        chars[n] = fold_char(c);
        ends[n] = i + c.len_utf8();
        n += 1;
    }
    strip_window(text, k, tol, &chars[..n], &ends[..n])
}

/// The end of [`strip_with`]: `window` holds the first `k.len() + tol` significant
/// characters of `text` (fewer when the text has fewer), folded, and `ends` the byte
/// offset just after each.
fn strip_window<'a>(
    text: &'a str,
    k: &[char],
    tol: usize,
    window: &[char],
    ends: &[usize],
) -> Option<&'a str> {
    // A label character missing from the whole window is missing from every prefix.
    if more_bits_than(char_set(k) & !char_set(window), tol) {
        return None;
    }
    let len = best_prefix(window, k, tol)?;
    let end = *ends.get(len.checked_sub(1)?)?;
    text.get(end..).map(str::trim_start)
}

/// Significant characters a [`Head`] keeps: more than any label plus its tolerance needs.
pub const HEAD: usize = 32;

/// The first significant characters of a text, folded once, with the byte offset after
/// each: all that [`strip_key`] and a whole-text comparison read of it. A cell compared
/// with many labels (the plan-report reader tries some forty) is decoded and folded once
/// instead of once per label. Characters are read as they are first asked for: most cells
/// are values, refused after their first few characters, and folding a value's first 32
/// cost more than all the comparisons made of it.
pub struct Head<'t> {
    text: &'t str,
    chars: [char; HEAD],
    ends: [usize; HEAD],
    /// Significant characters kept (at most [`HEAD`]).
    len: usize,
    /// Byte offset where reading goes on.
    pos: usize,
    /// The whole text is read: `len` is its key's length (or [`HEAD`]).
    done: bool,
}

impl<'t> Head<'t> {
    pub fn new(text: &'t str) -> Self {
        Head {
            text,
            chars: ['\0'; HEAD],
            ends: [0; HEAD],
            len: 0,
            pos: 0,
            done: false,
        }
    }

    /// The text the head was read from.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Read on until `n` (at most [`HEAD`]) significant characters are kept or the text
    /// ends.
    fn fill(&mut self, n: usize) {
        let n = n.min(HEAD);
        if self.done || self.len >= n {
            return;
        }
        let rest = self.text.get(self.pos..).unwrap_or("");
        for (i, c) in rest.char_indices() {
            if ignorable(c) {
                continue;
            }
            if self.len == n {
                self.pos += i;
                return;
            }
            if let (Some(slot), Some(end)) =
                (self.chars.get_mut(self.len), self.ends.get_mut(self.len))
            {
                *slot = fold_char(c);
                *end = self.pos + i + c.len_utf8();
            }
            self.len += 1;
        }
        self.pos = self.text.len();
        self.done = true;
    }

    /// [`strip_key`] of the text.
    pub fn strip(&mut self, k: &[char]) -> Option<&'t str> {
        if k.is_empty() {
            return None;
        }
        let tol = tolerance(k.len());
        let want = k.len() + tol;
        if want > HEAD {
            return strip_key(self.text, k);
        }
        self.fill(want);
        let n = self.len.min(want);
        strip_window(self.text, k, tol, &self.chars[..n], &self.ends[..n])
    }

    /// The first `n` characters of the text's [`key`] (as [`key_head`] gives them), or
    /// `None` when `n` is beyond what this head keeps.
    pub fn prefix(&mut self, n: usize) -> Option<&[char]> {
        if n > HEAD {
            return None;
        }
        self.fill(n);
        Some(&self.chars[..self.len.min(n)])
    }

    /// The text's whole key when it has at most `limit` characters (as [`Key::of`] gives
    /// it); `Err` when this head cannot tell (the limit is beyond what it keeps).
    fn key(&mut self, limit: usize) -> Result<Option<&[char]>, ()> {
        if limit >= HEAD {
            return Err(());
        }
        if !self.done && self.len <= limit {
            // Most texts asked are values far longer than any label: counting their
            // characters up to the limit is cheaper than folding and keeping them.
            let more = self
                .text
                .get(self.pos..)
                .unwrap_or("")
                .chars()
                .filter(|&c| !ignorable(c))
                .nth(limit - self.len)
                .is_some();
            if more {
                return Ok(None);
            }
            self.fill(limit + 1);
        }
        // Kept characters beyond the limit mean a longer key; fewer mean the whole key.
        Ok((self.len <= limit).then(|| &self.chars[..self.len]))
    }
}

/// The prefix length of `chars` that best matches `k`: least distance, then the length
/// nearest the label's, then the shorter. One DP pass: after row `i`, the last cell is the
/// distance of `chars[..i]` to the label.
fn best_prefix(chars: &[char], k: &[char], tol: usize) -> Option<usize> {
    let lo = k.len().saturating_sub(tol).max(1);
    let hi = (k.len() + tol).min(chars.len());
    if lo > hi {
        return None;
    }
    let mut best: Option<(usize, usize, usize)> = None; // (distance, |len diff|, len)
    let mut consider = |len: usize, d: usize| {
        let cand = (d, len.abs_diff(k.len()), len);
        if d <= tol && best.is_none_or(|b| (cand.0, cand.1) < (b.0, b.1)) {
            best = Some(cand);
        }
    };
    if k.len() < STACK && hi < STACK {
        let mut prev = [0u8; STACK];
        let mut cur = [0u8; STACK];
        let (p, c) = (&mut prev[..=k.len()], &mut cur[..=k.len()]);
        prefix_rows(&chars[..hi], k, tol, p, c, |len, d| {
            if len >= lo {
                consider(len, d)
            }
        });
    } else {
        let mut prev = vec![0usize; k.len() + 1];
        let mut cur = vec![0usize; k.len() + 1];
        prefix_rows(&chars[..hi], k, tol, &mut prev, &mut cur, |len, d| {
            if len >= lo {
                consider(len, d)
            }
        });
    }
    best.map(|b| b.2)
}

/// Run the DP of `a` against `k` row by row, reporting (prefix length, distance) after each
/// row, and stop once no longer prefix can come within `limit`.
fn prefix_rows<T: Cost>(
    a: &[char],
    k: &[char],
    limit: usize,
    prev: &mut [T],
    cur: &mut [T],
    mut each: impl FnMut(usize, usize),
) {
    for (j, p) in prev.iter_mut().enumerate() {
        *p = T::of(j);
    }
    for (i, &ca) in a.iter().enumerate() {
        if !row(ca, k, T::of(i + 1), prev, cur, limit) {
            return;
        }
        prev.copy_from_slice(cur);
        if let Some(d) = prev.last() {
            each(i + 1, d.get());
        }
    }
}

/// Find `label` in a row of cell texts, allowing it to be split across up to three
/// adjacent cells (`項目⇥番号`). Returns the first cell's index and how many cells it uses.
pub fn find_in_cells(cells: &[&str], label: &str) -> Option<(usize, usize)> {
    let k = key(label);
    let tol = tolerance(k.len());
    // A join whose key is longer than this cannot be within tolerance, nor can longer ones.
    let cap = k.len() + tol;
    let mut joined: Vec<char> = Vec::with_capacity(cap + 1);
    for start in 0..cells.len() {
        if cells[start].is_empty() {
            continue;
        }
        joined.clear();
        let mut best: Option<(usize, usize)> = None; // (distance, cells)
        for (n, cell) in cells[start..].iter().take(3).enumerate() {
            for c in cell.chars().filter(|&c| !ignorable(c)) {
                if joined.len() > cap {
                    break;
                }
                joined.push(fold_char(c));
            }
            if joined.len() > cap {
                break;
            }
            let d = distance(&joined, &k, tol);
            // On a tie the longer join wins only when the added cell is a fragment.
            let better = match best {
                None => true,
                Some((bd, _)) => d < bd || (d == bd && cell.chars().count() <= 3),
            };
            if d <= tol && better {
                best = Some((d, n + 1));
            }
        }
        if let Some((_, n)) = best {
            return Some((start, n));
        }
    }
    None
}

/// Labels compared with many cells: their keys folded once, each cell's key built once.
pub struct LabelSet<'l> {
    keys: Vec<Vec<char>>,
    /// [`char_set`] and [`tolerance`] of each key, side by side: the filter below reads
    /// them for every near label of every cell.
    sets: Vec<(u64, usize)>,
    labels: Vec<&'l str>,
    /// Longest key plus its tolerance: a cell with a longer key matches none.
    limit: usize,
    /// For each text key length up to `limit`, the labels (in order) whose length is within
    /// their tolerance of it: most cells are compared with a few labels, not all.
    by_len: Vec<Vec<usize>>,
}

impl<'l> LabelSet<'l> {
    pub fn new(labels: &[&'l str]) -> Self {
        let keys: Vec<Vec<char>> = labels.iter().map(|l| key(l)).collect();
        let limit = keys
            .iter()
            .map(|k| k.len() + tolerance(k.len()))
            .max()
            .unwrap_or(0);
        let by_len = (0..=limit)
            .map(|n| {
                let near = |k: &Vec<char>| {
                    !k.is_empty() && k.len() <= STACK && n.abs_diff(k.len()) <= tolerance(k.len())
                };
                (0..keys.len()).filter(|&i| near(&keys[i])).collect()
            })
            .collect();
        LabelSet {
            sets: keys
                .iter()
                .map(|k| (char_set(k), tolerance(k.len())))
                .collect(),
            keys,
            labels: labels.to_vec(),
            limit,
            by_len,
        }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Call `hit(i)` for every label `i` that the whole of `text` is (as [`is_label`] says).
    pub fn matches(&self, text: &str, mut hit: impl FnMut(usize)) {
        self.distances(text, |i, _| hit(i));
    }

    /// Is the whole of `text` any of the labels (as [`is_label`] says of some label)?
    pub fn any(&self, text: &str) -> bool {
        let mut hit = false;
        self.matches(text, |_| hit = true);
        hit
    }

    /// [`LabelSet::matches`] with the edit distance of each hit (within its tolerance), in
    /// label order.
    pub fn distances(&self, text: &str, hit: impl FnMut(usize, usize)) {
        if self.limit <= SMALL {
            if let Some(t) = Key::<SMALL>::of(text, self.limit) {
                self.matches_key(t.chars(), hit);
            }
        } else if let Some(t) = Key::<STACK>::of(text, self.limit) {
            self.matches_key(t.chars(), hit);
        }
    }

    /// [`LabelSet::distances`] of a [`Head`]'s text, without reading the text again.
    pub fn distances_head(&self, head: &mut Head<'_>, hit: impl FnMut(usize, usize)) {
        match head.key(self.limit) {
            Ok(Some(t)) => self.matches_key(t, hit),
            Ok(None) => {}
            Err(()) => self.distances(head.text, hit),
        }
    }

    fn matches_key(&self, t: &[char], mut hit: impl FnMut(usize, usize)) {
        let Some(near) = self.by_len.get(t.len()).filter(|_| !t.is_empty()) else {
            return;
        };
        let ts = char_set(t);
        for &i in near {
            let Some(&(ks, tol)) = self.sets.get(i) else {
                continue;
            };
            // The same bound `distance` starts with, without the call for most labels.
            if more_bits_than(ks & !ts, tol) || more_bits_than(ts & !ks, tol) {
                continue;
            }
            let Some(k) = self.keys.get(i) else {
                continue;
            };
            let d = distance(t, k, tol);
            if d <= tol {
                hit(i, d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_bits_than_is_a_count() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut values = vec![0, 1, u64::MAX, 1 << 63, 0b1011];
        for _ in 0..200 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Sparse and dense sets alike.
            values.extend([x, x & x.rotate_left(7) & x.rotate_left(19)]);
        }
        for v in values {
            for n in 0..=65 {
                assert_eq!(
                    more_bits_than(v, n),
                    v.count_ones() as usize > n,
                    "{v:#x} {n}"
                );
            }
        }
    }

    #[test]
    fn confusable_and_spaced_labels_match() {
        assert!(is_label("美施項目", "実施項目"));
        assert!(is_label("頂日番号", "項目番号"));
        assert!(is_label("担当 課", "担当課"));
        assert!(is_label("(アクション项目的総括)", "(アクション項目の総括)"));
        assert!(is_label(
            "〈アクション項目の年度別計画〉",
            "(アクション項目の年度別計画)"
        ));
        assert!(is_label("總括評価", "総括評価"));
    }

    #[test]
    fn different_labels_do_not_match() {
        assert!(!is_label("実施内容", "実施項目"));
        assert!(!is_label("担当課", "主管課"));
        assert!(!is_label("課題", "現状"));
        assert!(!is_label("取組内容", "取組項目"));
        assert!(!is_label("進捗状況", "達成状況"));
        assert!(!is_label("", "現状"));
    }

    #[test]
    fn split_labels_are_found_across_cells() {
        assert_eq!(
            find_in_cells(&["り 現日", "番号", "", "1-(1)"], "項目番号"),
            None
        );
        assert_eq!(
            find_in_cells(&["人材", "項目", "番号", "1-2"], "項目番号"),
            Some((1, 2))
        );
        assert_eq!(
            find_in_cells(&["主管", "言課", "総務課"], "主管課"),
            Some((0, 2))
        );
    }

    #[test]
    fn prefix_labels_strip() {
        assert_eq!(strip_label("項目番号 1-②", "項目番号"), Some("1-②"));
        assert_eq!(strip_label("達成状況 ○ 順調", "達成状況"), Some("○ 順調"));
        assert_eq!(
            strip_label("目指す姿 民間活力", "目指す姿"),
            Some("民間活力")
        );
        assert_eq!(strip_label("定員管理", "項目番号"), None);
    }

    #[test]
    fn fold_table_lists_every_folded_character() {
        // Every code point: a character the match folds but the table refuses would
        // silently stop folding.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if fold_listed(c) != c {
                assert!(FOLDED.contains(&c), "{c:?} folds but is not listed");
            }
            assert_eq!(fold_char(c), fold_listed(c), "{c:?}");
        }
        assert_eq!(fold_char('頂'), '項');
        assert_eq!(fold_char('【'), '(');
        assert_eq!(fold_char('的'), 'の');
        assert_eq!(fold_char('総'), '総');
        assert_eq!(fold_char('a'), 'a');
    }

    #[test]
    fn ignorable_fast_path_agrees_with_the_definition() {
        let slow =
            |c: char| c.is_whitespace() || matches!(c, ':' | '：' | '・' | '_' | '"' | '\'' | '|');
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(ignorable(c), slow(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn key_heads_are_prefixes_of_the_key() {
        for s in ["関 係 課:住民課", "〈アクション項目の総括〉", "", "ab"] {
            let k = key(s);
            for n in 0..k.len() + 2 {
                assert_eq!(key_head(s, n), k[..n.min(k.len())], "{s} {n}");
            }
            assert!(key_chars(s).eq(k.iter().copied()));
        }
    }

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "abcdef".chars().collect();
        let b: Vec<char> = "uvwxyz".chars().collect();
        assert_eq!(distance(&a, &b, 2), 3);
        assert_eq!(distance(&a, &a, 0), 0);
    }

    /// Plain Levenshtein, to check the bounded one against.
    fn plain(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn bounded_distance_is_exact_within_the_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "実施項目",
            "美施垻目",
            "項目番号",
            "番号項目",
            "主管課",
            "主管",
            "達成状況",
            "進捗状況",
            "アクション項目の総括",
        ];
        for x in words {
            for y in words {
                let (a, b): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
                let d = plain(&a, &b);
                for limit in 0..4 {
                    let got = distance(&a, &b, limit);
                    if d <= limit {
                        assert_eq!(got, d, "{x} {y} {limit}");
                    } else {
                        assert!(got > limit, "{x} {y} {limit}");
                    }
                }
            }
        }
        let long: Vec<char> = "総合計画".repeat(20).chars().collect();
        let mut other = long.clone();
        other[30] = '美';
        assert_eq!(distance(&long, &other, 20), 1);
    }

    #[test]
    fn strip_prefers_the_exact_length_then_the_shorter() {
        // 項目番号 vs 項目番号号: both lengths are within tolerance; the exact one wins.
        assert_eq!(strip_label("項目番号号 x", "項目番号"), Some("号 x"));
        assert_eq!(strip_label("頂目番号1-②", "項目番号"), Some("1-②"));
        assert_eq!(strip_label("", "項目番号"), None);
        assert_eq!(strip_label("項目", ""), None);
    }

    #[test]
    fn label_set_agrees_with_is_label() {
        let labels = [
            "実施項目",
            "項目番号",
            "主管課",
            "指標",
            "項目No.",
            "内容、進め方",
        ];
        let set = LabelSet::new(&labels);
        for text in [
            "美施項目",
            "項目番号",
            "頂日番号",
            "主管 課",
            "指標",
            "指",
            "項目No",
            "内容進め方",
            "",
            " ",
            "実施項目実施項目",
        ] {
            let mut got = Vec::new();
            set.matches(text, |i| got.push(i));
            let want: Vec<usize> = (0..labels.len())
                .filter(|&i| is_label(text, labels[i]))
                .collect();
            assert_eq!(got, want, "{text}");
            assert_eq!(set.any(text), !want.is_empty(), "{text}");
        }
    }

    #[test]
    fn strip_key_is_strip_label_with_the_key_folded_once() {
        // 頂日 is 項目 read by OCR; the key of the label folds the same way.
        let k = key("項目番号");
        assert_eq!(strip_key("頂日番号 1-②", &k), Some("1-②"));
        assert_eq!(strip_key("項目番号号 x", &k), Some("号 x"));
        assert_eq!(strip_key("定員管理", &k), None);
        assert_eq!(strip_key("項目", &[]), None);
    }

    /// The former `strip_label`: a separate distance for every prefix length.
    fn strip_reference<'a>(text: &'a str, label: &str) -> Option<&'a str> {
        let k = key(label);
        if k.is_empty() {
            return None;
        }
        let tol = tolerance(k.len());
        let mut sig: Vec<(char, usize)> = Vec::new();
        for (i, c) in text.char_indices() {
            if ignorable(c) {
                continue;
            }
            sig.push((fold_char(c), i + c.len_utf8()));
            if sig.len() >= k.len() + tol {
                break;
            }
        }
        let chars: Vec<char> = sig.iter().map(|s| s.0).collect();
        let lo = k.len().saturating_sub(tol).max(1);
        let hi = (k.len() + tol).min(chars.len());
        let mut best: Option<(usize, usize, usize)> = None;
        for len in lo..=hi {
            let d = plain(&chars[..len], &k);
            if d > tol {
                continue;
            }
            let cand = (d, len.abs_diff(k.len()), len);
            if best.is_none_or(|b| (cand.0, cand.1) < (b.0, b.1)) {
                best = Some(cand);
            }
        }
        let (_, _, len) = best?;
        Some(text[sig[len - 1].1..].trim_start())
    }

    /// The former `find_in_cells`: keys of whole joins, no length cap.
    fn find_reference(cells: &[&str], label: &str) -> Option<(usize, usize)> {
        let k = key(label);
        let tol = tolerance(k.len());
        for start in 0..cells.len() {
            if cells[start].is_empty() {
                continue;
            }
            let mut joined = String::new();
            let mut best: Option<(usize, usize)> = None;
            for (n, cell) in cells[start..].iter().take(3).enumerate() {
                joined.push_str(cell);
                let d = plain(&key(&joined), &k);
                let better = match best {
                    None => true,
                    Some((bd, _)) => d < bd || (d == bd && cell.chars().count() <= 3),
                };
                if d <= tol && better {
                    best = Some((d, n + 1));
                }
            }
            if let Some((_, n)) = best {
                return Some((start, n));
            }
        }
        None
    }

    /// Strings made of label characters, their OCR confusions and separators, from a
    /// fixed-seed generator (no dependency, reproducible).
    fn samples(n: usize) -> Vec<String> {
        let alphabet: Vec<char> = "項目番号実施主管課達成状況进美頂日誤 ・:1-①()〈〉取組内容総括"
            .chars()
            .collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|_| {
                let len = (next() % 12) as usize;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn heads_strip_and_match_as_the_text_does() {
        let labels = [
            "項目番号",
            "主管課",
            "課",
            "(アクション項目の総括)",
            "取組状況、今後の取組、数値目標の状況など",
            // Longer than a head keeps, with its tolerance: read from the text again.
            "取組状況、今後の取組、数値目標の状況などについての説明と今後の方針",
        ];
        let set = LabelSet::new(&labels[..5]);
        let long = LabelSet::new(&labels);
        let mut texts = samples(3000);
        // Texts around and beyond the whole-key limits (25 and 32), with spaces.
        texts.extend(samples(800).chunks(4).map(|c| c.join(" ")));
        texts.push("項目・番号・".repeat(12));
        texts.push(format!("{} 1-②", labels[5]));
        for t in &texts {
            let mut head = Head::new(t);
            for l in labels {
                let k = key(l);
                assert_eq!(head.strip(&k), strip_key(t, &k), "{t:?} {l}");
            }
            for n in [0, 1, 5, HEAD] {
                assert_eq!(head.prefix(n), Some(&key_head(t, n)[..]), "{t:?} {n}");
            }
            assert_eq!(head.prefix(HEAD + 1), None);
            for s in [&set, &long] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                s.distances(t, |i, d| a.push((i, d)));
                s.distances_head(&mut head, |i, d| b.push((i, d)));
                assert_eq!(a, b, "{t:?}");
            }
            // Read lazily, in the other order: the whole-key question first (it may
            // answer before anything is kept), then short reads, then longer ones.
            let mut lazy = Head::new(t);
            for s in [&set, &long] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                s.distances(t, |i, d| a.push((i, d)));
                s.distances_head(&mut lazy, |i, d| b.push((i, d)));
                assert_eq!(a, b, "{t:?}");
            }
            for n in [1, 0, 5, 3, HEAD] {
                assert_eq!(lazy.prefix(n), Some(&key_head(t, n)[..]), "{t:?} {n}");
            }
            let mut lazy = Head::new(t);
            for l in labels.iter().rev() {
                let k = key(l);
                assert_eq!(lazy.strip(&k), strip_key(t, &k), "{t:?} {l}");
            }
        }
    }

    #[test]
    fn strip_and_find_agree_with_the_former_versions() {
        let labels = [
            "項目番号",
            "主管課",
            "達成状況",
            "取組内容",
            "課",
            "(アクション項目の総括)",
        ];
        let texts = samples(3000);
        for t in &texts {
            for l in labels {
                assert_eq!(strip_label(t, l), strip_reference(t, l), "{t:?} {l}");
            }
        }
        for w in texts.chunks(4) {
            let cells: Vec<&str> = w.iter().map(String::as_str).collect();
            for l in labels {
                assert_eq!(
                    find_in_cells(&cells, l),
                    find_reference(&cells, l),
                    "{cells:?} {l}"
                );
            }
        }
    }
}

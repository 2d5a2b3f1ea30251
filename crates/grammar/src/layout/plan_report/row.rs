//! Rows → labelled segments. A sheet row is a run of `label⇥value…⇥label⇥value…` cells;
//! labels may be OCR-damaged, split over two cells, or printed in the value cell
//! (`項目番号 1-②`), so every cell is tried against the label table.

use nom::character::complete::{char, digit1, space0};
use nom::combinator::opt;
use nom::{IResult, Parser};

use foldhash::HashMap;
use std::sync::OnceLock;

use crate::token::{id, label, year, Trim};

/// What a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    Id,
    Dept,
    Outline,
    Stance,
    Means,
    State,
    StateIssues,
    Issues,
    Goal,
    Approach,
    Summary,
    SummaryNote,
    Content,
    Target,
    Status,
    Done,
    Eval,
    Improve,
    PlanMarker,
    ReportMarker,
    PlanHeader,
    /// 取組項目N / 取組内容N.
    Activity(u32),
    /// Cells before any label on the row.
    Orphan,
}

/// Labels of the genre, as printed in a clean sheet. Matching is tolerant (see
/// [`label`]), and the best-matching label wins.
const LABELS: &[(&str, Key)] = &[
    ("(アクション項目の年度別計画)", Key::PlanMarker),
    ("(取組項目別の実績報告)", Key::ReportMarker),
    ("(アクション項目の総括)", Key::ReportMarker),
    ("(アクション項目の概要)", Key::Outline),
    ("実施状況・効果及び今後の取組など", Key::SummaryNote),
    ("取組状況、今後の取組、数値目標の状況など", Key::SummaryNote),
    ("次年度に向けた改善点", Key::Improve),
    ("課題・改善点", Key::Improve),
    // The 改善点 label split over two rows (`次年度に向けた⇥` ↵ `改善点⇥…`).
    ("次年度に向けた", Key::Improve),
    ("改善点", Key::Improve),
    ("本年度の実施内容", Key::Done),
    ("取組実績の評価", Key::Eval),
    ("現状と課題", Key::StateIssues),
    ("目標達成度", Key::Goal),
    ("目指す姿", Key::Goal),
    ("取組方針", Key::Approach),
    ("総括評価", Key::Summary),
    ("実施項目", Key::Title),
    ("項目番号", Key::Id),
    ("主管課", Key::Dept),
    // Other cities name the same cell 所管課 / 担当課 / 担当部署.
    ("所管課", Key::Dept),
    ("担当課", Key::Dept),
    ("主管部署", Key::Dept),
    ("担当部署", Key::Dept),
    ("基本姿勢", Key::Stance),
    ("推進手段", Key::Means),
    ("達成状況", Key::Status),
    ("進捗状況", Key::Status),
    ("取組目標", Key::Target),
    ("取組内容", Key::Content),
    ("実施内容", Key::Done),
    ("取組期間", Key::PlanHeader),
    ("取組の内容", Key::PlanHeader),
    ("項目名", Key::PlanHeader),
    ("内容", Key::PlanHeader),
    ("現状", Key::State),
    ("課題", Key::Issues),
    ("目標", Key::Goal),
];

/// A label of [`LABELS`] with its comparison key folded once.
struct Folded {
    key: Vec<char>,
    what: Key,
    /// [`head_bits`] of the key's first two characters.
    head: u64,
}

/// The comparison keys of [`LABELS`], folded once.
fn label_keys() -> &'static [Folded] {
    static KEYS: OnceLock<Vec<Folded>> = OnceLock::new();
    KEYS.get_or_init(|| {
        LABELS
            .iter()
            .map(|(l, k)| {
                let key = label::key(l);
                let head = head_bits(key.iter().take(2).copied());
                Folded {
                    key,
                    what: *k,
                    head,
                }
            })
            .collect()
    })
}

/// Characters as a 64-bit hash set: two sets with no bit in common share no character, so
/// most labels are ruled out by one `&` before their characters are compared.
fn head_bits(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |m, c| {
        m | 1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
    })
}

/// The keys of the two activity labels, folded once.
fn activity_keys() -> &'static [Vec<char>; 2] {
    static KEYS: OnceLock<[Vec<char>; 2]> = OnceLock::new();
    KEYS.get_or_init(|| [label::key("取組項目"), label::key("取組内容")])
}

/// Labels that may carry their value in the same cell after a space (`達成状況 ○ 順調`).
/// Short labels (現状, 課題, 目標) only count as whole cells: too many sentences start
/// with them.
const MIN_INLINE_LABEL: usize = 3;

/// A labelled run of cells on one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub key: Key,
    /// (column, text) of the value cells; an inline value has the label's column.
    pub cells: Vec<(usize, String)>,
}

impl Seg {
    /// The value text: non-empty cells joined (OCR fragments of one sentence are joined
    /// without a separator), or `None` when only "nothing" markers are printed.
    pub fn text(&self) -> Option<String> {
        join(self.cells.iter().map(|(_, t)| t.as_str()))
    }
}

/// Join value cells; `None` when nothing but empty markers (`-`, `—`, `_`) remains.
pub fn join<'a>(cells: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut s = String::new();
    for t in cells {
        let t = t.trim_ws();
        if t.is_empty() || is_nothing(t) {
            continue;
        }
        if !s.is_empty() && needs_space(&s, t) {
            s.push(' ');
        }
        s.push_str(t);
    }
    (!s.is_empty()).then_some(s)
}

/// Latin or digits on both sides of a join keep a space; CJK text does not.
fn needs_space(a: &str, b: &str) -> bool {
    let l = a.chars().next_back().unwrap_or(' ');
    let r = b.chars().next().unwrap_or(' ');
    l.is_ascii_alphanumeric() && r.is_ascii_alphanumeric()
}

/// Printed "nothing": dashes, underscores, `<u>-</u>` remains.
pub fn is_nothing(t: &str) -> bool {
    let t = t.trim_ws();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '—' | '―' | '_' | 'ー' | '−'))
}

/// `2024年度の` / `令和2年度の` before 実施内容: the report year printed in the label.
fn year_prefix(i: &str) -> IResult<&str, ()> {
    let (i, _) = year::fiscal_year(i)?;
    let (i, _) = space0(i)?;
    let (i, _) = opt(char('の')).parse(i)?;
    let (i, _) = space0(i)?;
    Ok((i, ()))
}

/// Decimal digits as a number.
fn decimal(i: &str) -> IResult<&str, u32> {
    let (rest, d) = digit1(i)?;
    let n = d
        .parse::<u32>()
        .map_err(|_| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Digit)))?;
    Ok((rest, n))
}

/// `(1)` after the label (`取組項目(1)`).
fn paren_decimal(i: &str) -> IResult<&str, u32> {
    let (i, _) = char('(')(i)?;
    let (i, _) = space0(i)?;
    let (i, n) = decimal(i)?;
    let (i, _) = space0(i)?;
    let (i, _) = char(')')(i)?;
    Ok((i, n))
}

/// The number after 取組項目 / 取組内容, which must end the cell or be followed by a space
/// (`取組項目2から…` is a sentence, not a row label).
fn activity_number(i: &str) -> IResult<&str, u32> {
    let (i, _) = space0(i)?;
    // `取組項目1`, `取組項目①`, `取組項目(1)`.
    let (i, n) = nom::branch::alt((decimal, id::circled, paren_decimal)).parse(i)?;
    match i.chars().next() {
        None => Ok((i, n)),
        Some(c) if c.is_whitespace() => Ok((i.trim_start(), n)),
        Some(_) => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Space,
        ))),
    }
}

/// 取組項目N / 取組内容N at the start of a cell: the number and the rest of the cell.
#[cfg(test)]
fn activity_head(text: &str) -> Option<(u32, &str)> {
    activity_in(&mut label::Head::new(text.trim_ws()))
}

/// [`activity_head`] of a trimmed text, read through its [`label::Head`].
fn activity_in<'t>(head: &mut label::Head<'t>) -> Option<(u32, &'t str)> {
    // Most cells are refused by the label's characters, without looking for the number.
    for lab in activity_keys() {
        if let Some(rest) = head.strip(lab) {
            if let Ok((rest, n)) = activity_number(rest) {
                if n > 0 && n < 100 {
                    return Some((n, rest));
                }
            }
        }
    }
    None
}

/// [`LABELS`] as one set: a cell is folded once and compared with all of them.
fn label_set() -> &'static label::LabelSet<'static> {
    static SET: OnceLock<label::LabelSet<'static>> = OnceLock::new();
    SET.get_or_init(|| {
        let names: Vec<&'static str> = LABELS.iter().map(|(l, _)| *l).collect();
        label::LabelSet::new(&names)
    })
}

/// The best label for a whole cell text: (key, edit distance).
fn whole_label(text: &str) -> Option<(Key, usize)> {
    whole_in(&mut label::Head::new(text))
}

/// [`whole_label`] of a text read through its [`label::Head`].
fn whole_in(head: &mut label::Head<'_>) -> Option<(Key, usize)> {
    let text = head.text();
    // The set compares the cell's folded key with every near label: least distance wins,
    // then the longer label, then the earlier.
    let keys = label_keys();
    let mut best: Option<(Key, usize, usize)> = None;
    label_set().distances_head(head, |i, d| {
        if let Some(f) = keys.get(i) {
            if best.is_none_or(|b| d < b.1 || (d == b.1 && f.key.len() > b.2)) {
                best = Some((f.what, d, f.key.len()));
            }
        }
    });
    best?;
    // No label is longer than 30 significant characters: long text is no label.
    if text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .nth(40)
        .is_some()
    {
        return None;
    }
    best.map(|b| (b.0, b.1))
}

/// Drop a short parenthesised qualifier after a label: `(改革のゴール目標)`.
fn drop_qualifier(rest: &str) -> &str {
    let r = rest.trim_start();
    if r.starts_with('(') || r.starts_with('（') {
        if let Some(end) = r.find([')', '）']) {
            if r[..end].chars().count() <= 24 {
                let close = r[end..].chars().next().map_or(1, char::len_utf8);
                return r[end + close..].trim_start();
            }
        }
    }
    r
}

/// Labels whose value is a short token that may follow without a space.
fn runs_into_value(key: Key) -> bool {
    matches!(key, Key::Id | Key::Dept | Key::Status)
}

/// Does `rest` read as the value `key` expects (so that a sentence starting with the
/// label's words is not cut)?
fn fits_value(key: Key, rest: &str) -> bool {
    match key {
        Key::Id => id::item_id(rest.trim_ws()).is_ok(),
        Key::Status => reads_as_status(rest),
        Key::Dept => ["課", "室", "部", "局", "所", "センター", "館"]
            .iter()
            .any(|e| rest.ends_with(e)),
        _ => true,
    }
}

/// Labels long and specific enough to be recognised right before a sentence.
fn runs_into_text(key: Key, label_len: usize) -> bool {
    matches!(key, Key::Goal | Key::StateIssues | Key::Summary) && label_len >= 4
}

/// A label at the start of a cell followed by a qualifier and/or an inline value; `head`
/// is the trimmed text's.
fn prefix_label(head: &mut label::Head<'_>) -> Option<(Key, String)> {
    let t = head.text();
    // Cheap pre-filter: a label's first or second character must be among the text's
    // first three (folded) characters.
    let mut lead = ['\0'; 3];
    let mut n = 0;
    for c in t.chars().filter(|c| !c.is_whitespace()).take(3) {
        lead[n] = label::fold_char(c);
        n += 1;
    }
    let lead = &lead[..n];
    let head_set = head_bits(lead.iter().copied());
    for Folded {
        key: lk,
        what: key,
        head: lab_head,
    } in label_keys()
    {
        if lab_head & head_set == 0 || !lk.iter().take(2).any(|c| lead.contains(c)) {
            continue;
        }
        let short = lk.len() < MIN_INLINE_LABEL;
        let Some(rest) = head.strip(lk) else {
            continue;
        };
        // `項目番号:2-⑳`, `主管課：総務部 総務課`: a colon separates label and value.
        let (rest, colon) = match rest.trim_start().strip_prefix([':', '：']) {
            Some(r) => (r.trim_start(), true),
            None => (rest, false),
        };
        let consumed = &t[..t.len() - rest.len()];
        let qualified = rest.starts_with('(') || rest.starts_with('（');
        // The loader drops the space between CJK characters, so `主管課 総務課` arrives as
        // `主管課総務課`: labels of short values may run into them.
        let short_value =
            rest.chars().count() <= 30 && !rest.contains('。') && fits_value(*key, rest);
        let spaced = consumed.ends_with(char::is_whitespace)
            || colon
            || (runs_into_value(*key) && short_value)
            || runs_into_text(*key, lk.len());
        if rest.is_empty() || qualified || (spaced && !short) {
            let mut value = drop_qualifier(rest);
            if short && !value.is_empty() {
                continue;
            }
            // A label printed twice (`目指す姿 目指す姿 …`).
            if let Some(again) = label::strip_key(value, lk) {
                let k = lk.len();
                if k >= MIN_INLINE_LABEL && value.chars().count() > again.chars().count() + k - 1 {
                    value = again;
                }
            }
            return Some((*key, value.to_string()));
        }
    }
    None
}

/// Read one cell as a label: the key and the inline value that follows it in the cell.
pub fn cell_label(text: &str) -> Option<(Key, String)> {
    read_cell(text).0
}

/// [`cell_label`], and the [`whole_label`] of the cell's first line when it was asked for.
type CellRead = (Option<(Key, String)>, Option<Option<(Key, usize)>>);

/// Cells of a document already read as labels. The sheet reader asks about the same cell
/// several times (the title-row test, [`segments`] — twice on a year-header row — and the
/// repeated-label check of each value), and every sheet prints the same labels and marks
/// again (seed 000: 3,678 filled cells, 872 distinct texts); reading costs far more than
/// hashing a short text. A cell's reading depends on its text only, so texts are the keys.
/// Long texts (values, rarely printed twice) are remembered for their row only, where a
/// linear search is cheaper than hashing them.
#[derive(Default)]
pub struct Reads<'d> {
    short: HashMap<&'d str, CellRead>,
    row: Vec<(&'d str, CellRead)>,
}

impl<'d> Reads<'d> {
    /// Past this many distinct short texts the rest are read without remembering, so a
    /// huge document's memo stays small.
    const CAP: usize = 8192;
    /// Texts of at most this many bytes are remembered for the whole document.
    const SHORT: usize = 64;
    /// Long texts remembered per row at most (a linear search over a thousand-cell row
    /// would cost more than it saves).
    const ROW_CAP: usize = 16;

    /// Start a new row: its long texts are forgotten.
    pub fn next_row(&mut self) {
        self.row.clear();
    }

    fn find(&self, text: &str) -> Option<&CellRead> {
        if text.len() <= Self::SHORT {
            self.short.get(text)
        } else {
            self.row.iter().find(|(t, _)| *t == text).map(|(_, r)| r)
        }
    }

    /// [`read_cell`] of a cell, remembered.
    fn read(&mut self, text: &'d str) -> CellRead {
        if let Some(r) = self.find(text) {
            return r.clone();
        }
        let r = read_cell(text);
        if text.len() <= Self::SHORT {
            if self.short.len() < Self::CAP {
                self.short.insert(text, r.clone());
            }
        } else if self.row.len() < Self::ROW_CAP {
            self.row.push((text, r.clone()));
        }
        r
    }

    /// [`cell_label`] of any text, from the cells read when it is one of them.
    pub fn label(&self, text: &str) -> Option<(Key, String)> {
        match self.find(text) {
            Some(r) => r.0.clone(),
            None => cell_label(text),
        }
    }

    /// [`cell_label`] of a cell, remembered.
    pub fn cell_label(&mut self, text: &'d str) -> Option<(Key, String)> {
        self.read(text).0
    }
}

fn read_cell(text: &str) -> CellRead {
    let t = text.trim_ws();
    if t.is_empty() {
        return (None, None);
    }
    // `<p>総括評価</p>` folds to a label line followed by the value in one cell.
    let (first, more) = match t.split_once('\n') {
        Some((a, b)) => (a.trim_ws(), b.trim_ws()),
        None => (t, ""),
    };
    let glue = |v: String| -> String {
        match (v.is_empty(), more.is_empty()) {
            (_, true) => v,
            (true, false) => more.to_string(),
            (false, false) => format!("{v}\n{more}"),
        }
    };
    // The first line is decoded and folded once for all the label tests below.
    let mut head = label::Head::new(first);
    if let Some((n, rest)) = activity_in(&mut head) {
        return (Some((Key::Activity(n), glue(rest.to_string()))), None);
    }
    // Only these characters can start a fiscal year: most cells skip the parser.
    let year_start = first
        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '令' | '平' | '昭' | 'R' | 'H'));
    let year = year_start.then(|| year_prefix(first).ok()).flatten();
    if let Some((rest, ())) = year {
        if let Some((Key::Done, _)) = whole_label(rest) {
            return (Some((Key::Done, glue(String::new()))), None);
        }
    }
    let whole = whole_in(&mut head);
    if let Some((k, _)) = whole {
        return (Some((k, glue(String::new()))), Some(whole));
    }
    (
        prefix_label(&mut head).map(|(k, v)| (k, glue(v))),
        Some(whole),
    )
}

/// Does `t`'s [`label::key`] have at most `n` characters? The key is folded lazily, so a
/// long text stops after `n + 1` of them, and nothing is allocated.
fn key_len_at_most(t: &str, n: usize) -> bool {
    label::key_chars(t).nth(n).is_none()
}

/// Split a row into labelled segments. Labels split over two cells (`主管⇥言課`,
/// `〈アクション項目⇥目の概要〉`) are joined when the pair matches better than either half.
#[cfg(test)]
pub fn segments(cells: &[(usize, &str)]) -> Vec<Seg> {
    segments_with(cells, &mut Reads::default())
}

/// [`segments`], with the row's cells read through `reads`.
pub fn segments_with<'d>(cells: &[(usize, &'d str)], reads: &mut Reads<'d>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    // Each cell is matched once; the pair check below reuses the results.
    let (labels, mut whole): (Vec<_>, Vec<_>) = cells
        .iter()
        .map(|c| {
            let (label, first) = reads.read(c.1);
            // The key ignores spaces: a one-line cell's whole label is its first line's.
            (label, first.filter(|_| !c.1.contains('\n')))
        })
        .unzip();
    // `whole` caches the whole-cell label of each cell, asked for up to three times below.
    let mut whole_of = |i: usize, text: &str| -> Option<(Key, usize)> {
        match whole.get_mut(i) {
            Some(Some(w)) => *w,
            Some(slot) => *slot.insert(whole_label(text)),
            None => whole_label(text),
        }
    };
    let mut i = 0;
    while i < cells.len() {
        let (col, text) = cells[i];
        let mut used = 1;
        let mut found = labels.get(i).cloned().flatten();
        // The cell after 取組項目N is its title even when it starts like a label
        // (`取組方針に基づき…`); only a whole-cell label ends the title.
        let title_slot = out
            .last()
            .is_some_and(|s| matches!(s.key, Key::Activity(_)) && s.cells.is_empty());
        if title_slot && !text.trim_ws().is_empty() && whole_of(i, text).is_none() {
            found = None;
        }
        let next = cells.get(i + 1).filter(|_| !title_slot);
        if let Some(&(_, next)) = next {
            let next_is_label = labels.get(i + 1).is_some_and(Option::is_some);
            let short = || key_len_at_most(next, 6);
            // An exact whole-cell label is not extended by its neighbour.
            let mut exact = || found.is_some() && whole_of(i, text).is_some_and(|w| w.1 == 0);
            if !text.is_empty() && !next.is_empty() && !next_is_label && short() && !exact() {
                let pair = format!("{text}{next}");
                if let Some((k, d)) = whole_label(&pair) {
                    let better = match (found.as_ref(), whole_of(i, text).map(|x| x.1)) {
                        (None, _) => true,
                        (Some(_), Some(ad)) => d <= ad,
                        (Some(_), None) => false,
                    };
                    if better {
                        found = Some((k, String::new()));
                        used = 2;
                    }
                }
            }
        }
        match found {
            Some((key, inline)) => {
                let mut seg = Seg {
                    key,
                    cells: Vec::new(),
                };
                if !inline.is_empty() {
                    seg.cells.push((col, inline));
                }
                out.push(seg);
            }
            None => {
                if out.is_empty() {
                    out.push(Seg {
                        key: Key::Orphan,
                        cells: Vec::new(),
                    });
                }
                if let Some(last) = out.last_mut() {
                    last.cells.push((col, text.to_string()));
                }
            }
        }
        i += used;
    }
    // Labels printed inside a value (`… 進捗状況 ○ 順調`, `項目番号 1-⑤ 主管課 総務課`)
    // start their own segment.
    let mut split = Vec::with_capacity(out.len());
    for seg in out {
        split_inner(seg, &mut split);
    }
    split
}

/// Labels that are found inside a value cell after a space.
const INNER: &[(&str, Key)] = &[
    ("達成状況", Key::Status),
    ("進捗状況", Key::Status),
    ("主管課", Key::Dept),
];

/// Where `lab` starts inside `text` as a label: after a space, or (the loader drops
/// spaces between CJK characters) right before a short value such as `順調`.
fn inner_hit(text: &str, lab: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(p) = text.get(from..).and_then(|t| t.find(lab)).map(|p| p + from) {
        let end = p + lab.len();
        let before = text[..p].chars().next_back();
        let after = text[end..].trim_ws();
        let spaced = before.is_some_and(char::is_whitespace);
        let short = after.chars().count() <= 12 && !after.contains('。');
        // The value must follow and read as one (`…の進捗状況` ends a sentence).
        let value = INNER
            .iter()
            .find(|(l, _)| *l == lab)
            .is_some_and(|(_, k)| !after.is_empty() && fits_inner(*k, after));
        if p > 0 && (spaced || short) && value {
            return Some((p, end));
        }
        from = end;
    }
    None
}

/// A printed mark or status label (noise such as `(回答)` allowed).
fn reads_as_status(t: &str) -> bool {
    super::value::read_status(t).is_some_and(|s| s.mark.is_some() || s.label.is_some())
}

/// A value after an inner label: a status, or (after 主管課) a department, possibly
/// followed by more text.
fn fits_inner(key: Key, after: &str) -> bool {
    match key {
        Key::Status => reads_as_status(after),
        _ => after
            .split_whitespace()
            .next()
            .is_some_and(|w| fits_value(Key::Dept, w)),
    }
}

/// Push `seg` onto `out`, split where an inner label starts a segment of its own.
fn split_inner(seg: Seg, out: &mut Vec<Seg>) {
    out.push(Seg {
        key: seg.key,
        cells: Vec::new(),
    });
    for (col, text) in seg.cells {
        // Every inner label holds 況 or 課: a cell with neither needs no search, and keeps
        // its `String` when it has no spaces to trim.
        if !(text.contains('況') || text.contains('課')) {
            let (empty, whole) = {
                let t = text.trim_ws();
                (t.is_empty(), t.len() == text.len())
            };
            if let Some(last) = out.last_mut().filter(|_| !empty) {
                let value = if whole {
                    text
                } else {
                    text.trim_ws().to_string()
                };
                last.cells.push((col, value));
            }
            continue;
        }
        let mut rest = text.as_str();
        loop {
            let hit = INNER
                .iter()
                .filter_map(|(lab, k)| inner_hit(rest, lab).map(|(p, e)| (p, e, *k)))
                .min_by_key(|h| h.0);
            match hit {
                Some((at, end, k)) if at > 0 => {
                    if let Some(last) = out.last_mut() {
                        last.cells.push((col, rest[..at].trim_ws().to_string()));
                    }
                    out.push(Seg {
                        key: k,
                        cells: Vec::new(),
                    });
                    rest = rest[end..].trim_start();
                }
                _ => {
                    if let Some(last) = out.last_mut() {
                        if !rest.trim_ws().is_empty() {
                            last.cells.push((col, rest.trim_ws().to_string()));
                        }
                    }
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(cells: &[&str]) -> Vec<(Key, Option<String>)> {
        let c: Vec<(usize, &str)> = cells.iter().copied().enumerate().collect();
        segments(&c)
            .into_iter()
            .map(|s| (s.key, s.text()))
            .collect()
    }

    #[test]
    fn label_value_pairs() {
        assert_eq!(
            keys(&["取組実績の評価", "よかった。", "次年度に向けた改善点", "-"]),
            vec![(Key::Eval, Some("よかった。".into())), (Key::Improve, None)]
        );
        assert_eq!(
            keys(&["実施項目", "人材の育成", "項目番号", "1-③"]),
            vec![
                (Key::Title, Some("人材の育成".into())),
                (Key::Id, Some("1-③".into()))
            ]
        );
    }

    #[test]
    fn split_and_damaged_labels() {
        assert_eq!(
            keys(&[
                "〈アクション項目",
                "目の概要〉",
                "主管",
                "言課",
                "",
                "総務課"
            ]),
            vec![(Key::Outline, None), (Key::Dept, Some("総務課".into()))]
        );
        assert_eq!(keys(&["美施項目", "人材"])[0].0, Key::Title);
        assert_eq!(
            keys(&["担当部署", "総務部 総務課"]),
            vec![(Key::Dept, Some("総務部 総務課".into()))]
        );
        assert_eq!(keys(&["主管誤", "総務部総務課"])[0].0, Key::Dept);
        // A colon between label and value.
        assert_eq!(keys(&["項目番号:2-⑳"]), vec![(Key::Id, Some("2-⑳".into()))]);
        assert_eq!(
            keys(&["主管課:", "総務部 総務課"]),
            vec![(Key::Dept, Some("総務部 総務課".into()))]
        );
        assert_eq!(
            keys(&["達成状況:順調 ○"]),
            vec![(Key::Status, Some("順調 ○".into()))]
        );
        assert_eq!(keys(&["(アクション项目的総括)"])[0].0, Key::ReportMarker);
        assert_eq!(keys(&["取組の内容"])[0].0, Key::PlanHeader);
        assert_eq!(keys(&["取組内容"])[0].0, Key::Content);
    }

    #[test]
    fn inline_labels_and_qualifiers() {
        assert_eq!(
            keys(&["目指す姿 (改革のゴール目標)", "姿"]),
            vec![(Key::Goal, Some("姿".into()))]
        );
        assert_eq!(keys(&["項目番号 1-②"]), vec![(Key::Id, Some("1-②".into()))]);
        assert_eq!(
            keys(&["総括評価", "など", "項目番号 1-⑤ 主管課 総務課"]),
            vec![
                (Key::Summary, Some("など".into())),
                (Key::Id, Some("1-⑤".into())),
                (Key::Dept, Some("総務課".into()))
            ]
        );
        assert_eq!(keys(&["2024年度の 実施内容", "x"])[0].0, Key::Done);
        assert_eq!(keys(&["令和2年度の実施内容", "x"])[0].0, Key::Done);
        assert_eq!(keys(&["今年度の実施内容", "x"])[0].0, Key::Done);
        assert_eq!(
            keys(&["主管課総務課"]),
            vec![(Key::Dept, Some("総務課".into()))]
        );
        assert_eq!(keys(&["実施内容の見直しを行った"])[0].0, Key::Orphan);
        assert_eq!(keys(&["担当課と運用状況についての会議"])[0].0, Key::Orphan);
        assert_eq!(keys(&["達成状況を確認した"])[0].0, Key::Orphan);
        assert_eq!(keys(&["実施項目の見直し"])[0].0, Key::Orphan);
        assert_eq!(
            keys(&["達成状況○順調"])[0],
            (Key::Status, Some("○順調".into()))
        );
        // A sentence that starts like a short label is a value.
        assert_eq!(keys(&["目標を達成した"])[0].0, Key::Orphan);
    }

    #[test]
    fn activity_heads() {
        assert_eq!(activity_head("取組項目1"), Some((1, "")));
        assert_eq!(activity_head("取組内容 12"), Some((12, "")));
        assert_eq!(
            activity_head("取組内容1 人材の確保 進捗状況 順調"),
            Some((1, "人材の確保 進捗状況 順調"))
        );
        assert_eq!(activity_head("取組項目2から取組項目6まで"), None);
        assert_eq!(activity_head("取組項目③"), Some((3, "")));
        assert_eq!(activity_head("取組項目(2)"), Some((2, "")));
        assert_eq!(activity_head("取組内容 ( 4 ) 広報"), Some((4, "広報")));
        assert_eq!(activity_head("取組項目(2)の実施"), None);
        assert_eq!(
            keys(&["取組内容1", "人材を確保する。進捗状況順調"]),
            vec![
                (Key::Activity(1), Some("人材を確保する。".into())),
                (Key::Status, Some("順調".into()))
            ]
        );
        // A sentence that mentions the label is not split.
        assert_eq!(keys(&["本年度の実施内容", "各課の進捗状況"]).len(), 1);
        assert_eq!(
            keys(&["本年度の実施内容", "進捗状況を毎月確認し、各課に周知した。"]).len(),
            1
        );
        assert_eq!(
            keys(&["取組内容1", "方針の見直し 進捗状況 ○ 順調"]),
            vec![
                (Key::Activity(1), Some("方針の見直し".into())),
                (Key::Status, Some("○ 順調".into()))
            ]
        );
    }

    #[test]
    fn activity_titles_are_not_labels() {
        assert_eq!(
            keys(&[
                "取組内容 2",
                "取組方針に基づき、広報を整理する。",
                "進捗状況",
                "○ 順調"
            ]),
            vec![
                (
                    Key::Activity(2),
                    Some("取組方針に基づき、広報を整理する。".into())
                ),
                (Key::Status, Some("○ 順調".into()))
            ]
        );
    }

    #[test]
    fn remembered_reads_are_the_reads() {
        let texts = [
            "実施項目",
            "人材の育成",
            "項目番号 1-②",
            "取組内容1 人材の確保",
            "2024年度の 実施内容",
            "主管課総務課",
            "",
        ];
        let mut reads = Reads::default();
        for _ in 0..2 {
            for t in texts {
                assert_eq!(reads.cell_label(t), cell_label(t), "{t}");
                // Another string with the same text finds the remembered reading.
                let copy = String::from(t);
                assert_eq!(reads.label(&copy), cell_label(t), "{t}");
            }
        }
        assert_eq!(
            reads.label("達成状況 ○ 順調"),
            cell_label("達成状況 ○ 順調")
        );
        // A long row that repeats its texts reads as its cells do one by one.
        let long: Vec<(usize, &str)> = texts.iter().copied().cycle().take(40).enumerate().collect();
        let segs = segments_with(&long, &mut Reads::default());
        let keys: Vec<Key> = segs.iter().map(|s| s.key).collect();
        assert_eq!(keys.iter().filter(|k| **k == Key::Title).count(), 6);
        assert_eq!(keys.iter().filter(|k| **k == Key::Activity(1)).count(), 6);
    }

    #[test]
    fn key_lengths_are_counted_in_pieces() {
        assert!(key_len_at_most("", 6));
        assert!(key_len_at_most("言課", 6));
        // Spaces and `・` are not in the key.
        assert!(key_len_at_most("主 管 課 ・ 総 務", 6));
        assert!(!key_len_at_most("総務部総務課長", 6));
        assert!(!key_len_at_most("人材の育成に関する基本方針を定める", 6));
        for t in [
            "項目 番号 1-②",
            "   a b c d e f g  ",
            "目の概要〉",
            "x・y・z・w・v・u・t",
        ] {
            assert_eq!(key_len_at_most(t, 6), label::key(t).len() <= 6, "{t}");
        }
    }

    #[test]
    fn nothing_markers() {
        assert!(is_nothing("—"));
        assert!(is_nothing("_"));
        assert!(!is_nothing("1"));
        assert_eq!(join(["-", "", "—"].into_iter()), None);
    }
}

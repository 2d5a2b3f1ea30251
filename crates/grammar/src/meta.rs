//! Document-level facts: municipality, plan title, plan period and report year. Read from
//! the cover and headers by general rules, never from a list of cities.

use std::collections::BTreeMap;

use memchr::memmem;

use keikaku_loader::norm::{fold, is_cjk};
use keikaku_loader::Document;
use schemars::JsonSchema;
use serde::Serialize;

use crate::token::year;

/// A plan period in fiscal years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

/// What the document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub municipality: Option<String>,
    pub title: Option<String>,
    pub period: Option<Period>,
    pub report_year: Option<i32>,
    /// Source lines read into these fields.
    pub lines: Vec<u32>,
}

/// How many non-blank lines from the top count as the cover.
const COVER_LINES: usize = 40;

/// Words that make a cover line a plan title.
const TITLE_WORDS: &[&str] = &["計画", "プラン", "大綱", "方針", "プログラム", "戦略"];
/// Words that make a line a sheet header, table of contents or list instead.
const NOT_TITLE: &[&str] = &[
    "個別項目",
    "調書",
    "報告",
    "目次",
    "一覧",
    "...",
    "・・",
    "について",
    "シート",
    // `計画期間 令和元年度～令和5年度`: the period, read by `period`.
    "計画期間",
];

pub fn read(doc: &Document) -> Meta {
    let mut meta = Meta::default();
    let cover = cover_lines(doc);
    let (title, title_lines) = title(doc, &cover);
    meta.title = title;
    meta.lines.extend(title_lines);
    let (cover_period, period_line) = cover_period(doc, &cover);
    let scan = scan(doc, &meta.lines, cover_period.is_none());
    meta.municipality = scan.municipality;
    if let Some(m) = &meta.municipality {
        // A cover line that is only the municipality's name (the publisher).
        for &no in &cover {
            if let Some(l) = doc.source_line(no) {
                let s: String = fold(l).chars().filter(|c| !c.is_whitespace()).collect();
                if &s == m {
                    meta.lines.push(no);
                }
            }
        }
    }
    meta.period = cover_period.or(scan.period);
    meta.lines.extend(period_line);
    meta.report_year = scan.report_year;
    meta.lines.sort_unstable();
    meta.lines.dedup();
    meta
}

/// What the one pass over the cells found.
struct Scan {
    municipality: Option<String>,
    /// From the year columns; only looked for when the cover gave no period.
    period: Option<Period>,
    report_year: Option<i32>,
}

/// Municipality, report year and (when `period_columns`) the period of the year columns,
/// in one pass over the cells: each cell's bytes are read once for the three readers'
/// tests ([`marks`]), and a cell none of them can use costs nothing more. (Three passes
/// each searched every cell again: `contains` of 市, 町 and 村, a character walk and
/// count for the result words, a byte scan for a year.)
fn scan(doc: &Document, title_lines: &[u32], period_columns: bool) -> Scan {
    let mut names = Names::default();
    let mut votes: BTreeMap<i32, u32> = BTreeMap::new();
    let mut runs: BTreeMap<(i32, i32), u32> = BTreeMap::new();
    let mut years: Vec<i32> = Vec::new();
    for line in &doc.lines {
        let weight = if title_lines.contains(&line.no) { 3 } else { 1 };
        years.clear();
        for cell in &line.cells {
            let t = cell.text.as_str();
            if t.is_empty() {
                continue;
            }
            let m = marks(t, &names.finders);
            if m.town {
                names.count(t, weight);
            }
            // A header cell naming the year its results are for.
            let result =
                m.result && t.len() <= MAX_RESULT_BYTES && m.chars <= 40 && has_result_word(t);
            if !(m.year && (result || period_columns)) {
                continue;
            }
            let ys = year::find_years(t);
            if result && ys.len() == 1 {
                *votes.entry(ys[0].0).or_default() += 1;
            }
            if period_columns && !ys.is_empty() && t.split_whitespace().count() <= ys.len() * 2 {
                years.extend(ys.iter().map(|y| y.0));
            }
        }
        // The year columns of the schedule tables: the most frequent run of three or more
        // consecutive fiscal years.
        if years.len() >= 3 && years.windows(2).all(|w| w[1] == w[0] + 1) {
            *runs.entry((years[0], years[years.len() - 1])).or_default() += 1;
        }
    }
    let period = runs
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|((from, to), _)| Period { from, to });
    let report_year = votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|v| v.0);
    Scan {
        municipality: names.best(),
        period,
        report_year,
    }
}

/// More than 160 bytes is more than 40 characters: no header cell.
const MAX_RESULT_BYTES: usize = 160;

/// What a cell may hold, read from its bytes in one pass.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Marks {
    /// 市, 町 or 村: a municipality's name may end here.
    town: bool,
    /// An ASCII digit or 元 (`令和元年`): every year has one.
    year: bool,
    /// 報, 実, 取 or 進: the first character of one of [`RESULT_WORDS`].
    result: bool,
    /// Characters.
    chars: usize,
}

/// What `t` may hold. A cell too long to be a result header needs only `town` and `year`:
/// a few vectorised searches read it ([`Finders`]), faster than a walk by character over
/// the long texts that hold half of a document's bytes. Shorter cells are walked ([`walk`]),
/// as a search's set-up would cost more than it saves on them.
fn marks(t: &str, finders: &Finders) -> Marks {
    if t.len() <= MAX_RESULT_BYTES {
        return walk(t);
    }
    let b = t.as_bytes();
    Marks {
        town: finders.town.iter().any(|f| f.find(b).is_some()),
        // Without an early exit, so that it vectorises.
        year: b.iter().fold(false, |any, x| any | x.is_ascii_digit())
            || finders.gen.find(b).is_some(),
        result: false,
        // Not counted: only `result` cells need it.
        chars: MAX_RESULT_BYTES,
    }
}

/// The searches of [`marks`] and [`Names::count`], built once per document.
struct Finders {
    /// 市, 町, 村.
    town: [memmem::Finder<'static>; 3],
    /// 元.
    gen: memmem::Finder<'static>,
}

impl Default for Finders {
    fn default() -> Self {
        let f = |s: &'static str| memmem::Finder::new(s.as_bytes());
        Finders {
            town: [f("市"), f("町"), f("村")],
            gen: f("元"),
        }
    }
}

/// One walk over `t`'s characters by their UTF-8 lead bytes, comparing the three bytes of
/// the few kanji the readers look for; no character is decoded.
fn walk(t: &str) -> Marks {
    let b = t.as_bytes();
    let mut m = Marks::default();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        m.chars += 1;
        if x < 0x80 {
            m.year |= x.is_ascii_digit();
            i += 1;
        } else if x < 0xE0 {
            i += 2;
        } else if x < 0xF0 {
            match b.get(i + 1..i + 3) {
                // 市 町 村
                Some([0xB8, 0x82]) if x == 0xE5 => m.town = true,
                Some([0x94, 0xBA]) if x == 0xE7 => m.town = true,
                Some([0x9D, 0x91]) if x == 0xE6 => m.town = true,
                // 元
                Some([0x85, 0x83]) if x == 0xE5 => m.year = true,
                // 報 実 取 進
                Some([0xA0, 0xB1] | [0xAE, 0x9F] | [0x8F, 0x96]) if x == 0xE5 => {
                    m.result = true;
                }
                Some([0x80, 0xB2]) if x == 0xE9 => m.result = true,
                _ => {}
            }
            i += 3;
        } else {
            i += 4;
        }
    }
    m
}

/// Line numbers of the cover: the first lines, up to the first table row.
fn cover_lines(doc: &Document) -> Vec<u32> {
    let mut out = Vec::new();
    for line in doc.lines.iter().take(COVER_LINES) {
        if line.filled().count() > 1 {
            break;
        }
        if out.last() != Some(&line.no) {
            out.push(line.no);
        }
    }
    out
}

/// Remove letter-spacing (`実 施 計 画`) but keep spaces between words.
fn tidy_title(s: &str) -> String {
    let chars: Vec<char> = fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            let a_alone = i < 2 || chars[i - 2] == ' ';
            let b_alone = i + 2 >= chars.len() || chars[i + 2] == ' ';
            if is_cjk(a) && is_cjk(b) && (a_alone || b_alone) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A sentence (`…します。`) or a numbered heading (`1 計画の趣旨`, `(1) 位置づけ`) of a preface:
/// no part of a title.
fn is_prose_or_heading(t: &str) -> bool {
    let t = t.trim();
    let numbered = {
        let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
        let after = t.chars().nth(digits);
        (digits > 0 && matches!(after, Some(' ' | '.' | '、')))
            || (t.starts_with('(') && t.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
    };
    numbered || t.ends_with('。')
}

fn title(doc: &Document, cover: &[u32]) -> (Option<String>, Vec<u32>) {
    let mut parts: Vec<(u32, String)> = Vec::new();
    for &no in cover {
        let Some(raw) = doc.source_line(no) else {
            continue;
        };
        let t = tidy_title(raw);
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let is_title = TITLE_WORDS.iter().any(|w| compact.contains(w))
            && !NOT_TITLE.iter().any(|w| compact.contains(w))
            && !is_prose_or_heading(&t);
        if is_title {
            parts.push((no, t));
        } else if !parts.is_empty() {
            break;
        }
    }
    if parts.is_empty() {
        return (None, Vec::new());
    }
    let lines = parts.iter().map(|p| p.0).collect();
    let mut title = parts[0].1.clone();
    for (_, p) in &parts[1..] {
        // A second full name of the plan (naming a municipality itself) is its subtitle.
        if p.contains('市') || p.contains('町') || p.contains('村') {
            title.push('「');
            title.push_str(p);
            title.push('」');
        } else {
            title.push(' ');
            title.push_str(p);
        }
    }
    (Some(title), lines)
}

fn is_name_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '々')
        && !matches!(c, '市' | '町' | '村' | '県' | '府' | '都' | '道')
}

/// Candidates that are words, not names (本市, 都市, 県内市 are excluded by shape).
const NOT_NAMES: &[&str] = &[
    "団体市",
    "近隣市",
    "周辺市",
    "指定市",
    "中核市",
    "特例市",
    "政令市",
    "各市",
    // 先進市の事例, 他市の状況, 類似市との比較: other cities in general.
    "先進市",
    "他市",
    "類似市",
    "城下町",
    "門前町",
];

/// Characters that, after 市/町/村, make a compound word (市民, 市場, 町内 …).
const COMPOUND_AFTER: &str = "民場街役長内政町村議債税営有立域外全況部職道販井電";

/// Hiragana that start a particle rather than a name, and small kana no word starts with.
fn particle_start(c: char) -> bool {
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮーヶ".contains(c) ||
    "のをにはがとでへもやるたしてくりうられすなか".contains(c)
        // Counters that follow a number (第3次, 第2期, 令和3年): never the start of a name.
        || "次期年度月日回号条項".contains(c)
}

/// Candidate names counted over the cells (see [`Names::best`]).
#[derive(Default)]
struct Names<'a> {
    // Candidates are slices of the cells (ordered as the `String`s they stand for): no
    // allocation per occurrence.
    counts: BTreeMap<&'a str, u32>,
    finders: Finders,
}

impl<'a> Names<'a> {
    /// Count the names ending in 市/町/村 in a cell that holds one of them. Each is found
    /// by a search and read backwards from there: the cell's other characters are not
    /// decoded (most cells that hold one are long sentences).
    fn count(&mut self, text: &'a str, weight: u32) {
        for f in &self.finders.town {
            for at in f.find_iter(text.as_bytes()) {
                count_at(&mut self.counts, text, at, weight);
            }
        }
    }
    /// The municipality most written about: the name ending in 市/町/村 that occurs most
    /// often (cover lines count more), extended to its longest form that still occurs as
    /// often.
    fn best(self) -> Option<String> {
        let mut counts = self.counts;
        counts.retain(|name, _| {
            let first = name.chars().next().unwrap_or(' ');
            !particle_start(first) && !NOT_NAMES.iter().any(|n| name.ends_with(n))
        });
        let (&best, &n) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.len().cmp(&a.0.len())))?;
        if n < 2 {
            return None;
        }
        let mut name = best;
        // Extend while a longer form occurs (nearly) as often: つくばみらい市 over らい市.
        loop {
            let longer = counts
                .iter()
                .filter(|(cand, &c)| {
                    cand.ends_with(name) && cand.len() > name.len() && c * 10 >= n * 7
                })
                .max_by_key(|(cand, _)| cand.len());
            match longer {
                Some((&cand, _)) => name = cand,
                None => break,
            }
        }
        Some(name.to_string())
    }
}

/// Count the names ending with the 市/町/村 at byte `at` of `text`: the two to six name
/// characters before it (see [`is_name_char`]), each length a candidate.
fn count_at<'a>(counts: &mut BTreeMap<&'a str, u32>, text: &'a str, at: usize, weight: u32) {
    // Each of 市町村 is three bytes.
    let end = at + 3;
    let (Some(before), Some(after)) = (text.get(..at), text.get(end..)) else {
        return;
    };
    // 市民, 市役所, 市内, 町長 …: the character names the city's people or offices, and
    // what stands before it is as often a word as a name.
    if after
        .chars()
        .next()
        .is_some_and(|n| COMPOUND_AFTER.contains(n))
    {
        return;
    }
    let run = before
        .char_indices()
        .rev()
        .take(6)
        .take_while(|&(_, c)| is_name_char(c));
    for (k, (start, _)) in run.enumerate() {
        if k >= 1 {
            if let Some(name) = text.get(start..end) {
                *counts.entry(name).or_default() += weight;
            }
        }
    }
}

/// The period printed on the cover (`令和元年度～令和5年度`), and its line.
fn cover_period(doc: &Document, cover: &[u32]) -> (Option<Period>, Option<u32>) {
    for &no in cover {
        if let Some(l) = doc.source_line(no) {
            if let Some((from, to)) = year::find_range(&keikaku_loader::norm::normalize(l)) {
                return (Some(Period { from, to }), Some(no));
            }
        }
    }
    (None, None)
}

/// Words by which a header cell says it holds results of a year.
const RESULT_WORDS: &[&str] = &[
    "報告",
    "実施内容",
    "実績",
    "実施状況",
    "取組状況",
    "進捗状況",
];

/// The first characters of [`RESULT_WORDS`].
const RESULT_FIRSTS: &[char] = &['報', '実', '取', '進'];

/// Does `t` contain one of [`RESULT_WORDS`]? One pass over the (short) cell, comparing
/// only where a word's first character stands, instead of a substring search per word.
fn has_result_word(t: &str) -> bool {
    t.char_indices().any(|(i, c)| {
        RESULT_FIRSTS.contains(&c)
            && t.get(i..)
                .is_some_and(|r| RESULT_WORDS.iter().any(|w| r.starts_with(w)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        keikaku_loader::load_text(s.as_bytes()).unwrap()
    }

    #[test]
    fn a_period_line_under_the_title_is_not_part_of_it() {
        let m = read(&doc(
            "東浜市行政改革推進計画 アクションプラン\n\n計画期間 令和5年度～令和9年度\n\n東浜市\n",
        ));
        assert_eq!(
            m.title.as_deref(),
            Some("東浜市行政改革推進計画 アクションプラン")
        );
        assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2023, 2027)));
    }

    #[test]
    fn title_joins_letter_spaced_lines_and_keeps_word_spaces() {
        let d = doc("\n第3次 安中市行政改革大綱\n\n実 施 計 画\n\n令和2年度～令和6年度\n\n安 中 市\n\n目 次\n");
        let m = read(&d);
        assert_eq!(
            m.title.as_deref(),
            Some("第3次 安中市行政改革大綱 実施計画")
        );
        assert_eq!(
            m.period,
            Some(Period {
                from: 2020,
                to: 2024
            })
        );
        assert_eq!(m.municipality.as_deref(), Some("安中市"));
        assert_eq!(m.report_year, None);
        assert_eq!(m.lines, vec![2, 4, 6, 8]);
    }

    #[test]
    fn period_line_is_not_part_of_the_title() {
        let d = doc(
            "\n南浜市行政改革推進計画\n\n実施計画\n\n計画期間 令和元年度～令和5年度\n\n南浜市\n",
        );
        let m = read(&d);
        assert_eq!(m.title.as_deref(), Some("南浜市行政改革推進計画 実施計画"));
        assert_eq!(
            m.period,
            Some(Period {
                from: 2019,
                to: 2023
            })
        );
        assert_eq!(m.municipality.as_deref(), Some("南浜市"));
    }

    #[test]
    fn preface_headings_and_sentences_are_not_the_title() {
        let d = doc("第2次 北川町行政改革実施計画\n\n1 計画の趣旨\n本計画は、行政改革大綱に基づき取組を定めるものです。\n");
        assert_eq!(
            read(&d).title.as_deref(),
            Some("第2次 北川町行政改革実施計画")
        );
        assert!(is_prose_or_heading("(1) 計画の位置づけ"));
        assert!(!is_prose_or_heading("第3次 安中市行政改革大綱"));
        assert!(!is_prose_or_heading("2024年度 実施計画"));
    }

    #[test]
    fn municipality_is_not_a_common_noun() {
        let d = doc("総括評価\t先進市の事例を調査した。\n実施内容\t先進市を視察した。他市の状況も調べた。他市と比べた。\n");
        assert_eq!(read(&d).municipality, None);
    }

    #[test]
    fn municipality_from_body_text() {
        let d = doc("項目No.\t取組項目\n1\t袖ケ浦市ネーミングライツ事業実施要綱を作成\n2\t袖ケ浦市補助金等に関する規程\n3\t本市の袖ケ浦市行政評価制度\n4\t近隣市と都市計画\n");
        assert_eq!(read(&d).municipality.as_deref(), Some("袖ケ浦市"));
    }

    #[test]
    fn period_from_year_columns_and_report_year_from_headers() {
        let d = doc("アクションプラン個別項目 - 実績報告(2024年度報告)\n\t\t2024\t2025\t2026\t2027\t2028\n取組内容1\tx\n");
        let m = read(&d);
        assert_eq!(
            m.period,
            Some(Period {
                from: 2024,
                to: 2028
            })
        );
        assert_eq!(m.report_year, Some(2024));
        assert_eq!(m.title, None);
    }

    #[test]
    fn result_words_are_found_anywhere_in_a_cell() {
        for (t, want) in [
            ("令和2年度実施内容", true),
            ("R2 実績", true),
            ("2024年度報告", true),
            ("実施計画", false),
            ("進捗", false),
            ("", false),
            ("各課の取組状況", true),
        ] {
            assert_eq!(has_result_word(t), want, "{t}");
            assert_eq!(RESULT_WORDS.iter().any(|w| t.contains(w)), want, "{t}");
        }
        for w in RESULT_WORDS {
            assert!(
                w.chars().next().is_some_and(|c| RESULT_FIRSTS.contains(&c)),
                "{w}"
            );
        }
    }

    #[test]
    fn marks_say_what_the_searches_would_find() {
        for t in [
            "",
            "abc",
            "令和元年度",
            "R 2 実施内容",
            "つくばみらい市",
            "大町の村長",
            "進捗",
            "取組",
            "報告",
            "2024",
            "é市",
            "😀元",
            "帀 巿 柿 叮 材 杓",
            "市町村元報実取進",
        ] {
            let m = walk(t);
            let want = Marks {
                town: t.contains(['市', '町', '村']),
                year: t.bytes().any(|b| b.is_ascii_digit()) || t.contains('元'),
                result: t.contains(RESULT_FIRSTS),
                chars: t.chars().count(),
            };
            assert_eq!(m, want, "{t}");
        }
    }

    /// The names of one cell as counted before [`count_at`]: every character decoded into
    /// a list, the run before each 市/町/村 read from it.
    fn names_by_char_list(text: &str) -> BTreeMap<&str, u32> {
        let mut counts = BTreeMap::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (i, &(at, c)) in chars.iter().enumerate() {
            if !matches!(c, '市' | '町' | '村')
                || chars
                    .get(i + 1)
                    .is_some_and(|&(_, n)| COMPOUND_AFTER.contains(n))
            {
                continue;
            }
            let mut run = 0;
            while run < 7 && i > run && is_name_char(chars[i - run - 1].1) {
                run += 1;
            }
            for k in 2..=run.min(6) {
                *counts.entry(&text[chars[i - k].0..at + 3]).or_default() += 1;
            }
        }
        counts
    }

    #[test]
    fn names_are_found_by_search_as_by_the_character_list() {
        let texts = [
            "つくばみらい市",
            "市",
            "市町村",
            "大町の村長",
            "袖ケ浦市ネーミングライツ事業実施要綱を作成",
            "本市の袖ケ浦市行政評価制度と近隣市と都市計画",
            "a市b町c村",
            "東西南北中央上下左右市",
            "市民と市役所と町内会、村上町村",
            "（仮称）山田町と川田村の合同、東浜市",
            "😀東市é西町",
        ];
        for t in texts {
            let mut names = Names::default();
            names.count(t, 1);
            assert_eq!(names.counts, names_by_char_list(t), "{t}");
            let long = format!("{}{t}{}", "説明文です。".repeat(30), "。以上".repeat(20));
            let mut names = Names::default();
            names.count(&long, 1);
            assert_eq!(names.counts, names_by_char_list(&long), "long {t}");
        }
    }

    #[test]
    fn long_cells_are_marked_as_the_walk_marks_them() {
        let finders = Finders::default();
        for t in [
            "令和元年度",
            "つくばみらい市",
            "大町の村長",
            "2024",
            "なし",
            "帀 巿 柿 叮 材 杓",
            "é市",
            "😀元",
        ] {
            for pad in ["あ", "漢", "x", "、"] {
                let long = format!("{}{t}{}", pad.repeat(161), pad.repeat(7));
                assert!(long.len() > MAX_RESULT_BYTES);
                let (fast, slow) = (marks(&long, &finders), walk(&long));
                assert_eq!(
                    (fast.town, fast.year, fast.result),
                    (slow.town, slow.year, false),
                    "{long}"
                );
            }
            assert_eq!(marks(t, &finders), walk(t), "{t}");
        }
    }

    #[test]
    fn report_year_from_era_headers() {
        let d = doc("項目No.\t取組項目\tR 2 計画概要\tR 2 実施内容\t進捗区分\n");
        assert_eq!(read(&d).report_year, Some(2020));
    }
}

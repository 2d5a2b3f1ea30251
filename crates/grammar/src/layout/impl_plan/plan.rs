//! The 年次計画 table: a 年度 header of fiscal years, then 進捗状況 / 年度目標 / 数値 rows whose
//! cells run under the years — sometimes one cell too many, sometimes one merged cell.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::Serialize;

use crate::token::{label, year};

/// The planned phase of a year (進捗状況 in a plan): not a progress status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ImplPlanPhase")]
pub enum Phase {
    /// 実施
    Implement,
    /// 検討 (also 研究, 調査)
    Study,
    /// 達成 (the year the goal is to be reached)
    Achieve,
    /// 導入
    Introduce,
    /// 継続 or an arrow carrying the previous year on
    Continue,
    /// Anything else; see `phase_raw`.
    Other,
}

/// Read a phase cell. A note in brackets after the word (`実施(継続)`) does not change it.
pub fn phase(text: &str) -> Option<Phase> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().all(|c| matches!(c, '-' | '—' | '―' | '_' | 'ー')) {
        return None;
    }
    let word = t
        .split_once(['(', '（', '【', '['])
        .map_or(t.as_str(), |(w, _)| w);
    // `実施→`, `-→`: an arrow drawn on from the word (or alone) carries the phase on.
    let arrows = ['→', '⇒', '➡', '-', '―', '—', '>'];
    let bare = word.trim_matches(arrows);
    if bare.is_empty() && word.contains(['→', '⇒', '➡', '>']) {
        return Some(Phase::Continue);
    }
    let word = if bare.is_empty() { word } else { bare };
    Some(match word {
        "実施" | "実行" => Phase::Implement,
        "検討" | "研究" | "調査" | "調査研究" | "調査・研究" | "検討・研究" => {
            Phase::Study
        }
        "達成" | "完了" => Phase::Achieve,
        "導入" => Phase::Introduce,
        "継続" | "継続実施" | "→" | "⇒" | "➡" => Phase::Continue,
        _ => Phase::Other,
    })
}

/// The rows a 年次計画 table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Phase,
    Goal,
    Value,
}

impl Row {
    /// The label as this family's sheets print it, for messages.
    pub fn label(self) -> &'static str {
        self.labels()[0]
    }
    /// Every label the row is printed with.
    fn labels(self) -> &'static [&'static str] {
        match self {
            Row::Phase => &[
                "進捗状況",
                "実施予定",
                "取組予定",
                "スケジュール",
                "工程",
                "実施時期",
            ],
            Row::Goal => &[
                "年度目標",
                "年度別目標",
                "取組目標",
                "目標",
                "各年度の目標",
                "年度ごとの目標",
                "到達目標",
            ],
            Row::Value => &["数値", "数値目標", "目標値"],
        }
    }
}

/// Which row a label cell names.
pub fn row_of(text: &str) -> Option<Row> {
    // Asked of every label cell: the label keys are folded once, not on every call.
    static SETS: OnceLock<[(Row, label::LabelSet<'static>); 3]> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        [Row::Phase, Row::Goal, Row::Value].map(|r| (r, label::LabelSet::new(r.labels())))
    });
    sets.iter().find(|(_, s)| s.any(text)).map(|(r, _)| *r)
}

/// The fiscal years of a header: `年度⇥令和2年度⇥…` or all in one cell `年度 令和2年度 …`.
/// Needs the 年度 (or 年次計画, 区分) label and two years, or three years and nothing else.
pub fn header_years(cells: &[&str]) -> Option<Vec<i32>> {
    let mut labelled = false;
    let mut years = Vec::new();
    for &c in cells {
        let t = c.trim();
        if t.is_empty() {
            continue;
        }
        if header_labels().any(t) {
            labelled = true;
            continue;
        }
        let rest = match label::strip_label(t, "年度") {
            Some(r) if !r.is_empty() && !t.starts_with(|c: char| c.is_ascii_digit()) => {
                labelled = true;
                r
            }
            _ => t,
        };
        match cell_years(rest) {
            Some(v) => years.extend(v),
            None => years.push(bare_year(rest, years.last().copied())?),
        }
    }
    ((labelled && years.len() >= 2) || years.len() >= 3).then_some(years)
}

/// [`HEADER_LABELS`] folded once: every cell of every candidate header row is compared.
fn header_labels() -> &'static label::LabelSet<'static> {
    static SET: OnceLock<label::LabelSet<'static>> = OnceLock::new();
    SET.get_or_init(|| label::LabelSet::new(HEADER_LABELS))
}

/// Labels a 年次計画 header row carries before its years.
const HEADER_LABELS: &[&str] = &[
    "年度",
    "年次計画",
    "区分",
    "年度別計画",
    "項目",
    "実施年度",
    "計画年度",
    "年度区分",
    "取組年度",
];

/// The years of a header cell when it holds nothing but years: `令和2年度`, `R2`,
/// `平成31年度(令和元年度)` and `平成31(令和元)年度` (one year written twice), `令和2年度
/// 令和3年度` (several).
fn cell_years(s: &str) -> Option<Vec<i32>> {
    let found = year::find_years(s);
    if found.is_empty() {
        return None;
    }
    let mut rest = String::with_capacity(s.len());
    let mut at = 0;
    for (_, r) in &found {
        rest.push_str(s.get(at..r.start).unwrap_or(""));
        at = r.end;
    }
    rest.push_str(s.get(at..).unwrap_or(""));
    // `平成31(令和元)年度`: the suffix stands after the second form.
    let rest = drop_notes(&rest.replace("年度", ""));
    let only_years = rest
        .chars()
        .all(|c| c.is_whitespace() || "()（）[]・~～〜-、,".contains(c));
    if found.is_empty() || !only_years {
        return None;
    }
    let mut out: Vec<i32> = found.into_iter().map(|(y, _)| y).collect();
    out.dedup();
    Some(out)
}

/// `3年度`, `元年度` after `令和2年度` (the era printed once): the next fiscal year whose era
/// number is `n`, at most two years after the previous one.
fn bare_year(s: &str, prev: Option<i32>) -> Option<i32> {
    let prev = prev?;
    let t = s.trim();
    let n = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))?
        .trim();
    let n: i32 = if n == "元" {
        1
    } else if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) {
        n.parse().ok()?
    } else {
        return None;
    };
    // 平成 and 令和 number their years from these.
    [1988, 2018]
        .into_iter()
        .map(|base| base + n)
        .find(|&y| y > prev && y <= prev + 2)
}

/// Words a header prints in brackets after a year: `令和5年度(予定)`.
const YEAR_NOTES: &[&str] = &[
    "予定",
    "見込",
    "見込み",
    "目標",
    "目標年度",
    "最終年度",
    "計画",
];

/// The text without bracketed notes of `YEAR_NOTES`.
fn drop_notes(s: &str) -> String {
    let mut out = s.to_string();
    // Most header cells print no bracket: skip the search for every note.
    if !s.contains(['(', '（', '[', '【']) {
        return out;
    }
    for n in YEAR_NOTES {
        for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
            out = out.replace(&format!("{open}{n}{close}"), "");
        }
    }
    out
}

/// How a row's cells were laid onto the years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// One cell per year (or fewer: the rest are empty).
    Exact,
    /// One cell printed for all years (a merged cell).
    Merged,
    /// One cell too many, the first empty: the row is aligned with the header.
    HeaderAligned,
    /// One cell too many repeating the one before it: dropped.
    RepeatDropped,
    /// One cell too many and nothing tells which one: the message says what was chosen.
    Ambiguous(String),
    /// More cells than years + 1: the extra ones are dropped.
    TooMany(usize),
}

/// Lay a row's cells (relative to its label, empty cells as "") onto `n` years.
pub fn fit(cells: &[String], n: usize) -> (Vec<Option<String>>, Fit) {
    let mut v: Vec<&str> = cells.iter().map(|s| s.trim()).collect();
    while v.last().is_some_and(|s| s.is_empty()) {
        v.pop();
    }
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let take = |v: &[&str]| -> Vec<Option<String>> {
        (0..n).map(|k| v.get(k).and_then(|s| some(s))).collect()
    };
    if v.len() == 1 && n > 1 {
        return (vec![some(v[0]); n], Fit::Merged);
    }
    if v.len() <= n {
        let lone_after_gap = v.first().is_some_and(|s| s.is_empty())
            && v.iter().filter(|s| !s.is_empty()).count() == 1
            && v.len() < n;
        if lone_after_gap {
            let msg = format!(
                "one value after an empty cell: read as year {} of {n}; it may be a merged cell for all years",
                v.len()
            );
            return (take(&v), Fit::Ambiguous(msg));
        }
        return (take(&v), Fit::Exact);
    }
    if v.len() > n + 1 {
        return (take(&v), Fit::TooMany(v.len() - n));
    }
    // n + 1 cells for n years.
    let (first, last) = (v[0], v[n]);
    if first.is_empty() {
        return (take(&v[1..]), Fit::HeaderAligned);
    }
    if v.iter().all(|s| *s == first) {
        return (take(&v), Fit::Exact);
    }
    if n >= 1 && last == v[n - 1] {
        return (take(&v), Fit::RepeatDropped);
    }
    if n >= 2 && first == v[1] {
        return (
            take(&v[1..]),
            Fit::Ambiguous(format!(
                "{} cells for {n} years, the last differing: read as aligned with the header (first cell dropped)",
                n + 1
            )),
        );
    }
    (
        take(&v),
        Fit::Ambiguous(format!(
            "{} cells for {n} years: the last cell `{last}` was dropped",
            n + 1
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }
    fn o(v: &[&str]) -> Vec<Option<String>> {
        v.iter()
            .map(|x| (!x.is_empty()).then(|| x.to_string()))
            .collect()
    }

    #[test]
    fn phases() {
        assert_eq!(phase("実施"), Some(Phase::Implement));
        assert_eq!(phase("検討"), Some(Phase::Study));
        assert_eq!(phase("達成"), Some(Phase::Achieve));
        assert_eq!(phase(" "), None);
        assert_eq!(phase("見直し"), Some(Phase::Other));
        assert_eq!(phase("実施（継続）"), Some(Phase::Implement));
        assert_eq!(phase("実施(継続)"), Some(Phase::Implement));
        assert_eq!(phase("継続実施"), Some(Phase::Continue));
        assert_eq!(phase("調査・研究"), Some(Phase::Study));
        assert_eq!(phase("検討・実施"), Some(Phase::Other));
        assert_eq!(phase("実施→"), Some(Phase::Implement));
        assert_eq!(phase("--→"), Some(Phase::Continue));
        assert_eq!(phase("→"), Some(Phase::Continue));
        assert_eq!(phase("――"), None);
    }

    #[test]
    fn headers() {
        assert_eq!(
            header_years(&["年次計画", "年度", "令和2年度", "令和3年度", "令和4年度"]),
            Some(vec![2020, 2021, 2022])
        );
        assert_eq!(
            header_years(&["年度", "平成30年度", "令和元年度"]),
            Some(vec![2018, 2019])
        );
        assert_eq!(
            header_years(&["年次計画", "年度 令和2年度 令和3年度 令和4年度"]),
            Some(vec![2020, 2021, 2022])
        );
        assert_eq!(
            header_years(&["年次計画", "年度令和2年度令和3年度"]),
            Some(vec![2020, 2021])
        );
        assert_eq!(header_years(&["令和2年度", "令和3年度"]), None);
        assert_eq!(
            header_years(&["年度", "平成30年度", "平成31年度(令和元年度)", "令和2年度"]),
            Some(vec![2018, 2019, 2020])
        );
        assert_eq!(
            header_years(&["年度", "平成30年度", "平成31(令和元)年度", "令和2年度"]),
            Some(vec![2018, 2019, 2020])
        );
        assert_eq!(
            header_years(&["年度", "H30", "H31(R1)", "R2", "R3", "R4"]),
            Some(vec![2018, 2019, 2020, 2021, 2022])
        );
        assert_eq!(
            header_years(&["年度", "令和3年度", "令和4年度", "令和5年度(目標)"]),
            Some(vec![2021, 2022, 2023])
        );
        assert_eq!(
            header_years(&["年度", "令和3年度", "令和4年度(予定)", "令和5年度(予定)"]),
            Some(vec![2021, 2022, 2023])
        );
        assert_eq!(
            header_years(&["年度", "令和3年度", "令和4年度(改定)"]),
            None
        );
        assert_eq!(
            header_years(&["年度", "令和2年度", "3年度", "4年度", "5年度", "6年度"]),
            Some(vec![2020, 2021, 2022, 2023, 2024])
        );
        assert_eq!(
            header_years(&["年度", "平成30年度", "元年度", "2年度"]),
            Some(vec![2018, 2019, 2020])
        );
        assert_eq!(
            header_years(&["年度", "平成30年度", "31年度", "令和2年度"]),
            Some(vec![2018, 2019, 2020])
        );
        assert_eq!(header_years(&["年度", "3年度", "4年度", "5年度"]), None);
        assert_eq!(
            header_years(&["項目", "2019年度", "2020年度", "2021年度"]),
            Some(vec![2019, 2020, 2021])
        );
        assert_eq!(
            header_years(&[
                "実施年度",
                "令和元年度\n(2019年度)",
                "令和2年度\n(2020年度)"
            ]),
            Some(vec![2019, 2020])
        );
        assert_eq!(
            header_years(&["", "R2", "R3", "R4"]),
            Some(vec![2020, 2021, 2022])
        );
        assert_eq!(
            header_years(&["年度目標", "令和2年度", "令和3年度", "令和4年度"]),
            None
        );
        assert_eq!(
            header_years(&["数値", "令和2年12月までに令和3年度組織"]),
            None
        );
    }

    #[test]
    fn rows() {
        assert_eq!(row_of("進捗状況"), Some(Row::Phase));
        assert_eq!(row_of("年度目標"), Some(Row::Goal));
        assert_eq!(row_of("数値"), Some(Row::Value));
        assert_eq!(row_of("年度"), None);
        assert_eq!(row_of("実施予定"), Some(Row::Phase));
        assert_eq!(row_of("目標"), Some(Row::Goal));
        assert_eq!(row_of("目標の状態"), None);
        assert_eq!(row_of("各年度の目標"), Some(Row::Goal));
        assert_eq!(row_of("実施時期"), Some(Row::Phase));
    }

    #[test]
    fn exact_short_and_merged_rows() {
        assert_eq!(
            fit(&s(&["a", "b", "c"]), 3),
            (o(&["a", "b", "c"]), Fit::Exact)
        );
        assert_eq!(
            fit(&s(&["", "b", "c"]), 3),
            (o(&["", "b", "c"]), Fit::Exact)
        );
        let (v, f) = fit(&s(&["", "b"]), 3);
        assert_eq!(v, o(&["", "b", ""]));
        assert!(matches!(f, Fit::Ambiguous(_)));
        assert_eq!(
            fit(&s(&["g", "", ""]), 3),
            (o(&["g", "g", "g"]), Fit::Merged)
        );
        assert_eq!(fit(&s(&[]), 3), (o(&["", "", ""]), Fit::Exact));
    }

    #[test]
    fn six_cells_for_five_years() {
        // All identical: nothing to decide.
        assert_eq!(
            fit(&s(&["a", "a", "a", "a", "a", "a"]), 5),
            (o(&["a", "a", "a", "a", "a"]), Fit::Exact)
        );
        // Empty first cell: aligned with the header.
        assert_eq!(
            fit(&s(&["", "a", "b", "c", "d", "e"]), 5),
            (o(&["a", "b", "c", "d", "e"]), Fit::HeaderAligned)
        );
        // The last repeats the one before it: a distinct first year is kept.
        assert_eq!(
            fit(&s(&["x", "a", "b", "c", "c", "c"]), 5),
            (o(&["x", "a", "b", "c", "c"]), Fit::RepeatDropped)
        );
        // Five identical then a different last: header-aligned, with a warning.
        let (v, f) = fit(&s(&["a", "a", "a", "a", "a", "z"]), 5);
        assert_eq!(v, o(&["a", "a", "a", "a", "z"]));
        assert!(matches!(f, Fit::Ambiguous(_)));
        // Too many.
        let (v, f) = fit(&s(&["a", "b", "c", "d"]), 2);
        assert_eq!(v, o(&["a", "b"]));
        assert_eq!(f, Fit::TooMany(2));
    }
}

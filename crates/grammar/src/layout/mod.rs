//! Layout families and the dispatcher. Each family module reads its items from the loaded
//! lines; detection scores the labels a document prints, never a city's name.

use foldhash::HashMap;

use keikaku_loader::{Diagnostic, Document};
use schemars::JsonSchema;
use serde::Serialize;

use crate::item::{Item, LineRange};
use crate::meta::Meta;
use crate::token::label;

pub mod action_sheet;
pub mod impl_plan;
pub mod plan_report;
pub mod status_table;

/// Which grammar read a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Per-item 計画調書 and/or 実績報告 sheets: 実施項目 / 項目番号 / 主管課, 取組項目N or
    /// 取組内容N rows with 達成状況 / 進捗状況 (e.g. つくばみらい市).
    PlanReportSheets,
    /// アクションプランシート per 取組 with 総合計画体系, 年次計画 and 指標, plus a 取組一覧
    /// overview (e.g. 結城市).
    ActionPlanSheets,
    /// 実施計画 sheets under chapter / section / ① headings with 担当課, 関係課 and a 年次計画
    /// table of 進捗状況 / 年度目標 / 数値 (e.g. 安中市).
    ImplementationPlanSheets,
    /// One wide status table, a row per 取組項目 with 担当部署 and 進捗区分 (e.g. 袖ケ浦市).
    StatusTable,
    /// Nothing we know.
    Unknown,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::PlanReportSheets => "plan-report-sheets",
            Layout::ActionPlanSheets => "action-plan-sheets",
            Layout::ImplementationPlanSheets => "implementation-plan-sheets",
            Layout::StatusTable => "status-table",
            Layout::Unknown => "unknown",
        }
    }
}

/// What a layout parser works with besides the document: the metadata read already,
/// diagnostics, and the set of source lines it has used.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub meta: &'a Meta,
    pub diagnostics: Vec<Diagnostic>,
    claimed: Vec<bool>,
    /// Lines claimed as structure (not as a field), in claiming order.
    structure: Vec<u32>,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &Document, meta: &'a Meta) -> Self {
        Ctx {
            meta,
            diagnostics: Vec::new(),
            claimed: vec![false; doc.source_lines.len() + 1],
            structure: Vec::new(),
        }
    }
    /// Mark physical line `no` as read into some field (or as structure: headers,
    /// separators). Lines never claimed end up in `unparsed`.
    pub fn claim(&mut self, no: u32) {
        if let Some(c) = self.claimed.get_mut(no as usize) {
            *c = true;
        }
    }
    pub fn claim_range(&mut self, from: u32, to: u32) {
        for n in from..=to {
            self.claim(n);
        }
    }
    /// Mark line `no` as recognised structure that carries no value (a repeated page
    /// header, a table header, a separator, a legend). The output lists these lines in
    /// `structure`, so a checker can tell them from lines taken into an item's field.
    pub fn claim_structure(&mut self, no: u32) {
        self.claim(no);
        self.structure.push(no);
    }
    pub fn claim_structure_range(&mut self, from: u32, to: u32) {
        for n in from..=to {
            self.claim_structure(n);
        }
    }
    /// The lines claimed as structure, sorted and merged into ranges.
    pub fn structure(&self) -> Vec<LineRange> {
        let mut lines = self.structure.clone();
        lines.sort_unstable();
        lines.dedup();
        ranges(&lines)
    }
    pub fn is_claimed(&self, no: u32) -> bool {
        self.claimed.get(no as usize).copied().unwrap_or(false)
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
}

/// Sorted, distinct line numbers as the fewest ranges.
pub fn ranges(lines: &[u32]) -> Vec<LineRange> {
    let mut out: Vec<LineRange> = Vec::new();
    for &n in lines {
        match out.last_mut() {
            Some(r) if r.to.checked_add(1) == Some(n) => r.to = n,
            _ => out.push(LineRange::one(n)),
        }
    }
    out
}

/// Labels whose presence votes for a layout, with their weights.
const SIGNS: &[(Layout, &[(&str, u32)])] = &[
    (
        Layout::PlanReportSheets,
        &[
            ("実施項目", 3),
            ("項目番号", 3),
            ("主管課", 3),
            ("達成状況", 2),
            ("進捗状況", 1),
            ("取組項目", 1),
            ("取組内容", 1),
            ("総括評価", 2),
            ("基本姿勢", 2),
            ("推進手段", 2),
            ("目指す姿", 1),
        ],
    ),
    (
        Layout::ActionPlanSheets,
        &[
            ("総合計画体系", 4),
            ("主担当課", 3),
            ("取組期間", 1),
            ("年次計画", 2),
            ("指標", 2),
            ("取組実績", 1),
            ("評価", 1),
            ("取組内容", 1),
        ],
    ),
    (
        Layout::ImplementationPlanSheets,
        &[
            ("担当課", 3),
            ("関係課", 3),
            ("現状と課題", 2),
            ("目標の状態", 3),
            ("年次計画", 1),
            ("年度目標", 2),
            ("進捗状況", 1),
            ("現状の数値", 2),
            ("目標の数値", 2),
        ],
    ),
    (
        Layout::StatusTable,
        &[
            ("項目No.", 4),
            ("取組項目", 1),
            ("担当部署", 3),
            ("進捗区分", 4),
            ("次年度の方針", 2),
            ("内容、進め方", 2),
        ],
    ),
];

/// Decide the family by the labels that stand alone in cells (each label counted once per
/// line, capped so that one repeated label cannot win alone).
pub fn detect(doc: &Document) -> Layout {
    // Every distinct label once: each short cell is folded once and compared with all.
    let mut names: Vec<&str> = Vec::new();
    for (_, signs) in SIGNS {
        for (lab, _) in signs.iter() {
            if !names.contains(lab) {
                names.push(lab);
            }
        }
    }
    let set = label::LabelSet::new(&names);
    let mut hits = vec![0u32; set.len()];
    let mut saturated = 0usize;
    // The labels each short text matches, as bits (there are fewer than 64 labels): sheets
    // print the same labels and marks on every page, so most texts are matched once.
    let mut memo: HashMap<&str, u64> = HashMap::default();
    for line in &doc.lines {
        let mut seen = 0u64;
        for c in line.cells.iter().filter(|c| c.text.len() < 40) {
            let text = c.text.as_str();
            let bits = match memo.get(text) {
                Some(&b) => b,
                None => {
                    let mut b = 0u64;
                    set.matches(text, |i| b |= 1u64.checked_shl(i as u32).unwrap_or(0));
                    if memo.len() < MEMO_CAP {
                        memo.insert(text, b);
                    }
                    b
                }
            };
            seen |= bits;
        }
        let seen = |i: usize| seen.checked_shr(i as u32).is_some_and(|b| b & 1 == 1);
        for (_, h) in hits.iter_mut().enumerate().filter(|(i, _)| seen(*i)) {
            if *h < CAP {
                *h += 1;
                if *h == CAP {
                    saturated += 1;
                }
            }
        }
        if saturated == hits.len() {
            break;
        }
    }
    // The status table's header names its columns in words that vary from town to town
    // (担当課, 進捗状況, 令和4年度実績): a line that reads as a whole such header is a
    // strong sign of its own.
    let header = |k: usize| {
        use status_table::header::Columns;
        let line = doc.lines.get(k)?;
        Columns::from_line(line)
            .or_else(|| Columns::from_pair(line, doc.lines.get(k + 1)?))
            // Overview tables (取組一覧: 基本方針 / No / 取組内容 / 主担当課) have no status.
            .filter(|c| c.col(status_table::header::Role::Status).is_some())
    };
    let score = |signs: &[(&str, u32)]| -> u32 {
        signs
            .iter()
            .map(|(lab, w)| {
                let i = names.iter().position(|n| n == lab);
                w * i.and_then(|i| hits.get(i)).copied().unwrap_or(0)
            })
            .sum()
    };
    // The first layout with the highest score wins; the status table comes last and adds
    // 10 per header line (up to five), so only as many headers as can change the answer
    // are looked for: scanning every line for them costs more than the labels.
    let mut best = (Layout::Unknown, 0u32);
    let mut table_base = 0u32;
    for (layout, signs) in SIGNS {
        if *layout == Layout::StatusTable {
            table_base = score(signs);
        } else {
            let s = score(signs);
            if s > best.1 {
                best = (*layout, s);
            }
        }
    }
    // The status table wins with `table_base + 10 × tables` at or above this.
    let wins = (best.1 + 1).max(MIN_SCORE);
    let needed = wins.saturating_sub(table_base).div_ceil(10) as usize;
    let tables = if needed == 0 || needed > MAX_TABLES {
        0
    } else {
        (0..doc.lines.len())
            .filter(|&k| header(k).is_some())
            .take(needed)
            .count()
    };
    if needed <= MAX_TABLES && tables >= needed {
        Layout::StatusTable
    } else if best.1 < MIN_SCORE {
        Layout::Unknown
    } else {
        best.0
    }
}

/// The least score that names a layout.
const MIN_SCORE: u32 = 10;

/// Status-table header lines counted at most.
const MAX_TABLES: usize = 5;

/// Lines counted per label at most.
const CAP: u32 = 5;

/// Distinct texts remembered by [`detect`] at most (a huge document's memo stays small).
const MEMO_CAP: usize = 8192;

/// Run the family's parser.
pub fn parse(layout: Layout, doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    match layout {
        Layout::PlanReportSheets => plan_report::parse(doc, ctx),
        Layout::ActionPlanSheets => action_sheet::parse(doc, ctx),
        Layout::ImplementationPlanSheets => impl_plan::parse(doc, ctx),
        Layout::StatusTable => status_table::parse(doc, ctx),
        Layout::Unknown => {
            ctx.push(Diagnostic::warning(
                "layout.unknown",
                "no known layout: no items were read",
            ));
            Vec::new()
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_labels_fit_the_bit_set() {
        let mut names: Vec<&str> = SIGNS
            .iter()
            .flat_map(|(_, s)| s.iter().map(|l| l.0))
            .collect();
        names.sort_unstable();
        names.dedup();
        assert!(names.len() <= 64, "{} labels", names.len());
    }

    #[test]
    fn ranges_merge_consecutive_lines_only() {
        assert_eq!(
            ranges(&[1, 2, 3, 5, 7, 8]),
            vec![
                LineRange::new(1, 3),
                LineRange::one(5),
                LineRange::new(7, 8)
            ]
        );
        assert_eq!(ranges(&[]), vec![]);
        assert_eq!(ranges(&[u32::MAX]), vec![LineRange::one(u32::MAX)]);
    }

    #[test]
    fn structure_lines_are_claimed_and_listed() {
        let doc = keikaku_loader::load("a\nb\nc\nd".as_bytes()).unwrap();
        let meta = Meta::default();
        let mut ctx = Ctx::new(&doc, &meta);
        ctx.claim(1);
        ctx.claim_structure(3);
        ctx.claim_structure_range(2, 3);
        assert!(ctx.is_claimed(2) && ctx.is_claimed(3) && ctx.is_claimed(1));
        assert!(!ctx.is_claimed(4));
        assert_eq!(ctx.structure(), vec![LineRange::new(2, 3)]);
    }
}

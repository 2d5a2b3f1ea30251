//! アクションプランシート + 取組一覧: one sheet per 取組 (取組内容, 総合計画体系, 取組期間,
//! 概要・方向性, 手段, 年次計画, 指標, 取組実績, 評価), and an overview table that numbers
//! them. Sheets rarely print their No, so ids come from the overview, matched by name and
//! order; the overview's hierarchy is checked against the sheets, which are authoritative.

mod front;
mod overview;
mod sheet;
mod value;

use keikaku_loader::{Diagnostic, Document};
use schemars::JsonSchema;
use serde::Serialize;

use super::Ctx;
use crate::item::{Item, LineRange};
use crate::meta::Period;
use crate::token::{id, label};

pub use value::{Num, Target};

/// A level of the 総合計画体系 hierarchy: its number (roman for 基本方針, `(n)` for
/// 重点項目) and its name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Heading {
    pub number: Option<u32>,
    /// The number as printed (`I`, `Ⅱ`, `(3)`).
    pub raw_number: Option<String>,
    pub name: Option<String>,
}

impl Heading {
    fn name(text: &str) -> Self {
        Heading {
            number: None,
            raw_number: None,
            name: Some(text.trim().to_string()).filter(|s| !s.is_empty()),
        }
    }
}

/// One cell of the 年次計画 table: the years it runs through and its text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PlanRow {
    /// First fiscal year of the cell (its column in the header).
    pub from: Option<i32>,
    /// Last fiscal year: the year before the next filled cell of the row, or the last year.
    pub to: Option<i32>,
    pub text: String,
    /// The text split at its bullets (`・…`, `○…`); one entry when it has none.
    pub entries: Vec<String>,
    /// An arrow (`→`) printed after the cell continues it into later years.
    pub continued: bool,
    /// The row was printed in the 指標 row by mistake and moved here.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub misplaced: bool,
    /// The row's own label where the table prints one before the years (`計画`, `実績`,
    /// `取組1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub line: u32,
}

/// The year view of the 年次計画: every plan entry that runs through the year.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PlanYear {
    pub year: i32,
    pub plans: Vec<String>,
}

/// A 指標 with its yearly targets and, once reported, the values achieved (実績数値).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Indicator {
    pub name: Option<String>,
    pub targets: Vec<Target>,
    /// The row of values achieved printed under the targets; `[]` while there are none.
    pub actuals: Vec<Target>,
    /// The starting value, where the indicator prints a 現状値 / 基準値 column.
    pub baseline: Option<Target>,
    pub line: u32,
}

/// Fields of an item that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ItemExt {
    /// The 総合計画's own policy the plan sits under (`5『…』`).
    pub plan_policy: Option<Heading>,
    /// 基本方針 (roman number).
    pub basic_policy: Option<Heading>,
    /// 重点項目 (number from the 取組一覧; the sheets print only the name).
    pub focus_area: Option<Heading>,
    /// 推進項目 (unnumbered).
    pub promotion_item: Option<String>,
    /// 分類: `重点事業`, `主要事業`, or null.
    pub category: Option<String>,
    /// Every department printed under 主担当課, the main one first.
    pub departments: Vec<String>,
    /// Departments printed under 関係課 / 関係部署, where the sheet has such a label.
    pub related_departments: Vec<String>,
    /// 取組期間 in fiscal years.
    pub term: Option<Period>,
    /// 概要・方向性, one entry per paragraph or bullet.
    pub overview: Option<Vec<String>>,
    /// 手段, one entry per paragraph or bullet.
    pub measures: Option<Vec<String>>,
    /// 年次計画 per fiscal year of the header.
    pub annual_plan: Vec<PlanYear>,
    /// 年次計画 as printed: one entry per cell with the years it spans.
    pub annual_plan_rows: Vec<PlanRow>,
    /// Notes printed under the 年次計画 table.
    pub annual_plan_notes: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// Why no indicator is set (`※検討事業のため指標は設定しない`).
    pub indicator_note: Option<String>,
    /// 取組実績; null while the plan has no results.
    pub results: Option<String>,
    /// 評価; null while the plan has no results.
    pub evaluation: Option<String>,
}

/// Fields of an activity that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ActivityExt {}

/// A sheet start: a 取組内容 row with a value, confirmed by a sheet label soon after
/// (so that prose or a legend table mentioning 取組内容 does not open a sheet).
fn sheet_starts(
    doc: &Document,
    skip: &[std::ops::Range<usize>],
    kinds: &mut sheet::RowKinds<'_>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, line) in doc.lines.iter().enumerate() {
        if skip.iter().any(|r| r.contains(&i)) {
            continue;
        }
        if kinds.get(i) != Some(sheet::Kind::Start)
            || !line
                .cells
                .iter()
                .any(|c| c.col > 0 && !c.text.trim().is_empty())
        {
            continue;
        }
        let after = (i + 1..doc.lines.len()).take(12);
        let confirmed = after.into_iter().any(|l| {
            matches!(
                kinds.get(l),
                Some(
                    sheet::Kind::System
                        | sheet::Kind::Term
                        | sheet::Kind::Plan
                        | sheet::Kind::Overview
                        | sheet::Kind::Means
                )
            )
        });
        if confirmed {
            out.push(i);
        }
    }
    out
}

/// A sheet number printed above a sheet (`No. 4`) and its line.
#[derive(Debug, Clone)]
struct Printed {
    no: u32,
    raw: String,
    line: u32,
}

/// A line that only prints a sheet number: `No. 4`, `【No.4】`, `取組No.⇥4`.
pub(super) fn printed_no(line: &keikaku_loader::Line) -> Option<(u32, String)> {
    let v: Vec<&keikaku_loader::Cell> = line.filled().collect();
    match v.as_slice() {
        [one] => {
            let t = one.text.trim();
            let inner = t
                .trim_start_matches(['【', '[', '(', '〈'])
                .trim_end_matches(['】', ']', ')', '〉']);
            let (rest, levels) = id::item_id(inner)
                .ok()
                .filter(|_| {
                    inner.starts_with("No") || inner.starts_with("NO") || inner.starts_with('№')
                })
                .or_else(|| {
                    // `取組No.4`, `取組番号 4`.
                    let n = inner
                        .strip_prefix("取組No")
                        .or_else(|| inner.strip_prefix("取組番号"))?;
                    id::item_id(n.trim_start_matches(['.', ' '])).ok()
                })?;
            match (rest.trim().is_empty(), levels.as_slice()) {
                (true, [n]) => Some((*n, t.to_string())),
                _ => None,
            }
        }
        [lab, num] if sheet::is_no_label(&lab.text) => {
            let n = num.text.trim().parse::<u32>().ok()?;
            Some((n, format!("{} {}", lab.text.trim(), num.text.trim())))
        }
        _ => None,
    }
}

/// A sheet that only shows where the fields go: its title is a legend key (`②`).
fn is_legend(s: &sheet::Sheet) -> bool {
    s.title.as_deref().is_some_and(|t| {
        let t = t.trim();
        t.chars().count() == 1 && id::circled(t).is_ok()
    })
}

/// Read the items of a document of this family.
pub fn parse(doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    let contents = front::claim_contents(doc, ctx);
    let mut ov = overview::Overview::default();
    let mut skip = Vec::new();
    if let Some(h) = doc.lines.iter().position(overview::is_header) {
        front::claim_caption(doc, h, ctx);
        let (o, end) = overview::read(doc, h, ctx);
        ov = o;
        skip.push(h..end);
    }
    overview::add_contents(&mut ov, doc, &contents);
    let mut kinds = sheet::RowKinds::new(doc);
    let starts = sheet_starts(doc, &skip, &mut kinds);
    let mut sheets: Vec<(sheet::Sheet, Option<Printed>)> = Vec::new();
    let mut printed: Option<Printed> = None;
    let mut legend_after: Vec<usize> = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).copied().unwrap_or(doc.lines.len());
        let diags = ctx.diagnostics.len();
        let (s, end) = sheet::read(doc, start, stop, &mut kinds, ctx);
        if is_legend(&s) {
            // The legend's empty fields are not findings.
            ctx.diagnostics.truncate(diags);
            ctx.claim_structure_range(s.start, s.end);
            front::claim_legend_lead(doc, start, ctx);
            legend_after.push(end);
            printed = None;
        } else {
            sheets.push((s, printed.take()));
        }
        for line in doc.lines.get(end..stop).unwrap_or(&[]) {
            if let Some((n, raw)) = printed_no(line) {
                ctx.claim(line.no);
                printed = Some(Printed {
                    no: n,
                    raw,
                    line: line.no,
                });
            } else if sheet::is_page_header(line) {
                ctx.claim_structure(line.no);
            }
        }
    }
    if let Some(&s0) = starts.first() {
        // A No. line above the first sheet (when no legend sheet came first).
        let first_no = doc.lines.get(s0).map(|l| l.no);
        for line in doc.lines.get(..s0).unwrap_or(&[]) {
            let Some((n, raw)) = printed_no(line) else {
                // The running header of the first sheet's page.
                if sheet::is_page_header(line) {
                    ctx.claim_structure(line.no);
                }
                continue;
            };
            ctx.claim(line.no);
            if let Some(first) = sheets
                .first_mut()
                .filter(|(s, p)| p.is_none() && Some(s.start) == first_no)
            {
                first.1 = Some(Printed {
                    no: n,
                    raw,
                    line: line.no,
                });
            }
        }
    }
    for &e in &legend_after {
        front::claim_legend_table(doc, e, ctx);
    }
    front::claim_headings(doc, ctx);
    front::claim_repeated(doc, ctx);
    items(sheets, &ov, ctx)
}

/// Give each sheet its No: the printed one, else the overview row that follows the previous
/// sheet's (sheets run in No order) when the names agree, else the overview row with the
/// same name, else the next number.
fn items(
    sheets: Vec<(sheet::Sheet, Option<Printed>)>,
    ov: &overview::Overview,
    ctx: &mut Ctx<'_>,
) -> Vec<Item> {
    let mut out = Vec::with_capacity(sheets.len());
    let mut used: std::collections::HashSet<u32> = std::collections::HashSet::new();
    let by_key: std::collections::HashMap<Vec<char>, u32> = ov
        .rows
        .iter()
        .filter_map(|r| r.title.as_deref().map(|t| (label::key(t), r.no)))
        .collect();
    let mut prev: u32 = 0;
    for (s, printed) in sheets {
        let printed = printed.or_else(|| {
            s.printed_no.clone().map(|(no, raw)| Printed {
                no,
                raw,
                line: s.title_line,
            })
        });
        let title = s.title.clone();
        let key = title.as_deref().map(label::key).unwrap_or_default();
        let agrees = |no: u32| {
            ov.row(no)
                .and_then(|r| r.title.as_deref())
                .is_some_and(|t| similar(&label::key(t), &key))
        };
        let no = if let Some(p) = &printed {
            Some(p.no)
        } else if agrees(prev + 1) {
            Some(prev + 1)
        } else if let Some(&n) = by_key.get(&key).filter(|n| !used.contains(n)) {
            Some(n)
        } else {
            ov.rows
                .iter()
                .filter(|r| !used.contains(&r.no))
                .find(|r| {
                    r.title
                        .as_deref()
                        .is_some_and(|t| similar(&label::key(t), &key))
                })
                .map(|r| r.no)
        };
        let no = match no {
            Some(n) => n,
            None => {
                let n = prev + 1;
                let (code, msg) = if ov.rows.is_empty() {
                    (
                        "item.id-inferred",
                        format!("no 取組一覧: No.{n} inferred from the order of the sheets"),
                    )
                } else {
                    ("overview.no-row", format!("the sheet '{}' is not in the 取組一覧; No.{n} inferred from the order of the sheets", title.as_deref().unwrap_or("")))
                };
                let d = if ov.rows.is_empty() {
                    Diagnostic::info(code, msg)
                } else {
                    Diagnostic::warning(code, msg)
                };
                ctx.push(d.at(s.title_line));
                n
            }
        };
        if !used.insert(no) {
            ctx.push(
                Diagnostic::warning("item.duplicate-id", format!("No.{no} given to two sheets"))
                    .at(s.title_line),
            );
        }
        prev = no;
        let row = ov.row(no);
        out.push(item(s, no, printed, row, ov, ctx));
    }
    for r in &ov.rows {
        if !used.contains(&r.no) {
            ctx.push(
                Diagnostic::warning(
                    "overview.no-sheet",
                    format!(
                        "No.{} '{}' of the 取組一覧 has no sheet",
                        r.no,
                        r.title.as_deref().unwrap_or("")
                    ),
                )
                .at(r.line),
            );
        }
    }
    out
}

/// Titles that differ only by a particle or two (`あり方を見直し` / `あり方の見直し`).
fn similar(a: &[char], b: &[char]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let tol = (a.len().max(b.len()) / 8).min(3);
    label::distance(a, b, tol) <= tol
}

fn item(
    mut s: sheet::Sheet,
    no: u32,
    printed: Option<Printed>,
    row: Option<&overview::Row>,
    ov: &overview::Overview,
    ctx: &mut Ctx<'_>,
) -> Item {
    let raw_id = printed
        .as_ref()
        .map(|p| p.raw.clone())
        .or_else(|| row.map(|r| r.raw_no.clone()));
    let mut it = Item::new(Some(no.to_string()), raw_id, s.title.clone());
    if let Some(b) = s.basic.as_mut().filter(|b| b.number.is_none()) {
        if let Some(known) = b
            .name
            .as_deref()
            .and_then(|n| overview::basic_by_name(ov, n))
        {
            b.number = known.number;
        }
    }
    let mut focus = s.focus.clone();
    if let Some(f) = focus.as_mut().filter(|f| f.number.is_none()) {
        let basic = s.basic.as_ref().and_then(|b| b.number);
        f.number = f
            .name
            .as_deref()
            .and_then(|n| overview::focus_number(ov, basic, n));
    }
    if let Some(r) = row {
        compare(&s, focus.as_ref(), r, no, ctx);
    }
    let mut departments = s.departments.clone();
    if departments.is_empty() {
        if let Some(d) = row.and_then(|r| r.department.clone()) {
            ctx.push(
                Diagnostic::info(
                    "item.department-from-overview",
                    format!("No.{no}: 主担当課 taken from the 取組一覧"),
                )
                .at(s.title_line),
            );
            departments = split_departments(&d);
        }
    }
    it.department = departments.first().cloned();
    if it.department.is_none() {
        ctx.push(
            Diagnostic::warning("item.no-department", format!("No.{no}: no 主担当課"))
                .at(s.title_line),
        );
    }
    if s.title.is_none() {
        ctx.push(Diagnostic::warning("item.no-title", format!("No.{no}: no 取組内容")).at(s.start));
    }
    if s.overview.is_none() {
        ctx.push(
            Diagnostic::warning(
                "sheet.no-overview",
                format!("No.{no}: no 概要・方向性 text"),
            )
            .at(s.start),
        );
    }
    if s.measures.is_none() {
        ctx.push(
            Diagnostic::warning("sheet.no-measures", format!("No.{no}: no 手段 text")).at(s.start),
        );
    }
    let mut source = Vec::new();
    if let Some(p) = printed
        .as_ref()
        .filter(|p| p.line < s.start || p.line > s.end)
    {
        source.push(LineRange::one(p.line));
    }
    source.push(LineRange::new(s.start, s.end));
    if let Some(r) = row {
        source.push(LineRange::one(r.line));
        source.extend(r.more.iter().map(|&l| LineRange::one(l)));
    }
    source.sort_by_key(|r| (r.from, r.to));
    it.source = source;
    let annual_plan = sheet::by_year(&s);
    it.action_sheet = Some(ItemExt {
        plan_policy: s.plan_policy,
        basic_policy: s.basic,
        focus_area: focus,
        promotion_item: s.promotion,
        category: s.category,
        departments,
        related_departments: s.related_departments,
        term: s.term,
        overview: s.overview,
        measures: s.measures,
        annual_plan,
        annual_plan_rows: s.plan_rows,
        annual_plan_notes: s.plan_notes,
        indicators: s.indicators,
        indicator_note: s.indicator_note,
        results: s.results,
        evaluation: s.evaluation,
    });
    it
}

/// `総務課・契約管財課` → both (`子ども・子育て支援課` stays one).
fn split_departments(d: &str) -> Vec<String> {
    sheet::split_departments(d)
}

/// Report where the overview disagrees with the sheet (the sheet is kept).
fn compare(
    s: &sheet::Sheet,
    focus: Option<&Heading>,
    r: &overview::Row,
    no: u32,
    ctx: &mut Ctx<'_>,
) {
    let mut diffs: Vec<String> = Vec::new();
    let k = |t: Option<&str>| t.map(label::key);
    if k(s.title.as_deref()) != k(r.title.as_deref()) {
        diffs.push(format!(
            "取組内容 '{}' (一覧) vs '{}' (sheet)",
            r.title.as_deref().unwrap_or(""),
            s.title.as_deref().unwrap_or("")
        ));
    }
    let num = |h: Option<&Heading>| h.and_then(|h| h.number);
    if num(r.basic.as_ref()) != num(s.basic.as_ref()) {
        diffs.push(format!(
            "基本方針 {:?} (一覧) vs {:?} (sheet)",
            num(r.basic.as_ref()),
            num(s.basic.as_ref())
        ));
    }
    let name = |h: Option<&Heading>| h.and_then(|h| h.name.as_deref()).map(label::key);
    if name(r.focus.as_ref()) != name(focus) {
        diffs.push(format!(
            "重点項目 '{}' (一覧) vs '{}' (sheet)",
            r.focus
                .as_ref()
                .and_then(|h| h.name.as_deref())
                .unwrap_or(""),
            focus.and_then(|h| h.name.as_deref()).unwrap_or("")
        ));
    }
    if k(r.promotion.as_deref()) != k(s.promotion.as_deref()) {
        diffs.push(format!(
            "推進項目 '{}' (一覧) vs '{}' (sheet)",
            r.promotion.as_deref().unwrap_or(""),
            s.promotion.as_deref().unwrap_or("")
        ));
    }
    if let Some(d) = &r.department {
        let mut a = split_departments(d);
        let mut b = s.departments.clone();
        a.sort();
        b.sort();
        if !b.is_empty() && a != b {
            diffs.push(format!(
                "主担当課 '{}' (一覧) vs '{}' (sheet)",
                d,
                s.departments.join("・")
            ));
        }
    }
    for d in diffs {
        ctx.push(
            Diagnostic::warning(
                "overview.mismatch",
                format!("No.{no}: {d}; the sheet is kept"),
            )
            .at(r.line),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_line(s: &str) -> keikaku_loader::Line {
        let doc = keikaku_loader::load(s.as_bytes()).unwrap();
        doc.lines.into_iter().next().unwrap()
    }

    #[test]
    fn sheet_numbers_printed_above_a_sheet() {
        let no = |s: &str| printed_no(&first_line(s)).map(|x| x.0);
        assert_eq!(no("No. 4"), Some(4));
        assert_eq!(no("【No.5】"), Some(5));
        assert_eq!(no("取組No.\t6"), Some(6));
        assert_eq!(no("取組番号 7"), Some(7));
        assert_eq!(no("No. ① 結城市行政改革大綱アクションプランシート"), None);
        assert_eq!(no("No.\t取組内容"), None);
        assert_eq!(no("No.5 窓口の充実"), None);
    }

    #[test]
    fn a_number_before_the_name_label_opens_a_sheet() {
        let doc = keikaku_loader::load(
            "No.\t5\t取組内容\t窓口の充実\n総合計画体系\tⅠ 行政\t\t主担当課\n\t窓口の強化\t\t市民課\n取組期間\t(令和4年度~令和8年度)\n"
                .as_bytes(),
        )
        .unwrap();
        let meta = crate::meta::Meta::default();
        let mut ctx = Ctx::new(&doc, &meta);
        let items = parse(&doc, &mut ctx);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id.as_deref(), Some("5"));
        assert_eq!(items[0].title.as_deref(), Some("窓口の充実"));
    }
}

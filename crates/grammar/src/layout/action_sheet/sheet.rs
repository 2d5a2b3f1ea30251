//! One アクションプランシート: rows labelled in column 0 (取組内容, 総合計画体系, 取組期間,
//! 【概要…】, 【手段…】, 年次計画, 指標, 取組実績, 評価), each followed by continuation rows
//! whose column 0 is empty.

use std::sync::{LazyLock, OnceLock};

use keikaku_loader::{Cell, Diagnostic, Document, Line};

use super::value::{self, Target};
use super::{Heading, Indicator, PlanRow, PlanYear};
use crate::layout::Ctx;
use crate::meta::Period;
use crate::token::{label, year};

/// What a row's column 0 says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Start,
    System,
    Term,
    Overview,
    Means,
    Plan,
    Indicator,
    Results,
    Evaluation,
    /// 主担当課 / 関係課 printed as a row label of its own (`担当課⇥総務課`).
    Dept,
}

const LABELS: &[(Kind, &[&str])] = &[
    (
        Kind::Start,
        &["取組内容", "取組名", "取組項目", "取組事項", "事業名"],
    ),
    (Kind::System, &["総合計画体系", "計画体系", "体系"]),
    (Kind::Term, &["取組期間", "実施期間", "計画期間"]),
    // Unbracketed section labels (`概要⇥TEXT`, `手段⇥TEXT`).
    (
        Kind::Overview,
        &["概要・方向性", "概要", "現状と課題", "取組の概要", "目的"],
    ),
    (
        Kind::Means,
        &["手段", "具体的な取組", "取組方法", "事業内容", "実施内容"],
    ),
    (Kind::Plan, &["年次計画", "年度別計画", "スケジュール"]),
    (
        Kind::Indicator,
        &[
            "指標",
            "成果指標",
            "目標指標",
            "活動指標",
            "評価指標",
            "数値目標",
            "指標名",
        ],
    ),
    (Kind::Results, &["取組実績", "実績"]),
    (Kind::Evaluation, &["評価"]),
    (
        Kind::Dept,
        &[
            "主担当課",
            "担当課",
            "所管課",
            "主管課",
            "担当部署",
            "所管部署",
            "主管部署",
            "担当部局",
            "関係課",
            "関係部署",
            "関連課",
            "協力課",
            "副担当課",
            "関係各課",
        ],
    ),
];

/// The kind of a column-0 label. Bracketed section titles (`【概要・方向性(…)】`) are
/// told apart by their first words; legend keys (`②取組内容`) are not labels.
pub fn kind(text: &str) -> Option<Kind> {
    let t = text.trim();
    if t.is_empty() || t.starts_with(id_circled) {
        return None;
    }
    if let Some(inner) = bracketed(t) {
        if inner.starts_with("手段")
            || inner.starts_with("事業内容")
            || inner.starts_with("取組内容")
            || inner.starts_with("具体的な取組")
            || inner.starts_with("取組方法")
        {
            return Some(Kind::Means);
        }
        if inner.starts_with("概要")
            || inner.starts_with("現状")
            || inner.contains("方向性")
            || inner.contains("概要")
            || inner.starts_with("目的")
        {
            return Some(Kind::Overview);
        }
        return None;
    }
    let found = |t: &str| {
        // The first kind (in `LABELS` order) one of whose labels the text is.
        let (kinds, set) = label_set();
        let mut first: Option<usize> = None;
        set.matches(t, |i| {
            first.get_or_insert(i);
        });
        first.and_then(|i| kinds.get(i).copied())
    };
    // `取組1` is one edit from `取組名`: a label never ends in a number, so such text
    // only matches a numbered indicator below.
    let numbered = t.ends_with(|c: char| c.is_ascii_digit() || id_circled(c));
    (!numbered).then(|| found(t)).flatten().or_else(|| {
        // Numbered indicators: `指標1`, `指標②`, `指標(2)`.
        let base = t.trim_end_matches(|c: char| {
            c.is_ascii_digit() || id_circled(c) || "()（） ".contains(c)
        });
        (base.len() < t.len())
            .then(|| found(base))
            .flatten()
            .filter(|k| *k == Kind::Indicator)
    })
}

/// Every label of [`LABELS`] in one set (folded once), with the kind of each.
fn label_set() -> &'static (Vec<Kind>, label::LabelSet<'static>) {
    static SET: OnceLock<(Vec<Kind>, label::LabelSet<'static>)> = OnceLock::new();
    SET.get_or_init(|| {
        let pairs = LABELS
            .iter()
            .flat_map(|(k, ls)| ls.iter().map(move |l| (*k, *l)));
        let (kinds, names): (Vec<Kind>, Vec<&'static str>) = pairs.unzip();
        (kinds, label::LabelSet::new(&names))
    })
}

fn id_circled(c: char) -> bool {
    crate::token::id::circled(c.encode_utf8(&mut [0; 4])).is_ok()
}

/// `【…】`, `[…]`, `〈…〉` around the whole text: the inside.
fn bracketed(t: &str) -> Option<&str> {
    let open = t.chars().next()?;
    let close = t.chars().next_back()?;
    let pair = matches!(
        (open, close),
        ('【', '】') | ('[', ']') | ('〈', '〉') | ('<', '>') | ('《', '》') | ('■', _) | ('◆', _)
    );
    if !pair {
        return None;
    }
    let inner = &t[open.len_utf8()..];
    let inner = inner
        .strip_suffix(close)
        .filter(|_| close != open)
        .unwrap_or(inner);
    Some(inner.trim())
}

/// The label of a row: the kind of its column-0 cell.
pub fn row_kind(line: &Line) -> Option<Kind> {
    kind(line.cell(0)).or_else(|| no_first(line).then_some(Kind::Start))
}

/// [`row_kind`] of a document's lines, each read once: the sheet finder asks about every
/// line (and the dozen after each sheet start), and the sheet reader about the same lines
/// again; a row's kind depends on the line only.
pub struct RowKinds<'d> {
    doc: &'d Document,
    memo: Vec<Option<Option<Kind>>>,
}

impl<'d> RowKinds<'d> {
    pub fn new(doc: &'d Document) -> Self {
        RowKinds {
            doc,
            memo: vec![None; doc.lines.len()],
        }
    }

    /// [`row_kind`] of `doc.lines[i]` (`None` past the end).
    pub fn get(&mut self, i: usize) -> Option<Kind> {
        let line = self.doc.lines.get(i)?;
        match self.memo.get_mut(i) {
            Some(Some(k)) => *k,
            Some(slot) => *slot.insert(row_kind(line)),
            None => row_kind(line),
        }
    }
}

/// Labels that stand before a sheet's number.
const NO_LABELS: &[&str] = &[
    "No",
    "No.",
    "NO",
    "NO.",
    "番号",
    "№",
    "取組No",
    "取組No.",
    "取組番号",
];

pub(super) fn is_no_label(t: &str) -> bool {
    NO_LABELS.contains(&t.trim())
}

/// `No.5`, `№5` alone in a cell.
fn whole_no(t: &str) -> Option<u32> {
    let t = t.trim();
    if !(t.starts_with("No") || t.starts_with("NO") || t.starts_with('№')) {
        return None;
    }
    let (r, levels) = crate::token::id::item_id(t).ok()?;
    match (levels.as_slice(), r.trim().is_empty()) {
        ([n], true) => Some(*n),
        _ => None,
    }
}

/// `No.⇥5⇥取組内容⇥NAME` or `No.5⇥取組内容⇥NAME`: the sheet's number printed before its
/// 取組内容 label, in column 0.
fn no_first(line: &Line) -> bool {
    let v: Vec<&Cell> = line.filled().collect();
    let is_start = |c: &&Cell| kind(&c.text) == Some(Kind::Start);
    match v.as_slice() {
        [lab, num, start, ..] if lab.col == 0 && is_no_label(&lab.text) => {
            num.text.trim().parse::<u32>().is_ok() && is_start(start)
        }
        [lab, start, ..] if lab.col == 0 => whole_no(&lab.text).is_some() && is_start(start),
        _ => false,
    }
}

/// Cells after column 0 that hold text.
fn values(line: &Line) -> Vec<&Cell> {
    line.cells
        .iter()
        .filter(|c| c.col > 0 && !c.text.trim().is_empty())
        .collect()
}

fn joined(cells: &[&Cell]) -> Option<String> {
    let parts: Vec<&str> = cells.iter().map(|c| c.text.trim()).collect();
    let s = parts.join(" ");
    (!s.trim().is_empty()).then_some(s)
}

/// A sheet as read, before ids are given.
#[derive(Debug, Default)]
pub struct Sheet {
    pub start: u32,
    /// A No printed on the 取組内容 row itself.
    pub printed_no: Option<(u32, String)>,
    pub end: u32,
    pub title: Option<String>,
    pub title_line: u32,
    pub plan_policy: Option<Heading>,
    pub basic: Option<Heading>,
    pub focus: Option<Heading>,
    pub promotion: Option<String>,
    pub category: Option<String>,
    pub departments: Vec<String>,
    pub related_departments: Vec<String>,
    pub term: Option<Period>,
    pub overview: Option<Vec<String>>,
    pub measures: Option<Vec<String>>,
    pub plan_years: Vec<i32>,
    /// Column → year of the 年次計画 header, for the plan rows and the targets.
    pub plan_cols: Vec<(u16, i32)>,
    pub plan_rows: Vec<PlanRow>,
    pub plan_notes: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub indicator_note: Option<String>,
    pub results: Option<String>,
    pub evaluation: Option<String>,
    /// A 主担当課 label was printed (even with no name under it).
    pub dept_labelled: bool,
    /// The 総合計画体系 row, where a missing department is reported.
    pub system_line: Option<u32>,
}

/// A block: a labelled row and the continuation rows after it (indices into `doc.lines`).
struct Block<'d> {
    kind: Kind,
    head: &'d Line,
    rest: Vec<&'d Line>,
}

/// Read the sheet whose 取組内容 row is `doc.lines[start]`; `stop` is the index of the next
/// sheet's first row. Returns the sheet and the index after its last row: rows past it
/// (page headers, No. lines, footers) are for the caller.
pub fn read<'d>(
    doc: &'d Document,
    start: usize,
    stop: usize,
    kinds: &mut RowKinds<'d>,
    ctx: &mut Ctx<'_>,
) -> (Sheet, usize) {
    let lines = doc.lines.get(start..stop).unwrap_or(&[]);
    let mut blocks: Vec<Block<'_>> = Vec::new();
    let mut end = start;
    for (k, line) in lines.iter().enumerate() {
        match kinds.get(start + k) {
            Some(kind) if k == 0 || kind != Kind::Start => blocks.push(Block {
                kind,
                head: line,
                rest: Vec::new(),
            }),
            Some(_) => break,
            None if is_page_header(line) => ctx.claim_structure(line.no),
            None => {
                let in_sheet = line.cell(0).trim().is_empty()
                    || blocks.last().is_some_and(|b| free_text_allowed(b.kind))
                    || blocks.last().is_some_and(|b| indicator_table_row(b, line))
                    || blocks
                        .last()
                        .is_some_and(|b| b.kind == Kind::Indicator && value_label(line).is_some())
                    || blocks.last().is_some_and(|b| results_paragraph(b, line));
                match blocks.last_mut() {
                    Some(b) if in_sheet => b.rest.push(line),
                    _ => break,
                }
            }
        }
        end = start + k + 1;
    }
    let mut sheet = Sheet {
        start: lines.first().map_or(0, |l| l.no),
        end: doc.lines.get(end.saturating_sub(1)).map_or(0, |l| l.no),
        ..Sheet::default()
    };
    for b in &blocks {
        ctx.claim(b.head.no);
        for l in &b.rest {
            ctx.claim(l.no);
        }
    }
    let mut pending_plan: Vec<&Line> = Vec::new();
    for b in &blocks {
        match b.kind {
            Kind::Start => {
                let cells: Vec<&Cell> = if no_first(b.head) {
                    b.head.filled().collect()
                } else {
                    values(b.head)
                };
                let (head, no) = split_no(&cells);
                // The 取組内容 label itself when the number came first.
                let mut head: Vec<&Cell> = head
                    .into_iter()
                    .skip_while(|c| kind(&c.text) == Some(Kind::Start))
                    .collect();
                // `取組内容⇥NAME⇥主担当課⇥総務課`: the department on the name's row.
                if let Some(k) = head.iter().position(|c| is_dept_label(&c.text)) {
                    read_dept_cells(head.get(k..).unwrap_or(&[]), &mut sheet);
                    head.truncate(k);
                }
                sheet.printed_no = no;
                // A long name wraps onto continuation rows before 総合計画体系.
                let mut parts: Vec<String> = joined(&head).into_iter().collect();
                parts.extend(b.rest.iter().filter_map(|l| joined(&values(l))));
                sheet.title = (!parts.is_empty()).then(|| parts.concat().trim().to_string());
                sheet.title_line = b.head.no;
            }
            Kind::System => read_system(doc, b, &mut sheet, ctx),
            Kind::Term => {
                let text = joined(&values(b.head)).unwrap_or_default();
                sheet.term = term(&text, ctx.meta.period.map(|p| p.to));
                if sheet.term.is_none() {
                    ctx.push(
                        Diagnostic::warning("sheet.no-term", "取組期間 without a year range")
                            .at(b.head.no),
                    );
                }
            }
            Kind::Overview => sheet.overview = section(doc, b),
            Kind::Means => sheet.measures = section(doc, b),
            Kind::Plan => read_plan(doc, b, &mut sheet),
            Kind::Indicator => read_indicator(b, &mut sheet, &mut pending_plan, ctx),
            Kind::Results => sheet.results = free(b),
            Kind::Evaluation => sheet.evaluation = free(b),
            Kind::Dept => {
                let mut cells: Vec<&Cell> = b.head.filled().collect();
                for l in &b.rest {
                    cells.extend(values(l));
                }
                read_dept_cells(&cells, &mut sheet);
            }
        }
    }
    if !sheet.dept_labelled && sheet.departments.is_empty() {
        ctx.push(
            Diagnostic::warning("item.no-department", "the sheet prints no 主担当課")
                .at(sheet.system_line.unwrap_or(sheet.start)),
        );
    }
    for line in pending_plan {
        plan_row(doc, line, &mut sheet, true);
    }
    if !blocks.iter().any(|b| b.kind == Kind::Term) {
        ctx.push(
            Diagnostic::warning("sheet.no-term", "the sheet prints no 取組期間").at(sheet.start),
        );
    }
    (sheet, end)
}

/// 取組期間: a range of years (`令和4年度~令和8年度`, `令和4~8年度` with the era printed
/// once), a single year (`令和4年度`: that year only), or an open end (`令和4年度~`: to the
/// end of the plan's period).
fn term(text: &str, plan_end: Option<i32>) -> Option<Period> {
    if let Some((from, to)) = year::find_range(text) {
        return Some(Period { from, to });
    }
    let years = year::find_years(text);
    let [(from, r)] = years.as_slice() else {
        return None;
    };
    let after = text.get(r.end..).unwrap_or("").trim_start();
    let Some(rest) = after.strip_prefix(['~', '〜', '-']) else {
        return after.is_empty().then_some(Period {
            from: *from,
            to: *from,
        });
    };
    let rest = rest.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        // The era printed once: `令和4~8年度` reads the second number in the same era.
        let start = text.get(r.clone()).unwrap_or("");
        let era_len = start.find(|c: char| c.is_ascii_digit() || c == '元')?;
        let second = format!("{}{digits}年度", start.get(..era_len)?);
        let to = year::cell_year(&second).filter(|to| to > from)?;
        return Some(Period { from: *from, to });
    }
    plan_end
        .filter(|end| end >= from)
        .map(|to| Period { from: *from, to })
}

/// A running page header (`…アクションプランシート`) or a page number, which may fall
/// inside a sheet that runs over a page break.
pub fn is_page_header(line: &Line) -> bool {
    let v: Vec<&Cell> = line.filled().collect();
    matches!(v.as_slice(), [one] if one.col == 0
        && ((one.text.trim().ends_with("シート") && one.text.chars().count() <= 40)
            || super::front::is_page_number(one.text.trim())))
}

/// Text in column 0 right under 取組実績 / 評価 (no blank line between) is their paragraph;
/// after a blank line it is whatever follows the sheet (a footer, the next sheet's No).
fn results_paragraph(b: &Block<'_>, line: &Line) -> bool {
    let last = b.rest.last().map_or(b.head.no, |l| l.no);
    matches!(b.kind, Kind::Results | Kind::Evaluation)
        && line.no == last + 1
        && super::printed_no(line).is_none()
}

/// Under a 指標 row that prints a header of years (`指標⇥現状値(R4)⇥R5⇥…`), each indicator
/// is a row of its own with its name in column 0 and its values under the years.
fn indicator_table_row(b: &Block<'_>, line: &Line) -> bool {
    b.kind == Kind::Indicator
        && indicator_header(b.head).is_some()
        && super::printed_no(line).is_none()
        && values(line).len() >= 2
}

/// A value row labelled in column 0 (`目標値⇥500件⇥…`, `実績値⇥520件`).
fn value_label(line: &Line) -> Option<Values> {
    let t = line.cell(0).trim();
    if TARGETS.any(t) {
        Some(Values::Targets)
    } else if ACTUALS.any(t) {
        Some(Values::Actuals)
    } else {
        None
    }
}

/// Sections whose text may start in column 0 (paragraphs under a bracketed title, notes
/// under the year plan).
fn free_text_allowed(kind: Kind) -> bool {
    matches!(kind, Kind::Overview | Kind::Means | Kind::Plan)
}

/// The text of a section as list entries; `None` when nothing is printed.
fn section(doc: &Document, b: &Block<'_>) -> Option<Vec<String>> {
    let mut cells: Vec<&Cell> = values(b.head);
    for l in &b.rest {
        cells.extend(l.cells.iter().filter(|c| !c.text.trim().is_empty()));
    }
    let e = value::cells_entries(doc, &cells);
    (!e.is_empty()).then_some(e)
}

/// A No printed on the 取組内容 row (`取組内容⇥NAME⇥No.⇥5` or `…⇥No.5`): the other cells
/// and the number as printed.
fn split_no<'c>(cells: &[&'c Cell]) -> (Vec<&'c Cell>, Option<(u32, String)>) {
    let mut rest = Vec::new();
    let mut no = None;
    let mut k = 0;
    while let Some(c) = cells.get(k) {
        let t = c.text.trim();
        match (is_no_label(t), cells.get(k + 1)) {
            (true, Some(n)) if n.text.trim().parse::<u32>().is_ok() => {
                let v = n.text.trim();
                no = v.parse().ok().map(|x| (x, format!("{t} {v}")));
                k += 2;
                continue;
            }
            _ => {}
        }
        if no.is_none() {
            if let Some(n) = whole_no(t) {
                no = Some((n, t.to_string()));
                k += 1;
                continue;
            }
        }
        rest.push(*c);
        k += 1;
    }
    (rest, no)
}

/// 取組実績 / 評価: the text on the row and its continuation rows, or `None`.
fn free(b: &Block<'_>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(joined(&values(b.head)));
    for l in &b.rest {
        let cells: Vec<&Cell> = l.filled().collect();
        parts.extend(joined(&cells));
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

const DEPT_LABELS: &[&str] = &[
    "主担当課",
    "担当課",
    "所管課",
    "主管課",
    "担当部署",
    "所管部署",
    "主管部署",
    "担当部局",
];
const RELATED_LABELS: &[&str] = &[
    "関係課",
    "関係部署",
    "関連課",
    "協力課",
    "副担当課",
    "関係各課",
];

/// Which department list a value goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Main,
    Related,
}

fn is_dept_label(t: &str) -> bool {
    dept_label(t).is_some()
}

/// Which list a department label opens. `主担当課` and `副担当課` are one edit apart, so a
/// label printed exactly wins over a tolerant match.
fn dept_label(t: &str) -> Option<Owner> {
    let t = t.trim();
    let (main, related) = dept_sets();
    // A label's key is never longer than the label: a text whose key is longer than the
    // longest label equals none, and need not be folded to its end.
    let tk = label::key_head(t, main.longest.max(related.longest) + 1);
    if main.exact(&tk) {
        Some(Owner::Main)
    } else if related.exact(&tk) {
        Some(Owner::Related)
    } else if main.set.any(t) {
        Some(Owner::Main)
    } else if related.set.any(t) {
        Some(Owner::Related)
    } else {
        None
    }
}

/// A department label list folded once: each label's key and character count, and the
/// list as a [`label::LabelSet`] (which matches as [`label::is_label`] does).
struct DeptLabels {
    keys: Vec<(Vec<char>, usize)>,
    set: label::LabelSet<'static>,
    /// The most characters of a label.
    longest: usize,
}

impl DeptLabels {
    fn new(labels: &[&'static str]) -> Self {
        let keys: Vec<(Vec<char>, usize)> = labels
            .iter()
            .map(|l| (label::key(l), l.chars().count()))
            .collect();
        DeptLabels {
            longest: keys.iter().map(|k| k.1).max().unwrap_or(0),
            keys,
            set: label::LabelSet::new(labels),
        }
    }

    /// Is `tk` the key of one of the labels, printed exactly?
    fn exact(&self, tk: &[char]) -> bool {
        self.keys.iter().any(|(k, n)| *n >= tk.len() && k == tk)
    }
}

fn dept_sets() -> &'static (DeptLabels, DeptLabels) {
    static SETS: OnceLock<(DeptLabels, DeptLabels)> = OnceLock::new();
    SETS.get_or_init(|| {
        (
            DeptLabels::new(DEPT_LABELS),
            DeptLabels::new(RELATED_LABELS),
        )
    })
}

/// `総務課・企画課` / `総務課、企画課` in one cell are two departments; a name with a `・`
/// inside (`子ども・子育て支援課`) is one.
pub(super) fn split_departments(t: &str) -> Vec<String> {
    // A cell broken over lines: `総務部<br>総務課` is one department (a 部 and its 課);
    // other lines are departments of their own.
    if t.contains('\n') {
        let mut out: Vec<String> = Vec::new();
        for line in t.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
            match out.last_mut() {
                Some(prev) if is_division(prev) && looks_like_department(line) => {
                    prev.push_str(line);
                }
                _ => out.extend(split_departments(line)),
            }
        }
        return out;
    }
    let parts: Vec<&str> = t
        .split(['・', '、', ',', '/', '／'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 && parts.iter().all(|p| looks_like_department(p)) {
        parts.into_iter().map(str::to_string).collect()
    } else {
        Some(t.trim().to_string())
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect()
    }
}

/// A 部 / 局 / 本部 name with no section after it: the first half of `総務部総務課`.
fn is_division(t: &str) -> bool {
    (t.ends_with('部') || t.ends_with('局')) && !t.contains('課') && !t.contains('室')
}

/// Names of municipal departments end in one of these.
fn looks_like_department(t: &str) -> bool {
    const ENDS: &[&str] = &[
        "課",
        "室",
        "局",
        "部",
        "係",
        "所",
        "センター",
        "館",
        "署",
        "委員会",
        "事務局",
        "庁",
        "グループ",
        "チーム",
        "班",
    ];
    t.chars().count() <= 20 && ENDS.iter().any(|e| t.ends_with(e))
}

/// 総合計画体系: the first value of each row is a level of the hierarchy (plan policy,
/// 基本方針, 重点項目, 推進項目); the other cells hold 分類 (before the 主担当課 label) and the
/// departments (under it).
fn read_system(doc: &Document, b: &Block<'_>, sheet: &mut Sheet, ctx: &mut Ctx<'_>) {
    let rows: Vec<&Line> = std::iter::once(b.head)
        .chain(b.rest.iter().copied())
        .collect();
    let mut levels: Vec<&Cell> = Vec::new();
    let mut dept_col: Option<u16> = None;
    let mut related_col: Option<u16> = None;
    // Levels announced by their own label (`⇥基本方針⇥I …`), where a sheet prints them.
    let mut named: [Option<&Cell>; 3] = [None; 3];
    for row in &rows {
        let vals = values(row);
        let mut side = vals.iter().peekable();
        // A department label standing in the levels' column labels its row, not a level.
        // A name under a department label (its column known) is a department, not a level.
        let label_col = dept_col.or(related_col);
        if let Some(first) =
            side.next_if(|c| !is_dept_label(&c.text) && label_col.is_none_or(|lc| c.col < lc))
        {
            match level_label(&first.text) {
                Some(k) => {
                    if let (Some(slot), Some(v)) = (named.get_mut(k), side.next()) {
                        *slot = Some(v);
                    }
                }
                None => levels.push(first),
            }
        }
        // Values to the right of a label on its own row belong to it (`関係課⇥⇥全庁`).
        let mut row_owner: Option<Owner> = None;
        // The cell right after a label on its row is its value, whatever its ending
        // (`主担当課⇥会計管理者`), unless it is a 分類 (`…事業`).
        let mut right_after = false;
        for c in side {
            let t = c.text.trim();
            match dept_label(t) {
                Some(Owner::Main) => {
                    dept_col = Some(c.col);
                    related_col = None;
                    row_owner = Some(Owner::Main);
                    right_after = true;
                    continue;
                }
                Some(Owner::Related) => {
                    related_col = Some(c.col);
                    row_owner = Some(Owner::Related);
                    right_after = true;
                    continue;
                }
                None => {}
            }
            let next_to_label = std::mem::take(&mut right_after)
                && !t.ends_with("事業")
                && label::strip_label(t, "分類").is_none();
            if dept_col.is_none() {
                if let Some(rest) = label::strip_label(t, "主担当課").filter(|r| !r.is_empty())
                {
                    dept_col = Some(c.col);
                    sheet.departments.push(rest.to_string());
                    continue;
                }
            }
            let shaped = looks_like_department(t);
            // The column of the latest label decides; a department-shaped name in a
            // shifted column goes to the latest label.
            let owner =
                if row_owner.is_some() && (shaped || next_to_label || Some(c.col) == related_col) {
                    row_owner
                } else if related_col == Some(c.col) {
                    Some(Owner::Related)
                } else if dept_col == Some(c.col) {
                    Some(Owner::Main)
                } else if shaped && related_col.is_some() {
                    Some(Owner::Related)
                } else if shaped && dept_col.is_some() {
                    Some(Owner::Main)
                } else {
                    None
                };
            match owner {
                // `総務部` over `総務課` in the department column: one department.
                Some(Owner::Main)
                    if sheet.departments.last().is_some_and(|d| is_division(d))
                        && looks_like_department(t)
                        && !is_division(t) =>
                {
                    if let Some(d) = sheet.departments.last_mut() {
                        d.push_str(t);
                    }
                }
                Some(Owner::Main) => sheet.departments.extend(split_departments(t)),
                Some(Owner::Related) => sheet.related_departments.extend(split_departments(t)),
                None => {
                    let v = label::strip_label(t, "分類").unwrap_or(t).trim();
                    if !v.is_empty() && sheet.category.is_none() {
                        sheet.category = Some(v.to_string());
                    }
                }
            }
        }
    }
    // 基本方針 is the level printed with a roman number; the one before it is the
    // 総合計画's own policy, the two after it 重点項目 and 推進項目.
    let basic_at = levels
        .iter()
        .position(|c| super::overview::numbered(doc, c).is_some_and(|(roman, _)| roman));
    let (policy, basic_at) = match basic_at {
        Some(k) => (k.checked_sub(1), k),
        None if named.iter().any(Option::is_some) => (levels.first().map(|_| 0), usize::MAX),
        None => {
            ctx.push(
                Diagnostic::warning(
                    "sheet.no-basic-policy",
                    "総合計画体系 prints no 基本方針 with a roman number; levels taken by position",
                )
                .at(b.head.no),
            );
            if levels.len() >= 4 {
                (Some(0), 1)
            } else {
                (None, 0)
            }
        }
    };
    if let Some(p) = policy.and_then(|k| levels.get(k)) {
        sheet.plan_policy = Some(policy_heading(&p.text));
    }
    let level = |k: usize| named[k].or_else(|| levels.get(basic_at.checked_add(k)?).copied());
    if let Some(c) = level(0) {
        sheet.basic = Some(match super::overview::numbered(doc, c) {
            Some((_, h)) => h,
            None => super::overview::leading_number(&c.text),
        });
    }
    if let Some(c) = level(1) {
        sheet.focus = Some(match super::overview::numbered(doc, c) {
            Some((false, h)) => h,
            _ => Heading::name(&c.text),
        });
    }
    if let Some(c) = level(2) {
        sheet.promotion = Some(c.text.trim().to_string());
    }
    sheet.dept_labelled |= dept_col.is_some();
    sheet.system_line = Some(b.head.no);
}

/// Cells after a department label on its row (or under a `担当課` row label): every value
/// goes to the latest label, main or related.
fn read_dept_cells(cells: &[&Cell], sheet: &mut Sheet) {
    let mut owner = Owner::Main;
    for c in cells {
        let t = c.text.trim();
        if let Some(o) = dept_label(t) {
            owner = o;
            sheet.dept_labelled |= o == Owner::Main;
        } else if owner == Owner::Main {
            sheet.departments.extend(split_departments(t));
        } else {
            sheet.related_departments.extend(split_departments(t));
        }
    }
}

/// `基本方針` / `重点項目` / `推進項目` printed as a label before the level's value.
fn level_label(text: &str) -> Option<usize> {
    static LEVELS: LazyLock<[label::LabelSet<'static>; 3]> = LazyLock::new(|| {
        [
            &["基本方針", "基本目標", "大綱の柱"][..],
            &["重点項目", "重点取組", "施策"],
            &["推進項目", "実施項目"],
        ]
        .map(label::LabelSet::new)
    });
    LEVELS.iter().position(|ls| ls.any(text))
}

/// `5『「チャレンジする市役所」への変革!』`: a number, then the name.
fn policy_heading(text: &str) -> Heading {
    let t = text.trim();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = t[digits.len()..].trim();
    Heading {
        number: digits.parse().ok(),
        raw_number: (!digits.is_empty()).then(|| digits.clone()),
        name: (!rest.is_empty()).then(|| rest.to_string()),
    }
}

/// 年次計画: the header row gives the year of each column; the rows after it are plan rows.
/// Text in column 0 under it is a note.
fn read_plan(doc: &Document, b: &Block<'_>, sheet: &mut Sheet) {
    let header = |l: &Line| -> Vec<(u16, i32)> {
        values(l)
            .iter()
            .filter_map(|c| header_year(&c.text).map(|y| (c.col, y)))
            .collect()
    };
    sheet.plan_cols = header(b.head);
    let mut rows: &[&Line] = &b.rest;
    // `年次計画` alone, its years on the next row.
    if sheet.plan_cols.is_empty() {
        if let Some((first, more)) = b.rest.split_first() {
            let cols = header(first);
            if cols.len() >= 2 {
                sheet.plan_cols = cols;
                rows = more;
            }
        }
    }
    sheet.plan_years = sheet.plan_cols.iter().map(|&(_, y)| y).collect();
    for l in rows {
        // A row labelled in column 0 (`計画⇥検討⇥実施`, `取組1⇥…`) is a plan row when it
        // has cells under the years; text alone in column 0 is a note.
        if l.cell(0).trim().is_empty() || !values(l).is_empty() {
            plan_row(doc, l, sheet, false);
        } else {
            sheet.plan_notes.push(l.joined());
        }
    }
}

/// Cells left of the header's first year: the row's label (`計画`, `取組1`), not a plan.
fn row_label<'c>(sheet: &Sheet, line: &'c Line) -> (Option<String>, Vec<&'c Cell>) {
    let first = sheet.plan_cols.iter().map(|x| x.0).min().unwrap_or(1);
    let (label, cells): (Vec<&Cell>, Vec<&Cell>) = line
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .partition(|c| c.col < first);
    (joined(&label), cells)
}

/// A value that starts with its year: `R4:5件`, `令和5年度 10件`.
fn year_prefixed(text: &str) -> Option<(i32, &str)> {
    let t = text.trim();
    let (y, r) = year::find_years(t).into_iter().next()?;
    if r.start != 0 {
        return None;
    }
    let rest = t.get(r.end..)?;
    let value = rest.trim_start_matches([':', '：', ' ', '　']);
    let separated = value.len() < rest.len();
    (separated
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '―'))
    .then_some((y, value))
}

/// The year of a header cell: `令和3年度`, `R3`, `2021年度`, `令和3年度(2021)`.
fn header_year(text: &str) -> Option<i32> {
    if year_prefixed(text).is_some() {
        return None;
    }
    year::cell_year(text).or_else(|| {
        let t = text.trim();
        let ys = year::find_years(t);
        // Only when the cell starts with the year: `令和3年度(2021)`, not prose.
        ys.first().filter(|(_, r)| r.start == 0).map(|(y, _)| *y)
    })
}

/// The year of a column: from the 年次計画 header, else counted from the 取組期間.
fn col_year(sheet: &Sheet, col: u16) -> Option<i32> {
    let from_header = sheet.plan_cols.iter().find(|(c, _)| *c == col).map(|x| x.1);
    from_header.or_else(|| {
        let t = sheet.term?;
        let y = t.from + i32::from(col) - 1;
        (col >= 1 && y <= t.to).then_some(y)
    })
}

/// The last year a plan cell can run to: the header's last year, or the end of the
/// 取組期間 when the sheet's term ends earlier (a two-year 取組 on a five-year form).
fn last_year(sheet: &Sheet) -> Option<i32> {
    let term_end = sheet.term.map(|t| t.to);
    match (sheet.plan_years.first(), sheet.plan_years.last(), term_end) {
        (Some(&first), Some(&last), Some(end)) if end >= first && end < last => Some(end),
        (_, Some(&last), _) => Some(last),
        _ => term_end,
    }
}

/// One plan row: each filled cell runs from its column's year up to the year before the
/// next filled cell (merged cells print their text once, in their first column); an arrow
/// continues the cell before it.
fn plan_row(doc: &Document, line: &Line, sheet: &mut Sheet, moved: bool) {
    let (label, cells) = if moved {
        (None, values(line))
    } else {
        row_label(sheet, line)
    };
    let last = last_year(sheet);
    let mut row_spans: Vec<PlanRow> = Vec::new();
    for (k, c) in cells.iter().enumerate() {
        let from = col_year(sheet, c.col);
        let next_from = cells.get(k + 1).and_then(|n| col_year(sheet, n.col));
        let to = next_from.map(|y| y - 1).or(last).or(from);
        if value::is_arrow(&c.text) {
            if let Some(prev) = row_spans.last_mut() {
                prev.to = to.or(prev.to);
                prev.continued = true;
                continue;
            }
        }
        row_spans.push(PlanRow {
            from,
            to: match (from, to) {
                (Some(f), Some(t)) if t < f => Some(f),
                _ => to,
            },
            text: c.text.trim().to_string(),
            entries: value::entries(doc, c),
            continued: false,
            misplaced: moved,
            label: label.clone(),
            line: line.no,
        });
    }
    sheet.plan_rows.extend(row_spans);
}

/// 指標 blocks: `指標⇥NAME` then a row of yearly targets. A name row of its own under a
/// 指標 row that already holds text means the text is a year-plan row that slipped down.
fn read_indicator<'d>(
    b: &Block<'d>,
    sheet: &mut Sheet,
    pending: &mut Vec<&'d Line>,
    ctx: &mut Ctx<'_>,
) {
    let mut head_vals = values(b.head);
    let head_header = indicator_header(b.head);
    // `指標⇥NAME⇥目標値(R8)⇥50件`: one target, for the year in the label.
    let single = final_target(&head_vals);
    if let Some((k, _)) = &single {
        head_vals.truncate(*k);
    }
    // `指標⇥NAME⇥5件⇥6件⇥…`: the targets on the name's row.
    let mut inline: Vec<Target> = Vec::new();
    if let [first, rest @ ..] = head_vals.as_slice() {
        let target_like = |c: &&Cell| {
            value::is_none_mark(&c.text) || value::target(None, &c.text).value.is_some()
        };
        if rest.len() >= 2 && !target_like(first) && rest.iter().all(target_like) {
            // The name takes a column: when there are as many values as years, they are
            // the years in order; otherwise their columns decide.
            let positional = rest.len() == sheet.plan_years.len();
            inline = rest
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let y = if positional {
                        nth_year(sheet, k)
                    } else {
                        col_year(sheet, c.col)
                    };
                    value::target(y, &c.text)
                })
                .collect();
            head_vals.truncate(1);
        }
    }
    let mut name = joined(&head_vals).filter(|_| head_header.is_none());
    let rows: Vec<&Line> = b.rest.clone();
    let first_is_name = rows.first().is_some_and(|r| !is_target_row(r));
    if name.is_some() && first_is_name && rows.len() >= 2 {
        ctx.push(
            Diagnostic::warning(
                "sheet.misplaced-row",
                format!(
                    "the 指標 row holds '{}', read as a year-plan row; the indicator name is on the next row",
                    name.as_deref().unwrap_or("")
                ),
            )
            .at(b.head.no),
        );
        pending.push(b.head);
        name = None;
    }
    if let Some(n) = &name {
        if n.starts_with('※') || n.contains("設定しない") || n.contains("設定なし") {
            sheet.indicator_note = Some(n.clone());
            return;
        }
    }
    let mut current = name.map(|n| Indicator {
        name: Some(n),
        targets: single.map(|(_, t)| vec![t]).unwrap_or(inline),
        actuals: Vec::new(),
        baseline: None,
        line: b.head.no,
    });
    // An indicator table may print its own header of years (and a 現状値 column).
    let (mut own_cols, mut baseline_col) = head_header.unwrap_or_default();
    for r in rows {
        if let Some((cols, base)) = indicator_header(r) {
            own_cols = cols;
            baseline_col = base;
            continue;
        }
        // Under a header of years, cells left of its first column name the indicator.
        let first_col = own_cols
            .iter()
            .chain(baseline_col.iter())
            .map(|x| x.0)
            .min();
        let name_cells: Vec<&Cell> = r
            .cells
            .iter()
            .filter(|c| !c.text.trim().is_empty() && first_col.is_some_and(|f| c.col < f))
            .collect();
        if !name_cells.is_empty() {
            sheet.indicators.extend(current.take());
            current = Some(Indicator {
                name: joined(&name_cells),
                targets: Vec::new(),
                actuals: Vec::new(),
                baseline: None,
                line: r.no,
            });
        }
        let labelled = name_cells.is_empty() && value_label(r).is_some();
        let r_vals: Vec<&Cell> = r
            .cells
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .filter(|c| (labelled || c.col > 0) && first_col.is_none_or(|f| c.col >= f))
            .collect();
        if r_vals.is_empty() {
            continue;
        }
        if name_cells.is_empty() && !is_target_row(r) {
            sheet.indicators.extend(current.take());
            current = Some(Indicator {
                name: joined(&values(r)),
                targets: Vec::new(),
                actuals: Vec::new(),
                baseline: None,
                line: r.no,
            });
            continue;
        }
        let mut cells = r_vals;
        let mut baseline = None;
        if let Some((bc, by)) = baseline_col {
            if let Some(k) = cells.iter().position(|c| c.col == bc) {
                baseline = Some(value::target(by, &cells.remove(k).text));
            }
        }
        let (kind, skip) = value_row(&cells);
        let vals = cells.get(skip..).unwrap_or(&[]);
        let years: Vec<Option<i32>> = if !own_cols.is_empty() {
            vals.iter()
                .map(|c| {
                    own_cols
                        .iter()
                        .find(|(oc, _)| *oc == c.col)
                        .and_then(|x| x.1)
                })
                .collect()
        } else if skip > 0 {
            // A labelled row is laid out apart from the 年次計画: count years from the first.
            (0..vals.len()).map(|k| nth_year(sheet, k)).collect()
        } else {
            vals.iter().map(|c| col_year(sheet, c.col)).collect()
        };
        let read: Vec<Target> = vals
            .iter()
            .zip(years)
            .map(|(c, y)| match year_prefixed(&c.text) {
                // `R4:5件`: the cell names its own year.
                Some((y, v)) => value::target(Some(y), v),
                None => value::target(y, &c.text),
            })
            .collect();
        if let (Some(ind), Some(b)) = (current.as_mut(), baseline) {
            if kind != Values::Actuals {
                ind.baseline = Some(b);
            }
        }
        match current.as_mut() {
            Some(ind) if kind == Values::Actuals => ind.actuals = read,
            Some(ind) if ind.targets.is_empty() && kind != Values::Actuals => ind.targets = read,
            Some(ind) if kind == Values::Unlabelled && ind.actuals.is_empty() => {
                // The legend's order: name, yearly targets, then the values achieved.
                ind.actuals = read;
            }
            _ => {
                ctx.push(
                    Diagnostic::warning(
                        "sheet.indicator-no-name",
                        "yearly targets without an indicator name",
                    )
                    .at(r.no),
                );
                sheet.indicators.extend(current.take());
                current = Some(Indicator {
                    name: None,
                    targets: read,
                    actuals: Vec::new(),
                    baseline: None,
                    line: r.no,
                });
            }
        }
    }
    if let Some(ind) = &current {
        if ind.targets.is_empty() {
            ctx.push(
                Diagnostic::warning(
                    "sheet.indicator-no-targets",
                    "an indicator without yearly targets",
                )
                .at(ind.line),
            );
        }
    }
    sheet.indicators.extend(current);
}

/// A target label with its year (`目標値(R8)`, `目標(令和8年度)`) among the cells of the
/// 指標 row, and the target: the rest of that cell or the next cell. Returns the label's
/// index and the target.
fn final_target(cells: &[&Cell]) -> Option<(usize, Target)> {
    cells.iter().enumerate().skip(1).find_map(|(k, c)| {
        let rest = TARGET_LABELS
            .iter()
            .rev()
            .find_map(|l| label::strip_label(c.text.trim(), l))?;
        let (y, r) = year::find_years(rest).into_iter().next()?;
        let before = rest
            .get(..r.start)?
            .trim_matches(|ch: char| "(（ ".contains(ch));
        if !before.is_empty() {
            return None;
        }
        let after = rest
            .get(r.end..)?
            .trim_start_matches(|ch: char| ")） :：".contains(ch))
            .trim();
        let text = if after.is_empty() {
            cells.get(k + 1)?.text.trim()
        } else {
            after
        };
        Some((k, value::target(Some(y), text)))
    })
}

/// A column and the fiscal year it stands for.
type ColYear = (u16, Option<i32>);

const NAME_LABELS: &[&str] = &["指標名", "指標", "項目", "指標項目"];
static NAMES: LazyLock<label::LabelSet<'static>> =
    LazyLock::new(|| label::LabelSet::new(NAME_LABELS));
const BASELINE_LABELS: &[&str] = &["現状値", "基準値", "現状", "策定時"];

/// A header row inside the 指標 block: two or more year cells, maybe a 現状値 cell.
/// Returns the column of each year, and the 現状値 column.
fn indicator_header(line: &Line) -> Option<(Vec<ColYear>, Option<ColYear>)> {
    let v = values(line);
    let mut cols = Vec::new();
    let mut base = None;
    for c in &v {
        let t = c.text.trim();
        if let Some(y) = header_year(t) {
            cols.push((c.col, Some(y)));
        } else if cols.is_empty() && base.is_none() && NAMES.any(t) {
            // `指標名⇥現状値⇥R5⇥…`: the names are printed under this cell.
        } else if BASELINE_LABELS
            .iter()
            .any(|l| label::strip_label(t, l).is_some())
        {
            // `現状値(R2)`: the year the baseline was measured.
            base = Some((c.col, year::find_years(t).first().map(|y| y.0)));
        } else {
            return None;
        }
    }
    (cols.len() >= 2).then_some((cols, base))
}

/// What a value row under 指標 holds, by the label it may start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    Targets,
    Actuals,
    Unlabelled,
}

const TARGET_LABELS: &[&str] = &["目標", "目標値", "計画値", "目標数値"];
const ACTUAL_LABELS: &[&str] = &["実績", "実績値", "実績数値"];

// The value-row labels as sets, folded once: every cell 0 of a sheet is compared with them.
static TARGETS: LazyLock<label::LabelSet<'static>> =
    LazyLock::new(|| label::LabelSet::new(TARGET_LABELS));
static ACTUALS: LazyLock<label::LabelSet<'static>> =
    LazyLock::new(|| label::LabelSet::new(ACTUAL_LABELS));

/// The kind of a value row and how many leading label cells to skip.
fn value_row(cells: &[&Cell]) -> (Values, usize) {
    let is = |ls: &label::LabelSet<'_>| cells.first().is_some_and(|c| ls.any(&c.text));
    if is(&TARGETS) {
        (Values::Targets, 1)
    } else if is(&ACTUALS) {
        (Values::Actuals, 1)
    } else {
        (Values::Unlabelled, 0)
    }
}

/// The `k`-th year of the plan: from the 年次計画 header, else from the 取組期間.
fn nth_year(sheet: &Sheet, k: usize) -> Option<i32> {
    sheet.plan_years.get(k).copied().or_else(|| {
        let t = sheet.term?;
        let y = t.from + i32::try_from(k).ok()?;
        (y <= t.to).then_some(y)
    })
}

/// A row of yearly values: labelled `目標`/`実績`, several cells, or one cell that reads as
/// a quantity or a dash.
fn is_target_row(line: &Line) -> bool {
    let v = values(line);
    if value_row(&v).1 > 0 {
        return true;
    }
    match v.as_slice() {
        [] => false,
        [one] => value::is_none_mark(&one.text) || value::target(None, &one.text).value.is_some(),
        _ => true,
    }
}

/// Year view of the plan rows: for each header year, the texts that run through it.
pub fn by_year(sheet: &Sheet) -> Vec<PlanYear> {
    if sheet.plan_rows.is_empty() && sheet.plan_years.is_empty() {
        return Vec::new();
    }
    let years: Vec<i32> = if sheet.plan_years.is_empty() {
        sheet
            .term
            .map(|t| (t.from..=t.to).collect())
            .unwrap_or_default()
    } else {
        sheet.plan_years.clone()
    };
    years
        .iter()
        .map(|&y| PlanYear {
            year: y,
            plans: sheet
                .plan_rows
                .iter()
                .filter(|r| r.from.is_some_and(|f| f <= y) && r.to.is_some_and(|t| y <= t))
                .flat_map(|r| r.entries.iter().cloned())
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_legend_keys() {
        assert_eq!(kind("取組内容"), Some(Kind::Start));
        assert_eq!(kind("②取組内容"), None);
        assert_eq!(
            kind("【概要・方向性(現状と課題・どのような状態になるのか)】"),
            Some(Kind::Overview)
        );
        assert_eq!(
            kind("【手段 (事業内容・どのようなことを行うのか)】"),
            Some(Kind::Means)
        );
        assert_eq!(kind("指標"), Some(Kind::Indicator));
        assert_eq!(kind("指標1"), Some(Kind::Indicator));
        assert_eq!(kind("【取組の概要】"), Some(Kind::Overview));
        assert_eq!(kind("【具体的な取組】"), Some(Kind::Means));
        assert_eq!(kind("概要"), Some(Kind::Overview));
        assert_eq!(kind("手段"), Some(Kind::Means));
        assert_eq!(kind("事業名"), Some(Kind::Start));
        assert_eq!(kind("指標②"), Some(Kind::Indicator));
        assert_eq!(kind("活動指標"), Some(Kind::Indicator));
        assert_eq!(kind("評価指標"), Some(Kind::Indicator));
        assert_eq!(kind("評価2"), None);
        assert_eq!(kind("評価"), Some(Kind::Evaluation));
        assert_eq!(kind("市民協働の推進"), None);
    }

    #[test]
    fn policy_number_and_name() {
        let h = policy_heading("5『変革!』");
        assert_eq!(h.number, Some(5));
        assert_eq!(h.name.as_deref(), Some("『変革!』"));
    }

    fn sheet_of(s: &str) -> (Sheet, Vec<Diagnostic>) {
        let doc = keikaku_loader::load(s.as_bytes()).unwrap();
        let meta = crate::meta::Meta::default();
        let mut ctx = Ctx::new(&doc, &meta);
        let n = doc.lines.len();
        let (sheet, _) = read(&doc, 0, n, &mut RowKinds::new(&doc), &mut ctx);
        (sheet, ctx.diagnostics)
    }

    const HEAD: &str = "取組内容\t窓口の充実\n\
        総合計画体系\t5『変革』\t主要事業\n\
        \tⅢ 行政サービスの向上\t主担当課\n\
        \t窓口の強化\t市民課\n\
        \t多様な窓口\t総務課\n\
        取組期間\t(令和 3 年度 ~ 令和 7 年度)\n\
        年次計画\t令和3年度\t令和4年度\t令和5年度\t令和6年度\t令和7年度\n";

    #[test]
    fn hierarchy_category_and_departments() {
        let (s, _) = sheet_of(&format!("{HEAD}指標\t割合\n\t20%\t22%\t24%\t26%\t28%"));
        assert_eq!(s.basic.as_ref().unwrap().number, Some(3));
        assert_eq!(
            s.focus.as_ref().unwrap().name.as_deref(),
            Some("窓口の強化")
        );
        assert_eq!(s.promotion.as_deref(), Some("多様な窓口"));
        assert_eq!(s.category.as_deref(), Some("主要事業"));
        assert_eq!(s.departments, vec!["市民課", "総務課"]);
        assert_eq!(
            s.term,
            Some(Period {
                from: 2021,
                to: 2025
            })
        );
        assert_eq!(s.indicators.len(), 1);
        assert_eq!(s.indicators[0].targets[4].year, Some(2025));
    }

    #[test]
    fn merged_cells_and_arrows_in_the_year_plan() {
        let (s, _) = sheet_of(&format!(
            "{HEAD}\t全年度の取組\n\t整備\t拡充\t→\n\t検討\t\t\t見直し\t実施\n指標"
        ));
        let spans: Vec<(Option<i32>, Option<i32>, &str, bool)> = s
            .plan_rows
            .iter()
            .map(|r| (r.from, r.to, r.text.as_str(), r.continued))
            .collect();
        assert_eq!(
            spans,
            vec![
                (Some(2021), Some(2025), "全年度の取組", false),
                (Some(2021), Some(2021), "整備", false),
                (Some(2022), Some(2025), "拡充", true),
                (Some(2021), Some(2023), "検討", false),
                (Some(2024), Some(2024), "見直し", false),
                (Some(2025), Some(2025), "実施", false),
            ]
        );
        let years = by_year(&s);
        assert_eq!(years[3].plans, vec!["全年度の取組", "拡充", "見直し"]);
    }

    #[test]
    fn indicator_variants() {
        let (s, _) = sheet_of(&format!("{HEAD}指標\t※検討事業のため指標は設定しない"));
        assert!(s.indicators.is_empty());
        assert!(s.indicator_note.is_some());
        let (s, d) = sheet_of(&format!(
            "{HEAD}\tPR\n指標\t事業の実施\t\t\t\t寄付事業\n\t活用例数\n\t1社\t1社\t1社\t1社\t1社"
        ));
        assert_eq!(s.indicators.len(), 1);
        assert_eq!(s.indicators[0].name.as_deref(), Some("活用例数"));
        assert_eq!(s.plan_rows.len(), 3);
        assert!(s.plan_rows[2].misplaced);
        assert!(d.iter().any(|d| d.code == "sheet.misplaced-row"));
        let (s, _) = sheet_of(&format!("{HEAD}指標\t件数\n\t-\t4事業\t4事業\t4事業\t4事業\n指標\t日数\n\t10日\t10日\t10日\t10日\t10日"));
        assert_eq!(s.indicators.len(), 2);
        assert_eq!(s.indicators[0].targets[0].text, None);
        assert_eq!(s.indicators[0].targets[1].year, Some(2022));
    }

    #[test]
    fn actual_values_under_the_targets() {
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t件数\n\t10件\t12件\t14件\t16件\t18件\n\t9件\t13件"
        ));
        let ind = &s.indicators[0];
        assert_eq!(ind.targets.len(), 5);
        assert_eq!(ind.actuals.len(), 2);
        assert_eq!(ind.actuals[1].year, Some(2022));
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t件数\n\t目標\t10件\t12件\t14件\t16件\t18件\n\t実績\t9件"
        ));
        let ind = &s.indicators[0];
        assert_eq!(ind.targets[0].year, Some(2021));
        assert_eq!(ind.targets[0].value, Some(value::Num::Int(10)));
        assert_eq!(ind.actuals[0].value, Some(value::Num::Int(9)));
    }

    #[test]
    fn department_shapes() {
        assert!(looks_like_department("まちづくり協働課"));
        assert!(looks_like_department("市民情報センター"));
        assert!(!looks_like_department("重点事業"));
    }

    #[test]
    fn result_paragraphs_and_what_follows_a_sheet() {
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\n取組実績\n<p>説明会を2回開催した。</p>\n評価\t順調\n\n問合せ先:総務課"
        ));
        assert_eq!(s.results.as_deref(), Some("説明会を2回開催した。"));
        assert_eq!(s.evaluation.as_deref(), Some("順調"));
        assert!(
            s.end < 15,
            "the footer after the blank line is not the sheet's"
        );
    }

    #[test]
    fn header_years() {
        assert_eq!(header_year("令和4年度(2022)"), Some(2022));
        assert_eq!(header_year("R5"), Some(2023));
        assert_eq!(header_year("目標は令和5年度"), None);
    }

    #[test]
    fn related_departments_are_kept_apart() {
        let (s, _) = sheet_of(
            "取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\t関係課\n\t窓口の強化\t市民課\t税務課\n\t多様な窓口\n取組期間\t(令和 3 年度 ~ 令和 7 年度)",
        );
        assert_eq!(s.departments, vec!["市民課"]);
        assert_eq!(s.related_departments, vec!["税務課"]);
    }

    #[test]
    fn no_printed_on_the_title_row() {
        let (s, _) = sheet_of(&format!(
            "{}指標",
            HEAD.replace("窓口の充実", "窓口の充実\tNo.\t12")
        ));
        assert_eq!(s.title.as_deref(), Some("窓口の充実"));
        assert_eq!(s.printed_no.as_ref().map(|p| p.0), Some(12));
        let (s, _) = sheet_of(&format!(
            "{}指標",
            HEAD.replace("窓口の充実", "窓口の充実\tNo.7")
        ));
        assert_eq!(s.printed_no.as_ref().map(|p| p.0), Some(7));
    }

    #[test]
    fn indicator_with_its_own_year_header_and_baseline() {
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t件数\n\t現状値(R2)\t令和3年度\t令和4年度\t令和5年度\t令和6年度\t令和7年度\n\t8件\t10件\t12件\t14件\t16件\t18件"
        ));
        let ind = &s.indicators[0];
        assert_eq!(
            ind.baseline.as_ref().and_then(|b| b.value),
            Some(value::Num::Int(8))
        );
        assert_eq!(ind.baseline.as_ref().and_then(|b| b.year), Some(2020));
        assert_eq!(ind.targets.len(), 5);
        assert_eq!(ind.targets[0].year, Some(2021));
        assert_eq!(ind.targets[0].value, Some(value::Num::Int(10)));
    }

    #[test]
    fn departments_listed_under_their_labels_are_not_levels() {
        let (s, _) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t\t担当課\n\t(1) 窓口の強化\t\t西部支所\n\t窓口の集約\t\t関係課\n\t\t\t市民課\n\t\t\t教育委員会学校教育課\n取組期間\t(令和 3 年度 ~ 令和 7 年度)");
        assert_eq!(s.departments, ["西部支所"]);
        assert_eq!(s.related_departments, ["市民課", "教育委員会学校教育課"]);
        assert_eq!(s.promotion.as_deref(), Some("窓口の集約"));
        // `関係課` printed as a row label in the levels' column.
        let (s, _) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t\t主担当課\n\t窓口の強化\t\t市民課\n\t窓口の集約\n\t関係課\t\t全庁\n取組期間\t(令和 3 年度 ~ 令和 7 年度)");
        assert_eq!(s.departments, ["市民課"]);
        assert_eq!(s.related_departments, ["全庁"]);
        assert_eq!(s.promotion.as_deref(), Some("窓口の集約"));
    }

    #[test]
    fn target_and_actual_rows_labelled_in_column_0() {
        let (s, d) = sheet_of(&format!(
            "{HEAD}指標\t相談件数\n目標値\t500件\t600件\t700件\t800件\t900件\n実績値\t520件\n取組実績\t開設した。"
        ));
        let ind = &s.indicators[0];
        assert_eq!(ind.targets.len(), 5);
        assert_eq!(
            (ind.targets[4].year, ind.targets[4].value),
            (Some(2025), Some(value::Num::Int(900)))
        );
        assert_eq!(ind.actuals.len(), 1);
        assert_eq!(ind.actuals[0].value, Some(value::Num::Int(520)));
        assert_eq!(s.results.as_deref(), Some("開設した。"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            value_label(&keikaku_loader::load("目標\t1".as_bytes()).unwrap().lines[0]),
            Some(Values::Targets)
        );
    }

    #[test]
    fn a_single_target_for_the_final_year() {
        let (s, d) = sheet_of(&format!("{HEAD}指標\t相談件数\t目標値(R7)\t50件\n取組実績"));
        let ind = &s.indicators[0];
        assert_eq!(ind.name.as_deref(), Some("相談件数"));
        assert_eq!(ind.targets.len(), 1);
        assert_eq!(
            (ind.targets[0].year, ind.targets[0].value),
            (Some(2025), Some(value::Num::Int(50)))
        );
        assert!(d.is_empty(), "{d:?}");
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t満足度\t目標(令和7年度) 80%\n取組実績"
        ));
        let t = &s.indicators[0].targets[0];
        assert_eq!(
            (t.year, t.text.as_deref(), t.unit.as_deref()),
            (Some(2025), Some("80%"), Some("%"))
        );
        // A name that only mentions a year is not a target.
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t令和7年度までの累計件数\n\t1件\t2件\t3件\t4件\t5件"
        ));
        assert_eq!(s.indicators[0].targets.len(), 5);
    }

    #[test]
    fn a_department_next_to_its_label() {
        let (s, _) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\t会計管理者\t重点事業\n\t窓口の強化\n\t多様な窓口\n取組期間\t(令和 3 年度 ~ 令和 7 年度)");
        assert_eq!(s.departments, ["会計管理者"]);
        assert_eq!(s.category.as_deref(), Some("重点事業"));
        let (s, _) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\t重点事業\n\t窓口の強化\t\t市民課\n\t多様な窓口\n取組期間\t(令和 3 年度 ~ 令和 7 年度)");
        assert_eq!(s.category.as_deref(), Some("重点事業"));
    }

    #[test]
    fn departments_on_rows_of_their_own_or_on_the_name_row() {
        let sys = "総合計画体系\tⅠ 行政\n\t窓口の強化\n\t多様な窓口\n取組期間\t(令和 3 年度 ~ 令和 7 年度)\n";
        let (s, d) = sheet_of(&format!("取組内容\t窓口の充実\t主担当課\t総務課\n{sys}"));
        assert_eq!(s.title.as_deref(), Some("窓口の充実"));
        assert_eq!(s.departments, ["総務課"]);
        assert!(!d.iter().any(|x| x.code == "item.no-department"), "{d:?}");
        let (s, _) = sheet_of(&format!(
            "取組内容\t窓口の充実\n主担当課\t総務課\t関係課\t企画課、財政課\n{sys}"
        ));
        assert_eq!(s.departments, ["総務課"]);
        assert_eq!(s.related_departments, ["企画課", "財政課"]);
        let (s, _) = sheet_of(&format!("取組内容\t窓口の充実\n{sys}副担当課\t税務課\n"));
        assert!(s.departments.is_empty());
        assert_eq!(s.related_departments, ["税務課"]);
        assert_eq!(dept_label("主担当課"), Some(Owner::Main));
        assert_eq!(dept_label("副担当課"), Some(Owner::Related));
        assert_eq!(dept_label("主担当諜"), Some(Owner::Main));
    }

    #[test]
    fn targets_on_the_name_row_or_with_their_year() {
        let (s, d) = sheet_of(&format!(
            "{HEAD}指標\t相談件数\t5件\t6件\t―\t8件\t9件\n取組実績"
        ));
        let ind = &s.indicators[0];
        assert_eq!(ind.name.as_deref(), Some("相談件数"));
        let ys: Vec<(Option<i32>, Option<&str>)> = ind
            .targets
            .iter()
            .map(|t| (t.year, t.text.as_deref()))
            .collect();
        assert_eq!(ys[0], (Some(2021), Some("5件")));
        assert_eq!(ys[2], (Some(2023), None));
        assert!(d.is_empty(), "{d:?}");
        let (s, _) = sheet_of(&format!("{HEAD}指標\t相談件数\n\tR3:5件\tR5:7件"));
        let t = &s.indicators[0].targets;
        assert_eq!(
            (t[1].year, t[1].value),
            (Some(2023), Some(value::Num::Int(7)))
        );
        assert_eq!(year_prefixed("R4:5件"), Some((2022, "5件")));
        assert_eq!(year_prefixed("令和4年度(2022)"), None);
        assert_eq!(header_year("令和4年度(2022)"), Some(2022));
        assert_eq!(header_year("R4:5件"), None);
        // Two numbers on the name's row are not a list of targets.
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t相談件数\t5件\n\t5件\t6件\t7件\t8件\t9件"
        ));
        assert_eq!(s.indicators[0].name.as_deref(), Some("相談件数 5件"));
    }

    #[test]
    fn plan_tables_with_row_labels_or_the_years_below_the_label() {
        let top = "取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\n\t窓口の強化\t市民課\n取組期間\t(令和 3 年度 ~ 令和 7 年度)\n";
        type Span = (Option<String>, Option<i32>, Option<i32>, String);
        let spans = |s: &Sheet| -> Vec<Span> {
            s.plan_rows
                .iter()
                .map(|r| (r.label.clone(), r.from, r.to, r.text.clone()))
                .collect()
        };
        let (s, _) = sheet_of(&format!(
            "{top}年次計画\tR3\tR4\tR5\tR6\tR7\n取組1\t検討\t実施\n取組2\t\t\t導入\n指標\t件数"
        ));
        assert_eq!(
            spans(&s),
            [
                (Some("取組1".into()), Some(2021), Some(2021), "検討".into()),
                (Some("取組1".into()), Some(2022), Some(2025), "実施".into()),
                (Some("取組2".into()), Some(2023), Some(2025), "導入".into()),
            ]
        );
        assert!(s.plan_notes.is_empty());
        let (s, _) = sheet_of(&format!(
            "{top}年次計画\n\tR3\tR4\tR5\tR6\tR7\n\t検討\t実施\n※随時見直す。"
        ));
        assert_eq!(s.plan_years, [2021, 2022, 2023, 2024, 2025]);
        assert_eq!(spans(&s)[0], (None, Some(2021), Some(2021), "検討".into()));
        assert_eq!(s.plan_notes, ["※随時見直す。"]);
        let (s, _) = sheet_of(&format!(
            "{top}年次計画\t区分\tR3\tR4\tR5\tR6\tR7\n\t計画\t検討\t実施"
        ));
        assert_eq!(
            spans(&s)[1],
            (Some("計画".into()), Some(2022), Some(2025), "実施".into())
        );
    }

    #[test]
    fn departments_in_one_cell() {
        assert_eq!(
            split_departments("総務課・契約管財課"),
            ["総務課", "契約管財課"]
        );
        assert_eq!(
            split_departments("税務課、収納対策室"),
            ["税務課", "収納対策室"]
        );
        assert_eq!(
            split_departments("子ども・子育て支援課"),
            ["子ども・子育て支援課"]
        );
        assert_eq!(
            split_departments("市民生活部 市民課"),
            ["市民生活部 市民課"]
        );
        assert!(split_departments(" ").is_empty());
        assert_eq!(split_departments("総務部\n総務課"), ["総務部総務課"]);
        assert_eq!(split_departments("総務課\n企画課"), ["総務課", "企画課"]);
        let (s, _) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\n\t窓口の強化\t総務部\n\t多様な窓口\t総務課\n取組期間\t(令和 3 年度 ~ 令和 7 年度)");
        assert_eq!(s.departments, ["総務部総務課"]);
    }

    #[test]
    fn terms_in_other_spellings() {
        let t = |s: &str, end| term(s, end).map(|p| (p.from, p.to));
        assert_eq!(t("(令和 3 年度 ~ 令和 7 年度)", None), Some((2021, 2025)));
        assert_eq!(t("(令和4~8年度)", None), Some((2022, 2026)));
        assert_eq!(t("平成30~令和4年度", None), Some((2018, 2022)));
        assert_eq!(t("R4~R8", None), Some((2022, 2026)));
        assert_eq!(t("令和5年度", None), Some((2023, 2023)));
        assert_eq!(t("令和5年度~", Some(2027)), Some((2023, 2027)));
        assert_eq!(t("令和5年度~", None), None);
        assert_eq!(t("令和5年度から継続", None), None);
        assert_eq!(t("未定", None), None);
    }

    #[test]
    fn a_plan_cell_runs_no_further_than_the_term() {
        let (s, _) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\n\t窓口の強化\t市民課\n取組期間\t(令和 3 年度 ~ 令和 4 年度)\n年次計画\tR3\tR4\tR5\tR6\tR7\n\t調査\t検討");
        let spans: Vec<(Option<i32>, Option<i32>)> =
            s.plan_rows.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(spans, [(Some(2021), Some(2021)), (Some(2022), Some(2022))]);
    }

    #[test]
    fn a_sheet_without_its_term_row_is_reported() {
        let (s, d) = sheet_of("取組内容\t窓口\n総合計画体系\tⅠ 行政\t主担当課\n\t窓口の強化\t市民課\n年次計画\tR3\tR4\n\t検討\t実施");
        assert_eq!(s.term, None);
        assert!(d.iter().any(|x| x.code == "sheet.no-term"), "{d:?}");
    }

    #[test]
    fn indicator_table_with_the_years_on_the_indicator_row() {
        // Names in column 0 under `指標⇥現状値⇥years`, and names under a `指標名` cell.
        let (s, d) = sheet_of(&format!(
            "{HEAD}指標\t現状値(R2)\tR3\tR4\tR5\tR6\tR7\n延床面積\t0m2\t5m2\t6m2\t7m2\t8m2\t9m2\n利用者数\t10人\t11人\t12人\t13人\t14人\t15人\n取組実績\t実施"
        ));
        let names: Vec<Option<&str>> = s.indicators.iter().map(|i| i.name.as_deref()).collect();
        assert_eq!(names, [Some("延床面積"), Some("利用者数")]);
        let b = &s.indicators[1];
        assert_eq!(
            b.baseline.as_ref().and_then(|t| t.value),
            Some(value::Num::Int(10))
        );
        assert_eq!(b.targets.len(), 5);
        assert_eq!(
            (b.targets[4].year, b.targets[4].value),
            (Some(2025), Some(value::Num::Int(15)))
        );
        assert_eq!(s.results.as_deref(), Some("実施"));
        assert!(d.is_empty(), "{d:?}");
        let (s, _) = sheet_of(&format!(
            "{HEAD}指標\t指標名\t令和3年度\t令和4年度\n\t相談件数\t5件\t6件"
        ));
        assert_eq!(s.indicators[0].name.as_deref(), Some("相談件数"));
        assert_eq!(s.indicators[0].targets[1].year, Some(2022));
    }

    #[test]
    fn a_page_break_inside_a_sheet() {
        let (s, _) = sheet_of(&format!(
            "{HEAD}\t通年の取組\n- 5 -\n結城市行政改革大綱アクションプランシート\n指標\t件数\n\t1件\t2件\t3件\t4件\t5件"
        ));
        assert_eq!(s.plan_notes, Vec::<String>::new());
        assert_eq!(s.indicators.len(), 1);
        assert_eq!(s.indicators[0].targets.len(), 5);
    }

    #[test]
    fn levels_with_their_own_labels() {
        let (s, d) = sheet_of(
            "取組内容\t窓口\n総合計画体系\t基本方針\t1 行政運営\t主担当課\n\t重点項目\t(2) 窓口の強化\t市民課\n\t推進項目\t多様な窓口\n取組期間\t(令和 3 年度 ~ 令和 7 年度)",
        );
        assert_eq!(s.basic.as_ref().and_then(|b| b.number), Some(1));
        assert_eq!(s.focus.as_ref().and_then(|b| b.number), Some(2));
        assert_eq!(s.promotion.as_deref(), Some("多様な窓口"));
        assert_eq!(s.departments, vec!["市民課"]);
        assert!(d.is_empty(), "{d:?}");
    }
}

//! 実施計画 sheets under chapter / section / item headings.
//!
//! Each item is a sheet: its headings (repeated on every page: they set the hierarchy and
//! separate the sheets, they never make items), 担当課 / 関係課, the text fields 現状と課題,
//! 取組内容 and 目標の状態 with 現状の数値 / 目標の数値 beside them, and a 年次計画 table.
//! A table of contents (headings with page numbers) comes first; it is checked against the
//! sheets but never makes items.

mod heading;
mod plan;
mod text;

use std::sync::LazyLock;

use keikaku_loader::{Cell, Diagnostic, Document, Line};
use schemars::JsonSchema;
use serde::Serialize;

use super::Ctx;
use crate::item::{Item, LineRange};
use crate::token::{id, label};
use heading::{Heading, Level};
pub use plan::Phase;
use plan::{Fit, Row};

/// A chapter or section an item sits under.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "ImplPlanHeading")]
pub struct Parent {
    pub n: u32,
    pub title: String,
}

/// One fiscal year of the 年次計画.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "ImplPlanYear")]
pub struct YearPlan {
    /// Fiscal year (Gregorian year the 年度 starts in); null only when neither a header nor
    /// the plan period gives it.
    pub year: Option<i32>,
    /// The planned phase (進捗状況 row), null when the cell is empty.
    pub phase: Option<Phase>,
    /// The phase cell as printed.
    pub phase_raw: Option<String>,
    /// 年度目標 for that year.
    pub goal: Option<String>,
    /// 数値: the numeric target for that year.
    pub value: Option<String>,
}

/// A labelled row this family has no field for (`効果額⇥100千円`), kept as printed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "ImplPlanExtraField")]
pub struct ExtraField {
    pub label: String,
    /// The row's non-empty cells after the label, in order.
    pub values: Vec<String>,
}

/// Fields of an item that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ItemExt {
    /// The chapter heading (`1 市民ニーズの把握と「総働」`).
    pub chapter: Option<Parent>,
    /// The section heading (`(1) 市民にとってわかりやすい形での情報の提供`).
    pub section: Option<Parent>,
    /// 関係課, one entry per department as printed (`全課` kept); [] when the cell is empty.
    pub related_departments: Vec<String>,
    /// 現状と課題; list entries joined by `\n`.
    pub issues: Option<String>,
    /// 取組内容, one entry per bullet.
    pub actions: Vec<String>,
    /// 目標の状態, one entry per bullet.
    pub target_state: Vec<String>,
    /// 現状の数値.
    pub current_value: Option<String>,
    /// 目標の数値.
    pub target_value: Option<String>,
    /// The 年次計画, one entry per fiscal year of its header.
    pub plan: Vec<YearPlan>,
    /// The 年度目標 was one merged cell for all years (copied to each year).
    pub goal_merged: bool,
    /// Rows with a label this family does not know, in sheet order; [] almost always.
    pub extra_fields: Vec<ExtraField>,
}

/// Fields of an activity that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ActivityExt {}

/// A logical line with its classification.
struct Classified<'a> {
    line: &'a Line,
    heading: Option<Heading>,
    /// A table-of-contents page number follows the heading.
    paged: bool,
    /// A running page header or footer.
    page_header: bool,
}

/// Read the items of a document of this family.
pub fn parse(doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    let mut lines: Vec<Classified<'_>> = doc.lines.iter().map(|l| classify(doc, l)).collect();
    mark_page_headers(&mut lines);
    let (start, level) = body_start(&lines);
    let toc = read_toc(&lines[..start], ctx);
    let items = read_body(doc, &lines[start..], level, ctx);
    if level == Level::Item {
        check_toc(&toc, &items, ctx);
    }
    items
}

/// A lone line printed this many times is a running page header or footer.
const PAGE_HEADER_REPEATS: usize = 3;

/// Mark lone lines that repeat on many pages (a running title, a footer) that are neither
/// headings nor labels: structure, not content.
fn mark_page_headers(lines: &mut [Classified<'_>]) {
    let lone = |c: &Classified<'_>| -> Option<String> {
        if c.heading.is_some() {
            return None;
        }
        let mut filled = c.line.filled();
        let first = filled.next()?;
        (first.col == 0 && filled.next().is_none()).then(|| first.text.trim().to_string())
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for c in lines.iter() {
        if let Some(t) = lone(c) {
            *counts.entry(t).or_default() += 1;
        }
    }
    for c in lines.iter_mut() {
        let Some(t) = lone(c) else { continue };
        let repeated = counts.get(&t).is_some_and(|&n| n >= PAGE_HEADER_REPEATS);
        let labelish = is_known_label(&t) || plan::row_of(&t).is_some();
        c.page_header = repeated && !labelish;
    }
}

fn classify<'a>(doc: &Document, line: &'a Line) -> Classified<'a> {
    // Dot leaders of a table of contents stand between a heading and its page.
    let filled: Vec<&Cell> = line.filled().filter(|c| !is_leader(&c.text)).collect();
    let (heading, paged) = match filled.as_slice() {
        [one] if one.col == 0 => (printed(doc, one, heading::parse(&one.text)), false),
        [one, page] if one.col == 0 && heading::is_page_number(&page.text) => {
            (printed(doc, one, heading::parse(&one.text)), true)
        }
        _ => (None, false),
    };
    Classified {
        line,
        heading,
        paged,
        page_header: false,
    }
}

/// A cell of dot leaders only (`……`, `・・・`, `.....`).
fn is_leader(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() >= 2
        && t.chars()
            .all(|c| matches!(c, '…' | '・' | '.' | '･' | '‥' | '-'))
}

/// The heading's number as the source prints it (`Ⅱ`, not the normalised `II`).
fn printed(doc: &Document, cell: &Cell, h: Option<Heading>) -> Option<Heading> {
    let mut h = h?;
    if let Some(k) = cell.text.find(h.raw.as_str()) {
        let raw = doc.raw(cell, k..k + h.raw.len()).trim();
        if !raw.is_empty() {
            h.raw = raw.to_string();
        }
    }
    Some(h)
}

/// Does the line carry a label that only a sheet's body prints (担当課, 関係課, 現状と課題 …)?
fn is_sheet_line(line: &Line) -> bool {
    static SHEET: LazyLock<Labels> = LazyLock::new(|| {
        Labels::new(
            DEPT_LABELS
                .iter()
                .chain(RELATED_LABELS)
                .chain(FIELDS.iter().flat_map(|(_, l)| l.iter()))
                .copied(),
        )
    });
    line.filled()
        .take(3)
        .any(|c| match_label(&c.text, &SHEET).is_some())
}

/// Where the sheets start, and which heading level makes items: the first heading (not a
/// table-of-contents entry) whose lines hold sheet labels is an item heading, and the
/// headings just before it belong to the body. Everything before is the table of contents
/// (or the cover). Documents without `①` items number their sheets with `(1)`.
fn body_start(lines: &[Classified<'_>]) -> (usize, Level) {
    let first_item = lines.iter().enumerate().find_map(|(k, c)| {
        let h = c.heading.as_ref().filter(|_| !c.paged)?;
        let sheet = lines[k + 1..]
            .iter()
            .take_while(|n| n.heading.is_none())
            .any(|n| is_sheet_line(n.line));
        sheet.then_some((k, h.level))
    });
    let Some((mut k, level)) = first_item else {
        return (lines.len(), Level::Item);
    };
    while k > 0
        && lines[k - 1]
            .heading
            .as_ref()
            .is_some_and(|h| h.level < level)
    {
        k -= 1;
    }
    (k, level)
}

/// A section or item listed in the table of contents, with its hierarchy path.
struct TocEntry {
    level: Level,
    path: Vec<u32>,
    title: String,
    line: u32,
}

/// A `目次` line.
fn is_toc_title(line: &Line) -> bool {
    line.filled().count() == 1 && line.filled().any(|x| label::is_label(&x.text, "目次"))
}

fn read_toc(lines: &[Classified<'_>], ctx: &mut Ctx<'_>) -> Vec<TocEntry> {
    // Numbered headings before the sheets are a table of contents only under a 目次 title or
    // with page numbers; otherwise they are a preface's own headings (`1 計画の趣旨`).
    let is_toc = lines.iter().any(|c| c.paged || is_toc_title(c.line));
    let mut out = Vec::new();
    let mut chapter = None;
    let mut section = None;
    for c in lines {
        let no = c.line.no;
        if c.page_header {
            ctx.claim_structure(no);
            continue;
        }
        if let Some(h) = &c.heading {
            ctx.claim_structure(no);
            match h.level {
                Level::Chapter => {
                    chapter = Some(h.n);
                    section = None;
                }
                Level::Section => section = Some(h.n),
                Level::Item => {}
            }
            if h.level != Level::Chapter && is_toc {
                let mut path: Vec<u32> = [chapter, section].into_iter().flatten().collect();
                if h.level == Level::Item {
                    path.push(h.n);
                }
                out.push(TocEntry {
                    level: h.level,
                    path,
                    title: h.title.clone(),
                    line: no,
                });
            }
        } else if is_toc_title(c.line) {
            ctx.claim_structure(no);
        }
    }
    out
}

/// Sections and items of the table of contents without a sheet are reported, not invented.
fn check_toc(toc: &[TocEntry], items: &[Item], ctx: &mut Ctx<'_>) {
    let ids: Vec<Vec<u32>> = items
        .iter()
        .filter_map(|it| it.id.as_deref().and_then(id::levels))
        .collect();
    for e in toc {
        let found = ids.iter().any(|l| l.starts_with(&e.path));
        if found {
            continue;
        }
        let (code, what) = match e.level {
            Level::Item => ("toc.item-without-sheet", "item"),
            _ => ("section.no-items", "section"),
        };
        // Sections are named as printed under their chapter: `2-(2)`.
        let path = match (e.level, e.path.split_last()) {
            (Level::Section, Some((n, []))) => format!("({n})"),
            (Level::Section, Some((n, up))) => format!("{}-({n})", id::join(up)),
            _ => id::join(&e.path),
        };
        ctx.push(
            Diagnostic::warning(
                code,
                format!(
                    "{what} {path} {} is listed in the table of contents but has no item sheet",
                    e.title
                ),
            )
            .at(e.line),
        );
    }
}

/// A sheet's lines with the headings it sits under.
struct Sheet<'a> {
    chapter: Option<Heading>,
    section: Option<Heading>,
    item: Heading,
    head_line: u32,
    lines: Vec<&'a Line>,
}

fn read_body(
    doc: &Document,
    lines: &[Classified<'_>],
    level: Level,
    ctx: &mut Ctx<'_>,
) -> Vec<Item> {
    let mut chapter: Option<Heading> = None;
    let mut section: Option<Heading> = None;
    let mut sheets: Vec<Sheet<'_>> = Vec::new();
    let mut open = false;
    for c in lines {
        let no = c.line.no;
        if c.page_header {
            ctx.claim_structure(no);
            continue;
        }
        // Headings deeper than the item level are text of the sheet, and so is a numbered
        // line that would take the hierarchy backwards (`1 …` inside chapter 3).
        let heading = c
            .heading
            .as_ref()
            .filter(|h| h.level <= level)
            .filter(|h| !open || forward(h, &chapter, &section));
        match heading {
            Some(h) if h.level < level && h.level == Level::Chapter => {
                ctx.claim_structure(no);
                if chapter.as_ref().map(|x| x.n) != Some(h.n) {
                    section = None;
                }
                chapter = Some(h.clone());
                open = open && same_place(sheets.last(), &chapter, &section);
            }
            Some(h) if h.level < level => {
                ctx.claim_structure(no);
                section = Some(h.clone());
                // A page that repeats the headings of the sheet being read continues it.
                open = open && same_place(sheets.last(), &chapter, &section);
            }
            Some(h) => {
                ctx.claim(no);
                let same = sheets.last().is_some_and(|s| s.item.n == h.n)
                    && same_place(sheets.last(), &chapter, &section);
                // The same item heading again is its sheet continued on the next page.
                if !same {
                    sheets.push(Sheet {
                        chapter: chapter.clone(),
                        section: section.clone(),
                        item: h.clone(),
                        head_line: no,
                        lines: Vec::new(),
                    });
                }
                open = true;
            }
            None => {
                if open {
                    if let Some(s) = sheets.last_mut() {
                        s.lines.push(c.line);
                    }
                } else if c.line.filled().count() > 0 {
                    ctx.push(
                        Diagnostic::warning(
                            "sheet.outside-item",
                            "a line between headings that belongs to no item",
                        )
                        .at(no),
                    );
                }
            }
        }
    }
    sheets.iter().map(|s| read_sheet(doc, s, ctx)).collect()
}

/// Is the heading where the hierarchy can go next: the same or a later chapter, or the
/// same or a later section of the chapter? (Sections without items are skipped in the body,
/// so any later number is fine.)
fn forward(h: &Heading, chapter: &Option<Heading>, section: &Option<Heading>) -> bool {
    let n = |x: &Option<Heading>| x.as_ref().map(|x| x.n);
    match h.level {
        Level::Chapter => n(chapter).is_none_or(|c| h.n >= c),
        Level::Section => n(section).is_none_or(|s| h.n >= s),
        Level::Item => true,
    }
}

/// Does the sheet sit under this chapter and section?
fn same_place(
    sheet: Option<&Sheet<'_>>,
    chapter: &Option<Heading>,
    section: &Option<Heading>,
) -> bool {
    let n = |h: &Option<Heading>| h.as_ref().map(|x| x.n);
    sheet.is_some_and(|s| n(&s.chapter) == n(chapter) && n(&s.section) == n(section))
}

/// Which text field a line fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Issues,
    Actions,
    Target,
}

/// The text fields with every label the genre prints them with, the usual one first.
const FIELDS: [(Field, &[&str]); 3] = [
    (
        Field::Issues,
        &["現状と課題", "現状・課題", "現状及び課題", "課題と現状"],
    ),
    (
        Field::Actions,
        &[
            "取組内容",
            "取組の内容",
            "取組み内容",
            "取り組み内容",
            "具体的な取組",
            "具体的取組",
            "主な取組",
        ],
    ),
    (
        Field::Target,
        &[
            "目標の状態",
            "目指す姿",
            "目指すべき姿",
            "目標とする姿",
            "目標とする状態",
            "あるべき姿",
        ],
    ),
];

/// The label of `labels` that `text` is, or starts with, and the text after it. A whole-cell
/// match wins; otherwise the label that takes the longest prefix (`関係部署 X` is 関係部署,
/// not 関係課 followed by `署 X`).
fn match_label<'a>(text: &'a str, labels: &Labels) -> Option<(&'static str, &'a str)> {
    match_head(&mut label::Head::new(text), labels)
}

/// [`match_label`] of a text read through its [`label::Head`]: the text is decoded and
/// folded once for every label of the list (and for every list asked of the same cell).
fn match_head<'a>(text: &mut label::Head<'a>, labels: &Labels) -> Option<(&'static str, &'a str)> {
    // The text's key is only compared whole with label keys and for a label key at its
    // start: one character more than the longest label is all that is needed of it (a
    // label's key has at most as many characters as the label; most texts are longer).
    let long;
    // A copy: the head reads on while the labels are stripped below.
    let mut kept = ['\0'; label::HEAD];
    let head: &[char] = match text.prefix(labels.longest + 1) {
        Some(h) => {
            let n = h.len();
            kept[..n].copy_from_slice(h);
            &kept[..n]
        }
        None => {
            long = label::key_head(text.text(), labels.longest + 1);
            &long
        }
    };
    let whole = labels.keys.iter().position(|k| k == head).or_else(|| {
        let mut first = None;
        labels.set.distances_head(text, |i, _| {
            first.get_or_insert(i);
        });
        first
    });
    if let Some(l) = whole.and_then(|i| labels.labels.get(i)) {
        return Some((l, ""));
    }
    labels
        .labels
        .iter()
        .zip(&labels.keys)
        .filter(|(_, k)| prefix_allowed(head, k))
        .filter_map(|(l, k)| text.strip(k).map(|rest| (*l, after_colon(rest))))
        .min_by_key(|(_, rest)| rest.len())
}

/// A constant list of labels with their keys folded once: [`match_label`] runs on most
/// cells of a sheet, and folding the same labels on every call cost more than the matching.
struct Labels {
    labels: Vec<&'static str>,
    keys: Vec<Vec<char>>,
    set: label::LabelSet<'static>,
    /// Characters of the longest label.
    longest: usize,
}

impl Labels {
    fn new(labels: impl IntoIterator<Item = &'static str>) -> Self {
        let labels: Vec<&'static str> = labels.into_iter().collect();
        Labels {
            keys: labels.iter().map(|l| label::key(l)).collect(),
            set: label::LabelSet::new(&labels),
            longest: labels.iter().map(|l| l.chars().count()).max().unwrap_or(0),
            labels,
        }
    }
}

static DEPT: LazyLock<Labels> = LazyLock::new(|| Labels::new(DEPT_LABELS.iter().copied()));
static RELATED: LazyLock<Labels> = LazyLock::new(|| Labels::new(RELATED_LABELS.iter().copied()));
/// [`FIELDS`]' label lists, in its order.
static FIELD_LABELS: LazyLock<[Labels; 3]> =
    LazyLock::new(|| FIELDS.map(|(_, l)| Labels::new(l.iter().copied())));

/// `担当課：総務課`: the colon after a label is no part of the value.
fn after_colon(rest: &str) -> &str {
    rest.trim_start_matches([':', '：', ' ']).trim_start()
}

/// The longest label a text may start with only exactly: a misread prefix of a short label
/// is too often a word of the text (`現状では…` is no `現状値`).
const SHORT_LABEL: usize = 4;

/// `text_key` is the text's [`label::key`] (or at least as much of it as the label has
/// characters), built once by the caller; `lab` is the label's key.
fn prefix_allowed(text_key: &[char], lab: &[char]) -> bool {
    lab.len() > SHORT_LABEL || text_key.starts_with(lab)
}

/// Is `t` (a whole cell) a label this family reads into a field of its own?
fn is_known_label(t: &str) -> bool {
    static ALL: LazyLock<Labels> = LazyLock::new(|| {
        Labels::new(
            KNOWN_LABELS
                .iter()
                .chain(DEPT_LABELS)
                .chain(RELATED_LABELS)
                .chain(NUMBER_LABELS.iter().flat_map(|(_, l)| l.iter()))
                .chain(FIELDS.iter().flat_map(|(_, l)| l.iter()))
                .copied(),
        )
    });
    match_label(t, &ALL).is_some()
}

/// Which of the two numbers a fragment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Current,
    Target,
}

/// What a sheet collects while its lines are read.
#[derive(Default)]
struct Acc {
    department: Option<String>,
    dept_seen: bool,
    related: Vec<String>,
    issues: Vec<String>,
    actions: Vec<String>,
    target: Vec<String>,
    current_value: Vec<String>,
    target_value: Vec<String>,
    years: Option<Vec<i32>>,
    rows: Vec<(Row, Vec<String>, u32)>,
    extra: Vec<ExtraField>,
    /// Lines continuing a long item title.
    title_more: Vec<String>,
}

impl Acc {
    fn field(&mut self, f: Field) -> &mut Vec<String> {
        match f {
            Field::Issues => &mut self.issues,
            Field::Actions => &mut self.actions,
            Field::Target => &mut self.target,
        }
    }
    fn slot(&mut self, s: Slot) -> &mut Vec<String> {
        match s {
            Slot::Current => &mut self.current_value,
            Slot::Target => &mut self.target_value,
        }
    }
}

/// Reading position inside a sheet.
struct Cursor {
    field: Option<Field>,
    slot: Option<Slot>,
    /// The column the open slot's label stood in.
    slot_col: usize,
    in_plan: bool,
    /// The label column of the last 年次計画 row.
    row_col: Option<usize>,
}

fn read_sheet(doc: &Document, s: &Sheet<'_>, ctx: &mut Ctx<'_>) -> Item {
    // Each line's first cell is read once for the three label lists.
    let mut firsts: Vec<label::Head<'_>> = s
        .lines
        .iter()
        .filter_map(|line| line.filled().next())
        .map(|c| label::Head::new(&c.text))
        .collect();
    let present: Vec<Field> = FIELDS
        .iter()
        .zip(FIELD_LABELS.iter())
        .filter(|(_, l)| firsts.iter_mut().any(|h| match_head(h, l).is_some()))
        .map(|((f, _), _)| *f)
        .collect();
    let mut acc = Acc::default();
    let mut cur = Cursor {
        field: None,
        slot: None,
        slot_col: 0,
        in_plan: false,
        row_col: None,
    };
    let mut last = s.head_line;
    for line in &s.lines {
        // A page footer closes a page, not the sheet.
        if !is_footer_line(line) {
            last = last.max(line.no);
        }
        if read_line(doc, line, &present, &mut acc, &mut cur, ctx) {
            if is_footer_line(line) {
                ctx.claim_structure(line.no);
            } else {
                ctx.claim(line.no);
            }
        }
    }
    build(s, acc, last, ctx)
}

/// A line without a label under a 年次計画 row, its cells all under the years: the row's
/// cells wrapped onto a second line. Each cell is appended to the row's cell above it.
fn continue_row(doc: &Document, filled: &[&Cell], acc: &mut Acc, cur: &Cursor) -> bool {
    let (Some(label_col), Some((_, cells, _))) = (cur.row_col, acc.rows.last_mut()) else {
        return false;
    };
    if filled.iter().any(|c| c.col as usize <= label_col) {
        return false;
    }
    for c in filled {
        let k = c.col as usize - label_col - 1;
        if cells.len() <= k {
            cells.resize(k + 1, String::new());
        }
        if let Some(v) = text::value(&text::spaced(doc, c)) {
            let latin = |ch: Option<char>| ch.is_some_and(|x| x.is_ascii_alphanumeric());
            if latin(cells[k].chars().last()) && latin(v.chars().next()) {
                cells[k].push(' ');
            }
            cells[k].push_str(&v);
        }
    }
    true
}

/// A line holding only a page number (`- 3 -`, `3/36`).
fn is_footer_line(line: &Line) -> bool {
    let mut filled = line.filled();
    match (filled.next(), filled.next()) {
        (Some(only), None) => only.col == 0 && heading::is_page_footer(&only.text),
        _ => false,
    }
}

/// Read one line of a sheet; true when it was placed.
fn read_line(
    doc: &Document,
    line: &Line,
    present: &[Field],
    acc: &mut Acc,
    cur: &mut Cursor,
    ctx: &mut Ctx<'_>,
) -> bool {
    let filled: Vec<&Cell> = line.filled().collect();
    let Some(first) = filled.first().copied() else {
        return true;
    };
    if is_footer_line(line) {
        return true;
    }
    // `年次計画` alone: the table's caption, its header follows.
    if filled.len() == 1 && label::is_label(&first.text, "年次計画") {
        cur.in_plan = true;
        return true;
    }
    let texts: Vec<&str> = line.texts().collect();
    if let Some(years) = plan::header_years(&texts) {
        acc.years.get_or_insert(years);
        cur.in_plan = true;
        return true;
    }
    // The first cell is compared with up to seven label lists below: read it once.
    let mut head = label::Head::new(&first.text);
    // `目標値` before the 年次計画 is the number beside 目標の状態, not the 数値 row.
    let number_first = !cur.in_plan && numbers_head(&mut head).is_some_and(|(_, r)| r.is_empty());
    if let Some((row, label_col)) = plan_row(line).filter(|_| !number_first) {
        cur.in_plan = true;
        // Cells by their distance from the label (empty cells keep their place).
        let mut cells: Vec<String> = Vec::new();
        for c in line.cells.iter().filter(|c| c.col as usize > label_col) {
            let k = c.col as usize - label_col - 1;
            if cells.len() <= k {
                cells.resize(k + 1, String::new());
            }
            if let Some(v) = text::value(&text::spaced(doc, c)) {
                cells[k] = v;
            }
        }
        acc.rows.push((row, cells, line.no));
        cur.row_col = Some(label_col);
        return true;
    }
    if let Some(extra) = unknown_label(doc, line, &filled) {
        ctx.push(
            Diagnostic::info(
                "sheet.unknown-label",
                format!("a row labelled {} is kept in extra_fields", extra.label),
            )
            .at(line.no),
        );
        acc.extra.push(extra);
        return true;
    }
    if cur.in_plan {
        return continue_row(doc, &filled, acc, cur);
    }
    if let Some((_, inline)) = match_head(&mut head, &DEPT) {
        read_departments(line, first, inline, acc);
        return true;
    }
    // 関係課 on a line of its own, under 担当課.
    if let Some((_, inline)) = match_head(&mut head, &RELATED) {
        let text = if inline.is_empty() {
            line.cells
                .iter()
                .find(|c| c.col == first.col + 1)
                .map_or("", |c| c.text.as_str())
        } else {
            inline
        };
        acc.related = text::departments(text);
        return true;
    }
    for ((f, _), labels) in FIELDS.iter().zip(FIELD_LABELS.iter()) {
        let f = *f;
        if let Some((_, rest)) = match_head(&mut head, labels) {
            cur.field = Some(f);
            cur.slot = None;
            if !rest.is_empty() {
                acc.field(f).push(rest.to_string());
            }
            let value_col = first.col as usize + 1;
            if let Some(v) = line.cells.iter().find(|c| c.col as usize == value_col) {
                let e = text::entries(doc, v);
                acc.field(f).extend(e);
            }
            let others: Vec<&Cell> = filled
                .iter()
                .copied()
                .filter(|c| c.col as usize > value_col)
                .collect();
            // Text right of the value that is no number: the field's text, clipped.
            let left = read_numbers(doc, &others, acc, cur);
            acc.field(f).extend(left);
            return true;
        }
    }
    let left = read_numbers(doc, &filled, acc, cur);
    if left.is_empty() {
        return true;
    }
    // A text line without a label: the next field if its label is missing, else more of
    // the field being read.
    let Some(f) = cur.field else {
        // Before any label, a lone line under the item heading is the rest of its title.
        if !acc.dept_seen && filled.len() == 1 && first.col == 0 {
            acc.title_more.push(first.text.trim().to_string());
            return true;
        }
        return false;
    };
    let next = FIELDS
        .iter()
        .position(|(x, _)| *x == f)
        .and_then(|k| FIELDS.get(k + 1))
        .map(|(x, _)| *x);
    let target = match next {
        Some(n) if !present.contains(&n) => {
            ctx.push(
                Diagnostic::warning(
                    "sheet.label-missing",
                    format!(
                        "text without a label after {}: read as {}",
                        field_label(f),
                        field_label(n)
                    ),
                )
                .at(line.no),
            );
            cur.field = Some(n);
            n
        }
        _ => f,
    };
    acc.field(target).extend(left);
    true
}

fn field_label(f: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(x, _)| *x == f)
        .and_then(|(_, l)| l.first())
        .copied()
        .unwrap_or("")
}

/// Labels this family knows besides those of the departments, the text fields and the
/// numbers; any other short first cell followed by values is a label we do not read into a
/// field of our own.
const KNOWN_LABELS: &[&str] = &["年次計画", "年度"];

/// The longest text that can be a row label.
const MAX_LABEL: usize = 10;

/// `効果額⇥100千円`: a row with a label this family does not know, kept as printed.
fn unknown_label(doc: &Document, line: &Line, filled: &[&Cell]) -> Option<ExtraField> {
    let (first, rest) = filled.split_first()?;
    let t = first.text.trim();
    let labelish = first.col == 0
        && !rest.is_empty()
        && t.chars().count() <= MAX_LABEL
        && !t.contains(['。', '、', ' '])
        && !t.chars().any(|c| c.is_ascii_digit())
        && heading::parse(t).is_none()
        && plan::row_of(t).is_none()
        && plan::header_years(&line.texts().collect::<Vec<_>>()).is_none()
        && !is_known_label(t);
    if !labelish {
        return None;
    }
    Some(ExtraField {
        label: t.to_string(),
        values: rest
            .iter()
            .filter_map(|c| text::value(&text::spaced(doc, c)))
            .collect(),
    })
}

/// A 年次計画 row: its kind and the column of its label (`進捗状況⇥…`, `⇥進捗状況⇥…`,
/// `年次計画⇥年度目標⇥…`).
fn plan_row(line: &Line) -> Option<(Row, usize)> {
    let mut filled = line.filled();
    let first = filled.next()?;
    if let Some(r) = plan::row_of(&first.text) {
        return Some((r, first.col as usize));
    }
    if label::is_label(&first.text, "年次計画") {
        let second = filled.next()?;
        return plan::row_of(&second.text).map(|r| (r, second.col as usize));
    }
    None
}

/// Labels of the responsible department, and of the related ones.
const DEPT_LABELS: &[&str] = &[
    "担当課",
    "担当部署",
    "所管課",
    "主管課",
    "担当部局",
    "所管部署",
    "主管部署",
    "担当課等",
    "担当部課",
    "所管部課",
    "担当部",
    "所管部",
];
const RELATED_LABELS: &[&str] = &[
    "関係課",
    "関係部署",
    "関連課",
    "関係部局",
    "関連部署",
    "関係課等",
    "協力課",
];

/// `担当課⇥DEPT⇥関係課⇥RELATED`, or merged `担当課⇥DEPT 関係課 RELATED`. Names are read
/// from the normalised text, where wrap spaces inside a name are already gone.
fn read_departments(line: &Line, first: &Cell, inline: &str, acc: &mut Acc) {
    acc.dept_seen = true;
    let cell_at = |col: usize| {
        line.cells
            .iter()
            .find(|c| c.col as usize == col)
            .map_or("", |c| c.text.as_str())
    };
    let dept_text = if inline.is_empty() {
        cell_at(first.col as usize + 1)
    } else {
        inline
    };
    let inline_rel = RELATED_LABELS
        .iter()
        .find_map(|r| dept_text.find(r).map(|k| (k, r.len())));
    let (dept_text, mut related_text) = match inline_rel {
        Some((k, len)) => (&dept_text[..k], Some(&dept_text[k + len..])),
        None => (dept_text, None),
    };
    if related_text.is_none() {
        for c in line.cells.iter().filter(|c| c.col > first.col) {
            if let Some((_, rest)) = match_label(&c.text, &RELATED) {
                related_text = Some(if rest.is_empty() {
                    cell_at(c.col as usize + 1)
                } else {
                    rest
                });
                break;
            }
        }
    }
    // `担当部⇥総務部⇥担当課⇥総務課`: the 部 and its 課 make one name.
    let value_col = if inline.is_empty() {
        first.col + 1
    } else {
        first.col
    };
    let mut dept = dept_text.trim().to_string();
    for c in line.cells.iter().filter(|c| c.col > value_col) {
        if match_label(&c.text, &RELATED).is_some() {
            break;
        }
        if let Some((_, rest)) = match_label(&c.text, &DEPT) {
            let more = if rest.is_empty() {
                cell_at(c.col as usize + 1)
            } else {
                rest
            };
            dept.push_str(more.trim());
            break;
        }
    }
    // `総務部<br>総務課`: a line break inside the name is the cell's wrapping.
    dept.retain(|c| c != '\n');
    acc.department = text::value(&dept);
    acc.related = text::departments(related_text.unwrap_or(""));
}

/// 現状の数値 / 目標の数値 fragments: a label opens its slot (in its column), other text fills
/// the open slot when it stands in that column or right of it. Returns what found no slot,
/// as list entries, for the text field being read.
fn read_numbers(doc: &Document, cells: &[&Cell], acc: &mut Acc, cur: &mut Cursor) -> Vec<String> {
    let mut left = Vec::new();
    for c in cells {
        let paras = paragraphs(doc, c);
        let labelled = paras.iter().any(|p| numbers_label(p).is_some());
        let in_slot = cur.slot.is_some() && c.col as usize >= cur.slot_col;
        if !labelled && !in_slot {
            left.extend(text::entries(doc, c));
            continue;
        }
        for para in &paras {
            let rest = match numbers_label(para) {
                Some((slot, rest)) => {
                    cur.slot = Some(slot);
                    cur.slot_col = c.col as usize;
                    rest
                }
                None => para.as_str(),
            };
            let Some(rest) = text::value(rest) else {
                continue;
            };
            match cur.slot {
                Some(s) => {
                    let v = acc.slot(s);
                    // The same value printed again (an HTML table and its flattened copy).
                    if !v.contains(&rest) {
                        v.push(rest);
                    }
                }
                None => left.push(rest),
            }
        }
    }
    left
}

/// The labels of the two numbers beside 目標の状態.
const NUMBER_LABELS: [(Slot, &[&str]); 2] = [
    (
        Slot::Current,
        &["現状の数値", "現状値", "現状数値", "現在の数値"],
    ),
    (Slot::Target, &["目標の数値", "目標数値", "目標値"]),
];

/// The slot a 現状の数値 / 目標の数値 label opens, and the text after the label.
fn numbers_label(text: &str) -> Option<(Slot, &str)> {
    numbers_head(&mut label::Head::new(text))
}

/// [`numbers_label`] of a text read through its [`label::Head`].
fn numbers_head<'a>(text: &mut label::Head<'a>) -> Option<(Slot, &'a str)> {
    static SETS: LazyLock<[(Slot, Labels); 2]> =
        LazyLock::new(|| NUMBER_LABELS.map(|(slot, l)| (slot, Labels::new(l.iter().copied()))));
    SETS.iter()
        .find_map(|(slot, labels)| match_head(text, labels).map(|(_, rest)| (*slot, rest)))
}

/// A cell's paragraphs (split at HTML paragraph breaks), each as printed.
fn paragraphs(doc: &Document, cell: &Cell) -> Vec<String> {
    if !cell.text.contains('\n') {
        return vec![text::spaced(doc, cell)];
    }
    // Split the cell at its breaks and keep each part's source spacing.
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = cell.text.as_bytes();
    for (k, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            push_part(doc, cell, start, k, &mut out);
            start = k + 1;
        }
    }
    push_part(doc, cell, start, cell.text.len(), &mut out);
    out
}

fn push_part(doc: &Document, cell: &Cell, from: usize, to: usize, out: &mut Vec<String>) {
    if cell.text.get(from..to).is_none_or(|t| t.trim().is_empty()) {
        return;
    }
    let Some(part) = cell.sub(from..to) else {
        return;
    };
    let s = text::spaced(doc, &part);
    if !s.is_empty() {
        out.push(s);
    }
}

fn build(s: &Sheet<'_>, acc: Acc, last: u32, ctx: &mut Ctx<'_>) -> Item {
    let mut levels = Vec::new();
    let mut raws = Vec::new();
    for h in [&s.chapter, &s.section].into_iter().flatten() {
        levels.push(h.n);
        raws.push(h.raw.clone());
    }
    levels.push(s.item.n);
    raws.push(s.item.raw.clone());
    let mut title = s.item.title.clone();
    for more in &acc.title_more {
        title.push_str(more);
    }
    let mut item = Item::new(Some(id::join(&levels)), Some(raws.join(" ")), Some(title));
    item.department = acc.department.clone();
    item.source = vec![LineRange::new(s.head_line, last)];
    if item.department.is_none() {
        let msg = if acc.dept_seen {
            "担当課 is printed without a value"
        } else {
            "no 担当課 row"
        };
        ctx.push(Diagnostic::warning("item.no-department", msg).at(s.head_line));
    }
    for (f, _) in FIELDS {
        let lab = field_label(f);
        let empty = match f {
            Field::Issues => acc.issues.is_empty(),
            Field::Actions => acc.actions.is_empty(),
            Field::Target => acc.target.is_empty(),
        };
        if empty {
            ctx.push(
                Diagnostic::warning("sheet.empty-field", format!("{lab} has no text"))
                    .at(s.head_line),
            );
        }
    }
    let (plan, goal_merged) = build_plan(s, &acc, ctx);
    let join = |v: &[String]| (!v.is_empty()).then(|| v.join("\n"));
    let parent = |h: &Option<Heading>| {
        h.as_ref().map(|h| Parent {
            n: h.n,
            title: h.title.clone(),
        })
    };
    item.impl_plan = Some(ItemExt {
        chapter: parent(&s.chapter),
        section: parent(&s.section),
        related_departments: acc.related,
        issues: join(&acc.issues),
        actions: acc.actions,
        target_state: acc.target,
        current_value: (!acc.current_value.is_empty()).then(|| acc.current_value.join(" ")),
        target_value: (!acc.target_value.is_empty()).then(|| acc.target_value.join(" ")),
        plan,
        goal_merged,
        extra_fields: acc.extra,
    });
    item
}

fn build_plan(s: &Sheet<'_>, acc: &Acc, ctx: &mut Ctx<'_>) -> (Vec<YearPlan>, bool) {
    if acc.rows.is_empty() && acc.years.is_none() {
        ctx.push(Diagnostic::warning("plan.missing", "no 年次計画 table").at(s.head_line));
        return (Vec::new(), false);
    }
    if acc.years.is_none() {
        let at = acc.rows.first().map_or(s.head_line, |r| r.2);
        ctx.push(
            Diagnostic::warning(
                "plan.no-header",
                "年次計画 rows without a 年度 header: the years are the plan period's",
            )
            .at(at),
        );
    }
    let years: Vec<Option<i32>> = match &acc.years {
        Some(y) => y.iter().map(|y| Some(*y)).collect(),
        None => match ctx.meta.period.as_ref() {
            Some(p) if p.to >= p.from && p.to - p.from < 20 => (p.from..=p.to).map(Some).collect(),
            _ => {
                let n = acc.rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
                vec![None; n]
            }
        },
    };
    let n = years.len();
    let mut plan: Vec<YearPlan> = years
        .iter()
        .map(|&year| YearPlan {
            year,
            phase: None,
            phase_raw: None,
            goal: None,
            value: None,
        })
        .collect();
    let mut goal_merged = false;
    for (row, cells, no) in &acc.rows {
        let (vals, how) = plan::fit(cells, n);
        match &how {
            Fit::Ambiguous(m) => ctx.push(
                Diagnostic::warning("plan.ambiguous-cells", format!("{}: {m}", row.label()))
                    .at(*no),
            ),
            Fit::TooMany(k) => ctx.push(
                Diagnostic::warning(
                    "plan.too-many-cells",
                    format!("{}: {k} cells more than years were dropped", row.label()),
                )
                .at(*no),
            ),
            Fit::RepeatDropped => ctx.push(
                Diagnostic::info(
                    "plan.extra-cell",
                    format!(
                        "{}: one cell more than years, repeating the last year: dropped",
                        row.label()
                    ),
                )
                .at(*no),
            ),
            _ => {}
        }
        for (p, v) in plan.iter_mut().zip(vals) {
            match row {
                Row::Phase => {
                    p.phase = v.as_deref().and_then(plan::phase);
                    p.phase_raw = v;
                }
                Row::Goal => p.goal = v,
                Row::Value => p.value = v,
            }
        }
        if *row == Row::Goal && how == Fit::Merged {
            goal_merged = true;
        }
    }
    (plan, goal_merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_other_plans() {
        assert_eq!(match_label("関係部署", &RELATED), Some(("関係部署", "")));
        assert_eq!(
            match_label("関係部署 情報政策課", &RELATED),
            Some(("関係部署", "情報政策課"))
        );
        assert_eq!(match_label("関 係 課", &RELATED), Some(("関係課", "")));
        assert_eq!(
            match_label("担当課:住民課", &DEPT),
            Some(("担当課", "住民課"))
        );
        let target = &FIELD_LABELS[2];
        assert_eq!(match_label("目指す姿", target), Some(("目指す姿", "")));
        assert_eq!(
            match_label("目標とする状態", target),
            Some(("目標とする状態", ""))
        );
        assert!(match_label("取組の内容", &FIELD_LABELS[1]).is_some());
        assert!(match_label("現状・課題", &FIELD_LABELS[0]).is_some());
    }

    #[test]
    fn short_labels_match_a_prefix_only_exactly() {
        // `現状では…` is text, not the 現状値 label followed by `では…`.
        assert_eq!(numbers_label("現状では件数が多い"), None);
        assert_eq!(
            numbers_label("現状値 15団体"),
            Some((Slot::Current, "15団体"))
        );
        assert_eq!(
            numbers_label("目標の数値 女性参加率 36.0%"),
            Some((Slot::Target, "女性参加率 36.0%"))
        );
        assert!(prefix_allowed(
            &label::key("担当課総務課"),
            &label::key("担当課")
        ));
        assert!(!prefix_allowed(
            &label::key("担当者が不在"),
            &label::key("担当課")
        ));
        assert!(prefix_allowed(
            &label::key("取組内容を見直す"),
            &label::key("現状と課題")
        ));
    }

    #[test]
    fn known_labels() {
        assert!(is_known_label("目指す姿"));
        assert!(is_known_label("関連部署"));
        assert!(is_known_label("現状の数値"));
        assert!(!is_known_label("効果額"));
    }

    #[test]
    fn dot_leaders() {
        assert!(is_leader("……"));
        assert!(is_leader("・・・・"));
        assert!(is_leader("....."));
        assert!(!is_leader("-"));
        assert!(!is_leader("総務課"));
    }

    #[test]
    fn colon_after_label() {
        assert_eq!(after_colon(": 総務課"), "総務課");
        assert_eq!(after_colon("：総務課"), "総務課");
        assert_eq!(after_colon("総務課"), "総務課");
    }
}

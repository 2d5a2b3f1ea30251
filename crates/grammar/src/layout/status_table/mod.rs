//! The wide status table: one row per 取組項目 under a header that repeats on every page
//! (項目No. / 取組項目 / 担当部署 / 内容、進め方 / R2計画概要 / R2実施内容 / 問題・課題 /
//! 次年度の方針 / 進捗区分). The group heading is printed on a group's first row only and is
//! filled down; PDF extraction damage (stray prefixes, characters spilled across cell
//! borders, misread or lost numbers) is repaired by rules that say so in diagnostics.

pub mod dept;
pub mod grade;
pub mod header;
pub mod heading;

use std::collections::HashMap;

use keikaku_loader::norm::is_cjk;
use keikaku_loader::{Diagnostic, Document, Line};
use schemars::JsonSchema;
use serde::Serialize;

use super::Ctx;
use crate::item::{Item, LineRange, Status, StatusCode};
use crate::token::{id, status};
use header::{Columns, Role};
use heading::{Fix, HeadCell};

/// The group an item belongs to (the 項目No. heading, filled down).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Heading {
    /// Canonical number of the group (`1-1-1`), corrected or inferred from the sequence
    /// where the print is wrong or lost (a diagnostic says so); null when unknowable.
    pub id: Option<String>,
    /// The number as printed (`I 1 (1)`), null when none is printed.
    pub raw_id: Option<String>,
    /// The heading's words, wrap spaces removed, continuation rows joined.
    pub title: Option<String>,
    /// The words of the section band above the group, when the table prints its top level
    /// on a row of its own (`Ⅰ 財源の確保`) and the groups below it as `1 (1) …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// A cell the family does not know: under a header label no role claims, or (label
/// `null`) in a column the header does not have.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Extra {
    pub label: Option<String>,
    pub text: String,
}

/// Fields of an item that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ItemExt {
    pub heading: Option<Heading>,
    /// The fiscal year the plan and results columns speak of (`R 2 実施内容` → 2020).
    pub fiscal_year: Option<i32>,
    /// 内容、進め方.
    pub content: Option<String>,
    /// R2計画概要.
    pub plan_summary: Option<String>,
    /// R2実施内容.
    pub results: Option<String>,
    /// 実施過程での新たな問題・課題.
    pub issues: Option<String>,
    /// 次年度の方針.
    pub next_year_policy: Option<String>,
    /// The title cell as printed, when a repair changed the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_raw: Option<String>,
    /// The 担当部署 cell as printed, when a repair changed the department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_raw: Option<String>,
    /// Columns under headers this family does not know.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Extra>,
}

/// Fields of an activity that only this family prints (it has no activities).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ActivityExt {}

/// Remove the spaces line wrapping leaves next to brackets in Japanese text
/// (`改善改革 (再構築)`); spaces between CJK characters are gone after normalisation.
pub fn tidy(s: &str) -> String {
    // Most cells hold no space to judge: copied whole, without the character list.
    if !s.trim().contains(' ') {
        return s.trim().to_string();
    }
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = k.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(k + 1).copied();
            if let (Some(p), Some(q)) = (prev, next) {
                let wrap = (is_cjk(p) && matches!(q, '(' | '「' | '『'))
                    || (matches!(p, ')' | '」' | '』') && is_cjk(q))
                    || (is_cjk(p) && is_cjk(q));
                if wrap {
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// A text cell holding only extraction debris (`;`, `t l`, `-`): no Japanese, at most three
/// signs, no word of two letters or digits, not a number.
fn is_debris(s: &str) -> bool {
    // Asked of every text cell, most of them sentences: the signs are counted only up to
    // the fourth, which rules the cell out.
    let mut kept = ['\0'; 3];
    let mut n = 0;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        match kept.get_mut(n) {
            Some(slot) => *slot = c,
            None => return false,
        }
        n += 1;
    }
    let signs = &kept[..n];
    if signs.is_empty() || s.chars().any(is_cjk) {
        return false;
    }
    if signs.iter().all(char::is_ascii_digit) {
        return false;
    }
    let word = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.len() >= 2);
    !word
}

/// The item number at the start of a title cell (`① ふるさと納税の推進`), with the byte
/// length it takes. OCR turns ① into `(1)` or `1`: those count when a space follows them;
/// towns that number with `1.` / `1、` need no space (`1.ふるさと納税`, not `1.5倍`).
fn item_number(text: &str) -> Option<(u32, usize)> {
    if let Ok((rest, n)) = id::circled(text) {
        return Some((n, text.len() - rest.len()));
    }
    let (rest, n) = id::component(text).ok()?;
    if !(1..=50).contains(&n) {
        return None;
    }
    if rest.starts_with(' ') {
        return Some((n, text.len() - rest.len()));
    }
    let plain = text.starts_with(|c: char| c.is_ascii_digit());
    let after = rest.strip_prefix(['.', '、'])?;
    let word = after.starts_with(|c: char| !c.is_ascii_digit() && !c.is_whitespace() || c == ' ');
    (plain && word && !after.is_empty()).then(|| (n, text.len() - after.len()))
}

/// One table row as printed, before the document-wide repairs.
#[derive(Debug, Clone)]
struct Row {
    no: u32,
    /// Last physical line of the row (a wrapped row goes on below).
    to: u32,
    /// Lines read into the row's heading that are not the row: a section band above it,
    /// heading words continued below it.
    also: Vec<u32>,
    page: Option<u32>,
    head: Option<HeadCell>,
    /// The heading number as printed (raw source text).
    head_raw: Option<String>,
    item_no: Option<u32>,
    item_raw: Option<String>,
    title: Option<String>,
    /// The title's raw source text without its number (wrap gaps kept).
    title_raw: String,
    dept: Option<dept::Reading>,
    dept_raw: Option<String>,
    texts: [Option<String>; 5],
    status_text: String,
    status_raw: String,
    extra: Vec<Extra>,
    /// Text cells dropped as extraction debris.
    debris: Vec<String>,
    year: Option<i32>,
}

impl Row {
    /// A row that prints nothing an item is made of (no heading, number, title, department,
    /// content or plan, no readable status) is a fragment, not an item.
    fn is_item(&self) -> bool {
        self.head.as_ref().is_some_and(|h| h.levels.is_some())
            || self.item_no.is_some()
            || self.title.is_some()
            || self.dept.as_ref().is_some_and(|d| !d.name.is_empty())
            || self.texts[0].is_some()
            || self.texts[1].is_some()
            || status::parse(&self.status_text, None).is_some()
    }
    /// Only heading words and nothing else: the rest of the previous heading. A long cell
    /// or a note (`※…`) is not a heading's end.
    fn is_heading_tail(&self) -> bool {
        self.head.as_ref().is_some_and(|h| {
            h.levels.is_none() && h.title.chars().count() <= 30 && !h.title.contains('※')
        }) && self.item_no.is_none()
            && self.title.is_none()
            && self.dept.as_ref().is_none_or(|d| d.name.is_empty())
            && self.texts.iter().all(Option::is_none)
            && self.status_text.is_empty()
    }

    /// Nothing on the row besides its 項目No. cell.
    fn is_bare(&self) -> bool {
        self.item_no.is_none()
            && self.title.is_none()
            && self.dept.as_ref().is_none_or(|d| d.name.is_empty())
            && self.texts.iter().all(Option::is_none)
            && self.status_text.is_empty()
            && self.extra.is_empty()
    }

    /// A numbered heading and nothing else on the row: a section band over the groups
    /// that follow.
    fn band(&self) -> Option<Band> {
        let h = self.head.as_ref()?;
        let levels = h.levels.clone()?;
        self.is_bare().then(|| Band {
            levels,
            style: h.number.as_deref().map_or(Numbering::Other, numbering),
            title: h.title.clone(),
        })
    }

    /// Text under 内容 or 計画 and nothing that starts a row (no heading, number, title,
    /// department or status): the previous row wrapped onto this line.
    fn is_wrap(&self) -> bool {
        self.head.is_none()
            && self.item_no.is_none()
            && self.title.is_none()
            && self.dept.as_ref().is_none_or(|d| d.name.is_empty())
            && self.status_text.is_empty()
            && (self.texts[0].is_some() || self.texts[1].is_some())
    }

    /// Take in the cells of a line the row wrapped onto.
    fn absorb(&mut self, more: Row) {
        for (a, b) in self.texts.iter_mut().zip(more.texts) {
            *a = match (a.take(), b) {
                (Some(x), Some(y)) => Some(join_wrap(&x, &y)),
                (x, y) => x.or(y),
            };
        }
        self.extra.extend(more.extra);
        self.debris.extend(more.debris);
        self.to = more.to;
    }
}

/// Join the two parts of a wrapped cell: directly between Japanese text, with a space
/// between Latin words.
fn join_wrap(a: &str, b: &str) -> String {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(a.chars().next_back()) && latin(b.chars().next()) {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

/// A page number printed as a line of its own (`- 2 -`, `2/5`, `P.3`, `3ページ`).
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches('-');
    let t = t
        .strip_prefix("P.")
        .or_else(|| t.strip_prefix('P'))
        .or_else(|| t.strip_prefix("p."))
        .unwrap_or(t);
    let t = t
        .strip_suffix("ページ")
        .or_else(|| t.strip_suffix('頁'))
        .unwrap_or(t);
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    match t.split_once('/') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(t),
    }
}

/// A note explaining the status marks (`※進捗状況 ◎:達成 ○:順調 △:遅れ`): a legend of at
/// least two entries with little else around it.
fn legend_line(text: &str) -> Option<status::Legend> {
    let l = status::parse_legend(text)?;
    let words = text.chars().filter(|c| !c.is_whitespace()).count();
    (words <= 12 * l.entries.len() + 12).then_some(l)
}

/// A line of HTML tags only (`<table border="1">`, `</table>`): markup that holds no text.
fn markup_only(text: &str) -> bool {
    let mut rest = text.trim();
    if !rest.starts_with('<') {
        return false;
    }
    while let Some(r) = rest.strip_prefix('<') {
        let Some(end) = r.find('>') else {
            return false;
        };
        let name = r[..end].trim_start_matches('/');
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return false;
        }
        rest = r[end + 1..].trim_start();
    }
    rest.is_empty()
}

/// The text of a line of one cell.
fn lone_cell(line: &Line) -> Option<&str> {
    let mut filled = line.filled();
    let cell = filled.next()?;
    filled.next().is_none().then_some(cell.text.as_str())
}

/// A line of one cell that is page furniture, not a table row: a page number, or a
/// caption printed right above the header (above the first, or above every copy: a
/// line that says the same each time). `repeats`: how often the same lone cell occurs.
fn furniture(
    line: &Line,
    header_follows: bool,
    first: bool,
    repeats: usize,
) -> Option<&'static str> {
    let text = lone_cell(line)?;
    if is_page_number(text) {
        return Some("page.number");
    }
    let numbered = heading::head_cell(text).levels.is_some();
    (header_follows && !numbered && (first || repeats >= 2)).then_some("table.caption")
}

const TEXT_ROLES: [Role; 5] = [
    Role::Content,
    Role::Plan,
    Role::Results,
    Role::Issues,
    Role::NextPolicy,
];

fn read_row(doc: &Document, line: &Line, cols: &Columns) -> Row {
    let cell_at = |role: Role| {
        cols.col(role)
            .and_then(|c| line.cells.iter().find(|x| usize::from(x.col) == c))
            .filter(|c| !c.text.is_empty())
    };
    let mut head = None;
    let mut head_raw = None;
    if let Some(c) = cell_at(Role::Number) {
        let h = heading::head_cell(&c.text);
        if let Some(n) = &h.number {
            let end = c.text.find(n.as_str()).map_or(0, |s| s + n.len());
            head_raw = Some(doc.raw(c, 0..end).trim().to_string());
        }
        head = Some(h);
    }
    let (mut item_no, mut item_raw, mut title, mut title_raw) = (None, None, None, String::new());
    if let Some(c) = cell_at(Role::Title) {
        let used = match item_number(&c.text) {
            Some((n, used)) => {
                item_no = Some(n);
                item_raw = Some(doc.raw(c, 0..used).trim().to_string());
                used
            }
            None => 0,
        };
        title = nonempty(tidy(&c.text[used..]));
        title_raw = doc.raw(c, used..c.text.len()).trim().to_string();
    }
    let (dept, dept_raw) = match cell_at(Role::Department) {
        Some(c) => {
            let raw = doc.raw(c, 0..c.text.len()).trim().to_string();
            (Some(dept::read(&raw)), Some(raw))
        }
        None => (None, None),
    };
    let mut debris = Vec::new();
    let texts = TEXT_ROLES.map(|r| {
        let t = cell_at(r).and_then(|c| nonempty(tidy(&c.text)))?;
        if is_debris(&t) {
            debris.push(t);
            return None;
        }
        Some(t)
    });
    let (status_text, status_raw) = match cell_at(Role::Status) {
        Some(c) => (
            c.text.trim().to_string(),
            doc.raw(c, 0..c.text.len()).trim().to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let known = |col: usize| cols.roles.iter().any(|&(c, _)| c == col);
    let extra = line
        .filled()
        .filter(|c| !known(usize::from(c.col)))
        .filter_map(|c| {
            let label = cols
                .others
                .iter()
                .find(|(col, _)| *col == usize::from(c.col))
                .map(|(_, l)| l.clone());
            Some(Extra {
                label,
                text: nonempty(tidy(&c.text))?,
            })
        })
        .collect();
    Row {
        no: line.no,
        to: line.no,
        also: Vec::new(),
        page: line.page,
        head,
        head_raw,
        item_no,
        item_raw,
        title,
        title_raw,
        dept,
        dept_raw,
        texts,
        status_text,
        status_raw,
        extra,
        debris,
        year: cols.year,
    }
}

/// How a number is written: a band's numbers lead only headings written otherwise
/// (`Ⅰ` over `1 (1)`; a heading `Ⅰ 1 (1)` already carries them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Roman,
    Arabic,
    Paren,
    Circled,
    Other,
}

fn numbering(printed: &str) -> Numbering {
    let t = printed.trim_start_matches(['N', 'o', '.', ' ']);
    match t.chars().next() {
        Some('I' | 'V' | 'X' | '\u{2160}'..='\u{217B}') => Numbering::Roman,
        Some('(') => Numbering::Paren,
        Some(c) if c.is_ascii_digit() => Numbering::Arabic,
        Some(c) if id::circled(&c.to_string()).is_ok() => Numbering::Circled,
        _ => Numbering::Other,
    }
}

/// A section band: a row that prints only a numbered heading.
#[derive(Debug, Clone)]
struct Band {
    levels: Vec<u32>,
    style: Numbering,
    title: String,
}

/// A heading group: its number as printed and its words.
#[derive(Debug, Clone)]
struct Group {
    printed: Option<Vec<u32>>,
    /// The section band above the group (`Ⅰ 財源の確保` on a row of its own).
    section: Option<String>,
    raw_id: Option<String>,
    title: String,
    no: u32,
    page: Option<u32>,
}

fn warn(ctx: &mut Ctx<'_>, code: &str, msg: String, no: u32, page: Option<u32>) {
    ctx.push(Diagnostic::warning(code, msg).at(no).on_page(page));
}

/// The item status from the 進捗区分 cell: a label (or mark) when one can be read, else
/// `unknown` keeping the printed cell.
fn read_status(
    row: &Row,
    legend: Option<&status::Legend>,
    grades: Option<&grade::Grades>,
    ctx: &mut Ctx<'_>,
) -> Status {
    if row.status_text.is_empty() {
        warn(
            ctx,
            "item.no-status",
            "進捗区分 is empty: status unknown".into(),
            row.no,
            row.page,
        );
        return Status::unknown();
    }
    match status::parse(&row.status_text, legend) {
        Some(mut s) => {
            let clean = format!(
                "{}{}",
                s.mark.as_deref().unwrap_or(""),
                s.label.as_deref().unwrap_or("")
            );
            let printed: String = row
                .status_raw
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if printed != clean {
                s.raw = Some(row.status_raw.clone());
            }
            s
        }
        None => {
            if let Some(s) = grades.and_then(|g| g.read(&row.status_text)) {
                return s;
            }
            // The column holds a status: one that opens the cell counts even with a
            // remark after it (`計画どおり(一部遅れ)`).
            if let Some((label, code)) = grade::label_at_start(&row.status_text) {
                return Status {
                    code,
                    mark: None,
                    label: Some(label.to_string()),
                    raw: Some(row.status_raw.clone()),
                };
            }
            warn(
                ctx,
                "item.status-unreadable",
                format!("進捗区分 `{}` is not a status: unknown", row.status_raw),
                row.no,
                row.page,
            );
            Status {
                code: StatusCode::Unknown,
                mark: None,
                label: None,
                raw: Some(row.status_raw.clone()),
            }
        }
    }
}

/// The lines of a row's item: its own, and heading lines above or below it, adjacent
/// ones merged into one range.
fn source(row: &Row) -> Vec<LineRange> {
    let mut lines: Vec<(u32, u32)> = vec![(row.no, row.to)];
    lines.extend(row.also.iter().map(|&no| (no, no)));
    lines.sort_unstable();
    let mut out: Vec<LineRange> = Vec::with_capacity(lines.len());
    for (from, to) in lines {
        match out.last_mut() {
            Some(last) if from <= last.to + 1 => last.to = last.to.max(to),
            _ => out.push(LineRange::new(from, to)),
        }
    }
    out
}

/// The year the table reports on: the fiscal year of most items' results column.
pub fn report_year(items: &[Item]) -> Option<i32> {
    let mut votes: HashMap<i32, usize> = HashMap::new();
    for y in items
        .iter()
        .filter_map(|i| i.status_table.as_ref()?.fiscal_year)
    {
        *votes.entry(y).or_insert(0) += 1;
    }
    votes
        .into_iter()
        .max_by_key(|&(y, n)| (n, std::cmp::Reverse(y)))
        .map(|(y, _)| y)
}

/// Read the items of a document of this family.
pub fn parse(doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    let mut cols: Option<Columns> = None;
    let mut rows: Vec<Row> = Vec::new();
    for l in doc.source_lines.iter().filter(|l| !l.blank) {
        if doc.text.get(l.span.clone()).is_some_and(markup_only) {
            ctx.claim_structure(l.no);
        }
    }
    let mut headers: Vec<Option<Columns>> = doc.lines.iter().map(Columns::from_line).collect();
    // Headers printed over two lines: the upper line holds the header (read with both),
    // the lower one is only structure.
    let mut lower = vec![false; doc.lines.len()];
    for k in 0..doc.lines.len().saturating_sub(1) {
        let (Some(top), Some(bottom)) = (doc.lines.get(k), doc.lines.get(k + 1)) else {
            continue;
        };
        if lower.get(k).copied().unwrap_or(false) || headers.get(k + 1).is_some_and(Option::is_some)
        {
            continue;
        }
        let Some(pair) = Columns::from_pair(top, bottom) else {
            continue;
        };
        let better = headers
            .get(k)
            .and_then(Option::as_ref)
            .is_none_or(|h| pair.named() > h.named());
        if better {
            if let Some(h) = headers.get_mut(k) {
                *h = Some(pair);
            }
            if let Some(l) = lower.get_mut(k + 1) {
                *l = true;
            }
        }
    }
    let mut lone: HashMap<&str, usize> = HashMap::new();
    let mut legend: Option<status::Legend> = None;
    let mut grades: Option<grade::Grades> = None;
    for line in &doc.lines {
        if let Some(t) = lone_cell(line) {
            *lone.entry(t).or_insert(0) += 1;
        }
    }
    for (k, line) in doc.lines.iter().enumerate() {
        if lower.get(k).copied().unwrap_or(false) {
            ctx.claim_structure(line.no);
            continue;
        }
        if let Some(Some(c)) = headers.get(k) {
            ctx.claim_structure(line.no);
            cols = Some(c.clone());
            continue;
        }
        let header_follows = matches!(headers.get(k + 1), Some(Some(_)));
        if let Some(l) = lone_cell(line).and_then(legend_line) {
            ctx.claim_structure(line.no);
            ctx.push(
                Diagnostic::info(
                    "table.legend",
                    format!("legend of the status marks: {} entries", l.entries.len()),
                )
                .at(line.no)
                .on_page(line.page),
            );
            legend.get_or_insert(l);
            continue;
        }
        if let Some(g) = lone_cell(line).and_then(grade::legend) {
            ctx.claim_structure(line.no);
            ctx.push(
                Diagnostic::info(
                    "table.legend",
                    format!("legend of the status grades: {} entries", g.entries.len()),
                )
                .at(line.no)
                .on_page(line.page),
            );
            grades.get_or_insert(g);
            continue;
        }
        let repeats = lone_cell(line)
            .and_then(|t| lone.get(t))
            .copied()
            .unwrap_or(0);
        let furniture = furniture(line, header_follows, cols.is_none(), repeats)
            // A caption the metadata reader took as the title is its line already.
            .filter(|_| !ctx.meta.lines.contains(&line.no));
        if let Some(code) = furniture {
            ctx.claim_structure(line.no);
            ctx.push(
                Diagnostic::info(
                    code,
                    format!("`{}` is page furniture", lone_cell(line).unwrap_or("")),
                )
                .at(line.no)
                .on_page(line.page),
            );
            continue;
        }
        let Some(c) = &cols else { continue };
        if line.filled().next().is_none() {
            continue;
        }
        if Columns::damaged(line) {
            ctx.claim_structure(line.no);
            ctx.push(
                Diagnostic::warning(
                    "table.header-damaged",
                    "a damaged copy of the table header: the previous header's columns are kept",
                )
                .at(line.no)
                .on_page(line.page),
            );
            continue;
        }
        rows.push(read_row(doc, line, c));
    }
    if cols.is_none() {
        ctx.push(Diagnostic::warning(
            "table.no-header",
            "no status-table header (項目No. / 取組項目 / 担当部署 … 進捗区分) was found",
        ));
        return Vec::new();
    }

    // Groups: a numbered heading opens one; unnumbered heading words either continue the
    // previous heading (the row goes on with the previous group's items) or open a group
    // whose number was lost.
    let mut groups: Vec<Group> = Vec::new();
    let mut kept: Vec<(Row, Option<usize>)> = Vec::new();
    let mut last_no: Option<u32> = None;
    let mut band: Option<Band> = None;
    // Lines of section bands not yet given to an item (the first item below them).
    let mut band_lines: Vec<u32> = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(row) = rows.next() {
        // A row whose number the next row's number leaves room for (② here, ④ next) is
        // an item that lost its number, title and status, not the previous row wrapped.
        let next_no = rows
            .peek()
            .filter(|n| n.head.as_ref().is_none_or(|h| h.levels.is_none()))
            .and_then(|n| n.item_no);
        let gap = matches!((last_no, next_no), (Some(l), Some(n)) if n == l + 2);
        if let Some(b) = row.band() {
            ctx.claim(row.no);
            ctx.push(
                Diagnostic::info(
                    "heading.section",
                    format!(
                        "`{}` heads a section: its number leads the headings below",
                        b.title
                    ),
                )
                .at(row.no)
                .on_page(row.page),
            );
            band = Some(b);
            band_lines.push(row.no);
            last_no = None;
            continue;
        }
        if row.is_wrap() && !gap {
            if let Some((prev, _)) = kept.last_mut() {
                ctx.push(
                    Diagnostic::info(
                        "row.continued",
                        format!("the row of line {} goes on on this line", prev.no),
                    )
                    .at(row.no)
                    .on_page(row.page),
                );
                prev.absorb(row);
                continue;
            }
        }
        let continues = |r: &Row| {
            r.item_no
                .is_some_and(|n| last_no.is_some_and(|l| n == l + 1))
        };
        // Heading words with text beside them open a group whose number was lost; a line
        // of words alone that is no heading's end (a note, `※…`) is a fragment.
        let lone_words = row.head.is_some() && row.is_bare();
        if row.is_heading_tail() || (!row.is_item() && (row.head.is_none() || lone_words)) {
            if row.is_heading_tail() && !groups.is_empty() {
                if let (Some(g), Some(h)) = (groups.last_mut(), &row.head) {
                    g.title.push_str(&h.title);
                    ctx.push(
                        Diagnostic::info(
                            "heading.continued",
                            format!("`{}` continues the heading of line {}", h.title, g.no),
                        )
                        .at(row.no)
                        .on_page(row.page),
                    );
                }
                ctx.claim(row.no);
                if let Some((prev, _)) = kept.last_mut() {
                    prev.also.push(row.no);
                }
            } else {
                warn(
                    ctx,
                    "row.fragment",
                    "a row with no number, title, department, content or status: left unparsed"
                        .into(),
                    row.no,
                    row.page,
                );
            }
            continue;
        }
        if let Some(h) = &row.head {
            if h.levels.is_some() || groups.is_empty() || !continues(&row) {
                let printed = match (&band, &h.levels, &h.number) {
                    (Some(b), Some(l), Some(n)) if numbering(n) != b.style => {
                        let mut full = b.levels.clone();
                        full.extend(l.iter().copied());
                        Some(full)
                    }
                    _ => h.levels.clone(),
                };
                groups.push(Group {
                    printed,
                    section: band.as_ref().and_then(|b| nonempty(b.title.clone())),
                    raw_id: row.head_raw.clone(),
                    title: h.title.clone(),
                    no: row.no,
                    page: row.page,
                });
                last_no = None;
            } else if let Some(g) = groups.last_mut() {
                g.title.push_str(&h.title);
                ctx.push(
                    Diagnostic::info(
                        "heading.continued",
                        format!("`{}` continues the heading of line {}", h.title, g.no),
                    )
                    .at(row.no)
                    .on_page(row.page),
                );
            }
        }
        if let Some(n) = row.item_no {
            last_no = Some(n);
        } else {
            last_no = Some(last_no.map_or(1, |l| l + 1));
        }
        let mut row = row;
        row.also.append(&mut band_lines);
        kept.push((row, groups.len().checked_sub(1)));
    }

    // Some tables print the whole id in 項目No. on every row and no ① in 取組項目: then
    // every numbered row is an item of its own and there are no groups to fill down.
    let numbered = kept
        .iter()
        .filter(|(r, _)| r.head.as_ref().is_some_and(|h| h.levels.is_some()))
        .count();
    let flat = kept.iter().all(|(r, _)| r.item_no.is_none()) && numbered * 2 > kept.len();

    let printed: Vec<Option<Vec<u32>>> = groups.iter().map(|g| g.printed.clone()).collect();
    let resolved = heading::resolve(&printed);
    for (g, (levels, fix)) in groups.iter().zip(&resolved) {
        let now = levels.as_deref().map(id::join).unwrap_or_default();
        let raw = g.raw_id.as_deref().unwrap_or("");
        match fix {
            Some(Fix::Top { from, to }) => warn(
                ctx,
                "heading.number-corrected",
                format!(
                    "`{raw}` breaks the numbering (top level {from}, expected {to}): read as {now}"
                ),
                g.no,
                g.page,
            ),
            Some(Fix::Inferred) => warn(
                ctx,
                "heading.number-inferred",
                format!(
                    "heading `{}` has no number: {now} inferred from its neighbours",
                    g.title
                ),
                g.no,
                g.page,
            ),
            None if levels.is_none() => warn(
                ctx,
                "heading.no-number",
                format!(
                    "heading `{}` has no number and none can be inferred",
                    g.title
                ),
                g.no,
                g.page,
            ),
            None => {}
        }
    }

    // Departments and spilled characters, with the whole table in view.
    let census = dept::census(
        kept.iter()
            .filter_map(|(r, _)| r.dept.as_ref().map(|d| d.name.as_str())),
    );
    let width = dept::line_width(kept.iter().map(|(r, _)| r.title_raw.as_str()));

    let mut items = Vec::with_capacity(kept.len());
    let mut seen_ids = std::collections::HashSet::new();
    let mut group_last: Option<(usize, u32)> = None;
    for (row, g) in &kept {
        ctx.claim_range(row.no, row.to);
        let group = g.and_then(|k| groups.get(k).map(|x| (k, x)));
        let opened = group.is_some_and(|(_, x)| x.no == row.no);
        let levels = g
            .and_then(|k| resolved.get(k))
            .and_then(|r| r.0.clone())
            .filter(|_| opened || !flat);

        // Item number: printed, or the next in the group (the first row of a group is ①).
        let n = match row.item_no {
            _ if flat => None,
            Some(n) => Some(n),
            None => {
                let n = match group_last {
                    Some((k, l)) if Some(k) == *g => l + 1,
                    _ => 1,
                };
                warn(
                    ctx,
                    "item.number-inferred",
                    format!(
                        "no item number printed: ({n}) inferred from the row's place in its group"
                    ),
                    row.no,
                    row.page,
                );
                Some(n)
            }
        };
        if let (Some(k), Some(n)) = (g, n) {
            group_last = Some((*k, n));
        }
        let id = levels.as_ref().map(|l| {
            let mut l = l.clone();
            l.extend(n);
            id::join(&l)
        });
        if id.is_none() {
            warn(
                ctx,
                "item.no-id",
                "the row's group has no number: id unknown".into(),
                row.no,
                row.page,
            );
        }
        if let Some(i) = &id {
            if !seen_ids.insert(i.clone()) {
                warn(
                    ctx,
                    "item.duplicate-id",
                    format!("id {i} is printed twice"),
                    row.no,
                    row.page,
                );
            }
        }
        let raw_id = match (group.and_then(|(_, x)| x.raw_id.clone()), &row.item_raw) {
            (Some(h), Some(i)) => Some(format!("{h} {i}")),
            (Some(h), None) => Some(h),
            (None, Some(i)) => Some(i.clone()),
            (None, None) => None,
        };

        // Department, then a character it took from the title.
        let mut title = row.title.clone();
        if flat && title.is_none() && opened {
            title = group.and_then(|(_, x)| nonempty(x.title.clone()));
        }
        let mut title_raw = None;
        let mut department = None;
        let mut department_raw = None;
        if let (Some(first), Some(raw)) = (&row.dept, &row.dept_raw) {
            let hint = width.is_some_and(|w| dept::lost_at_wrap(&row.title_raw, w));
            let d = dept::second_reading(first, &census, hint);
            if let Some(stray) = &d.stray {
                department_raw = Some(raw.clone());
                let back = match (&title, width) {
                    (Some(t), Some(w)) => dept::unspill(t, &row.title_raw, stray, w),
                    _ => None,
                };
                if let Some(t) = back {
                    warn(
                        ctx,
                        "item.spill-repaired",
                        format!("`{stray}` at the start of 担当部署 `{raw}` belongs to the title: `{t}`"),
                        row.no,
                        row.page,
                    );
                    title_raw = Some(row.title_raw.clone());
                    title = Some(t);
                } else {
                    warn(
                        ctx,
                        "item.department-stray-prefix",
                        format!("stray `{stray}` dropped from 担当部署 `{raw}`"),
                        row.no,
                        row.page,
                    );
                }
            }
            department = nonempty(d.name);
        }
        if department.is_none() {
            warn(
                ctx,
                "item.no-department",
                "担当部署 is empty".into(),
                row.no,
                row.page,
            );
        }
        if title.is_none() {
            warn(
                ctx,
                "item.no-title",
                "取組項目 is empty".into(),
                row.no,
                row.page,
            );
        }
        let status = read_status(row, legend.as_ref(), grades.as_ref(), ctx);
        for d in &row.debris {
            ctx.push(
                Diagnostic::info(
                    "cell.debris",
                    format!("text cell `{d}` is debris: left empty"),
                )
                .at(row.no)
                .on_page(row.page),
            );
        }

        let [content, plan_summary, results, issues, next_year_policy] = row.texts.clone();
        let heading = group.filter(|_| !flat).map(|(k, x)| Heading {
            section: x.section.clone(),
            id: resolved.get(k).and_then(|r| r.0.as_deref().map(id::join)),
            raw_id: x.raw_id.clone(),
            title: nonempty(x.title.clone()),
        });
        let mut item = Item::new(id, raw_id, title);
        item.department = department;
        item.status = Some(status);
        item.source = source(row);
        item.status_table = Some(ItemExt {
            heading,
            fiscal_year: row.year,
            content,
            plan_summary,
            results,
            issues,
            next_year_policy,
            title_raw,
            department_raw,
            extra: row.extra.clone(),
        });
        items.push(item);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Meta;

    const HEADER: &str = "項目No.\t取組項目\t担当部署\t内容、進め方\tR 4 計画概要\tR 4 実施内容\t実施過程での新たな問題・課題\t次年度の方針\t進捗区分";

    fn run(body: &str) -> (Vec<Item>, Vec<Diagnostic>, Vec<u32>) {
        let text = format!("{HEADER}\n{body}");
        let doc = keikaku_loader::load(text.as_bytes()).unwrap();
        let meta = Meta::default();
        let mut ctx = Ctx::new(&doc, &meta);
        let items = parse(&doc, &mut ctx);
        let unclaimed = doc
            .source_lines
            .iter()
            .filter(|l| !l.blank && !ctx.is_claimed(l.no))
            .map(|l| l.no)
            .collect();
        (items, ctx.diagnostics, unclaimed)
    }

    fn ext(i: &Item) -> &ItemExt {
        i.status_table.as_ref().unwrap()
    }

    #[test]
    fn item_numbers() {
        assert_eq!(item_number("① ふるさと納税"), Some((1, 3)));
        assert_eq!(item_number("(2) 電子申告"), Some((2, 3)));
        assert_eq!(item_number("3 電子申告"), Some((3, 1)));
        assert_eq!(item_number("2020年度の検討"), None);
        assert_eq!(item_number("1.ふるさと納税"), Some((1, 2)));
        assert_eq!(item_number("2、電子申告"), Some((2, 4)));
        assert_eq!(item_number("1.5倍の増加"), None);
        assert_eq!(item_number("(1).甲"), None);
        assert_eq!(item_number("PPP(公民連携)の推進"), None);
    }

    #[test]
    fn debris() {
        assert!(is_debris(";"));
        assert!(is_debris("t l"));
        assert!(is_debris("-"));
        assert!(!is_debris("RPA"));
        assert!(!is_debris("0"));
        assert!(!is_debris("検討"));
        assert!(!is_debris(""));
        assert!(is_debris(" ; - "));
        assert!(is_debris("; - ,"));
        assert!(!is_debris("; - , ."));
        assert!(!is_debris("a b c d"));
        assert!(is_debris("a b c"));
    }

    #[test]
    fn tidy_wrap_spaces() {
        assert_eq!(tidy("改善改革 (再構築)の推進"), "改善改革(再構築)の推進");
        assert_eq!(tidy("LINE Pay の導入"), "LINE Pay の導入");
        assert_eq!(tidy("\u{3000} 定員管理の適正化\t"), "定員管理の適正化");
        assert_eq!(tidy(" 改善改革(再構築)の推進 "), "改善改革(再構築)の推進");
    }

    #[test]
    fn heading_fills_down_and_ids_join() {
        let (items, _, unclaimed) = run(
            "Ⅱ 1 (2) 定員管理の 適正化\t① 定員管理\t職員課\t内容\t計画\t実施\t\t\t計画どおり\n\
             \t② 人事\t職員課\t内容\t\t\t\t\t目標達成",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].id.as_deref(), Some("2-1-2-2"));
        assert_eq!(items[1].raw_id.as_deref(), Some("Ⅱ 1 (2) ②"));
        let h = ext(&items[1]).heading.clone().unwrap();
        assert_eq!(h.title.as_deref(), Some("定員管理の適正化"));
        assert_eq!(h.id.as_deref(), Some("2-1-2"));
        assert_eq!(ext(&items[0]).fiscal_year, Some(2022));
        assert_eq!(items[1].status.as_ref().unwrap().code, StatusCode::Achieved);
        assert!(unclaimed.is_empty());
    }

    #[test]
    fn empty_and_garbage_status_are_unknown_with_the_cell_kept() {
        let (items, diags, _) = run("I 1 (1) 財源\t① 甲\t財政課\t内容\t\t\t\t\t\n\
             \t② 乙\t財政課\t内容\t\t\t\t\t総\n\
             \t③ 丙\t財政課\t内容\t\t\t\t\tて計画どおり");
        let s: Vec<_> = items.iter().map(|i| i.status.clone().unwrap()).collect();
        assert_eq!(s[0], Status::unknown());
        assert_eq!(
            (s[1].code, s[1].raw.as_deref()),
            (StatusCode::Unknown, Some("総"))
        );
        assert_eq!(
            (s[2].code, s[2].raw.as_deref()),
            (StatusCode::OnTrack, Some("て計画どおり"))
        );
        assert!(diags.iter().any(|d| d.code == "item.status-unreadable"));
        let (items, _, _) =
            run("I 1 (1) 財源\t① 甲\t財政課\t内容\t\t\t\t\t計画どおり(一部に遅れあり)");
        let s = items[0].status.clone().unwrap();
        assert_eq!(
            (s.code, s.label.as_deref(), s.raw.as_deref()),
            (
                StatusCode::OnTrack,
                Some("計画どおり"),
                Some("計画どおり(一部に遅れあり)")
            )
        );
    }

    #[test]
    fn heading_tail_and_lost_number() {
        let (items, diags, unclaimed) = run("Ⅱ1(3)窓口\t① 甲\t職員課\t内容\t\t\t\t\t計画どおり\n\
             間委託の導 入\t\t\t事務の効率化\t\t\t\t\t:\n\
             II 2 (2) マイナンバー\t① 乙\t市民課\t内容\t\t\t\t\t計画どおり\n\
             の活用\t② 丙\t市民課\t内容\t\t\t\t\t計画どおり\n\
             \t\t\t\t\t0\t\t- 火切るウ\t");
        assert_eq!(items.len(), 4);
        assert_eq!(items[1].id.as_deref(), Some("2-2-1-1"));
        assert_eq!(items[1].title, None);
        assert_eq!(items[1].department, None);
        assert!(diags.iter().any(|d| d.code == "heading.number-inferred"));
        assert_eq!(items[3].id.as_deref(), Some("2-2-2-2"));
        let h = ext(&items[3]).heading.clone().unwrap();
        assert_eq!(h.title.as_deref(), Some("マイナンバーの活用"));
        // The garbage row is a fragment: unparsed.
        assert_eq!(unclaimed, vec![6]);
    }

    #[test]
    fn wrapped_rows_join_unless_the_numbering_leaves_room() {
        let (items, diags, unclaimed) = run(
            "I 1 (1) 財源\t① 甲\t財政課\t内容の\t計画\t\t\t\t計画どおり\n\
             \t\t\t続き\t\t実施\t\t\t\n\
             \t② 乙\t財政課\t内容\t\t\t\t\t計画どおり\n\
             \t\t\t番号を失った行\t\t\t\t\t\n\
             \t④ 丁\t財政課\t内容\t\t\t\t\t計画どおり",
        );
        let ids: Vec<_> = items.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(
            ids,
            vec![
                Some("1-1-1-1"),
                Some("1-1-1-2"),
                Some("1-1-1-3"),
                Some("1-1-1-4")
            ]
        );
        let e = ext(&items[0]);
        assert_eq!(e.content.as_deref(), Some("内容の続き"));
        assert_eq!(e.results.as_deref(), Some("実施"));
        assert_eq!((items[0].source[0].from, items[0].source[0].to), (2, 3));
        assert_eq!(ext(&items[2]).content.as_deref(), Some("番号を失った行"));
        assert!(diags.iter().any(|d| d.code == "row.continued"));
        assert!(unclaimed.is_empty());
    }

    #[test]
    fn markup_lines() {
        assert!(markup_only("<table border=\"1\">"));
        assert!(markup_only(" </tbody></table> "));
        assert!(!markup_only("<p>※評価 A:計画以上</p>"));
        assert!(!markup_only("< 2 >"));
        assert!(!markup_only("財政課"));
    }

    #[test]
    fn furniture_and_legends() {
        assert!(is_page_number("- 2 -"));
        assert!(is_page_number("2/5"));
        assert!(is_page_number("P.3"));
        assert!(is_page_number("3ページ"));
        assert!(!is_page_number("2022"));
        assert!(!is_page_number("0.5"));
        assert!(!is_page_number("(1)"));
        assert!(legend_line("※進捗状況 ◎:達成 ○:順調 △:遅れ").is_some());
        assert!(legend_line("○個人市民税の未申告指導").is_none());
        let (items, diags, unclaimed) = run("I 1 (1) 財源\t① 甲\t財政課\t内容\t\t\t\t\t○\n\
             - 1 -\n\
             ※進捗区分 ◎:達成 ○:計画どおり △:遅れ");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].status.as_ref().unwrap().code, StatusCode::OnTrack);
        assert!(diags.iter().any(|d| d.code == "table.legend"));
        assert!(diags.iter().any(|d| d.code == "page.number"));
        assert!(unclaimed.is_empty());
    }

    #[test]
    fn section_bands_lead_the_headings_below() {
        let (items, _, unclaimed) = run("Ⅱ 行政運営\n\
             1 (1) 組織\t① 甲\t総務課\t内容\t\t\t\t\t計画どおり\n\
             Ⅲ 財政運営\n\
             1 (1) 財源\t① 乙\t財政課\t内容\t\t\t\t\t計画どおり\n\
             Ⅲ 2 (1) 全部\t① 丙\t財政課\t内容\t\t\t\t\t計画どおり");
        let ids: Vec<_> = items.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("2-1-1-1"), Some("3-1-1-1"), Some("3-2-1-1")]);
        let h = ext(&items[1]).heading.clone().unwrap();
        assert_eq!(h.section.as_deref(), Some("財政運営"));
        assert_eq!(items[1].source[0].from, 4);
        assert!(unclaimed.is_empty());
    }

    #[test]
    fn notes_are_fragments_but_headings_with_text_are_groups() {
        let (items, diags, unclaimed) =
            run("I 1 (1) 財源\t① 甲\t財政課\t内容\t\t\t\t\t計画どおり\n\
             間委託の導入\t\t\t\t\t実施した\t\t\t\n\
             I 1 (3) 組織\t① 乙\t職員課\t内容\t\t\t\t\t計画どおり\n\
             ※ 進捗区分は令和5年3月末時点の状況");
        let ids: Vec<_> = items.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("1-1-1-1"), Some("1-1-2-1"), Some("1-1-3-1")]);
        assert!(diags.iter().any(|d| d.code == "heading.number-inferred"));
        assert_eq!(unclaimed, vec![5]);
    }

    #[test]
    fn whole_ids_in_the_number_column() {
        let (items, _, _) = run("1-1\t定員管理\t職員課\t内容\t\t\t\t\t計画どおり\n\
             1-2\t人材育成\t職員課\t内容\t\t\t\t\t計画どおり\n\
             2-1 財源確保\t\t財政課\t内容\t\t\t\t\t計画どおり");
        let ids: Vec<_> = items.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("1-1"), Some("1-2"), Some("2-1")]);
        assert_eq!(items[2].title.as_deref(), Some("財源確保"));
        assert!(ext(&items[0]).heading.is_none());
    }

    #[test]
    fn cells_outside_the_header_are_kept() {
        let (items, _, _) = run("I 1 (1) 財源\t① 甲\t財政課\t内容\t\t\t\t\t計画どおり\tはみ出し");
        let e = &ext(&items[0]).extra;
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].label.clone(), e[0].text.as_str()), (None, "はみ出し"));
    }

    #[test]
    fn misread_roman_is_corrected() {
        let (items, diags, _) = run("Ⅱ 1 (2) 甲\t① 甲\t職員課\t内容\t\t\t\t\t計画どおり\n\
             Ⅲ1(3)乙\t① 乙\t職員課\t内容\t\t\t\t\t計画どおり\n\
             II 2 (2) 丙\t① 丙\t職員課\t内容\t\t\t\t\t計画どおり");
        assert_eq!(items[1].id.as_deref(), Some("2-1-3-1"));
        assert_eq!(items[1].raw_id.as_deref(), Some("Ⅲ1(3) ①"));
        assert!(diags.iter().any(|d| d.code == "heading.number-corrected"));
    }

    #[test]
    fn departments_repaired() {
        let (items, _, _) = run(
            "I 2(2)会計\t① 国民健康保険特別会計の健 化\t全保険年金課\t内容\t\t\t\t\t計画どおり\n\
             \t② 公共下水道事業会計の健全\t化 下水対策課\t内容\t\t\t\t\t計画どおり\n\
             \t③ 未利用教育財産の跡地利用の 検討\tD 教育総務課\t内容\t\t\t\t\t計画どおり\n\
             \t④ 新たな医療情報提供システム の検討\t比下水対策課\t内容\t\t\t\t\t計画どおり",
        );
        let got: Vec<_> = items
            .iter()
            .map(|i| (i.title.clone().unwrap(), i.department.clone().unwrap()))
            .collect();
        assert_eq!(
            got[0],
            ("国民健康保険特別会計の健全化".into(), "保険年金課".into())
        );
        assert_eq!(
            got[1],
            ("公共下水道事業会計の健全化".into(), "下水対策課".into())
        );
        assert_eq!(
            got[2],
            ("未利用教育財産の跡地利用の検討".into(), "教育総務課".into())
        );
        assert_eq!(got[3].1, "下水対策課");
        assert_eq!(
            ext(&items[0]).department_raw.as_deref(),
            Some("全保険年金課")
        );
        assert_eq!(
            ext(&items[0]).title_raw.as_deref(),
            Some("国民健康保険特別会計の健 化")
        );
    }
}

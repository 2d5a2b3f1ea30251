//! The 取組一覧 overview: 基本方針 / 重点項目 / 推進項目 / No / 取組内容 / 主担当課, merged
//! cells printed once (filled down here), and rows that lost their alignment (a heading one
//! row too early, two 推進項目 in one row, a doubled No, a heading in the wrong column).
//! Cells are classified by what they hold, not by their column, so misalignment does not
//! move a value into the wrong field.

use keikaku_loader::{Diagnostic, Document, Line};

use super::Heading;

use crate::layout::Ctx;
use crate::token::{id, label};

/// One 取組 row of the overview, with merged cells filled down.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub no: u32,
    pub raw_no: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub basic: Option<Heading>,
    pub focus: Option<Heading>,
    pub promotion: Option<String>,
    pub line: u32,
    /// Rows that carry the wrapped end of its name or department.
    pub more: Vec<u32>,
}

/// The overview as read: its rows in order, and every 重点項目 it names (with its
/// 基本方針 number) so that sheets, which print 重点項目 without numbers, can be numbered.
#[derive(Debug, Default)]
pub struct Overview {
    pub rows: Vec<Row>,
    pub focus: Vec<(Option<u32>, Heading)>,
    /// Every 基本方針 it names.
    pub basics: Vec<Heading>,
    index: std::collections::HashMap<u32, usize>,
}

impl Overview {
    /// The first row with that No (rows are few, but sheets ask for every one of them).
    pub fn row(&self, no: u32) -> Option<&Row> {
        self.index.get(&no).and_then(|&k| self.rows.get(k))
    }
    fn push(&mut self, row: Row) {
        self.index.entry(row.no).or_insert(self.rows.len());
        self.rows.push(row);
    }
}

/// The levels' labels as other plans name them (基本目標 / 大綱の柱, 重点取組 / 施策).
const BASIC: &[&str] = &["基本方針", "基本目標", "大綱の柱"];
const FOCUS: &[&str] = &["重点項目", "重点取組", "施策"];
const HIERARCHY: &[&str] = &[
    "基本方針",
    "基本目標",
    "大綱の柱",
    "重点項目",
    "重点取組",
    "施策",
    "推進項目",
];
const NO: &[&str] = &["No", "No.", "番号", "通し番号", "№", "取組番号"];
const TITLE: &[&str] = &["取組内容", "取組項目", "取組名", "取組"];
const DEPT: &[&str] = &[
    "主担当課",
    "担当課",
    "所管課",
    "主管課",
    "担当部署",
    "所管部署",
    "主管部署",
    "担当部局",
];

fn has(cells: &[&str], labels: &[&str]) -> bool {
    cells.iter().any(|c| {
        labels
            .iter()
            .any(|l| !c.is_empty() && label::is_label(c, l))
    })
}

/// Is this the overview's header row?
pub fn is_header(line: &Line) -> bool {
    let cells: Vec<&str> = line.texts().collect();
    has(&cells, NO) && has(&cells, TITLE) && has(&cells, DEPT) && has(&cells, HIERARCHY)
}

/// Columns of the header's labels, used for rows that keep the header's alignment.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    basic: Option<u16>,
    focus: Option<u16>,
    no: Option<u16>,
    title: Option<u16>,
    dept: Option<u16>,
    /// The header's last labelled column: columns after 主担当課 that the header names
    /// (`区分`, `ページ`) are expected.
    last: Option<u16>,
}

fn columns(line: &Line) -> Columns {
    let col = |l: &str| {
        line.cells
            .iter()
            .find(|c| !c.text.is_empty() && label::is_label(&c.text, l))
            .map(|c| c.col)
    };
    Columns {
        basic: BASIC.iter().find_map(|l| col(l)),
        focus: FOCUS.iter().find_map(|l| col(l)),
        no: NO.iter().find_map(|l| col(l)),
        title: TITLE.iter().find_map(|l| col(l)),
        dept: DEPT.iter().find_map(|l| col(l)),
        last: line.filled().map(|c| c.col).max(),
    }
}

/// How many lines a page break (page number, running header) may take inside the table.
const PAGE_GAP: usize = 3;

/// A cell holding only an item number.
fn number_cell(s: &str) -> Option<u32> {
    let t = s.trim();
    if t.is_empty() || t.len() > 4 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `I 市民と行政が…` → 基本方針 1; `(1) 協働による…` → 重点項目 1; anything else is a name.
enum Level {
    Basic(Heading),
    Focus(Heading),
    Name(String),
}

/// A heading that starts with its number: roman for 基本方針, `(n)` for 重点項目.
pub fn numbered(doc: &Document, cell: &keikaku_loader::Cell) -> Option<(bool, Heading)> {
    let t = cell.text.as_str();
    let (rest, n) = id::component(t).ok()?;
    // The number must be followed by a space or the name itself, not run into a word.
    let used = t.len() - rest.len();
    let is_roman = id::roman(t).is_ok();
    let is_paren = t.starts_with('(');
    if !(is_roman || is_paren) {
        return None;
    }
    let name = rest.trim();
    if name.is_empty() && !is_paren {
        return None;
    }
    Some((
        is_roman,
        Heading {
            number: Some(n),
            raw_number: Some(doc.raw(cell, 0..used).trim().to_string()),
            name: (!name.is_empty()).then(|| name.to_string()),
        },
    ))
}

/// Classify a hierarchy cell: by its column when the row keeps the header's alignment,
/// else by its number (roman → 基本方針, `(n)` → 重点項目, none → 推進項目).
fn level(doc: &Document, cell: &keikaku_loader::Cell, aligned: Option<Columns>) -> Level {
    let numbered = numbered(doc, cell);
    if let Some(cols) = aligned {
        let h = || {
            numbered
                .clone()
                .map(|(_, h)| h)
                .unwrap_or_else(|| leading_number(&cell.text))
        };
        if cols.basic == Some(cell.col) {
            return Level::Basic(h());
        }
        if cols.focus == Some(cell.col) {
            return Level::Focus(h());
        }
    }
    match numbered {
        Some((true, h)) => Level::Basic(h),
        Some((false, h)) => Level::Focus(h),
        None => Level::Name(cell.text.trim().to_string()),
    }
}

/// `1 市民と行政が…` (an arabic number and a space), or just a name.
pub fn leading_number(text: &str) -> Heading {
    let t = text.trim();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &t[digits..];
    if digits > 0 && digits <= 2 && (rest.starts_with(' ') || rest.starts_with('.')) {
        let name = rest.trim_start_matches(['.', ' ']).trim();
        return Heading {
            number: t[..digits].parse().ok(),
            raw_number: Some(t[..digits].to_string()),
            name: (!name.is_empty()).then(|| name.to_string()),
        };
    }
    Heading::name(t)
}

/// The merged cells carried down the table.
#[derive(Default)]
struct Fill {
    basic: Option<Heading>,
    focus: Option<Heading>,
    promotion: Option<String>,
}

impl Fill {
    fn set(&mut self, ov: &mut Overview, level: Level) -> Option<String> {
        match level {
            Level::Basic(h) => {
                ov.basics.push(h.clone());
                self.basic = Some(h);
                self.focus = None;
                self.promotion = None;
                None
            }
            Level::Focus(h) => {
                note_focus(ov, self.basic.as_ref().and_then(|b| b.number), Some(&h));
                self.focus = Some(h);
                self.promotion = None;
                None
            }
            Level::Name(n) => Some(n),
        }
    }
}

/// Read the overview that starts at `lines[start]` (its header). Returns the overview and
/// the index of the first line after it.
pub fn read(doc: &Document, start: usize, ctx: &mut Ctx<'_>) -> (Overview, usize) {
    let mut ov = Overview::default();
    let mut fill = Fill::default();
    let mut i = start;
    let mut cols = Columns::default();
    while let Some(line) = doc.lines.get(i) {
        i += 1;
        if i - 1 == start || is_header(line) {
            cols = columns(line);
            ctx.claim_structure(line.no);
            continue;
        }
        if super::sheet::row_kind(line).is_some() {
            // The first sheet follows the table without a break (`取組内容⇥NAME⇥No.⇥1`).
            i -= 1;
            break;
        }
        let filled: Vec<&keikaku_loader::Cell> = line.filled().collect();
        let no_at = filled.iter().position(|c| number_cell(&c.text).is_some());
        if no_at.is_none() {
            // A group heading on a row of its own (`I 市民と…`) keeps the table going.
            let headings: Vec<(bool, Heading)> =
                filled.iter().filter_map(|c| numbered(doc, c)).collect();
            if !headings.is_empty() && headings.len() == filled.len() {
                // The headings reach the items through the rows under them.
                ctx.claim_structure(line.no);
                for (roman, h) in headings {
                    fill.set(
                        &mut ov,
                        if roman {
                            Level::Basic(h)
                        } else {
                            Level::Focus(h)
                        },
                    );
                }
                continue;
            }
            // The wrapped end of the row above, alone under 取組内容 / 主担当課.
            let wrap =
                |c: &&keikaku_loader::Cell| cols.title == Some(c.col) || cols.dept == Some(c.col);
            if !filled.is_empty() && !ov.rows.is_empty() && filled.iter().all(wrap) {
                ctx.claim(line.no);
                if let Some(r) = ov.rows.last_mut() {
                    r.more.push(line.no);
                }
                continuation(doc, &filled, cols, &mut fill, &mut ov, line.no, ctx);
                continue;
            }
        }
        if filled.len() < 2 {
            // A page break inside the table: the table goes on if its header comes back.
            match doc.lines.iter().skip(i).take(PAGE_GAP).position(is_header) {
                Some(k) => {
                    i += k;
                    continue;
                }
                None => {
                    i -= 1;
                    break;
                }
            }
        }
        let Some(no_at) = no_at else {
            // A 推進項目 heading on a row of its own: it reaches the items through the rows.
            ctx.claim_structure(line.no);
            continuation(doc, &filled, cols, &mut fill, &mut ov, line.no, ctx);
            continue;
        };
        ctx.claim(line.no);
        let aligned = filled
            .get(no_at)
            .filter(|c| cols.no == Some(c.col))
            .map(|_| cols);
        let mut names = Vec::new();
        for cell in filled.get(..no_at).unwrap_or(&[]) {
            names.extend(fill.set(&mut ov, level(doc, cell, aligned)));
        }
        if names.len() > 1 {
            ctx.push(
                Diagnostic::warning(
                    "overview.misaligned",
                    format!(
                        "the overview row prints {} 推進項目 ({}); the last one is taken for this row",
                        names.len(),
                        names.join(" / ")
                    ),
                )
                .at(line.no),
            );
        }
        if let Some(n) = names.pop() {
            fill.promotion = Some(n);
        }
        let no_cell = filled[no_at];
        let no = number_cell(&no_cell.text).unwrap_or(0);
        let mut rest = filled.get(no_at + 1..).unwrap_or(&[]).iter().peekable();
        if rest
            .peek()
            .is_some_and(|c| number_cell(&c.text) == Some(no))
        {
            ctx.push(
                Diagnostic::info("overview.misaligned", format!("No.{no} is printed twice"))
                    .at(line.no),
            );
            rest.next();
        }
        let title = rest.next().map(|c| c.text.trim().to_string());
        let department = rest.next().map(|c| c.text.trim().to_string());
        // Cells under a column the header names after 主担当課 are that column's.
        let named = |c: &&&keikaku_loader::Cell| {
            aligned.is_some()
                && cols.dept.is_some_and(|d| c.col > d)
                && cols.last.is_some_and(|l| c.col <= l)
        };
        let extra: Vec<&str> = rest
            .filter(|c| !named(c))
            .map(|c| c.text.as_str())
            .collect();
        if !extra.is_empty() {
            ctx.push(
                Diagnostic::warning(
                    "overview.misaligned",
                    format!(
                        "No.{no}: cells after the department ignored: {}",
                        extra.join(" / ")
                    ),
                )
                .at(line.no),
            );
        }
        ov.push(Row {
            no,
            raw_no: doc.raw(no_cell, 0..no_cell.text.len()).trim().to_string(),
            title,
            department,
            basic: fill.basic.clone(),
            focus: fill.focus.clone(),
            promotion: fill.promotion.clone(),
            line: line.no,
            more: Vec::new(),
        });
    }
    (ov, i.max(start + 1))
}

/// A row without a No: headings set their level; a name under the 取組内容 or 主担当課
/// column is the wrapped end of the row above; any other name is a 推進項目 heading.
fn continuation(
    doc: &Document,
    filled: &[&keikaku_loader::Cell],
    cols: Columns,
    fill: &mut Fill,
    ov: &mut Overview,
    line: u32,
    ctx: &mut Ctx<'_>,
) {
    for cell in filled {
        let Some(name) = fill.set(ov, level(doc, cell, None)) else {
            continue;
        };
        let last = ov.rows.last_mut();
        match last {
            Some(r) if cols.title == Some(cell.col) => {
                r.title = Some(format!("{}{}", r.title.as_deref().unwrap_or(""), name));
            }
            Some(r) if cols.dept == Some(cell.col) => {
                r.department = Some(format!("{}{}", r.department.as_deref().unwrap_or(""), name));
            }
            _ => {
                ctx.push(
                    Diagnostic::info(
                        "overview.misaligned",
                        format!("a row without No: '{name}' read as a 推進項目 heading"),
                    )
                    .at(line),
                );
                fill.promotion = Some(name);
            }
        }
    }
}

fn note_focus(ov: &mut Overview, basic: Option<u32>, focus: Option<&Heading>) {
    if let Some(f) = focus {
        ov.focus.push((basic, f.clone()));
    }
}

/// Headings listed in a table of contents (`- I 市民と…`, `- (1) 協働による…・・・ 4`),
/// added after the overview's own so that the overview wins.
pub fn add_contents(ov: &mut Overview, doc: &Document, lines: &[usize]) {
    let mut basic: Option<u32> = None;
    for &i in lines {
        let Some(cell) = doc.lines.get(i).and_then(|l| l.filled().next()) else {
            continue;
        };
        let t = cell.text.trim_start_matches(['-', '・', ' ']);
        let offset = cell.text.len() - t.len();
        // Drop the dot leader and the page number.
        let cut = t.find("・・").or_else(|| t.find("…")).unwrap_or(t.len());
        let entry = t[..cut].trim_end();
        let Ok((rest, n)) = id::component(entry) else {
            continue;
        };
        let name = rest.trim();
        if name.is_empty() {
            continue;
        }
        let raw = doc
            .raw(cell, offset..offset + (entry.len() - rest.len()))
            .trim()
            .to_string();
        let h = Heading {
            number: Some(n),
            raw_number: Some(raw),
            name: Some(name.to_string()),
        };
        if id::roman(entry).is_ok() {
            basic = Some(n);
            ov.basics.push(h);
        } else if entry.starts_with('(') {
            ov.focus.push((basic, h));
        }
    }
}

/// Names equal after folding, or close enough for a long name (one edit per 8 characters).
fn same_name(h: &Heading, key: &[char]) -> bool {
    h.name.as_deref().is_some_and(|n| {
        let k = label::key(n);
        let tol = (k.len().max(key.len()) / 8).min(3);
        k == key || (tol > 0 && label::distance(&k, key, tol) <= tol)
    })
}

/// The number the overview (or the table of contents) gives a 重点項目 name under a
/// 基本方針.
pub fn focus_number(ov: &Overview, basic: Option<u32>, name: &str) -> Option<u32> {
    let key = label::key(name);
    ov.focus
        .iter()
        .find(|(b, h)| (basic.is_none() || *b == basic) && same_name(h, &key))
        .or_else(|| ov.focus.iter().find(|(_, h)| same_name(h, &key)))
        .and_then(|(_, h)| h.number)
}

/// The 基本方針 heading of that name, for sheets that print it without its number.
pub fn basic_by_name(ov: &Overview, name: &str) -> Option<Heading> {
    let key = label::key(name);
    ov.basics.iter().find(|h| same_name(h, &key)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Meta;

    fn read_str(s: &str) -> (Overview, Vec<Diagnostic>) {
        let doc = keikaku_loader::load(s.as_bytes()).unwrap();
        let meta = Meta::default();
        let mut ctx = Ctx::new(&doc, &meta);
        let start = doc.lines.iter().position(is_header).unwrap();
        let (ov, _) = read(&doc, start, &mut ctx);
        (ov, ctx.diagnostics)
    }

    #[test]
    fn other_header_labels_and_a_sheet_right_after_the_table() {
        let (ov, _) = read_str(
            "基本目標\t施策\t推進項目\t№\t取組名\t所管部署\n\
             Ⅰ 行政運営\t(1) 事務の改善\t業務改善\t1\t窓口の充実\t市民課\n\
             \t\t\t2\t文書管理\t総務課\n\
             取組名\t窓口の充実\tNo.\t1\n\
             総合計画体系\tⅠ 行政運営",
        );
        assert_eq!(ov.rows.len(), 2);
        assert_eq!(
            ov.row(2).and_then(|r| r.department.as_deref()),
            Some("総務課")
        );
        assert_eq!(
            ov.row(1)
                .and_then(|r| r.focus.as_ref())
                .and_then(|f| f.number),
            Some(1)
        );
    }

    #[test]
    fn columns_the_header_names_after_the_department() {
        let (ov, d) = read_str(
            "基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\t区分\tページ\n\
             Ⅰ 行政\t(1) 事務\t業務改善\t1\t窓口の充実\t市民課\t新規\t5\n\
             \t\t\t2\t文書管理\t総務課\t継続\t6\t余り",
        );
        assert_eq!(ov.rows.len(), 2);
        assert_eq!(
            ov.row(2).and_then(|r| r.department.as_deref()),
            Some("総務課")
        );
        let extra: Vec<&str> = d.iter().map(|x| x.message.as_str()).collect();
        assert_eq!(extra.len(), 1, "{extra:?}");
        assert!(extra[0].contains("余り"));
    }

    #[test]
    fn fills_merged_cells_down() {
        let (ov, _) = read_str(
            "基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\n\
             I 協働\t(1) 行政の推進\t市民協働\t1\t講座\t協働課\n\
             \t\t\t2\t美化\t協働課\n\
             \t(2) 広報\t発信\t3\tSNS\t秘書課\n\
             小見出し",
        );
        assert_eq!(ov.rows.len(), 3);
        let r2 = ov.row(2).unwrap();
        assert_eq!(r2.basic.as_ref().unwrap().number, Some(1));
        assert_eq!(r2.focus.as_ref().unwrap().number, Some(1));
        assert_eq!(r2.promotion.as_deref(), Some("市民協働"));
        assert_eq!(ov.row(3).unwrap().focus.as_ref().unwrap().number, Some(2));
        assert_eq!(focus_number(&ov, Some(1), "広報"), Some(2));
    }

    #[test]
    fn misaligned_rows_are_classified_by_content() {
        let (ov, diags) = read_str(
            "基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\n\
             II 自立\t(3) 人材\t育成\t22\t研修\t総務課\n\
             \t\t信頼\t柔軟な働き方\t23\t労務\t総務課\n\
             \t\t挑戦\t26\t26\t組織\t総務課\n\
             広域行政\t\t29\t定住\t企画課",
        );
        assert_eq!(
            ov.row(23).unwrap().promotion.as_deref(),
            Some("柔軟な働き方")
        );
        assert_eq!(ov.row(26).unwrap().title.as_deref(), Some("組織"));
        let r29 = ov.row(29).unwrap();
        assert_eq!(r29.promotion.as_deref(), Some("広域行政"));
        assert_eq!(r29.department.as_deref(), Some("企画課"));
        assert!(diags.iter().any(|d| d.code == "overview.misaligned"));
    }

    #[test]
    fn arabic_levels_by_column_and_page_breaks() {
        let (ov, _) = read_str(
            "基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\n\
             1 協働\t行政の推進\t市民協働\t1\t講座\t協働課\n\
             - 2 -\n\
             基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\n\
             \t\t\t2\t美化\t協働課\n\
             2 自立\t財政の健全化\t財源\t3\t寄附\t財政課",
        );
        assert_eq!(ov.rows.len(), 3);
        let r1 = ov.row(1).unwrap();
        assert_eq!(r1.basic.as_ref().unwrap().number, Some(1));
        assert_eq!(
            r1.focus.as_ref().unwrap().name.as_deref(),
            Some("行政の推進")
        );
        assert_eq!(ov.row(2).unwrap().promotion.as_deref(), Some("市民協働"));
        assert_eq!(ov.row(3).unwrap().basic.as_ref().unwrap().number, Some(2));
    }

    #[test]
    fn contents_number_the_headings() {
        let doc = keikaku_loader::load(
            "目次\n- I 市民と行政\n - (1) 協働による行政の推進・・・・ 4\n - (2) 広聴広報・・ 9\n- II 自立\n - (1) 効率化・・ 15"
                .as_bytes(),
        )
        .unwrap();
        let mut ov = Overview::default();
        add_contents(&mut ov, &doc, &[1, 2, 3, 4, 5]);
        assert_eq!(focus_number(&ov, Some(1), "広聴広報"), Some(2));
        assert_eq!(focus_number(&ov, Some(2), "効率化"), Some(1));
        assert_eq!(basic_by_name(&ov, "自立").and_then(|h| h.number), Some(2));
        assert_eq!(focus_number(&ov, Some(1), "協働による行政の推進"), Some(1));
    }

    #[test]
    fn group_rows_and_wrapped_rows() {
        let (ov, _) = read_str(
            "基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\n\
             I 協働\n\
             \t(1) 行政の推進\n\
             \t\t市民協働\t1\t講座の\t協働課\n\
             \t\t\t\t開催\n\
             \t\t\t2\t美化\t協働課\n\
             \t(2) 広報\t情報発信\n\
             \t\t\t3\tSNS\t秘書課\n\
             終わり",
        );
        assert_eq!(ov.rows.len(), 3);
        let r3 = ov.row(3).unwrap();
        assert_eq!(r3.focus.as_ref().unwrap().number, Some(2));
        assert_eq!(r3.promotion.as_deref(), Some("情報発信"));
        let r1 = ov.row(1).unwrap();
        assert_eq!(r1.title.as_deref(), Some("講座の開催"));
        assert_eq!(r1.basic.as_ref().unwrap().number, Some(1));
        assert_eq!(r1.focus.as_ref().unwrap().number, Some(1));
        assert_eq!(ov.row(2).unwrap().promotion.as_deref(), Some("市民協働"));
    }
}

//! Glyphs and rules of one page → rows of cells.
//!
//! Ruled tables: a glyph belongs to the box formed by the nearest rules around it, so a
//! merged cell (no rule between its parts) is one cell whatever its size. Text outside
//! any box is grouped into lines by baseline and split into cells at wide gaps, with
//! columns taken from the alignment of such cells on the page (borderless tables).

use std::collections::BTreeMap;

use crate::norm::is_cjk;
use crate::BBox;

use super::{RawCell, Row};

/// One glyph, in PDF user space (origin bottom left, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub c: char,
    /// Origin of the glyph (left end of the baseline).
    pub x: f64,
    pub y: f64,
    /// Font size in user space.
    pub size: f64,
    /// Horizontal advance in user space.
    pub advance: f64,
    /// Direction of the baseline, radians (0 = upright).
    pub angle: f64,
}

/// An axis-aligned line segment drawn on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    /// y of a horizontal rule, x of a vertical one.
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// What the output device collected from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub media: (f64, f64, f64, f64),
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Glyphs drawn in a font that maps them to no character.
    pub unmapped: usize,
}

/// Beyond this many rules a page is drawn art, not a table: its rules are ignored so
/// that the glyph × rule lookup stays cheap.
const MAX_TABLE_RULES: usize = 20_000;
/// Text outside tables: a gap wider than this many font sizes starts a new cell.
const CELL_GAP: f64 = 1.5;
/// Within a cell: a gap wider than this many font sizes is a space.
const WORD_GAP: f64 = 0.25;
/// Rows whose tops lie within this many points (or a third of the print size, if
/// smaller) are one row.
const ROW_TOLERANCE: f64 = 1.0;
/// Column anchors of borderless text within this many points are one column.
const COLUMN_TOLERANCE: f64 = 4.0;

/// A box formed by rules, quantised to 1/16 point so equal boxes compare equal.
type BoxKey = (i64, i64, i64, i64);

const QUANTUM: f64 = 16.0;

fn q(v: f64) -> i64 {
    (v * QUANTUM).round() as i64
}

fn unq(v: i64) -> f64 {
    v as f64 / QUANTUM
}

/// Glyph drawn twice at (almost) the same place — synthetic bold, shadow — kept once.
fn dedupe(glyphs: &[Glyph]) -> Vec<&Glyph> {
    let mut order: Vec<&Glyph> = glyphs.iter().filter(|g| !g.c.is_control()).collect();
    order.sort_by(|a, b| (a.c, q(a.y)).cmp(&(b.c, q(b.y))).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<&Glyph> = Vec::with_capacity(order.len());
    for g in order {
        // Two copies of one glyph lie far closer than its own advance (synthetic bold
        // shifts by a few hundredths of an em); two real neighbours ("ll") lie one
        // advance apart.
        let dup = out.last().is_some_and(|p| {
            p.c == g.c
                && (p.x - g.x).abs() < 0.3 * g.advance.min(p.advance).max(0.02 * g.size)
                && (p.y - g.y).abs() < 0.1 * g.size.max(p.size)
        });
        if !dup {
            out.push(g);
        }
    }
    out
}

fn center(g: &Glyph) -> (f64, f64) {
    let (s, c) = g.angle.sin_cos();
    // Half an advance along the baseline, a third of the size up from it.
    let (along, up) = (g.advance / 2.0, g.size / 3.0);
    (g.x + along * c - up * s, g.y + along * s + up * c)
}

/// Among `rules` (sorted by position) that span `across` (within `slack`), the position
/// of the last at or before `at` and of the first after it (infinite if none). Searching
/// outwards from `at` keeps a glyph's lookup to the rules near it, not the whole page.
fn nearest(rules: &[&Rule], at: f64, across: f64, slack: f64) -> (f64, f64) {
    let spans = |r: &&&Rule| r.from - slack <= across && across <= r.to + slack;
    let i = rules.partition_point(|r| r.at <= at);
    let before = rules[..i]
        .iter()
        .rev()
        .find(spans)
        .map_or(f64::NEG_INFINITY, |r| r.at);
    let after = rules[i..]
        .iter()
        .find(spans)
        .map_or(f64::INFINITY, |r| r.at);
    (before, after)
}

/// The box of rules around a point, if it is enclosed on all four sides.
/// `vertical` and `horizontal` are sorted by position.
fn enclosing(
    p: (f64, f64),
    size: f64,
    page_y: (f64, f64),
    vertical: &[&Rule],
    horizontal: &[&Rule],
) -> Option<BoxKey> {
    let (x, y) = p;
    // Rules that stop just short of a crossing still close the box; small print (a
    // sheet scaled to fit a page) needs a proportionally small allowance.
    let slack = (0.25 * size).min(1.0);
    let (left, right) = nearest(vertical, x, y, slack);
    let (bottom, top) = nearest(horizontal, y, x, slack);
    if !(left.is_finite() && right.is_finite()) {
        return None;
    }
    // A row cut by a page break is drawn open at the cut (Chromium): between column
    // rules, a missing top or bottom edge is the page's edge.
    let (page_bottom, page_top) = page_y;
    match (top.is_finite(), bottom.is_finite()) {
        (true, true) => Some((q(left), q(right), q(top), q(bottom))),
        (true, false) => Some((q(left), q(right), q(top), q(page_bottom))),
        (false, true) => Some((q(left), q(right), q(page_top), q(bottom))),
        (false, false) => None,
    }
}

/// A cell or text segment on its way to a row.
#[derive(Debug)]
struct Unit {
    top: f64,
    /// Print size of the unit's first glyph.
    size: f64,
    bbox: BBox,
    text: String,
    /// Table grid column (ruled) or None (borderless: decided by alignment).
    grid_col: Option<u16>,
    /// The last text line reaches the right edge of the box: the text may go on.
    full: bool,
    /// The box had no rule at its top or bottom and was closed at the page edge.
    open: bool,
    /// The text took more than one line.
    wrapped: bool,
}

/// Does the last line of a boxed cell run to the box's right edge? Japanese wraps at any
/// character, so a line that continues ends within a few characters of the edge (more
/// where a number or a Latin word that cannot be split went to the next line).
fn last_line_full(lines: &[Vec<(f64, f64, &Glyph)>], right: f64) -> bool {
    let Some(last) = lines.last() else {
        return false;
    };
    let Some(&(x, _, g)) = last.last() else {
        return false;
    };
    // Rotated text has no right edge in this sense.
    if g.angle.abs() > 0.1 {
        return false;
    }
    // A single short line in a narrow column proves nothing: only a wrapped cell gets
    // the slack of a word that did not fit.
    let slack = if lines.len() > 1 { 4.5 } else { 1.5 };
    right - (x + g.advance) < slack * g.size + (0.5 * g.size).min(3.0)
}

/// Glyphs grouped into text lines (by baseline, in the glyphs' own reading frame), each
/// sorted left to right.
/// The reading frame of some glyphs: rotated text (and vertical writing, a quarter
/// turn right) is read in its own frame; the majority angle decides.
fn frame_angle(glyphs: &[&Glyph]) -> f64 {
    let rotated = glyphs.iter().filter(|g| g.angle.abs() > 0.1).count() * 2 > glyphs.len();
    if rotated {
        glyphs
            .iter()
            .find(|g| g.angle.abs() > 0.1)
            .map_or(0.0, |g| g.angle)
    } else {
        0.0
    }
}

fn text_lines<'a>(glyphs: &[&'a Glyph]) -> Vec<Vec<(f64, f64, &'a Glyph)>> {
    let (s, c) = frame_angle(glyphs).sin_cos();
    let mut pts: Vec<(f64, f64, &Glyph)> = glyphs
        .iter()
        .map(|g| (g.x * c + g.y * s, -g.x * s + g.y * c, *g))
        .collect();
    pts.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.total_cmp(&b.0)));
    let mut lines: Vec<Vec<(f64, f64, &Glyph)>> = Vec::new();
    let mut base = f64::NAN;
    for p in pts {
        let tol = 0.35 * p.2.size;
        match lines.last_mut() {
            Some(l) if (base - p.1).abs() <= tol => l.push(p),
            _ => {
                base = p.1;
                lines.push(vec![p]);
            }
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

/// Text of one line; a space where the gap is wider than a word gap.
fn line_text(line: &[(f64, f64, &Glyph)]) -> String {
    let mut s = String::new();
    let mut end = f64::NEG_INFINITY;
    // A drawn space counts as much as a gap: some producers print spaces, others move.
    let mut space = false;
    for &(x, _, g) in line {
        if g.c.is_whitespace() {
            space = !s.is_empty();
            end = end.max(x + g.advance);
            continue;
        }
        if !s.is_empty() && (space || x - end > WORD_GAP * g.size) {
            s.push(' ');
        }
        space = false;
        s.push(g.c);
        end = end.max(x + g.advance);
    }
    s
}

/// Lines of a cell joined: CJK wraps without a space, Latin with one.
fn join_lines(lines: &[String]) -> String {
    let mut s = String::new();
    for l in lines {
        let glue = match (s.chars().last(), l.chars().next()) {
            (Some(a), Some(b)) => !(is_cjk(a) || is_cjk(b)),
            _ => false,
        };
        if glue {
            s.push(' ');
        }
        s.push_str(l);
    }
    s
}

fn bbox_of(glyphs: &[&Glyph]) -> BBox {
    let mut b = BBox {
        x0: f32::INFINITY,
        y0: f32::INFINITY,
        x1: f32::NEG_INFINITY,
        y1: f32::NEG_INFINITY,
    };
    for g in glyphs {
        b.x0 = b.x0.min(g.x as f32);
        b.x1 = b.x1.max((g.x + g.advance) as f32);
        b.y0 = b.y0.min((g.y - 0.2 * g.size) as f32);
        b.y1 = b.y1.max((g.y + 0.8 * g.size) as f32);
    }
    b
}

/// Column index of `x` among sorted anchors: the last anchor at or left of it.
fn column(anchors: &[f64], x: f64, tol: f64) -> u16 {
    let i = anchors.partition_point(|&a| a <= x + tol);
    i.saturating_sub(1).min(u16::MAX as usize) as u16
}

/// Sorted positions, those within `tol` of the previous kept one merged.
fn anchors(mut xs: Vec<f64>, tol: f64) -> Vec<f64> {
    xs.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in xs {
        if out.last().is_none_or(|&l| x - l > tol) {
            out.push(x);
        }
    }
    out
}

/// Is `next` (the first ruled row of a page) the rest of `prev` (the last ruled row of
/// the page before), cut by the page break? Both parts sit in boxes of the same columns.
/// Chromium leaves the cut open (no rule at the page edge): that alone decides. Writer
/// closes both parts: then a continued row has text only under cells whose text ran to
/// the right edge of their last line on the previous page, and — since a one-line,
/// one-cell row that fills its box is as often a clean break — the row above has two
/// cells or a wrapped one.
pub fn continues(prev: &Row, next: &Row) -> bool {
    if prev.page.checked_add(1) != Some(next.page) || next.cells.is_empty() {
        return false;
    }
    if !prev.cells.iter().chain(&next.cells).all(|c| c.boxed) {
        return false;
    }
    let same_box = |a: &RawCell, b: &RawCell| {
        (a.bbox.x0 - b.bbox.x0).abs() < 1.0 && (a.bbox.x1 - b.bbox.x1).abs() < 1.0
    };
    let aligned = next.cells.iter().all(|n| {
        prev.cells
            .iter()
            .find(|p| p.col == n.col)
            .is_some_and(|p| same_box(p, n))
    });
    if !aligned {
        return false;
    }
    if prev.cells.iter().any(|c| c.open) && next.cells.iter().any(|c| c.open) {
        return true;
    }
    let filled: Vec<&RawCell> = prev.cells.iter().filter(|c| !c.text.is_empty()).collect();
    let enough = filled.len() >= 2 || filled.first().is_some_and(|c| c.wrapped);
    enough
        && next.cells.iter().all(|n| {
            n.text.is_empty()
                || prev
                    .cells
                    .iter()
                    .find(|p| p.col == n.col)
                    .is_some_and(|p| p.full)
        })
}

/// Join rows cut by page breaks ([`continues`]); returns how many were joined, with
/// the page of each continuation.
pub fn join_continued(rows: &mut Vec<Row>) -> Vec<u32> {
    let mut joined = Vec::new();
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    // Index in `out` of the last ruled row of the latest page seen.
    let mut last_ruled: Option<usize> = None;
    let mut first_on_page = true;
    let mut page = 0;
    for row in rows.drain(..) {
        if row.page != page {
            page = row.page;
            first_on_page = true;
        }
        let ruled = !row.cells.is_empty() && row.cells.iter().all(|c| c.boxed);
        if ruled && first_on_page {
            first_on_page = false;
            if let Some(i) = last_ruled {
                if let Some(prev) = out.get_mut(i) {
                    if continues(prev, &row) {
                        for n in row.cells {
                            if let Some(p) = prev.cells.iter_mut().find(|p| p.col == n.col) {
                                p.text = join_lines(&[std::mem::take(&mut p.text), n.text]);
                                p.full = n.full;
                            }
                        }
                        joined.push(row.page);
                        continue;
                    }
                }
            }
        }
        if ruled {
            last_ruled = Some(out.len());
        }
        out.push(row);
    }
    *rows = out;
    joined
}

/// Lay out one page into rows, top to bottom.
pub fn rows(page_no: u32, page: &Page) -> Vec<Row> {
    let glyphs = dedupe(&page.glyphs);
    let (mut vertical, mut horizontal): (Vec<&Rule>, Vec<&Rule>) =
        if page.rules.len() <= MAX_TABLE_RULES {
            page.rules.iter().partition(|r| !r.horizontal)
        } else {
            (Vec::new(), Vec::new())
        };
    vertical.sort_by(|a, b| a.at.total_cmp(&b.at));
    horizontal.sort_by(|a, b| a.at.total_cmp(&b.at));

    let page_y = (
        page.media.1.min(page.media.3),
        page.media.1.max(page.media.3),
    );
    let mut boxed: BTreeMap<BoxKey, Vec<&Glyph>> = BTreeMap::new();
    let mut free: Vec<&Glyph> = Vec::new();
    for g in glyphs {
        match enclosing(center(g), g.size, page_y, &vertical, &horizontal) {
            Some(k) => boxed.entry(k).or_default().push(g),
            None => free.push(g),
        }
    }

    let grid = anchors(vertical.iter().map(|r| r.at).collect(), 1.0);
    let mut units: Vec<Unit> = Vec::new();
    for ((l, r, t, b), gs) in &boxed {
        if gs.iter().all(|g| g.c.is_whitespace()) {
            continue;
        }
        let tl = text_lines(gs);
        let full = last_line_full(&tl, unq(*r));
        let lines: Vec<String> = tl.iter().map(|l| line_text(l)).collect();
        let left = unq(*l);
        units.push(Unit {
            top: unq(*t),
            size: gs.first().map_or(1.0, |g| g.size),
            bbox: BBox {
                x0: left as f32,
                y0: unq(*b) as f32,
                x1: unq(*r) as f32,
                y1: unq(*t) as f32,
            },
            text: join_lines(&lines),
            grid_col: Some(column(&grid, left, 1.0)),
            full,
            open: *t == q(page_y.1) || *b == q(page_y.0),
            wrapped: lines.len() > 1,
        });
    }

    // Free text: lines, split at wide gaps into segments.
    let mut segments: Vec<(usize, Vec<&Glyph>)> = Vec::new();
    for (li, line) in text_lines(&free).into_iter().enumerate() {
        let mut cur: Vec<&Glyph> = Vec::new();
        let mut end = f64::NEG_INFINITY;
        for (x, _, g) in line {
            // Spaces neither start a cell nor bridge a gap: columns padded with spaces
            // split like columns set apart by position.
            if g.c.is_whitespace() {
                if !cur.is_empty() {
                    cur.push(g);
                }
                continue;
            }
            if !cur.is_empty() && x - end > CELL_GAP * g.size {
                while cur.last().is_some_and(|g| g.c.is_whitespace()) {
                    cur.pop();
                }
                segments.push((li, std::mem::take(&mut cur)));
            }
            end = end.max(x + g.advance);
            cur.push(g);
        }
        while cur.last().is_some_and(|g| g.c.is_whitespace()) {
            cur.pop();
        }
        if !cur.is_empty() {
            segments.push((li, cur));
        }
    }
    let multi: Vec<f64> = segments
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .flat_map(|w| [bbox_of(&w[0].1).x0 as f64, bbox_of(&w[1].1).x0 as f64])
        .collect();
    let free_cols = anchors(multi, COLUMN_TOLERANCE);
    // Free text orders in its reading frame: vertical columns go right to left.
    let (fs, fc) = frame_angle(&free).sin_cos();
    for (_, gs) in &segments {
        if gs.iter().all(|g| g.c.is_whitespace()) {
            continue;
        }
        let lines: Vec<String> = text_lines(gs).iter().map(|l| line_text(l)).collect();
        let bbox = bbox_of(gs);
        let top = gs
            .iter()
            .map(|g| -g.x * fs + g.y * fc + 0.8 * g.size)
            .fold(f64::NEG_INFINITY, f64::max);
        units.push(Unit {
            top,
            size: gs.first().map_or(1.0, |g| g.size),
            bbox,
            text: join_lines(&lines),
            grid_col: None,
            full: false,
            open: false,
            wrapped: lines.len() > 1,
        });
    }

    // Rows: by top, highest first; left to right within.
    units.sort_by(|a, b| {
        b.top
            .total_cmp(&a.top)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut out: Vec<Row> = Vec::new();
    let mut row_top = f64::NAN;
    let mut row_tol = ROW_TOLERANCE;
    let mut row: Vec<Unit> = Vec::new();
    let flush = |row: &mut Vec<Unit>, out: &mut Vec<Row>| {
        if row.is_empty() {
            return;
        }
        row.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let multi = row.len() > 1;
        let mut cells: Vec<RawCell> = Vec::with_capacity(row.len());
        for u in row.drain(..) {
            let want = match u.grid_col {
                Some(c) => c,
                None if multi => column(&free_cols, u.bbox.x0 as f64, COLUMN_TOLERANCE),
                None => 0,
            };
            // Columns strictly increase along a row, whatever the anchors said.
            let col = match cells.last() {
                Some(p) if want <= p.col => p.col.saturating_add(1),
                _ => want,
            };
            cells.push(RawCell {
                col,
                text: u.text,
                bbox: u.bbox,
                boxed: u.grid_col.is_some(),
                full: u.full,
                open: u.open,
                wrapped: u.wrapped,
            });
        }
        out.push(Row {
            page: page_no,
            cells,
        });
    };
    for u in units {
        if !row.is_empty() && (row_top - u.top).abs() > row_tol {
            flush(&mut row, &mut out);
        }
        if row.is_empty() {
            row_top = u.top;
            row_tol = ROW_TOLERANCE.min(u.size / 3.0);
        }
        row.push(u);
    }
    flush(&mut row, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in s.chars() {
            let adv = if c.is_ascii() { size * 0.5 } else { size };
            out.push(Glyph {
                c,
                x,
                y,
                size,
                advance: adv,
                angle: 0.0,
            });
            x += adv;
        }
        out
    }

    fn rule(horizontal: bool, at: f64, from: f64, to: f64) -> Rule {
        Rule {
            horizontal,
            at,
            from,
            to,
        }
    }

    fn texts(rows: &[Row]) -> Vec<Vec<(u16, String)>> {
        rows.iter()
            .map(|r| r.cells.iter().map(|c| (c.col, c.text.clone())).collect())
            .collect()
    }

    #[test]
    fn ruled_cells_join_wrapped_cjk_and_keep_grid_columns() {
        // Two columns (x 0-100, 100-300), two rows (y 100-80, 80-40).
        let mut rules = Vec::new();
        for y in [100.0, 80.0, 40.0] {
            rules.push(rule(true, y, 0.0, 300.0));
        }
        for x in [0.0, 100.0, 300.0] {
            rules.push(rule(false, x, 40.0, 100.0));
        }
        let mut glyphs = text("項目名", 5.0, 85.0, 10.0);
        glyphs.extend(text("内容", 105.0, 85.0, 10.0));
        glyphs.extend(text("定員", 5.0, 65.0, 10.0));
        // A wrapped cell: second line lower in the same box.
        glyphs.extend(text("職員の", 105.0, 65.0, 10.0));
        glyphs.extend(text("適正化", 105.0, 50.0, 10.0));
        let page = Page {
            glyphs,
            rules,
            ..Page::default()
        };
        let got = texts(&rows(1, &page));
        assert_eq!(
            got,
            vec![
                vec![(0, "項目名".into()), (1, "内容".into())],
                vec![(0, "定員".into()), (1, "職員の適正化".into())],
            ]
        );
    }

    #[test]
    fn borderless_text_splits_at_wide_gaps_into_aligned_columns() {
        let mut glyphs = text("番号", 10.0, 700.0, 10.0);
        glyphs.extend(text("取組名", 100.0, 700.0, 10.0));
        glyphs.extend(text("1", 10.0, 680.0, 10.0));
        glyphs.extend(text("定員管理", 100.0, 680.0, 10.0));
        glyphs.extend(text("only text", 100.0, 660.0, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        let got = texts(&rows(1, &page));
        assert_eq!(got[0], vec![(0, "番号".into()), (1, "取組名".into())]);
        assert_eq!(got[1], vec![(0, "1".into()), (1, "定員管理".into())]);
        assert_eq!(got[2], vec![(0, "only text".into())]);
    }

    #[test]
    fn drawn_spaces_separate_words_and_space_runs_split_columns() {
        let mut glyphs = text("No. 1", 10.0, 700.0, 10.0);
        glyphs.extend(text("          ", 35.0, 700.0, 10.0));
        glyphs.extend(text("窓口", 100.0, 700.0, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![vec![(0, "No. 1".into()), (1, "窓口".into())]]
        );
    }

    #[test]
    fn text_turned_a_quarter_left_reads_bottom_up_in_its_cell() {
        // An Excel header cell with text rotated 90° counter-clockwise.
        let glyphs: Vec<Glyph> = "進捗区分"
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                c,
                x: 20.0,
                y: 610.0 + 10.0 * i as f64,
                size: 10.0,
                advance: 10.0,
                angle: std::f64::consts::FRAC_PI_2,
            })
            .collect();
        let mut rules = Vec::new();
        for y in [600.0, 660.0] {
            rules.push(rule(true, y, 0.0, 40.0));
        }
        for x in [0.0, 40.0] {
            rules.push(rule(false, x, 600.0, 660.0));
        }
        let page = Page {
            glyphs,
            rules,
            ..Page::default()
        };
        assert_eq!(texts(&rows(1, &page)), vec![vec![(0, "進捗区分".into())]]);
    }

    #[test]
    fn vertical_columns_read_top_down_right_to_left() {
        let mut glyphs = Vec::new();
        for (col, s) in ["行政改革", "実施計画"].iter().enumerate() {
            for (i, c) in s.chars().enumerate() {
                glyphs.push(Glyph {
                    c,
                    x: 500.0 - 40.0 * col as f64,
                    y: 780.0 - 12.0 * i as f64,
                    size: 12.0,
                    advance: 12.0,
                    angle: -std::f64::consts::FRAC_PI_2,
                });
            }
        }
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![vec![(0, "行政改革".into())], vec![(0, "実施計画".into())]]
        );
    }

    #[test]
    fn overlapping_duplicates_are_dropped() {
        let mut glyphs = text("達成", 10.0, 700.0, 10.0);
        glyphs.extend(text("達成", 10.3, 700.0, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(texts(&rows(1, &page)), vec![vec![(0, "達成".into())]]);
    }

    #[test]
    fn narrow_neighbours_are_not_duplicates() {
        let mut glyphs = text("Pull", 10.0, 700.0, 4.0);
        for g in &mut glyphs {
            if g.c == 'l' {
                g.advance = 0.9;
            }
        }
        glyphs[3].x = glyphs[2].x + 0.9;
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(texts(&rows(1, &page)), vec![vec![(0, "Pull".into())]]);
    }

    #[test]
    fn stacked_vertical_label_reads_top_down() {
        let mut glyphs = Vec::new();
        for (i, c) in "担当課".chars().enumerate() {
            glyphs.extend(text(&c.to_string(), 10.0, 700.0 - 12.0 * i as f64, 10.0));
        }
        let mut rules = Vec::new();
        for y in [715.0, 660.0] {
            rules.push(rule(true, y, 0.0, 40.0));
        }
        for x in [0.0, 40.0] {
            rules.push(rule(false, x, 660.0, 715.0));
        }
        let page = Page {
            glyphs,
            rules,
            ..Page::default()
        };
        assert_eq!(texts(&rows(1, &page)), vec![vec![(0, "担当課".into())]]);
    }
}

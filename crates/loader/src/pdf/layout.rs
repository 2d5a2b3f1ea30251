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
    // Keys worked out once per glyph, not in every comparison; the glyph's place in the
    // page breaks ties, so the faster unstable sort gives the stable order.
    let mut order: Vec<(char, i64, i64, usize)> = glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.c.is_control())
        .map(|(i, g)| (g.c, q(g.y), total_key(g.x), i))
        .collect();
    order.sort_unstable();
    let mut out: Vec<&Glyph> = Vec::with_capacity(order.len());
    for g in order.into_iter().map(|(_, _, _, i)| &glyphs[i]) {
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

/// An integer that orders as `f64::total_cmp` orders `v` (the same bit trick).
fn total_key(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
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

/// Is the last line of a boxed cell the lowest line its box has room for? A page break
/// cuts a row through the cells that run to its foot; a cell beside a longer one ends
/// higher (its label `目指す姿` one line, the text beside it three) and has nothing to
/// go on with, however close to the right edge its last line ends: a label that
/// exactly fills a narrow label column looks full. The last baseline sits a descent
/// and the bottom padding above the box's bottom (about half a print size); a line
/// higher sits a line pitch (over 1.1 sizes) further up.
fn last_line_at_foot(lines: &[Vec<(f64, f64, &Glyph)>], bottom: f64) -> bool {
    let Some(&(_, _, g)) = lines.last().and_then(|l| l.first()) else {
        return false;
    };
    // Rotated text has no foot in this sense (and is never full).
    g.angle.abs() > 0.1 || g.y - bottom < FOOT_SLACK * g.size
}

/// See [`last_line_at_foot`].
const FOOT_SLACK: f64 = 1.1;

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

/// Chromium leaves a cut row open at the page edge: both parts show it.
fn open_cut(prev: &Row, next: &Row) -> bool {
    prev.cells.iter().any(|c| c.open) && next.cells.iter().any(|c| c.open)
}

/// Does the producer cut rows open? Chromium slices a ruled row at a page break and
/// draws no rule at either cut edge, wherever it cuts; a row it did not cut (moved whole
/// to the next page) keeps its rules. So in a document with any open box, two closed
/// boxes on either side of a page break are two rows, however full the upper one looks
/// (`(アクション項目の概要)` filling its label column at a page's foot, `項目番号 2-⑩` at
/// the next page's top). Writer and Calc close both parts of a cut row: there the
/// closed-cut rules of [`continues`] decide.
fn cuts_open(rows: &[Row]) -> bool {
    rows.iter()
        .flat_map(|r| &r.cells)
        .any(|c| c.boxed && c.open)
}

/// The foot of the printed area, for closed cuts (see [`reaches_floor`]): the lowest
/// bottom of a closed box on any page, and the height of the lowest one-line box (a
/// printed line with its paddings).
#[derive(Debug, Clone, Copy)]
struct Floor {
    y: f32,
    line: f32,
}

fn page_floor(rows: &[Row]) -> Option<Floor> {
    let closed = || {
        rows.iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.boxed && !c.open && !c.text.is_empty())
    };
    let y = closed().map(|c| c.bbox.y0).reduce(f32::min)?;
    let line = closed()
        .filter(|c| !c.wrapped)
        .map(|c| c.bbox.y1 - c.bbox.y0)
        .filter(|h| *h > 0.0)
        .reduce(f32::min)?;
    Some(Floor { y, line })
}

/// Does the ruled row `prev`, closed at its bottom, end at the foot of its page? A
/// producer cuts a row only where the page is full: what is left below the cut is less
/// than one more line. A row that ends higher (Chromium moved the next row, taller
/// than the space left, to the next page whole) was not cut, however full its cells.
/// Without a floor (no closed box) nothing is known and the cut stands.
fn reaches_floor(prev: &Row, floor: Option<Floor>) -> bool {
    let Some(f) = floor else {
        return true;
    };
    let bottom = prev
        .cells
        .iter()
        .map(|c| c.bbox.y0)
        .fold(f32::INFINITY, f32::min);
    bottom - f.y <= FLOOR_LINES * f.line
}

/// See [`reaches_floor`]: the space a cut may leave, in one-line boxes (a line that did
/// not fit, with paddings and a producer's orphan control of a line more).
const FLOOR_LINES: f32 = 2.0;

/// Is `next` (a free-text row at the top of a page) more of the borderless row `row`,
/// cut by the page break? A page break cuts a tall row through its long cells only: the
/// continuation has text only under cells of `row` that reached its bottom line, and
/// none in its first column (an id or a number, which never runs long enough to be cut:
/// text there starts a new row). A row of one line is never cut. `part` is the
/// continuation already found on this page, if any: lines under its cells go on with
/// them.
pub fn continues_free(row: &Row, part: Option<&Row>, next: &Row) -> bool {
    let free = |r: &Row| !r.cells.is_empty() && r.cells.iter().all(|c| !c.boxed);
    if !free(row) || !free(next) {
        return false;
    }
    if row.cells.len() == 1 {
        return part.is_none() && continues_single(row, next);
    }
    let Some(first) = row.cells.first() else {
        return false;
    };
    let under =
        |n: &RawCell, p: &RawCell| f64::from((n.bbox.x0 - p.bbox.x0).abs()) <= COLUMN_TOLERANCE;
    // Only a first cell in the table's first column is an id or number; a row with that
    // column empty (`② 部のマネジメン` under an item's heading) starts with its title,
    // which is cut like any other cell.
    let lead = usize::from(first.col == 0);
    if lead == 1 && next.cells.iter().any(|n| under(n, first)) {
        return false;
    }
    if let Some(part) = part {
        return next
            .cells
            .iter()
            .all(|n| part.cells.iter().any(|p| under(n, p)));
    }
    if !row.cells.iter().any(|c| c.wrapped) {
        return false;
    }
    let bottom = row
        .cells
        .iter()
        .map(|c| f64::from(c.bbox.y0))
        .fold(f64::INFINITY, f64::min);
    // One printed line: the height of the row's shortest cell.
    let line = row
        .cells
        .iter()
        .map(|c| f64::from(c.bbox.y1 - c.bbox.y0))
        .fold(f64::INFINITY, f64::min)
        .max(1.0);
    next.cells.iter().all(|n| {
        row.cells
            .iter()
            .skip(lead)
            .find(|p| under(n, p))
            .is_some_and(|p| {
                // A title goes on only from the row's very last line: a new row's
                // title at the top of the page sits under a title that ended higher.
                let slack = if std::ptr::eq(p, first) { 0.5 } else { 1.5 };
                f64::from(p.bbox.y0) - bottom <= slack * line
            })
    })
}

/// Is `next` more of `row`, a borderless row of one wrapped cell (a paragraph, or a
/// cell spanning the table such as a 総括 text) cut by the page break? Only if the
/// cell's last line ran as far as its widest (a paragraph that ends there ends short,
/// but for one in 30 or so) and `next` is one cell of the same width under it.
fn continues_single(row: &Row, next: &Row) -> bool {
    let ([cut], [more]) = (row.cells.as_slice(), next.cells.as_slice()) else {
        return false;
    };
    let near = |a: f32, b: f32| f64::from((a - b).abs()) <= COLUMN_TOLERANCE;
    cut.wrapped && cut.full && near(cut.bbox.x0, more.bbox.x0) && more.bbox.x1 <= cut.bbox.x1 + 1.0
}

/// The room of each cell of `row` (a borderless row in `rows`, on its page): the widest
/// right end that two other cells of its column on that page share (full lines of a
/// column end together; a cell's box is as wide as its widest line), or the widest
/// other one. A cell never vouches for itself: alone in its column, it has no room; nor
/// has a column whose lines stop short of the next column.
fn rooms(rows: &[Row], row: &Row) -> Vec<Option<f32>> {
    let tol = COLUMN_TOLERANCE as f32;
    let line = row_line(row);
    // Rows are kept in page order: only the tail of `rows` can be on the row's page, and
    // scanning all of them at every page break would cost pages × rows.
    let start = rows
        .iter()
        .rposition(|r| r.page < row.page)
        .map_or(0, |i| i + 1);
    let page: Vec<&RawCell> = rows[start..]
        .iter()
        .filter(|r| r.page == row.page)
        .flat_map(|r| &r.cells)
        .filter(|o| !o.boxed)
        .collect();
    row.cells
        .iter()
        .map(|c| {
            let mut ends: Vec<f32> = page
                .iter()
                .filter(|o| (o.bbox.x0 - c.bbox.x0).abs() <= tol && o.bbox != c.bbox)
                .map(|o| o.bbox.x1)
                .collect();
            ends.sort_by(|a, b| b.total_cmp(a));
            let shared = ends
                .windows(2)
                .find(|w| w[0] - w[1] <= 0.5 * line)
                .map(|w| w[0]);
            let room = shared.or_else(|| ends.first().copied())?;
            // Only a column whose lines run up to the next column (within a cell gap),
            // or the last one, is full there: labels narrower than a wide column end
            // short of it, all alike, and were not broken.
            let next = page
                .iter()
                .map(|o| o.bbox.x0)
                .filter(|&x| x > c.bbox.x0 + tol)
                .fold(f32::INFINITY, f32::min);
            (next.is_infinite() || next - room <= CELL_GAP as f32 * line).then_some(room)
        })
        .collect()
}

/// One printed line of a borderless row: the height of its shortest cell (a cell's box
/// runs from 0.2 print sizes below its first baseline to 0.8 above its last).
fn row_line(row: &Row) -> f32 {
    row.cells
        .iter()
        .map(|c| c.bbox.y1 - c.bbox.y0)
        .fold(f32::INFINITY, f32::min)
        .max(1.0)
}

/// Does a cell's text look like an item number (`I 1 (1)`, `Ⅱ3(2)`, `①`, `1-2`)? Such
/// text in a table's first column starts a row; the rest of a heading cut by a page
/// break goes on with a word.
fn id_like(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '\u{2160}'..='\u{217F}' | '\u{2460}'..='\u{24FF}' | '\u{FF10}'..='\u{FF5A}')
            || matches!(c, '(' | '（' | '[' | '［' | '【' | '〔' | '・' | '●' | '○' | '■' | '□')
    })
}

/// Borderless rows cut by a page break that [`continues_free`] leaves apart, because
/// Writer cuts a row between any two of its printed lines:
/// - a row of one printed line (no cell wrapped) goes on when every cell under which
///   the next page's first row has text left no room on its line for one more
///   character (its right end plus one print size passes its column's room, see
///   [`rooms`]): each such line was broken there;
/// - text under the row's first cell, in the table's first column, goes on when that
///   cell is a heading (a merged 項目No. cell: `I3(3) 健` / `康福祉支援室及び…`), not an
///   item number: the cell's last line was full (as above, or ran as far as its widest
///   line when wrapped) and the text under it does not look like a number ([`id_like`]).
///
/// `rooms` are the rooms of `row`'s cells.
fn continues_cut(row: &Row, next: &Row, rooms: &[Option<f32>]) -> bool {
    let free = |r: &Row| !r.cells.is_empty() && r.cells.iter().all(|c| !c.boxed);
    if !free(row) || !free(next) || row.cells.len() < 2 {
        return false;
    }
    let Some(first) = row.cells.first() else {
        return false;
    };
    let under =
        |n: &RawCell, p: &RawCell| f64::from((n.bbox.x0 - p.bbox.x0).abs()) <= COLUMN_TOLERANCE;
    let bottom = row
        .cells
        .iter()
        .map(|c| c.bbox.y0)
        .fold(f32::INFINITY, f32::min);
    let line = row_line(row);
    let one_line_row = !row.cells.iter().any(|c| c.wrapped);
    // A cell whose text may go on: it reached the foot of the row and its last line was
    // full.
    let went_on = |k: usize, p: &RawCell| {
        let last_full = if p.wrapped {
            p.full
        } else {
            rooms
                .get(k)
                .copied()
                .flatten()
                .is_some_and(|r| p.bbox.x1 + line > r + 0.25 * line)
        };
        last_full && p.bbox.y0 - bottom <= 1.5 * line
    };
    let heading = first.col == 0 && next.cells.iter().any(|n| under(n, first));
    if heading {
        let goes_on = next
            .cells
            .iter()
            .filter(|n| under(n, first))
            .all(|n| !id_like(&n.text))
            && went_on(0, first);
        if !goes_on {
            return false;
        }
    } else if !one_line_row {
        return false;
    }
    next.cells.iter().all(|n| {
        row.cells
            .iter()
            .enumerate()
            .find(|(_, p)| under(n, p))
            .is_some_and(|(k, p)| {
                if one_line_row || k == 0 {
                    went_on(k, p)
                } else {
                    // As [`continues_free`]: cells that ran to the foot of the page.
                    p.bbox.y0 - bottom <= 1.5 * line
                }
            })
    })
}

/// Join the cells of `next` to the cells of `row` they sit under (by left edge).
fn join_under(row: &mut Row, next: &Row) {
    for n in &next.cells {
        if let Some(p) = row
            .cells
            .iter_mut()
            .find(|p| f64::from((p.bbox.x0 - n.bbox.x0).abs()) <= COLUMN_TOLERANCE)
        {
            p.text = join_lines(&[std::mem::take(&mut p.text), n.text.clone()]);
            p.wrapped = true;
        }
    }
}

/// Text of a row for spotting a header repeated at the top of each page.
fn row_key(row: &Row) -> String {
    row.cells
        .iter()
        .flat_map(|c| c.text.chars().filter(|c| !c.is_whitespace()))
        .collect()
}

/// Is the last row of `rows` the table's header again, as a page opened with it before?
/// A header printed at the foot of a page (the header line of a new sheet, its row below
/// on the next page) is whole: its wrapped cells (`実施過程での新たな` / `問題・課題`) make
/// it look like a row cut through its long cells, and the next page's first row would
/// join it. A row that opened its own page is the one that put its text among `headers`,
/// and says nothing.
fn known_header(rows: &[Row], headers: &[String]) -> bool {
    let [.., before, row] = rows else {
        return false;
    };
    before.page == row.page && row.cells.len() >= 3 && headers.contains(&row_key(row))
}

/// Join rows cut by page breaks ([`continues`] for ruled rows, [`continues_free`] for
/// borderless ones); returns the page of each continuation joined.
pub fn join_continued(rows: &mut Vec<Row>) -> Vec<u32> {
    let mut joined = Vec::new();
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    // Index in `out` of the last ruled row of the latest page seen.
    let mut last_ruled: Option<usize> = None;
    let mut first_on_page = true;
    let mut page = 0;
    // Borderless: the row that may be continued (index in `out`, as it stood on its own
    // page) and the continuation found so far, while rows at the top of a page may
    // still continue it.
    let mut free_open: Option<(usize, Row, Option<Row>)> = None;
    let mut free_top = false;
    // The room of each cell of the row in `free_open` (see [`rooms`]).
    let mut cut_rooms: Vec<Option<f32>> = Vec::new();
    // First rows of pages (of three or more cells): a table header repeated per page.
    let mut headers: Vec<String> = Vec::new();
    let floor = page_floor(rows);
    let closed_cuts = !cuts_open(rows);
    for row in rows.drain(..) {
        if row.page != page {
            // A row continues onto the next page only.
            let last_free = out
                .iter()
                .rposition(|r| r.page == page)
                .filter(|&i| out.get(i).is_some_and(|r| r.cells.iter().all(|c| !c.boxed)));
            free_open = last_free
                .filter(|_| row.page == page.saturating_add(1))
                .filter(|&i| !out.get(..=i).is_some_and(|r| known_header(r, &headers)))
                .and_then(|i| out.get(i).map(|r| (i, r.clone(), None)));
            cut_rooms = free_open
                .as_ref()
                .map(|(_, cut, _)| rooms(&out, cut))
                .unwrap_or_default();
            free_top = true;
            page = row.page;
            first_on_page = true;
            if row.cells.len() >= 3 {
                let key = row_key(&row);
                if headers.contains(&key) {
                    out.push(row);
                    continue;
                }
                if headers.len() < 16 {
                    headers.push(key);
                }
            }
        }
        if free_top {
            if let Some((i, cut, part)) = free_open.take() {
                if continues_free(&cut, part.as_ref(), &row) {
                    if let Some(prev) = out.get_mut(i) {
                        join_under(prev, &row);
                        joined.push(row.page);
                        free_open = Some((i, cut, Some(row)));
                        continue;
                    }
                }
                if part.is_none() && continues_cut(&cut, &row, &cut_rooms) {
                    if let Some(prev) = out.get_mut(i) {
                        join_under(prev, &row);
                        joined.push(row.page);
                        // Only the first row: the band below it is a row of its own,
                        // whose cells sit under the same columns.
                        free_top = false;
                        continue;
                    }
                }
            }
            free_top = false;
        }
        let ruled = !row.cells.is_empty() && row.cells.iter().all(|c| c.boxed);
        if ruled && first_on_page {
            first_on_page = false;
            if let Some(i) = last_ruled {
                if let Some(prev) = out.get_mut(i) {
                    if continues(prev, &row)
                        && (open_cut(prev, &row) || closed_cuts && reaches_floor(prev, floor))
                    {
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

/// A run that crosses a column edge of the page with a gap of at least this many print
/// sizes is two cells: borderless cells set only a padding apart (a full cell ends a few
/// points before the next column) run together at the cell gap.
const EDGE_GAP: f64 = 0.3;
/// The same between two CJK glyphs. Full-width glyphs of one run abut exactly (every
/// producer sets them at their advance), so a smaller gap is already a cell padding:
/// Calc sets adjacent borderless cells about 0.23 print sizes apart. Between scripts
/// the fonts change and their advances disagree by up to 0.2 sizes inside one cell
/// (Writer's `7事業`), so there the wider gap stays the test.
const CJK_EDGE_GAP: f64 = 0.15;
/// Points below which [`CJK_EDGE_GAP`] is not trusted: sheets shrunk to tiny print are
/// written on a position grid of about 0.1 pt, so abutting glyphs of half-point print
/// show gaps of 0.2 print sizes (see [`Pitch`]).
const CJK_EDGE_GAP_MIN: f64 = 0.2;

/// The gap after `prev` that may part two cells before `g`.
fn edge_gap(prev: Option<&Glyph>, g: &Glyph) -> f64 {
    let cjk = prev.is_some_and(|p| is_cjk(p.c)) && is_cjk(g.c);
    if cjk && CJK_EDGE_GAP * g.size >= CJK_EDGE_GAP_MIN {
        CJK_EDGE_GAP * g.size
    } else {
        EDGE_GAP * g.size
    }
}
/// A position where runs restart after such a gap on this many lines is a column edge.
const EDGE_LINES: usize = 3;

/// Glyphs that start after a gap of at least [`edge_gap`] inside a run, by x.
fn gap_starts(gs: &[&Glyph]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut end = f64::NEG_INFINITY;
    let mut prev: Option<&Glyph> = None;
    for g in gs {
        if !g.c.is_whitespace() && end.is_finite() && g.x - end >= edge_gap(prev, g) {
            out.push(g.x);
        }
        end = end.max(g.x + g.advance);
        prev = Some(g);
    }
    out
}

/// Column edges of borderless text: the left edges of cells split apart on some line,
/// and the positions where text restarts after a gap on several lines (full cells of
/// adjacent columns run together at the cell padding, but always at the same x).
/// `earlier` are the gap starts of the pages before (see [`Edges`]).
fn column_edges(segments: &[(usize, Vec<&Glyph>)], cols: &[f64], earlier: &[f64]) -> Vec<f64> {
    let mut xs: Vec<f64> = segments.iter().flat_map(|(_, gs)| gap_starts(gs)).collect();
    xs.extend_from_slice(earlier);
    xs.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = cols.to_vec();
    let mut i = 0;
    while i < xs.len() {
        let j = xs[i..]
            .iter()
            .position(|&x| x - xs[i] > 1.0)
            .map_or(xs.len(), |k| i + k);
        if j - i >= EDGE_LINES {
            out.push(xs[i]);
        }
        i = j;
    }
    out.sort_by(f64::total_cmp);
    out
}

/// Split runs of free text where a glyph starts exactly at a column edge (the left edge
/// of cells elsewhere on the page) after a gap wider than a word space.
///
/// Where the script changes (CJK beside Latin, digits, ASCII marks), the gap asked for is
/// the wider Latin one, since Writer spaces `9月` | `30日` 0.2 sizes apart inside a cell;
/// in documents whose producer sets script changes tight inside a cell (`tight`, see
/// [`Edges::tight_scripts`]) a CJK cell padding ([`CJK_EDGE_GAP`]) is enough: there the
/// gap cannot be inside a cell, so `マイナポータル活` | `1 行政管理課` and `タブレ` |
/// `: 行政管理課` are two cells (Calc sets adjacent borderless cells 0.23 sizes apart).
fn split_at_columns<'a>(
    segments: Vec<(usize, Vec<&'a Glyph>)>,
    cols: &[f64],
    tight: bool,
) -> Vec<(usize, Vec<&'a Glyph>)> {
    let mut out = Vec::with_capacity(segments.len());
    for (line, gs) in segments {
        let mut cur: Vec<&Glyph> = Vec::new();
        let mut end = f64::NEG_INFINITY;
        // The last glyph with ink and where it ends.
        let mut ink: Option<&Glyph> = None;
        let mut ink_end = f64::NEG_INFINITY;
        for g in gs {
            if g.c.is_whitespace() {
                // A drawn space is no gap ...
                end = end.max(g.x + g.advance);
                cur.push(g);
                continue;
            }
            let at_edge = cols.iter().any(|&a| (a - g.x).abs() <= 1.0);
            let gap = if ink.is_some_and(|p| is_cjk(p.c))
                && is_cjk(g.c)
                && CJK_EDGE_GAP * g.size >= CJK_EDGE_GAP_MIN
            {
                // ... except between CJK glyphs, which need none: there a space is a
                // wrapped line's trailing one, drawn into the cell padding (Calc).
                g.x - ink_end
            } else {
                g.x - end
            };
            let script_gap = CJK_EDGE_GAP * g.size;
            let need = if tight
                && ink.is_some_and(|p| is_cjk(p.c) != is_cjk(g.c))
                && script_gap >= CJK_EDGE_GAP_MIN
            {
                script_gap.min(edge_gap(ink, g))
            } else {
                edge_gap(ink, g)
            };
            if at_edge && !cur.is_empty() && gap >= need {
                while cur.last().is_some_and(|g| g.c.is_whitespace()) {
                    cur.pop();
                }
                out.push((line, std::mem::take(&mut cur)));
            }
            end = end.max(g.x + g.advance);
            ink = Some(g);
            ink_end = g.x + g.advance;
            cur.push(g);
        }
        if !cur.is_empty() {
            out.push((line, cur));
        }
    }
    out
}

/// A script change (CJK beside Latin letters, digits or ASCII marks) inside a run counts
/// as set tight when its glyphs are at most this many print sizes apart.
const TIGHT_SCRIPT: f64 = 0.05;
/// Script changes seen before the share of tight ones is trusted ...
const TIGHT_SCRIPT_MIN: u32 = 8;
/// ... and the share of them that must be tight. Calc and Chromium set a cell's CJK and
/// Latin glyphs at their advances (100 % of the script changes of the seed PDFs within
/// 0.05 sizes, 90 % in sheets shrunk onto a coarse position grid); Writer adds its
/// Asian/Western spacing of about 0.2 sizes (30–40 % tight).
const TIGHT_SCRIPT_SHARE: f64 = 0.8;

/// Script changes in the runs of a page, tight ones first: gaps between a CJK and a
/// non-CJK glyph that stand next to each other (no drawn space), from slight overlap up
/// to half a print size (wider gaps are word spaces or cells).
fn script_changes(segments: &[(usize, Vec<&Glyph>)]) -> (u32, u32) {
    let (mut tight, mut all) = (0, 0);
    for (_, gs) in segments {
        for w in gs.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.c.is_whitespace() || b.c.is_whitespace() || is_cjk(a.c) == is_cjk(b.c) {
                continue;
            }
            let gap = (b.x - (a.x + a.advance)) / b.size.max(f64::MIN_POSITIVE);
            if (-TIGHT_SCRIPT..=0.5).contains(&gap) {
                all += 1;
                tight += u32::from(gap <= TIGHT_SCRIPT);
            }
        }
    }
    (tight, all)
}

/// A gap between two CJK glyphs of a run (no drawn space between them) counts as none
/// when it is at most this many print sizes; gaps from there up to [`CJK_EDGE_GAP`] are
/// the jitter of a position grid or of justified text.
const TIGHT_CJK: f64 = 0.05;
/// CJK neighbours seen before the document's spacing is trusted ...
const TIGHT_CJK_MIN: u32 = 50;
/// ... and at most one in this many of them may be jittered.
const TIGHT_CJK_JITTER: u32 = 100;

/// CJK neighbours in the runs of a page: set at their advances, and jittered (further
/// apart, but less than a cell padding). Wider gaps are not counted: they are the
/// paddings of cells that ran together, whatever the producer.
fn cjk_neighbours(segments: &[(usize, Vec<&Glyph>)]) -> (u32, u32) {
    let (mut tight, mut jitter) = (0u32, 0u32);
    for (_, gs) in segments {
        for w in gs.windows(2) {
            let (a, b) = (w[0], w[1]);
            if !(is_cjk(a.c) && is_cjk(b.c)) {
                continue;
            }
            let gap = (b.x - (a.x + a.advance)) / b.size.max(f64::MIN_POSITIVE);
            if (-TIGHT_CJK..=TIGHT_CJK).contains(&gap) {
                tight = tight.saturating_add(1);
            } else if gap > TIGHT_CJK && gap < CJK_EDGE_GAP {
                jitter = jitter.saturating_add(1);
            }
        }
    }
    (tight, jitter)
}

/// Split runs at every gap of a cell padding between two CJK glyphs, known column edge
/// or not, in documents that set CJK glyphs at their advances and draw their spaces
/// (`tight`, see [`Edges::tight_cjk`]): there such a gap is never inside a cell. A
/// header whose columns are empty in the rows of the first page shows no edge yet
/// (Chromium's narrow sheets: `R 2 実施内容` | `実施過程での` | `次年度の方針`, 0.38 print
/// sizes apart), and wrapped header cells need their own column to be joined.
fn split_at_cjk_gaps(
    segments: Vec<(usize, Vec<&Glyph>)>,
    tight: bool,
) -> Vec<(usize, Vec<&Glyph>)> {
    if !tight {
        return segments;
    }
    let mut out = Vec::with_capacity(segments.len());
    for (line, gs) in segments {
        let mut cur: Vec<&Glyph> = Vec::new();
        let mut prev: Option<&Glyph> = None;
        for g in gs {
            let cut = prev.is_some_and(|p| {
                let gap = g.x - (p.x + p.advance);
                is_cjk(p.c)
                    && is_cjk(g.c)
                    && !no_line_start(g.c)
                    && gap >= CJK_EDGE_GAP * g.size
                    && gap >= CJK_EDGE_GAP_MIN
            });
            if cut {
                out.push((line, std::mem::take(&mut cur)));
            }
            // A drawn space between two glyphs is a word space, never a cut.
            prev = (!g.c.is_whitespace()).then_some(g);
            cur.push(g);
        }
        if !cur.is_empty() {
            out.push((line, cur));
        }
    }
    out
}

/// How close (in print sizes) a glyph boundary must come to a column edge for two cells
/// set edge to edge to part there: Writer tables without cell padding put the next cell's
/// first glyph 0.1 pt after the full cell's last one (0.01 sizes at 8 pt).
const ABUT: f64 = 0.06;
/// Columns narrower than this many print sizes are not cut by [`split_abutting`]: they
/// hold a glyph or two, and Writer lets short labels (`(3)`, `3-①`) run past them.
const ABUT_COLUMN: f64 = 2.0;

/// Split runs where two full cells of adjacent columns abut with no gap at all (a table
/// without cell padding: `財政課` printed right after `ウドファ`). The gap rule of
/// [`split_at_columns`] cannot see them, so the position must say it: the run starts at
/// one column edge, a glyph boundary falls on the very next edge, and the rest of the run
/// ends before the edge after that. Text spanning the columns (a merged cell, a paragraph)
/// runs on across further edges, and a boundary that meets an edge by chance elsewhere
/// does not have the run's start on the edge before it.
fn split_abutting<'a>(
    segments: Vec<(usize, Vec<&'a Glyph>)>,
    edges: &[f64],
) -> Vec<(usize, Vec<&'a Glyph>)> {
    let mut out = Vec::with_capacity(segments.len());
    for (line, gs) in segments {
        match abutting_cut(&gs, edges) {
            Some(k) => {
                let mut left = gs;
                let right = left.split_off(k);
                while left.last().is_some_and(|g| g.c.is_whitespace()) {
                    left.pop();
                }
                out.push((line, left));
                out.push((line, right));
            }
            None => out.push((line, gs)),
        }
    }
    out
}

/// Index of the glyph of a run that starts the second of two abutting cells (see
/// [`split_abutting`]).
fn abutting_cut(gs: &[&Glyph], edges: &[f64]) -> Option<usize> {
    let first = gs.iter().find(|g| !g.c.is_whitespace())?;
    let size = first.size;
    let tol = ABUT * size;
    let align = (CELL_ALIGN * size).max(2.0);
    let x0 = first.x;
    let x1 = gs
        .iter()
        .filter(|g| !g.c.is_whitespace())
        .map(|g| g.x + g.advance)
        .fold(f64::NEG_INFINITY, f64::max);
    // The run starts on a column edge; the next edge is the candidate, the one after it
    // bounds the second cell.
    let start = edges.iter().position(|&e| (e - x0).abs() <= align)?;
    let mut later = edges[start..].iter().copied().filter(|&e| e > x0 + align);
    let edge = later.next()?;
    if edge - x0 < ABUT_COLUMN * size {
        return None;
    }
    let bound = later.find(|&e| e > edge + align)?;
    if x1 > bound + tol {
        return None;
    }
    let mut ink_end = f64::NEG_INFINITY;
    for (k, g) in gs.iter().enumerate() {
        if g.c.is_whitespace() {
            continue;
        }
        if k > 0 && (g.x - edge).abs() <= tol && (ink_end - edge).abs() <= tol {
            // A closing mark hangs past the cell's edge (禁則処理): it ends the cell.
            let hanging = no_line_start(g.c) || matches!(g.c, ')' | ']' | '}' | ',' | '.');
            return (!hanging).then_some(k);
        }
        ink_end = g.x + g.advance;
    }
    None
}

/// One run of free text on one printed line, between gaps wider than a cell gap.
struct Seg<'a> {
    /// Index of its printed line (top to bottom).
    line: usize,
    glyphs: Vec<&'a Glyph>,
    bbox: BBox,
    /// Top in the reading frame (for row order).
    top: f64,
    /// Lowest baseline and largest print size of its glyphs.
    base: f64,
    size: f64,
}

/// Left edges of segments closer than this (in print sizes, at least 2 pt) start the
/// same cell: a wrapped line starts where the cell's first line started.
const CELL_ALIGN: f64 = 0.5;
/// The distance between the baselines of two lines of one wrapped cell on a page, and how
/// far single distances stray from it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pitch {
    step: f64,
    /// Half the spread of the distances read as this step. Producers write positions at a
    /// fixed resolution (Calc: a grid that shrinks with the sheet scaled to fit the page),
    /// so on a sheet printed at half a point the lines of one cell, 0.65 pt apart, lie
    /// 0.5 to 0.8 pt apart; at ordinary sizes the spread is nil.
    jitter: f64,
}

/// Distances that step from one to the next by at most this many print sizes, and this
/// many points, are one distance jittered by the position grid (its steps are a tenth of
/// a point or finer; cell paddings that set rows apart are coarser) ...
const PITCH_CHAIN: f64 = 0.25;
const PITCH_GRID: f64 = 0.15;
/// ... as long as they spread over no more than this many points: a grid moves a
/// position by a step or two, while the distances of rows of different heights, each a
/// little further apart, can chain on through a whole page.
const PITCH_SPREAD: f64 = 0.4;
/// A spread of distances below this many print sizes is left to the tolerances that
/// scale with the print (it matters only where the print is small beside the grid).
const PITCH_FINE: f64 = 0.2;

/// The smallest line pitch, in print sizes. A font's line height (ascent plus descent)
/// may be below its em: Chromium sets IPAex Mincho and Gothic at `line-height: normal`
/// 0.94 sizes apart (7.5 pt at 8 pt print), and with a bound of one size the wrapped
/// lines of a cell were no pitch at all: the row distance (a padding further) became
/// the pitch, and headings joined the rows below them. Lines centred at half steps sit
/// 0.5 to 0.6 sizes apart, well below.
const MIN_PITCH: f64 = 0.9;

/// The line pitch of a page: the smallest distance (between [`MIN_PITCH`] and two print sizes) that
/// two or more pairs of consecutive lines starting at the same x share, with the
/// distances that chain on from it in small steps; the step is their median. Rows of a
/// table sit further apart (cell padding) or, without padding, as far; lines of one row
/// that are vertically centred sit closer (at half steps).
///
/// Office programs make each line as tall as its fonts: a line of Latin text, digits or
/// dashes alone (`(6) (7)`, `)`, `—`) is set in the Latin font, shorter than the CJK
/// one, so it sits closer to its neighbours than the wrapped lines of Japanese text do
/// (Writer: 9.3 pt against 11.5 pt at 8 pt print; Calc: 1.5 against 1.8 at 1.3 pt). When
/// the distance that pairs of lines both holding CJK text share, with its jitter, lies
/// beyond a line's tolerance ([`NEXT_LINE`]) of the smallest, theirs is the pitch: at the
/// smaller one, wrapped lines of Japanese text would start rows of their own.
fn line_pitch(segs: &[Seg]) -> Option<Pitch> {
    let has_cjk = |s: &Seg| s.glyphs.iter().any(|g| is_cjk(g.c));
    let mut ds: Vec<(f64, f64)> = Vec::new();
    let mut cjk: Vec<(f64, f64)> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let line = segs[i].line;
        let j = segs[i..]
            .iter()
            .position(|s| s.line != line)
            .map_or(segs.len(), |k| i + k);
        let k = segs[j..]
            .iter()
            .position(|s| s.line != segs.get(j).map_or(usize::MAX, |n| n.line))
            .map_or(segs.len(), |k| j + k);
        for a in &segs[i..j] {
            for b in &segs[j..k] {
                let d = a.base - b.base;
                let tol = (CELL_ALIGN * a.size).max(2.0);
                if (a.bbox.x0 - b.bbox.x0).abs() as f64 <= tol
                    && d >= MIN_PITCH * a.size
                    && d <= 2.0 * a.size
                {
                    ds.push((d, a.size));
                    if has_cjk(a) && has_cjk(b) {
                        cjk.push((d, a.size));
                    }
                }
            }
        }
        i = j;
    }
    match (shared_pitch(ds), shared_pitch(cjk)) {
        (Some((all, size)), Some((cjk, _)))
            if cjk.step + cjk.jitter > all.step + NEXT_LINE * size + all.jitter =>
        {
            Some(cjk)
        }
        (all, cjk) => all.or(cjk).map(|(p, _)| p),
    }
}

/// The pitch of [`line_pitch`] from the distances (and print sizes) of pairs of lines,
/// with the print size of its first pair.
fn shared_pitch(mut ds: Vec<(f64, f64)>) -> Option<(Pitch, f64)> {
    ds.sort_by(|a, b| a.0.total_cmp(&b.0));
    let start = ds.windows(2).position(|w| w[1].0 - w[0].0 <= 0.3)?;
    let mut end = start + 2;
    while end < ds.len()
        && ds[end].0 - ds[end - 1].0 <= (PITCH_CHAIN * ds[end - 1].1).min(PITCH_GRID)
        && ds[end].0 - ds[start].0 <= PITCH_SPREAD
    {
        end += 1;
    }
    let run = &ds[start..end];
    let (lo, hi, size) = (run[0].0, run[run.len() - 1].0, run[0].1);
    if hi - lo <= PITCH_FINE * size {
        // Within the tolerances that allow for print sizes anyway: the shared pair alone.
        let step = (run[0].0 + run[1].0) / 2.0;
        return Some((Pitch { step, jitter: 0.0 }, size));
    }
    let pitch = Pitch {
        step: run[run.len() / 2].0,
        jitter: (hi - lo) / 2.0,
    };
    Some((pitch, size))
}

/// A line this many print sizes (plus the pitch's jitter) further below the one above
/// than the line pitch is still the next line of a wrapped cell.
const NEXT_LINE: f64 = 0.15;

/// A cell of a band as it grows: its left edge, the right end of its last line and of
/// its widest line, and its segments.
struct BandCell {
    x0: f64,
    last_x1: f64,
    max_x1: f64,
    segs: Vec<usize>,
}

/// Group the printed lines of free text into bands, one per table row: a line joins the
/// band above when it sits between that band's lines (cells centred vertically put a
/// short cell's line at a half step), or when it is one line pitch below and every one
/// of its runs continues a cell of the band whose last line filled the cell (a wrapped
/// line starts at the cell's left edge; a new row has text in a column — the number,
/// the label — whose cell above did not fill its width). Returns, per band, its cells
/// left to right, each as segment indices in line order.
fn bands(segs: &[Seg], pitch: Option<Pitch>, edges: &[f64]) -> Vec<Vec<Vec<usize>>> {
    let columns = &Columns::new(segs);
    let mut out: Vec<Vec<Vec<usize>>> = Vec::new();
    let close = |mut cells: Vec<BandCell>| -> Vec<Vec<usize>> {
        cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        cells.into_iter().map(|c| c.segs).collect()
    };
    let mut cells: Vec<BandCell> = Vec::new();
    let mut last_base = f64::NAN;
    let mut i = 0;
    while i < segs.len() {
        let line = segs[i].line;
        let j = segs[i..]
            .iter()
            .position(|s| s.line != line)
            .map_or(segs.len(), |k| i + k);
        let here = &segs[i..j];
        let size = here.iter().map(|s| s.size).fold(0.0, f64::max);
        let base = here.iter().map(|s| s.base).fold(f64::INFINITY, f64::min);
        let align = (CELL_ALIGN * size).max(2.0);
        let join = match pitch {
            Some(Pitch { step: p, jitter }) if !cells.is_empty() => {
                let d = last_base - base;
                let between = d < 0.8 * p - jitter;
                let next_line = d <= p + NEXT_LINE * size + jitter;
                between || (next_line && wraps_on(&cells, here, i, columns, edges, align, size))
            }
            _ => false,
        };
        if !join && !cells.is_empty() {
            out.push(close(std::mem::take(&mut cells)));
        }
        for (k, s) in here.iter().enumerate() {
            let idx = i + k;
            let x1 = s.bbox.x1 as f64;
            match aligned(&cells, s, align) {
                Some(c) => {
                    let c = &mut cells[c];
                    c.last_x1 = x1;
                    c.max_x1 = c.max_x1.max(x1);
                    c.segs.push(idx);
                }
                None => cells.push(BandCell {
                    x0: s.bbox.x0 as f64,
                    last_x1: x1,
                    max_x1: x1,
                    segs: vec![idx],
                }),
            }
        }
        last_base = base;
        i = j;
    }
    if !cells.is_empty() {
        out.push(close(cells));
    }
    out
}

/// Width of a run's first unbreakable piece: its first character, and after it any
/// characters that are not CJK or that follow one that is not (a number with its
/// separators and unit, `値:54,156千`, moves to the next line whole), and closing marks
/// ([`no_line_start`]).
fn first_word(s: &Seg) -> f64 {
    let x0 = s.bbox.x0 as f64;
    let mut end = f64::NEG_INFINITY;
    let mut prev: Option<char> = None;
    for g in &s.glyphs {
        if g.c.is_whitespace() {
            break;
        }
        if let Some(p) = prev {
            if is_cjk(g.c) && is_cjk(p) && !no_line_start(g.c) && !no_line_end(p) {
                break;
            }
        }
        end = end.max(g.x + g.advance);
        prev = Some(g.c);
    }
    if end.is_finite() {
        end - x0
    } else {
        0.0
    }
}

/// Marks that Japanese line breaking (禁則処理) never puts at the start of a line: the
/// character before them moves down with them (`書の電子申告化 を推進す` / `る。`), so
/// they belong to the first unbreakable piece of a line.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '！'
            | '？'
            | '：'
            | '；'
    )
}

/// Opening marks that Japanese line breaking never leaves at the end of a line: they go
/// down with the character after them (`「順調」`), so a line's first unbreakable piece
/// runs on past them.
fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '「' | '『' | '（' | '【' | '〔' | '〈' | '《' | '(' | '['
    )
}

/// The band cell a run starts under, if any.
fn aligned(cells: &[BandCell], s: &Seg, align: f64) -> Option<usize> {
    cells
        .iter()
        .rposition(|c| (c.x0 - s.bbox.x0 as f64).abs() <= align)
}

/// Columns of free text: runs grouped by where they start (borderless columns have no
/// drawn edge, so the width a column offers is read from the right ends of its runs).
struct Columns {
    /// Column of each segment.
    of: Vec<usize>,
    /// Per column: right end, segment and print size of its runs, widest first.
    ends: Vec<Vec<(f64, usize, f64)>>,
}

impl Columns {
    fn new(segs: &[Seg]) -> Self {
        let mut order: Vec<usize> = (0..segs.len()).collect();
        order.sort_by(|&a, &b| segs[a].bbox.x0.total_cmp(&segs[b].bbox.x0));
        let mut of = vec![0; segs.len()];
        let mut ends = Vec::new();
        let mut start = 0;
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len() {
                let (p, n) = (&segs[order[end - 1]], &segs[order[end]]);
                if (n.bbox.x0 - p.bbox.x0) as f64 > (CELL_ALIGN * n.size).max(2.0) {
                    break;
                }
                end += 1;
            }
            let mut e: Vec<(f64, usize, f64)> = order[start..end]
                .iter()
                .map(|&i| (segs[i].bbox.x1 as f64, i, segs[i].size))
                .collect();
            e.sort_by(|a, b| b.0.total_cmp(&a.0));
            for &i in &order[start..end] {
                of[i] = ends.len();
            }
            ends.push(e);
            start = end;
        }
        Columns { of, ends }
    }

    /// The right ends of the column of segment `seg`, leaving out segment `except` (the
    /// line whose continuation is in question must not vouch for itself): the widest
    /// end that two runs share — full lines of a column end together, while a run that
    /// swallowed its neighbour cell stands alone — and the widest of all.
    fn right(&self, seg: usize, except: usize) -> (Option<f64>, Option<f64>) {
        let Some(ends) = self.of.get(seg).and_then(|&c| self.ends.get(c)) else {
            return (None, None);
        };
        let mut it = ends.iter().filter(|e| e.1 != except);
        let widest = it.clone().next().map(|e| e.0);
        let mut prev: Option<&(f64, usize, f64)> = None;
        for e in it.by_ref() {
            if let Some(p) = prev {
                if p.0 - e.0 <= 0.5 * p.2 {
                    return (Some(p.0), widest);
                }
            }
            prev = Some(e);
        }
        (None, widest)
    }
}

/// A cell's last line filled it when the next line's first word would have left less than
/// this many print sizes of room before the column's right end (a line stops up to a
/// character short of its room where a closing mark may not open the next one, and
/// the right ends of a column are read from lines that may overhang it a little).
const CELL_SLACK: f64 = 0.75;
/// The same for the band's first cell where a column edge bounds it on the right,
/// measured against its column's widest line. That column holds labels and headings that end where their text ends, not where the room
/// does: the report heading `アクションプラン個別項目 - 実績報告(2024年度報告)` wraps
/// in the label column and its last line leaves 0.7 sizes of room after the next
/// character (`実` of `実施項目` on the title row one pitch below: 001, Calc's narrow
/// borderless sheets).
const LABEL_SLACK: f64 = 0.5;

/// Does the printed line `here` (its first segment is `first`), one line pitch below the
/// band, continue the band's cells? Every run that starts under a cell must continue it,
/// and that cell's last line must have filled the cell: up to the next cell of the band,
/// or so far along its column that the new line's first word would not have fitted.
/// Runs in columns the band has not used yet are cells of the same row printed lower (a
/// short cell beside a long one); at least one run continues.
fn wraps_on(
    cells: &[BandCell],
    here: &[Seg],
    first: usize,
    columns: &Columns,
    edges: &[f64],
    align: f64,
    size: f64,
) -> bool {
    let first_x0 = cells.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min);
    let mut any = false;
    for (k, s) in here.iter().enumerate() {
        let Some(ci) = aligned(cells, s, align) else {
            continue;
        };
        let c = &cells[ci];
        let leftmost = (c.x0 - first_x0).abs() <= align;
        let next = cells
            .iter()
            .filter(|o| o.x0 > c.x0 + align)
            .map(|o| o.x0)
            .fold(f64::INFINITY, f64::min);
        let own = first + k;
        let (shared, widest) = c
            .segs
            .last()
            .map_or((None, None), |&i| columns.right(i, own));
        // The first word of the new line would not have fitted after the cell's last
        // line: the line was broken there (Japanese breaks at any character, so one
        // character is a word; a number or Latin word moves down whole).
        let word = first_word(s);
        // Short numbers of a first column all end alike: there the widest line counts,
        // and only where the column is packed against the next one (its widest line
        // ends within a cell gap of the next column edge): a column of labels or
        // numbers narrower than its room never wraps.
        let column_full = if leftmost {
            widest.is_some_and(|r| {
                let edge = edges.iter().copied().find(|&e| e > c.x0 + align);
                let packed = edge.is_none_or(|e| e - r <= CELL_GAP * size);
                // Without a column to its right the cell is running text or spans the
                // table: its lines end where justification or a margin puts them.
                let slack = if edge.is_some() {
                    LABEL_SLACK
                } else {
                    CELL_SLACK
                };
                packed && c.last_x1 + word >= r - slack * size
            })
        } else {
            shared.is_some_and(|r| c.last_x1 + word >= r - CELL_SLACK * size)
        };
        // Text set narrower than its column (a maximum width) stops short of the next
        // cell: reaching its column's widest lines is enough.
        let full = (next.is_finite() && c.last_x1 >= next - (CELL_GAP + 1.0) * size)
            || column_full
            || (!leftmost && c.last_x1 + word >= next_edge(c, edges, align) - 0.75 * size);
        if !full {
            return false;
        }
        any = true;
    }
    any
}

/// The column edge right of a band cell: where the cell ends when the next column is
/// empty in this row, so a line whose next word would have run past it wrapped, though
/// no cell of the band is there to show it (`①マイナンバーカー` with 担当部署 empty).
/// Not used for the band's first cell, whose labels and numbers stop short of their
/// room and tell rows apart (see [`wraps_on`]).
fn next_edge(c: &BandCell, edges: &[f64], align: f64) -> f64 {
    edges
        .iter()
        .copied()
        .find(|&e| e > c.x0 + align)
        .unwrap_or(f64::INFINITY)
}

/// The cells of one band as units sharing the band's top, so that they make one row.
fn band_units(segs: &[Seg], band: &[Vec<usize>]) -> Vec<Unit> {
    let top = band
        .iter()
        .flatten()
        .filter_map(|&i| segs.get(i))
        .map(|s| s.top)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut out = Vec::with_capacity(band.len());
    for cell in band {
        let parts: Vec<&Seg> = cell.iter().filter_map(|&i| segs.get(i)).collect();
        let Some(first) = parts.first() else {
            continue;
        };
        let mut lines: Vec<String> = Vec::new();
        let mut bbox = first.bbox;
        // The last printed line runs as far as the widest: the text may go on (past a
        // page break). A line ends up to a character short of its room (a closing mark
        // may not open a line), or a Latin word short.
        let size = first.size;
        let full = parts.len() > 1
            && parts.last().is_some_and(|l| {
                let widest = parts.iter().map(|s| s.bbox.x1).fold(f32::MIN, f32::max);
                f64::from(widest - l.bbox.x1) <= 1.5 * size
            });
        for s in &parts {
            lines.extend(text_lines(&s.glyphs).iter().map(|l| line_text(l)));
            bbox = BBox {
                x0: bbox.x0.min(s.bbox.x0),
                y0: bbox.y0.min(s.bbox.y0),
                x1: bbox.x1.max(s.bbox.x1),
                y1: bbox.y1.max(s.bbox.y1),
            };
        }
        out.push(Unit {
            top,
            size: first.glyphs.first().map_or(1.0, |g| g.size),
            bbox,
            text: join_lines(&lines),
            grid_col: None,
            full,
            open: false,
            wrapped: lines.len() > 1,
        });
    }
    out
}

/// At most this many gap starts are carried from page to page (a few per table row).
const MAX_CARRIED_STARTS: usize = 20_000;

/// Where text restarted after a cell padding on the pages laid out so far. A borderless
/// table keeps its columns from page to page, but a page may hold one or two rows only,
/// too few to show a column edge on its own (Calc's narrow sheets: one tall row per
/// page), so the edges are learnt from the document read so far. Only pages of the same
/// width share them.
#[derive(Debug, Default)]
pub struct Edges {
    width: Option<i64>,
    starts: Vec<f64>,
    /// Column anchors of the pages before, each shown by two or more lines of its page.
    cols: Vec<f64>,
    /// Script changes inside runs on the pages so far: tight ones, all
    /// ([`script_changes`]). The spacing is the producer's, so pages of any width count.
    scripts: (u32, u32),
    /// CJK neighbours inside runs on the pages so far: at their advances, jittered
    /// ([`cjk_neighbours`]).
    cjk: (u32, u32),
}

/// Left edges of cells that share a line with another cell, kept where two or more
/// lines show them or where the line is a table's header (four or more cells, one per
/// column, even those empty in every row of this page): a column of the table rather
/// than one stray run.
fn supported_starts(segments: &[(usize, Vec<&Glyph>)]) -> Vec<f64> {
    let mut per_line: BTreeMap<usize, usize> = BTreeMap::new();
    for (line, _) in segments {
        *per_line.entry(*line).or_default() += 1;
    }
    let mut xs: Vec<(f64, usize)> = Vec::new();
    let mut header: Vec<f64> = Vec::new();
    for (line, gs) in segments {
        let n = per_line.get(line).copied().unwrap_or(0);
        if n >= 2 {
            xs.push((bbox_of(gs).x0 as f64, *line));
        }
        if n >= 4 {
            header.push(bbox_of(gs).x0 as f64);
        }
    }
    xs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut i = 0;
    while i < xs.len() {
        let j = xs[i..]
            .iter()
            .position(|&(x, _)| x - xs[i].0 > COLUMN_TOLERANCE)
            .map_or(xs.len(), |k| i + k);
        let mut lines: Vec<usize> = xs[i..j].iter().map(|&(_, l)| l).collect();
        lines.sort_unstable();
        lines.dedup();
        if lines.len() >= 2 {
            out.push(xs[i].0);
        }
        i = j;
    }
    out.extend(header);
    out
}

impl Edges {
    fn earlier(&mut self, page: &Page) -> &[f64] {
        let width = q((page.media.2 - page.media.0).abs());
        if self.width != Some(width) {
            self.width = Some(width);
            self.starts.clear();
            self.cols.clear();
        }
        &self.starts
    }

    /// Column anchors of this page: its own (`multi`) and those of the pages before, so
    /// that a column empty on this page keeps its number; then this page's `supported`
    /// anchors are learnt for the pages after.
    fn columns(&mut self, mut multi: Vec<f64>, supported: Vec<f64>) -> Vec<f64> {
        multi.extend_from_slice(&self.cols);
        let out = anchors(multi, COLUMN_TOLERANCE);
        if self.cols.len() < MAX_CARRIED_STARTS {
            let mut cols = std::mem::take(&mut self.cols);
            cols.extend(supported);
            self.cols = anchors(cols, COLUMN_TOLERANCE);
        }
        out
    }

    /// Column anchors of the pages before are column edges here too: a page may show a
    /// column only where a full cell runs into it (Calc's narrow sheets: the 進捗区分 `:`
    /// printed a padding after a full 次年度の方針 line), too seldom to count as an edge.
    fn add_carried_columns(&self, edges: &mut Vec<f64>) {
        edges.extend_from_slice(&self.cols);
        edges.sort_by(f64::total_cmp);
    }

    /// Add a page's script changes (tight, all); does the document so far set them
    /// tight inside a cell?
    fn tight_scripts(&mut self, (tight, all): (u32, u32)) -> bool {
        self.scripts.0 = self.scripts.0.saturating_add(tight);
        self.scripts.1 = self.scripts.1.saturating_add(all);
        let (tight, all) = self.scripts;
        tight >= TIGHT_SCRIPT_MIN && f64::from(tight) >= TIGHT_SCRIPT_SHARE * f64::from(all)
    }

    /// Add a page's CJK neighbours (tight, jittered); does the document so far set CJK
    /// glyphs at their advances?
    fn tight_cjk(&mut self, (tight, jitter): (u32, u32)) -> bool {
        self.cjk.0 = self.cjk.0.saturating_add(tight);
        self.cjk.1 = self.cjk.1.saturating_add(jitter);
        let (tight, jitter) = self.cjk;
        tight >= TIGHT_CJK_MIN && jitter.saturating_mul(TIGHT_CJK_JITTER) <= tight
    }

    fn learn(&mut self, starts: impl IntoIterator<Item = f64>) {
        for x in starts {
            if self.starts.len() >= MAX_CARRIED_STARTS {
                break;
            }
            self.starts.push(x);
        }
    }
}

/// Lay out one page into rows, top to bottom.
pub fn rows(page_no: u32, page: &Page) -> Vec<Row> {
    rows_after(page_no, page, &mut Edges::default())
}

/// [`rows`] of the next page of a document: column edges of borderless text are learnt
/// from this page and the pages before it ([`Edges`]).
pub fn rows_after(page_no: u32, page: &Page, known: &mut Edges) -> Vec<Row> {
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
        let full = last_line_full(&tl, unq(*r)) && last_line_at_foot(&tl, unq(*b));
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
    segments.retain(|(_, gs)| !gs.iter().all(|g| g.c.is_whitespace()));
    let multi: Vec<f64> = segments
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .flat_map(|w| [bbox_of(&w[0].1).x0 as f64, bbox_of(&w[1].1).x0 as f64])
        .collect();
    let free_cols = anchors(multi, COLUMN_TOLERANCE);
    let mut edges = column_edges(&segments, &free_cols, known.earlier(page));
    known.add_carried_columns(&mut edges);
    known.learn(segments.iter().flat_map(|(_, gs)| gap_starts(gs)));
    let tight = known.tight_scripts(script_changes(&segments));
    let segments = split_at_columns(segments, &edges, tight);
    let segments = split_abutting(segments, &edges);
    let tight_cjk = known.tight_cjk(cjk_neighbours(&segments));
    let segments = split_at_cjk_gaps(segments, tight_cjk);
    // Cells split apart at column edges are aligned columns too.
    let multi: Vec<f64> = segments
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .flat_map(|w| [bbox_of(&w[0].1).x0 as f64, bbox_of(&w[1].1).x0 as f64])
        .collect();
    let free_cols = known.columns(multi, supported_starts(&segments));
    // Free text orders in its reading frame: vertical columns go right to left.
    let angle = frame_angle(&free);
    let (fs, fc) = angle.sin_cos();
    let segs: Vec<Seg> = segments
        .into_iter()
        .map(|(line, glyphs)| {
            let bbox = bbox_of(&glyphs);
            let top = glyphs
                .iter()
                .map(|g| -g.x * fs + g.y * fc + 0.8 * g.size)
                .fold(f64::NEG_INFINITY, f64::max);
            let base = glyphs.iter().map(|g| g.y).fold(f64::INFINITY, f64::min);
            let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
            Seg {
                line,
                glyphs,
                bbox,
                top,
                base,
                size,
            }
        })
        .collect();
    // Wrapped cells of borderless tables are found on upright text only.
    let pitch = if angle.abs() > 0.1 {
        None
    } else {
        line_pitch(&segs)
    };
    for band in bands(&segs, pitch, &edges) {
        units.extend(band_units(&segs, &band));
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
    let (vertical, units) = vertical_columns(units);
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
    // Vertical writing: each column is a line of its own, read right to left, after the
    // page's horizontal rows (a title or page number printed across).
    out.extend(vertical.into_iter().map(|u| Row {
        page: page_no,
        cells: vec![RawCell {
            col: 0,
            text: u.text,
            bbox: u.bbox,
            boxed: false,
            full: u.full,
            open: u.open,
            wrapped: u.wrapped,
        }],
    }));
    out
}

/// A borderless unit that is a column of upright glyphs read top to bottom: several
/// lines of one glyph each, one glyph wide and at least two tall.
fn is_vertical_column(u: &Unit) -> bool {
    let (w, h) = (
        f64::from(u.bbox.x1 - u.bbox.x0),
        f64::from(u.bbox.y1 - u.bbox.y0),
    );
    u.grid_col.is_none() && u.wrapped && w <= 1.6 * u.size && h >= 1.8 * u.size
}

/// Pages set in vertical writing (縦書き: Chromium and Word print each glyph upright, one
/// under the other): when most borderless units are such columns, they are taken out of
/// the row grouping — which would put the columns side by side as cells of one row, left
/// to right — and returned in reading order: bands of columns from the top, each right
/// to left. The other units are returned as they were.
fn vertical_columns(units: Vec<Unit>) -> (Vec<Unit>, Vec<Unit>) {
    let free = units.iter().filter(|u| u.grid_col.is_none()).count();
    let columns = units.iter().filter(|u| is_vertical_column(u)).count();
    if columns < 2 || columns * 5 < free * 3 {
        return (Vec::new(), units);
    }
    let (mut cols, rest): (Vec<Unit>, Vec<Unit>) = units.into_iter().partition(is_vertical_column);
    // Bands: columns whose vertical extents overlap read together.
    cols.sort_by(|a, b| b.bbox.y1.total_cmp(&a.bbox.y1));
    let mut bands: Vec<Vec<Unit>> = Vec::new();
    let mut floor = f32::INFINITY;
    for u in cols {
        match bands.last_mut() {
            Some(band) if u.bbox.y1 > floor => {
                floor = floor.min(u.bbox.y0);
                band.push(u);
            }
            _ => {
                floor = u.bbox.y0;
                bands.push(vec![u]);
            }
        }
    }
    let mut out = Vec::new();
    for mut band in bands {
        band.sort_by(|a, b| b.bbox.x1.total_cmp(&a.bbox.x1));
        out.extend(band);
    }
    (out, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upright glyphs of `s` from (x, y): Latin half an em wide, the rest a full em.
    pub(super) fn text(s: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
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

    /// A column of upright glyphs from (x, y) downwards.
    fn column(s: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                c,
                x,
                y: y - size * i as f64,
                size,
                advance: size,
                angle: 0.0,
            })
            .collect()
    }

    #[test]
    fn vertical_writing_reads_its_columns_right_to_left() {
        // 縦書き: three columns, the first (rightmost) a size lower (a paragraph indent),
        // and a page number printed across below them.
        let mut glyphs = column("行政改革の推進", 300.0, 700.0 - 12.0, 12.0);
        glyphs.extend(column("計画の期間は五年", 280.0, 700.0, 12.0));
        glyphs.extend(column("とする。", 260.0, 700.0, 12.0));
        glyphs.extend(text("- 1 -", 270.0, 100.0, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        let got: Vec<String> = rows(1, &page)
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert_eq!(
            got,
            ["- 1 -", "行政改革の推進", "計画の期間は五年", "とする。"]
        );
    }

    #[test]
    fn a_stacked_label_beside_text_is_no_vertical_page() {
        // One stacked label (主管課) in a row of ordinary cells keeps the row as it is.
        let mut glyphs = column("主管課", 50.0, 700.0, 10.0);
        glyphs.extend(text("財政課", 150.0, 700.0, 10.0));
        glyphs.extend(text("市税の確保", 250.0, 700.0, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        let got = rows(1, &page);
        assert!(
            got.iter()
                .any(|r| r.cells.iter().any(|c| c.text == "財政課")),
            "{:?}",
            texts(&got)
        );
        assert!(!got.iter().all(|r| r.cells.len() == 1), "{:?}", texts(&got));
    }

    fn rule(horizontal: bool, at: f64, from: f64, to: f64) -> Rule {
        Rule {
            horizontal,
            at,
            from,
            to,
        }
    }

    pub(super) fn texts(rows: &[Row]) -> Vec<Vec<(u16, String)>> {
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
    fn total_key_orders_as_total_cmp() {
        let vs = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1.0 + f64::EPSILON,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in vs {
            for b in vs {
                assert_eq!(total_key(a).cmp(&total_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
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
    #[test]
    fn borderless_wrapped_cell_joins_its_row() {
        // Top-aligned rows 16 pt apart, lines of a cell 12 pt apart; the title column
        // is 7 characters wide, so its long title wraps onto three lines.
        let mut glyphs = text("番号", 10.0, 700.0, 10.0);
        glyphs.extend(text("取組名", 100.0, 700.0, 10.0));
        glyphs.extend(text("担当課", 200.0, 700.0, 10.0));
        glyphs.extend(text("1", 10.0, 684.0, 10.0));
        glyphs.extend(text("窓口サービスの", 100.0, 684.0, 10.0));
        glyphs.extend(text("市民課", 200.0, 684.0, 10.0));
        glyphs.extend(text("向上と手続きの", 100.0, 672.0, 10.0));
        glyphs.extend(text("簡素化", 100.0, 660.0, 10.0));
        glyphs.extend(text("2", 10.0, 644.0, 10.0));
        glyphs.extend(text("電子申請の推進", 100.0, 644.0, 10.0));
        glyphs.extend(text("情報政策課", 200.0, 644.0, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![
                vec![
                    (0, "番号".into()),
                    (1, "取組名".into()),
                    (2, "担当課".into())
                ],
                vec![
                    (0, "1".into()),
                    (1, "窓口サービスの向上と手続きの簡素化".into()),
                    (2, "市民課".into())
                ],
                vec![
                    (0, "2".into()),
                    (1, "電子申請の推進".into()),
                    (2, "情報政策課".into())
                ],
            ]
        );
    }

    #[test]
    fn borderless_label_centred_beside_a_wrapped_cell_joins_it() {
        // Writer centres cells vertically: the one-line label sits half a line below
        // the first line of the two-line value beside it; the next row follows after
        // the cell padding.
        let mut glyphs = text("現状", 10.0, 694.25, 10.0);
        glyphs.extend(text("職員数の削減を行った。しかし", 60.0, 700.0, 10.0));
        glyphs.extend(text("人口が増加している。", 60.0, 688.5, 10.0));
        glyphs.extend(text("課題", 10.0, 674.0, 10.0));
        glyphs.extend(text("定員管理が必要になっている。", 60.0, 674.0, 10.0));
        glyphs.extend(text("取組", 10.0, 659.5, 10.0));
        glyphs.extend(text("定員管理計画を策定する。", 60.0, 659.5, 10.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![
                vec![
                    (0, "現状".into()),
                    (1, "職員数の削減を行った。しかし人口が増加している。".into())
                ],
                vec![
                    (0, "課題".into()),
                    (1, "定員管理が必要になっている。".into())
                ],
                vec![(0, "取組".into()), (1, "定員管理計画を策定する。".into())],
            ]
        );
    }

    #[test]
    fn full_cells_run_together_split_at_the_column_edge() {
        // A label that fills its 40 pt column runs into the value 4 pt later; other
        // rows show the value column starting at x = 54.
        let mut glyphs = text("目標の設定", 10.0, 700.0, 8.0);
        glyphs.extend(text("職員数を管理する。", 54.0, 700.0, 8.0));
        for (i, (label, value)) in [("現状", "削減を行った。"), ("課題", "管理が必要。")]
            .iter()
            .enumerate()
        {
            let y = 680.0 - 20.0 * i as f64;
            glyphs.extend(text(label, 10.0, y, 8.0));
            glyphs.extend(text(value, 54.0, y, 8.0));
        }
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page))[0],
            vec![(0, "目標の設定".into()), (1, "職員数を管理する。".into())]
        );
    }

    #[test]
    fn borderless_cells_in_tiny_print_join_despite_the_position_grid() {
        // Calc shrinks a wide sheet to half-point print and writes positions on a grid of
        // a tenth of a point: the lines of one cell, 0.65 pt apart, land 0.6, 0.8 and
        // 0.7 pt apart (seed 000, borderless Calc). Rows sit as close: the label column,
        // narrower than its room, tells a new row.
        let (size, full) = (0.5, "職員数の削減を行った。しかし人口が増加し職員");
        let mut glyphs = text("現状", 28.4, 560.0, size);
        glyphs.extend(text(full, 39.8, 560.0, size));
        glyphs.extend(text(
            "数を増やし組織的強化を図る。業務の増加に伴い",
            39.8,
            559.4,
            size,
        ));
        glyphs.extend(text("増やした。", 39.8, 558.6, size));
        glyphs.extend(text("課題", 28.4, 557.9, size));
        glyphs.extend(text(
            "定員管理が必要になっている。職員の数の管理を",
            39.8,
            557.9,
            size,
        ));
        glyphs.extend(text("行う。", 39.8, 557.2, size));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![
                vec![
                    (0, "現状".into()),
                    (
                        1,
                        format!("{full}数を増やし組織的強化を図る。業務の増加に伴い増やした。")
                    )
                ],
                vec![
                    (0, "課題".into()),
                    (
                        1,
                        "定員管理が必要になっている。職員の数の管理を行う。".into()
                    )
                ],
            ]
        );
    }

    /// Three rows of glyphs, 30 pt apart (print size 10): `first` from x = 10, then
    /// 財政課 from `gap_x`.
    fn two_runs(first: &str, gap_x: f64) -> Page {
        let mut glyphs = Vec::new();
        for i in 0..3 {
            let y = 700.0 - 30.0 * i as f64;
            glyphs.extend(text(first, 10.0, y, 10.0));
            glyphs.extend(text("財政課", gap_x, y, 10.0));
        }
        Page {
            glyphs,
            ..Page::default()
        }
    }

    #[test]
    fn cjk_runs_a_cell_padding_apart_split_at_their_column_edge() {
        // Calc sets a full borderless cell 0.23 print sizes before the next column.
        let got = texts(&rows(1, &two_runs("ふるさと納税の推", 92.3)));
        assert_eq!(
            got,
            vec![vec![(0, "ふるさと納税の推".into()), (1, "財政課".into())]; 3]
        );
        // Between a digit and a kanji the fonts change and their advances disagree
        // by as much inside one cell (Writer's `新たに7事業`): no split.
        let got = texts(&rows(1, &two_runs("新たな予算7", 67.0)));
        assert_eq!(got, vec![vec![(0, "新たな予算7財政課".into())]; 3]);
    }

    #[test]
    fn later_pages_keep_column_edges_and_numbers_of_earlier_ones() {
        // Page 1: a header and three rows whose 取組名 fills its column and runs into
        // 担当課 a cell padding later (x = 162.3).
        let mut glyphs = Vec::new();
        for (s, x) in [
            ("番号", 10.0),
            ("取組名", 60.0),
            ("担当課", 162.3),
            ("状況", 260.0),
        ] {
            glyphs.extend(text(s, x, 700.0, 10.0));
        }
        for i in 0..3 {
            let y = 670.0 - 30.0 * i as f64;
            glyphs.extend(text(&(i + 1).to_string(), 10.0, y, 10.0));
            glyphs.extend(text("窓口の改善を図る取組", 60.0, y, 10.0));
            glyphs.extend(text("市民課", 162.3, y, 10.0));
            glyphs.extend(text("済", 260.0, y, 10.0));
        }
        let media = (0.0, 0.0, 842.0, 595.0);
        let first = Page {
            media,
            glyphs,
            ..Page::default()
        };
        // Page 2: one row, its number column empty (the row goes on from page 1's
        // item), too few lines to show the edge at 162.3 on its own.
        let mut glyphs = text("窓口サービスの向上と", 60.0, 700.0, 10.0);
        glyphs.extend(text("市民課", 162.3, 700.0, 10.0));
        glyphs.extend(text("済", 260.0, 700.0, 10.0));
        let second = Page {
            media,
            glyphs,
            ..Page::default()
        };
        let mut known = Edges::default();
        let got = texts(&rows_after(1, &first, &mut known));
        assert_eq!(
            got[1],
            vec![
                (0, "1".into()),
                (1, "窓口の改善を図る取組".into()),
                (2, "市民課".into()),
                (3, "済".into())
            ]
        );
        let want = vec![vec![
            (1, "窓口サービスの向上と".into()),
            (2, "市民課".into()),
            (3, "済".into()),
        ]];
        assert_eq!(texts(&rows_after(2, &second, &mut known)), want);
        // Read on its own, the page numbers its columns from its own cells.
        assert_ne!(texts(&rows(2, &second)), want);
    }

    pub(super) fn free(col: u16, text: &str, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> RawCell {
        RawCell {
            col,
            text: text.into(),
            bbox: BBox { x0, y0, x1, y1 },
            boxed: false,
            full: false,
            open: false,
            wrapped: y1 - y0 > 12.0,
        }
    }

    /// Seed 004, line 8, as Chromium prints it without borders (boxes from the PDF in
    /// fixtures/pdf/wrap): the row ③ is cut at the foot of page 1 through its 次年度の方針
    /// cell, whose last two printed lines open page 2 above the next row ④.
    #[test]
    fn borderless_row_cut_by_a_page_break_is_joined() {
        let cut = Row {
            page: 1,
            cells: vec![
                free(1, "③ 収納率向上のための体制強化", (60.5, 73.4, 78.2, 139.9)),
                free(2, "比納税課", (87.3, 102.7, 95.3, 139.9)),
                free(
                    4,
                    "配置及び民間委託等の導入検討",
                    (209.2, 34.4, 241.2, 139.9),
                ),
                free(
                    7,
                    "週1日程度の徴税吏員配置を検討中。時期を再",
                    (529.4, 44.2, 561.4, 139.9),
                ),
                free(8, "計画どおり", (566.9, 92.9, 574.9, 139.9)),
            ],
        };
        let next = Row {
            page: 2,
            cells: vec![
                free(
                    1,
                    "④ 新たな納入方法の導入に向けた検討",
                    (60.5, 654.7, 78.2, 740.6),
                ),
                free(2, "納税課", (87.3, 713.2, 95.3, 740.6)),
            ],
        };
        let mut rows = vec![
            cut,
            Row {
                page: 2,
                cells: vec![free(0, "検討す", (529.4, 755.0, 553.4, 763.0))],
            },
            Row {
                page: 2,
                cells: vec![free(0, "る。", (529.4, 745.4, 545.4, 753.4))],
            },
            next.clone(),
        ];
        assert_eq!(join_continued(&mut rows), vec![2, 2]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].cells[3].text,
            "週1日程度の徴税吏員配置を検討中。時期を再検討する。"
        );
        assert_eq!(rows[1], next);
    }

    #[test]
    fn borderless_rows_not_cut_stay_apart() {
        let row = |page, cells| Row { page, cells };
        // A new row opens the page: its number sits in the first column.
        let mut rows = vec![
            row(
                1,
                vec![
                    free(1, "③ 収納率向上", (60.5, 73.4, 78.2, 139.9)),
                    free(3, "とともに、累積", (100.6, 34.4, 204.6, 139.9)),
                ],
            ),
            row(2, vec![free(1, "④ 新たな納入", (60.5, 700.0, 78.2, 740.6))]),
        ];
        assert!(join_continued(&mut rows).is_empty());
        // The cell under the text did not reach the foot of the page: a short cell
        // beside a long one ends where its text ends, so nothing of it is cut.
        let mut rows = vec![
            row(
                1,
                vec![
                    free(1, "③ 収納率向上", (60.5, 73.4, 78.2, 139.9)),
                    free(2, "比納税課", (87.3, 102.7, 95.3, 139.9)),
                    free(3, "とともに、累積", (100.6, 34.4, 204.6, 139.9)),
                ],
            ),
            row(2, vec![free(2, "課", (87.3, 732.6, 95.3, 740.6))]),
        ];
        assert!(join_continued(&mut rows).is_empty());
        // A row of one printed line is never cut.
        let mut rows = vec![
            row(
                1,
                vec![
                    free(0, "A", (60.5, 34.4, 68.5, 42.4)),
                    free(1, "B", (100.6, 34.4, 108.6, 42.4)),
                ],
            ),
            row(2, vec![free(1, "C", (100.6, 732.6, 108.6, 740.6))]),
        ];
        assert!(join_continued(&mut rows).is_empty());
    }
}

/// The line pitch of pages where lines of Latin text alone sit closer than wrapped CJK
/// lines, and borderless one-cell rows cut by a page break.
#[cfg(test)]
mod pitch_tests {
    use super::tests::{text, texts};
    use super::*;

    /// Printed lines (one run each), top to bottom, as the layout sees them.
    fn segs(lines: &[Vec<Glyph>]) -> Vec<Seg<'_>> {
        lines
            .iter()
            .enumerate()
            .map(|(line, gs)| {
                let glyphs: Vec<&Glyph> = gs.iter().collect();
                let bbox = bbox_of(&glyphs);
                let base = glyphs.iter().map(|g| g.y).fold(f64::INFINITY, f64::min);
                let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
                Seg {
                    line,
                    glyphs,
                    bbox,
                    top: base + 0.8 * size,
                    base,
                    size,
                }
            })
            .collect()
    }

    #[test]
    fn wrapped_cjk_lines_set_the_pitch_where_latin_lines_sit_much_closer() {
        // Writer, 8 pt print in columns four characters wide: wrapped Japanese lines
        // 11.5 pt apart, a cell of Latin lines alone 9.3 pt apart, rows 14.5 apart.
        let mut glyphs = text("現状", 58.3, 700.0, 8.0);
        for (k, l) in ["市民の望", "む行政サ", "ービスは", "多様化。"]
            .iter()
            .enumerate()
        {
            glyphs.extend(text(l, 95.3, 700.0 - 11.5 * k as f64, 8.0));
        }
        glyphs.extend(text("推進", 58.3, 651.0, 8.0));
        for (k, l) in ["(1) (2)", "(3) (4)", "(5) (6)"].iter().enumerate() {
            glyphs.extend(text(l, 95.3, 651.0 - 9.3 * k as f64, 8.0));
        }
        glyphs.extend(text("課題", 58.3, 617.9, 8.0));
        glyphs.extend(text("人材育成", 95.3, 617.9, 8.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![
                vec![
                    (0, "現状".into()),
                    (1, "市民の望む行政サービスは多様化。".into())
                ],
                vec![(0, "推進".into()), (1, "(1) (2) (3) (4) (5) (6)".into())],
                vec![(0, "課題".into()), (1, "人材育成".into())],
            ]
        );
    }

    #[test]
    fn lines_set_closer_than_one_print_size_are_the_pitch() {
        // Chromium, IPAex Mincho at 8 pt: a heading wrapped in the label column, its
        // lines 7.5 pt apart, and rows 10.5 pt apart (a padding further).
        let mut glyphs = Vec::new();
        for (k, l) in ["アクション", "プラン個別", "項目の報告"]
            .iter()
            .enumerate()
        {
            glyphs.extend(text(l, 35.2, 750.0 - 7.5 * k as f64, 8.0));
        }
        glyphs.extend(text("実施項目", 35.2, 724.5, 8.0));
        glyphs.extend(text("人材の育成", 82.4, 724.5, 8.0));
        glyphs.extend(text("主管課", 35.2, 714.0, 8.0));
        glyphs.extend(text("総務課", 82.4, 714.0, 8.0));
        let page = Page {
            glyphs,
            ..Page::default()
        };
        assert_eq!(
            texts(&rows(1, &page)),
            vec![
                vec![(0, "アクションプラン個別項目の報告".into())],
                vec![(0, "実施項目".into()), (1, "人材の育成".into())],
                vec![(0, "主管課".into()), (1, "総務課".into())],
            ]
        );
    }

    /// A page: a label, then a paragraph of one cell from y down (lines 11.5 pt apart).
    fn paragraph(label: Option<&str>, lines: &[&str], y: f64) -> Page {
        let mut glyphs = label.map_or_else(Vec::new, |l| text(l, 58.3, y + 40.0, 8.0));
        for (k, l) in lines.iter().enumerate() {
            glyphs.extend(text(l, 58.3, y - 11.5 * k as f64, 8.0));
        }
        Page {
            glyphs,
            ..Page::default()
        }
    }

    #[test]
    fn one_cell_row_cut_by_a_page_break_is_joined_when_its_last_line_is_full() {
        // A 総括 text spanning the table: its last line on page 1 runs the full width.
        let first = paragraph(
            Some("総括評価"),
            &[
                "定員管理においては、",
                "コストを抑えながら、",
                "職員数を見直した。各",
            ],
            100.0,
        );
        let second = paragraph(
            None,
            &[
                "課に対する人事ヒアリ",
                "ングを行い、各課の問",
                "題を把握した。",
            ],
            780.0,
        );
        let mut all = rows(1, &first);
        all.extend(rows(2, &second));
        let joined = join_continued(&mut all);
        assert_eq!(joined, vec![2]);
        assert_eq!(
            texts(&all),
            vec![
                vec![(0, "総括評価".into())],
                vec![(
                    0,
                    "定員管理においては、コストを抑えながら、職員数を見直した。各課に対する人事ヒアリングを行い、各課の問題を把握した。"
                        .into()
                )],
            ]
        );
        // A paragraph whose last line ends short ends there.
        let first = paragraph(
            None,
            &["定員管理においては、", "コストを抑えながら、", "見直した。"],
            100.0,
        );
        let mut all = rows(1, &first);
        all.extend(rows(2, &second));
        assert!(join_continued(&mut all).is_empty());
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn latin_lines_within_a_lines_tolerance_keep_the_smallest_pitch() {
        // Calc at 8.8 pt: Latin lines 11.8 apart, CJK lines 12.7: the wrapped CJK lines
        // are within a line's tolerance of 11.8, so the smallest shared distance stays
        // the pitch (a row set 13.2 below a wrapped cell then starts a band of its own).
        let lines = [
            text("2024", 200.0, 700.0, 8.8),
            text("2025", 200.0, 688.2, 8.8),
            text("2026", 200.0, 676.4, 8.8),
            text("人材育成基本方針の", 100.0, 660.0, 8.8),
            text("見直しを行う。職員", 100.0, 647.3, 8.8),
            text("研修を拡充する。", 100.0, 634.6, 8.8),
        ];
        let pitch = line_pitch(&segs(&lines)).map(|p| (p.step * 10.0).round() / 10.0);
        assert_eq!(pitch, Some(11.8));
        // Far apart (Writer: 9.3 against 11.5 at 8 pt), the CJK lines' distance wins.
        let lines = [
            text("(1) (2)", 100.0, 700.0, 8.0),
            text("(3) (4)", 100.0, 690.7, 8.0),
            text("(5) (6)", 100.0, 681.4, 8.0),
            text("市民の望", 100.0, 660.0, 8.0),
            text("む行政サ", 100.0, 648.5, 8.0),
            text("ービスは", 100.0, 637.0, 8.0),
        ];
        let pitch = line_pitch(&segs(&lines)).map(|p| (p.step * 10.0).round() / 10.0);
        assert_eq!(pitch, Some(11.5));
    }
}

/// Narrow borderless sheets: edges carried from earlier pages, empty neighbour columns,
/// trailing spaces in the cell padding and closing marks that never start a line.
#[cfg(test)]
mod narrow_tests {
    use super::tests::{free as cell, text, texts};
    use super::*;

    fn run(s: &str, x: f64, y: f64) -> Vec<Glyph> {
        text(s, x, y, 10.0)
    }

    fn page(cells: &[(&str, f64, f64)]) -> Page {
        Page {
            media: (0.0, 0.0, 842.0, 595.0),
            glyphs: cells.iter().flat_map(|&(s, x, y)| run(s, x, y)).collect(),
            ..Page::default()
        }
    }

    #[test]
    fn a_column_of_earlier_pages_splits_a_run_that_shows_it_once() {
        // Page 1 shows four columns in its header and rows.
        let first = page(&[
            ("番号", 10.0, 700.0),
            ("取組名", 60.0, 700.0),
            ("次年度の方針", 160.0, 700.0),
            ("状況", 260.0, 700.0),
            ("1", 10.0, 670.0),
            ("窓口の改善", 60.0, 670.0),
            ("継続する。", 160.0, 670.0),
            ("済", 260.0, 670.0),
        ]);
        // Page 2: a full 方針 line runs into its status a padding later (Calc's `:`);
        // the status column shows there once, too seldom to be an edge of its own.
        let second = page(&[
            ("2", 10.0, 700.0),
            ("業務の見直し", 60.0, 700.0),
            ("業務を抜本的に見直", 160.0, 700.0),
            (":", 260.0, 700.0),
        ]);
        let mut known = Edges::default();
        rows_after(1, &first, &mut known);
        assert_eq!(
            texts(&rows_after(2, &second, &mut known)),
            vec![vec![
                (0, "2".into()),
                (1, "業務の見直し".into()),
                (2, "業務を抜本的に見直".into()),
                (3, ":".into()),
            ]]
        );
        // Read on its own, the page cannot tell the status from the policy.
        assert_eq!(
            texts(&rows(2, &second))[0].last(),
            Some(&(2, "業務を抜本的に見直 :".into()))
        );
    }

    #[test]
    fn a_cell_reaching_the_edge_of_an_empty_column_wraps() {
        let p = page(&[
            ("番号", 10.0, 700.0),
            ("取組名", 60.0, 700.0),
            ("担当", 160.0, 700.0),
            ("内容", 260.0, 700.0),
            // Row 1: 担当 empty; 取組名 stops a character short of 担当's edge.
            ("1", 10.0, 670.0),
            ("マイナンバーカード", 60.0, 670.0),
            ("検討する。", 260.0, 670.0),
            ("利用拡大", 60.0, 658.0),
            // Row 2: 取組名 wraps beside a 担当 cell; it gives the line pitch too.
            ("2", 10.0, 620.0),
            ("窓口業務の改善改", 60.0, 620.0),
            ("職員課", 160.0, 620.0),
            ("見直す。", 260.0, 620.0),
            ("革", 60.0, 608.0),
        ]);
        assert_eq!(
            texts(&rows(1, &p))[1..],
            [
                vec![
                    (0, "1".into()),
                    (1, "マイナンバーカード利用拡大".into()),
                    (3, "検討する。".into())
                ],
                vec![
                    (0, "2".into()),
                    (1, "窓口業務の改善改革".into()),
                    (2, "職員課".into()),
                    (3, "見直す。".into())
                ],
            ]
        );
    }

    #[test]
    fn a_trailing_space_in_the_padding_does_not_join_cjk_cells() {
        let mut p = page(&[
            ("項目", 10.0, 700.0),
            ("取組", 102.0, 700.0),
            ("担当", 200.0, 700.0),
            ("特別会計及び", 10.0, 670.0),
            ("国民健康保険", 102.0, 670.0),
            ("保険年金課", 200.0, 670.0),
            // Calc draws a wrapped line's trailing space into the cell padding, up
            // to the next column.
            ("企業会計の健全な運", 10.0, 640.0),
            ("会計の健全化", 102.0, 640.0),
            // Latin words a drawn space apart stay one cell wherever they fall.
            ("Fiscal", 70.0, 610.0),
            ("plan", 102.0, 610.0),
        ]);
        for (x, y) in [(100.0, 640.0), (100.0, 610.0)] {
            p.glyphs.push(Glyph {
                c: ' ',
                x,
                y,
                size: 10.0,
                advance: 2.0,
                angle: 0.0,
            });
        }
        let got = texts(&rows(1, &p));
        assert_eq!(
            got[2],
            vec![(0, "企業会計の健全な運".into()), (1, "会計の健全化".into())]
        );
        assert_eq!(got[3], vec![(0, "Fiscal plan".into())]);
    }

    /// Seed 004 line 30 as Writer prints it without borders: row ② has no 項目No., and
    /// its 取組項目 is cut at the foot of page 6 with its 内容.
    #[test]
    fn a_cut_row_without_an_id_goes_on_with_its_title() {
        let cut = |title_col: u16| Row {
            page: 6,
            cells: vec![
                cell(title_col, "② 部のマネジメン", (60.0, 40.0, 120.0, 100.0)),
                cell(2, "職員課", (130.0, 88.0, 160.0, 100.0)),
                cell(
                    3,
                    "部の主管課が、経営資源の有効活用",
                    (170.0, 40.0, 250.0, 100.0),
                ),
            ],
        };
        let next = Row {
            page: 7,
            cells: vec![
                cell(1, "トの効率化", (60.0, 740.0, 120.0, 752.0)),
                cell(
                    3,
                    "や他部との連携を十分に図る",
                    (170.0, 728.0, 250.0, 752.0),
                ),
            ],
        };
        let mut rows = vec![cut(1), next.clone()];
        assert_eq!(join_continued(&mut rows), vec![7]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].cells[0].text, "② 部のマネジメントの効率化");
        // In the first column the cell is an id, never cut: text under it is a new row.
        let mut rows = vec![cut(0), next];
        assert!(join_continued(&mut rows).is_empty());
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn closing_marks_go_down_with_the_character_before_them() {
        let seg = |s: &str| {
            let glyphs: Vec<Glyph> = run(s, 100.0, 700.0);
            first_word(&Seg {
                line: 0,
                glyphs: glyphs.iter().collect(),
                bbox: bbox_of(&glyphs.iter().collect::<Vec<_>>()),
                top: 708.0,
                base: 700.0,
                size: 10.0,
            })
        };
        // `る。` cannot be parted: 。 never starts a line.
        assert_eq!(seg("る。"), 20.0);
        assert_eq!(seg("る」。と"), 30.0);
        // Other characters break anywhere.
        assert_eq!(seg("るため"), 10.0);
    }
}

#[cfg(test)]
mod abut_tests {
    use super::tests::{text, texts};
    use super::*;

    /// A borderless table without cell padding, 8 pt print, columns at x = 50, 87.9,
    /// 120 and 200: the 取組項目 column is four glyphs wide, so a full line of it ends
    /// 0.1 pt before the 担当 column; shorter lines leave a gap there. `last` is one
    /// more printed line below.
    fn table(last: &[(&str, f64)]) -> Page {
        let mut cells = vec![
            ("番号", 50.0, 800.0),
            ("取組項目", 87.9, 800.0),
            ("担当", 120.0, 800.0),
            ("内容", 200.0, 800.0),
            ("1", 50.0, 780.0),
            ("電子化", 87.9, 780.0),
            ("財政課", 120.0, 780.0),
            ("申請を電子化する。", 200.0, 780.0),
            ("2", 50.0, 760.0),
            ("窓口", 87.9, 760.0),
            ("税務課", 120.0, 760.0),
            ("窓口を一つにする。", 200.0, 760.0),
        ];
        cells.extend(last.iter().map(|&(s, x)| (s, x, 740.0)));
        Page {
            media: (0.0, 0.0, 595.0, 842.0),
            glyphs: cells
                .iter()
                .flat_map(|&(s, x, y)| text(s, x, y, 8.0))
                .collect(),
            ..Page::default()
        }
    }

    fn last_row(page: &Page) -> Vec<(u16, String)> {
        texts(&rows(1, page)).pop().unwrap_or_default()
    }

    #[test]
    fn cells_set_edge_to_edge_part_at_the_column_edge() {
        // `広告収入` fills its column (87.9 to 119.9) and `秘書課` starts at 120.0.
        let p = table(&[("3", 50.0), ("広告収入", 87.9), ("秘書課", 120.0)]);
        assert_eq!(
            last_row(&p),
            vec![
                (0, "3".to_string()),
                (1, "広告収入".to_string()),
                (2, "秘書課".to_string())
            ]
        );
        // Without the rule the two cells were one run.
        let before = split_at_columns(
            vec![(0, p.glyphs[p.glyphs.len() - 7..].iter().collect())],
            &[50.0, 87.9, 120.0, 200.0],
            false,
        );
        assert_eq!(before.len(), 1);
    }

    #[test]
    fn text_running_on_across_further_edges_is_not_cut() {
        // A line across the table (a merged cell) whose glyph boundaries meet the 担当
        // edge (87.9 + 4 × 8 = 119.9) and the 内容 edge (199.9): it runs on past them,
        // so it stays one cell (a row's only cell is numbered 0).
        let line = "総括としてはおおむね計画どおりに進んだ。";
        let p = table(&[(line, 87.9)]);
        assert_eq!(last_row(&p), vec![(0, line.to_string())]);
    }

    #[test]
    fn a_boundary_on_an_edge_cuts_only_a_run_that_starts_on_the_edge_before() {
        // `広告収入財政` from 95.9: its glyph boundary at 119.9 meets the 担当 edge, but the
        // run starts mid-column (no edge there), so nothing says two cells abut.
        let edges = [50.0, 87.9, 120.0, 200.0];
        let gs = text("広告収入財政", 95.9, 740.0, 8.0);
        let run: Vec<&Glyph> = gs.iter().collect();
        assert_eq!(abutting_cut(&run, &edges), None);
        let gs = text("広告収入財政", 87.9, 740.0, 8.0);
        let run: Vec<&Glyph> = gs.iter().collect();
        assert_eq!(abutting_cut(&run, &edges), Some(4));
    }

    #[test]
    fn labels_in_columns_a_glyph_wide_and_hanging_marks_are_not_cut() {
        // Writer's narrow columns (8 pt print): `3-①` across an edge 8 pt after its
        // start, and `(3)` whose `)` hangs past its column's edge.
        let edges = [100.0, 108.0, 150.0];
        let gs = text("3-①", 100.0, 740.0, 8.0);
        let run: Vec<&Glyph> = gs.iter().collect();
        assert_eq!(abutting_cut(&run, &edges), None);
        let edges = [100.0, 124.0, 150.0];
        let gs = text("広告収)", 100.0, 740.0, 8.0);
        let run: Vec<&Glyph> = gs.iter().collect();
        assert_eq!(abutting_cut(&run, &edges), None);
    }
}

/// Borderless rows that Writer cuts after their first printed line, and headings of
/// merged 項目No. cells cut by a page break (seed 004 printed by Writer and Chromium
/// without borders; boxes as the PDFs have them, 8 pt print).
#[cfg(test)]
mod cut_tests {
    use super::tests::{free, texts};
    use super::*;

    fn row(page: u32, cells: Vec<RawCell>) -> Row {
        Row { page, cells }
    }

    /// Page 3 of the Writer PDF: two earlier rows show where the lines of the 取組項目
    /// and 担当部署 columns end (126.1 and 168.0), then a row of one printed line.
    fn page_with_last_row(title: RawCell, department: RawCell) -> Vec<Row> {
        vec![
            row(
                3,
                vec![
                    free(
                        1,
                        "① 国民健康保険特別会計の健全化",
                        (91.5, 300.0, 126.1, 340.0),
                    ),
                    free(2, "保険年金課", (134.0, 320.0, 168.0, 340.0)),
                ],
            ),
            row(
                3,
                vec![
                    free(1, "② 後期高齢者医療の健全化", (91.5, 200.0, 126.1, 240.0)),
                    free(2, "保険年金課", (134.0, 220.0, 166.0, 240.0)),
                ],
            ),
            row(3, vec![title, department]),
        ]
    }

    #[test]
    fn a_row_of_one_line_cut_through_full_cells_is_joined() {
        let mut rows = page_with_last_row(
            free(1, "② 公共下", (91.5, 35.7, 126.1, 43.7)),
            free(2, "化 下水対", (134.0, 35.7, 168.0, 43.7)),
        );
        rows.push(row(
            4,
            vec![
                free(1, "水道事業会計の健全", (91.5, 663.2, 123.5, 694.2)),
                free(2, "策課", (134.0, 674.7, 150.0, 682.7)),
            ],
        ));
        assert_eq!(join_continued(&mut rows), vec![4]);
        assert_eq!(
            texts(&rows[2..]),
            vec![vec![
                (1, "② 公共下水道事業会計の健全".into()),
                (2, "化 下水対策課".into())
            ]]
        );
        // Lines that stop two characters short of their column's end were not broken
        // there: the row ended, and the next page opens a row of its own.
        let mut rows = page_with_last_row(
            free(1, "② 公共", (91.5, 35.7, 110.1, 43.7)),
            free(2, "化 下水対", (134.0, 35.7, 168.0, 43.7)),
        );
        rows.push(row(
            4,
            vec![
                free(1, "水道事業会計の健全", (91.5, 663.2, 123.5, 694.2)),
                free(2, "策課", (134.0, 674.7, 150.0, 682.7)),
            ],
        ));
        assert!(join_continued(&mut rows).is_empty());
        assert_eq!(rows.len(), 4);
    }

    /// Page 5 of the Writer PDF: earlier headings in the 項目No. column ran to 88.5, a cell
    /// padding short of the 取組項目 column (91.5).
    fn heading_page(id: RawCell, next_first: RawCell) -> Vec<Row> {
        vec![
            row(
                5,
                vec![
                    free(0, "I3(2) 公共施設の", (58.3, 300.0, 88.5, 340.0)),
                    free(1, "① PPP(公民連携)の推進", (91.5, 300.0, 126.1, 340.0)),
                    free(2, "資産管理課", (134.0, 332.0, 166.0, 340.0)),
                    free(3, "民間の資金やノウハウを", (171.7, 280.0, 237.7, 340.0)),
                ],
            ),
            row(
                5,
                vec![
                    free(0, "I3(1) 効果的なマ", (58.3, 200.0, 88.5, 240.0)),
                    free(1, "② 公共施設の再編", (91.5, 200.0, 126.1, 240.0)),
                    free(3, "公共施設等総合管理計画", (171.7, 180.0, 235.7, 240.0)),
                ],
            ),
            row(
                5,
                vec![
                    id,
                    free(1, "① 健康福", (91.5, 41.7, 126.1, 49.7)),
                    free(3, "地域包括サブセン", (171.7, 41.7, 235.7, 49.7)),
                ],
            ),
            row(
                6,
                vec![
                    next_first,
                    free(1, "祉支援室のあり方", (91.5, 703.5, 125.5, 792.0)),
                    free(3, "ターと並置している", (171.7, 600.0, 235.7, 792.0)),
                ],
            ),
        ]
    }

    #[test]
    fn a_heading_in_the_id_column_goes_on_but_a_new_number_does_not() {
        let mut rows = heading_page(
            free(0, "I3(3) 健", (58.3, 41.7, 88.5, 49.7)),
            free(0, "康福祉支援室及び", (58.3, 697.7, 82.3, 797.7)),
        );
        assert_eq!(join_continued(&mut rows), vec![6]);
        assert_eq!(
            texts(&rows[2..]),
            vec![vec![
                (0, "I3(3) 健康福祉支援室及び".into()),
                (1, "① 健康福祉支援室のあり方".into()),
                (3, "地域包括サブセンターと並置している".into())
            ]]
        );
        // Text that looks like an item number under the 項目No. starts a new item, however
        // full the cell above it.
        let mut rows = heading_page(
            free(0, "I3(3) 健", (58.3, 41.7, 88.5, 49.7)),
            free(0, "I3(4) 市立保育", (58.3, 697.7, 82.3, 797.7)),
        );
        assert!(join_continued(&mut rows).is_empty());
        // An id alone, short of its column's end, with text under it: a new row.
        let mut rows = heading_page(
            free(0, "I3(3)", (58.3, 41.7, 72.3, 49.7)),
            free(0, "康福祉支援室及び", (58.3, 697.7, 82.3, 797.7)),
        );
        assert!(join_continued(&mut rows).is_empty());
    }

    #[test]
    fn item_numbers_look_like_ids_and_words_do_not() {
        for id in ["I 1 (1)", "Ⅱ3(2)", "① 未申告", "（1）", "1-2-3", " III 2"] {
            assert!(id_like(id), "{id}");
        }
        for word in ["康福祉支援室", "及 び企業会計", "やエコに配慮", ""] {
            assert!(!id_like(word), "{word}");
        }
    }
}

/// Closed cuts (Writer, and Chromium where it moved a row whole): the foot of a box and
/// the floor of the page. Positions from seed 001's bordered Chromium PDF
/// (`fixtures/pdf/seed/001_f322297bbe860da5.pages23-27.chromium.pdf`).
#[cfg(test)]
mod floor_tests {
    use super::tests::text;
    use super::*;

    fn boxed(col: u16, t: &str, (x0, y0, x1, y1): (f32, f32, f32, f32), wrapped: bool) -> RawCell {
        RawCell {
            col,
            text: t.into(),
            bbox: BBox { x0, y0, x1, y1 },
            boxed: true,
            full: true,
            open: false,
            wrapped,
        }
    }

    /// Item 5-③ at the foot of page 23: the label 目指す姿 fills its narrow column
    /// (four glyphs of 8 pt in a 40 pt box) on the row's first line; the text beside it
    /// runs three lines down to the box's bottom at 45.4. The next row (取組期間(年度),
    /// two lines) did not fit below and opens page 24 in a box of its own.
    #[test]
    fn only_a_cell_that_runs_to_the_foot_of_its_box_may_go_on() {
        let label = text("目指す姿", 36.75, 69.0, 7.99);
        let refs: Vec<&Glyph> = label.iter().collect();
        let lines = text_lines(&refs);
        assert!(last_line_full(&lines, 75.37), "the label looks full");
        assert!(!last_line_at_foot(&lines, 45.38));

        let mut body = text("目指す姿市民参加の機会の提供や", 78.16, 69.0, 7.99);
        body.extend(text("等の協働に関する意識醸成が図", 78.16, 59.25, 7.99));
        body.extend(text("られている。【市民活動まちづ", 78.16, 49.5, 7.99));
        let refs: Vec<&Glyph> = body.iter().collect();
        assert!(last_line_at_foot(&text_lines(&refs), 45.38));
        // The same text one line shorter ends a line pitch above the foot.
        assert!(!last_line_at_foot(&text_lines(&refs[..29]), 45.38));
    }

    /// Item 5-⑤: its 現状と課題 paragraph (one wrapped cell) ends at 216.4 on page 26,
    /// two thirds of the way down: Chromium moved the next row, 目指す姿 (19 lines, taller
    /// than the space left), to page 27 whole. Other pages end at 30–50 pt.
    fn pages(paragraph_bottom: f32) -> Vec<Row> {
        vec![
            Row {
                page: 25,
                cells: vec![boxed(0, "総括評価", (34.9, 30.4, 75.4, 43.9), false)],
            },
            Row {
                page: 26,
                cells: vec![boxed(
                    0,
                    "PPP/PFI導入基本指針を策定し、…連携の強化が必要である。",
                    (34.9, paragraph_bottom, 75.4, 532.1),
                    true,
                )],
            },
            Row {
                page: 27,
                cells: vec![boxed(
                    0,
                    "目指す姿民間活力の積極的導入など、…【PPP/PFI導入事業累計件数4件】",
                    (34.9, 574.9, 75.4, 763.9),
                    true,
                )],
            },
        ]
    }

    #[test]
    fn a_row_ending_high_on_its_page_was_not_cut() {
        let mut rows = pages(216.4);
        assert!(join_continued(&mut rows).is_empty());
        assert_eq!(rows.len(), 3);
        // The same row ending at the floor (one more line would not fit) goes on.
        let mut rows = pages(40.0);
        assert_eq!(join_continued(&mut rows), vec![27]);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn without_a_closed_one_line_box_the_floor_is_unknown() {
        assert!(page_floor(&[]).is_none());
        let row = Row {
            page: 1,
            cells: vec![boxed(0, "段落", (34.9, 216.4, 75.4, 532.1), true)],
        };
        assert!(reaches_floor(&row, None));
        assert!(page_floor(std::slice::from_ref(&row)).is_none());
    }
}

#[cfg(test)]
mod script_tests {
    use super::tests::{free, text, texts};
    use super::*;

    /// Glyphs of `s` from (x, y) at 10 pt, `gap` points between a CJK glyph and a
    /// non-CJK one (Writer's Asian/Western spacing; Calc and Chromium set none).
    fn spaced(s: &str, x: f64, y: f64, gap: f64) -> Vec<Glyph> {
        let mut out: Vec<Glyph> = Vec::new();
        let mut x = x;
        for c in s.chars() {
            if out.last().is_some_and(|p| is_cjk(p.c) != is_cjk(c)) {
                x += gap;
            }
            let g = text(&c.to_string(), x, y, 10.0);
            x += g.iter().map(|g| g.advance).sum::<f64>();
            out.extend(g);
        }
        out
    }

    /// Seed 004 line 36 as Calc prints it without borders: the full 取組項目 line
    /// `マイナポータル活` ends 2.36 pt (0.236 print sizes, Calc's cell padding) before the
    /// 担当部署 column, whose cell opens with a digit (`1 行政管理課`). Lines three sizes
    /// apart, each a row. `gap` is the spacing at script changes inside cells.
    fn page(gap: f64) -> Page {
        let dept = 122.36;
        let mut glyphs = Vec::new();
        for (s, x, y) in [
            ("番号", 10.0, 700.0),
            ("取組項目", 40.0, 700.0),
            ("担当部署", dept, 700.0),
            ("内容", 200.0, 700.0),
            ("1", 10.0, 670.0),
            ("令和2年度の取組", 40.0, 670.0),
            ("財政課", dept, 670.0),
            ("令和3年度に実施", 200.0, 670.0),
            ("3", 10.0, 610.0),
            ("令和4年度の取組", 40.0, 610.0),
            ("総務課", dept, 610.0),
            ("令和5年度に実施", 200.0, 610.0),
            ("2", 10.0, 640.0),
            ("マイナポータル活", 40.0, 640.0),
            ("第2期の計画", 200.0, 640.0),
        ] {
            glyphs.extend(spaced(s, x, y, gap));
        }
        glyphs.extend(spaced("1 行政管理課", dept, 640.0, gap));
        Page {
            media: (0.0, 0.0, 842.0, 595.0),
            glyphs,
            ..Page::default()
        }
    }

    #[test]
    fn a_script_change_at_a_column_edge_parts_cells_of_a_tight_producer() {
        let rows = texts(&rows(1, &page(0.0)));
        assert_eq!(
            rows[2],
            vec![
                (0, "2".into()),
                (1, "マイナポータル活".into()),
                (2, "1 行政管理課".into()),
                (3, "第2期の計画".into()),
            ]
        );
    }

    #[test]
    fn a_producer_spacing_scripts_inside_cells_keeps_the_wider_gap() {
        // Writer sets `9月` | `30日` 0.2 sizes apart inside a cell: there 0.236 sizes
        // at a script change says nothing, and the run stays whole.
        let rows = texts(&rows(1, &page(2.0)));
        assert_eq!(rows[2].len(), 3);
        assert!(rows[2][1].1.starts_with("マイナポータル活"));
        assert!(rows[2][1].1.ends_with("行政管理課"));
    }

    #[test]
    fn script_changes_count_neighbours_only() {
        let tight = spaced("令和2年度 R2", 0.0, 0.0, 0.0);
        let loose = spaced("令和2年度", 0.0, 0.0, 2.0);
        let segs = vec![(0, tight.iter().collect()), (1, loose.iter().collect())];
        // `和2` and `2年` abut; the space before `R2` parts it from `度`; Writer's two are
        // 0.2 sizes apart.
        assert_eq!(script_changes(&segs), (2, 4));
    }

    fn row(page: u32, cells: Vec<RawCell>) -> Row {
        Row { page, cells }
    }

    /// The header of seed 004's narrow borderless Calc PDF on page `page` with its
    /// lowest line at `y` (its 問題・課題 cell wraps), boxes from that PDF.
    fn header(page: u32, y: f32) -> Row {
        let line = |col, s, x0, x1| free(col, s, (x0, y + 12.7, x1, y + 21.5));
        row(
            page,
            vec![
                line(0, "項目No.", 29.3, 61.6),
                line(1, "取組項目", 112.6, 147.8),
                line(2, "担当部署", 196.0, 231.2),
                line(3, "内容、進め方", 279.3, 332.1),
                free(
                    6,
                    "実施過程での新たな問題・課題",
                    (529.3, y, 608.7, y + 21.5),
                ),
                line(7, "次年度の方針", 612.6, 665.4),
            ],
        )
    }

    /// Seed 004 lines 64–67: page 28 ends with the header of the next sheet; its first
    /// row, ② with 項目No. empty, opens page 29.
    fn sheet_break(foot: Row) -> Vec<Row> {
        vec![
            header(21, 541.3),
            row(
                28,
                vec![
                    free(
                        0,
                        "II 3 (2) オフィス改革 の推進",
                        (29.3, 541.3, 105.1, 562.8),
                    ),
                    free(
                        1,
                        "① 新たなコミュニケーションツー ルの導入に向けた検討",
                        (112.6, 528.5, 193.9, 562.8),
                    ),
                    free(2, "行政管理課", (196.0, 554.0, 240.0, 562.8)),
                ],
            ),
            foot,
            row(
                29,
                vec![
                    free(
                        1,
                        "② モバイル端末の活用の推進",
                        (112.6, 541.3, 193.9, 562.8),
                    ),
                    free(2, "行政管理課", (196.0, 554.0, 240.0, 562.8)),
                    free(
                        3,
                        "モバイル端末の活用を推進するため…",
                        (279.3, 311.8, 358.6, 562.8),
                    ),
                ],
            ),
        ]
    }

    #[test]
    fn a_header_at_the_foot_of_a_page_is_not_continued() {
        let mut rows = sheet_break(header(28, 253.9));
        assert!(join_continued(&mut rows).is_empty());
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3].cells[0].text, "② モバイル端末の活用の推進");
    }

    #[test]
    fn a_row_of_the_same_boxes_that_is_no_header_goes_on() {
        // The geometry alone says "cut through its long cells": only the text, the
        // header seen at the top of page 21, tells the header apart.
        let mut foot = header(28, 253.9);
        foot.cells[1].text = "① 窓口の改善".into();
        let mut rows = sheet_break(foot);
        assert_eq!(join_continued(&mut rows), vec![29]);
        assert_eq!(rows.len(), 3);
    }
}

#[cfg(test)]
mod header_tests {
    use super::tests::{text, texts};
    use super::*;

    /// Glyphs of `s` from (x, y) at `size`, with the advances of the seed PDFs' fonts:
    /// CJK a full em, digits 0.636 em, other ASCII (brackets, dashes, spaces) 0.39 em.
    fn run(s: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in s.chars() {
            let advance = if !c.is_ascii() {
                size
            } else if c.is_ascii_digit() {
                0.636 * size
            } else {
                0.39 * size
            };
            out.push(Glyph {
                c,
                x,
                y,
                size,
                advance,
                angle: 0.0,
            });
            x += advance;
        }
        out
    }

    fn page(glyphs: Vec<Glyph>) -> Page {
        Page {
            media: (0.0, 0.0, 595.0, 842.0),
            glyphs,
            ..Page::default()
        }
    }

    /// Page 3 of seed 001's narrow borderless Calc PDF at 8.81 pt: the report heading
    /// wraps in the label column (x 29.31, next column 112.59) into three lines 12.7 pt
    /// apart, and the title row of the next sheet follows 13.2 pt below its last line.
    /// The heading's first line fills the column (to 108.6); its last line ends at 93.8,
    /// so `実` (8.81 wide) would have fitted with 0.7 print sizes to spare.
    fn heading_page() -> Page {
        let s = 8.81;
        let mut glyphs = Vec::new();
        for (t, x, y) in [
            ("アクションプラン個", 29.31, 229.7),
            ("別項目 - 実績報告", 29.31, 217.0),
            ("(2024年度報告)", 29.31, 204.2),
            ("実施項目", 29.31, 191.0),
            ("人材の確保", 112.59, 191.0),
            ("項目", 196.01, 191.0),
            ("番号", 279.3, 191.0),
            ("1-2", 446.0, 193.0),
            ("〈アクション項目", 29.31, 177.11),
            ("主管", 196.01, 177.11),
            ("総務課", 446.0, 177.11),
        ] {
            glyphs.extend(run(t, x, y, s));
        }
        page(glyphs)
    }

    #[test]
    fn a_heading_wrapped_in_the_label_column_keeps_the_title_row_apart() {
        let rows = texts(&rows(3, &heading_page()));
        assert_eq!(
            rows[0],
            vec![(
                0,
                "アクションプラン個別項目 - 実績報告(2024年度報告)".to_string()
            )]
        );
        assert_eq!(rows[1][0].1, "実施項目");
        assert_eq!(rows[1][1].1, "人材の確保");
    }

    #[test]
    fn a_label_line_that_filled_its_column_goes_on() {
        // The heading's second line, 99.0 pt, goes on: `(2024年` moves down whole.
        let rows = texts(&rows(3, &heading_page()));
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn an_opening_bracket_goes_down_with_the_character_after_it() {
        let glyphs = run("「順調」もし", 35.2, 568.5, 8.0);
        let seg = Seg {
            line: 0,
            bbox: bbox_of(&glyphs.iter().collect::<Vec<_>>()),
            glyphs: glyphs.iter().collect(),
            top: 575.0,
            base: 568.5,
            size: 8.0,
        };
        // `「順` (two ems), not `「` alone: 0.5 ems short of the room is no longer full.
        assert!((first_word(&seg) - 16.0).abs() < 0.01);
    }

    /// A header of one line whose last three cells run together a cell padding apart
    /// (0.38 print sizes, Chromium's narrow sheets), over ten rows of CJK text set at
    /// its advances (`jitter` points added after every fourth glyph of those rows). No
    /// row has text in those three columns, so no column edge is known there.
    fn header_page(jitter: f64) -> Page {
        let s = 8.0;
        let mut glyphs = run("項目", 35.25, 749.25, s);
        let pad = 0.38 * s;
        let mut x = 290.25;
        for cell in ["R 2 実施内容", "実施過程での", "次年度の方針"] {
            let g = run(cell, x, 749.25, s);
            x = g.last().map_or(x, |g| g.x + g.advance) + pad;
            glyphs.extend(g);
        }
        for i in 0..10 {
            let y = 720.0 - 10.0 * f64::from(i);
            let mut x = 35.25;
            for (k, c) in "ふるさと納税の推進".chars().enumerate() {
                glyphs.extend(run(&c.to_string(), x, y, s));
                x += s + if k % 4 == 3 { jitter } else { 0.0 };
            }
        }
        page(glyphs)
    }

    #[test]
    fn cjk_cells_a_padding_apart_part_where_cjk_is_set_at_its_advances() {
        let rows = texts(&rows(1, &header_page(0.0)));
        let header: Vec<&str> = rows[0].iter().map(|c| c.1.as_str()).collect();
        assert_eq!(
            header,
            ["項目", "R 2 実施内容", "実施過程での", "次年度の方針"]
        );
    }

    #[test]
    fn cjk_gaps_are_not_cells_where_the_producer_jitters_them() {
        // 0.1 print sizes after every fourth glyph: justified text or a position grid.
        let rows = texts(&rows(1, &header_page(0.8)));
        let header: Vec<&str> = rows[0].iter().map(|c| c.1.as_str()).collect();
        // One run: the gaps show only as word spaces.
        assert_eq!(header, ["項目", "R 2 実施内容 実施過程での 次年度の方針"]);
    }

    #[test]
    fn a_drawn_space_between_cjk_glyphs_is_no_cut() {
        let mut glyphs = Vec::new();
        for i in 0..10 {
            glyphs.extend(text(
                "ふるさと納税の推進",
                35.0,
                700.0 - 12.0 * f64::from(i),
                8.0,
            ));
        }
        let spaced = text("書の電子申告化 を推進す", 35.0, 580.0, 8.0);
        let segs = vec![(0, spaced.iter().collect::<Vec<_>>())];
        let tight =
            Edges::default().tight_cjk(cjk_neighbours(&[(0, glyphs.iter().collect::<Vec<_>>())]));
        assert!(tight);
        assert_eq!(split_at_cjk_gaps(segs, tight).len(), 1);
    }
}

/// Closed boxes across a page break in a producer that cuts rows open. Positions from
/// seed 000's narrow bordered Chromium PDF, pages 63–64
/// (`fixtures/pdf/seed/000_10e1818db76866b3.pages63-64.narrow.chromium.pdf`).
#[cfg(test)]
mod open_cut_tests {
    use super::*;

    fn cell(col: u16, t: &str, (x0, y0, x1, y1): (f32, f32, f32, f32), open: bool) -> RawCell {
        RawCell {
            col,
            text: t.into(),
            bbox: BBox { x0, y0, x1, y1 },
            boxed: true,
            full: true,
            open,
            wrapped: true,
        }
    }

    /// `(アクション項目の概要)` wraps in the label column and fills it at the foot of
    /// page 63; `項目番号 2-⑩` opens page 64 in a box of its own. The last row of page 64
    /// is cut open (its box runs to the page's foot), as Chromium cuts every row.
    fn pages(last_open: bool) -> Vec<Row> {
        vec![
            Row {
                page: 63,
                cells: vec![cell(0, "実施項目", (32.5, 69.0, 57.0, 91.0), false)],
            },
            Row {
                page: 63,
                cells: vec![cell(
                    0,
                    "(アクション項目の概要)",
                    (32.5, 30.5, 57.0, 52.5),
                    false,
                )],
            },
            Row {
                page: 64,
                cells: vec![cell(0, "項目番号2-⑩", (32.5, 748.5, 57.0, 764.0), false)],
            },
            Row {
                page: 64,
                cells: vec![cell(0, "取組内容", (32.5, 0.0, 57.0, 75.5), last_open)],
            },
        ]
    }

    #[test]
    fn closed_boxes_are_two_rows_where_the_producer_cuts_rows_open() {
        let mut rows = pages(true);
        assert!(join_continued(&mut rows).is_empty());
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[2].cells[0].text, "項目番号2-⑩");
    }

    #[test]
    fn without_an_open_box_the_closed_cut_rules_decide() {
        // Writer closes both parts of a cut row: the full label at the floor goes on.
        let mut rows = pages(false);
        assert_eq!(join_continued(&mut rows), vec![64]);
        assert_eq!(rows.len(), 3);
        assert!(!cuts_open(&rows));
        assert!(cuts_open(&pages(true)));
    }
}

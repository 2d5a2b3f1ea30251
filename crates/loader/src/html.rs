//! HTML fragments in text dumps folded into the lines-of-cells shape.
//!
//! A single forward scan, no recursion and no regex: `<tr>` starts a row, `<td>`/`<th>` a
//! cell, `<p>`/`<li>`/`<br>` a paragraph break inside the cell, a radio input reads as the
//! ○ it was drawn as, every other tag is dropped and its text kept. Outside tables TABs
//! still separate cells, so a line that mixes both keeps its shape.

use crate::norm::Normalizer;
use crate::{Cell, Origin};

/// Tags we recognise; `<` followed by anything else is text.
const KNOWN: &[&str] = &[
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "p", "ul", "ol", "li", "br", "u", "b",
    "i", "em", "strong", "span", "div", "font", "input", "sup", "sub", "caption", "col",
    "colgroup", "hr", "s", "strike", "small", "big", "center", "a", "img",
];

/// The longest tag we look for a closing `>` in; keeps the scan linear on hostile input.
const MAX_TAG: usize = 512;

/// Does the line contain a tag we fold?
pub fn has_markup(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| tag_at(line, i).is_some())
}

struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attrs: &'a str,
    len: usize,
}

fn tag_at(s: &str, i: usize) -> Option<Tag<'_>> {
    let rest = s.get(i + 1..)?;
    let (closing, body) = match rest.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, rest),
    };
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &body[..name_len];
    if !KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        return None;
    }
    let after = &body[name_len..];
    if !(after.starts_with('>') || after.starts_with('/') || after.starts_with(char::is_whitespace))
    {
        return None;
    }
    let window = &after.as_bytes()[..after.len().min(MAX_TAG)];
    let close = memchr::memchr(b'>', window)?;
    if memchr::memchr(b'<', &window[..close]).is_some() {
        return None;
    }
    let attrs = &after[..close];
    let len = 1 + usize::from(closing) + name_len + close + 1;
    Some(Tag {
        name,
        closing,
        attrs,
        len,
    })
}

/// Builds rows of cells while scanning.
struct Builder {
    rows: Vec<(Origin, Vec<Cell>)>,
    cells: Vec<Cell>,
    norm: Normalizer,
    /// Whether the cell being built has any source characters yet.
    started: bool,
    origin: Origin,
    depth: usize,
}

impl Builder {
    fn end_cell(&mut self, end: u32) {
        if self.cells.len() + 1 >= crate::load::MAX_CELLS {
            // Past the cap, later cells run on into this one (see `MAX_CELLS`).
            self.norm.push(' ', end);
            return;
        }
        let norm = std::mem::take(&mut self.norm);
        let n = norm.finish(end);
        let col = self.cells.len().min(u16::MAX as usize) as u16;
        self.cells.push(Cell {
            col,
            text: n.text,
            map: n.map,
            bbox: None,
        });
        self.started = false;
    }
    fn end_row(&mut self, end: u32) {
        if self.started || !self.cells.is_empty() {
            self.end_cell(end);
        }
        let mut cells = std::mem::take(&mut self.cells);
        while cells.last().is_some_and(|c| c.text.is_empty()) {
            cells.pop();
        }
        if !cells.is_empty() {
            self.rows.push((self.origin, cells));
        }
    }
}

/// Fold one physical line (starting at byte `base` of the document text) into rows.
pub fn fold_line(line: &str, base: usize) -> Vec<(Origin, Vec<Cell>)> {
    let mut b = Builder {
        rows: Vec::new(),
        cells: Vec::new(),
        norm: Normalizer::new(),
        started: false,
        origin: Origin::Tabs,
        depth: 0,
    };
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let off = (base + i) as u32;
        let c = bytes[i];
        if c == b'<' {
            if let Some(tag) = tag_at(line, i) {
                on_tag(&mut b, &tag, off);
                i += tag.len;
                continue;
            }
        }
        if c == b'\t' && b.depth == 0 {
            b.end_cell(off);
            i += 1;
            continue;
        }
        if c == b'&' {
            if let Some((ch, len)) = entity(&line[i..]) {
                b.norm.push(ch, off);
                b.started = true;
                i += len;
                continue;
            }
        }
        if matches!(c, b'<' | b'&' | b'\t') {
            // Not markup after all (or a TAB inside a table): one character of text.
            b.norm.push(char::from(c), off);
            b.started |= c != b'\t';
            i += 1;
            continue;
        }
        // Text up to the next byte that may start markup or end a cell, in one piece.
        let end = memchr::memchr3(b'<', b'&', b'\t', &bytes[i..]).map_or(line.len(), |k| i + k);
        let text = &line[i..end];
        b.norm.push_str(text, off);
        b.started |= !text.chars().all(char::is_whitespace);
        i = end;
    }
    b.end_row((base + line.len()) as u32);
    b.rows
}

fn on_tag(b: &mut Builder, tag: &Tag<'_>, off: u32) {
    let name = tag.name.to_ascii_lowercase();
    match (name.as_str(), tag.closing) {
        ("table", false) => {
            b.end_row(off);
            b.depth += 1;
            b.origin = Origin::HtmlRow;
        }
        ("table", true) => {
            b.end_row(off);
            b.depth = b.depth.saturating_sub(1);
            if b.depth == 0 {
                b.origin = Origin::Tabs;
            }
        }
        ("tr", false) => b.end_row(off),
        ("tr", true) => b.end_row(off),
        ("td" | "th", false) => {
            // Text between cells (white space) does not make a cell of its own.
            if b.started || (!b.cells.is_empty() && b.depth == 0) {
                b.end_cell(off);
            } else if b.depth > 0 {
                b.norm = Normalizer::new();
            }
            b.started = true;
        }
        ("td" | "th", true) => {
            b.end_cell(off);
        }
        ("p" | "li" | "br" | "div" | "ul" | "ol" | "hr", _) => {
            b.norm.push_break(off);
        }
        ("input", false) => {
            let a = tag.attrs.to_ascii_lowercase();
            if a.contains("radio") || a.contains("checkbox") {
                b.norm.push_literal('○', off);
                b.started = true;
            }
        }
        _ => {}
    }
}

/// Decode a character entity at the start of `s`.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&c| c == b';')?;
    let name = &s[1..end];
    let ch = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let v = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(v)?
        }
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(s: &str) -> Vec<Vec<String>> {
        fold_line(s, 0)
            .into_iter()
            .map(|(_, cells)| cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn table_rows_and_cells() {
        let r = rows("<table border=\"1\"><tr><th>取組項目1</th> <td>コンプライアンスの徹底</td> <td>達成状況</td> <td>○ 順調</td></tr><tr><td>a</td><td>b</td></tr></table>");
        assert_eq!(
            r,
            vec![
                vec!["取組項目1", "コンプライアンスの徹底", "達成状況", "○ 順調"],
                vec!["a", "b"]
            ]
        );
    }

    #[test]
    fn tabs_outside_table_still_split_and_text_after_table_is_a_new_row() {
        let r = rows("総括評価\t<p>本文</p>\tx<table><tr><td>t</td></tr></table>後\t続き");
        assert_eq!(
            r,
            vec![vec!["総括評価", "本文", "x"], vec!["t"], vec!["後", "続き"]]
        );
    }

    #[test]
    fn lists_and_paragraphs_become_breaks() {
        let r = rows("<ul style=\"list-style-type: none\"> <li>・一つ</li> <li>・二つ</li> </ul>\t<p>A</p><p>B</p>");
        assert_eq!(r, vec![vec!["・一つ\n・二つ", "A\nB"]]);
    }

    #[test]
    fn radio_input_reads_as_circle_and_underline_is_dropped() {
        assert_eq!(
            rows("達成状況\t<input type=\"radio\"/>\t順調\t<u>-</u>"),
            vec![vec!["達成状況", "○", "順調", "-"]]
        );
    }

    #[test]
    fn entities_decode_and_unknown_angle_text_stays() {
        assert_eq!(rows("a &amp; b <c> 1<2"), vec![vec!["a & b <c> 1<2"]]);
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let s = "<table><tr><td>".repeat(10_000) + "x" + &"</td></tr></table>".repeat(10_000);
        let r = rows(&s);
        assert_eq!(r, vec![vec!["x"]]);
    }

    #[test]
    fn unclosed_tag_is_text() {
        let s = format!("<p{}", "a".repeat(2000));
        let r = rows(&s);
        assert_eq!(r.len(), 1);
        assert!(r[0][0].starts_with("<p"));
    }

    #[test]
    fn detects_markup() {
        assert!(has_markup("x<p>y"));
        assert!(!has_markup("1<2 and a<b"));
    }
}

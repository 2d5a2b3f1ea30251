//! [`Extract`] → [`Document`]: the extracted rows written out as TAB-separated text (so
//! that `source_lines`, `unparsed` and `raw` work as for text input) and read back as
//! normalised cells that keep their page and box.

use crate::load::split_lines;
use crate::norm::Normalizer;
use crate::{Cell, Document, Format, Line, Origin};

use super::Extract;

/// Cell text as one field of the synthetic text: no TAB or line break inside.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Build the loader's document from an extraction. Cannot fail.
pub fn document(ex: Extract) -> Document {
    let Extract {
        pages,
        rows,
        diagnostics,
    } = ex;
    let mut text = String::new();
    let mut lines = Vec::with_capacity(rows.len());
    let mut page_of_line = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let no = (i + 1).min(u32::MAX as usize) as u32;
        let mut cells = Vec::with_capacity(row.cells.len());
        let mut col = 0u16;
        for (k, c) in row.cells.iter().enumerate() {
            // Empty columns become empty fields, as in a TAB-separated dump.
            let start_col = if k == 0 { 0 } else { col.saturating_add(1) };
            for _ in start_col..c.col {
                text.push('\t');
            }
            if k > 0 {
                text.push('\t');
            }
            col = c.col.max(start_col);
            let f = field(&c.text);
            let base = text.len();
            let mut n = Normalizer::new();
            for (j, ch) in f.char_indices() {
                n.push(ch, (base + j) as u32);
            }
            let out = n.finish((base + f.len()) as u32);
            text.push_str(&f);
            cells.push(Cell {
                col,
                text: out.text,
                map: out.map,
                bbox: Some(c.bbox),
            });
        }
        text.push('\n');
        page_of_line.push(row.page);
        while cells.last().is_some_and(|c| c.text.is_empty()) {
            cells.pop();
        }
        if !cells.is_empty() {
            lines.push(Line {
                no,
                page: Some(row.page),
                origin: Origin::Pdf,
                cells,
            });
        }
    }
    let mut source_lines = split_lines(&text);
    for sl in &mut source_lines {
        sl.page = page_of_line.get(sl.no as usize - 1).copied();
    }
    Document {
        format: Format::Pdf,
        encoding: None,
        encoding_reason: None,
        text,
        source_lines,
        lines,
        pages: Some(pages),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{RawCell, Row};
    use crate::BBox;

    fn cell(col: u16, text: &str) -> RawCell {
        RawCell {
            col,
            text: text.into(),
            bbox: BBox {
                x0: 0.0,
                y0: 0.0,
                x1: 1.0,
                y1: 1.0,
            },
            boxed: false,
            full: false,
            open: false,
            wrapped: false,
        }
    }

    #[test]
    fn rows_become_lines_with_columns_pages_and_raw_text() {
        let ex = Extract {
            pages: 2,
            rows: vec![
                Row {
                    page: 1,
                    cells: vec![cell(0, "項目番号"), cell(2, "１－①")],
                },
                Row {
                    page: 2,
                    cells: vec![cell(1, "⾏政改革")],
                },
            ],
            diagnostics: vec![],
        };
        let doc = document(ex);
        assert_eq!(doc.format, Format::Pdf);
        assert_eq!(doc.pages, Some(2));
        assert_eq!(doc.lines.len(), 2);
        let l = &doc.lines[0];
        assert_eq!(l.cell(2), "1-①");
        assert_eq!(doc.raw(&l.cells[1], 0..l.cells[1].text.len()), "１－①");
        assert_eq!(doc.source_line(1), Some("項目番号\t\t１－①"));
        // Kangxi radical mapped by the usual normalisation.
        assert_eq!(doc.lines[1].cell(1), "行政改革");
        assert_eq!(doc.lines[1].page, Some(2));
        assert_eq!(doc.source_lines[1].page, Some(2));
    }
}

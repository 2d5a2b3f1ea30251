//! Text documents: decoded text → physical lines → logical lines of cells.

use crate::decode::{decode, Decoded};
use crate::norm::{self, Normalizer};
use crate::{html, Cell, Diagnostic, Document, Format, Line, LoadError, Origin, SourceLine};

/// At most this many decoding warnings are listed one by one; the rest are summed up.
const MAX_DECODE_WARNINGS: usize = 20;

/// Is this a PDF? `%PDF-` within the first KiB, as readers accept it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    // Asked up to three times per input (isolation, conversion, loader): a vector search,
    // not a 5-byte compare at each of 1,020 offsets.
    memchr::memmem::find(head, b"%PDF-").is_some()
}

/// Load any input: the format is decided from the bytes.
pub fn load(bytes: &[u8]) -> Result<Document, LoadError> {
    if is_pdf(bytes) {
        return load_pdf(bytes);
    }
    load_text(bytes)
}

/// Load a PDF in this process. Page panics are caught, but a PDF can still exhaust memory
/// or the stack of the caller: the `keikaku` CLI runs [`crate::pdf::extract`] in a
/// limited worker process instead (see `docs/pdf.md`).
pub fn load_pdf(bytes: &[u8]) -> Result<Document, LoadError> {
    let ex = crate::pdf::extract(bytes, &mut |_| {})?;
    Ok(crate::pdf::document(ex))
}

/// Load a text dump (TAB-separated cells, possibly with HTML fragments).
pub fn load_text(bytes: &[u8]) -> Result<Document, LoadError> {
    let decoded = decode(bytes)?;
    Ok(from_decoded(decoded))
}

fn from_decoded(d: Decoded) -> Document {
    let Decoded {
        text,
        encoding,
        reason,
        invalid,
        nuls,
    } = d;
    let source_lines = split_lines(&text);
    let mut lines = Vec::with_capacity(source_lines.len());
    let mut diagnostics = Vec::new();
    for sl in &source_lines {
        if sl.blank {
            continue;
        }
        let line = &text[sl.span.clone()];
        if html::has_markup(line) {
            for (origin, cells) in html::fold_line(line, sl.span.start) {
                if cells.iter().any(|c| !c.text.is_empty()) {
                    lines.push(Line {
                        no: sl.no,
                        page: None,
                        origin,
                        cells,
                    });
                }
            }
        } else {
            let cells = split_cells(line, sl.span.start);
            if cells.len() >= MAX_CELLS {
                diagnostics.push(
                    Diagnostic::warning(
                        "line.too-many-cells",
                        format!(
                            "more than {MAX_CELLS} cells: the rest of the line is kept as one cell"
                        ),
                    )
                    .at(sl.no),
                );
            }
            if !cells.is_empty() {
                lines.push(Line {
                    no: sl.no,
                    page: None,
                    origin: Origin::Tabs,
                    cells,
                });
            }
        }
    }
    let line_of = |pos: usize| -> u32 {
        match source_lines.binary_search_by(|l| l.span.start.cmp(&pos)) {
            Ok(i) => source_lines[i].no,
            Err(i) => source_lines[i.saturating_sub(1)].no,
        }
    };
    for &(byte, pos) in invalid.iter().take(MAX_DECODE_WARNINGS) {
        diagnostics.push(
            Diagnostic::warning(
                "decode.invalid-bytes",
                format!(
                    "invalid {} byte sequence at byte {byte}, replaced by U+FFFD",
                    encoding.name()
                ),
            )
            .at(line_of(pos))
            .at_byte(byte),
        );
    }
    if invalid.len() > MAX_DECODE_WARNINGS {
        diagnostics.push(Diagnostic::warning(
            "decode.invalid-bytes",
            format!(
                "{} more invalid byte sequences replaced by U+FFFD",
                invalid.len() - MAX_DECODE_WARNINGS
            ),
        ));
    }
    if !nuls.is_empty() {
        let first = nuls[0];
        let pos = text.find('\0').unwrap_or(0);
        diagnostics.push(
            Diagnostic::warning(
                "decode.nul",
                format!(
                    "{} NUL characters dropped (first at byte {first})",
                    nuls.len()
                ),
            )
            .at(line_of(pos))
            .at_byte(first),
        );
    }
    Document {
        format: Format::Txt,
        encoding: Some(encoding),
        encoding_reason: Some(reason),
        text,
        source_lines,
        lines,
        pages: None,
        diagnostics,
    }
}

/// Physical lines: CRLF, CR and LF alike. A file that ends without a newline still has its
/// last line; one that ends with a newline has no extra empty line.
pub fn split_lines(text: &str) -> Vec<SourceLine> {
    let b = text.as_bytes();
    // LF-ended files (most) need no regrowth; CR-only ones grow as before.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', b).count() + 1);
    let mut start = 0usize;
    let mut no = 1u32;
    let mut i = 0usize;
    let mut push = |start: usize, end: usize, no: u32| {
        // A line that starts with an ASCII graphic character or one of U+4000..U+EFFF
        // (lead bytes E4..EE: ideographs, no white space, not the BOM) is not blank: no
        // character walk and Unicode table for most lines.
        let blank = !matches!(b.get(start), Some(0x21..=0x7E | 0xE4..=0xEE) if start < end)
            && text[start..end]
                .chars()
                .all(|c| c.is_whitespace() || c == '\0' || c == '\u{FEFF}');
        out.push(SourceLine {
            no,
            page: None,
            span: start..end,
            blank,
        });
    };
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &b[i..]) {
        let end = i + k;
        push(start, end, no);
        no = no.saturating_add(1);
        i = if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        start = i;
    }
    if start < b.len() {
        push(start, b.len(), no);
    }
    out
}

/// No real table has this many columns; past it the rest of the line is one cell, so a
/// hostile line of millions of TABs costs one cell, not millions.
pub const MAX_CELLS: usize = 1024;

/// TAB-separated cells of one line, normalised, trailing empty cells dropped.
fn split_cells(line: &str, base: usize) -> Vec<Cell> {
    let b = line.as_bytes();
    let fields = memchr::memchr_iter(b'\t', b).count() + 1;
    let mut cells = Vec::with_capacity(fields.min(MAX_CELLS));
    let mut start = 0usize;
    for col in 0..MAX_CELLS {
        // A TAB is not a plain character, so the plain head of the rest of the line ends at
        // the cell's TAB when the cell is plain (most are): one walk finds both, and the
        // TAB is searched for only in the other cells. The last cell allowed takes the
        // rest of the line, TABs and all.
        let Some(rest) = line.get(start..) else {
            break;
        };
        let head = norm::plain_prefix(rest);
        let end = if col + 1 == MAX_CELLS {
            line.len()
        } else if b.get(start + head) == Some(&b'\t') {
            start + head
        } else {
            memchr::memchr(b'\t', &b[start + head..]).map_or(line.len(), |k| start + head + k)
        };
        // A TAB is one byte, so `end` is a character boundary.
        let Some(field) = line.get(start..end) else {
            break;
        };
        // The head stops at the first character that is not plain, at the latest the TAB.
        let out = Normalizer::cell(field, (base + start) as u32, head.min(field.len()));
        cells.push(Cell {
            col: col.min(u16::MAX as usize) as u16,
            text: out.text,
            map: out.map,
            bbox: None,
        });
        if end == line.len() {
            break;
        }
        start = end + 1;
    }
    while cells.last().is_some_and(|c| c.text.is_empty()) {
        cells.pop();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_read_alike_and_numbers_match_the_file() {
        for sep in ["\n", "\r\n", "\r"] {
            let s = ["a\tb", "", "c"].join(sep);
            let doc = load_text(s.as_bytes()).unwrap();
            let got: Vec<(u32, Vec<&str>)> = doc
                .lines
                .iter()
                .map(|l| (l.no, l.texts().collect()))
                .collect();
            assert_eq!(
                got,
                vec![(1, vec!["a", "b"]), (3, vec!["c"])],
                "sep {sep:?}"
            );
            assert_eq!(doc.source_lines.len(), 3);
        }
    }

    #[test]
    fn blank_lines_are_white_space_nul_and_bom_only() {
        let text = "a\n \u{3000}\t\n\u{FEFF}\n\0 \n\u{FEFF}x\n漢\n\u{3000}か\n~\n\u{85}";
        let blank: Vec<bool> = split_lines(text).iter().map(|l| l.blank).collect();
        assert_eq!(
            blank,
            vec![false, true, true, true, false, false, false, false, true]
        );
    }

    #[test]
    fn empty_cells_keep_columns_and_trailing_ones_drop() {
        let doc = load_text("\t\t●\t\t●\t\t\t".as_bytes()).unwrap();
        let l = &doc.lines[0];
        assert_eq!(l.cells.len(), 5);
        assert_eq!(l.cell(2), "●");
        assert_eq!(l.cell(4), "●");
    }

    #[test]
    fn raw_text_is_reachable_from_cells() {
        let doc = load_text("項目番号\t１－①".as_bytes()).unwrap();
        let c = &doc.lines[0].cells[1];
        assert_eq!(c.text, "1-①");
        assert_eq!(doc.raw(c, 0..c.text.len()), "１－①");
    }

    #[test]
    fn a_cell_mixing_plain_runs_and_folded_text_maps_every_part_back() {
        let doc = load_text("項目\tＡＢ 1-① 市 役所\t".as_bytes()).unwrap();
        let c = &doc.lines[0].cells[1];
        // Full-width letters fold, the space between CJK characters is a wrap artefact.
        assert_eq!(c.text, "AB 1-① 市役所");
        assert_eq!(doc.raw(c, 0..2), "ＡＢ");
        let city = c.text.find("市役所").unwrap();
        assert_eq!(doc.raw(c, city..c.text.len()), "市 役所");
        assert_eq!(doc.raw(c, city + 3..city + 6), "役");
        assert_eq!(c.span(), 7..doc.text.len() - 1);
    }

    #[test]
    fn unchanged_cells_store_no_map_and_read_back_by_character() {
        let doc = load_text("前\t市役所\tＡＢ".as_bytes()).unwrap();
        let c = &doc.lines[0].cells[1];
        assert!(c.map.is_identity());
        // 市役所 starts at byte 4; every byte of 役 (cell bytes 3..6) is the source's 7.
        let of: Vec<_> = (3..6).map(|i| c.source_of(i)).collect();
        assert_eq!(of, vec![Some(7); 3]);
        assert_eq!(c.source_of(9), Some(13));
        assert_eq!(c.source_of(10), None);
        assert_eq!(doc.raw(c, 3..6), "役");
        let ab = &doc.lines[0].cells[2];
        assert!(!ab.map.is_identity());
        assert_eq!(ab.source_of(1), Some(17));
        let part = c.sub(3..9).unwrap();
        assert_eq!((part.text.as_str(), part.span()), ("役所", 7..13));
        assert!(c.sub(4..9).is_none());
    }

    #[test]
    fn invalid_bytes_warn_with_line() {
        let mut b = "一行目\n二行目\n".repeat(20).into_bytes();
        b.extend_from_slice(b"\xFF\xFE\n");
        b.extend_from_slice("最後".as_bytes());
        let doc = load_text(&b).unwrap();
        let w = &doc.diagnostics[0];
        assert_eq!(w.code, "decode.invalid-bytes");
        assert_eq!(w.line, Some(41));
    }

    #[test]
    fn nul_bytes_dropped_with_warning() {
        let doc = load_text("実施\0項目\tx".as_bytes()).unwrap();
        assert_eq!(doc.lines[0].cell(0), "実施項目");
        assert_eq!(doc.diagnostics[0].code, "decode.nul");
    }

    #[test]
    fn a_line_of_millions_of_cells_is_capped() {
        let s = "a\t".repeat(MAX_CELLS * 3);
        let doc = load_text(s.as_bytes()).unwrap();
        assert_eq!(doc.lines[0].cells.len(), MAX_CELLS);
        assert_eq!(doc.diagnostics[0].code, "line.too-many-cells");
        // Nothing is lost: the last cell holds the rest of the line.
        assert!(doc.lines[0].cells.last().unwrap().text.len() > MAX_CELLS);
    }

    #[test]
    fn cells_split_as_splitn_does_up_to_the_cap() {
        let mut lines: Vec<String> = ["a", "a\t", "\ta", "\t\t", "ａ\t\tｂ\tc\t", "x\ty"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for n in [MAX_CELLS - 2, MAX_CELLS - 1, MAX_CELLS, MAX_CELLS + 1] {
            lines.push(format!("{}z", "y\t".repeat(n)));
            lines.push("\t".repeat(n));
        }
        for line in &lines {
            let want: Vec<String> = line
                .splitn(MAX_CELLS, '\t')
                .map(crate::norm::normalize)
                .collect();
            let mut want = want.as_slice();
            while want.last().is_some_and(|t| t.is_empty()) {
                want = &want[..want.len() - 1];
            }
            let got: Vec<String> = split_cells(line, 0).into_iter().map(|c| c.text).collect();
            assert_eq!(got, want, "{:?}", &line[..line.len().min(20)]);
        }
    }

    #[test]
    fn pdf_is_decided_by_content() {
        assert!(is_pdf(b"%PDF-1.7\n..."));
        assert!(!is_pdf("実施項目".as_bytes()));
        // Within the first KiB, wholly: at 1019 it ends at byte 1024, at 1020 it is cut.
        for (at, pdf) in [(0, true), (1019, true), (1020, false), (4000, false)] {
            let mut b = vec![b' '; at];
            b.extend_from_slice(b"%PDF-1.4\n");
            assert_eq!(is_pdf(&b), pdf, "at {at}");
        }
        assert!(matches!(
            load(b"%PDF-1.4\n").unwrap_err(),
            LoadError::Pdf(crate::pdf::PdfError::Damaged(_))
        ));
    }
}

//! PDF input: bytes → positioned glyphs and table rules → rows of cells → the same
//! [`Document`] the text loader produces, so the grammars need nothing PDF-specific.
//!
//! The work is split in two so that a caller can isolate the risky half:
//! [`extract`] parses the PDF (lopdf + pdf-extract, after an in-memory repair pass in
//! [`preflight`]) and lays the glyphs out into rows ([`layout`]); its result, [`Extract`],
//! is plain serialisable data. [`document`] turns an [`Extract`] into a [`Document`] and
//! cannot fail. The `keikaku` CLI runs [`extract`] in a worker process with a time and
//! memory limit (see `docs/pdf.md`); [`crate::load`] runs both in-process.

mod agl;
mod bomb;
mod build;
mod dev;
mod japan1;
pub mod layout;
pub mod preflight;
mod sfnt;

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::{Deserialize, Serialize};

use crate::{BBox, Diagnostic};

pub use build::document;

/// One cell of a row as laid out on the page, before normalisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawCell {
    /// 0-based column: the table grid column (ruled tables) or the aligned column
    /// (borderless text).
    pub col: u16,
    /// The cell's text as extracted (lines of a wrapped cell joined, CJK without spaces).
    pub text: String,
    pub bbox: BBox,
    /// Inside a box of table rules (not free text).
    #[serde(default)]
    pub boxed: bool,
    /// The cell's last text line runs to its right edge (its text may go on below).
    #[serde(default)]
    pub full: bool,
    /// The cell's box had no rule at the top or bottom (a row cut open by a page break).
    #[serde(default)]
    pub open: bool,
    /// The cell's text took more than one line.
    #[serde(default)]
    pub wrapped: bool,
}

/// One row of a page, top to bottom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// 1-based page.
    pub page: u32,
    pub cells: Vec<RawCell>,
}

/// What [`extract`] read from a PDF: plain data, serialisable across a process boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extract {
    pub pages: u32,
    pub rows: Vec<Row>,
    /// Repairs made, pages that failed, and the like (with page numbers).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a PDF could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PdfError {
    #[error("damaged PDF: {0}")]
    Damaged(String),
    #[error("encrypted PDF: a password is required")]
    Password,
    #[error("no text layer (needs OCR): {pages} page(s) without any text")]
    NoTextLayer { pages: u32 },
    #[error(
        "text cannot be read: {glyphs} glyph(s) in fonts without a character map (no ToUnicode)"
    )]
    NoUnicode { glyphs: usize },
    #[error("decompression bomb: {what}; no other text to read")]
    Bomb { what: String },
    #[error("PDF has no pages")]
    NoPages,
    #[error("every page failed to extract (first: page {page}: {reason})")]
    AllPagesFailed { page: u32, reason: String },
}

/// Longest reason kept from a panic message: errors are printed one per line.
const MAX_REASON: usize = 200;

/// Message of a caught panic, on one line and cut short.
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let m = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    one_line(&m)
}

/// `s` with line breaks as spaces, at most [`MAX_REASON`] characters.
pub(crate) fn one_line(s: &str) -> String {
    let mut out: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_REASON)
        .collect();
    if s.chars().count() > MAX_REASON {
        out.push('…');
    }
    out
}

/// Parse a PDF into rows of cells. Never panics: a panic inside one page's extraction
/// costs that page (with a warning naming it), not the document. `progress` is told the
/// page about to be read, so a supervising process can name the page that hung or crashed.
pub fn extract(bytes: &[u8], progress: &mut dyn FnMut(u32)) -> Result<Extract, PdfError> {
    let pre = match catch_unwind(AssertUnwindSafe(|| preflight::prepare(bytes))) {
        Ok(r) => r?,
        Err(p) => return Err(PdfError::Damaged(panic_message(&*p))),
    };
    let preflight::Prepared {
        doc,
        mut diagnostics,
    } = pre;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut rows = Vec::new();
    let mut glyphs_seen = 0usize;
    let mut unmapped = 0usize;
    let mut failed: Option<(u32, String)> = None;
    let mut failures = 0usize;
    for &n in &pages {
        progress(n);
        let mut dev = dev::Collector::default();
        let r = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut dev, n)
        }));
        let err = match r {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(one_line(&e.to_string())),
            Err(p) => Some(panic_message(&*p)),
        };
        let page = dev.finish();
        if let Some(reason) = err {
            failures += 1;
            let what = if page.glyphs.is_empty() {
                "nothing read"
            } else {
                "text up to the failure kept"
            };
            diagnostics.push(
                Diagnostic::warning(
                    "pdf.page-failed",
                    format!("page {n}: extraction failed ({reason}); {what}"),
                )
                .on_page(Some(n)),
            );
            if failed.is_none() {
                failed = Some((n, reason));
            }
        }
        glyphs_seen += page.glyphs.iter().filter(|g| !g.c.is_whitespace()).count();
        unmapped = unmapped.saturating_add(page.unmapped);
        if page.unmapped > 0 {
            diagnostics.push(
                Diagnostic::warning(
                    "pdf.unmapped-glyphs",
                    format!(
                        "page {n}: {} glyph(s) in fonts without a character map were skipped",
                        page.unmapped
                    ),
                )
                .on_page(Some(n)),
            );
        }
        let laid = catch_unwind(AssertUnwindSafe(|| layout::rows(n, &page)));
        match laid {
            Ok(r) => rows.extend(r),
            Err(p) => diagnostics.push(
                Diagnostic::warning(
                    "pdf.layout-failed",
                    format!("page {n}: layout failed ({})", panic_message(&*p)),
                )
                .on_page(Some(n)),
            ),
        }
    }
    for page in layout::join_continued(&mut rows) {
        diagnostics.push(
            Diagnostic::info(
                "pdf.row-continued",
                format!("page {page}: first table row joined to the row cut by the page break"),
            )
            .on_page(Some(page)),
        );
    }
    let count = pages.len() as u32;
    if glyphs_seen == 0 {
        if failures == pages.len() {
            if let Some((page, reason)) = failed {
                return Err(PdfError::AllPagesFailed { page, reason });
            }
        }
        if unmapped > 0 {
            return Err(PdfError::NoUnicode { glyphs: unmapped });
        }
        if let Some(d) = diagnostics.iter().find(|d| d.code == preflight::BOMB) {
            return Err(PdfError::Bomb {
                what: d.message.clone(),
            });
        }
        return Err(PdfError::NoTextLayer { pages: count });
    }
    Ok(Extract {
        pages: count,
        rows,
        diagnostics,
    })
}

/// The raw glyphs and rules of one page (after pre-flight), for diagnosis of layout
/// problems (`cargo run -p keikaku-loader --example pdf_glyphs`).
pub fn page_glyphs(bytes: &[u8], page: u32) -> Result<layout::Page, PdfError> {
    let pre = match catch_unwind(AssertUnwindSafe(|| preflight::prepare(bytes))) {
        Ok(r) => r?,
        Err(p) => return Err(PdfError::Damaged(panic_message(&*p))),
    };
    let mut dev = dev::Collector::default();
    let r = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(&pre.doc, &mut dev, page)
    }));
    match r {
        Ok(Ok(())) => Ok(dev.finish()),
        Ok(Err(e)) => Err(PdfError::Damaged(e.to_string())),
        Err(p) => Err(PdfError::Damaged(panic_message(&*p))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_fit_on_one_line() {
        assert_eq!(
            one_line("assertion failed\n  left: 1\n right: 2"),
            "assertion failed left: 1 right: 2"
        );
        let long = "x".repeat(500);
        assert_eq!(one_line(&long).chars().count(), MAX_REASON + 1);
    }
}

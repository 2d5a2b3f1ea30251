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
mod bundle;
mod cff;
mod cmap;
mod content;
mod dev;
mod filters;
mod guard;
mod japan1;
pub mod layout;
mod length;
mod orient;
mod predict;
pub mod preflight;
mod salvage;
mod sfnt;
mod simple;
mod sysfont;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Document, Object, ObjectId};

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
    #[error("encrypted PDF: cannot be decrypted ({0})")]
    Encryption(String),
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
    extract_with(bytes, progress, true)
}

/// [`extract`], with or without the one-run reading of all pages ([`bundle`]).
fn extract_with(
    bytes: &[u8],
    progress: &mut dyn FnMut(u32),
    bundled: bool,
) -> Result<Extract, PdfError> {
    let pre = match catch_unwind(AssertUnwindSafe(|| preflight::prepare(bytes))) {
        Ok(r) => r?,
        Err(p) => return Err(PdfError::Damaged(panic_message(&*p))),
    };
    let preflight::Prepared {
        mut doc,
        mut diagnostics,
    } = pre;
    let page_ids = doc.get_pages();
    let pages: Vec<u32> = page_ids.keys().copied().collect();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut acc = Pages {
        turns: page_ids
            .iter()
            .filter_map(|(&n, &id)| Some((n, orient::quarters(rotate(&doc, id)?)?)))
            .filter(|&(_, q)| q != 0)
            .collect(),
        ..Pages::default()
    };
    // All pages in one run where that reads each page as on its own (fonts parsed once);
    // the pages from the first failure on are read one by one below, as before.
    let mut done = 0;
    let prepared = if bundled {
        catch_unwind(AssertUnwindSafe(|| bundle::prepare(&mut doc, &page_ids))).unwrap_or(None)
    } else {
        None
    };
    if let Some(b) = prepared {
        let repairable = |n: u32| {
            page_ids
                .get(&n)
                .is_some_and(|&id| salvage::needs_repair(&doc, id))
        };
        let mut dev = bundle::Pager::new(&b, progress, &mut acc, &mut diagnostics, &repairable);
        let r = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut dev, b.page)
        }));
        done = dev.finish(matches!(r, Ok(Ok(()))));
    }
    let solo = if done < pages.len() {
        Solo::new(&mut doc)
    } else {
        None
    };
    for &n in &pages[done..] {
        progress(n);
        let mut dev = dev::Collector::default();
        let number = match (&solo, page_ids.get(&n)) {
            (Some(s), Some(&id)) => s.show(&mut doc, id),
            _ => n,
        };
        let r = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut dev, number)
        }));
        let mut err = match r {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(one_line(&e.to_string())),
            Err(p) => Some(panic_message(&*p)),
        };
        let mut page = dev.finish();
        // A failed page, or one that drew nothing (an inline image whose data holds ` EI `
        // derails the parse without an error) or nothing anywhere near the page (a form
        // whose absurd matrix sends its text off to 1e20), is drawn again from a repaired copy.
        let suspect = err.is_some() || drawn(&page) == 0;
        if let (true, Some(&id)) = (suspect, page_ids.get(&n)) {
            if let Some((again, repair, salvaged)) = redraw(&mut doc, id, number, err.is_some()) {
                let better = match err {
                    Some(_) => again.glyphs.len() >= page.glyphs.len(),
                    None => {
                        drawn(&again) > 0
                            && (repair.dropped
                                + repair.images
                                + salvaged.maps
                                + salvaged.not_streams)
                                > 0
                    }
                };
                if better {
                    let why = match &err {
                        Some(reason) => format!("could not be drawn as written ({reason})"),
                        None => "drew no text as written".to_owned(),
                    };
                    let mut also = String::new();
                    if salvaged.forms_rewritten > 0 {
                        also += &format!(", {} form(s) rewritten", salvaged.forms_rewritten);
                    }
                    if salvaged.maps > 0 {
                        also += &format!(
                            ", {} unreadable ToUnicode map(s) rewritten from their readable entries",
                            salvaged.maps
                        );
                    }
                    if salvaged.not_streams > 0 {
                        also += &format!(
                            ", {} XObject(s) that are no stream made empty",
                            salvaged.not_streams
                        );
                    }
                    diagnostics.push(
                        Diagnostic::warning(
                            "pdf.content-repaired",
                            format!(
                                "page {n}: its content {why}; drawn from a repaired copy ({} \
                                 operation(s) and {} inline image(s) left out{also})",
                                repair.dropped, repair.images
                            ),
                        )
                        .on_page(Some(n)),
                    );
                    page = again;
                    err = None;
                }
            }
        }
        acc.add(n, page, err, &mut diagnostics);
    }
    if let Some(s) = solo {
        s.restore(&mut doc);
    }
    let Pages {
        mut rows,
        glyphs_seen,
        unmapped,
        failed,
        failures,
        edges: _,
        turns: _,
        turned,
    } = acc;
    if turned > 0 {
        diagnostics.push(Diagnostic::info(
            "pdf.page-turned",
            format!(
                "{turned} page(s) drawn on their side and shown upright by /Rotate: read as shown"
            ),
        ));
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
    // A file cut short keeps the pages and content written before the cut but loses what
    // LibreOffice and Chromium write last (fonts, page objects): say so, whatever else
    // went wrong, since that is the thing to fix.
    let truncated = preflight::looks_truncated(bytes);
    if glyphs_seen == 0 {
        if truncated {
            let what = match failed {
                Some((page, reason)) if failures == pages.len() => {
                    format!("every page failed to extract (first: page {page}: {reason})")
                }
                _ => format!("no text read from {count} page(s)"),
            };
            return Err(PdfError::Damaged(format!(
                "{what}; the file ends without %%EOF (truncated?)"
            )));
        }
        if failures == pages.len() {
            if let Some((page, reason)) = failed {
                return Err(PdfError::AllPagesFailed { page, reason });
            }
        }
        // A bomb first: a dropped ToUnicode leaves glyphs unmapped, and the bomb is why.
        if let Some(d) = diagnostics.iter().find(|d| d.code == preflight::BOMB) {
            return Err(PdfError::Bomb {
                what: d.message.clone(),
            });
        }
        if unmapped > 0 {
            return Err(PdfError::NoUnicode { glyphs: unmapped });
        }
        return Err(PdfError::NoTextLayer { pages: count });
    }
    if truncated {
        diagnostics.push(Diagnostic::warning(
            "pdf.truncated",
            "the file ends without %%EOF (truncated?): what was written after the cut is missing",
        ));
    }
    Ok(Extract {
        pages: count,
        rows,
        diagnostics,
    })
}

/// A page tree of one page, shown to pdf-extract in place of the document's own.
///
/// pdf-extract finds the page it is asked for through `get_pages()`, a walk of the whole
/// tree, on every call: read page by page (when bundling does not apply), an n-page file
/// cost n² tree steps, and a 20,000-page file timed out at page 399. Each call now sees a
/// tree holding only its page; the page keeps its `/Parent`, so inherited resources and
/// boxes resolve as before.
struct Solo {
    node: ObjectId,
    root: Object,
}

impl Solo {
    /// Point the catalog at an empty node of its own; `None` leaves `doc` untouched.
    fn new(doc: &mut Document) -> Option<Solo> {
        let root = doc.catalog().ok()?.get(b"Pages").ok()?.clone();
        let node = doc.add_object(preflight::pages_node(&[]));
        match doc.catalog_mut() {
            Ok(c) => c.set("Pages", Object::Reference(node)),
            Err(_) => {
                doc.objects.remove(&node);
                return None;
            }
        }
        Some(Solo { node, root })
    }

    /// Make `page` the only page; the number to ask pdf-extract for.
    fn show(&self, doc: &mut Document, page: ObjectId) -> u32 {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(self.node) {
            *d = preflight::pages_node(&[page]);
        }
        1
    }

    fn restore(self, doc: &mut Document) {
        if let Ok(c) = doc.catalog_mut() {
            c.set("Pages", self.root);
        }
        doc.objects.remove(&self.node);
    }
}

/// Draw page `id` (shown to pdf-extract as `number`) again from a repaired copy of its
/// content ([`content::repair`]) and of what it draws through its resources (forms,
/// ToUnicode maps: [`salvage`]), after drawing it as written failed or drew nothing;
/// `None` when there is nothing to repair or the second drawing fails too. The page keeps
/// the repaired copy. A page that did not fail is drawn again only when the repair changed
/// something.
fn redraw(
    doc: &mut Document,
    id: ObjectId,
    number: u32,
    failed: bool,
) -> Option<(layout::Page, content::Repair, salvage::Salvage)> {
    let salvaged = salvage::salvage(doc, id, failed);
    let own = catch_unwind(AssertUnwindSafe(|| doc.get_page_content(id)))
        .ok()
        .and_then(Result::ok)
        .and_then(|data| content::repair(&data))
        .filter(|(_, r)| failed || r.dropped + r.images > 0);
    let mut repair = content::Repair::default();
    if let Some((fixed, r)) = own {
        let stream = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), fixed));
        doc.get_dictionary_mut(id)
            .ok()?
            .set("Contents", Object::Reference(stream));
        repair = r;
    } else if salvaged == salvage::Salvage::default() {
        return None;
    }
    repair.kept += salvaged.forms.kept;
    repair.dropped += salvaged.forms.dropped;
    repair.images += salvaged.forms.images;
    let mut dev = dev::Collector::default();
    let r = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut dev, number)
    }));
    matches!(r, Ok(Ok(()))).then(|| (dev.finish(), repair, salvaged))
}

/// Glyphs drawn where a page could show them: finite, within a million points of the
/// origin (the largest page PDF allows is 200 inches square).
fn drawn(page: &layout::Page) -> usize {
    const FAR: f64 = 1e6;
    page.glyphs
        .iter()
        .filter(|g| g.x.abs() <= FAR && g.y.abs() <= FAR)
        .count()
}

/// What the pages read so far add up to.
#[derive(Default)]
struct Pages {
    rows: Vec<Row>,
    glyphs_seen: usize,
    unmapped: usize,
    /// The first page that failed, and why.
    failed: Option<(u32, String)>,
    failures: usize,
    /// Column edges of borderless tables learnt from the pages laid out so far.
    edges: layout::Edges,
    /// Quarter turns of the pages with a `/Rotate`.
    turns: BTreeMap<u32, u8>,
    /// Pages turned upright before layout.
    turned: usize,
}

/// A page's `/Rotate`, inherited from its parents.
fn rotate(doc: &Document, page: ObjectId) -> Option<i64> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(r) = dict.get(b"Rotate") {
            let r = match r {
                Object::Reference(id) => doc.get_object(*id).ok()?,
                o => o,
            };
            return match r {
                Object::Integer(i) => Some(*i),
                Object::Real(f) => Some(*f as i64),
                _ => None,
            };
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

impl Pages {
    /// Take page `n` as read (`err`: why its extraction stopped early) and lay it out.
    fn add(
        &mut self,
        n: u32,
        mut page: layout::Page,
        err: Option<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(reason) = err {
            self.failures += 1;
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
            if self.failed.is_none() {
                self.failed = Some((n, reason));
            }
        }
        self.glyphs_seen += page.glyphs.iter().filter(|g| !g.c.is_whitespace()).count();
        self.unmapped = self.unmapped.saturating_add(page.unmapped);
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
        if let Some(&q) = self.turns.get(&n) {
            if orient::upright(&mut page, q) {
                self.turned += 1;
            }
        }
        let edges = &mut self.edges;
        let laid = catch_unwind(AssertUnwindSafe(|| layout::rows_after(n, &page, edges)));
        match laid {
            Ok(r) => self.rows.extend(r),
            Err(p) => diagnostics.push(
                Diagnostic::warning(
                    "pdf.layout-failed",
                    format!("page {n}: layout failed ({})", panic_message(&*p)),
                )
                .on_page(Some(n)),
            ),
        }
    }
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

    fn fixture(path: &str) -> Vec<u8> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        std::fs::read(root.join(path)).expect("fixture")
    }

    /// Pages read in one run must read exactly as page by page: same rows, boxes,
    /// diagnostics; a page that fails in the run is read again on its own.
    #[test]
    fn one_run_reads_every_page_as_on_its_own() {
        for path in [
            "fixtures/pdf/seed/004_cf9142fe188b5ae8.calc.pdf",
            "fixtures/pdf/seed/004_cf9142fe188b5ae8.writer.pdf",
            "fixtures/pdf/seed/000_10e1818db76866b3.chromium.pdf",
            "fixtures/pdf/table.pdf",
            "tests/hostile/pdf/tj-before-tf.pdf",
            "tests/hostile/pdf/broken-page-tree.pdf",
        ] {
            let bytes = fixture(path);
            let mut doc = preflight::prepare(&bytes).expect("readable").doc;
            let ids = doc.get_pages();
            let b = bundle::prepare(&mut doc, &ids).expect("bundled");
            assert_eq!(b.pages.len(), ids.len(), "{path}");
            assert_eq!(b.page as usize, ids.len() + 1, "{path}");
            let mut seen = Vec::new();
            let one = extract_with(&bytes, &mut |n| seen.push(n), true);
            let each = extract_with(&bytes, &mut |_| {}, false);
            assert_eq!(one, each, "{path}");
            let want: Vec<u32> = ids.keys().copied().collect();
            assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{path}: {seen:?}");
            assert!(want.iter().all(|n| seen.contains(n)), "{path}: {seen:?}");
        }
    }

    /// Chromium tags every cell: its structure elements are null after loading (blanked
    /// in place; one with a literal string, here the document's `/Lang (en-US)`, is kept),
    /// and no other object is lost.
    #[test]
    fn structure_elements_are_not_parsed() {
        let bytes = fixture("fixtures/pdf/seed/000_10e1818db76866b3.chromium.pdf");
        let plain = lopdf::Document::load_mem(&bytes).expect("readable");
        let is_elem = |o: &lopdf::Object| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        };
        let elems = plain.objects.values().filter(|o| is_elem(o)).count();
        assert!(elems > 100, "the fixture is tagged: {elems}");
        let doc = preflight::prepare(&bytes).expect("readable").doc;
        assert_eq!(doc.get_pages(), plain.get_pages());
        let mut blanked = 0;
        for (id, o) in &plain.objects {
            match doc.objects.get(id) {
                Some(lopdf::Object::Null) if is_elem(o) => blanked += 1,
                got => assert!(got.is_some_and(|g| !g.is_null()), "{id:?}"),
            }
        }
        assert_eq!(blanked, elems - 1);
    }

    /// Two pages whose `/F1` are different fonts: pdf-extract's cache is keyed by name,
    /// so they must not share a run.
    #[test]
    fn pages_disagreeing_on_a_font_name_are_read_one_by_one() {
        use lopdf::{dictionary, Object, Stream};
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let mut kids = Vec::new();
        for base in ["Helvetica", "Courier"] {
            let font = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => base,
            });
            let content = doc.add_object(Stream::new(
                dictionary! {},
                b"BT /F1 12 Tf 72 700 Td (Hi) Tj ET".to_vec(),
            ));
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Contents" => content,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            });
            kids.push(Object::Reference(page));
        }
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => 2, "Kids" => kids }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let ids = doc.get_pages();
        assert!(bundle::prepare(&mut doc, &ids).is_none());
        assert_eq!(doc.get_pages().len(), 2);
    }

    /// Read page by page through a one-page tree, each page reads as when pdf-extract
    /// walks the whole tree, inherited resources and media box included, and the
    /// document's own tree is put back.
    #[test]
    fn a_page_shown_alone_reads_as_in_its_tree() {
        use lopdf::{dictionary, Stream};
        let mut doc = Document::with_version("1.5");
        let root = doc.new_object_id();
        let middle = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let mut kids = Vec::new();
        for (i, text) in ["(One) Tj", "(Two) Tj", "(Three) Tj"].iter().enumerate() {
            let content = doc.add_object(Stream::new(
                dictionary! {},
                format!("BT /F1 12 Tf 72 {} Td {text} ET", 700 - 100 * i).into_bytes(),
            ));
            let page = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => middle, "Contents" => content,
            });
            kids.push(Object::Reference(page));
        }
        doc.objects.insert(
            middle,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Parent" => root, "Count" => 3, "Kids" => kids,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            }),
        );
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Count" => 3, "Kids" => vec![Object::Reference(middle)],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root });
        doc.trailer.set("Root", catalog);
        let ids = doc.get_pages();
        let objects = doc.objects.len();
        let mut walked = Vec::new();
        for &n in ids.keys() {
            let mut dev = dev::Collector::default();
            pdf_extract::output_doc_page(&doc, &mut dev, n).expect("reads");
            walked.push(dev.finish());
        }
        let solo = Solo::new(&mut doc).expect("catalog");
        for (i, &id) in ids.values().enumerate() {
            let mut dev = dev::Collector::default();
            let n = solo.show(&mut doc, id);
            pdf_extract::output_doc_page(&doc, &mut dev, n).expect("reads");
            let alone = dev.finish();
            let text: String = alone.glyphs.iter().map(|g| g.c).collect();
            assert_eq!(text, ["One", "Two", "Three"][i]);
            assert_eq!(alone.media, (0.0, 0.0, 595.0, 842.0));
            assert_eq!(alone, walked[i]);
        }
        solo.restore(&mut doc);
        assert_eq!(doc.get_pages(), ids);
        assert_eq!(doc.objects.len(), objects);
    }

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

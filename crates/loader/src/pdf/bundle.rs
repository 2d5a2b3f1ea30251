//! All pages in one pdf-extract run, so that each font is parsed once per document.
//!
//! pdf-extract builds its fonts (ToUnicode CMap through a slow parser combinator, the
//! embedded Type1 program for its encoding, CID widths) once per page: its font cache is
//! cleared at every page because resource names are only unique within a page. On a
//! 160-page export that is two thirds of the whole extraction. From outside, without
//! patching it: when every resource name means the same font on every page (and in every
//! form they call), the pages are wrapped as Form XObjects and drawn from one synthetic
//! page. pdf-extract runs a form with a fresh graphics state and the form's resources but
//! keeps the font cache, so each page reads exactly as on its own, and each font is built
//! once. A marker stroke before each form tells the output device where a page begins.
//! Documents whose names disagree are read page by page as before.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use super::dev::Collector;
use super::Pages;
use crate::Diagnostic;

/// x of the marker stroke: far off any page, exact in the f32 lopdf keeps reals in.
const MARK_X: f64 = -32749.25;
/// Resource dictionaries (pages and nested forms) walked before giving up on bundling.
const MAX_RESOURCES: usize = 10_000;
/// Form nesting followed when collecting font names (pre-flight caps drawing at 12).
const MAX_DEPTH: usize = 16;

/// The synthetic page, and the real pages it draws in order with their media boxes.
#[derive(Debug)]
pub struct Bundle {
    /// Page number of the synthetic page (after the real ones).
    pub page: u32,
    pub pages: Vec<(u32, (f64, f64, f64, f64))>,
}

/// Add the synthetic page to `doc` when bundling reads every page as on its own;
/// `None` leaves `doc` untouched.
pub fn prepare(doc: &mut Document, pages: &BTreeMap<u32, ObjectId>) -> Option<Bundle> {
    if pages.len() < 2 {
        return None;
    }
    let mut plan = Vec::with_capacity(pages.len());
    {
        let doc: &Document = doc;
        let mut fonts = FontNames::default();
        for (&n, &id) in pages {
            let page = doc.get_dictionary(id).ok()?;
            let media = media_box(doc, page)?;
            let resources = inherited_resources(doc, page);
            if let Some((_, r)) = resources {
                fonts.walk(doc, r, 0)?;
            }
            // A page drawn by one stream lends it to its form still compressed: all
            // pages' contents at once, decompressed, would be the largest thing held.
            let content = match doc.get_page_contents(id).as_slice() {
                [one] => match doc.get_object(*one) {
                    Ok(Object::Stream(s)) => s.clone(),
                    _ => Stream::new(Dictionary::new(), doc.get_page_content(id).ok()?),
                },
                _ => Stream::new(Dictionary::new(), doc.get_page_content(id).ok()?),
            };
            plan.push((n, media, resources.map(|(o, _)| o), content));
        }
    }
    let root = doc
        .catalog()
        .ok()?
        .get(b"Pages")
        .ok()?
        .as_reference()
        .ok()?;
    let mut xobjects = Dictionary::new();
    let mut draw = Vec::new();
    let mut order = Vec::with_capacity(plan.len());
    for (i, (n, media, resources, mut form)) in plan.into_iter().enumerate() {
        let dict = &mut form.dict;
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        // A page without resources must not see the synthetic page's.
        dict.set(
            "Resources",
            resources.unwrap_or_else(|| Object::Dictionary(Dictionary::new())),
        );
        let form = doc.add_object(form);
        let name = format!("KeikakuPage{i}");
        xobjects.set(name.as_bytes(), Object::Reference(form));
        draw.extend_from_slice(format!("{MARK_X} {i} m {MARK_X} {i} l S /{name} Do\n").as_bytes());
        order.push((n, media));
    }
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(xobjects));
    let contents = doc.add_object(Stream::new(Dictionary::new(), draw));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(root));
    page.set(
        "MediaBox",
        Object::Array(vec![0.into(), 0.into(), 1.into(), 1.into()]),
    );
    page.set("Resources", Object::Dictionary(resources));
    page.set("Contents", Object::Reference(contents));
    let page_id = doc.add_object(page);
    let kids = doc
        .get_object_mut(root)
        .ok()?
        .as_dict_mut()
        .ok()?
        .get_mut(b"Kids")
        .ok()?;
    match kids {
        Object::Array(a) => a.push(Object::Reference(page_id)),
        _ => return None,
    }
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(root) {
        if let Ok(Object::Integer(c)) = d.get_mut(b"Count") {
            *c += 1;
        }
    }
    let number = doc
        .get_pages()
        .into_iter()
        .find_map(|(n, id)| (id == page_id).then_some(n))?;
    Some(Bundle {
        page: number,
        pages: order,
    })
}

/// The media box as pdf-extract reads it (inherited, at least four numbers).
fn media_box(doc: &Document, page: &Dictionary) -> Option<(f64, f64, f64, f64)> {
    let mut dict = page;
    for _ in 0..64 {
        if let Some(Object::Array(a)) = dict.get(b"MediaBox").ok().map(|o| deref(doc, o)) {
            let v: Vec<f64> = a
                .iter()
                .map(|o| match deref(doc, o) {
                    Object::Integer(i) => Some(*i as f64),
                    Object::Real(r) => Some(f64::from(*r)),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            return (v.len() >= 4).then(|| (v[0], v[1], v[2], v[3]));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// The page's resources as pdf-extract finds them (its own, else up the page tree): the
/// object to put in the form (a reference stays a reference) and the dictionary.
fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
) -> Option<(Object, &'a Dictionary)> {
    let mut dict = page;
    for _ in 0..64 {
        if let Ok(o) = dict.get(b"Resources") {
            if let Object::Dictionary(d) = deref(doc, o) {
                return Some((o.clone(), d));
            }
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        _ => o,
    }
}

/// Font resource names seen so far and the font each means (by address: the same object
/// is the same font). pdf-extract keys its cache by name only.
#[derive(Default)]
struct FontNames {
    fonts: HashMap<Vec<u8>, usize>,
    seen: HashSet<usize>,
}

impl FontNames {
    /// Record the fonts of a resource dictionary and of the forms it calls; `None` when a
    /// name means two fonts (or the walk is too large to be worth it).
    fn walk(&mut self, doc: &Document, res: &Dictionary, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH || self.seen.len() > MAX_RESOURCES {
            return None;
        }
        if !self.seen.insert(res as *const Dictionary as usize) {
            return Some(());
        }
        if let Some(Object::Dictionary(fonts)) = res.get(b"Font").ok().map(|o| deref(doc, o)) {
            for (name, font) in fonts.iter() {
                let at = deref(doc, font) as *const Object as usize;
                if *self.fonts.entry(name.clone()).or_insert(at) != at {
                    return None;
                }
            }
        }
        if let Some(Object::Dictionary(xs)) = res.get(b"XObject").ok().map(|o| deref(doc, o)) {
            for (_, x) in xs.iter() {
                if let Object::Stream(s) = deref(doc, x) {
                    if let Some(Object::Dictionary(r)) =
                        s.dict.get(b"Resources").ok().map(|o| deref(doc, o))
                    {
                        self.walk(doc, r, depth + 1)?;
                    }
                }
            }
        }
        Some(())
    }
}

/// The output device for the synthetic page: one [`Collector`] per real page, switched at
/// each marker stroke. A page is laid out as soon as it is read, so that only one page's
/// glyphs are held at a time.
pub struct Pager<'a> {
    bundle: &'a Bundle,
    progress: &'a mut dyn FnMut(u32),
    pages: &'a mut Pages,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Pages read to the end and handed to `pages`.
    done: usize,
    current: Option<(u32, Collector)>,
    /// Whether a page that drew nothing has content a repair would change: the run stops
    /// there, so that the page is read again on its own and repaired (`redraw`).
    repairable: &'a dyn Fn(u32) -> bool,
    stopped: bool,
}

impl<'a> Pager<'a> {
    pub fn new(
        bundle: &'a Bundle,
        progress: &'a mut dyn FnMut(u32),
        pages: &'a mut Pages,
        diagnostics: &'a mut Vec<Diagnostic>,
        repairable: &'a dyn Fn(u32) -> bool,
    ) -> Pager<'a> {
        Pager {
            bundle,
            progress,
            pages,
            diagnostics,
            done: 0,
            current: None,
            repairable,
            stopped: false,
        }
    }

    /// How many pages were read to the end. The page being read when the run stopped
    /// is dropped unless `complete`: it is read again on its own.
    pub fn finish(mut self, complete: bool) -> usize {
        if complete {
            self.close();
        }
        self.done
    }

    fn close(&mut self) {
        if self.stopped {
            return;
        }
        if let Some((n, c)) = self.current.take() {
            let page = c.finish();
            if super::drawn(&page) == 0 && (self.repairable)(n) {
                self.stopped = true;
                return;
            }
            self.pages.add(n, page, None, self.diagnostics);
            self.done += 1;
        }
    }

    fn marker(path: &Path) -> Option<usize> {
        match path.ops.as_slice() {
            [PathOp::MoveTo(x0, y0), PathOp::LineTo(x1, y1)]
                if *x0 == MARK_X && *x1 == MARK_X && y0 == y1 && *y0 >= 0.0 =>
            {
                Some(*y0 as usize)
            }
            _ => None,
        }
    }

    fn start(&mut self, i: usize) -> Result<(), OutputError> {
        self.close();
        if self.stopped {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        if let Some(&(n, (llx, lly, urx, ury))) = self.bundle.pages.get(i) {
            (self.progress)(n);
            let mut c = Collector::default();
            c.begin_page(n, &MediaBox { llx, lly, urx, ury }, None)?;
            self.current = Some((n, c));
        }
        Ok(())
    }
}

impl OutputDev for Pager<'_> {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        match self.current.as_mut() {
            Some((_, c)) => c.output_character(trm, width, spacing, font_size, char),
            None => Ok(()),
        }
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        // Markers are drawn by the synthetic page itself, untransformed.
        if *ctm == Transform::identity() {
            if let Some(i) = Self::marker(path) {
                return self.start(i);
            }
        }
        match self.current.as_mut() {
            Some((_, c)) => c.stroke(ctm, colorspace, color, path),
            None => Ok(()),
        }
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        match self.current.as_mut() {
            Some((_, c)) => c.fill(ctm, colorspace, color, path),
            None => Ok(()),
        }
    }
}

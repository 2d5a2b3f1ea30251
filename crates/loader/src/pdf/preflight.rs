//! In-memory repairs before pdf-extract sees a document: known ways it panics, loops or
//! misreads are fixed in the object graph, never by patching pdf-extract itself.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::PdfError;
use crate::Diagnostic;

/// Form XObjects nested deeper than this are cut (pdf-extract recurses on the stack).
const MAX_FORM_DEPTH: usize = 12;
/// Upper bound on form visits during the cycle search, so that a wide DAG of forms
/// cannot make the search itself explode.
const MAX_FORM_VISITS: usize = 50_000;
/// A `/W` range wider than this is left alone (it would cost memory, not fix text).
const MAX_W_RANGE: i64 = 65_536;
/// Reference chains longer than this are treated as broken.
const MAX_DEREF: usize = 32;

/// A document ready for extraction, with what was repaired.
pub struct Prepared {
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load, decrypt and repair.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PdfError> {
    let mut doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => return Err(load_error(e)),
    };
    let mut diagnostics = Vec::new();
    if doc.is_encrypted() {
        match doc.decrypt("") {
            Ok(()) => diagnostics.push(Diagnostic::info(
                "pdf.decrypted",
                "encrypted PDF opened with the empty user password",
            )),
            Err(_) => return Err(PdfError::Password),
        }
    }
    let images = neutralise_images(&mut doc);
    if images > 0 {
        diagnostics.push(Diagnostic::info(
            "pdf.images-skipped",
            format!("{images} image(s) kept out of the text extraction"),
        ));
    }
    let widths = rewrite_width_ranges(&mut doc);
    if widths > 0 {
        diagnostics.push(Diagnostic::info(
            "pdf.widths-rewritten",
            format!("{widths} CID font width table(s) rewritten from range form"),
        ));
    }
    let cut = break_form_cycles(&mut doc);
    if cut > 0 {
        diagnostics.push(Diagnostic::warning(
            "pdf.form-cycle",
            format!("{cut} self-referencing or too deeply nested form XObject call(s) cut"),
        ));
    }
    Ok(Prepared { doc, diagnostics })
}

fn load_error(e: lopdf::Error) -> PdfError {
    let msg = e.to_string();
    let lower = msg.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("decrypt") {
        PdfError::Password
    } else {
        PdfError::Damaged(msg)
    }
}

fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_DEREF {
        match o {
            Object::Reference(id) => o = doc.objects.get(id)?,
            _ => return Some(o),
        }
    }
    None
}

fn name_is(d: &Dictionary, key: &[u8], want: &[u8]) -> bool {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .is_some_and(|n| n == want)
}

fn empty_form() -> Stream {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Form".to_vec()));
    d.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    Stream::new(d, Vec::new())
}

/// pdf-extract runs every XObject through the content parser, images included: image
/// data then reads as operators (panics, slow loops). Images carry no text, so each
/// becomes an empty form.
fn neutralise_images(doc: &mut Document) -> usize {
    let mut n = 0;
    for obj in doc.objects.values_mut() {
        if let Object::Stream(s) = obj {
            if name_is(&s.dict, b"Subtype", b"Image") {
                *obj = Object::Stream(empty_form());
                n += 1;
            }
        }
    }
    n
}

/// pdf-extract reads the CID `/W` range form `c_first c_last w` wrongly (and panics on a
/// short array): rewrite every range as the list form `c_first [w w …]`.
fn rewrite_width_ranges(doc: &mut Document) -> usize {
    // Collect first: the arrays may be indirect objects.
    let mut fixes: Vec<(ObjectId, Option<ObjectId>, Vec<Object>)> = Vec::new();
    for (&id, obj) in &doc.objects {
        let Ok(d) = obj.as_dict() else { continue };
        if !name_is(d, b"Subtype", b"CIDFontType0") && !name_is(d, b"Subtype", b"CIDFontType2") {
            continue;
        }
        let Ok(w) = d.get(b"W") else { continue };
        let indirect = w.as_reference().ok();
        let Some(Object::Array(arr)) = deref(doc, w) else {
            continue;
        };
        if let Some(list) = list_form(doc, arr) {
            fixes.push((id, indirect, list));
        }
    }
    let n = fixes.len();
    for (id, indirect, list) in fixes {
        match indirect {
            Some(aid) => {
                doc.objects.insert(aid, Object::Array(list));
            }
            None => {
                if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
                    d.set("W", Object::Array(list));
                }
            }
        }
    }
    n
}

fn num(doc: &Document, o: &Object) -> Option<f64> {
    match deref(doc, o)? {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// The list form of a `/W` array, or None when it has no range entries (nothing to do).
/// Malformed tails are dropped rather than left for pdf-extract to panic on.
fn list_form(doc: &Document, arr: &[Object]) -> Option<Vec<Object>> {
    let mut out = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < arr.len() {
        let Some(first) = num(doc, &arr[i]) else {
            changed = true;
            break;
        };
        match arr.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                out.push(Object::Integer(first as i64));
                let ws: Vec<Object> = ws
                    .iter()
                    .map(|w| Object::Real(num(doc, w).unwrap_or(1000.0) as f32))
                    .collect();
                out.push(Object::Array(ws));
                i += 2;
            }
            Some(_) => {
                changed = true;
                let (Some(last), Some(w)) = (
                    num(doc, &arr[i + 1]),
                    arr.get(i + 2).and_then(|o| num(doc, o)),
                ) else {
                    break;
                };
                let (first, last) = (first as i64, last as i64);
                if last >= first && last - first < MAX_W_RANGE {
                    out.push(Object::Integer(first));
                    out.push(Object::Array(
                        (first..=last).map(|_| Object::Real(w as f32)).collect(),
                    ));
                }
                i += 3;
            }
            None => {
                changed = true;
                break;
            }
        }
    }
    changed.then_some(out)
}

/// The resource dictionary of a page, inherited through the page tree.
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut d = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_DEREF {
        if let Ok(r) = d.get(b"Resources") {
            if let Some(Object::Dictionary(res)) = deref(doc, r) {
                return Some(res.clone());
            }
        }
        let parent = d.get(b"Parent").ok()?.as_reference().ok()?;
        d = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Named XObjects of a resource dictionary that are form streams.
fn forms(doc: &Document, res: &Dictionary) -> Vec<(Vec<u8>, ObjectId)> {
    let Some(Object::Dictionary(xo)) = res.get(b"XObject").ok().and_then(|o| deref(doc, o)) else {
        return Vec::new();
    };
    xo.iter()
        .filter_map(|(name, o)| {
            let id = o.as_reference().ok()?;
            let Some(Object::Stream(s)) = doc.objects.get(&id) else {
                return None;
            };
            name_is(&s.dict, b"Subtype", b"Form").then(|| (name.clone(), id))
        })
        .collect()
}

/// The resources a form's content runs with: its own, or its caller's.
fn form_resources(doc: &Document, id: ObjectId, caller: &Dictionary) -> Dictionary {
    if let Some(Object::Stream(s)) = doc.objects.get(&id) {
        if let Some(Object::Dictionary(r)) =
            s.dict.get(b"Resources").ok().and_then(|o| deref(doc, o))
        {
            return r.clone();
        }
    }
    caller.clone()
}

/// pdf-extract recurses into forms without a depth limit: a form that calls itself
/// overflows the stack (an abort, not a panic). Calls that close a cycle or go too deep
/// are redirected to an empty form, in the caller's own copy of its resources.
fn break_form_cycles(doc: &mut Document) -> usize {
    // (calling form, its effective resources, XObject name to cut)
    let mut cuts: Vec<(ObjectId, Dictionary, Vec<u8>)> = Vec::new();
    let mut visits = 0usize;
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let mut seen_cut: HashSet<(ObjectId, Vec<u8>)> = HashSet::new();
    for page in pages {
        let Some(res) = page_resources(doc, page) else {
            continue;
        };
        // Explicit stack: (form, its resources, path of forms above it).
        let mut stack: Vec<(ObjectId, Dictionary, Vec<ObjectId>)> = forms(doc, &res)
            .into_iter()
            .map(|(_, id)| (id, form_resources(doc, id, &res), vec![id]))
            .collect();
        while let Some((id, res, path)) = stack.pop() {
            visits += 1;
            if visits > MAX_FORM_VISITS {
                break;
            }
            for (name, child) in forms(doc, &res) {
                if path.contains(&child) || path.len() >= MAX_FORM_DEPTH {
                    if seen_cut.insert((id, name.clone())) {
                        cuts.push((id, res.clone(), name));
                    }
                    continue;
                }
                let mut p = path.clone();
                p.push(child);
                stack.push((child, form_resources(doc, child, &res), p));
            }
        }
    }
    if cuts.is_empty() {
        return 0;
    }
    let empty = doc.add_object(Object::Stream(empty_form()));
    let n = cuts.len();
    // Group cuts per calling form so that each gets one private resources copy.
    let mut by_form: std::collections::BTreeMap<ObjectId, (Dictionary, Vec<Vec<u8>>)> =
        std::collections::BTreeMap::new();
    for (id, res, name) in cuts {
        by_form
            .entry(id)
            .or_insert_with(|| (res, Vec::new()))
            .1
            .push(name);
    }
    for (id, (mut res, names)) in by_form {
        let mut xo = match res.get(b"XObject").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        for name in names {
            xo.set(name, Object::Reference(empty));
        }
        res.set("XObject", Object::Dictionary(xo));
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.set("Resources", Object::Dictionary(res));
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_ranges_become_lists() {
        let doc = Document::with_version("1.7");
        let arr = vec![
            Object::Integer(1),
            Object::Integer(3),
            Object::Integer(500),
            Object::Integer(10),
            Object::Array(vec![Object::Integer(250)]),
        ];
        let out = list_form(&doc, &arr).expect("has a range");
        assert_eq!(out.len(), 4);
        assert_eq!(out[0], Object::Integer(1));
        assert_eq!(out[1].as_array().map(|a| a.len()).ok(), Some(3));
        assert_eq!(out[2], Object::Integer(10));
        // Already in list form: nothing to do.
        assert!(list_form(&doc, &arr[3..]).is_none());
    }

    #[test]
    fn truncated_width_array_is_cut_not_left_to_panic() {
        let doc = Document::with_version("1.7");
        let arr = vec![Object::Integer(1), Object::Integer(3)];
        assert_eq!(list_form(&doc, &arr), Some(vec![]));
    }
}

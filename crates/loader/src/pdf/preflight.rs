//! In-memory repairs before pdf-extract sees a document: known ways it panics, loops or
//! misreads are fixed in the object graph, never by patching pdf-extract itself.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::cmap::utf16_hex;
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

/// Diagnostic code of a stream dropped as a decompression bomb.
pub const BOMB: &str = "pdf.bomb";

/// A document ready for extraction, with what was repaired.
pub struct Prepared {
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load, decrypt and repair.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PdfError> {
    let mut diagnostics = Vec::new();
    let blanked = blank_structure(bytes);
    let bytes = blanked.as_deref().unwrap_or(bytes);
    let load = |b: &[u8]| {
        Document::load_mem_with_options(
            b,
            lopdf::LoadOptions {
                filter: Some(super::bomb::load_filter),
                ..Default::default()
            },
        )
    };
    // Wrong stream lengths are put right in the raw file; that moves the offsets after
    // the first one, so such a file is read through a rebuilt cross-reference table, and
    // as it was when that does not give pages.
    let relengthed = super::length::repair(bytes)
        .and_then(|(b, n)| rebuild_xref(&b).and_then(|b| load(&b).ok()).map(|d| (d, n)))
        .filter(|(d, _)| !d.get_pages().is_empty());
    let mut doc = match relengthed {
        Some((d, n)) => {
            diagnostics.push(Diagnostic::warning(
                "pdf.stream-length-repaired",
                format!("{n} stream(s) with a wrong /Length read up to their endstream"),
            ));
            d
        }
        None => match load(bytes) {
            Ok(d) if !d.get_pages().is_empty() && lost_contents(&d) == 0 => d,
            first => {
                // A damaged cross-reference table: rebuild it from the objects in the file,
                // as other readers do, before giving up.
                let rebuilt = rebuild_xref(bytes).and_then(|b| load(&b).ok());
                // Pages whose content the table cannot find (an xref stream with `/W [0 0
                // 0]` points every object at offset 0) are read through the rebuilt table
                // when that finds more of it.
                let keep_first = match (&first, &rebuilt) {
                    (Ok(d), Some(r)) if !d.get_pages().is_empty() => {
                        r.get_pages().is_empty() || lost_contents(r) >= lost_contents(d)
                    }
                    (Ok(d), None) => !d.get_pages().is_empty(),
                    _ => false,
                };
                match (rebuilt, first) {
                    (_, Ok(d)) if keep_first => d,
                    (Some(d), _) if !d.get_pages().is_empty() => {
                        diagnostics.push(Diagnostic::warning(
                            "pdf.xref-rebuilt",
                            "damaged cross-reference table: rebuilt from the objects in the file",
                        ));
                        d
                    }
                    (_, Ok(d)) => d,
                    (Some(d), Err(_)) => {
                        diagnostics.push(Diagnostic::warning(
                            "pdf.xref-rebuilt",
                            "damaged cross-reference table: rebuilt from the objects in the file",
                        ));
                        d
                    }
                    (None, Err(e)) => return Err(load_error(e, bytes)),
                }
            }
        },
    };
    if doc.get_pages().is_empty() {
        let n = rebuild_page_tree(&mut doc);
        if n > 0 {
            diagnostics.push(Diagnostic::warning(
                "pdf.page-tree-rebuilt",
                format!("damaged page tree: {n} page object(s) found and put in file order"),
            ));
        }
    }
    let repeated = read_each_page_once(&mut doc);
    if repeated > 0 {
        diagnostics.push(Diagnostic::warning(
            "pdf.page-tree-cycle",
            format!("the page tree leads to {repeated} page(s) more than once (a cycle or a shared node): each page is read once"),
        ));
    }
    let cut = super::guard::cut_parent_cycles(&mut doc);
    count_warning(
        &mut diagnostics,
        cut,
        "pdf.parent-cycle",
        "/Parent link(s) leading round in a circle cut",
    );
    if doc.was_encrypted() && !doc.is_encrypted() {
        // lopdf already opened it with the empty user password.
        diagnostics.push(Diagnostic::info(
            "pdf.decrypted",
            "encrypted PDF opened with the empty user password",
        ));
    } else if doc.is_encrypted() {
        match doc.decrypt("") {
            Ok(()) => diagnostics.push(Diagnostic::info(
                "pdf.decrypted",
                "encrypted PDF opened with the empty user password",
            )),
            Err(_) => return Err(PdfError::Password),
        }
    }
    if doc.get_pages().is_empty() {
        // An encryption lopdf does not know leaves every object ciphertext: say so
        // rather than "no pages".
        if let Some(what) = unknown_encryption(&doc) {
            return Err(PdfError::Encryption(what));
        }
    }
    let images = neutralise_images(&mut doc);
    if images > 0 {
        diagnostics.push(Diagnostic::info(
            "pdf.images-skipped",
            format!("{images} image(s) kept out of the text extraction"),
        ));
    }
    for id in super::bomb::take_marked(&mut doc) {
        diagnostics.push(Diagnostic::warning(
            BOMB,
            format!(
                "an object stream (object {} {}) inflates past {} MiB: dropped as a decompression bomb (the objects in it are missing)",
                id.0,
                id.1,
                super::bomb::MAX_OTHER >> 20
            ),
        ));
    }
    // Before anything below inflates a stream (fonts, CMaps) and before pdf-extract does.
    let dropped = super::bomb::defuse(&mut doc);
    super::guard::unlink_dropped_cmaps(&mut doc, &dropped.iter().map(|d| d.id).collect::<Vec<_>>());
    for d in dropped {
        let what = format!(
            "a stream (object {} {}) inflates past {} MiB: dropped as a decompression bomb",
            d.id.0,
            d.id.1,
            d.cap >> 20
        );
        match d.pages.as_slice() {
            [] => diagnostics.push(Diagnostic::warning(BOMB, what)),
            pages => {
                for &p in pages {
                    diagnostics.push(
                        Diagnostic::warning(BOMB, format!("page {p}: {what}")).on_page(Some(p)),
                    );
                }
            }
        }
    }
    let decoded = super::filters::decode_content(&mut doc);
    count_info(
        &mut diagnostics,
        decoded,
        "pdf.filters-decoded",
        "content stream(s) in filters lopdf does not decode (RunLength, abbreviated names, ASCIIHex): decoded",
    );
    let rows = super::predict::repair_short_rows(&mut doc);
    count_warning(
        &mut diagnostics,
        rows,
        "pdf.predictor-rows-repaired",
        "content stream(s) whose PNG-predicted last row is short: decoded as far as they go",
    );
    let clamped = super::guard::clamp_to_unicode(&mut doc);
    count_warning(
        &mut diagnostics,
        clamped,
        "pdf.tounicode-clamped",
        "ToUnicode map(s) with ranges over more codes than a font has: cut",
    );
    let type0 = super::guard::repair_type0(&mut doc);
    count_warning(
        &mut diagnostics,
        type0,
        "pdf.font-repaired",
        "composite (Type0) font(s) without a usable descendant font or encoding: given plain ones",
    );
    let widths = rewrite_width_ranges(&mut doc);
    count_info(
        &mut diagnostics,
        widths,
        "pdf.widths-rewritten",
        "CID font width table(s) rewritten from range form",
    );
    // Before vertical fonts are marked: an installed font is checked against their `/W`.
    let recovered = recover_to_unicode(&mut doc);
    let vertical = mark_vertical_fonts(&mut doc);
    count_info(
        &mut diagnostics,
        vertical,
        "pdf.vertical",
        "font(s) in vertical writing",
    );
    count_info(
        &mut diagnostics,
        recovered.embedded,
        "pdf.tounicode-recovered",
        "font(s) without ToUnicode read through their embedded font's cmap",
    );
    count_info(
        &mut diagnostics,
        recovered.japan1,
        "pdf.tounicode-japan1",
        "Adobe-Japan1 font(s) without ToUnicode read through the Adobe-Japan1 CID table",
    );
    let (type3, simple, unreadable, mut system) = map_glyph_names(&mut doc);
    count_info(
        &mut diagnostics,
        type3,
        "pdf.type3-names",
        "Type3 font(s) without ToUnicode read through their glyph names",
    );
    count_info(
        &mut diagnostics,
        simple,
        "pdf.builtin-encoding",
        "embedded font(s) without ToUnicode read through their own encoding",
    );
    for (file, n) in recovered.system {
        *system.entry(file).or_default() += n;
    }
    from_system(&mut diagnostics, system);
    diagnostics.extend(unreadable);
    let cff = super::guard::drop_unreadable_cff(&mut doc);
    count_warning(
        &mut diagnostics,
        cff,
        "pdf.font-program-dropped",
        "embedded CFF font program(s) that do not parse ignored",
    );
    let cmaps = map_predefined_cmaps(&mut doc);
    count_info(
        &mut diagnostics,
        cmaps,
        "pdf.predefined-cmap",
        "font(s) with a predefined Japanese CMap given an explicit mapping",
    );
    let cut = break_form_cycles(&mut doc);
    count_warning(
        &mut diagnostics,
        cut,
        "pdf.form-cycle",
        "self-referencing or too deeply nested form XObject call(s) cut",
    );
    Ok(Prepared { doc, diagnostics })
}

/// Info `pdf.font-from-system` per installed font file that fonts without ToUnicode were
/// read through: the output depends on it, so it is always named.
fn from_system(out: &mut Vec<Diagnostic>, files: std::collections::BTreeMap<String, usize>) {
    for (file, n) in files {
        out.push(Diagnostic::info(
            "pdf.font-from-system",
            format!("{n} font(s) without ToUnicode read through the installed font {file}"),
        ));
    }
}

/// An info saying how many fonts or tables a repair touched; nothing when it touched none.
fn count_info(out: &mut Vec<Diagnostic>, n: usize, code: &str, what: &str) {
    if n > 0 {
        out.push(Diagnostic::info(code, format!("{n} {what}")));
    }
}

/// A warning that `n` things were repaired, when there were any.
fn count_warning(out: &mut Vec<Diagnostic>, n: usize, code: &str, what: &str) {
    if n > 0 {
        out.push(Diagnostic::warning(code, format!("{n} {what}")));
    }
}

/// Is `b` PDF white space?
fn ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

/// The decimal number ending just before `end` (exclusive), and where it starts.
fn number_before(bytes: &[u8], end: usize) -> Option<(u64, usize)> {
    let mut start = end;
    while start > 0 && bytes[start - 1].is_ascii_digit() && end - start < 10 {
        start -= 1;
    }
    if start == end {
        return None;
    }
    let s = std::str::from_utf8(&bytes[start..end]).ok()?;
    Some((s.parse().ok()?, start))
}

/// `N G obj` headers in the file: object number → offset (the last one wins, as with
/// incremental updates).
pub(super) fn object_offsets(bytes: &[u8]) -> std::collections::BTreeMap<u64, usize> {
    let mut found = std::collections::BTreeMap::new();
    for at in memchr::memmem::find_iter(bytes, b"obj") {
        // "obj" followed by white space or a delimiter, not "objstm"/"endobj".
        if bytes.get(at + 3).is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let Some(mut i) = at.checked_sub(1) else {
            continue;
        };
        if !ws(bytes[i]) {
            continue;
        }
        while i > 0 && ws(bytes[i - 1]) {
            i -= 1;
        }
        let Some((_gen, gstart)) = number_before(bytes, i) else {
            continue;
        };
        let mut j = gstart;
        if j == 0 || !ws(bytes[j - 1]) {
            continue;
        }
        while j > 0 && ws(bytes[j - 1]) {
            j -= 1;
        }
        let Some((num, nstart)) = number_before(bytes, j) else {
            continue;
        };
        if nstart > 0 && !ws(bytes[nstart - 1]) {
            continue;
        }
        if num > 0 && num < 10_000_000 {
            found.insert(num, nstart);
        }
    }
    found
}

/// Longest structure element blanked: a real one is a few hundred bytes.
const MAX_STRUCT_ELEM: usize = 64 * 1024;

/// The file with every structure element of a tagged PDF (`N G obj <</Type /StructElem
/// …>> endobj`) turned into `null` padded with spaces, so offsets stay valid; `None` when
/// there is none. Nothing reads the structure tree, yet lopdf parses every object at load
/// time, and Chromium tags each table cell and each text run: on a 160-page export that was
/// 16,085 dictionaries and a fifth of the worker's instructions. Only an element whose
/// whole dictionary is plainly delimited is blanked (no stream, no literal string that
/// could hide an `endobj`); anything else is left for lopdf as before.
fn blank_structure(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut done = 0;
    // Bytes searched for `endobj`: a crafted file of element headers without an end must
    // not make this pass quadratic; past the budget the rest is left to lopdf.
    let mut budget = 2 * bytes.len() + MAX_STRUCT_ELEM;
    for at in memchr::memmem::find_iter(bytes, b"/StructElem") {
        if at < done {
            continue;
        }
        if budget == 0 {
            break;
        }
        if let Some((from, to)) = struct_elem_body(bytes, at, &mut budget) {
            let buf = out.get_or_insert_with(|| bytes.to_vec());
            let body = &mut buf[from..to];
            body.fill(b' ');
            body[1..5].copy_from_slice(b"null");
            done = to;
        }
    }
    out
}

/// The bytes between `obj` and `endobj` of the object whose dictionary opens with the
/// `/Type /StructElem` at `at`, if it is a plain dictionary.
fn struct_elem_body(bytes: &[u8], at: usize, budget: &mut usize) -> Option<(usize, usize)> {
    let next = *bytes.get(at + b"/StructElem".len())?;
    if !(ws(next) || b"/>".contains(&next)) {
        return None;
    }
    // Backwards: `/Type`, `<<`, `obj` with only white space between.
    let back = |mut i: usize, word: &[u8]| -> Option<usize> {
        while i > 0 && ws(bytes[i - 1]) {
            i -= 1;
        }
        let start = i.checked_sub(word.len())?;
        (&bytes[start..i] == word).then_some(start)
    };
    let t = back(at, b"/Type")?;
    let d = back(t, b"<<")?;
    let o = back(d, b"obj")?;
    // `N G obj`: a generation number right before.
    let mut g = o;
    while g > 0 && ws(bytes[g - 1]) {
        g -= 1;
    }
    if g == o || number_before(bytes, g).is_none() {
        return None;
    }
    let from = o + b"obj".len();
    let window = &bytes[from..(from + MAX_STRUCT_ELEM).min(bytes.len())];
    let found = memchr::memmem::find(window, b"endobj");
    *budget = budget.saturating_sub(found.unwrap_or(window.len()));
    let end = found?;
    let body = &window[..end];
    let closed = body
        .iter()
        .rposition(|b| !ws(*b))
        .is_some_and(|i| i >= 1 && &body[i - 1..=i] == b">>");
    if !closed
        || body.contains(&b'(')
        || memchr::memmem::find(body, b"stream").is_some()
        || memchr::memmem::find(body, b" obj").is_some()
        || body.len() < 5
    {
        return None;
    }
    Some((from, from + end))
}

/// Pages whose `/Contents` name an object the document does not have (or that is no
/// stream), plus the fonts of pages' resources that are missing: signs that the
/// cross-reference table points at the wrong places.
fn lost_contents(doc: &Document) -> usize {
    doc.get_pages()
        .into_values()
        .map(|page| {
            let has_contents = doc
                .get_dictionary(page)
                .is_ok_and(|d| d.get(b"Contents").is_ok());
            let contents = has_contents
                && doc
                    .get_page_contents(page)
                    .iter()
                    .all(|id| !matches!(doc.objects.get(id), Some(Object::Stream(_))));
            usize::from(contents) + lost_fonts(doc, page)
        })
        .sum()
}

/// Fonts of a page's own resources that the table cannot find (a cross-reference entry
/// pointing into the middle of a stream loses the object there), or finds as something
/// other than a dictionary.
fn lost_fonts(doc: &Document, page: ObjectId) -> usize {
    fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
        match o {
            Object::Reference(id) => doc.objects.get(id),
            o => Some(o),
        }
    }
    let Some(Object::Dictionary(res)) = doc
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"Resources").ok())
        .and_then(|o| deref(doc, o))
    else {
        return 0;
    };
    let Some(Object::Dictionary(fonts)) = res.get(b"Font").ok().and_then(|o| deref(doc, o)) else {
        return 0;
    };
    fonts
        .iter()
        .filter(|(_, f)| {
            matches!(f, Object::Reference(_))
                && !matches!(deref(doc, f), Some(Object::Dictionary(_)))
        })
        .count()
}

/// Append a fresh cross-reference table and trailer built from a scan of the objects.
fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let offsets = object_offsets(bytes);
    let catalog = offsets.iter().rev().find_map(|(&n, &off)| {
        let end = (off + 4096).min(bytes.len());
        let body = &bytes[off..end];
        let body = match memchr::memmem::find(body, b"endobj") {
            Some(e) => &body[..e],
            None => body,
        };
        let squeezed: Vec<u8> = body.iter().copied().filter(|b| !ws(*b)).collect();
        memchr::memmem::find(&squeezed, b"/Type/Catalog").map(|_| n)
    });
    // A catalog kept in an object stream is found through the last `/Root` the file
    // names (its trailer or cross-reference stream).
    let catalog = match catalog {
        Some(n) => n,
        None => last_root(bytes)?,
    };
    let size = offsets.keys().next_back().copied()? + 1;
    let mut out = bytes.to_vec();
    out.extend_from_slice(b"\n");
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.get(&n) {
            Some(off) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    let mut trailer = format!("trailer\n<< /Size {size} /Root {catalog} 0 R");
    // Keep the encryption of the file: its last trailer names it.
    if let Some(t) = memchr::memmem::rfind(bytes, b"trailer") {
        let tail = String::from_utf8_lossy(&bytes[t..(t + 2048).min(bytes.len())]).into_owned();
        for key in ["/Encrypt", "/ID"] {
            if let Some(k) = tail.find(key) {
                let rest = &tail[k..];
                let end = if key == "/ID" {
                    rest.find(']').map(|e| e + 1)
                } else {
                    rest.find('R').map(|e| e + 1)
                };
                if let Some(e) = end {
                    trailer.push(' ');
                    trailer.push_str(&rest[..e]);
                }
            }
        }
    }
    trailer.push_str(&format!(" >>\nstartxref\n{xref_at}\n%%EOF\n"));
    out.extend_from_slice(trailer.as_bytes());
    Some(out)
}

/// The object number of the last `/Root n g R` in the file.
fn last_root(bytes: &[u8]) -> Option<u64> {
    let at = memchr::memmem::rfind(bytes, b"/Root")?;
    let rest = &bytes[at + 5..(at + 64).min(bytes.len())];
    let text = std::str::from_utf8(rest).ok().or_else(|| {
        let end = rest.iter().position(|b| !b.is_ascii())?;
        std::str::from_utf8(&rest[..end]).ok()
    })?;
    let mut words = text.split_ascii_whitespace();
    let n = words.next()?.parse().ok()?;
    words.next()?.parse::<u16>().ok()?;
    (words.next()?.starts_with('R')).then_some(n)
}

/// A page tree that leads to no page (broken `/Kids`, a lost `/Pages` node): collect the
/// page objects in object order under a new node with a default A4 media box.
fn rebuild_page_tree(doc: &mut Document) -> usize {
    let pages: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(&id, o)| {
            let d = o.as_dict().ok()?;
            name_is(d, b"Type", b"Page").then_some(id)
        })
        .collect();
    if pages.is_empty() {
        return 0;
    }
    let mut node = pages_node(&pages);
    node.set(
        "MediaBox",
        Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
    );
    let node_id = doc.add_object(Object::Dictionary(node));
    for p in &pages {
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(p) {
            d.set("Parent", Object::Reference(node_id));
        }
    }
    let root = doc.trailer.get(b"Root").and_then(|o| o.as_reference()).ok();
    match root.and_then(|r| doc.objects.get_mut(&r)) {
        Some(Object::Dictionary(c)) => c.set("Pages", Object::Reference(node_id)),
        _ => {
            let mut c = Dictionary::new();
            c.set("Type", Object::Name(b"Catalog".to_vec()));
            c.set("Pages", Object::Reference(node_id));
            let cid = doc.add_object(Object::Dictionary(c));
            doc.trailer.set("Root", Object::Reference(cid));
        }
    }
    pages.len()
}

/// A page tree whose `/Kids` lead back up (or to one node twice) makes lopdf list the same
/// pages again and again, up to its step limit: the same text read many times. Such a tree
/// is replaced by one node listing each page once, in first-visit order; the pages keep
/// their `/Parent`, so what they inherit is unchanged. How many repeats were dropped.
fn read_each_page_once(doc: &mut Document) -> usize {
    let pages = doc.get_pages();
    let mut seen = std::collections::HashSet::with_capacity(pages.len());
    let order: Vec<ObjectId> = pages
        .values()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    let repeated = pages.len() - order.len();
    if repeated == 0 {
        return 0;
    }
    let node = doc.add_object(Object::Dictionary(pages_node(&order)));
    match doc.catalog_mut() {
        Ok(c) => {
            c.set("Pages", Object::Reference(node));
            repeated
        }
        Err(_) => {
            doc.objects.remove(&node);
            0
        }
    }
}

/// A page-tree node whose kids are `pages`, in order.
pub(super) fn pages_node(pages: &[ObjectId]) -> Dictionary {
    let mut node = Dictionary::new();
    node.set("Type", Object::Name(b"Pages".to_vec()));
    node.set(
        "Kids",
        Object::Array(pages.iter().map(|&p| Object::Reference(p)).collect()),
    );
    node.set("Count", Object::Integer(pages.len() as i64));
    node
}

fn load_error(e: lopdf::Error, bytes: &[u8]) -> PdfError {
    let msg = super::one_line(&e.to_string());
    let lower = msg.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("decrypt") {
        PdfError::Password
    } else if looks_truncated(bytes) {
        // The usual cause, and one the user can fix (download again); the parser's own
        // words only name the table it could not find.
        PdfError::Damaged(format!("{msg}; the file ends without %%EOF (truncated?)"))
    } else {
        PdfError::Damaged(msg)
    }
}

/// How the file is encrypted, when it says it is: its security handler and version.
fn unknown_encryption(doc: &Document) -> Option<String> {
    let e = doc.trailer.get(b"Encrypt").ok()?;
    let Some(Object::Dictionary(d)) = deref(doc, e) else {
        return Some("the /Encrypt entry is not a dictionary".into());
    };
    let name = |k: &[u8]| match d.get(k).ok().and_then(|o| deref(doc, o)) {
        Some(Object::Name(n)) => format!("/{}", String::from_utf8_lossy(n)),
        Some(Object::Integer(i)) => i.to_string(),
        _ => "?".into(),
    };
    Some(format!(
        "security handler {} /V {} /R {}",
        super::one_line(&name(b"Filter")),
        name(b"V"),
        name(b"R")
    ))
}

/// A PDF ends with `%%EOF` (writers may add a few bytes after it).
pub(super) fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    memchr::memmem::rfind(tail, b"%%EOF").is_none()
}

pub(super) fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> Option<&'a Object> {
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
    // Its own (empty) resources: it must not inherit its caller's and seem to call them.
    d.set("Resources", Object::Dictionary(Dictionary::new()));
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

/// The byte encodings behind the predefined CJK CMaps pdf-extract cannot read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Predefined {
    /// UniJIS-UCS2-H, UniGB-UCS2-H … : 2-byte codes, the BMP as UTF-16BE.
    Ucs2,
    /// UniJIS-UTF16-H, UniJIS2004-UTF16-V …: UTF-16BE with surrogate pairs (4 bytes).
    Utf16,
    /// UniJIS-UTF8-H, UniJIS2004-UTF8-V, UniJISPro-UTF8-V: UTF-8, 1 to 4 bytes.
    Utf8,
    /// UniJIS-UTF32-H, UniJISX0213-UTF32-V …: UTF-32BE, 4 bytes.
    Utf32,
    /// 90ms-RKSJ-H, 90msp-RKSJ-H, 83pv-RKSJ-H, Add-RKSJ-H …: Shift_JIS.
    ShiftJis,
    /// EUC-H / EUC-V: EUC-JP.
    EucJp,
    /// H / V: JIS X 0208 row-cell codes (ISO-2022-JP without the escapes).
    Jis,
}

impl Predefined {
    /// Is a code a Unicode character itself (so that only the characters the content
    /// uses need a ToUnicode entry)?
    fn is_unicode(self) -> bool {
        matches!(self, Self::Ucs2 | Self::Utf16 | Self::Utf8 | Self::Utf32)
    }

    /// The code of a character in a Unicode encoding, as bytes; `None` for the byte
    /// encodings and where the encoding cannot hold the character.
    fn code_of(self, c: char) -> Option<Vec<u8>> {
        match self {
            Self::Ucs2 => {
                let mut u = [0; 2];
                match c.encode_utf16(&mut u) {
                    [one] => Some(one.to_be_bytes().to_vec()),
                    _ => None,
                }
            }
            Self::Utf16 => Some(
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .flat_map(|u| u.to_be_bytes())
                    .collect(),
            ),
            Self::Utf8 => Some(c.encode_utf8(&mut [0; 4]).as_bytes().to_vec()),
            Self::Utf32 => Some((c as u32).to_be_bytes().to_vec()),
            Self::ShiftJis | Self::EucJp | Self::Jis => None,
        }
    }

    /// The characters of a string of codes in a Unicode encoding (nothing for the byte
    /// encodings); bytes that form no character are skipped.
    fn chars_of(self, bytes: &[u8], out: &mut std::collections::BTreeSet<char>) {
        match self {
            Self::Ucs2 => out.extend(
                bytes
                    .chunks_exact(2)
                    .filter_map(|p| char::from_u32(u32::from(u16::from_be_bytes([p[0], p[1]])))),
            ),
            Self::Utf16 => out.extend(
                char::decode_utf16(
                    bytes
                        .chunks_exact(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]])),
                )
                .filter_map(Result::ok),
            ),
            Self::Utf8 => {
                for chunk in bytes.utf8_chunks() {
                    out.extend(chunk.valid().chars());
                }
            }
            Self::Utf32 => out.extend(
                bytes
                    .chunks_exact(4)
                    .filter_map(|p| char::from_u32(u32::from_be_bytes([p[0], p[1], p[2], p[3]]))),
            ),
            Self::ShiftJis | Self::EucJp | Self::Jis => {}
        }
    }
}

fn predefined(name: &[u8]) -> Option<Predefined> {
    let n = String::from_utf8_lossy(name);
    let base = n.trim_end_matches("-H").trim_end_matches("-V");
    if n.starts_with("Identity") {
        None
    } else if n.contains("UCS2") || base.ends_with("-X") {
        // UniJIS-X (MuPDF's name for its combined UCS-2 map) has the same 2-byte codes.
        Some(Predefined::Ucs2)
    } else if n.contains("UTF16") || base.ends_with("-X16") {
        Some(Predefined::Utf16)
    } else if n.contains("UTF8") || base.ends_with("-X8") {
        Some(Predefined::Utf8)
    } else if n.contains("UTF32") || base.ends_with("-X32") {
        Some(Predefined::Utf32)
    } else if n.contains("RKSJ") {
        Some(Predefined::ShiftJis)
    } else if base.ends_with("EUC") {
        // EUC-H, 78-EUC-H (JIS C 6226-1978 glyph forms of the same codes).
        Some(Predefined::EucJp)
    } else if n == "H"
        || n == "V"
        || (matches!(base, "78" | "Ext" | "Add" | "NWP") && n.len() > base.len())
    {
        // H/V and the JIS X 0208 variants of old Japanese word processors: same 2-byte
        // codes, vendor glyphs aside.
        Some(Predefined::Jis)
    } else {
        None
    }
}

/// Codespace ranges (as hex pairs) of each encoding.
fn codespace(kind: Predefined) -> &'static [(&'static str, &'static str)] {
    match kind {
        Predefined::Ucs2 => &[("0000", "FFFF")],
        // Surrogates only as the first half of a 4-byte pair.
        Predefined::Utf16 => &[("0000", "D7FF"), ("E000", "FFFF"), ("D800DC00", "DBFFDFFF")],
        Predefined::Utf8 => &[
            ("00", "7F"),
            ("C280", "DFBF"),
            ("E0A080", "EFBFBF"),
            ("F0908080", "F48FBFBF"),
        ],
        Predefined::Utf32 => &[("00000000", "0010FFFF")],
        Predefined::ShiftJis => &[
            ("00", "80"),
            ("A0", "DF"),
            ("8140", "9FFC"),
            ("E040", "FCFC"),
        ],
        Predefined::EucJp => &[("00", "80"), ("8EA0", "8EDF"), ("A1A1", "FEFE")],
        Predefined::Jis => &[("2121", "7E7E")],
    }
}

/// The Unicode text of one code of a byte encoding, if the encoding defines it (the
/// Unicode encodings go by [`Predefined::code_of`] instead).
fn decode_code(kind: Predefined, code: u32, width: usize) -> Option<String> {
    let bytes: Vec<u8> = if width == 1 {
        vec![code as u8]
    } else {
        vec![(code >> 8) as u8, code as u8]
    };
    let (enc, input): (&'static encoding_rs::Encoding, Vec<u8>) = match kind {
        Predefined::Ucs2 | Predefined::Utf16 | Predefined::Utf8 | Predefined::Utf32 => {
            return None;
        }
        Predefined::ShiftJis => (encoding_rs::SHIFT_JIS, bytes),
        Predefined::EucJp => (encoding_rs::EUC_JP, bytes),
        Predefined::Jis => {
            let mut v = b"\x1b$B".to_vec();
            v.extend_from_slice(&bytes);
            v.extend_from_slice(b"\x1b(B");
            (encoding_rs::ISO_2022_JP, v)
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(&input);
    if had_errors || text.is_empty() || text.chars().any(|c| c.is_control() && c != ' ') {
        return None;
    }
    Some(text.into_owned())
}

/// Every code of a byte encoding (codes of 1 or 2 bytes) with its width in bytes.
fn codes(kind: Predefined) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    for (lo, hi) in codespace(kind) {
        let width = lo.len() / 2;
        let (Ok(lo), Ok(hi)) = (u32::from_str_radix(lo, 16), u32::from_str_radix(hi, 16)) else {
            continue;
        };
        if width == 1 {
            out.extend((lo..=hi).map(|c| (c, 1)));
        } else {
            // Two-byte ranges are rectangles: lead bytes × trail bytes.
            for lead in (lo >> 8)..=(hi >> 8) {
                for trail in (lo & 0xFF)..=(hi & 0xFF) {
                    out.push(((lead << 8) | trail, 2));
                }
            }
        }
    }
    out
}

/// An embedded CMap: the predefined codespace, every code mapped to the CID of the same
/// number (so that pdf-extract's CID-keyed lookups see the code).
///
/// Written for the CMap reader pdf-extract 0.12 uses (adobe-cmap-parser 0.4): it takes a
/// codespace bound of n bytes for codes of n/2 bytes, and reads only the first entry of a
/// `begincidrange` block correctly. So bounds are padded to twice their width with
/// leading zero bytes (same values), and one cidrange covers every code. The fixtures in
/// fixtures/pdf/cmap check the result end to end.
fn encoding_cmap(kind: Predefined) -> Vec<u8> {
    let cs = codespace(kind);
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Keikaku-Code-Identity def /CMapType 1 def\n",
    );
    s.push_str(&format!("{} begincodespacerange\n", cs.len()));
    for (lo, hi) in cs {
        let pad = "00".repeat(lo.len() / 2);
        s.push_str(&format!("<{pad}{lo}> <{pad}{hi}>\n"));
    }
    // Codes of up to 4 bytes (UTF-8, UTF-32): the one range covers them all.
    s.push_str("endcodespacerange\n1 begincidrange\n<00000000> <FFFFFFFF> 0\nendcidrange\n");
    s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

/// A ToUnicode CMap for every code the encoding defines. For the Unicode encodings only
/// the characters some content string holds (`used`) are written: the full 65,536-entry
/// UCS-2 map costs pdf-extract's CMap parser ~0.9 s per document, and UTF-8 and UTF-32
/// reach past a million codes.
fn to_unicode_cmap(kind: Predefined, used: &std::collections::BTreeSet<char>) -> Vec<u8> {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let mut entries: Vec<(String, String)> = Vec::new();
    if kind.is_unicode() {
        for &c in used {
            if c.is_control() {
                continue;
            }
            if let Some(code) = kind.code_of(c) {
                entries.push((hex(&code), utf16_hex(c.encode_utf8(&mut [0; 4]))));
            }
        }
    } else {
        for (code, width) in codes(kind) {
            if let Some(text) = decode_code(kind, code, width) {
                let code = if width == 1 {
                    format!("{code:02X}")
                } else {
                    format!("{code:04X}")
                };
                entries.push((code, utf16_hex(&text)));
            }
        }
    }
    super::cmap::to_unicode("Keikaku-ToUnicode", None, &[], &entries)
}

/// Widths by code: half-width ranges 500, the rest the default 1000.
fn half_widths(kind: Predefined) -> Vec<Object> {
    let ranges: &[(u32, u32)] = match kind {
        Predefined::Ucs2 | Predefined::Utf16 | Predefined::Utf32 => {
            &[(0x20, 0x7E), (0xFF61, 0xFF9F)]
        }
        // U+FF61–U+FF9F in UTF-8.
        Predefined::Utf8 => &[
            (0x20, 0x7E),
            (0xEF_BD_A1, 0xEF_BD_BF),
            (0xEF_BE_80, 0xEF_BE_9F),
        ],
        Predefined::ShiftJis => &[(0x20, 0x7E), (0xA1, 0xDF)],
        Predefined::EucJp => &[(0x20, 0x7E), (0x8EA1, 0x8EDF)],
        Predefined::Jis => &[],
    };
    let mut w = Vec::new();
    for &(lo, hi) in ranges {
        w.push(Object::Integer(lo as i64));
        w.push(Object::Array(
            (lo..=hi).map(|_| Object::Integer(500)).collect(),
        ));
    }
    w
}

/// pdf-extract panics on Type0 fonts whose encoding is a predefined CJK CMap (older
/// Acrobat, Word and 一太郎 output). Give each such font an embedded CMap with the same
/// codespace mapping codes to same-numbered CIDs, a ToUnicode built from the encoding
/// (kept if the font has its own), and widths by code.
fn map_predefined_cmaps(doc: &mut Document) -> usize {
    let mut fonts: Vec<(ObjectId, Predefined)> = Vec::new();
    for (&id, obj) in &doc.objects {
        let Ok(d) = obj.as_dict() else { continue };
        if !name_is(d, b"Subtype", b"Type0") {
            continue;
        }
        let Some(kind) = d
            .get(b"Encoding")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_name().ok())
            .and_then(predefined)
        else {
            continue;
        };
        fonts.push((id, kind));
    }
    if fonts.is_empty() {
        return 0;
    }
    // The characters the content holds, per Unicode encoding in use.
    let mut used: std::collections::BTreeMap<Predefined, std::collections::BTreeSet<char>> = fonts
        .iter()
        .filter(|(_, k)| k.is_unicode())
        .map(|&(_, k)| (k, std::collections::BTreeSet::new()))
        .collect();
    if !used.is_empty() {
        content_strings(doc, |bytes| {
            for (kind, chars) in used.iter_mut() {
                kind.chars_of(bytes, chars);
            }
        });
    }
    let none = std::collections::BTreeSet::new();
    let mut made: std::collections::BTreeMap<Predefined, (ObjectId, ObjectId)> =
        std::collections::BTreeMap::new();
    for &(id, kind) in &fonts {
        let (enc, tu) = match made.get(&kind) {
            Some(&p) => p,
            None => {
                let mut ed = Dictionary::new();
                ed.set("Type", Object::Name(b"CMap".to_vec()));
                let enc = doc.add_object(Object::Stream(Stream::new(ed, encoding_cmap(kind))));
                let tu = doc.add_object(Object::Stream(Stream::new(
                    Dictionary::new(),
                    to_unicode_cmap(kind, used.get(&kind).unwrap_or(&none)),
                )));
                made.insert(kind, (enc, tu));
                (enc, tu)
            }
        };
        let descendant = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"DescendantFonts").ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| o.as_reference().ok());
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
            d.set("Encoding", Object::Reference(enc));
            if d.get(b"ToUnicode").is_err() {
                d.set("ToUnicode", Object::Reference(tu));
            }
        }
        // The font's widths are keyed by Adobe-Japan1 CIDs, which no longer apply.
        if let Some(Object::Dictionary(cd)) = descendant.and_then(|c| doc.objects.get_mut(&c)) {
            let vertical = cd
                .get(b"DW")
                .ok()
                .and_then(|o| o.as_i64().ok())
                .is_some_and(|w| w == VERTICAL_MARK_WIDTH);
            if !vertical {
                cd.set("W", Object::Array(half_widths(kind)));
                cd.set("DW", Object::Integer(1000));
            }
        }
    }
    fonts.len()
}

/// CID → glyph id of a CIDFontType2: `/CIDToGIDMap` `/Identity` (or absent) or a stream
/// of big-endian glyph ids indexed by CID.
fn cid_to_gid(doc: &Document, cid_font: &Dictionary) -> Option<Vec<u16>> {
    match cid_font
        .get(b"CIDToGIDMap")
        .ok()
        .and_then(|o| deref(doc, o))
    {
        Some(Object::Stream(st)) => {
            let b = st.decompressed_content().ok()?;
            Some(
                b.chunks_exact(2)
                    .map(|p| u16::from_be_bytes([p[0], p[1]]))
                    .collect(),
            )
        }
        _ => None,
    }
}

/// A ToUnicode CMap from code → text pairs.
fn to_unicode_from(pairs: &[(u32, char)]) -> Vec<u8> {
    let chars: Vec<(String, String)> = pairs
        .iter()
        .map(|&(code, ch)| {
            (
                format!("{code:04X}"),
                utf16_hex(ch.encode_utf8(&mut [0; 4])),
            )
        })
        .collect();
    super::cmap::to_unicode("Keikaku-Recovered", Some(("0000", "FFFF")), &[], &chars)
}

/// Is the CID font's character collection Adobe-Japan1 (`/CIDSystemInfo`)?
fn is_japan1(doc: &Document, cid_font: &Dictionary) -> bool {
    let Some(Object::Dictionary(info)) = cid_font
        .get(b"CIDSystemInfo")
        .ok()
        .and_then(|o| deref(doc, o))
    else {
        return false;
    };
    let field = |k: &[u8]| match info.get(k).ok().and_then(|o| deref(doc, o)) {
        Some(Object::String(s, _)) => Some(s.clone()),
        Some(Object::Name(n)) => Some(n.clone()),
        _ => None,
    };
    field(b"Registry").as_deref() == Some(b"Adobe".as_slice())
        && field(b"Ordering").as_deref() == Some(b"Japan1".as_slice())
}

/// Where the text of CID fonts without ToUnicode was recovered from.
#[derive(Default)]
struct Recovered {
    /// From the embedded font's own cmap.
    embedded: usize,
    /// From the Adobe-Japan1 CID table.
    japan1: usize,
    /// From installed fonts: file → fonts read through it.
    system: std::collections::BTreeMap<String, usize>,
}

/// A CID font without ToUnicode reads as nothing. With Identity codes (code = CID):
/// where it embeds a TrueType font (`FontFile2`, or OpenType in `FontFile3`) whose `cmap`
/// still maps characters to glyphs, invert that map through `/CIDToGIDMap` into a
/// ToUnicode; failing that, when its character collection is Adobe-Japan1 (fonts left
/// unembedded by old Word, Acrobat and 一太郎, or an embedded bare CFF), the CIDs are
/// Adobe-Japan1 CIDs and the public CID → Unicode table applies.
fn recover_to_unicode(doc: &mut Document) -> Recovered {
    let mut fixes: Vec<(ObjectId, Option<Vec<u8>>)> = Vec::new();
    let mut done = Recovered::default();
    let mut used: Option<Vec<bool>> = None;
    for (&id, obj) in &doc.objects {
        let Ok(d) = obj.as_dict() else { continue };
        if !name_is(d, b"Subtype", b"Type0") || d.get(b"ToUnicode").is_ok() {
            continue;
        }
        let identity = d
            .get(b"Encoding")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n == b"Identity-H" || n == b"Identity-V");
        if !identity {
            continue;
        }
        let Some(Object::Dictionary(cid)) = d
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
        else {
            continue;
        };
        let embedded = embedded_chars(doc, cid);
        if embedded.is_none() && is_japan1(doc, cid) {
            fixes.push((id, None));
            done.japan1 += 1;
            continue;
        }
        let mut chars = embedded.clone().unwrap_or_default();
        // Glyphs the embedded `cmap` does not name (Chromium's vertical forms: it drops
        // the `GSUB` of its subsets), or a font without one.
        let used = used.get_or_insert_with(|| string_codes(doc));
        if let Some(found) = installed_cid_chars(doc, d, cid, &chars, used) {
            for (c, ch) in found.chars {
                chars.entry(u32::from(c)).or_insert(ch);
            }
            *done.system.entry(found.file).or_default() += 1;
        }
        if chars.is_empty() {
            continue;
        }
        if embedded.is_some() {
            done.embedded += 1;
        }
        let pairs: Vec<(u32, char)> = chars.into_iter().collect();
        fixes.push((id, Some(to_unicode_from(&pairs))));
    }
    let mut japan1: Option<ObjectId> = None;
    let used = match used {
        Some(u) => u,
        None if done.japan1 > 0 => string_codes(doc),
        None => Vec::new(),
    };
    for (id, cmap) in fixes {
        let tu = match cmap {
            Some(cmap) => doc.add_object(Object::Stream(Stream::new(Dictionary::new(), cmap))),
            // One shared table for every such font.
            None => *japan1.get_or_insert_with(|| {
                doc.add_object(Object::Stream(Stream::new(
                    Dictionary::new(),
                    super::japan1::to_unicode_cmap(&used),
                )))
            }),
        };
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
            d.set("ToUnicode", Object::Reference(tu));
        }
    }
    done
}

/// Every 2-byte code found in a string of a page's content or a form XObject (a superset
/// of the codes any 2-byte font draws), indexed by code.
fn string_codes(doc: &Document) -> Vec<bool> {
    let mut used = vec![false; 0x1_0000];
    content_strings(doc, |bytes| {
        for pair in bytes.chunks_exact(2) {
            used[usize::from(u16::from_be_bytes([pair[0], pair[1]]))] = true;
        }
    });
    used
}

/// Call `f` with every string of the pages' content streams and of the form XObjects.
fn content_strings(doc: &Document, mut f: impl FnMut(&[u8])) {
    let mut ids: Vec<ObjectId> = Vec::new();
    for (_, pid) in doc.get_pages() {
        if let Ok(page) = doc.get_dictionary(pid) {
            match page.get(b"Contents").ok().and_then(|o| deref(doc, o)) {
                Some(Object::Array(a)) => {
                    ids.extend(a.iter().filter_map(|o| o.as_reference().ok()))
                }
                Some(Object::Stream(_)) => ids.extend(
                    page.get(b"Contents")
                        .ok()
                        .and_then(|o| o.as_reference().ok()),
                ),
                _ => {}
            }
        }
    }
    for (&id, o) in &doc.objects {
        if let Object::Stream(s) = o {
            if name_is(&s.dict, b"Subtype", b"Form") {
                ids.push(id);
            }
        }
    }
    for id in ids {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let Ok(data) = s.decompressed_content() else {
            continue;
        };
        each_string(&data, &mut f);
    }
}

/// Call `f` with the bytes of every hex (`<…>`) and literal (`(…)`) string in content.
fn each_string(data: &[u8], mut f: impl FnMut(&[u8])) {
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'<' | b'(' => match super::content::string_at(data, i) {
                Some((s, end)) => {
                    f(&s);
                    i = end.max(i + 1);
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
}

/// CID → character by the embedded TrueType/OpenType font's `cmap` (and the substitutes
/// its `GSUB` makes of the glyphs it names), if it has one.
fn embedded_chars(
    doc: &Document,
    cid: &Dictionary,
) -> Option<std::collections::BTreeMap<u32, char>> {
    let Some(Object::Dictionary(fd)) = cid.get(b"FontDescriptor").ok().and_then(|o| deref(doc, o))
    else {
        return None;
    };
    let font = [b"FontFile2".as_slice(), b"FontFile3".as_slice()]
        .iter()
        .find_map(|k| match fd.get(k).ok().and_then(|o| deref(doc, o)) {
            Some(Object::Stream(st)) => st.decompressed_content().ok(),
            _ => None,
        })?;
    let mut glyphs = super::sfnt::glyph_chars(&font);
    if glyphs.is_empty() {
        return None;
    }
    super::sysfont::add_substitutes(&font, &mut glyphs);
    let pairs: std::collections::BTreeMap<u32, char> = match cid_to_gid(doc, cid) {
        Some(map) => map
            .iter()
            .enumerate()
            .filter_map(|(c, g)| Some((c as u32, *glyphs.get(g)?)))
            .collect(),
        None => glyphs.iter().map(|(&g, &c)| (u32::from(g), c)).collect(),
    };
    (!pairs.is_empty()).then_some(pairs)
}

/// CID → width in 1/1000 em of every CID `/W` lists (list and range forms), and `/DW`
/// (1000 when absent) for the CIDs in `cids` it does not.
fn cid_widths(
    doc: &Document,
    cid_font: &Dictionary,
    cids: &[u16],
) -> std::collections::BTreeMap<u16, f64> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(Object::Array(w)) = cid_font.get(b"W").ok().and_then(|o| deref(doc, o)) {
        let mut i = 0;
        while i < w.len() {
            let Some(first) = num(doc, &w[i]) else { break };
            match w.get(i + 1).and_then(|o| deref(doc, o)) {
                Some(Object::Array(ws)) => {
                    for (k, o) in ws.iter().enumerate() {
                        let c = first as i64 + k as i64;
                        if let (Ok(c), Some(v)) = (u16::try_from(c), num(doc, o)) {
                            out.insert(c, v);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let (Some(last), Some(v)) =
                        (num(doc, o), w.get(i + 2).and_then(|o| num(doc, o)))
                    else {
                        break;
                    };
                    let (lo, hi) = (first as i64, (last as i64).min(first as i64 + MAX_W_RANGE));
                    for c in lo..=hi {
                        if let Ok(c) = u16::try_from(c) {
                            out.insert(c, v);
                        }
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }
    let dw = cid_font
        .get(b"DW")
        .ok()
        .and_then(|o| num(doc, o))
        .unwrap_or(1000.0);
    for &c in cids {
        out.entry(c).or_insert(dw);
    }
    out
}

/// Characters for a CID font (Identity codes) without ToUnicode, without a Unicode `cmap`
/// and not Adobe-Japan1, from the installed font it was cut from, found by `/BaseFont` as
/// for simple fonts (`sysfont.rs`):
/// - an embedded TrueType program (`CIDFontType2`): its glyphs matched by outline, so it
///   does not matter whether the producer renumbered them (cairo) or kept the original
///   glyph ids (Skia);
/// - an embedded CID-keyed CFF program (`CIDFontType0C`): `Adobe-Identity` CIDs are the
///   glyph ids of the font the subset was cut from (Noto CJK, Source Han), and the
///   program's charset lists the CIDs it draws.
///
/// Either is trusted only when the `/W` widths agree with the installed advances.
///
/// `known` holds the CIDs the embedded font already names, `used` the codes of the
/// content's strings: nothing is looked up when every glyph drawn is named, so ordinary
/// fonts never touch the font directories.
fn installed_cid_chars(
    doc: &Document,
    type0: &Dictionary,
    cid: &Dictionary,
    known: &std::collections::BTreeMap<u32, char>,
    used: &[bool],
) -> Option<super::sysfont::Found> {
    let drawn = |c: u16| used.get(usize::from(c)).copied().unwrap_or(false);
    let needed = |c: u16| drawn(c) && !known.contains_key(&u32::from(c));
    // Widths of the glyphs drawn only: a subset that keeps the original glyph ids lists
    // thousands of empty CIDs at `/DW`, which would agree with any CJK font.
    let widths = |cids: &[u16]| {
        let mut w = cid_widths(doc, cid, cids);
        w.retain(|&c, _| drawn(c));
        w
    };
    let base_font = [cid, type0].iter().find_map(|d| {
        match d.get(b"BaseFont").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
            _ => None,
        }
    })?;
    let Some(Object::Dictionary(fd)) = cid.get(b"FontDescriptor").ok().and_then(|o| deref(doc, o))
    else {
        return None;
    };
    let program = |k: &[u8]| match fd.get(k).ok().and_then(|o| deref(doc, o)) {
        Some(Object::Stream(st)) => Some((st.decompressed_content().ok()?, st.dict.clone())),
        _ => None,
    };
    if let Some((font, _)) = program(b"FontFile2") {
        let face = ttf_parser::Face::parse(&font, 0).ok()?;
        let n = face.number_of_glyphs();
        let listed = cid_widths(doc, cid, &[]);
        // CID → glyph of the subset: through /CIDToGIDMap, or the identity. Glyphs without
        // outline only where /W lists them (a space), since a subset empties the glyphs it
        // leaves out.
        let pairs: Vec<(u16, u16)> = match cid_to_gid(doc, cid) {
            Some(map) => map
                .iter()
                .enumerate()
                .filter(|&(_, &g)| g != 0 && g < n)
                .filter_map(|(c, &g)| Some((u16::try_from(c).ok()?, g)))
                .collect(),
            None => (1..n).map(|g| (g, g)).collect(),
        };
        let codes: std::collections::BTreeMap<u16, u16> = pairs
            .into_iter()
            .filter(|&(c, g)| {
                listed.contains_key(&c) || face.glyph_bounding_box(ttf_parser::GlyphId(g)).is_some()
            })
            .collect();
        if !codes.keys().any(|&c| needed(c)) {
            return None;
        }
        let cids: Vec<u16> = codes.keys().copied().collect();
        let req = super::sysfont::Request {
            base_font: &base_font,
            ids: std::collections::BTreeMap::new(),
            subset: Some((&font, codes)),
            widths: widths(&cids),
        };
        return super::sysfont::resolve(&req);
    }
    let (font, dict) = program(b"FontFile3")?;
    if !name_is(&dict, b"Subtype", b"CIDFontType0C") {
        return None;
    }
    let cids = super::cff::cids(&font)?;
    if !cids.iter().any(|&c| needed(c)) {
        return None;
    }
    let req = super::sysfont::Request {
        base_font: &base_font,
        ids: cids.iter().map(|&c| (c, c)).collect(),
        subset: None,
        widths: widths(&cids),
    };
    super::sysfont::resolve(&req)
}

/// Font object → the pages (1-based) whose resources name it, with its resource name.
fn font_users(doc: &Document) -> std::collections::BTreeMap<ObjectId, Vec<(u32, String)>> {
    let mut users: std::collections::BTreeMap<ObjectId, Vec<(u32, String)>> =
        std::collections::BTreeMap::new();
    for (n, pid) in doc.get_pages() {
        // Resources may be inherited from the page tree.
        let mut node = doc.get_dictionary(pid).ok();
        let mut res = None;
        for _ in 0..MAX_DEREF {
            let Some(d) = node else { break };
            if let Some(Object::Dictionary(r)) =
                d.get(b"Resources").ok().and_then(|o| deref(doc, o))
            {
                res = Some(r);
                break;
            }
            node = d
                .get(b"Parent")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
        }
        let Some(Object::Dictionary(fonts)) = res
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|o| deref(doc, o))
        else {
            continue;
        };
        for (name, v) in fonts.iter() {
            if let Ok(id) = v.as_reference() {
                users
                    .entry(id)
                    .or_default()
                    .push((n, String::from_utf8_lossy(name).into_owned()));
            }
        }
    }
    users
}

/// The embedded program of a simple font and its kind: `FontFile` is a Type 1 program,
/// `FontFile2` TrueType, `FontFile3` with `/Subtype /Type1C` a bare CFF one (OpenType in
/// `FontFile3` is left alone).
fn simple_program(doc: &Document, font: &Dictionary) -> Option<(Vec<u8>, super::simple::Program)> {
    use super::simple::Program;
    let Some(Object::Dictionary(fd)) = font.get(b"FontDescriptor").ok().and_then(|o| deref(doc, o))
    else {
        return None;
    };
    [
        (b"FontFile".as_slice(), Program::Type1),
        (b"FontFile2".as_slice(), Program::TrueType),
        (b"FontFile3".as_slice(), Program::Cff),
    ]
    .iter()
    .find_map(
        |(k, kind)| match fd.get(k).ok().and_then(|o| deref(doc, o)) {
            Some(Object::Stream(st))
                if *kind != Program::Cff || name_is(&st.dict, b"Subtype", b"Type1C") =>
            {
                Some((st.decompressed_content().ok()?, *kind))
            }
            _ => None,
        },
    )
}

/// What to do with one font's codes: a ToUnicode, and (for names only the full glyph
/// list knows) an `/Encoding` with `/Differences` pdf-extract reads itself.
struct NameFix {
    to_unicode: Option<Vec<u8>>,
    differences: Option<Vec<Object>>,
}

/// Fonts without ToUnicode whose codes pdf-extract would misread:
/// - Type3 fonts: pdf-extract knows the Adobe Glyph List names but not the `uniXXXX` /
///   `uXXXX` / `.suffix` rules, and a code whose name it does not know reads as the base
///   encoding's character, i.e. wrong text;
/// - embedded simple fonts (Type 1, TrueType) without an `/Encoding`, or with
///   `/Differences` and no base encoding: their codes mean what the font program's own
///   encoding says (office suites' subsets number their glyphs 1, 2, 3 …), which
///   pdf-extract does not read, so it prints Latin gibberish.
///
/// Each such font gets a ToUnicode from its glyph names by the Adobe Glyph List rules, or
/// from the TrueType program's Unicode `cmap`; names that may be in the full list are left
/// to pdf-extract (through `/Differences`); Skia's Type3 names (`g6F20`, a glyph id) are
/// looked up in the installed font (`skia_type3_chars`); names that cannot mean anything (`g12`
/// without such a font,
/// `cid11879`, an unnamed glyph) map to no text (counted as unmapped glyphs on their page),
/// and the font is named in a warning for every page that uses it.
/// Returns (Type3 fonts mapped, simple fonts mapped, warnings, installed font files used
/// with the number of fonts read through each).
fn map_glyph_names(
    doc: &mut Document,
) -> (
    usize,
    usize,
    Vec<Diagnostic>,
    std::collections::BTreeMap<String, usize>,
) {
    use super::simple::Meaning;
    let mut fixes: Vec<(ObjectId, NameFix)> = Vec::new();
    let mut unreadable: Vec<(ObjectId, bool, String)> = Vec::new();
    let (mut type3s, mut simples) = (0usize, 0usize);
    let mut system: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (&id, obj) in &doc.objects {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"ToUnicode").is_ok() {
            continue;
        }
        let type3 = name_is(d, b"Subtype", b"Type3");
        let simple = [b"Type1".as_slice(), b"MMType1", b"TrueType"]
            .iter()
            .any(|k| name_is(d, b"Subtype", k));
        if !type3 && !simple {
            continue;
        }
        let (diffs, based) = match d.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Dictionary(e)) => (
                e.get(b"Differences")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok()),
                e.get(b"BaseEncoding").is_ok(),
            ),
            // A named encoding: pdf-extract reads it as it is.
            Some(Object::Name(_)) => continue,
            _ => (None, false),
        };
        let mut meaning: std::collections::BTreeMap<u8, (Meaning, bool)> =
            std::collections::BTreeMap::new();
        let mut program = None;
        if simple && !based {
            if let Some((bytes, kind)) = simple_program(doc, d) {
                for (c, m) in super::simple::builtin(&bytes, kind) {
                    meaning.insert(c, (m, true));
                }
                program = Some((bytes, kind));
            }
        }
        if let Some((bytes, kind)) = &program {
            if let Some(found) = installed_font_chars(doc, d, bytes, *kind, &meaning) {
                for (c, ch) in found.chars {
                    if let Ok(c) = u8::try_from(c) {
                        meaning.insert(c, (Meaning::Char(ch), true));
                    }
                }
                *system.entry(found.file).or_default() += 1;
            }
        }
        let mut named = 0usize;
        if let Some(diffs) = diffs {
            let mut code: i64 = 0;
            for o in diffs {
                match deref(doc, o) {
                    Some(Object::Integer(i)) => code = *i,
                    Some(Object::Name(n)) => {
                        named += 1;
                        if let Ok(c) = u8::try_from(code) {
                            let name = String::from_utf8_lossy(n).into_owned();
                            meaning.insert(c, (Meaning::Name(name), false));
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        if type3 {
            if let Some(found) = skia_type3_chars(doc, d, &meaning) {
                // Skia fills the codes a font does not draw with `.notdef`, glyph 0.
                meaning.retain(|_, (m, _)| !matches!(m, Meaning::Name(n) if n == "g0"));
                for (c, ch) in found.chars {
                    if let Ok(c) = u8::try_from(c) {
                        meaning.insert(c, (Meaning::Char(ch), false));
                    }
                }
                *system.entry(found.file).or_default() += 1;
            }
        }
        if meaning.is_empty() {
            if type3 {
                let why = if diffs.is_some() && named == 0 {
                    "no glyph names (empty /Differences)"
                } else {
                    "no glyph names (no /Differences)"
                };
                unreadable.push((id, true, why.into()));
            }
            continue;
        }
        let mut entries: Vec<(u8, String)> = Vec::new();
        let mut listed: Vec<Object> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for (c, (m, from_program)) in meaning {
            let name = match m {
                Meaning::Char(ch) => {
                    entries.push((c, utf16_hex(&ch.to_string())));
                    continue;
                }
                Meaning::Name(n) => n,
            };
            match super::agl::text_of(&name) {
                Some(t) => entries.push((c, utf16_hex(&t))),
                // pdf-extract's own (full) glyph list may know it: left to its reading
                // of /Differences (written for names from the program).
                None if super::agl::may_be_listed(&name) => {
                    if from_program {
                        listed.push(Object::Integer(i64::from(c)));
                        listed.push(Object::Name(name.into_bytes()));
                    }
                }
                None => {
                    entries.push((c, String::new()));
                    unknown.push(if name.is_empty() {
                        format!("code {c} unnamed")
                    } else {
                        name
                    });
                }
            }
        }
        if !unknown.is_empty() {
            let shown: Vec<&str> = unknown.iter().take(5).map(String::as_str).collect();
            let more = if unknown.len() > 5 { " …" } else { "" };
            unreadable.push((
                id,
                type3,
                format!(
                    "{} glyph name(s) without Unicode meaning ({}{more})",
                    unknown.len(),
                    shown.join(", ")
                ),
            ));
        }
        if entries.is_empty() && listed.is_empty() {
            // Every name is one pdf-extract may know.
            continue;
        }
        if type3 {
            type3s += 1;
        } else {
            simples += 1;
        }
        fixes.push((
            id,
            NameFix {
                to_unicode: (!entries.is_empty()).then(|| names_cmap(&entries)),
                differences: (!listed.is_empty()).then_some(listed),
            },
        ));
    }
    for (id, fix) in fixes {
        let tu = fix
            .to_unicode
            .map(|cmap| doc.add_object(Object::Stream(Stream::new(Dictionary::new(), cmap))));
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
            if let Some(tu) = tu {
                d.set("ToUnicode", Object::Reference(tu));
            }
            if let Some(diffs) = fix.differences {
                let mut enc = Dictionary::new();
                enc.set("Type", Object::Name(b"Encoding".to_vec()));
                enc.set("Differences", Object::Array(diffs));
                d.set("Encoding", Object::Dictionary(enc));
            }
        }
    }
    let mut diagnostics = Vec::new();
    if !unreadable.is_empty() {
        let users = font_users(doc);
        for (id, type3, why) in unreadable {
            let (code, kind) = if type3 {
                ("pdf.type3-unreadable", "Type3 font")
            } else {
                ("pdf.font-unreadable", "font")
            };
            match users.get(&id) {
                Some(pages) => {
                    for (p, name) in pages {
                        diagnostics.push(
                            Diagnostic::warning(
                                code,
                                format!("page {p}: text in {kind} /{name} cannot be read: {why}"),
                            )
                            .on_page(Some(*p)),
                        );
                    }
                }
                None => diagnostics.push(Diagnostic::warning(
                    code,
                    format!(
                        "text in {kind} (object {} {}) cannot be read: {why}",
                        id.0, id.1
                    ),
                )),
            }
        }
    }
    (type3s, simples, diagnostics, system)
}

/// Characters from the installed font a subset was cut from, for a simple font some of
/// whose glyphs mean nothing by the program alone (`cidNNNNN` names, unnamed TrueType
/// glyphs); `None` at once when every glyph has a meaning, so ordinary fonts never touch
/// the font directories.
fn installed_font_chars(
    doc: &Document,
    font: &Dictionary,
    program: &[u8],
    kind: super::simple::Program,
    meaning: &std::collections::BTreeMap<u8, (super::simple::Meaning, bool)>,
) -> Option<super::sysfont::Found> {
    use super::simple::{Meaning, Program};
    let unknown: Vec<(u8, &str)> = meaning
        .iter()
        .filter_map(|(&c, (m, _))| match m {
            Meaning::Name(n)
                if super::agl::text_of(n).is_none() && !super::agl::may_be_listed(n) =>
            {
                Some((c, n.as_str()))
            }
            _ => None,
        })
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let base_font = match font.get(b"BaseFont").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        _ => return None,
    };
    let mut widths = std::collections::BTreeMap::new();
    let first = font.get(b"FirstChar").ok().and_then(|o| num(doc, o));
    if let (Some(first), Some(Object::Array(ws))) =
        (first, font.get(b"Widths").ok().and_then(|o| deref(doc, o)))
    {
        for (i, w) in ws.iter().enumerate() {
            let code = first as i64 + i as i64;
            if let (Ok(c), Some(w)) = (u8::try_from(code), num(doc, w)) {
                widths.insert(u16::from(c), w);
            }
        }
    }
    let mut req = super::sysfont::Request {
        base_font: &base_font,
        ids: std::collections::BTreeMap::new(),
        subset: None,
        widths,
    };
    match kind {
        Program::TrueType => {
            let glyphs = super::sfnt::code_glyphs(program);
            let codes = unknown
                .iter()
                .filter_map(|(c, _)| glyphs.get(c).map(|&g| (u16::from(*c), g)))
                .collect();
            req.subset = Some((program, codes));
        }
        Program::Type1 | Program::Cff => {
            req.ids = unknown
                .iter()
                .filter_map(|&(c, n)| super::sysfont::glyph_id_name(n).map(|g| (u16::from(c), g)))
                .collect();
            if req.ids.is_empty() {
                return None;
            }
        }
    }
    super::sysfont::resolve(&req)
}

/// Characters for a Type3 font whose glyphs Skia named by glyph id (`g6F20`: Chromium
/// draws a font it cannot embed, such as the CFF-based Noto CJK collections, as Type3
/// fonts of its outlines), from the installed font its `/FontDescriptor` names. Trusted
/// only when the `/Widths` (scaled by `/FontMatrix`) agree with the installed advances.
fn skia_type3_chars(
    doc: &Document,
    font: &Dictionary,
    meaning: &std::collections::BTreeMap<u8, (super::simple::Meaning, bool)>,
) -> Option<super::sysfont::Found> {
    use super::simple::Meaning;
    let ids: std::collections::BTreeMap<u16, u16> = meaning
        .iter()
        .filter_map(|(&c, (m, _))| match m {
            Meaning::Name(n) if super::agl::text_of(n).is_none() => {
                // Glyph 0 (.notdef) fills the unused codes.
                super::sysfont::skia_glyph_name(n)
                    .filter(|&g| g != 0)
                    .map(|g| (u16::from(c), g))
            }
            _ => None,
        })
        .collect();
    if ids.is_empty() {
        return None;
    }
    let fd = match font.get(b"FontDescriptor").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Dictionary(fd)) => Some(fd),
        _ => None,
    };
    let base_font = [
        fd.and_then(|fd| fd.get(b"FontName").ok()),
        font.get(b"BaseFont").ok(),
    ]
    .into_iter()
    .flatten()
    .find_map(|o| match deref(doc, o) {
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    })?;
    let scale = match font.get(b"FontMatrix").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Array(m)) => m.first().and_then(|o| num(doc, o))? * 1000.0,
        _ => return None,
    };
    let mut widths = std::collections::BTreeMap::new();
    let first = font.get(b"FirstChar").ok().and_then(|o| num(doc, o))?;
    if let Some(Object::Array(ws)) = font.get(b"Widths").ok().and_then(|o| deref(doc, o)) {
        for (i, w) in ws.iter().enumerate() {
            let code = first as i64 + i as i64;
            if let (Ok(c), Some(w)) = (u16::try_from(code), num(doc, w)) {
                if ids.contains_key(&c) {
                    widths.insert(c, w * scale);
                }
            }
        }
    }
    super::sysfont::resolve(&super::sysfont::Request {
        base_font: &base_font,
        ids,
        subset: None,
        widths,
    })
}

/// A one-byte ToUnicode CMap of `entries` (an empty text maps the code to nothing).
fn names_cmap(entries: &[(u8, String)]) -> Vec<u8> {
    let chars: Vec<(String, String)> = entries
        .iter()
        .map(|(c, hex)| (format!("{c:02X}"), hex.clone()))
        .collect();
    super::cmap::to_unicode("Keikaku-Glyph-Names", Some(("00", "FF")), &[], &chars)
}

/// The width (in 1/1000 em) given to every glyph of a vertical font: pdf-extract knows
/// only horizontal advances, so vertical fonts get this tell-tale width and the output
/// device stacks their glyphs downwards instead (see `dev.rs`).
pub const VERTICAL_MARK_WIDTH: i64 = 1;

fn is_vertical_encoding(doc: &Document, font: &Dictionary) -> bool {
    let Some(o) = font.get(b"Encoding").ok().and_then(|o| deref(doc, o)) else {
        return false;
    };
    match o {
        Object::Name(n) => n.ends_with(b"-V") || n.as_slice() == b"V",
        Object::Stream(st) => st
            .dict
            .get(b"CMapName")
            .ok()
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n.ends_with(b"-V")),
        _ => false,
    }
}

/// Vertical writing (`Identity-V`, `UniJIS-UCS2-V`, `90ms-RKSJ-V` …): give every glyph the
/// marker width so that the output device can tell and place them top to bottom.
fn mark_vertical_fonts(doc: &mut Document) -> usize {
    let mut descendants = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if !name_is(d, b"Subtype", b"Type0") || !is_vertical_encoding(doc, d) {
            continue;
        }
        if let Some(id) = d
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| o.as_reference().ok())
        {
            descendants.push(id);
        }
    }
    for id in &descendants {
        if let Some(Object::Dictionary(cd)) = doc.objects.get_mut(id) {
            cd.set("W", Object::Array(Vec::new()));
            cd.set("DW", Object::Integer(VERTICAL_MARK_WIDTH));
        }
    }
    descendants.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_cut_short_is_called_truncated() {
        let whole = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        assert!(!looks_truncated(whole));
        assert!(!looks_truncated(b"%PDF-1.4\n%%EOF\n\0\0"));
        assert!(looks_truncated(&whole[..20]));
        assert!(looks_truncated(b""));
    }

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
    fn structure_elements_become_null_in_place() {
        let file: &[u8] = b"%PDF-1.4\n\
            5 0 obj\n<</Type /StructElem\n/S /TD\n/P 4 0 R\n/K [56 6 0 R]\n\
            /A [<</O /Table\n/RowSpan 1>>]>>\nendobj\n\
            6 0 obj\n<</Type/StructElem/S/Span/Alt (x endobj y)>>\nendobj\n\
            7 0 obj\n<</Type /Page\n/StructParents 0>>\nendobj\n";
        let out = blank_structure(file).expect("one element is plain");
        assert_eq!(out.len(), file.len());
        let text = String::from_utf8(out).expect("ascii");
        // The first element: only `null` and spaces between `obj` and `endobj`.
        let (start, end) = (
            text.find("5 0 obj").unwrap() + 7,
            text.find("endobj").unwrap(),
        );
        assert_eq!(text[start..end].trim(), "null");
        // A literal string could hide an `endobj`: left as it was, like the page.
        assert!(text.contains("6 0 obj\n<</Type/StructElem/S/Span/Alt (x endobj y)>>"));
        assert!(text.contains("7 0 obj\n<</Type /Page\n/StructParents 0>>"));
        let other = blank_structure(b"1 0 obj\n<</Type /StructElemX>>\nendobj\n");
        assert!(other.is_none(), "another name is not an element");
        assert!(blank_structure(b"no objects here").is_none());
        // Element headers that never end: each search is cut at the window, and the whole
        // pass at the budget, so it stays linear.
        let endless = b"1 0 obj <</Type /StructElem /K 0 ".repeat(200_000);
        let t = std::time::Instant::now();
        assert!(blank_structure(&endless).is_none());
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn object_headers_are_found_by_scanning() {
        let f = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n12 0 obj 5 endobj 3 0 objx";
        let got = object_offsets(f);
        assert_eq!(got.get(&1), Some(&9));
        assert!(got.contains_key(&12));
        assert!(!got.contains_key(&3));
    }

    #[test]
    fn ucs2_to_unicode_holds_only_the_codes_the_content_uses() {
        let mut used = std::collections::BTreeSet::new();
        // 行 and A; the lone surrogate D800 is never a character.
        Predefined::Ucs2.chars_of(&[0x88, 0x4C, 0x00, 0x41, 0xD8, 0x00], &mut used);
        let cmap = String::from_utf8(to_unicode_cmap(Predefined::Ucs2, &used)).unwrap();
        let entries: Vec<&str> = cmap.lines().filter(|l| l.starts_with('<')).collect();
        assert_eq!(entries, ["<0041> <0041>", "<884C> <884C>"]);
        // Shift_JIS codes are mixed-width, so its map stays whole whatever is used.
        let none = std::collections::BTreeSet::new();
        let sjis = String::from_utf8(to_unicode_cmap(Predefined::ShiftJis, &none)).unwrap();
        assert!(sjis.lines().filter(|l| l.starts_with('<')).count() > 7000);
    }

    /// 行 is U+884C (UTF-8 E8 A1 8C), 𠮷 is U+20BB7 (UTF-16 D842 DFB7, UTF-8 F0 A0 AE B7).
    #[test]
    fn utf8_utf16_and_utf32_codes_map_to_their_characters() {
        let entries = |kind: Predefined, bytes: &[u8]| {
            let mut used = std::collections::BTreeSet::new();
            kind.chars_of(bytes, &mut used);
            let cmap = String::from_utf8(to_unicode_cmap(kind, &used)).unwrap_or_default();
            cmap.lines()
                .filter(|l| l.starts_with('<'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            entries(Predefined::Utf8, b"A\xE8\xA1\x8C\xF0\xA0\xAE\xB7\xFF"),
            ["<41> <0041>", "<E8A18C> <884C>", "<F0A0AEB7> <D842DFB7>"]
        );
        assert_eq!(
            entries(Predefined::Utf16, &[0x88, 0x4C, 0xD8, 0x42, 0xDF, 0xB7]),
            ["<884C> <884C>", "<D842DFB7> <D842DFB7>"]
        );
        assert_eq!(
            entries(
                Predefined::Utf32,
                &[0, 0, 0x88, 0x4C, 0, 2, 0x0B, 0xB7, 0x7F, 0, 0, 0]
            ),
            ["<0000884C> <884C>", "<00020BB7> <D842DFB7>"]
        );
    }

    #[test]
    fn predefined_cmaps_are_recognised_and_decoded() {
        assert_eq!(predefined(b"UniJIS-UCS2-H"), Some(Predefined::Ucs2));
        assert_eq!(predefined(b"90ms-RKSJ-V"), Some(Predefined::ShiftJis));
        assert_eq!(predefined(b"EUC-H"), Some(Predefined::EucJp));
        assert_eq!(predefined(b"H"), Some(Predefined::Jis));
        assert_eq!(predefined(b"V"), Some(Predefined::Jis));
        assert_eq!(predefined(b"Ext-H"), Some(Predefined::Jis));
        assert_eq!(predefined(b"78-EUC-V"), Some(Predefined::EucJp));
        assert_eq!(predefined(b"Ext-RKSJ-H"), Some(Predefined::ShiftJis));
        assert_eq!(predefined(b"UniJIS-UTF16-V"), Some(Predefined::Utf16));
        assert_eq!(predefined(b"UniJIS2004-UTF16-H"), Some(Predefined::Utf16));
        assert_eq!(predefined(b"UniJIS-UTF8-H"), Some(Predefined::Utf8));
        assert_eq!(predefined(b"UniJISPro-UTF8-V"), Some(Predefined::Utf8));
        assert_eq!(predefined(b"UniJIS2004-UTF8-V"), Some(Predefined::Utf8));
        assert_eq!(predefined(b"UniJIS-UTF32-V"), Some(Predefined::Utf32));
        assert_eq!(
            predefined(b"UniJISX02132004-UTF32-H"),
            Some(Predefined::Utf32)
        );
        assert_eq!(predefined(b"UniJIS-UCS2-HW-H"), Some(Predefined::Ucs2));
        assert_eq!(predefined(b"UniJIS-X"), Some(Predefined::Ucs2));
        assert_eq!(predefined(b"UniJIS-X16"), Some(Predefined::Utf16));
        assert_eq!(predefined(b"UniJIS-X8"), Some(Predefined::Utf8));
        assert_eq!(predefined(b"UniJIS-X32"), Some(Predefined::Utf32));
        assert_eq!(predefined(b"Hankaku"), None);
        assert_eq!(predefined(b"WinAnsiEncoding"), None);
        assert_eq!(predefined(b"Identity-H"), None);
        assert_eq!(
            decode_code(Predefined::ShiftJis, 0x8CF6, 2).as_deref(),
            Some("公")
        );
        assert_eq!(
            decode_code(Predefined::ShiftJis, 0x41, 1).as_deref(),
            Some("A")
        );
        assert_eq!(
            decode_code(Predefined::Jis, 0x3021, 2).as_deref(),
            Some("亜")
        );
        assert_eq!(
            decode_code(Predefined::EucJp, 0xB0A1, 2).as_deref(),
            Some("亜")
        );
        assert_eq!(Predefined::Ucs2.code_of('行'), Some(vec![0x88, 0x4C]));
        assert_eq!(Predefined::Ucs2.code_of('𠮷'), None);
    }

    #[test]
    fn strings_of_content_are_found() {
        let mut got: Vec<Vec<u8>> = Vec::new();
        each_string(
            b"BT /F1 12 Tf <072d 07E6> Tj [(a\\(b\\)) -20 (\\101(x))] TJ % (no)\n<< /A 1 >> ET <8>",
            |b| got.push(b.to_vec()),
        );
        assert_eq!(
            got,
            vec![
                vec![0x07, 0x2D, 0x07, 0xE6],
                b"a(b)".to_vec(),
                b"A(x)".to_vec(),
                vec![0x80],
            ]
        );
    }

    #[test]
    fn truncated_width_array_is_cut_not_left_to_panic() {
        let doc = Document::with_version("1.7");
        let arr = vec![Object::Integer(1), Object::Integer(3)];
        assert_eq!(list_form(&doc, &arr), Some(vec![]));
    }

    #[test]
    fn cid_widths_read_both_forms_and_the_default() {
        let doc = Document::with_version("1.7");
        let mut cd = Dictionary::new();
        cd.set(
            "W",
            Object::Array(vec![
                Object::Integer(1),
                Object::Array(vec![Object::Integer(500), Object::Real(600.5)]),
                Object::Integer(10),
                Object::Integer(12),
                Object::Integer(700),
            ]),
        );
        cd.set("DW", Object::Integer(900));
        let w = cid_widths(&doc, &cd, &[1, 11, 20]);
        let want: std::collections::BTreeMap<u16, f64> = [
            (1, 500.0),
            (2, 600.5),
            (10, 700.0),
            (11, 700.0),
            (12, 700.0),
            (20, 900.0),
        ]
        .into_iter()
        .collect();
        assert_eq!(w, want);
        // No /DW: 1000.
        let w = cid_widths(&doc, &Dictionary::new(), &[3]);
        assert_eq!(w.get(&3), Some(&1000.0));
    }
}

//! What a failed page needs besides its own content: the forms it draws and the
//! ToUnicode maps of the fonts it uses, repaired before the page is drawn again.
//!
//! A form XObject's content goes through the same lenient rewrite as a page's
//! ([`super::content::repair`]): a bad token in a form cost the whole page before. A
//! ToUnicode map that pdf-extract's CMap parser cannot read (an unterminated block, a
//! range whose array is shorter than its span, an odd-length destination, a lone
//! surrogate) made every page that used the font panic; it is written again from the
//! entries that can be read. An XObject entry that is no stream at all becomes an empty
//! form. All of this runs only for a page that failed or drew nothing, so good files
//! never pay for it.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::content::{self, Repair};

/// Forms and fonts visited from one page at most: a page of a real plan draws a handful.
const MAX_VISITS: usize = 4096;

/// Codes one rewritten ToUnicode map keeps in all (a 2-byte font has 65,536).
const MAX_CODES: usize = 1 << 16;

/// What was repaired for one page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Salvage {
    /// The forms' content repairs added up.
    pub forms: Repair,
    /// Forms whose content was rewritten.
    pub forms_rewritten: usize,
    /// ToUnicode maps rewritten or unlinked.
    pub maps: usize,
    /// XObject entries that were no stream, made empty forms.
    pub not_streams: usize,
}

/// Repair what page `page` draws through its resources (forms, fonts). `failed`: the page
/// failed as written, so every form is rewritten even when nothing is left out (the
/// rewrite itself is the repair: numbers past `i64`, strings pdf-extract chokes on).
pub fn salvage(doc: &mut Document, page: ObjectId, failed: bool) -> Salvage {
    let mut out = Salvage::default();
    let (forms, fonts, bad_xobjects) = reachable(doc, page);
    for id in bad_xobjects {
        let mut form = Dictionary::new();
        form.set("Type", Object::Name(b"XObject".to_vec()));
        form.set("Subtype", Object::Name(b"Form".to_vec()));
        form.set(
            "BBox",
            Object::Array(vec![0.into(), 0.into(), 1.into(), 1.into()]),
        );
        doc.objects
            .insert(id, Object::Stream(Stream::new(form, Vec::new())));
        out.not_streams += 1;
    }
    for id in forms {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let Some(data) = plain(s) else {
            continue;
        };
        let Some((fixed, r)) = content::repair(&data) else {
            continue;
        };
        if !failed && r.dropped + r.images == 0 {
            continue;
        }
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.set_plain_content(fixed);
            out.forms.kept += r.kept;
            out.forms.dropped += r.dropped;
            out.forms.images += r.images;
            out.forms_rewritten += 1;
        }
    }
    for font in fonts {
        if repair_to_unicode(doc, font) {
            out.maps += 1;
        }
    }
    out
}

/// Whether page `page`'s content, or a form it draws, has something the repair would
/// leave out, or it names an XObject that is no stream: a page that drew nothing for such
/// a reason is worth drawing again from a repaired copy.
pub fn needs_repair(doc: &Document, page: ObjectId) -> bool {
    let changes =
        |data: &[u8]| content::repair(data).is_some_and(|(_, r)| r.dropped + r.images > 0);
    let own = catch_unwind(AssertUnwindSafe(|| doc.get_page_content(page)))
        .ok()
        .and_then(Result::ok);
    if own.is_some_and(|d| changes(&d)) {
        return true;
    }
    let (forms, _, bad) = reachable(doc, page);
    !bad.is_empty()
        || forms.iter().any(|id| match doc.objects.get(id) {
            Some(Object::Stream(s)) => plain(s).is_some_and(|d| changes(&d)),
            _ => false,
        })
}

/// A stream's decoded bytes; `None` when its filters cannot be undone.
fn plain(s: &Stream) -> Option<Vec<u8>> {
    match s.decompressed_content() {
        Ok(d) => Some(d),
        Err(_) if s.dict.get(b"Filter").is_err() => Some(s.content.clone()),
        Err(_) => None,
    }
}

/// The form XObjects and fonts (by object id) page `page` can reach through its
/// resources and its forms' resources, and the XObject entries that are no stream.
fn reachable(doc: &Document, page: ObjectId) -> (Vec<ObjectId>, Vec<ObjectId>, Vec<ObjectId>) {
    let mut forms = BTreeSet::new();
    let mut fonts = BTreeSet::new();
    let mut bad = BTreeSet::new();
    let mut todo: Vec<&Dictionary> = page_resources(doc, page).into_iter().collect();
    let mut visits = 0;
    while let Some(res) = todo.pop() {
        visits += 1;
        if visits > MAX_VISITS {
            break;
        }
        if let Some(d) = entry_dict(doc, res, b"Font") {
            fonts.extend(d.iter().filter_map(|(_, v)| v.as_reference().ok()));
        }
        let Some(x) = entry_dict(doc, res, b"XObject") else {
            continue;
        };
        for (_, v) in x.iter() {
            let Ok(id) = v.as_reference() else {
                continue;
            };
            match doc.objects.get(&id) {
                Some(Object::Stream(s)) => {
                    let form =
                        matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form");
                    if form && forms.insert(id) {
                        if let Some(r) = entry_dict(doc, &s.dict, b"Resources") {
                            todo.push(r);
                        }
                    }
                }
                Some(Object::Dictionary(d)) if is_page_like(d) => {}
                Some(_) => {
                    bad.insert(id);
                }
                None => {}
            }
        }
    }
    (
        forms.into_iter().collect(),
        fonts.into_iter().collect(),
        bad.into_iter().collect(),
    )
}

/// Dictionaries that must not be replaced even when named as an XObject.
fn is_page_like(d: &Dictionary) -> bool {
    matches!(d.get(b"Type"), Ok(Object::Name(n))
        if [&b"Page"[..], b"Pages", b"Catalog", b"Font", b"FontDescriptor"].contains(&n.as_slice()))
}

/// The page's resources, inherited from its parents when it has none.
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Some(r) = entry_dict(doc, dict, b"Resources") {
            return Some(r);
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// `d[key]` as a dictionary, through one reference.
fn entry_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match d.get(key).ok()? {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// Make font `font`'s ToUnicode one pdf-extract can take: a map its parser cannot read is
/// written again from the entries that can be read (unlinked when none can), one that is
/// no stream and no `/Identity-H` is unlinked. Whether anything changed.
fn repair_to_unicode(doc: &mut Document, font: ObjectId) -> bool {
    let Ok(dict) = doc.get_dictionary(font) else {
        return false;
    };
    let map = match dict.get(b"ToUnicode") {
        Err(_) => return false,
        Ok(Object::Reference(id)) => doc.objects.get(id).map(|o| (Some(*id), o)),
        Ok(o) => Some((None, o)),
    };
    let fixed = match map {
        Some((_, Object::Name(n))) if n == b"Identity-H" => return false,
        Some((Some(id), Object::Stream(s))) => {
            let Some(data) = plain(s) else {
                return false;
            };
            if parses(&data) {
                return false;
            }
            lenient(&data).map(|f| (id, f))
        }
        _ => None,
    };
    match fixed {
        Some((id, cmap)) => {
            if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
                s.set_plain_content(cmap);
            }
        }
        None => {
            if let Ok(d) = doc.get_dictionary_mut(font) {
                d.remove(b"ToUnicode");
            }
        }
    }
    true
}

/// Whether pdf-extract reads `cmap` without panicking: its parser, then its own checks
/// of every destination (even length, UTF-16 that decodes unless it is one surrogate).
fn parses(cmap: &[u8]) -> bool {
    let Ok(Ok(map)) = catch_unwind(AssertUnwindSafe(|| {
        adobe_cmap_parser::get_unicode_map(cmap)
    })) else {
        return false;
    };
    map.values().all(|v| utf16(v).is_some())
}

/// A destination as pdf-extract decodes it; `None` where it would panic.
fn utf16(v: &[u8]) -> Option<()> {
    if !v.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = v
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    if let [0xd800..=0xdfff] = units.as_slice() {
        return Some(());
    }
    String::from_utf16(&units).ok().map(|_| ())
}

/// One token of a CMap as the lenient reader sees it.
enum Tok {
    Hex(Vec<u8>),
    Array(Vec<Vec<u8>>),
    Word(Vec<u8>),
}

/// `cmap` written again from its well-formed `bfchar` and `bfrange` entries, each block
/// ending at its `end…` keyword, the next `begin…` one or the end of the data; `None`
/// when no entry is well-formed.
fn lenient(cmap: &[u8]) -> Option<Vec<u8>> {
    let toks = tokens(cmap);
    let mut chars: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut ranges: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = Vec::new();
    let mut codes = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let block = match &toks[i] {
            Tok::Word(w) if w == b"beginbfchar" => 2,
            Tok::Word(w) if w == b"beginbfrange" => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        i += 1;
        let start = i;
        while i < toks.len()
            && !matches!(&toks[i], Tok::Word(w) if w.starts_with(b"end") || w.starts_with(b"begin"))
        {
            i += 1;
        }
        // An entry that does not read is skipped token by token, so one bad entry does
        // not cost the rest of its block.
        let entries = &toks[start..i];
        let mut j = 0;
        while j < entries.len() {
            if block == 2 {
                if let [Tok::Hex(src), Tok::Hex(dst), ..] = &entries[j..] {
                    if codes < MAX_CODES && (1..=4).contains(&src.len()) && good_dst(dst) {
                        chars.push((src.clone(), dst.clone()));
                        codes += 1;
                    }
                    j += 2;
                } else {
                    j += 1;
                }
                continue;
            }
            let [Tok::Hex(lo), Tok::Hex(hi), dst, ..] = &entries[j..] else {
                j += 1;
                continue;
            };
            if matches!(dst, Tok::Word(_)) {
                j += 1;
                continue;
            }
            j += 3;
            if !(1..=4).contains(&lo.len()) || lo.len() != hi.len() {
                continue;
            }
            let (l, h) = (number(lo), number(hi));
            if l > h {
                continue;
            }
            let span = usize::try_from(h - l + 1).unwrap_or(usize::MAX);
            if span > MAX_CODES - codes {
                continue;
            }
            match dst {
                Tok::Array(items) if items.len() == span && items.iter().all(|d| good_dst(d)) => {
                    for (k, d) in items.iter().enumerate() {
                        chars.push((code(l + k as u64, lo.len()), d.clone()));
                    }
                    codes += span;
                }
                // One BMP character counted up by the parser in 16 bits: only while it
                // stays inside the plane.
                Tok::Hex(d)
                    if d.len() == 2 && good_dst(d) && number(d) + span as u64 <= 0x1_0000 =>
                {
                    ranges.push((lo.clone(), hi.clone(), d.clone()));
                    codes += span;
                }
                _ => {}
            }
        }
    }
    if chars.is_empty() && ranges.is_empty() {
        return None;
    }
    let width = chars
        .iter()
        .map(|c| c.0.len())
        .chain(ranges.iter().map(|r| r.0.len()))
        .max()
        .unwrap_or(2);
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Keikaku-Repaired-UCS def /CMapType 2 def\n",
    );
    out.push_str(&format!(
        "1 begincodespacerange <{}> <{}> endcodespacerange\n",
        "00".repeat(width),
        "FF".repeat(width)
    ));
    for block in chars.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", block.len()));
        for (s, d) in block {
            out.push_str(&format!("<{}> <{}>\n", hex(s), hex(d)));
        }
        out.push_str("endbfchar\n");
    }
    for block in ranges.chunks(100) {
        out.push_str(&format!("{} beginbfrange\n", block.len()));
        for (l, h, d) in block {
            out.push_str(&format!("<{}> <{}> <{}>\n", hex(l), hex(h), hex(d)));
        }
        out.push_str("endbfrange\n");
    }
    out.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    Some(out.into_bytes())
}

/// A destination pdf-extract decodes: UTF-16BE of at most 256 units.
fn good_dst(d: &[u8]) -> bool {
    !d.is_empty() && d.len() <= 512 && utf16(d).is_some()
}

fn number(b: &[u8]) -> u64 {
    b.iter().fold(0, |n, &x| (n << 8) | u64::from(x))
}

fn code(v: u64, width: usize) -> Vec<u8> {
    v.to_be_bytes()[8 - width..].to_vec()
}

/// The hex strings, arrays of hex strings and words of `cmap`; a hex string with a
/// character that is no hex digit, or an odd count of digits, is a word (so that its
/// entry is not taken).
fn tokens(cmap: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut array: Option<Vec<Vec<u8>>> = None;
    let mut array_ok = true;
    while i < cmap.len() {
        let c = cmap[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'%' {
            i += cmap[i..]
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .unwrap_or(cmap.len() - i);
        } else if c == b'<' {
            let end = cmap[i + 1..]
                .iter()
                .position(|&c| c == b'>' || c == b'<')
                .map_or(cmap.len(), |e| i + 1 + e);
            let digits: Vec<u8> = cmap[i + 1..end]
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            i = if cmap.get(end) == Some(&b'>') {
                end + 1
            } else {
                end
            };
            let tok = decode_hex(&digits);
            match (&mut array, tok) {
                (Some(a), Some(h)) => a.push(h),
                (Some(_), None) => array_ok = false,
                (None, Some(h)) => out.push(Tok::Hex(h)),
                (None, None) => out.push(Tok::Word(b"?".to_vec())),
            }
        } else if c == b'[' {
            array = Some(Vec::new());
            array_ok = true;
            i += 1;
        } else if c == b']' {
            if let Some(a) = array.take() {
                out.push(if array_ok {
                    Tok::Array(a)
                } else {
                    Tok::Word(b"?".to_vec())
                });
            }
            i += 1;
        } else {
            let end = cmap[i..]
                .iter()
                .position(|&c| c.is_ascii_whitespace() || b"<>[]()/%".contains(&c))
                .map_or(cmap.len(), |e| i + e.max(1));
            // A word ends an unclosed array: the array is spoilt and the word (an `end…`
            // keyword, the next entry) still counts.
            if array.take().is_some() {
                out.push(Tok::Word(b"?".to_vec()));
            }
            out.push(Tok::Word(cmap[i..end].to_vec()));
            i = end;
        }
    }
    out
}

fn decode_hex(digits: &[u8]) -> Option<Vec<u8>> {
    if digits.is_empty() || !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|p| {
            let s = std::str::from_utf8(p).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(cmap: &[u8]) -> std::collections::HashMap<u32, Vec<u8>> {
        adobe_cmap_parser::get_unicode_map(cmap).expect("the rewrite parses")
    }

    #[test]
    fn a_well_formed_map_parses_and_is_left_alone() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            1 beginbfchar\n<0001> <7B2C>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n";
        assert!(parses(cmap));
    }

    #[test]
    fn an_unterminated_block_keeps_the_entries_before_the_cut() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            3 beginbfchar\n<0001> <7B2C>\n<0002> <0032>\n<0003> <6B";
        assert!(!parses(cmap));
        let m = map(&lenient(cmap).expect("two entries"));
        assert_eq!(m.len(), 2);
        assert_eq!(m[&1], vec![0x7B, 0x2C]);
        assert_eq!(m[&2], vec![0x00, 0x32]);
    }

    #[test]
    fn reversed_short_and_overflowing_ranges_are_left_out() {
        let cmap = b"3 beginbfrange\n<FFFF> <0000> <0041>\n<0000> <FFFF> <FFFF>\n\
            <0010> <0005> [<0041> <0042>]\n<0020> <0021> [<3042> <3044>]\nendbfrange\n\
            2 beginbfchar\n<0001 <7b2c>\n<0030> <D800DC00>\nendbfchar\n";
        assert!(!parses(cmap));
        let m = map(&lenient(cmap).expect("the good entries"));
        assert_eq!(m.get(&0x20), Some(&vec![0x30, 0x42]));
        assert_eq!(m.get(&0x21), Some(&vec![0x30, 0x44]));
        // a surrogate pair is one character (𐀀)
        assert_eq!(m.get(&0x30), Some(&vec![0xD8, 0x00, 0xDC, 0x00]));
        assert!(!m.contains_key(&0xFFFF) && !m.contains_key(&0x05));
    }

    #[test]
    fn an_unclosed_array_and_a_bad_entry_do_not_cost_the_next_block() {
        let cmap = b"2 beginbfchar\n<0001 <7b2c>\n<00> <>\nendbfchar\n\
            1 beginbfrange\n<0001> <00G2> [<zz> (x)\nendbfrange\n\
            2 beginbfchar\n<0002> <0032>\n<0003> <6B21>\nendbfchar\n";
        assert!(!parses(cmap));
        let m = map(&lenient(cmap).expect("three entries"));
        assert_eq!(m.len(), 3, "{m:?}");
        assert_eq!(m[&1], vec![0x7B, 0x2C]);
        assert_eq!(m[&3], vec![0x6B, 0x21]);
    }

    #[test]
    fn odd_digits_and_lone_surrogates_are_not_taken() {
        let cmap = b"3 beginbfchar\n<0001> <7B2>\n<0002> <D800DD>\n<0003> <3042>\nendbfchar\n";
        let m = map(&lenient(cmap).expect("one entry"));
        assert_eq!(m.len(), 1);
        assert_eq!(m[&3], vec![0x30, 0x42]);
        assert_eq!(lenient(b"1 beginbfchar <01> <zz> endbfchar"), None);
    }
}

//! Repairs for hostile object graphs found by the second sweep of broken PDFs
//! (docs/robustness.md, "A second sweep (session 5)"): each one stops pdf-extract from
//! looping, exhausting memory or panicking on a structure no real writer makes.

use std::collections::{BTreeSet, HashSet};

use lopdf::{dictionary, Document, Object, ObjectId};

/// Codes one ToUnicode CMap may map through `bfrange` entries in all. A 2-byte font has
/// at most 65,536 codes; pdf-extract expands every range into a hash map entry per code,
/// so `<00000000> <FFFFFFFF>` asked for 4 billion of them (2 GiB reached in 27 s).
const MAX_RANGE_CODES: u64 = 1 << 18;
/// One `bfrange` entry spans at most this many codes.
const MAX_RANGE: u64 = 1 << 16;

/// Pages whose `/Parent` chain runs in a circle: pdf-extract looks up inherited
/// `/Resources` and `/MediaBox` by following `/Parent` until it finds them, for ever when
/// the chain is a circle (a timeout). The link that closes the circle is removed, so the
/// page inherits what the nodes before it hold. How many links were cut.
pub fn cut_parent_cycles(doc: &mut Document) -> usize {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut cut = 0;
    for page in pages {
        let mut seen = HashSet::new();
        let mut at = page;
        loop {
            seen.insert(at);
            let parent = match doc.objects.get(&at) {
                Some(Object::Dictionary(d)) => d.get(b"Parent").and_then(Object::as_reference),
                _ => break,
            };
            let Ok(parent) = parent else { break };
            if seen.contains(&parent) {
                if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&at) {
                    d.remove(b"Parent");
                    cut += 1;
                }
                break;
            }
            at = parent;
        }
    }
    cut
}

/// ToUnicode CMaps whose `bfrange` entries cover more codes than any font has: each
/// range is cut to [`MAX_RANGE`] codes and ranges past [`MAX_RANGE_CODES`] in all are
/// dropped. The CMap is rewritten (uncompressed); how many were.
pub fn clamp_to_unicode(doc: &mut Document) -> usize {
    let ids: BTreeSet<ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| {
            o.as_dict()
                .ok()?
                .get(b"ToUnicode")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect();
    let mut n = 0;
    for id in ids {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let data = match s.decompressed_content() {
            Ok(d) => d,
            Err(_) if s.dict.get(b"Filter").is_err() => s.content.clone(),
            Err(_) => continue,
        };
        if let Some(fixed) = clamp_ranges(&data) {
            if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
                s.dict.remove(b"Filter");
                s.dict.remove(b"DecodeParms");
                s.set_content(fixed);
                n += 1;
            }
        }
    }
    n
}

/// `cmap` with its oversized `bfrange` entries cut; `None` when none is. Entries are cut,
/// never dropped: the CMap parser reads as many entries as the block's count says.
/// A range onto one UTF-16 code is also cut where the code would pass U+FFFF (the
/// parser adds in 16 bits: an overflow panic in a debug build, wrapped text otherwise).
fn clamp_ranges(cmap: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(cmap.len());
    let mut total = 0u64;
    let mut changed = false;
    let mut i = 0;
    while let Some(at) = memchr::memmem::find(&cmap[i..], b"beginbfrange") {
        let start = i + at + b"beginbfrange".len();
        out.extend_from_slice(&cmap[i..start]);
        let end =
            memchr::memmem::find(&cmap[start..], b"endbfrange").map_or(cmap.len(), |e| start + e);
        let mut j = start;
        while let Some((lo, hi, dst, next)) = range_entry(cmap, j, end) {
            let (Some(l), Some(h)) = (hex_value(&cmap[lo.clone()]), hex_value(&cmap[hi.clone()]))
            else {
                break;
            };
            let wanted = (h.saturating_sub(l)).saturating_add(1);
            let mut span = wanted
                .min(MAX_RANGE)
                .min(MAX_RANGE_CODES.saturating_sub(total).max(1));
            if cmap[dst.start] == b'[' || h < l {
                // an array's length is its span: as long as the file is
                span = wanted;
            } else if dst.len() == 6 {
                if let Some(v) = hex_value(&cmap[dst.clone()]) {
                    span = span.min(0x1_0000u64.saturating_sub(v).max(1));
                }
            }
            if span < wanted {
                changed = true;
                out.extend_from_slice(b"\n");
                out.extend_from_slice(&cmap[lo.clone()]);
                let width = lo.len().saturating_sub(2);
                out.extend_from_slice(format!(" <{:0width$X}> ", l + span - 1).as_bytes());
                out.extend_from_slice(&cmap[dst]);
            } else {
                out.extend_from_slice(&cmap[j..next]);
            }
            total = total.saturating_add(span);
            j = next;
        }
        out.extend_from_slice(&cmap[j..end]);
        i = end;
    }
    out.extend_from_slice(&cmap[i..]);
    changed.then_some(out)
}

/// One `bfrange` entry `<lo> <hi> <dst>` or `<lo> <hi> [ … ]` from `at`: the byte ranges
/// of its three parts and where the next entry starts.
#[allow(clippy::type_complexity)]
fn range_entry(
    b: &[u8],
    at: usize,
    end: usize,
) -> Option<(
    std::ops::Range<usize>,
    std::ops::Range<usize>,
    std::ops::Range<usize>,
    usize,
)> {
    let hex = |from: usize| -> Option<std::ops::Range<usize>> {
        let s = from + b[from..end].iter().position(|c| !c.is_ascii_whitespace())?;
        (b[s] == b'<').then_some(())?;
        let e = s + b[s..end].iter().position(|&c| c == b'>')? + 1;
        Some(s..e)
    };
    let lo = hex(at)?;
    let hi = hex(lo.end)?;
    let s = hi.end
        + b[hi.end..end]
            .iter()
            .position(|c| !c.is_ascii_whitespace())?;
    let dst = match b[s] {
        b'<' => hex(s)?,
        b'[' => s..s + b[s..end].iter().position(|&c| c == b']')? + 1,
        _ => return None,
    };
    let next = dst.end;
    Some((lo, hi, dst, next))
}

/// The number a `<…>` hex string spells, if it fits in 64 bits.
fn hex_value(t: &[u8]) -> Option<u64> {
    let digits = std::str::from_utf8(t.get(1..t.len().checked_sub(1)?)?).ok()?;
    let digits: String = digits
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    u64::from_str_radix(&digits, 16).ok()
}

/// Simple fonts with a bare CFF program (`FontFile3 /Subtype /Type1C`) that the CFF
/// parser pdf-extract uses cannot read: pdf-extract unwraps the parse, so the page
/// panicked (`called Option::unwrap() on a None value` was every page's reason). The
/// program is dropped, as other readers ignore a broken embedded font; the text comes
/// from the ToUnicode as before, or is counted as unreadable. How many were dropped.
pub fn drop_unreadable_cff(doc: &mut Document) -> usize {
    let mut broken = Vec::new();
    for (&id, o) in &doc.objects {
        let Ok(d) = o.as_dict() else { continue };
        let Ok(r) = d.get(b"FontFile3").and_then(Object::as_reference) else {
            continue;
        };
        let Ok(Object::Stream(s)) = doc.get_object(r) else {
            continue;
        };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type1C") {
            continue;
        }
        let data = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        let readable = std::panic::catch_unwind(|| {
            let table = cff_parser::Table::parse(&data)?;
            for (_, sid) in table.encoding.get_code_to_sid_table(&table.charset) {
                cff_parser::string_by_id(&table, sid)?;
            }
            Some(())
        });
        if !matches!(readable, Ok(Some(()))) {
            broken.push(id);
        }
    }
    for id in &broken {
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(id) {
            d.remove(b"FontFile3");
        }
    }
    // A font whose codes only its program could explain would now read as the standard
    // encoding's Latin letters: a ToUnicode mapping every code to no text makes its glyphs count as unreadable.
    let unexplained: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(&id, o)| {
            let d = o.as_dict().ok()?;
            let fd = d.get(b"FontDescriptor").ok()?.as_reference().ok()?;
            (broken.contains(&fd) && d.get(b"ToUnicode").is_err() && d.get(b"Encoding").is_err())
                .then_some(id)
        })
        .collect();
    if !unexplained.is_empty() {
        // every code to no text (an empty map would make pdf-extract fail the page)
        let none: Vec<(String, String)> = (0..=255u8)
            .map(|c| (format!("{c:02X}"), String::new()))
            .collect();
        let empty = super::cmap::to_unicode("Keikaku-Unreadable", Some(("00", "FF")), &[], &none);
        let cmap = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), empty));
        for id in unexplained {
            if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
                d.set("ToUnicode", Object::Reference(cmap));
            }
        }
    }
    broken.len()
}

/// Fonts whose ToUnicode stream was emptied as a decompression bomb: an empty CMap makes
/// pdf-extract fail the page (`expect repeat at least 1 times`), so the font loses the
/// link and its glyphs count as unreadable instead.
pub fn unlink_dropped_cmaps(doc: &mut Document, dropped: &[ObjectId]) {
    if dropped.is_empty() {
        return;
    }
    for o in doc.objects.values_mut() {
        if let Object::Dictionary(d) = o {
            if let Ok(r) = d.get(b"ToUnicode").and_then(Object::as_reference) {
                if dropped.contains(&r) {
                    d.remove(b"ToUnicode");
                }
            }
        }
    }
}

/// Type0 fonts whose parts pdf-extract requires are missing or not what they must be: no
/// `/DescendantFonts`, a descendant that is the font itself or has no font descriptor,
/// no `/Encoding` (it panicked: `required`, `Descendant fonts required`). The font gets
/// a plain descendant (default widths, no program) and `Identity-H`, so its ToUnicode
/// still reads the text. How many fonts were repaired.
pub fn repair_type0(doc: &mut Document) -> usize {
    let mut broken = Vec::new();
    for (&id, o) in &doc.objects {
        let Ok(d) = o.as_dict() else { continue };
        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        let descendant = d
            .get(b"DescendantFonts")
            .ok()
            .and_then(|a| super::preflight::deref(doc, a))
            .and_then(|a| a.as_array().ok())
            .and_then(|a| a.first())
            .filter(|f| f.as_reference().ok() != Some(id))
            .and_then(|f| super::preflight::deref(doc, f))
            .and_then(|f| f.as_dict().ok())
            .filter(|f| f.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0"))
            .filter(|f| {
                f.get(b"FontDescriptor")
                    .ok()
                    .and_then(|x| super::preflight::deref(doc, x))
                    .is_some_and(|x| x.as_dict().is_ok())
            });
        let encoding = d
            .get(b"Encoding")
            .ok()
            .and_then(|e| super::preflight::deref(doc, e));
        if descendant.is_none() || encoding.is_none() {
            broken.push((id, descendant.is_none(), encoding.is_none()));
        }
    }
    for &(id, descendant, encoding) in &broken {
        let cid = descendant.then(|| {
            let fd = doc.add_object(dictionary! {
                "Type" => "FontDescriptor", "FontName" => "Unknown", "Flags" => 4,
                "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()],
                "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 700,
                "StemV" => 80,
            });
            doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Unknown",
                "CIDSystemInfo" => dictionary! {
                    "Registry" => Object::string_literal("Adobe"),
                    "Ordering" => Object::string_literal("Identity"),
                    "Supplement" => 0,
                },
                "FontDescriptor" => fd, "DW" => 1000,
            })
        });
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
            if let Some(cid) = cid {
                d.set("DescendantFonts", vec![Object::Reference(cid)]);
            }
            if encoding {
                d.set("Encoding", Object::Name(b"Identity-H".to_vec()));
            }
        }
    }
    broken.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_ranges_are_cut_and_ordinary_ones_kept() {
        let cmap = b"3 beginbfrange\n<0000> <FFFF> <0000>\n<00000000> <FFFFFFFF> <0041>\n<0001> <0003> [<0041> <0042> <0043>]\nendbfrange\nendcmap";
        let fixed = clamp_ranges(cmap).expect("changed");
        let text = String::from_utf8(fixed).expect("ascii");
        // a full 2-byte plane is a real font's range: kept as written
        assert!(text.contains("<0000> <FFFF> <0000>"), "{text}");
        // 4 billion codes: cut to one plane, less the codes that would pass U+FFFF
        assert!(text.contains("<00000000> <0000FFBE> <0041>"), "{text}");
        // the small array entry still fits
        assert!(
            text.contains("<0001> <0003> [<0041> <0042> <0043>]"),
            "{text}"
        );
        assert!(text.ends_with("endbfrange\nendcmap"), "{text}");
    }

    #[test]
    fn a_range_wider_than_a_plane_is_cut_to_one() {
        let fixed = clamp_ranges(b"1 beginbfrange <00010000> <00FFFFFF> <0041> endbfrange")
            .expect("changed");
        let text = String::from_utf8(fixed).expect("ascii");
        assert!(text.contains("<00010000> <0001FFBE> <0041>"), "{text}");
    }

    #[test]
    fn ranges_past_the_total_are_cut_to_one_code() {
        let one = "<00000000> <FFFFFFFF> <00000041>\n";
        let cmap = format!("5 beginbfrange\n{}endbfrange", one.repeat(5));
        let text =
            String::from_utf8(clamp_ranges(cmap.as_bytes()).expect("changed")).expect("ascii");
        assert_eq!(text.matches("<00000000> <0000FFFF>").count(), 4, "{text}");
        assert_eq!(text.matches("<00000000> <00000000>").count(), 1, "{text}");
        assert!(!text.contains("FFFFFFFF"), "{text}");
    }

    #[test]
    fn ordinary_cmaps_are_left_alone() {
        assert_eq!(
            clamp_ranges(
                b"beginbfrange <20> <7E> <0020> endbfrange beginbfchar <01> <3042> endbfchar"
            ),
            None
        );
    }

    #[test]
    fn a_parent_circle_is_cut_once() {
        let mut doc = Document::with_version("1.5");
        let (a, b) = (doc.new_object_id(), doc.new_object_id());
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => a });
        doc.objects.insert(
            a,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1, "Parent" => b },
            ),
        );
        doc.objects.insert(
            b,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![a.into()], "Count" => 1, "Parent" => a },
            ),
        );
        let root = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => b });
        doc.trailer.set("Root", root);
        assert_eq!(cut_parent_cycles(&mut doc), 1);
        assert_eq!(cut_parent_cycles(&mut doc), 0);
        assert!(doc.get_dictionary(b).expect("node").get(b"Parent").is_err());
    }
}

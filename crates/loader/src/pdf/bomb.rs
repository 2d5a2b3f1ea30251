//! Decompression bombs: a stream whose inflated size is out of all proportion to any real
//! plan PDF is found by inflating it incrementally, counting bytes and never holding more
//! than a cap, and is emptied before lopdf or pdf-extract inflate it whole (they collect
//! the whole output in one buffer, and pdf-extract's content parser then roughly doubles
//! it: a 200 MiB stream cost 470 MB).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};

use lopdf::{Document, Object, ObjectId, Stream};

/// Most a page's content (its content streams together) or one form XObject may inflate
/// to. Real plan pages are far below: the largest content stream of the seed PDFs (whole
/// plans from Calc, Writer, Chromium) inflates to 108 KB (see docs/pdf.md).
pub const MAX_CONTENT: u64 = 32 << 20;
/// Most any other stream (embedded fonts, CMaps) may inflate to. A full, unsubset CJK
/// font is 5–25 MB; nothing else in a text PDF comes near.
pub const MAX_OTHER: u64 = 64 << 20;
/// Upper bounds on how much one stage can multiply its input: deflate stays under
/// 1032:1, LZW with 12-bit codes under 4096:1. A stream whose compressed size times the
/// product of its stages' bounds is under its cap cannot be a bomb and is not inflated
/// here (so ordinary files pay nothing).
const FLATE_RATIO: u64 = 1_100;
const LZW_RATIO: u64 = 4_096;
/// Read buffer for counting.
const CHUNK: usize = 64 << 10;

/// A stream found to inflate past its cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub id: ObjectId,
    /// Pages that draw it (1-based); empty when no page names it directly.
    pub pages: Vec<u32>,
    pub cap: u64,
}

/// Why counting stopped.
pub(super) enum Stop {
    Over,
    /// The data does not decode: left alone (lopdf reports or tolerates it as before).
    Broken,
}

/// A sink that keeps (or only counts) what a stage produces, up to a cap.
pub(super) struct Capped {
    kept: Option<Vec<u8>>,
    n: u64,
    cap: u64,
}

impl Capped {
    /// A sink that keeps what it is given, up to `cap` bytes.
    pub(super) fn keeping(cap: u64) -> Capped {
        Capped {
            kept: Some(Vec::new()),
            n: 0,
            cap,
        }
    }

    pub(super) fn into_kept(self) -> Vec<u8> {
        self.kept.unwrap_or_default()
    }
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.n += buf.len() as u64;
        if self.n > self.cap {
            return Err(io::Error::other("over the cap"));
        }
        if let Some(k) = &mut self.kept {
            k.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Copy a decoder's output into the sink, chunk by chunk.
fn pump(mut r: impl Read, sink: &mut Capped) -> Result<(), Stop> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => sink.write_all(&buf[..n]).map_err(|_| Stop::Over)?,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // Output so far counts: lopdf keeps what it decoded before an error.
            Err(_) => {
                return if sink.n > 0 {
                    Ok(())
                } else {
                    Err(Stop::Broken)
                }
            }
        }
    }
}

/// Run one filter stage into the sink, as lopdf would decode it.
pub(super) fn stage(filter: &[u8], input: &[u8], sink: &mut Capped) -> Result<(), Stop> {
    match filter {
        b"FlateDecode" | b"Fl" => match pump(flate2::read::ZlibDecoder::new(input), sink) {
            // lopdf retries a stream that yields nothing as raw deflate.
            Err(Stop::Broken) if input.len() > 2 => {
                pump(flate2::read::DeflateDecoder::new(&input[2..]), sink)
            }
            r => r,
        },
        b"LZWDecode" | b"LZW" => {
            let mut d = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
            let r = d.into_stream(&mut *sink).decode_all(input);
            match r.status {
                Ok(()) => Ok(()),
                Err(_) if sink.n > sink.cap => Err(Stop::Over),
                Err(_) if sink.n > 0 => Ok(()),
                Err(_) => Err(Stop::Broken),
            }
        }
        _ => Err(Stop::Broken),
    }
}

/// The stream's filters, in decoding order; None when it has none.
pub(super) fn filters(s: &Stream) -> Option<Vec<Vec<u8>>> {
    match s.dict.get(b"Filter").ok()? {
        Object::Name(n) => Some(vec![n.clone()]),
        Object::Array(a) => Some(
            a.iter()
                .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
                .collect(),
        ),
        _ => None,
    }
}

fn ratio(filter: &[u8]) -> u64 {
    match filter {
        b"FlateDecode" | b"Fl" => FLATE_RATIO,
        b"LZWDecode" | b"LZW" => LZW_RATIO,
        // ASCII85/ASCIIHex shrink; others lopdf does not decode at all.
        _ => 1,
    }
}

/// The inflated size of `s` if it is at most `cap`, None if more; streams that do not
/// decode count as their raw size (they cannot be a bomb). Unless `exact`, a stream that
/// cannot reach the cap is not inflated and its upper bound is returned instead.
pub fn inflated_size(s: &Stream, cap: u64, exact: bool) -> Option<u64> {
    let raw = s.content.len() as u64;
    let Some(filters) = filters(s) else {
        return Some(raw);
    };
    let bound = filters
        .iter()
        .fold(raw, |acc, f| acc.saturating_mul(ratio(f)));
    if bound <= cap && !exact {
        return Some(bound);
    }
    // Earlier stages are kept (at most `cap` each) to feed the next; the last is counted.
    let mut input: Vec<u8> = Vec::new();
    let mut first = true;
    for (i, f) in filters.iter().enumerate() {
        let last = i + 1 == filters.len();
        let src: &[u8] = if first { &s.content } else { &input };
        let mut sink = Capped {
            kept: (!last).then(Vec::new),
            n: 0,
            cap,
        };
        let r = if ratio(f) > 1 {
            stage(f, src, &mut sink)
        } else {
            // A shrinking stage: let lopdf decode it alone (bounded by its input).
            let mut one = Stream::new(s.dict.clone(), src.to_vec());
            one.dict.set("Filter", Object::Name(f.clone()));
            one.dict.remove(b"DecodeParms");
            match one.decompressed_content() {
                Ok(b) => sink.write_all(&b).map_err(|_| Stop::Over),
                Err(_) => Err(Stop::Broken),
            }
        };
        match r {
            Ok(()) => {}
            Err(Stop::Over) => return None,
            Err(Stop::Broken) => return Some(raw),
        }
        if last {
            return Some(sink.n);
        }
        input = sink.kept.unwrap_or_default();
        first = false;
    }
    Some(raw)
}

/// Key set on an object stream emptied while loading, so that pre-flight can report it.
const MARK: &[u8] = b"KeikakuBomb";

/// lopdf's load filter: object streams (`/ObjStm`) are inflated by lopdf while it loads
/// the file, before [`defuse`] can look at them; one that would inflate past
/// [`MAX_OTHER`] is emptied (the objects in it are lost) and marked.
pub fn load_filter(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(s) = obj {
        if s.dict.has_type(b"ObjStm") && inflated_size(s, MAX_OTHER, false).is_none() {
            let mut e = emptied(s);
            e.dict.set(MARK, Object::Boolean(true));
            *s = e;
        }
        // lopdf 0.42 keeps the object it passed in (as changed here) for the objects of
        // the file, and takes the returned object only for those inside object streams,
        // which are never streams: no need to copy a stream.
        return Some((id, Object::Null));
    }
    Some((id, obj.clone()))
}

/// Object streams emptied by [`load_filter`] (their marks removed).
pub fn take_marked(doc: &mut Document) -> Vec<ObjectId> {
    let mut out = Vec::new();
    for (&id, o) in doc.objects.iter_mut() {
        if let Object::Stream(s) = o {
            if s.dict.remove(MARK).is_some() {
                out.push(id);
            }
        }
    }
    out
}

/// Object ids named by `o` (a reference or an array of them).
fn refs(o: &Object) -> Vec<ObjectId> {
    match o {
        Object::Reference(id) => vec![*id],
        Object::Array(a) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// An empty stream in place of a bomb: same dictionary (a form keeps its type and box),
/// no filter, no data.
fn emptied(s: &Stream) -> Stream {
    let mut d = s.dict.clone();
    d.remove(b"Filter");
    d.remove(b"DecodeParms");
    Stream::new(d, Vec::new())
}

/// Empty every stream that inflates past its cap, and the content of every page whose
/// content streams together do; say which, with the pages that draw them.
pub fn defuse(doc: &mut Document) -> Vec<Dropped> {
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    // Content stream → pages, and page → its content streams (an array may be indirect).
    let mut drawn_by: BTreeMap<ObjectId, BTreeSet<u32>> = BTreeMap::new();
    let mut contents: BTreeMap<u32, Vec<ObjectId>> = BTreeMap::new();
    for (&n, &pid) in &pages {
        let Ok(page) = doc.get_dictionary(pid) else {
            continue;
        };
        let mut ids = Vec::new();
        if let Ok(c) = page.get(b"Contents") {
            ids = refs(c);
            if let [one] = ids.as_slice() {
                if let Ok(Object::Array(a)) = doc.get_object(*one) {
                    ids = refs(&Object::Array(a.clone()));
                }
            }
        }
        for id in &ids {
            drawn_by.entry(*id).or_default().insert(n);
        }
        // Forms drawn by the page (its own resources; inherited ones are found as forms
        // anyway, only without a page number).
        if let Some(xo) = page
            .get(b"Resources")
            .ok()
            .and_then(|r| match r {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            })
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| match x {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            })
        {
            for (_, v) in xo.iter() {
                if let Ok(id) = v.as_reference() {
                    drawn_by.entry(id).or_default().insert(n);
                }
            }
        }
        contents.insert(n, ids);
    }
    let content_ids: BTreeSet<ObjectId> = contents.values().flatten().copied().collect();
    let mut dropped = Vec::new();
    let mut sizes: BTreeMap<ObjectId, u64> = BTreeMap::new();
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let is_content = content_ids.contains(&id)
            || s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form");
        let cap = if is_content { MAX_CONTENT } else { MAX_OTHER };
        match inflated_size(s, cap, false) {
            Some(n) => {
                sizes.insert(id, n);
            }
            None => {
                let e = emptied(s);
                doc.objects.insert(id, Object::Stream(e));
                dropped.push(Dropped {
                    id,
                    pages: drawn_by
                        .get(&id)
                        .map(|p| p.iter().copied().collect())
                        .unwrap_or_default(),
                    cap,
                });
            }
        }
    }
    // Several streams of one page are joined before parsing: their sum counts too.
    for (&n, ids) in &contents {
        let bound: u64 = ids.iter().filter_map(|id| sizes.get(id)).sum();
        if bound <= MAX_CONTENT {
            continue;
        }
        // The sizes may be upper bounds: count for real before dropping anything.
        let total: u64 = ids
            .iter()
            .filter(|id| sizes.contains_key(id))
            .map(|id| match doc.objects.get(id) {
                Some(Object::Stream(s)) => inflated_size(s, MAX_CONTENT, true).unwrap_or(u64::MAX),
                _ => 0,
            })
            .fold(0u64, u64::saturating_add);
        if total <= MAX_CONTENT {
            continue;
        }
        for id in ids {
            if let Some(Object::Stream(s)) = doc.objects.get(id) {
                let e = emptied(s);
                doc.objects.insert(*id, Object::Stream(e));
            }
        }
        if let Some(&first) = ids.first() {
            dropped.push(Dropped {
                id: first,
                pages: vec![n],
                cap: MAX_CONTENT,
            });
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Dictionary;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    fn flate(data: Vec<u8>, stages: usize) -> Stream {
        let mut d = Dictionary::new();
        let mut data = data;
        for _ in 0..stages {
            data = deflate(&data);
        }
        d.set(
            "Filter",
            Object::Array(
                (0..stages)
                    .map(|_| Object::Name(b"FlateDecode".to_vec()))
                    .collect(),
            ),
        );
        Stream::new(d, data)
    }

    #[test]
    fn sizes_are_counted_up_to_the_cap() {
        let s = flate(vec![b' '; 3_000_000], 1);
        assert_eq!(inflated_size(&s, 4_000_000, true), Some(3_000_000));
        assert_eq!(inflated_size(&s, 2_999_999, true), None);
    }

    #[test]
    fn chained_filters_are_followed() {
        let s = flate(vec![b'q'; 5_000_000], 2);
        assert_eq!(inflated_size(&s, 8_000_000, true), Some(5_000_000));
        assert_eq!(inflated_size(&s, 1_000_000, false), None);
    }

    #[test]
    fn small_streams_are_not_inflated() {
        // 100 bytes of deflate cannot exceed 110 kB: the bound answers without decoding
        // (the data here is not even valid).
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let s = Stream::new(d, vec![0xAB; 100]);
        assert_eq!(inflated_size(&s, 1 << 20, false), Some(110_000));
    }

    #[test]
    fn broken_data_is_not_a_bomb() {
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        // Not zlib (bad header), not raw deflate either (reserved block type).
        let s = Stream::new(d, vec![0xFF; 10_000]);
        assert_eq!(inflated_size(&s, 1_000, false), Some(10_000));
    }
}

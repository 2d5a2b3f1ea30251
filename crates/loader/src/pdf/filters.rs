//! Page and form content whose filters lopdf does not decode: RunLength, the abbreviated
//! names of inline-image filters used on streams (`/Fl`, `/A85`, `/AHx`, `/RL`, `/LZW`),
//! ASCIIHex, and chains of them. lopdf decodes only `FlateDecode`, `LZWDecode` and
//! `ASCII85Decode` and fails the stream on anything else, so the page read empty without
//! a word. Such a stream is decoded here, at most [`bomb::MAX_CONTENT`] bytes at every
//! stage, and stored decoded.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::bomb::{self, Capped, MAX_CONTENT};

/// Content streams (of pages and forms) that lopdf cannot decode but whose filters are
/// all known here, decoded in place; how many.
pub fn decode_content(doc: &mut Document) -> usize {
    let mut ids: Vec<ObjectId> = Vec::new();
    for page in doc.get_pages().into_values() {
        ids.extend(doc.get_page_contents(page));
    }
    ids.extend(doc.objects.iter().filter_map(|(&id, o)| match o {
        Object::Stream(s)
            if matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") =>
        {
            Some(id)
        }
        _ => None,
    }));
    ids.sort_unstable();
    ids.dedup();
    let mut n = 0;
    for id in ids {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        // Streams in lopdf's own filters are left to it (and not decoded here twice).
        let known = [&b"FlateDecode"[..], b"LZWDecode", b"ASCII85Decode"];
        if bomb::filters(s).is_none_or(|f| f.iter().all(|f| known.contains(&f.as_slice()))) {
            continue;
        }
        let Some(data) = decode(s) else {
            continue;
        };
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.set_plain_content(data);
            n += 1;
        }
    }
    n
}

/// `s`'s data through all its filters; `None` when one is unknown, has a predictor, fails
/// or passes the cap.
fn decode(s: &Stream) -> Option<Vec<u8>> {
    let filters = bomb::filters(s)?;
    let params: Vec<Option<&Dictionary>> = match s.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => vec![Some(d)],
        Ok(Object::Array(a)) => a.iter().map(|o| o.as_dict().ok()).collect(),
        _ => Vec::new(),
    };
    let mut data = s.content.clone();
    for (i, f) in filters.iter().enumerate() {
        let predictor = params
            .get(i)
            .copied()
            .flatten()
            .and_then(|p| p.get(b"Predictor").ok()?.as_i64().ok());
        if predictor.is_some_and(|p| p > 1) {
            return None;
        }
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW" => {
                let mut sink = Capped::keeping(MAX_CONTENT);
                bomb::stage(f, &data, &mut sink).ok()?;
                sink.into_kept()
            }
            b"ASCII85Decode" | b"A85" => ascii85(&data)?,
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data)?,
            b"RunLengthDecode" | b"RL" => run_length(&data)?,
            _ => return None,
        };
    }
    Some(data)
}

/// ASCIIHex data up to `>`; white space skipped, an odd last digit followed by 0.
fn ascii_hex(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high: Option<u8> = None;
    for &c in data {
        if c == b'>' {
            break;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        let v = (c as char).to_digit(16)? as u8;
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    Some(out)
}

/// ASCII85 data up to `~>`; `z` is four zero bytes, a short last group is padded.
fn ascii85(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let mut group = [0u32; 5];
    let mut n = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &c in body {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = u32::from(c - b'!');
                n += 1;
                if n == 5 {
                    let v = group
                        .iter()
                        .try_fold(0u32, |a, &d| a.checked_mul(85)?.checked_add(d))?;
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => return None,
        }
        if out.len() as u64 > MAX_CONTENT {
            return None;
        }
    }
    if n > 1 {
        for d in group.iter_mut().skip(n) {
            *d = 84;
        }
        let v = group
            .iter()
            .try_fold(0u32, |a, &d| a.checked_mul(85)?.checked_add(d))?;
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    Some(out)
}

/// RunLength data up to its end code (128) or the data's end.
fn run_length(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while let Some(&len) = data.get(i) {
        match len {
            128 => break,
            0..=127 => {
                let n = usize::from(len) + 1;
                out.extend_from_slice(data.get(i + 1..i + 1 + n).unwrap_or(&data[i + 1..]));
                i += 1 + n;
            }
            _ => {
                let b = *data.get(i + 1)?;
                out.resize(out.len() + 257 - usize::from(len), b);
                i += 2;
            }
        }
        if out.len() as u64 > MAX_CONTENT {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(filter: Object, data: &[u8]) -> Stream {
        let mut d = Dictionary::new();
        d.set("Filter", filter);
        Stream::new(d, data.to_vec())
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    #[test]
    fn run_length_ascii_hex_and_ascii85_decode() {
        // 2 literal bytes "BT", then 'x' repeated 3 times (257 - 3 = 254), then the end
        assert_eq!(
            run_length(&[1, b'B', b'T', 254, b'x', 128]).unwrap(),
            b"BTxxx"
        );
        assert_eq!(ascii_hex(b"42 54\n4>").unwrap(), b"BT@");
        // "BT /F1" in ASCII85 (Python's base64.a85encode), and `z`
        assert_eq!(ascii85(b"6<#'\\7PO~>").unwrap(), b"BT /F1");
        assert_eq!(ascii85(b"z~>").unwrap(), [0, 0, 0, 0]);
    }

    #[test]
    fn a_chain_of_abbreviated_filters_decodes() {
        let inner = b"BT /F1 10 Tf (x) Tj ET";
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, inner).unwrap();
        let hex: Vec<u8> = z
            .finish()
            .unwrap()
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .chain(*b">")
            .collect();
        let s = stream(Object::Array(vec![name("AHx"), name("Fl")]), &hex);
        assert!(
            s.decompressed_content().is_err(),
            "lopdf does not know these names"
        );
        assert_eq!(decode(&s).unwrap(), inner);
    }

    #[test]
    fn a_run_length_bomb_passes_the_cap_and_is_not_decoded() {
        let bomb: Vec<u8> = [129u8, 0].repeat(300_000);
        let s = stream(name("RunLengthDecode"), &bomb);
        assert_eq!(decode(&s), None);
    }

    #[test]
    fn an_unknown_filter_or_a_predictor_leaves_the_stream() {
        assert_eq!(decode(&stream(name("JBIG2Decode"), b"x")), None);
        let mut s = stream(name("RL"), &[0, b'x', 128]);
        let mut p = Dictionary::new();
        p.set("Predictor", 12);
        s.dict.set("DecodeParms", p);
        assert_eq!(decode(&s), None);
    }
}

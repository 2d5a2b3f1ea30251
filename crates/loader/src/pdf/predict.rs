//! Page content compressed with a PNG predictor whose last row is short. lopdf's decoder
//! reads whole rows only and fails the stream, so the page reads empty; poppler keeps
//! the partial row. Such a stream is decoded here, tolerantly, and stored decoded.

use std::io::Read;

use lopdf::{Document, Object, ObjectId};

/// Decoded bytes one content stream may grow to (the bomb guard has already counted the
/// stream at load time; this is a second fence for this pass alone).
const MAX_DECODED: u64 = 256 << 20;

/// Page content streams whose Flate + PNG-predictor data lopdf cannot decode but whose
/// rows can be read, decoded in place; how many.
pub fn repair_short_rows(doc: &mut Document) -> usize {
    let mut ids: Vec<ObjectId> = Vec::new();
    for page in doc.get_pages().into_values() {
        ids.extend(doc.get_page_contents(page));
    }
    ids.sort_unstable();
    ids.dedup();
    let mut repaired = 0;
    for id in ids {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let Some(params) = png_params(s) else {
            continue;
        };
        if s.decompressed_content().is_ok() {
            continue;
        }
        let Some(data) = inflate(&s.content).and_then(|d| unfilter(&d, params)) else {
            continue;
        };
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.remove(b"Filter");
            s.dict.remove(b"DecodeParms");
            s.set_content(data);
            repaired += 1;
        }
    }
    repaired
}

/// Bytes per pixel and per row of a stream whose only filter is Flate with a PNG
/// predictor (10-15); `None` for anything else or absurd parameters.
fn png_params(s: &lopdf::Stream) -> Option<(usize, usize)> {
    let only = super::bomb::filters(s)?;
    if !matches!(only.as_slice(), [f] if f == b"FlateDecode" || f == b"Fl") {
        return None;
    }
    let params = match s.dict.get(b"DecodeParms").ok()? {
        Object::Dictionary(d) => d,
        Object::Array(a) if a.len() == 1 => a.first()?.as_dict().ok()?,
        _ => return None,
    };
    let int = |k: &[u8], default: i64| params.get(k).and_then(Object::as_i64).unwrap_or(default);
    if !(10..=15).contains(&int(b"Predictor", 1)) {
        return None;
    }
    let columns = usize::try_from(int(b"Columns", 1)).ok()?;
    let colors = usize::try_from(int(b"Colors", 1)).ok()?;
    let bits = usize::try_from(int(b"BitsPerComponent", 8)).ok()?;
    if !(1..=1 << 20).contains(&columns)
        || !(1..=32).contains(&colors)
        || ![1, 2, 4, 8, 16].contains(&bits)
    {
        return None;
    }
    let bpp = (colors * bits).div_ceil(8);
    Some((bpp, (columns * colors * bits).div_ceil(8)))
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut z = flate2::read::ZlibDecoder::new(data).take(MAX_DECODED);
    // A damaged tail still leaves what came before it.
    let _ = z.read_to_end(&mut out);
    (!out.is_empty()).then_some(out)
}

/// PNG rows (a filter byte, then the row) back to the data; a short last row is kept
/// as far as it goes.
fn unfilter(data: &[u8], (bpp, row_len): (usize, usize)) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_len];
    for row in data.chunks(row_len + 1) {
        let (&kind, bytes) = row.split_first()?;
        let mut cur = bytes.to_vec();
        for i in 0..cur.len() {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            let add = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => return None,
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        out.extend_from_slice(&cur);
        prev[..cur.len()].copy_from_slice(&cur);
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of 4 bytes filtered with each PNG filter by hand, the last row short.
    #[test]
    fn rows_are_unfiltered_and_a_short_last_row_kept() {
        let data = [
            0, 1, 2, 3, 4, // None
            1, 5, 1, 1, 1, // Sub: 5 6 7 8
            2, 1, 1, 1, 1, // Up: 6 7 8 9
            3, 7, 1, 1, 1, // Average (worked out below)
            2, 1, // Up, short: 1 byte of 4
        ];
        let out = unfilter(&data, (1, 4)).unwrap_or_default();
        assert_eq!(&out[..12], &[1, 2, 3, 4, 5, 6, 7, 8, 6, 7, 8, 9]);
        // Average: a = left, b = up; first byte 7 + (0 + 6) / 2 = 10, then
        // 1 + (10 + 7) / 2 = 9, 1 + (9 + 8) / 2 = 9, 1 + (9 + 9) / 2 = 10.
        assert_eq!(&out[12..16], &[10, 9, 9, 10]);
        assert_eq!(&out[16..], &[11]);
        // An unknown filter type is not guessed at.
        assert!(unfilter(&[7, 1, 2, 3, 4], (1, 4)).is_none());
    }

    #[test]
    fn paeth_picks_the_nearest() {
        assert_eq!(paeth(10, 20, 10), 20);
        assert_eq!(paeth(20, 10, 10), 20);
        assert_eq!(paeth(5, 5, 5), 5);
    }
}

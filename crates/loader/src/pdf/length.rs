//! Streams whose `/Length` is wrong: too short, too long, negative, or a reference to an
//! object that is missing or is the stream itself. lopdf reads exactly `/Length` bytes and
//! then wants `endstream`; when it is not there the whole object is dropped, and a page
//! whose content stream it was reads as empty (docs/robustness.md, "A second sweep").
//! Other readers find the end of such a stream at its `endstream` keyword, and so does
//! this pass: it rewrites the declared length in the raw file, before lopdf parses it.

use std::collections::BTreeMap;

use memchr::memmem;

/// How far back from `stream` the dictionary's `/Length` is looked for: a stream
/// dictionary is rarely more than a few hundred bytes.
const DICT_WINDOW: usize = 16 * 1024;

/// The file with every wrong stream length replaced by the distance from the stream's
/// start to its `endstream`, and how many were replaced; `None` when every length is
/// right (the usual case: nothing is copied). Offsets after the first repair move, so
/// the caller must rebuild the cross-reference table.
pub fn repair(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut offsets: Option<BTreeMap<u64, usize>> = None;
    let mut edits: Vec<(usize, usize, usize)> = Vec::new();
    let mut after = 0;
    for at in memmem::find_iter(bytes, b"stream") {
        if at < after || !is_keyword(bytes, at) {
            continue;
        }
        let Some(data) = data_start(bytes, at + b"stream".len()) else {
            continue;
        };
        let Some(value) = length_value(bytes, at) else {
            continue;
        };
        let declared = match value.kind {
            Value::Direct(n) => Some(n),
            Value::Reference(num) => {
                let map = offsets.get_or_insert_with(|| super::preflight::object_offsets(bytes));
                map.get(&num).and_then(|&off| object_integer(bytes, off))
            }
        };
        if declared.is_some_and(|n| ends_at(bytes, data, n)) {
            after = data;
            continue;
        }
        let Some(end) = memmem::find(&bytes[data..], b"endstream") else {
            continue;
        };
        let len = trim_eol(&bytes[data..data + end]);
        edits.push((value.from, value.to, len));
        after = data + end;
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16 * edits.len());
    let mut copied = 0;
    for &(from, to, len) in &edits {
        out.extend_from_slice(&bytes[copied..from]);
        out.extend_from_slice(len.to_string().as_bytes());
        copied = to;
    }
    out.extend_from_slice(&bytes[copied..]);
    Some((out, edits.len()))
}

/// `stream` as a keyword: after white space or the dictionary's `>>`, not the end of
/// `endstream` or part of a name.
fn is_keyword(bytes: &[u8], at: usize) -> bool {
    at > 0
        && matches!(
            bytes[at - 1],
            b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0
        )
}

/// Where the data of the stream whose keyword ends at `i` begins: after spaces and one
/// end of line, which the keyword must have.
fn data_start(bytes: &[u8], mut i: usize) -> Option<usize> {
    while bytes.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
        i += 1;
    }
    match (bytes.get(i), bytes.get(i + 1)) {
        (Some(b'\r'), Some(b'\n')) => Some(i + 2),
        (Some(b'\n'), _) | (Some(b'\r'), _) => Some(i + 1),
        _ => None,
    }
}

/// Whether `n` bytes from `data` end the stream: one optional end of line, then
/// `endstream` (what lopdf accepts).
fn ends_at(bytes: &[u8], data: usize, n: i64) -> bool {
    let Some(mut i) = usize::try_from(n).ok().and_then(|n| data.checked_add(n)) else {
        return false;
    };
    if i > bytes.len() {
        return false;
    }
    if bytes[i..].starts_with(b"\r\n") {
        i += 2;
    } else if bytes.get(i).is_some_and(|&b| b == b'\n' || b == b'\r') {
        i += 1;
    }
    bytes[i..].starts_with(b"endstream")
}

/// The data's length without the end of line that belongs to `endstream`.
fn trim_eol(data: &[u8]) -> usize {
    if data.ends_with(b"\r\n") {
        data.len() - 2
    } else if data.ends_with(b"\n") || data.ends_with(b"\r") {
        data.len() - 1
    } else {
        data.len()
    }
}

enum Value {
    Direct(i64),
    /// `N G R`: the object number.
    Reference(u64),
}

/// A `/Length` value and the bytes it takes in the file.
struct Found {
    kind: Value,
    from: usize,
    to: usize,
}

/// The `/Length` entry of the dictionary before the `stream` keyword at `at`: the last
/// `/Length` key (not `/Length1` …) between the object's `obj` and the keyword.
fn length_value(bytes: &[u8], at: usize) -> Option<Found> {
    let lo = at.saturating_sub(DICT_WINDOW);
    let window = &bytes[lo..at];
    let start = memmem::rfind(window, b"obj").map_or(0, |i| i + 3);
    let dict = &window[start..];
    let key = memmem::rfind_iter(dict, b"/Length").find(|&k| {
        !dict
            .get(k + b"/Length".len())
            .is_some_and(|b| b.is_ascii_alphanumeric())
    })?;
    let mut i = lo + start + key + b"/Length".len();
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    let from = i;
    let (first, next) = integer(bytes, i)?;
    // `N G R`?
    let mut j = next;
    while bytes.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
        j += 1;
    }
    if let Some((_gen, after_gen)) = integer(bytes, j).filter(|&(_, e)| e > j) {
        let mut k = after_gen;
        while bytes.get(k).is_some_and(|b| b.is_ascii_whitespace()) {
            k += 1;
        }
        if bytes.get(k) == Some(&b'R') && first >= 0 {
            return Some(Found {
                kind: Value::Reference(first.unsigned_abs()),
                from,
                to: k + 1,
            });
        }
    }
    Some(Found {
        kind: Value::Direct(first),
        from,
        to: next,
    })
}

/// An optionally signed integer at `i` and where it ends; `None` when there is none or it
/// does not fit.
fn integer(bytes: &[u8], i: usize) -> Option<(i64, usize)> {
    let mut j = i;
    if matches!(bytes.get(j), Some(b'-') | Some(b'+')) {
        j += 1;
    }
    let digits = j;
    while bytes.get(j).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    if j == digits {
        return None;
    }
    let text = std::str::from_utf8(&bytes[i..j]).ok()?;
    // A number too long for 64 bits is a wrong length all the same: no file is that long.
    Some((text.parse().unwrap_or(i64::MAX), j))
}

/// The integer an `N G obj` header at `off` holds.
fn object_integer(bytes: &[u8], off: usize) -> Option<i64> {
    let body = bytes.get(off..)?;
    let o = memmem::find(&body[..body.len().min(64)], b"obj")?;
    let mut i = off + o + 3;
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    let (n, end) = integer(bytes, i)?;
    let mut k = end;
    while bytes.get(k).is_some_and(|b| b.is_ascii_whitespace()) {
        k += 1;
    }
    bytes[k..].starts_with(b"endobj").then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(length: &str) -> Vec<u8> {
        format!(
            "%PDF-1.4\n4 0 obj\n<< /Length {length} /Length1 7 >>\nstream\nBT (abc) Tj ET\nendstream\nendobj\n9 0 obj\n14\nendobj\n"
        )
        .into_bytes()
    }

    fn declared(file: &[u8]) -> String {
        let s = String::from_utf8_lossy(file);
        let k = s.find("/Length ").map(|k| k + 8).unwrap_or(0);
        s[k..].split(" /Length1").next().unwrap_or("").to_string()
    }

    #[test]
    fn right_lengths_are_left_alone() {
        assert!(repair(&pdf("14")).is_none());
        // Counting the end of line before `endstream` is accepted too.
        assert!(repair(&pdf("15")).is_none());
        assert!(repair(&pdf("9 0 R")).is_none());
    }

    #[test]
    fn wrong_lengths_become_the_distance_to_endstream() {
        for wrong in [
            "4",
            "999999",
            "-10",
            "99 0 R",
            "4 0 R",
            "9223372036854775807",
            "99999999999999999999",
        ] {
            let (fixed, n) = repair(&pdf(wrong)).unwrap_or_default();
            assert_eq!(n, 1, "{wrong}");
            assert_eq!(declared(&fixed), "14", "{wrong}");
        }
    }

    #[test]
    fn endstream_inside_a_name_or_missing_is_not_a_stream() {
        assert!(repair(b"%PDF-1.4\n1 0 obj\n<< /Type /Xstream >>\nendobj\n").is_none());
        // No `endstream` at all (a truncated file): nothing to measure.
        assert!(repair(b"1 0 obj\n<< /Length 5 >>\nstream\nabc").is_none());
    }
}

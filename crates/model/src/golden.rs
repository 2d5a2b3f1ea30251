//! Golden files: compare a converted document with the one a person approved, and name
//! every difference by its JSON path, Japanese shown as text.
//!
//! ```
//! use serde_json::json;
//! let expected = json!({"source": {"path": "a/x.txt"}, "items": [{"id": "1-1", "title": "定員管理"}]});
//! let actual = json!({"source": {"path": "b/x.txt"}, "items": [{"id": "1-1", "title": "定員の管理"}]});
//! let d = keikaku_model::golden::compare(&expected, &actual);
//! assert_eq!(d.len(), 1);
//! assert_eq!(d[0].path, "$.items[0].title");
//! assert!(d[0].to_string().contains("\"定員管理\""));
//! ```

use std::fmt;

use serde_json::Value;

/// The golden file of an input `X` is `X.expected.json` beside it.
pub const GOLDEN_SUFFIX: &str = ".expected.json";

/// What changed at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Both have a value; they differ.
    Changed,
    /// The golden has it, the new output does not.
    Missing,
    /// The new output has it, the golden does not.
    Added,
}

/// One difference between the golden (expected) and the new output (actual).
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSONPath-style: `$.items[3].title`. Array indices are those of the golden, except
    /// for [`Kind::Added`] elements, which carry their index in the new output.
    pub path: String,
    pub kind: Kind,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
}

/// Values longer than this many characters are cut in messages (the path says where to
/// look in full).
const SHOW_CHARS: usize = 240;

/// Compact JSON with non-ASCII kept as text, cut to [`SHOW_CHARS`].
pub fn show(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    match s.char_indices().nth(SHOW_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Characters shown before the first difference of two long strings.
const LEAD_CHARS: usize = 40;

/// Two long strings are shown from a little before where they part, so that the
/// difference is not cut off: `…ネーミングライツ制度の導入…`.
fn show_pair(e: &str, a: &str) -> (String, String) {
    let fits = |s: &str| s.chars().nth(SHOW_CHARS).is_none();
    let start = if fits(e) && fits(a) {
        0
    } else {
        e.chars()
            .zip(a.chars())
            .take_while(|(x, y)| x == y)
            .count()
            .saturating_sub(LEAD_CHARS)
    };
    let cut = |s: &str| {
        let rest: String = s.chars().skip(start).collect();
        let shown = show(&Value::String(rest));
        if start == 0 {
            shown
        } else {
            // Keep the opening quote, mark what was skipped.
            format!("\"…{}", shown.strip_prefix('"').unwrap_or(&shown))
        }
    };
    (cut(e), cut(a))
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(Value::String(e)), Some(Value::String(a))) = (&self.expected, &self.actual) {
            let (es, as_) = show_pair(e, a);
            return write!(f, "{}\n    expected: {es}\n    actual:   {as_}", self.path);
        }
        let side = |v: &Option<Value>| v.as_ref().map_or_else(|| "(absent)".to_string(), show);
        write!(
            f,
            "{}\n    expected: {}\n    actual:   {}",
            self.path,
            side(&self.expected),
            side(&self.actual)
        )
    }
}

/// Drop what legitimately differs between runs of the same input: the path the file was
/// given under, and the keikaku version that wrote it (a release must not invalidate
/// every golden).
pub fn strip_volatile(v: &mut Value) {
    if let Some(src) = v.get_mut("source").and_then(Value::as_object_mut) {
        src.remove("path");
    }
    if let Some(generator) = v.get_mut("generator").and_then(Value::as_object_mut) {
        generator.remove("version");
    }
}

/// Differences between a golden and a new output, ignoring `source.path` and
/// `generator.version`.
pub fn compare(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut e = expected.clone();
    let mut a = actual.clone();
    strip_volatile(&mut e);
    strip_volatile(&mut a);
    diff(&e, &a)
}

/// All differences between two JSON values (objects compare by key, not key order).
pub fn diff(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk("$", expected, actual, &mut out);
    out
}

fn is_plain_key(k: &str) -> bool {
    let mut cs = k.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn key_path(base: &str, k: &str) -> String {
    if is_plain_key(k) {
        format!("{base}.{k}")
    } else {
        format!(
            "{base}[{}]",
            serde_json::to_string(k).unwrap_or_else(|_| k.to_string())
        )
    }
}

fn walk(path: &str, e: &Value, a: &Value, out: &mut Vec<Difference>) {
    if e == a {
        return;
    }
    match (e, a) {
        (Value::Object(eo), Value::Object(ao)) => {
            for (k, ev) in eo {
                let p = key_path(path, k);
                match ao.get(k) {
                    Some(av) => walk(&p, ev, av, out),
                    None => out.push(Difference {
                        path: p,
                        kind: Kind::Missing,
                        expected: Some(ev.clone()),
                        actual: None,
                    }),
                }
            }
            for (k, av) in ao {
                if !eo.contains_key(k) {
                    out.push(Difference {
                        path: key_path(path, k),
                        kind: Kind::Added,
                        expected: None,
                        actual: Some(av.clone()),
                    });
                }
            }
        }
        (Value::Array(ea), Value::Array(aa)) => walk_array(path, ea, aa, out),
        _ => out.push(Difference {
            path: path.to_string(),
            kind: Kind::Changed,
            expected: Some(e.clone()),
            actual: Some(a.clone()),
        }),
    }
}

/// Above this many cells the alignment table is not built and elements pair by index.
const MAX_ALIGN_CELLS: usize = 4_000_000;

/// Arrays: elements equal on both sides are aligned (longest common subsequence), so one
/// inserted item is reported once instead of shifting every later item; unequal
/// elements between two aligned ones pair up by position and are compared field by field.
fn walk_array(path: &str, e: &[Value], a: &[Value], out: &mut Vec<Difference>) {
    let pre = e.iter().zip(a).take_while(|(x, y)| x == y).count();
    let (e_rest, a_rest) = (&e[pre..], &a[pre..]);
    let suf = e_rest
        .iter()
        .rev()
        .zip(a_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let em = &e_rest[..e_rest.len() - suf];
    let am = &a_rest[..a_rest.len() - suf];
    let pairs = if em.len().saturating_mul(am.len()) <= MAX_ALIGN_CELLS {
        lcs(em, am)
    } else {
        Vec::new()
    };
    // Walk the gaps between aligned pairs (and after the last one).
    let (mut i, mut j) = (0usize, 0usize);
    let ends = pairs
        .iter()
        .copied()
        .chain(std::iter::once((em.len(), am.len())));
    for (pi, pj) in ends {
        let (ge, ga) = (&em[i..pi], &am[j..pj]);
        let n = ge.len().min(ga.len());
        for k in 0..n {
            walk(&format!("{path}[{}]", pre + i + k), &ge[k], &ga[k], out);
        }
        for (k, v) in ge.iter().enumerate().skip(n) {
            out.push(Difference {
                path: format!("{path}[{}]", pre + i + k),
                kind: Kind::Missing,
                expected: Some(v.clone()),
                actual: None,
            });
        }
        for (k, v) in ga.iter().enumerate().skip(n) {
            out.push(Difference {
                path: format!("{path}[{}]", pre + j + k),
                kind: Kind::Added,
                expected: None,
                actual: Some(v.clone()),
            });
        }
        i = pi + 1;
        j = pj + 1;
    }
}

/// Index pairs of a longest common subsequence of equal elements, in order.
fn lcs(e: &[Value], a: &[Value]) -> Vec<(usize, usize)> {
    let (n, m) = (e.len(), a.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // len[i][j]: LCS length of e[i..] and a[j..].
    let w = m + 1;
    let mut len = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i * w + j] = if e[i] == a[j] {
                len[(i + 1) * w + j + 1] + 1
            } else {
                len[(i + 1) * w + j].max(len[i * w + j + 1])
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if e[i] == a[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if len[(i + 1) * w + j] >= len[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_documents_have_no_difference_whatever_the_path_or_key_order() {
        let e = json!({"source": {"path": "x", "sha256": "ab"}, "a": 1, "b": [1, 2]});
        let a = json!({"b": [1, 2], "a": 1, "source": {"sha256": "ab", "path": "/elsewhere/x"}});
        assert!(compare(&e, &a).is_empty());
    }

    #[test]
    fn the_generator_version_is_ignored_but_its_name_is_not() {
        let e = json!({"generator": {"name": "keikaku", "version": "0.1.0"}});
        let a = json!({"generator": {"name": "keikaku", "version": "0.2.0"}});
        assert!(compare(&e, &a).is_empty());
        let other = json!({"generator": {"name": "other", "version": "0.1.0"}});
        assert_eq!(compare(&e, &other).len(), 1);
    }

    #[test]
    fn a_changed_scalar_is_named_by_its_path() {
        let e = json!({"items": [{"id": "1-1", "status": {"code": "achieved"}}]});
        let a = json!({"items": [{"id": "1-1", "status": {"code": "delayed"}}]});
        let d = diff(&e, &a);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "$.items[0].status.code");
        assert_eq!(d[0].kind, Kind::Changed);
        assert_eq!(d[0].expected, Some(json!("achieved")));
        assert_eq!(d[0].actual, Some(json!("delayed")));
    }

    #[test]
    fn one_inserted_element_is_one_difference() {
        let e = json!([{"id": "1"}, {"id": "2"}, {"id": "3"}]);
        let a = json!([{"id": "1"}, {"id": "1b"}, {"id": "2"}, {"id": "3"}]);
        let d = diff(&e, &a);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path, "$[1]");
        assert_eq!(d[0].kind, Kind::Added);
    }

    #[test]
    fn removed_and_changed_elements() {
        let e = json!([1, 2, 3, 4]);
        let a = json!([1, 9, 4]);
        let d = diff(&e, &a);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].path.as_str(), d[0].kind), ("$[1]", Kind::Changed));
        assert_eq!((d[1].path.as_str(), d[1].kind), ("$[2]", Kind::Missing));
    }

    #[test]
    fn missing_and_added_keys() {
        let e = json!({"department": "総務課"});
        let a = json!({"dept": "総務課"});
        let d = diff(&e, &a);
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].path.as_str(), d[0].kind),
            ("$.department", Kind::Missing)
        );
        assert_eq!((d[1].path.as_str(), d[1].kind), ("$.dept", Kind::Added));
    }

    #[test]
    fn odd_keys_are_quoted() {
        let d = diff(&json!({"a b": 1, "部": 1}), &json!({"a b": 2, "部": 2}));
        assert_eq!(d[0].path, "$[\"a b\"]");
        assert_eq!(d[1].path, "$[\"部\"]");
    }

    #[test]
    fn messages_show_japanese_as_text_and_cut_long_values() {
        let d = diff(&json!("総務課"), &json!(null));
        let s = d[0].to_string();
        assert!(s.contains("expected: \"総務課\""), "{s}");
        assert!(s.contains("actual:   null"), "{s}");
        let long = "あ".repeat(1000);
        let shown = show(&json!(long));
        assert_eq!(shown.chars().count(), SHOW_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn long_strings_are_shown_where_they_part() {
        let common = "い".repeat(500);
        let d = diff(
            &json!(format!("{common}財政課")),
            &json!(format!("{common}総務課")),
        );
        let s = d[0].to_string();
        assert!(s.contains("expected: \"…いい"), "{s}");
        assert!(s.contains("財政課\""), "{s}");
        assert!(s.contains("総務課\""), "{s}");
        // Strings that fit are shown whole.
        let (e, a) = (
            format!("{}う", "あ".repeat(100)),
            format!("{}え", "あ".repeat(100)),
        );
        let s = diff(&json!(e), &json!(a))[0].to_string();
        assert!(s.contains(&format!("expected: \"{e}\"")), "{s}");
    }

    #[test]
    fn null_and_absent_differ() {
        let d = diff(&json!({"a": null}), &json!({}));
        assert_eq!(d[0].kind, Kind::Missing);
        assert!(d[0].to_string().contains("actual:   (absent)"));
    }
}

//! Glyph names → text by the Adobe Glyph List conventions, for Type3 (and other simple)
//! fonts that name their glyphs in `/Differences` but carry no ToUnicode.
//!
//! The rules (Adobe Glyph List Specification, "Mapping a glyph name to a Unicode
//! sequence"): drop everything from the first period (`a.sc`, `uni884C.alt`); split at
//! underscores into components (ligatures `f_f`); each component is a name from the list,
//! or `uniXXXX[XXXX…]` (BMP code points, four hex digits each), or `uXXXX[XX]`. A name
//! none of whose components maps has no text.

/// The common names of the Adobe Glyph List that plan documents use: ASCII punctuation
/// and digits, typographic quotes and dashes, a few Latin-1 signs. Single letters are
/// handled by rule.
const NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("quoteleft", '\u{2018}'),
    ("quoteright", '\u{2019}'),
    ("quotedblleft", '\u{201C}'),
    ("quotedblright", '\u{201D}'),
    ("endash", '\u{2013}'),
    ("emdash", '\u{2014}'),
    ("bullet", '\u{2022}'),
    ("ellipsis", '\u{2026}'),
    ("minus", '\u{2212}'),
    ("multiply", '\u{00D7}'),
    ("divide", '\u{00F7}'),
    ("degree", '\u{00B0}'),
    ("section", '\u{00A7}'),
    ("yen", '\u{00A5}'),
    ("periodcentered", '\u{00B7}'),
    ("copyright", '\u{00A9}'),
    ("registered", '\u{00AE}'),
    ("nbspace", '\u{00A0}'),
];

fn hex_char(h: &str) -> Option<char> {
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(h, 16).ok()?)
}

/// The text of one component, if it maps.
fn component(c: &str) -> Option<String> {
    if let Some(&(_, ch)) = NAMES.iter().find(|(n, _)| *n == c) {
        return Some(ch.to_string());
    }
    if c.len() == 1 && c.as_bytes()[0].is_ascii_alphabetic() {
        return Some(c.to_string());
    }
    if let Some(h) = c.strip_prefix("uni") {
        if !h.is_empty() && h.len() % 4 == 0 {
            let mut out = String::new();
            for k in (0..h.len()).step_by(4) {
                let ch = hex_char(h.get(k..k + 4)?)?;
                // Surrogates are not characters (char::from_u32 already refuses them).
                out.push(ch);
            }
            return Some(out);
        }
    }
    if let Some(h) = c.strip_prefix('u') {
        if (4..=6).contains(&h.len()) {
            return hex_char(h).map(String::from);
        }
    }
    None
}

/// The text a glyph name stands for, or None when it has no Unicode meaning (`g12`,
/// `glyph7`, `cid1234`).
pub fn text_of(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or("");
    let mut out = String::new();
    let mut any = false;
    for c in base.split('_') {
        if let Some(t) = component(c) {
            out.push_str(&t);
            any = true;
        }
    }
    (any && !out.is_empty()).then_some(out)
}

/// Could `name` be in the full Adobe Glyph List (which pdf-extract knows and this module
/// does not carry: `Aacute`, `germandbls`, `afii10017` …)? Letters only, or `afii` and
/// digits. Names such as `g12`, `glyph7`, `cid1234` or `G3` cannot be.
pub fn may_be_listed(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or("");
    !base.is_empty()
        && (base.bytes().all(|b| b.is_ascii_alphabetic())
            || base
                .strip_prefix("afii")
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_glyph_list_rules() {
        assert_eq!(text_of("uni884C").as_deref(), Some("行"));
        assert_eq!(text_of("uni884C653F").as_deref(), Some("行政"));
        assert_eq!(text_of("u6539").as_deref(), Some("改"));
        assert_eq!(text_of("u1F600").as_deref(), Some("😀"));
        assert_eq!(text_of("uni9769.alt").as_deref(), Some("革"));
        assert_eq!(text_of("a.sc").as_deref(), Some("a"));
        assert_eq!(text_of("f_f").as_deref(), Some("ff"));
        assert_eq!(text_of("one").as_deref(), Some("1"));
        assert_eq!(text_of("parenleft").as_deref(), Some("("));
        assert_eq!(text_of("period").as_deref(), Some("."));
    }

    #[test]
    fn names_of_the_full_list_are_told_from_meaningless_ones() {
        for n in ["Aacute", "germandbls", "afii10017", "ogonek.alt"] {
            assert!(may_be_listed(n), "{n}");
        }
        for n in ["g12", "glyph7", "cid1234", "G3", "", "afii12x"] {
            assert!(!may_be_listed(n), "{n}");
        }
    }

    #[test]
    fn names_without_meaning_give_nothing() {
        for n in [
            "g12", "glyph7", "cid1234", "uniD800", "uni12", "u12", "", ".notdef",
        ] {
            assert_eq!(text_of(n), None, "{n}");
        }
    }
}

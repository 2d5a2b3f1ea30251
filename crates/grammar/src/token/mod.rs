//! Token parsers shared by every layout: item ids, fiscal years, status marks and labels,
//! and tolerant label matching.

pub mod id;
pub mod label;
pub mod status;
pub mod year;

/// [`str::trim`] with a fast path: most cells neither start nor end with white space, and
/// `trim` looks every non-ASCII end character up in the Unicode table (about 75
/// instructions a call), while no character above U+3000 — all of CJK — is white space.
pub trait Trim {
    fn trim_ws(&self) -> &str;
}

impl Trim for str {
    #[inline]
    fn trim_ws(&self) -> &str {
        if ends_clear(self.as_bytes()) {
            return self;
        }
        match (self.chars().next(), self.chars().next_back()) {
            (Some(a), Some(b)) if !is_space(a) && !is_space(b) => self,
            (None, _) => self,
            _ => self.trim(),
        }
    }
}

/// Neither end of the (valid UTF-8) text is white space, told from its bytes alone for the
/// common ends: an ASCII character, or a character from U+4000 up (lead byte E4–F4; the
/// last character is a three-byte one when the byte three from the end is its lead).
/// `false` means "not known", never "white space".
#[inline]
fn ends_clear(b: &[u8]) -> bool {
    let clear = |x: u8| x > 0x20 || !matches!(x, b'\t'..=b'\r' | b' ');
    let (Some(&a), Some(&z)) = (b.first(), b.last()) else {
        return false;
    };
    let first = if a < 0x80 { clear(a) } else { a >= 0xE4 };
    let last = if z < 0x80 {
        clear(z)
    } else {
        b.len() >= 3 && matches!(b[b.len() - 3], 0xE4..=0xEF)
    };
    first && last
}

/// [`char::is_whitespace`], without the table for ASCII and for characters above U+3000.
#[inline]
fn is_space(c: char) -> bool {
    match c {
        '\t'..='\r' | ' ' => true,
        c if !('\u{85}'..='\u{3000}').contains(&c) => false,
        c => c.is_whitespace(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_test_agrees_with_the_standard_one() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn trim_ws_is_trim() {
        for s in [
            "",
            " ",
            "\u{3000}",
            "実施項目",
            " 実施 ",
            "a\u{3000}",
            "\u{85}x",
            "x\u{2029}",
            "\t項目\n",
            "ー",
            "〇",
            "一",
            "a",
            "\u{85}",
            "x\u{3000}",
            "\u{3000}x",
            "\u{1680}実",
            "実\u{2003}",
            "𠮷",
            "𠮷 ",
            "é",
            "実é",
        ] {
            assert_eq!(s.trim_ws(), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn clear_ends_are_never_white_space() {
        // Every character at either end, beside ASCII, CJK and four-byte neighbours.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("{c}a"),
                format!("a{c}"),
                format!("実{c}"),
                format!("𠮷{c}"),
            ] {
                if ends_clear(s.as_bytes()) {
                    assert_eq!(s.trim(), s, "U+{:04X}", c as u32);
                }
            }
        }
    }
}

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
        match (self.chars().next(), self.chars().next_back()) {
            (Some(a), Some(b)) if !is_space(a) && !is_space(b) => self,
            (None, _) => self,
            _ => self.trim(),
        }
    }
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
        ] {
            assert_eq!(s.trim_ws(), s.trim(), "{s:?}");
        }
    }
}

//! ToUnicode CMaps written by pre-flight (recovered, predefined, glyph-name and
//! Adobe-Japan1 maps): one writer, so that they all keep the format's rules.

/// The UTF-16BE hex digits of `s`, as a ToUnicode destination.
pub fn utf16_hex(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// A ToUnicode CMap named `name`: `codespace` (hex bounds, if any), `ranges` as
/// `bfrange` (first code, last code, first BMP code point) and `chars` as `bfchar` (code
/// hex, destination hex), each in blocks of at most 100 entries as the format asks.
pub fn to_unicode(
    name: &str,
    codespace: Option<(&str, &str)>,
    ranges: &[(u32, u32, u32)],
    chars: &[(String, String)],
) -> Vec<u8> {
    let mut s = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /{name} def /CMapType 2 def\n"
    );
    if let Some((lo, hi)) = codespace {
        s.push_str(&format!(
            "1 begincodespacerange <{lo}> <{hi}> endcodespacerange\n"
        ));
    }
    for block in ranges.chunks(100) {
        s.push_str(&format!("{} beginbfrange\n", block.len()));
        for &(lo, hi, v) in block {
            s.push_str(&format!("<{lo:04X}> <{hi:04X}> <{v:04X}>\n"));
        }
        s.push_str("endbfrange\n");
    }
    for block in chars.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, text) in block {
            s.push_str(&format!("<{code}> <{text}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_hold_at_most_a_hundred_entries() {
        let chars: Vec<(String, String)> = (0..150u32)
            .map(|c| (format!("{c:04X}"), utf16_hex("計")))
            .collect();
        let out =
            String::from_utf8(to_unicode("T", Some(("0000", "FFFF")), &[], &chars)).expect("ASCII");
        assert!(out.contains("/CMapName /T def"));
        assert!(out.contains("1 begincodespacerange <0000> <FFFF> endcodespacerange\n"));
        assert!(out.contains("100 beginbfchar\n<0000> <8A08>\n"));
        assert!(out.contains("50 beginbfchar\n<0064> <8A08>\n"));
        assert!(!out.contains("bfrange"));
        assert_eq!(utf16_hex("𠮷"), "D842DFB7");
    }
}

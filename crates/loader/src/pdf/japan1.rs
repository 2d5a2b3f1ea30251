//! The Adobe-Japan1 character collection: CID → Unicode, for Japanese CID fonts that carry
//! no character map of their own (not embedded, or an embedded CFF without ToUnicode).
//! The table is generated from Adobe's public `Adobe-Japan1-UCS2` CMap by
//! `scripts/make_japan1_table.py` (licence: `crates/loader/data/LICENSE-adobe-cmaps`).

/// One 3-byte big-endian value per CID: a code point, `SEQ | i` for the i-th line of
/// [`SEQUENCES`], or 0 where the CID has no text.
static TABLE: &[u8] = include_bytes!("../../data/adobe-japan1-ucs2.bin");
/// Text of the CIDs that stand for several characters, one per line.
static SEQUENCES: &str = include_str!("../../data/adobe-japan1-ucs2-seq.txt");
const SEQ: u32 = 0x80_0000;

/// What one CID of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Char(char),
    Seq(&'static str),
}

/// The text of an Adobe-Japan1 CID.
pub fn text_of(cid: u32) -> Option<Text> {
    let i = usize::try_from(cid).ok()?.checked_mul(3)?;
    let b = TABLE.get(i..i.checked_add(3)?)?;
    let v = u32::from_be_bytes([0, b[0], b[1], b[2]]);
    if v == 0 {
        None
    } else if v & SEQ != 0 {
        let s = SEQUENCES.lines().nth((v & !SEQ) as usize)?;
        (!s.is_empty()).then_some(Text::Seq(s))
    } else {
        char::from_u32(v).map(Text::Char)
    }
}

/// A ToUnicode CMap for the 2-byte codes `used` (indexed by code) that are Adobe-Japan1
/// CIDs (Identity-H/V): runs of consecutive CIDs with consecutive BMP characters as
/// `bfrange`, the rest as `bfchar`. Only used codes: pdf-extract parses a font's
/// ToUnicode on every page, and the whole table (400 KB of CMap text) would cost about
/// 0.2 s per page.
pub fn to_unicode_cmap(used: &[bool]) -> Vec<u8> {
    let mut ranges: Vec<(u32, u32, u32)> = Vec::new();
    let mut singles: Vec<(u32, String)> = Vec::new();
    for cid in 0..(TABLE.len() / 3) as u32 {
        if !used.get(cid as usize).copied().unwrap_or(false) {
            continue;
        }
        let c = match text_of(cid) {
            None => continue,
            Some(Text::Seq(s)) => {
                singles.push((cid, super::cmap::utf16_hex(s)));
                continue;
            }
            Some(Text::Char(c)) => c,
        };
        let v = c as u32;
        if v >= 0x1_0000 {
            singles.push((cid, super::cmap::utf16_hex(c.encode_utf8(&mut [0; 4]))));
            continue;
        }
        // A run stays within one high byte of code and of character, as the CMap
        // specification asks of `bfrange`.
        match ranges.last_mut() {
            Some(r)
                if r.1 + 1 == cid
                    && r.2 + (cid - r.0) == v
                    && r.0 >> 8 == cid >> 8
                    && r.2 >> 8 == v >> 8 =>
            {
                r.1 = cid;
            }
            _ => ranges.push((cid, cid, v)),
        }
    }
    let singles: Vec<(String, String)> = singles
        .into_iter()
        .map(|(cid, hex)| (format!("{cid:04X}"), hex))
        .collect();
    super::cmap::to_unicode(
        "Keikaku-Adobe-Japan1-UCS2",
        Some(("0000", "FFFF")),
        &ranges,
        &singles,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values read from Adobe-Japan1-UCS2 in poppler-data: `<0001> <003c> <0020>`,
    /// `<072d> <8a08>`, `<07e6> <884c>`, `<0bd9> <6357db40dd00>` (捗 with a variation
    /// selector), `<2924> <00320038>` ("28" in one glyph), `<0000> <fffd>`.
    #[test]
    fn cids_give_their_text() {
        assert_eq!(text_of(1), Some(Text::Char(' ')));
        assert_eq!(text_of(34), Some(Text::Char('A')));
        assert_eq!(text_of(0x072D), Some(Text::Char('計')));
        assert_eq!(text_of(0x07E6), Some(Text::Char('行')));
        assert_eq!(text_of(0x0BD9), Some(Text::Char('捗')));
        assert_eq!(text_of(10532), Some(Text::Seq("28")));
        assert_eq!(text_of(0), None);
        assert_eq!(text_of(1_000_000), None);
    }

    #[test]
    fn the_tounicode_map_covers_the_table() {
        let cmap = String::from_utf8(to_unicode_cmap(&[true; 0x1_0000])).unwrap_or_default();
        assert!(cmap.contains("<072D> <8A08>") || cmap.contains("<072D> <072D> <8A08>"));
        assert!(cmap.contains("<2924> <00320038>"));
        // As in the source CMap: CIDs 1-60 are U+0020 onwards, one range.
        assert!(cmap.contains("<0001> <003C> <0020>"));
        let mut used = vec![false; 0x1_0000];
        used[0x072D] = true;
        let one = String::from_utf8(to_unicode_cmap(&used)).unwrap_or_default();
        assert!(
            one.contains("1 beginbfrange\n<072D> <072D> <8A08>\nendbfrange"),
            "{one}"
        );
        assert!(!one.contains("<0001>"));
    }
}

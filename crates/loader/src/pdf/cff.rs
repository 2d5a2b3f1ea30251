//! Bare CFF font programs (`/FontFile3` `/Subtype /Type1C`) of simple fonts: the
//! program's built-in encoding as code → glyph name, for fonts without ToUnicode or
//! `/Encoding` (PostScript workflows such as Acrobat Distiller embed subsets this way).
//! Only what that needs is read (Adobe Technical Note #5176): the Top DICT's `charset`,
//! `Encoding` and `CharStrings` offsets, the String INDEX and the two tables. Every read
//! is bounds-checked: the program comes from an untrusted file.

/// Glyphs in a font at most (the CFF limit).
const MAX_GLYPHS: usize = 65_536;

fn u8_at(b: &[u8], i: usize) -> Option<usize> {
    b.get(i).map(|&x| usize::from(x))
}

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u8_at(b, i)? << 8 | u8_at(b, i + 1)?)
}

/// An offset of `size` (1 to 4) bytes.
fn offset_at(b: &[u8], i: usize, size: usize) -> Option<usize> {
    if !(1..=4).contains(&size) {
        return None;
    }
    (0..size).try_fold(0usize, |acc, k| Some(acc << 8 | u8_at(b, i + k)?))
}

/// The items of the INDEX at `at` (as byte ranges of `b`) and where the INDEX ends.
fn index(b: &[u8], at: usize) -> Option<(Vec<std::ops::Range<usize>>, usize)> {
    let count = u16_at(b, at)?;
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let size = u8_at(b, at + 2)?;
    let offsets = at + 3;
    // Offsets count from the byte before the data.
    let base = offsets + (count + 1) * size - 1;
    let mut items = Vec::with_capacity(count);
    let mut prev = offset_at(b, offsets, size)?;
    for k in 1..=count {
        let next = offset_at(b, offsets + k * size, size)?;
        if next < prev || base + next > b.len() {
            return None;
        }
        items.push(base + prev..base + next);
        prev = next;
    }
    Some((items, base + prev))
}

/// Operator → its operands (integers only; reals are read as 0) of a DICT.
fn dict(d: &[u8]) -> Vec<(u16, Vec<i64>)> {
    let mut out = Vec::new();
    let mut stack: Vec<i64> = Vec::new();
    let mut i = 0;
    while i < d.len() {
        let b0 = i64::from(d[i]);
        match d[i] {
            0..=11 | 13..=21 => {
                out.push((u16::from(d[i]), std::mem::take(&mut stack)));
                i += 1;
            }
            12 => {
                let Some(&b1) = d.get(i + 1) else { break };
                out.push((1200 + u16::from(b1), std::mem::take(&mut stack)));
                i += 2;
            }
            28 => {
                let Some(v) = u16_at(d, i + 1) else { break };
                stack.push(i64::from(v as u16 as i16));
                i += 3;
            }
            29 => {
                let Some(v) = offset_at(d, i + 1, 4) else {
                    break;
                };
                stack.push(i64::from(v as u32 as i32));
                i += 5;
            }
            30 => {
                // A real: nibbles up to an 0xF one.
                i += 1;
                while i < d.len() && d[i] & 0x0F != 0x0F && d[i] >> 4 != 0x0F {
                    i += 1;
                }
                i += 1;
                stack.push(0);
            }
            32..=246 => {
                stack.push(b0 - 139);
                i += 1;
            }
            247..=250 => {
                let Some(&b1) = d.get(i + 1) else { break };
                stack.push((b0 - 247) * 256 + i64::from(b1) + 108);
                i += 2;
            }
            251..=254 => {
                let Some(&b1) = d.get(i + 1) else { break };
                stack.push(-(b0 - 251) * 256 - i64::from(b1) - 108);
                i += 2;
            }
            _ => i += 1,
        }
        if stack.len() > 48 {
            // Not a DICT (the specification allows 48 operands).
            return Vec::new();
        }
    }
    out
}

/// The glyph name of a string id: a standard string or one of the font's.
fn name_of(b: &[u8], strings: &[std::ops::Range<usize>], sid: usize) -> Option<String> {
    match STANDARD_STRINGS.get(sid) {
        Some(s) => Some((*s).to_string()),
        None => {
            let r = strings.get(sid - STANDARD_STRINGS.len())?.clone();
            Some(String::from_utf8_lossy(b.get(r)?).into_owned())
        }
    }
}

/// Glyph id → string id of a custom charset (glyph 0 is `.notdef`).
fn charset(b: &[u8], at: usize, glyphs: usize) -> Option<Vec<usize>> {
    let mut sids = vec![0];
    let format = u8_at(b, at)?;
    let mut i = at + 1;
    while sids.len() < glyphs {
        match format {
            0 => {
                sids.push(u16_at(b, i)?);
                i += 2;
            }
            1 | 2 => {
                let first = u16_at(b, i)?;
                let left = if format == 1 {
                    u8_at(b, i + 2)?
                } else {
                    u16_at(b, i + 2)?
                };
                i += if format == 1 { 3 } else { 4 };
                sids.extend((first..=first + left).take(glyphs - sids.len()));
            }
            _ => return None,
        }
    }
    Some(sids)
}

/// The CIDs of a CID-keyed program (`/FontFile3` `/Subtype /CIDFontType0C`), from its
/// charset (glyph → CID), `.notdef` left out; `None` for a name-keyed program, a predefined
/// charset (meaningless for a CIDFont) or one that does not parse.
pub fn cids(b: &[u8]) -> Option<Vec<u16>> {
    if u8_at(b, 0)? != 1 {
        return None;
    }
    let (_, after_names) = index(b, u8_at(b, 2)?)?;
    let (tops, _) = index(b, after_names)?;
    let top = dict(b.get(tops.first()?.clone())?);
    let op = |code: u16| top.iter().find(|(o, _)| *o == code).map(|(_, v)| v);
    op(1230)?;
    let offset = |code: u16| -> Option<usize> {
        op(code)
            .and_then(|v| v.last())
            .and_then(|&v| usize::try_from(v).ok())
    };
    let charset_at = offset(15).filter(|&o| o > 2)?;
    let (glyphs, _) = index(b, offset(17).filter(|&o| o > 0)?)?;
    let sids = charset(b, charset_at, glyphs.len().min(MAX_GLYPHS))?;
    Some(
        sids.into_iter()
            .skip(1)
            .filter_map(|c| u16::try_from(c).ok())
            .collect(),
    )
}

/// Code → glyph name of the program's built-in encoding; empty for a CIDFont, for the
/// predefined Standard and Expert encodings (nothing beyond what readers assume) and for
/// anything that does not parse.
pub fn encoding(b: &[u8]) -> Vec<(u8, String)> {
    read(b).unwrap_or_default()
}

fn read(b: &[u8]) -> Option<Vec<(u8, String)>> {
    if u8_at(b, 0)? != 1 {
        return None;
    }
    let (_, after_names) = index(b, u8_at(b, 2)?)?;
    let (tops, after_tops) = index(b, after_names)?;
    let (strings, _) = index(b, after_tops)?;
    let top = dict(b.get(tops.first()?.clone())?);
    let op = |code: u16| top.iter().find(|(o, _)| *o == code).map(|(_, v)| v);
    // ROS: a CIDFont, whose codes are not a simple font's.
    if op(1230).is_some() {
        return None;
    }
    let offset = |code: u16| -> Option<usize> {
        op(code)
            .and_then(|v| v.last())
            .map(|&v| usize::try_from(v).ok())
            .unwrap_or(Some(0))
    };
    let (charset_at, encoding_at) = (offset(15)?, offset(16)?);
    let (glyphs, _) = index(b, offset(17).filter(|&o| o > 0)?)?;
    let glyphs = glyphs.len().min(MAX_GLYPHS);
    if encoding_at <= 1 {
        return None;
    }
    let sids: Vec<usize> = match charset_at {
        // ISOAdobe: glyph i is string i.
        0 => (0..glyphs.min(229)).collect(),
        1 | 2 => return None,
        at => charset(b, at, glyphs)?,
    };
    let name = |gid: usize| -> Option<String> { name_of(b, &strings, *sids.get(gid)?) };
    let mut out: Vec<(u8, String)> = Vec::new();
    let format = u8_at(b, encoding_at)?;
    let mut i = encoding_at + 1;
    match format & 0x7F {
        0 => {
            let n = u8_at(b, i)?;
            for gid in 1..=n {
                let code = u8_at(b, i + gid)? as u8;
                out.extend(name(gid).map(|s| (code, s)));
            }
            i += 1 + n;
        }
        1 => {
            let ranges = u8_at(b, i)?;
            let mut gid = 1;
            for r in 0..ranges {
                let first = u8_at(b, i + 1 + 2 * r)?;
                let left = u8_at(b, i + 2 + 2 * r)?;
                for code in first..=(first + left).min(255) {
                    out.extend(name(gid).map(|s| (code as u8, s)));
                    gid += 1;
                }
            }
            i += 1 + 2 * ranges;
        }
        _ => return None,
    }
    // Supplements: more codes for glyphs already encoded, by string id.
    if format & 0x80 != 0 {
        let n = u8_at(b, i)?;
        for k in 0..n {
            let code = u8_at(b, i + 1 + 3 * k)? as u8;
            let sid = u16_at(b, i + 2 + 3 * k)?;
            out.extend(name_of(b, &strings, sid).map(|s| (code, s)));
        }
    }
    out.retain(|(_, n)| n != ".notdef");
    Some(out)
}

/// The 391 standard strings of CFF (Technical Note #5176, Appendix A): string ids below
/// 391 name these.
#[rustfmt::skip]
const STANDARD_STRINGS: [&str; 391] = [
    ".notdef", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand",
    "quoteright", "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period",
    "slash", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "colon", "semicolon", "less", "equal", "greater", "question", "at", "A", "B", "C", "D", "E",
    "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W",
    "X", "Y", "Z", "bracketleft", "backslash", "bracketright", "asciicircum", "underscore",
    "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
    "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar", "braceright",
    "asciitilde", "exclamdown", "cent", "sterling", "fraction", "yen", "florin", "section",
    "currency", "quotesingle", "quotedblleft", "guillemotleft", "guilsinglleft",
    "guilsinglright", "fi", "fl", "endash", "dagger", "daggerdbl", "periodcentered",
    "paragraph", "bullet", "quotesinglbase", "quotedblbase", "quotedblright", "guillemotright",
    "ellipsis", "perthousand", "questiondown", "grave", "acute", "circumflex", "tilde",
    "macron", "breve", "dotaccent", "dieresis", "ring", "cedilla", "hungarumlaut", "ogonek",
    "caron", "emdash", "AE", "ordfeminine", "Lslash", "Oslash", "OE", "ordmasculine", "ae",
    "dotlessi", "lslash", "oslash", "oe", "germandbls", "onesuperior", "logicalnot", "mu",
    "trademark", "Eth", "onehalf", "plusminus", "Thorn", "onequarter", "divide", "brokenbar",
    "degree", "thorn", "threequarters", "twosuperior", "registered", "minus", "eth", "multiply",
    "threesuperior", "copyright", "Aacute", "Acircumflex", "Adieresis", "Agrave", "Aring",
    "Atilde", "Ccedilla", "Eacute", "Ecircumflex", "Edieresis", "Egrave", "Iacute",
    "Icircumflex", "Idieresis", "Igrave", "Ntilde", "Oacute", "Ocircumflex", "Odieresis",
    "Ograve", "Otilde", "Scaron", "Uacute", "Ucircumflex", "Udieresis", "Ugrave", "Yacute",
    "Ydieresis", "Zcaron", "aacute", "acircumflex", "adieresis", "agrave", "aring", "atilde",
    "ccedilla", "eacute", "ecircumflex", "edieresis", "egrave", "iacute", "icircumflex",
    "idieresis", "igrave", "ntilde", "oacute", "ocircumflex", "odieresis", "ograve", "otilde",
    "scaron", "uacute", "ucircumflex", "udieresis", "ugrave", "yacute", "ydieresis", "zcaron",
    "exclamsmall", "Hungarumlautsmall", "dollaroldstyle", "dollarsuperior", "ampersandsmall",
    "Acutesmall", "parenleftsuperior", "parenrightsuperior", "twodotenleader", "onedotenleader",
    "zerooldstyle", "oneoldstyle", "twooldstyle", "threeoldstyle", "fouroldstyle",
    "fiveoldstyle", "sixoldstyle", "sevenoldstyle", "eightoldstyle", "nineoldstyle",
    "commasuperior", "threequartersemdash", "periodsuperior", "questionsmall", "asuperior",
    "bsuperior", "centsuperior", "dsuperior", "esuperior", "isuperior", "lsuperior",
    "msuperior", "nsuperior", "osuperior", "rsuperior", "ssuperior", "tsuperior", "ff", "ffi",
    "ffl", "parenleftinferior", "parenrightinferior", "Circumflexsmall", "hyphensuperior",
    "Gravesmall", "Asmall", "Bsmall", "Csmall", "Dsmall", "Esmall", "Fsmall", "Gsmall",
    "Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall", "Nsmall", "Osmall", "Psmall",
    "Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall", "Wsmall", "Xsmall", "Ysmall",
    "Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall", "exclamdownsmall",
    "centoldstyle", "Lslashsmall", "Scaronsmall", "Zcaronsmall", "Dieresissmall", "Brevesmall",
    "Caronsmall", "Dotaccentsmall", "Macronsmall", "figuredash", "hypheninferior",
    "Ogoneksmall", "Ringsmall", "Cedillasmall", "questiondownsmall", "oneeighth",
    "threeeighths", "fiveeighths", "seveneighths", "onethird", "twothirds", "zerosuperior",
    "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior", "eightsuperior",
    "ninesuperior", "zeroinferior", "oneinferior", "twoinferior", "threeinferior",
    "fourinferior", "fiveinferior", "sixinferior", "seveninferior", "eightinferior",
    "nineinferior", "centinferior", "dollarinferior", "periodinferior", "commainferior",
    "Agravesmall", "Aacutesmall", "Acircumflexsmall", "Atildesmall", "Adieresissmall",
    "Aringsmall", "AEsmall", "Ccedillasmall", "Egravesmall", "Eacutesmall", "Ecircumflexsmall",
    "Edieresissmall", "Igravesmall", "Iacutesmall", "Icircumflexsmall", "Idieresissmall",
    "Ethsmall", "Ntildesmall", "Ogravesmall", "Oacutesmall", "Ocircumflexsmall", "Otildesmall",
    "Odieresissmall", "OEsmall", "Oslashsmall", "Ugravesmall", "Uacutesmall",
    "Ucircumflexsmall", "Udieresissmall", "Yacutesmall", "Thornsmall", "Ydieresissmall",
    "001.000", "001.001", "001.002", "001.003", "Black", "Bold", "Book", "Light", "Medium",
    "Regular", "Roman", "Semibold",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal CFF: font "F", glyphs .notdef, uni8A08 (string 391), A (standard
    /// string 34), space (1); custom charset format 0; custom encoding format 0 with code
    /// 1 → glyph 1, code 0x41 → glyph 2, code 0x20 → glyph 3, and a supplement code 0x61
    /// → "A".
    fn program() -> Vec<u8> {
        let mut b = vec![1, 0, 4, 1];
        // Name INDEX: one name "F".
        b.extend([0, 1, 1, 1, 2, b'F']);
        let strings: &[u8] = &[0, 1, 1, 1, 8, b'u', b'n', b'i', b'8', b'A', b'0', b'8'];
        // CharStrings INDEX: four one-byte `endchar` programs.
        let charstrings: &[u8] = &[0, 4, 1, 1, 2, 3, 4, 5, 14, 14, 14, 14];
        let charset: &[u8] = &[0, 1, 0x87, 0, 34, 0, 1];
        let encoding: &[u8] = &[0x80, 3, 1, 0x41, 0x20, 1, 0x61, 0, 34];
        // Top DICT: offsets as 5-byte integers (29) so its size is fixed: 3 × 6 bytes.
        let top_len = 18;
        let top_index_len = 2 + 1 + 2 + top_len;
        let start = b.len() + top_index_len + strings.len() + 2;
        let cs_at = start;
        let charset_at = cs_at + charstrings.len();
        let enc_at = charset_at + charset.len();
        let mut top = Vec::new();
        for (v, op) in [(charset_at, 15u8), (enc_at, 16), (cs_at, 17)] {
            top.push(29);
            top.extend((v as u32).to_be_bytes());
            top.push(op);
        }
        b.extend([0, 1, 1, 1, 1 + top_len as u8]);
        b.extend(top);
        b.extend(strings);
        b.extend([0, 0]); // empty Global Subr INDEX
        b.extend(charstrings);
        b.extend(charset);
        b.extend(encoding);
        b
    }

    #[test]
    fn the_built_in_encoding_names_each_code() {
        assert_eq!(STANDARD_STRINGS[34], "A");
        assert_eq!(STANDARD_STRINGS[390], "Semibold");
        assert_eq!(
            encoding(&program()),
            vec![
                (1, "uni8A08".to_string()),
                (0x41, "A".to_string()),
                (0x20, "space".to_string()),
                (0x61, "A".to_string()),
            ]
        );
    }

    #[test]
    fn cut_or_garbage_programs_give_nothing() {
        let p = program();
        for n in 0..p.len() {
            let _ = encoding(&p[..n]);
        }
        // Every byte set to every value: offsets, counts and formats out of range must
        // give nothing or some names, never a panic.
        for i in 0..p.len() {
            for v in 0..=255u8 {
                let mut q = p.clone();
                q[i] = v;
                let _ = encoding(&q);
            }
        }
        assert!(encoding(b"garbage").is_empty());
        assert!(encoding(&[1, 0, 4, 1, 0xFF, 0xFF, 4]).is_empty());
    }

    /// A CID-keyed program: Top DICT with ROS (`12 30`), a format 0 charset giving glyphs
    /// 1 and 2 the CIDs 235 and 205, three `endchar` CharStrings.
    fn cid_program(ros: bool) -> Vec<u8> {
        let mut b = vec![1, 0, 4, 1];
        b.extend([0, 1, 1, 1, 2, b'F']);
        let charset: &[u8] = &[0, 0, 235, 0, 205];
        let charstrings: &[u8] = &[0, 3, 1, 1, 2, 3, 4, 14, 14, 14];
        // Offsets as 5-byte integers (29); ROS as three 1-byte operands (139 = 0).
        let top_len = if ros { 5 } else { 0 } + 12;
        let top_index_len = 2 + 1 + 2 + top_len;
        // String and global subroutine INDEXes: empty.
        let charset_at = b.len() + top_index_len + 2 + 2;
        let cs_at = charset_at + charset.len();
        let mut top = Vec::new();
        if ros {
            top.extend([139, 139, 139, 12, 30]);
        }
        for (v, op) in [(charset_at, 15u8), (cs_at, 17)] {
            top.push(29);
            top.extend((v as u32).to_be_bytes());
            top.push(op);
        }
        assert_eq!(top.len(), top_len);
        b.extend([0, 1, 1, 1, 1 + top_len as u8]);
        b.extend(top);
        b.extend([0, 0, 0, 0]);
        b.extend(charset);
        b.extend(charstrings);
        b
    }

    #[test]
    fn a_cid_keyed_program_lists_its_cids() {
        assert_eq!(cids(&cid_program(true)), Some(vec![235, 205]));
        // Name-keyed: its charset holds string ids, not CIDs.
        assert_eq!(cids(&cid_program(false)), None);
        assert_eq!(cids(&program()), None);
        assert_eq!(cids(&cid_program(true)[..30]), None);
    }
}

//! Just enough of TrueType/OpenType to read a font's `cmap` and `post` tables: the
//! characters of a font without ToUnicode can often be recovered from the embedded font's
//! own map or glyph names.

use std::collections::BTreeMap;

/// Upper bound on characters read from one font (a full CJK font has ~65,000).
const MAX_CHARS: usize = 200_000;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(i)?,
        *b.get(i + 1)?,
        *b.get(i + 2)?,
        *b.get(i + 3)?,
    ]))
}

/// The bytes of table `tag`.
fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = u16_at(font, 4)? as usize;
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? != tag {
            return None;
        }
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        font.get(off..off.checked_add(len)?)
    })
}

/// Format 4 (BMP segments) → (char, glyph) pairs.
fn format4(t: &[u8], out: &mut Vec<(u32, u16)>) -> Option<()> {
    let segs = u16_at(t, 6)? as usize / 2;
    let ends = 14;
    let starts = ends + 2 * segs + 2;
    let deltas = starts + 2 * segs;
    let ranges = deltas + 2 * segs;
    for s in 0..segs {
        let end = u16_at(t, ends + 2 * s)? as u32;
        let start = u16_at(t, starts + 2 * s)? as u32;
        let delta = u16_at(t, deltas + 2 * s)?;
        let ro = u16_at(t, ranges + 2 * s)? as usize;
        if start > end {
            continue;
        }
        for c in start..=end.min(0xFFFE) {
            if out.len() >= MAX_CHARS {
                return Some(());
            }
            let g = if ro == 0 {
                (c as u16).wrapping_add(delta)
            } else {
                let at = ranges + 2 * s + ro + 2 * (c - start) as usize;
                match u16_at(t, at) {
                    Some(0) | None => 0,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if g != 0 {
                out.push((c, g));
            }
        }
    }
    Some(())
}

/// Format 12 (groups, full Unicode) → (char, glyph) pairs.
fn format12(t: &[u8], out: &mut Vec<(u32, u16)>) -> Option<()> {
    let n = u32_at(t, 12)? as usize;
    for i in 0..n {
        let g = 16 + 12 * i;
        let (start, end, glyph) = (u32_at(t, g)?, u32_at(t, g + 4)?, u32_at(t, g + 8)?);
        if start > end || end > 0x10FFFF {
            continue;
        }
        for (k, c) in (start..=end).enumerate() {
            if out.len() >= MAX_CHARS {
                return Some(());
            }
            let gid = glyph.saturating_add(k as u32);
            if let Ok(gid) = u16::try_from(gid) {
                if gid != 0 {
                    out.push((c, gid));
                }
            }
        }
    }
    Some(())
}

/// Radicals and compatibility forms share glyphs with the ideographs people mean: when a
/// glyph has several characters, the ordinary one wins.
fn rank(c: u32) -> (u8, u32) {
    let odd = (0x2E80..=0x2FDF).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0x2F800..=0x2FA1F).contains(&c)
        || (0xE000..=0xF8FF).contains(&c);
    (u8::from(odd), c)
}

/// Glyph id → character, from the font's Unicode `cmap` subtables.
pub fn glyph_chars(font: &[u8]) -> BTreeMap<u16, char> {
    let mut pairs = Vec::new();
    if let Some(cmap) = table(font, b"cmap") {
        let n = u16_at(cmap, 2).unwrap_or(0) as usize;
        let mut subtables: Vec<(u8, usize)> = (0..n)
            .filter_map(|i| {
                let rec = 4 + 8 * i;
                let (pid, eid) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
                let off = u32_at(cmap, rec + 4)? as usize;
                // Unicode subtables only: Windows (3,1)/(3,10) and Unicode platform 0.
                let pref = match (pid, eid) {
                    (3, 10) => 0,
                    (0, 4) | (0, 6) => 1,
                    (3, 1) => 2,
                    (0, _) => 3,
                    _ => return None,
                };
                Some((pref, off))
            })
            .collect();
        subtables.sort();
        for (_, off) in subtables {
            let Some(t) = cmap.get(off..) else { continue };
            let before = pairs.len();
            let _ = match u16_at(t, 0) {
                Some(4) => format4(t, &mut pairs),
                Some(12) => format12(t, &mut pairs),
                _ => None,
            };
            if pairs.len() > before {
                break;
            }
        }
    }
    let mut out: BTreeMap<u16, char> = BTreeMap::new();
    for (c, g) in pairs {
        let Some(ch) = char::from_u32(c) else {
            continue;
        };
        match out.get(&g) {
            Some(&old) if rank(old as u32) <= rank(c) => {}
            _ => {
                out.insert(g, ch);
            }
        }
    }
    out
}

/// Byte code → glyph id of a simple (one-byte) TrueType font, from its symbol (3,0) or
/// Macintosh (1,0) `cmap` subtable: how a subset font without an `/Encoding` draws its
/// codes. Symbol subtables map codes at U+F000 + code (or at the code itself).
pub fn code_glyphs(font: &[u8]) -> BTreeMap<u8, u16> {
    let mut out = BTreeMap::new();
    let Some(cmap) = table(font, b"cmap") else {
        return out;
    };
    let n = u16_at(cmap, 2).unwrap_or(0) as usize;
    for want in [(3u16, 0u16), (1, 0)] {
        for i in 0..n {
            let rec = 4 + 8 * i;
            let (Some(pid), Some(eid), Some(off)) = (
                u16_at(cmap, rec),
                u16_at(cmap, rec + 2),
                u32_at(cmap, rec + 4),
            ) else {
                continue;
            };
            if (pid, eid) != want {
                continue;
            }
            let Some(t) = cmap.get(off as usize..) else {
                continue;
            };
            let mut pairs = Vec::new();
            let _ = match u16_at(t, 0) {
                Some(0) => format0(t, &mut pairs),
                Some(4) => format4(t, &mut pairs),
                Some(6) => format6(t, &mut pairs),
                _ => None,
            };
            for (c, g) in pairs {
                let code = if (0xF000..=0xF0FF).contains(&c) {
                    c - 0xF000
                } else {
                    c
                };
                if let (Ok(code), true) = (u8::try_from(code), g != 0) {
                    out.entry(code).or_insert(g);
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
    }
    out
}

/// Format 0 (a byte → glyph array).
fn format0(t: &[u8], out: &mut Vec<(u32, u16)>) -> Option<()> {
    let glyphs = t.get(6..6 + 256)?;
    out.extend(
        glyphs
            .iter()
            .enumerate()
            .map(|(c, &g)| (c as u32, u16::from(g))),
    );
    Some(())
}

/// Format 6 (a trimmed array of glyph ids).
fn format6(t: &[u8], out: &mut Vec<(u32, u16)>) -> Option<()> {
    let first = u32::from(u16_at(t, 6)?);
    let count = u16_at(t, 8)? as usize;
    for i in 0..count.min(MAX_CHARS) {
        out.push((first + i as u32, u16_at(t, 10 + 2 * i)?));
    }
    Some(())
}

/// Glyph id → glyph name, from a format 2 `post` table (formats 1 and 3 name nothing a
/// subset keeps).
pub fn glyph_names(font: &[u8]) -> BTreeMap<u16, String> {
    let mut out = BTreeMap::new();
    let Some(post) = table(font, b"post") else {
        return out;
    };
    if u32_at(post, 0) != Some(0x0002_0000) {
        return out;
    }
    let Some(n) = u16_at(post, 32) else {
        return out;
    };
    let index_at = 34;
    let mut custom: Vec<String> = Vec::new();
    let mut at = index_at + 2 * n as usize;
    while let Some(&len) = post.get(at) {
        let Some(b) = post.get(at + 1..at + 1 + len as usize) else {
            break;
        };
        custom.push(String::from_utf8_lossy(b).into_owned());
        at += 1 + len as usize;
    }
    for g in 0..n {
        let Some(ix) = u16_at(post, index_at + 2 * g as usize) else {
            break;
        };
        // Indices below 258 name the standard Macintosh glyphs; their names are all in
        // the Adobe Glyph List, which pdf-extract knows: kept as they are by the caller.
        let name = match ix {
            0..=257 => MAC_NAMES.get(ix as usize).map(|s| s.to_string()),
            _ => custom.get(ix as usize - 258).cloned(),
        };
        if let Some(name) = name {
            out.insert(g, name);
        }
    }
    out
}

/// The 258 standard Macintosh glyph names of `post` tables, in order.
const MAC_NAMES: [&str; 258] = [
    ".notdef",
    ".null",
    "nonmarkingreturn",
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
    "Adieresis",
    "Aring",
    "Ccedilla",
    "Eacute",
    "Ntilde",
    "Odieresis",
    "Udieresis",
    "aacute",
    "agrave",
    "acircumflex",
    "adieresis",
    "atilde",
    "aring",
    "ccedilla",
    "eacute",
    "egrave",
    "ecircumflex",
    "edieresis",
    "iacute",
    "igrave",
    "icircumflex",
    "idieresis",
    "ntilde",
    "oacute",
    "ograve",
    "ocircumflex",
    "odieresis",
    "otilde",
    "uacute",
    "ugrave",
    "ucircumflex",
    "udieresis",
    "dagger",
    "degree",
    "cent",
    "sterling",
    "section",
    "bullet",
    "paragraph",
    "germandbls",
    "registered",
    "copyright",
    "trademark",
    "acute",
    "dieresis",
    "notequal",
    "AE",
    "Oslash",
    "infinity",
    "plusminus",
    "lessequal",
    "greaterequal",
    "yen",
    "mu",
    "partialdiff",
    "summation",
    "product",
    "pi",
    "integral",
    "ordfeminine",
    "ordmasculine",
    "Omega",
    "ae",
    "oslash",
    "questiondown",
    "exclamdown",
    "logicalnot",
    "radical",
    "florin",
    "approxequal",
    "Delta",
    "guillemotleft",
    "guillemotright",
    "ellipsis",
    "nonbreakingspace",
    "Agrave",
    "Atilde",
    "Otilde",
    "OE",
    "oe",
    "endash",
    "emdash",
    "quotedblleft",
    "quotedblright",
    "quoteleft",
    "quoteright",
    "divide",
    "lozenge",
    "ydieresis",
    "Ydieresis",
    "fraction",
    "currency",
    "guilsinglleft",
    "guilsinglright",
    "fi",
    "fl",
    "daggerdbl",
    "periodcentered",
    "quotesinglbase",
    "quotedblbase",
    "perthousand",
    "Acircumflex",
    "Ecircumflex",
    "Aacute",
    "Edieresis",
    "Egrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Igrave",
    "Oacute",
    "Ocircumflex",
    "apple",
    "Ograve",
    "Uacute",
    "Ucircumflex",
    "Ugrave",
    "dotlessi",
    "circumflex",
    "tilde",
    "macron",
    "breve",
    "dotaccent",
    "ring",
    "cedilla",
    "hungarumlaut",
    "ogonek",
    "caron",
    "Lslash",
    "lslash",
    "Scaron",
    "scaron",
    "Zcaron",
    "zcaron",
    "brokenbar",
    "Eth",
    "eth",
    "Yacute",
    "yacute",
    "Thorn",
    "thorn",
    "minus",
    "multiply",
    "onesuperior",
    "twosuperior",
    "threesuperior",
    "onehalf",
    "onequarter",
    "threequarters",
    "franc",
    "Gbreve",
    "gbreve",
    "Idotaccent",
    "Scedilla",
    "scedilla",
    "Cacute",
    "cacute",
    "Ccaron",
    "ccaron",
    "dcroat",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal font: one `cmap` table with a format-4 subtable mapping 'A'..'C' to
    /// glyphs 1..3 and 目 and ⽬ (Kangxi radical) both to glyph 4.
    fn font() -> Vec<u8> {
        let mut sub = Vec::new();
        let segs: &[(u16, u16, i16)] = &[
            (0x41, 0x43, -0x40),
            (0x2F6C, 0x2F6C, 4 - 0x2F6C),
            (0x76EE, 0x76EE, 4 - 0x76EE),
            (0xFFFF, 0xFFFF, 1),
        ];
        let n = segs.len() as u16;
        sub.extend_from_slice(&4u16.to_be_bytes());
        sub.extend_from_slice(&0u16.to_be_bytes()); // length, unused here
        sub.extend_from_slice(&0u16.to_be_bytes());
        sub.extend_from_slice(&(2 * n).to_be_bytes());
        sub.extend_from_slice(&[0; 6]);
        for s in segs {
            sub.extend_from_slice(&s.1.to_be_bytes());
        }
        sub.extend_from_slice(&[0, 0]);
        for s in segs {
            sub.extend_from_slice(&s.0.to_be_bytes());
        }
        for s in segs {
            sub.extend_from_slice(&s.2.to_be_bytes());
        }
        for _ in segs {
            sub.extend_from_slice(&0u16.to_be_bytes());
        }
        let mut cmap = Vec::new();
        cmap.extend_from_slice(&0u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&3u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut f = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        f.extend_from_slice(b"cmap");
        f.extend_from_slice(&0u32.to_be_bytes());
        f.extend_from_slice(&28u32.to_be_bytes());
        f.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        f.extend_from_slice(&cmap);
        f
    }

    #[test]
    fn cmap_format4_gives_glyph_characters_preferring_ideographs() {
        let m = glyph_chars(&font());
        assert_eq!(m.get(&1), Some(&'A'));
        assert_eq!(m.get(&3), Some(&'C'));
        assert_eq!(m.get(&4), Some(&'目'));
    }

    #[test]
    fn garbage_gives_nothing() {
        assert!(glyph_chars(b"not a font at all").is_empty());
        assert!(glyph_chars(&[0, 1, 0, 0, 0xFF, 0xFF]).is_empty());
    }
}

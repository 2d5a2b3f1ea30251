//! Just enough of TrueType/OpenType to read a font's `cmap` table: the characters of a CID
//! font without ToUnicode can often be recovered from the embedded font's own map.

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

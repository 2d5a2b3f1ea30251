//! The built-in encoding of an embedded simple font (Type 1, TrueType or bare CFF): what its codes
//! mean when the PDF gives neither a ToUnicode map nor an `/Encoding`. Office suites embed
//! subsets this way (LibreOffice numbers the glyphs of each 256-glyph chunk 1, 2, 3 …),
//! and a reader that assumes the standard encoding prints Latin gibberish.

use super::sfnt;

/// What a code of the font stands for, by the font program alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// A glyph name (to be read by the Adobe Glyph List rules).
    Name(String),
    /// A character, from the font's own Unicode `cmap`.
    Char(char),
}

/// The kinds of embedded program a simple font can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    /// `/FontFile`.
    Type1,
    /// `/FontFile2`.
    TrueType,
    /// `/FontFile3` with `/Subtype /Type1C`: a bare CFF program.
    Cff,
}

/// Code → meaning for the codes the font program defines; empty when the program says
/// nothing beyond the standard encoding (a Type 1 font with `StandardEncoding`).
pub fn builtin(program: &[u8], kind: Program) -> Vec<(u8, Meaning)> {
    let names = match kind {
        Program::TrueType => return truetype_codes(program),
        Program::Type1 => type1_encoding(program),
        Program::Cff => super::cff::encoding(program),
    };
    names
        .into_iter()
        .map(|(c, n)| (c, Meaning::Name(n)))
        .collect()
}

/// `dup <code> /<name> put` entries of a Type 1 program's clear-text part (before
/// `eexec`).
pub fn type1_encoding(program: &[u8]) -> Vec<(u8, String)> {
    let clear = match find(program, b"eexec") {
        Some(i) => &program[..i],
        None => program,
    };
    let Some(start) = find(clear, b"/Encoding") else {
        return Vec::new();
    };
    let rest = &clear[start..];
    let end = find(rest, b"readonly def")
        .or_else(|| find(rest, b" def"))
        .unwrap_or(rest.len());
    let body = &rest[..end];
    if find(body, b"StandardEncoding").is_some() && find(body, b"dup").is_none() {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(body);
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let mut out = Vec::new();
    for w in words.windows(4) {
        if let ["dup", code, name, "put"] = w {
            if let (Ok(c), Some(n)) = (code.parse::<u8>(), name.strip_prefix('/')) {
                out.push((c, n.to_string()));
            }
        }
    }
    out
}

/// A symbolic TrueType subset: code → glyph by its (3,0)/(1,0) `cmap`, glyph → character
/// by its Unicode `cmap`, else glyph → name by its `post` table.
fn truetype_codes(program: &[u8]) -> Vec<(u8, Meaning)> {
    let codes = sfnt::code_glyphs(program);
    if codes.is_empty() {
        return Vec::new();
    }
    let chars = sfnt::glyph_chars(program);
    let names = sfnt::glyph_names(program);
    codes
        .into_iter()
        .map(|(c, g)| {
            let m = match (chars.get(&g), names.get(&g)) {
                (Some(&ch), _) => Meaning::Char(ch),
                (None, Some(n)) => Meaning::Name(n.clone()),
                (None, None) => Meaning::Name(String::new()),
            };
            (c, m)
        })
        .collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type1_encoding_entries_are_read_from_the_clear_text() {
        let prog = b"%!PS-AdobeFont-1.0: X\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
dup 1 /cid11879 put\ndup 2 /uni8A08 put\ndup 32 /space put\nreadonly def\ncurrentfile eexec\n\
dup 3 /hidden put";
        assert_eq!(
            type1_encoding(prog),
            vec![
                (1, "cid11879".to_string()),
                (2, "uni8A08".to_string()),
                (32, "space".to_string())
            ]
        );
    }

    #[test]
    fn standard_encoding_says_nothing() {
        let prog = b"%!FontType1\n/Encoding StandardEncoding def\ncurrentfile eexec\n";
        assert!(type1_encoding(prog).is_empty());
        assert!(builtin(b"garbage", Program::TrueType).is_empty());
        assert!(builtin(b"garbage", Program::Cff).is_empty());
    }
}

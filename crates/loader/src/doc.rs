//! The loader's output: a document of lines, each a list of cells with their source position.
//! Text dumps and PDFs produce the same shape; PDFs add a page and a box per cell.

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Diagnostic;

/// The container format, decided from the bytes (never from the file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Pdf,
}

/// The character encoding of a text input, named as the contract names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-8 BOM")]
    Utf8Bom,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    #[serde(rename = "Shift_JIS")]
    ShiftJis,
    #[serde(rename = "EUC-JP")]
    EucJp,
    #[serde(rename = "ISO-2022-JP")]
    Iso2022Jp,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::ShiftJis => "Shift_JIS",
            Encoding::EucJp => "EUC-JP",
            Encoding::Iso2022Jp => "ISO-2022-JP",
        }
    }
}

/// A box on a PDF page, in PDF user-space points (origin bottom left).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// One table cell (a TAB-separated field, an HTML `<td>`, or a PDF cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based column within its line, counting empty cells.
    pub col: u16,
    /// Normalised text (see [`crate::norm`]). Paragraphs and list items from HTML are
    /// separated by `'\n'`; no other control characters remain.
    pub text: String,
    /// Where each byte of `text` came from in [`Document::text`]; read it through
    /// [`Cell::source_of`].
    pub map: CellMap,
    /// Where the cell lies on its page (PDF only).
    pub bbox: Option<BBox>,
}

/// For each byte of a cell's text (and one past the end), the byte offset in
/// [`Document::text`] of the source character it came from. Monotone.
///
/// Most cells are their source unchanged, and for them the map is a formula, not a vector
/// of four bytes per text byte: every byte of a character maps to `start` plus the
/// character's first byte (not `start + i`), and the end maps to `start + text.len()`.
/// The representation is canonical (a stored map is never one the formula gives), so two
/// maps are equal exactly when they map alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellMap(Repr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    Identity(u32),
    Bytes(Vec<u32>),
}

impl CellMap {
    /// The map of a text copied unchanged from `start`.
    pub fn identity(start: u32) -> Self {
        CellMap(Repr::Identity(start))
    }

    /// The map of `text` given byte by byte (`text.len() + 1` entries, see [`CellMap`]).
    /// A vector of another length is kept as given; [`CellMap::source_of`] then answers
    /// `None` past its end, as a slice would.
    pub fn from_vec(text: &str, map: Vec<u32>) -> Self {
        match identity_start(text, &map) {
            Some(start) => CellMap::identity(start),
            None => CellMap(Repr::Bytes(map)),
        }
    }

    /// A map known not to be the identity formula (the normaliser saw a byte written at
    /// another offset); [`CellMap::from_vec`] when that is not known.
    pub(crate) fn stored(text: &str, map: Vec<u32>) -> Self {
        debug_assert!(identity_start(text, &map).is_none(), "{text:?} {map:?}");
        CellMap(Repr::Bytes(map))
    }

    /// Whether no vector is stored.
    pub fn is_identity(&self) -> bool {
        matches!(self.0, Repr::Identity(_))
    }

    /// The source offset of byte `i` of `text` (the text this map was made for), or `None`
    /// past its end.
    // Called per character by the grammar, across the crate boundary.
    #[inline]
    pub fn source_of(&self, text: &str, i: usize) -> Option<u32> {
        match &self.0 {
            Repr::Bytes(v) => v.get(i).copied(),
            Repr::Identity(start) => {
                if i > text.len() {
                    return None;
                }
                let mut b = i;
                // At most three steps: a UTF-8 character is at most four bytes.
                while !text.is_char_boundary(b) {
                    b -= 1;
                }
                Some(start.wrapping_add(b as u32))
            }
        }
    }

    /// The map of `text[r]`, or `None` unless `r` lies on character boundaries of `text`.
    pub fn slice(&self, text: &str, r: Range<usize>) -> Option<CellMap> {
        let sub = text.get(r.clone())?;
        match &self.0 {
            Repr::Identity(start) => Some(CellMap::identity(start.wrapping_add(r.start as u32))),
            Repr::Bytes(v) => Some(CellMap::from_vec(sub, v.get(r.start..=r.end)?.to_vec())),
        }
    }

    /// The whole map as a vector (`text.len() + 1` entries), for tests and tools.
    pub fn to_vec(&self, text: &str) -> Vec<u32> {
        match &self.0 {
            Repr::Bytes(v) => v.clone(),
            Repr::Identity(_) => (0..=text.len())
                .filter_map(|i| self.source_of(text, i))
                .collect(),
        }
    }
}

/// `Some(start)` when `map` is the identity formula for `text` (see [`CellMap`]).
fn identity_start(text: &str, map: &[u32]) -> Option<u32> {
    if map.len() != text.len() + 1 {
        return None;
    }
    let start = *map.first()?;
    let mut char_start = start;
    for (i, (&m, &b)) in map.iter().zip(text.as_bytes()).enumerate() {
        if b & 0xC0 != 0x80 {
            char_start = start.checked_add(i as u32)?;
        }
        if m != char_start {
            return None;
        }
    }
    (map.last() == start.checked_add(text.len() as u32).as_ref()).then_some(start)
}

impl Cell {
    /// The source offset in [`Document::text`] of byte `i` of `text` (`i == text.len()`:
    /// the end of the cell's source), or `None` past the end.
    // Called per character by the grammar, across the crate boundary.
    #[inline]
    pub fn source_of(&self, i: usize) -> Option<u32> {
        self.map.source_of(&self.text, i)
    }

    /// The part of the cell holding `text[r]`, with its map; `None` unless `r` lies on
    /// character boundaries.
    pub fn sub(&self, r: Range<usize>) -> Option<Cell> {
        Some(Cell {
            col: self.col,
            text: self.text.get(r.clone())?.to_string(),
            map: self.map.slice(&self.text, r)?,
            bbox: self.bbox,
        })
    }

    /// Byte range in [`Document::text`] of the source of `text[r]`.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.source_of(r.start).unwrap_or(0) as usize;
        let end = if r.end == 0 {
            start
        } else {
            // The end is the end of the source character behind the last normalised byte.
            let last = self.source_of(r.end).unwrap_or(start as u32) as usize;
            last.max(start)
        };
        start..end
    }

    /// The source span of the whole cell.
    pub fn span(&self) -> Range<usize> {
        self.source_range(0..self.text.len())
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// How a logical line was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// TAB-separated text.
    Tabs,
    /// A row folded out of an HTML `<table>`.
    HtmlRow,
    /// Positioned PDF text.
    Pdf,
}

/// One logical line: a row of cells. An HTML table on one physical line yields several
/// logical lines that share the physical line number.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based physical line of the source file (PDF: the row's index on the page).
    pub no: u32,
    /// 1-based page (PDF only).
    pub page: Option<u32>,
    pub origin: Origin,
    /// Cells in column order; trailing empty cells are dropped.
    pub cells: Vec<Cell>,
}

impl Line {
    /// Cell texts, for matching.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().map(|c| c.text.as_str())
    }
    /// Non-empty cells.
    pub fn filled(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| !c.text.is_empty())
    }
    /// The text of the cell in column `col`, or "".
    pub fn cell(&self, col: usize) -> &str {
        self.cells
            .iter()
            .find(|c| c.col as usize == col)
            .map_or("", |c| c.text.as_str())
    }
    /// All non-empty cell texts joined by one space.
    pub fn joined(&self) -> String {
        let mut s = String::new();
        for c in self.filled() {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&c.text);
        }
        s
    }
}

/// A physical line of the source, kept so that nothing is lost: every non-blank source
/// line must end up in a field or in `unparsed`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLine {
    pub no: u32,
    pub page: Option<u32>,
    /// Byte range in [`Document::text`], without the line terminator.
    pub span: Range<usize>,
    pub blank: bool,
}

/// A loaded document.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// `None` for PDF.
    pub encoding: Option<Encoding>,
    /// How the encoding was decided, for the user's trust.
    pub encoding_reason: Option<String>,
    /// The decoded source text (UTF-8), as in the file.
    pub text: String,
    pub source_lines: Vec<SourceLine>,
    pub lines: Vec<Line>,
    /// Page count (PDF only).
    pub pages: Option<u32>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// The original text of physical line `no` (1-based), without its terminator.
    pub fn source_line(&self, no: u32) -> Option<&str> {
        let l = self.source_lines.get(no.checked_sub(1)? as usize)?;
        self.text.get(l.span.clone())
    }
    /// The original text behind a cell's normalised byte range.
    pub fn raw(&self, cell: &Cell, r: Range<usize>) -> &str {
        self.text.get(cell.source_range(r)).unwrap_or("")
    }
}

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
    /// For each byte of `text` (and one past the end), the byte offset in
    /// [`Document::text`] of the source character it came from. Monotone.
    pub map: Vec<u32>,
    /// Where the cell lies on its page (PDF only).
    pub bbox: Option<BBox>,
}

impl Cell {
    /// Byte range in [`Document::text`] of the source of `text[r]`.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.map.get(r.start).copied().unwrap_or(0) as usize;
        let end = if r.end == 0 {
            start
        } else {
            // The end is the end of the source character behind the last normalised byte.
            let last = self.map.get(r.end).copied().unwrap_or(start as u32) as usize;
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

//! keikaku-loader: bytes → a [`Document`] of lines of cells.
//!
//! Encoding is decided once at the edge ([`decode`]), HTML fragments are folded into the
//! same rows as TAB-separated text ([`html`]), and every cell is normalised ([`norm`]) with
//! a map back to the source, so later stages can quote the original.
//!
//! ```
//! let doc = keikaku_loader::load("項目番号\t１－①\n主管課\t総務課".as_bytes()).unwrap();
//! assert_eq!(doc.encoding.unwrap().name(), "UTF-8");
//! assert_eq!(doc.lines[0].cell(1), "1-①");
//! assert_eq!(doc.raw(&doc.lines[0].cells[1], 0..5), "１－①");
//! ```

pub mod decode;
mod diag;
mod doc;
mod error;
pub mod html;
mod load;
pub mod norm;
pub mod pdf;

pub use diag::{Diagnostic, Severity};
pub use doc::{BBox, Cell, CellMap, Document, Encoding, Format, Line, Origin, SourceLine};
pub use error::LoadError;
pub use load::{is_pdf, load, load_pdf, load_text, split_lines};

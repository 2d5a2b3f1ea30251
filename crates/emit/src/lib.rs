//! keikaku-emit: documents → JSON, JSON Lines and CSV.
//!
//! ```
//! let doc = keikaku_model::convert("a.txt", "項目番号\t1-①".as_bytes()).unwrap();
//! let mut out = Vec::new();
//! keikaku_emit::jsonl(&doc, &mut out).unwrap();
//! assert!(out.ends_with(b"\n"));
//! ```

use std::io::{self, Write};

use keikaku_model::Document;

pub mod csv_out;

pub use csv_out::{activity_rows, item_rows, CsvWriter};

/// Keep the I/O kind of a serialisation error (a closed pipe must stay a closed pipe).
fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

/// One document as one line of JSON, newline-terminated.
pub fn jsonl<W: Write>(doc: &Document, mut w: W) -> io::Result<()> {
    serde_json::to_writer(&mut w, doc).map_err(io_error)?;
    w.write_all(b"\n")
}

/// One document as pretty-printed JSON, newline-terminated.
pub fn json_pretty<W: Write>(doc: &Document, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, doc).map_err(io_error)?;
    w.write_all(b"\n")
}

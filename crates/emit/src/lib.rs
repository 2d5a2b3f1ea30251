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
pub mod json;

pub use csv_out::{activity_rows, item_rows, CsvWriter};

/// One document as one line of JSON, newline-terminated.
pub fn jsonl<W: Write>(doc: &Document, mut w: W) -> io::Result<()> {
    let mut out = Vec::new();
    json_into(doc, false, &mut out)?;
    w.write_all(&out)
}

/// One document as pretty-printed JSON, newline-terminated.
pub fn json_pretty<W: Write>(doc: &Document, mut w: W) -> io::Result<()> {
    let mut out = Vec::new();
    json_into(doc, true, &mut out)?;
    w.write_all(&out)
}

/// Append the document's JSON and a newline to `out` (through [`json`], byte for byte
/// serde_json's text).
fn json_into(doc: &Document, pretty: bool, out: &mut Vec<u8>) -> io::Result<()> {
    json::write(out, doc, pretty).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(())
}

/// What a batch writes per document, so that a document can be rendered to bytes where it
/// was converted (a pool thread or a worker process) and written by one ordered writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One JSON Lines line.
    Jsonl,
    /// One pretty-printed JSON file body.
    Json,
    /// The item rows of the CSV item table (stdout shows only that table).
    CsvItems,
    /// The rows of both CSV tables (a `-o DIR` run writes `items.csv` and `activities.csv`).
    CsvBoth,
}

impl Shape {
    /// The name used on a worker's command line.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Jsonl => "jsonl",
            Shape::Json => "json",
            Shape::CsvItems => "csv-items",
            Shape::CsvBoth => "csv-both",
        }
    }

    /// The inverse of [`Shape::name`].
    pub fn from_name(name: &str) -> Option<Shape> {
        [Shape::Jsonl, Shape::Json, Shape::CsvItems, Shape::CsvBoth]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// One document's output bytes: `main` is the JSON (Lines) text or the item rows;
/// `activities` the activity rows of [`Shape::CsvBoth`], empty otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub main: Vec<u8>,
    pub activities: Vec<u8>,
}

thread_local! {
    /// The size of the last JSON text rendered on this thread: the first guess of the next
    /// one's, so that a batch of similar documents writes into a buffer of the right size
    /// instead of doubling it a dozen times (each doubling copies all written so far).
    static LAST_JSON_LEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Render one document. CSV rows come without BOM or header (see [`csv_out::header_bytes`]),
/// so the rows of many documents concatenate into one table.
pub fn render(doc: &Document, shape: Shape) -> io::Result<Rendered> {
    let mut r = Rendered::default();
    let json = |pretty: bool, out: &mut Vec<u8>| -> io::Result<()> {
        // Capped: a huge document must not make every small one after it reserve as much.
        let guess = LAST_JSON_LEN.with(|n| n.get()).min(8 << 20);
        // A little room over the last size, so that a slightly larger document does not
        // copy itself once at the very end.
        out.reserve(guess + guess / 8);
        json_into(doc, pretty, out)?;
        LAST_JSON_LEN.with(|n| n.set(out.len()));
        Ok(())
    };
    match shape {
        Shape::Jsonl => json(false, &mut r.main)?,
        Shape::Json => json(true, &mut r.main)?,
        Shape::CsvItems => r.main = csv_out::rows_bytes(&item_rows(doc))?,
        Shape::CsvBoth => {
            r.main = csv_out::rows_bytes(&item_rows(doc))?;
            r.activities = csv_out::rows_bytes(&activity_rows(doc))?;
        }
    }
    Ok(r)
}

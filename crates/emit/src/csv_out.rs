//! CSV for spreadsheets: UTF-8 with a BOM (so Excel shows Japanese), CRLF line ends, one
//! row per item with the document's fields repeated; activities go to a second table, one
//! row per activity with its item's columns repeated. A missing value is an empty cell.

use std::io::{self, Write};

use keikaku_model::grammar::{LineRange, Status};
use keikaku_model::Document;
use serde::Serialize;
use serde_json::Value;

pub const ITEM_HEADER: &[&str] = &[
    "file",
    "municipality",
    "title",
    "period_from",
    "period_to",
    "report_year",
    "layout",
    "id",
    "raw_id",
    "item_title",
    "department",
    "status",
    "status_mark",
    "status_label",
    "activities",
    "line_from",
    "line_to",
    "extra",
];

pub const ACTIVITY_HEADER: &[&str] = &[
    "file",
    "municipality",
    "title",
    "period_from",
    "period_to",
    "report_year",
    "layout",
    "item_id",
    "item_raw_id",
    "item_title",
    "department",
    "n",
    "activity_title",
    "status",
    "status_mark",
    "status_label",
    "line_from",
    "line_to",
    "extra",
];

/// Keys of an item or activity that have their own columns; every other key (the
/// family's own fields) goes, as compact JSON, into the `extra` column so nothing is lost.
const ITEM_KEYS: &[&str] = &[
    "id",
    "raw_id",
    "title",
    "department",
    "status",
    "activities",
    "source",
    "fields",
];
const ACTIVITY_KEYS: &[&str] = &["n", "title", "status", "source", "fields"];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn status_cols(s: Option<&Status>) -> [String; 3] {
    match s {
        Some(s) => [
            s.code.as_str().to_string(),
            s.mark.clone().unwrap_or_default(),
            s.label.clone().unwrap_or_default(),
        ],
        None => Default::default(),
    }
}

/// First and last source line of a value.
fn line_span(source: &[LineRange]) -> [String; 2] {
    let from = source.iter().map(|r| r.from).min();
    let to = source.iter().map(|r| r.to).max();
    [opt(from), opt(to)]
}

/// The keys of `v` not in `own`, as compact JSON (Japanese as text); empty when none.
fn extra<T: Serialize>(v: &T, own: &[&str]) -> String {
    let Ok(Value::Object(mut m)) = serde_json::to_value(v) else {
        return String::new();
    };
    m.retain(|k, _| !own.contains(&k.as_str()));
    if m.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&m).unwrap_or_default()
    }
}

/// The document columns repeated on every row.
fn doc_cols(doc: &Document) -> [String; 7] {
    [
        doc.source.path.clone(),
        opt(doc.municipality.as_ref()),
        opt(doc.title.as_ref()),
        opt(doc.period.map(|p| p.from)),
        opt(doc.period.map(|p| p.to)),
        opt(doc.report_year),
        doc.layout.as_str().to_string(),
    ]
}

/// The item rows of one document.
pub fn item_rows(doc: &Document) -> Vec<Vec<String>> {
    let d = doc_cols(doc);
    doc.items
        .iter()
        .map(|it| {
            let [code, mark, label] = status_cols(it.status.as_ref());
            let [from, to] = line_span(&it.source);
            let mut row = d.to_vec();
            row.extend([
                opt(it.id.as_ref()),
                opt(it.raw_id.as_ref()),
                opt(it.title.as_ref()),
                opt(it.department.as_ref()),
                code,
                mark,
                label,
                it.activities.len().to_string(),
                from,
                to,
                extra(it, ITEM_KEYS),
            ]);
            row
        })
        .collect()
}

/// The activity rows of one document, each with its item's id, title and department.
pub fn activity_rows(doc: &Document) -> Vec<Vec<String>> {
    let d = doc_cols(doc);
    let mut rows = Vec::new();
    for it in &doc.items {
        for a in &it.activities {
            let [code, mark, label] = status_cols(a.status.as_ref());
            let [from, to] = line_span(&a.source);
            let mut row = d.to_vec();
            row.extend([
                opt(it.id.as_ref()),
                opt(it.raw_id.as_ref()),
                opt(it.title.as_ref()),
                opt(it.department.as_ref()),
                a.n.to_string(),
                opt(a.title.as_ref()),
                code,
                mark,
                label,
                from,
                to,
                extra(a, ACTIVITY_KEYS),
            ]);
            rows.push(row);
        }
    }
    rows
}

/// A CSV table written with a BOM and a header.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut w: W, header: &[&str]) -> io::Result<Self> {
        w.write_all("\u{FEFF}".as_bytes())?;
        let mut inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(w);
        inner.write_record(header).map_err(io::Error::other)?;
        Ok(CsvWriter { inner })
    }
    pub fn rows(&mut self, rows: &[Vec<String>]) -> io::Result<()> {
        for r in rows {
            self.inner.write_record(r).map_err(io::Error::other)?;
        }
        Ok(())
    }
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The start of a CSV table: the BOM and the header row.
pub fn header_bytes(header: &[&str]) -> io::Result<Vec<u8>> {
    CsvWriter::new(Vec::new(), header)?.into_inner()
}

/// Rows as CSV bytes, without BOM or header. The csv crate quotes each field on its own,
/// so rows rendered apart and concatenated equal rows written by one writer.
pub fn rows_bytes(rows: &[Vec<String>]) -> io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(io::Error::other)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

impl<W: Write> CsvWriter<W> {
    /// Flush and hand back the underlying writer.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extra_keeps_only_the_keys_without_a_column() {
        let v = json!({"id": "1", "title": "定員管理", "target": "削減", "years": [2020]});
        assert_eq!(extra(&v, ITEM_KEYS), r#"{"target":"削減","years":[2020]}"#);
        assert_eq!(extra(&json!({"n": 1, "title": "x"}), ACTIVITY_KEYS), "");
        assert_eq!(extra(&json!([1]), ITEM_KEYS), "");
    }

    #[test]
    fn the_span_covers_every_block() {
        let r = [LineRange::new(9, 12), LineRange::new(3, 4)];
        assert_eq!(line_span(&r), ["3".to_string(), "12".to_string()]);
        assert_eq!(line_span(&[]), [String::new(), String::new()]);
    }

    #[test]
    fn rows_rendered_apart_concatenate_to_one_table() {
        let a = keikaku_model::convert("a,\"x\".txt", "項目番号\t1-①\n".as_bytes()).unwrap();
        let b = keikaku_model::convert("b.txt", "表題\n".as_bytes()).unwrap();
        let mut one = CsvWriter::new(Vec::new(), ITEM_HEADER).unwrap();
        one.rows(&item_rows(&a)).unwrap();
        one.rows(&item_rows(&b)).unwrap();
        let mut apart = header_bytes(ITEM_HEADER).unwrap();
        apart.extend(rows_bytes(&item_rows(&a)).unwrap());
        apart.extend(rows_bytes(&item_rows(&b)).unwrap());
        assert_eq!(apart, one.into_inner().unwrap());
        assert!(apart.starts_with("\u{FEFF}file,".as_bytes()));
    }

    #[test]
    fn headers_and_rows_agree() {
        let doc = keikaku_model::convert("a.txt", "表題\n".as_bytes()).unwrap();
        assert_eq!(doc_cols(&doc).len() + 11, ITEM_HEADER.len());
        assert_eq!(doc_cols(&doc).len() + 12, ACTIVITY_HEADER.len());
    }
}

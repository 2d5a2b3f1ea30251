//! CSV for spreadsheets: UTF-8 with a BOM (so Excel shows Japanese), one row per item with
//! the document's fields repeated; activities go to a second table, one row per activity.

use std::io::{self, Write};

use keikaku_model::grammar::{Item, Status};
use keikaku_model::Document;

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
];

pub const ACTIVITY_HEADER: &[&str] = &[
    "file",
    "municipality",
    "report_year",
    "item_id",
    "item_title",
    "n",
    "activity_title",
    "status",
    "status_mark",
    "status_label",
];

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

fn line_span(item: &Item) -> (String, String) {
    let from = item.source.iter().map(|r| r.from).min();
    let to = item.source.iter().map(|r| r.to).max();
    (opt(from), opt(to))
}

/// The item rows of one document.
pub fn item_rows(doc: &Document) -> Vec<Vec<String>> {
    doc.items
        .iter()
        .map(|it| {
            let [code, mark, label] = status_cols(it.status.as_ref());
            let (from, to) = line_span(it);
            vec![
                doc.source.path.clone(),
                opt(doc.municipality.as_ref()),
                opt(doc.title.as_ref()),
                opt(doc.period.map(|p| p.from)),
                opt(doc.period.map(|p| p.to)),
                opt(doc.report_year),
                doc.layout.as_str().to_string(),
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
            ]
        })
        .collect()
}

/// The activity rows of one document.
pub fn activity_rows(doc: &Document) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for it in &doc.items {
        for a in &it.activities {
            let [code, mark, label] = status_cols(a.status.as_ref());
            rows.push(vec![
                doc.source.path.clone(),
                opt(doc.municipality.as_ref()),
                opt(doc.report_year),
                opt(it.id.as_ref()),
                opt(it.title.as_ref()),
                a.n.to_string(),
                opt(a.title.as_ref()),
                code,
                mark,
                label,
            ]);
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

impl<W: Write> CsvWriter<W> {
    /// Flush and hand back the underlying writer.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

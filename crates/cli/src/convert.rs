//! The batch: read, convert and write documents on a rayon pool, in input order, one bad
//! file never stopping the others.

use std::io::{self, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use keikaku_emit::{csv_out, CsvWriter};
use keikaku_model::Document;
use rayon::prelude::*;

use crate::args::OutputFormat;
use crate::inputs::Input;
use crate::output;

/// Validated settings for a conversion run.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<Input>,
    pub output: Option<PathBuf>,
    pub format: OutputFormat,
    pub progress: bool,
}

/// Outcome of one input.
pub type Outcome = std::result::Result<Document, String>;

/// Convert one file; never panics (a panic in a grammar becomes this file's error). A PDF
/// is extracted in a limited worker process first (see `pdf_worker`).
pub fn convert_one(input: &Input) -> Outcome {
    let bytes = std::fs::read(&input.path).map_err(|e| e.to_string())?;
    let display = input.display.clone();
    let pdf = if keikaku_loader::is_pdf(&bytes) {
        let limits = crate::pdf_worker::Limits::from_env();
        Some(crate::pdf_worker::extract_isolated(&bytes, &limits)?)
    } else {
        None
    };
    match catch_unwind(AssertUnwindSafe(|| match pdf {
        Some(ex) => Ok(keikaku_model::convert_loaded(
            &display,
            &bytes,
            keikaku_loader::pdf::document(ex),
        )),
        None => keikaku_model::convert(&display, &bytes),
    })) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error while converting: {msg}"))
        }
    }
}

/// Counts for the exit status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub converted: usize,
    pub failed: usize,
}

fn progress_bar(enabled: bool, n: usize) -> ProgressBar {
    if enabled && io::stderr().is_terminal() {
        let pb = ProgressBar::new(n as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
            pb.set_style(style);
        }
        pb
    } else {
        ProgressBar::hidden()
    }
}

/// How many documents are converted before the ordered writer catches up: bounds memory to
/// a window of documents, not the batch.
fn window() -> usize {
    rayon::current_num_threads().max(1) * 4
}

/// Run the batch. Per-file failures are printed as `path: reason` and counted; an error
/// returned from here means nothing more could be written (output folder, closed stdout).
pub fn run(cfg: &Config) -> Result<Tally> {
    let pb = progress_bar(cfg.progress, cfg.inputs.len());
    let mut tally = Tally::default();
    let mut sink = Sink::new(cfg)?;
    for chunk in cfg.inputs.chunks(window()) {
        let results: Vec<(usize, Outcome)> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, input)| (i, convert_one(input)))
            .collect();
        for (i, outcome) in results {
            let input = &chunk[i];
            match outcome {
                Ok(doc) => {
                    sink.write(input, &doc)?;
                    tally.converted += 1;
                }
                Err(reason) => {
                    pb.suspend(|| eprintln!("{}: {}", input.display, reason));
                    tally.failed += 1;
                }
            }
            pb.inc(1);
        }
    }
    sink.finish()?;
    pb.finish_and_clear();
    Ok(tally)
}

/// The two CSV tables of a `-o DIR --format csv` run, kept in memory and written
/// atomically at the end.
struct CsvTables {
    items: CsvWriter<Vec<u8>>,
    activities: CsvWriter<Vec<u8>>,
}

/// Where documents go.
enum Sink {
    Stdout(io::BufWriter<io::Stdout>, OutputFormat),
    StdoutCsv(Box<CsvWriter<io::BufWriter<io::Stdout>>>),
    Dir(output::OutDir, OutputFormat, Option<Box<CsvTables>>),
}

impl Sink {
    fn new(cfg: &Config) -> Result<Sink> {
        Ok(match &cfg.output {
            None => {
                let out = io::BufWriter::new(io::stdout());
                match cfg.format {
                    OutputFormat::Csv => {
                        Sink::StdoutCsv(Box::new(CsvWriter::new(out, csv_out::ITEM_HEADER)?))
                    }
                    f => Sink::Stdout(out, f),
                }
            }
            Some(dir) => {
                let out = output::OutDir::create(dir)
                    .with_context(|| format!("{}: cannot create output folder", dir.display()))?;
                let csv = match cfg.format {
                    OutputFormat::Csv => Some(Box::new(CsvTables {
                        items: CsvWriter::new(Vec::new(), csv_out::ITEM_HEADER)?,
                        activities: CsvWriter::new(Vec::new(), csv_out::ACTIVITY_HEADER)?,
                    })),
                    _ => None,
                };
                Sink::Dir(out, cfg.format, csv)
            }
        })
    }

    fn write(&mut self, input: &Input, doc: &Document) -> Result<()> {
        match self {
            Sink::StdoutCsv(c) => c.rows(&keikaku_emit::item_rows(doc))?,
            Sink::Stdout(w, fmt) => match fmt {
                OutputFormat::Json => keikaku_emit::json_pretty(doc, &mut *w)?,
                _ => keikaku_emit::jsonl(doc, &mut *w)?,
            },
            Sink::Dir(dir, fmt, csv) => match (fmt, csv) {
                (OutputFormat::Csv, Some(t)) => {
                    t.items.rows(&keikaku_emit::item_rows(doc))?;
                    t.activities.rows(&keikaku_emit::activity_rows(doc))?;
                }
                (OutputFormat::Jsonl, _) => {
                    let mut buf = Vec::new();
                    keikaku_emit::jsonl(doc, &mut buf)?;
                    dir.write_file(&output::file_name(&input.path, "jsonl"), &buf)?;
                }
                _ => {
                    let mut buf = Vec::new();
                    keikaku_emit::json_pretty(doc, &mut buf)?;
                    dir.write_file(&output::file_name(&input.path, "json"), &buf)?;
                }
            },
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w, _) => w.flush()?,
            Sink::StdoutCsv(c) => c.into_inner()?.flush()?,
            Sink::Dir(dir, _, csv) => {
                let mut dir = dir;
                if let Some(t) = csv {
                    let t = *t;
                    dir.write_file(Path::new("items.csv"), &t.items.into_inner()?)?;
                    dir.write_file(Path::new("activities.csv"), &t.activities.into_inner()?)?;
                }
            }
        }
        Ok(())
    }
}

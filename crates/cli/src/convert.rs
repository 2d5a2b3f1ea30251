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
use crate::pdf_worker::Limits;

/// Validated settings for a conversion run.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<Input>,
    pub output: Option<PathBuf>,
    pub format: OutputFormat,
    pub progress: bool,
    /// Leave inputs alone whose `-o` output was made from the same bytes by this version.
    pub skip_existing: bool,
    /// Per-document limits of the PDF worker process.
    pub limits: crate::pdf_worker::Limits,
}

/// Outcome of one input.
pub type Outcome = std::result::Result<Document, String>;

/// Convert one file; never panics (a panic in a grammar becomes this file's error). A PDF
/// is extracted in a limited worker process first (see `pdf_worker`).
pub fn convert_one(input: &Input, limits: &Limits) -> Outcome {
    let bytes = std::fs::read(&input.path).map_err(|e| e.to_string())?;
    convert_bytes(input, &bytes, limits)
}

/// Convert one file already read.
fn convert_bytes(input: &Input, bytes: &[u8], limits: &Limits) -> Outcome {
    let display = input.display.clone();
    let pdf = if keikaku_loader::is_pdf(bytes) {
        Some(crate::pdf_worker::extract_isolated(bytes, limits)?)
    } else {
        None
    };
    match catch_unwind(AssertUnwindSafe(|| match pdf {
        Some(ex) => Ok(keikaku_model::convert_loaded(
            &display,
            bytes,
            keikaku_loader::pdf::document(ex),
        )),
        None => keikaku_model::convert(&display, bytes),
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
    /// Left alone by `--skip-existing`.
    pub skipped: usize,
}

/// Convert one input, or skip it (`None`) when `existing` (its output file) is up to date.
fn step(input: &Input, existing: Option<&Path>, limits: &Limits) -> Option<Outcome> {
    let Some(existing) = existing else {
        return Some(convert_one(input, limits));
    };
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return Some(Err(e.to_string())),
    };
    if output::up_to_date(existing, &keikaku_model::sha256_hex(&bytes)) {
        None
    } else {
        Some(convert_bytes(input, &bytes, limits))
    }
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
        // Output names are taken in input order before anything runs, so that a skipped
        // file keeps its name and so do the files after it.
        let names: Vec<Option<PathBuf>> = chunk.iter().map(|i| sink.reserve(i)).collect();
        let existing: Vec<Option<PathBuf>> = names
            .iter()
            .map(|n| match (cfg.skip_existing, n, sink.dir()) {
                (true, Some(n), Some(d)) => Some(d.join(n)),
                _ => None,
            })
            .collect();
        let results: Vec<(usize, Option<Outcome>)> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, input)| (i, step(input, existing[i].as_deref(), &cfg.limits)))
            .collect();
        for (i, outcome) in results {
            let input = &chunk[i];
            match outcome {
                None => tally.skipped += 1,
                Some(Ok(doc)) => {
                    sink.write(names[i].as_deref(), &doc)?;
                    tally.converted += 1;
                }
                Some(Err(reason)) => {
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

    /// The output file name of `input` in a `-o DIR` run of one file per input.
    fn reserve(&mut self, input: &Input) -> Option<PathBuf> {
        match self {
            Sink::Dir(dir, OutputFormat::Jsonl, _) => {
                Some(dir.reserve(&output::file_name(&input.path, "jsonl")))
            }
            Sink::Dir(dir, OutputFormat::Json, _) => {
                Some(dir.reserve(&output::file_name(&input.path, "json")))
            }
            _ => None,
        }
    }

    /// The output folder of a `-o DIR` run.
    fn dir(&self) -> Option<&Path> {
        match self {
            Sink::Dir(dir, _, _) => Some(dir.path()),
            _ => None,
        }
    }

    /// Write one document; `name` is what [`Sink::reserve`] gave for it.
    fn write(&mut self, name: Option<&Path>, doc: &Document) -> Result<()> {
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
                (fmt, _) => {
                    let mut buf = Vec::new();
                    if *fmt == OutputFormat::Jsonl {
                        keikaku_emit::jsonl(doc, &mut buf)?;
                    } else {
                        keikaku_emit::json_pretty(doc, &mut buf)?;
                    }
                    let name = name.context("output name not reserved")?;
                    dir.write_reserved(name, &buf)?;
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

//! The batch: documents are converted and rendered to bytes by worker threads, and one
//! ordered writer writes each as soon as it is the next in input order; one bad file never
//! stops the others.
//!
//! Workers take input indices from a counter, so indices are handed out in order; a worker
//! waits before starting index `i` while `i >= written + window`. The document the writer
//! needs next (`written`) is therefore always allowed to run: no deadlock, and at most
//! `window` finished documents wait in memory, whatever the batch size.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::thread;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use keikaku_emit::{csv_out, Rendered, Shape};

use crate::args::OutputFormat;
use crate::inputs::Input;
use crate::output;
use crate::worker::Isolation;

/// Validated settings for a conversion run.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<Input>,
    pub output: Option<PathBuf>,
    pub format: OutputFormat,
    pub progress: bool,
    /// Leave inputs alone whose `-o` output was made from the same bytes by this version.
    pub skip_existing: bool,
    /// Worker threads.
    pub threads: usize,
    /// Which documents run in a limited worker process, and the limits.
    pub isolation: Isolation,
}

/// Counts for the exit status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub converted: usize,
    pub failed: usize,
    /// Left alone by `--skip-existing`.
    pub skipped: usize,
}

/// What a worker thread hands the writer for one input.
enum Done {
    Rendered(Rendered),
    Failed(String),
    /// Up to date (`--skip-existing`).
    Skipped,
}

/// Read, convert and render one input, or skip it when `existing` (its output file) is up
/// to date. Never panics: panics are caught around the conversion.
fn process(input: &Input, existing: Option<&Path>, shape: Shape, iso: &Isolation) -> Done {
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return Done::Failed(e.to_string()),
    };
    if let Some(existing) = existing {
        if output::up_to_date(existing, &keikaku_model::sha256_hex(&bytes)) {
            return Done::Skipped;
        }
    }
    match iso.convert(&input.display, &bytes, shape) {
        Ok(r) => Done::Rendered(r),
        Err(reason) => Done::Failed(reason),
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

/// The writer's progress as the workers see it.
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
    /// How many finished documents may wait ahead of the writer.
    window: usize,
}

struct GateState {
    written: usize,
    stopped: bool,
}

impl Gate {
    /// Wait until index `i` may start; false when the run is stopping.
    fn admit(&self, i: usize) -> bool {
        let Ok(mut st) = self.state.lock() else {
            return false;
        };
        while !st.stopped && i >= st.written + self.window {
            st = match self.moved.wait(st) {
                Ok(s) => s,
                Err(_) => return false,
            };
        }
        !st.stopped
    }

    fn advance(&self, written: usize) {
        if let Ok(mut st) = self.state.lock() {
            st.written = written;
        }
        self.moved.notify_all();
    }

    fn stop(&self) {
        if let Ok(mut st) = self.state.lock() {
            st.stopped = true;
        }
        self.moved.notify_all();
    }
}

/// Run the batch. Per-file failures are printed as `path: reason` and counted; an error
/// returned from here means nothing more could be written (output folder, closed stdout).
pub fn run(cfg: &Config) -> Result<Tally> {
    let n = cfg.inputs.len();
    let pb = progress_bar(cfg.progress, n);
    let mut sink = Sink::new(cfg)?;
    // Output names are taken in input order before anything runs, so that a skipped file
    // keeps its name and so do the files after it.
    let names: Vec<Option<PathBuf>> = cfg.inputs.iter().map(|i| sink.reserve(i)).collect();
    let existing: Vec<Option<PathBuf>> = names
        .iter()
        .map(|name| match (cfg.skip_existing, name, sink.dir()) {
            (true, Some(name), Some(d)) => Some(d.join(name)),
            _ => None,
        })
        .collect();
    let shape = sink.shape();
    let threads = cfg.threads.clamp(1, n.max(1));
    let gate = Gate {
        state: Mutex::new(GateState {
            written: 0,
            stopped: false,
        }),
        moved: Condvar::new(),
        window: cfg.threads.max(1) * 4,
    };
    let next = AtomicUsize::new(0);
    let mut tally = Tally::default();

    thread::scope(|s| -> Result<()> {
        let (tx, rx) = mpsc::channel::<(usize, Done)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (gate, next, existing, inputs) = (&gate, &next, &existing, &cfg.inputs);
            let iso = &cfg.isolation;
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n || !gate.admit(i) {
                    break;
                }
                let done = process(&inputs[i], existing[i].as_deref(), shape, iso);
                if tx.send((i, done)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut write_all = || -> Result<()> {
            let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
            let mut written = 0;
            while written < n {
                let Ok((i, done)) = rx.recv() else {
                    bail!("the conversion threads stopped early");
                };
                pending.insert(i, done);
                while let Some(done) = pending.remove(&written) {
                    match done {
                        Done::Skipped => tally.skipped += 1,
                        Done::Rendered(r) => {
                            sink.write(names[written].as_deref(), r)?;
                            tally.converted += 1;
                        }
                        Done::Failed(reason) => {
                            let display = &cfg.inputs[written].display;
                            pb.suspend(|| eprintln!("{display}: {reason}"));
                            tally.failed += 1;
                        }
                    }
                    pb.inc(1);
                    written += 1;
                    gate.advance(written);
                }
            }
            Ok(())
        };
        let result = write_all();
        // On an error (closed stdout) the workers stop at their next document.
        gate.stop();
        drop(rx);
        result
    })?;
    sink.finish()?;
    pb.finish_and_clear();
    Ok(tally)
}

/// Where documents go.
enum Sink {
    /// JSON Lines, JSON or CSV item rows on stdout (the CSV header is written first).
    Stdout(io::BufWriter<io::Stdout>, Shape),
    /// One file per document, or, for CSV, the two tables kept in memory and written
    /// atomically at the end.
    Dir(output::OutDir, Shape, Option<Box<CsvTables>>),
}

/// The two CSV tables of a `-o DIR --format csv` run.
struct CsvTables {
    items: Vec<u8>,
    activities: Vec<u8>,
}

impl Sink {
    fn new(cfg: &Config) -> Result<Sink> {
        Ok(match &cfg.output {
            None => {
                let mut out = io::BufWriter::new(io::stdout());
                let shape = match cfg.format {
                    OutputFormat::Csv => {
                        out.write_all(&csv_out::header_bytes(csv_out::ITEM_HEADER)?)?;
                        Shape::CsvItems
                    }
                    OutputFormat::Json => Shape::Json,
                    OutputFormat::Jsonl => Shape::Jsonl,
                };
                Sink::Stdout(out, shape)
            }
            Some(dir) => {
                let out = output::OutDir::create(dir)
                    .with_context(|| format!("{}: cannot create output folder", dir.display()))?;
                match cfg.format {
                    OutputFormat::Csv => Sink::Dir(
                        out,
                        Shape::CsvBoth,
                        Some(Box::new(CsvTables {
                            items: csv_out::header_bytes(csv_out::ITEM_HEADER)?,
                            activities: csv_out::header_bytes(csv_out::ACTIVITY_HEADER)?,
                        })),
                    ),
                    OutputFormat::Json => Sink::Dir(out, Shape::Json, None),
                    OutputFormat::Jsonl => Sink::Dir(out, Shape::Jsonl, None),
                }
            }
        })
    }

    /// What each document is rendered as.
    fn shape(&self) -> Shape {
        match self {
            Sink::Stdout(_, s) | Sink::Dir(_, s, _) => *s,
        }
    }

    /// The output file name of `input` in a `-o DIR` run of one file per input.
    fn reserve(&mut self, input: &Input) -> Option<PathBuf> {
        match self {
            Sink::Dir(dir, Shape::Jsonl, _) => {
                Some(dir.reserve(&output::file_name(&input.path, "jsonl")))
            }
            Sink::Dir(dir, Shape::Json, _) => {
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
    fn write(&mut self, name: Option<&Path>, r: Rendered) -> Result<()> {
        match self {
            Sink::Stdout(w, _) => w.write_all(&r.main)?,
            Sink::Dir(_, _, Some(t)) => {
                t.items.extend_from_slice(&r.main);
                t.activities.extend_from_slice(&r.activities);
            }
            Sink::Dir(dir, _, None) => {
                let name = name.context("output name not reserved")?;
                dir.write_reserved(name, &r.main)?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w, _) => w.flush()?,
            Sink::Dir(mut dir, _, Some(t)) => {
                dir.write_file(Path::new("items.csv"), &t.items)?;
                dir.write_file(Path::new("activities.csv"), &t.activities)?;
            }
            Sink::Dir(_, _, None) => {}
        }
        Ok(())
    }
}

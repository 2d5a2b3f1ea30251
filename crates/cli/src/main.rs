//! The `keikaku` command line.

mod args;
mod check;
mod convert;
mod heap;
mod inputs;
mod output;
mod worker;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, OutputFormat};

// The grammar and loader allocate many short-lived strings per cell; glibc's malloc/free
// were ~19 % of a text batch's cycles (perf), mimalloc's thread-local free lists far less.
#[global_allocator]
static GLOBAL: heap::Mi = heap::Mi;

fn main() -> ExitCode {
    // Panics inside a document's conversion are reported as that file's error line; the
    // default hook would print a multi-line trace in the middle of the batch.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Command::Worker(w) = &cli.command {
        return worker::worker_main(&w.shape, &w.path);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("keikaku: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn set_jobs(jobs: Option<usize>) -> anyhow::Result<()> {
    if let Some(j) = jobs {
        anyhow::ensure!(j >= 1, "--jobs must be at least 1");
        rayon::ThreadPoolBuilder::new()
            .num_threads(j)
            .build_global()?;
    }
    Ok(())
}

/// Worker threads of a batch: `--jobs`, else one per CPU.
fn jobs(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Schema => {
            let schema = keikaku_model::schema();
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Convert(a) => {
            // The batch runs its own worker threads (see `convert::run`), not rayon's pool.
            anyhow::ensure!(a.jobs != Some(0), "--jobs must be at least 1");
            let (inputs, errors) = inputs::collect(&a.paths);
            for (path, reason) in &errors {
                eprintln!("{path}: {reason}");
            }
            if inputs.is_empty() {
                eprintln!("keikaku: no input files");
                return Ok(ExitCode::from(2));
            }
            let format = a.format.unwrap_or(if a.output.is_some() {
                OutputFormat::Json
            } else {
                OutputFormat::Jsonl
            });
            if a.skip_existing && (a.output.is_none() || format == OutputFormat::Csv) {
                eprintln!("keikaku: --skip-existing needs -o DIR and json or jsonl output");
                return Ok(ExitCode::from(2));
            }
            let cfg = convert::Config {
                inputs,
                output: a.output,
                format,
                progress: !a.quiet,
                skip_existing: a.skip_existing,
                threads: jobs(a.jobs),
                isolation: worker::Isolation {
                    limits: worker::Limits::from_env().with(a.timeout, a.max_memory),
                    all: a.isolate,
                },
            };
            let tally = convert::run(&cfg)?;
            if tally.skipped > 0 && !a.quiet {
                eprintln!("keikaku: {} up to date, skipped", tally.skipped);
            }
            Ok(if tally.failed > 0 || !errors.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Worker(w) => Ok(worker::worker_main(&w.shape, &w.path)),
        Command::Check(a) => {
            set_jobs(a.jobs)?;
            check::run(&a.paths, a.bless)
        }
    }
}

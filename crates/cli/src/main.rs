//! The `keikaku` command line.

mod args;
mod check;
mod convert;
mod inputs;
mod output;
mod pdf_worker;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, OutputFormat};

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
    if matches!(cli.command, Command::PdfWorker) {
        return pdf_worker::worker_main();
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

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Schema => {
            let schema = keikaku_model::schema();
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Convert(a) => {
            set_jobs(a.jobs)?;
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
                limits: pdf_worker::Limits::from_env().with(a.timeout, a.max_memory),
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
        Command::PdfWorker => Ok(pdf_worker::worker_main()),
        Command::Check(a) => {
            set_jobs(a.jobs)?;
            check::run(&a.paths, a.bless)
        }
    }
}

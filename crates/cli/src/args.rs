//! Raw command-line flags (clap), kept apart from the validated [`crate::config::Config`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "keikaku",
    version,
    about = "Turn Japanese municipal plan documents (行政改革 アクションプラン, 実施計画, 実績報告) into JSON"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert documents (files or folders, walked in sorted order).
    Convert(ConvertArgs),
    /// Compare each input with the golden file `X.expected.json` beside it.
    Check(CheckArgs),
    /// Print the JSON Schema of the output.
    Schema,
    /// Internal: convert one document read on stdin (run by `convert` in a limited process).
    #[command(name = "__worker", hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write one `<file name>.json` per input into this folder instead of JSON Lines on stdout.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Output format (default: jsonl on stdout, json with -o).
    #[arg(long)]
    pub format: Option<OutputFormat>,
    /// Worker threads (default: the number of CPUs).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// With `-o DIR` (json or jsonl): leave an input alone when its output file exists and
    /// was made from the same bytes (`source.sha256`) by this keikaku version.
    #[arg(long)]
    pub skip_existing: bool,
    /// Wall-clock limit per isolated document, seconds: PDFs, text files over 4 MiB and,
    /// with --isolate, every document are converted in a worker process killed at this
    /// limit (default 30, or `KEIKAKU_TIMEOUT`).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,
    /// Memory (address-space) limit of an isolated document's worker process, MiB
    /// (default 2048, or `KEIKAKU_MEMORY_MB`).
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_memory: Option<u64>,
    /// Convert every document in a worker process under --timeout and --max-memory, not
    /// only PDFs and text files over 4 MiB (smaller texts are linear-time and safe
    /// in-process; isolating them costs a process start each).
    #[arg(long)]
    pub isolate: bool,
}

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// What to render: jsonl, json, csv-items or csv-both.
    #[arg(long)]
    pub shape: String,
    /// The path the document is reported under.
    #[arg(long)]
    pub path: String,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Write or rewrite the golden files instead of comparing.
    #[arg(long)]
    pub bless: bool,
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Worker threads (default: the number of CPUs).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
}

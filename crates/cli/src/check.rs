//! `keikaku check`: convert every input that has a golden file `X.expected.json` beside it
//! and name each difference by its JSON path; `--bless` writes the goldens instead.
//!
//! Differences go to stdout (they are the result); per-file errors go to stderr as
//! `<path>: <reason>` like `convert`, then one summary line. An input that cannot be
//! converted is blessed as `{"error": "<reason>"}`, so that hostile or broken inputs kept
//! among the fixtures are checked to keep failing cleanly (not to convert, not to crash).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use keikaku_emit::Shape;
use keikaku_model::golden::{self, Difference, Kind, GOLDEN_SUFFIX};
use rayon::prelude::*;
use serde_json::Value;

use crate::inputs::{self, Input};
use crate::worker::{Isolation, Limits};

/// Differences printed per file at most; the count says how many more there are.
const MAX_SHOWN: usize = 50;

/// The golden file of an input: `X.expected.json` beside `X`.
pub fn golden_path(input: &Path) -> PathBuf {
    let mut s = input.as_os_str().to_os_string();
    s.push(GOLDEN_SUFFIX);
    PathBuf::from(s)
}

/// An explicitly given golden file stands for its input.
fn input_of_golden(p: &Path) -> Option<PathBuf> {
    let s = p.to_str()?;
    let base = s.strip_suffix(GOLDEN_SUFFIX)?;
    Some(PathBuf::from(base)).filter(|b| b.is_file())
}

/// What happened to one input.
enum Outcome {
    Match,
    Differ(Vec<Difference>),
    NoGolden,
    /// `error`: the input does not convert, and the golden records why.
    Wrote {
        created: bool,
        error: Option<String>,
    },
    Unchanged,
    Failed(String),
}

fn read_golden(path: &Path) -> Result<Option<Value>, String> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{}: not valid JSON: {e}", path.display())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Write `bytes` to `target` through a temporary in the same folder and a rename, so a
/// crash never leaves a half-written golden.
fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".keikaku-tmp-{}-{name}", std::process::id()));
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A document that cannot be converted has a golden too, recording why: `{"error": "…"}`.
/// Checking it confirms the input still fails cleanly.
fn error_golden(reason: &str) -> Value {
    serde_json::json!({ "error": reason })
}

/// How `convert` reports a panic inside a conversion (see `worker::convert_here`).
const CRASH: &str = "internal error";

/// Two failures match unless one is a crash and the other is not. The reason itself is
/// kept for the reader but not compared: resource limits make it vary from run to run
/// (a decompression bomb may hit the time limit or the memory limit first).
fn same_failure(expected: &str, actual: &str) -> bool {
    expected.starts_with(CRASH) == actual.starts_with(CRASH)
}

fn is_error_golden(v: &Value) -> bool {
    v.get("error").is_some() && v.get("schema_version").is_none()
}

fn pretty(v: &Value) -> Result<Vec<u8>, String> {
    let mut bytes = serde_json::to_vec_pretty(v).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn check_one(input: &Input, bless: bool) -> Outcome {
    let gpath = golden_path(&input.path);
    let golden = match read_golden(&gpath) {
        Ok(g) => g,
        // A broken golden is rewritten by --bless; a check cannot use it.
        Err(e) if !bless => return Outcome::Failed(e),
        Err(_) => None,
    };
    if golden.is_none() && !bless {
        return Outcome::NoGolden;
    }
    let existed = gpath.exists();
    // What this version makes of the input: a document, or the reason it cannot.
    let iso = Isolation {
        limits: Limits::from_env(),
        all: false,
    };
    let converted = std::fs::read(&input.path)
        .map_err(|e| e.to_string())
        .and_then(|b| iso.convert(&input.display, &b, Shape::Json));
    let (actual, bytes) = match converted {
        // Compared as `convert -o` writes it: the golden is these bytes.
        Ok(r) => match serde_json::from_slice::<Value>(&r.main) {
            Ok(v) => (v, r.main),
            Err(e) => return Outcome::Failed(e.to_string()),
        },
        // Without --bless, a failure is only expected where the golden says so.
        Err(reason) if !bless && !golden.as_ref().is_some_and(is_error_golden) => {
            return Outcome::Failed(reason)
        }
        Err(reason) => {
            let v = error_golden(&reason);
            match pretty(&v) {
                Ok(bytes) => (v, bytes),
                Err(e) => return Outcome::Failed(e),
            }
        }
    };
    let diffs = match &golden {
        // A document where a failure was recorded (or the reverse): one difference, not
        // every key of the document.
        Some(g) if is_error_golden(g) != is_error_golden(&actual) => vec![Difference {
            path: "$.error".into(),
            kind: if is_error_golden(g) {
                Kind::Missing
            } else {
                Kind::Added
            },
            expected: g.get("error").cloned(),
            actual: actual.get("error").cloned(),
        }],
        Some(g) if is_error_golden(g) => {
            let reason = |v: &Value| v.get("error").and_then(Value::as_str).map(String::from);
            match (reason(g), reason(&actual)) {
                (Some(e), Some(a)) if !same_failure(&e, &a) => golden::diff(g, &actual),
                _ => Vec::new(),
            }
        }
        Some(g) => golden::compare(g, &actual),
        None => Vec::new(),
    };
    if !bless {
        return if diffs.is_empty() {
            Outcome::Match
        } else {
            Outcome::Differ(diffs)
        };
    }
    if golden.is_some() && diffs.is_empty() {
        return Outcome::Unchanged;
    }
    match write_atomic(&gpath, &bytes) {
        Ok(()) => Outcome::Wrote {
            created: !existed,
            error: actual
                .get("error")
                .and_then(Value::as_str)
                .map(String::from),
        },
        Err(e) => Outcome::Failed(format!("{}: {e}", gpath.display())),
    }
}

#[derive(Debug, Default)]
struct Tally {
    matched: usize,
    differed: usize,
    no_golden: usize,
    written: usize,
    unchanged: usize,
    failed: usize,
}

fn report(
    out: &mut impl Write,
    input: &Input,
    outcome: Outcome,
    tally: &mut Tally,
) -> io::Result<()> {
    let golden = golden_path(Path::new(&input.display));
    match outcome {
        Outcome::Match => tally.matched += 1,
        Outcome::Unchanged => tally.unchanged += 1,
        Outcome::NoGolden => {
            tally.no_golden += 1;
            eprintln!(
                "{}: no golden file {} (not checked; `keikaku check --bless` creates it)",
                input.display,
                golden.display()
            );
        }
        Outcome::Wrote { created, error } => {
            tally.written += 1;
            let verb = if created { "created" } else { "updated" };
            match error {
                None => writeln!(out, "{verb} {}", golden.display())?,
                Some(e) => writeln!(
                    out,
                    "{verb} {} (the input does not convert: {e})",
                    golden.display()
                )?,
            }
        }
        Outcome::Failed(reason) => {
            tally.failed += 1;
            eprintln!("{}: {reason}", input.display);
        }
        Outcome::Differ(diffs) => {
            tally.differed += 1;
            let n = diffs.len();
            let s = if n == 1 { "" } else { "s" };
            writeln!(
                out,
                "{}: {n} difference{s} from {}",
                input.display,
                golden.display()
            )?;
            for d in diffs.iter().take(MAX_SHOWN) {
                writeln!(out, "  {}", d.to_string().replace('\n', "\n  "))?;
            }
            if n > MAX_SHOWN {
                writeln!(out, "  … and {} more", n - MAX_SHOWN)?;
            }
        }
    }
    Ok(())
}

fn summary(t: &Tally, bless: bool) -> String {
    let mut parts = Vec::new();
    let mut part = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    };
    if bless {
        part(t.written, "written");
        part(t.unchanged, "unchanged");
    } else {
        part(t.matched, "match");
        part(t.differed, "differ");
        part(t.no_golden, "without golden");
    }
    part(t.failed, "failed");
    format!("keikaku check: {}", parts.join(", "))
}

pub fn run(paths: &[PathBuf], bless: bool) -> anyhow::Result<ExitCode> {
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| input_of_golden(p).unwrap_or_else(|| p.clone()))
        .collect();
    let (mut inputs, errors) = inputs::collect(&paths);
    // The same file given twice is checked (and blessed) once: two writers of one golden
    // would race.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    for (path, reason) in &errors {
        eprintln!("{path}: {reason}");
    }
    if inputs.is_empty() {
        eprintln!("keikaku: no input files");
        return Ok(ExitCode::from(2));
    }
    let mut tally = Tally::default();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // Bounded window of documents in memory, reported in input order.
    let window = rayon::current_num_threads().max(1) * 4;
    for chunk in inputs.chunks(window) {
        let outcomes: Vec<Outcome> = chunk.par_iter().map(|i| check_one(i, bless)).collect();
        for (input, outcome) in chunk.iter().zip(outcomes) {
            report(&mut out, input, outcome, &mut tally)?;
        }
        out.flush()?;
    }
    eprintln!("{}", summary(&tally, bless));
    if tally.differed > 0 {
        eprintln!(
            "keikaku: read every difference; only if each is intended, accept them with \
             `keikaku check --bless`"
        );
    }
    let checked = tally.matched + tally.differed + tally.written + tally.unchanged;
    Ok(
        if tally.differed > 0 || tally.failed > 0 || !errors.is_empty() {
            ExitCode::from(1)
        } else if checked == 0 {
            eprintln!(
                "keikaku: nothing to check: no input has a golden file (create them with --bless)"
            );
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_golden_is_beside_its_input_with_the_full_name() {
        assert_eq!(
            golden_path(Path::new("fixtures/004_x.txt")),
            PathBuf::from("fixtures/004_x.txt.expected.json")
        );
        assert_eq!(
            golden_path(Path::new("計画.pdf")),
            PathBuf::from("計画.pdf.expected.json")
        );
    }

    #[test]
    fn failures_match_unless_one_is_a_crash() {
        assert!(same_failure(
            "PDF extraction timed out after 30 s (page 1)",
            "PDF extraction exceeded the memory limit of 2048 MiB (page 1)"
        ));
        assert!(!same_failure(
            "damaged PDF: no trailer",
            "internal error while converting: index out of bounds"
        ));
        assert!(same_failure("internal error: a", "internal error: b"));
    }

    #[test]
    fn the_summary_names_only_what_happened() {
        let t = Tally {
            matched: 3,
            differed: 1,
            ..Tally::default()
        };
        assert_eq!(summary(&t, false), "keikaku check: 3 match, 1 differ");
        let t = Tally {
            written: 2,
            ..Tally::default()
        };
        assert_eq!(summary(&t, true), "keikaku check: 2 written");
    }
}

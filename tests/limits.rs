//! Per-document limits for every document (text as well as PDF) and the batch pipeline:
//! a document over its limit costs only itself, isolation does not change a byte, and the
//! ordered writer keeps input order with failures interleaved.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed() -> PathBuf {
    root().join("fixtures/004_cf9142fe188b5ae8.txt")
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    bin().args(args).args(paths).output().expect("keikaku runs")
}

fn docs(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect()
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(String::from)
        .collect()
}

/// A 5 MiB text of one short prose line repeated: over the 4 MiB in-process threshold, so
/// it goes to a worker; about 100 MB to convert in a debug build.
const BIG_LINE: &str = "行政改革の推進について記載する。\n";
fn big_text(dir: &Path) -> (PathBuf, usize) {
    let n = (5 << 20) / BIG_LINE.len() + 1;
    let path = dir.join("a_big.txt");
    std::fs::write(&path, BIG_LINE.repeat(n)).expect("write");
    (path, n)
}

#[test]
fn a_text_over_its_memory_limit_costs_only_itself() {
    let dir = tempfile::tempdir().expect("temp");
    let (big, lines) = big_text(dir.path());
    let small = dir.path().join("b_small.txt");
    std::fs::copy(seed(), &small).expect("copy");
    let out = run(
        &["convert", "-q", "-j", "2", "--max-memory", "64"],
        &[dir.path()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&out),
        [format!(
            "{}: conversion exceeded the memory limit of 64 MiB",
            big.display()
        )]
    );
    let d = docs(&out);
    assert_eq!(d.len(), 1, "the small file is still written");
    assert_eq!(d[0]["source"]["path"], small.display().to_string());
    assert_eq!(d[0]["items"].as_array().map(Vec::len), Some(57));

    // The same batch under the default limits converts both, the big one in a worker.
    let out = run(&["convert", "-q", "-j", "2"], &[dir.path()]);
    assert_eq!(out.status.code(), Some(0), "{:?}", stderr_lines(&out));
    let d = docs(&out);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0]["source"]["path"], big.display().to_string());
    assert_eq!(d[0]["source"]["lines"], lines);
    assert_eq!(d[1]["source"]["path"], small.display().to_string());
}

#[test]
fn isolated_output_is_byte_identical_to_in_process_output() {
    let fixtures = root().join("fixtures");
    let here = run(&["convert", "-q"], &[&fixtures]);
    let isolated = run(&["convert", "-q", "--isolate"], &[&fixtures]);
    assert_eq!(here.status.code(), Some(0), "{:?}", stderr_lines(&here));
    assert_eq!(isolated.status.code(), Some(0));
    assert_eq!(docs(&here).len(), 45, "every fixture");
    assert!(here.stdout == isolated.stdout, "outputs differ");
}

#[test]
fn isolation_applies_the_limits_to_small_texts_too() {
    let out = run(
        &["convert", "-q", "--isolate", "--max-memory", "16"],
        &[&seed()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(
        err[0].starts_with(&format!("{}: ", seed().display())),
        "{err:?}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_general_environment_names_set_the_limits() {
    let runaway = root().join("tests/hostile/pdf/runaway.pdf");
    let out = bin()
        .args(["convert", "-q"])
        .arg(&runaway)
        .env("KEIKAKU_TIMEOUT", "2")
        .env("KEIKAKU_PDF_TIMEOUT", "300")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].contains("timed out after 2 s"), "{err:?}");
}

/// More inputs than the writer's window, failures interleaved: documents and error lines
/// both come in input order, for any number of threads.
#[test]
fn a_long_batch_keeps_input_order_with_failures_interleaved() {
    let dir = tempfile::tempdir().expect("temp");
    let text = std::fs::read(seed()).expect("seed");
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for i in 0..40 {
        let path = dir.path().join(format!("{i:02}.txt"));
        if i % 3 == 1 {
            std::fs::write(&path, b"").expect("write");
            bad.push(format!("{}: empty file", path.display()));
        } else {
            // Each copy differs in its first line, so each document is its own.
            let mut bytes = format!("{i}\n").into_bytes();
            bytes.extend_from_slice(&text);
            std::fs::write(&path, bytes).expect("write");
            good.push(path.display().to_string());
        }
    }
    let mut first: Option<Output> = None;
    for jobs in ["1", "2", "3"] {
        let out = run(&["convert", "-q", "-j", jobs], &[dir.path()]);
        assert_eq!(out.status.code(), Some(1));
        let paths: Vec<String> = docs(&out)
            .iter()
            .map(|d| d["source"]["path"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(paths, good, "--jobs {jobs}");
        let err = stderr_lines(&out);
        assert_eq!(err.len(), bad.len(), "--jobs {jobs}: {err:?}");
        for (line, want) in err.iter().zip(&bad) {
            assert!(
                line.starts_with(want.as_str()),
                "--jobs {jobs}: {line} / {want}"
            );
        }
        match &first {
            None => first = Some(out),
            Some(f) => assert!(f.stdout == out.stdout, "--jobs {jobs} differs"),
        }
    }
}

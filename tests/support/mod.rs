//! Shared by the integration tests: the fixture documents and their goldens.
//!
//! `fixtures/` may hold sub-folders (e.g. PDFs, and hostile inputs that must fail
//! cleanly). Every file in it is an input except goldens and hidden files; a golden is a
//! converted document, or `{"error": "…"}` for an input that must not convert.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixtures() -> PathBuf {
    root().join("fixtures")
}

/// Every input under `fixtures/`, walked recursively, sorted.
pub fn inputs() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![fixtures()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).expect("fixtures/").flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with(".expected.json") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

/// `fixtures/<path inside fixtures>`, as `keikaku convert fixtures` from the repository
/// root names it.
pub fn rel(p: &Path) -> String {
    let inner = p.strip_prefix(fixtures()).unwrap_or(p);
    format!("fixtures/{}", inner.to_string_lossy())
}

pub fn golden_path(p: &Path) -> PathBuf {
    PathBuf::from(format!("{}.expected.json", p.display()))
}

/// The golden of an input, if it has one (panics on a golden that is not JSON: that is a
/// broken fixture).
pub fn golden(p: &Path) -> Option<Value> {
    let bytes = fs::read(golden_path(p)).ok()?;
    Some(serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", rel(p))))
}

pub fn is_error_golden(v: &Value) -> bool {
    v.get("error").is_some() && v.get("schema_version").is_none()
}

fn is_pdf(p: &Path) -> bool {
    fs::read(p).is_ok_and(|b| b[..b.len().min(1024)].windows(5).any(|w| w == b"%PDF-"))
}

/// The documents that are safe and meant to be converted in this process: text inputs
/// without an error golden, and PDFs whose golden is a document. (A PDF without a golden,
/// or one that must fail, may be hostile: only the CLI's isolated worker opens it.)
pub fn documents() -> Vec<PathBuf> {
    inputs()
        .into_iter()
        .filter(|p| match golden(p) {
            Some(g) => !is_error_golden(&g),
            None => !is_pdf(p),
        })
        .collect()
}

/// Convert a fixture as `keikaku convert fixtures/…` does.
pub fn convert(p: &Path) -> keikaku_model::Document {
    let bytes = fs::read(p).unwrap();
    keikaku_model::convert(&rel(p), &bytes).unwrap_or_else(|e| panic!("{}: {e}", rel(p)))
}

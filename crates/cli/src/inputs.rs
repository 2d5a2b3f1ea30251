//! Input discovery: files as given, folders walked in sorted order.

use std::path::{Path, PathBuf};

/// One input file and the path to report it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// As given on the command line (joined with the path inside a given folder).
    pub display: String,
}

/// Files a folder walk skips: hidden files, golden files and our own temporaries.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name.ends_with(".expected.json")
}

/// Expand the command-line paths. Errors (a missing path, an unreadable folder) are
/// returned beside the inputs found, so one bad path does not stop the others.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let display = p.to_string_lossy().into_owned();
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input {
                path: p.clone(),
                display,
            }),
            Err(e) => errors.push((display, e.to_string())),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<(String, String)>) {
    // An explicit stack: no recursion depth to blow, and sorted order at every level.
    let mut stack = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                errors.push((d.to_string_lossy().into_owned(), e.to_string()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if skipped(&name.to_string_lossy()) {
                continue;
            }
            let path = entry.path();
            // Do not follow links to folders: no cycles.
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) => found.push(path),
                Err(_) => {}
            }
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(|path| Input {
        display: path.to_string_lossy().into_owned(),
        path,
    }));
}

//! The project's own goldens and the nothing-lost rule, over every document in `fixtures/`.
//!
//! A change in any output fails `every_fixture_matches_its_golden`, which names every
//! fixture that differs and the JSON paths. To update goldens after an intended change,
//! read the differences first (`cargo run -q -- check fixtures`), then
//! `cargo run -q -- check --bless fixtures`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use keikaku_model::golden::{self, GOLDEN_SUFFIX};
use keikaku_model::Document;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The documents under `fixtures/`, sorted: every file but goldens and hidden files.
fn inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(fixtures())
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let n = p.file_name().unwrap_or_default().to_string_lossy();
            !n.starts_with('.') && !n.ends_with(GOLDEN_SUFFIX)
        })
        .collect();
    v.sort();
    v
}

fn name(p: &Path) -> String {
    p.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Convert as `keikaku convert fixtures/<name>` from the repository root does.
fn convert(p: &Path) -> Document {
    let bytes = fs::read(p).unwrap();
    keikaku_model::convert(&format!("fixtures/{}", name(p)), &bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", name(p)))
}

#[test]
fn every_fixture_matches_its_golden() {
    let mut failures = String::new();
    let mut checked = 0;
    let mut without = Vec::new();
    for p in inputs() {
        let g = PathBuf::from(format!("{}{GOLDEN_SUFFIX}", p.display()));
        let Ok(text) = fs::read(&g) else {
            without.push(name(&p));
            continue;
        };
        checked += 1;
        let expected: Value = match serde_json::from_slice(&text) {
            Ok(v) => v,
            Err(e) => {
                let _ = writeln!(failures, "{}: golden is not JSON: {e}", name(&g));
                continue;
            }
        };
        let actual = serde_json::to_value(convert(&p)).unwrap();
        let diffs = golden::compare(&expected, &actual);
        if !diffs.is_empty() {
            let _ = writeln!(failures, "{}: {} differences", name(&p), diffs.len());
            for d in diffs.iter().take(20) {
                let _ = writeln!(failures, "  {}", d.to_string().replace('\n', "\n  "));
            }
        }
    }
    if !without.is_empty() {
        eprintln!("fixtures without a golden (not checked): {without:?}");
    }
    eprintln!("{checked} fixture goldens checked");
    assert!(
        failures.is_empty(),
        "outputs differ from their goldens:\n{failures}\n\
         Read the differences (`cargo run -q -- check fixtures`); only if every one is \
         intended, bless them with `cargo run -q -- check --bless fixtures`."
    );
}

/// Lines a document accounts for: item and activity source ranges, metadata lines,
/// structure lines, and `unparsed`.
fn accounted(doc: &Document) -> BTreeSet<u32> {
    let mut ranges = Vec::new();
    for it in &doc.items {
        ranges.extend(it.source.iter().copied());
        for a in &it.activities {
            ranges.extend(a.source.iter().copied());
        }
    }
    ranges.extend(doc.meta_source.iter().copied());
    ranges.extend(doc.structure.iter().copied());
    let mut lines: BTreeSet<u32> = doc.unparsed.iter().map(|u| u.line).collect();
    for r in ranges {
        lines.extend(r.from..=r.to);
    }
    lines
}

/// Non-blank source lines that no field, structure or `unparsed` accounts for.
fn lost(bytes: &[u8], doc: &Document) -> Vec<(u32, String)> {
    let loaded = keikaku_loader::load(bytes).unwrap();
    let seen = accounted(doc);
    loaded
        .source_lines
        .iter()
        .filter(|l| !l.blank && !seen.contains(&l.no))
        .map(|l| (l.no, loaded.text[l.span.clone()].chars().take(60).collect()))
        .collect()
}

#[test]
fn nothing_is_lost_in_any_fixture() {
    let mut report = String::new();
    for p in inputs() {
        let bytes = fs::read(&p).unwrap();
        let doc = convert(&p);
        let lost = lost(&bytes, &doc);
        if !lost.is_empty() {
            let _ = writeln!(
                report,
                "{}: {} non-blank lines in no item, field, structure or unparsed:",
                name(&p),
                lost.len()
            );
            for (no, text) in lost.iter().take(10) {
                let _ = writeln!(report, "  line {no}: {text}");
            }
        }
    }
    assert!(
        report.is_empty(),
        "{report}\nA grammar claimed these lines without placing them: claim headers and \
         separators with `Ctx::claim_structure`, and give items the ranges they read."
    );
}

#[test]
fn the_nothing_lost_check_can_fail() {
    let bytes = "表題\n\n項目番号\t1\n実施項目\t定員管理\n".as_bytes();
    let mut doc = keikaku_model::convert("x.txt", bytes).unwrap();
    assert!(lost(bytes, &doc).is_empty());
    // A document that accounts for nothing loses every non-blank line (not the blank one).
    doc.items.clear();
    doc.meta_source.clear();
    doc.structure.clear();
    doc.unparsed.clear();
    let lines: Vec<u32> = lost(bytes, &doc).iter().map(|l| l.0).collect();
    assert_eq!(lines, vec![1, 3, 4]);
}

#[test]
fn unparsed_lines_are_real_non_blank_lines() {
    for p in inputs() {
        let bytes = fs::read(&p).unwrap();
        let loaded = keikaku_loader::load(&bytes).unwrap();
        let doc = convert(&p);
        for u in &doc.unparsed {
            let line = loaded.source_lines.get(u.line as usize - 1);
            assert!(
                line.is_some_and(|l| !l.blank && l.no == u.line),
                "{}: unparsed line {} is not a non-blank source line",
                name(&p),
                u.line
            );
            assert!(!u.text.is_empty(), "{}: line {} empty", name(&p), u.line);
        }
    }
}

/// Every field source lies inside its item's (activity's) source and on a non-blank line:
/// a field read from outside the blocks an item claims to come from is a grammar bug.
#[test]
fn field_sources_point_inside_their_item() {
    for p in inputs() {
        let bytes = fs::read(&p).unwrap();
        let loaded = keikaku_loader::load(&bytes).unwrap();
        let doc = convert(&p);
        let non_blank = |l: u32| {
            l >= 1
                && loaded
                    .source_lines
                    .get(l as usize - 1)
                    .is_some_and(|s| !s.blank)
        };
        let mut owners = Vec::new();
        for it in &doc.items {
            owners.push((it.id.clone(), &it.source, &it.fields));
            for a in &it.activities {
                owners.push((Some(format!("{:?}/{}", it.id, a.n)), &a.source, &a.fields));
            }
        }
        for (id, source, fields) in owners {
            let Some(f) = fields else { continue };
            let inside = |l: u32| source.iter().any(|r| (r.from..=r.to).contains(&l));
            for (field, src) in [
                ("raw_id", f.raw_id),
                ("title", f.title),
                ("department", f.department),
                ("status", f.status),
            ] {
                let Some(src) = src else { continue };
                assert!(
                    inside(src.line) && non_blank(src.line),
                    "{}: {id:?} {field} at line {} outside its source {source:?}",
                    name(&p),
                    src.line
                );
            }
        }
    }
}

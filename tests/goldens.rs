//! The project's own goldens and the nothing-lost rule, over every document in `fixtures/`.
//!
//! A change in any output fails `every_fixture_matches_its_golden`, which names every
//! fixture that differs and the JSON paths. To update goldens after an intended change,
//! read the differences first (`cargo run -q -- check fixtures`), then
//! `cargo run -q -- check --bless fixtures`.

mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::process::Command;

use keikaku_model::golden;
use keikaku_model::Document;
use support::{convert, documents, inputs, is_error_golden, rel};

#[test]
fn every_fixture_matches_its_golden() {
    let mut failures = String::new();
    let mut checked = 0;
    let mut without = Vec::new();
    // Inputs that must fail are checked through the CLI, whose isolated worker is the
    // only safe way to open a hostile PDF.
    let mut must_fail = Vec::new();
    for p in inputs() {
        let Some(expected) = support::golden(&p) else {
            without.push(rel(&p));
            continue;
        };
        checked += 1;
        if is_error_golden(&expected) {
            must_fail.push(p);
            continue;
        }
        let actual = serde_json::to_value(convert(&p)).unwrap();
        let diffs = golden::compare(&expected, &actual);
        if !diffs.is_empty() {
            let _ = writeln!(failures, "{}: {} differences", rel(&p), diffs.len());
            for d in diffs.iter().take(20) {
                let _ = writeln!(failures, "  {}", d.to_string().replace('\n', "\n  "));
            }
        }
    }
    if !must_fail.is_empty() {
        let o = Command::new(env!("CARGO_BIN_EXE_keikaku"))
            .arg("check")
            .args(&must_fail)
            .output()
            .unwrap();
        if !o.status.success() {
            let _ = write!(
                failures,
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
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
/// structure lines (any page: a range carries none), and `unparsed` (on its page).
fn accounted(doc: &Document) -> (BTreeSet<u32>, BTreeSet<(Option<u32>, u32)>) {
    let mut ranges = Vec::new();
    for it in &doc.items {
        ranges.extend(it.source.iter().copied());
        for a in &it.activities {
            ranges.extend(a.source.iter().copied());
        }
    }
    ranges.extend(doc.meta_source.iter().copied());
    ranges.extend(doc.structure.iter().copied());
    let unparsed = doc.unparsed.iter().map(|u| (u.page, u.line)).collect();
    let mut lines = BTreeSet::new();
    for r in ranges {
        lines.extend(r.from..=r.to);
    }
    (lines, unparsed)
}

/// Non-blank source lines that no field, structure or `unparsed` accounts for.
fn lost(bytes: &[u8], doc: &Document) -> Vec<(u32, String)> {
    let loaded = keikaku_loader::load(bytes).unwrap();
    let (ranged, unparsed) = accounted(doc);
    loaded
        .source_lines
        .iter()
        .filter(|l| !l.blank && !ranged.contains(&l.no) && !unparsed.contains(&(l.page, l.no)))
        .map(|l| (l.no, loaded.text[l.span.clone()].chars().take(60).collect()))
        .collect()
}

#[test]
fn nothing_is_lost_in_any_fixture() {
    let mut report = String::new();
    for p in documents() {
        let bytes = fs::read(&p).unwrap();
        let doc = convert(&p);
        let lost = lost(&bytes, &doc);
        if !lost.is_empty() {
            let _ = writeln!(
                report,
                "{}: {} non-blank lines in no item, field, structure or unparsed:",
                rel(&p),
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
    for p in documents() {
        let bytes = fs::read(&p).unwrap();
        let loaded = keikaku_loader::load(&bytes).unwrap();
        let non_blank: BTreeSet<(Option<u32>, u32)> = loaded
            .source_lines
            .iter()
            .filter(|l| !l.blank)
            .map(|l| (l.page, l.no))
            .collect();
        let doc = convert(&p);
        for u in &doc.unparsed {
            assert!(
                non_blank.contains(&(u.page, u.line)),
                "{}: unparsed line {} (page {:?}) is not a non-blank source line",
                rel(&p),
                u.line,
                u.page
            );
            assert!(!u.text.is_empty(), "{}: line {} empty", rel(&p), u.line);
        }
    }
}

/// Every field source lies inside its item's (activity's) source and on a non-blank line:
/// a field read from outside the blocks an item claims to come from is a grammar bug.
#[test]
fn field_sources_point_inside_their_item() {
    for p in documents() {
        let bytes = fs::read(&p).unwrap();
        let loaded = keikaku_loader::load(&bytes).unwrap();
        let non_blank: BTreeSet<(Option<u32>, u32)> = loaded
            .source_lines
            .iter()
            .filter(|l| !l.blank)
            .map(|l| (l.page, l.no))
            .collect();
        let doc = convert(&p);
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
                    inside(src.line) && non_blank.contains(&(src.page, src.line)),
                    "{}: {id:?} {field} at line {} (page {:?}) outside its source {source:?}",
                    rel(&p),
                    src.line,
                    src.page
                );
            }
        }
    }
}

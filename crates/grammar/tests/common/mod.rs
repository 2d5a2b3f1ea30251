//! Helpers shared by the grammar's test files (seeds and variants of every family): loading
//! a fixture, item lookup, family fields, status counts and truth-table checks.
#![allow(dead_code)]

use std::collections::BTreeMap;

use keikaku_grammar::layout::{action_sheet, impl_plan};
use keikaku_grammar::{Item, Parsed, StatusCode};
use keikaku_loader::Document;

/// A file under `fixtures/` (e.g. `"variants/impl_plan/a.txt"`), loaded and parsed.
pub fn fixture(rel: &str) -> (Document, Parsed) {
    let path = format!("{}/../../fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = keikaku_loader::load(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let parsed = keikaku_grammar::parse(&doc);
    (doc, parsed)
}

/// Bytes of a file under `fixtures/`.
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn parse_bytes(bytes: &[u8]) -> Parsed {
    let doc = keikaku_loader::load(bytes).expect("loads");
    keikaku_grammar::parse(&doc)
}

pub fn parse_text(text: &str) -> Parsed {
    parse_bytes(text.as_bytes())
}

/// The 実施計画 fields of item `id`.
pub fn impl_ext<'a>(p: &'a Parsed, id: &str) -> &'a impl_plan::ItemExt {
    item(p, id).impl_plan.as_ref().expect("family fields")
}

pub fn phases(p: &Parsed, id: &str) -> Vec<Option<impl_plan::Phase>> {
    impl_ext(p, id).plan.iter().map(|y| y.phase).collect()
}

/// The action-plan-sheet fields of an item.
pub fn sheet_ext(it: &Item) -> &action_sheet::ItemExt {
    it.action_sheet.as_ref().expect("action-sheet fields")
}

pub fn counts(p: &Parsed) -> (usize, usize, BTreeMap<&'static str, usize>) {
    let mut by = BTreeMap::new();
    let mut acts = 0;
    for it in &p.items {
        for a in &it.activities {
            acts += 1;
            let code = a.status.as_ref().map_or("none", |s| s.code.as_str());
            *by.entry(code).or_insert(0) += 1;
        }
    }
    (p.items.len(), acts, by)
}

pub fn item<'a>(p: &'a Parsed, id: &str) -> &'a Item {
    p.items
        .iter()
        .find(|i| i.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("item {id} missing"))
}

pub fn codes(it: &Item) -> Vec<StatusCode> {
    it.activities
        .iter()
        .map(|a| a.status.as_ref().map_or(StatusCode::Unknown, |s| s.code))
        .collect()
}

/// (id, raw id, title, department, statuses of the activities in order)
pub type Truth = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [StatusCode],
);

pub fn check_truth(p: &Parsed, truth: &[Truth]) {
    for (id, raw, title, dept, sts) in truth {
        let it = item(p, id);
        assert_eq!(it.raw_id.as_deref(), Some(*raw), "{id} raw_id");
        assert_eq!(it.title.as_deref(), Some(*title), "{id} title");
        assert_eq!(it.department.as_deref(), *dept, "{id} department");
        assert_eq!(codes(it), sts.to_vec(), "{id} statuses");
    }
}

/// The document facts every truth test starts with: layout, municipality, title, period.
pub fn assert_meta(
    p: &Parsed,
    layout: keikaku_grammar::Layout,
    municipality: Option<&str>,
    title: Option<&str>,
    period: Option<(i32, i32)>,
) {
    assert_eq!(p.layout, layout);
    assert_eq!(p.meta.municipality.as_deref(), municipality);
    assert_eq!(p.meta.title.as_deref(), title);
    assert_eq!(p.meta.period.map(|t| (t.from, t.to)), period);
}

//! Helpers shared by the plan-report test files (seeds and variants): item lookup, status
//! counts and truth-table checks.
#![allow(dead_code)]

use std::collections::BTreeMap;

use keikaku_grammar::{Item, Parsed, StatusCode};

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

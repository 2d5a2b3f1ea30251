//! Outputs for other tools, run over `fixtures/`: JSON Lines, one JSON file per input with
//! `-o`, and CSV (read back with the csv crate) agreeing with the JSON.

mod support;

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use keikaku_emit::csv_out::{ACTIVITY_HEADER, ITEM_HEADER};
use serde_json::Value;
use support::{rel, root};

/// Run keikaku from the repository root on `args` followed by the fixture documents
/// (given one by one: a fixture folder may also hold inputs that must fail).
fn keikaku(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .args(inputs())
        .current_dir(root())
        .output()
        .expect("run keikaku");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("keikaku-out-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

/// The fixture documents, as given on the command line.
fn inputs() -> Vec<String> {
    support::documents().iter().map(|p| rel(p)).collect()
}

fn jsonl() -> Vec<Value> {
    let o = keikaku(&["convert", "-q"]);
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (header, rows) of a CSV file that must start with a BOM.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes
        .strip_prefix("\u{FEFF}".as_bytes())
        .expect("CSV starts with a BOM");
    let mut r = csv::Reader::from_reader(body);
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

fn count(docs: &[Value], f: impl Fn(&Value) -> usize) -> usize {
    docs.iter().map(f).sum()
}

fn items(d: &Value) -> usize {
    d["items"].as_array().map_or(0, Vec::len)
}

fn activities(d: &Value) -> usize {
    d["items"].as_array().map_or(0, |items| {
        items
            .iter()
            .map(|i| i["activities"].as_array().map_or(0, Vec::len))
            .sum()
    })
}

#[test]
fn jsonl_is_one_document_per_input_in_order() {
    let docs = jsonl();
    let names = inputs();
    assert_eq!(docs.len(), names.len());
    for (d, n) in docs.iter().zip(&names) {
        assert_eq!(d["source"]["path"], *n);
        assert_eq!(d["schema_version"], 1);
    }
}

#[test]
fn output_dir_gets_one_pretty_json_per_input() {
    let dir = scratch("json");
    let d = dir.to_str().unwrap();
    keikaku(&["convert", "-q", "-o", d]);
    let docs = jsonl();
    // Same-named inputs from different folders: the k-th (in input order) is `name~k.json`.
    let mut seen: std::collections::BTreeMap<String, u32> = Default::default();
    for (doc, n) in docs.iter().zip(inputs()) {
        let n = n.rsplit('/').next().unwrap_or(&n).to_string();
        let k = seen.entry(n.clone()).or_insert(0);
        *k += 1;
        let file = if *k == 1 {
            format!("{n}.json")
        } else {
            format!("{n}~{k}.json")
        };
        let text = fs::read_to_string(dir.join(&file)).unwrap();
        assert!(
            text.starts_with("{\n  \"schema_version\""),
            "{n} not pretty"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(&v, doc, "{n}: -o output differs from JSON Lines");
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn csv_on_stdout_is_one_row_per_item() {
    let docs = jsonl();
    let o = keikaku(&["convert", "-q", "--format", "csv"]);
    let (head, rows) = read_csv(&o.stdout);
    assert_eq!(head, ITEM_HEADER);
    assert_eq!(rows.len(), count(&docs, items));
    // Rows follow the documents and their items in order.
    let expected: Vec<(String, String)> = docs
        .iter()
        .flat_map(|d| {
            let file = d["source"]["path"].as_str().unwrap_or("").to_string();
            d["items"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |i| (file.clone(), i["id"].as_str().unwrap_or("").to_string()))
        })
        .collect();
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (file, id) = (at("file"), at("id"));
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[file].clone(), r[id].clone()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn csv_with_output_dir_writes_items_and_activities() {
    let dir = scratch("csv");
    let d = dir.to_str().unwrap();
    keikaku(&["convert", "-q", "--format", "csv", "-o", d]);
    let docs = jsonl();
    let (head, rows) = read_csv(&fs::read(dir.join("items.csv")).unwrap());
    assert_eq!(head, ITEM_HEADER);
    assert_eq!(rows.len(), count(&docs, items));
    let (head, rows) = read_csv(&fs::read(dir.join("activities.csv")).unwrap());
    assert_eq!(head, ACTIVITY_HEADER);
    assert_eq!(rows.len(), count(&docs, activities));
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let _ = fs::remove_dir_all(&dir);
}

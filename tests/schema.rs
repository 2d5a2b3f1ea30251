//! The JSON Schema: derived from the model types, committed as `schema/keikaku.schema.json`,
//! a valid schema, and every output (fixtures and small documents) valid against it.
//!
//! After an intended change to the output types: `cargo run -q -- schema >
//! schema/keikaku.schema.json`, and read the diff.

mod support;

use std::fs;
use std::process::Command;

use serde_json::{json, Value};
use support::{documents, inputs, is_error_golden, rel, root};

fn committed() -> Value {
    let p = root().join("schema/keikaku.schema.json");
    serde_json::from_slice(&fs::read(&p).expect("schema/keikaku.schema.json")).unwrap()
}

fn derived() -> Value {
    serde_json::to_value(keikaku_model::schema()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&committed()).expect("the schema compiles")
}

/// Schema errors of one instance, as `path: message` lines.
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_the_derived_one() {
    assert!(
        committed() == derived(),
        "schema/keikaku.schema.json is stale: run `cargo run -q -- schema > \
         schema/keikaku.schema.json` and read the diff"
    );
}

#[test]
fn keikaku_schema_prints_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, committed());
}

#[test]
fn it_is_a_valid_draft_2020_12_schema_with_the_contract_keys() {
    let s = committed();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::meta::validate(&s).expect("valid against its meta-schema");
    let required: Vec<&str> = s["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for key in [
        "schema_version",
        "source",
        "municipality",
        "title",
        "period",
        "report_year",
        "layout",
        "items",
        "diagnostics",
        "unparsed",
    ] {
        assert!(required.contains(&key), "{key} not required");
    }
    let item = &s["$defs"]["Item"]["required"];
    for key in ["id", "raw_id", "title", "department", "activities"] {
        assert!(item.as_array().unwrap().contains(&json!(key)), "item {key}");
    }
    let codes = &s["$defs"]["StatusCode"];
    let text = codes.to_string();
    for code in [
        "achieved",
        "on_track",
        "delayed",
        "not_started",
        "discontinued",
        "unknown",
    ] {
        assert!(text.contains(&format!("\"{code}\"")), "status code {code}");
    }
}

#[test]
fn every_fixture_output_and_golden_validates() {
    let v = validator();
    let mut bad = Vec::new();
    for p in documents() {
        let out = serde_json::to_value(support::convert(&p)).unwrap();
        for e in errors(&v, &out) {
            bad.push(format!("{}: {e}", rel(&p)));
        }
    }
    for p in inputs() {
        match support::golden(&p) {
            Some(g) if !is_error_golden(&g) => {
                for e in errors(&v, &g) {
                    bad.push(format!("{}.expected.json: {e}", rel(&p)));
                }
            }
            _ => {}
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Small documents of many shapes: encodings, HTML rows, statuses, empty lines.
const SMALL: &[&[u8]] = &[
    "第2次行政改革大綱 実施計画（令和2年度～令和6年度）\nつくばみらい市\n\n項目番号\t1-①\n実施項目\t定員管理\n主管課\t総務課\n達成状況\t◎\t達成\n".as_bytes(),
    "項目No.\t取組項目\t担当部署\t進捗区分\n1\t事務事業の見直し\t企画課\t計画どおり\n2\t<table><tr><td>補助金</td><td>財政課</td></tr></table>\t\t遅延\n".as_bytes(),
    b"\xef\xbb\xbf\xe5\x8f\x96\xe7\xb5\x84\n",
    b"\x8e\xe6\x91\x67\x8d\x80\x96\xda\t\x91\x8d\x96\xb1\x89\xdb\n",
    "\u{3000}\nただの文書\n".as_bytes(),
];

#[test]
fn small_documents_validate() {
    let v = validator();
    for (i, bytes) in SMALL.iter().enumerate() {
        let doc = keikaku_model::convert(&format!("small{i}.txt"), bytes).unwrap();
        let out = serde_json::to_value(&doc).unwrap();
        let e = errors(&v, &out);
        assert!(e.is_empty(), "small document {i}: {e:?}");
    }
}

#[test]
fn the_schema_rejects_what_the_contract_forbids() {
    let v = validator();
    let doc = keikaku_model::convert("a.txt", SMALL[0]).unwrap();
    let good = serde_json::to_value(&doc).unwrap();
    assert!(errors(&v, &good).is_empty());

    let mut no_title = good.clone();
    no_title.as_object_mut().unwrap().remove("title");
    assert!(!errors(&v, &no_title).is_empty(), "title is required");

    let mut bad_layout = good.clone();
    bad_layout["layout"] = json!("spreadsheet");
    assert!(!errors(&v, &bad_layout).is_empty(), "layout is an enum");

    let mut bad_status = good.clone();
    bad_status["items"] = json!([{
        "id": "1-1", "raw_id": "1-①", "title": "定員管理", "department": null,
        "activities": [], "source": [{"from": 1, "to": 2}],
        "status": {"code": "great", "mark": null, "label": null}
    }]);
    let e = errors(&v, &bad_status);
    assert!(
        e.iter().any(|e| e.starts_with("/items/0/status")),
        "status code is an enum: {e:?}"
    );

    // More keys are allowed: the contract lets objects grow.
    let mut more = good;
    more["extra"] = json!({"anything": 1});
    assert!(errors(&v, &more).is_empty());
}

/// The schema of one type, as the output's schema derives it.
fn schema_of<T: schemars::JsonSchema>() -> Value {
    let s = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_value(s).unwrap()
}

/// A property's type, without its descriptions, with a `$ref` (or array of `$ref`)
/// replaced by the definition it names.
fn shape(root: &Value, v: &Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("description");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let deref = |v: &Value| match v.get("$ref").and_then(Value::as_str) {
        Some(r) => root
            .pointer(r.trim_start_matches('#'))
            .cloned()
            .unwrap_or(Value::Null),
        None => v.clone(),
    };
    let mut out = deref(v);
    if let Some(items) = out.get("items").cloned() {
        out["items"] = deref(&items);
    }
    strip(&mut out);
    out
}

/// Each family's fields are flattened into the item, so two families may share a key only
/// with the same type: otherwise the item has no single schema, and readers of one
/// layout's output break on another's.
#[test]
fn no_two_families_give_one_item_key_two_types() {
    use keikaku_model::grammar::layout::{action_sheet, impl_plan, plan_report, status_table};
    let families = [
        ("plan_report", schema_of::<plan_report::ItemExt>()),
        ("action_sheet", schema_of::<action_sheet::ItemExt>()),
        ("impl_plan", schema_of::<impl_plan::ItemExt>()),
        ("status_table", schema_of::<status_table::ItemExt>()),
    ];
    // The item's own keys (its schema also lists the flattened families' keys).
    let common = [
        "id",
        "raw_id",
        "title",
        "department",
        "status",
        "activities",
        "source",
        "fields",
    ];
    let props = |s: &Value| s["properties"].as_object().cloned().unwrap_or_default();
    let mut clashes = Vec::new();
    for (i, (a, sa)) in families.iter().enumerate() {
        let pa = props(sa);
        for (b, sb) in families.iter().skip(i + 1) {
            for (k, vb) in props(sb) {
                if let Some(va) = pa.get(&k) {
                    let (ta, tb) = (shape(sa, va), shape(sb, &vb));
                    if ta != tb {
                        clashes.push(format!("`{k}`: {a} {ta} vs {b} {tb}"));
                    }
                }
            }
        }
        for k in pa.keys() {
            if common.contains(&k.as_str()) {
                clashes.push(format!("`{k}`: {a} redefines a common item key"));
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "item keys with two meanings:\n{}",
        clashes.join("\n")
    );
}

#[test]
fn shapes_ignore_descriptions_and_names_of_definitions() {
    let a = json!({"$defs": {"M": {"type": "object", "description": "x"}}});
    let b = json!({"$defs": {"N": {"type": "object", "description": "y"}}});
    let va = json!({"type": "array", "items": {"$ref": "#/$defs/M"}, "description": "1"});
    let vb = json!({"type": "array", "items": {"$ref": "#/$defs/N"}});
    assert_eq!(shape(&a, &va), shape(&b, &vb));
    let vs = json!({"type": "array", "items": {"type": "string"}});
    assert_ne!(shape(&a, &va), shape(&b, &vs));
}

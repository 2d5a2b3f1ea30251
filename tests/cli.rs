//! `keikaku convert` as a user runs it: exit codes, output order, `-o`, batches with broken
//! files, hostile inputs, broken pipes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn seed(name: &str) -> PathBuf {
    fixtures().join(name)
}

const SEEDS: [&str; 5] = [
    "000_10e1818db76866b3.txt",
    "001_f322297bbe860da5.txt",
    "002_dcc169ed6dd0f002.txt",
    "003_958463c6e2069eab.txt",
    "004_cf9142fe188b5ae8.txt",
];

fn run(args: &[&str], paths: &[&Path]) -> Output {
    bin().args(args).args(paths).output().expect("keikaku runs")
}

fn docs(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON document"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn seeds_in_one_call_give_their_document_facts() {
    let paths: Vec<PathBuf> = SEEDS.iter().map(|s| seed(s)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let out = run(&["convert", "-q"], &refs);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let d = docs(&out);
    assert_eq!(d.len(), 5);
    // (municipality, period, report_year), read from the documents by hand.
    let expected = [
        ("つくばみらい市", Some((2019, 2023)), Some(2020)),
        ("つくばみらい市", Some((2024, 2028)), Some(2024)),
        ("結城市", Some((2021, 2025)), None),
        ("安中市", Some((2020, 2024)), None),
        ("袖ケ浦市", None, Some(2020)),
    ];
    for (doc, (city, period, report)) in d.iter().zip(expected) {
        assert_eq!(doc["schema_version"], 1);
        assert_eq!(doc["municipality"], city, "{}", doc["source"]["path"]);
        match period {
            Some((f, t)) => {
                assert_eq!(doc["period"]["from"], f);
                assert_eq!(doc["period"]["to"], t);
            }
            None => assert!(doc["period"].is_null()),
        }
        match report {
            Some(y) => assert_eq!(doc["report_year"], y),
            None => assert!(doc["report_year"].is_null()),
        }
        assert_eq!(doc["source"]["format"], "txt");
        assert_eq!(doc["source"]["encoding"], "UTF-8");
        assert_eq!(doc["source"]["sha256"].as_str().map(str::len), Some(64));
    }
    assert_eq!(d[3]["title"], "第3次 安中市行政改革大綱 実施計画");
    assert!(d[1]["title"].is_null() && d[4]["title"].is_null());
}

#[test]
fn folder_output_is_in_sorted_order_and_identical_for_any_jobs() {
    let one = run(&["convert", "-q", "--jobs", "1"], &[&fixtures()]);
    let two = run(&["convert", "-q", "--jobs", "2"], &[&fixtures()]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout, "output must not depend on --jobs");
    let paths: Vec<String> = docs(&one)
        .iter()
        .map(|d| d["source"]["path"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.len() >= 5);
    assert!(
        !paths.iter().any(|p| p.ends_with(".expected.json")),
        "golden files are not inputs"
    );
}

#[test]
fn a_broken_file_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a_good.txt");
    std::fs::copy(seed(SEEDS[4]), &good).unwrap();
    let binary = dir.path().join("b_binary.txt");
    let mut x: u32 = 7;
    let noise: Vec<u8> = (0..50_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(&binary, noise).unwrap();
    let empty = dir.path().join("c_empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let good2 = dir.path().join("d_good.txt");
    std::fs::copy(seed(SEEDS[3]), &good2).unwrap();

    let out = run(&["convert", "-q"], &[dir.path()]);
    assert_eq!(out.status.code(), Some(1), "some documents failed");
    let d = docs(&out);
    assert_eq!(d.len(), 2, "both good documents are still written");
    assert!(d[0]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("a_good.txt"));
    assert!(d[1]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("d_good.txt"));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "one line per failed file: {err}");
    assert!(lines[0].starts_with(&format!("{}: not a text document", binary.display())));
    assert!(lines[1].starts_with(&format!("{}: empty file", empty.display())));
}

#[test]
fn exit_codes_for_usage_and_nothing_to_do() {
    let out = run(&["convert"], &[]);
    assert_eq!(out.status.code(), Some(2), "no paths is bad usage");
    let out = run(&["convert", "--format", "xml"], &[&fixtures()]);
    assert_eq!(out.status.code(), Some(2), "bad flag value");
    let out = run(&["convert"], &[Path::new("/nonexistent/keikaku/input.txt")]);
    assert_eq!(out.status.code(), Some(2), "nothing could be done");
    assert!(stderr(&out).starts_with("/nonexistent/keikaku/input.txt: "));
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["convert"], &[empty.path()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an empty folder holds nothing to convert"
    );
    // A missing path beside a good one: the good one is converted, exit 1.
    let out = run(
        &["convert", "-q"],
        &[&seed(SEEDS[4]), Path::new("/nonexistent/x.txt")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(docs(&out).len(), 1);
}

#[test]
fn output_folder_gets_one_pretty_json_per_input_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("in");
    std::fs::create_dir(&odd).unwrap();
    // File names with spaces, quotes and Japanese survive, in JSON and on disk.
    let name = "計画 \"R2\" 'final'.txt";
    std::fs::copy(seed(SEEDS[4]), odd.join(name)).unwrap();
    let out_dir = dir.path().join("out");
    let out = run(
        &["convert", "-q", "-o", out_dir.to_str().unwrap()],
        &[&odd, &seed(SEEDS[3])],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "with -o nothing goes to stdout");
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![format!("{}.json", SEEDS[3]), format!("{name}.json")]
    );
    let text = std::fs::read_to_string(out_dir.join(format!("{name}.json"))).unwrap();
    assert!(
        text.contains("\n  \"schema_version\": 1,"),
        "pretty-printed"
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert!(doc["source"]["path"].as_str().unwrap().ends_with(name));
}

#[test]
fn same_named_inputs_from_two_folders_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    std::fs::copy(seed(SEEDS[4]), dir.path().join("a/plan.txt")).unwrap();
    std::fs::copy(seed(SEEDS[3]), dir.path().join("b/plan.txt")).unwrap();
    let out_dir = dir.path().join("out");
    let out = run(
        &["convert", "-q", "-o", out_dir.to_str().unwrap()],
        &[dir.path()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("plan.txt.json")).unwrap())
            .unwrap();
    let second: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("plan.txt~2.json")).unwrap())
            .unwrap();
    assert_eq!(first["municipality"], "袖ケ浦市");
    assert_eq!(second["municipality"], "安中市");
}

/// Each hostile input ends in a clear result: a document with diagnostics, or one error line.
#[test]
fn hostile_text_inputs_end_in_clear_results() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("whitespace.txt"), " \n\t\r\n\u{3000}\n").unwrap();
    let mut invalid = std::fs::read(seed(SEEDS[4])).unwrap();
    // Insert at a character boundary so the bad sequence starts exactly there.
    let at = (100..)
        .find(|&i| invalid[i] < 0x80 || invalid[i] >= 0xC0)
        .unwrap();
    invalid.splice(at..at, [0xFF, 0xFE, 0xC0]);
    std::fs::write(p("invalid.txt"), &invalid).unwrap();
    let mut nul = std::fs::read(seed(SEEDS[4])).unwrap();
    nul.splice(50..50, [0, 0, 0]);
    std::fs::write(p("nul.txt"), &nul).unwrap();
    // Cut inside a multi-byte character.
    let full = std::fs::read(seed(SEEDS[3])).unwrap();
    let cut = (full.len() / 2..)
        .find(|&i| full[i] >= 0x80 && full[i] < 0xC0)
        .unwrap();
    std::fs::write(p("truncated.txt"), &full[..cut]).unwrap();
    let deep = "<table><tr><td>".repeat(10_000) + "深い" + &"</td></tr></table>".repeat(10_000);
    std::fs::write(p("deep.txt"), deep).unwrap();
    // A long single line (20 MB in the release check; 2 MB keeps the debug test quick while
    // still catching anything quadratic).
    let long = "実施項目\t".to_string() + &"あいうえお、漢字テスト".repeat(60_000);
    std::fs::write(p("long.txt"), long).unwrap();
    std::fs::write(p("tabs.txt"), "a\t".repeat(1_000_000)).unwrap();

    let out = run(&["convert", "-q"], &[dir.path()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("{}: no text", p("whitespace.txt").display())));
    let d = docs(&out);
    let by_name = |n: &str| {
        d.iter()
            .find(|x| x["source"]["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("{n} converted"))
    };
    let codes = |n: &str| -> Vec<String> {
        by_name(n)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes("invalid.txt").contains(&"decode.invalid-bytes".to_string()));
    let inv = by_name("invalid.txt")["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "decode.invalid-bytes")
        .unwrap()
        .clone();
    assert_eq!(inv["byte"], at);
    let line = 1 + invalid[..at].iter().filter(|&&b| b == b'\n').count();
    assert_eq!(inv["line"], line);
    assert_eq!(by_name("invalid.txt")["municipality"], "袖ケ浦市");
    assert!(codes("nul.txt").contains(&"decode.nul".to_string()));
    assert!(codes("truncated.txt").contains(&"decode.invalid-bytes".to_string()));
    assert_eq!(by_name("truncated.txt")["municipality"], "安中市");
    assert!(codes("tabs.txt").contains(&"line.too-many-cells".to_string()));
    assert_eq!(by_name("deep.txt")["source"]["lines"], 1);
    assert_eq!(by_name("long.txt")["source"]["lines"], 1);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = bin()
        .args(["convert", "-q", "--jobs", "1"])
        .arg(fixtures())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the reader is gone, like `| head -c 16`.
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "no noise on a closed pipe: {err}");
}

#[test]
fn format_is_decided_by_content_not_extension() {
    let dir = tempfile::tempdir().unwrap();
    let disguised = dir.path().join("plan.pdf");
    std::fs::copy(seed(SEEDS[4]), &disguised).unwrap();
    let out = run(&["convert", "-q"], &[&disguised]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(docs(&out)[0]["source"]["format"], "txt");
}

/// Put a marker into an output file, keeping its `generator` and `source.sha256`: a run
/// that skips the file leaves the marker, a run that converts it again removes it.
fn mark(path: &Path) {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v["title"] = Value::from("MARKER");
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

fn marked(path: &Path) -> bool {
    let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v["title"] == "MARKER"
}

#[test]
fn skip_existing_skips_up_to_date_outputs_and_reconverts_changed_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("in/a"), tmp.path().join("in/b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(seed(SEEDS[0]), a.join("plan.txt")).unwrap();
    // Same file name in another folder: its output name `plan.txt~2.json` must be the same
    // on every run, skipped or not.
    std::fs::copy(seed(SEEDS[1]), b.join("plan.txt")).unwrap();
    std::fs::copy(seed(SEEDS[2]), a.join("other.txt")).unwrap();
    let out = tmp.path().join("out");
    let args = ["convert", "-o", out.to_str().unwrap(), "--skip-existing"];
    let input = tmp.path().join("in");

    let first = run(&args, &[&input]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let names = ["other.txt.json", "plan.txt.json", "plan.txt~2.json"];
    for n in names {
        mark(&out.join(n));
    }

    let second = run(&args, &[&input]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("3 up to date, skipped"),
        "{}",
        stderr(&second)
    );
    assert!(names.iter().all(|n| marked(&out.join(n))));

    // One input changes: only its output is written again, under the same name.
    let mut changed = std::fs::read(b.join("plan.txt")).unwrap();
    changed.extend_from_slice("\n追記\n".as_bytes());
    std::fs::write(b.join("plan.txt"), changed).unwrap();
    let third = run(&args, &[&input]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert!(
        stderr(&third).contains("2 up to date, skipped"),
        "{}",
        stderr(&third)
    );
    assert!(marked(&out.join("other.txt.json")));
    assert!(marked(&out.join("plan.txt.json")));
    assert!(!marked(&out.join("plan.txt~2.json")));
    let listed: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(listed.len(), 3, "no extra output file");

    // Without the flag everything is converted again.
    let plain = run(&["convert", "-q", "-o", out.to_str().unwrap()], &[&input]);
    assert_eq!(plain.status.code(), Some(0));
    assert!(!names.iter().any(|n| marked(&out.join(n))));
}

#[test]
fn skip_existing_needs_an_output_folder_of_json_files() {
    let o = run(&["convert", "--skip-existing"], &[&seed(SEEDS[0])]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--skip-existing"));
}

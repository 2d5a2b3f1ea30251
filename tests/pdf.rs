//! PDF input through the `keikaku` binary: extraction runs in a limited worker process,
//! so no hostile PDF can crash, hang or abort a batch.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A test PDF: hostile ones live in tests/hostile/pdf (outside fixtures/, so converting the
/// fixtures is a clean run), the others in fixtures/pdf.
fn pdf(name: &str) -> String {
    let path = match name.strip_prefix("hostile") {
        Some("") => root().join("tests/hostile/pdf"),
        Some(rest) => root()
            .join("tests/hostile/pdf")
            .join(rest.trim_start_matches('/')),
        None => root().join("fixtures/pdf").join(name),
    };
    path.to_string_lossy().into_owned()
}

/// Run `keikaku convert` with limits that still catch a hang in a few seconds, with room
/// for a debug build on a loaded machine.
fn convert(args: &[&str]) -> Output {
    convert_within(args, 20)
}

/// The messages of a document's diagnostics with this code.
fn messages<'d>(d: &'d serde_json::Value, code: &str) -> Vec<&'d str> {
    d["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|x| x["code"] == code)
                .filter_map(|x| x["message"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

/// The codes of a document's diagnostics, in order.
fn codes(d: &serde_json::Value) -> Vec<&str> {
    d["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["code"].as_str())
        .collect()
}

fn convert_within(args: &[&str], timeout: u32) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("convert")
        .arg("-q")
        .args(args)
        .env("KEIKAKU_PDF_TIMEOUT", timeout.to_string())
        .env("KEIKAKU_PDF_MEMORY_MB", "512")
        // Fonts without ToUnicode are read through installed fonts: the test fonts only,
        // so that results do not depend on the machine.
        .env("KEIKAKU_FONT_PATH", root().join("tests/fonts"))
        .env("KEIKAKU_SYSTEM_FONTS", "0")
        .output()
        .expect("runs")
}

fn stderr_lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

fn docs(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// Hostile files that cannot be read, and what their one error line must say.
const FAILING: &[(&str, &str)] = &[
    ("hostile/truncated.pdf", "ends without %%EOF (truncated?)"),
    ("hostile/garbage.pdf", "damaged PDF"),
    ("hostile/header-only.pdf", "damaged PDF"),
    ("hostile/no-text-layer.pdf", "no text layer (needs OCR)"),
    ("hostile/no-pages.pdf", "no pages"),
    ("hostile/no-tounicode.pdf", "no ToUnicode"),
    // LibreOffice subsets without their ToUnicode: glyphs named `cid11879`, unnamed
    // TrueType glyphs. Without the check this read as Latin gibberish, exit 0. With the
    // test fonts only, their fonts (Noto Sans CJK, DejaVu) are not installed.
    ("hostile/no-tounicode-subsets.pdf", "no ToUnicode"),
    ("hostile/encrypted-password.pdf", "password"),
    ("hostile/dangling-font.pdf", "page 1"),
    (
        "hostile/bomb.pdf",
        "decompression bomb: page 1: a stream (object 2 0) inflates past 32 MiB",
    ),
    // Meets the clock in a debug build, the memory limit first in a fast release build:
    // either way it is named with where it was (checked below).
    ("hostile/runaway.pdf", "PDF extraction"),
    // From `scripts/make_hostile_pdfs_2.py` (the session-5 sweep). A bare CFF program
    // pdf-extract's parser cannot read panicked every page (`called Option::unwrap()`);
    // dropped, its codes would read as Latin gibberish, so they count as unreadable.
    ("hostile/cff-garbage-no-tounicode.pdf", "no ToUnicode"),
    // Was "PDF has no pages": every object is ciphertext of an unknown handler.
    (
        "hostile/encrypt-unknown-filter.pdf",
        "encrypted PDF: cannot be decrypted (security handler /FooSecurity /V 1 /R 2)",
    ),
    // The only ToUnicode inflates to 72 MiB (LZW): dropped, so the bomb is the reason
    // (it was `failed to parse: Mismatch …` on every page).
    (
        "hostile/bomb-tounicode-lzw.pdf",
        "decompression bomb: a stream (object 9 0) inflates past 64 MiB",
    ),
    // From `scripts/make_hostile_pdfs_3.py` (the session-7 sweep). The font's ToUnicode
    // is a dictionary: unlinked, so the reason is the missing map (it was `every page
    // failed … unsupported cmap Some(<</Foo 1>>)`).
    ("hostile/tounicode-not-a-stream.pdf", "no ToUnicode"),
    // A JPEG named .pdf: was `no encoding fits (best guess UTF-16BE …)`.
    (
        "hostile/jpeg-named-pdf.pdf",
        "not a text document: a JPEG image",
    ),
];

/// Hostile files that are repaired or read in part.
const READ: &[&str] = &[
    "hostile/bad-xref.pdf",
    "hostile/broken-page-tree.pdf",
    "hostile/encrypted-empty-password.pdf",
    "hostile/form-cycle.pdf",
    "hostile/form-cycle-inherited.pdf",
    "hostile/deep-forms.pdf",
    "hostile/image-as-content.pdf",
    "hostile/inline-image.pdf",
    "hostile/tj-before-tf.pdf",
    "hostile/bomb-200mb.pdf",
    "hostile/bomb-objstm.pdf",
    // From `scripts/make_broken_pdfs.py` (the session-4 sweep).
    "hostile/aes256-empty.pdf",
    "hostile/junk-before-header.pdf",
    "hostile/pages-cycle.pdf",
    "hostile/xref-shifted.pdf",
    "hostile/weird-operands.pdf",
    "hostile/deep-array-content.pdf",
    // From `scripts/make_hostile_pdfs_2.py` (the session-5 sweep).
    "hostile/parent-cycle-inherited.pdf",
    "hostile/tounicode-bfrange-full.pdf",
    "hostile/descendant-self.pdf",
    "hostile/length-short.pdf",
    "hostile/length-missing-ref.pdf",
    "hostile/png-predictor-ok.pdf",
    // After the sweep: content pdf-extract cannot draw, cross-reference streams that lose
    // every object.
    "hostile/matrix-huge.pdf",
    "hostile/inline-image-no-ei.pdf",
    // From `scripts/make_hostile_pdfs_3.py` (the session-7 sweep).
    "hostile/form-bad-tf.pdf",
    "hostile/form-huge-cm.pdf",
    "hostile/form-not-a-stream.pdf",
    "hostile/form-nested-bad.pdf",
    "hostile/tounicode-malformed.pdf",
    "hostile/tounicode-ranges-reversed-overlapping.pdf",
    "hostile/filters-a85-lzw-rl-flate.pdf",
    "hostile/filters-runlength.pdf",
    "hostile/filters-ahx-a85.pdf",
    "hostile/xref-into-stream.pdf",
    "hostile/xrefstm-w-zero.pdf",
    "hostile/xrefstm-w-huge.pdf",
    "hostile/incr-catalog-int.pdf",
];

#[test]
fn each_unreadable_pdf_is_one_error_line_naming_the_file() {
    for (name, why) in FAILING {
        let path = pdf(name);
        // Pre-flight counts the bomb's first 32 MiB in a debug build: give it time.
        let timeout = match *name {
            "hostile/bomb.pdf" => 30,
            "hostile/runaway.pdf" => 5,
            // Small files: 20 s still catches a hang, and leaves a debug build on a
            // loaded machine time for AES-256's key derivation (3 s did not).
            _ => 20,
        };
        let o = convert_within(&[&path], timeout);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(o.stdout.is_empty(), "{name}");
        let lines = stderr_lines(&o);
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        assert!(lines[0].starts_with(&format!("{path}: ")), "{lines:?}");
        assert!(lines[0].contains(why), "{name}: {lines:?}");
        if *name == "hostile/runaway.pdf" {
            assert!(
                lines[0].contains("timed out after 5 s")
                    || lines[0].contains("exceeded the memory limit of 512 MiB"),
                "{lines:?}"
            );
            // Page 1 as a rule; on a loaded machine a debug build can still be in
            // pre-flight when the clock runs out, and must say so.
            assert!(
                lines[0].ends_with("(page 1)")
                    || lines[0].ends_with("(before page 1: loading and repairing the file)"),
                "{lines:?}"
            );
        }
    }
}

#[test]
fn repaired_pdfs_convert() {
    for name in READ {
        // The bombs are inflated up to their cap in pre-flight: slow in a debug build.
        let timeout = if name.starts_with("hostile/bomb") {
            30
        } else {
            20
        };
        let o = convert_within(&[&pdf(name)], timeout);
        assert_eq!(o.status.code(), Some(0), "{name}: {:?}", stderr_lines(&o));
        let d = docs(&o);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0]["source"]["format"], "pdf");
        assert!(d[0]["source"]["encoding"].is_null());
    }
}

/// The sweep's files made from `table.pdf` read its text: its title line names the city,
/// and its eight lines outside any layout are there once each (a page-tree cycle made
/// lopdf list the two pages again and again: 28 lines).
#[test]
fn broken_copies_of_a_good_pdf_read_its_text() {
    let good = docs(&convert(&[&pdf("table.pdf")]));
    let lines = |d: &serde_json::Value| d["unparsed"].as_array().map(Vec::len);
    assert_eq!(lines(&good[0]), Some(8));
    for name in [
        "hostile/aes256-empty.pdf",
        "hostile/junk-before-header.pdf",
        "hostile/pages-cycle.pdf",
        "hostile/xref-shifted.pdf",
        "hostile/weird-operands.pdf",
        // its Type0 font names itself as its descendant (pdf-extract panicked `required`)
        "hostile/descendant-self.pdf",
        // the content stream's /Length is 40 of its 300-odd bytes, or a missing object:
        // lopdf dropped the stream and page 1 read empty (4 lines of 8)
        "hostile/length-short.pdf",
        "hostile/length-missing-ref.pdf",
        // the content stream's PNG-predicted last row is one byte short: lopdf failed
        // the stream and page 1 read empty
        "hostile/png-predictor-ok.pdf",
        // `cm` with a 20-digit integer (pdf-extract asserted six operands) after one that
        // scales by 1e38; an inline image without `EI` (lopdf failed the stream): page 1
        // was lost, now drawn from a repaired copy
        "hostile/matrix-huge.pdf",
        "hostile/inline-image-no-ei.pdf",
        // the cross-reference stream cannot locate any object (`/W [0 0 0]`,
        // `/W [1 99999999 1]`), or an update makes the catalog an integer: read through a
        // table rebuilt from the objects, the catalog found by the file's last `/Root`
        "hostile/xrefstm-w-zero.pdf",
        "hostile/xrefstm-w-huge.pdf",
        "hostile/incr-catalog-int.pdf",
    ] {
        let d = docs(&convert(&[&pdf(name)]));
        assert_eq!(d[0]["municipality"], good[0]["municipality"], "{name}");
        assert_eq!(lines(&d[0]), Some(8), "{name}");
        let repaired = codes(&d[0]).contains(&"pdf.stream-length-repaired");
        assert_eq!(repaired, name.contains("length"), "{name}");
        let rows = codes(&d[0]).contains(&"pdf.predictor-rows-repaired");
        assert_eq!(rows, name.contains("png"), "{name}");
        let redrawn = codes(&d[0]).contains(&"pdf.content-repaired");
        assert_eq!(
            redrawn,
            name.contains("matrix") || name.contains("inline"),
            "{name}"
        );
    }
}

/// Page 2 of `table.pdf` hangs below two page-tree nodes that are each other's
/// `/Parent`: pdf-extract looked for its inherited resources for ever (a 30 s timeout).
/// The circle is cut; page 2 has no resources left (none of the nodes holds any), so
/// page 1's four table rows are read and page 2 is named as failed.
/// Third-sweep copies of `table.pdf` that lost page 1 (4 of its 8 lines) or every page:
/// page 1 drawn through a form whose content needs the lenient rewrite (a `Tf` without
/// its size, a 20-digit `cm`, the form inside another form, an XObject that is a
/// dictionary); a ToUnicode map pdf-extract's parser panicked on (an unclosed array and
/// bad entries, reversed and short ranges); content in filters lopdf does not decode; a
/// cross-reference entry pointing into a stream.
#[test]
fn third_sweep_copies_of_a_good_pdf_read_its_text() {
    let good = docs(&convert(&[&pdf("table.pdf")]));
    let lines = |d: &serde_json::Value| d["unparsed"].as_array().map(Vec::len);
    for (name, code) in [
        ("hostile/form-bad-tf.pdf", "pdf.content-repaired"),
        ("hostile/form-huge-cm.pdf", "pdf.content-repaired"),
        ("hostile/form-not-a-stream.pdf", "pdf.content-repaired"),
        ("hostile/form-nested-bad.pdf", "pdf.content-repaired"),
        ("hostile/tounicode-malformed.pdf", "pdf.content-repaired"),
        (
            "hostile/tounicode-ranges-reversed-overlapping.pdf",
            "pdf.content-repaired",
        ),
        (
            "hostile/filters-a85-lzw-rl-flate.pdf",
            "pdf.filters-decoded",
        ),
        ("hostile/filters-runlength.pdf", "pdf.filters-decoded"),
        ("hostile/filters-ahx-a85.pdf", "pdf.filters-decoded"),
        // the font's cross-reference entry points into page 1's content stream: read
        // through the table rebuilt from the objects (was `ObjectNotFound((6, 0))`)
        ("hostile/xref-into-stream.pdf", "pdf.xref-rebuilt"),
    ] {
        let d = docs(&convert_within(&[&pdf(name)], 20));
        assert_eq!(d[0]["municipality"], good[0]["municipality"], "{name}");
        assert_eq!(d[0]["unparsed"], good[0]["unparsed"], "{name}");
        assert_eq!(lines(&d[0]), Some(8), "{name}");
        assert!(codes(&d[0]).contains(&code), "{name}: {:?}", codes(&d[0]));
    }
    let d = docs(&convert(&[&pdf("hostile/form-bad-tf.pdf")]));
    let m = messages(&d[0], "pdf.content-repaired");
    assert!(
        m.iter()
            .any(|m| m.starts_with("page 1: ") && m.contains("1 form(s) rewritten")),
        "{m:?}"
    );
    let d = docs(&convert(&[&pdf("hostile/tounicode-malformed.pdf")]));
    let m = messages(&d[0], "pdf.content-repaired");
    assert!(
        m.iter()
            .any(|m| m.contains("1 unreadable ToUnicode map(s) rewritten")),
        "{m:?}"
    );
}

#[test]
fn a_parent_circle_costs_only_its_page() {
    let o = convert_within(&[&pdf("hostile/parent-cycle-inherited.pdf")], 10);
    assert_eq!(o.status.code(), Some(0), "{:?}", stderr_lines(&o));
    let d = &docs(&o)[0];
    assert_eq!(d["municipality"], "つくばみらい市");
    let texts: Vec<&str> = d["unparsed"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|u| u["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "番号\t取組項目\t担当課\t進捗",
            "1-①\t定員管理の適正化\t総務課\t○",
            "1-②\t事務事業の見直しと実施\t企画課\t◎",
            "2-1\t公共施設の再配置\t財政課\t△",
        ]
    );
    let codes = codes(d);
    assert!(codes.contains(&"pdf.parent-cycle"), "{codes:?}");
}

/// A ToUnicode whose `bfrange` runs from `<00000000>` to `<FFFFFFFF>`: pdf-extract made
/// a map entry per code and met the 2 GiB limit after 27 s. The range is cut to one
/// 16-bit plane (its codes then read as the CJK block the CMap says, not as the
/// document's text: the CMap is what lies) and the file converts in a moment.
#[test]
fn a_tounicode_range_over_every_code_is_cut() {
    let o = convert_within(&[&pdf("hostile/tounicode-bfrange-full.pdf")], 10);
    assert_eq!(o.status.code(), Some(0), "{:?}", stderr_lines(&o));
    let d = &docs(&o)[0];
    let first = d["unparsed"][0]["text"].as_str().expect("text");
    // codes 0001… map from U+4E00 on (the second range, `<0000> <FFFF> <4E00>`)
    assert!(first.starts_with('丁'), "{first}");
    assert!(codes(d).contains(&"pdf.tounicode-clamped"));
}

#[test]
fn a_good_pdf_converts_with_pages_and_page_numbers() {
    let o = convert(&[&pdf("table.pdf")]);
    assert_eq!(o.status.code(), Some(0), "{:?}", stderr_lines(&o));
    let d = &docs(&o)[0];
    assert_eq!(d["source"]["format"], "pdf");
    assert_eq!(d["source"]["pages"], 2);
    assert_eq!(d["municipality"], "つくばみらい市");
    let unparsed = d["unparsed"].as_array().expect("array");
    let first = &unparsed[0];
    assert_eq!(first["page"], 1);
    assert_eq!(first["text"], "番号\t取組項目\t担当課\t進捗");
    assert_eq!(unparsed.last().expect("some")["page"], 2);
}

#[test]
fn hostile_pdfs_in_one_batch_cost_only_themselves() {
    let seed = root()
        .join("fixtures/002_dcc169ed6dd0f002.txt")
        .to_string_lossy()
        .into_owned();
    let hostile = pdf("hostile");
    let good = pdf("table.pdf");
    // The two bombs each inflate 32 MiB in pre-flight, slow in a debug build on a loaded
    // machine: more time than the single files get.
    let o = convert_within(&["-j", "2", &hostile, &good, &seed], 10);
    assert_eq!(o.status.code(), Some(1));
    let lines = stderr_lines(&o);
    assert_eq!(lines.len(), FAILING.len(), "{lines:?}");
    for (name, _) in FAILING {
        let path = pdf(name);
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{path}: "))),
            "{name} missing in {lines:?}"
        );
    }
    assert!(!lines.iter().any(|l| l.contains("panicked")), "{lines:?}");
    // The bomb is defused in pre-flight; the runaway meets the clock (or memory).
    let path = pdf("hostile/bomb.pdf");
    let l = lines.iter().find(|l| l.starts_with(&path)).expect("named");
    assert!(l.contains("decompression bomb"), "{l}");
    let path = pdf("hostile/runaway.pdf");
    let l = lines.iter().find(|l| l.starts_with(&path)).expect("named");
    assert!(l.contains("memory limit") || l.contains("timed out"), "{l}");
    let paths: Vec<String> = docs(&o)
        .iter()
        .map(|d| d["source"]["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(paths.len(), READ.len() + 2, "{paths:?}");
    assert_eq!(paths[paths.len() - 2], good);
    assert_eq!(paths[paths.len() - 1], seed);
}

#[test]
fn the_worker_subcommand_is_hidden() {
    let o = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("--help")
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("__worker"));
}

/// What a grammar read, without where it read it (line numbers differ between a PDF and
/// its text).
fn reading(d: &serde_json::Value) -> serde_json::Value {
    let items: Vec<serde_json::Value> = d["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    serde_json::json!({
                        "id": i["id"], "raw_id": i["raw_id"], "title": i["title"],
                        "department": i["department"], "status": i["status"],
                        "activities": i["activities"].as_array().map(|acts| acts.iter().map(|a| {
                            serde_json::json!({"n": a["n"], "title": a["title"], "status": a["status"]})
                        }).collect::<Vec<_>>()),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "municipality": d["municipality"], "title": d["title"], "period": d["period"],
        "report_year": d["report_year"], "layout": d["layout"], "items": items,
    })
}

/// A PDF of a seed converts to the same document as the seed's text, on every field a
/// grammar fills (the goldens' fields, minus line numbers).
#[test]
fn pdf_of_a_seed_converts_like_its_text() {
    let seed = root()
        .join("fixtures/004_cf9142fe188b5ae8.txt")
        .to_string_lossy()
        .into_owned();
    let text = docs(&convert(&[&seed]));
    for name in [
        "seed/004_cf9142fe188b5ae8.calc.pdf",
        "seed/004_cf9142fe188b5ae8.writer.pdf",
    ] {
        let o = convert_within(&[&pdf(name)], 120);
        assert_eq!(o.status.code(), Some(0), "{name}: {:?}", stderr_lines(&o));
        let d = docs(&o);
        assert_eq!(reading(&d[0]), reading(&text[0]), "{name}");
    }
}

/// Simple-font subsets without ToUnicode whose programs name their glyphs (`uni8A08` in a
/// Type 1 program's encoding, a TrueType `post` table, or the charset and encoding of a
/// bare CFF program) read exactly as the same PDF with its ToUnicode maps
/// (`scripts/make_builtin_encoding_pdfs.py`), with an info naming why.
#[test]
fn subsets_without_tounicode_read_through_their_own_glyph_names() {
    let with = convert_within(
        &[&pdf("wrap/004_cf9142fe188b5ae8.head5.narrow.calc.pdf")],
        60,
    );
    for variant in ["builtin-names", "bare-cff"] {
        let without = convert_within(
            &[&pdf(&format!(
                "cmap/004_cf9142fe188b5ae8.head5.narrow.calc.{variant}.pdf"
            ))],
            60,
        );
        assert_eq!(
            without.status.code(),
            Some(0),
            "{variant}: {:?}",
            stderr_lines(&without)
        );
        let (a, b) = (&docs(&with)[0], &docs(&without)[0]);
        assert_eq!(b["items"].as_array().map(Vec::len), Some(4), "{variant}");
        for key in ["items", "unparsed", "structure", "municipality", "layout"] {
            assert_eq!(a[key], b[key], "{variant}: {key}");
        }
        let codes = codes(b);
        assert!(
            codes.contains(&"pdf.builtin-encoding"),
            "{variant}: {codes:?}"
        );
    }
}

/// Pages drawn on their side and shown upright by `/Rotate` (a landscape sheet stored on
/// a portrait page: `scripts/make_turned_pdfs.py`) read as the pages a viewer shows. Before
/// the turn the 004 sheet read 0 items at a quarter turn (its rows were columns) and 56
/// items with 55 made-up ids upside down.
#[test]
fn pages_drawn_on_their_side_read_as_shown() {
    for (turned, plain, items) in [
        (
            "turned/004_cf9142fe188b5ae8.head6.ipaex.chromium.rotate90.pdf",
            "seed/004_cf9142fe188b5ae8.head6.ipaex.chromium.pdf",
            5,
        ),
        ("turned/table.rotate270.pdf", "table.pdf", 0),
    ] {
        let (a, b) = (
            docs(&convert_within(&[&pdf(plain)], 60)),
            docs(&convert_within(&[&pdf(turned)], 60)),
        );
        assert_eq!(
            b[0]["items"].as_array().map(Vec::len),
            Some(items),
            "{turned}"
        );
        assert_eq!(reading(&b[0]), reading(&a[0]), "{turned}");
        let text = |d: &serde_json::Value| -> Vec<serde_json::Value> {
            d["unparsed"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|u| u["text"].clone())
                .collect()
        };
        assert_eq!(text(&b[0]), text(&a[0]), "{turned}");
        let codes = codes(&b[0]);
        assert!(codes.contains(&"pdf.page-turned"), "{turned}: {codes:?}");
    }
}

/// `--timeout` and `--max-memory` win over the environment.
#[test]
fn limit_flags_override_the_environment() {
    let runaway = pdf("hostile/runaway.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["convert", "-q", "--timeout", "2", "--max-memory", "1024"])
        .arg(&runaway)
        .env("KEIKAKU_PDF_TIMEOUT", "300")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    // The flags, not the environment's 300 s: stopped by the 2 s clock or, in a fast
    // release build, by the 1024 MiB limit first.
    assert!(
        err.contains("timed out after 2 s") || err.contains("memory limit of 1024 MiB"),
        "{err}"
    );
    let zero = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["convert", "-q", "--timeout", "0"])
        .arg(&runaway)
        .output()
        .expect("runs");
    assert_eq!(zero.status.code(), Some(2), "a zero limit is refused");
}

/// LibreOffice Writer's TrueType subsets (renumbered, unnamed glyphs) with every ToUnicode
/// removed read through the installed font they were cut from, matched glyph by glyph by
/// outline; without that font they are the clear error.
#[test]
fn subsets_without_tounicode_read_through_the_installed_font() {
    // Outside fixtures/: without the test font it cannot be read, and `keikaku convert
    // fixtures/` must read everything on any machine.
    let path = root()
        .join("tests/sysfont/004_cf9142fe188b5ae8.head6.ipaex.writer.no-tounicode.pdf")
        .to_string_lossy()
        .into_owned();
    // Its golden (equal to the output of the original PDF with ToUnicode).
    let check = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["check", &path])
        .env("KEIKAKU_FONT_PATH", root().join("tests/fonts"))
        .env("KEIKAKU_SYSTEM_FONTS", "0")
        .output()
        .expect("runs");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let o = convert(&[&path]);
    assert_eq!(o.status.code(), Some(0), "{:?}", stderr_lines(&o));
    let docs = docs(&o);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    // Seed 004, lines 2-6: the five items of the first two headings.
    let items = d["items"].as_array().expect("items");
    let titles: Vec<&str> = items.iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "ふるさと納税の推進",
            "クラウドファンディングの活用",
            "ネーミングライツ制度の導入",
            "広告収入等による新たな財源の確保",
            "未申告指導の推進"
        ]
    );
    assert_eq!(items[0]["department"], "財政課");
    assert_eq!(items[3]["department"], "秘書広報課");
    assert_eq!(items[0]["heading"]["title"], "新たな財源の確保");
    let info = messages(d, "pdf.font-from-system");
    assert_eq!(
        info,
        ["2 font(s) without ToUnicode read through the installed font $KEIKAKU_FONT_PATH/keikaku-test-gothic.ttf"]
    );

    let empty = std::env::temp_dir().join(format!("keikaku-no-fonts-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("temp dir");
    let o = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["convert", "-q", &path])
        .env("KEIKAKU_FONT_PATH", &empty)
        .env("KEIKAKU_SYSTEM_FONTS", "0")
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir(&empty);
    assert_eq!(o.status.code(), Some(1));
    let lines = stderr_lines(&o);
    assert!(lines[0].contains("no ToUnicode"), "{lines:?}");
}

/// A file cut short says so, whatever else failed: a Chromium export cut before its fonts
/// (written last) has pages that cannot be drawn, a Calc export no pages at all; a file
/// that loses only its `%%EOF` still reads, with a warning.
#[test]
fn a_truncated_pdf_is_called_truncated() {
    let dir = std::env::temp_dir().join(format!("keikaku-truncated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cut = |name: &str, keep: &dyn Fn(usize) -> usize| {
        let bytes = std::fs::read(pdf(name)).expect("fixture");
        let out = dir.join(format!("cut-{}", name.replace('/', "-")));
        std::fs::write(&out, &bytes[..keep(bytes.len())]).expect("write");
        out.to_string_lossy().into_owned()
    };
    for name in [
        "wrap/004_cf9142fe188b5ae8.head16.borderless.chromium.pdf",
        "wrap/004_cf9142fe188b5ae8.head5.narrow.calc.pdf",
    ] {
        let path = cut(name, &|n| n / 2);
        let o = convert(&[&path]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let lines = stderr_lines(&o);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(&format!("{path}: damaged PDF: ")),
            "{lines:?}"
        );
        assert!(lines[0].ends_with("(truncated?)"), "{lines:?}");
    }
    let name = "wrap/004_cf9142fe188b5ae8.head16.borderless.chromium.pdf";
    let whole = docs(&convert(&[&pdf(name)]));
    let path = cut(name, &|n| n - "%%EOF\n".len());
    let d = docs(&convert(&[&path]));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(d[0]["items"], whole[0]["items"]);
    assert_eq!(
        messages(&d[0], "pdf.truncated").len(),
        1,
        "{}",
        d[0]["diagnostics"]
    );
}

/// Characters of every JSON string of `d` but `source` and `diagnostics`, whitespace left
/// out, counted.
fn output_chars(d: &serde_json::Value) -> std::collections::HashMap<char, usize> {
    fn walk(v: &serde_json::Value, out: &mut std::collections::HashMap<char, usize>) {
        match v {
            serde_json::Value::String(s) => {
                for c in s.chars().filter(|c| !c.is_whitespace()) {
                    *out.entry(c).or_default() += 1;
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o
                .iter()
                .filter(|(k, _)| *k != "source" && *k != "diagnostics")
                .for_each(|(_, x)| walk(x, out)),
            _ => {}
        }
    }
    let mut out = std::collections::HashMap::new();
    walk(d, &mut out);
    out
}

#[test]
fn cid_and_type3_fonts_without_any_map_read_through_the_installed_font() {
    // Made by scripts/make_cid_sysfont_fixtures.py in the test font: Chromium's CID
    // TrueType subsets (original glyph ids kept) with ToUnicode and the embedded `cmap`
    // removed, horizontal and vertical (vertical forms only the installed font's GSUB
    // names), and a Type3 font with Skia's `g%X` glyph names. Each NAME.txt holds the
    // text the PDF shows; every character of it must be read.
    for name in [
        "chromium-cid-no-cmap.h",
        "chromium-cid-no-cmap.v",
        "skia-type3",
    ] {
        let dir = root().join("tests/sysfont-cid");
        let path = dir
            .join(format!("{name}.pdf"))
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("text");
        let o = convert(&[&path]);
        let read = docs(&o);
        assert_eq!(read.len(), 1, "{name}: {:?}", stderr_lines(&o));
        let got = output_chars(&read[0]);
        let mut want: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            *want.entry(c).or_default() += 1;
        }
        let missing: Vec<(char, usize)> = want
            .iter()
            .filter(|(c, n)| got.get(c).copied().unwrap_or(0) < **n)
            .map(|(&c, &n)| (c, n))
            .collect();
        assert!(missing.is_empty(), "{name}: not read {missing:?}");
        let info = messages(&read[0], "pdf.font-from-system");
        assert_eq!(
            info,
            ["1 font(s) without ToUnicode read through the installed font $KEIKAKU_FONT_PATH/keikaku-test-gothic.ttf"],
            "{name}"
        );

        // Without the font nothing says what the glyphs are: an error, not gibberish.
        let empty =
            std::env::temp_dir().join(format!("keikaku-no-fonts-cid-{}", std::process::id()));
        std::fs::create_dir_all(&empty).expect("temp dir");
        let o = Command::new(env!("CARGO_BIN_EXE_keikaku"))
            .args(["convert", "-q", &path])
            .env("KEIKAKU_FONT_PATH", &empty)
            .env("KEIKAKU_SYSTEM_FONTS", "0")
            .output()
            .expect("runs");
        let _ = std::fs::remove_dir(&empty);
        if name == "skia-type3" {
            // Type3 glyphs without meaning are reported per page and read as nothing.
            let read = docs(&o);
            assert_eq!(read.len(), 1, "{name}");
            assert!(output_chars(&read[0]).keys().all(|c| !want.contains_key(c)));
            assert!(codes(&read[0]).contains(&"pdf.type3-unreadable"));
        } else {
            assert_eq!(o.status.code(), Some(1), "{name}");
            let lines = stderr_lines(&o);
            assert!(lines[0].contains("no ToUnicode"), "{name}: {lines:?}");
        }
    }
}

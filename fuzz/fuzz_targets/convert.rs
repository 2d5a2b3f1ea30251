//! The whole text pipeline (decode, load, grammar dispatcher, assembly) on arbitrary bytes:
//! never panics, the output serialises to valid JSON, and every line it names exists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // PDF bytes go to the `pdf` target; here the text path only.
    if keikaku_loader::is_pdf(data) {
        return;
    }
    let Ok(doc) = keikaku_model::convert("fuzz.txt", data) else {
        return;
    };
    let json = serde_json::to_string(&doc).expect("output serialises");
    let _: serde_json::Value = serde_json::from_str(&json).expect("output is valid JSON");
    let lines = doc.source.lines;
    for d in &doc.diagnostics {
        if let Some(l) = d.line {
            assert!(l >= 1 && l <= lines, "diagnostic line {l} of {lines}");
        }
    }
    for u in &doc.unparsed {
        assert!(u.line >= 1 && u.line <= lines, "unparsed line {} of {lines}", u.line);
    }
    for r in doc.structure.iter().chain(&doc.meta_source) {
        assert!(
            r.from >= 1 && r.from <= r.to && r.to <= lines,
            "range {}-{} of {lines}",
            r.from,
            r.to
        );
    }
});

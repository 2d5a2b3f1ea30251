//! The JSON writer against serde_json on every text fixture, compact and pretty.

use std::path::Path;

#[test]
fn fixtures_render_as_serde_json_renders_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    for dir in std::iter::once(root.clone()).chain(
        std::fs::read_dir(root.join("variants"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    ) {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() && p.extension().is_some_and(|x| x != "pdf" && x != "json") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 20, "{files:?}");
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy();
        let Ok(doc) = keikaku_model::convert(&name, &bytes) else {
            continue;
        };
        let mut ours = Vec::new();
        keikaku_emit::jsonl(&doc, &mut ours).unwrap();
        let mut want = serde_json::to_vec(&doc).unwrap();
        want.push(b'\n');
        assert!(ours == want, "{}", p.display());
        let mut ours = Vec::new();
        keikaku_emit::json_pretty(&doc, &mut ours).unwrap();
        let mut want = serde_json::to_vec_pretty(&doc).unwrap();
        want.push(b'\n');
        assert!(ours == want, "{} (pretty)", p.display());
    }
}

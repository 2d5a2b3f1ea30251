//! The 200 MiB Flate bomb (tests/hostile/pdf/bomb-200mb.pdf, 200 KB on disk, made by
//! scripts/make_test_pdfs.py): page 1 a good table, page 2 one content stream of 200 MiB of
//! spaces. The whole conversion must stay far under 512 MB and keep page 1.
//!
//! `bomb-objstm.pdf` hides the same padding in an object stream.
//!
//! Alone in its own test binary: the peak memory of children is per process, so no other
//! test's worker may run beside it.

use std::path::PathBuf;
use std::process::Command;

/// `keikaku convert -q` of a file in tests/hostile/pdf.
fn convert_hostile(name: &str) -> std::process::Output {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/hostile/pdf")
        .join(name);
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("convert")
        .arg("-q")
        .arg(&path)
        .output()
        .expect("runs")
}

#[test]
fn the_200_mib_bomb_is_dropped_with_a_warning_and_little_memory() {
    let o = convert_hostile("bomb-200mb.pdf");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(d["source"]["pages"], 2);
    // Page 1 is read as usual (its title line and the table's header row).
    assert_eq!(d["municipality"], "つくばみらい市");
    let unparsed = d["unparsed"].as_array().expect("array");
    assert!(
        unparsed
            .iter()
            .any(|u| u["page"] == 1 && u["text"] == "番号\t取組項目\t担当課\t進捗"),
        "{unparsed:?}"
    );
    let bombs: Vec<&serde_json::Value> = d["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|x| x["code"] == "pdf.bomb")
        .collect();
    assert_eq!(bombs.len(), 1, "{bombs:?}");
    assert_eq!(bombs[0]["severity"], "warning");
    assert_eq!(bombs[0]["page"], 2);
    let msg = bombs[0]["message"].as_str().unwrap_or_default();
    assert!(msg.starts_with("page 2: "), "{msg}");
    assert!(msg.contains("decompression bomb"), "{msg}");

    // The same padding inside an object stream, which lopdf inflates while loading.
    let o = convert_hostile("bomb-objstm.pdf");
    assert_eq!(o.status.code(), Some(0));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(d["municipality"], "つくばみらい市");
    let bomb = d["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|x| x["code"] == "pdf.bomb")
        .expect("warned");
    let msg = bomb["message"].as_str().unwrap_or_default();
    assert!(
        msg.starts_with("an object stream (object 9 0) inflates past 64 MiB"),
        "{msg}"
    );

    #[cfg(target_os = "linux")]
    {
        // The largest RSS among waited-for descendants: keikaku and its PDF worker.
        // SAFETY: getrusage only writes the struct it is given.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
        assert_eq!(rc, 0);
        let peak_kb = ru.ru_maxrss;
        assert!(peak_kb > 0);
        assert!(peak_kb < 512 * 1024, "peak {peak_kb} KB");
    }
}

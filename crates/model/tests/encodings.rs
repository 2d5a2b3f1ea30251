//! Re-encodings of the seeds read exactly like their UTF-8 originals and name their encoding.

use std::path::Path;

use encoding_rs::{EUC_JP, ISO_2022_JP, SHIFT_JIS};
use serde_json::Value;

const SEEDS: [&str; 5] = [
    "000_10e1818db76866b3.txt",
    "001_f322297bbe860da5.txt",
    "002_dcc169ed6dd0f002.txt",
    "003_958463c6e2069eab.txt",
    "004_cf9142fe188b5ae8.txt",
];

fn seed_text(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    std::fs::read_to_string(p).expect("seed is UTF-8")
}

/// The document as JSON without `source` (which names the encoding and hashes the bytes).
fn reading(bytes: &[u8]) -> (Value, Value) {
    let doc = keikaku_model::convert("x", bytes).expect("converts");
    let mut v = serde_json::to_value(&doc).unwrap();
    let source = v.as_object_mut().unwrap().remove("source").unwrap();
    (v, source)
}

/// The text without the characters an encoding cannot represent (the seeds hold a few
/// simplified-Chinese glyphs that Shift_JIS lacks).
fn representable(text: &str, enc: &'static encoding_rs::Encoding) -> String {
    text.chars()
        .filter(|c| {
            let mut b = [0u8; 4];
            !enc.encode(c.encode_utf8(&mut b)).2
        })
        .collect()
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

#[test]
fn legacy_encodings_read_like_utf8() {
    for name in SEEDS {
        let text = seed_text(name);
        for (enc, label) in [
            (SHIFT_JIS, "Shift_JIS"),
            (EUC_JP, "EUC-JP"),
            (ISO_2022_JP, "ISO-2022-JP"),
        ] {
            let t = representable(&text, enc);
            let (want, _) = reading(t.as_bytes());
            let (bytes, _, errors) = enc.encode(&t);
            assert!(!errors);
            let (got, source) = reading(&bytes);
            assert_eq!(source["encoding"], label, "{name}");
            assert!(want == got, "{name} in {label} reads differently");
        }
    }
}

#[test]
fn utf16_bom_and_crlf_read_like_utf8() {
    for name in SEEDS {
        let text = seed_text(name);
        let (want, _) = reading(text.as_bytes());
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(utf16(&text, true));
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (utf16(&text, true), "UTF-16LE"),
            (utf16(&text, false), "UTF-16BE"),
            (le_bom, "UTF-16LE"),
            (bom, "UTF-8 BOM"),
            (text.replace('\n', "\r\n").into_bytes(), "UTF-8"),
            (text.replace('\n', "\r").into_bytes(), "UTF-8"),
        ];
        for (bytes, label) in cases {
            let (got, source) = reading(&bytes);
            assert_eq!(source["encoding"], label, "{name}");
            assert!(want == got, "{name} as {label} reads differently");
        }
    }
}

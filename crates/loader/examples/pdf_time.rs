//! Time pdf-extract's own `extract_text` against keikaku's extraction and layout on one
//! file: `pdf_time FILE`.

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_time FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("readable file");
    let t = Instant::now();
    let plain = pdf_extract::extract_text_from_mem(&bytes).map(|s| s.len());
    let a = t.elapsed();
    let t = Instant::now();
    let ours = keikaku_loader::pdf::extract(&bytes, &mut |_| {}).map(|e| e.rows.len());
    let b = t.elapsed();
    println!(
        "pdf-extract extract_text: {a:?} ({plain:?} bytes); keikaku extract: {b:?} ({ours:?} rows)"
    );
}

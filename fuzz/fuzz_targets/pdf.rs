//! The PDF loader in-process (production isolates it in a worker process with limits):
//! arbitrary bytes behind a PDF header must give a document or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Vec::with_capacity(data.len() + 9);
    if !keikaku_loader::is_pdf(data) {
        bytes.extend_from_slice(b"%PDF-1.4\n");
    }
    bytes.extend_from_slice(data);
    if let Ok(doc) = keikaku_loader::load(&bytes) {
        for line in &doc.lines {
            assert!(line.no as usize <= doc.source_lines.len());
        }
    }
});

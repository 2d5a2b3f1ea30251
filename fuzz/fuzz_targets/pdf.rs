//! The PDF loader in-process (production isolates it in a worker process with limits):
//! arbitrary bytes behind a PDF header must give a document or an error, never a panic
//! that escapes the loader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The loader catches panics of the PDF libraries per page (`pdf-extract` panics on
        // a missing object reference) and reports them as errors, as the binary does.
        // libfuzzer-sys's hook would abort on those caught panics too; a panic that escapes
        // the loader still aborts (libfuzzer-sys catches it around this target).
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
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
    }
);

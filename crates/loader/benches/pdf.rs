//! Positioned PDF extraction (pre-flight, pdf-extract through the output device, layout
//! into rows) in pages per second, in-process: the fixture PDFs one by one and, when
//! `scripts/make_bench_pdfs.py` has made them, the 160-page benchmark PDFs.
//!
//! `cargo bench -p keikaku-loader --bench pdf` (add `-- --quick` for a fast look).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn extraction(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = pdfs(&root.join("fixtures/pdf/seed"));
    let large = pdfs(&root.join("target/bench-pdf"));
    files.extend(large.iter().cloned());
    let mut g = c.benchmark_group("pdf");
    for path in &files {
        let bytes = std::fs::read(path).expect("readable PDF");
        let pages = match keikaku_loader::pdf::extract(&bytes, &mut |_| {}) {
            Ok(ex) => ex.pages,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if large.contains(path) {
            g.sample_size(10);
        }
        g.throughput(Throughput::Elements(u64::from(pages)));
        g.bench_function(format!("extract {name}"), |b| {
            b.iter(|| std::hint::black_box(keikaku_loader::pdf::extract(&bytes, &mut |_| {}).ok()))
        });
    }
    g.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);

//! Positioned PDF extraction (pre-flight, pdf-extract through the output device, layout
//! into rows) in pages per second, in-process: the fixture PDFs one by one and, when
//! `scripts/make_bench_pdfs.py` has made them, the 160-page benchmark PDFs.
//!
//! Also documents of 500 to 4,000 one-line pages read page by page (their pages disagree
//! on what `/F1` is, so they cannot share one run): pages per second must not fall as the
//! page count grows.
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

/// `n` pages whose `/F1` alternates between two fonts, as a PDF file.
fn page_by_page(n: usize) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let fonts = ["Helvetica", "Courier"].map(|base| {
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => base })
    });
    let mut kids = Vec::with_capacity(n);
    for i in 0..n {
        let content = doc.add_object(Stream::new(
            dictionary! {},
            format!("BT /F1 12 Tf 72 700 Td (Page {i}) Tj ET").into_bytes(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => fonts[i % 2] } },
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => n as i64, "Kids" => kids }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("in memory");
    out
}

fn many_pages(c: &mut Criterion) {
    let mut g = c.benchmark_group("pdf page by page");
    g.sample_size(10);
    for n in [500, 1000, 2000, 4000] {
        let bytes = page_by_page(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("{n} pages"), |b| {
            b.iter(|| std::hint::black_box(keikaku_loader::pdf::extract(&bytes, &mut |_| {}).ok()))
        });
    }
    g.finish();
}

criterion_group!(benches, extraction, many_pages);
criterion_main!(benches);

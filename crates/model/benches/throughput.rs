//! Throughput of each stage on the fixture documents, and scaling on pathological inputs
//! (1..N): time per byte must stay flat as N grows, or something is super-linear.
//!
//! `cargo bench -p keikaku-model` (add `-- --quick` for a fast look).

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("fixtures folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read(&p).expect("readable fixture"))
        })
        .collect();
    out.sort();
    out
}

fn stages(c: &mut Criterion) {
    let docs = fixtures();
    let total: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut g = c.benchmark_group("fixtures");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("load (decode + normalise)", |b| {
        b.iter(|| {
            for (_, bytes) in &docs {
                std::hint::black_box(keikaku_loader::load(bytes).ok());
            }
        })
    });
    let loaded: Vec<_> = docs
        .iter()
        .filter_map(|(_, b)| keikaku_loader::load(b).ok())
        .collect();
    g.bench_function("grammar (all layouts)", |b| {
        b.iter(|| {
            for d in &loaded {
                std::hint::black_box(keikaku_grammar::parse(d));
            }
        })
    });
    g.bench_function("end to end + JSON", |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                if let Ok(doc) = keikaku_model::convert(name, bytes) {
                    std::hint::black_box(serde_json::to_vec(&doc).ok());
                }
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("per layout");
    for (name, bytes) in &docs {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| std::hint::black_box(keikaku_model::convert(name, bytes).ok()))
        });
    }
    g.finish();
}

/// Makes an input of about the given size in bytes.
type Maker = Box<dyn Fn(usize) -> String>;

/// Inputs that would expose quadratic behaviour, at sizes 1, 4 and 16 units.
fn pathological(c: &mut Criterion) {
    let unit = 64 * 1024;
    let cases: Vec<(&str, Maker)> = vec![
        (
            "long line",
            Box::new(|n| "実施項目、あいうえお漢字".repeat(n / 30)),
        ),
        (
            "deep html",
            Box::new(|n| {
                let k = n / 30;
                "<table><tr><td>".repeat(k) + "x" + &"</td></tr></table>".repeat(k)
            }),
        ),
        ("tiny cells", Box::new(|n| "a\t".repeat(n / 2))),
        (
            "many items",
            Box::new(|n| {
                "項目No.\t取組項目\t担当部署\t内容、進め方\tR 2 計画概要\tR 2 実施内容\t実施過程での新たな問題・課題\t次年度の方針\t進捗区分\n".to_string()
                + &"I 1 (1) 見出し\t① 取組\t財政課\t内容\t計画\t実施\t課題\t方針\t計画どおり\n".repeat(n / 120)
            }),
        ),
        (
            "many lines",
            Box::new(|n| "実施項目\t定員管理\n".repeat(n / 24)),
        ),
    ];
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    for (name, make) in &cases {
        for scale in [1usize, 4, 16] {
            let input = make(unit * scale);
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_with_input(BenchmarkId::new(*name, scale), &input, |b, input| {
                b.iter(|| std::hint::black_box(keikaku_model::convert("x", input.as_bytes()).ok()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, stages, pathological);
criterion_main!(benches);

//! Per-stage benchmark (criterion), one thread: read+repair, parse to IR,
//! offline lint, each backend's render, and the comrak floor, over every
//! Markdown file of `QBANK_BENCH_CORPUS` (default content/). `make bench` runs
//! it through bench/run.py, which turns the medians into MB/s and questions/s.

#[path = "support/floor.rs"]
mod floor;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use qbank::export::{Selection, by_name};
use qbank::parse::parse;
use qbank::source::Source;

fn corpus() -> Vec<PathBuf> {
    let dir = std::env::var("QBANK_BENCH_CORPUS").unwrap_or_else(|_| "content".into());
    let files = qbank::source::markdown_files_in(std::path::Path::new(&dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"));
    assert!(!files.is_empty(), "{dir} has no Markdown files");
    files
}

fn stages(c: &mut Criterion) {
    // One thread: the stages' own cost, without the scheduling of a build.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("the first thread pool");
    let files = corpus();
    let read = || -> Vec<Source> {
        files
            .iter()
            .map(|f| Source::read(f, u64::MAX).expect("a readable bank"))
            .collect()
    };
    let sources = read();
    let documents: Vec<_> = sources.iter().map(|s| parse(s).document).collect();
    let dedented: Vec<String> = sources
        .iter()
        .map(|s| floor::dedent_admonitions(&s.text))
        .collect();
    let options = floor::options();

    let mut group = c.benchmark_group("stages");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("comrak-floor", |b| {
        b.iter(|| {
            dedented
                .iter()
                .map(|text| floor::parse_and_render(text, &options))
                .sum::<usize>()
        })
    });
    group.bench_function("read+repair", |b| b.iter(read));
    group.bench_function("parse", |b| {
        b.iter(|| sources.iter().for_each(|s| drop(black_box(parse(s)))))
    });
    group.bench_function("lint", |b| {
        let config = qbank::lint::config::Config::default();
        b.iter(|| qbank::lint::lint(&files, &config, None).expect("lint runs"))
    });
    for name in ["json", "anki", "html", "epub", "pdf"] {
        let backend = by_name(name).expect("a registered backend");
        group.bench_function(name, |b| {
            b.iter(|| {
                documents
                    .iter()
                    .map(|d| {
                        backend
                            .render(d, &Selection::default())
                            .expect("renders")
                            .bytes
                            .len()
                    })
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

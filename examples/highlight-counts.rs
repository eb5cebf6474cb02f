//! Highlighted code blocks per language in the banks given (files or
//! directories), with their bytes and the time highlighting them took on one
//! thread, uncached: `cargo run --release --example highlight-counts -- DIR`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    if std::env::var_os("COMPILE_TIMES").is_some() {
        for lang in qbank::highlight::Lang::ALL {
            let started = Instant::now();
            let _ = lang.config();
            println!(
                "  query compile {:12} {:.1} ms",
                lang.name(),
                started.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut elapsed = 0.0;
    let mut banks = 0;
    for arg in std::env::args_os().skip(1) {
        let arg = Path::new(&arg);
        let files = if arg.is_file() {
            vec![arg.to_path_buf()]
        } else {
            qbank::source::markdown_files_in(arg)?
        };
        for file in files {
            let source = qbank::source::Source::read(&file, u64::MAX)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            let parsed = qbank::parse::parse(&source);
            let started = Instant::now();
            let highlights = qbank::highlight::document(&parsed.document, None);
            elapsed += started.elapsed().as_secs_f64();
            banks += 1;
            for (lang, n) in highlights.per_language() {
                *counts.entry(lang.name()).or_default() += n;
            }
        }
    }
    let total: usize = counts.values().sum();
    println!(
        "{banks} banks, {total} highlighted blocks (distinct per bank), {:.1} ms",
        elapsed * 1e3
    );
    for (lang, n) in counts {
        println!("  {lang:12} {n}");
    }
    Ok(())
}

//! Highlighting across backends: the forms a highlighted block takes (HTML
//! classes, Anki inline styles), that the JSON stays plain, that
//! `--no-highlight` turns it off, and that outputs are byte-identical with a
//! fresh, a warm or a damaged cache and with one thread or two.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use qbank::highlight::{self, Highlights};
use qbank::ir::Block;
use qbank::render::html::{self, CodeStyle};

/// The SQL block of the fixture, and its document's highlights.
fn sql_block() -> (Vec<Block>, Highlights) {
    let parsed = common::parse_file(&common::fixture("highlight.md"));
    let highlights = highlight::document(&parsed.document, None);
    let answer = parsed.document.questions[0].answer.as_ref().unwrap();
    let block = answer
        .blocks
        .iter()
        .find(|b| matches!(b, Block::Code { language: Some(l), .. } if l == "sql"))
        .unwrap()
        .clone();
    (vec![block], highlights)
}

#[test]
fn a_highlighted_block_in_html_and_anki() {
    let (blocks, highlights) = sql_block();
    let classes = html::blocks_with(
        &blocks,
        html::Options {
            code: CodeStyle::Classes(&highlights),
            ..html::Options::default()
        },
    );
    insta::assert_snapshot!("sql_block_html", classes);
    let inline = html::blocks_with(
        &blocks,
        html::Options {
            code: CodeStyle::Inline(&highlights),
            ..html::Options::default()
        },
    );
    insta::assert_snapshot!("sql_block_anki", inline);
    // The JSON's form: plain, as before.
    let plain = html::blocks(&blocks);
    assert!(!plain.contains("<span"), "{plain}");
}

#[test]
fn per_language_counts_cover_the_fixture() {
    let parsed = common::parse_file(&common::fixture("highlight.md"));
    let highlights = highlight::document(&parsed.document, None);
    let counts: Vec<_> = highlights
        .per_language()
        .into_iter()
        .map(|(l, n)| (l.name(), n))
        .collect();
    assert_eq!(counts, [("python", 2), ("sql", 1), ("bash", 1)]);
}

fn build(dir: &Path, out: &Path, cache: &Path, threads: &str, extra: &[&str]) {
    Command::cargo_bin("qbank")
        .unwrap()
        .env("QBANK_CACHE_DIR", cache)
        .env("RAYON_NUM_THREADS", threads)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["build", "--formats", "json,anki,html,epub", "-o"])
        .arg(out)
        .arg(dir)
        .args(extra)
        .assert()
        .success();
}

fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn outputs_do_not_depend_on_the_cache_or_threads() {
    let banks = tempfile::tempdir().unwrap();
    for name in ["highlight.md", "anki-roundtrip.md", "book-edge-cases.md"] {
        std::fs::copy(common::fixture(name), banks.path().join(name)).unwrap();
    }
    std::fs::copy(
        common::root().join("content/python.md"),
        banks.path().join("python.md"),
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let runs: Vec<BTreeMap<String, Vec<u8>>> =
        [("1", false), ("2", false), ("2", true), ("1", false)]
            .iter()
            .map(|(threads, damage)| {
                if *damage {
                    damage_cache(cache.path());
                }
                let out = tempfile::tempdir().unwrap();
                build(banks.path(), out.path(), cache.path(), threads, &[]);
                outputs(out.path())
            })
            .collect();
    assert!(runs[0].len() >= 12, "{:?}", runs[0].keys());
    for (i, run) in runs.iter().enumerate().skip(1) {
        for (name, bytes) in &runs[0] {
            assert!(run[name] == *bytes, "run {i}: {name} differs");
        }
    }
    let html = String::from_utf8(runs[0]["highlight.html"].clone()).unwrap();
    assert!(html.contains("<span class=\"hl-k\">def</span>"), "coloured");
    // Without highlighting: code plain, the JSON unchanged.
    let out = tempfile::tempdir().unwrap();
    build(
        banks.path(),
        out.path(),
        cache.path(),
        "2",
        &["--no-highlight"],
    );
    let plain = outputs(out.path());
    let html = String::from_utf8(plain["highlight.html"].clone()).unwrap();
    assert!(
        !html.contains("<span class=\"hl-"),
        "no colours with --no-highlight"
    );
    assert!(html.contains("<span class=\"line\">"), "lines still");
    assert!(plain["highlight.json"] == runs[0]["highlight.json"]);
    assert!(plain["python.json"] == runs[0]["python.json"]);
}

/// Flips a byte in every other cache entry and empties the rest.
fn damage_cache(dir: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "the first build filled the cache");
    for (i, file) in files.iter().enumerate() {
        let mut bytes = std::fs::read(file).unwrap();
        if i % 2 == 0 && bytes.len() > 50 {
            bytes[45] ^= 0x55;
        } else {
            bytes.clear();
        }
        std::fs::write(file, bytes).unwrap();
    }
}

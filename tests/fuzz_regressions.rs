//! What fuzzing found, kept: every file in tests/fixtures/fuzz (the crashing
//! inputs as libFuzzer saved them, and hand-made minimal forms) goes through
//! the read stage, the parser and every backend, and must give a result.

mod common;

use qbank::export::{Selection, registry};
use qbank::parse::parse;
use qbank::source::Source;

fn fuzz_fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(common::fixture("fuzz"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_crasher_now_gives_a_result_in_every_backend() {
    let files = fuzz_fixtures();
    assert!(files.len() >= 4, "{files:?}");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&file).unwrap();
        let Ok(src) = Source::from_bytes(name.clone(), &bytes) else {
            continue;
        };
        assert!(!src.text.starts_with('\u{FEFF}'), "{name}: a BOM survived");
        let parsed = parse(&src);
        for backend in registry() {
            // An error is a result; a panic fails the test.
            let _ = backend.render(&parsed.document, &Selection::default());
        }
    }
}

#[test]
fn metadata_and_company_headings_never_slice_inside_a_character() {
    let bytes = std::fs::read(common::fixture("fuzz/metadata-char-boundary-min.md")).unwrap();
    let parsed = common::parse_bytes("min.md", &bytes);
    // The broken field names make neither line metadata, so the heading and
    // its answer stay a section; nothing is read from inside the emoji.
    let headings: Vec<_> = parsed
        .document
        .sections
        .iter()
        .map(|s| s.heading.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        headings,
        [
            "Q?",
            "Questions asked at Goo\u{212A}gle Interview",
            "Questions As\u{212A}ed in Meta Interviews"
        ]
    );
}

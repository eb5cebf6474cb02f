//! Robustness on the real banks in ../shared/corpus (or $QBANK_CORPUS): every
//! bank parses, the same way twice, and every question-shaped heading becomes
//! a question. The corpus is not shipped with the project: in a user's clone
//! these tests check nothing (run `cargo test -- --nocapture` to see the note);
//! in CI (`CI` set) a missing corpus fails them.

mod common;

use std::path::PathBuf;

use common::parse_file;
use qbank::ir::Kind;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("QBANK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join("../shared/corpus"));
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the corpus tests: no corpus at {}",
            dir.display()
        );
        eprintln!("note: no corpus at {}; nothing checked", dir.display());
        return None;
    }
    Some(dir)
}

/// `###`/`####` headings at the left edge, outside fenced code.
fn question_headings(text: &str) -> usize {
    let mut in_fence = false;
    text.lines()
        .filter(|line| {
            if line.starts_with("```") {
                in_fence = !in_fence;
            }
            !in_fence && (line.starts_with("### ") || line.starts_with("#### "))
        })
        .count()
}

#[test]
fn every_bank_parses_and_every_question_heading_is_a_question() {
    let Some(dir) = corpus() else {
        return;
    };
    let mut banks: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    banks.sort();
    assert!(!banks.is_empty());
    for bank in banks {
        let text = std::fs::read_to_string(&bank).unwrap();
        let doc = parse_file(&bank).document;
        // Parsing is a function of the bytes: a second parse in the same process
        // (fresh hash seeds) gives the same document.
        assert!(
            doc == parse_file(&bank).document,
            "{} parses differently twice",
            bank.display()
        );
        let headed =
            doc.questions_of(Kind::Premium).count() + doc.questions_of(Kind::CodeExample).count();
        assert_eq!(headed, question_headings(&text), "{}", bank.display());
        assert!(
            doc.questions_of(Kind::Reference).count() >= 30,
            "{}",
            bank.display()
        );
        for q in doc.questions_of(Kind::Premium) {
            assert!(
                q.answer.is_some(),
                "{}:{} has no answer",
                bank.display(),
                q.line
            );
        }
    }
}

#[test]
fn the_one_line_answer_in_python_md_is_confined() {
    let Some(dir) = corpus() else {
        return;
    };
    let bank = dir.join("Python.md");
    if !bank.is_file() {
        return;
    }
    let doc = parse_file(&bank).document;
    let broken = doc
        .questions
        .iter()
        .find(|q| q.line == 1454)
        .expect("question at 1454");
    assert!(
        broken.insight.is_none(),
        "its insight is inside the literal-\\n line"
    );
    let next = doc
        .questions
        .iter()
        .find(|q| q.line == 1510)
        .expect("question at 1510");
    assert!(next.title.starts_with("What Are Python Generators?"));
    assert!(next.insight.is_some());
}

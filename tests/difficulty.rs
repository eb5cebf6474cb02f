//! Difficulties as banks write them ("Very Hard", "Easy-Medium"): the IR
//! keeps the written label beside its nearest level, and every backend shows
//! the label; an unknown one is a lint finding and has no level.

mod common;

use std::path::Path;

use assert_cmd::Command as Qbank;
use common::fixture;
use common::poppler::poppler;

fn build(out: &Path) {
    Qbank::cargo_bin("qbank")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .args(["build"])
        .arg(fixture("difficulty-labels.md"))
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn written_labels_reach_json_anki_html_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("difficulty-labels.json")).unwrap())
            .unwrap();
    let questions = json["questions"].as_array().unwrap();
    let by_title = |title: &str| {
        questions
            .iter()
            .find(|q| q["title"].as_str().unwrap().contains(title))
            .unwrap_or_else(|| panic!("no {title}"))
    };
    for (title, level, label) in [
        ("Median of Two Sorted", "hard", "Very Hard"),
        ("Hash Map", "medium", "Easy-Medium"),
        ("Stack", "easy", "Easy"),
        ("Regular Expression", "hard", "Very Hard"),
    ] {
        let q = by_title(title);
        assert_eq!(q["difficulty"], level, "{title}");
        assert_eq!(q["difficulty_label"], label, "{title}");
    }
    let monad = by_title("Monad");
    assert!(monad["difficulty"].is_null());
    assert_eq!(monad["difficulty_label"], "Impossible");

    let deck = std::fs::read_to_string(dir.path().join("difficulty-labels.anki.csv")).unwrap();
    assert!(deck.contains("qbank::difficulty::very-hard"), "{deck}");
    assert!(deck.contains("qbank::difficulty::easy-medium"), "{deck}");

    let html = std::fs::read_to_string(dir.path().join("difficulty-labels.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let dd = scraper::Selector::parse("dl.meta dd.difficulty").unwrap();
    let shown: Vec<String> = page.select(&dd).map(|e| e.text().collect()).collect();
    assert!(shown.contains(&"Very Hard".to_owned()), "{shown:?}");
    assert!(shown.contains(&"Easy-Medium".to_owned()), "{shown:?}");
    let cells = scraper::Selector::parse("td[data-label=Difficulty]").unwrap();
    let rows: Vec<String> = page.select(&cells).map(|e| e.text().collect()).collect();
    assert_eq!(rows, ["Very Hard", "Easy"]);

    let text = poppler("pdftotext", &[], &dir.path().join("difficulty-labels.pdf"));
    for label in ["VERY HARD", "EASY-MEDIUM", "IMPOSSIBLE"] {
        assert!(text.contains(label), "{label} not in the PDF");
    }
}

#[test]
fn an_unknown_label_is_a_finding_and_a_known_one_is_not() {
    let output = Qbank::cargo_bin("qbank")
        .unwrap()
        .args(["lint", "--format", "json"])
        .arg(fixture("difficulty-labels.md"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let difficulty: Vec<u64> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "difficulty")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    // Only "Impossible" (line 28): Very Hard and Easy-Medium are levels.
    assert_eq!(difficulty, [28]);
}

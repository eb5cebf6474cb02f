//! Math in every export, from tests/fixtures/math.md: MathML with its TeX in
//! the HTML page and the EPUB (which epubcheck accepts), readable text in
//! titles and the contents, `\(…\)` for Anki and the JSON's `html` fields,
//! the TeX in a marked element where it cannot be typeset, and question ids
//! made from the TeX as before.

mod common;

use assert_cmd::Command as Qbank;
use common::{assert_epubcheck_clean, assert_inert, fixture, parse_xml};

#[allow(deprecated)] // cargo_bin: the replacement macro needs a newer assert_cmd API
fn export(format: &str, extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("out.{format}"));
    Qbank::cargo_bin("qbank")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .args(["export", format])
        .arg(fixture("math.md"))
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    std::fs::read(&out).unwrap()
}

fn page() -> String {
    String::from_utf8(export("html", &[])).unwrap()
}

#[test]
fn the_page_carries_mathml_with_the_tex() {
    let html = page();
    let document = parse_xml(&html);
    assert_inert(&document, "math.html");
    const MATHML: &str = "http://www.w3.org/1998/Math/MathML";
    let maths: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name((MATHML, "math")))
        .collect();
    // Two in titles, fourteen in answers and insights; one falls back.
    assert_eq!(maths.len(), 16, "{html}");
    for math in &maths {
        let annotation = math
            .descendants()
            .find(|n| n.has_tag_name((MATHML, "annotation")))
            .expect("every formula keeps its TeX");
        assert_eq!(annotation.attribute("encoding"), Some("application/x-tex"));
    }
    let displayed = maths
        .iter()
        .filter(|m| m.attribute("display") == Some("block"))
        .count();
    assert_eq!(displayed, 3);
    // The failures show their TeX, marked, with the reason on hover.
    let failed: Vec<_> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("math-error inline"))
        .collect();
    assert_eq!(failed.len(), 1, "{html}");
    assert_eq!(
        failed[0].text(),
        Some(r"P(A) = \frac{\text{favorable}{\text{total}}")
    );
    assert!(
        failed[0]
            .attribute("title")
            .unwrap()
            .starts_with("not typeset: ")
    );
    // Currency and code are not math.
    assert!(html.contains("a coffee costs $5 and a sandwich $10."));
    assert!(html.contains("<code>$x$</code>"));
    // The contents and the title bar read the math as text.
    assert!(
        html.contains(">1. What is 𝔼[X] for X ∼ N(μ, σ²)?</a>"),
        "{html}"
    );
}

#[test]
fn a_question_renders_as_recorded() {
    let html = page();
    let start = html.find("<section class=\"question\"").unwrap();
    let end = start + html[start..].find("</section>").unwrap();
    insta::assert_snapshot!("math_question", &html[start..end]);
}

#[test]
fn the_book_declares_mathml_and_passes_epubcheck() {
    let bytes = export("epub", &[]);
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("math.epub");
    std::fs::write(&book, &bytes).unwrap();
    assert_epubcheck_clean(&book);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let package = read("EPUB/package.opf");
    let nav = read("EPUB/nav.xhtml");
    assert!(!nav.contains("<math"), "the navigation is text: {nav}");
    assert!(nav.contains("Why is x ∈ ℝⁿ a vector?"), "{nav}");
    assert!(
        package.contains(
            r#"href="text/math_01.xhtml" media-type="application/xhtml+xml" properties="mathml""#
        ),
        "{package}"
    );
    assert!(
        package.contains(r#"href="text/math.xhtml" media-type="application/xhtml+xml" />"#),
        "the title page has no math: {package}"
    );
}

#[test]
fn json_titles_read_as_text_and_ids_keep_the_tex() {
    let json: serde_json::Value = serde_json::from_slice(&export("json", &[])).unwrap();
    let question = &json["questions"][0];
    assert_eq!(
        question["id"],
        "math/what-is-mathbb-e-x-for-x-sim-n-mu-sigma-2"
    );
    assert_eq!(question["title"], "What is 𝔼[X] for X ∼ N(μ, σ²)?");
    let answer = question["answer"]["html"].as_str().unwrap();
    assert!(
        answer.contains(r#"<span class="math inline">\(\mu\)</span>"#),
        "{answer}"
    );
    assert!(!answer.contains("<math"), "{answer}");
}

#[test]
fn anki_keeps_tex_for_mathjax() {
    let deck = String::from_utf8(export("anki", &[])).unwrap();
    assert!(deck.contains(r"\[") && deck.contains(r"\(\mu\)"), "{deck}");
    assert!(!deck.contains("<math"));
}

#[test]
#[allow(deprecated)] // cargo_bin, as above
fn formulas_too_deep_to_typeset_are_refused_not_a_crash() {
    let deep = "{".repeat(20_000) + "x" + &"}".repeat(20_000);
    let run = r"\sqrt".repeat(20_000) + "x";
    let bank = format!(
        "# Deep\n\n## Premium Interview Questions\n\n### What is ${deep}$?\n\n\
         **Difficulty:** 🟡 Medium | **Tags:** `A` | **Asked by:** Google\n\n\
         ??? success \"View Answer\"\n\n    A run ${run}$ and $$\\left({deep}\\right)$$\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("deep.md");
    std::fs::write(&input, bank).unwrap();
    Qbank::cargo_bin("qbank")
        .unwrap()
        .args(["build", "--formats", "json,anki,pdf,html,epub", "-o"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .assert()
        .success();
    let lint = Qbank::cargo_bin("qbank")
        .unwrap()
        .args(["lint", "--format", "json"])
        .arg(&input)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    let refused = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "math-invalid")
        .count();
    assert_eq!(refused, 3, "{json:#}");
}

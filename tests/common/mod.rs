//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use qbank::ir::{Document, Kind};
use qbank::parse::{Parsed, parse};
use qbank::source::Source;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Parses `bytes` as if they were the file at `path`.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Parsed {
    parse(&Source::from_bytes(path, bytes).expect("valid UTF-8"))
}

pub fn parse_file(path: &Path) -> Parsed {
    parse_bytes(
        &path.to_string_lossy(),
        &std::fs::read(path).expect("readable"),
    )
}

pub fn count(document: &Document, kind: Kind) -> usize {
    document.questions_of(kind).count()
}

/// The committed schema, compiled.
pub fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/qbank.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the committed schema compiles")
}

/// The committed schema's `Question` definition, compiled.
pub fn question_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/qbank.schema.json")).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let defs = schema["$defs"].take();
    let question = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/Question",
        "$defs": defs,
    });
    jsonschema::validator_for(&question).expect("the Question definition compiles")
}

pub fn assert_valid(validator: &jsonschema::Validator, value: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} does not validate: {errors:#?}");
}

/// Parses XML (XHTML with its doctype included), or fails the test.
pub fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

/// Nothing in the tree can run code or load a document: no script-capable
/// elements, no event handler attributes, no script or data URLs. `math` is
/// qbank's own MathML, typeset from TeX: its attributes are checked like any
/// other's, and the MathML elements that can embed markup or act are live.
pub fn assert_inert(document: &roxmltree::Document<'_>, what: &str) {
    const LIVE: &[&str] = &[
        "script",
        "iframe",
        "object",
        "embed",
        "svg",
        "form",
        "frame",
        "base",
        "template",
        "maction",
        "annotation-xml",
    ];
    for node in document.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(!LIVE.contains(&name), "{what}: live <{name}>");
        for attribute in node.attributes() {
            let (key, value) = (attribute.name(), attribute.value().trim().to_lowercase());
            assert!(
                !key.to_lowercase().starts_with("on"),
                "{what}: <{name} {key}>"
            );
            if matches!(key, "href" | "src") {
                assert!(
                    value.starts_with("https://")
                        || value.starts_with("http://")
                        || value.starts_with("mailto:")
                        || !value.contains(':'),
                    "{what}: <{name} {key}=\"{value}\">"
                );
            }
        }
    }
}
/// Runs epubcheck on `book` and fails on any fatal error, error or warning.
pub fn assert_epubcheck_clean(book: &Path) {
    let jar = std::env::var("QBANK_EPUBCHECK_JAR")
        .unwrap_or_else(|_| "/usr/share/java/epubcheck.jar".to_owned());
    assert!(
        Path::new(&jar).exists(),
        "epubcheck is not installed ({jar}): apt-get install epubcheck, or set QBANK_EPUBCHECK_JAR"
    );
    let output = std::process::Command::new("java")
        .args(["-jar", &jar, "--quiet"])
        .arg(book)
        .output()
        .expect("java runs epubcheck");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "epubcheck failed:\n{report}");
    for level in ["FATAL", "ERROR", "WARNING"] {
        assert!(!report.contains(level), "epubcheck reports:\n{report}");
    }
}

pub mod browser;
pub mod poppler;

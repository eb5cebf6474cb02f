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

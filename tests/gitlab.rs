//! `qbank lint --format gitlab`: a GitLab Code Quality report that validates
//! against the schema written from GitLab's documentation
//! (tests/fixtures/gitlab-code-quality.schema.json), with fingerprints that
//! survive lines inserted above and tell identical lines apart, and output
//! that is the same on every run.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{fixture, root};
use serde_json::Value;

/// `qbank lint --format gitlab` in `dir` over `paths`: exit code, raw output.
fn gitlab(dir: &Path, paths: &[&str]) -> (i32, Vec<u8>) {
    let output = Command::cargo_bin("qbank")
        .unwrap()
        .current_dir(dir)
        .args(["lint", "--format", "gitlab"])
        .args(paths)
        .output()
        .unwrap();
    (output.status.code().unwrap(), output.stdout)
}

fn issues(stdout: &[u8]) -> Vec<Value> {
    serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(stdout)))
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(fixture("gitlab-code-quality.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the Code Quality schema compiles")
}

/// (fingerprint, line) of each issue.
fn fingerprints(issues: &[Value]) -> Vec<(String, u64)> {
    issues
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap().to_owned(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A change to one issue that the schema must reject.
type Breakage = fn(&mut Value);

#[test]
fn gitlab_report_validates_against_the_documented_format() {
    // The first path finds tests/fixtures/lint/qbank.toml: the built-in
    // severities, info rules included (the repository's own turns some off).
    let banks = [
        "tests/fixtures/lint/redundant-marker.bad.md",
        "tests/fixtures/python-seed-mojibake.md",
        "tests/fixtures/lint/answer-missing.bad.md",
        "tests/fixtures/lint/tag-case.bad.md",
        "tests/fixtures/lint/encoding-invalid.bad.md",
    ];
    let (code, stdout) = gitlab(&root(), &banks);
    assert_eq!(code, 1);
    assert!(
        !stdout.starts_with("\u{feff}".as_bytes()),
        "GitLab refuses a BOM"
    );
    let report: Value = serde_json::from_slice(&stdout).unwrap();
    let validator = schema();
    common::assert_valid(&validator, &report, "the GitLab report");

    // One issue per diagnostic, in the same order, severities mapped.
    let json = Command::cargo_bin("qbank")
        .unwrap()
        .current_dir(root())
        .args(["lint", "--format", "json"])
        .args(banks)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let expected: Vec<(String, String, String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_str().unwrap() {
                "error" => "major",
                "warning" => "minor",
                "info" => "info",
                other => panic!("unknown severity {other}"),
            };
            (
                d["rule"].as_str().unwrap().to_owned(),
                severity.to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let found: Vec<(String, String, String, u64)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().unwrap().to_owned(),
                i["severity"].as_str().unwrap().to_owned(),
                i["location"]["path"].as_str().unwrap().to_owned(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    for severity in ["major", "minor", "info"] {
        assert!(
            found.iter().any(|(_, s, _, _)| s == severity),
            "no {severity} issue among {found:?}"
        );
    }
    let mut unique = fingerprints(report.as_array().unwrap());
    unique.sort();
    unique.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(unique.len(), found.len(), "fingerprints must be unique");

    // The schema is not vacuous: each documented constraint rejects.
    let breakages: [(&str, Breakage); 4] = [
        ("a qbank severity", |i| i["severity"] = "warning".into()),
        ("no fingerprint", |i| {
            i.as_object_mut().unwrap().remove("fingerprint");
        }),
        ("an absolute path", |i| {
            i["location"]["path"] = "/abs/a.md".into();
        }),
        ("no line", |i| {
            i["location"].as_object_mut().unwrap().remove("lines");
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = report.clone();
        breakage(&mut broken[0]);
        assert!(!validator.is_valid(&broken), "{what} validates");
    }
}

#[test]
fn gitlab_report_is_deterministic() {
    let banks = ["tests/fixtures/python-seed-mojibake.md", "content"];
    let (_, first) = gitlab(&root(), &banks);
    let (_, second) = gitlab(&root(), &banks);
    assert!(!issues(&first).is_empty());
    assert_eq!(first, second);
}

/// A bank whose two questions are the same two lines, each without an answer.
const TWICE: &str = "\
---
title: Twice
---

# Twice

## Premium Interview Questions

### What is a Closure? - Google Interview Question

**Difficulty:** 🟡 Medium | **Tags:** `Functions` | **Asked by:** Google

### What is a Closure? - Google Interview Question

**Difficulty:** 🟡 Medium | **Tags:** `Functions` | **Asked by:** Google
";

#[test]
fn fingerprints_survive_inserted_lines_and_tell_identical_lines_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bank.md"), TWICE).unwrap();
    let (code, stdout) = gitlab(dir.path(), &["./bank.md"]);
    assert_eq!(code, 1);
    let before = issues(&stdout);
    let answers: Vec<(String, u64)> = fingerprints(&before)
        .into_iter()
        .zip(&before)
        .filter(|(_, i)| i["check_name"] == "answer-missing")
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        answers.iter().map(|(_, line)| *line).collect::<Vec<_>>(),
        [9, 13]
    );
    assert_ne!(
        answers[0].0, answers[1].0,
        "identical lines, one fingerprint"
    );
    assert!(before.iter().all(|i| i["location"]["path"] == "bank.md"));

    // Lines inserted above the first question (a front matter comment) and
    // between the two (blank lines) move both issues, and change no fingerprint.
    let edited = TWICE
        .replacen("title: Twice\n", "title: Twice\n# one\n# two\n", 1)
        .replacen("Google\n\n### What", "Google\n\n\n\n### What", 1);
    std::fs::write(dir.path().join("bank.md"), edited).unwrap();
    let (_, stdout) = gitlab(dir.path(), &["bank.md"]);
    let after = fingerprints(&issues(&stdout));
    let moved: Vec<(String, u64)> = after
        .iter()
        .filter(|(f, _)| answers.iter().any(|(a, _)| a == f))
        .cloned()
        .collect();
    assert_eq!(
        moved,
        [(answers[0].0.clone(), 11), (answers[1].0.clone(), 17)],
        "{after:?}"
    );
    let mut before_all: Vec<String> = fingerprints(&before).into_iter().map(|f| f.0).collect();
    let mut after_all: Vec<String> = after.into_iter().map(|f| f.0).collect();
    before_all.sort();
    after_all.sort();
    // Nor does any other issue's fingerprint change.
    assert_eq!(before_all, after_all);

    // The same text in another file is another issue.
    std::fs::write(dir.path().join("other.md"), TWICE).unwrap();
    let (_, stdout) = gitlab(dir.path(), &["other.md"]);
    let other = fingerprints(&issues(&stdout));
    assert!(other.iter().all(|(f, _)| !before_all.contains(f)));
}

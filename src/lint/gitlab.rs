//! GitLab Code Quality output (`--format gitlab`), for a job's
//! `artifacts: reports: codequality:`: the subset of the Code Climate issue
//! format GitLab reads, as its "Code Quality report format" documents it
//! (<https://docs.gitlab.com/ci/testing/code_quality/>).
//!
//! GitLab compares the reports of a merge request's source and target branch
//! by fingerprint, so a fingerprint must survive edits elsewhere in the file:
//! it hashes the file, the rule and the text of the offending line, never its
//! number. Identical lines with the same rule in one file are told apart by
//! their order (the first gets 0, the next 1, …), which is stable as long as
//! those lines keep their order.

use std::collections::HashMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diag::Severity;
use crate::lint::Report;

/// qbank's three levels on GitLab's five. An error fails `qbank lint`, so it
/// is `major`; a warning is `minor`; info stays `info`. `critical` and
/// `blocker` are left for problems worse than a bank's content can have.
pub fn gitlab_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The report: a JSON array, one issue per diagnostic, in the report's
/// (sorted) order. `line_of` returns a source line; a line it cannot give
/// (an unreadable file) hashes as empty.
pub fn gitlab(report: &Report, line_of: &dyn Fn(&str, usize) -> Option<String>) -> String {
    let mut seen: HashMap<(String, &str, String), usize> = HashMap::new();
    let issues: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let text = line_of(&d.file, d.line).unwrap_or_default();
            let text = text.trim().to_owned();
            let path = relative(&d.file);
            let occurrence = seen
                .entry((path.clone(), d.rule.id, text.clone()))
                .or_insert(0);
            let fingerprint = fingerprint(&path, d.rule.id, &text, *occurrence);
            *occurrence += 1;
            json!({
                "description": d.message,
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": gitlab_severity(d.severity),
                "location": {
                    "path": path,
                    "lines": { "begin": d.line },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

/// GitLab wants a path relative to the repository: `./` prefixes go.
fn relative(file: &str) -> String {
    let mut path = file;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path.to_owned()
}

/// SHA-256 over the fields, each ended by a NUL so that no two field lists
/// run together into the same bytes.
fn fingerprint(path: &str, rule: &str, text: &str, occurrence: usize) -> String {
    let mut hash = Sha256::new();
    for field in ["qbank", path, rule, text, &occurrence.to_string()] {
        hash.update(field.as_bytes());
        hash.update([0]);
    }
    crate::source::hex(&hash.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Diagnostic;

    fn diagnostic(file: &str, line: usize, severity: Severity) -> Diagnostic {
        Diagnostic {
            rule: &crate::rules::METADATA,
            severity,
            file: file.into(),
            line,
            column: 1,
            message: "m".into(),
            related: Vec::new(),
            fix: None,
        }
    }

    fn issues(diagnostics: Vec<Diagnostic>, lines: &[&str]) -> Vec<Value> {
        let report = Report {
            diagnostics,
            files: 1,
            ..Report::default()
        };
        let line_of = |_: &str, n: usize| lines.get(n - 1).map(|l| (*l).to_owned());
        serde_json::from_str(&gitlab(&report, &line_of)).unwrap()
    }

    #[test]
    fn severities_map_onto_gitlab_levels() {
        let found: Vec<Value> = issues(
            vec![
                diagnostic("a.md", 1, Severity::Error),
                diagnostic("a.md", 2, Severity::Warning),
                diagnostic("a.md", 3, Severity::Info),
            ],
            &["x", "y", "z"],
        )
        .into_iter()
        .map(|i| i["severity"].clone())
        .collect();
        assert_eq!(found, [json!("major"), json!("minor"), json!("info")]);
    }

    #[test]
    fn fingerprints_follow_text_not_line_numbers() {
        let before = issues(
            vec![
                diagnostic("./a.md", 1, Severity::Error),
                diagnostic("./a.md", 2, Severity::Error),
            ],
            &["same", "same"],
        );
        let after = issues(
            vec![
                diagnostic("a.md", 3, Severity::Error),
                diagnostic("a.md", 5, Severity::Error),
            ],
            &["new", "", "  same", "other", "same"],
        );
        assert_eq!(before[0]["location"]["path"], "a.md");
        assert_ne!(before[0]["fingerprint"], before[1]["fingerprint"]);
        assert_eq!(before[0]["fingerprint"], after[0]["fingerprint"]);
        assert_eq!(before[1]["fingerprint"], after[1]["fingerprint"]);
        let other_file = issues(vec![diagnostic("b.md", 1, Severity::Error)], &["same"]);
        assert_ne!(other_file[0]["fingerprint"], before[0]["fingerprint"]);
    }

    #[test]
    fn no_diagnostics_is_an_empty_array() {
        let report = Report::default();
        assert_eq!(gitlab(&report, &|_, _| None), "[]\n");
    }
}

//! Adopting lint on a bank that already has many findings: `--write-baseline
//! FILE` records today's, `--baseline FILE` reports only new ones. An entry
//! is the file, the rule and a hash of the offending line's text, not its
//! number, so lines inserted above do not resurrect old findings, and an
//! edit of the line itself (which may be the fix) does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Diagnostic;

/// The mark of a baseline file, so that no other JSON is taken for one.
const KIND: &str = "qbank-lint-baseline";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    kind: String,
    version: u32,
    /// (file, rule, line hash) to how many findings it stands for.
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Entry {
    file: String,
    rule: String,
    line_hash: String,
    count: usize,
}

/// The key of a diagnostic whose line reads `text`.
fn key(d: &Diagnostic, text: &str) -> (String, String, String) {
    let digest = Sha256::digest(text.trim().as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    (d.file.clone(), d.rule.id.to_owned(), hash)
}

impl Baseline {
    /// Today's diagnostics; `line_of` gives the text of a file's line.
    pub fn of(diagnostics: &[Diagnostic], line_of: &dyn Fn(&str, usize) -> String) -> Baseline {
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(key(d, &line_of(&d.file, d.line))).or_default() += 1;
        }
        Baseline {
            kind: KIND.to_owned(),
            version: 1,
            entries: counts
                .into_iter()
                .map(|((file, rule, line_hash), count)| Entry {
                    file,
                    rule,
                    line_hash,
                    count,
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a baseline; `None` when `text` is not one.
    pub fn from_json(text: &str) -> Option<Baseline> {
        serde_json::from_str::<Baseline>(text)
            .ok()
            .filter(|b| b.kind == KIND && b.version == 1)
    }

    /// The diagnostics the baseline does not account for: each entry
    /// absorbs up to its count of findings with its key.
    pub fn new_findings(
        &self,
        diagnostics: Vec<Diagnostic>,
        line_of: &dyn Fn(&str, usize) -> String,
    ) -> Vec<Diagnostic> {
        let mut budget: BTreeMap<(String, String, String), usize> = self
            .entries
            .iter()
            .map(|e| {
                (
                    (e.file.clone(), e.rule.clone(), e.line_hash.clone()),
                    e.count,
                )
            })
            .collect();
        diagnostics
            .into_iter()
            .filter(
                |d| match budget.get_mut(&key(d, &line_of(&d.file, d.line))) {
                    Some(left) if *left > 0 => {
                        *left -= 1;
                        false
                    }
                    _ => true,
                },
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn diagnostic(rule: &'static str, line: usize) -> Diagnostic {
        Diagnostic {
            rule: crate::rules::find(rule).unwrap(),
            severity: Severity::Warning,
            file: "bank.md".into(),
            line,
            column: 1,
            message: String::new(),
            related: Vec::new(),
            fix: None,
        }
    }

    #[test]
    fn moved_findings_stay_known_and_new_ones_show() {
        let before = ["# T", "### Q?", "x"];
        let line_of = |_: &str, n: usize| before[n - 1].to_owned();
        let baseline = Baseline::of(&[diagnostic("metadata", 2)], &line_of);
        let baseline = Baseline::from_json(&baseline.to_json()).unwrap();
        // Two lines inserted above: the same finding, now at line 4.
        let after = ["# T", "new", "new", "### Q?", "### R?"];
        let line_of = |_: &str, n: usize| after[n - 1].to_owned();
        let left = baseline.new_findings(
            vec![diagnostic("metadata", 4), diagnostic("metadata", 5)],
            &line_of,
        );
        assert_eq!(left.iter().map(|d| d.line).collect::<Vec<_>>(), [5]);
        assert!(Baseline::from_json("{\"name\": \"x\"}").is_none());
    }
}

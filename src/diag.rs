//! Findings: facts about the content that the parser noticed while building the
//! IR (a repaired encoding, a missing metadata line, a malformed admonition).
//! They carry a stable rule id so that lint can report, filter and explain them.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One thing worth telling the author, at a 1-based line of the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub message: String,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        line: usize,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            line,
            message: message.into(),
        }
    }
}

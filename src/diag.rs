//! Findings: facts about the content that the parser noticed while building the
//! IR (a repaired encoding, a missing metadata line, a malformed admonition).
//! Each is made from its rule (`crate::rules`), so that lint can report,
//! filter and explain it, and its severity comes from one place.

use serde::Serialize;

use crate::rules::Rule;

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
    /// The rule it breaks, which also gives its default severity.
    pub rule: &'static Rule,
    pub line: usize,
    /// 1-based byte column; 1 when the finding is about the whole line.
    pub column: usize,
    pub message: String,
    /// A safe repair, when there is one: every edit it takes.
    pub edits: Vec<Edit>,
    /// Other lines with the same cause, which the one finding stands for.
    pub related: Vec<usize>,
}

/// Replace bytes `start..end` of a 1-based line with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Finding {
    pub fn new(rule: &'static Rule, line: usize, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            line,
            column: 1,
            message: message.into(),
            edits: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_related(mut self, lines: Vec<usize>) -> Finding {
        self.related = lines;
        self
    }

    pub fn at_column(mut self, column: usize) -> Finding {
        self.column = column.max(1);
        self
    }

    pub fn with_edit(mut self, edit: Edit) -> Finding {
        self.edits.push(edit);
        self
    }
}

/// An error and its causes on one line, `outer: inner: innermost`, as
/// `anyhow`'s `{:#}` prints them.
pub fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

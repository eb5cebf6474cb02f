//! Lint output for people and CI: `human` (rustc-style, with the source line
//! and a caret; colour only on a terminal and never with NO_COLOR), `json`,
//! and `github` workflow commands. SARIF is in `sarif.rs`.

use std::fmt::Write;

use serde_json::json;

use crate::diag::Severity;
use crate::lint::Report;

/// Terminal styles; all empty when colour is off.
struct Style {
    error: &'static str,
    warning: &'static str,
    info: &'static str,
    bold: &'static str,
    blue: &'static str,
    reset: &'static str,
}

const COLOUR: Style = Style {
    error: "\x1b[1;31m",
    warning: "\x1b[1;33m",
    info: "\x1b[1;36m",
    bold: "\x1b[1m",
    blue: "\x1b[1;34m",
    reset: "\x1b[0m",
};

const PLAIN: Style = Style {
    error: "",
    warning: "",
    info: "",
    bold: "",
    blue: "",
    reset: "",
};

/// rustc-style text. `line_of` returns a source line for the snippet.
pub fn human(
    report: &Report,
    colour: bool,
    line_of: &dyn Fn(&str, usize) -> Option<String>,
) -> String {
    let style = if colour { &COLOUR } else { &PLAIN };
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => style.error,
            Severity::Warning => style.warning,
            Severity::Info => style.info,
        };
        let _ = writeln!(
            out,
            "{level}{}[{}]{}: {}{}{}",
            d.severity.label(),
            d.rule,
            style.reset,
            style.bold,
            d.message,
            style.reset
        );
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(
            out,
            "{pad}{}-->{} {}:{}:{}",
            style.blue, style.reset, d.file, d.line, d.column
        );
        if let Some(text) = line_of(&d.file, d.line) {
            let shown = truncate(&text, 160);
            let caret_at = text
                .get(..d.column.saturating_sub(1))
                .map_or(0, |prefix| prefix.chars().count());
            let _ = writeln!(out, "{pad} {}|{}", style.blue, style.reset);
            let _ = writeln!(out, "{}{number} |{} {shown}", style.blue, style.reset);
            if caret_at < 160 {
                let _ = writeln!(
                    out,
                    "{pad} {}|{} {}{level}^{}",
                    style.blue,
                    style.reset,
                    " ".repeat(caret_at),
                    style.reset
                );
            }
        }
        let fix = if d.fix.is_some() {
            " (fixable with --fix)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{pad} {}={} help: `qbank lint --explain {}`{fix}\n",
            style.blue, style.reset, d.rule
        );
    }
    out
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.replace('\t', "    ")
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Diagnostics per rule, most first: a table of count, rule, severity and
/// how many `--fix` repairs. Empty when there is nothing to count.
pub fn statistics(report: &Report) -> String {
    use std::collections::BTreeMap;
    use std::fmt::Write;
    let mut rows: BTreeMap<(&str, Severity), (usize, usize)> = BTreeMap::new();
    for d in &report.diagnostics {
        let row = rows.entry((d.rule.id, d.severity)).or_default();
        row.0 += 1;
        row.1 += usize::from(d.fix.is_some());
    }
    if rows.is_empty() {
        return String::new();
    }
    let mut rows: Vec<_> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    let width = rows
        .iter()
        .map(|((rule, _), _)| rule.len())
        .max()
        .unwrap_or(4);
    let mut text = format!(
        "{:>6}  {:<width$}  {:<8}  fixable\n",
        "count", "rule", "severity"
    );
    for ((rule, severity), (count, fixable)) in rows {
        let fixable = if fixable > 0 {
            fixable.to_string()
        } else {
            String::new()
        };
        let row = format!(
            "{count:>6}  {rule:<width$}  {:<8}  {fixable}",
            severity.label()
        );
        let _ = writeln!(text, "{}", row.trim_end());
    }
    text
}

/// The one-line summary for stderr.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "qbank lint: {}, {}, {} in {} ({} ms){}{}",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
        plural(report.files, "file"),
        report.elapsed_ms,
        match report
            .diagnostics
            .iter()
            .filter(|d| d.fix.is_some())
            .count()
        {
            0 => String::new(),
            n => format!("; {} fixable with --fix", plural(n, "problem")),
        },
        match report.links_excluded {
            Some(n) if n > 0 => format!("; {} not checked (excluded)", plural(n, "link")),
            _ => String::new(),
        }
    )
}

pub fn json(report: &Report) -> String {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut value = json!({
                "rule": d.rule,
                "severity": d.severity.label(),
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "help": d.help(),
                "fixable": d.fix.is_some(),
            });
            // The other lines this one diagnostic stands for.
            if !d.related.is_empty() {
                value["related_lines"] = json!(d.related);
            }
            value
        })
        .collect();
    let value = json!({
        "diagnostics": diagnostics,
        "summary": {
            "files": report.files,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "fixable": report.diagnostics.iter().filter(|d| d.fix.is_some()).count(),
        }
    });
    let mut value = value;
    if let Some(n) = report.links_excluded {
        value["summary"]["links_excluded"] = json!(n);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// GitHub Actions workflow commands: annotations on the pull request.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            escape_property(&d.file),
            d.line,
            d.column,
            escape_property(&format!("qbank {}", d.rule)),
            escape_data(&d.message)
        );
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Used by tests and the SARIF writer: a diagnostic's level name in SARIF terms.
pub fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Diagnostic;

    fn report() -> Report {
        Report {
            diagnostics: vec![Diagnostic {
                rule: &crate::rules::METADATA,
                severity: Severity::Warning,
                file: "content/a,b.md".into(),
                line: 3,
                column: 5,
                related: Vec::new(),
                message: "50% off\nnext: line".into(),
                fix: None,
            }],
            files: 1,
            elapsed_ms: 2,
            links_excluded: None,
        }
    }

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(
            github(&report()),
            "::warning file=content/a%2Cb.md,line=3,col=5,title=qbank metadata::50%25 off%0Anext: line\n"
        );
    }

    #[test]
    fn human_points_at_the_column() {
        let text = human(&report(), false, &|_, _| Some("abcdefgh".into()));
        assert!(text.contains("warning[metadata]: 50% off"), "{text}");
        assert!(text.contains(" --> content/a,b.md:3:5"), "{text}");
        assert!(text.contains("3 | abcdefgh\n  |     ^\n"), "{text}");
        assert!(!text.contains('\x1b'));
        assert!(human(&report(), true, &|_, _| None).contains('\x1b'));
    }

    #[test]
    fn summary_counts() {
        assert_eq!(
            summary(&report()),
            "qbank lint: 0 errors, 1 warning, 0 infos in 1 file (2 ms)"
        );
    }
}

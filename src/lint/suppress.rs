//! Silencing a finding where the author knows better, with the comments
//! markdownlint and rumdl use, which Markdown renders as nothing:
//! `<!-- qbank-disable-next-line RULE[, RULE] -->`, `<!-- qbank-disable-line
//! RULE -->`, `<!-- qbank-disable RULE -->` … `<!-- qbank-enable RULE -->`
//! and `<!-- qbank-disable-file RULE -->`. Without a rule a comment covers
//! every rule. A comment that silences nothing is itself reported
//! (`unused-suppression`), so stale ones do not pile up.

use std::sync::LazyLock;

use regex::Regex;

use crate::diag::Finding;
use crate::rules;
use crate::source::Source;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"<!--\s*qbank-(disable-next-line|disable-line|disable-file|disable|enable)((?:\s+[A-Za-z0-9-]+\s*,?)*)\s*-->",
    )
    .expect("a valid pattern")
});

/// One comment: the lines it covers and the rules it names (none: all).
#[derive(Debug, Clone)]
struct Suppression {
    line: usize,
    column: usize,
    rules: Vec<String>,
    /// First and last line covered, inclusive.
    from: usize,
    to: usize,
}

/// The suppressions of one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    all: Vec<Suppression>,
    /// Comments that are malformed or name unknown rules.
    problems: Vec<Finding>,
}

impl Suppressions {
    /// Reads the comments of `src`, outside fenced code.
    pub fn of(src: &Source) -> Suppressions {
        let mut found = Suppressions::default();
        // Open blocks: (comment line, column, rules)
        let mut open: Vec<(usize, usize, Vec<String>)> = Vec::new();
        let mut fence: Option<&str> = None;
        let last = src.line_count();
        for n in 1..=last {
            let line = src.line(n);
            let trimmed = line.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            match (fence, marker) {
                (None, Some(m)) => fence = Some(m),
                (Some(f), Some(m)) if f == m => fence = None,
                _ => {}
            }
            if fence.is_some() || !line.contains("qbank-") {
                continue;
            }
            for directive in DIRECTIVE.captures_iter(line) {
                let column = directive.get(0).map_or(0, |m| m.start()) + 1;
                let rules: Vec<String> = directive[2]
                    .split([',', ' ', '\t'])
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect();
                for rule in rules.iter().filter(|r| rules::find(r).is_none()) {
                    found.problems.push(
                        Finding::new(
                            &rules::UNUSED_SUPPRESSION,
                            n,
                            format!("`{rule}` is no rule (`qbank lint --explain` lists them)"),
                        )
                        .at_column(column),
                    );
                }
                let (from, to) = match &directive[1] {
                    "disable-next-line" => (n + 1, n + 1),
                    "disable-line" => (n, n),
                    "disable-file" => (1, last),
                    "disable" => {
                        open.push((n, column, rules));
                        continue;
                    }
                    _ => {
                        // enable: closes the blocks it names (all, without rules).
                        let (closing, still): (Vec<_>, Vec<_>) = open
                            .drain(..)
                            .partition(|(_, _, r)| rules.is_empty() || *r == rules);
                        open = still;
                        for (start, col, r) in closing {
                            found.all.push(Suppression {
                                line: start,
                                column: col,
                                rules: r,
                                from: start,
                                to: n,
                            });
                        }
                        continue;
                    }
                };
                found.all.push(Suppression {
                    line: n,
                    column,
                    rules,
                    from,
                    to,
                });
            }
        }
        // A block never enabled again lasts to the end of the file.
        for (start, column, rules) in open {
            found.all.push(Suppression {
                line: start,
                column,
                rules,
                from: start,
                to: last,
            });
        }
        found
    }

    /// Drops the findings a comment covers; returns what is left, with an
    /// `unused-suppression` finding for each comment that covered nothing.
    /// A finding stands on its line and its related lines (one run of
    /// damage, one alias written in many cells): a comment on any of them
    /// covers it.
    pub fn apply(&self, findings: Vec<(&'static str, Vec<usize>)>) -> Applied {
        let mut used = vec![false; self.all.len()];
        let mut kept = Vec::new();
        for (index, (rule, lines)) in findings.into_iter().enumerate() {
            let covering = self.all.iter().position(|s| {
                lines.iter().any(|line| (s.from..=s.to).contains(line))
                    && (s.rules.is_empty() || s.rules.iter().any(|r| r == rule))
            });
            match covering {
                Some(s) => used[s] = true,
                None => kept.push(index),
            }
        }
        let mut unused: Vec<Finding> = self.problems.clone();
        for (s, _) in self.all.iter().zip(&used).filter(|(_, used)| !**used) {
            let what = if s.rules.is_empty() {
                "any rule".to_owned()
            } else {
                s.rules.join(", ")
            };
            unused.push(
                Finding::new(
                    &rules::UNUSED_SUPPRESSION,
                    s.line,
                    format!(
                        "this comment silences {what}, but nothing is reported there; remove it"
                    ),
                )
                .at_column(s.column),
            );
        }
        Applied { kept, unused }
    }
}

/// What [`Suppressions::apply`] left.
pub struct Applied {
    /// Indexes of the findings no comment covers.
    pub kept: Vec<usize>,
    pub unused: Vec<Finding>,
}

/// Drops the diagnostics a `qbank-disable` comment of their file covers, and
/// reports the comments that covered nothing.
pub(super) fn silence(
    diagnostics: Vec<super::Diagnostic>,
    suppressions: &std::collections::HashMap<String, Suppressions>,
    config: &super::Config,
) -> Vec<super::Diagnostic> {
    let mut by_file: std::collections::BTreeMap<String, Vec<super::Diagnostic>> = suppressions
        .keys()
        .map(|file| (file.clone(), Vec::new()))
        .collect();
    for d in diagnostics {
        by_file.entry(d.file.clone()).or_default().push(d);
    }
    let mut out = Vec::new();
    for (file, found) in by_file {
        let Some(comments) = suppressions.get(&file) else {
            out.extend(found);
            continue;
        };
        let lines = |d: &super::Diagnostic| {
            std::iter::once(d.line)
                .chain(d.related.iter().copied())
                .collect()
        };
        let applied = comments.apply(found.iter().map(|d| (d.rule.id, lines(d))).collect());
        let mut found: Vec<Option<super::Diagnostic>> = found.into_iter().map(Some).collect();
        out.extend(applied.kept.iter().filter_map(|&i| found[i].take()));
        out.extend(super::to_diagnostics(&file, applied.unused, config, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppressions(text: &str) -> Suppressions {
        Suppressions::of(&Source::from_bytes("t.md", text.as_bytes()).unwrap())
    }

    #[test]
    fn each_form_covers_its_lines_and_rules() {
        let s = suppressions(
            "<!-- qbank-disable-next-line tag-case, metadata -->\nline 2\nline 3\n<!-- qbank-disable duplicate-question -->\n5\n6\n<!-- qbank-enable duplicate-question -->\n8 <!-- qbank-disable-line -->\n",
        );
        let findings = vec![
            ("tag-case", vec![2]),           // covered
            ("metadata", vec![2]),           // covered
            ("tag-case", vec![3]),           // next line only
            ("duplicate-question", vec![5]), // in the block
            ("duplicate-question", vec![8]), // after enable, but disable-line covers all
            ("metadata", vec![6]),           // the block names another rule
            ("metadata", vec![3, 2]),        // a related line is covered
        ];
        let applied = s.apply(findings);
        assert_eq!(applied.kept, [2, 5]);
        assert!(applied.unused.is_empty());
    }

    #[test]
    fn unused_and_unknown_comments_are_reported_and_code_is_not_read() {
        let s = suppressions(
            "<!-- qbank-disable-file escaped-newlines -->\n<!-- qbank-disable-next-line no-such-rule -->\nx\n```\n<!-- qbank-disable-file -->\n```\n",
        );
        let applied = s.apply(vec![("metadata", vec![3])]);
        assert_eq!(applied.kept, [0], "the comment in code covers nothing");
        let lines: Vec<(usize, bool)> = applied
            .unused
            .iter()
            .map(|f| (f.line, f.message.contains("no rule")))
            .collect();
        assert_eq!(lines, [(2, true), (1, false), (2, false)]);
    }
}

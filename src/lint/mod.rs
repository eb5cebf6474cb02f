//! `qbank lint`: rules over the source and the IR of each bank, in the same
//! pass as parsing, files in parallel; then a cross-document pass for
//! duplicates; optionally an online link check. Diagnostics carry a stable rule
//! id, a severity (from the rule, overridable in qbank.toml), an exact position
//! and, where a repair is safe, a fix.

pub mod baseline;
pub mod checks;
mod companies;
pub mod config;
mod duplicates;
pub mod escapes;
pub mod fix;
pub mod gitlab;
pub mod links;
pub mod online;
pub mod report;

pub mod sarif;
pub mod suppress;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use thiserror::Error;

use crate::diag::{Edit, Finding, Severity};
use crate::ir::Kind;
use crate::parse::{Parsed, Settings, parse_with};
use crate::rules::{self, Rule};
use crate::source::{Source, SourceError};
pub use config::Config;

/// Errors of the lint stage: problems with the run itself, not the content.
#[derive(Debug, Error)]
pub enum LintError {
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error("{0}")]
    Online(String),
    #[error(transparent)]
    Source(#[from] SourceError),
}

/// One reported problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Other lines of the same file with the same cause (one diagnostic
    /// stands for them all); JSON and SARIF list them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<usize>,
    #[serde(skip)]
    pub fix: Option<Fix>,
}

/// A safe repair `--fix` can apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Write the file back as the reader repaired it (mojibake, BOM).
    RepairEncoding,
    /// Replace these byte ranges (one finding may stand for several places).
    Edits(Vec<Edit>),
}

impl Diagnostic {
    pub fn help(&self) -> &'static str {
        self.rule.help
    }
}

/// The outcome of a lint run.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    pub elapsed_ms: u128,
    /// With `--online`: how many distinct URLs were not checked, excluded by
    /// pattern or by address.
    pub links_excluded: Option<usize>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// A question that is a card, as the cross-bank duplicate pass needs it.
struct Card {
    title: String,
    line: usize,
    terms: Vec<String>,
}

/// What one file contributed, kept small: the cross-document pass needs titles only.
struct FileResult {
    diagnostics: Vec<Diagnostic>,
    /// Premium questions and code examples: title, line and terms.
    cards: Vec<Card>,
    /// http(s) links with their line and column, for the online check.
    web_links: Vec<(String, usize, usize)>,
    file: String,
    suppressions: suppress::Suppressions,
}

/// The banks named by `paths` (directories searched recursively; see
/// [`crate::source::discover`]).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LintError> {
    Ok(crate::source::expand(paths)?)
}

/// Lints `files`; with `online`, also checks every http(s) link.
pub fn lint(
    files: &[PathBuf],
    config: &Config,
    online: Option<&online::Options>,
) -> Result<Report, LintError> {
    let started = Instant::now();
    let results: Vec<FileResult> =
        crate::schedule::largest_first(files, |file| lint_file(file, config))
            .into_iter()
            .collect::<Result<_, _>>()?;
    let mut diagnostics: Vec<Diagnostic> = duplicates::across_files(&results, config);
    let mut links_excluded = None;
    if let Some(options) = online {
        let (found, excluded) = online_diagnostics(&results, config, options)?;
        diagnostics.extend(found);
        links_excluded = Some(excluded);
    }
    let mut suppressions = std::collections::HashMap::new();
    for result in results {
        diagnostics.extend(result.diagnostics);
        suppressions.insert(result.file, result.suppressions);
    }
    let diagnostics = suppress::silence(diagnostics, &suppressions, config);
    let mut diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| config.selects(d.rule))
        .collect();
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule))
    });
    diagnostics.dedup();
    Ok(Report {
        diagnostics,
        files: files.len(),
        elapsed_ms: started.elapsed().as_millis(),
        links_excluded,
    })
}

fn lint_file(path: &Path, config: &Config) -> Result<FileResult, LintError> {
    let file = crate::source::display_path(path);
    let unreadable = |finding: Finding| FileResult {
        diagnostics: to_diagnostics(&file, vec![finding], config, false),
        cards: Vec::new(),
        web_links: Vec::new(),
        file: file.clone(),
        suppressions: suppress::Suppressions::default(),
    };
    let read = crate::source::read_bytes(path, config.limits.max_file_size)
        .and_then(|bytes| Source::from_bytes(file.clone(), &bytes));
    let src = match read {
        Ok(src) => src,
        Err(SourceError::InvalidUtf8 {
            line,
            column,
            offset,
            ..
        }) => {
            return Ok(unreadable(
                Finding::new(
                    &rules::ENCODING,
                    line,
                    format!("invalid UTF-8 at byte offset {offset}; convert the file to UTF-8"),
                )
                .at_column(column),
            ));
        }
        Err(SourceError::TooLarge { size, limit, .. }) => {
            return Ok(unreadable(Finding::new(
                &rules::FILE_TOO_LARGE,
                1,
                format!(
                    "the file is {}, over the limit of {}; it was not read",
                    crate::limits::human_size(size),
                    crate::limits::human_size(limit)
                ),
            )));
        }
        Err(SourceError::Utf16 { .. }) => {
            return Ok(unreadable(Finding::new(
                &rules::ENCODING,
                1,
                "UTF-16 text; qbank reads UTF-8: convert it first, e.g. with `iconv -f UTF-16 -t UTF-8`",
            )));
        }
        Err(SourceError::Binary { kind, .. }) => {
            return Ok(unreadable(Finding::new(
                &rules::ENCODING,
                1,
                format!("{kind}, not a text file; qbank reads Markdown question banks"),
            )));
        }
        Err(err) => return Err(LintError::Source(err)),
    };
    let settings = Settings {
        max_depth: config.limits.max_depth,
        similarity: config.similarity,
    };
    let parsed = parse_with(&src, &settings);
    let findings = findings(path, &src, &parsed, config);
    let cards = parsed
        .document
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Premium | Kind::CodeExample))
        .map(|q| Card {
            title: q.title.clone(),
            line: q.line,
            terms: crate::parse::similarity::terms::question_terms(q),
        })
        .collect();
    let web_links = parsed
        .links
        .iter()
        .filter(|l| matches!(links::classify(&l.url), links::Target::Web(_)))
        .map(|l| (l.url.trim().to_owned(), l.line, l.column))
        .collect();
    let repairable = src.fixes.mojibake.is_some() || src.fixes.had_bom;
    Ok(FileResult {
        diagnostics: to_diagnostics(&file, findings, config, repairable),
        cards,
        web_links,
        file,
        suppressions: suppress::Suppressions::of(&src),
    })
}

/// Everything one document says about itself: the parser's findings and the rules'.
fn findings(path: &Path, src: &Source, parsed: &Parsed, config: &Config) -> Vec<Finding> {
    let mut findings = parsed.findings.clone();
    checks::check(src, parsed, config, &mut findings);
    links::check(path, parsed, &mut findings);
    findings
}

/// `repairable`: the reader repaired this file's encoding, so `--fix` can write it back.
fn to_diagnostics(
    file: &str,
    findings: Vec<Finding>,
    config: &Config,
    repairable: bool,
) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|finding| {
            let severity = config.severity(finding.rule)?;
            let encoding = [&rules::ENCODING, &rules::BYTE_ORDER_MARK].contains(&finding.rule);
            let fix = if !finding.edits.is_empty() {
                Some(Fix::Edits(finding.edits))
            } else {
                (encoding && repairable).then_some(Fix::RepairEncoding)
            };
            Some(Diagnostic {
                rule: finding.rule,
                severity,
                file: file.to_owned(),
                line: finding.line,
                column: finding.column,
                message: finding.message,
                related: finding.related,
                fix,
            })
        })
        .collect()
}

fn https_twin(url: &str) -> Option<String> {
    url.strip_prefix("http://")
        .map(|rest| format!("https://{rest}"))
}

/// `link-dead` and `link-insecure` from one online check of every distinct URL
/// and a probe of the https twin of every live http URL; with the number of
/// distinct URLs excluded.
fn online_diagnostics(
    results: &[FileResult],
    config: &Config,
    options: &online::Options,
) -> Result<(Vec<Diagnostic>, usize), LintError> {
    let urls: Vec<String> = results
        .iter()
        .flat_map(|r| r.web_links.iter().map(|(url, _, _)| url.clone()))
        .collect();
    let mut outcomes = online::check(&urls, options)?;
    let excluded = outcomes
        .values()
        .filter(|outcome| matches!(outcome, online::Outcome::Excluded))
        .count();
    // Then probe the https twin of each live http link: once, without retries,
    // since a twin that fails says nothing about the link.
    let twins: Vec<String> = outcomes
        .iter()
        .filter(|(_, outcome)| matches!(outcome, online::Outcome::Alive { .. }))
        .filter_map(|(url, _)| https_twin(url))
        .collect();
    if !twins.is_empty() {
        // Twins that fail are no sign of being offline: their hosts answered.
        let probe = online::Options {
            retries: 0,
            stop_when_offline: false,
            ..options.clone()
        };
        outcomes.extend(online::check(&twins, &probe)?);
    }
    let found = results
        .iter()
        .flat_map(|r| link_diagnostics(&r.file, &r.web_links, &outcomes, config))
        .collect();
    Ok((found, excluded))
}

/// The diagnostics for one file's web links, given the outcome of every URL.
fn link_diagnostics(
    file: &str,
    web_links: &[(String, usize, usize)],
    outcomes: &std::collections::HashMap<String, online::Outcome>,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (url, line, column) in web_links {
        let (rule, message) = match outcomes.get(url) {
            Some(online::Outcome::Dead(reason)) => (
                &rules::LINK_DEAD,
                format!("`{url}` does not resolve: {reason}"),
            ),
            _ if https_twin(url).is_some_and(|twin| {
                matches!(outcomes.get(&twin), Some(online::Outcome::Alive { .. }))
            }) =>
            {
                (
                    &rules::LINK_INSECURE,
                    format!("`{url}` is also served over https"),
                )
            }
            _ => continue,
        };
        if let Some(severity) = config.severity(rule) {
            out.push(Diagnostic {
                rule,
                severity,
                file: file.to_owned(),
                line: *line,
                column: *column,
                related: Vec::new(),
                message,
                fix: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use online::Outcome;

    #[test]
    fn link_outcomes_become_diagnostics() {
        let links = vec![
            ("http://a.example/x".to_owned(), 3, 5),
            ("https://b.example/".to_owned(), 4, 1),
            ("http://c.example/".to_owned(), 5, 1),
        ];
        let alive = Outcome::Alive {
            status: 200,
            from_cache: false,
        };
        let outcomes = [
            ("http://a.example/x", alive.clone()),
            ("https://a.example/x", alive.clone()),
            (
                "https://b.example/",
                Outcome::Dead("HTTP 404 Not Found".into()),
            ),
            ("http://c.example/", alive),
            (
                "https://c.example/",
                Outcome::Dead("connection failed".into()),
            ),
        ]
        .into_iter()
        .map(|(u, o)| (u.to_owned(), o))
        .collect();
        let found: Vec<(&str, usize, Severity)> =
            link_diagnostics("f.md", &links, &outcomes, &Config::default())
                .iter()
                .map(|d| (d.rule.id, d.line, d.severity))
                .collect();
        assert_eq!(
            found,
            [
                ("link-insecure", 3, Severity::Info),
                ("link-dead", 4, Severity::Error)
            ]
        );
    }
}

//! `qbank lint` as the command line runs it: configuration, `--fix`,
//! `--online`, `--explain`, and the report in the chosen format.

use std::process::ExitCode;

use anyhow::Result;

use anyhow::Context;

use crate::cli::{LimitArgs, LintArgs, LintFormat};
use crate::ui::Ui;

/// `--explain`: every rule in a table, or one rule's help.
fn explain(rule: &str, ui: &Ui) -> Result<ExitCode> {
    use qbank::rules;
    use std::fmt::Write;

    let mut text = String::new();
    if rule.is_empty() {
        for r in rules::ALL {
            let fixable = if r.fixable { " (fixable)" } else { "" };
            let _ = writeln!(
                text,
                "{:<22} {:<8} {}{fixable}",
                r.id,
                r.severity.label(),
                r.summary
            );
        }
    } else {
        let Some(r) = rules::find(rule) else {
            ui.error(&format!(
                "unknown rule `{rule}`; `qbank lint --explain` lists them"
            ));
            return Ok(ExitCode::from(2));
        };
        let fixable = if r.fixable {
            ", fixable with --fix"
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "{} ({}, {}{fixable})\n\n{}\n",
            r.id,
            r.severity.label(),
            r.summary,
            r.help
        );
        let _ = writeln!(
            text,
            "Change its severity or turn it off in qbank.toml: [rules] {} = \"off\" | \"info\" | \"warning\" | \"error\"",
            r.id
        );
    }
    crate::emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn lint(args: LintArgs, limits: &LimitArgs, ui: &Ui) -> Result<ExitCode> {
    use qbank::diag::Severity;
    use qbank::lint::{self, Config, report};
    use std::io::IsTerminal;

    if let Some(rule) = &args.explain {
        return explain(rule, ui);
    }
    let config_path = args
        .config
        .clone()
        .or_else(|| Config::discover(crate::config_start(&args.paths[0])));
    let mut config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    config.limits = limits.over(config.limits);
    config.select = args.select.clone();
    config.ignore = args.ignore.clone();
    let files = lint::expand(&args.paths)?;
    if args.fix && files.iter().any(|f| qbank::source::stdin::is_stdin(f)) {
        anyhow::bail!(
            "--fix rewrites files in place, and standard input is none: `qbank fix -` repairs it to standard output"
        );
    }
    let online = if args.online {
        let cache = if args.no_cache {
            None
        } else {
            lint::online::default_cache_path()
        };
        let progress = args.format == LintFormat::Human
            && !ui.quiet()
            && crate::progress::stderr_takes_progress();
        Some(lint::online::Options::from_config(
            &config.links,
            &args.exclude,
            args.address_policy(config.links.policy()),
            cache,
            progress,
        )?)
    } else {
        None
    };
    let mut result = lint::lint(&files, &config, online.as_ref())?;
    if args.fix {
        for fixed in lint::fix::apply(&result.diagnostics)? {
            let what: Vec<String> = fixed
                .by_rule
                .iter()
                .map(|(rule, n)| format!("{n} {rule}"))
                .collect();
            ui.info(&format!("fixed {}: {}", fixed.file, what.join(", ")));
        }
        result = lint::lint(&files, &config, online.as_ref())?;
    }
    // Only the human snippets, gitlab's fingerprints and a baseline need the
    // lines: JSON, SARIF and github output read no file a second time.
    let needs_lines = matches!(args.format, LintFormat::Human | LintFormat::Gitlab)
        || args.write_baseline.is_some()
        || args.baseline.is_some();
    let sources = if needs_lines {
        source_lines(&result, config.limits.max_file_size)
    } else {
        Default::default()
    };
    let line_of = |file: &str, line: usize| sources.get(file)?.get(line.checked_sub(1)?).cloned();
    let text_of = |file: &str, line: usize| line_of(file, line).unwrap_or_default();
    if let Some(path) = &args.write_baseline {
        let baseline = lint::baseline::Baseline::of(&result.diagnostics, &text_of);
        write_baseline(path, &baseline)?;
        ui.info(&format!(
            "wrote {} ({} findings); `qbank lint --baseline {}` reports only new ones",
            path.display(),
            result.diagnostics.len(),
            path.display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
        let baseline = lint::baseline::Baseline::from_json(&text).with_context(|| {
            format!(
                "{}: not a qbank lint baseline (`--write-baseline` makes one)",
                path.display()
            )
        })?;
        result.diagnostics =
            baseline.new_findings(std::mem::take(&mut result.diagnostics), &text_of);
    }
    match args.format {
        LintFormat::Human => {
            let colour = ui.when.colours(std::io::stdout().is_terminal());
            // -q shows what fails the run, and nothing else; the exit code
            // and the other formats always see every diagnostic.
            let failing = |d: &lint::Diagnostic| {
                d.severity == Severity::Error
                    || (args.deny.is_some() && d.severity == Severity::Warning)
            };
            let shown = lint::Report {
                diagnostics: result
                    .diagnostics
                    .iter()
                    .filter(|d| !ui.quiet() || failing(d))
                    .cloned()
                    .collect(),
                ..lint::Report::default()
            };
            if args.statistics {
                crate::emit(&report::statistics(&shown))?;
            } else {
                let human = report::human(&shown, colour, &line_of);
                let table = report::statistics(&shown);
                // One blank line between the last diagnostic and the table.
                let gap = if table.is_empty() || human.ends_with("\n\n") {
                    ""
                } else {
                    "\n"
                };
                crate::emit(&format!("{human}{gap}{table}"))?;
            }
            ui.info(&report::summary(&result));
        }
        LintFormat::Json => crate::emit(&report::json(&result))?,
        LintFormat::Sarif => crate::emit(&lint::sarif::sarif(&result))?,
        LintFormat::Github => crate::emit(&report::github(&result))?,
        LintFormat::Gitlab => crate::emit(&lint::gitlab::gitlab(&result, &line_of))?,
    }
    let failing = result.count(Severity::Error) > 0
        || (args.deny.is_some() && result.count(Severity::Warning) > 0);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The lines of every file with a diagnostic: the snippets of `human`, the
/// fingerprints of `gitlab`, the keys of a baseline. Standard input was kept
/// when it was read.
fn source_lines(
    result: &qbank::lint::Report,
    max_file_size: u64,
) -> std::collections::HashMap<String, Vec<String>> {
    result
        .diagnostics
        .iter()
        .map(|d| d.file.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|file| {
            let path = if file == qbank::source::stdin::DISPLAY_NAME {
                std::path::Path::new("-")
            } else {
                std::path::Path::new(file)
            };
            let src = qbank::source::Source::read(path, max_file_size).ok()?;
            let lines = (1..=src.line_count())
                .map(|n| src.line(n).to_owned())
                .collect();
            Some((file.to_owned(), lines))
        })
        .collect()
}

/// Writes `baseline` to `path`, atomically, replacing only a baseline.
fn write_baseline(
    path: &std::path::Path,
    baseline: &qbank::lint::baseline::Baseline,
) -> Result<()> {
    if let Ok(existing) = std::fs::read_to_string(path)
        && !existing.trim().is_empty()
        && qbank::lint::baseline::Baseline::from_json(&existing).is_none()
    {
        anyhow::bail!(
            "{} exists and is not a qbank lint baseline; qbank replaces only its own: name another file",
            path.display()
        );
    }
    qbank::output::write_atomic(path, baseline.to_json().as_bytes())
        .with_context(|| format!("{}: cannot write the baseline", path.display()))
}

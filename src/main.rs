//! The `qbank` command line: argument parsing, printing and exit codes only.
//! Exit codes: 0 ok, 1 content problems, 2 usage or I/O errors.

use std::borrow::Cow;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use qbank::commands::{self, CommandError, build::BuildOptions, export::Target};
use qbank::export::{Backend, json::Json};

mod cli;
mod help;

// The pipeline allocates many small strings and vectors on every thread;
// mimalloc's thread-local heaps serve them faster than glibc's arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::*;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit_code_for(&err))
        }
    }
}

/// Writes to standard output; a reader that went away (`| head`) ends the
/// output quietly instead of failing.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

fn exit_code_for(err: &anyhow::Error) -> u8 {
    let content = err.chain().any(|cause| {
        cause
            .downcast_ref::<CommandError>()
            .is_some_and(CommandError::is_content_problem)
    });
    if content { 1 } else { 2 }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let limits = &cli.limits;
    match cli.command {
        Command::Build(args) => {
            let limits = limits.over(project_limits(&args.dir)?);
            build(args, limits)
        }
        Command::Export(ExportFormat::Json(args)) => {
            let backend: &dyn Backend = match args.format {
                JsonFormat::Pretty => &Json::PRETTY,
                JsonFormat::Jsonl => &Json::LINES,
            };
            export(backend, &args.io, limits)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportFormat::Anki(args)) => {
            let backend = qbank::export::anki::Anki {
                deck_root: args.deck.clone().into(),
            };
            let documents = export(&backend, &args.io, limits)?;
            if let Some(path) = &args.manifest {
                anki_manifest(path, &documents, &args.io.select.selection())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportFormat::Pdf(args)) => {
            let backend = qbank::export::pdf::Pdf {
                mode: args.mode,
                paper: args.paper,
            };
            export(&backend, &args.io, limits)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportFormat::Html(args)) => {
            let backend = qbank::export::html::Html {
                collapsible: args.collapsible,
                css: style_sheet(args.css.as_deref(), qbank::export::html::PAGE_STYLE)?,
            };
            export(&backend, &args.io, limits)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportFormat::Epub(args)) => {
            let backend = qbank::export::epub::Epub {
                css: style_sheet(args.css.as_deref(), qbank::export::html::BOOK_STYLE)?,
                title: args.title.clone().filter(|t| !t.trim().is_empty()),
            };
            export(&backend, &args.io, limits)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportFormat::Unknown(args)) => unknown_export_format(&args).exit(),
        Command::Schema => {
            emit(&qbank::schema::schema_json())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Fix(args) => {
            let limits = limits.over(project_limits(&args.files[0])?);
            fix(args, limits)
        }
        Command::Lint(args) => lint(args, limits),
        Command::Completions(args) => {
            emit(&help::completions(args.shell))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => {
            let pages = help::write_man_pages(&args.dir)?;
            eprintln!("wrote {pages} man pages into {}", args.dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The `[limits]` of the qbank.toml found from `path` upwards, else the defaults.
fn project_limits(path: &std::path::Path) -> Result<qbank::limits::Limits> {
    Ok(match qbank::lint::Config::discover(path) {
        Some(config) => qbank::lint::Config::load(&config)?.limits,
        None => qbank::limits::Limits::default(),
    })
}

/// `--explain`: every rule in a table, or one rule's help.
fn explain(rule: &str) -> Result<ExitCode> {
    use qbank::lint::rules;
    use std::fmt::Write;

    let mut text = String::new();
    if rule.is_empty() {
        for r in rules::RULES {
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
            eprintln!("error: unknown rule `{rule}`; `qbank lint --explain` lists them");
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
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn lint(args: LintArgs, limits: &LimitArgs) -> Result<ExitCode> {
    use qbank::diag::Severity;
    use qbank::lint::{self, Config, report};
    use std::io::IsTerminal;

    if let Some(rule) = &args.explain {
        return explain(rule);
    }
    let config_path = args
        .config
        .clone()
        .or_else(|| Config::discover(&args.paths[0]));
    let mut config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    config.limits = limits.over(config.limits);
    let files = lint::expand(&args.paths)?;
    let online = if args.online {
        let cache = if args.no_cache {
            None
        } else {
            lint::online::default_cache_path()
        };
        let progress = std::io::stderr().is_terminal() && args.format == LintFormat::Human;
        Some(lint::online::Options::from_config(
            &config.links,
            &args.exclude,
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
            eprintln!("fixed {}: {}", fixed.file, what.join(", "));
        }
        result = lint::lint(&files, &config, online.as_ref())?;
    }
    match args.format {
        LintFormat::Human => {
            let colour = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let sources: std::collections::HashMap<&str, Vec<String>> = result
                .diagnostics
                .iter()
                .map(|d| d.file.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter_map(|file| {
                    let path = std::path::Path::new(file);
                    let src =
                        qbank::source::Source::read(path, config.limits.max_file_size).ok()?;
                    Some((
                        file,
                        (1..=src.line_count())
                            .map(|n| src.line(n).to_owned())
                            .collect(),
                    ))
                })
                .collect();
            let line_of =
                |file: &str, line: usize| sources.get(file)?.get(line.checked_sub(1)?).cloned();
            emit(&report::human(&result, colour, &line_of))?;
            eprintln!("{}", report::summary(&result));
        }
        LintFormat::Json => emit(&report::json(&result))?,
        LintFormat::Sarif => emit(&lint::sarif::sarif(&result))?,
        LintFormat::Github => emit(&report::github(&result))?,
    }
    let failing = result.count(Severity::Error) > 0
        || (args.deny.is_some() && result.count(Severity::Warning) > 0);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The stylesheet named by `--css`, else the built-in one.
fn style_sheet(
    path: Option<&std::path::Path>,
    built_in: &'static str,
) -> Result<Cow<'static, str>> {
    match path {
        None => Ok(Cow::Borrowed(built_in)),
        Some(path) => std::fs::read_to_string(path)
            .map(Cow::Owned)
            .with_context(|| format!("{}: cannot read the stylesheet", path.display())),
    }
}

/// Runs an export and returns the documents it read.
fn export(
    backend: &dyn Backend,
    io: &ExportIo,
    limits: &LimitArgs,
) -> Result<Vec<qbank::ir::Document>> {
    let target = Target::from_arg(io.output.as_deref());
    let selection = io.select.selection();
    let limits = limits.over(project_limits(&io.files[0])?);
    let exported = commands::export::export(backend, &selection, &io.files, &target, &limits)?;
    note_removed_temps(&exported.removed_temps);
    for path in &exported.written {
        eprintln!("wrote {}", path.display());
    }
    for note in &exported.notes {
        eprintln!("warning: {note}");
    }
    note_content_errors(&exported.with_errors);
    let selected: usize = exported
        .documents
        .iter()
        .map(|d| selection.apply(&d.questions).count())
        .sum();
    if selected == 0 && selection != qbank::export::Selection::default() {
        eprintln!("warning: the selection matched no question");
    }
    Ok(exported.documents)
}

/// Compares with the previous manifest at `path`, then replaces it.
fn anki_manifest(
    path: &std::path::Path,
    documents: &[qbank::ir::Document],
    selection: &qbank::export::Selection,
) -> Result<()> {
    use qbank::export::manifest;
    let current = manifest::of(documents, selection);
    let previous = std::fs::read_to_string(path)
        .map(|text| manifest::from_text(&text))
        .unwrap_or_default();
    let (current, gone) = manifest::update(&previous, current, documents);
    if !gone.is_empty() {
        eprintln!(
            "{} note(s) in Anki have no question any more; search for them and delete them:",
            gone.len()
        );
        for (guid, (id, title)) in gone {
            eprintln!("  {guid}  {id}  \"{title}\"");
        }
    }
    qbank::output::write_atomic(path, manifest::to_text(&current).as_bytes())
        .with_context(|| format!("{}: cannot write the manifest", path.display()))?;
    eprintln!("wrote {} ({} notes)", path.display(), current.len());
    Ok(())
}

fn note_removed_temps(removed: &[std::path::PathBuf]) {
    for path in removed {
        eprintln!("removed {} (left by an interrupted run)", path.display());
    }
}

/// Names banks whose content has errors that may show in the outputs.
fn note_content_errors(with_errors: &[(String, usize)]) {
    for (path, errors) in with_errors {
        eprintln!(
            "note: {path} has content errors ({errors} found while parsing) that may show in the exports; `qbank lint {path}` lists them all"
        );
    }
}

fn build(args: BuildArgs, limits: qbank::limits::Limits) -> Result<ExitCode> {
    let formats = args.backends();
    let report = commands::build::build(&BuildOptions {
        input: &args.dir,
        output: &args.output,
        formats: &formats,
        limits,
    })
    .with_context(|| format!("building {}", args.dir.display()))?;
    note_removed_temps(&report.removed_temps);
    for failure in &report.failures {
        eprintln!("error: {}", qbank::diag::with_causes(failure));
    }
    for note in &report.notes {
        eprintln!("warning: {note}");
    }
    note_content_errors(&report.with_errors);
    let names: Vec<&str> = formats.iter().map(|b| b.name()).collect();
    eprintln!(
        "built {} document(s), {} questions, {} file(s) [{}] into {} in {} ms",
        report.documents,
        report.questions,
        report.written.len(),
        names.join(","),
        args.output.display(),
        report.elapsed_ms
    );
    Ok(
        match report.failures.iter().map(|f| f.is_content_problem()).min() {
            None if report.documents == 0 => {
                eprintln!("warning: no *.md files in {}", args.dir.display());
                ExitCode::SUCCESS
            }
            None => ExitCode::SUCCESS,
            Some(false) => ExitCode::from(2),
            Some(true) => ExitCode::from(1),
        },
    )
}

fn fix(args: FixArgs, limits: qbank::limits::Limits) -> Result<ExitCode> {
    let mut needed = false;
    for file in &args.files {
        let outcome = commands::fix::fix(file, args.check, limits.max_file_size)?;
        if outcome.repairs.is_empty() {
            eprintln!("{}: clean", outcome.path);
            continue;
        }
        needed = true;
        let verb = if args.check { "needs a fix" } else { "fixed" };
        eprintln!("{}: {verb}: {}", outcome.path, outcome.repairs.join("; "));
    }
    Ok(if needed && args.check {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

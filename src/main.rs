//! The `qbank` command line: argument parsing, printing and exit codes only.
//! Exit codes: 0 ok, 1 content problems, 2 usage or I/O errors.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use qbank::commands::{self, CommandError, Notices, build::BuildOptions, export::Target};
use qbank::export::{Backend, json::Json};

mod cli;
mod help;
mod linting;
mod progress;
mod ui;

// The pipeline allocates many small strings and vectors on every thread;
// mimalloc's thread-local heaps serve them faster than glibc's arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::*;
use progress::Progress;
use ui::{Ui, plural};

fn main() -> ExitCode {
    let cli = parse_arguments();
    let ui = cli.output.ui();
    match run(cli, &ui) {
        Ok(code) => code,
        Err(err) => {
            ui.error(&format!("{err:#}"));
            if let Some(hint) = hint_for(&err) {
                ui.note(&hint);
            }
            ExitCode::from(exit_code_for(&err))
        }
    }
}

/// The command line, parsed. clap prints its own errors and help before
/// `--color` reaches qbank, so the flag is looked for first and handed to it.
fn parse_arguments() -> Cli {
    use clap::{ColorChoice, CommandFactory, FromArgMatches};
    let mut args = std::env::args_os().skip(1);
    let mut choice = ColorChoice::Auto;
    while let Some(arg) = args.next() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--color") => args.next(),
            Some(other) => other.strip_prefix("--color=").map(Into::into),
            None => None,
        };
        match value.as_ref().and_then(|v| v.to_str()) {
            Some(v) if v.eq_ignore_ascii_case("always") => choice = ColorChoice::Always,
            Some(v) if v.eq_ignore_ascii_case("never") => choice = ColorChoice::Never,
            _ => {}
        }
    }
    let matches = Cli::command().color(choice).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// Writes to standard output; a reader that went away (`| head`) ends the
/// output quietly instead of failing.
pub(crate) fn emit(text: &str) -> Result<()> {
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

/// A next step for errors a newcomer meets first.
fn hint_for(err: &anyhow::Error) -> Option<String> {
    use qbank::source::SourceError;
    err.chain().find_map(|cause| {
        let source = cause
            .downcast_ref::<SourceError>()
            .or_else(|| match cause.downcast_ref::<CommandError>() {
                Some(CommandError::Source(source)) => Some(source),
                _ => None,
            })
            .or_else(|| match cause.downcast_ref::<qbank::lint::LintError>() {
                Some(qbank::lint::LintError::Source(source)) => Some(source),
                _ => None,
            })?;
        match source {
            SourceError::Missing { path } if path == "content" => Some(
                "qbank reads content/ when no path is given: run it in the folder that holds content/, or name the banks (files or directories) after the command".to_owned(),
            ),
            _ => None,
        }
    })
}

fn run(cli: Cli, ui: &Ui) -> Result<ExitCode> {
    let limits = &cli.limits;
    match cli.command {
        Command::Build(args) => build(args, limits, ui),
        Command::Export(ExportFormat::Json(args)) => {
            let backend: &dyn Backend = match args.format {
                JsonFormat::Pretty => &Json::PRETTY,
                JsonFormat::Jsonl => &Json::LINES,
            };
            export(backend, &args.io, None, limits, ui)
        }
        Command::Export(ExportFormat::Anki(args)) => {
            let backend = qbank::export::anki::Anki {
                deck_root: args.deck.clone().into(),
            };
            export(&backend, &args.io, args.manifest.as_deref(), limits, ui)
        }
        Command::Export(ExportFormat::Pdf(args)) => {
            let backend = qbank::export::pdf::Pdf {
                mode: args.mode,
                paper: args.paper,
            };
            export(&backend, &args.io, None, limits, ui)
        }
        Command::Export(ExportFormat::Html(args)) => {
            let backend = qbank::export::html::Html {
                collapsible: args.collapsible,
                css: style_sheet(args.css.as_deref(), qbank::export::html::PAGE_STYLE)?,
            };
            export(&backend, &args.io, None, limits, ui)
        }
        Command::Export(ExportFormat::Epub(args)) => {
            let backend = qbank::export::epub::Epub {
                css: style_sheet(args.css.as_deref(), qbank::export::html::BOOK_STYLE)?,
                title: args.title.clone().filter(|t| !t.trim().is_empty()),
            };
            export(&backend, &args.io, None, limits, ui)
        }
        Command::Export(ExportFormat::Unknown(args)) => unknown_export_format(&args).exit(),
        Command::Schema => {
            emit(&qbank::schema::schema_json())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Fix(args) => fix(args, limits, ui),
        Command::Lint(args) => linting::lint(args, limits, ui),
        Command::Completions(args) => {
            emit(&help::completions(args.shell))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => {
            let pages = help::write_man_pages(&args.dir)?;
            ui.info(&format!(
                "wrote {pages} man pages into {}",
                args.dir.display()
            ));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The `[limits]` of the qbank.toml found from `path` upwards, else the defaults.
pub(crate) fn project_limits(path: &Path) -> Result<qbank::limits::Limits> {
    Ok(match qbank::lint::Config::discover(config_start(path)) {
        Some(config) => qbank::lint::Config::load(&config)?.limits,
        None => qbank::limits::Limits::default(),
    })
}

/// Where the search for qbank.toml starts: standard input is read in the
/// current directory.
pub(crate) fn config_start(path: &Path) -> &Path {
    if qbank::source::stdin::is_stdin(path) {
        Path::new(".")
    } else {
        path
    }
}

/// The banks `paths` name; `--stdin-id` names the one on standard input.
fn inputs(paths: &[PathBuf], id: Option<&str>, ui: &Ui) -> Result<Vec<PathBuf>> {
    let files = qbank::source::expand(paths).map_err(CommandError::from)?;
    let reads_stdin = files.iter().any(|f| qbank::source::stdin::is_stdin(f));
    if reads_stdin && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        ui.note("reading a bank from the terminal; end it with Ctrl-D");
    }
    match id {
        Some(id) if reads_stdin => {
            let slug = qbank::parse::ids::document_id(id);
            if slug != id {
                anyhow::bail!(
                    "--stdin-id {id:?} is not an id: ids are what a file name gives, lower-case words joined by `-`, such as `{slug}`"
                );
            }
            qbank::source::stdin::set_document_id(id)
        }
        Some(_) => anyhow::bail!(
            "--stdin-id names the bank read from standard input; add `-` to the paths"
        ),
        None => {}
    }
    Ok(files)
}

/// The stylesheet named by `--css`, else the built-in one.
fn style_sheet(path: Option<&Path>, built_in: &'static str) -> Result<Cow<'static, str>> {
    match path {
        None => Ok(Cow::Borrowed(built_in)),
        Some(path) => std::fs::read_to_string(path)
            .map(Cow::Owned)
            .with_context(|| format!("{}: cannot read the stylesheet", path.display())),
    }
}

fn export(
    backend: &dyn Backend,
    io: &ExportIo,
    manifest: Option<&Path>,
    limits: &LimitArgs,
    ui: &Ui,
) -> Result<ExitCode> {
    let files = inputs(&io.files, io.safety.stdin_id.as_deref(), ui)?;
    let target = Target::from_arg(io.output.as_deref());
    let selection = io.select.selection();
    let limits = limits.over(project_limits(&io.files[0])?);
    let progress = Progress::new(files.len(), !ui.quiet());
    let options = commands::export::ExportOptions {
        force: io.safety.force,
        manifest,
        on_bank_done: &|done| progress.bank_done(done),
    };
    let exported =
        commands::export::export(backend, &selection, &files, &target, &limits, &options);
    progress.finish();
    let exported = exported?;
    for path in &exported.written {
        match &exported.manifest {
            Some(manifest) if &manifest.path == path => ui.info(&format!(
                "wrote {} (the manifest: {} notes)",
                path.display(),
                manifest.notes
            )),
            _ => ui.info(&format!("wrote {}", path.display())),
        }
    }
    if let Some(manifest) = exported.manifest.as_ref().filter(|m| !m.gone.is_empty()) {
        ui.warning(&format!(
            "{}: {} in Anki {} no question any more; search for {} and delete {}:",
            manifest.path.display(),
            plural(manifest.gone.len(), "note"),
            if manifest.gone.len() == 1 {
                "has"
            } else {
                "have"
            },
            if manifest.gone.len() == 1 {
                "it"
            } else {
                "them"
            },
            if manifest.gone.len() == 1 {
                "it"
            } else {
                "them"
            },
        ));
        for (guid, (id, title)) in &manifest.gone {
            ui.info(&format!("  {guid}  {id}  \"{title}\""));
        }
    }
    print_notices(&exported.notices, ui);
    let selected: usize = exported
        .documents
        .iter()
        .map(|d| selection.apply(&d.questions).count())
        .sum();
    let bankless = exported.notices.without_questions.len() == exported.documents.len();
    if selected == 0 && selection != qbank::export::Selection::default() && !bankless {
        let banks: Vec<&str> = exported
            .documents
            .iter()
            .map(|d| d.source.path.as_str())
            .collect();
        ui.warning(&format!(
            "{}: the selection matched no question",
            banks.join(", ")
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// What every build and export has to say besides its files.
fn print_notices(notices: &Notices, ui: &Ui) {
    for (path, was) in &notices.forced {
        ui.note(&format!("replaced {path}, {was}, as --force allows"));
    }
    for path in &notices.removed_temps {
        ui.note(&format!(
            "removed {} (left by an interrupted run)",
            path.display()
        ));
    }
    for path in &notices.without_questions {
        ui.warning(&format!(
            "{path}: no questions found (a question is a `###` heading followed by a `**Difficulty:**` line or an answer admonition)"
        ));
    }
    for (about, note) in &notices.notes {
        let more = if note.details.is_empty() || ui.verbose() {
            ""
        } else {
            "; -v lists them"
        };
        ui.warning(&format!("{about}: {}{more}", note.summary));
        for detail in &note.details {
            ui.detail(detail);
        }
    }
    match notices.with_errors.as_slice() {
        [] => {}
        [(path, errors)] => ui.note(&format!(
            "{path} has content errors ({errors} found while parsing) that may show in the exports; `qbank lint {path}` lists them"
        )),
        several => {
            let counts: Vec<String> = several
                .iter()
                .map(|(path, errors)| format!("{path}: {errors}"))
                .collect();
            ui.note(&format!(
                "{} banks have content errors that may show in the exports ({}); `qbank lint` on them lists them",
                several.len(),
                counts.join(", ")
            ));
        }
    }
}

fn build(args: BuildArgs, limits: &LimitArgs, ui: &Ui) -> Result<ExitCode> {
    let files = inputs(&args.paths, args.safety.stdin_id.as_deref(), ui)?;
    let limits = limits.over(project_limits(&args.paths[0])?);
    let formats = args.backends();
    let progress = Progress::new(files.len(), !ui.quiet());
    let report = commands::build::build(&BuildOptions {
        files: &files,
        output: &args.output,
        formats: &formats,
        limits,
        force: args.safety.force,
        clean: args.clean,
        whole_directories: args.paths.iter().all(|p| p.is_dir()),
        on_bank_done: &|done| progress.bank_done(done),
    });
    progress.finish();
    let report = report?;
    for failure in &report.failures {
        ui.error(&qbank::diag::with_causes(failure));
    }
    print_notices(&report.notices, ui);
    if !report.stale.is_empty() {
        let names: Vec<String> = report
            .stale
            .iter()
            .map(|p| qbank::source::display_path(p))
            .collect();
        let count = plural(names.len(), "export");
        if args.clean {
            ui.info(&format!(
                "removed {count} of banks that no longer exist: {}",
                names.join(", ")
            ));
        } else {
            ui.warning(&format!(
                "{count} of banks that no longer exist: {}; `--clean` removes {}",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" }
            ));
        }
    }
    let names: Vec<&str> = formats.iter().map(|b| b.name()).collect();
    let pages = if report.pages > 0 {
        format!(", {} PDF pages", report.pages)
    } else {
        String::new()
    };
    ui.info(&format!(
        "built {} ({}{pages}): {} [{}] in {} ({:.1} s)",
        plural(report.documents, "bank"),
        plural(report.questions, "question"),
        plural(report.written.len(), "file"),
        names.join(","),
        args.output.display(),
        report.elapsed_ms as f64 / 1000.0
    ));
    Ok(
        match report.failures.iter().map(|f| f.is_content_problem()).min() {
            None => ExitCode::SUCCESS,
            Some(false) => ExitCode::from(2),
            Some(true) => ExitCode::from(1),
        },
    )
}

fn fix(args: FixArgs, limits: &LimitArgs, ui: &Ui) -> Result<ExitCode> {
    let limits = limits.over(project_limits(&args.files[0])?);
    let files = inputs(&args.files, None, ui)?;
    let mut needed = false;
    for file in &files {
        let outcome = commands::fix::fix(file, args.check, limits.max_file_size)?;
        if outcome.repairs.is_empty() {
            ui.info(&format!("{}: clean", outcome.path));
            continue;
        }
        needed = true;
        let repairs = outcome.repairs.join("; ");
        if args.check {
            // The reason --check fails: shown even with -q.
            ui.error(&format!("{}: needs a fix: {repairs}", outcome.path));
        } else {
            ui.info(&format!("{}: fixed: {repairs}", outcome.path));
        }
    }
    Ok(if needed && args.check {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

//! The `qbank` command line: argument parsing, printing and exit codes only.
//! Exit codes: 0 ok, 1 content problems, 2 usage or I/O errors.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use qbank::commands::CommandError;
use qbank::export::{Backend, json::Json};

mod cli;
mod exporting;
mod help;
mod linting;
mod progress;
mod ui;

// The pipeline allocates many small strings and vectors on every thread;
// mimalloc's thread-local heaps serve them faster than glibc's arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::*;
use exporting::{build, export, fix, style_sheet};
use ui::Ui;

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

/// The `[limits]` and `[similarity]` of the qbank.toml found from `path`
/// upwards, else the defaults.
pub(crate) fn project_settings(
    path: &Path,
) -> Result<(qbank::limits::Limits, qbank::parse::similarity::Thresholds)> {
    Ok(match qbank::lint::Config::discover(config_start(path)) {
        Some(config) => {
            let config = qbank::lint::Config::load(&config)?;
            (config.limits, config.similarity)
        }
        None => Default::default(),
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

//! `build`, `export` and `fix` as the command line runs them: the banks the
//! paths name, the progress bar, and what is said about the result (the files
//! written, stale exports, warnings, content errors, what --force replaced).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use qbank::commands::{self, CommandError, Notices, build::BuildOptions, export::Target};
use qbank::export::Backend;

use crate::cli::{BuildArgs, ExportIo, FixArgs, LimitArgs};
use crate::progress::Progress;
use crate::project_settings;
use crate::ui::{Ui, plural};

/// The banks `paths` name; `--stdin-id` names the one on standard input.
pub(crate) fn inputs(paths: &[PathBuf], id: Option<&str>, ui: &Ui) -> Result<Vec<PathBuf>> {
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
pub(crate) fn style_sheet(
    path: Option<&Path>,
    built_in: &'static str,
) -> Result<Cow<'static, str>> {
    match path {
        None => Ok(Cow::Borrowed(built_in)),
        Some(path) => std::fs::read_to_string(path)
            .map(Cow::Owned)
            .with_context(|| format!("{}: cannot read the stylesheet", path.display())),
    }
}

pub(crate) fn export(
    backend: &dyn Backend,
    io: &ExportIo,
    manifest: Option<&Path>,
    limits: &LimitArgs,
    ui: &Ui,
) -> Result<ExitCode> {
    let files = inputs(&io.files, io.safety.stdin_id.as_deref(), ui)?;
    let target = Target::from_arg(io.output.as_deref());
    let selection = io.select.selection();
    let (project_limits, similarity) = project_settings(&io.files[0])?;
    let limits = limits.over(project_limits);
    let progress = Progress::new(files.len(), !ui.quiet());
    let options = commands::export::ExportOptions {
        force: io.safety.force,
        manifest,
        highlight: !io.no_highlight,
        similarity,
        on_bank_done: &|done| progress.bank_done(done),
    };
    let exported =
        commands::export::export(backend, &selection, &files, &target, &limits, &options);
    progress.finish();
    let exported = exported?;
    for path in &exported.written {
        match &exported.manifest {
            Some(manifest) if &manifest.path == path => ui.info(&format!(
                "wrote {} (the manifest: {})",
                path.display(),
                plural(manifest.notes, "note")
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

pub(crate) fn build(args: BuildArgs, limits: &LimitArgs, ui: &Ui) -> Result<ExitCode> {
    let files = inputs(&args.paths, args.safety.stdin_id.as_deref(), ui)?;
    let (project_limits, similarity) = project_settings(&args.paths[0])?;
    let limits = limits.over(project_limits);
    let formats = args.backends();
    let progress = Progress::new(files.len(), !ui.quiet());
    let report = commands::build::build(&BuildOptions {
        files: &files,
        output: &args.output,
        formats: &formats,
        limits,
        similarity,
        force: args.safety.force,
        clean: args.clean,
        whole_directories: args.paths.iter().all(|p| p.is_dir()),
        highlight: !args.no_highlight,
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

pub(crate) fn fix(args: FixArgs, limits: &LimitArgs, ui: &Ui) -> Result<ExitCode> {
    let limits = limits.over(project_settings(&args.files[0])?.0);
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

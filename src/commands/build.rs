//! `qbank build`: every bank under the given paths through every chosen
//! backend, banks in parallel (rayon), outputs written atomically as
//! `<out>/<id>.<ext>`. Every destination is checked before the first bank is
//! read (`output::guard`), so a refused or unwritable output costs nothing and
//! is one error. A failing bank does not stop the others.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::commands::{BankDone, CommandError, Notices, check_unique_ids, load};
use crate::export::{Backend, Selection};
use crate::output::guard::{self, Disposition, Inputs};
use crate::source::display_path;

pub struct BuildOptions<'a> {
    /// The banks, as `source::expand` found them.
    pub files: &'a [PathBuf],
    pub output: &'a Path,
    pub formats: &'a [&'static dyn Backend],
    pub limits: crate::limits::Limits,
    /// When two questions ask the same thing (`[similarity]`).
    pub similarity: crate::parse::similarity::Thresholds,
    /// Replace existing outputs of another format.
    pub force: bool,
    /// Remove the stale exports instead of only naming them.
    pub clean: bool,
    /// Whether the paths given were all directories, so that an export whose
    /// bank is not among `files` is known to be stale.
    pub whole_directories: bool,
    /// Colour code blocks (`--no-highlight` turns it off).
    pub highlight: bool,
    /// Told of each bank as it is done.
    pub on_bank_done: &'a (dyn Fn(BankDone) + Sync),
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub questions: usize,
    pub pages: usize,
    pub written: Vec<PathBuf>,
    pub failures: Vec<CommandError>,
    /// Exports in the output directory whose bank is gone: removed with
    /// `clean`, else only named.
    pub stale: Vec<PathBuf>,
    pub notices: Notices,
    pub elapsed_ms: u128,
}

struct Built {
    questions: usize,
    pages: usize,
    written: Vec<PathBuf>,
    notices: Notices,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport, CommandError> {
    let started = Instant::now();
    let files = options.files;
    check_unique_ids(files)?;
    let (write_through, forced) = check_destinations(options)?;
    if options.clean && !options.whole_directories {
        return Err(CommandError::Usage(
            "--clean needs directories to build: with single files qbank cannot tell which exports are stale".into(),
        ));
    }
    let mut report = BuildReport::default();
    report.notices.forced = forced;
    report.notices.removed_temps = super::remove_stale_temps(options.output)?;
    let record = super::stale::recorded(options.output)?;
    if options.whole_directories {
        report.stale = super::stale::find(options.output, &record, files);
        if options.clean {
            super::stale::remove(&report.stale)
                .map_err(|e| CommandError::write(options.output, e))?;
        }
    }
    let highlighting = super::Highlighting::new(options.highlight, options.formats);
    let results = crate::schedule::largest_first(files, |file| {
        let built = build_one(file, options, &write_through, &highlighting);
        (options.on_bank_done)(BankDone {
            pages: built.as_ref().map_or(0, |b| b.pages),
        });
        built
    });
    for result in results {
        match result {
            Ok(built) => {
                report.documents += 1;
                report.questions += built.questions;
                report.pages += built.pages;
                report.written.extend(built.written);
                report.notices.extend(built.notices);
            }
            Err(err) => report.failures.push(err),
        }
    }
    if !report.written.is_empty() {
        super::stale::record(options.output, &record, &report.written)?;
    }
    report.elapsed_ms = started.elapsed().as_millis();
    Ok(report)
}

/// Special files to write through, and files `--force` lets qbank replace
/// (with what they were).
type Checked = (Vec<PathBuf>, Vec<(String, String)>);

/// Checks every `<out>/<id>.<ext>` before anything is read.
fn check_destinations(options: &BuildOptions) -> Result<Checked, CommandError> {
    guard::writable(options.output)?;
    let inputs = Inputs::new(options.files);
    let mut write_through = Vec::new();
    let mut forced = Vec::new();
    // Every refusal at once: fixing them one run at a time is tedious.
    let mut refused = Vec::new();
    for file in options.files {
        let id = crate::source::document_id_of(file);
        for backend in options.formats {
            let path = options.output.join(super::output_name(&id, *backend));
            // A link at a derived name is replaced, never followed (see
            // `output::write_in`), so what it points to is not at stake.
            if path.is_symlink() {
                continue;
            }
            match guard::check(&path, backend.format(), false, &inputs, options.force) {
                Ok(Disposition::WriteThrough) => write_through.push(path),
                Ok(Disposition::Forced { was }) => forced.push((display_path(&path), was)),
                Ok(Disposition::Replace) => {}
                Err(err) => refused.push(err),
            }
        }
    }
    match refused.len() {
        0 => Ok((write_through, forced)),
        1 => Err(refused.remove(0).into()),
        _ => Err(CommandError::Refused(refused)),
    }
}

fn build_one(
    file: &Path,
    options: &BuildOptions,
    write_through: &[PathBuf],
    highlighting: &super::Highlighting,
) -> Result<Built, CommandError> {
    let mut parsed = load(file, &options.limits, &options.similarity)?;
    let mut notices = Notices::of_bank(&parsed);
    highlighting.apply(&mut parsed, &mut notices);
    let document = &parsed.document;
    // The backends of one document run in parallel too, so that one large
    // bank does not leave the other threads idle at the end of a build.
    let outputs: Vec<_> = options
        .formats
        .par_iter()
        .map(|backend| {
            let rendered = backend.render(document, &Selection::default())?;
            let name = super::output_name(&document.id, *backend);
            let path = options.output.join(&name);
            let written = if write_through.contains(&path) {
                crate::output::write_through(&path, &rendered.bytes).map(|()| path.clone())
            } else {
                crate::output::write_in(options.output, &name, &rendered.bytes)
            };
            let path = written.map_err(|e| CommandError::write(&path, e))?;
            // The bytes go here, as soon as they are written: a bank's
            // outputs are never all in memory at once.
            Ok((path, rendered.notes, rendered.pages))
        })
        .collect::<Result<_, CommandError>>()?;
    let mut written = Vec::new();
    let mut pages = 0;
    for ((path, notes, bank_pages), backend) in outputs.into_iter().zip(options.formats) {
        let about = format!("{} ({})", document.source.path, backend.name());
        notices.add_notes(&about, notes);
        pages += bank_pages;
        written.push(path);
    }
    Ok(Built {
        questions: document.questions.len(),
        pages,
        written,
        notices,
    })
}

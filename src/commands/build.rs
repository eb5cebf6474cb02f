//! `qbank build`: every Markdown file of a directory through every chosen
//! backend, documents in parallel (rayon), outputs written atomically as
//! `<out>/<id>.<ext>`. A failing document does not stop the others.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::commands::{CommandError, check_unique_ids, load, markdown_files};
use crate::export::{Backend, Selection};

pub struct BuildOptions<'a> {
    pub input: &'a Path,
    pub output: &'a Path,
    pub formats: &'a [&'static dyn Backend],
    pub limits: crate::limits::Limits,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub questions: usize,
    pub written: Vec<PathBuf>,
    pub failures: Vec<CommandError>,
    /// Documents that were built but have content errors, with their count.
    pub with_errors: Vec<(String, usize)>,
    /// Backends' warnings about what they wrote, each naming its file.
    pub notes: Vec<String>,
    /// Temp files of an interrupted run, removed from the output directory.
    pub removed_temps: Vec<PathBuf>,
    pub elapsed_ms: u128,
}

struct Built {
    questions: usize,
    written: Vec<PathBuf>,
    path: String,
    errors: usize,
    notes: Vec<String>,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport, CommandError> {
    let started = Instant::now();
    let files = markdown_files(options.input)?;
    check_unique_ids(&files)?;
    let removed_temps = super::remove_stale_temps(options.output)?;
    let results = crate::schedule::largest_first(&files, |file| build_one(file, options));
    let mut report = BuildReport {
        removed_temps,
        ..BuildReport::default()
    };
    for result in results {
        match result {
            Ok(built) => {
                if built.errors > 0 {
                    report.with_errors.push((built.path, built.errors));
                }
                report.documents += 1;
                report.questions += built.questions;
                report.written.extend(built.written);
                report.notes.extend(built.notes);
            }
            Err(err) => report.failures.push(err),
        }
    }
    report.elapsed_ms = started.elapsed().as_millis();
    Ok(report)
}

fn build_one(file: &Path, options: &BuildOptions) -> Result<Built, CommandError> {
    let parsed = load(file, &options.limits)?;
    let document = &parsed.document;
    // The backends of one document run in parallel too, so that one large
    // bank does not leave the other threads idle at the end of a build.
    let outputs: Vec<(PathBuf, Vec<String>)> = options
        .formats
        .par_iter()
        .map(|backend| {
            let rendered = backend.render(document, &Selection::default())?;
            let name = format!("{}.{}", document.id, backend.extension());
            let path = crate::output::write_in(options.output, &name, &rendered.bytes)
                .map_err(|e| CommandError::write(&options.output.join(&name), e))?;
            let notes = rendered
                .notes
                .iter()
                .map(|n| format!("{}: {n}", path.display()))
                .collect();
            Ok((path, notes))
        })
        .collect::<Result<_, CommandError>>()?;
    let (written, notes): (Vec<PathBuf>, Vec<Vec<String>>) = outputs.into_iter().unzip();
    let notes = notes.concat();
    Ok(Built {
        questions: document.questions.len(),
        written,
        errors: super::content_errors(&parsed),
        notes,
        path: document.source.path.clone(),
    })
}

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
    let results: Vec<Result<Built, CommandError>> = files
        .par_iter()
        .map(|file| build_one(file, options))
        .collect();
    let mut report = BuildReport::default();
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
    let parsed = load(file)?;
    let document = &parsed.document;
    let mut written = Vec::new();
    let mut notes = Vec::new();
    for backend in options.formats {
        let rendered = backend.render(document, &Selection::default())?;
        let path = options
            .output
            .join(format!("{}.{}", document.id, backend.extension()));
        crate::output::write_atomic(&path, &rendered.bytes)
            .map_err(|e| CommandError::write(&path, e))?;
        notes.extend(
            rendered
                .notes
                .iter()
                .map(|n| format!("{}: {n}", path.display())),
        );
        written.push(path);
    }
    Ok(Built {
        questions: document.questions.len(),
        written,
        errors: super::content_errors(&parsed),
        notes,
        path: document.source.path.clone(),
    })
}

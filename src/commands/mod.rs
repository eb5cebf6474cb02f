//! The commands behind the CLI, as library functions: `build`, `export`, `fix`.
//! They read sources, run the pipeline and write outputs; main.rs only parses
//! arguments, prints and maps errors to exit codes.

pub mod build;
pub mod export;
pub mod fix;

use std::path::PathBuf;

use thiserror::Error;

use crate::export::ExportError;
use crate::limits::Limits;
use crate::parse::{Parsed, parse_with_depth};
use crate::source::{Source, SourceError};

/// Errors of the command stage.
#[derive(Debug, Error)]
pub enum CommandError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("{path}: cannot write")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot list")]
    List {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{first} and {second} both have the document id `{id}`; rename one")]
    DuplicateId {
        id: String,
        first: String,
        second: String,
    },
}

impl CommandError {
    /// True when the content is at fault (exit code 1); false for usage and I/O (2).
    pub fn is_content_problem(&self) -> bool {
        match self {
            CommandError::Source(err) => err.is_content_problem(),
            CommandError::DuplicateId { .. } => true,
            _ => false,
        }
    }

    fn write(path: &std::path::Path, source: std::io::Error) -> CommandError {
        CommandError::Write {
            path: crate::source::display_path(path),
            source,
        }
    }
}

/// Error-level findings the parser made: content that exports may render wrongly.
pub fn content_errors(parsed: &Parsed) -> usize {
    parsed
        .findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error)
        .count()
}

/// Removes the temp files an interrupted run left in the output directory `dir`.
pub fn remove_stale_temps(dir: &std::path::Path) -> Result<Vec<PathBuf>, CommandError> {
    crate::output::remove_stale_temps(dir).map_err(|e| CommandError::write(dir, e))
}

/// Reads and parses one file within `limits`.
pub fn load(path: &std::path::Path, limits: &Limits) -> Result<Parsed, CommandError> {
    let src = Source::read(path, limits.max_file_size)?;
    Ok(parse_with_depth(&src, limits.max_depth))
}

/// The Markdown files directly inside `dir`, sorted by name.
pub fn markdown_files(dir: &std::path::Path) -> Result<Vec<PathBuf>, CommandError> {
    crate::source::markdown_files_in(dir).map_err(|source| CommandError::List {
        path: crate::source::display_path(dir),
        source,
    })
}

/// Two files whose stems slug to the same id would overwrite each other's outputs.
pub fn check_unique_ids(files: &[PathBuf]) -> Result<(), CommandError> {
    let mut seen: Vec<(String, &PathBuf)> = Vec::new();
    for file in files {
        let id = crate::parse::document_id_for(&crate::source::display_path(file));
        if let Some((_, first)) = seen.iter().find(|(other, _)| *other == id) {
            return Err(CommandError::DuplicateId {
                id,
                first: crate::source::display_path(first),
                second: crate::source::display_path(file),
            });
        }
        seen.push((id, file));
    }
    Ok(())
}

//! The commands behind the CLI, as library functions: `build`, `export`, `fix`.
//! They read sources, run the pipeline and write outputs; main.rs only parses
//! arguments, prints and maps errors to exit codes.

pub mod build;
pub mod export;
pub mod fix;
pub mod stale;

use std::path::PathBuf;

use thiserror::Error;

use crate::export::{ExportError, Note};
use crate::limits::Limits;
use crate::output::guard::GuardError;
use crate::parse::similarity::Thresholds;
use crate::parse::{Parsed, Settings, parse_with};
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
    #[error(transparent)]
    Guard(#[from] GuardError),
    #[error("{} outputs are refused:\n  {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))]
    Refused(Vec<GuardError>),
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

    pub fn write(path: &std::path::Path, source: std::io::Error) -> CommandError {
        CommandError::Write {
            path: crate::source::display_path(path),
            source,
        }
    }
}

/// Told to a progress display as each bank is done.
#[derive(Debug, Clone, Copy, Default)]
pub struct BankDone {
    /// Pages the bank's outputs have (PDF), 0 for other formats.
    pub pages: usize,
}

/// What a user should hear about a run besides the files it wrote.
#[derive(Debug, Default)]
pub struct Notices {
    /// Temp files of an interrupted run, removed from the output directory.
    pub removed_temps: Vec<PathBuf>,
    /// Banks with content errors found while parsing, with their count.
    pub with_errors: Vec<(String, usize)>,
    /// Banks in which no question was found.
    pub without_questions: Vec<String>,
    /// Backends' warnings, each with the bank (and format) it is about.
    pub notes: Vec<(String, Note)>,
    /// Files qbank did not write that `--force` replaced, with what they were.
    pub forced: Vec<(String, String)>,
}

impl Notices {
    /// What parsing one bank has to say.
    pub fn of_bank(parsed: &Parsed) -> Notices {
        let path = &parsed.document.source.path;
        let errors = content_errors(parsed);
        Notices {
            with_errors: if errors > 0 {
                vec![(path.clone(), errors)]
            } else {
                Vec::new()
            },
            without_questions: if parsed.document.questions.is_empty() {
                vec![path.clone()]
            } else {
                Vec::new()
            },
            ..Notices::default()
        }
    }

    pub fn add_notes(&mut self, about: &str, notes: Vec<Note>) {
        self.notes
            .extend(notes.into_iter().map(|note| (about.to_owned(), note)));
    }

    pub fn extend(&mut self, other: Notices) {
        self.removed_temps.extend(other.removed_temps);
        self.with_errors.extend(other.with_errors);
        self.without_questions.extend(other.without_questions);
        self.notes.extend(other.notes);
        self.forced.extend(other.forced);
    }
}

/// Error-level findings the parser made: content that exports may render wrongly.
pub fn content_errors(parsed: &Parsed) -> usize {
    parsed
        .findings
        .iter()
        .filter(|f| f.rule.severity == crate::diag::Severity::Error)
        .count()
}

/// Removes the temp files an interrupted run left in the output directory `dir`.
pub fn remove_stale_temps(dir: &std::path::Path) -> Result<Vec<PathBuf>, CommandError> {
    crate::output::remove_stale_temps(dir).map_err(|e| CommandError::write(dir, e))
}

/// Reads and parses one file within `limits`, linking questions that ask
/// the same thing by `similarity`.
pub fn load(
    path: &std::path::Path,
    limits: &Limits,
    similarity: &Thresholds,
) -> Result<Parsed, CommandError> {
    let src = Source::read(path, limits.max_file_size)?;
    let settings = Settings {
        max_depth: limits.max_depth,
        similarity: *similarity,
    };
    Ok(parse_with(&src, &settings))
}

/// Whether a run with these backends colours code: `highlight` asked for
/// and a backend that shows colours among them. The cache is opened then.
pub struct Highlighting {
    pub on: bool,
    pub cache: Option<crate::highlight::cache::Cache>,
}

impl Highlighting {
    pub fn new(highlight: bool, backends: &[&dyn crate::export::Backend]) -> Highlighting {
        let on = highlight && backends.iter().any(|b| b.shows_highlighting());
        Highlighting {
            on,
            cache: if on {
                crate::highlight::cache::Cache::open_default()
            } else {
                None
            },
        }
    }

    /// Colours the code of a parsed bank, and tells of blocks left plain
    /// past the safety time limit (the only outcome that depends on timing).
    pub fn apply(&self, parsed: &mut Parsed, notices: &mut Notices) {
        if !self.on {
            return;
        }
        let highlights = crate::highlight::document(&parsed.document, self.cache.as_ref());
        if highlights.timed_out > 0 {
            notices.notes.push((
                parsed.document.source.path.clone(),
                crate::export::Note {
                    summary: format!(
                        "{} code block(s) left uncoloured: highlighting took longer than {} s",
                        highlights.timed_out,
                        crate::highlight::engine::SAFETY_LIMIT.as_secs()
                    ),
                    details: Vec::new(),
                },
            ));
        }
        parsed.document.highlights = highlights;
    }
}

/// The file name qbank gives a document's output in a directory: `<id>.<ext>`.
pub fn output_name(id: &str, backend: &dyn crate::export::Backend) -> String {
    format!("{id}.{}", backend.extension())
}

/// Two files whose stems slug to the same id would overwrite each other's outputs.
pub fn check_unique_ids(files: &[PathBuf]) -> Result<(), CommandError> {
    let mut seen: Vec<(String, &PathBuf)> = Vec::new();
    for file in files {
        let id = crate::source::document_id_of(file);
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

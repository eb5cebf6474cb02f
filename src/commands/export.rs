//! `qbank export FORMAT FILE...`: some files through one backend, to standard
//! output, to one file, or to one file per document in a directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::{CommandError, load};
use crate::export::{Backend, Rendered, Selection};
use crate::ir::Document;

/// Where `export` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
    Directory(PathBuf),
}

impl Target {
    /// `-` or nothing: stdout; an existing directory or a path ending in `/`:
    /// a directory; anything else: a file.
    pub fn from_arg(arg: Option<&Path>) -> Target {
        match arg {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            Some(p) if p.is_dir() || p.to_string_lossy().ends_with(['/', '\\']) => {
                Target::Directory(p.to_owned())
            }
            Some(p) => Target::File(p.to_owned()),
        }
    }
}

/// What an export did: the files it wrote and the documents it read.
pub struct Exported {
    pub written: Vec<PathBuf>,
    pub documents: Vec<Document>,
    /// Documents with content errors found while parsing, with their count.
    pub with_errors: Vec<(String, usize)>,
    /// The backend's warnings about what it wrote, each naming its document.
    pub notes: Vec<String>,
    /// Temp files of an interrupted run, removed from the output directory.
    pub removed_temps: Vec<PathBuf>,
}

/// Exports `files` with `backend` to `target`.
pub fn export(
    backend: &dyn Backend,
    selection: &Selection,
    files: &[PathBuf],
    target: &Target,
    limits: &crate::limits::Limits,
) -> Result<Exported, CommandError> {
    // Several documents to one file or stream: concatenated, bundled (an
    // EPUB with a chapter each), or refused.
    let one_output = matches!(target, Target::File(_) | Target::Stdout);
    let bundler = match backend.bundler() {
        _ if !one_output || files.len() < 2 || backend.concatenates() => None,
        Some(bundler) => Some(bundler),
        None => {
            let destination = match target {
                Target::File(path) => format!("one {} file ({})", backend.name(), path.display()),
                _ => format!("one {} stream on standard output", backend.name()),
            };
            return Err(CommandError::Usage(format!(
                "{} documents cannot go into {destination}; name a directory with `-o DIR/`",
                files.len(),
            )));
        }
    };
    super::check_unique_ids(files)?;
    if target == &Target::Stdout
        && backend.binary()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(CommandError::Usage(format!(
            "{} is a binary format; name a file with `-o FILE` or redirect standard output",
            backend.name()
        )));
    }
    let bundling = bundler.is_some();
    let loaded: Vec<(Document, usize, Option<Rendered>)> =
        crate::schedule::largest_first(files, |file| {
            let parsed = load(file, limits)?;
            let errors = super::content_errors(&parsed);
            let rendered = if bundling {
                None
            } else {
                Some(backend.render(&parsed.document, selection)?)
            };
            Ok((parsed.document, errors, rendered))
        })
        .into_iter()
        .collect::<Result<_, CommandError>>()?;
    let mut documents = Vec::with_capacity(loaded.len());
    let mut outputs = Vec::with_capacity(loaded.len());
    let mut with_errors = Vec::new();
    let mut notes = Vec::new();
    for (document, errors, rendered) in loaded {
        if errors > 0 {
            with_errors.push((document.source.path.clone(), errors));
        }
        if let Some(rendered) = rendered {
            let path = &document.source.path;
            notes.extend(rendered.notes.iter().map(|n| format!("{path}: {n}")));
            outputs.push((document.id.clone(), rendered.bytes));
        }
        documents.push(document);
    }
    if let Some(bundler) = bundler {
        let all: Vec<&Document> = documents.iter().collect();
        let book = bundler.render_bundle(&all, selection)?;
        notes.extend(
            book.notes
                .iter()
                .map(|n| format!("{}: {n}", backend.name())),
        );
        outputs.push((String::new(), book.bytes));
    }
    let removed_temps = match target {
        Target::Stdout => Vec::new(),
        Target::File(path) => super::remove_stale_temps(crate::output::directory_of(path))?,
        Target::Directory(dir) => super::remove_stale_temps(dir)?,
    };
    let written = write(outputs, backend, target)?;
    Ok(Exported {
        written,
        documents,
        with_errors,
        notes,
        removed_temps,
    })
}

fn write(
    rendered: Vec<(String, Vec<u8>)>,
    backend: &dyn Backend,
    target: &Target,
) -> Result<Vec<PathBuf>, CommandError> {
    match target {
        Target::Stdout => {
            let mut stdout = std::io::stdout().lock();
            for (_, bytes) in &rendered {
                match stdout.write_all(bytes) {
                    // The reader went away (`| head`): stop quietly.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
                    Err(e) => return Err(CommandError::write(Path::new("<stdout>"), e)),
                    Ok(()) => {}
                }
            }
            Ok(Vec::new())
        }
        Target::File(path) => {
            let bytes: Vec<u8> = rendered.into_iter().flat_map(|(_, b)| b).collect();
            crate::output::write_atomic(path, &bytes).map_err(|e| CommandError::write(path, e))?;
            Ok(vec![path.clone()])
        }
        Target::Directory(dir) => rendered
            .into_iter()
            .map(|(id, bytes)| {
                let name = format!("{id}.{}", backend.extension());
                crate::output::write_in(dir, &name, &bytes)
                    .map_err(|e| CommandError::write(&dir.join(&name), e))
            })
            .collect(),
    }
}

//! Checks made before a command reads or writes anything, so that qbank
//! never destroys a file it did not make: an output that is one of the
//! inputs, an existing file of another format (unless `--force`), a Markdown
//! file (never), a directory that cannot be written. Special files (a FIFO, a
//! terminal, `/dev/null`) are written through rather than replaced.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::sniff::{self, Format};
use crate::source::display_path;

/// Why an output is refused.
#[derive(Debug, Error)]
pub enum GuardError {
    #[error("{output} is {}; qbank never writes over its own input: name another output", if output == input { "one of the inputs".to_owned() } else { format!("the input {input} (the same file)") })]
    IsInput { output: String, input: String },
    #[error(
        "{path} exists and is {found}, not {expected}; qbank replaces only files of the format it writes: name another path, or add --force to replace it"
    )]
    Foreign {
        path: String,
        found: &'static str,
        expected: &'static str,
    },
    #[error("{path}: qbank never writes an export over a Markdown file (*.md), even with --force")]
    Markdown { path: String },
    #[error(
        "{path} is a directory; name a file inside it, or end the path with `/` to write one file per bank"
    )]
    Directory { path: String },
    #[error("{path}: cannot write in this directory")]
    Unwritable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot read it to tell what it is")]
    Unreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// How an accepted output is to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// A regular file, or nothing yet: written atomically (temp file, rename).
    Replace,
    /// A FIFO, a device or a terminal: opened and written in place, never
    /// replaced (replacing `/dev/null` or a FIFO a reader waits on would be
    /// wrong twice over).
    WriteThrough,
}

/// The inputs of a command, by identity: the same file reached by another
/// name (a link, `./`, a hard link) is still the same file.
pub struct Inputs {
    files: Vec<(PathBuf, Option<FileId>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    device: u64,
    inode: u64,
}

impl Inputs {
    pub fn new(paths: &[PathBuf]) -> Inputs {
        Inputs {
            files: paths.iter().map(|p| (p.clone(), file_id(p))).collect(),
        }
    }

    /// The input that `output` is, if it is one.
    fn find(&self, output: &Path) -> Option<&Path> {
        let id = file_id(output)?;
        self.files
            .iter()
            .find(|(_, input)| *input == Some(id))
            .map(|(path, _)| path.as_path())
    }
}

/// Checks that `path` may receive `format`: it is not an input, not Markdown,
/// and, if it exists, a file of that format (or empty), unless `force`; its
/// directory exists or can be made, and can be written.
pub fn check(
    path: &Path,
    format: Format,
    inputs: &Inputs,
    force: bool,
) -> Result<Disposition, GuardError> {
    let shown = || display_path(path);
    if let Some(input) = inputs.find(path) {
        return Err(GuardError::IsInput {
            output: shown(),
            input: display_path(input),
        });
    }
    let resolved = std::fs::canonicalize(path).ok();
    if is_markdown(path) || resolved.as_deref().is_some_and(is_markdown) {
        return Err(GuardError::Markdown { path: shown() });
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(GuardError::Directory { path: shown() }),
        Ok(meta) if !meta.is_file() || is_device_path(path) => {
            return Ok(Disposition::WriteThrough);
        }
        Ok(meta) if meta.len() > 0 && !force => {
            let head = sniff::head_of(path).map_err(|source| GuardError::Unreadable {
                path: shown(),
                source,
            })?;
            if !format.matches(&head) {
                return Err(GuardError::Foreign {
                    path: shown(),
                    found: sniff::describe(&head),
                    expected: format.label(),
                });
            }
        }
        _ => {}
    }
    writable(super::directory_of(path))?;
    Ok(Disposition::Replace)
}

/// Whether qbank may create files in `dir`, made if missing: checked by
/// making (and dropping) a temp file there, which is what writing will do.
pub fn writable(dir: &Path) -> Result<(), GuardError> {
    let unwritable = |source| GuardError::Unwritable {
        path: display_path(dir),
        source,
    };
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    super::probe(dir).map_err(unwritable)
}

/// Paths under `/dev/` and `/proc/` name devices and descriptors
/// (`/dev/stdout` leads to whatever standard output is, a regular file when
/// redirected): they are written through even when they lead to a file.
fn is_device_path(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    absolute.starts_with("/dev") || absolute.starts_with("/proc")
}

fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "mdown", "mkd"].contains(&e.to_ascii_lowercase().as_str())
    })
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(FileId {
        device: meta.dev(),
        inode: meta.ino(),
    })
}

/// Elsewhere the canonical path stands for the file.
#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    use std::hash::{Hash, Hasher};
    let canonical = std::fs::canonicalize(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut hasher);
    Some(FileId {
        device: 0,
        inode: hasher.finish(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inputs_markdown_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let bank = dir.path().join("bank.md");
        std::fs::write(&bank, "# Bank\n").unwrap();
        let inputs = Inputs::new(std::slice::from_ref(&bank));
        let err = check(&bank, Format::Json, &inputs, true).unwrap_err();
        assert!(matches!(err, GuardError::IsInput { .. }), "{err}");
        // The same file by another name.
        let other_name = dir.path().join(".").join("bank.md");
        assert!(matches!(
            check(&other_name, Format::Json, &inputs, false),
            Err(GuardError::IsInput { .. })
        ));
        let notes = dir.path().join("notes.md");
        assert!(matches!(
            check(&notes, Format::Pdf, &inputs, true),
            Err(GuardError::Markdown { .. })
        ));
        let data = dir.path().join("data.json");
        std::fs::write(&data, "{\"name\": \"mine\"}").unwrap();
        let err = check(&data, Format::Json, &inputs, false).unwrap_err();
        assert!(
            err.to_string().contains("JSON that qbank did not write"),
            "{err}"
        );
        assert_eq!(
            check(&data, Format::Json, &inputs, true).unwrap(),
            Disposition::Replace
        );
        let empty = dir.path().join("empty.pdf");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(
            check(&empty, Format::Pdf, &inputs, false).unwrap(),
            Disposition::Replace
        );
        assert!(matches!(
            check(dir.path(), Format::Pdf, &inputs, false),
            Err(GuardError::Directory { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_written_through() {
        let inputs = Inputs::new(&[]);
        assert_eq!(
            check(Path::new("/dev/null"), Format::Pdf, &inputs, false).unwrap(),
            Disposition::WriteThrough
        );
    }
}

//! Checks made before a command reads or writes anything, so that qbank
//! never destroys a file it did not make: an output that is one of the
//! inputs, a Markdown file (never), an existing file qbank did not write
//! (unless `--force`), a directory that cannot be written. Special files (a
//! FIFO, `/dev/null`) are written through rather than replaced, and a binary
//! format never goes to a terminal.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::sniff::{Format, Sample};
use crate::source::display_path;

/// Why an output is refused.
#[derive(Debug, Error)]
pub enum GuardError {
    #[error(
        "{output} is {}; qbank never writes over its own input: name another output",
        same_file(output, input)
    )]
    IsInput { output: String, input: String },
    #[error(
        "{path} exists and is {found}; qbank replaces only {expected} it wrote: name another path, or add --force to replace it"
    )]
    Foreign {
        path: String,
        found: String,
        expected: &'static str,
    },
    #[error("{path}: qbank never writes an export over a Markdown file (*.md), even with --force")]
    Markdown { path: String },
    #[error(
        "{path} is a symbolic link to {target}, which does not exist; qbank follows a link it is given: create the target, or name another output"
    )]
    DanglingLink { path: String, target: String },
    #[error("{path} is a directory, not a file")]
    Directory { path: String },
    #[error("cannot write {output}: {path} is a file, not a directory")]
    NotADirectory { path: String, output: String },
    #[error("{path} is a terminal, and {format} is binary: name a file, or redirect to one")]
    Terminal { path: String, format: &'static str },
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

fn same_file(output: &str, input: &str) -> String {
    if output == input {
        "one of the inputs".to_owned()
    } else {
        format!("the input {input} (the same file)")
    }
}

/// How an accepted output is to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// A regular file qbank wrote, or nothing yet: written atomically (temp
    /// file, rename).
    Replace,
    /// A file qbank did not write, replaced because of `--force`: the user
    /// hears what it was.
    Forced { was: String },
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
        let id = |path: &PathBuf| {
            if crate::source::stdin::is_stdin(path) {
                stdin_id()
            } else {
                file_id(path)
            }
        };
        Inputs {
            files: paths.iter().map(|p| (p.clone(), id(p))).collect(),
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
/// and, if it exists, a file qbank wrote (or empty), unless `force`. A
/// `binary` format never goes to a terminal. Whether its directory can be
/// written is [`writable_for`]'s to say, once a directory.
pub fn check(
    path: &Path,
    format: Format,
    binary: bool,
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
    // Only a link can lead to a file of another name (a linked directory
    // above it keeps the name): resolve links only.
    let resolved = if path.is_symlink() {
        std::fs::canonicalize(path).ok()
    } else {
        None
    };
    if is_markdown(path) || resolved.as_deref().is_some_and(is_markdown) {
        return Err(GuardError::Markdown { path: shown() });
    }
    if path.is_symlink() && resolved.is_none() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Err(GuardError::DanglingLink {
            path: shown(),
            target: display_path(&target),
        });
    }
    let mut disposition = Disposition::Replace;
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(GuardError::Directory { path: shown() }),
        Ok(meta) if !meta.is_file() => {
            if binary && is_terminal(path) {
                return Err(GuardError::Terminal {
                    path: shown(),
                    format: format.label(),
                });
            }
            return Ok(Disposition::WriteThrough);
        }
        Ok(meta) if meta.len() > 0 => {
            let sample = Sample::of(path).map_err(|source| GuardError::Unreadable {
                path: shown(),
                source,
            })?;
            if !format.may_replace(&sample) {
                let found = sample.describe();
                if !force {
                    return Err(GuardError::Foreign {
                        path: shown(),
                        found,
                        expected: format.label(),
                    });
                }
                disposition = Disposition::Forced { was: found };
            }
        }
        _ => {}
    }
    // A descriptor the shell opened on a file: judged as that file above,
    // then written through, since the shell owns it.
    if is_descriptor_path(path) {
        return Ok(Disposition::WriteThrough);
    }
    Ok(disposition)
}

/// Whether qbank may create files in `dir`: checked by making (and dropping)
/// a temp file there, which is what writing will do. A directory that does
/// not exist yet is not made here (a run that fails later must leave nothing
/// behind): its nearest existing ancestor must be a directory qbank can
/// write in.
pub fn writable(dir: &Path) -> Result<(), GuardError> {
    writable_for(dir, dir)
}

/// [`writable`], naming `output` (a file in `dir`, or `dir`) in its errors.
pub fn writable_for(dir: &Path, output: &Path) -> Result<(), GuardError> {
    let existing = dir
        .ancestors()
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .find(|a| std::fs::symlink_metadata(a).is_ok())
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        return Err(GuardError::NotADirectory {
            path: display_path(existing),
            output: display_path(output),
        });
    }
    super::probe(existing).map_err(|err| GuardError::Unwritable {
        path: display_path(existing),
        // Without the temp file's name, which the user never chose.
        source: err.raw_os_error().map_or_else(
            || std::io::Error::from(err.kind()),
            std::io::Error::from_raw_os_error,
        ),
    })
}

/// Refuses standard output when it is a file that is one of the inputs
/// (`qbank export json bank.md >> bank.md`), as `cat` does.
pub fn check_stdout(inputs: &Inputs) -> Result<(), GuardError> {
    match (
        stdout_id(),
        inputs
            .files
            .iter()
            .find(|(_, id)| id.is_some() && *id == stdout_id()),
    ) {
        (Some(_), Some((input, _))) => Err(GuardError::IsInput {
            output: "standard output".to_owned(),
            input: display_path(input),
        }),
        _ => Ok(()),
    }
}

/// Whether `a` and `b` name one place, existing or not: the same file, or
/// the same name in the same directory (`deck.csv` and `./deck.csv`).
pub fn same_destination(a: &Path, b: &Path) -> bool {
    if let (Some(x), Some(y)) = (file_id(a), file_id(b)) {
        return x == y;
    }
    let place = |path: &Path| {
        let dir = super::directory_of(path);
        let dir = std::fs::canonicalize(dir)
            .or_else(|_| std::path::absolute(dir))
            .unwrap_or_else(|_| dir.to_owned());
        (dir, path.file_name().map(|n| n.to_owned()))
    };
    a == b || place(a) == place(b)
}

fn is_terminal(path: &Path) -> bool {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .is_ok_and(|file| std::io::IsTerminal::is_terminal(&file))
}

/// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` name an
/// open descriptor, which leads to a regular file when the shell redirected
/// it: that file is the shell's, written through (appended to), never
/// replaced. Any other path, under /dev or not, is judged by what it is.
fn is_descriptor_path(path: &Path) -> bool {
    let Some(text) = path.to_str() else {
        return false;
    };
    let numbered = |prefix: &str| {
        text.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    matches!(text, "/dev/stdout" | "/dev/stderr")
        || numbered("/dev/fd/")
        || numbered("/proc/self/fd/")
}

use crate::source::is_markdown;

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(FileId {
        device: meta.dev(),
        inode: meta.ino(),
    })
}

/// The file standard input reads, when it is one (`< bank.md`).
#[cfg(unix)]
fn stdin_id() -> Option<FileId> {
    use std::os::fd::AsFd;
    descriptor_id(std::io::stdin().as_fd())
}

/// The file standard output writes, when it is one (`> out.json`).
#[cfg(unix)]
fn stdout_id() -> Option<FileId> {
    use std::os::fd::AsFd;
    descriptor_id(std::io::stdout().as_fd())
}

#[cfg(unix)]
fn descriptor_id(fd: std::os::fd::BorrowedFd) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::File::from(fd.try_clone_to_owned().ok()?)
        .metadata()
        .ok()?;
    meta.is_file().then(|| FileId {
        device: meta.dev(),
        inode: meta.ino(),
    })
}

#[cfg(not(unix))]
fn stdin_id() -> Option<FileId> {
    None
}

#[cfg(not(unix))]
fn stdout_id() -> Option<FileId> {
    None
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
        let err = check(&bank, Format::Json, false, &inputs, true).unwrap_err();
        assert!(matches!(err, GuardError::IsInput { .. }), "{err}");
        // The same file by another name.
        let other_name = dir.path().join(".").join("bank.md");
        assert!(matches!(
            check(&other_name, Format::Json, false, &inputs, false),
            Err(GuardError::IsInput { .. })
        ));
        let notes = dir.path().join("notes.md");
        assert!(matches!(
            check(&notes, Format::Pdf, true, &inputs, true),
            Err(GuardError::Markdown { .. })
        ));
        let data = dir.path().join("data.json");
        std::fs::write(&data, "{\"name\": \"mine\"}").unwrap();
        let err = check(&data, Format::Json, false, &inputs, false).unwrap_err();
        assert!(
            err.to_string().contains("JSON qbank did not write"),
            "{err}"
        );
        assert_eq!(
            check(&data, Format::Json, false, &inputs, true).unwrap(),
            Disposition::Forced {
                was: "JSON qbank did not write".into()
            }
        );
        let empty = dir.path().join("empty.pdf");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(
            check(&empty, Format::Pdf, true, &inputs, false).unwrap(),
            Disposition::Replace
        );
        assert!(matches!(
            check(dir.path(), Format::Pdf, true, &inputs, false),
            Err(GuardError::Directory { .. })
        ));
    }

    #[test]
    fn a_missing_directory_is_not_made_and_a_file_is_no_directory() {
        let dir = tempfile::tempdir().unwrap();
        writable(&dir.path().join("new/deeper")).unwrap();
        assert!(!dir.path().join("new").exists());
        std::fs::write(dir.path().join("plain"), "x").unwrap();
        let err = writable(&dir.path().join("plain/sub")).unwrap_err();
        assert!(matches!(err, GuardError::NotADirectory { .. }), "{err}");
        assert!(
            err.to_string().contains("plain is a file, not a directory"),
            "{err}"
        );
    }

    #[test]
    fn one_place_under_two_names_is_one_destination() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("deck.csv");
        let same = dir.path().join("sub/../deck.csv");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(same_destination(
            &deck,
            &dir.path().join(".").join("deck.csv")
        ));
        assert!(same_destination(&deck, &same));
        assert!(!same_destination(&deck, &dir.path().join("deck.txt")));
    }

    #[test]
    fn only_descriptor_paths_are_written_through_by_name() {
        for path in [
            "/dev/stdout",
            "/dev/stderr",
            "/dev/fd/1",
            "/proc/self/fd/12",
        ] {
            assert!(is_descriptor_path(Path::new(path)), "{path}");
        }
        for path in [
            "/dev/shm/notes.txt",
            "/dev/fd/",
            "/dev/../home/x.json",
            "/proc/self/fd/x",
        ] {
            assert!(!is_descriptor_path(Path::new(path)), "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_written_through() {
        let inputs = Inputs::new(&[]);
        assert_eq!(
            check(Path::new("/dev/null"), Format::Pdf, true, &inputs, false).unwrap(),
            Disposition::WriteThrough
        );
    }
}

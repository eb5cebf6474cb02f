//! Which banks a command reads: the paths it was given, with directories
//! searched recursively for `*.md` (and `*.markdown`) as ripgrep searches
//! them (hidden and git-ignored paths skipped, the `ignore` crate), and `-`
//! for standard input.
//! `build`, `lint` and `fix` all expand their paths here, so they agree on
//! what a directory holds and on what an empty one means.

use std::path::{Path, PathBuf};

use super::{SourceError, display_path, stdin};

/// The banks `paths` name, in order: files as given, directories' `*.md`
/// files sorted by path, `-` (standard input) once. A path named twice is
/// read once. A directory without a bank, or a path that does not exist, is
/// an error: a command that reads nothing must not pass.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SourceError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if stdin::is_stdin(path) {
            files.push(path.clone());
        } else if path.is_dir() {
            let found = markdown_files_in(path).map_err(|source| SourceError::List {
                path: display_path(path),
                source,
            })?;
            if found.is_empty() {
                return Err(SourceError::NoBanks {
                    path: display_path(path),
                    skipped: skipped_banks(path),
                });
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(SourceError::Missing {
                path: display_path(path),
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.clone())));
    Ok(files)
}

/// The Markdown files in `dir` and below, sorted by path. Hidden files and
/// directories and what `.gitignore`, `.ignore` or git's exclude files leave
/// out are skipped. A symbolic link to a file is followed only inside `dir`:
/// content from a pull request must not make qbank read (and publish) a file
/// elsewhere on the machine, so a link out of `dir` is an error. Links to
/// directories are not followed.
pub fn markdown_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let root = std::fs::canonicalize(dir)?;
    let mut files = Vec::new();
    // Only ignore files in the tree itself (and its parents) count, inside a
    // git checkout or not: a developer's global excludes or .git/info/exclude
    // must not make their build differ from CI's, nor a tarball of the
    // content differ from its checkout.
    let walk = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .build();
    for entry in walk {
        let entry = entry.map_err(walk_error)?;
        let path = entry.path();
        let is_markdown = super::is_markdown(path);
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if !is_markdown || kind.is_dir() {
            continue;
        }
        if kind.is_symlink() {
            let Ok(target) = std::fs::canonicalize(path) else {
                continue; // a dangling link holds no bank
            };
            if !target.starts_with(&root) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "{} is a symbolic link to {}, outside {}; qbank follows links only inside the directory it reads",
                        display_path(path),
                        display_path(&target),
                        display_path(dir)
                    ),
                ));
            }
            if !target.is_file() {
                continue;
            }
        } else if !kind.is_file() {
            continue;
        }
        files.push(path.to_owned());
    }
    files.sort();
    Ok(files)
}

/// How many Markdown files under `dir` the search passed over (hidden or
/// ignored), for the message that says it found none.
fn skipped_banks(dir: &Path) -> usize {
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .filter(|entry| super::is_markdown(entry.path()))
        .count()
}

/// The walk's error as I/O, keeping the path it names and its cause.
fn walk_error(err: ignore::Error) -> std::io::Error {
    let kind = err
        .io_error()
        .map_or(std::io::ErrorKind::Other, |io| io.kind());
    std::io::Error::new(kind, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, files: &[PathBuf]) -> Vec<String> {
        files
            .iter()
            .map(|f| display_path(f.strip_prefix(dir).unwrap()))
            .collect()
    }

    #[test]
    fn searches_subdirectories_and_skips_hidden_and_ignored_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for path in [
            "a.md",
            "notes.txt",
            "nested/deeper/b.md",
            ".hidden/c.md",
            ".d.md",
            "drafts/d.md",
            "kept/e.md",
            "old/f.md",
            "G.MD",
            "h.markdown",
        ] {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "# x").unwrap();
        }
        // `.ignore` and `.gitignore` apply, inside a git checkout or not.
        std::fs::write(root.join(".ignore"), "drafts/\n").unwrap();
        std::fs::write(root.join(".gitignore"), "old/\n").unwrap();
        assert_eq!(
            names(root, &markdown_files_in(root).unwrap()),
            [
                "G.MD",
                "a.md",
                "h.markdown",
                "kept/e.md",
                "nested/deeper/b.md"
            ]
        );
    }

    #[test]
    fn an_empty_or_missing_directory_is_an_error_and_repeats_collapse() {
        let dir = tempfile::tempdir().unwrap();
        let err = expand(&[dir.path().to_owned()]).unwrap_err();
        assert!(matches!(err, SourceError::NoBanks { .. }), "{err}");
        let err = expand(&[dir.path().join("nope")]).unwrap_err();
        assert!(matches!(err, SourceError::Missing { .. }), "{err}");
        std::fs::write(dir.path().join("a.md"), "# a").unwrap();
        let file = dir.path().join("a.md");
        let files = expand(&[dir.path().to_owned(), file.clone()]).unwrap();
        assert_eq!(files, [file]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_inside_the_directory() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.md");
        std::fs::write(&secret, "# secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# a").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "# b").unwrap();
        std::os::unix::fs::symlink(dir.path().join("sub/b.txt"), dir.path().join("b.md")).unwrap();
        assert_eq!(
            names(dir.path(), &markdown_files_in(dir.path()).unwrap()),
            ["a.md", "b.md"]
        );
        std::os::unix::fs::symlink(&secret, dir.path().join("c.md")).unwrap();
        let err = markdown_files_in(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("c.md is a symbolic link to"),
            "{err}"
        );
        assert!(err.to_string().contains("secret.md, outside"), "{err}");
    }
}

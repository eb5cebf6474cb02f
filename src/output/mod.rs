//! Writing outputs: atomically (a temp file in the target directory, then a
//! rename), so that a failed or killed run leaves the previous file whole.
//!
//! A run killed mid-write leaves its temp file (`.qbank-*.tmp`) behind; the
//! next run into that directory removes it first. A writer holds a lock on its
//! temp file while it lives, so a run never removes another live run's file:
//! the kernel drops the lock of a killed process.
//!
//! There is no fsync: a killed process cannot tear a renamed file, and outputs
//! are regenerated from content/, so surviving a power cut is not worth the
//! millisecond a sync costs every file (a thousand of them in a large build).
//!
//! Before anything is written, `guard` decides whether a path may be written
//! at all, from what `sniff` sees in it.

pub mod guard;
pub mod sniff;

use std::io::Write;
use std::path::{Path, PathBuf};

const TEMP_PREFIX: &str = ".qbank-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path`, a path the user named, atomically, creating the
/// parent directory. An existing file keeps its permissions, and a symbolic
/// link keeps pointing where it did: the file it points to is the one replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(path, bytes)?.commit()
}

/// Writes `bytes` into the special file at `path` (a FIFO, a device, a
/// descriptor under `/dev/fd`) without replacing it. Appending is right for
/// each of them, and for a regular file reached through `/dev/stdout`: the
/// shell opened it and other output may be in it already.
pub fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)?
        .write_all(bytes)
}

/// An output written to its temp file, not yet in place: a command that
/// writes several files (a deck and its manifest) stages them all first, so
/// that a failure leaves none of them changed.
pub struct Staged {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the file into place.
    pub fn commit(self) -> std::io::Result<()> {
        self.temp.persist(&self.path).map_err(|err| err.error)?;
        Ok(())
    }
}

/// Writes `bytes` to a temp file beside `path`, a path the user named, ready
/// to replace it. A symbolic link keeps pointing where it did: the file it
/// points to is the one replaced.
pub fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    if path.is_symlink() {
        return stage_over(&std::fs::canonicalize(path)?, bytes);
    }
    stage_over(path, bytes)
}

/// Checks that files can be created in `dir`, by creating one and dropping it.
pub fn probe(dir: &Path) -> std::io::Result<()> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map(drop)
}

/// Writes `bytes` atomically to the file `name` in `dir`, where qbank chose the
/// name (`<id>.<ext>`). A symbolic link found there is replaced, never
/// followed: an output directory that came with the content must not steer
/// writes outside it. `name` must be a plain file name.
pub fn write_in(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let staged = stage_in(dir, name, bytes)?;
    let path = staged.path.clone();
    staged.commit()?;
    Ok(path)
}

/// [`write_in`]'s first half: the temp file, not yet in place.
pub fn stage_in(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<Staged> {
    let plain = Path::new(name).file_name().is_some_and(|n| n == name) && name != "..";
    if !plain || name.contains(['/', '\\']) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("`{name}` is not a plain file name"),
        ));
    }
    stage_over(&dir.join(name), bytes)
}

/// A temp file holding `bytes` beside `path`, ready to replace whatever is
/// there (a link itself, not its target). An existing file's permissions
/// carry over.
fn stage_over(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let existing_permissions = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions());
    let dir = directory_of(path);
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    if let Some(permissions) = new_file_permissions() {
        // Given at creation, so that the umask applies as to any new file.
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.as_file().lock()?;
    temp.write_all(bytes)?;
    if let Some(permissions) = existing_permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    Ok(Staged {
        temp,
        path: path.to_owned(),
    })
}

/// The directory `path` is in: its parent, or `.` for a bare file name.
pub fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Removes the temp files that killed runs left in `dir` (not its
/// subdirectories) and returns them. Missing directories have none.
pub fn remove_stale_temps(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        other => other?,
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_temp = name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX);
        if !is_temp || !entry.file_type()?.is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        // Locked: a live run is writing it.
        if file.try_lock().is_ok() {
            std::fs::remove_file(&path)?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}

/// tempfile creates 0600 files on Unix; a new output is an ordinary file,
/// 0666 less the umask, as `touch` or a shell redirection makes it.
/// Elsewhere the temp file's defaults are right.
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn derived_names_replace_links_instead_of_following_them() {
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("bank.json")).unwrap();
        let written = write_in(dir.path(), "bank.json", b"{}").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(!written.is_symlink());
        assert_eq!(std::fs::read(&written).unwrap(), b"{}");
        for bad in ["..", "a/b.json", "../x.json", "", "a\\b.json"] {
            assert!(write_in(dir.path(), bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn stale_temps_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".qbank-abc123.tmp");
        std::fs::write(&stale, "half").unwrap();
        let live = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir.path())
            .unwrap();
        live.as_file().lock().unwrap();
        let other = dir.path().join("notes.tmp");
        std::fs::write(&other, "mine").unwrap();
        assert_eq!(
            remove_stale_temps(dir.path()).unwrap(),
            std::slice::from_ref(&stale)
        );
        assert!(!stale.exists() && live.path().exists() && other.exists());
        assert!(
            remove_stale_temps(&dir.path().join("missing"))
                .unwrap()
                .is_empty()
        );
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bank.md");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(link.is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

//! Stale exports: files a build wrote for a bank that no longer exists. A
//! renamed or deleted bank otherwise leaves its exports behind forever.
//! `build` records the names it writes in `<out>/.qbank-exports`; only a
//! recorded file can be stale, so a handout, a book or JSON lines that you
//! exported into the same folder yourself are never named, let alone
//! removed, and neither is a file that has since lost qbank's mark (you
//! replaced it).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::commands::CommandError;
use crate::source::{display_path, document_id_of};

/// The name of the record in a build's output directory.
pub const RECORD: &str = ".qbank-exports";

const HEADER: &str = "# qbank build record 1: the files `qbank build` wrote here, one a line\n";

/// The file names the last builds into `dir` recorded.
pub fn recorded(dir: &Path) -> Result<BTreeSet<String>, CommandError> {
    let text = match std::fs::read_to_string(dir.join(RECORD)) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        other => other.map_err(|source| CommandError::List {
            path: display_path(&dir.join(RECORD)),
            source,
        })?,
    };
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#') && is_plain_name(line))
        .map(str::to_owned)
        .collect())
}

/// The recorded exports in `dir` whose bank is not among `banks`, and that
/// still carry qbank's mark.
pub fn find(dir: &Path, record: &BTreeSet<String>, banks: &[PathBuf]) -> Vec<PathBuf> {
    let ids: HashSet<String> = banks.iter().map(|b| document_id_of(b)).collect();
    record
        .iter()
        .filter_map(|name| {
            let (id, format) = export_name(name)?;
            let path = dir.join(name);
            let ours = !ids.contains(id)
                && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
                && crate::output::sniff::Sample::of(&path).is_ok_and(|s| format.may_replace(&s));
            ours.then_some(path)
        })
        .collect()
}

/// Removes `files`.
pub fn remove(files: &[PathBuf]) -> std::io::Result<()> {
    files.iter().try_for_each(std::fs::remove_file)
}

/// Writes the record of `dir`: what it held that still exists, and `written`.
pub fn record(
    dir: &Path,
    previous: &BTreeSet<String>,
    written: &[PathBuf],
) -> Result<(), CommandError> {
    let names: BTreeSet<&str> = previous
        .iter()
        .map(String::as_str)
        .filter(|name| dir.join(name).is_file())
        .chain(written.iter().filter_map(|p| p.file_name()?.to_str()))
        .collect();
    let text: String = std::iter::once(HEADER.to_owned())
        .chain(names.into_iter().map(|name| format!("{name}\n")))
        .collect();
    crate::output::write_in(dir, RECORD, text.as_bytes())
        .map(drop)
        .map_err(|e| CommandError::write(&dir.join(RECORD), e))
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != ".."
}

/// The id and format of a file named like an export of some backend.
fn export_name(name: &str) -> Option<(&str, crate::output::sniff::Format)> {
    // Longest extensions first: `x.anki.csv` is not an export `x.anki` of `csv`.
    let mut backends: Vec<_> = crate::export::registry().to_vec();
    backends.sort_by_key(|b| std::cmp::Reverse(b.extension().len()));
    backends.into_iter().find_map(|backend| {
        let id = name.strip_suffix(backend.extension())?.strip_suffix('.')?;
        let is_id = !id.is_empty() && crate::parse::ids::document_id(id) == id;
        is_id.then_some((id, backend.format()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_recorded_exports_of_gone_banks_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let write = |name: &str, bytes: &[u8]| std::fs::write(out.join(name), bytes).unwrap();
        let json = b"{\n  \"schema_version\": 2,\n  \"id\": \"gone\",";
        let deck = [
            b"#separator:tab\n".as_slice(),
            crate::output::sniff::DECK_COLUMNS.as_bytes(),
        ]
        .concat();
        let pdf = b"%PDF-1.7\n1 0 obj<</Creator(qbank)>>";
        write("kept.json", json);
        write("gone.json", json);
        write("gone.anki.csv", &deck);
        write("gone.pdf", pdf);
        // Exported by hand into the folder: qbank's, but not the build's.
        write("gone-handout.pdf", pdf);
        // Recorded, but replaced since by a file of the user's.
        write("replaced.pdf", b"%PDF-1.4\n% scanned");
        let written: Vec<PathBuf> = [
            "kept.json",
            "gone.json",
            "gone.anki.csv",
            "gone.pdf",
            "replaced.pdf",
        ]
        .iter()
        .map(|n| out.join(n))
        .collect();
        record(out, &BTreeSet::new(), &written).unwrap();
        let recorded = recorded(out).unwrap();
        assert_eq!(recorded.len(), 5);
        let stale = find(out, &recorded, &[out.join("kept.md")]);
        let names: Vec<_> = stale
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["gone.anki.csv", "gone.json", "gone.pdf"]);
        remove(&stale).unwrap();
        // The next record keeps what still exists.
        record(out, &recorded, &[]).unwrap();
        let left = recorded_names(out);
        assert_eq!(left, ["kept.json", "replaced.pdf"]);
        assert!(out.join("gone-handout.pdf").exists());
    }

    fn recorded_names(dir: &Path) -> Vec<String> {
        recorded(dir).unwrap().into_iter().collect()
    }
}

//! Stale exports: files in a build's output directory named like an export
//! (`<id>.json`, `<id>.anki.csv`, ...) of a bank that no longer exists. A
//! renamed or deleted bank otherwise leaves its exports behind forever. Only
//! files whose content is of the format their name says count, so a file the
//! user put there by hand is never named, let alone removed.

use std::path::{Path, PathBuf};

use crate::commands::CommandError;
use crate::source::{display_path, document_id_of};

/// The exports in `dir` (not below it) whose bank is not among `banks`.
pub fn find(dir: &Path, banks: &[PathBuf]) -> Result<Vec<PathBuf>, CommandError> {
    let ids: std::collections::HashSet<String> = banks.iter().map(|b| document_id_of(b)).collect();
    let entries = match std::fs::read_dir(dir) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        other => other.map_err(|source| CommandError::List {
            path: display_path(dir),
            source,
        })?,
    };
    let mut stale = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((id, format)) = export_name(name) else {
            continue;
        };
        let path = entry.path();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if ids.contains(id) || !is_file {
            continue;
        }
        let made_by_qbank =
            crate::output::sniff::Sample::of(&path).is_ok_and(|s| format.may_replace(&s));
        if made_by_qbank {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

/// Removes `files`.
pub fn remove(files: &[PathBuf]) -> std::io::Result<()> {
    files.iter().try_for_each(std::fs::remove_file)
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
    fn names_exports_of_gone_banks_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let write = |name: &str, bytes: &[u8]| std::fs::write(out.join(name), bytes).unwrap();
        let json = b"{\n  \"schema_version\": 2,\n  \"id\": \"gone\",";
        write("kept.json", json);
        write("gone.json", json);
        let deck = [
            b"#separator:tab\n".as_slice(),
            crate::output::sniff::DECK_COLUMNS.as_bytes(),
        ]
        .concat();
        write("gone.anki.csv", &deck);
        write("gone.pdf", b"%PDF-1.7\n1 0 obj<</Creator(qbank)>>");
        // Files of the same formats that qbank did not write stay unnamed.
        write("mine.json", b"{\"schema_version\": 2, \"name\": \"mine\"}");
        write("scan.pdf", b"%PDF-1.4\n% scanned");
        write(
            "french.anki.csv",
            b"#separator:tab\n#html:false\nbonjour\thello\n",
        );
        write("notes.txt", b"mine");
        write("Odd Name.pdf", b"%PDF-1.7\n1 0 obj<</Creator(qbank)>>");
        let stale = find(out, &[out.join("kept.md")]).unwrap();
        let names: Vec<_> = stale
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["gone.anki.csv", "gone.json", "gone.pdf"]);
        remove(&stale).unwrap();
        assert!(out.join("mine.json").exists() && out.join("kept.json").exists());
        assert!(out.join("scan.pdf").exists() && out.join("french.anki.csv").exists());
        assert!(!out.join("gone.pdf").exists());
    }
}

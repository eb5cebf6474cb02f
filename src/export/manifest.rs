//! The Anki manifest: the GUIDs a deck export contained, one per line with
//! the question id and title (sorted by GUID), so that the next export can
//! name the notes whose questions disappeared from the bank; Anki keeps such
//! notes until the user deletes them, and the title is what to search for.

use std::collections::BTreeMap;

use crate::export::Selection;
use crate::export::anki::{cards, guid};
use crate::ir::Document;
use crate::output::sniff::MANIFEST_HEADER;

/// GUID to (question id, title).
pub type Manifest = BTreeMap<String, (String, String)>;

/// The notes each of `documents` makes with the card kinds of `selection`.
/// Only the kinds count: narrowing by difficulty, tag, company or id leaves
/// notes out of one export, it does not take their questions out of the bank.
pub fn of(documents: &[Document], selection: &Selection) -> Manifest {
    let kinds_only = Selection {
        kinds: selection.kinds.clone(),
        ..Selection::default()
    };
    documents
        .iter()
        .flat_map(|document| cards(document, &kinds_only))
        .map(|q| (guid(&q.id), (q.id.clone(), q.title.clone())))
        .collect()
}

/// Folds `current` (the banks just exported) into `previous`: entries of
/// those banks are replaced, entries of banks not exported this time stay.
/// Returns the new manifest and the entries whose questions are gone.
pub fn update(
    previous: &Manifest,
    current: Manifest,
    documents: &[Document],
) -> (Manifest, Manifest) {
    let exported = |id: &str| {
        documents
            .iter()
            .any(|d| id.split_once('/').is_some_and(|(doc, _)| doc == d.id))
    };
    let gone = previous
        .iter()
        .filter(|(guid, (id, _))| exported(id) && !current.contains_key(*guid))
        .map(|(guid, entry)| (guid.clone(), entry.clone()))
        .collect();
    let mut merged: Manifest = previous
        .iter()
        .filter(|(_, (id, _))| !exported(id))
        .map(|(guid, entry)| (guid.clone(), entry.clone()))
        .collect();
    merged.extend(current);
    (merged, gone)
}

/// The version of the manifest format this qbank writes and reads.
pub const VERSION: u32 = 1;

/// The header line, then `guid<TAB>id<TAB>title` lines, sorted by GUID. The
/// header lets qbank recognise its manifest before it replaces a file.
pub fn to_text(manifest: &Manifest) -> String {
    let header = format!(
        "{MANIFEST_HEADER}{VERSION} (one Anki note a line: GUID, question id, title; tab-separated)\n"
    );
    let lines = manifest
        .iter()
        .map(|(guid, (id, title))| format!("{guid}\t{id}\t{}\n", title.replace(['\t', '\n'], " ")));
    std::iter::once(header).chain(lines).collect()
}

/// The format version a manifest's header names; `None` without a header.
pub fn version_of(text: &str) -> Option<u32> {
    let rest = text.strip_prefix(MANIFEST_HEADER)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Reads a manifest; lines that are not `guid<TAB>id<TAB>title` (the header)
/// are skipped.
pub fn from_text(text: &str) -> Manifest {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, '\t');
            let (guid, id, title) = (fields.next()?, fields.next()?, fields.next()?);
            Some((guid.to_owned(), (id.to_owned(), title.to_owned())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_finds_removed_notes() {
        let mut previous = Manifest::new();
        previous.insert("aa".into(), ("d/one".into(), "One?".into()));
        previous.insert("bb".into(), ("d/two".into(), "Two\tparts".into()));
        let text = to_text(&previous);
        let (header, lines) = text.split_once('\n').unwrap();
        assert_eq!(version_of(header), Some(VERSION));
        assert!(text.starts_with(MANIFEST_HEADER));
        assert_eq!(lines, "aa\td/one\tOne?\nbb\td/two\tTwo parts\n");
        let read = from_text(&text);
        let mut current = Manifest::new();
        current.insert("aa".into(), ("d/one".into(), "One?".into()));
        let document = |id: &str| Document::for_test(id, vec![]);
        let (merged, gone) = update(&read, current.clone(), &[document("d")]);
        assert_eq!(gone.keys().collect::<Vec<_>>(), ["bb"]);
        assert_eq!(merged.len(), 1);
        // A bank that was not exported this time keeps its entries and loses none.
        let (merged, gone) = update(&read, Manifest::new(), &[document("other")]);
        assert!(gone.is_empty());
        assert_eq!(merged.len(), 2);
    }
}

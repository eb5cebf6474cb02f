//! The Anki manifest: the GUIDs a deck export contained, one per line with
//! the question id and title (sorted by GUID), so that the next export can
//! name the notes whose questions disappeared from the bank; Anki keeps such
//! notes until the user deletes them, and the title is what to search for.

use std::collections::BTreeMap;

use crate::export::Selection;
use crate::export::anki::{cards, guid};
use crate::ir::Document;

/// GUID to (question id, title).
pub type Manifest = BTreeMap<String, (String, String)>;

/// The notes an export of `documents` with `selection` contains.
pub fn of(documents: &[crate::ir::Document], selection: &Selection) -> Manifest {
    documents
        .iter()
        .flat_map(|document: &Document| cards(document, selection))
        .map(|q| (guid(&q.id), (q.id.clone(), q.title.clone())))
        .collect()
}

/// `guid<TAB>id<TAB>title` lines, sorted by GUID.
pub fn to_text(manifest: &Manifest) -> String {
    manifest
        .iter()
        .map(|(guid, (id, title))| format!("{guid}\t{id}\t{}\n", title.replace(['\t', '\n'], " ")))
        .collect()
}

/// Reads a manifest; lines that are not `guid<TAB>id<TAB>title` are skipped.
pub fn from_text(text: &str) -> Manifest {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, '\t');
            let (guid, id, title) = (fields.next()?, fields.next()?, fields.next()?);
            Some((guid.to_owned(), (id.to_owned(), title.to_owned())))
        })
        .collect()
}

/// The entries of `previous` that `current` no longer has.
pub fn removed<'m>(
    previous: &'m Manifest,
    current: &Manifest,
) -> Vec<(&'m String, &'m (String, String))> {
    previous
        .iter()
        .filter(|(guid, _)| !current.contains_key(*guid))
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
        assert_eq!(text, "aa\td/one\tOne?\nbb\td/two\tTwo parts\n");
        let read = from_text(&text);
        let mut current = Manifest::new();
        current.insert("aa".into(), ("d/one".into(), "One?".into()));
        let gone = removed(&read, &current);
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0].0, "bb");
    }
}

//! Stable identifiers: document ids from file names and question ids from
//! titles. The same id names a question in every output (JSON id, HTML and EPUB
//! anchor, Anki GUID source), so it depends only on the document id, the title
//! and, for repeated titles, the order of appearance.

use std::collections::{HashMap, HashSet};

/// A slug of `text`: ASCII lowercase words joined by `-` (`deunicode`-style
/// transliteration, so "Bayes’ Théorème" is `bayes-theoreme`).
pub fn slug(text: &str) -> String {
    slug::slugify(text)
}

/// The document id for a file stem; never empty, never a path.
pub fn document_id(stem: &str) -> String {
    Some(slug(stem))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_owned())
}

/// A name's identity for comparisons: lowercase, with white space, `-` and
/// `_` dropped, so "Data Structures", "data-structures" and "Data_Structures"
/// are one tag, and `code-example` names "Code Example".
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Hands out question ids unique within one document.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
    /// The last suffix handed out for each id, so that a title repeated a
    /// thousand times costs a thousand lookups, not half a million: every
    /// smaller suffix is taken already, and ids are never freed.
    last_suffix: HashMap<String, usize>,
}

impl IdAllocator {
    /// `<doc>/<slug>`, or `<doc>/<slug>-2`, `-3`... when the slug is taken.
    pub fn allocate(&mut self, document_id: &str, title: &str) -> String {
        let base = Some(slug(title))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "question".to_owned());
        let first = format!("{document_id}/{base}");
        let mut candidate = first.clone();
        let mut n = self.last_suffix.get(&first).copied().unwrap_or(1);
        while !self.used.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{first}-{n}");
        }
        self.last_suffix.insert(first, n);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_design_example() {
        let mut ids = IdAllocator::default();
        assert_eq!(
            ids.allocate(
                "python",
                "What is the Global Interpreter Lock (GIL) in Python?"
            ),
            "python/what-is-the-global-interpreter-lock-gil-in-python"
        );
    }

    #[test]
    fn repeated_titles_get_numbered_suffixes() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("d", "Same"), "d/same");
        assert_eq!(ids.allocate("d", "Same"), "d/same-2");
        assert_eq!(ids.allocate("d", "same-2"), "d/same-2-2");
        assert_eq!(ids.allocate("d", "???"), "d/question");
        assert_eq!(ids.allocate("d", ""), "d/question-2");
    }

    #[test]
    fn name_keys_ignore_case_and_separators() {
        assert_eq!(name_key("Data Structures"), name_key("data-structures"));
        assert_eq!(name_key("OOP"), name_key("Oop"));
        assert_eq!(name_key("code-example"), name_key("Code Example"));
        assert_ne!(name_key("OOP"), name_key("OOPS"));
    }

    #[test]
    fn document_ids_are_safe() {
        assert_eq!(
            document_id("SQL-Interview-Questions"),
            "sql-interview-questions"
        );
        assert_eq!(document_id("../etc"), "etc");
        assert_eq!(document_id("..."), "document");
    }
}

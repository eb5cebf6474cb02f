//! What keeps two titles that share most of their words apart: a rare
//! word on one side only ("Validate" Binary Search Tree), a variant marker
//! however common ("Meeting Rooms II", "L1"), unless the other side spells
//! it out ("ML" and "Machine Learning"). Shared by the links within a bank
//! and lint's pass across banks, so that both draw the line alike.

use super::index::TitleVectors;
use super::terms::is_filler;

/// Whether `term` numbers or marks a variant of a question: a number or
/// a word with digits ("L1", "3NF", "2024"), or a Roman numeral of two
/// letters or more ("II", "IV"; a lone "I" is the pronoun, "V" versus).
pub fn is_marker(term: &str) -> bool {
    let roman = (2..=4).contains(&term.len()) && term.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    roman || term.chars().any(|c| c.is_ascii_digit())
}

/// The terms of `candidates` whose first letters spell `acronym` ("ml"
/// from "machin", "learn"), one term a letter, when there are such terms.
pub fn spell<'t>(acronym: &str, candidates: &[&'t str]) -> Option<Vec<&'t str>> {
    if !(2..=5).contains(&acronym.chars().count()) {
        return None;
    }
    let mut used: Vec<&str> = Vec::new();
    for letter in acronym.chars() {
        let term = candidates
            .iter()
            .find(|t| t.starts_with(letter) && t.chars().count() > 1 && !used.contains(t))?;
        used.push(term);
    }
    Some(used)
}

/// The terms of each part of a title that asks about two things ("Stored
/// Procedures and Functions", "What is a Confidence Interval? How to
/// Interpret It?", "np.clip() for Bounding Values"): split at "and", at
/// "for" and at punctuation.
pub fn title_parts(title: &str) -> Vec<Vec<String>> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for word in title.split_whitespace() {
        let bare = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        // "vs" and "or" compare two things: one question, not two; "for"
        // gives a purpose ("np.clip() for Bounding Values"), which a row
        // that asks about `clip` alone still restates.
        let joins = bare == "and" || bare == "for";
        if joins {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        current.push_str(word);
        current.push(' ');
        // A closing parenthesis ends an aside ("(GIL)"), not a call ("melt()").
        let aside = word.ends_with(')') && !word.ends_with("()");
        if word.ends_with(['?', ':', ';', ',']) || aside {
            parts.push(std::mem::take(&mut current));
        }
    }
    parts.push(current);
    parts
        .iter()
        .map(|part| super::terms::title_terms(&part.replace(['/', '(', '&'], " ")))
        .filter(|terms| !terms.is_empty())
        .collect()
}

/// The vetoes of one set of titles.
pub struct Vetoes<'a> {
    titles: &'a TitleVectors,
    /// The acronyms each title writes, by title.
    acronyms: Vec<Vec<String>>,
    /// Titles a word may appear in and still be rare.
    rare: usize,
}

impl<'a> Vetoes<'a> {
    pub fn new(titles: &'a TitleVectors, acronyms: Vec<Vec<String>>, rare: usize) -> Vetoes<'a> {
        Vetoes {
            titles,
            acronyms,
            rare,
        }
    }

    /// The titles these vetoes judge.
    pub fn titles(&self) -> &'a TitleVectors {
        self.titles
    }

    pub fn is_rare(&self, term: &str) -> bool {
        self.titles.frequency_of(term) <= self.rare || is_marker(term)
    }

    /// The words of title `i` that tell it apart from title `j`: rare or a
    /// marker, neither filler (a code span may name `WHERE`) nor symbols
    /// (`:=`), and not an acronym of one side that the other spells out.
    pub fn extras(&self, i: usize, j: usize) -> Vec<&'a str> {
        let (mut extras, others) = (self.telling(i, j), self.telling(j, i));
        let spelled: Vec<&str> = self
            .acronyms_in(j, &others)
            .filter_map(|acronym| spell(acronym, &extras))
            .flatten()
            .collect();
        let own: Vec<&str> = self.acronyms_in(i, &extras).collect();
        extras.retain(|term| {
            let spelled_here = spelled.contains(term);
            let spelled_there = own.contains(term) && spell(term, &others).is_some();
            !(spelled_here || spelled_there)
        });
        extras
    }

    /// Whether `i` and `j` differ by a word either lacks.
    pub fn differ(&self, i: usize, j: usize) -> bool {
        !self.extras(i, j).is_empty() || !self.extras(j, i).is_empty()
    }

    /// Whether `i` and `j` differ by a marker: no other evidence lifts that.
    pub fn differ_by_marker(&self, i: usize, j: usize) -> bool {
        let marked = |from: usize, to: usize| self.extras(from, to).iter().any(|t| is_marker(t));
        marked(i, j) || marked(j, i)
    }

    fn telling(&self, i: usize, j: usize) -> Vec<&'a str> {
        let mut words = self.titles.extras(i, j);
        words.retain(|term| {
            term.chars().any(char::is_alphanumeric) && self.is_rare(term) && !is_filler(term)
        });
        words
    }

    /// The acronyms title `i` writes among `words`.
    fn acronyms_in<'w>(
        &'w self,
        i: usize,
        words: &'w [&'a str],
    ) -> impl Iterator<Item = &'a str> + 'w {
        let written = self.acronyms.get(i).map_or(&[][..], Vec::as_slice);
        words
            .iter()
            .copied()
            .filter(move |w| written.iter().any(|a| a == w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_into_the_things_they_ask() {
        assert_eq!(
            title_parts("What Are Stored Procedures and Functions?"),
            [vec!["procedur", "store"], vec!["function"]]
        );
        assert_eq!(
            title_parts("What is a Confidence Interval? How to Interpret It?"),
            [vec!["confid", "interv"], vec!["interpret"]]
        );
        assert_eq!(
            title_parts("How to use np.apply_along_axis() vs vectorization?"),
            [vec!["apply_along_axis", "vector"]]
        );
        assert_eq!(
            title_parts("Validate Binary Search Tree"),
            [vec!["binari", "search", "tree", "valid"]]
        );
    }

    #[test]
    fn acronyms_are_spelled_by_initials() {
        assert_eq!(
            spell("ml", &["featur", "learn", "machin"]),
            Some(vec!["machin", "learn"])
        );
        assert_eq!(spell("ml", &["machin"]), None);
        assert_eq!(spell("m", &["machin"]), None);
    }

    #[test]
    fn written_acronyms_meet_their_words_and_plain_words_do_not() {
        let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let titles = TitleVectors::new(&[
            set(&["featur", "ml", "store"]),
            set(&["featur", "learn", "machin", "store"]),
            set(&["heap", "sort"]),
            set(&["heap", "search", "order", "tree"]),
        ]);
        let acronyms = vec![vec!["ml".to_owned()], vec![], vec![], vec![]];
        let vetoes = Vetoes::new(&titles, acronyms, 2);
        assert!(!vetoes.differ(0, 1));
        // "sort" is a word, not an acronym of "search", "order", "tree".
        assert!(vetoes.differ(2, 3));
    }

    #[test]
    fn markers_veto_however_common() {
        let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let mut sets: Vec<Vec<String>> = (0..10).map(|k| set(&["ii", &format!("w{k}")])).collect();
        sets.push(set(&["meet", "room"]));
        sets.push(set(&["ii", "meet", "room"]));
        let titles = TitleVectors::new(&sets);
        let vetoes = Vetoes::new(&titles, vec![Vec::new(); sets.len()], 2);
        assert!(vetoes.differ_by_marker(10, 11));
        assert!(is_marker("iii") && is_marker("l1") && is_marker("3nf") && !is_marker("i"));
    }
}

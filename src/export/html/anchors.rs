//! The ids of an HTML or EPUB book and where each one lives. A question's id
//! is its question id without the document prefix, the same in every export;
//! groups get MkDocs' slug of their heading; nothing collides. The EPUB splits
//! a document into files (its front, a group or a slice of a long group each,
//! its resources), so an anchor also records which of those "chunks" holds it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::export::book::{self, Part};
use crate::ir::{Document, Question};
use crate::parse::anchors::mkdocs_slug;

/// A piece of a document that an EPUB writes to a file of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chunk {
    /// Title, description, counts and preface.
    Front,
    /// A slice of the group of index `part` in the book's parts.
    Part {
        part: usize,
        slice: usize,
    },
    Resources,
}

/// About how much answer HTML one EPUB file holds before a long group
/// continues in the next: old readers slow down on files over ~300 KB.
const SLICE_BUDGET: usize = 150_000;

#[derive(Debug)]
pub struct Anchors {
    /// Question id to anchor, for the selected questions.
    questions: HashMap<String, String>,
    /// MkDocs anchors of question headings, to the questions' anchors.
    aliases: HashMap<String, String>,
    /// Anchor of each part, by index.
    parts: Vec<String>,
    /// Each part's questions, cut into slices for the EPUB's files.
    slices: Vec<Vec<Range<usize>>>,
    /// The table of contents and the resources section.
    pub contents: String,
    pub resources: String,
    /// Every anchor and the chunk holding it.
    chunks: HashMap<String, Chunk>,
}

/// The anchor of a question: its id without the `<document>/` prefix.
pub fn question_anchor(question: &Question) -> &str {
    question
        .id
        .split_once('/')
        .map_or(question.id.as_str(), |(_, local)| local)
}

impl Anchors {
    pub fn new(document: &Document, parts: &[Part<'_>]) -> Anchors {
        let mut chunks = HashMap::new();
        let mut questions = HashMap::new();
        let slices: Vec<Vec<Range<usize>>> = parts.iter().map(slice).collect();
        for (index, part) in parts.iter().enumerate() {
            for (slice, range) in slices[index].iter().enumerate() {
                for question in &part.questions[range.clone()] {
                    let anchor = question_anchor(question).to_owned();
                    chunks.insert(anchor.clone(), Chunk::Part { part: index, slice });
                    questions.insert(question.id.clone(), anchor);
                }
            }
        }
        // Reserve every question anchor (selected or not) so that no other
        // id takes one that another selection would use.
        let mut taken: HashSet<String> = document
            .questions
            .iter()
            .map(|q| question_anchor(q).to_owned())
            .collect();
        let contents = unique(&mut taken, "contents");
        let resources = unique(&mut taken, "resources");
        if !document.resources.is_empty() {
            chunks.insert(resources.clone(), Chunk::Resources);
        }
        let parts = parts
            .iter()
            .enumerate()
            .map(|(index, part)| {
                // MkDocs' own anchor of the heading (`basics_1` for its second
                // use), so that links written for the site keep working.
                let base = part
                    .introduction(document)
                    .and_then(|s| s.anchor.clone())
                    .or_else(|| Some(mkdocs_slug(part.title())))
                    .filter(|s| s.starts_with(|c: char| c.is_ascii_alphabetic()))
                    .unwrap_or_else(|| format!("group-{}", index + 1));
                let anchor = unique(&mut taken, &base);
                chunks.insert(
                    anchor.clone(),
                    Chunk::Part {
                        part: index,
                        slice: 0,
                    },
                );
                anchor
            })
            .collect();
        // A link written for the site to a question's heading anchor
        // (`#what-is-x-google-interview-question`) leads to the question.
        let aliases = heading_aliases(&questions, document)
            .filter(|(alias, _)| !chunks.contains_key(*alias))
            .map(|(alias, target)| (alias.to_owned(), target.to_owned()))
            .collect();
        Anchors {
            questions,
            aliases,
            parts,
            slices,
            contents,
            resources,
            chunks,
        }
    }

    /// The anchor of a selected question, `None` when it is not in the output.
    pub fn question(&self, id: &str) -> Option<&str> {
        self.questions.get(id).map(String::as_str)
    }

    pub fn part(&self, index: usize) -> &str {
        &self.parts[index]
    }

    /// The ranges of part `index`'s questions that go to one file each.
    pub fn slices(&self, index: usize) -> &[Range<usize>] {
        &self.slices[index]
    }

    /// The id `anchor` names in the output (itself, or the question whose
    /// MkDocs heading anchor it is) and the chunk holding it; `None` when no
    /// element answers to it.
    pub fn find<'a>(&'a self, anchor: &'a str) -> Option<(&'a str, Chunk)> {
        let id = if self.chunks.contains_key(anchor) {
            anchor
        } else {
            self.aliases.get(anchor)?.as_str()
        };
        Some((id, self.chunks[id]))
    }

    /// The chunk holding the element with id `anchor`.
    pub fn chunk(&self, anchor: &str) -> Option<Chunk> {
        self.chunks.get(anchor).copied()
    }
}

/// Cuts a part's questions into slices of about [`SLICE_BUDGET`] bytes of
/// answers, only before a question with an answer or where a run of another
/// kind starts, so that a table or a list stays whole.
fn slice(part: &Part<'_>) -> Vec<Range<usize>> {
    let size = |q: &Question| {
        let content = [&q.answer, &q.insight];
        500 + content
            .iter()
            .flat_map(|c| c.iter())
            .map(|c| c.html.len())
            .sum::<usize>()
    };
    let mut slices = Vec::new();
    let (mut start, mut filled) = (0, 0);
    for (i, question) in part.questions.iter().enumerate() {
        let may_cut =
            i > 0 && (book::is_listed(question) || part.questions[i - 1].kind != question.kind);
        if may_cut && filled + size(question) > SLICE_BUDGET {
            slices.push(start..i);
            (start, filled) = (i, 0);
        }
        filled += size(question);
    }
    slices.push(start..part.questions.len());
    slices
}

/// `(MkDocs heading anchor, question anchor)` of the selected questions.
fn heading_aliases<'a>(
    selected: &'a HashMap<String, String>,
    document: &'a Document,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    document
        .questions
        .iter()
        .filter_map(move |q| Some((q.anchor.as_deref()?, selected.get(&q.id)?.as_str())))
}

/// `base`, or `base-2`, `base-3`... when it is taken.
fn unique(taken: &mut HashSet<String>, base: &str) -> String {
    let mut anchor = base.to_owned();
    let mut n = 1;
    while !taken.insert(anchor.clone()) {
        n += 1;
        anchor = format!("{base}-{n}");
    }
    anchor
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Selection;
    use crate::ir::{Content, Kind};

    #[test]
    fn long_groups_are_sliced_between_answers_never_inside_a_table() {
        // An answer that nearly fills a slice on its own.
        let long = Content {
            markdown: String::new(),
            html: "x".repeat(SLICE_BUDGET - 1_300),
            blocks: vec![],
        };
        let premium = |n: usize| Question {
            answer: Some(long.clone()),
            ..Question::for_test(&format!("d/p{n}"), Kind::Premium, "p")
        };
        let row = |n: usize| Question::for_test(&format!("d/r{n}"), Kind::Reference, "r");
        let document = Document::for_test(
            "d",
            vec![premium(0), row(1), row(2), premium(1), premium(2)],
        );
        let parts = book::parts(&document, &Selection::default());
        // The second row overflows the first slice, but the table stays whole.
        assert_eq!(slice(&parts[0]), [0..3, 3..4, 4..5]);
        let anchors = Anchors::new(&document, &parts);
        assert_eq!(anchors.chunk("r2"), Some(Chunk::Part { part: 0, slice: 0 }));
        assert_eq!(anchors.chunk("p2"), Some(Chunk::Part { part: 0, slice: 2 }));
    }

    #[test]
    fn anchors_are_unique_and_name_their_chunk() {
        let mut questions = vec![
            Question::for_test("d/basics", Kind::Premium, "Basics"),
            Question::for_test("d/resources", Kind::Premium, "Resources"),
            Question::for_test("d/x", Kind::Reference, "x"),
        ];
        questions[0].group = Some("Basics".into());
        questions[1].group = Some("Basics".into());
        questions[2].group = Some("🚀".into());
        let document = Document::for_test("d", questions);
        let parts = book::parts(&document, &Selection::default());
        let anchors = Anchors::new(&document, &parts);
        assert_eq!((anchors.part(0), anchors.part(1)), ("basics-2", "group-2"));
        assert_eq!(anchors.question("d/basics"), Some("basics"));
        assert_eq!(anchors.chunk("x"), Some(Chunk::Part { part: 1, slice: 0 }));
        assert_eq!(
            anchors.chunk("basics-2"),
            Some(Chunk::Part { part: 0, slice: 0 })
        );
        assert_eq!(anchors.resources, "resources-2");
        assert_eq!(
            anchors.chunk(&anchors.resources),
            None,
            "no resources to list"
        );
    }
}

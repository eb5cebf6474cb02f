//! The ids of an HTML or EPUB book and where each one lives. A question's id
//! is its question id without the document prefix, the same in every export;
//! groups get MkDocs' slug of their heading; nothing collides. The EPUB splits
//! a document into files (its front, one per group, its resources), so an
//! anchor also records which of those "chunks" holds it.

use std::collections::{HashMap, HashSet};

use crate::export::book::Part;
use crate::ir::{Document, Question};
use crate::parse::anchors::mkdocs_slug;

/// A piece of a document that an EPUB writes to a file of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chunk {
    /// Title, description, counts and preface.
    Front,
    /// The group of this index in the book's parts.
    Part(usize),
    Resources,
}

#[derive(Debug)]
pub struct Anchors {
    /// Question id to anchor, for the selected questions.
    questions: HashMap<String, String>,
    /// Anchor of each part, by index.
    parts: Vec<String>,
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
        for (index, part) in parts.iter().enumerate() {
            for question in &part.questions {
                let anchor = question_anchor(question).to_owned();
                chunks.insert(anchor.clone(), Chunk::Part(index));
                questions.insert(question.id.clone(), anchor);
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
                let base = Some(mkdocs_slug(part.title()))
                    .filter(|s| s.starts_with(|c: char| c.is_ascii_alphabetic()))
                    .unwrap_or_else(|| format!("group-{}", index + 1));
                let anchor = unique(&mut taken, &base);
                chunks.insert(anchor.clone(), Chunk::Part(index));
                anchor
            })
            .collect();
        Anchors {
            questions,
            parts,
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

    /// The chunk holding `anchor`, `None` when no element has that id.
    pub fn chunk(&self, anchor: &str) -> Option<Chunk> {
        self.chunks.get(anchor).copied()
    }
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
    use crate::export::{Selection, book};
    use crate::ir::Kind;

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
        assert_eq!(anchors.chunk("x"), Some(Chunk::Part(1)));
        assert_eq!(anchors.chunk("basics-2"), Some(Chunk::Part(0)));
        assert_eq!(anchors.resources, "resources-2");
        assert_eq!(
            anchors.chunk(&anchors.resources),
            None,
            "no resources to list"
        );
    }
}

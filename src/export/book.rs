//! The shape every book-like export shares (PDF, HTML, EPUB): the bank's
//! preface, then its groups in source order, each a run of questions under one
//! `##` heading, and the number each question is shown with. Backends decide
//! how each piece looks; what the pieces are is decided once, here.

use std::collections::HashMap;

use crate::export::Selection;
use crate::ir::blocks::plain_text;
use crate::ir::{Block, Difficulty, Document, Inline, Kind, Question, Section};

/// Consecutive selected questions under the same `##` heading.
#[derive(Debug)]
pub struct Part<'d> {
    pub heading: Option<&'d str>,
    pub questions: Vec<&'d Question>,
}

impl<'d> Part<'d> {
    /// The heading, or "Questions" for questions before any heading (or
    /// under one with no text, such as an image).
    pub fn title(&self) -> &'d str {
        self.heading
            .filter(|h| !h.trim().is_empty())
            .unwrap_or("Questions")
    }

    /// The group's runs of one kind (see [`runs`]).
    pub fn runs(&self) -> impl Iterator<Item = &[&'d Question]> {
        runs(&self.questions)
    }

    /// The text between the group's heading and its first question: the
    /// last section under that heading before it, since a heading may be
    /// used twice. Questions before any heading have none (that text is the
    /// preface).
    pub fn introduction(&self, document: &'d Document) -> Option<&'d Section> {
        let heading = self.heading?;
        let first_line = self.questions.first()?.line;
        document
            .sections
            .iter()
            .rev()
            .find(|s| s.heading.as_deref() == Some(heading) && s.line < first_line)
    }
}

/// The selected questions grouped by heading, in source order.
pub fn parts<'d>(document: &'d Document, selection: &Selection) -> Vec<Part<'d>> {
    let mut parts: Vec<Part<'d>> = Vec::new();
    for question in selection.apply(&document.questions) {
        let heading = question.group.as_deref();
        match parts.last_mut() {
            Some(last) if last.heading == heading => last.questions.push(question),
            _ => parts.push(Part {
                heading,
                questions: vec![question],
            }),
        }
    }
    parts
}

/// Runs of one kind: a group may mix kinds (a bank with premium questions
/// under "Code Examples"), and each kind is set its own way.
pub fn runs<'a, 'd>(questions: &'a [&'d Question]) -> impl Iterator<Item = &'a [&'d Question]> {
    questions.chunk_by(|a, b| a.kind == b.kind)
}

/// Sections that are not a group's introduction: the bank's own preface.
pub fn preface(document: &Document) -> Vec<&Section> {
    let groups: Vec<&str> = document
        .questions
        .iter()
        .filter_map(|q| q.group.as_deref())
        .collect();
    let is_group = |heading: Option<&str>| heading.is_some_and(|h| groups.contains(&h));
    document
        .sections
        .iter()
        .filter(|s| !is_group(s.heading.as_deref()) && !s.blocks.is_empty())
        .collect()
}

/// A preface heading worth showing: not the document's title again.
pub fn preface_heading<'d>(document: &Document, section: &'d Section) -> Option<&'d str> {
    section
        .heading
        .as_deref()
        .filter(|h| *h != document.title && Some(*h) != document.heading.as_deref())
}

/// Whether a question is listed in a table of contents: questions with
/// answers are; quick-reference rows and company prompts are not.
pub fn is_listed(question: &Question) -> bool {
    matches!(question.kind, Kind::Premium | Kind::CodeExample)
}

/// The number each question is shown with: its own (a reference row's or a
/// code example's), else its place among the document's questions of its kind.
pub fn display_numbers(document: &Document) -> HashMap<&str, usize> {
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    document
        .questions
        .iter()
        .map(|q| {
            let place = counts.entry(q.kind).or_insert(0);
            *place += 1;
            (q.id.as_str(), q.number.map_or(*place, |n| n as usize))
        })
        .collect()
}

/// Every question of the parts, in order.
pub fn questions<'d>(parts: &[Part<'d>]) -> Vec<&'d Question> {
    parts
        .iter()
        .flat_map(|p| p.questions.iter().copied())
        .collect()
}

/// What `n` questions of `kind` are called on a cover ("1 code example").
pub fn kind_label(kind: Kind, n: usize) -> &'static str {
    let (one, many) = match kind {
        Kind::Premium => ("question with answers", "questions with answers"),
        Kind::CodeExample => ("code example", "code examples"),
        Kind::Reference => ("quick-reference question", "quick-reference questions"),
        Kind::Prompt => ("company prompt", "company prompts"),
    };
    if n == 1 { one } else { many }
}

/// How many questions of each kind there are, for a cover or a header:
/// `(kind, count)` in a fixed order, zero counts left out.
pub fn kind_counts(questions: &[&Question]) -> Vec<(Kind, usize)> {
    [
        Kind::Premium,
        Kind::CodeExample,
        Kind::Reference,
        Kind::Prompt,
    ]
    .into_iter()
    .map(|kind| (kind, questions.iter().filter(|q| q.kind == kind).count()))
    .filter(|&(_, n)| n > 0)
    .collect()
}

/// How many questions with an answer there are of each difficulty, easiest
/// first, zero counts left out. The line stands beside "N questions with
/// answers": quick-reference rows carry a difficulty too, and counting them
/// gave a cover "70 questions with answers … EASY 24 MEDIUM 77 HARD 47".
pub fn difficulty_counts(questions: &[&Question]) -> Vec<(Difficulty, usize)> {
    [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]
        .into_iter()
        .map(|d| {
            let n = questions
                .iter()
                .filter(|q| q.answer.is_some() && q.difficulty == Some(d))
                .count();
            (d, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// The problem an answer opens with, for a handout that prints questions
/// without answers: some banks title a question "Two Sum" and state the
/// problem in the answer's first paragraph, labelled **Problem:**,
/// **Question:**, **Task:** or **Scenario:** (with or without the text on
/// the label's line). Empty when the answer opens otherwise.
pub fn problem_statement(question: &Question) -> &[Block] {
    let Some(blocks) = question.answer.as_ref().map(|a| a.blocks.as_slice()) else {
        return &[];
    };
    let Some(Block::Paragraph { inlines }) = blocks.first() else {
        return &[];
    };
    let Some(Inline::Strong { inlines: label }) = inlines.first() else {
        return &[];
    };
    let label = plain_text(label);
    let label = label.trim().trim_end_matches(':').trim_end();
    let word = label.split_whitespace().next().unwrap_or("");
    let labelled = ["problem", "question", "task", "scenario"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
        && label.split_whitespace().count() <= 2;
    if !labelled {
        return &[];
    }
    // A label alone on its line: the statement is the next block.
    let rest = plain_text(&inlines[1..]);
    let alone = rest.trim().trim_start_matches(':').trim().is_empty();
    &blocks[..if alone { 2.min(blocks.len()) } else { 1 }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_group(id: &str, kind: Kind, group: &str) -> Question {
        Question {
            group: Some(group.into()),
            ..Question::for_test(id, kind, id)
        }
    }

    #[test]
    fn parts_follow_headings_and_runs_follow_kinds() {
        let document = Document::for_test(
            "d",
            vec![
                in_group("d/a", Kind::Premium, "One"),
                in_group("d/b", Kind::CodeExample, "One"),
                in_group("d/c", Kind::Premium, "One"),
                in_group("d/d", Kind::Reference, "Two"),
                in_group("d/e", Kind::Premium, "One"),
            ],
        );
        let parts = parts(&document, &Selection::default());
        let shape: Vec<(&str, Vec<usize>)> = parts
            .iter()
            .map(|p| (p.title(), p.runs().map(<[_]>::len).collect()))
            .collect();
        assert_eq!(
            shape,
            [("One", vec![1, 1, 1]), ("Two", vec![1]), ("One", vec![1])]
        );
        assert_eq!(
            kind_counts(&questions(&parts)),
            [
                (Kind::Premium, 3),
                (Kind::CodeExample, 1),
                (Kind::Reference, 1)
            ]
        );
    }

    #[test]
    fn a_heading_used_twice_keeps_each_introduction() {
        let at = |id: &str, group: Option<&str>, line: usize| Question {
            group: group.map(str::to_owned),
            line,
            ..Question::for_test(id, Kind::Premium, id)
        };
        let section = |heading: Option<&str>, line: usize| Section {
            heading: heading.map(str::to_owned),
            anchor: None,
            line,
            blocks: vec![],
        };
        let mut document = Document::for_test(
            "d",
            vec![
                at("d/a", None, 3),
                at("d/b", Some("Basics"), 12),
                at("d/c", Some("Other"), 22),
                at("d/e", Some("Basics"), 32),
            ],
        );
        document.sections = vec![
            section(None, 1),
            section(Some("Basics"), 10),
            section(Some("Other"), 20),
            section(Some("Basics"), 30),
        ];
        let parts = parts(&document, &Selection::default());
        let lines: Vec<Option<usize>> = parts
            .iter()
            .map(|p| p.introduction(&document).map(|s| s.line))
            .collect();
        assert_eq!(lines, [None, Some(10), Some(20), Some(30)]);
    }

    #[test]
    fn numbers_are_places_by_kind_unless_the_source_numbers_them() {
        let mut numbered = Question::for_test("d/r", Kind::Reference, "r");
        numbered.number = Some(42);
        let document = Document::for_test(
            "d",
            vec![
                Question::for_test("d/a", Kind::Premium, "a"),
                numbered,
                Question::for_test("d/b", Kind::Premium, "b"),
            ],
        );
        let numbers = display_numbers(&document);
        assert_eq!((numbers["d/a"], numbers["d/r"], numbers["d/b"]), (1, 42, 2));
    }

    #[test]
    fn difficulties_are_counted_over_answered_questions() {
        let answered = |id: &str, d| Question {
            difficulty: Some(d),
            answer: Some(crate::ir::Content {
                markdown: String::new(),
                html: String::new(),
                blocks: Vec::new(),
            }),
            ..Question::for_test(id, Kind::Premium, id)
        };
        let row = |id: &str, d| Question {
            difficulty: Some(d),
            ..Question::for_test(id, Kind::Reference, id)
        };
        let questions = [
            answered("a", Difficulty::Easy),
            answered("b", Difficulty::Hard),
            row("c", Difficulty::Easy),
            row("d", Difficulty::Medium),
        ];
        let refs: Vec<&Question> = questions.iter().collect();
        assert_eq!(
            difficulty_counts(&refs),
            [(Difficulty::Easy, 1), (Difficulty::Hard, 1)]
        );
    }

    #[test]
    fn a_labelled_first_paragraph_is_the_problem() {
        let with_answer = |markdown: &str| {
            let blocks = crate::parse::markdown::parse_run(markdown, 16)
                .blocks
                .into_iter()
                .map(|b| b.block)
                .collect();
            Question {
                answer: Some(crate::ir::Content {
                    markdown: markdown.into(),
                    html: String::new(),
                    blocks,
                }),
                ..Question::for_test("q", Kind::Premium, "q")
            }
        };
        let same_line = with_answer("**Problem:** Find two numbers.\n\nSolution here.");
        assert_eq!(problem_statement(&same_line).len(), 1);
        let own_line = with_answer("**Problem:**\n\nHow many coupons?\n\n**Answer:** n H_n");
        assert_eq!(problem_statement(&own_line).len(), 2);
        let setup = with_answer("**Problem Setup:** a gambler.\n\nMore.");
        assert_eq!(problem_statement(&setup).len(), 1);
        for not_a_problem in [
            "**Problem with COUNT(*):** it counts nulls.",
            "**Answer:** 42.",
            "The problem is hard.",
            "**Tasks:** many.",
        ] {
            assert!(
                problem_statement(&with_answer(not_a_problem)).is_empty(),
                "{not_a_problem}"
            );
        }
        let unanswered = Question::for_test("u", Kind::Premium, "u");
        assert!(problem_statement(&unanswered).is_empty());
    }
}

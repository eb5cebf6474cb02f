//! The shape of a PDF: cover, contents, then the document's groups in source
//! order (questions with answers and insights, code examples, the quick
//! reference as a table, company prompts as lists), then resources. A guide
//! has answers; a handout has ruled lines in their place.

use std::collections::HashMap;

use super::blocks::{BODY, LINK, Setter, is_penultimate};
use super::canvas::{Element, Fill, Rgb};
use super::elements::{Gap, Keep, ListItem, NoteLines, PageBreak, Rule, Stack};
use super::fonts::MUTED;
use super::text::{Look, Piece};
use crate::export::{Selection, book};
use crate::ir::{Difficulty, Document, Kind, Question, Section};
use crate::render::raw_html;

/// Study guide (answers and insights) or handout (questions and room to write).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    #[default]
    Guide,
    Handout,
}

/// A bookmark: a group (level 0) or a question (level 1) and its anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub title: String,
    pub level: u8,
    pub anchor: u32,
}

const INSIGHT_FILL: Fill = Fill {
    background: (0xFF, 0xF8, 0xE1),
    bar: Some((0xF5, 0xA6, 0x23)),
};
const NOTE_LINE: Rgb = (0xC8, 0xC8, 0xC8);
/// Ruled lines under each question of a handout, and their spacing in mm.
const NOTE_LINES: usize = 10;
const NOTE_SPACING: f64 = 8.0;
const TITLE: Look = Look::sans(13).bold();

pub fn difficulty_look(difficulty: Difficulty) -> (&'static str, Rgb) {
    match difficulty {
        Difficulty::Easy => ("EASY", (0x2E, 0x7D, 0x32)),
        Difficulty::Medium => ("MEDIUM", (0xB2, 0x6A, 0x00)),
        Difficulty::Hard => ("HARD", (0xC6, 0x28, 0x28)),
    }
}

/// A group of the book and the anchor of its heading.
pub(super) struct Part<'d> {
    pub group: book::Part<'d>,
    pub anchor: u32,
}

pub struct Layout<'d> {
    pub document: &'d Document,
    pub mode: Mode,
    pub setter: Setter<'d>,
    /// Where each anchor landed in the measuring pass; `None` during it.
    pub pages: Option<Vec<Option<(usize, f64)>>>,
    pub build_date: String,
    pub bookmarks: Vec<Bookmark>,
    /// From `display_numbers`.
    pub numbers: HashMap<&'d str, usize>,
}

impl<'d> Layout<'d> {
    fn number(&self, question: &Question) -> String {
        self.numbers
            .get(question.id.as_str())
            .copied()
            .unwrap_or(0)
            .to_string()
    }

    /// The number and the title as it shows (markup removed), for the
    /// contents and the bookmarks.
    pub(super) fn numbered_title(&self, question: &Question) -> String {
        let title = raw_html::visible_text(&question.title);
        format!("{}. {title}", self.number(question))
    }

    /// The whole document as one vertical layout.
    pub fn build(&mut self, selection: &Selection) -> Stack {
        let parts = self.parts(selection);
        let question_anchors: Vec<Vec<u32>> = parts
            .iter()
            .map(|part| {
                part.group
                    .questions
                    .iter()
                    .map(|_| self.setter.canvas.new_anchor())
                    .collect()
            })
            .collect();
        let resources_anchor = self.setter.canvas.new_anchor();
        let introduction = book::preface(self.document);
        let listed = !parts.is_empty() || !self.document.resources.is_empty();
        let mut root = Stack::new();
        self.cover(&mut root, &parts);
        if listed {
            root.push(PageBreak::default());
            self.contents(&mut root, &parts, &question_anchors, resources_anchor);
        }
        if listed || !introduction.is_empty() {
            root.push(PageBreak::default());
        }
        self.introduction(&mut root, &introduction);
        for (part, anchors) in parts.iter().zip(&question_anchors) {
            self.part(&mut root, part, anchors);
        }
        self.resources(&mut root, resources_anchor);
        root
    }

    fn parts(&mut self, selection: &Selection) -> Vec<Part<'d>> {
        book::parts(self.document, selection)
            .into_iter()
            .map(|group| Part {
                group,
                anchor: self.setter.canvas.new_anchor(),
            })
            .collect()
    }

    fn introduction(&mut self, root: &mut Stack, sections: &[&Section]) {
        for section in sections {
            if let Some(heading) = book::preface_heading(self.document, section) {
                root.push(self.setter.text(heading, Look::sans(16).bold()));
                root.push(Gap(3.0));
            }
            root.push(self.setter.blocks(&section.blocks));
            root.push(Gap(6.0));
        }
    }

    fn part(&mut self, root: &mut Stack, part: &Part<'_>, anchors: &[u32]) {
        // The group's title, its rule, and what starts the group.
        root.push(Keep::anchor_with_next(part.anchor, 3));
        root.push(self.setter.plain(part.group.title(), Look::sans(18).bold()));
        root.push(Rule {
            height: 4.0,
            color: MUTED,
        });
        if let Some(section) = part.group.introduction(self.document) {
            root.push(self.setter.blocks(&section.blocks));
            root.push(Gap(4.0));
        }
        let mut anchors = anchors.iter().copied();
        for run in part.group.runs() {
            let run_anchors: Vec<u32> = anchors.by_ref().take(run.len()).collect();
            self.run(root, run, &run_anchors);
        }
        root.push(Gap(8.0));
    }

    fn run(&mut self, root: &mut Stack, run: &[&Question], anchors: &[u32]) {
        match run[0].kind {
            Kind::Premium | Kind::CodeExample => {
                for (question, &anchor) in run.iter().zip(anchors) {
                    self.question(root, question, anchor);
                }
            }
            Kind::Reference => root.push(self.reference_table(run)),
            Kind::Prompt => {
                for (n, question) in run.iter().enumerate() {
                    let marker = Piece::new(format!("{}.", n + 1), BODY);
                    let text = self.setter.paragraph(&question.title_inlines, BODY);
                    if is_penultimate(n, run.len()) {
                        root.push(Keep::with_next(2));
                    }
                    root.push(ListItem::new(marker, 8.0, text));
                    root.push(Gap(1.2));
                }
            }
        }
    }

    /// A question: its title and metadata kept on one page with the first
    /// lines of its answer (a handout: with its ruled lines).
    fn question(&mut self, root: &mut Stack, question: &Question, anchor: u32) {
        let mut pieces = Vec::new();
        let number = format!("{}. ", self.number(question));
        self.setter
            .pieces(&number, TITLE.colored(LINK), None, &mut pieces);
        let inlines = if question.title_inlines.is_empty() {
            vec![crate::ir::Inline::Text {
                text: question.title.clone(),
            }]
        } else {
            question.title_inlines.clone()
        };
        self.setter.inlines(&inlines, TITLE, None, &mut pieces);
        let meta = self.metadata(question);
        root.push(Keep::anchor_with_next(
            anchor,
            2 + usize::from(meta.is_some()),
        ));
        root.push(self.setter.rich(pieces));
        root.push(Gap(1.2));
        if let Some(meta) = meta {
            root.push(meta);
            root.push(Gap(3.0));
        }
        match self.mode {
            Mode::Guide => {
                // One stack, so that a label ending the answer keeps with
                // the insight box.
                let mut body = match &question.answer {
                    Some(answer) => self.setter.blocks(&answer.blocks),
                    None => Stack::new(),
                };
                if let Some(insight) = &question.insight {
                    body.push(Gap(3.0));
                    let title = "Interviewer's Insight";
                    body.push(self.setter.titled_box(title, &insight.blocks, INSIGHT_FILL));
                }
                root.push(body);
            }
            Mode::Handout => {
                let problem = crate::export::book::problem_statement(question);
                if !problem.is_empty() {
                    root.push(self.setter.blocks(problem));
                    root.push(Gap(3.0));
                }
                root.push(NoteLines {
                    remaining: NOTE_LINES,
                    spacing: NOTE_SPACING,
                    color: NOTE_LINE,
                });
            }
        }
        root.push(Gap(9.0));
    }

    /// "● HARD   Tags: … · Asked by: …", or nothing when there is no metadata.
    fn metadata(&mut self, question: &Question) -> Option<impl Element + use<>> {
        let mut pieces = Vec::new();
        let small = Look::sans(9);
        if let Some(label) = question.difficulty_shown() {
            let color = question.difficulty.map_or(MUTED, |d| difficulty_look(d).1);
            let label = label.to_uppercase();
            self.setter.pieces(
                &format!("\u{25CF} {label}   "),
                small.bold().colored(color),
                None,
                &mut pieces,
            );
        }
        for (label, values) in [
            ("Tags: ", &question.tags),
            ("Asked by: ", &question.companies),
        ] {
            let shown: Vec<String> = values
                .iter()
                .map(|value| raw_html::visible_text(value).trim().to_owned())
                .filter(|value| !value.is_empty())
                .collect();
            let shown = shown.join(", ");
            if !shown.is_empty() {
                self.setter
                    .pieces(label, small.colored(MUTED), None, &mut pieces);
                self.setter
                    .pieces(&format!("{shown}   "), small, None, &mut pieces);
            }
        }
        (!pieces.is_empty()).then(|| self.setter.rich(pieces))
    }

    fn reference_table(&mut self, questions: &[&Question]) -> impl Element + use<> {
        let text = |s: &str| {
            vec![crate::ir::Inline::Text {
                text: s.to_string(),
            }]
        };
        let header = ["#", "Question", "Difficulty", "Tags", "Asked by"]
            .map(text)
            .to_vec();
        let rows: Vec<Vec<Vec<crate::ir::Inline>>> = questions
            .iter()
            .map(|q| {
                let title = match q.links.first() {
                    Some(link) => vec![crate::ir::Inline::Link {
                        url: link.url.clone(),
                        title: None,
                        inlines: text(&raw_html::visible_text(&q.title)),
                    }],
                    None => text(&raw_html::visible_text(&q.title)),
                };
                vec![
                    text(&self.number(q)),
                    title,
                    text(&q.difficulty_shown().unwrap_or_default().to_uppercase()),
                    text(&raw_html::visible_text(&q.tags.join(", "))),
                    text(&raw_html::visible_text(&q.companies.join(", "))),
                ]
            })
            .collect();
        self.setter.table(&header, &rows)
    }

    fn resources(&mut self, root: &mut Stack, anchor: u32) {
        let resources = &self.document.resources;
        if resources.is_empty() {
            return;
        }
        root.push(Keep::anchor(anchor, 40.0));
        root.push(self.setter.text("Resources", Look::sans(18).bold()));
        root.push(Rule {
            height: 4.0,
            color: MUTED,
        });
        for (n, resource) in resources.iter().enumerate() {
            if is_penultimate(n, resources.len()) {
                root.push(Keep::with_next(2));
            }
            let mut pieces = Vec::new();
            let link = self.setter.link(&resource.url);
            let shown = raw_html::visible_text(&resource.text);
            self.setter
                .pieces(&shown, BODY.colored(LINK), link, &mut pieces);
            if let Some(description) = &resource.description {
                let description = raw_html::visible_text(description);
                self.setter
                    .pieces(&format!(" \u{2014} {description}"), BODY, None, &mut pieces);
            }
            self.setter.pieces(
                &format!("\n{}", resource.url),
                Look::sans(8).mono().colored(MUTED),
                link,
                &mut pieces,
            );
            let marker = Piece::new("\u{2022}", BODY);
            let item = self.setter.rich(pieces);
            root.push(ListItem::new(marker, 6.0, item));
            root.push(Gap(2.0));
        }
    }
}

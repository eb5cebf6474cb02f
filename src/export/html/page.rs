//! One document as XHTML body content, in the pieces both the HTML page and
//! the EPUB need: header, preface, table of contents, groups (questions with
//! their metadata, answers and insights; the quick reference as a table;
//! company prompts as a list) and resources. Where a piece lands (one page or
//! one file per chunk) only changes the hrefs.

use std::collections::HashMap;

use super::anchors::{Anchors, Chunk, question_anchor};
use crate::export::book::{self, Part};
use crate::export::{Selection, book::display_numbers};
use crate::ir::{Difficulty, Document, Kind, Question};
use crate::render::html::{self, Links, Resolve};
use crate::render::markup::Markup;

/// Heading levels: the document is `<h1>`, groups `<h2>`, questions `<h3>`.
const GROUP_CONTENT_FLOOR: u8 = 3;
pub(super) const ANSWER_FLOOR: u8 = 4;

/// Where the pieces of a document go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Files {
    /// One page: every href is `#anchor`.
    Single,
    /// One file per chunk (the EPUB): hrefs name the file.
    PerChunk,
}

pub struct Page<'d> {
    pub document: &'d Document,
    pub parts: Vec<Part<'d>>,
    pub anchors: Anchors,
    pub(super) numbers: HashMap<&'d str, usize>,
    pub(super) by_id: HashMap<&'d str, &'d Question>,
    pub(super) files: Files,
    pub(super) collapsible: bool,
}

/// The EPUB file name of a chunk of document `id`. Ids are made of
/// `[a-z0-9-]` only, so the `_` keeps two banks' names apart (`a_01` is
/// never the title page of a bank `a-01`).
pub fn chunk_file(id: &str, chunk: Chunk) -> String {
    match chunk {
        Chunk::Front => format!("{id}.xhtml"),
        Chunk::Part { part, slice: 0 } => format!("{id}_{:02}.xhtml", part + 1),
        Chunk::Part { part, slice } => format!("{id}_{:02}_{}.xhtml", part + 1, slice + 1),
        Chunk::Resources => format!("{id}_resources.xhtml"),
    }
}

/// `difficulty hard`, the class the stylesheet colours.
pub(super) fn difficulty_class(difficulty: Option<Difficulty>) -> String {
    difficulty.map_or_else(String::new, |d| {
        format!("difficulty {}", d.label().to_lowercase())
    })
}

impl Resolve for Page<'_> {
    fn href(&self, anchor: &str) -> Option<String> {
        let (id, chunk) = self.anchors.find(anchor)?;
        Some(match self.files {
            Files::Single => format!("#{id}"),
            Files::PerChunk => format!("{}#{id}", chunk_file(&self.document.id, chunk)),
        })
    }
}

impl<'d> Page<'d> {
    pub fn new(
        document: &'d Document,
        selection: &Selection,
        files: Files,
        collapsible: bool,
    ) -> Page<'d> {
        let parts = book::parts(document, selection);
        let anchors = Anchors::new(document, &parts);
        Page {
            document,
            parts,
            anchors,
            numbers: display_numbers(document),
            by_id: document
                .questions
                .iter()
                .map(|q| (q.id.as_str(), q))
                .collect(),
            files,
            collapsible,
        }
    }

    /// Rendering options for content under a heading of level `floor - 1`.
    pub(super) fn options(&self, floor: u8) -> html::Options<'_> {
        html::Options {
            links: Links::Resolved(self),
            // An EPUB must not load remote resources; a page may.
            images: self.files == Files::Single,
            heading_floor: floor,
            fold_callouts: self.collapsible,
            math: html::MathAs::MathMl,
            code: html::CodeStyle::Classes(&self.document.highlights),
            ..html::Options::default()
        }
    }

    pub(super) fn number(&self, question: &Question) -> usize {
        self.numbers.get(question.id.as_str()).copied().unwrap_or(0)
    }

    /// Title, description and what the document holds.
    pub fn header(&self, m: &mut Markup) {
        let document = self.document;
        m.open("header", &[("class", "document")]).newline();
        m.element("h1", &[], &document.title).newline();
        if let Some(description) = &document.description {
            m.element("p", &[("class", "description")], description)
                .newline();
        }
        let questions = book::questions(&self.parts);
        let counts: Vec<String> = book::kind_counts(&questions)
            .into_iter()
            .map(|(kind, n)| format!("{n} {}", book::kind_label(kind, n)))
            .collect();
        if !counts.is_empty() {
            m.element("p", &[("class", "counts")], &counts.join(" · "))
                .newline();
            m.open("ul", &[("class", "difficulties")]);
            for (difficulty, n) in book::difficulty_counts(&questions) {
                let class = difficulty_class(Some(difficulty));
                m.element(
                    "li",
                    &[("class", &class)],
                    &format!("{} {n}", difficulty.label()),
                );
            }
            m.close("ul").newline();
        }
        m.close("header").newline();
    }

    /// The bank's own introduction, before its first group.
    pub fn preface(&self, m: &mut Markup) {
        for section in book::preface(self.document) {
            m.open("section", &[("class", "preface")]).newline();
            if let Some(heading) = book::preface_heading(self.document, section) {
                m.element("h2", &[], heading).newline();
            }
            m.blocks(&section.blocks, self.options(GROUP_CONTENT_FLOOR));
            m.close("section").newline();
        }
    }

    /// Whether the table of contents has an entry.
    pub fn has_contents(&self) -> bool {
        !self.parts.is_empty() || !self.document.resources.is_empty()
    }

    /// The table of contents as a nested `<ol>`: groups, their questions with
    /// answers, and the resources; `base` goes before every href (the
    /// content files' folder, for a contents page outside it).
    pub fn contents_list(&self, m: &mut Markup, base: &str) {
        m.open("ol", &[]).newline();
        self.contents_entries(m, base);
        m.close("ol").newline();
    }

    /// The `<li>` entries of [`Page::contents_list`].
    pub fn contents_entries(&self, m: &mut Markup, base: &str) {
        let href_or_empty = |anchor: &str| {
            self.href(anchor)
                .map_or_else(String::new, |href| format!("{base}{href}"))
        };
        for (index, part) in self.parts.iter().enumerate() {
            m.open("li", &[]);
            let href = href_or_empty(self.anchors.part(index));
            m.element("a", &[("href", &href)], part.title());
            let listed: Vec<&Question> = part
                .questions
                .iter()
                .copied()
                .filter(|q| book::is_listed(q))
                .collect();
            if !listed.is_empty() {
                m.newline().open("ol", &[]).newline();
                for question in listed {
                    let href = href_or_empty(question_anchor(question));
                    m.open("li", &[]).open("a", &[("href", &href)]);
                    m.text(&format!("{}. ", self.number(question)));
                    self.title_with(m, question, self.unlinked());
                    m.close("a").close("li").newline();
                }
                m.close("ol");
            }
            m.close("li").newline();
        }
        if !self.document.resources.is_empty() {
            let href = href_or_empty(&self.anchors.resources);
            m.open("li", &[]);
            m.element("a", &[("href", &href)], "Resources");
            m.close("li").newline();
        }
    }

    /// Group `index` whole: heading, introduction and its questions.
    pub fn part(&self, m: &mut Markup, index: usize) {
        let all = 0..self.parts[index].questions.len();
        self.part_slice(m, index, all);
    }

    /// The questions `range` of group `index`, run by run; the slice that
    /// starts the group carries its id, heading and introduction.
    pub fn part_slice(&self, m: &mut Markup, index: usize, range: std::ops::Range<usize>) {
        let part = &self.parts[index];
        let first = range.start == 0;
        if first {
            m.open(
                "section",
                &[("class", "group"), ("id", self.anchors.part(index))],
            )
            .newline();
            m.element("h2", &[], part.title()).newline();
            if let Some(section) = part.introduction(self.document) {
                m.blocks(&section.blocks, self.options(GROUP_CONTENT_FLOOR));
            }
        } else {
            m.open("section", &[("class", "group continued")]).newline();
        }
        for run in book::runs(&part.questions[range]) {
            match run[0].kind {
                Kind::Premium | Kind::CodeExample => {
                    for question in run {
                        self.question(m, question);
                    }
                }
                Kind::Reference => self.reference_table(m, run),
                Kind::Prompt => self.prompts(m, run),
            }
        }
        m.close("section").newline();
    }

    pub fn resources(&self, m: &mut Markup) {
        let resources = &self.document.resources;
        if resources.is_empty() {
            return;
        }
        m.open(
            "section",
            &[("class", "resources"), ("id", &self.anchors.resources)],
        )
        .newline();
        m.element("h2", &[], "Resources").newline();
        m.open("ul", &[]).newline();
        for resource in resources {
            m.open("li", &[]);
            match self.options(ANSWER_FLOOR).links.href(&resource.url) {
                Some(url) => m.element("a", &[("href", &url)], &resource.text),
                None => m.text(&resource.text),
            };
            if let Some(description) = &resource.description {
                m.text(&format!(" — {description}"));
            }
            m.close("li").newline();
        }
        m.close("ul").newline().close("section").newline();
    }
}

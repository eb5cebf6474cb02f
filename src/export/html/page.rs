//! One document as XHTML body content, in the pieces both the HTML page and
//! the EPUB need: header, preface, table of contents, groups (questions with
//! their metadata, answers and insights; the quick reference as a table;
//! company prompts as a list) and resources. Where a piece lands (one page or
//! one file per chunk) only changes the hrefs.

use std::collections::HashMap;

use super::anchors::{Anchors, Chunk, question_anchor};
use crate::export::book::{self, Part};
use crate::export::{Selection, book::display_numbers};
use crate::ir::{Content, Difficulty, Document, Kind, Question};
use crate::render::html::{self, Links, Resolve};
use crate::render::markup::Markup;

/// Heading levels: the document is `<h1>`, groups `<h2>`, questions `<h3>`.
const GROUP_CONTENT_FLOOR: u8 = 3;
const ANSWER_FLOOR: u8 = 4;

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
    numbers: HashMap<&'d str, usize>,
    by_id: HashMap<&'d str, &'d Question>,
    files: Files,
    collapsible: bool,
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
fn difficulty_class(difficulty: Option<Difficulty>) -> String {
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
    fn options(&self, floor: u8) -> html::Options<'_> {
        html::Options {
            links: Links::Resolved(self),
            // An EPUB must not load remote resources; a page may.
            images: self.files == Files::Single,
            heading_floor: floor,
            fold_callouts: self.collapsible,
            ..html::Options::default()
        }
    }

    fn number(&self, question: &Question) -> usize {
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
        for run in part.questions[range].chunk_by(|a, b| a.kind == b.kind) {
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

    fn question(&self, m: &mut Markup, question: &Question) {
        let class = match question.kind {
            Kind::CodeExample => "question code-example",
            _ => "question",
        };
        m.open(
            "section",
            &[("class", class), ("id", question_anchor(question))],
        )
        .newline();
        m.open("h3", &[]);
        m.element(
            "span",
            &[("class", "number")],
            &format!("{}.", self.number(question)),
        )
        .text(" ");
        self.title(m, question);
        m.close("h3").newline();
        self.metadata(m, question);
        let body = question.answer.is_some() || question.insight.is_some();
        if body && self.collapsible {
            m.open("details", &[("class", "answer")]).newline();
            m.element("summary", &[], "View answer").newline();
        } else if body {
            m.open("div", &[("class", "answer")]).newline();
        }
        if let Some(answer) = &question.answer {
            m.blocks(&answer.blocks, self.options(ANSWER_FLOOR));
        }
        if let Some(insight) = &question.insight {
            self.insight(m, insight);
        }
        if body {
            m.close(if self.collapsible { "details" } else { "div" })
                .newline();
        }
        self.related(m, question);
        m.close("section").newline();
    }

    /// Options for a title that is itself inside a link: its own links are
    /// text.
    fn unlinked(&self) -> html::Options<'_> {
        html::Options {
            links: Links::Never,
            ..self.options(ANSWER_FLOOR)
        }
    }

    fn title(&self, m: &mut Markup, question: &Question) {
        self.title_with(m, question, self.options(ANSWER_FLOOR));
    }

    fn title_with(&self, m: &mut Markup, question: &Question, options: html::Options<'_>) {
        if question.title_inlines.is_empty() {
            m.text(&question.title);
        } else {
            m.inlines(&question.title_inlines, options);
        }
    }

    /// Difficulty, tags and companies as a definition list.
    fn metadata(&self, m: &mut Markup, question: &Question) {
        let lists = [
            ("Tags", "tags", &question.tags),
            ("Asked by", "companies", &question.companies),
        ];
        if question.difficulty.is_none() && lists.iter().all(|(_, _, v)| v.is_empty()) {
            return;
        }
        m.open("dl", &[("class", "meta")]);
        if let Some(difficulty) = question.difficulty {
            let class = difficulty_class(Some(difficulty));
            m.element("dt", &[], "Difficulty");
            m.element("dd", &[("class", &class)], difficulty.label());
        }
        for (label, class, values) in lists {
            if values.is_empty() {
                continue;
            }
            m.element("dt", &[], label);
            m.open("dd", &[]).open("ul", &[("class", class)]);
            for value in values {
                m.element("li", &[], value);
            }
            m.close("ul").close("dd");
        }
        m.close("dl").newline();
    }

    fn insight(&self, m: &mut Markup, insight: &Content) {
        m.open("aside", &[("class", "insight")]).newline();
        m.element("p", &[("class", "insight-title")], "Interviewer's Insight")
            .newline();
        m.blocks(&insight.blocks, self.options(ANSWER_FLOOR));
        m.close("aside").newline();
    }

    /// Links to the questions in this output that ask the same thing.
    fn related(&self, m: &mut Markup, question: &Question) {
        let related = self.related_links(question);
        if related.is_empty() {
            return;
        }
        m.open("p", &[("class", "related")]).text("See also: ");
        for (n, (href, title)) in related.iter().enumerate() {
            if n > 0 {
                m.text("; ");
            }
            m.element("a", &[("href", href)], title);
        }
        m.close("p").newline();
    }

    /// `(href, numbered title)` of related questions that have an answer here.
    fn related_links(&self, question: &Question) -> Vec<(String, String)> {
        question
            .related
            .iter()
            .filter_map(|id| {
                let other = *self.by_id.get(id.as_str())?;
                let href = self.href(self.anchors.question(id)?)?;
                let title = format!("{}. {}", self.number(other), other.title);
                other.answer.is_some().then_some((href, title))
            })
            .collect()
    }

    /// " (answer)" links from a table row or prompt to the questions with
    /// answers that ask the same.
    fn answer_links(&self, m: &mut Markup, question: &Question) {
        for (href, _) in self.related_links(question) {
            m.text(" ").element(
                "a",
                &[("href", &href), ("class", "answer-link")],
                "(answer)",
            );
        }
    }

    fn reference_table(&self, m: &mut Markup, run: &[&Question]) {
        m.open("table", &[("class", "reference")]).newline();
        m.open("thead", &[]).open("tr", &[]);
        for heading in ["#", "Question", "Difficulty", "Tags", "Asked by"] {
            m.element("th", &[("scope", "col")], heading);
        }
        m.close("tr").close("thead").newline();
        m.open("tbody", &[]).newline();
        let links = self.options(ANSWER_FLOOR).links;
        for question in run {
            m.open("tr", &[("id", question_anchor(question))]);
            let number = self.number(question).to_string();
            m.element("td", &[("class", "number")], &number);
            m.open("td", &[]);
            // The title links to the row's first practice link.
            match question.links.first().and_then(|l| links.href(&l.url)) {
                Some(url) => {
                    m.open("a", &[("href", &url)]);
                    self.title_with(m, question, self.unlinked());
                    m.close("a");
                }
                None => self.title(m, question),
            }
            self.answer_links(m, question);
            m.close("td");
            let class = difficulty_class(question.difficulty);
            let label = question.difficulty.map_or("", |d| d.label());
            m.element("td", &[("class", &class)], label);
            m.element("td", &[], &question.tags.join(", "));
            m.element("td", &[], &question.companies.join(", "));
            m.close("tr").newline();
        }
        m.close("tbody").newline().close("table").newline();
    }

    fn prompts(&self, m: &mut Markup, run: &[&Question]) {
        m.open("ol", &[("class", "prompts")]).newline();
        for question in run {
            m.open("li", &[("id", question_anchor(question))]);
            self.title(m, question);
            self.answer_links(m, question);
            m.close("li").newline();
        }
        m.close("ol").newline();
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

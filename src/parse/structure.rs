//! Question structure on top of the outline: premium questions, code examples,
//! reference-table rows, company prompts, resources, and generic sections for
//! everything else. Questions are recognised by their shape (a `###`/`####`
//! heading followed by a metadata line and/or an answer admonition) wherever
//! they stand; the `##` group they stand in only decides what a numbered
//! heading, a table or a bullet list means.

use std::collections::VecDeque;

use crate::diag::Finding;
use crate::ir::blocks::{links_in, plain_text, readable_text};
use crate::ir::{Block, Inline, Kind, Question, Resource, Section};
use crate::parse::ids::IdAllocator;
use crate::parse::metadata;
use crate::parse::outline::{Item, SpannedBlock};
use crate::parse::{question, tables};
use crate::rules::{self, Rule};
use crate::source::Source;

/// What the parser found besides the front matter.
#[derive(Debug, Default)]
pub struct Structure {
    pub heading: Option<String>,
    pub questions: Vec<Question>,
    pub resources: Vec<Resource>,
    pub sections: Vec<Section>,
    /// Question id to the line its tags and companies are written on: its
    /// metadata line, or a prompt's section heading.
    pub metadata_lines: std::collections::BTreeMap<String, usize>,
}

/// The kind of `##` group the walker is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Group {
    Generic,
    CodeExamples,
    /// `## Questions asked in <company> interviews`, on line `line`.
    Prompts {
        company: String,
        line: usize,
    },
    Resources,
}

impl Group {
    fn classify(title: &str, line: usize) -> Group {
        let lower = title.to_lowercase();
        if let Some(company) = tables::prompt_company(title) {
            Group::Prompts { company, line }
        } else if lower.contains("code example") {
            Group::CodeExamples
        } else if lower.contains("resources") {
            Group::Resources
        } else {
            Group::Generic
        }
    }
}

/// An open generic section and whether anything structured was found under it.
struct OpenSection {
    section: Section,
    level: u8,
    consumed: bool,
}

pub fn build(
    src: &Source,
    document_id: &str,
    items: Vec<Item>,
    similarity: &crate::parse::similarity::Thresholds,
    findings: &mut Vec<Finding>,
) -> Structure {
    let mut builder = Builder {
        src,
        document_id,
        findings,
        ids: IdAllocator::default(),
        out: Structure::default(),
        group: Group::Generic,
        group_title: None,
        open: None,
    };
    let mut rest: VecDeque<Item> = items.into();
    while let Some(item) = rest.pop_front() {
        builder.item(item, &mut rest);
    }
    builder.close_section();
    let mut out = builder.out;
    crate::parse::similarity::link_related(&mut out.questions, similarity);
    out
}

pub(super) struct Builder<'a> {
    pub(super) src: &'a Source,
    pub(super) document_id: &'a str,
    pub(super) findings: &'a mut Vec<Finding>,
    pub(super) ids: IdAllocator,
    out: Structure,
    pub(super) group: Group,
    pub(super) group_title: Option<String>,
    open: Option<OpenSection>,
}

impl Builder<'_> {
    fn item(&mut self, item: Item, rest: &mut VecDeque<Item>) {
        let spanned = match item {
            Item::Admonition(admonition) => {
                let line = admonition.line;
                return self.keep(line, Item::Admonition(admonition).into_block());
            }
            Item::Block(spanned) => spanned,
        };
        match spanned.block {
            Block::Heading { level, ref inlines } => {
                let text = readable_text(inlines).trim().to_owned();
                match level {
                    1 if self.out.heading.is_none() => {
                        self.out.heading = Some(text.clone());
                        self.open_section(Some(text), spanned.first, level);
                    }
                    2 => {
                        self.group = Group::classify(&text, spanned.first);
                        self.group_title = Some(text.clone());
                        self.open_section(Some(text), spanned.first, level);
                    }
                    3 | 4 => {
                        if let Some(question) = self.question(&spanned, rest) {
                            self.push_question(question);
                        } else {
                            if metadata::split_heading_companies(&text).is_some() {
                                self.finding(&rules::METADATA, spanned.first,
                                    format!("heading `{text}` names companies like a question but has no metadata line and no answer; kept as a section"));
                            } else if self.in_question_area() {
                                self.finding(&rules::UNRECOGNIZED, spanned.first,
                                    format!("heading `{text}` among questions is not a question (no metadata line, no answer admonition); kept as a section"));
                            }
                            self.open_section(Some(text), spanned.first, level);
                        }
                    }
                    _ => self.open_section(Some(text), spanned.first, level),
                }
            }
            // Rules separate questions; they carry no content of their own.
            Block::Rule => {}
            Block::Table { .. } => self.table(spanned),
            Block::List { .. }
                if self.group != Group::Generic && self.group != Group::CodeExamples =>
            {
                self.list(spanned)
            }
            block => self.keep(spanned.first, block),
        }
    }

    pub(super) fn record_metadata_line(&mut self, id: &str, line: usize) {
        self.out.metadata_lines.insert(id.to_owned(), line);
    }

    fn push_question(&mut self, question: Question) {
        if let Some(open) = &mut self.open {
            open.consumed = true;
        }
        self.out.questions.push(question);
    }

    pub(super) fn finding(&mut self, rule: &'static Rule, line: usize, message: String) {
        self.findings.push(Finding::new(rule, line, message));
    }

    fn open_section(&mut self, heading: Option<String>, line: usize, level: u8) {
        self.close_section();
        self.open = Some(OpenSection {
            section: Section {
                heading,
                anchor: None,
                line,
                blocks: Vec::new(),
            },
            level,
            consumed: false,
        });
    }

    fn close_section(&mut self) {
        if let Some(open) = self.open.take() {
            // An empty `##` that grouped questions is recorded in their `group`;
            // any other heading is kept, so that no line is lost.
            if !open.section.blocks.is_empty() || !open.consumed || open.level > 2 {
                self.out.sections.push(open.section);
            }
        }
    }

    /// True once the current `##` group has produced questions.
    fn in_question_area(&self) -> bool {
        self.open.as_ref().is_some_and(|open| open.consumed)
    }

    /// Keeps a block that is not part of any question in the current section.
    fn keep(&mut self, line: usize, block: Block) {
        if self.in_question_area() {
            let message = "content between questions belongs to no question; kept as a section";
            self.finding(&rules::UNRECOGNIZED, line, message.to_owned());
        }
        if self.open.is_none() {
            self.open_section(None, line, 0);
        }
        if let Some(open) = &mut self.open {
            open.section.blocks.push(block);
        }
    }

    fn table(&mut self, spanned: SpannedBlock) {
        let Block::Table { header, rows, .. } = &spanned.block else {
            return;
        };
        let Some(columns) = tables::ReferenceColumns::recognise(header) else {
            return self.keep(spanned.first, spanned.block);
        };
        for (index, row) in rows.iter().enumerate() {
            // A GFM table has one row per line: header, delimiter, then rows.
            let line = spanned.first + 2 + index;
            let parsed = columns.row(row);
            for message in parsed.problems {
                self.finding(&rules::REFERENCE_ROW, line, message);
            }
            let cells = tables::count_cells(self.src.line(line));
            if cells != header.len() {
                let message = format!(
                    "reference row has {cells} cells; the table header has {}",
                    header.len()
                );
                self.finding(&rules::REFERENCE_ROW, line, message);
            }
            if parsed.title.is_empty() {
                self.finding(
                    &rules::REFERENCE_ROW,
                    line,
                    "reference row without a question title; skipped".to_owned(),
                );
                continue;
            }
            if let (Some(marker), Some(difficulty)) = (&parsed.marker, parsed.difficulty)
                && metadata::difficulty_from_label(marker) == Some(difficulty)
            {
                let message = format!("`**[{marker}]**` repeats the row's difficulty column");
                self.finding(&rules::REDUNDANT_MARKER, line, message);
            }
            let question = Question {
                id: self.ids.allocate(self.document_id, &parsed.title),
                kind: Kind::Reference,
                number: parsed.number,
                title: readable_text(&parsed.title_inlines).trim().to_owned(),
                title_inlines: parsed.title_inlines,
                group: self.group_title.clone(),
                difficulty: parsed.difficulty,
                difficulty_label: parsed.difficulty_label,
                tags: parsed.tags,
                companies: parsed.companies,
                heading_companies: Vec::new(),
                answer: None,
                insight: None,
                links: parsed.links,
                related: Vec::new(),
                line,
                anchor: None,
            };
            self.push_question(question);
        }
    }

    fn list(&mut self, spanned: SpannedBlock) {
        let Block::List { items, .. } = &spanned.block else {
            return;
        };
        let lines = tables::item_lines(self.src, spanned.first, spanned.last, items.len());
        match self.group.clone() {
            Group::Prompts {
                company,
                line: heading_line,
            } => {
                for (item, line) in items.iter().zip(lines) {
                    let inlines = tables::item_inlines(item);
                    let id_title = plain_text(&inlines).trim().to_owned();
                    if id_title.is_empty() {
                        continue;
                    }
                    let title = readable_text(&inlines).trim().to_owned();
                    let mut links = Vec::new();
                    links_in(&inlines, &mut links);
                    let question = Question {
                        id: self.ids.allocate(self.document_id, &id_title),
                        kind: Kind::Prompt,
                        number: None,
                        title,
                        title_inlines: inlines,
                        group: self.group_title.clone(),
                        difficulty: None,
                        difficulty_label: None,
                        tags: Vec::new(),
                        companies: vec![company.clone()],
                        heading_companies: Vec::new(),
                        answer: None,
                        insight: None,
                        links: question::to_links(links),
                        related: Vec::new(),
                        line,
                        anchor: None,
                    };
                    // The company is written on the section's heading, not the bullet.
                    self.record_metadata_line(&question.id, heading_line);
                    self.push_question(question);
                }
            }
            _ => {
                // Bullets with links become resources; the others stay as a list.
                let mut plain_items = Vec::new();
                for item in items {
                    let inlines = tables::item_inlines(item);
                    let mut links = Vec::new();
                    links_in(&inlines, &mut links);
                    if links.is_empty() {
                        plain_items.push(item.clone());
                        continue;
                    }
                    let description = description_beside_links(&inlines);
                    self.out
                        .resources
                        .extend(links.into_iter().map(|(text, url)| Resource {
                            text,
                            url,
                            description: description.clone(),
                        }));
                }
                if plain_items.len() == items.len() {
                    return self.keep(spanned.first, spanned.block);
                }
                if !plain_items.is_empty()
                    && let Block::List {
                        ordered,
                        start,
                        tight,
                        ..
                    } = spanned.block
                {
                    let list = Block::List {
                        ordered,
                        start,
                        tight,
                        items: plain_items,
                    };
                    self.keep(spanned.first, list);
                }
                if let Some(open) = &mut self.open {
                    open.consumed = true;
                }
            }
        }
    }
}

/// The text of a bullet outside its links, without the separators that join
/// them ("[Docs](url) - The reference" gives "The reference").
fn description_beside_links(inlines: &[Inline]) -> Option<String> {
    let outside: Vec<Inline> = inlines
        .iter()
        .filter(|inline| !matches!(inline, Inline::Link { .. }))
        .cloned()
        .collect();
    let text = plain_text(&outside);
    let text = text
        .trim()
        .trim_start_matches(|c: char| c.is_whitespace() || "-–—:|,".contains(c))
        .trim();
    (!text.is_empty()).then(|| text.to_owned())
}

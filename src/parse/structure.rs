//! Question structure on top of the outline: premium questions, code examples,
//! reference-table rows, company prompts, resources, and generic sections for
//! everything else. Questions are recognised by their shape (a `###`/`####`
//! heading followed by a metadata line and/or an answer admonition) wherever
//! they stand; the `##` group they stand in only decides what a numbered
//! heading, a table or a bullet list means.

use std::collections::VecDeque;

use crate::diag::{Finding, Severity};
use crate::ir::blocks::{for_each_inlines, links_in, plain_text};
use crate::ir::{Block, Content, Inline, Kind, Link, Question, Section};
use crate::parse::ids::IdAllocator;
use crate::parse::metadata::{self, Metadata};
use crate::parse::outline::{Admonition, Item, SpannedBlock, strip_columns};
use crate::parse::tables;
use crate::render::html;
use crate::source::Source;

/// What the parser found besides the front matter.
#[derive(Debug, Default)]
pub struct Structure {
    pub heading: Option<String>,
    pub questions: Vec<Question>,
    pub resources: Vec<Link>,
    pub sections: Vec<Section>,
}

/// The kind of `##` group the walker is in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    Generic,
    CodeExamples,
    Prompts { company: String },
    Resources,
}

impl Group {
    fn classify(title: &str) -> Group {
        let lower = title.to_lowercase();
        if let Some(company) = tables::prompt_company(title) {
            Group::Prompts { company }
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
    crate::parse::related::link_related(&mut out.questions);
    out
}

struct Builder<'a> {
    src: &'a Source,
    document_id: &'a str,
    findings: &'a mut Vec<Finding>,
    ids: IdAllocator,
    out: Structure,
    group: Group,
    group_title: Option<String>,
    open: Option<OpenSection>,
}

impl Builder<'_> {
    fn item(&mut self, item: Item, rest: &mut VecDeque<Item>) {
        let spanned = match item {
            Item::Admonition(admonition) => {
                let line = admonition.line;
                return self.keep(line, admonition_block(admonition));
            }
            Item::Block(spanned) => spanned,
        };
        match spanned.block {
            Block::Heading { level, ref inlines } => {
                let text = plain_text(inlines).trim().to_owned();
                match level {
                    1 if self.out.heading.is_none() => {
                        self.out.heading = Some(text.clone());
                        self.open_section(Some(text), spanned.first, level);
                    }
                    2 => {
                        self.group = Group::classify(&text);
                        self.group_title = Some(text.clone());
                        self.open_section(Some(text), spanned.first, level);
                    }
                    3 | 4 => {
                        if let Some(question) = self.question(&spanned, rest) {
                            self.push_question(question);
                        } else {
                            if metadata::split_heading_companies(&text).is_some() {
                                self.finding("metadata", Severity::Warning, spanned.first,
                                    format!("heading `{text}` names companies like a question but has no metadata line and no answer; kept as a section"));
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

    fn push_question(&mut self, question: Question) {
        if let Some(open) = &mut self.open {
            open.consumed = true;
        }
        self.out.questions.push(question);
    }

    fn finding(&mut self, rule: &'static str, severity: Severity, line: usize, message: String) {
        self.findings
            .push(Finding::new(rule, severity, line, message));
    }

    fn open_section(&mut self, heading: Option<String>, line: usize, level: u8) {
        self.close_section();
        self.open = Some(OpenSection {
            section: Section {
                heading,
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

    /// Keeps a block that is not part of any question in the current section.
    fn keep(&mut self, line: usize, block: Block) {
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
                self.finding("difficulty", Severity::Warning, line, message);
            }
            if parsed.title.is_empty() {
                self.finding(
                    "reference-row",
                    Severity::Warning,
                    line,
                    "reference row without a question title; skipped".to_owned(),
                );
                continue;
            }
            let question = Question {
                id: self.ids.allocate(self.document_id, &parsed.title),
                kind: Kind::Reference,
                number: parsed.number,
                title: parsed.title,
                title_inlines: parsed.title_inlines,
                group: self.group_title.clone(),
                difficulty: parsed.difficulty,
                tags: parsed.tags,
                companies: parsed.companies,
                heading_companies: Vec::new(),
                answer: None,
                insight: None,
                links: parsed.links,
                related: Vec::new(),
                line,
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
            Group::Prompts { company } => {
                for (item, line) in items.iter().zip(lines) {
                    let inlines = tables::item_inlines(item);
                    let title = plain_text(&inlines).trim().to_owned();
                    if title.is_empty() {
                        continue;
                    }
                    let mut links = Vec::new();
                    links_in(&inlines, &mut links);
                    let question = Question {
                        id: self.ids.allocate(self.document_id, &title),
                        kind: Kind::Prompt,
                        number: None,
                        title,
                        title_inlines: inlines,
                        group: self.group_title.clone(),
                        difficulty: None,
                        tags: Vec::new(),
                        companies: vec![company.clone()],
                        heading_companies: Vec::new(),
                        answer: None,
                        insight: None,
                        links: to_links(links),
                        related: Vec::new(),
                        line,
                    };
                    self.push_question(question);
                }
            }
            _ => {
                let mut found = Vec::new();
                for item in items {
                    links_in(&tables::item_inlines(item), &mut found);
                }
                if found.is_empty() {
                    return self.keep(spanned.first, spanned.block);
                }
                if let Some(open) = &mut self.open {
                    open.consumed = true;
                }
                self.out.resources.extend(to_links(found));
            }
        }
    }

    /// Recognises a question at `heading`, consuming its metadata, answer and
    /// trailing items from `rest`. `None` (nothing consumed) when it is not one.
    fn question(&mut self, heading: &SpannedBlock, rest: &mut VecDeque<Item>) -> Option<Question> {
        let Block::Heading { inlines, .. } = &heading.block else {
            return None;
        };
        let mut meta: Option<(Metadata, usize)> = match rest.front() {
            Some(Item::Block(b)) if matches!(b.block, Block::Paragraph { .. }) => {
                metadata::parse_metadata_line(&self.paragraph_text(b)).map(|m| (m, b.first))
            }
            _ => None,
        };
        if meta.is_some() {
            rest.pop_front();
        }
        let answer = match rest.front() {
            Some(Item::Admonition(a)) if is_answer_admonition(a) => match rest.pop_front() {
                Some(Item::Admonition(a)) => Some(a),
                _ => None,
            },
            _ => None,
        };
        if meta.is_none() && answer.is_none() {
            return None;
        }
        let mut trailing = Vec::new();
        while let Some(item) = rest.front() {
            match item {
                Item::Block(b) if matches!(b.block, Block::Heading { .. }) => break,
                Item::Block(b) if b.block == Block::Rule => {
                    rest.pop_front();
                    break;
                }
                _ => trailing.extend(rest.pop_front()),
            }
        }

        let (mut meta_inside, mut insight) = (None, None);
        let mut answer_body = Vec::new();
        if let Some(admonition) = answer.as_ref() {
            for child in &admonition.items {
                match child {
                    Item::Block(b)
                        if meta.is_none() && meta_inside.is_none() && answer_body.is_empty() =>
                    {
                        if let Some(m) = matches!(b.block, Block::Paragraph { .. })
                            .then(|| metadata::parse_metadata_line(&self.paragraph_text(b)))
                            .flatten()
                        {
                            meta_inside = Some((b.first, b.last));
                            meta = Some((m, b.first));
                            continue;
                        }
                        answer_body.push(child);
                    }
                    Item::Admonition(a) if insight.is_none() && is_insight_admonition(a) => {
                        insight = Some(a.clone())
                    }
                    _ => answer_body.push(child),
                }
            }
        }

        // Some banks put the insight in a later admonition ("Hint", "Answer").
        if insight.is_none() {
            insight = trailing.iter_mut().find_map(|item| match item {
                Item::Admonition(a) => a
                    .items
                    .iter()
                    .position(|c| matches!(c, Item::Admonition(x) if is_insight_admonition(x)))
                    .and_then(|i| match a.items.remove(i) {
                        Item::Admonition(x) => Some(x),
                        Item::Block(_) => None,
                    }),
                Item::Block(_) => None,
            });
        }

        let full_title = plain_text(inlines).trim().to_owned();
        let (mut title_inlines, heading_companies) =
            match metadata::split_heading_companies(&full_title) {
                Some((keep, companies)) => (truncate_inlines(inlines, keep), companies),
                None => (inlines.clone(), Vec::new()),
            };
        let is_code_example_shape = self.group == Group::CodeExamples
            || answer
                .as_ref()
                .and_then(|a| a.title.as_deref())
                .is_some_and(|t| t.to_lowercase().contains("code example"));
        let number = if is_code_example_shape {
            strip_number(&mut title_inlines)
        } else {
            None
        };
        let kind = if number.is_some() {
            Kind::CodeExample
        } else {
            Kind::Premium
        };
        let title = plain_text(&title_inlines).trim().to_owned();

        let line = heading.first;
        match &meta {
            None => self.finding("metadata", Severity::Warning, line,
                format!("question `{title}` has no metadata line (`**Difficulty:** … | **Tags:** … | **Asked by:** …`)")),
            Some((m, meta_line)) => {
                if meta_inside.is_some() {
                    self.finding("metadata", Severity::Warning, *meta_line,
                        format!("metadata of `{title}` is inside its answer; move it above the admonition"));
                }
                for p in &m.problems {
                    self.findings.push(Finding::new(p.rule, p.severity, *meta_line, p.message.clone()));
                }
            }
        }

        let answer_content = self.answer_content(
            answer.as_ref(),
            &answer_body,
            insight.as_ref(),
            meta_inside,
            &trailing,
        );
        let insight_content = insight.map(|a| {
            let markdown = self.markdown(a.line + 1, a.last, a.body_indent, &[]);
            content(markdown, a.items.iter().cloned().map(item_block).collect())
        });
        let mut links = Vec::new();
        for c in answer_content.iter().chain(insight_content.iter()) {
            for_each_inlines(&c.blocks, &mut |inlines| links_in(inlines, &mut links));
        }
        let (difficulty, tags, mut companies) = meta
            .map(|(m, _)| (m.difficulty, m.tags, m.companies))
            .unwrap_or_default();
        if companies.is_empty() {
            companies = heading_companies.clone();
        }
        Some(Question {
            id: self.ids.allocate(self.document_id, &title),
            kind,
            number,
            title,
            title_inlines,
            group: self.group_title.clone(),
            difficulty,
            tags,
            companies,
            heading_companies,
            answer: answer_content,
            insight: insight_content,
            links: to_links(links),
            related: Vec::new(),
            line,
        })
    }

    fn answer_content(
        &self,
        answer: Option<&Admonition>,
        body: &[&Item],
        insight: Option<&Admonition>,
        meta_inside: Option<(usize, usize)>,
        trailing: &[Item],
    ) -> Option<Content> {
        let mut blocks: Vec<Block> = body.iter().map(|&item| item_block(item.clone())).collect();
        blocks.extend(trailing.iter().cloned().map(item_block));
        if blocks.is_empty() {
            return None;
        }
        let mut pieces = Vec::new();
        let insight_lines: Vec<(usize, usize)> =
            insight.map(|i| (i.line, i.last)).into_iter().collect();
        if let Some(a) = answer {
            let skip: Vec<(usize, usize)> =
                insight_lines.iter().copied().chain(meta_inside).collect();
            pieces.push(self.markdown(a.line + 1, a.last, a.body_indent, &skip));
        }
        if let (Some(first), Some(last)) = (trailing.first(), trailing.last()) {
            pieces.push(self.markdown(first.first_line(), last.last_line(), 0, &insight_lines));
        }
        pieces.retain(|p| !p.is_empty());
        Some(content(pieces.join("\n\n"), blocks))
    }

    /// Source lines `first..=last` dedented by `indent`, minus the `skip` ranges,
    /// without leading and trailing blank lines.
    fn markdown(
        &self,
        first: usize,
        last: usize,
        indent: usize,
        skip: &[(usize, usize)],
    ) -> String {
        let lines: Vec<&str> = (first..=last)
            .filter(|n| !skip.iter().any(|(a, b)| (a..=b).contains(&n)))
            .map(|n| strip_columns(self.src.line(n), indent))
            .collect();
        let start = lines
            .iter()
            .position(|l| !l.trim().is_empty())
            .unwrap_or(lines.len());
        let end = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(start, |i| i + 1);
        lines[start..end].join("\n")
    }

    /// The source text of a paragraph, its lines joined by spaces.
    fn paragraph_text(&self, block: &SpannedBlock) -> String {
        (block.first..=block.last)
            .map(|n| self.src.line(n).trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn content(markdown: String, blocks: Vec<Block>) -> Content {
    Content {
        markdown,
        html: html::blocks(&blocks),
        blocks,
    }
}

fn is_answer_admonition(admonition: &Admonition) -> bool {
    let title = admonition.title.as_deref().unwrap_or("").to_lowercase();
    admonition.kind == "success"
        || ["answer", "solution", "code example"]
            .iter()
            .any(|w| title.contains(w))
}

fn is_insight_admonition(admonition: &Admonition) -> bool {
    admonition
        .title
        .as_deref()
        .is_some_and(|t| t.to_lowercase().contains("insight"))
}

fn admonition_block(admonition: Admonition) -> Block {
    Block::Callout {
        kind: admonition.kind,
        title: admonition.title,
        display: admonition.display,
        blocks: admonition.items.into_iter().map(item_block).collect(),
    }
}

fn item_block(item: Item) -> Block {
    match item {
        Item::Block(b) => b.block,
        Item::Admonition(a) => admonition_block(a),
    }
}

fn to_links(pairs: Vec<(String, String)>) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::with_capacity(pairs.len());
    for (text, url) in pairs {
        if !links.iter().any(|l| l.url == url && l.text == text) {
            links.push(Link { text, url });
        }
    }
    links
}

/// The inlines whose plain text is the first `keep` bytes of the whole, the
/// last text cut and trimmed (used to drop the heading's company suffix).
fn truncate_inlines(inlines: &[Inline], keep: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut used = 0;
    for inline in inlines {
        if used >= keep {
            break;
        }
        let len = plain_text(std::slice::from_ref(inline)).len();
        match inline {
            Inline::Text { text } if used + len > keep => {
                let cut = text.floor_char_boundary(keep - used);
                out.push(Inline::Text {
                    text: text[..cut].trim_end().to_owned(),
                });
            }
            _ => out.push(inline.clone()),
        }
        used += len;
    }
    out
}

/// Removes a leading `N. ` from the title inlines and returns N.
fn strip_number(inlines: &mut [Inline]) -> Option<u32> {
    let Some(Inline::Text { text }) = inlines.first_mut() else {
        return None;
    };
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = text[digits..].strip_prefix('.')?;
    if digits == 0 || !rest.starts_with(' ') {
        return None;
    }
    let number = text[..digits].parse().ok()?;
    *text = rest.trim_start().to_owned();
    Some(number)
}

//! One question recognised at a `###`/`####` heading: its metadata line
//! (above the answer, or inside it as code examples have it), its answer
//! admonition with the nested insight taken out, the admonitions and blocks
//! that trail it up to the next heading or rule, and the heading's company
//! suffix and `N.` number. Answers and insights get their Markdown from the
//! source lines, dedented, so they read exactly as written.

use std::collections::VecDeque;

use crate::diag::{Edit, Finding};
use crate::ir::blocks::{for_each_inlines, links_in, plain_text, readable_text};
use crate::ir::{Block, Content, Inline, Kind, Link, Question};
use crate::parse::lines::{leading_columns, strip_columns};
use crate::parse::metadata::{self, Metadata};
use crate::parse::outline::{Admonition, Item, SpannedBlock};
use crate::parse::structure::{Builder, Group};
use crate::render::html;
use crate::rules;

impl Builder<'_> {
    /// Recognises a question at `heading`, consuming its metadata, answer and
    /// trailing items from `rest`. `None` (nothing consumed) when it is not one.
    pub(super) fn question(
        &mut self,
        heading: &SpannedBlock,
        rest: &mut VecDeque<Item>,
    ) -> Option<Question> {
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
        let title = readable_text(&title_inlines).trim().to_owned();
        // The id from the TeX, as before titles showed math readably.
        let id_title = plain_text(&title_inlines);

        let line = heading.first;
        match &meta {
            None => self.finding(&rules::METADATA, line,
                format!("question `{title}` has no metadata line (`**Difficulty:** … | **Tags:** … | **Asked by:** …`)")),
            Some((m, meta_line)) => {
                // Code examples put it inside their `View Code Example`
                // body as often as above it: both are the dialect's.
                if meta_inside.is_some() && !is_code_example_shape {
                    let column = leading_columns(self.src.line(*meta_line)) + 1;
                    self.findings.push(Finding::new(&rules::METADATA, *meta_line,
                        format!("metadata of `{title}` is inside its answer; move it above the admonition")).at_column(column));
                }
                for p in &m.problems {
                    let mut finding = Finding::new(p.rule, *meta_line, p.message.clone());
                    let text = self.src.line(*meta_line);
                    if let Some((written, expected)) = &p.emoji_fix
                        && let Some(start) = text.find(written.as_str())
                    {
                        finding = finding.at_column(start + 1).with_edit(Edit {
                            line: *meta_line,
                            start,
                            end: start + written.len(),
                            replacement: (*expected).to_owned(),
                        });
                    }
                    self.findings.push(finding);
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
            content(
                markdown,
                a.items.iter().cloned().map(Item::into_block).collect(),
            )
        });
        let mut links = Vec::new();
        for c in answer_content.iter().chain(insight_content.iter()) {
            for_each_inlines(&c.blocks, &mut |inlines| links_in(inlines, &mut links));
        }
        let meta_line = meta.as_ref().map(|(_, line)| *line);
        let (difficulty, difficulty_label, tags, mut companies) = meta
            .map(|(m, _)| (m.difficulty, m.difficulty_label, m.tags, m.companies))
            .unwrap_or_default();
        if companies.is_empty() {
            companies = heading_companies.clone();
        }
        let id = self.ids.allocate(self.document_id, id_title.trim());
        if let Some(meta_line) = meta_line {
            self.record_metadata_line(&id, meta_line);
        }
        Some(Question {
            id,
            kind,
            number,
            title,
            title_inlines,
            group: self.group_title.clone(),
            difficulty,
            difficulty_label,
            tags,
            companies,
            heading_companies,
            answer: answer_content,
            insight: insight_content,
            links: to_links(links),
            related: Vec::new(),
            line,
            anchor: None,
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
        let mut blocks: Vec<Block> = body.iter().map(|&item| item.clone().into_block()).collect();
        blocks.extend(trailing.iter().cloned().map(Item::into_block));
        if blocks.is_empty() {
            return None;
        }
        // (text, separator before it): content that follows the answer with no
        // blank line between keeps it that way.
        let mut pieces: Vec<(String, &str)> = Vec::new();
        let insight_lines: Vec<(usize, usize)> =
            insight.map(|i| (i.line, i.last)).into_iter().collect();
        if let Some(a) = answer {
            let skip: Vec<(usize, usize)> =
                insight_lines.iter().copied().chain(meta_inside).collect();
            pieces.push((self.markdown(a.line + 1, a.last, a.body_indent, &skip), ""));
        }
        if let (Some(first), Some(last)) = (trailing.first(), trailing.last()) {
            let adjacent = answer.is_some_and(|a| first.first_line() == a.last + 1);
            let separator = if adjacent { "\n" } else { "\n\n" };
            let text = self.markdown(first.first_line(), last.last_line(), 0, &insight_lines);
            pieces.push((text, separator));
        }
        pieces.retain(|(text, _)| !text.is_empty());
        let mut markdown = String::new();
        for (text, separator) in pieces {
            if !markdown.is_empty() {
                markdown.push_str(separator);
            }
            markdown.push_str(&text);
        }
        Some(content(markdown, blocks))
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
        let mut lines: Vec<&str> = Vec::new();
        let mut after_skip = false;
        for n in first..=last {
            if skip.iter().any(|&(a, b)| (a..=b).contains(&n)) {
                after_skip = true;
                continue;
            }
            let line = strip_columns(self.src.line(n), indent);
            // A cut between two blank lines would leave two; keep one.
            let doubled = after_skip
                && line.trim().is_empty()
                && lines.last().is_some_and(|l| l.trim().is_empty());
            if !doubled {
                lines.push(line);
            }
            after_skip &= line.trim().is_empty();
        }
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

pub(super) fn to_links(pairs: Vec<(String, String)>) -> Vec<Link> {
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

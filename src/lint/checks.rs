//! Rules over the IR and the source text of one document: missing answers and
//! insights, companies and tags that disagree with themselves, duplicates,
//! Quick Reference numbering, and literal `\n` runs. Findings from the parser
//! itself are added by the caller; nothing here parses Markdown again.

use std::collections::HashMap;

use crate::diag::{Edit, Finding};
use crate::ir::{Kind, Question};
use crate::lint::companies;
use crate::lint::config::Config;
use crate::parse::Parsed;
use crate::parse::ids::name_key;
use crate::parse::lines::Fence;
use crate::rules;
use crate::source::Source;

/// Runs every document rule, appending to `out`.
pub fn check(src: &Source, parsed: &Parsed, config: &Config, out: &mut Vec<Finding>) {
    let questions = &parsed.document.questions;
    answers_and_insights(questions, out);
    companies::heading_companies(questions, config, out);
    let metadata_line = |q: &Question| parsed.metadata_lines.get(&q.id).copied().unwrap_or(q.line);
    companies::aliases(src, questions, &metadata_line, config, out);
    tag_spelling(src, questions, &metadata_line, config, out);
    duplicates(questions, out);
    reference_numbering(src, questions, out);
    headerless_tables(src, out);
    super::escapes::check(src, out);
}

pub(super) fn is_card(question: &Question) -> bool {
    matches!(question.kind, Kind::Premium | Kind::CodeExample)
}

fn answers_and_insights(questions: &[Question], out: &mut Vec<Finding>) {
    for q in questions.iter().filter(|q| is_card(q)) {
        if q.answer.is_none() {
            out.push(Finding::new(
                &rules::ANSWER_MISSING,
                q.line,
                format!("question `{}` has no answer", q.title),
            ));
        } else if q.kind == Kind::Premium && q.insight.is_none() {
            out.push(Finding::new(
                &rules::INSIGHT_MISSING,
                q.line,
                format!(
                    "question `{}` has no `!!! tip \"Interviewer's Insight\"` inside its answer",
                    q.title
                ),
            ));
        }
    }
}

/// The line where a question's metadata (tags, "Asked by") is written.
pub(super) type MetadataLine<'a> = dyn Fn(&Question) -> usize + 'a;

fn tag_spelling(
    src: &Source,
    questions: &[Question],
    metadata_line: &MetadataLine,
    config: &Config,
    out: &mut Vec<Finding>,
) {
    let mut first: HashMap<String, (&str, usize)> = HashMap::new();
    for q in questions {
        let here = metadata_line(q);
        let text = src.line(here);
        let column_of = |tag: &str| text.find(&format!("`{tag}`")).map_or(1, |i| i + 1);
        for tag in &q.tags {
            let (spelling, line) = *first.entry(name_key(tag)).or_insert((tag, here));
            if spelling != tag {
                out.push(
                    Finding::new(
                        &rules::TAG_CASE,
                        here,
                        format!("tag `{tag}` is spelled `{spelling}` at line {line}"),
                    )
                    .at_column(column_of(tag)),
                );
            }
            if let Some(vocabulary) = &config.tags.vocabulary
                && !vocabulary.iter().any(|v| v == tag)
                && spelling == tag
            {
                out.push(
                    Finding::new(
                        &rules::TAG_UNKNOWN,
                        here,
                        format!("tag `{tag}` is not in the vocabulary of qbank.toml"),
                    )
                    .at_column(column_of(tag)),
                );
            }
        }
    }
}

fn duplicates(questions: &[Question], out: &mut Vec<Finding>) {
    for q in questions.iter().filter(|q| is_card(q)) {
        for earlier in questions
            .iter()
            .filter(|e| is_card(e) && e.line < q.line && q.related.iter().any(|r| r.id == e.id))
        {
            out.push(Finding::new(
                &rules::DUPLICATE_QUESTION,
                q.line,
                format!(
                    "`{}` asks the same as `{}` at line {}",
                    q.title, earlier.title, earlier.line
                ),
            ));
        }
    }
}

fn reference_numbering(src: &Source, questions: &[Question], out: &mut Vec<Finding>) {
    let rows: Vec<&Question> = questions
        .iter()
        .filter(|q| q.kind == Kind::Reference)
        .collect();
    // Rows of one table stand on consecutive lines.
    for table in rows.chunk_by(|a, b| b.line == a.line + 1) {
        if table.iter().all(|row| row.number.is_none()) {
            continue;
        }
        for (index, row) in table.iter().enumerate() {
            let expected = index as u32 + 1;
            if row.number == Some(expected) {
                continue;
            }
            let written = row
                .number
                .map_or("no number".to_owned(), |n| format!("Sno {n}"));
            let mut finding = Finding::new(
                &rules::REFERENCE_NUMBERING,
                row.line,
                format!(
                    "{written} where {expected} is expected (row {} of the table)",
                    index + 1
                ),
            );
            if let Some((start, end)) = first_cell_number(src.line(row.line)) {
                finding = finding.at_column(start + 1).with_edit(Edit {
                    line: row.line,
                    start,
                    end,
                    replacement: expected.to_string(),
                });
            }
            out.push(finding);
        }
    }
}

/// Numbered table rows with no header and delimiter row above them (damage
/// that cut a Quick Reference table's top: it starts at row 13): Markdown
/// reads them as a paragraph of text, so no parser sees a table and only
/// the source tells. Rows inside code are code.
fn headerless_tables(src: &Source, out: &mut Vec<Finding>) {
    let count = src.line_count();
    let mut fence: Option<Fence> = None;
    let mut n = 1;
    while n <= count {
        let line = src.line(n).trim_start();
        if let Some(open) = &fence {
            if open.is_closed_by(line) {
                fence = None;
            }
            n += 1;
            continue;
        }
        if let Some(opened) = Fence::opened_by(line) {
            fence = Some(opened);
            n += 1;
            continue;
        }
        let start = n;
        while n <= count && is_row(src.line(n).trim_start()) {
            n += 1;
        }
        if n == start {
            n += 1;
            continue;
        }
        let rows = n - start;
        let is_table = rows >= 2 && is_delimiter_row(src.line(start + 1).trim_start());
        let number = first_cell_number(src.line(start))
            .and_then(|(from, to)| src.line(start)[from..to].parse::<u32>().ok());
        if let (false, true, Some(number)) = (is_table, rows >= 2, number) {
            out.push(Finding::new(
                &rules::REFERENCE_NUMBERING,
                start,
                format!(
                    "{rows} numbered table rows (from Sno {number}) have no header and `|---|` row above them, so they show as text; restore the table's top"
                ),
            ));
        }
    }
}

/// A table row: `| a | b |`, two cells or more.
fn is_row(line: &str) -> bool {
    let line = line.trim_end();
    line.starts_with('|') && line.ends_with('|') && line.matches('|').count() >= 3
}

/// A table's delimiter row: `|---|:--:|`.
fn is_delimiter_row(line: &str) -> bool {
    let cells = line.trim().trim_matches('|');
    !cells.is_empty()
        && cells.split('|').all(|cell| {
            let cell = cell.trim().trim_matches(':');
            !cell.is_empty() && cell.chars().all(|c| c == '-')
        })
}

/// The byte range of the number in a row's first cell, when that cell is a number (or empty).
fn first_cell_number(line: &str) -> Option<(usize, usize)> {
    let open = line
        .find('|')
        .filter(|&i| line[..i].trim().is_empty())
        .map_or(0, |i| i + 1);
    let close = open + line[open..].find('|')?;
    let cell = &line[open..close];
    let trimmed = cell.trim();
    if !trimmed.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if trimmed.is_empty() {
        // An empty cell: put the number after the opening pipe's space.
        let at = open + usize::from(cell.starts_with(' '));
        return Some((at, at));
    }
    let start = open + cell.find(trimmed)?;
    Some((start, start + trimmed.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headerless(text: &str) -> Vec<Finding> {
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let mut out = Vec::new();
        headerless_tables(&src, &mut out);
        out
    }

    #[test]
    fn numbered_rows_without_their_header_are_found() {
        let cut = "Intro.\n\n| 13 | Two Sum | Easy |\n| 14 | Three Sum | Medium |\n";
        let found = headerless(cut);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert!(
            found[0].message.contains("from Sno 13"),
            "{}",
            found[0].message
        );
        // A whole table, rows in code, a lone row, unnumbered rows: nothing.
        let table = "| Sno | Title |\n|---|:---:|\n| 13 | Two Sum |\n| 14 | Three Sum |\n";
        let code = "```\n| 1 | a |\n| 2 | b |\n```\n";
        let lone = "| 1 | a |\n";
        let words = "| a | b |\n| c | d |\n";
        for text in [table, code, lone, words] {
            assert!(headerless(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn first_cell_numbers() {
        assert_eq!(first_cell_number("| 12 | title |"), Some((2, 4)));
        assert_eq!(first_cell_number("| 100| title |"), Some((2, 5)));
        assert_eq!(first_cell_number("7 | title"), Some((0, 1)));
        assert_eq!(first_cell_number("|  | title |"), Some((2, 2)));
        assert_eq!(first_cell_number("| a | title |"), None);
    }
}

//! Rules over the IR and the source text of one document: missing answers and
//! insights, companies and tags that disagree with themselves, duplicates,
//! Quick Reference numbering, and literal `\n` runs. Findings from the parser
//! itself are added by the caller; nothing here parses Markdown again.

use std::collections::HashMap;

use crate::diag::{Edit, Finding};
use crate::ir::{Kind, Question};
use crate::lint::config::Config;
use crate::parse::Parsed;
use crate::parse::ids::name_key;
use crate::rules;
use crate::source::Source;

/// Runs every document rule, appending to `out`.
pub fn check(src: &Source, parsed: &Parsed, config: &Config, out: &mut Vec<Finding>) {
    let questions = &parsed.document.questions;
    answers_and_insights(questions, out);
    heading_companies(questions, config, out);
    let metadata_line = |q: &Question| parsed.metadata_lines.get(&q.id).copied().unwrap_or(q.line);
    company_aliases(src, questions, &metadata_line, config, out);
    tag_spelling(src, questions, &metadata_line, config, out);
    duplicates(questions, out);
    reference_numbering(src, questions, out);
    super::escapes::check(src, out);
}

fn is_card(question: &Question) -> bool {
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

fn heading_companies(questions: &[Question], config: &Config, out: &mut Vec<Finding>) {
    // A suffix names a company only if the bank lists it as one somewhere
    // (or qbank.toml does): "Senior Roles", "E-commerce" or "CV" are
    // audiences and topics, not companies a reader could look for.
    let asked_anywhere: std::collections::HashSet<String> = questions
        .iter()
        .flat_map(|q| q.companies.iter())
        .map(|c| c.to_lowercase())
        .collect();
    let is_company =
        |name: &str| asked_anywhere.contains(&name.to_lowercase()) || config.is_known_company(name);
    for q in questions.iter().filter(|q| is_card(q)) {
        let missing: Vec<&str> = q
            .heading_companies
            .iter()
            .filter(|c| !config.is_group(c) && is_company(c))
            .filter(|c| {
                !q.companies
                    .iter()
                    .any(|asked| asked.eq_ignore_ascii_case(c))
            })
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            out.push(Finding::new(
                &rules::HEADING_COMPANIES,
                q.line,
                format!(
                    "the heading names {} but `Asked by` does not list {}",
                    missing.join(", "),
                    if missing.len() == 1 { "it" } else { "them" }
                ),
            ));
        }
    }
}

/// The line where a question's metadata (tags, "Asked by") is written.
type MetadataLine<'a> = dyn Fn(&Question) -> usize + 'a;

fn company_aliases(
    src: &Source,
    questions: &[Question],
    metadata_line: &MetadataLine,
    config: &Config,
    out: &mut Vec<Finding>,
) {
    // Every company mention with the line it is written on, in source order.
    let mut mentions: Vec<(&str, usize)> = questions
        .iter()
        .flat_map(|q| {
            let asked_by = metadata_line(q);
            let asked = q.companies.iter().map(move |c| (c.as_str(), asked_by));
            asked.chain(
                q.heading_companies
                    .iter()
                    .map(move |c| (c.as_str(), q.line)),
            )
        })
        .collect();
    mentions.sort_by_key(|&(_, line)| line);
    let first_line_of = |name: &str| {
        mentions
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(name))
            .map(|&(_, line)| line)
    };
    // One finding per alias as written: the same cause and the same fix,
    // however many cells and bullets repeat it.
    let mut by_alias: Vec<(String, String, Vec<usize>)> = Vec::new();
    for &(name, line) in &mentions {
        let Some(canonical) = config.canonical_company(name) else {
            continue;
        };
        if first_line_of(&canonical).is_none() {
            continue;
        }
        match by_alias.iter_mut().find(|(alias, _, _)| alias == name) {
            Some((_, _, lines)) => {
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
            None => by_alias.push((name.to_owned(), canonical, vec![line])),
        }
    }
    for (name, canonical, lines) in by_alias {
        let canonical_line = first_line_of(&canonical).unwrap_or(lines[0]);
        let first = lines[0];
        let places = match lines.len() {
            1 => format!("line {first}"),
            n => {
                let shown: Vec<String> = lines.iter().take(5).map(ToString::to_string).collect();
                let more = if n > 5 { ", ..." } else { "" };
                format!("{n} places: lines {}{more}", shown.join(", "))
            }
        };
        out.push(
            Finding::new(
                &rules::COMPANY_ALIAS,
                first,
                format!(
                    "`{name}` ({places}) and `{canonical}` (line {canonical_line}) name one company; use `{canonical}`"
                ),
            )
            .at_column(src.line(first).find(name.as_str()).map_or(1, |i| i + 1))
            .with_related(lines[1..].to_vec()),
        );
    }
}

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
            .filter(|e| is_card(e) && e.line < q.line && q.related.contains(&e.id))
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

    #[test]
    fn first_cell_numbers() {
        assert_eq!(first_cell_number("| 12 | title |"), Some((2, 4)));
        assert_eq!(first_cell_number("| 100| title |"), Some((2, 5)));
        assert_eq!(first_cell_number("7 | title"), Some((0, 1)));
        assert_eq!(first_cell_number("|  | title |"), Some((2, 2)));
        assert_eq!(first_cell_number("| a | title |"), None);
    }
}

//! The company rules. `heading-companies`: a heading suffix names a company
//! its `Asked by` does not list. `company-alias`: one company under two
//! names, reported once per name with every place, and fixed by rewriting
//! each place to one name. Names are rewritten only where the dialect lists
//! companies (a metadata line's `Asked by`, a heading suffix, a Quick
//! Reference cell, a prompt section's heading), and only as a whole list
//! item, so a title that mentions the company is never touched.

use std::ops::Range;

use crate::diag::{Edit, Finding};
use crate::ir::Question;
use crate::lint::checks::{MetadataLine, is_card};
use crate::lint::config::{AliasGroup, Config};
use crate::parse::metadata::{
    asked_by_range, heading_companies_range, is_metadata_line, split_list_ranges,
};
use crate::parse::tables::prompt_company;
use crate::rules;
use crate::source::Source;

pub(super) fn heading_companies(questions: &[Question], config: &Config, out: &mut Vec<Finding>) {
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

/// One spelling of a company and the lines that use it, in source order.
struct Form<'a> {
    name: &'a str,
    lines: Vec<usize>,
}

pub(super) fn aliases(
    src: &Source,
    questions: &[Question],
    company_line: &MetadataLine,
    config: &Config,
    out: &mut Vec<Finding>,
) {
    // Every company mention with the line it is written on, in source order.
    let mut mentions: Vec<(&str, usize)> = questions
        .iter()
        .flat_map(|q| {
            let listed = company_line(q);
            let asked = q.companies.iter().map(move |c| (c.as_str(), listed));
            asked.chain(
                q.heading_companies
                    .iter()
                    .map(move |c| (c.as_str(), q.line)),
            )
        })
        .collect();
    mentions.sort_by_key(|&(_, line)| line);
    // The spellings of each company that has aliases, in order of first use.
    let mut groups: Vec<(AliasGroup, Vec<Form>)> = Vec::new();
    for &(name, line) in &mentions {
        let Some(group) = config.alias_group(name) else {
            continue;
        };
        let index = match groups.iter().position(|(g, _)| *g == group) {
            Some(index) => index,
            None => {
                groups.push((group, Vec::new()));
                groups.len() - 1
            }
        };
        let forms = &mut groups[index].1;
        match forms.iter_mut().find(|form| form.name == name) {
            Some(form) if !form.lines.contains(&line) => form.lines.push(line),
            Some(_) => {}
            None => forms.push(Form {
                name,
                lines: vec![line],
            }),
        }
    }
    for (group, forms) in groups.iter().filter(|(_, forms)| forms.len() > 1) {
        let target = target_name(group, forms);
        let used = forms.iter().find(|form| form.name == target);
        for form in forms.iter().filter(|form| form.name != target) {
            out.push(alias_finding(src, form, target, used, forms));
        }
    }
}

/// The name every place should use: qbank.toml's canonical name, or the form
/// the bank uses most (on ties, the default canonical name, then the first).
fn target_name<'a>(group: &AliasGroup<'a>, forms: &[Form<'a>]) -> &'a str {
    if group.configured {
        return group.canonical;
    }
    let mut best = &forms[0];
    for form in &forms[1..] {
        let more = form.lines.len() > best.lines.len();
        let tie_to_canonical = form.lines.len() == best.lines.len()
            && form.name == group.canonical
            && best.name != group.canonical;
        if more || tie_to_canonical {
            best = form;
        }
    }
    best.name
}

fn alias_finding(
    src: &Source,
    form: &Form,
    target: &str,
    used: Option<&Form>,
    forms: &[Form],
) -> Finding {
    let first = form.lines[0];
    let places = match form.lines.len() {
        1 => format!("line {first}"),
        n => {
            let shown: Vec<String> = form.lines.iter().take(5).map(ToString::to_string).collect();
            let more = if n > 5 { ", ..." } else { "" };
            format!("{n} places: lines {}{more}", shown.join(", "))
        }
    };
    let message = match used {
        Some(used) => format!(
            "`{}` ({places}) and `{target}` (line {}) name one company; use `{target}`",
            form.name, used.lines[0]
        ),
        None => {
            let other = forms.iter().find(|f| f.name != form.name).unwrap_or(form);
            format!(
                "`{}` ({places}) and `{}` (line {}) name one company, which qbank.toml calls `{target}`; use `{target}`",
                form.name, other.name, other.lines[0]
            )
        }
    };
    let column = src.line(first).find(form.name).map_or(1, |i| i + 1);
    let mut finding = Finding::new(&rules::COMPANY_ALIAS, first, message)
        .at_column(column)
        .with_related(form.lines[1..].to_vec());
    // All places or none: a fix that rewrote some would leave the finding.
    let edits: Option<Vec<Edit>> = form
        .lines
        .iter()
        .map(|&line| {
            let text = src.line(line);
            let spans: Vec<Range<usize>> = company_items(text)
                .into_iter()
                .filter(|item| &text[item.clone()] == form.name)
                .collect();
            (!spans.is_empty()).then(|| {
                spans.into_iter().map(move |span| Edit {
                    line,
                    start: span.start,
                    end: span.end,
                    replacement: target.to_owned(),
                })
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(|per_line| per_line.into_iter().flatten().collect());
    for edit in edits.into_iter().flatten() {
        finding = finding.with_edit(edit);
    }
    finding
}

/// The byte ranges of the company names a line lists: the items of a
/// metadata line's `Asked by`, of a heading's suffix, of a table row's
/// cells, or a prompt section heading's company.
fn company_items(line: &str) -> Vec<Range<usize>> {
    let shift = |offset: usize, ranges: Vec<Range<usize>>| -> Vec<Range<usize>> {
        ranges
            .into_iter()
            .map(|r| r.start + offset..r.end + offset)
            .collect()
    };
    if is_metadata_line(line) {
        return asked_by_range(line)
            .map(|value| shift(value.start, split_list_ranges(&line[value])))
            .unwrap_or_default();
    }
    let body = line.trim_start();
    if body.starts_with('#') {
        let heading = body.trim_start_matches('#').trim_start();
        let at = line.len() - heading.len();
        if let Some(company) = prompt_company(heading) {
            // After "Questions asked in ": the company's first appearance.
            const PREFIX: usize = "questions asked in ".len();
            return heading[PREFIX..]
                .find(&company)
                .map(|i| at + PREFIX + i)
                .map(|start| start..start + company.len())
                .into_iter()
                .collect();
        }
        return heading_companies_range(heading)
            .map(|(_, list)| shift(at + list.start, split_list_ranges(&heading[list])))
            .unwrap_or_default();
    }
    let mut items = Vec::new();
    let mut start = 0;
    for cell_end in line.match_indices('|').map(|(i, _)| i).chain([line.len()]) {
        items.extend(shift(start, split_list_ranges(&line[start..cell_end])));
        start = cell_end + 1;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(line: &str) -> Vec<&str> {
        company_items(line).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn company_items_are_list_items_where_companies_are_written() {
        assert_eq!(
            items(
                "**Difficulty:** 🟡 Medium | **Tags:** `Facebook` | **Asked by:** Google, Facebook"
            ),
            ["Google", "Facebook"]
        );
        assert_eq!(
            items("### Design Facebook's feed - Google, Facebook Interview Question"),
            ["Google", "Facebook"]
        );
        assert_eq!(
            items("## Questions asked in Facebook interviews"),
            ["Facebook"]
        );
        assert_eq!(
            items("| 3 | Design Facebook's feed | [x](y) | Google, Facebook | Hard |"),
            [
                "3",
                "Design Facebook's feed",
                "[x](y)",
                "Google",
                "Facebook",
                "Hard"
            ]
        );
        assert!(items("### Design Facebook's feed").is_empty());
    }
}

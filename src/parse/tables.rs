//! The list-shaped parts of a bank: Quick Reference table rows, company prompt
//! bullets and resource links.

use crate::ir::blocks::{links_in, plain_text};
use crate::ir::{Block, Difficulty, Inline, ListItem};
use crate::parse::lines::{is_list_marker, leading_columns};
use crate::parse::metadata::{difficulty_from_label, split_list};
use crate::source::Source;

/// The company of a `## Questions asked in <Company> interview(s)` heading.
pub fn prompt_company(heading: &str) -> Option<String> {
    // ASCII case only: lowercasing the heading could change its byte length
    // (the Kelvin sign is `k`) and move where the company starts.
    let prefix = [
        "questions asked in ",
        "questions asked at ",
        "questions asked by ",
    ]
    .iter()
    .find(|p| crate::parse::metadata::starts_with_ignore_ascii_case(heading, p))?;
    let mut company = heading[prefix.len()..].trim();
    // "HFT Firms (e.g., Jane Street, Citadel)": the parenthetical is an aside.
    if let Some(open) = company.find(" (").filter(|_| company.ends_with(')')) {
        company = &company[..open];
    }
    for suffix in [" interviews", " interview"] {
        let bytes = company.as_bytes();
        if bytes.len() >= suffix.len()
            && bytes[bytes.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
        {
            company = &company[..company.len() - suffix.len()];
        }
    }
    let company = company.trim();
    (!company.is_empty()).then(|| company.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Title,
    Links,
    Companies,
    Difficulty,
    Tags,
    Other,
}

/// Which column of a reference table holds what, from its header.
#[derive(Debug)]
pub struct ReferenceColumns(Vec<Column>);

/// One parsed reference row.
#[derive(Debug, Default)]
pub struct Row {
    pub number: Option<u32>,
    pub title: String,
    pub title_inlines: Vec<Inline>,
    pub links: Vec<crate::ir::Link>,
    pub companies: Vec<String>,
    pub difficulty: Option<Difficulty>,
    pub difficulty_label: Option<String>,
    pub tags: Vec<String>,
    /// A `**[HARD]**` style marker taken out of the title, without brackets.
    pub marker: Option<String>,
    pub problems: Vec<String>,
}

impl ReferenceColumns {
    /// `Some` when the header has a question-title column.
    pub fn recognise(header: &[Vec<Inline>]) -> Option<ReferenceColumns> {
        let columns: Vec<Column> = header
            .iter()
            .map(|cell| {
                let name = plain_text(cell).trim().to_lowercase();
                match name.as_str() {
                    "sno" | "s.no" | "s. no." | "#" | "no" | "no." | "number" => Column::Number,
                    "difficulty" | "level" => Column::Difficulty,
                    "topics" | "topic" | "tags" => Column::Tags,
                    n if n.contains("question") || n == "title" => Column::Title,
                    n if n.contains("link") || n.contains("practice") => Column::Links,
                    n if n.contains("compan") => Column::Companies,
                    _ => Column::Other,
                }
            })
            .collect();
        columns
            .contains(&Column::Title)
            .then_some(ReferenceColumns(columns))
    }

    pub fn row(&self, cells: &[Vec<Inline>]) -> Row {
        let mut row = Row::default();
        for (column, cell) in self.0.iter().zip(cells) {
            let text = plain_text(cell).trim().to_owned();
            match column {
                Column::Number => row.number = text.parse().ok(),
                Column::Title => {
                    (row.title_inlines, row.marker) = strip_marker(cell);
                    row.title = plain_text(&row.title_inlines).trim().to_owned();
                }
                Column::Links => {
                    let mut pairs = Vec::new();
                    links_in(cell, &mut pairs);
                    row.links = pairs
                        .into_iter()
                        .map(|(text, url)| crate::ir::Link { text, url })
                        .collect();
                }
                Column::Companies => row.companies = split_list(&text),
                Column::Difficulty if !text.is_empty() => {
                    row.difficulty = difficulty_from_label(&text);
                    row.difficulty_label = Some(text.trim().to_owned());
                    if row.difficulty.is_none() {
                        row.problems.push(format!(
                            "unknown difficulty `{text}` in reference row: use Easy, Medium or Hard"
                        ));
                    }
                }
                Column::Tags => row.tags = split_list(&text),
                Column::Difficulty | Column::Other => {}
            }
        }
        row
    }
}

/// The title cell without a leading `**[HARD]**` style marker, and the marker.
fn strip_marker(cell: &[Inline]) -> (Vec<Inline>, Option<String>) {
    let marker = |inline: &Inline| {
        let text = plain_text(std::slice::from_ref(inline));
        let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?.to_owned();
        inner.chars().all(char::is_alphabetic).then_some(inner)
    };
    let (mut inlines, found): (Vec<Inline>, _) = match cell.first() {
        Some(first @ Inline::Strong { .. }) if marker(first).is_some() => {
            (cell[1..].to_vec(), marker(first))
        }
        _ => (cell.to_vec(), None),
    };
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
    }
    (inlines, found)
}

/// The number of cells in a table row as written (outer pipes optional,
/// pipes inside code spans or escaped with `\` do not count).
pub fn count_cells(line: &str) -> usize {
    let line = line.trim();
    let (mut cells, mut in_code, mut escaped) = (1, false, false);
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '|' if !in_code => cells += 1,
            _ => {}
        }
    }
    cells - usize::from(line.starts_with('|')) - usize::from(line.len() > 1 && line.ends_with('|'))
}

/// The inlines of a list item's first paragraph.
pub fn item_inlines(item: &ListItem) -> Vec<Inline> {
    item.blocks
        .iter()
        .find_map(|block| match block {
            Block::Paragraph { inlines } => Some(trim_inlines(inlines)),
            _ => None,
        })
        .unwrap_or_default()
}

fn trim_inlines(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = inlines.to_vec();
    while matches!(out.last(), Some(Inline::SoftBreak | Inline::LineBreak)) {
        out.pop();
    }
    if let Some(Inline::Text { text }) = out.last_mut() {
        *text = text.trim_end().to_owned();
    }
    out
}

/// The source line of each of `count` items of a list spanning `first..=last`:
/// the lines that start with a list marker at the list's own indentation.
/// Falls back to `first` for every item when the lines cannot be matched.
pub fn item_lines(src: &Source, first: usize, last: usize, count: usize) -> Vec<usize> {
    let indent = leading_columns(src.line(first));
    let starts: Vec<usize> = (first..=last)
        .filter(|&n| {
            let line = src.line(n);
            leading_columns(line) == indent && is_marker_line(line.trim_start())
        })
        .collect();
    if starts.len() == count {
        starts
    } else {
        vec![first; count]
    }
}

fn is_marker_line(line: &str) -> bool {
    is_list_marker(line) || line.len() == 1 && line.starts_with(['-', '*', '+'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cells_as_written() {
        assert_eq!(count_cells("| 1 | a | b |"), 3);
        assert_eq!(count_cells("1 | a"), 2);
        assert_eq!(count_cells("| 1 | `a|b` | c \\| d |"), 3);
        assert_eq!(count_cells("| 1 | a |  "), 2);
    }

    #[test]
    fn prompt_companies() {
        assert_eq!(
            prompt_company("Questions asked in Google interview").as_deref(),
            Some("Google")
        );
        assert_eq!(
            prompt_company("Questions asked in Meta interviews").as_deref(),
            Some("Meta")
        );
        assert_eq!(
            prompt_company("Questions asked in HFT Firms (e.g., Jane Street, Citadel)").as_deref(),
            Some("HFT Firms")
        );
        assert_eq!(prompt_company("Quick Reference"), None);
    }

    #[test]
    fn reads_a_reference_row() {
        let text = |s: &str| vec![Inline::Text { text: s.into() }];
        let header: Vec<Vec<Inline>> = [
            "#",
            "Question Title",
            "Practice Links",
            "Companies Asking",
            "Difficulty",
            "Topics",
        ]
        .iter()
        .map(|s| text(s))
        .collect();
        let columns = ReferenceColumns::recognise(&header).unwrap();
        let row = columns.row(&[
            text("92"),
            vec![
                Inline::Strong {
                    inlines: text("[HARD]"),
                },
                Inline::Text {
                    text: " How does `x` work?".into(),
                },
            ],
            vec![Inline::Link {
                url: "https://d".into(),
                title: None,
                inlines: text("Docs"),
            }],
            text("Google, Meta"),
            text("Hard"),
            text("Internals, GC"),
        ]);
        assert_eq!(row.number, Some(92));
        assert_eq!(row.title, "How does `x` work?");
        assert_eq!(row.links[0].url, "https://d");
        assert_eq!(row.companies, ["Google", "Meta"]);
        assert_eq!(row.difficulty, Some(Difficulty::Hard));
        assert_eq!(row.tags, ["Internals", "GC"]);
        assert_eq!(row.marker.as_deref(), Some("HARD"));
        assert!(ReferenceColumns::recognise(&[text("Task Type"), text("Impact")]).is_none());
    }
}

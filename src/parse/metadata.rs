//! The small grammars inside a question: the metadata line
//! `**Difficulty:** 🔴 Hard | **Tags:** `A`, `B` | **Asked by:** X, Y`, the
//! heading suffix ` - Google, Meta Interview Question`, and difficulty labels.

use crate::ir::Difficulty;
use crate::rules::{self, Rule};

/// A problem with the metadata, for the rule named by `rule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: &'static Rule,
    pub message: String,
    /// For an emoji that disagrees with the level: (emoji written, emoji expected).
    pub emoji_fix: Option<(String, &'static str)>,
}

fn problem(rule: &'static Rule, message: impl Into<String>) -> Problem {
    Problem {
        rule,
        message: message.into(),
        emoji_fix: None,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub difficulty: Option<Difficulty>,
    /// The difficulty as written, without its emoji.
    pub difficulty_label: Option<String>,
    pub tags: Vec<String>,
    pub companies: Vec<String>,
    pub problems: Vec<Problem>,
}

/// True when `text` is meant as a metadata line (it may still be malformed).
pub fn is_metadata_line(text: &str) -> bool {
    let text = text.trim_start();
    ["**difficulty", "**tags", "**asked by"]
        .iter()
        .any(|field| starts_with_ignore_ascii_case(text, field))
}

/// Whether `text` starts with the ASCII `prefix`, ignoring ASCII case. Never
/// slices inside a character (`**Difficu🔴`).
pub fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Parses a metadata line; `None` when the text is not one.
pub fn parse_metadata_line(text: &str) -> Option<Metadata> {
    if !is_metadata_line(text) {
        return None;
    }
    let mut meta = Metadata::default();
    let mut seen = [false; 3];
    for field in split_outside_backticks(text.trim(), '|') {
        let Some((name, value)) = split_field(field) else {
            meta.problems.push(problem(
                &rules::METADATA,
                format!(
                    "metadata field `{}` is not of the form `**Name:** value`",
                    field.trim()
                ),
            ));
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "difficulty" => {
                seen[0] = true;
                read_difficulty(value, &mut meta);
            }
            "tags" | "topics" => {
                seen[1] = true;
                read_tags(value, &mut meta);
            }
            "asked by" | "companies" => {
                seen[2] = true;
                meta.companies = split_list(value);
            }
            other => meta.problems.push(problem(
                &rules::METADATA,
                format!("unknown metadata field `{other}`"),
            )),
        }
    }
    for (seen, name) in seen.iter().zip(["Difficulty", "Tags", "Asked by"]) {
        if !seen {
            meta.problems.push(problem(
                &rules::METADATA,
                format!("metadata line has no `**{name}:**` field"),
            ));
        }
    }
    Some(meta)
}

/// `**Name:** value` or `**Name**: value` into (name, value).
fn split_field(field: &str) -> Option<(&str, &str)> {
    let rest = field.trim().strip_prefix("**")?;
    let close = rest.find("**")?;
    let name = rest[..close].trim().trim_end_matches(':').trim();
    let value = rest[close + 2..]
        .trim_start()
        .trim_start_matches(':')
        .trim();
    (!name.is_empty()).then_some((name, value))
}

fn read_difficulty(value: &str, meta: &mut Metadata) {
    let label_start = value
        .find(|c: char| c.is_alphabetic())
        .unwrap_or(value.len());
    let emoji = value[..label_start].trim();
    let label = value[label_start..].trim();
    meta.difficulty = difficulty_from_label(label);
    meta.difficulty_label = (!label.is_empty()).then(|| label.to_owned());
    let Some(difficulty) = meta.difficulty else {
        meta.problems.push(problem(
            &rules::DIFFICULTY,
            format!("unknown difficulty `{value}`: use Easy, Medium or Hard"),
        ));
        return;
    };
    let expected = difficulty_emoji(difficulty);
    if !emoji.is_empty() && emoji.trim_end_matches('\u{fe0f}') != expected {
        meta.problems.push(Problem {
            emoji_fix: Some((emoji.to_owned(), expected)),
            ..problem(
                &rules::DIFFICULTY,
                format!("difficulty `{label}` is marked {emoji}; {label} is {expected}"),
            )
        });
    }
}

fn read_tags(value: &str, meta: &mut Metadata) {
    let parts = split_outside_backticks(value, ',');
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match part.strip_prefix('`').and_then(|p| p.strip_suffix('`')) {
            Some(tag) if !tag.contains('`') => meta.tags.push(tag.trim().to_owned()),
            _ => {
                meta.problems.push(problem(
                    &rules::METADATA,
                    format!("tag `{part}` is not in backticks"),
                ));
                meta.tags.push(part.trim_matches('`').trim().to_owned());
            }
        }
    }
    meta.tags.retain(|tag| !tag.is_empty());
}

/// The emoji a bank uses for each level.
pub fn difficulty_emoji(difficulty: Difficulty) -> &'static str {
    match difficulty {
        Difficulty::Easy => "🟢",
        Difficulty::Medium => "🟡",
        Difficulty::Hard => "🔴",
    }
}

/// The level a written difficulty names, any case: Easy/Medium/Hard and
/// their common synonyms; the same with a degree word ("Very Hard" is hard);
/// a range of two ("Easy-Medium", "Medium to Hard") is medium unless both
/// ends name one level. Anything else is unknown.
pub fn difficulty_from_label(label: &str) -> Option<Difficulty> {
    let label = label.trim().to_lowercase();
    for separator in [" to ", " or ", "-", "\u{2013}", "/"] {
        if let Some((low, high)) = label.split_once(separator) {
            let (low, high) = (level(low)?, level(high)?);
            return Some(if low == high { low } else { Difficulty::Medium });
        }
    }
    level(&label)
}

/// One level's name, maybe after a degree word.
fn level(word: &str) -> Option<Difficulty> {
    const DEGREES: [&str; 8] = [
        "very ",
        "extremely ",
        "really ",
        "super ",
        "quite ",
        "fairly ",
        "moderately ",
        "somewhat ",
    ];
    let word = word.trim();
    let word = DEGREES
        .iter()
        .find_map(|degree| word.strip_prefix(degree))
        .unwrap_or(word)
        .trim();
    match word {
        "easy" | "beginner" | "basic" => Some(Difficulty::Easy),
        "medium" | "intermediate" | "moderate" => Some(Difficulty::Medium),
        "hard" | "advanced" | "expert" => Some(Difficulty::Hard),
        _ => None,
    }
}

/// A comma-separated list, trimmed, empties dropped; commas inside
/// parentheses stay ("HFT Firms (Citadel, Jane Street)" is one name).
pub fn split_list(value: &str) -> Vec<String> {
    split_list_ranges(value)
        .into_iter()
        .map(|range| value[range].to_owned())
        .collect()
}

/// The byte ranges of the items `split_list` returns, trimmed and non-empty:
/// what a fix that rewrites one item edits.
pub fn split_list_ranges(value: &str) -> Vec<std::ops::Range<usize>> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in value.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(start..value.len());
    items
        .into_iter()
        .filter_map(|range| {
            let item = &value[range.clone()];
            let trimmed = item.trim_start();
            let begin = range.start + (item.len() - trimmed.len());
            let end = begin + trimmed.trim_end().len();
            (begin < end).then_some(begin..end)
        })
        .collect()
}

fn split_outside_backticks(text: &str, separator: char) -> Vec<&str> {
    ranges_outside_backticks(text, separator)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

/// The byte ranges between `separator`s that are not inside backticks.
fn ranges_outside_backticks(text: &str, separator: char) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let mut in_code = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '`' {
            in_code = !in_code;
        } else if c == separator && !in_code {
            parts.push(start..i);
            start = i + c.len_utf8();
        }
    }
    parts.push(start..text.len());
    parts
}

/// The byte range of the `Asked by` value in a metadata line (`Google, Meta`
/// in `… | **Asked by:** Google, Meta`), for edits that rewrite a company.
pub fn asked_by_range(line: &str) -> Option<std::ops::Range<usize>> {
    ranges_outside_backticks(line, '|')
        .into_iter()
        .find_map(|field| {
            let (name, value) = split_field(&line[field.clone()])?;
            let is_companies =
                matches!(name.to_ascii_lowercase().as_str(), "asked by" | "companies");
            // `value` is a slice of this field: its offset is where it starts.
            let start = field.start + (value.as_ptr() as usize - line[field].as_ptr() as usize);
            is_companies.then_some(start..start + value.len())
        })
}

/// Splits ` - Google, Meta Interview Question` off a heading: returns the byte
/// length of the title that remains and the companies.
pub fn split_heading_companies(heading: &str) -> Option<(usize, Vec<String>)> {
    let (title_len, list) = heading_companies_range(heading)?;
    let companies = split_list(&heading[list]);
    (!companies.is_empty()).then_some((title_len, companies))
}

/// Where the suffix's company list is: the title's length and the byte range
/// of `Google, Meta` in ` - Google, Meta Interview Question`.
pub fn heading_companies_range(heading: &str) -> Option<(usize, std::ops::Range<usize>)> {
    let trimmed = heading.trim_end();
    let lower = trimmed.to_ascii_lowercase();
    let suffix_len = ["interview questions", "interview question"]
        .iter()
        .find(|s| lower.ends_with(*s))?
        .len();
    let without_suffix = &trimmed[..trimmed.len() - suffix_len];
    let (dash, dash_len) = [" - ", " – ", " — "]
        .iter()
        .filter_map(|d| without_suffix.rfind(d).map(|i| (i, d.len())))
        .max()?;
    Some((
        without_suffix[..dash].trim_end().len(),
        dash + dash_len..without_suffix.len(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_labels_map_to_the_nearest_level() {
        for (label, level) in [
            ("Very Hard", Some(Difficulty::Hard)),
            ("very hard", Some(Difficulty::Hard)),
            ("Extremely Easy", Some(Difficulty::Easy)),
            ("Easy-Medium", Some(Difficulty::Medium)),
            ("Medium–Hard", Some(Difficulty::Medium)),
            ("Medium to Hard", Some(Difficulty::Medium)),
            ("Hard/Hard", Some(Difficulty::Hard)),
            ("Intermediate", Some(Difficulty::Medium)),
            ("Impossible", None),
            ("Very", None),
            ("Easy-Impossible", None),
        ] {
            assert_eq!(difficulty_from_label(label), level, "{label}");
        }
    }

    #[test]
    fn parses_a_well_formed_line() {
        let meta = parse_metadata_line(
            "**Difficulty:** 🔴 Hard | **Tags:** `Internals`, `Concurrency` | **Asked by:** Google, Meta",
        )
        .unwrap();
        assert_eq!(meta.difficulty, Some(Difficulty::Hard));
        assert_eq!(meta.tags, ["Internals", "Concurrency"]);
        assert_eq!(meta.companies, ["Google", "Meta"]);
        assert!(meta.problems.is_empty(), "{:?}", meta.problems);
    }

    #[test]
    fn pipes_and_commas_inside_backticks_stay_in_the_tag() {
        let meta = parse_metadata_line(
            "**Difficulty:** 🟢 Easy | **Tags:** `a|b`, `c, d` | **Asked by:** X",
        )
        .unwrap();
        assert_eq!(meta.tags, ["a|b", "c, d"]);
    }

    #[test]
    fn reports_malformed_lines() {
        let meta = parse_metadata_line("**Difficulty:** 🟢 Hard | **Tags:** OOP, `x`").unwrap();
        assert_eq!(meta.difficulty, Some(Difficulty::Hard));
        assert_eq!(meta.tags, ["OOP", "x"]);
        let rules: Vec<_> = meta.problems.iter().map(|p| p.rule.id).collect();
        assert_eq!(rules, ["difficulty", "metadata", "metadata"]);
        assert!(meta.problems[0].message.contains("🔴"));
        assert!(meta.problems[2].message.contains("Asked by"));

        let meta =
            parse_metadata_line("**Difficulty:** Impossible | **Tags:** `a` | **Asked by:** X")
                .unwrap();
        assert_eq!(meta.difficulty, None);
        assert_eq!(meta.problems[0].rule, &rules::DIFFICULTY);
    }

    #[test]
    fn commas_inside_parentheses_do_not_split() {
        assert_eq!(
            split_list("HFT Firms (Citadel, Jane Street), Google"),
            ["HFT Firms (Citadel, Jane Street)", "Google"]
        );
        assert_eq!(split_list(" a ,, b "), ["a", "b"]);
    }

    #[test]
    fn other_paragraphs_are_not_metadata() {
        assert!(parse_metadata_line("**What is the GIL?**").is_none());
        assert!(parse_metadata_line("Difficulty: Hard").is_none());
    }

    #[test]
    fn company_lists_have_exact_ranges() {
        let line = "**Difficulty:** 🟢 Easy | **Tags:** `a|b` | **Asked by:**  Google, Facebook ";
        let range = asked_by_range(line).unwrap();
        assert_eq!(&line[range.clone()], "Google, Facebook");
        let items: Vec<&str> = split_list_ranges(&line[range.clone()])
            .into_iter()
            .map(|r| &line[range.start + r.start..range.start + r.end])
            .collect();
        assert_eq!(items, ["Google", "Facebook"]);
        assert_eq!(asked_by_range("**Difficulty:** Easy | **Tags:** `x`"), None);
        let heading = "Design Facebook's feed - Facebook, Meta Interview Question";
        let (title_len, list) = heading_companies_range(heading).unwrap();
        assert_eq!(&heading[..title_len], "Design Facebook's feed");
        assert_eq!(&heading[list], "Facebook, Meta ");
    }

    #[test]
    fn heading_suffix() {
        let h = "Explain `__slots__` in Python - When and Why to Use It? - Google, Amazon Interview Question";
        let (len, companies) = split_heading_companies(h).unwrap();
        assert_eq!(
            &h[..len],
            "Explain `__slots__` in Python - When and Why to Use It?"
        );
        assert_eq!(companies, ["Google", "Amazon"]);
        let (len, companies) =
            split_heading_companies("What is X? – Most Tech Companies Interview Questions ")
                .unwrap();
        assert_eq!(len, "What is X?".len());
        assert_eq!(companies, ["Most Tech Companies"]);
        assert_eq!(
            split_heading_companies("What is an Interview Question"),
            None
        );
        assert_eq!(split_heading_companies("Plain heading"), None);
    }
}

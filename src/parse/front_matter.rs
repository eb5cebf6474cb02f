//! YAML front matter: the `---` block at the top of a bank with `title`,
//! `description` and, optionally, `lang` (a BCP 47 language tag). A block that is unclosed or not a YAML mapping is reported and
//! left in the Markdown, where it stays visible instead of vanishing.

use serde_norway::Value;

use crate::diag::Finding;
use crate::rules;
use crate::source::Source;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub lang: Option<String>,
    /// The first line after the block (1 when there is none).
    pub body_line: usize,
}

pub fn read(src: &Source, findings: &mut Vec<Finding>) -> FrontMatter {
    let none = FrontMatter {
        body_line: 1,
        ..FrontMatter::default()
    };
    if src.line(1).trim_end() != "---" {
        findings.push(Finding::new(
            &rules::FRONT_MATTER_FIELDS,
            1,
            "no front matter: start the file with a `---` block giving `title` and `description`",
        ));
        return none;
    }
    let Some(close) =
        (2..=src.line_count()).find(|&n| matches!(src.line(n).trim_end(), "---" | "..."))
    else {
        findings.push(Finding::new(
            &rules::FRONT_MATTER,
            1,
            "front matter opened with `---` is never closed",
        ));
        return none;
    };
    let yaml: String = (2..close).map(|n| format!("{}\n", src.line(n))).collect();
    let mapping = match serde_norway::from_str::<Value>(&yaml) {
        Ok(Value::Mapping(mapping)) => mapping,
        Ok(Value::Null) => Default::default(),
        Ok(_) | Err(_) => {
            findings.push(Finding::new(
                &rules::FRONT_MATTER,
                1,
                format!(
                    "front matter (lines 1-{close}) is not a YAML mapping of `key: value` lines; it is kept as Markdown"
                ),
            ));
            return none;
        }
    };
    let field = |key: &str| -> Option<String> {
        match mapping.get(key)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    };
    let lang = field("lang").or_else(|| field("language"));
    let front = FrontMatter {
        title: field("title"),
        description: field("description"),
        lang: lang.clone().filter(|tag| is_language_tag(tag)),
        body_line: close + 1,
    };
    if let Some(tag) = lang.filter(|tag| !is_language_tag(tag)) {
        findings.push(Finding::new(
            &rules::FRONT_MATTER_FIELDS,
            1,
            format!("`lang: {tag}` is not a language tag such as `en` or `pt-BR`; it is ignored"),
        ));
    }
    for (key, value) in [("title", &front.title), ("description", &front.description)] {
        if value.is_none() {
            findings.push(Finding::new(
                &rules::FRONT_MATTER_FIELDS,
                1,
                format!("front matter has no `{key}`"),
            ));
        }
    }
    front
}

/// A well-formed BCP 47 tag in its common shape: a 2-8 letter language and
/// subtags of 1-8 letters or digits (`en`, `pt-BR`, `zh-Hant-TW`).
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (FrontMatter, Vec<Finding>) {
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let mut findings = Vec::new();
        (read(&src, &mut findings), findings)
    }

    #[test]
    fn reads_title_and_description_and_skips_comments() {
        let (front, findings) = run(
            "---\ntitle: Python Questions\ndescription: \"100+ questions\"\n# hide:\n#   - toc\n---\n\n# H\n",
        );
        assert_eq!(front.title.as_deref(), Some("Python Questions"));
        assert_eq!(front.description.as_deref(), Some("100+ questions"));
        assert_eq!(front.body_line, 7);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn missing_front_matter_is_a_warning() {
        let (front, findings) = run("# Title\n");
        assert_eq!(front.body_line, 1);
        assert_eq!(findings[0].rule, &rules::FRONT_MATTER_FIELDS);
        assert_eq!(findings[0].rule.severity, crate::diag::Severity::Warning);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_and_keeps_the_text() {
        let (front, findings) = run("---\ntitle: x\n\n# Title\n");
        assert_eq!(front.body_line, 1);
        assert_eq!(findings[0].rule, &rules::FRONT_MATTER);
        assert_eq!(findings[0].rule.severity, crate::diag::Severity::Error);
        assert!(findings[0].message.contains("never closed"));
    }

    #[test]
    fn a_later_thematic_break_that_closes_markdown_is_not_yaml() {
        let (front, findings) = run("---\ntitle: x\n# Title\n\n**Bold:** text | more\n\n---\n");
        assert_eq!(front.body_line, 1);
        assert!(
            findings[0].message.contains("not a YAML mapping"),
            "{findings:?}"
        );
    }

    #[test]
    fn language_tags_are_checked() {
        let (front, findings) = run("---\ntitle: x\ndescription: y\nlang: pt-BR\n---\n");
        assert_eq!((front.lang.as_deref(), findings.len()), (Some("pt-BR"), 0));
        let (front, findings) = run("---\ntitle: x\ndescription: y\nlanguage: English!\n---\n");
        assert_eq!(front.lang, None);
        assert!(findings[0].message.contains("English!"), "{findings:?}");
    }

    #[test]
    fn missing_description_is_reported() {
        let (front, findings) = run("---\ntitle: x\n---\n");
        assert_eq!(front.title.as_deref(), Some("x"));
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("description"));
    }
}

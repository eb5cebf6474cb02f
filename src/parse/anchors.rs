//! Heading anchors as MkDocs makes them (Python-Markdown's `toc` extension):
//! NFKD-normalise, drop what is not ASCII, keep word characters, spaces and
//! hyphens, lowercase, join words with `-`; a repeated anchor gets `_1`, `_2`.
//! Lint checks in-page `#anchor` links against these.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::ir::Block;
use crate::ir::blocks::plain_text;
use crate::parse::outline::Item;

/// The anchor MkDocs gives a heading with this text.
pub fn mkdocs_slug(text: &str) -> String {
    let ascii: String = text.nfkd().filter(char::is_ascii).collect();
    let kept: String = ascii
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    // As Python-Markdown's `slugify`: whitespace is stripped from the ends,
    // then every run of spaces and hyphens becomes one hyphen, at the ends
    // too (`--force vs x` gives `-force-vs-x`).
    let mut slug = String::new();
    let mut in_separator = false;
    for c in kept.trim().to_lowercase().chars() {
        if c == '-' || c.is_whitespace() {
            if !in_separator {
                slug.push('-');
            }
            in_separator = true;
        } else {
            in_separator = false;
            slug.push(c);
        }
    }
    slug
}

/// `anchor` made unique among `seen` as Python-Markdown's `unique` does: a
/// taken `x` becomes `x_1`, and a taken `x_1` becomes `x_2` (not `x_1_1`).
fn unique(anchor: String, seen: &mut HashSet<String>) -> String {
    let mut anchor = anchor;
    while anchor.is_empty() || seen.contains(&anchor) {
        anchor = match anchor.rsplit_once('_') {
            Some((stem, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                let next = n.parse::<u64>().map_or(1, |n| n.saturating_add(1));
                format!("{stem}_{next}")
            }
            _ => format!("{anchor}_1"),
        };
    }
    seen.insert(anchor.clone());
    anchor
}

/// Every heading anchor of the outline, in document order, made unique the way
/// MkDocs does it, with the source line of headings outside admonitions (those
/// of groups and questions).
pub fn collect(items: &[Item]) -> Vec<(Option<usize>, String)> {
    let mut texts = Vec::new();
    walk_items(items, &mut texts);
    let mut seen = HashSet::new();
    texts
        .into_iter()
        .map(|(line, text)| (line, unique(mkdocs_slug(&text), &mut seen)))
        .collect()
}

fn walk_items(items: &[Item], out: &mut Vec<(Option<usize>, String)>) {
    for item in items {
        match item {
            Item::Block(b) => match &b.block {
                Block::Heading { inlines, .. } => out.push((Some(b.first), plain_text(inlines))),
                block => walk_blocks(std::slice::from_ref(block), out),
            },
            Item::Admonition(a) => walk_items(&a.items, out),
        }
    }
}

fn walk_blocks(blocks: &[Block], out: &mut Vec<(Option<usize>, String)>) {
    crate::ir::blocks::for_each_block(blocks, &mut |block| {
        if let Block::Heading { inlines, .. } = block {
            out.push((None, plain_text(inlines)));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_mkdocs() {
        assert_eq!(
            mkdocs_slug(
                "What is the Global Interpreter Lock (GIL) in Python? - Google, Meta Interview Question"
            ),
            "what-is-the-global-interpreter-lock-gil-in-python-google-meta-interview-question"
        );
        assert_eq!(
            mkdocs_slug("Explain `__slots__` in Python"),
            "explain-__slots__-in-python"
        );
        assert_eq!(mkdocs_slug("Bayes’ Théorème"), "bayes-theoreme");
        assert_eq!(
            mkdocs_slug("Quick Reference: 100+ Questions"),
            "quick-reference-100-questions"
        );
        assert_eq!(mkdocs_slug("  a  -  b "), "a-b");
        // Python-Markdown keeps a separator at either end.
        assert_eq!(
            mkdocs_slug("`--force` vs `--force-with-lease` - Meta Interview Question"),
            "-force-vs-force-with-lease-meta-interview-question"
        );
        assert_eq!(mkdocs_slug("Step 1 -"), "step-1-");
    }

    #[test]
    fn repeats_count_up_as_python_markdown_does() {
        let mut seen = HashSet::new();
        let anchors: Vec<String> = [
            "templates-in-c",
            "templates-in-c",
            "templates-in-c_1",
            "",
            "",
        ]
        .into_iter()
        .map(|a| unique(a.to_owned(), &mut seen))
        .collect();
        assert_eq!(
            anchors,
            [
                "templates-in-c",
                "templates-in-c_1",
                "templates-in-c_2",
                "_1",
                "_2"
            ]
        );
    }
}

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
    let mut slug = String::new();
    let mut pending_separator = false;
    for c in kept.trim().to_lowercase().chars() {
        if c == '-' || c.is_whitespace() {
            pending_separator = true;
        } else {
            if pending_separator && !slug.is_empty() {
                slug.push('-');
            }
            pending_separator = false;
            slug.push(c);
        }
    }
    slug
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
        .map(|(line, text)| {
            let base = mkdocs_slug(&text);
            let mut anchor = base.clone();
            let mut n = 0;
            while !seen.insert(anchor.clone()) {
                n += 1;
                anchor = format!("{base}_{n}");
            }
            (line, anchor)
        })
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
    for block in blocks {
        match block {
            Block::Heading { inlines, .. } => out.push((None, plain_text(inlines))),
            Block::List { items, .. } => items.iter().for_each(|i| walk_blocks(&i.blocks, out)),
            Block::Callout { blocks, .. } | Block::Quote { blocks } => walk_blocks(blocks, out),
            _ => {}
        }
    }
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
    }
}

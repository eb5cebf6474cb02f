//! The typed block tree that answers and insights are made of: the Markdown
//! constructs the banks use (paragraphs, headings, lists, tables, code, callouts,
//! quotes, rules) with typed inlines. Renderers work from this tree only.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        inlines: Vec<Inline>,
    },
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        /// First number of an ordered list.
        #[serde(skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// A tight list renders its items without paragraph spacing.
        tight: bool,
        items: Vec<ListItem>,
    },
    Table {
        alignments: Vec<Alignment>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// Fenced or indented code, with the exact text (dedented, ends with a newline).
    Code {
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        text: String,
    },
    /// An MkDocs admonition nested in an answer (`!!! warning "Pitfalls"`).
    Callout {
        kind: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        display: CalloutDisplay,
        blocks: Vec<Block>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    /// Raw HTML from the source, as written: never sanitised, so never to be
    /// inserted into a page (the `html` fields are the safe rendering).
    /// qbank's renderers show it through an allow-list of harmless tags.
    Html {
        raw: String,
    },
    Rule,
}

/// One item of a list; `checked` is set for task-list items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    None,
    Left,
    Center,
    Right,
}

/// How an admonition is shown: `!!!` static, `???` collapsed, `???+` expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalloutDisplay {
    Static,
    Collapsed,
    Expanded,
}

/// An inline element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Code {
        text: String,
    },
    Emphasis {
        inlines: Vec<Inline>,
    },
    Strong {
        inlines: Vec<Inline>,
    },
    Strikethrough {
        inlines: Vec<Inline>,
    },
    Link {
        url: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        inlines: Vec<Inline>,
    },
    Image {
        url: String,
        alt: String,
    },
    /// `$...$` (inline) or `$$...$$` (display) TeX.
    Math {
        display: bool,
        text: String,
    },
    /// Raw inline HTML from the source (one tag or comment), as written: never
    /// to be inserted into a page. qbank's renderers keep only allow-listed
    /// tags, without attributes.
    Html {
        raw: String,
    },
    SoftBreak,
    LineBreak,
}

/// The visible text of inlines, without markup (code keeps its text, links
/// their label, math its TeX). Ids and anchors are made from it, so that
/// they stay what they were before math was typeset.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out, false);
    out
}

/// [`plain_text`] with math in readable Unicode (`\frac{a}{b}` → a/b): for
/// titles shown as text (contents, `<title>`, bookmarks, the JSON's `title`).
pub fn readable_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out, true);
    out
}

fn push_plain_text(inlines: &[Inline], out: &mut String, readable: bool) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } | Inline::Html { raw: text } => {
                out.push_str(text)
            }
            Inline::Math { text, .. } if readable => out.push_str(&crate::math::to_unicode(text)),
            Inline::Math { text, .. } => out.push_str(text),
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikethrough { inlines }
            | Inline::Link { inlines, .. } => push_plain_text(inlines, out, readable),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
        }
    }
}

/// Calls `visit` for every block in `blocks` and every block nested in them
/// (list items, admonitions, quotes), depth first, in order.
pub fn for_each_block<'a>(blocks: &'a [Block], visit: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        visit(block);
        match block {
            Block::List { items, .. } => items
                .iter()
                .for_each(|item| for_each_block(&item.blocks, visit)),
            Block::Callout { blocks, .. } | Block::Quote { blocks } => {
                for_each_block(blocks, visit)
            }
            _ => {}
        }
    }
}

/// Calls `visit` for every inline sequence in `blocks`, depth first, in order.
pub fn for_each_inlines<'a>(blocks: &'a [Block], visit: &mut impl FnMut(&'a [Inline])) {
    for block in blocks {
        match block {
            Block::Paragraph { inlines } | Block::Heading { inlines, .. } => visit(inlines),
            Block::List { items, .. } => items
                .iter()
                .for_each(|item| for_each_inlines(&item.blocks, visit)),
            Block::Table { header, rows, .. } => header
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|cell| visit(cell)),
            Block::Callout { blocks, .. } | Block::Quote { blocks } => {
                for_each_inlines(blocks, visit)
            }
            Block::Code { .. } | Block::Html { .. } | Block::Rule => {}
        }
    }
}

/// Every link in `inlines` (nested ones included) as (label, url), in order.
pub fn links_in(inlines: &[Inline], out: &mut Vec<(String, String)>) {
    for inline in inlines {
        match inline {
            Inline::Link { url, inlines, .. } => out.push((plain_text(inlines), url.clone())),
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikethrough { inlines } => links_in(inlines, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn plain_text_drops_markup_keeps_words() {
        let inlines = vec![
            text("Use "),
            Inline::Code {
                text: "*args".into(),
            },
            Inline::SoftBreak,
            Inline::Strong {
                inlines: vec![Inline::Link {
                    url: "https://x".into(),
                    title: None,
                    inlines: vec![text("here")],
                }],
            },
        ];
        assert_eq!(plain_text(&inlines), "Use *args here");
        let mut links = Vec::new();
        links_in(&inlines, &mut links);
        assert_eq!(links, vec![("here".to_string(), "https://x".to_string())]);
    }

    #[test]
    fn block_serialises_with_type_tag() {
        let block = Block::Code {
            language: Some("python".into()),
            text: "x = 1\n".into(),
        };
        assert_eq!(
            serde_json::to_string(&block).unwrap(),
            r#"{"type":"code","language":"python","text":"x = 1\n"}"#
        );
    }
}

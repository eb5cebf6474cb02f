//! Plain Markdown through comrak, converted to IR blocks. The admonition-aware
//! outline hands this module runs of lines that contain no admonition headers;
//! each top-level block comes back with its source line range.

use std::cell::Cell;

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};

use crate::ir::{Alignment, Block, Inline, ListItem};

/// A converted top-level block and the 1-based lines it spans within the run.
pub struct RunBlock {
    pub block: Block,
    pub first: usize,
    pub last: usize,
}

/// The comrak options qbank parses with: GFM tables, strikethrough, task
/// lists, bare-URL autolinks and `$` math, as MkDocs Material banks use them.
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.extension.autolink = true;
    options.extension.math_dollars = true;
    options
}

/// A link or image target and where it stands in the run (1-based line and
/// byte column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunLink {
    pub url: String,
    pub line: usize,
    pub column: usize,
}

/// A `$…$` or `$$…$$` formula and where it starts in the run, for lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunMath {
    pub tex: String,
    pub display: bool,
    pub line: usize,
    pub column: usize,
}

/// One run, parsed.
pub struct Run {
    pub blocks: Vec<RunBlock>,
    pub links: Vec<RunLink>,
    pub math: Vec<RunMath>,
    /// Where (1-based line, byte column) each code fence inside a list item
    /// or quote starts that its container ended before a closing fence did.
    pub unclosed_fences: Vec<(usize, usize)>,
    /// The line of a fence at the run's top level that nothing closed.
    pub unclosed_root: Option<usize>,
    /// Where (1-based line within the run, byte column) the first container
    /// nested deeper than the run's depth budget starts; it and everything in
    /// it became plain text.
    pub too_deep: Option<(usize, usize)>,
}

/// Parses `text`: its top-level blocks with their line ranges, and every link
/// and image target with its position. Containers (quotes, list items, inline
/// markup) nested more than `depth_budget` deep are flattened to plain text,
/// so that the converter's recursion, and every renderer's after it, stays
/// bounded whatever the input.
pub fn parse_run(text: &str, depth_budget: usize) -> Run {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let links = root
        .descendants()
        .filter_map(|node| {
            let data = node.data.borrow();
            match &data.value {
                NodeValue::Link(link) | NodeValue::Image(link) => Some(RunLink {
                    url: link.url.clone(),
                    line: data.sourcepos.start.line,
                    column: data.sourcepos.start.column,
                }),
                _ => None,
            }
        })
        .collect();
    let math = root
        .descendants()
        .filter_map(|node| {
            let data = node.data.borrow();
            match &data.value {
                NodeValue::Math(math) => Some(RunMath {
                    tex: math.literal.clone(),
                    display: math.display_math,
                    line: data.sourcepos.start.line,
                    column: data.sourcepos.start.column,
                }),
                _ => None,
            }
        })
        .collect();
    // Fences at the run's top level are the outline's to report: it knows
    // whether the run is an admonition body or the whole file.
    let unclosed_root = root.children().find_map(|node| {
        let data = node.data.borrow();
        match &data.value {
            NodeValue::CodeBlock(code) if code.fenced && !code.closed => {
                Some(data.sourcepos.start.line)
            }
            _ => None,
        }
    });
    let unclosed_fences = root
        .descendants()
        .filter(|node| node.parent().is_some_and(|p| !std::ptr::eq(p, root)))
        .filter_map(|node| {
            let data = node.data.borrow();
            match &data.value {
                NodeValue::CodeBlock(code) if code.fenced && !code.closed => {
                    Some((data.sourcepos.start.line, data.sourcepos.start.column))
                }
                _ => None,
            }
        })
        .collect();
    let converter = Converter {
        text,
        depth_budget,
        too_deep: Cell::new(None),
    };
    let blocks = root
        .children()
        .filter_map(|node| {
            let pos = node.data.borrow().sourcepos;
            let block = converter.convert_block(node, 0)?;
            Some(RunBlock {
                block,
                first: pos.start.line,
                last: pos.end.line.max(pos.start.line),
            })
        })
        .collect();
    Run {
        blocks,
        links,
        math,
        unclosed_fences,
        unclosed_root,
        too_deep: converter.too_deep.get(),
    }
}

/// Converts one run's AST. `depth` arguments count the containers around a node.
struct Converter<'t> {
    /// The run's text, to read a strikethrough's delimiters (rare: read on demand).
    text: &'t str,
    depth_budget: usize,
    too_deep: Cell<Option<(usize, usize)>>,
}

fn is_container(value: &NodeValue) -> bool {
    matches!(
        value,
        NodeValue::BlockQuote
            | NodeValue::MultilineBlockQuote(_)
            | NodeValue::List(_)
            | NodeValue::Emph
            | NodeValue::Strong
            | NodeValue::Strikethrough
            | NodeValue::Link(_)
    )
}

impl Converter<'_> {
    /// Whether a container at `depth` must be flattened; remembers where.
    fn too_deep<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> bool {
        let data = node.data.borrow();
        if depth < self.depth_budget || !is_container(&data.value) {
            return false;
        }
        let at = (data.sourcepos.start.line, data.sourcepos.start.column);
        let first = self.too_deep.get().map_or(at, |seen| seen.min(at));
        self.too_deep.set(Some(first));
        true
    }

    fn convert_blocks<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
        node.children()
            .filter_map(|child| self.convert_block(child, depth))
            .collect()
    }

    fn convert_block<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Option<Block> {
        if self.too_deep(node, depth) {
            return Some(Block::Paragraph {
                inlines: vec![Inline::Text {
                    text: collect_text(node),
                }],
            });
        }
        let value = node.data.borrow().value.clone();
        Some(match value {
            NodeValue::Paragraph => Block::Paragraph {
                inlines: self.convert_inlines(node, depth),
            },
            NodeValue::Heading(heading) => Block::Heading {
                level: heading.level,
                inlines: self.convert_inlines(node, depth),
            },
            NodeValue::List(list) => Block::List {
                ordered: list.list_type == ListType::Ordered,
                start: (list.list_type == ListType::Ordered).then_some(list.start as u64),
                tight: list.tight,
                items: node
                    .children()
                    .map(|item| {
                        let checked = match &item.data.borrow().value {
                            NodeValue::TaskItem(task) => Some(task.symbol.is_some()),
                            _ => None,
                        };
                        ListItem {
                            checked,
                            blocks: self.convert_blocks(item, depth + 1),
                        }
                    })
                    .collect(),
            },
            NodeValue::CodeBlock(code) => Block::Code {
                language: code
                    .info
                    .split_whitespace()
                    .next()
                    .map(|lang| {
                        lang.trim_start_matches('{')
                            .trim_start_matches('.')
                            .to_owned()
                    })
                    .filter(|lang| !lang.is_empty()),
                text: code.literal,
            },
            NodeValue::HtmlBlock(html) => Block::Html { raw: html.literal },
            NodeValue::ThematicBreak => Block::Rule,
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => Block::Quote {
                blocks: self.convert_blocks(node, depth + 1),
            },
            NodeValue::Table(table) => {
                let mut rows = node.children().map(|row| {
                    row.children()
                        .map(|cell| self.convert_inlines(cell, depth))
                        .collect::<Vec<_>>()
                });
                let header = rows.next().unwrap_or_default();
                Block::Table {
                    alignments: table
                        .alignments
                        .iter()
                        .map(|a| match a {
                            TableAlignment::None => Alignment::None,
                            TableAlignment::Left => Alignment::Left,
                            TableAlignment::Center => Alignment::Center,
                            TableAlignment::Right => Alignment::Right,
                        })
                        .collect(),
                    header,
                    rows: rows.collect(),
                }
            }
            // Anything else comrak may produce with the options above is kept as text.
            _ => {
                let text = collect_text(node);
                if text.trim().is_empty() {
                    return None;
                }
                Block::Paragraph {
                    inlines: vec![Inline::Text { text }],
                }
            }
        })
    }

    fn convert_inlines<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for child in node.children() {
            let parts = if self.too_deep(child, depth) {
                vec![Inline::Text {
                    text: collect_text(child),
                }]
            } else if self.is_single_tilde_strikethrough(child) {
                // GFM strikes `~one~`; MkDocs strikes only `~~two~~`, so the
                // tildes stay text ("X~N(0,1) and Y~N(0,1)").
                let tilde = Inline::Text { text: "~".into() };
                let mut parts = vec![tilde.clone()];
                parts.extend(self.convert_inlines(child, depth + 1));
                parts.push(tilde);
                parts
            } else {
                vec![self.convert_inline(child, depth)]
            };
            for inline in parts {
                // comrak splits text at special characters; merge adjacent runs.
                match (out.last_mut(), inline) {
                    (Some(Inline::Text { text: last }), Inline::Text { text }) => {
                        last.push_str(&text)
                    }
                    (_, inline) => out.push(inline),
                }
            }
        }
        out
    }

    /// A strikethrough written with one tilde, read from the source position.
    fn is_single_tilde_strikethrough<'a>(&self, node: &'a AstNode<'a>) -> bool {
        let data = node.data.borrow();
        if !matches!(data.value, NodeValue::Strikethrough) {
            return false;
        }
        let start = data.sourcepos.start;
        let line = self
            .text
            .lines()
            .nth(start.line.wrapping_sub(1))
            .map_or(&b""[..], |l| l.as_bytes());
        let at = start.column.wrapping_sub(1);
        line.get(at) == Some(&b'~') && line.get(at + 1) != Some(&b'~')
    }

    /// Converts an inline that `convert_inlines` has checked for depth.
    fn convert_inline<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Inline {
        let depth = depth + 1;
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Text(text) => Inline::Text {
                text: text.into_owned(),
            },
            NodeValue::Code(code) => Inline::Code { text: code.literal },
            NodeValue::Emph => Inline::Emphasis {
                inlines: self.convert_inlines(node, depth),
            },
            NodeValue::Strong => Inline::Strong {
                inlines: self.convert_inlines(node, depth),
            },
            NodeValue::Strikethrough => Inline::Strikethrough {
                inlines: self.convert_inlines(node, depth),
            },
            NodeValue::Link(link) => Inline::Link {
                url: link.url,
                title: Some(link.title).filter(|t| !t.is_empty()),
                inlines: self.convert_inlines(node, depth),
            },
            NodeValue::Image(link) => Inline::Image {
                url: link.url,
                alt: collect_text(node),
            },
            NodeValue::Math(math) => Inline::Math {
                display: math.display_math,
                text: math.literal,
            },
            NodeValue::HtmlInline(html) => Inline::Html { raw: html },
            NodeValue::SoftBreak => Inline::SoftBreak,
            NodeValue::LineBreak => Inline::LineBreak,
            _ => Inline::Text {
                text: collect_text(node),
            },
        }
    }
}

/// All literal text below `node`, iteratively (no recursion, any depth).
fn collect_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for descendant in node.descendants() {
        match &descendant.data.borrow().value {
            NodeValue::Text(text) => out.push_str(text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::Math(math) => out.push_str(&math.literal),
            NodeValue::CodeBlock(code) => out.push_str(&code.literal),
            NodeValue::HtmlInline(html) => out.push_str(html),
            NodeValue::HtmlBlock(html) => out.push_str(&html.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_constructs_banks_use() {
        let blocks = parse_run(
            "Intro **bold** and `code`, $x^2$.\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n```python\ndef f(n):\n    return n\n```\n\n- [x] done\n- todo\n\n---\n",
            16,
        )
        .blocks;
        let lines: Vec<(usize, usize)> = blocks.iter().map(|b| (b.first, b.last)).collect();
        assert_eq!(lines, vec![(1, 1), (3, 5), (7, 10), (12, 13), (15, 15)]);
        let Block::Paragraph { inlines } = &blocks[0].block else {
            panic!()
        };
        assert!(inlines.contains(&Inline::Math {
            display: false,
            text: "x^2".into()
        }));
        let Block::Table {
            alignments, rows, ..
        } = &blocks[1].block
        else {
            panic!()
        };
        assert_eq!(alignments, &vec![Alignment::Left, Alignment::Right]);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            blocks[2].block,
            Block::Code {
                language: Some("python".into()),
                text: "def f(n):\n    return n\n".into()
            }
        );
        let Block::List { items, .. } = &blocks[3].block else {
            panic!()
        };
        assert_eq!(items[0].checked, Some(true));
        assert_eq!(blocks[4].block, Block::Rule);
    }

    /// The number of containers around the deepest text of `blocks`.
    fn depth_of(blocks: &[Block]) -> usize {
        fn inline_depth(inlines: &[Inline]) -> usize {
            inlines
                .iter()
                .map(|inline| match inline {
                    Inline::Emphasis { inlines }
                    | Inline::Strong { inlines }
                    | Inline::Strikethrough { inlines }
                    | Inline::Link { inlines, .. } => 1 + inline_depth(inlines),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        blocks
            .iter()
            .map(|block| match block {
                Block::Quote { blocks } => 1 + depth_of(blocks),
                Block::List { items, .. } => {
                    1 + items.iter().map(|i| depth_of(&i.blocks)).max().unwrap_or(0)
                }
                Block::Paragraph { inlines } => inline_depth(inlines),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn nesting_past_the_budget_becomes_text() {
        let quotes = format!("{}deep", "> ".repeat(5_000));
        let run = parse_run(&quotes, 16);
        assert_eq!(
            (run.blocks.len(), depth_of(&[run.blocks[0].block.clone()])),
            (1, 16)
        );
        assert_eq!(run.too_deep, Some((1, 33)));
        let lists: String = (0..40)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect();
        let run = parse_run(&format!("Intro.\n\n{lists}"), 4);
        assert_eq!(depth_of(&[run.blocks[1].block.clone()]), 4);
        assert_eq!(
            run.too_deep,
            Some((7, 9)),
            "the fifth list starts on line 7"
        );
        let Block::List { items, .. } = &run.blocks[1].block else {
            panic!()
        };
        let text = format!("{:?}", items);
        assert!(text.contains("item 39"), "flattened text is kept");
        let inline = parse_run("*a **b [c *d*](x)** e*\n", 2);
        assert_eq!(depth_of(&[inline.blocks[0].block.clone()]), 2);
        assert_eq!(inline.too_deep, Some((1, 8)), "the link");
        assert_eq!(parse_run("*a **b [c *d*](x)** e*\n", 4).too_deep, None);
    }

    #[test]
    fn only_double_tildes_strike() {
        let blocks = parse_run("If X~N(0,1) and Y~N(0,1) then ~~wrong~~.\n", 16).blocks;
        let Block::Paragraph { inlines } = &blocks[0].block else {
            panic!()
        };
        assert_eq!(
            inlines,
            &vec![
                Inline::Text {
                    text: "If X~N(0,1) and Y~N(0,1) then ".into()
                },
                Inline::Strikethrough {
                    inlines: vec![Inline::Text {
                        text: "wrong".into()
                    }]
                },
                Inline::Text { text: ".".into() },
            ]
        );
    }

    #[test]
    fn raw_html_is_kept_as_data() {
        let blocks = parse_run(
            "a <b onclick=\"x\">b</b>\n\n<script>alert(1)</script>\n",
            16,
        )
        .blocks;
        assert!(matches!(&blocks[1].block, Block::Html { raw: html } if html.contains("<script>")));
    }
}

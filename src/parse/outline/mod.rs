//! The outline: a source split into Markdown blocks and MkDocs admonitions.
//!
//! Plain CommonMark would read an admonition body (indented 4 spaces) as an
//! indented code block, so admonitions are found here first, line by line: a
//! header `!!! kind "title"` / `??? kind "title"` / `???+ kind "title"` at the
//! container's left edge, then every following line that is blank or indented
//! by 4 more columns. The body is dedented and scanned again (admonitions nest);
//! the runs of lines between headers go to comrak. A body ends where its
//! indentation ends, even inside an unclosed code fence, which confines the
//! damage of a broken answer to that answer. Fences are tracked so that a
//! header-like line inside code stays code. At the top level a fence that
//! nothing closes is no fence, as MkDocs (SuperFences) reads it: its opening
//! line is text, and the headings and tables after it stay what they are,
//! where CommonMark would make the rest of the file code.

use crate::diag::Finding;
use crate::ir::{Block, CalloutDisplay};
use crate::parse::lines::{Fence, Header};
use crate::parse::lines::{leading_columns, strip_columns};
use crate::rules;
use crate::source::Source;

mod body;
mod fences;

use fences::Closers;

/// Columns of indentation that make a line part of an admonition body.
const BODY_INDENT: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Block(SpannedBlock),
    Admonition(Admonition),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpannedBlock {
    pub block: Block,
    /// 1-based source lines.
    pub first: usize,
    pub last: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Admonition {
    pub kind: String,
    pub title: Option<String>,
    pub display: CalloutDisplay,
    /// The header line.
    pub line: usize,
    /// The last line of the body (equal to `line` when the body is empty).
    pub last: usize,
    /// Columns stripped from the body lines, counted from the file's left edge.
    pub body_indent: usize,
    pub items: Vec<Item>,
}

impl Item {
    /// The IR block of this item; an admonition becomes a callout.
    pub fn into_block(self) -> Block {
        match self {
            Item::Block(b) => b.block,
            Item::Admonition(a) => Block::Callout {
                kind: a.kind,
                title: a.title,
                display: a.display,
                blocks: a.items.into_iter().map(Item::into_block).collect(),
            },
        }
    }

    pub fn first_line(&self) -> usize {
        match self {
            Item::Block(b) => b.first,
            Item::Admonition(a) => a.line,
        }
    }

    pub fn last_line(&self) -> usize {
        match self {
            Item::Block(b) => b.last,
            Item::Admonition(a) => a.last,
        }
    }
}

/// A link or image target at a 1-based line and byte column of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub url: String,
    pub line: usize,
    pub column: usize,
}

/// Scans lines `first..=last` of `src` with `indent` columns stripped; records
/// findings (unclosed fences, escaped or empty admonition bodies, too-deep
/// nesting) and every link with its position.
///
/// Admonitions, quotes, list items and inline markup nested more than
/// `max_depth` deep become plain text, with a `nesting-depth` finding.
pub fn scan(
    src: &Source,
    (first, last): (usize, usize),
    indent: usize,
    max_depth: usize,
    findings: &mut Vec<Finding>,
    links: &mut Vec<LinkRef>,
) -> Vec<Item> {
    let mut scanner = Scanner {
        src,
        max_depth,
        findings,
        links,
        closers: Closers::after(src, (first, last), indent),
        text_fences: Vec::new(),
        fallen_closers: Vec::new(),
    };
    let (items, open_fence) = scanner.scan(first, last, indent, 0);
    debug_assert!(open_fence.is_none(), "top-level fences close or are text");
    items
}

struct Scanner<'s, 'f> {
    src: &'s Source,
    max_depth: usize,
    findings: &'f mut Vec<Finding>,
    links: &'f mut Vec<LinkRef>,
    /// Which top-level fences something closes.
    closers: Closers,
    /// Top-level lines that open a fence nothing closes: text, in order.
    text_fences: Vec<usize>,
    /// Closing fences of a body's code that fell to the left edge, in order.
    fallen_closers: Vec<usize>,
}

impl Scanner<'_, '_> {
    fn line(&self, n: usize, indent: usize) -> &str {
        strip_columns(self.src.line(n), indent)
    }

    /// The items of lines `first..=last`, and the line of a code fence still
    /// open at the end.
    fn scan(
        &mut self,
        first: usize,
        last: usize,
        indent: usize,
        depth: usize,
    ) -> (Vec<Item>, Option<usize>) {
        let mut items = Vec::new();
        let mut run_start = first;
        let mut fence: Option<(Fence, usize)> = None;
        let mut n = first;
        while n <= last {
            let line = self.line(n, indent);
            if let Some((open, _)) = &fence {
                if open.is_closed_by(line) {
                    fence = None;
                }
                n += 1;
                continue;
            }
            if let Some(opened) = Fence::opened_by(line) {
                // A body's closer fallen to the left edge opens nothing.
                let fallen = self.fallen_closers.binary_search(&n).is_ok();
                if depth == 0 && (fallen || !self.closers.close_after(&opened, n)) {
                    self.text_fence(n);
                } else {
                    fence = Some((opened, n));
                }
                n += 1;
                continue;
            }
            let Some(header) = Header::parse(line) else {
                n += 1;
                continue;
            };
            self.push_markdown(&mut items, run_start, n - 1, indent, depth);
            let body_last = self.body_end(n, last, indent);
            if depth >= self.max_depth {
                items.push(self.flattened(n, body_last, indent));
                n = body_last + 1;
                run_start = n;
                continue;
            }
            let body_indent = indent + BODY_INDENT;
            let (children, open_fence) = if body_last > n {
                self.scan(n + 1, body_last, body_indent, depth + 1)
            } else {
                (Vec::new(), None)
            };
            self.check_body(&header, n, body_last, last, indent, open_fence);
            items.push(Item::Admonition(Admonition {
                kind: header.kind,
                title: header.title,
                display: header.display,
                line: n,
                last: body_last,
                body_indent,
                items: children,
            }));
            n = body_last + 1;
            run_start = n;
        }
        self.push_markdown(&mut items, run_start, last, indent, depth);
        (items, fence.map(|(_, line)| line))
    }

    /// An admonition past the depth limit, header and body, as one paragraph
    /// of plain text.
    fn flattened(&mut self, header: usize, body_last: usize, indent: usize) -> Item {
        let column = leading_columns(self.src.line(header)) + 1;
        self.too_deep(header, column);
        let text = (header..=body_last)
            .map(|n| self.line(n, indent).trim())
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Item::Block(SpannedBlock {
            block: Block::Paragraph {
                inlines: vec![crate::ir::Inline::Text { text }],
            },
            first: header,
            last: body_last,
        })
    }

    fn too_deep(&mut self, line: usize, column: usize) {
        let message = format!(
            "nested more than {} deep (admonitions, quotes, lists and inline markup count); from here the block is plain text",
            self.max_depth
        );
        self.findings
            .push(Finding::new(&rules::NESTING_DEPTH, line, message).at_column(column));
    }

    /// The last non-blank line indented by at least [`BODY_INDENT`] after `header`.
    fn body_end(&self, header: usize, last: usize, indent: usize) -> usize {
        let mut body_last = header;
        for n in header + 1..=last {
            let line = self.line(n, indent);
            if line.trim().is_empty() {
                continue;
            }
            if leading_columns(line) < BODY_INDENT {
                break;
            }
            body_last = n;
        }
        body_last
    }

    /// Parses lines `first..=last` as Markdown inside `depth` admonitions.
    fn push_markdown(
        &mut self,
        items: &mut Vec<Item>,
        first: usize,
        last: usize,
        indent: usize,
        depth: usize,
    ) {
        if first > last || (first..=last).all(|n| self.line(n, indent).trim().is_empty()) {
            return;
        }
        let run = self.parse_lines(first, last, indent, depth);
        if let Some((line, column)) = run.too_deep {
            let n = first + line - 1;
            let stripped = self.src.line(n).len() - self.line(n, indent).len();
            self.too_deep(n, column + stripped);
        }
        for link in run.links {
            let n = first + link.line - 1;
            let stripped = self.src.line(n).len() - self.line(n, indent).len();
            self.links.push(LinkRef {
                url: link.url,
                line: n,
                column: link.column + stripped,
            });
        }
        for (line, column) in run.unclosed_fences {
            let n = first + line - 1;
            let stripped = self.src.line(n).len() - self.line(n, indent).len();
            self.unclosed_fence_at(n, column + stripped);
        }
        for math in run.math {
            if let Some(problem) = crate::math::problem(&math.tex, math.display) {
                let n = first + math.line - 1;
                let stripped = self.src.line(n).len() - self.line(n, indent).len();
                self.findings.push(
                    Finding::new(&rules::MATH_INVALID, n, problem)
                        .at_column(math.column + stripped),
                );
            }
        }
        items.extend(run.blocks.into_iter().map(|run| {
            Item::Block(SpannedBlock {
                block: run.block,
                first: first + run.first - 1,
                last: first + run.last - 1,
            })
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Vec<Item> {
        outline_with_findings(text).0
    }

    fn outline_with_findings(text: &str) -> (Vec<Item>, Vec<Finding>, Vec<LinkRef>) {
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let (mut findings, mut links) = (Vec::new(), Vec::new());
        let items = scan(
            &src,
            (1, src.line_count()),
            0,
            16,
            &mut findings,
            &mut links,
        );
        (items, findings, links)
    }

    fn rules(text: &str) -> Vec<(&'static str, usize)> {
        outline_with_findings(text)
            .1
            .iter()
            .map(|f| (f.rule.id, f.line))
            .collect()
    }

    #[test]
    fn body_defects_are_reported_where_they_are() {
        assert_eq!(
            rules(
                "!!! note

### Next
"
            ),
            [("admonition-empty", 1)]
        );
        assert_eq!(
            rules(
                "!!! note
not indented
"
            ),
            [("admonition-unindented", 2)]
        );
        assert_eq!(
            rules(
                "??? success
    ```python
    s = '''
import sys
    '''
    ```

---
"
            ),
            [("admonition-unindented", 4)]
        );
        assert_eq!(
            rules(
                "??? success
    ```python
    x = 1

### Next
"
            ),
            [("code-fence-unclosed", 2)]
        );
        assert_eq!(
            rules(
                "```
code
"
            ),
            [("code-fence-unclosed", 1)]
        );
        // Clean shapes: a closed fence, text after a body, a list after a body.
        assert!(
            rules(
                "!!! note
    ```
    x
    ```

Text.

- item

    more
"
            )
            .is_empty()
        );
        // Footnotes and definition lists continue on indented lines too.
        for after in [
            "[^1]: A footnote\n    continued.\n",
            "Closure\n:   A function with its scope,\n    continued.\n",
        ] {
            assert!(
                rules(&format!("!!! note\n    Body.[^1]\n\n{after}")).is_empty(),
                "{after}"
            );
        }
        // Not every colon or bracket: text that merely starts so is still text.
        for after in ["[^ 1]: no footnote\n", ":no definition\n"] {
            assert_eq!(
                rules(&format!("!!! note\n    Body.\n\n{after}    more\n")),
                [("admonition-unindented", 4)],
                "{after}"
            );
        }
    }

    #[test]
    fn links_carry_their_source_position() {
        let (_, _, links) = outline_with_findings(
            "See [a](https://a.b).

??? success

    - [b](#anchor)
",
        );
        let positions: Vec<(&str, usize, usize)> = links
            .iter()
            .map(|l| (l.url.as_str(), l.line, l.column))
            .collect();
        assert_eq!(positions, [("https://a.b", 1, 5), ("#anchor", 5, 7)]);
    }

    #[test]
    fn nested_admonitions_with_blank_lines_and_code() {
        let items = outline(
            "### Q\n\n??? success \"View Answer\"\n\n    Para.\n\n    ```python\n    def f():\n\n        return 1\n    ```\n\n    !!! tip \"Insight\"\n        Deep.\n\nAfter.\n",
        );
        assert_eq!(items.len(), 3);
        let Item::Admonition(answer) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!((answer.line, answer.last, answer.body_indent), (3, 14, 4));
        assert_eq!(answer.items.len(), 3);
        let Item::Block(code) = &answer.items[1] else {
            panic!()
        };
        assert_eq!(
            code.block,
            Block::Code {
                language: Some("python".into()),
                text: "def f():\n\n    return 1\n".into()
            }
        );
        assert_eq!((code.first, code.last), (7, 11));
        let Item::Admonition(insight) = &answer.items[2] else {
            panic!()
        };
        assert_eq!(
            (insight.line, insight.last, insight.body_indent),
            (13, 14, 8)
        );
        assert_eq!(items[2].first_line(), 16);
    }

    #[test]
    fn unclosed_fence_ends_with_the_body() {
        let items = outline("!!! note\n    ```\n    code\n\nText after.\n");
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Item::Block(b) if b.first == 5));
    }

    #[test]
    fn header_inside_code_fence_is_code() {
        let items = outline("```\n!!! note\n    not a body\n```\n");
        assert_eq!(items.len(), 1);
        assert!(matches!(
            &items[0],
            Item::Block(SpannedBlock {
                block: Block::Code { .. },
                ..
            })
        ));
    }

    #[test]
    fn deep_admonitions_become_one_paragraph() {
        let text: String = (0..100)
            .map(|d| format!("{}!!! note\n\n", "    ".repeat(d)))
            .collect();
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let mut findings = Vec::new();
        let mut items = scan(
            &src,
            (1, src.line_count()),
            0,
            3,
            &mut findings,
            &mut Vec::new(),
        );
        let depth: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == &rules::NESTING_DEPTH)
            .map(|f| f.line)
            .collect();
        assert_eq!(depth, [7], "the fourth admonition");
        for _ in 0..3 {
            let Some(Item::Admonition(admonition)) = items.pop() else {
                panic!("three admonitions stay")
            };
            items = admonition.items;
        }
        let [
            Item::Block(SpannedBlock {
                block,
                first: 7,
                last: 199,
            }),
        ] = &items[..]
        else {
            panic!("one paragraph: {items:?}")
        };
        assert!(format!("{block:?}").matches("!!! note").count() == 97);
    }

    #[test]
    fn markdown_inside_admonitions_shares_the_depth_budget() {
        let text = "!!! note\n\n    !!! note\n\n        > > quoted\n";
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let mut findings = Vec::new();
        scan(&src, (1, 5), 0, 3, &mut findings, &mut Vec::new());
        let depth: Vec<_> = findings.iter().map(|f| (f.rule.id, f.line)).collect();
        assert_eq!(depth, [("nesting-depth", 5)]);
    }
}

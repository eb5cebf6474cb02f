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
//! header-like line inside code stays code.

use crate::diag::Finding;
use crate::ir::{Block, CalloutDisplay};
use crate::parse::lines::{Fence, Header, is_rule};
use crate::parse::lines::{is_list_marker, leading_columns, strip_columns};
use crate::parse::markdown;
use crate::rules;
use crate::source::Source;

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
    };
    let (items, open_fence) = scanner.scan(first, last, indent, 0);
    if let Some(line) = open_fence {
        scanner.unclosed_fence(line);
    }
    items
}

/// Lines looked at after an admonition body for text that escaped it.
const ESCAPE_LOOKAHEAD: usize = 200;

struct Scanner<'s, 'f> {
    src: &'s Source,
    max_depth: usize,
    findings: &'f mut Vec<Finding>,
    links: &'f mut Vec<LinkRef>,
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
                fence = Some((opened, n));
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

    /// Reports a body that is empty, that text escaped from, or that ends
    /// inside a code fence.
    fn check_body(
        &mut self,
        header: &Header,
        line: usize,
        body_last: usize,
        last: usize,
        indent: usize,
        open_fence: Option<usize>,
    ) {
        let name = header.describe();
        let next = (body_last + 1..=last).find(|&n| !self.line(n, indent).trim().is_empty());
        let is_structure =
            |text: &str| text.starts_with('#') || is_rule(text) || Header::parse(text).is_some();
        if body_last == line {
            match next {
                Some(n) if !is_structure(self.line(n, indent)) => self.findings.push(Finding::new(
                    &rules::ADMONITION_UNINDENTED,
                    n,
                    format!(
                        "the body of {name} (line {line}) is not indented; indent it by 4 spaces"
                    ),
                )),
                _ => self.findings.push(Finding::new(
                    &rules::ADMONITION_EMPTY,
                    line,
                    format!("{name} has no body"),
                )),
            }
            return;
        }
        // The body ended inside its code: when the code's closing fence
        // follows, indented as the body, the lines at the left edge before it
        // are code that lost its indentation. Each is reported at its line
        // (a `# comment` among them is code, not a heading).
        if let Some(fence_line) = open_fence {
            let escaped = self.escaped_code(fence_line, body_last, last, indent);
            if !escaped.is_empty() {
                for n in escaped {
                    self.findings.push(Finding::new(
                        &rules::ADMONITION_UNINDENTED,
                        n,
                        format!(
                            "this line of the code block opened at line {fence_line} is not indented, so it ends the body of {name} (line {line}); indent it by 4 spaces"
                        ),
                    ));
                }
                return;
            }
        }
        let escaped = next.filter(|&n| {
            let text = self.line(n, indent);
            if is_structure(text) || opens_indented_block(text) {
                return false;
            }
            // Text at the left edge followed by more indented text before the
            // next heading or rule: the body lost its indentation here. Code
            // in a fence is indented as the code is, which says nothing.
            let mut fence = fence_marker(text);
            for m in n + 1..=last.min(n + ESCAPE_LOOKAHEAD) {
                let text = self.line(m, indent);
                if let Some(marker) = fence {
                    if text.trim_start().starts_with(marker) {
                        fence = None;
                    }
                    continue;
                }
                if is_structure(text) || opens_indented_block(text) {
                    return false;
                }
                fence = fence_marker(text);
                if fence.is_none()
                    && !text.trim().is_empty()
                    && leading_columns(text) >= BODY_INDENT
                {
                    return true;
                }
            }
            false
        });
        if let Some(n) = escaped {
            self.findings.push(Finding::new(
                &rules::ADMONITION_UNINDENTED,
                n,
                format!(
                    "this line ends the body of {name} (line {line}) because it is not indented, but indented text follows; indent it by 4 spaces"
                ),
            ));
        } else if let Some(fence_line) = open_fence {
            self.unclosed_fence(fence_line);
        }
    }

    /// The lines after a body that ended inside the fence opened at
    /// `fence_line` and stand left of the body's indentation, when the
    /// fence's closing line follows at the body's indentation; else none.
    fn escaped_code(
        &self,
        fence_line: usize,
        body_last: usize,
        last: usize,
        indent: usize,
    ) -> Vec<usize> {
        let body_indent = indent + BODY_INDENT;
        let Some(fence) = Fence::opened_by(self.line(fence_line, body_indent)) else {
            return Vec::new();
        };
        let mut escaped = Vec::new();
        for n in body_last + 1..=last.min(body_last + ESCAPE_LOOKAHEAD) {
            let text = self.line(n, indent);
            if text.trim().is_empty() {
                continue;
            }
            if leading_columns(text) < BODY_INDENT {
                // The bank's structure goes on (the next question, a rule, an
                // admonition): the code was never closed, as reported.
                if is_boundary(text) {
                    return Vec::new();
                }
                escaped.push(n);
            } else if fence.is_closed_by(self.line(n, body_indent)) {
                return escaped;
            }
        }
        Vec::new()
    }

    fn unclosed_fence(&mut self, line: usize) {
        let column = leading_columns(self.src.line(line)) + 1;
        self.findings.push(
            Finding::new(
                &rules::CODE_FENCE_UNCLOSED,
                line,
                "code fence opened here is never closed; everything after it to the end of its block is code",
            )
            .at_column(column),
        );
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
        let mut text = String::new();
        for n in first..=last {
            text.push_str(self.line(n, indent));
            text.push('\n');
        }
        let run = markdown::parse_run(&text, self.max_depth.saturating_sub(depth));
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

/// Whether `text` opens a block whose continuation lines are indented by 4
/// spaces by design: a list item, a footnote definition (`[^1]: ...`) or a
/// definition of a definition list (`:   ...`). Indented text after it is
/// its continuation, not an admonition body that lost its indentation.
fn opens_indented_block(text: &str) -> bool {
    let text = text.trim_start();
    let footnote = text
        .strip_prefix("[^")
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(label, _)| !label.is_empty() && !label.contains(char::is_whitespace));
    let definition = text
        .strip_prefix(':')
        .is_some_and(|rest| rest.starts_with([' ', '\t']));
    is_list_marker(text) || footnote || definition
}

/// A line that belongs to the bank's structure, not to code that lost its
/// indentation: a `##` or deeper heading (a lone `#` is as likely a
/// comment), a rule, an admonition header, a metadata line.
fn is_boundary(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with("##")
        || is_rule(text)
        || Header::parse(text).is_some()
        || crate::parse::metadata::is_metadata_line(text)
}

/// The marker of a code fence `text` opens (three or more backticks or
/// tildes), if it opens one.
fn fence_marker(text: &str) -> Option<&'static str> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
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

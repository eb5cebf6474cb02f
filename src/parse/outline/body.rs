//! What an admonition body's edges say: a body that is empty, that text
//! escaped from (a line at the left edge, indented text after it), that ends
//! inside its code (each left-edge line of the code reported), or whose code
//! fence is never closed. Split from the scanner, which finds the bodies.

use super::{BODY_INDENT, Scanner};
use crate::diag::Finding;
use crate::parse::lines::{Fence, Header, is_list_marker, is_rule, leading_columns};
use crate::rules;

/// Lines looked at after an admonition body for text that escaped it.
const ESCAPE_LOOKAHEAD: usize = 200;

impl Scanner<'_, '_> {
    /// Reports a body that is empty, that text escaped from, or that ends
    /// inside a code fence.
    pub(super) fn check_body(
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
        &mut self,
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
                // The code's own closing fence, fallen to the left edge.
                if fence.is_closed_by(text) {
                    self.fallen_closers.push(n);
                    return escaped;
                }
            } else if fence.is_closed_by(self.line(n, body_indent)) {
                return escaped;
            }
        }
        Vec::new()
    }

    pub(super) fn unclosed_fence(&mut self, line: usize) {
        let column = leading_columns(self.src.line(line)) + 1;
        self.unclosed_fence_at(line, column);
    }

    /// A fence in a list item or quote that ended with its container.
    pub(super) fn unclosed_fence_at(&mut self, line: usize, column: usize) {
        self.findings.push(
            Finding::new(
                &rules::CODE_FENCE_UNCLOSED,
                line,
                "code fence opened here is never closed; everything after it to the end of its block is code",
            )
            .at_column(column),
        );
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

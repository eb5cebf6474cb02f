//! Top-level code fences, read as MkDocs reads them: a fence that nothing
//! closes is text, not code to the end of the file, so the headings and
//! tables after it stay what they are. The outline decides by its own line
//! scan ([`Closers`]); comrak, which parses the runs between admonitions,
//! has the last word where list items make the two disagree.

use super::Scanner;
use crate::diag::Finding;
use crate::parse::lines::{Fence, leading_columns, strip_columns};
use crate::parse::markdown::{self, Run};
use crate::rules;
use crate::source::Source;

/// Times one run is parsed again after comrak finds a fence the line scan
/// did not (one inside a list item): each pass makes one more fence text.
const MAX_REPARSES: usize = 8;

/// For every top-level line, the longest closing fence of each kind at or
/// after it: a fence is closed exactly when a closer at least as long follows,
/// since inside a fence nothing but its first closer counts. One backward
/// pass, so that finding unclosed fences stays linear in the file.
pub(super) struct Closers {
    first: usize,
    /// Longest backtick and tilde closer from each line on, indexed from `first`.
    longest: Vec<[usize; 2]>,
}

impl Closers {
    pub(super) fn after(src: &Source, (first, last): (usize, usize), indent: usize) -> Closers {
        let count = (last + 1).saturating_sub(first);
        let mut longest = vec![[0; 2]; count + 1];
        for n in (first..first + count).rev() {
            let mut here = longest[n - first + 1];
            let line = strip_columns(src.line(n), indent);
            if let Some((marker, len)) = Fence::closer(line) {
                let slot = usize::from(marker == '~');
                here[slot] = here[slot].max(len);
            }
            longest[n - first] = here;
        }
        Closers { first, longest }
    }

    /// Whether a line after `line` closes `fence`.
    pub(super) fn close_after(&self, fence: &Fence, line: usize) -> bool {
        let (marker, len) = fence.shape();
        self.longest
            .get(line + 1 - self.first)
            .is_some_and(|longest| longest[usize::from(marker == '~')] >= len)
    }
}

impl Scanner<'_, '_> {
    /// A top-level fence that nothing closes: reported, and read as text.
    pub(super) fn text_fence(&mut self, line: usize) {
        if let Err(at) = self.text_fences.binary_search(&line) {
            self.text_fences.insert(at, line);
        }
        // The closing fence of a body's code, fallen to the left edge, is
        // reported with that body already.
        if self.fallen_closers.binary_search(&line).is_ok() {
            return;
        }
        let column = leading_columns(self.src.line(line)) + 1;
        self.findings.push(
            Finding::new(
                &rules::CODE_FENCE_UNCLOSED,
                line,
                "code fence opened here is never closed, so it is no fence: the lines after it are read as text, as MkDocs reads them; close it where its code ends",
            )
            .at_column(column),
        );
    }

    /// Lines `first..=last` parsed by comrak, text fences escaped. At the top
    /// level a fence comrak leaves open (one in a list item, which the line
    /// scan took for a closed one) becomes text too, and the run is parsed
    /// again.
    pub(super) fn parse_lines(
        &mut self,
        first: usize,
        last: usize,
        indent: usize,
        depth: usize,
    ) -> Run {
        let budget = self.max_depth.saturating_sub(depth);
        let mut run = markdown::parse_run(&self.run_text(first, last, indent, depth), budget);
        for _ in 0..MAX_REPARSES {
            let Some(line) = run.unclosed_root.filter(|_| depth == 0) else {
                break;
            };
            self.text_fence(first + line - 1);
            run = markdown::parse_run(&self.run_text(first, last, indent, depth), budget);
        }
        run
    }

    fn run_text(&self, first: usize, last: usize, indent: usize, depth: usize) -> String {
        let mut text = String::new();
        for n in first..=last {
            let line = strip_columns(self.src.line(n), indent);
            if depth == 0 && self.text_fences.binary_search(&n).is_ok() {
                escape_fence(line, &mut text);
            } else {
                text.push_str(line);
            }
            text.push('\n');
        }
        text
    }
}

/// `line`, a fence, with a backslash before each of its marks: literal
/// text, which no later fence or code span can pair with.
fn escape_fence(line: &str, out: &mut String) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    out.push_str(&line[..indent]);
    let rest = &line[indent..];
    let mark = rest.chars().next().unwrap_or('`');
    let marks = rest.len() - rest.trim_start_matches(mark).len();
    for c in rest[..marks].chars() {
        out.push('\\');
        out.push(c);
    }
    out.push_str(&rest[marks..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_of_a_text_fence_is_escaped() {
        let mut out = String::new();
        escape_fence("  ```python", &mut out);
        assert_eq!(out, "  \\`\\`\\`python");
        out.clear();
        escape_fence("~~~~", &mut out);
        assert_eq!(out, "\\~\\~\\~\\~");
    }

    #[test]
    fn closers_know_which_fences_close() {
        let src = Source::from_bytes("t.md", b"```\nx\n````\n~~~\n").unwrap();
        let closers = Closers::after(&src, (1, 4), 0);
        let backticks = Fence::opened_by("```").unwrap();
        let long = Fence::opened_by("`````").unwrap();
        let tildes = Fence::opened_by("~~~").unwrap();
        assert!(closers.close_after(&backticks, 1));
        assert!(!closers.close_after(&long, 1));
        assert!(!closers.close_after(&tildes, 4));
        assert!(closers.close_after(&tildes, 1));
    }
}

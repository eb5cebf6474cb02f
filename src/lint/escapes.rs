//! `escaped-newlines`: text that lost its line breaks. A bank damaged this
//! way holds whole blocks (code, tables, prose) on one line, the breaks
//! written as the two characters `\n`, usually followed by the indentation of
//! the next line (`...}\n            for p in ps:\n`), quotes escaped as `\"`.
//! Code is full of legitimate `\n` inside string literals (`print("\n\n")`,
//! `"\n\n".join(parts)`, `f"{q}\n"`, `E'a\nb'`), so the rule reads a line as
//! code does: a `\n` inside a string literal or inline code is text, and only
//! the ones outside any literal count.

use crate::diag::Finding;
use crate::rules;
use crate::source::Source;

/// How many clean lines may separate two damaged ones of one run.
const RUN_GAP: usize = 5;

/// Reports each run of damaged lines once, at its first line.
pub fn check(src: &Source, out: &mut Vec<Finding>) {
    let mut run: Vec<usize> = Vec::new(); // the damaged lines of the current run
    for n in 1..=src.line_count() {
        if !is_damaged(src.line(n)) {
            continue;
        }
        if run.last().is_some_and(|&last| n - last > RUN_GAP + 1) {
            out.push(finding(src, &std::mem::take(&mut run)));
        }
        run.push(n);
    }
    if !run.is_empty() {
        out.push(finding(src, &run));
    }
}

/// One finding for a run, at its first line; the other damaged lines are
/// related, so that a comment above any of them silences the run.
fn finding(src: &Source, run: &[usize]) -> Finding {
    let (first, last, count) = (run[0], run[run.len() - 1], run.len());
    let column = src.line(first).find("\\n").unwrap_or(0) + 1;
    let span = if last > first {
        format!(" (lines {first}-{last}: {count} damaged)")
    } else {
        String::new()
    };
    Finding::new(
        &rules::ESCAPED_NEWLINES,
        first,
        format!("literal `\\n` where line breaks belong{span}: text that lost its line breaks"),
    )
    .at_column(column)
    .with_related(run[1..].to_vec())
}

/// A line is damaged when `\n` outside any literal stands where a break
/// belongs (before indentation, a table row, a fence, a heading, another
/// `\n` or the line's end) twice or more, or opens the line.
pub fn is_damaged(line: &str) -> bool {
    let breaks = structural_breaks(line);
    let opens = line
        .trim_start()
        .strip_prefix("\\n")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\\']));
    breaks >= 2 || (opens && breaks >= 1)
}

/// The `\n` outside string literals and inline code that stand where a line
/// break belongs.
fn structural_breaks(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut count = 0;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                // Inside a string, `\"` escapes the quote; inside a code
                // span a backslash is a backslash (`\` is one).
                if b == b'\\' && q != b'`' {
                    i += 2;
                    continue;
                }
                if b == q {
                    quote = None;
                }
            }
            None => {
                if b == b'\\' {
                    if bytes.get(i + 1) == Some(&b'n') {
                        // A run of `\n`s is one break: judge what follows it.
                        let mut end = i + 2;
                        while line[end..].starts_with("\\n") {
                            end += 2;
                        }
                        count += usize::from(breaks_here(&line[end..]));
                        i = end;
                        continue;
                    }
                    // `\"` outside a literal is an escaped quote of damaged
                    // text, not the start of a string.
                    i += 2;
                    continue;
                }
                if bytes[i..].starts_with(b"```") {
                    // A fence, not inline code.
                    i += 3;
                    continue;
                }
                if opens_literal(bytes, i) {
                    quote = Some(b);
                }
            }
        }
        i += 1;
    }
    count
}

/// Whether the text after a run of `\n` is what follows a line break in a
/// bank: the indentation of an answer's body (four spaces or more, or a
/// tab), a table row, a fence or a heading. Column-aligned output (`od -c`:
/// `a  \n  \n   b`) and prose ("separated by \n\n and") are not.
fn breaks_here(after: &str) -> bool {
    after.starts_with("    ")
        || after.starts_with(['\t', '|'])
        || after.starts_with("```")
        || after.starts_with("#")
}

/// Whether the quote or backtick at `i` opens a literal. A `'` inside a word
/// is an apostrophe ("it's"), unless the word is a string prefix (`f'`,
/// `r'`, `b'`, `rb'`, SQL's `E'`).
fn opens_literal(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'"' | b'`' => true,
        b'\'' => {
            let word_start = bytes[..i]
                .iter()
                .rposition(|c| !c.is_ascii_alphanumeric() && *c != b'_')
                .map_or(0, |p| p + 1);
            let word = &bytes[word_start..i];
            word.is_empty() || (word.len() <= 2 && word.iter().all(|c| b"fFrRbBuUeE".contains(c)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_and_inline_code_are_not_damage() {
        for line in [
            r#"print("\n\n" + "=" * 70)"#,
            r#"    separators=["\n\n", "\n", " "],"#,
            r#"    prompt = f"{question}\n\n{template}\n""#,
            r#"    context_str = "\n\n".join(doc.page_content for doc in docs)"#,
            r#"    text = rf'\n\n{x}\n'"#,
            r#"SELECT E'line one\nline two\n  indented' AS t;"#,
            r#"printf 'a\n  b\n  c\n'"#,
            r#"echo -e "first\n  second\n  third""#,
            r#"    payload = {"text": "line1\n  line2\n  line3"}"#,
            r#"Use `\n` for a newline and `\r\n` on Windows; `\n\n` ends a paragraph."#,
            r#"| `\n` | newline | `\r\n` | CRLF |"#,
            r#"| \r\n | CRLF | \n | LF |"#,
            r#"It's one line: don't split on \n here."#,
            r#"    0000000   a  \n  \n   b  \t   c  \r  \n"#,
            r#"        Handles both \n\n and \r\n\r\n"#,
            r#"    | `\` | the escape character itself; `\n\n\n` is two blank lines |"#,
            r#"Paragraphs in Markdown source are separated by \n\n"#,
            r#"    lines = s.split('\n')  # then join with '\n  '"#,
        ] {
            assert!(!is_damaged(line), "{line}");
        }
    }

    #[test]
    fn text_that_lost_its_breaks_is_damage() {
        for line in [
            r#"    percentiles = {}\n            for p in [25, 50, 75]:\n                idx = 1"#,
            r#"    | Property | Value |\n    |----------|-------|\n    | **Mean** | μ |"#,
            r#"    ```python\n    import copy\n    import time\n"#,
            r#"    \n    @dataclass"#,
            r#"    class Engine:\n        \"\"\"Simulate SQL.\"\"\"\n        \n        def run(self):"#,
            r#"It's broken:\n    the next line\n    and another"#,
            r#"Some prose.\n\n## Next heading\n\nMore prose.\n\n### Below\n\nEnd."#,
        ] {
            assert!(is_damaged(line), "{line}");
        }
    }

    #[test]
    fn runs_of_damage_are_one_finding() {
        let text = "ok\n    a = 1\\n    b = 2\\n    c\nclean\n    \\n    c = 3\n\n\n\n\n\n\n\n\n    x\\n    y\\n    z\n";
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let mut out = Vec::new();
        check(&src, &mut out);
        let lines: Vec<usize> = out.iter().map(|f| f.line).collect();
        assert_eq!(lines, [2, 13]);
        assert!(
            out[0].message.contains("lines 2-4: 2 damaged"),
            "{}",
            out[0].message
        );
    }
}

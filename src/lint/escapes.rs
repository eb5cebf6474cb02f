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
    let mut code = CodeState::default();
    for n in 1..=src.line_count() {
        // Only what lies outside a multi-line string literal is judged.
        let Some(judged) = code.outside_literals(src.line(n)) else {
            continue;
        };
        if !is_damaged(judged) {
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

/// Where a line stands in the code of a fenced block: inside which fence, and
/// inside which multi-line string literal (`"""` and `'''` of Python, Java,
/// C# and Kotlin, a JavaScript template or Go raw string, a Rust raw string,
/// a C# verbatim string, a shell, Ruby, Perl or PHP heredoc).
/// A line that starts inside such a literal is data up to the literal's end:
/// a verbose regex or a template may hold `\n\n` and then indentation.
#[derive(Default)]
struct CodeState {
    /// The open fence's character and length, and its language's literals.
    fence: Option<(u8, usize, Lang)>,
    /// The closing delimiter of the literal still open after the last line;
    /// a heredoc's is a newline and the word that ends it on a line of its own.
    literal: Option<String>,
}

/// The multi-line literals of a fence's language beyond the quoted ones.
#[derive(Clone, Copy)]
struct Lang {
    /// Backticks delimit strings (JavaScript templates, Go raw strings).
    backticks: bool,
    /// `<<EOF` opens a heredoc.
    heredocs: bool,
    /// `"""` and `'''` delimit strings: not in SQL or the shell, where a
    /// doubled quote is an escaped or an empty string (`'a''b'`, `'''x'''`).
    triple: bool,
}

impl Lang {
    fn of(info: &str) -> Lang {
        let lang = info.trim_start_matches(['{', '.', ' ']);
        let lang = lang.split(|c: char| !c.is_ascii_alphanumeric()).next();
        let lang = lang.unwrap_or("").to_ascii_lowercase();
        Lang {
            backticks: matches!(
                lang.as_str(),
                "js" | "javascript" | "jsx" | "ts" | "typescript" | "tsx" | "go" | "golang"
            ),
            triple: !matches!(
                lang.as_str(),
                "sql"
                    | "mysql"
                    | "postgresql"
                    | "postgres"
                    | "psql"
                    | "plsql"
                    | "tsql"
                    | "sqlite"
                    | "bash"
                    | "sh"
                    | "shell"
                    | "zsh"
                    | "console"
            ),
            heredocs: matches!(
                lang.as_str(),
                "bash"
                    | "sh"
                    | "shell"
                    | "zsh"
                    | "console"
                    | "dockerfile"
                    | "ruby"
                    | "rb"
                    | "perl"
                    | "php"
            ),
        }
    }
}

impl CodeState {
    /// Reads one line; returns the part of it to judge, or `None` when all of
    /// it lies inside a multi-line literal.
    fn outside_literals<'a>(&mut self, line: &'a str) -> Option<&'a str> {
        let trimmed = line.trim_start();
        let Some((marker, len, lang)) = self.fence else {
            if let Some((marker, len, info)) = fence_opening(trimmed) {
                self.fence = Some((marker, len, Lang::of(info)));
            }
            return Some(line);
        };
        // The fence ends the code, and any literal left open in it: Markdown
        // closes a fence whatever the code's language would say.
        let closes = trimmed.bytes().take_while(|&b| b == marker).count();
        if closes >= len && trimmed[closes..].trim().is_empty() {
            self.fence = None;
            self.literal = None;
            return Some(line);
        }
        let start = match self.literal.take() {
            Some(close) => match match close.strip_prefix('\n') {
                Some(word) => (line.trim() == word).then_some(line.len()),
                None => literal_end(line, 0, &close),
            } {
                Some(end) => end,
                None => {
                    self.literal = Some(close);
                    return None;
                }
            },
            None => 0,
        };
        self.literal = open_literal(&line[start..], lang);
        Some(&line[start..])
    }
}

/// The character, length and info string of the code fence `trimmed` opens.
fn fence_opening(trimmed: &str) -> Option<(u8, usize, &str)> {
    let marker = *trimmed
        .as_bytes()
        .first()
        .filter(|&&b| b == b'`' || b == b'~')?;
    let len = trimmed.bytes().take_while(|&b| b == marker).count();
    let info = &trimmed[len..];
    (len >= 3 && !(marker == b'`' && info.contains('`'))).then_some((marker, len, info))
}

/// Where the literal closed by `close` ends in `code`, searching from `from`
/// and skipping backslash escapes.
fn literal_end(code: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(close.as_bytes()) {
            return Some(i + close.len());
        }
        i += 1;
    }
    None
}

/// The closing delimiter of a multi-line string literal that `code` leaves
/// open at its end; one-line strings and literals closed on the line are
/// skipped.
fn open_literal(code: &str, lang: Lang) -> Option<String> {
    let bytes = code.as_bytes();
    // Every literal opens with a quote, a backtick or `<<`: most code lines
    // have none of them.
    if !bytes
        .iter()
        .any(|b| matches!(b, b'"' | b'\'' | b'`' | b'<'))
    {
        return None;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            // `\"` outside a literal is an escaped quote of damaged text.
            i += 2;
            continue;
        }
        let rest = &bytes[i..];
        // A Rust raw string, `r#"..."#`, ends at a quote and as many hashes.
        if bytes[i] == b'r' && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric())) {
            let hashes = rest[1..].iter().take_while(|&&b| b == b'#').count();
            if hashes > 0 && rest.get(1 + hashes) == Some(&b'"') {
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                match code.get(body..).and_then(|after| after.find(&close)) {
                    Some(at) => {
                        i = body + at + close.len();
                        continue;
                    }
                    None => return Some(close),
                }
            }
        }
        let long = if lang.triple && rest.starts_with(b"\"\"\"") {
            Some("\"\"\"")
        } else if lang.triple && rest.starts_with(b"'''") {
            Some("'''")
        } else if lang.backticks && bytes[i] == b'`' {
            Some("`")
        } else if rest.starts_with(b"@\"") {
            // C# verbatim: `""` inside is a quote; a lone `"` ends it.
            i += 1;
            Some("\"")
        } else {
            None
        };
        if let Some(delim) = long {
            match literal_end(code, i + delim.len(), delim) {
                Some(end) => {
                    i = end;
                    continue;
                }
                None => return Some(delim.to_owned()),
            }
        }
        if lang.heredocs
            && rest.starts_with(b"<<")
            && let Some(word) = heredoc_word(&code[i + 2..])
        {
            // The rest of the line is still code (`<<EOF | sort`).
            return open_literal(&code[i + 2..], lang).or(Some(format!("\n{word}")));
        }
        if matches!(bytes[i], b'"' | b'\'') && opens_literal(bytes, i) {
            // A one-line string: its end, or the line's.
            let quote = &code[i..i + 1];
            i = literal_end(code, i + 1, quote).unwrap_or(bytes.len());
            continue;
        }
        i += 1;
    }
    None
}

/// The word that ends the heredoc `<<` opens before `after`: `<<EOF`,
/// `<<-EOF`, `<<~EOF`, `<<'EOF'`, `<<"EOF"`.
fn heredoc_word(after: &str) -> Option<&str> {
    let after = after.strip_prefix(['-', '~']).unwrap_or(after);
    let (quoted, after) = match after.strip_prefix(['\'', '"']) {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let word = &after[..len];
    let named = word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    (named && (quoted || word.len() >= 2)).then_some(word)
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
    // Most lines hold no `\n` at all: a fast search rules them out.
    if !line.contains("\\n") {
        return false;
    }
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

    fn damaged_lines(text: &str) -> Vec<usize> {
        let src = Source::from_bytes("t.md", text.as_bytes()).unwrap();
        let mut out = Vec::new();
        check(&src, &mut out);
        out.iter().map(|f| f.line).collect()
    }

    #[test]
    fn multi_line_literals_in_code_are_data() {
        let q = "\"\"\"";
        let text = format!(
            "    ```python\n    PARA = re.compile(r{q}\n        \\n\\n         # a blank line\n        (?=\\S)        # then text\n    {q}, re.X)\n    ```\n\n    ```javascript\n    const t = `\n    \\n\\n        ${{x}}`;\n    ```\n\n    ```rust\n    let s = r#\"\n    \\n\\n        x\n    \"#;\n    ```\n"
        );
        assert_eq!(damaged_lines(&text), [] as [usize; 0], "{text}");
        // Outside a literal, or after it closes, the same text is damage.
        let text = format!(
            "    ```python\n    s = {q}doc{q}\n    \\n\\n         x = 1\\n    y\n    t = {q}\n    a{q}; \\n    b = 2\\n    c\n    ```\n    \\n\\n         prose after the fence\n"
        );
        assert_eq!(damaged_lines(&text), [3], "{text}");
        // Heredocs in the shell, verbatim strings in C#.
        let text = "    ```bash\n    cat <<'EOF' | sort\n    \\n\\n    literal\n    EOF\n    \\n\\n    x\\n    y\n    ```\n\n    ```csharp\n    var s = @\"\n    \\n\\n        \"\"quoted\"\"\n    \";\n    ```\n";
        assert_eq!(damaged_lines(text), [5], "{text}");
        // `<<` is a heredoc only where the language has them.
        let text = "    ```cpp\n    std::cout <<EOF;\n    \\n\\n    x\\n    y\n    ```\n";
        assert_eq!(damaged_lines(text), [3], "{text}");
        // SQL doubles its quotes: `'''` there opens nothing that hides damage.
        let text = "    ```sql\n    'SUM(CASE WHEN q = ''' || q || ''' THEN amount END) as ' || q,\n    \\n\\n    x\\n    y\n    ```\n";
        assert_eq!(damaged_lines(text), [3], "{text}");
        // A literal left open ends with its fence.
        let text = "    ```python\n    s = '''never closed\n    ```\n\n    \\n\\n         x = 1\n";
        assert_eq!(damaged_lines(text), [5], "{text}");
        // Backticks delimit strings only where the language says so.
        let text = "    ```bash\n    d=`date`; x=`\n    \\n    a\\n    b\n    ```\n";
        assert_eq!(damaged_lines(text), [3], "{text}");
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

//! TeX math (`$…$`, `$$…$$`, parsed into `Inline::Math`), typeset once for
//! every backend. Readers see MathML, which browsers and EPUB 3 reading
//! systems lay out without a script, with the TeX kept in an
//! `<annotation encoding="application/x-tex">` for copying and screen
//! readers (`mathml.rs`, through the math-core crate); places that hold only
//! text (a `<title>`, the contents, PDF bookmarks, the JSON's plain title)
//! get a readable Unicode form, `\frac{a}{b}` → a/b (`unicode.rs`). Anki
//! keeps the TeX for its own MathJax.
//!
//! A formula is converted only when its nesting is shallow enough
//! ([`MAX_DEPTH`]): both converters recurse, and a stack overflow (on a
//! rayon thread's small stack) cannot be caught. A formula refused here or
//! by math-core is shown as its TeX, and lint reports it (`math-invalid`).

mod mathml;
mod symbols;
mod unicode;

pub(crate) use mathml::text_mode_as_mathjax;
pub use mathml::to_mathml;
pub use unicode::to_unicode;

/// The deepest nesting a formula may have: real formulas stay under 20.
pub const MAX_DEPTH: usize = 200;

/// An over-estimate of how deeply the converters will recurse on `tex`:
/// open groups (`{`, `\left`, `\begin`) plus the longest run of commands and
/// scripts with no ordinary character between them (`\sqrt\sqrt\sqrt x`
/// nests without braces).
pub fn depth(tex: &str) -> usize {
    let (mut groups, mut run, mut deepest) = (0usize, 0usize, 0usize);
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => groups += 1,
            '}' => groups = groups.saturating_sub(1),
            '^' | '_' => run += 1,
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek().filter(|n| n.is_ascii_alphabetic()) {
                    name.push(n);
                    chars.next();
                }
                match name.as_str() {
                    "left" | "begin" => groups += 1,
                    "right" | "end" => groups = groups.saturating_sub(1),
                    "" => {
                        chars.next();
                    }
                    _ => run += 1,
                }
            }
            c if c.is_whitespace() => {}
            _ => run = 0,
        }
        deepest = deepest.max(groups + run);
    }
    deepest
}

/// What is wrong with `tex`, or `None`: what lint reports (`math-invalid`).
pub fn problem(tex: &str, display: bool) -> Option<String> {
    if let Some(name) = double_escaped(tex) {
        return Some(format!(
            "`\\\\{name}` reads as a line break followed by the letters `{name}`: write `\\{name}`"
        ));
    }
    let error = to_mathml(tex, display).err()?;
    Some(format!(
        "this formula is shown as TeX, not typeset: {error}"
    ))
}

/// A command written with two backslashes (`\\frac`), as Markdown that was
/// escaped twice has it: TeX reads a line break and then plain letters.
fn double_escaped(tex: &str) -> Option<&str> {
    let mut rest = tex;
    while let Some(at) = rest.find("\\\\") {
        let after = &rest[at + 2..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        if unicode::is_command(name) {
            return Some(name);
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_groups_and_command_runs() {
        assert_eq!(depth("x + y"), 0);
        assert_eq!(depth("{{x}}"), 2);
        assert_eq!(depth(r"\frac{a}{b}"), 2);
        assert_eq!(depth(r"\left( x \right)"), 1);
        assert!(depth(&r"\sqrt".repeat(500)) >= 500);
        assert!(depth(&"{".repeat(5000)) > MAX_DEPTH);
    }

    #[test]
    fn problems_name_double_escapes_and_converter_errors() {
        assert_eq!(problem(r"\frac{a}{b}", false), None);
        assert_eq!(problem(r"a \\ b", true), None);
        let twice = problem(r"Z = \\frac{X}{\\sigma}", true).unwrap();
        assert!(twice.contains(r"write `\frac`"), "{twice}");
        assert!(problem(r"\frac{a}{b", false).is_some());
        assert!(problem(&"{".repeat(300), false).is_some());
    }
}

//! TeX → MathML through math-core 0.7, which converted 131 of the 133
//! formulas in the five corpus banks, always to well-formed XML, and writes
//! the `<semantics>` and TeX `<annotation>` itself. Its output is
//! deterministic; equation numbers are counted per formula (local state), so
//! a formula reads the same wherever it is rendered.

use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use super::{MAX_DEPTH, depth};

static CONVERTER: LazyLock<LatexToMathML> = LazyLock::new(|| {
    LatexToMathML::new(MathCoreConfig {
        // XHTML (EPUB) needs the namespace; HTML ignores it.
        xml_namespace: true,
        annotation: true,
        ..MathCoreConfig::default()
    })
    .expect("no custom macros to parse")
});

/// `tex` as a `<math>` element (a block one for display math), or why it
/// cannot be: a message for lint and for the fallback's tooltip.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    let nesting = depth(tex);
    if nesting > MAX_DEPTH {
        return Err(format!(
            "the formula nests {nesting} levels deep; qbank typesets at most {MAX_DEPTH}"
        ));
    }
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    let input = text_mode_as_mathjax(tex);
    let converted = CONVERTER
        .convert_with_local_state(&input, mode)
        .map_err(|e| e.error_message())?;
    // math-core puts `scriptlevel` on `mtable`, where EPUB's schema (MathML 3)
    // does not allow it; browsers' default for a table is the same level.
    let mut mathml = converted.mathml.replace(" scriptlevel=\"0\"", "");
    if input != tex {
        // The annotation (math-core writes it last) keeps the author's TeX,
        // not the escaped copy.
        const OPEN: &str = "<annotation encoding=\"application/x-tex\">";
        if let (Some(open), Some(close)) = (mathml.rfind(OPEN), mathml.rfind("</annotation>"))
            && open + OPEN.len() <= close
        {
            mathml.replace_range(
                open + OPEN.len()..close,
                &crate::render::escape::escape_text(tex),
            );
        }
    }
    Ok(mathml)
}

/// Text-mode commands whose argument MathJax shows verbatim.
const TEXT_COMMANDS: &[&str] = &[
    "text",
    "textrm",
    "textbf",
    "textit",
    "textsf",
    "texttt",
    "textnormal",
];

/// MathJax, which the banks' own site uses, shows the argument of `\text{}`
/// verbatim, so banks write `\text{# of cases}` and `\text{new_rate}`;
/// TeX, and math-core, reject `#`, `_`, `&` and `%` there unescaped. They
/// are escaped as `{\#}` before conversion, and so is `\#` itself: braced,
/// math-core keeps the space after them, which it drops after a bare `\#`.
/// `$…$` inside the text stays math.
pub(crate) fn text_mode_as_mathjax(tex: &str) -> std::borrow::Cow<'_, str> {
    if !tex.contains("\\text") || !tex.contains(['#', '_', '&', '%']) {
        return tex.into();
    }
    let mut out = String::with_capacity(tex.len() + 16);
    let mut rest = tex;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        let after = rest[1 + name_len..].trim_start();
        if !TEXT_COMMANDS.contains(&name) || !after.starts_with('{') {
            // Not a text command: copy the backslash and what it escapes.
            let width = 1 + name_len.max(rest[1..].chars().next().map_or(0, char::len_utf8));
            out.push_str(&rest[..width]);
            rest = &rest[width..];
            continue;
        }
        out.push_str(&rest[..rest.len() - after.len() + 1]);
        rest = escape_text_argument(&after[1..], &mut out);
    }
    out.push_str(rest);
    out.into()
}

/// Copies a text argument up to its closing brace (or the end), escaping
/// the characters TeX reserves; returns what follows it.
fn escape_text_argument<'a>(argument: &'a str, out: &mut String) -> &'a str {
    let (mut depth, mut math) = (1usize, false);
    let mut chars = argument.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                match chars.next() {
                    // Braced, or math-core drops the space after it.
                    Some((_, escaped @ ('#' | '_' | '&' | '%'))) if !math => {
                        out.push_str("{\\");
                        out.push(escaped);
                        out.push('}');
                    }
                    Some((_, escaped)) => {
                        out.push(c);
                        out.push(escaped);
                    }
                    None => out.push(c),
                }
                continue;
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    out.push(c);
                    return &argument[at + 1..];
                }
            }
            '$' => math = !math,
            '#' | '_' | '&' | '%' if !math => {
                out.push_str("{\\");
                out.push(c);
                out.push('}');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_arguments_read_as_mathjax_reads_them() {
        assert_eq!(
            text_mode_as_mathjax(r"\frac{\text{# cases}}{n_1}"),
            r"\frac{\text{{\#} cases}}{n_1}"
        );
        assert_eq!(
            text_mode_as_mathjax(r"\textbf {a_b & 5% \# $x_1$} + y_2"),
            r"\textbf {a{\_}b {\&} 5{\%} {\#} $x_1$} + y_2"
        );
        assert_eq!(
            text_mode_as_mathjax(r"\texture{#} \\text{#}"),
            r"\texture{#} \\text{#}"
        );
        assert_eq!(text_mode_as_mathjax(r"\text{a{b}c_"), r"\text{a{b}c{\_}");
        let mathml = to_mathml(r"P = \frac{\text{# favourable}}{\text{# total}}", true).unwrap();
        assert!(mathml.contains("<mtext>#"), "{mathml}");
        assert!(
            mathml.contains(r"{\text{# total}}</annotation>"),
            "the annotation keeps the TeX as written: {mathml}"
        );
    }

    #[test]
    fn converts_with_the_tex_annotation() {
        let math = to_mathml(r"\frac{a}{b} < 1", false).unwrap();
        assert!(math.starts_with("<math xmlns=\"http://www.w3.org/1998/Math/MathML\""));
        assert!(math.contains("<mfrac>"), "{math}");
        assert!(
            math.contains(
                "<annotation encoding=\"application/x-tex\">\\frac{a}{b} &lt; 1</annotation>"
            ),
            "{math}"
        );
        assert!(!math.contains("display=\"block\""));
        assert!(to_mathml("x", true).unwrap().contains("display=\"block\""));
    }

    #[test]
    fn tables_lose_scriptlevel() {
        let math = to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", true).unwrap();
        assert!(math.contains("<mtable"), "{math}");
        assert!(!math.contains("scriptlevel"), "{math}");
    }

    #[test]
    fn errors_are_messages() {
        assert!(to_mathml(r"\frac{a}{b", false).is_err());
        assert!(to_mathml(r"\text{a^b}", false).is_err());
        assert!(to_mathml(&"{".repeat(MAX_DEPTH + 1), false).is_err());
    }

    #[test]
    fn the_deepest_accepted_formula_fits_a_small_stack() {
        let deep = "{".repeat(MAX_DEPTH) + "x" + &"}".repeat(MAX_DEPTH);
        let frac = r"\frac{".repeat(MAX_DEPTH / 2) + &"}{1}".repeat(MAX_DEPTH / 2);
        let converted = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                (
                    to_mathml(&deep, true).is_ok(),
                    to_mathml(&frac, true).is_ok(),
                )
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(converted, (true, true));
    }

    #[test]
    fn content_cannot_become_markup() {
        for tex in [
            r"\text{<script>alert(1)</script>}",
            r"x \label{a} \eqref{a}",
            r"\href{javascript:alert(1)}{x}",
            r#"\color{red" onclick="x}{y}"#,
            "a </math><script>",
        ] {
            let Ok(math) = to_mathml(tex, true) else {
                continue;
            };
            for bad in ["<script", "<a ", "onclick=\"", "</math><"] {
                assert!(!math.contains(bad), "{tex} -> {math}");
            }
        }
    }

    #[test]
    fn output_is_deterministic() {
        let tex = r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}";
        assert_eq!(to_mathml(tex, true), to_mathml(tex, true));
    }
}

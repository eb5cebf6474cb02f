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
    let converted = CONVERTER
        .convert_with_local_state(tex, mode)
        .map_err(|e| e.error_message())?;
    // math-core puts `scriptlevel` on `mtable`, where EPUB's schema (MathML 3)
    // does not allow it; browsers' default for a table is the same level.
    Ok(converted.mathml.replace(" scriptlevel=\"0\"", ""))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(to_mathml(r"\text{# of}", false).is_err());
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

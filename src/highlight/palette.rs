//! The colours of the token classes: one palette for light backgrounds (the
//! page, print, the EPUB, Anki cards) and one for the page's dark scheme.
//! Every colour meets WCAG AA (4.5:1) against the backgrounds it is shown
//! on; a unit test computes the ratios, and checks that the stylesheets
//! carry these very colours.

use super::Class;

/// Backgrounds the light palette is shown on: the page's code background,
/// paper and the EPUB (white), the Anki card's code background.
pub const LIGHT_BACKGROUNDS: [&str; 3] = ["#f3f4f6", "#ffffff", ANKI_BACKGROUND];
/// The dark page's code background (and an Anki card's in night mode).
pub const DARK_BACKGROUNDS: [&str; 1] = ["#161b22"];
/// Code text and border on the dark background, where no stylesheet
/// variable can give them (Anki's night mode).
pub const DARK_TEXT: &str = "#e6edf3";
pub const DARK_BORDER: &str = "#3d444d";

/// An Anki card's code block: cards carry no stylesheet, so it is styled
/// inline, with its own background so the colours hold in night mode too.
pub const ANKI_BACKGROUND: &str = "#f6f8fa";
pub const ANKI_TEXT: &str = "#1f2328";
pub const ANKI_BORDER: &str = "#d1d9e0";
/// The bar beside the continuation rows of a wrapped line.
pub const ANKI_BORDER_STRONG: &str = "#8c959f";

pub fn light(class: Class) -> &'static str {
    match class {
        Class::Keyword => "#cf222e",
        Class::String => "#0a3069",
        Class::Comment => "#57606a",
        Class::Number => "#0550ae",
        Class::Function => "#8250df",
        Class::Type => "#953800",
        Class::Operator => "#cf222e",
        Class::Builtin => "#6639ba",
        Class::Constant => "#0550ae",
    }
}

pub fn dark(class: Class) -> &'static str {
    match class {
        Class::Keyword => "#ff7b72",
        Class::String => "#a5d6ff",
        Class::Comment => "#8b949e",
        Class::Number => "#79c0ff",
        Class::Function => "#d2a8ff",
        Class::Type => "#ffa657",
        Class::Operator => "#ff7b72",
        Class::Builtin => "#ffa657",
        Class::Constant => "#79c0ff",
    }
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0)) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_meets_wcag_aa() {
        let mut report = Vec::new();
        for class in Class::ALL {
            for bg in LIGHT_BACKGROUNDS {
                let ratio = contrast(light(class), bg);
                if ratio < 4.5 {
                    report.push(format!("light {class:?} on {bg}: {ratio:.2}"));
                }
            }
            for bg in DARK_BACKGROUNDS {
                let ratio = contrast(dark(class), bg);
                if ratio < 4.5 {
                    report.push(format!("dark {class:?} on {bg}: {ratio:.2}"));
                }
            }
        }
        assert!(report.is_empty(), "{report:#?}");
        assert!(contrast(ANKI_TEXT, ANKI_BACKGROUND) >= 7.0);
        assert!(contrast(DARK_TEXT, DARK_BACKGROUNDS[0]) >= 7.0);
    }

    /// Anki's night style finds a token by its light colour: classes that
    /// share one must share their dark colour too.
    #[test]
    fn a_light_colour_names_one_dark_colour() {
        for a in Class::ALL {
            for b in Class::ALL {
                if light(a) == light(b) {
                    assert_eq!(dark(a), dark(b), "{a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn stylesheets_carry_the_palette() {
        let light_css = include_str!("../export/html/style.css");
        let dark_css = include_str!("../export/html/dark-code.css");
        let epub_css = include_str!("../export/html/epub.css");
        for class in Class::ALL {
            let rule = format!(".{} {{ color: {}; }}", class.css(), light(class));
            assert!(light_css.contains(&rule), "style.css lacks {rule}");
            let rule = format!(".{} {{ color: {}; }}", class.css(), dark(class));
            assert!(dark_css.contains(&rule), "dark-code.css lacks {rule}");
        }
        // Older reading systems ignore CSS variables: the book's code rules
        // use none.
        let block = epub_css.split("/* qbank code").nth(1).unwrap_or("");
        assert!(!block.is_empty() && !block.contains("var("));
        let block = light_css.split("/* qbank code").nth(1).unwrap_or("");
        assert!(!block.is_empty() && !block.contains("var("));
    }
}

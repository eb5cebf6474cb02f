//! The fonts a PDF is set in, and what happens to characters they lack.
//!
//! DejaVu Sans and DejaVu Sans Mono are compiled into the binary (the `dejavu`
//! crate), so a PDF never depends on the fonts of the machine that made it.
//! They cover Latin, Greek, Cyrillic, arrows, box drawing and most symbols, but
//! no emoji and no CJK. A character the chosen face lacks is set in DejaVu Sans
//! if that has it; otherwise it becomes visible text (the difficulty emoji a
//! coloured dot, others their code point, as `[U+1F680]`), never a box and never
//! nothing. The layout counts the code points it had to print that way, and
//! export names them in a warning.

use std::collections::BTreeSet;

use genpdf::error::Error;
use genpdf::fonts::{Font, FontCache, FontData, FontFamily};
use genpdf::style::Color;

/// Font-cache indices, in the order `genpdf` registers families: the default
/// (Sans) family first, then Mono; within a family regular, bold, italic, bold italic.
pub const SANS_REGULAR: usize = 0;
pub const MONO_REGULAR: usize = 4;
pub const FONT_COUNT: usize = 8;

/// The font file behind each font-cache index.
pub fn font_file(index: usize) -> &'static [u8] {
    use dejavu::{sans, sans_mono};
    match index {
        0 => sans::regular(),
        1 => sans::bold(),
        2 => sans::oblique(),
        3 => sans::bold_oblique(),
        4 => sans_mono::regular(),
        5 => sans_mono::bold(),
        6 => sans_mono::oblique(),
        _ => sans_mono::bold_oblique(),
    }
}

/// The PostScript name each index is embedded under.
pub fn postscript_name(index: usize) -> &'static str {
    [
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSans-BoldOblique",
        "DejaVuSansMono",
        "DejaVuSansMono-Bold",
        "DejaVuSansMono-Oblique",
        "DejaVuSansMono-BoldOblique",
    ][index.min(FONT_COUNT - 1)]
}

/// A family whose faces are embedded when `drawn` is `None` or names them;
/// the others keep DejaVu's metrics but stand for a built-in PDF font, which
/// nothing draws with (the post-pass removes them).
fn family(first: usize, drawn: Option<&BTreeSet<usize>>) -> Result<FontFamily<FontData>, Error> {
    let load = |i: usize| {
        let index = first + i;
        // The second pass draws what the first drew, in the same faces
        // (only page numbers differ, and they are set like their placeholders).
        let embedded = drawn.is_none_or(|d| d.contains(&index));
        let builtin = (!embedded).then_some(printpdf::BuiltinFont::Helvetica);
        FontData::new(font_file(index).to_vec(), builtin)
    };
    Ok(FontFamily {
        regular: load(0)?,
        bold: load(1)?,
        italic: load(2)?,
        bold_italic: load(3)?,
    })
}

pub fn sans_family(drawn: Option<&BTreeSet<usize>>) -> Result<FontFamily<FontData>, Error> {
    family(SANS_REGULAR, drawn)
}

pub fn mono_family(drawn: Option<&BTreeSet<usize>>) -> Result<FontFamily<FontData>, Error> {
    family(MONO_REGULAR, drawn)
}

/// The font-cache index of a face.
pub fn index_of(mono: bool, bold: bool, italic: bool) -> usize {
    let base = if mono { MONO_REGULAR } else { SANS_REGULAR };
    base + usize::from(bold) + 2 * usize::from(italic)
}

/// Whether `font` draws `c` (rather than its .notdef box).
pub fn covers(cache: &FontCache, font: Font, c: char) -> bool {
    c == ' ' || cache.get_rt_font(font).glyph(c).id().0 != 0
}

/// Characters that take no room and carry no meaning on paper.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || c.is_control() && c != '\n' && c != '\t'
}

/// What to print for a character no bundled font has, in which colour, and
/// whether that is a faithful equivalent (a coloured dot for a coloured-circle
/// emoji) rather than the bare code point.
pub fn substitute(c: char) -> (String, Option<Color>, bool) {
    let (text, color) =
        equivalent(c).unwrap_or_else(|| (format!("[U+{:04X}]", u32::from(c)), Some(MUTED)));
    (text, color, equivalent(c).is_some())
}

fn equivalent(c: char) -> Option<(String, Option<Color>)> {
    // The difficulty circles take the colours of the difficulty labels (layout.rs).
    let dot = |r, g, b| Some(("\u{25CF}".to_string(), Some(Color::Rgb(r, g, b))));
    match c {
        '\u{1F534}' => dot(0xC6, 0x28, 0x28),
        '\u{1F7E1}' | '\u{1F7E0}' => dot(0xB2, 0x6A, 0x00),
        '\u{1F7E2}' => dot(0x2E, 0x7D, 0x32),
        '\u{2B50}' | '\u{1F31F}' => Some(("\u{2605}".into(), Some(Color::Rgb(0xE0, 0x8E, 0x00)))),
        '\u{2B55}' => Some(("\u{25CB}".into(), Some(Color::Rgb(0xC6, 0x28, 0x28)))),
        '\u{1F4DD}' => Some(("\u{270E}".into(), None)),
        '\u{1F6AB}' => Some(("\u{2298}".into(), Some(Color::Rgb(0xC6, 0x28, 0x28)))),
        '\u{2705}' => Some(("\u{2714}".into(), Some(Color::Rgb(0x2E, 0x7D, 0x32)))),
        '\u{274C}' => Some(("\u{2718}".into(), Some(Color::Rgb(0xC6, 0x28, 0x28)))),
        _ => None,
    }
}

/// Grey for secondary text: substitutions, running header and footer, metadata labels.
pub const MUTED: Color = Color::Rgb(0x60, 0x60, 0x60);

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> FontCache {
        let mut cache = FontCache::new(sans_family(None).unwrap());
        cache.add_font_family(mono_family(None).unwrap());
        cache
    }

    #[test]
    fn sans_covers_the_symbols_banks_use_and_not_emoji() {
        let cache = cache();
        let sans = cache.default_font_family().regular;
        for c in "→≤≥≈∞✔✘●↪€αβ∑…“”–—é".chars() {
            assert!(covers(&cache, sans, c), "{c}");
        }
        for c in "🔴🟢🚀中".chars() {
            assert!(!covers(&cache, sans, c), "{c}");
        }
    }

    #[test]
    fn substitutions_are_visible_and_drawable() {
        let cache = cache();
        let sans = cache.default_font_family().regular;
        for c in [
            '🔴', '🟡', '🟢', '✅', '❌', '⭐', '🌟', '⭕', '📝', '🚫', '🚀', '中',
        ] {
            let (text, _, _) = substitute(c);
            assert!(!text.is_empty());
            assert!(
                text.chars().all(|s| covers(&cache, sans, s)),
                "{c} -> {text}"
            );
        }
        assert_eq!(substitute('🚀'), ("[U+1F680]".into(), Some(MUTED), false));
        assert!(substitute('🔴').2 && substitute('✅').2);
    }
}

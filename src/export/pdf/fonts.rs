//! The fonts a PDF is set in, their metrics, and what happens to characters
//! they lack.
//!
//! DejaVu Sans and DejaVu Sans Mono are compiled into the binary (the `dejavu`
//! crate), so a PDF never depends on the fonts of the machine that made it.
//! They cover Latin, Greek, Cyrillic, arrows, box drawing and most symbols, but
//! no emoji and no CJK. A character the chosen face lacks is set in DejaVu Sans
//! if that has it; otherwise it becomes visible text (the difficulty emoji a
//! coloured dot, others their code point, as `[U+1F680]`), never a box and never
//! nothing. The layout counts the code points it had to print that way, and
//! export names them in a warning.
//!
//! Metrics come from ttf-parser, read once per process: layout measures every
//! character it sets, so the glyph ids of the first [`DIRECT`] code points are
//! kept in a table rather than looked up in the font's cmap each time.

use std::sync::LazyLock;

use ttf_parser::GlyphId;

use super::canvas::Rgb;

/// Index of a face in [`FACES`].
pub type FaceId = u8;

pub const SANS_REGULAR: FaceId = 0;
pub const MONO_REGULAR: FaceId = 4;
pub const FACE_COUNT: usize = 8;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Code points whose glyph ids are kept in a table: Latin to CJK punctuation,
/// which holds every character banks use often.
const DIRECT: usize = 0x3000;

/// One face: its file, the name it is embedded under, and its metrics in em.
pub struct Face {
    pub data: &'static [u8],
    pub postscript_name: &'static str,
    parsed: ttf_parser::Face<'static>,
    direct: Box<[u16]>,
    advances: Box<[f32]>,
    pub units_per_em: f32,
    pub ascender: f64,
    pub descender: f64,
    line_gap: f64,
}

impl Face {
    fn load(data: &'static [u8], postscript_name: &'static str) -> Face {
        let parsed = ttf_parser::Face::parse(data, 0).expect("DejaVu fonts parse");
        let units_per_em = f32::from(parsed.units_per_em());
        let direct = (0..DIRECT)
            .map(|c| {
                char::from_u32(c as u32)
                    .and_then(|c| parsed.glyph_index(c))
                    .map_or(0, |g| g.0)
            })
            .collect();
        let advances = (0..parsed.number_of_glyphs())
            .map(|g| f32::from(parsed.glyph_hor_advance(GlyphId(g)).unwrap_or(0)) / units_per_em)
            .collect();
        let em = |v: i16| f64::from(v) / f64::from(units_per_em);
        Face {
            data,
            postscript_name,
            direct,
            advances,
            units_per_em,
            ascender: em(parsed.ascender()),
            descender: em(parsed.descender()),
            line_gap: em(parsed.line_gap()),
            parsed,
        }
    }

    /// The glyph that draws `c`, 0 (.notdef) when the face has none.
    pub fn glyph(&self, c: char) -> u16 {
        match self.direct.get(c as usize) {
            Some(&g) => g,
            None => self.parsed.glyph_index(c).map_or(0, |g| g.0),
        }
    }

    /// Whether the face draws `c` (rather than its .notdef box).
    pub fn covers(&self, c: char) -> bool {
        c == ' ' || self.glyph(c) != 0
    }

    /// A glyph's advance, in em.
    pub fn advance(&self, glyph: u16) -> f32 {
        self.advances
            .get(usize::from(glyph))
            .copied()
            .unwrap_or(0.0)
    }

    /// The width of `text` at `size` points, in millimetres.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        let em: f32 = text.chars().map(|c| self.advance(self.glyph(c))).sum();
        f64::from(em) * size * MM_PER_PT
    }

    /// The height of a line at `size` points with qbank's spacing, in mm.
    pub fn line_height(&self, size: f64) -> f64 {
        (self.ascender - self.descender + self.line_gap) * size * LINE_SPACING * MM_PER_PT
    }

    /// Where the baseline sits below the top of a line `line_height` tall
    /// (the glyphs centred in the line), in mm.
    pub fn baseline(&self, size: f64, line_height: f64) -> f64 {
        let glyphs = (self.ascender - self.descender) * size * MM_PER_PT;
        (line_height - glyphs) / 2.0 + self.ascender * size * MM_PER_PT
    }
}

/// Lines are this much taller than the font's own line height.
const LINE_SPACING: f64 = 1.2;

/// The eight faces: Sans then Mono, each regular, bold, oblique, bold oblique.
pub static FACES: LazyLock<[Face; FACE_COUNT]> = LazyLock::new(|| {
    use dejavu::{sans, sans_mono};
    [
        Face::load(sans::regular(), "DejaVuSans"),
        Face::load(sans::bold(), "DejaVuSans-Bold"),
        Face::load(sans::oblique(), "DejaVuSans-Oblique"),
        Face::load(sans::bold_oblique(), "DejaVuSans-BoldOblique"),
        Face::load(sans_mono::regular(), "DejaVuSansMono"),
        Face::load(sans_mono::bold(), "DejaVuSansMono-Bold"),
        Face::load(sans_mono::oblique(), "DejaVuSansMono-Oblique"),
        Face::load(sans_mono::bold_oblique(), "DejaVuSansMono-BoldOblique"),
    ]
});

pub fn face(id: FaceId) -> &'static Face {
    &FACES[usize::from(id).min(FACE_COUNT - 1)]
}

/// The face of a style.
pub fn index_of(mono: bool, bold: bool, italic: bool) -> FaceId {
    let base = if mono { MONO_REGULAR } else { SANS_REGULAR };
    base + u8::from(bold) + 2 * u8::from(italic)
}

/// Characters that take no room and carry no meaning on paper.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || c.is_control() && c != '\n' && c != '\t'
}

/// What to print for a character no bundled font has, in which colour, and
/// whether that is a faithful equivalent (a coloured dot for a coloured-circle
/// emoji) rather than the bare code point.
pub fn substitute(c: char) -> (String, Option<Rgb>, bool) {
    match equivalent(c) {
        Some((text, color)) => (text, color, true),
        None => (format!("[U+{:04X}]", u32::from(c)), Some(MUTED), false),
    }
}

fn equivalent(c: char) -> Option<(String, Option<Rgb>)> {
    // The difficulty circles take the colours of the difficulty labels (layout.rs).
    let dot = |r, g, b| Some(("\u{25CF}".to_string(), Some((r, g, b))));
    match c {
        '\u{1F534}' => dot(0xC6, 0x28, 0x28),
        '\u{1F7E1}' | '\u{1F7E0}' => dot(0xB2, 0x6A, 0x00),
        '\u{1F7E2}' => dot(0x2E, 0x7D, 0x32),
        '\u{2B50}' | '\u{1F31F}' => Some(("\u{2605}".into(), Some((0xE0, 0x8E, 0x00)))),
        '\u{2B55}' => Some(("\u{25CB}".into(), Some((0xC6, 0x28, 0x28)))),
        '\u{1F4DD}' => Some(("\u{270E}".into(), None)),
        '\u{1F6AB}' => Some(("\u{2298}".into(), Some((0xC6, 0x28, 0x28)))),
        '\u{2705}' => Some(("\u{2714}".into(), Some((0x2E, 0x7D, 0x32)))),
        '\u{274C}' => Some(("\u{2718}".into(), Some((0xC6, 0x28, 0x28)))),
        _ => None,
    }
}

/// Grey for secondary text: substitutions, running header and footer, metadata labels.
pub const MUTED: Rgb = (0x60, 0x60, 0x60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sans_covers_the_symbols_banks_use_and_not_emoji() {
        let sans = face(SANS_REGULAR);
        for c in "→≤≥≈∞✔✘●↪€αβ∑…“”–—é".chars() {
            assert!(sans.covers(c), "{c}");
        }
        for c in "🔴🟢🚀中".chars() {
            assert!(!sans.covers(c), "{c}");
        }
    }

    #[test]
    fn substitutions_are_visible_and_drawable() {
        let sans = face(SANS_REGULAR);
        for c in [
            '🔴', '🟡', '🟢', '✅', '❌', '⭐', '🌟', '⭕', '📝', '🚫', '🚀', '中',
        ] {
            let (text, _, _) = substitute(c);
            assert!(!text.is_empty());
            assert!(text.chars().all(|s| sans.covers(s)), "{c} -> {text}");
        }
        assert_eq!(substitute('🚀'), ("[U+1F680]".into(), Some(MUTED), false));
        assert!(substitute('🔴').2 && substitute('✅').2);
    }

    #[test]
    fn widths_follow_the_fonts_advances() {
        let mono = face(MONO_REGULAR);
        // Every DejaVu Sans Mono glyph is 0.602 em wide.
        let w = mono.width("abcd", 10.0);
        assert!((w - 4.0 * 0.602 * 10.0 * MM_PER_PT).abs() < 0.01, "{w}");
        let sans = face(SANS_REGULAR);
        assert!(sans.width("W", 10.0) > sans.width("i", 10.0));
        assert!(sans.line_height(10.0) > 10.0 * MM_PER_PT);
    }
}

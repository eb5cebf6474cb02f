//! The fonts a PDF is set in, their metrics, and what happens to characters
//! they lack.
//!
//! DejaVu Sans and DejaVu Sans Mono are compiled into the binary (the `dejavu`
//! crate), so a PDF never depends on the fonts of the machine that made it.
//! They cover Latin, Greek, Cyrillic, arrows, box drawing and most symbols, but
//! no emoji and no CJK. A character the chosen face lacks is set in DejaVu Sans
//! if that has it; a coloured circle or check mark becomes its coloured
//! equivalent (the difficulty colours); an emoji is drawn from Noto Emoji
//! (monochrome, compiled in too); anything else becomes its code point, as
//! `[U+4E2D]`, never a box and never nothing. The layout counts the code
//! points it had to print that way, and export names them in a warning.
//!
//! Math is set in the KaTeX fonts (the `ratex-katex-fonts` crate, SIL OFL),
//! which the math layout (math.rs) names glyph by glyph.
//!
//! Metrics come from ttf-parser, read once per process and face, when the
//! face is first used: layout measures every character it sets, so the glyph
//! ids of the first [`DIRECT`] code points are kept in a table rather than
//! looked up in the font's cmap each time.

use std::sync::OnceLock;

use ttf_parser::GlyphId;

use super::canvas::Rgb;

/// COMBINING ENCLOSING KEYCAP: `1\u{FE0F}\u{20E3}` is the emoji 1️⃣.
pub const KEYCAP: char = '\u{20E3}';

/// The blocks of combining marks (diacritics set over the letter before them).
const COMBINING: [std::ops::RangeInclusive<char>; 4] = [
    '\u{0300}'..='\u{036F}',
    '\u{1AB0}'..='\u{1AFF}',
    '\u{1DC0}'..='\u{1DFF}',
    '\u{20D0}'..='\u{20EF}',
];

/// Whether `c` is a combining mark that goes over the character before it.
pub fn is_combining(c: char) -> bool {
    COMBINING.iter().any(|r| r.contains(&c))
}

/// Index of a face in [`FACES`].
pub type FaceId = u8;

pub const SANS_REGULAR: FaceId = 0;
pub const MONO_REGULAR: FaceId = 4;
/// Noto Emoji, for emoji DejaVu lacks.
pub const EMOJI: FaceId = 8;
/// The first KaTeX face; [`KATEX`] lists them in order.
pub const FIRST_MATH: FaceId = 9;
pub const FACE_COUNT: usize = FIRST_MATH as usize + KATEX.len();

/// The KaTeX faces, by the names the math layout gives them.
pub const KATEX: [&str; 19] = [
    "AMS-Regular",
    "Caligraphic-Regular",
    "Fraktur-Regular",
    "Fraktur-Bold",
    "Main-Bold",
    "Main-BoldItalic",
    "Main-Italic",
    "Main-Regular",
    "Math-BoldItalic",
    "Math-Italic",
    "SansSerif-Bold",
    "SansSerif-Italic",
    "SansSerif-Regular",
    "Script-Regular",
    "Size1-Regular",
    "Size2-Regular",
    "Size3-Regular",
    "Size4-Regular",
    "Typewriter-Regular",
];

/// The face of a KaTeX font name, if qbank has it.
pub fn math_face(name: &str) -> Option<FaceId> {
    let index = KATEX.iter().position(|k| *k == name)?;
    Some(FIRST_MATH + index as FaceId)
}

/// Millimetres per PostScript point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Code points whose glyph ids are kept in a table: Latin to CJK punctuation,
/// which holds every character banks use often.
const DIRECT: usize = 0x3000;

/// One face: its file, the name it is embedded under, and its metrics in em.
pub struct Face {
    pub data: &'static [u8],
    pub postscript_name: String,
    parsed: ttf_parser::Face<'static>,
    direct: Box<[u16]>,
    advances: Box<[f32]>,
    pub units_per_em: f32,
    pub ascender: f64,
    pub descender: f64,
    line_gap: f64,
}

impl Face {
    fn load(data: &'static [u8], postscript_name: String) -> Face {
        let parsed = ttf_parser::Face::parse(data, 0).expect("bundled fonts parse");
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

/// Every face, loaded when first used: DejaVu Sans then Mono (each regular,
/// bold, oblique, bold oblique), Noto Emoji, then the KaTeX faces.
static FACES: [OnceLock<Face>; FACE_COUNT] = [const { OnceLock::new() }; FACE_COUNT];

pub fn face(id: FaceId) -> &'static Face {
    let id = usize::from(id).min(FACE_COUNT - 1);
    FACES[id].get_or_init(|| load(id))
}

fn load(id: usize) -> Face {
    use dejavu::{sans, sans_mono};
    /// A face's file and the name it is embedded under.
    type Bundled = (fn() -> &'static [u8], &'static str);
    const DEJAVU: [Bundled; 8] = [
        (sans::regular, "DejaVuSans"),
        (sans::bold, "DejaVuSans-Bold"),
        (sans::oblique, "DejaVuSans-Oblique"),
        (sans::bold_oblique, "DejaVuSans-BoldOblique"),
        (sans_mono::regular, "DejaVuSansMono"),
        (sans_mono::bold, "DejaVuSansMono-Bold"),
        (sans_mono::oblique, "DejaVuSansMono-Oblique"),
        (sans_mono::bold_oblique, "DejaVuSansMono-BoldOblique"),
    ];
    if let Some((data, name)) = DEJAVU.get(id) {
        let mut face = Face::load(data(), (*name).to_string());
        if id >= usize::from(MONO_REGULAR) {
            // DejaVu Sans Mono gives a combining mark a cell of its own and
            // draws it in that cell. Set with no advance and before its base
            // (`look::fit`), it lands over the base, as in the proportional
            // faces, whose marks already have no advance.
            for c in COMBINING.iter().flat_map(|r| r.clone()) {
                let glyph = usize::from(face.glyph(c));
                if glyph != 0
                    && let Some(advance) = face.advances.get_mut(glyph)
                {
                    *advance = 0.0;
                }
            }
        }
        return face;
    }
    if id == usize::from(EMOJI) {
        // Monochrome Noto Emoji (SIL OFL 1.1; assets/fonts/README.md).
        let data = include_bytes!("../../../assets/fonts/NotoEmoji-Regular.ttf");
        let mut face = Face::load(data, "NotoEmoji".to_string());
        // The keycap frame is drawn under the digit it encloses (see
        // `look::fit`): it takes no room of its own.
        let frame = usize::from(face.glyph(KEYCAP));
        if let Some(advance) = face.advances.get_mut(frame).filter(|_| frame != 0) {
            *advance = 0.0;
        }
        return face;
    }
    let name = KATEX[id - usize::from(FIRST_MATH)];
    let file = format!("KaTeX_{name}.ttf");
    let data = match ratex_katex_fonts::ttf_bytes(&file) {
        Some(std::borrow::Cow::Borrowed(data)) => data,
        // Read from disk in debug builds; kept for the process like the rest.
        Some(std::borrow::Cow::Owned(data)) => Box::leak(data.into_boxed_slice()),
        None => panic!("ratex-katex-fonts ships {file}"),
    };
    Face::load(data, format!("KaTeX_{name}"))
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

/// What prints for a character no bundled font draws: its code point.
pub fn code_point(c: char) -> String {
    format!("[U+{:04X}]", u32::from(c))
}

/// A coloured equivalent for the emoji banks use as coloured signs (the
/// difficulty circles, check and cross marks), which a monochrome emoji
/// would lose: the text, and its colour.
pub fn equivalent(c: char) -> Option<(String, Option<Rgb>)> {
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
        let emoji = face(EMOJI);
        for c in "📊🐌🚀💡🎯⚡🔥❗".chars() {
            assert!(emoji.covers(c), "{c}");
        }
        assert!(!emoji.covers('中'));
    }

    #[test]
    fn equivalents_are_coloured_and_drawable() {
        let sans = face(SANS_REGULAR);
        for c in ['🔴', '🟡', '🟢', '✅', '❌', '⭐', '🌟', '⭕', '📝', '🚫'] {
            let (text, _) = equivalent(c).unwrap();
            assert!(text.chars().all(|s| sans.covers(s)), "{c} -> {text}");
        }
        assert_eq!(equivalent('🚀'), None);
        assert_eq!(code_point('中'), "[U+4E2D]");
    }

    #[test]
    fn every_katex_face_loads_and_draws_its_letters() {
        for name in KATEX {
            let id = math_face(name).unwrap();
            let face = face(id);
            assert!(face.postscript_name.ends_with(name));
            assert!(face.advances.len() > 10, "{name} has no glyphs");
        }
        assert!(face(math_face("Main-Regular").unwrap()).covers('A'));
        assert_eq!(math_face("CJK-Regular"), None);
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

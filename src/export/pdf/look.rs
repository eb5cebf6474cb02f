//! How text looks (face, weight, size, colour) and how one measured line of
//! it is drawn: every string in a qbank PDF is drawn by `draw_line`, which
//! also draws the line's formulas and lays its link areas over it.

use std::rc::Rc;

use super::canvas::{BLACK, Canvas, Item, Rgb};
use super::fonts::{self, Face, FaceId};
use super::math::Formula;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Drawn from the emoji face (which has one weight and no italic).
    pub emoji: bool,
    pub mono: bool,
    pub bold: bool,
    pub italic: bool,
    pub size: u8,
    pub color: Option<Rgb>,
}

impl Look {
    pub const fn sans(size: u8) -> Look {
        Look {
            emoji: false,
            mono: false,
            bold: false,
            italic: false,
            size,
            color: None,
        }
    }

    pub const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }

    pub const fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }

    pub const fn mono(self) -> Look {
        Look { mono: true, ..self }
    }

    pub const fn colored(self, color: Rgb) -> Look {
        Look {
            color: Some(color),
            ..self
        }
    }

    pub fn face_id(&self) -> FaceId {
        if self.emoji {
            return fonts::EMOJI;
        }
        fonts::index_of(self.mono, self.bold, self.italic)
    }

    pub fn face(&self) -> &'static Face {
        fonts::face(self.face_id())
    }

    /// The width of `text` in this look, in mm.
    pub fn width(&self, text: &str) -> f64 {
        self.face().width(text, f64::from(self.size))
    }

    /// The height of a line in this look, in mm.
    pub fn line_height(&self) -> f64 {
        self.face().line_height(f64::from(self.size))
    }
}

/// A run of text with one look, maybe a link; or a typeset formula, set at
/// the look's size (its `text` then empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub look: Look,
    pub link: Option<u32>,
    pub math: Option<Rc<Formula>>,
}

impl Piece {
    pub fn new(text: impl Into<String>, look: Look) -> Piece {
        Piece {
            text: text.into(),
            look,
            link: None,
            math: None,
        }
    }

    pub fn formula(formula: Rc<Formula>, look: Look, link: Option<u32>) -> Piece {
        Piece {
            text: String::new(),
            look,
            link,
            math: Some(formula),
        }
    }

    /// Its width on one line, in mm.
    pub fn width(&self) -> f64 {
        match &self.math {
            Some(formula) => formula.width * Formula::em(f64::from(self.look.size)),
            None => self.look.width(&self.text),
        }
    }
}

/// `text` as pieces in `look`, each character in a face that has it (the
/// look's, else DejaVu Sans, else Noto Emoji) or replaced by something
/// visible (fonts.rs); `missing` hears of each character printed as its
/// bare code point.
pub fn fit(
    text: &str,
    look: Look,
    link: Option<u32>,
    out: &mut Vec<Piece>,
    mut missing: impl FnMut(char),
) {
    let font = look.face();
    let sans_look = Look {
        mono: false,
        ..look
    };
    let sans = sans_look.face();
    let emoji_look = Look {
        emoji: true,
        ..sans_look
    };
    let emoji = fonts::face(fonts::EMOJI);
    let push = |out: &mut Vec<Piece>, text: &str, look: Look| match out.last_mut() {
        Some(last) if last.look == look && last.link == link && last.math.is_none() => {
            last.text.push_str(text)
        }
        _ => out.push(Piece {
            text: text.to_string(),
            look,
            link,
            math: None,
        }),
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if fonts::is_invisible(c) {
            continue;
        }
        if is_keycap_base(c) && emoji.covers(fonts::KEYCAP) {
            // "1", maybe a variation selector, then the keycap: the frame
            // (which takes no room) and the digit drawn over it. Frame
            // first: text extraction sorts glyphs that share a place, and
            // poppler breaks the line at a digit-then-move-back.
            let mut ahead = chars.clone();
            if ahead.peek() == Some(&'\u{FE0F}') {
                ahead.next();
            }
            if ahead.next() == Some(fonts::KEYCAP) {
                chars = ahead;
                let mut buf = [0; 4];
                push(out, fonts::KEYCAP.encode_utf8(&mut buf), emoji_look);
                push(out, c.encode_utf8(&mut buf), emoji_look);
                continue;
            }
        }
        let mut buf = [0; 4];
        if look.mono && fonts::is_combining(c) && font.covers(c) && c != fonts::KEYCAP {
            // The mark goes before its base (see fonts.rs): X̄ in code.
            if let Some(last) = out.last_mut().filter(|p| p.look == look && p.link == link)
                && let Some(base) = last.text.pop()
            {
                last.text.push(c);
                last.text.push(base);
                continue;
            }
        }
        if matches!(c, '\n' | '\t') || font.covers(c) {
            push(out, c.encode_utf8(&mut buf), look);
        } else if sans.covers(c) {
            push(out, c.encode_utf8(&mut buf), sans_look);
        } else if let Some((replacement, color)) = fonts::equivalent(c) {
            push(out, &replacement, Look { color, ..sans_look });
        } else if emoji.covers(c) {
            push(out, c.encode_utf8(&mut buf), emoji_look);
        } else {
            missing(c);
            let muted = Some(fonts::MUTED);
            push(
                out,
                &fonts::code_point(c),
                Look {
                    color: muted,
                    ..sans_look
                },
            );
        }
    }
}

/// Characters a keycap emoji encloses.
fn is_keycap_base(c: char) -> bool {
    c.is_ascii_digit() || c == '#' || c == '*'
}

/// A measured piece of one line: text, or a formula with the size of its em
/// (mm; smaller than its look's when the formula had to shrink to fit).
#[derive(Debug, Clone)]
pub struct Fragment {
    pub text: String,
    pub look: Look,
    pub link: Option<u32>,
    /// Millimetres.
    pub width: f64,
    pub math: Option<(Rc<Formula>, f64)>,
}

impl Fragment {
    pub fn measure(text: String, look: Look) -> Fragment {
        let width = look.width(&text);
        Fragment {
            text,
            look,
            link: None,
            width,
            math: None,
        }
    }
}

/// Room kept between a formula and the lines above and below it (mm).
const MATH_CLEARANCE: f64 = 0.5;

/// The height of a line of `fragments` (at least one line of `base`) and
/// where its baseline sits below its top, in mm: tall enough for the tallest
/// text and for any formula above and below the baseline.
pub fn line_metrics(fragments: &[Fragment], base: Look) -> (f64, f64) {
    let (mut above, mut below) = (0.0_f64, 0.0_f64);
    let looks = fragments.iter().map(|f| f.look).chain([base]);
    for look in looks {
        let height = look.line_height();
        let baseline = look.face().baseline(f64::from(look.size), height);
        above = above.max(baseline);
        below = below.max(height - baseline);
    }
    for (formula, em) in fragments.iter().filter_map(|f| f.math.as_ref()) {
        above = above.max(formula.height * em + MATH_CLEARANCE);
        below = below.max(formula.depth * em + MATH_CLEARANCE);
    }
    (above + below, above)
}

/// Draws one line of fragments with its top at (`x`, `y`), `height` tall,
/// and lays link areas over its links.
pub fn draw_line(canvas: &mut Canvas, x: f64, y: f64, fragments: &[Fragment], height: f64) {
    let Some(tallest) = fragments.iter().max_by_key(|f| f.look.size) else {
        return;
    };
    let baseline = tallest
        .look
        .face()
        .baseline(f64::from(tallest.look.size), height);
    draw_line_at(canvas, x, y, fragments, height, baseline);
}

/// [`draw_line`] with the baseline `baseline` mm below the line's top.
pub fn draw_line_at(
    canvas: &mut Canvas,
    x: f64,
    y: f64,
    fragments: &[Fragment],
    height: f64,
    baseline: f64,
) {
    if fragments.is_empty() {
        return;
    }
    canvas.page_blank = false;
    canvas.progress += 1;
    if canvas.measuring {
        return;
    }
    let baseline = y + baseline;
    // One text item per run of one look: fewer, longer text operations.
    let mut at = x;
    let same_run =
        |a: &Fragment, b: &Fragment| a.look == b.look && a.math.is_none() && b.math.is_none();
    for run in fragments.chunk_by(same_run) {
        let look = run[0].look;
        let width: f64 = run.iter().map(|f| f.width).sum();
        let color = look.color.unwrap_or(BLACK);
        if let Some((formula, em)) = &run[0].math {
            formula.draw(canvas, at, baseline, *em, color);
            at += width;
            continue;
        }
        let text: String = run.iter().map(|f| f.text.as_str()).collect();
        // Leading spaces (code's indentation) are a move, not glyphs.
        let shown = text.trim_start_matches(' ');
        let indent = look.width(&text[..text.len() - shown.len()]);
        if !shown.trim_end().is_empty() {
            canvas.draw(Item::Text {
                x: at + indent,
                baseline,
                face: look.face_id(),
                size: f64::from(look.size),
                color,
                text: shown.to_string(),
            });
        }
        at += width;
    }
    // One rectangle per run of one link on the line, not one per word.
    let mut at = x;
    for run in fragments.chunk_by(|a, b| a.link == b.link) {
        let width: f64 = run.iter().map(|f| f.width).sum();
        if let Some(link) = run[0].link {
            canvas.draw(Item::Link {
                x: at,
                y,
                width,
                height,
                link,
            });
        }
        at += width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted(text: &str) -> (Vec<Piece>, Vec<char>) {
        let (mut out, mut missing) = (Vec::new(), Vec::new());
        fit(text, Look::sans(10), None, &mut out, |c| missing.push(c));
        (out, missing)
    }

    #[test]
    fn emoji_come_from_the_emoji_face_and_only_the_rest_is_missing() {
        let (pieces, missing) = fitted("Chart \u{1F4CA} and \u{4E2D}");
        let emoji: Vec<&Piece> = pieces.iter().filter(|p| p.look.emoji).collect();
        assert_eq!(emoji.len(), 1);
        assert_eq!(emoji[0].text, "\u{1F4CA}");
        assert_eq!(emoji[0].look.face_id(), fonts::EMOJI);
        assert_eq!(missing, ['\u{4E2D}']);
        assert!(pieces.iter().any(|p| p.text == "[U+4E2D]"));
    }

    #[test]
    fn a_keycap_is_its_frame_with_the_digit_over_it_one_emoji_wide() {
        let (pieces, missing) = fitted("Step 1\u{FE0F}\u{20E3} then 2\u{20E3}.");
        assert!(missing.is_empty());
        let keycaps: Vec<&str> = pieces
            .iter()
            .filter(|p| p.look.emoji)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(keycaps, ["\u{20E3}1", "\u{20E3}2"]);
        let emoji = Look {
            emoji: true,
            ..Look::sans(10)
        };
        assert!((emoji.width("\u{20E3}1") - emoji.width("1")).abs() < 1e-9);
        // A digit alone stays text.
        let (pieces, _) = fitted("10 items");
        assert!(pieces.iter().all(|p| !p.look.emoji));
    }

    #[test]
    fn a_combining_mark_in_code_goes_over_its_letter() {
        let mut out = Vec::new();
        fit("X\u{304} = 1", Look::sans(8).mono(), None, &mut out, |_| {});
        assert_eq!(out[0].text, "\u{304}X = 1");
        let mono = Look::sans(8).mono();
        assert!((mono.width("\u{304}X") - mono.width("X")).abs() < 1e-9);
    }

    #[test]
    fn coloured_signs_keep_their_colour_rather_than_turn_black() {
        let (pieces, _) = fitted("\u{2705} yes \u{1F534} hard");
        assert!(
            pieces
                .iter()
                .any(|p| p.text == "\u{2714}" && p.look.color.is_some())
        );
        assert!(pieces.iter().all(|p| !p.look.emoji));
    }
}

//! How text looks (face, weight, size, colour) and how one measured line of
//! it is drawn: every string in a qbank PDF is drawn by `draw_line`, which
//! also lays its link areas over it.

use super::canvas::{BLACK, Canvas, Item, Rgb};
use super::fonts::{self, Face, FaceId};

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub mono: bool,
    pub bold: bool,
    pub italic: bool,
    pub size: u8,
    pub color: Option<Rgb>,
}

impl Look {
    pub const fn sans(size: u8) -> Look {
        Look {
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

/// A run of text with one look, maybe a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub look: Look,
    pub link: Option<u32>,
}

impl Piece {
    pub fn new(text: impl Into<String>, look: Look) -> Piece {
        Piece {
            text: text.into(),
            look,
            link: None,
        }
    }
}

/// `text` as pieces in `look`, each character in a face that has it (the
/// look's, else DejaVu Sans) or replaced by something visible (fonts.rs);
/// `missing` hears of each character printed as its bare code point.
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
    let mut push = |text: &str, look: Look| match out.last_mut() {
        Some(last) if last.look == look && last.link == link => last.text.push_str(text),
        _ => out.push(Piece {
            text: text.to_string(),
            look,
            link,
        }),
    };
    for c in text.chars() {
        if fonts::is_invisible(c) {
            continue;
        }
        let mut buf = [0; 4];
        if matches!(c, '\n' | '\t') || font.covers(c) {
            push(c.encode_utf8(&mut buf), look);
        } else if sans.covers(c) {
            push(c.encode_utf8(&mut buf), sans_look);
        } else {
            let (replacement, color, faithful) = fonts::substitute(c);
            if !faithful {
                missing(c);
            }
            push(&replacement, Look { color, ..sans_look });
        }
    }
}

/// A measured piece of one line.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub text: String,
    pub look: Look,
    pub link: Option<u32>,
    /// Millimetres.
    pub width: f64,
}

impl Fragment {
    pub fn measure(text: String, look: Look) -> Fragment {
        let width = look.width(&text);
        Fragment {
            text,
            look,
            link: None,
            width,
        }
    }
}

/// Draws one line of fragments with its top at (`x`, `y`), `height` tall,
/// and lays link areas over its links.
pub fn draw_line(canvas: &mut Canvas, x: f64, y: f64, fragments: &[Fragment], height: f64) {
    let Some(tallest) = fragments.iter().max_by_key(|f| f.look.size) else {
        return;
    };
    canvas.page_blank = false;
    if canvas.measuring {
        return;
    }
    let baseline = y + tallest
        .look
        .face()
        .baseline(f64::from(tallest.look.size), height);
    // One text item per run of one look: fewer, longer text operations.
    let mut at = x;
    for run in fragments.chunk_by(|a, b| a.look == b.look) {
        let look = run[0].look;
        let text: String = run.iter().map(|f| f.text.as_str()).collect();
        let width: f64 = run.iter().map(|f| f.width).sum();
        if !text.trim().is_empty() {
            canvas.draw(Item::Text {
                x: at,
                baseline,
                face: look.face_id(),
                size: f64::from(look.size),
                color: look.color.unwrap_or(BLACK),
                text,
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

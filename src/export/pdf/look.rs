//! How text looks (face, weight, size, colour) and how one measured line of
//! it is drawn: every string in a qbank PDF is drawn by `draw_line`, which also
//! records its characters for the fonts' ToUnicode maps and marks its links.

use genpdf::error::Error;
use genpdf::fonts::{Font, FontCache, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Mm, Position};

use super::fonts;
use super::ledger::SharedLedger;
use super::marks::{self, MarkKind};

/// The two font families, as genpdf handles.
#[derive(Debug, Clone, Copy)]
pub struct Faces {
    pub sans: FontFamily<Font>,
    pub mono: FontFamily<Font>,
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub mono: bool,
    pub bold: bool,
    pub italic: bool,
    pub size: u8,
    pub color: Option<Color>,
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

    pub const fn colored(self, color: Color) -> Look {
        Look {
            color: Some(color),
            ..self
        }
    }

    pub fn style(&self, faces: &Faces) -> Style {
        let mut style = Style::new()
            .with_font_family(if self.mono { faces.mono } else { faces.sans })
            .with_font_size(self.size)
            .with_line_spacing(1.2);
        if self.bold {
            style.set_bold();
        }
        if self.italic {
            style.set_italic();
        }
        if let Some(color) = self.color {
            style.set_color(color);
        }
        style
    }

    pub fn font_index(&self) -> usize {
        fonts::index_of(self.mono, self.bold, self.italic)
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
    cache: &FontCache,
    faces: &Faces,
    text: &str,
    look: Look,
    link: Option<u32>,
    out: &mut Vec<Piece>,
    mut missing: impl FnMut(char),
) {
    let font = look.style(faces).font(cache);
    let sans_look = Look {
        mono: false,
        ..look
    };
    let sans = sans_look.style(faces).font(cache);
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
        if matches!(c, '\n' | '\t') || fonts::covers(cache, font, c) {
            push(c.encode_utf8(&mut buf), look);
        } else if fonts::covers(cache, sans, c) {
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
    pub width: Mm,
}

impl Fragment {
    pub fn measure(context: &Context, faces: &Faces, text: String, look: Look) -> Fragment {
        let width = look.style(faces).str_width(&context.font_cache, &text);
        Fragment {
            text,
            look,
            link: None,
            width,
        }
    }
}

/// Draws one line of fragments at `position`, records the characters for the
/// fonts' ToUnicode maps, and marks its links (`height` tall).
pub fn draw_line(
    area: &Area<'_>,
    context: &Context,
    ledger: &SharedLedger,
    faces: &Faces,
    position: Position,
    fragments: &[Fragment],
    height: Mm,
) -> Result<(), Error> {
    let Some(tallest) = fragments.iter().max_by_key(|f| f.look.size) else {
        return Ok(());
    };
    {
        let mut ledger = ledger.borrow_mut();
        ledger.page_blank = false;
        for fragment in fragments {
            let font = fragment.look.font_index();
            ledger
                .printed
                .extend(fragment.text.chars().map(|c| (font, c)));
        }
        if ledger.measuring {
            return Ok(());
        }
    }
    if let Some(mut section) =
        area.text_section(&context.font_cache, position, tallest.look.style(faces))
    {
        // One string per run of one look: fewer, longer text operations.
        let mut start = 0;
        while start < fragments.len() {
            let look = fragments[start].look;
            let end = fragments[start..]
                .iter()
                .position(|f| f.look != look)
                .map_or(fragments.len(), |n| start + n);
            let text: String = fragments[start..end]
                .iter()
                .map(|f| f.text.as_str())
                .collect();
            section.print_str(&text, look.style(faces))?;
            start = end;
        }
    }
    // One rectangle per run of one link on the line, not one per word.
    let mut x = position.x;
    for run in fragments.chunk_by(|a, b| a.link == b.link) {
        let width = run.iter().fold(Mm::from(0.0), |w, f| w + f.width);
        if let Some(link) = run[0].link {
            let from = Position::new(x, position.y);
            let to = Position::new(x + width, position.y + height);
            marks::draw(area, MarkKind::Link, link, from, to);
        }
        x += width;
    }
    Ok(())
}

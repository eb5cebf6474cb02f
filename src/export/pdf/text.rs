//! Wrapped, styled text: paragraphs, headings, table cells, list items and the
//! running header all go through here rather than genpdf's `Paragraph`, because
//! that drops every word wider than its line (a long URL or identifier simply
//! disappears) and has no links. Words that do not fit are broken between
//! characters; nothing is ever dropped.

use genpdf::error::Error;
use genpdf::render::Area;
use genpdf::style::Style;
use genpdf::{Context, Element, Mm, Position, RenderResult, Size};

use super::ledger::SharedLedger;
pub use super::look::{Faces, Fragment, Look, Piece, draw_line, fit};

#[derive(Debug, Default)]
struct Line {
    fragments: Vec<Fragment>,
    width: Mm,
}

/// Text wrapped to the width of its area, continued across pages.
pub struct RichText {
    pieces: Vec<Piece>,
    /// Printed right-aligned on the last line (a page number in the contents).
    trailer: Option<Piece>,
    faces: Faces,
    ledger: SharedLedger,
    lines: Option<Vec<Line>>,
    next_line: usize,
}

impl RichText {
    pub fn new(pieces: Vec<Piece>, faces: Faces, ledger: SharedLedger) -> RichText {
        RichText {
            pieces,
            trailer: None,
            faces,
            ledger,
            lines: None,
            next_line: 0,
        }
    }

    pub fn with_trailer(mut self, trailer: Piece) -> RichText {
        self.trailer = Some(trailer);
        self
    }

    fn fragment(&self, context: &Context, text: &str, piece: &Piece) -> Fragment {
        let style = piece.look.style(&self.faces);
        Fragment {
            text: text.to_string(),
            look: piece.look,
            link: piece.link,
            width: style.str_width(&context.font_cache, text),
        }
    }

    fn wrap(&self, context: &Context, width: Mm) -> Vec<Line> {
        let mut wrapper = Wrapper {
            width,
            lines: Vec::new(),
            line: Line::default(),
            space: None,
            word: Vec::new(),
        };
        for piece in &self.pieces {
            for token in tokens(&piece.text) {
                match token {
                    "\n" => {
                        wrapper.end_word(context, &self.faces);
                        wrapper.end_line();
                        wrapper.space = None;
                    }
                    t if t.starts_with(' ') => {
                        wrapper.end_word(context, &self.faces);
                        if !wrapper.line.fragments.is_empty() {
                            wrapper.space = Some(self.fragment(context, t, piece));
                        }
                    }
                    t => wrapper.word.push(self.fragment(context, t, piece)),
                }
            }
        }
        wrapper.end_word(context, &self.faces);
        if !wrapper.line.fragments.is_empty() || wrapper.lines.is_empty() {
            wrapper.end_line();
        }
        wrapper.lines
    }

    fn line_height(&self, context: &Context, line: &Line) -> Mm {
        let base = self.pieces.first().map_or(Look::sans(10), |p| p.look);
        line.fragments
            .iter()
            .map(|f| f.look)
            .chain([base])
            .map(|look| look.style(&self.faces).line_height(&context.font_cache))
            .fold(Mm::from(0.0), Mm::max)
    }
}

/// Splits text into words, runs of spaces and newlines.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = match first {
            '\n' => 1,
            ' ' => rest.find(|c| c != ' ').unwrap_or(rest.len()),
            _ => rest.find([' ', '\n']).unwrap_or(rest.len()),
        };
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

struct Wrapper {
    width: Mm,
    lines: Vec<Line>,
    line: Line,
    /// A space waiting for the next word on the same line.
    space: Option<Fragment>,
    /// The fragments of the word being collected (a word may change look midway).
    word: Vec<Fragment>,
}

impl Wrapper {
    fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn push(&mut self, fragment: Fragment) {
        self.line.width += fragment.width;
        self.line.fragments.push(fragment);
    }

    fn end_word(&mut self, context: &Context, faces: &Faces) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width: Mm = word
            .iter()
            .map(|f| f.width)
            .fold(Mm::from(0.0), |a, b| a + b);
        let space = self.space.take();
        let space_width = space.as_ref().map_or(Mm::from(0.0), |s| s.width);
        if self.line.width + space_width + word_width <= self.width {
            if let Some(space) = space {
                self.push(space);
            }
            word.into_iter().for_each(|f| self.push(f));
            return;
        }
        if !self.line.fragments.is_empty() {
            self.end_line();
        }
        if word_width <= self.width {
            word.into_iter().for_each(|f| self.push(f));
            return;
        }
        // Wider than a whole line: break between characters.
        for fragment in word {
            let style = fragment.look.style(faces);
            let mut part = String::new();
            let mut part_width = Mm::from(0.0);
            for c in fragment.text.chars() {
                let w = style.char_width(&context.font_cache, c);
                if self.line.width + part_width + w > self.width
                    && !(part.is_empty() && self.line.fragments.is_empty())
                {
                    if !part.is_empty() {
                        self.push(Fragment {
                            text: std::mem::take(&mut part),
                            width: part_width,
                            ..fragment.clone()
                        });
                    }
                    self.end_line();
                    part_width = Mm::from(0.0);
                }
                part.push(c);
                part_width += w;
            }
            if !part.is_empty() {
                self.push(Fragment {
                    text: part,
                    width: part_width,
                    ..fragment
                });
            }
        }
    }
}

impl Element for RichText {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, Error> {
        let width = area.size().width;
        let trailer = self
            .trailer
            .as_ref()
            .map(|t| self.fragment(context, &t.text, t));
        let reserve = trailer
            .as_ref()
            .map_or(Mm::from(0.0), |t| t.width + Mm::from(4.0));
        if self.lines.is_none() {
            self.lines = Some(self.wrap(context, width - reserve));
        }
        let lines = self.lines.as_ref().expect("wrapped above");
        let mut y = Mm::from(0.0);
        let mut result = RenderResult::default();
        while let Some(line) = lines.get(self.next_line) {
            let height = self.line_height(context, line);
            if y + height > area.size().height {
                result.has_more = true;
                break;
            }
            let at = Position::new(0, y);
            draw_line(
                &area,
                context,
                &self.ledger,
                &self.faces,
                at,
                &line.fragments,
                height,
            )?;
            if self.next_line + 1 == lines.len()
                && let Some(trailer) = &trailer
            {
                let at = Position::new(width - trailer.width, y);
                draw_line(
                    &area,
                    context,
                    &self.ledger,
                    &self.faces,
                    at,
                    std::slice::from_ref(trailer),
                    height,
                )?;
            }
            y += height;
            self.next_line += 1;
        }
        result.size = Size::new(width, y);
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_every_character() {
        let text = "a  long\nword  ";
        let parts: Vec<&str> = tokens(text).collect();
        assert_eq!(parts, ["a", "  ", "long", "\n", "word", "  "]);
        assert_eq!(parts.concat(), text);
    }
}

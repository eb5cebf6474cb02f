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
    split_freely: bool,
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
            split_freely: false,
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

/// Lines never left alone at the foot or the head of a page, when a page
/// break falls inside a paragraph.
const ORPHANS: usize = 2;
const WIDOWS: usize = 2;

impl RichText {
    /// Breaks lines anywhere a page ends (table cells: the table decides).
    pub fn split_freely(mut self) -> RichText {
        self.split_freely = true;
        self
    }

    fn trailer_fragment(&self, context: &Context) -> Option<Fragment> {
        self.trailer
            .as_ref()
            .map(|t| self.fragment(context, &t.text, t))
    }

    fn ensure_wrapped(&mut self, context: &Context, width: Mm) {
        if self.lines.is_none() {
            let reserve = self
                .trailer_fragment(context)
                .map_or(Mm::from(0.0), |t| t.width + Mm::from(4.0));
            self.lines = Some(self.wrap(context, width - reserve));
        }
    }

    /// The height of the lines not drawn yet, at `width`.
    pub fn remaining_height(&mut self, context: &Context, width: Mm) -> Mm {
        self.ensure_wrapped(context, width);
        let lines = self.lines.as_ref().expect("wrapped above");
        lines[self.next_line.min(lines.len())..]
            .iter()
            .fold(Mm::from(0.0), |h, line| h + self.line_height(context, line))
    }

    /// How many of the remaining lines to draw when `fit` of them fit.
    fn lines_to_draw(&self, fit: usize, remaining: usize, at_top: bool) -> usize {
        if self.split_freely {
            return fit.min(remaining);
        }
        lines_to_draw(fit, remaining, at_top, ORPHANS, WIDOWS)
    }
}

/// How many of `remaining` lines to draw on this page when `fit` fit: all
/// that fit at the top of a page; elsewhere none rather than fewer than
/// `orphans`, and fewer rather than leave less than `widows` for the next page.
pub fn lines_to_draw(
    fit: usize,
    remaining: usize,
    at_top: bool,
    orphans: usize,
    widows: usize,
) -> usize {
    if fit >= remaining || at_top {
        return fit.min(remaining);
    }
    let mut draw = fit;
    if remaining - draw < widows {
        draw = remaining.saturating_sub(widows);
    }
    if draw < orphans { 0 } else { draw }
}

impl Element for RichText {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, Error> {
        let width = area.size().width;
        self.ensure_wrapped(context, width);
        let trailer = self.trailer_fragment(context);
        let lines = self.lines.as_ref().expect("wrapped above");
        let heights: Vec<Mm> = lines[self.next_line..]
            .iter()
            .map(|line| self.line_height(context, line))
            .collect();
        let mut fit = 0;
        let mut used = Mm::from(0.0);
        while fit < heights.len() && used + heights[fit] <= area.size().height {
            used += heights[fit];
            fit += 1;
        }
        let at_top = self.ledger.borrow().at_page_top();
        let draw = self.lines_to_draw(fit, heights.len(), at_top);
        let mut y = Mm::from(0.0);
        for height in &heights[..draw] {
            let line = &lines[self.next_line];
            let at = Position::new(0, y);
            draw_line(
                &area,
                context,
                &self.ledger,
                &self.faces,
                at,
                &line.fragments,
                *height,
            )?;
            if self.next_line + 1 == lines.len()
                && let Some(trailer) = &trailer
            {
                let at = Position::new(width - trailer.width, y);
                let trailer = std::slice::from_ref(trailer);
                draw_line(
                    &area,
                    context,
                    &self.ledger,
                    &self.faces,
                    at,
                    trailer,
                    *height,
                )?;
            }
            y += *height;
            self.next_line += 1;
        }
        Ok(RenderResult {
            size: Size::new(width, y),
            has_more: self.next_line < lines.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_breaks_leave_no_lone_lines() {
        // All fit, or at the top of a page: draw what fits.
        assert_eq!(lines_to_draw(5, 5, false, 2, 2), 5);
        assert_eq!(lines_to_draw(1, 9, true, 2, 2), 1);
        // One line would be alone at the foot: move the paragraph.
        assert_eq!(lines_to_draw(1, 9, false, 2, 2), 0);
        // One line would be alone at the head of the next page: leave two.
        assert_eq!(lines_to_draw(8, 9, false, 2, 2), 7);
        // Three lines, two fit: both rules cannot hold, so all move.
        assert_eq!(lines_to_draw(2, 3, false, 2, 2), 0);
    }

    #[test]
    fn tokens_keep_every_character() {
        let text = "a  long\nword  ";
        let parts: Vec<&str> = tokens(text).collect();
        assert_eq!(parts, ["a", "  ", "long", "\n", "word", "  "]);
        assert_eq!(parts.concat(), text);
    }
}

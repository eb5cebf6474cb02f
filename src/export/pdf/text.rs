//! Wrapped, styled text: paragraphs, headings, table cells, list items and
//! contents entries. Words that do not fit a line are broken between
//! characters (a long URL or identifier is never dropped), and a paragraph
//! split by a page break leaves no lone line at either end.

use super::canvas::{Area, Canvas, Element, Item, Rendered};
pub use super::look::{Fragment, Look, Piece, draw_line, draw_line_at, fit, line_metrics};
use super::math::Formula;
use super::wrap::{Line, Wrapper, tokens};

/// Text wrapped to the width of its area, continued across pages.
pub struct RichText {
    pieces: Vec<Piece>,
    /// Printed right-aligned on the last line after dot leaders (a page
    /// number in the contents).
    trailer: Option<Piece>,
    lines: Option<Vec<Line>>,
    next_line: usize,
    split_freely: bool,
    centred: bool,
    /// Every line is at least as tall as a line of this look (the first
    /// piece's), so that a line of small text keeps its paragraph's leading.
    base: Look,
}

impl RichText {
    pub fn new(pieces: Vec<Piece>) -> RichText {
        let base = pieces.first().map_or(Look::sans(10), |p| p.look);
        RichText {
            pieces,
            trailer: None,
            lines: None,
            next_line: 0,
            split_freely: false,
            centred: false,
            base,
        }
    }

    /// Centres every line (display math).
    pub fn centred(mut self) -> RichText {
        self.centred = true;
        self
    }

    pub fn with_trailer(mut self, trailer: Piece) -> RichText {
        self.trailer = Some(trailer);
        self
    }

    /// Breaks lines anywhere a page ends (table cells: the table decides).
    pub fn split_freely(mut self) -> RichText {
        self.split_freely = true;
        self
    }

    fn wrap(&self, width: f64) -> Vec<Line> {
        let mut wrapper = Wrapper {
            width,
            lines: Vec::new(),
            line: Line::default(),
            space: None,
            word: Vec::new(),
        };
        let fragment = |text: &str, piece: &Piece| Fragment {
            text: text.to_string(),
            look: piece.look,
            link: piece.link,
            width: piece.look.width(text),
            math: None,
        };
        for piece in &self.pieces {
            if let Some(formula) = &piece.math {
                // A formula is part of the word around it ("$x$,"); one wider
                // than the line is set smaller to fit it.
                let mut em = Formula::em(f64::from(piece.look.size));
                if formula.width * em > width {
                    em = width / formula.width.max(f64::EPSILON);
                }
                // And one taller than a page would never be placed.
                let tall = formula.height + formula.depth;
                if tall * em > MAX_FORMULA_HEIGHT {
                    em = MAX_FORMULA_HEIGHT / tall;
                }
                wrapper.word.push(Fragment {
                    text: String::new(),
                    look: piece.look,
                    link: piece.link,
                    width: formula.width * em,
                    math: Some((formula.clone(), em)),
                });
                continue;
            }
            for token in tokens(&piece.text) {
                match token {
                    "\n" => {
                        wrapper.end_word();
                        wrapper.end_line();
                        wrapper.space = None;
                    }
                    t if t.starts_with([' ', '\t']) => {
                        wrapper.end_word();
                        if !wrapper.line.fragments.is_empty() {
                            // A tab in prose is a space: the fonts draw none.
                            wrapper.space = Some(fragment(&t.replace('\t', " "), piece));
                        }
                    }
                    t => wrapper.word.push(fragment(t, piece)),
                }
            }
        }
        wrapper.end_word();
        if !wrapper.line.fragments.is_empty() || wrapper.lines.is_empty() {
            wrapper.end_line();
        }
        wrapper.lines
    }

    /// A line's height and where its baseline sits below its top.
    fn metrics(&self, line: &Line) -> (f64, f64) {
        line_metrics(&line.fragments, self.base)
    }

    fn trailer_fragment(&self) -> Option<Fragment> {
        self.trailer.as_ref().map(|t| Fragment {
            link: t.link,
            ..Fragment::measure(t.text.clone(), t.look)
        })
    }

    fn ensure_wrapped(&mut self, width: f64) {
        if self.lines.is_none() {
            let reserve = self
                .trailer_fragment()
                .map_or(0.0, |t| t.width + TRAILER_ROOM);
            self.lines = Some(self.wrap(width - reserve));
        }
    }

    /// The height of the lines not drawn yet, at `width`.
    pub fn remaining_height(&mut self, width: f64) -> f64 {
        self.ensure_wrapped(width);
        let lines = self.lines.as_ref().expect("wrapped above");
        lines[self.next_line.min(lines.len())..]
            .iter()
            .map(|line| self.metrics(line).0)
            .sum()
    }

    /// How many of the remaining lines to draw when `fit` of them fit.
    fn lines_to_draw(&self, fit: usize, remaining: usize, at_top: bool) -> usize {
        if self.split_freely {
            return fit.min(remaining);
        }
        lines_to_draw(fit, remaining, at_top, ORPHANS, WIDOWS)
    }
}

/// The tallest a formula is set, in mm: well under a page's text height
/// (A4: 245 mm; letter: 227 mm), with room for a table's header above it.
const MAX_FORMULA_HEIGHT: f64 = 150.0;

/// Room kept between a line and its trailer, in mm.
const TRAILER_ROOM: f64 = 4.0;

/// Lines never left alone at the foot or the head of a page, when a page
/// break falls inside a paragraph.
const ORPHANS: usize = 2;
const WIDOWS: usize = 2;

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

/// Leader dots from after `from` to before `to` (mm from the line's start),
/// one every [`LEADER_STEP`] on a grid, so that leaders line up from entry
/// to entry: where the first goes and how many.
fn leaders(from: f64, to: f64) -> Option<(f64, usize)> {
    let start = (from / LEADER_STEP).ceil() * LEADER_STEP + LEADER_STEP;
    let count = ((to - start) / LEADER_STEP).floor();
    (count >= 2.0).then_some((start, count as usize))
}

const LEADER_STEP: f64 = 2.0;

/// Draws leader dots as a dotted stroke rather than text, so that copying
/// or extracting the contents gives titles and page numbers only.
fn draw_leaders(canvas: &mut Canvas, x: f64, baseline: f64, count: usize) {
    canvas.draw(Item::Dots {
        from: x,
        to: x + LEADER_STEP * (count - 1) as f64,
        baseline,
        step: LEADER_STEP,
        color: super::fonts::MUTED,
    });
}

impl Element for RichText {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let width = area.width;
        self.ensure_wrapped(width);
        let trailer = self.trailer_fragment();
        let lines = self.lines.as_ref().expect("wrapped above");
        // Only the lines that fit are measured: a long paragraph is not
        // measured again in full on every page it continues on.
        let remaining = lines.len() - self.next_line;
        let mut metrics: Vec<(f64, f64)> = Vec::new();
        let mut used = 0.0;
        for line in &lines[self.next_line..] {
            let (height, baseline) = self.metrics(line);
            if used + height > area.height + 1e-9 {
                break;
            }
            used += height;
            metrics.push((height, baseline));
        }
        let fit = metrics.len();
        let draw = self.lines_to_draw(fit, remaining, canvas.at_page_top());
        let mut y = 0.0;
        for &(ref height, baseline) in &metrics[..draw] {
            let line = &lines[self.next_line];
            let x = area.x
                + if self.centred {
                    (width - line.width).max(0.0) / 2.0
                } else {
                    0.0
                };
            draw_line_at(canvas, x, area.y + y, &line.fragments, *height, baseline);
            if self.next_line + 1 == lines.len()
                && let Some(trailer) = &trailer
            {
                let x = width - trailer.width;
                if let Some((start, count)) = leaders(line.width, x - 1.0) {
                    draw_leaders(canvas, area.x + start, area.y + y + baseline, count);
                }
                let trailer = std::slice::from_ref(trailer);
                draw_line_at(canvas, area.x + x, area.y + y, trailer, *height, baseline);
            }
            y += *height;
            self.next_line += 1;
        }
        if self.next_line >= lines.len() {
            // Printed: keep nothing of it.
            self.lines = Some(Vec::new());
            self.pieces = Vec::new();
            self.next_line = 0;
            return Rendered::done(y);
        }
        Rendered {
            height: y,
            more: true,
        }
    }

    fn lead(&mut self, width: f64) -> f64 {
        self.ensure_wrapped(width);
        let lines = self.lines.as_ref().expect("wrapped above");
        let rest = &lines[self.next_line.min(lines.len())..];
        let first = (1..=rest.len())
            .find(|&fit| self.lines_to_draw(fit, rest.len(), false) > 0)
            .unwrap_or(rest.len());
        rest[..first].iter().map(|line| self.metrics(line).0).sum()
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
}

//! Code blocks: monospace, indentation kept, and lines wider than the measure
//! wrapped with a visible continuation marker instead of running off the page
//! A block splits across pages line by line; its shaded background comes from
//! the `Boxed` element around it, and its colours from the highlighter's
//! token runs (blocks.rs).

use super::canvas::{Area, Canvas, Element, Rendered};
use super::fonts::MUTED;
use super::text::{Fragment, Look, Piece, draw_line, lines_to_draw};
use crate::highlight::{Class, palette};

/// How a token of `class` prints: in the light palette's colour (which
/// meets WCAG AA on the code background), and, so that the classes stay
/// apart on a greyscale printer, keywords bold and comments italic.
pub fn token_look(base: Look, class: Class) -> Look {
    let look = base.colored(hex(palette::light(class)));
    match class {
        Class::Keyword => look.bold(),
        Class::Comment => look.italic(),
        _ => look,
    }
}

/// `#rrggbb` as bytes (the palette's colours are all of that form).
fn hex(color: &str) -> (u8, u8, u8) {
    let channel = |i: usize| {
        color
            .get(1 + 2 * i..3 + 2 * i)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    (channel(0), channel(1), channel(2))
}

/// Starts every continuation row of a wrapped line.
pub const CONTINUATION: &str = "\u{21AA} ";

/// Spaces a tab stands for.
const TAB: &str = "    ";

pub struct CodeLines {
    pieces: Vec<Piece>,
    /// The block's own look: its grid (the width of a space), its row
    /// height and the continuation marker's face follow it, whatever look
    /// the first token has (a bold keyword, an emoji).
    base: Look,
    rows: Option<Vec<Vec<Fragment>>>,
    next_row: usize,
}

impl CodeLines {
    /// `pieces` hold the code's text, newlines included, split where a
    /// character needs a fallback face or a token has a colour; `base` is
    /// the look they were set in.
    pub fn new(pieces: Vec<Piece>, base: Look) -> CodeLines {
        CodeLines {
            pieces,
            base,
            rows: None,
            next_row: 0,
        }
    }

    fn layout(&self, width: f64) -> Vec<Vec<Fragment>> {
        if self.pieces.is_empty() {
            return Vec::new();
        }
        let marker = Fragment::measure(CONTINUATION.into(), self.base.colored(MUTED));
        let space = self.base.width(" ");
        let mut rows = vec![Vec::new()];
        let mut row_width = 0.0;
        // The current line's indentation, in spaces, while it is still leading.
        let mut indent = 0usize;
        let mut leading = true;
        for piece in &self.pieces {
            for c in piece.text.chars() {
                if c == '\n' {
                    rows.push(Vec::new());
                    row_width = 0.0;
                    (indent, leading) = (0, true);
                    continue;
                }
                let mut buf = [0; 4];
                let (text, w) = if c == '\t' {
                    (TAB, piece.look.width(" ") * TAB.len() as f64)
                } else {
                    let text = &*c.encode_utf8(&mut buf);
                    (text, cell_width(piece.look, text, c, space))
                };
                if leading && (c == ' ' || c == '\t') {
                    indent += text.len();
                } else {
                    leading = false;
                }
                if row_width + w > width && row_width > marker.width {
                    // Continue under the line's own indentation (at most half
                    // the width), after the marker.
                    let mut pad = 0.0;
                    let mut spaces = String::new();
                    while spaces.len() < indent && (pad + space) * 2.0 < width {
                        spaces.push(' ');
                        pad += space;
                    }
                    let mut row = Vec::new();
                    if !spaces.is_empty() {
                        row.push(Fragment {
                            text: spaces,
                            look: self.base,
                            link: None,
                            width: pad,
                            math: None,
                        });
                    }
                    row.push(marker.clone());
                    rows.push(row);
                    row_width = pad + marker.width;
                }
                let row = rows.last_mut().expect("rows starts non-empty");
                match row.last_mut() {
                    Some(last) if last.look == piece.look => {
                        last.text.push_str(text);
                        last.width += w;
                    }
                    _ => row.push(Fragment {
                        text: text.to_string(),
                        look: piece.look,
                        link: None,
                        width: w,
                        math: None,
                    }),
                }
                row_width += w;
            }
        }
        // The text ends with a newline; it does not start another row.
        if rows.len() > 1 && rows.last().is_some_and(Vec::is_empty) {
            rows.pop();
        }
        rows
    }
}

/// How far a character of code advances: its own width in the monospaced
/// face; a character drawn from a fallback face takes one or two cells of
/// the grid (two for wide ones, as terminals show them), so that the
/// columns of a box drawing or a table in a code block stay aligned.
fn cell_width(look: Look, text: &str, c: char, cell: f64) -> f64 {
    if look.mono {
        return look.width(text);
    }
    let cells = unicode_width::UnicodeWidthChar::width(c)
        .unwrap_or(1)
        .max(1);
    cell * cells as f64
}

/// Whether a row continues the line above it (it starts with the marker,
/// maybe after the line's indentation).
fn is_continuation(row: &[Fragment]) -> bool {
    row.iter()
        .find(|f| !f.text.trim().is_empty())
        .is_some_and(|f| f.text == CONTINUATION)
}

/// Rows of code never left alone at the foot or the head of a page.
const ORPHANS: usize = 2;
const WIDOWS: usize = 3;

impl Element for CodeLines {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let width = area.width;
        if self.rows.is_none() {
            self.rows = Some(self.layout(width));
        }
        let rows = self.rows.as_ref().expect("laid out above");
        let height = self.base.line_height();
        let remaining = rows.len() - self.next_row;
        let fit = (area.height / height + 1e-9).floor() as usize;
        let at_top = canvas.at_page_top();
        let mut draw = lines_to_draw(fit, remaining, at_top, ORPHANS, WIDOWS);
        // A line wrapped after ↪ is not split by a page break: it moves whole
        // (unless it alone is taller than the page).
        let first_of_line = (0..=draw)
            .rev()
            .find(|&d| {
                !rows
                    .get(self.next_row + d)
                    .is_some_and(|row| is_continuation(row))
            })
            .unwrap_or(0);
        if first_of_line < draw {
            draw = match first_of_line {
                0 if at_top => draw,
                d if d < ORPHANS && !at_top => 0,
                d => d,
            };
        }
        let mut y = 0.0;
        for row in &rows[self.next_row..self.next_row + draw] {
            draw_line(canvas, area.x, area.y + y, row, height);
            y += height;
        }
        self.next_row += draw;
        // Rows drawn, empty ones too (they draw nothing but are content).
        canvas.progress += draw as u64;
        Rendered {
            height: y,
            more: self.next_row < rows.len(),
        }
    }

    fn lead(&mut self, width: f64) -> f64 {
        if self.rows.is_none() {
            self.rows = Some(self.layout(width));
        }
        let remaining = self.rows.as_ref().map_or(0, Vec::len) - self.next_row;
        let first = (1..=remaining)
            .find(|&fit| lines_to_draw(fit, remaining, false, ORPHANS, WIDOWS) > 0)
            .unwrap_or(remaining);
        first as f64 * self.base.line_height()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> CodeLines {
        let look = Look::sans(8).mono();
        CodeLines::new(vec![Piece::new(text, look)], look)
    }

    #[test]
    fn a_wrapped_line_continues_under_its_indentation_after_the_marker() {
        let mut lines = code("    x = 1 + 2 + 3 + 4 + 5 + 6\n");
        let rows = lines.layout(Look::sans(8).mono().width("    x = 1 + 2 + 3"));
        assert!(rows.len() >= 2, "{rows:?}");
        assert!(is_continuation(&rows[1]) && !is_continuation(&rows[0]));
        assert_eq!(rows[1][0].text, "    ");
        lines.rows = Some(rows);
    }

    #[test]
    fn rows_and_the_marker_follow_the_block_not_its_first_token() {
        let base = Look::sans(8).mono();
        let emoji = Look {
            emoji: true,
            mono: false,
            size: 7,
            ..base
        };
        let pieces = vec![
            Piece::new("\u{1F4CA}", emoji),
            Piece::new(format!(" {}", "x".repeat(60)), base),
        ];
        let mut lines = CodeLines::new(pieces, base);
        let rows = lines.layout(base.width(&"x".repeat(30)));
        let marker = rows[1].iter().find(|f| f.text == CONTINUATION).unwrap();
        assert!(marker.look.mono && !marker.look.emoji);
        // Whole rows of the block's height, not the emoji's smaller one.
        let rows = lines.lead(base.width(&"x".repeat(30))) / base.line_height();
        assert!((rows - rows.round()).abs() < 1e-9 && rows >= 1.0, "{rows}");
    }

    #[test]
    fn a_page_break_never_falls_inside_a_wrapped_line() {
        let look = Look::sans(8).mono();
        let long = "y".repeat(50);
        let text = format!("a\nb\nc\nd\n{long}\ne\nf\ng\nh\n");
        let width = look.width(&"y".repeat(20));
        let mut lines = code(&text);
        assert_eq!(
            lines.layout(width).len(),
            11,
            "the long line takes three rows"
        );
        let mut canvas = Canvas {
            measuring: true,
            ..Canvas::default()
        };
        // Room for six rows, not at the top of a page: the sixth and seventh
        // rows are the long line's second and third; it moves whole.
        let area = Area {
            x: 0.0,
            y: 0.0,
            width,
            height: 6.0 * look.line_height() + 0.1,
        };
        let drawn = lines.render(&mut canvas, area);
        assert!(drawn.more);
        assert_eq!(lines.next_row, 4);
    }
}

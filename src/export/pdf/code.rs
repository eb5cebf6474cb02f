//! Code blocks: monospace, indentation kept, and lines wider than the measure
//! wrapped with a visible continuation marker instead of running off the page
//! (genpdf would cut them at the margin). A block splits across pages line by
//! line; its shaded background comes from the `Boxed` element around it.

use genpdf::error::Error;
use genpdf::render::Area;
use genpdf::style::Style;
use genpdf::{Context, Element, Mm, Position, RenderResult, Size};

use super::fonts::MUTED;
use super::ledger::SharedLedger;
use super::text::{Faces, Fragment, Look, Piece, draw_line, lines_to_draw};

/// Starts every continuation row of a wrapped line.
pub const CONTINUATION: &str = "\u{21AA} ";

/// Spaces a tab stands for.
const TAB: &str = "    ";

pub struct CodeLines {
    pieces: Vec<Piece>,
    faces: Faces,
    ledger: SharedLedger,
    rows: Option<Vec<Vec<Fragment>>>,
    next_row: usize,
}

impl CodeLines {
    /// `pieces` hold the code's text, newlines included, split where a
    /// character needs a fallback face.
    pub fn new(pieces: Vec<Piece>, faces: Faces, ledger: SharedLedger) -> CodeLines {
        CodeLines {
            pieces,
            faces,
            ledger,
            rows: None,
            next_row: 0,
        }
    }

    fn layout(&self, context: &Context, width: Mm) -> Vec<Vec<Fragment>> {
        let Some(first) = self.pieces.first() else {
            return Vec::new();
        };
        let marker_look = Look {
            color: Some(MUTED),
            ..first.look
        };
        let marker = Fragment::measure(context, &self.faces, CONTINUATION.into(), marker_look);
        let space = first
            .look
            .style(&self.faces)
            .str_width(&context.font_cache, " ");
        let mut rows = vec![Vec::new()];
        let mut row_width = Mm::from(0.0);
        // The current line's indentation, in spaces, while it is still leading.
        let mut indent = 0usize;
        let mut leading = true;
        for piece in &self.pieces {
            let style = piece.look.style(&self.faces);
            for c in piece.text.chars() {
                if c == '\n' {
                    rows.push(Vec::new());
                    row_width = Mm::from(0.0);
                    (indent, leading) = (0, true);
                    continue;
                }
                let mut buf = [0; 4];
                let (text, w) = if c == '\t' {
                    (
                        TAB,
                        style.char_width(&context.font_cache, ' ') * TAB.len() as f64,
                    )
                } else {
                    let w = style.char_width(&context.font_cache, c);
                    (&*c.encode_utf8(&mut buf), w)
                };
                if leading && (c == ' ' || c == '\t') {
                    indent += text.len();
                } else {
                    leading = false;
                }
                if row_width + w > width && row_width > marker.width {
                    // Continue under the line's own indentation (at most half
                    // the width), after the marker.
                    let mut pad = Mm::from(0.0);
                    let mut spaces = String::new();
                    while spaces.len() < indent && (pad + space) * 2.0 < width {
                        spaces.push(' ');
                        pad += space;
                    }
                    let mut row = Vec::new();
                    if !spaces.is_empty() {
                        row.push(Fragment {
                            text: spaces,
                            look: first.look,
                            link: None,
                            width: pad,
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

/// Rows of code never left alone at the foot or the head of a page.
const ORPHANS: usize = 2;
const WIDOWS: usize = 3;

impl Element for CodeLines {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, Error> {
        let width = area.size().width;
        if self.rows.is_none() {
            self.rows = Some(self.layout(context, width));
        }
        let rows = self.rows.as_ref().expect("laid out above");
        let look = self.pieces.first().map_or(Look::sans(8).mono(), |p| p.look);
        let height = look.style(&self.faces).line_height(&context.font_cache);
        let remaining = rows.len() - self.next_row;
        let fit = ((f64::from(area.size().height) / f64::from(height)) + 1e-9).floor() as usize;
        let at_top = self.ledger.borrow().at_page_top();
        let draw = lines_to_draw(fit, remaining, at_top, ORPHANS, WIDOWS);
        let mut y = Mm::from(0.0);
        for row in &rows[self.next_row..self.next_row + draw] {
            let at = Position::new(0, y);
            draw_line(&area, context, &self.ledger, &self.faces, at, row, height)?;
            y += height;
        }
        self.next_row += draw;
        Ok(RenderResult {
            size: Size::new(width, y),
            has_more: self.next_row < rows.len(),
        })
    }
}

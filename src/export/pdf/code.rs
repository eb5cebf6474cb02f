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
use super::text::{Faces, Fragment, Look, Piece, draw_line};

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
        let mut rows = vec![Vec::new()];
        let mut row_width = Mm::from(0.0);
        for piece in &self.pieces {
            let style = piece.look.style(&self.faces);
            for c in piece.text.chars() {
                if c == '\n' {
                    rows.push(Vec::new());
                    row_width = Mm::from(0.0);
                    continue;
                }
                let text = if c == '\t' {
                    TAB.to_string()
                } else {
                    c.to_string()
                };
                let w = style.str_width(&context.font_cache, &text);
                if row_width + w > width && row_width > marker.width {
                    rows.push(vec![marker.clone()]);
                    row_width = marker.width;
                }
                let row = rows.last_mut().expect("rows starts non-empty");
                match row.last_mut() {
                    Some(last) if last.look == piece.look => {
                        last.text.push_str(&text);
                        last.width += w;
                    }
                    _ => row.push(Fragment {
                        text,
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
        let mut y = Mm::from(0.0);
        let mut result = RenderResult::default();
        while let Some(row) = rows.get(self.next_row) {
            if y + height > area.size().height {
                result.has_more = true;
                break;
            }
            draw_line(
                &area,
                context,
                &self.ledger,
                &self.faces,
                Position::new(0, y),
                row,
                height,
            )?;
            y += height;
            self.next_row += 1;
        }
        result.size = Size::new(width, y);
        Ok(result)
    }
}

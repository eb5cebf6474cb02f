//! Tables. genpdf's `TableLayout` takes fixed column weights, splits a row
//! wherever the page ends (leaving an empty sliver of frame behind) and never
//! repeats the header. This table sizes its columns from their text, so that
//! a column is never narrower than its longest word when the page allows it;
//! keeps each row whole unless the row alone is taller than a page; repeats
//! the header on every page it continues on, shaded, and never leaves the
//! header at the foot of a page without a row under it.

use genpdf::error::Error;
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Element, Mm, Position, RenderResult, Size};

use super::ledger::SharedLedger;
use super::marks::{self, MarkKind};
use super::text::{Faces, Piece, RichText};

/// Cell padding: top, right, bottom, left, in millimetres.
const PAD: [f64; 4] = [1.2, 1.5, 1.2, 1.5];

/// How wide a column would like to be, in millimetres of text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ColumnWidth {
    /// The widest word: narrower, and words break between characters.
    pub least: f64,
    /// The widest cell on one line.
    pub most: f64,
}

/// Column widths that fill `total`: each column gets at least its widest
/// word when all of them fit, and the rest goes where text is longest.
pub fn column_widths(wanted: &[ColumnWidth], total: f64) -> Vec<f64> {
    let padding = PAD[1] + PAD[3];
    let least: Vec<f64> = wanted.iter().map(|w| w.least + padding).collect();
    let most: Vec<f64> = wanted
        .iter()
        .zip(&least)
        .map(|(w, l)| (w.most + padding).max(*l))
        .collect();
    let (sum_least, sum_most): (f64, f64) = (least.iter().sum(), most.iter().sum());
    let scale = |widths: &[f64], sum: f64| -> Vec<f64> {
        widths
            .iter()
            .map(|w| w * total / sum.max(f64::EPSILON))
            .collect()
    };
    if sum_most <= total || sum_least >= total {
        let (widths, sum) = if sum_most <= total {
            (&most, sum_most)
        } else {
            (&least, sum_least)
        };
        return scale(widths, sum);
    }
    let spare = total - sum_least;
    let stretch = sum_most - sum_least;
    least
        .iter()
        .zip(&most)
        .map(|(l, m)| l + spare * (m - l) / stretch)
        .collect()
}

pub struct Table {
    wanted: Vec<ColumnWidth>,
    header: Option<Vec<Vec<Piece>>>,
    rows: Vec<Vec<RichText>>,
    next_row: usize,
    /// The shaded box the header sits in (see marks.rs).
    header_box: u32,
    border: Color,
    faces: Faces,
    ledger: SharedLedger,
}

impl Table {
    pub fn new(
        wanted: Vec<ColumnWidth>,
        header: Option<Vec<Vec<Piece>>>,
        rows: Vec<Vec<Vec<Piece>>>,
        header_box: u32,
        border: Color,
        faces: Faces,
        ledger: SharedLedger,
    ) -> Table {
        let cell = |pieces: Vec<Piece>| RichText::new(pieces, faces, ledger.clone()).split_freely();
        let rows = rows
            .into_iter()
            .map(|row| row.into_iter().map(cell).collect())
            .collect();
        Table {
            wanted,
            header,
            rows,
            next_row: 0,
            header_box,
            border,
            faces,
            ledger,
        }
    }

    fn cell_widths(&self, area: &Area<'_>) -> Vec<Mm> {
        column_widths(&self.wanted, f64::from(area.size().width))
            .into_iter()
            .map(|w| Mm::from(w - PAD[1] - PAD[3]))
            .collect()
    }

    fn header_cells(&self) -> Option<Vec<RichText>> {
        let header = self.header.as_ref()?;
        let cell =
            |pieces: &Vec<Piece>| RichText::new(pieces.clone(), self.faces, self.ledger.clone());
        Some(header.iter().map(cell).collect())
    }

    /// Draws `cells` at `y` in at most `room`; returns the height used and
    /// whether any cell has more.
    fn draw_row(
        &self,
        context: &Context,
        area: &Area<'_>,
        cells: &mut [RichText],
        y: Mm,
        room: Mm,
        style: Style,
    ) -> Result<(Mm, bool), Error> {
        let widths = self.cell_widths(area);
        let (pad_y, pad_x) = (Mm::from(PAD[0] + PAD[2]), Mm::from(PAD[1] + PAD[3]));
        let mut x = Mm::from(0.0);
        let mut height = Mm::from(0.0);
        let mut more = false;
        for (cell, width) in cells.iter_mut().zip(&widths) {
            let mut cell_area = area.clone();
            cell_area.add_offset(Position::new(x + Mm::from(PAD[3]), y + Mm::from(PAD[0])));
            cell_area.set_width(*width);
            cell_area.set_height(room - pad_y);
            let result = cell.render(context, cell_area, style)?;
            height = height.max(result.size.height);
            more |= result.has_more;
            x += *width + pad_x;
        }
        let height = height + pad_y;
        self.draw_borders(area, &widths, y, height);
        Ok((height, more))
    }

    fn draw_borders(&self, area: &Area<'_>, widths: &[Mm], top: Mm, height: Mm) {
        let style = Style::new().with_color(self.border);
        let right = area.size().width;
        for y in [top, top + height] {
            area.draw_line(vec![Position::new(0, y), Position::new(right, y)], style);
        }
        let mut x = Mm::from(0.0);
        let pad_x = Mm::from(PAD[1] + PAD[3]);
        for width in std::iter::once(Mm::from(0.0)).chain(widths.iter().map(|w| *w + pad_x)) {
            x += width;
            area.draw_line(
                vec![Position::new(x, top), Position::new(x, top + height)],
                style,
            );
        }
    }

    fn row_height(&mut self, context: &Context, widths: &[Mm], row: usize) -> Mm {
        let pad_y = Mm::from(PAD[0] + PAD[2]);
        let tallest = self.rows[row]
            .iter_mut()
            .zip(widths)
            .map(|(cell, width)| cell.remaining_height(context, *width))
            .fold(Mm::from(0.0), Mm::max);
        tallest + pad_y
    }
}

impl Element for Table {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, Error> {
        let widths = self.cell_widths(&area);
        let room = area.size().height;
        let at_top = self.ledger.borrow().at_page_top();
        let mut y = Mm::from(0.0);
        if self.next_row >= self.rows.len() && (self.header.is_none() || !self.rows.is_empty()) {
            return Ok(RenderResult::default());
        }
        if let Some(mut header) = self.header_cells() {
            let pad_y = Mm::from(PAD[0] + PAD[2]);
            let header_height = header
                .iter_mut()
                .zip(&widths)
                .map(|(cell, width)| cell.remaining_height(context, *width))
                .fold(Mm::from(0.0), Mm::max)
                + pad_y;
            let first = if self.rows.is_empty() {
                Mm::from(0.0)
            } else {
                self.row_height(context, &widths, self.next_row)
            };
            if header_height + first > room && !at_top {
                return Ok(RenderResult {
                    size: Size::new(0, 0),
                    has_more: true,
                });
            }
            let origin = Position::new(0, 0);
            marks::draw(&area, MarkKind::BoxStart, self.header_box, origin, origin);
            let corner = Position::new(area.size().width, header_height);
            marks::draw(&area, MarkKind::BoxEnd, self.header_box, corner, corner);
            let (height, _) = self.draw_row(context, &area, &mut header, y, room, style)?;
            y += height;
        }
        let mut drawn = 0;
        while self.next_row < self.rows.len() {
            let height = self.row_height(context, &widths, self.next_row);
            let fits = y + height <= room;
            // A row taller than what is left of a fresh page is split; any
            // other row waits for the next page.
            if !fits && (drawn > 0 || !at_top) {
                break;
            }
            let mut cells = std::mem::take(&mut self.rows[self.next_row]);
            let (used, more) = self.draw_row(context, &area, &mut cells, y, room - y, style)?;
            self.rows[self.next_row] = cells;
            y += used;
            drawn += 1;
            if more {
                break;
            }
            self.next_row += 1;
        }
        if self.rows.is_empty() {
            // A header alone is drawn once.
            self.header = None;
        }
        Ok(RenderResult {
            size: Size::new(area.size().width, y),
            has_more: self.next_row < self.rows.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(least: f64, most: f64) -> ColumnWidth {
        ColumnWidth { least, most }
    }

    #[test]
    fn columns_fill_the_width_and_keep_their_longest_word() {
        // Everything fits on one line: widths follow the text and fill 100.
        let widths = column_widths(&[w(5.0, 10.0), w(5.0, 30.0)], 100.0);
        assert!((widths.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        assert!(widths[1] > widths[0] * 2.0);
        // A long second column must not squeeze the first below its word.
        let widths = column_widths(&[w(20.0, 20.0), w(10.0, 400.0)], 100.0);
        assert!(widths[0] >= 23.0 - 1e-9, "{widths:?}");
        assert!((widths.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        // Words wider than the page: proportional to the words.
        let widths = column_widths(&[w(80.0, 80.0), w(80.0, 80.0)], 100.0);
        assert!((widths[0] - 50.0).abs() < 1e-9);
    }
}

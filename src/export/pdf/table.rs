//! Tables, sized from their text so that a column is never narrower than its
//! longest word when the page allows it. Each row stays whole unless the row
//! alone is taller than a page; the header repeats, shaded, on every page the
//! table continues on, and is never left at the foot of a page without a row
//! under it.

use super::blocks::{HEADER_FILL, RULE, Setter};
use super::canvas::{Area, Canvas, Element, Fill, Item, Rendered, Rgb};
use super::text::{Look, Piece, RichText};
use crate::ir::Inline;

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
    header_fill: Fill,
    border: Rgb,
}

impl Table {
    pub fn new(
        wanted: Vec<ColumnWidth>,
        header: Option<Vec<Vec<Piece>>>,
        rows: Vec<Vec<Vec<Piece>>>,
        header_fill: Fill,
        border: Rgb,
    ) -> Table {
        let cell = |pieces: Vec<Piece>| RichText::new(pieces).split_freely();
        let rows = rows
            .into_iter()
            .map(|row| row.into_iter().map(cell).collect())
            .collect();
        Table {
            wanted,
            header,
            rows,
            next_row: 0,
            header_fill,
            border,
        }
    }

    fn cell_widths(&self, area: Area) -> Vec<f64> {
        column_widths(&self.wanted, area.width)
            .into_iter()
            .map(|w| w - PAD[1] - PAD[3])
            .collect()
    }

    fn header_cells(&self) -> Option<Vec<RichText>> {
        let header = self.header.as_ref()?;
        Some(header.iter().map(|p| RichText::new(p.clone())).collect())
    }

    /// Draws `cells` at `y` below the area's top in at most `room`; returns
    /// the height used and whether any cell has more.
    fn draw_row(
        &self,
        canvas: &mut Canvas,
        area: Area,
        cells: &mut [RichText],
        y: f64,
    ) -> (f64, bool) {
        let widths = self.cell_widths(area);
        let (pad_y, pad_x) = (PAD[0] + PAD[2], PAD[1] + PAD[3]);
        let mut x = 0.0;
        let mut height: f64 = 0.0;
        let mut more = false;
        for (cell, width) in cells.iter_mut().zip(&widths) {
            let cell_area = Area {
                x: area.x + x + PAD[3],
                y: area.y + y + PAD[0],
                width: *width,
                height: (area.height - y - pad_y).max(0.0),
            };
            let result = cell.render(canvas, cell_area);
            height = height.max(result.height);
            more |= result.more;
            x += *width + pad_x;
        }
        let height = height + pad_y;
        self.draw_borders(canvas, area, &widths, y, height);
        (height, more)
    }

    fn draw_borders(&self, canvas: &mut Canvas, area: Area, widths: &[f64], top: f64, height: f64) {
        let line = |from, to| Item::Line {
            from,
            to,
            color: self.border,
        };
        let (left, right) = (area.x, area.x + area.width);
        let (top, bottom) = (area.y + top, area.y + top + height);
        for y in [top, bottom] {
            canvas.draw(line((left, y), (right, y)));
        }
        let mut x = left;
        let pad_x = PAD[1] + PAD[3];
        for width in std::iter::once(0.0).chain(widths.iter().map(|w| *w + pad_x)) {
            x += width;
            canvas.draw(line((x, top), (x, bottom)));
        }
    }

    fn row_height(&mut self, widths: &[f64], row: usize) -> f64 {
        let tallest = self.rows[row]
            .iter_mut()
            .zip(widths)
            .map(|(cell, width)| cell.remaining_height(*width))
            .fold(0.0, f64::max);
        tallest + PAD[0] + PAD[2]
    }
}

impl Element for Table {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let widths = self.cell_widths(area);
        let room = area.height;
        let at_top = canvas.at_page_top();
        let mut y = 0.0;
        if self.next_row >= self.rows.len() && (self.header.is_none() || !self.rows.is_empty()) {
            return Rendered::done(0.0);
        }
        if let Some(mut header) = self.header_cells() {
            let header_height = header
                .iter_mut()
                .zip(&widths)
                .map(|(cell, width)| cell.remaining_height(*width))
                .fold(0.0, f64::max)
                + PAD[0]
                + PAD[2];
            let first = if self.rows.is_empty() {
                0.0
            } else {
                self.row_height(&widths, self.next_row)
            };
            if header_height + first > room && !at_top {
                return Rendered::DEFERRED;
            }
            let mark = canvas.items.len();
            // The header repeats on every page: drawing it is no progress.
            let progress = canvas.progress;
            let (height, _) = self.draw_row(canvas, area, &mut header, y);
            canvas.progress = progress;
            let shaded = Area { height, ..area };
            canvas.fill_under(mark, self.header_fill, shaded);
            y += height;
        }
        let mut drawn = 0;
        while self.next_row < self.rows.len() {
            let height = self.row_height(&widths, self.next_row);
            let fits = y + height <= room + 1e-9;
            // A row taller than what is left of a fresh page is split; any
            // other row waits for the next page.
            if !fits && (drawn > 0 || !at_top) {
                break;
            }
            let mut cells = std::mem::take(&mut self.rows[self.next_row]);
            let (used, more) = self.draw_row(canvas, area, &mut cells, y);
            self.rows[self.next_row] = cells;
            y += used;
            drawn += 1;
            canvas.progress += 1;
            if more {
                break;
            }
            // Printed: keep nothing of the row.
            self.rows[self.next_row] = Vec::new();
            self.next_row += 1;
        }
        if self.rows.is_empty() {
            // A header alone is drawn once.
            self.header = None;
        }
        Rendered {
            height: y,
            more: self.next_row < self.rows.len(),
        }
    }

    /// The header and the first row.
    fn lead(&mut self, width: f64) -> f64 {
        let widths = self.cell_widths(Area {
            x: 0.0,
            y: 0.0,
            width,
            height: 0.0,
        });
        let header = self.header_cells().map_or(0.0, |mut cells| {
            let tallest = cells
                .iter_mut()
                .zip(&widths)
                .map(|(cell, width)| cell.remaining_height(*width))
                .fold(0.0, f64::max);
            tallest + PAD[0] + PAD[2]
        });
        let first = if self.next_row < self.rows.len() {
            self.row_height(&widths, self.next_row)
        } else {
            0.0
        };
        header + first
    }
}

impl Setter<'_> {
    /// A framed table whose columns share the width by the length of their text.
    pub fn table(&mut self, header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Table {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let small = Look::sans(9);
        let mut set_row = |cells: &[Vec<Inline>], look: Look| -> Vec<Vec<Piece>> {
            (0..columns)
                .map(|c| {
                    let mut pieces = Vec::new();
                    if let Some(inlines) = cells.get(c) {
                        self.inlines(inlines, look, None, &mut pieces);
                    }
                    pieces
                })
                .collect()
        };
        let header = (!header.is_empty()).then(|| set_row(header, small.bold()));
        let rows: Vec<Vec<Vec<Piece>>> = rows.iter().map(|row| set_row(row, small)).collect();
        let mut wanted = vec![ColumnWidth::default(); columns];
        for row in header.iter().chain(&rows) {
            for (want, cell) in wanted.iter_mut().zip(row) {
                let measured = self.measure(cell);
                want.least = want.least.max(measured.least);
                want.most = want.most.max(measured.most);
            }
        }
        Table::new(wanted, header, rows, HEADER_FILL, RULE)
    }

    /// The widest word and the width on one line of a cell's text, in mm.
    fn measure(&self, cell: &[Piece]) -> ColumnWidth {
        let mut width = ColumnWidth::default();
        let mut line = 0.0;
        for piece in cell {
            if piece.math.is_some() {
                // A formula does not break: it is one word.
                line += piece.width();
                width.most = width.most.max(line);
                width.least = width.least.max(piece.width());
                continue;
            }
            let mm = |text: &str| piece.look.width(text);
            for (i, text) in piece.text.split('\n').enumerate() {
                if i > 0 {
                    line = 0.0;
                }
                line += mm(text);
                width.most = width.most.max(line);
                for word in text.split_whitespace() {
                    width.least = width.least.max(mm(word));
                }
            }
        }
        width
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

//! Small layout elements genpdf lacks: vertical gaps, keeps (and anchors)
//! that hold a heading with what follows it, padding that moves whole to the next page,
//! shaded boxes, list items, rules, ruled note lines, and the sentinel that
//! ends the measuring pass.

use genpdf::error::{Error, ErrorKind};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Element, Margins, Mm, Position, RenderResult, Size};

use super::ledger::SharedLedger;
use super::marks::{self, MarkKind};
use super::text::{Faces, Fragment, Piece, draw_line};

/// Empty vertical space, cut short at the foot of a page.
pub struct Gap(pub f64);

impl Element for Gap {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        let height = Mm::from(self.0).max(Mm::from(0.0));
        let height = if height > area.size().height {
            area.size().height
        } else {
            height
        };
        Ok(RenderResult {
            size: Size::new(0, height),
            has_more: false,
        })
    }
}

/// Moves to the next page when less than `room` is left, so that a heading
/// or a label is never the last line of a page; and, as an anchor, records
/// where a question or section starts (for the contents, bookmarks and links).
pub struct Keep {
    anchor: Option<u32>,
    room: Mm,
    ledger: SharedLedger,
}

impl Keep {
    pub fn anchor(id: u32, room: f64, ledger: SharedLedger) -> Keep {
        Keep {
            anchor: Some(id),
            room: Mm::from(room),
            ledger,
        }
    }

    pub fn room(room: f64, ledger: SharedLedger) -> Keep {
        Keep {
            anchor: None,
            room: Mm::from(room),
            ledger,
        }
    }
}

impl Element for Keep {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        let mut ledger = self.ledger.borrow_mut();
        let height = area.size().height;
        if height < self.room && !ledger.at_page_top() {
            return Ok(RenderResult {
                size: Size::new(0, 0),
                has_more: true,
            });
        }
        if let Some(id) = self.anchor {
            let page = ledger.page;
            if let Some(slot) = ledger.anchor_pages.get_mut(id as usize) {
                *slot = Some(page);
            }
            let top = Position::new(0, 0);
            marks::draw(&area, MarkKind::Anchor, id, top, top);
        }
        Ok(RenderResult::default())
    }
}

/// Padding around an element. Unlike genpdf's `PaddedElement` it takes no room
/// when nothing of the element fits, so a table row that does not fit moves to
/// the next page whole instead of leaving an empty sliver behind.
pub struct Padded<E: Element> {
    inner: E,
    /// Top, right, bottom, left, in millimetres.
    margins: [f64; 4],
}

impl<E: Element> Padded<E> {
    pub fn new(inner: E, margins: [f64; 4]) -> Padded<E> {
        Padded { inner, margins }
    }
}

impl<E: Element> Element for Padded<E> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, Error> {
        let [top, right, bottom, left] = self.margins;
        let mut inner_area = area.clone();
        inner_area.add_margins(Margins::trbl(top, right, bottom, left));
        let inner = self.inner.render(context, inner_area, style)?;
        if inner.size.height == Mm::from(0.0) && inner.has_more {
            return Ok(inner);
        }
        Ok(RenderResult {
            size: Size::new(
                area.size().width,
                inner.size.height + Mm::from(top + bottom),
            ),
            has_more: inner.has_more,
        })
    }
}

/// A shaded box (background and maybe a bar on the left) around an element,
/// split with it across pages. The fill is drawn by the post-pass from marks.
pub struct Boxed<E: Element> {
    inner: E,
    id: u32,
    padding: Mm,
}

impl<E: Element> Boxed<E> {
    pub fn new(inner: E, id: u32, padding: f64) -> Boxed<E> {
        Boxed {
            inner,
            id,
            padding: Mm::from(padding),
        }
    }
}

impl<E: Element> Element for Boxed<E> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, Error> {
        let pad = self.padding;
        let mut inner_area = area.clone();
        inner_area.add_margins(Margins::trbl(pad, pad, pad, pad + Mm::from(1.0)));
        let origin = Position::new(0, 0);
        marks::draw(&area, MarkKind::BoxStart, self.id, origin, origin);
        let inner = self.inner.render(context, inner_area, style)?;
        if inner.size.height == Mm::from(0.0) && inner.has_more {
            // Nothing fitted; the unmatched start mark is dropped by the post-pass.
            return Ok(RenderResult {
                size: Size::new(0, 0),
                has_more: true,
            });
        }
        let height = if inner.has_more {
            area.size().height
        } else {
            inner.size.height + pad + pad
        };
        let corner = Position::new(area.size().width, height);
        marks::draw(&area, MarkKind::BoxEnd, self.id, corner, corner);
        Ok(RenderResult {
            size: Size::new(area.size().width, height),
            has_more: inner.has_more,
        })
    }
}

/// One item of a list: a marker (bullet or number) hanging in the indent.
pub struct ListItem<E: Element> {
    marker: Piece,
    indent: Mm,
    inner: E,
    faces: Faces,
    ledger: SharedLedger,
    marker_drawn: bool,
}

impl<E: Element> ListItem<E> {
    pub fn new(marker: Piece, indent: f64, inner: E, faces: Faces, ledger: SharedLedger) -> Self {
        ListItem {
            marker,
            indent: Mm::from(indent),
            inner,
            faces,
            ledger,
            marker_drawn: false,
        }
    }
}

impl<E: Element> Element for ListItem<E> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, Error> {
        let mut inner_area = area.clone();
        inner_area.add_margins(Margins::trbl(0, 0, 0, self.indent));
        let result = self.inner.render(context, inner_area, style)?;
        if !self.marker_drawn && result.size.height > Mm::from(0.0) {
            let look = self.marker.look;
            let marker = Fragment::measure(context, &self.faces, self.marker.text.clone(), look);
            // A marker wider than the indent ("2024.") starts at the edge.
            let x = (self.indent - marker.width - Mm::from(1.5)).max(Mm::from(0.0));
            let height = look.style(&self.faces).line_height(&context.font_cache);
            draw_line(
                &area,
                context,
                &self.ledger,
                &self.faces,
                Position::new(x, 0),
                &[marker],
                height,
            )?;
            self.marker_drawn = true;
        }
        Ok(RenderResult {
            size: Size::new(area.size().width, result.size.height),
            has_more: result.has_more,
        })
    }
}

/// A thin horizontal rule in the middle of `height`.
pub struct Rule {
    /// Millimetres.
    pub height: f64,
    pub color: Color,
}

impl Element for Rule {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        let height = Mm::from(self.height);
        if area.size().height < height {
            return Ok(RenderResult {
                size: Size::new(0, 0),
                has_more: true,
            });
        }
        let y = height / 2.0;
        let line = vec![Position::new(0, y), Position::new(area.size().width, y)];
        area.draw_line(line, Style::new().with_color(self.color));
        Ok(RenderResult {
            size: Size::new(area.size().width, height),
            has_more: false,
        })
    }
}

/// Ruled lines to write an answer on, continued on the next page if needed.
pub struct NoteLines {
    pub remaining: usize,
    /// Millimetres between lines.
    pub spacing: f64,
    pub color: Color,
}

impl Element for NoteLines {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        let spacing = Mm::from(self.spacing);
        let mut y = Mm::from(0.0);
        while self.remaining > 0 && y + spacing <= area.size().height {
            y += spacing;
            let line = vec![Position::new(0, y), Position::new(area.size().width, y)];
            area.draw_line(line, Style::new().with_color(self.color));
            self.remaining -= 1;
        }
        Ok(RenderResult {
            size: Size::new(area.size().width, y),
            has_more: self.remaining > 0,
        })
    }
}

/// The last element of the measuring pass: it stops genpdf before it writes a
/// PDF nobody reads (the pass only has to learn where anchors land).
pub struct EndOfMeasure;

pub const END_OF_MEASURE: &str = "qbank: end of the measuring pass";

impl Element for EndOfMeasure {
    fn render(&mut self, _: &Context, _: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        Err(Error::new(END_OF_MEASURE, ErrorKind::Internal))
    }
}

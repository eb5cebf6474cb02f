//! The small elements a book is assembled from: a vertical stack, page
//! breaks, gaps, keeps (and anchors) that hold a heading with what follows
//! it, padding that moves whole to the next page, shaded boxes, list items,
//! rules and ruled note lines.

use super::canvas::{Area, Canvas, Element, Fill, Item, Rendered, Rgb, Spacing};
use super::look::{Fragment, Piece, draw_line};

/// Elements one under the other, continued across pages. A finished element
/// is dropped: what is printed is not kept.
#[derive(Default)]
pub struct Stack {
    elements: Vec<Option<Box<dyn Element>>>,
    next: usize,
}

impl Stack {
    pub fn new() -> Stack {
        Stack::default()
    }

    pub fn push(&mut self, element: impl Element + 'static) {
        self.elements.push(Some(Box::new(element)));
    }

    /// The room the content from `start` needs to begin on this page: the
    /// spacing before it, and the lead of `count` elements of content, or of
    /// more when a keep among them holds its own next ones.
    fn lead_from(&mut self, start: usize, width: f64, mut count: usize) -> f64 {
        let (mut above, mut need) = (0.0_f64, 0.0_f64);
        let mut counted = 0;
        let start = start.min(self.elements.len());
        for element in self.elements[start..].iter_mut().flatten() {
            match element.spacing() {
                Some(Spacing::Gap(height)) => above += height,
                Some(Spacing::Room(room)) => need = need.max(above + room),
                // A keep among them holds what follows it too.
                Some(Spacing::WithNext(more)) => count = count.max(counted + more),
                None => {
                    counted += 1;
                    above += element.lead(width);
                    if counted >= count {
                        return need.max(above);
                    }
                }
            }
        }
        need.max(above)
    }
}

impl Element for Stack {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let mut used = 0.0;
        while self.next < self.elements.len() && used < area.height {
            let Some(element) = self.elements[self.next].as_ref() else {
                self.next += 1;
                continue;
            };
            if let Some(Spacing::WithNext(count)) = element.spacing()
                && !canvas.at_page_top()
                && self.lead_from(self.next + 1, area.width, count) > area.height - used + 1e-9
            {
                return Rendered {
                    height: used,
                    more: true,
                };
            }
            let element = self.elements[self.next].as_mut().expect("checked above");
            let result = element.render(canvas, area.below(used));
            used += result.height;
            if result.more {
                return Rendered {
                    height: used,
                    more: true,
                };
            }
            self.elements[self.next] = None;
            self.next += 1;
            canvas.progress += 1;
        }
        Rendered {
            height: used,
            more: self.next < self.elements.len(),
        }
    }

    fn lead(&mut self, width: f64) -> f64 {
        self.lead_from(self.next, width, 1)
    }
}

/// Ends the page here.
#[derive(Default)]
pub struct PageBreak {
    done: bool,
}

impl Element for PageBreak {
    fn render(&mut self, canvas: &mut Canvas, _: Area) -> Rendered {
        if self.done || canvas.at_page_top() {
            return Rendered::done(0.0);
        }
        self.done = true;
        Rendered::DEFERRED
    }
}

/// Empty vertical space, cut short at the foot of a page.
pub struct Gap(pub f64);

impl Element for Gap {
    fn render(&mut self, _: &mut Canvas, area: Area) -> Rendered {
        Rendered::done(self.0.max(0.0).min(area.height))
    }

    fn spacing(&self) -> Option<Spacing> {
        Some(Spacing::Gap(self.0.max(0.0)))
    }
}

/// Holds what follows on this page or moves it to the next: either a fixed
/// `room` (so that a heading or a label is never the last line of a page),
/// or the lead of the next elements of content, which the enclosing
/// [`Stack`] measures. As an anchor it also records where a question or
/// section starts (for the contents, bookmarks and links).
pub struct Keep {
    anchor: Option<u32>,
    keep: Spacing,
}

impl Keep {
    pub fn anchor(id: u32, room: f64) -> Keep {
        Keep {
            anchor: Some(id),
            keep: Spacing::Room(room),
        }
    }

    /// An anchor that keeps the next `count` elements of content together.
    pub fn anchor_with_next(id: u32, count: usize) -> Keep {
        Keep {
            anchor: Some(id),
            keep: Spacing::WithNext(count),
        }
    }

    /// Keeps the next `count` elements of content together.
    pub fn with_next(count: usize) -> Keep {
        Keep {
            anchor: None,
            keep: Spacing::WithNext(count),
        }
    }
}

impl Element for Keep {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        if let Spacing::Room(room) = self.keep
            && area.height < room
            && !canvas.at_page_top()
        {
            return Rendered::DEFERRED;
        }
        if let Some(id) = self.anchor {
            canvas.place_anchor(id, area.y);
        }
        Rendered::done(0.0)
    }

    fn spacing(&self) -> Option<Spacing> {
        Some(self.keep)
    }
}

/// Padding around an element. It takes no room when nothing of the element
/// fits, so a table row that does not fit moves to the next page whole
/// instead of leaving an empty sliver behind.
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
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let [top, _, bottom, _] = self.margins;
        let inner = self.inner.render(canvas, area.inset(self.margins));
        if inner.height == 0.0 && inner.more {
            return inner;
        }
        Rendered {
            height: inner.height + top + bottom,
            more: inner.more,
        }
    }

    fn lead(&mut self, width: f64) -> f64 {
        let [top, right, bottom, left] = self.margins;
        top + bottom + self.inner.lead((width - left - right).max(0.0))
    }
}

/// A shaded box (background and maybe a bar on the left) around an element,
/// split with it across pages.
pub struct Boxed<E: Element> {
    inner: E,
    fill: Fill,
    padding: f64,
}

impl<E: Element> Boxed<E> {
    pub fn new(inner: E, fill: Fill, padding: f64) -> Boxed<E> {
        Boxed {
            inner,
            fill,
            padding,
        }
    }
}

impl<E: Element> Element for Boxed<E> {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let pad = self.padding;
        let mark = canvas.items.len();
        let inner = self
            .inner
            .render(canvas, area.inset([pad, pad, pad, pad + 1.0]));
        if inner.height == 0.0 && inner.more {
            return Rendered::DEFERRED;
        }
        let height = if inner.more {
            area.height
        } else {
            inner.height + 2.0 * pad
        };
        canvas.fill_under(mark, self.fill, Area { height, ..area });
        Rendered {
            height,
            more: inner.more,
        }
    }

    fn lead(&mut self, width: f64) -> f64 {
        let pad = self.padding;
        2.0 * pad + self.inner.lead((width - 2.0 * pad - 1.0).max(0.0))
    }
}

/// One item of a list: a marker (bullet or number) hanging in the indent.
pub struct ListItem<E: Element> {
    marker: Piece,
    indent: f64,
    inner: E,
    marker_drawn: bool,
}

impl<E: Element> ListItem<E> {
    pub fn new(marker: Piece, indent: f64, inner: E) -> Self {
        ListItem {
            marker,
            indent,
            inner,
            marker_drawn: false,
        }
    }
}

impl<E: Element> Element for ListItem<E> {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let result = self
            .inner
            .render(canvas, area.inset([0.0, 0.0, 0.0, self.indent]));
        if !self.marker_drawn && result.height > 0.0 {
            let look = self.marker.look;
            let marker = Fragment::measure(self.marker.text.clone(), look);
            // A marker wider than the indent ("2024.") starts at the edge.
            let x = (self.indent - marker.width - 1.5).max(0.0);
            draw_line(canvas, area.x + x, area.y, &[marker], look.line_height());
            self.marker_drawn = true;
        }
        Rendered {
            height: result.height,
            more: result.more,
        }
    }

    fn lead(&mut self, width: f64) -> f64 {
        self.inner.lead((width - self.indent).max(0.0))
    }
}

/// A thin horizontal rule in the middle of `height`.
pub struct Rule {
    /// Millimetres.
    pub height: f64,
    pub color: Rgb,
}

impl Element for Rule {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        if area.height < self.height {
            return Rendered::DEFERRED;
        }
        let y = area.y + self.height / 2.0;
        canvas.progress += 1;
        canvas.draw(Item::Line {
            from: (area.x, y),
            to: (area.x + area.width, y),
            color: self.color,
        });
        Rendered::done(self.height)
    }

    fn lead(&mut self, _: f64) -> f64 {
        self.height
    }
}

/// Ruled lines to write an answer on, continued on the next page if needed.
pub struct NoteLines {
    pub remaining: usize,
    /// Millimetres between lines.
    pub spacing: f64,
    pub color: Rgb,
}

impl Element for NoteLines {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered {
        let mut y = 0.0;
        while self.remaining > 0 && y + self.spacing <= area.height {
            y += self.spacing;
            canvas.draw(Item::Line {
                from: (area.x, area.y + y),
                to: (area.x + area.width, area.y + y),
                color: self.color,
            });
            self.remaining -= 1;
            canvas.progress += 1;
        }
        Rendered {
            height: y,
            more: self.remaining > 0,
        }
    }

    /// A handout keeps a question with all its lines.
    fn lead(&mut self, _: f64) -> f64 {
        self.remaining as f64 * self.spacing
    }
}

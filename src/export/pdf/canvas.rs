//! The page model and the layout protocol.
//!
//! Layout draws into one page at a time: a list of positioned items (runs of
//! text with face and colour, filled rectangles, lines, link areas). When the
//! page is full the writer turns it into a content stream and it is dropped,
//! so memory follows the document, not the number of pages. Positions are in
//! millimetres from the page's top-left corner; the writer converts them.
//!
//! An [`Element`] renders into the room left on the current page and says how
//! much it used and whether it has more for the next page; the elements that
//! make a book (text, code, tables, boxes, lists) all follow that protocol.

use super::fonts::FaceId;

/// An RGB colour as three bytes.
pub type Rgb = (u8, u8, u8);

pub const BLACK: Rgb = (0, 0, 0);

/// How a box is painted: a background and an optional bar down its left edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fill {
    pub background: Rgb,
    pub bar: Option<Rgb>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Uri(String),
    Anchor(u32),
}

/// One thing drawn on a page. Text is positioned at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f64,
        baseline: f64,
        face: FaceId,
        size: f64,
        color: Rgb,
        text: String,
    },
    Fill {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        color: Rgb,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        color: Rgb,
    },
    Link {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        link: u32,
    },
    /// Leader dots along a baseline from `from` to `to`, one every `step`
    /// mm starting at `from` (the contents' dot leaders): one dashed stroke.
    Dots {
        from: f64,
        to: f64,
        baseline: f64,
        step: f64,
        color: Rgb,
    },
    /// An outline (a radical sign, a large delimiter), filled or stroked.
    Path {
        segments: Vec<Segment>,
        fill: bool,
        color: Rgb,
    },
}

/// One step of a path, in page millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    Move(f64, f64),
    Line(f64, f64),
    /// Two control points, then the end point.
    Cubic([(f64, f64); 3]),
    Close,
}

/// The room an element may use: a rectangle on the current page, in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Area {
    /// The area with margins taken off: top, right, bottom, left.
    pub fn inset(self, [top, right, bottom, left]: [f64; 4]) -> Area {
        Area {
            x: self.x + left,
            y: self.y + top,
            width: (self.width - left - right).max(0.0),
            height: (self.height - top - bottom).max(0.0),
        }
    }

    /// What is left below the first `height` of the area.
    pub fn below(self, height: f64) -> Area {
        Area {
            y: self.y + height,
            height: (self.height - height).max(0.0),
            ..self
        }
    }
}

/// What rendering into an area did: the height it used, and whether the
/// element has more to render on the next page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rendered {
    pub height: f64,
    pub more: bool,
}

impl Rendered {
    /// Nothing drawn here: all of it waits for the next page.
    pub const DEFERRED: Rendered = Rendered {
        height: 0.0,
        more: true,
    };

    pub fn done(height: f64) -> Rendered {
        Rendered {
            height,
            more: false,
        }
    }
}

pub trait Element {
    fn render(&mut self, canvas: &mut Canvas, area: Area) -> Rendered;

    /// The least height the element needs to start on a page at `width`:
    /// its first lines, as many as its widow and orphan rules let it leave
    /// at the foot of a page. What keeps a heading with what follows measures.
    fn lead(&mut self, _width: f64) -> f64 {
        0.0
    }

    /// What the element is when it is spacing or a keep rather than content.
    fn spacing(&self) -> Option<Spacing> {
        None
    }
}

/// Elements that draw nothing but shape the page around them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spacing {
    /// Empty space this tall.
    Gap(f64),
    /// At least this much room must be left here, else a new page.
    Room(f64),
    /// The next this many elements of content start on the same page: all
    /// of each but the last, and the last's lead.
    WithNext(usize),
}

/// The state of a layout pass: the page being drawn and what the pass learns.
#[derive(Debug, Default)]
pub struct Canvas {
    /// Set during the measuring pass, whose pages nobody reads: text is
    /// measured but not drawn.
    pub measuring: bool,
    /// 1-based number of the page being laid out.
    pub page: usize,
    /// Nothing but the running header and footer is on this page yet.
    pub page_blank: bool,
    /// Counts content consumed (lines, rows, rules, finished elements): a
    /// page that leaves it unchanged made no progress.
    pub progress: u64,
    /// Where each anchor was laid out: page and distance from the top (mm).
    pub anchors: Vec<Option<(usize, f64)>>,
    pub links: Vec<Target>,
    /// What is drawn on the current page, in painting order.
    pub items: Vec<Item>,
}

impl Canvas {
    pub fn new_anchor(&mut self) -> u32 {
        self.anchors.push(None);
        id(self.anchors.len())
    }

    pub fn new_link(&mut self, target: Target) -> u32 {
        self.links.push(target);
        id(self.links.len())
    }

    /// Whether nothing has been drawn on this page yet (but the running
    /// header and footer), so that deferring content to the next page would
    /// gain nothing and could go on forever.
    pub fn at_page_top(&self) -> bool {
        self.page_blank
    }

    /// Records where `anchor` landed, the first time it is rendered.
    pub fn place_anchor(&mut self, anchor: u32, y: f64) {
        let page = self.page;
        if let Some(slot @ None) = self.anchors.get_mut(anchor as usize) {
            *slot = Some((page, y));
        }
    }

    pub fn draw(&mut self, item: Item) {
        self.page_blank = false;
        if !self.measuring {
            self.items.push(item);
        }
    }

    /// Paints `fill` under everything drawn since `mark` (an earlier length
    /// of `items`), over `area`.
    pub fn fill_under(&mut self, mark: usize, fill: Fill, area: Area) {
        if self.measuring {
            return;
        }
        let rect = |color, width| Item::Fill {
            x: area.x,
            y: area.y,
            width,
            height: area.height,
            color,
        };
        let mut under = vec![rect(fill.background, area.width)];
        if let Some(bar) = fill.bar {
            under.push(rect(bar, BAR_WIDTH));
        }
        let mark = mark.min(self.items.len());
        self.items.splice(mark..mark, under);
    }
}

/// The width of the bar down a box's left edge (2 pt).
const BAR_WIDTH: f64 = 2.0 * super::fonts::MM_PER_PT;

/// Ids are indices.
fn id(len: usize) -> u32 {
    u32::try_from(len - 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fill_goes_under_what_it_surrounds() {
        let mut canvas = Canvas::default();
        let line = Item::Line {
            from: (0.0, 0.0),
            to: (1.0, 0.0),
            color: BLACK,
        };
        canvas.draw(line.clone());
        let mark = canvas.items.len();
        canvas.draw(line.clone());
        let fill = Fill {
            background: (1, 2, 3),
            bar: Some((4, 5, 6)),
        };
        let area = Area {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 5.0,
        };
        canvas.fill_under(mark, fill, area);
        assert_eq!(canvas.items.len(), 4);
        assert_eq!(canvas.items[0], line);
        assert!(matches!(
            canvas.items[1],
            Item::Fill {
                color: (1, 2, 3),
                ..
            }
        ));
        assert!(matches!(
            canvas.items[2],
            Item::Fill {
                color: (4, 5, 6),
                ..
            }
        ));
        assert_eq!(canvas.items[3], line);
    }

    #[test]
    fn an_anchor_keeps_its_first_place() {
        let mut canvas = Canvas {
            page: 3,
            ..Canvas::default()
        };
        let anchor = canvas.new_anchor();
        canvas.place_anchor(anchor, 20.0);
        canvas.page = 4;
        canvas.place_anchor(anchor, 0.0);
        assert_eq!(canvas.anchors[anchor as usize], Some((3, 20.0)));
    }
}

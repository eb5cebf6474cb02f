//! What the layout needs to know while genpdf renders it, shared by the page
//! decorator and the elements: the current page, where anchors landed (for the
//! table of contents and bookmarks), the boxes and links that marks refer to,
//! and which characters were set in which face (for the fonts' ToUnicode maps).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

pub type SharedLedger = Rc<RefCell<Ledger>>;

/// An RGB colour as three bytes.
pub type Rgb = (u8, u8, u8);

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

#[derive(Debug, Default)]
pub struct Ledger {
    /// Set during the measuring pass, whose pages nobody reads: text is
    /// measured and its characters recorded, but not drawn (drawing is most of
    /// that pass's time and memory).
    pub measuring: bool,
    /// 1-based number of the page being laid out.
    pub page: usize,
    /// No text has been set on this page yet (the page decorator sets it, and
    /// drawing a line of text clears it).
    pub page_blank: bool,
    /// The page each anchor was laid out on.
    pub anchor_pages: Vec<Option<usize>>,
    pub fills: Vec<Fill>,
    pub links: Vec<Target>,
    /// (font-cache index, character) for every character drawn.
    pub printed: BTreeSet<(usize, char)>,
}

impl Ledger {
    pub fn shared() -> SharedLedger {
        Rc::new(RefCell::new(Ledger::default()))
    }

    pub fn new_anchor(&mut self) -> u32 {
        self.anchor_pages.push(None);
        id(self.anchor_pages.len())
    }

    pub fn new_link(&mut self, target: Target) -> u32 {
        self.links.push(target);
        id(self.links.len())
    }

    pub fn new_box(&mut self, fill: Fill) -> u32 {
        self.fills.push(fill);
        id(self.fills.len())
    }

    /// Whether nothing has been set on this page yet, so that deferring content
    /// to the next page would gain nothing and could go on forever.
    pub fn at_page_top(&self) -> bool {
        self.page_blank
    }
}

/// Ids are indices; the mark encoding bounds them (see marks.rs).
fn id(len: usize) -> u32 {
    u32::try_from(len - 1)
        .unwrap_or(u32::MAX)
        .min(super::marks::MAX_ID)
}

//! The IR's blocks and inlines as layout elements: paragraphs and headings as
//! wrapped text, lists with hanging markers, framed tables, code in shaded
//! boxes with its tokens coloured, callouts and quotes in tinted boxes, math
//! in its Unicode form. Every string passes through `Setter::pieces`, which
//! picks a face that has each character or a visible substitute, and
//! remembers what it substituted.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::canvas::{Canvas, Element, Fill, Rgb, Target};
use super::code::{CodeLines, token_look};
use super::elements::{Boxed, Gap, Keep, ListItem, Rule, Stack};
use super::fonts::MUTED;
use super::text::{Look, Piece, RichText, fit};
use crate::highlight::Highlights;
use crate::ir::blocks::plain_text;
use crate::ir::{Block, Inline};
use crate::render::html::{self, capitalised, is_linkable};
use crate::render::raw_html;

/// Links a PDF can follow: absolute ones only.
const PDF_LINKS: html::Options<'static> = html::Options {
    links: html::Links::Absolute,
    images: false,
    heading_floor: 1,
    fold_callouts: false,
    code: html::CodeStyle::Plain,
    table_style: None,
    cell_style: None,
    callout_style: None,
    math: html::MathAs::Tex,
};

pub const BODY: Look = Look::sans(10);
pub const CODE: Look = Look::sans(8).mono();
pub const LINK: Rgb = (0x1A, 0x56, 0xDB);
pub const CODE_FILL: Fill = Fill {
    background: (0xF2, 0xF3, 0xF5),
    bar: None,
};
const QUOTE_FILL: Fill = Fill {
    background: (0xF7, 0xF7, 0xF7),
    bar: Some((0xB0, 0xB0, 0xB0)),
};
pub const RULE: Rgb = (0xB0, 0xB0, 0xB0);
pub const HEADER_FILL: Fill = Fill {
    background: (0xEE, 0xEF, 0xF2),
    bar: None,
};
const PARAGRAPH_GAP: f64 = 2.2;
/// A box's padding, top and bottom (mm).
const BOX_PADDING: f64 = 4.0;
const INDENT: f64 = 6.0;
/// Lists, quotes and callouts inside this many others are set without their
/// own indent or box: deeper nesting would squeeze the text column to
/// nothing (every level takes 4 to 6 mm of a 170 mm line).
const VISUAL_DEPTH: usize = 8;

/// Turns IR content into elements. The canvas it holds is the one layout
/// then renders with: links and anchors made here are its entries.
pub struct Setter<'d> {
    pub canvas: Canvas,
    pub highlights: &'d Highlights,
    /// Characters no bundled font has and that have no faithful equivalent,
    /// with how often each was printed as its code point.
    pub substituted: BTreeMap<char, usize>,
    /// Formulas that could not be typeset (printed in their Unicode form),
    /// with how often.
    pub unset_math: BTreeMap<String, usize>,
    /// Lists, quotes and callouts around the block being set.
    pub nesting: usize,
}

impl Setter<'_> {
    /// `text` as pieces in `look`, each character in a face that has it.
    pub fn pieces(&mut self, text: &str, look: Look, link: Option<u32>, out: &mut Vec<Piece>) {
        let substituted = &mut self.substituted;
        let count = |c: char| *substituted.entry(c).or_insert(0) += 1;
        fit(text, look, link, out, count);
    }

    /// A plain-text field (a title, a tag) as it shows: markup removed.
    pub fn plain(&mut self, text: &str, look: Look) -> RichText {
        self.text(&raw_html::visible_text(text), look)
    }

    pub fn text(&mut self, text: &str, look: Look) -> RichText {
        let mut pieces = Vec::new();
        self.pieces(text, look, None, &mut pieces);
        self.rich(pieces)
    }

    pub fn rich(&self, pieces: Vec<Piece>) -> RichText {
        RichText::new(pieces)
    }

    /// A link to `url` when a PDF can follow it: safe and absolute (a relative
    /// link has no page to resolve against), as URI actions want it: ASCII.
    pub fn link(&mut self, url: &str) -> Option<u32> {
        if !is_linkable(url, PDF_LINKS) {
            return None;
        }
        let uri = url::Url::parse(url.trim()).map_or_else(|_| url.trim().to_string(), String::from);
        uri.is_ascii()
            .then(|| self.canvas.new_link(Target::Uri(uri)))
    }

    pub fn inlines(
        &mut self,
        inlines: &[Inline],
        look: Look,
        link: Option<u32>,
        out: &mut Vec<Piece>,
    ) {
        for inline in raw_html::shown_inlines(inlines) {
            match inline {
                Inline::Text { text } => self.pieces(text, look, link, out),
                Inline::Code { text } => {
                    let code = Look {
                        size: look.size.saturating_sub(1).max(6),
                        ..look.mono()
                    };
                    self.pieces(text, code, link, out)
                }
                Inline::Math { text, display } => match super::math::typeset(text, *display) {
                    Some(formula) => out.push(Piece::formula(Rc::new(formula), look, link)),
                    None => {
                        // Never the TeX: its readable form, and a warning.
                        *self.unset_math.entry(text.clone()).or_insert(0) += 1;
                        let math = crate::math::to_unicode(text);
                        self.pieces(&math, look.italic(), link, out)
                    }
                },
                Inline::Emphasis { inlines } => self.inlines(inlines, look.italic(), link, out),
                Inline::Strong { inlines } => self.inlines(inlines, look.bold(), link, out),
                Inline::Strikethrough { inlines } => {
                    self.inlines(inlines, look.colored(MUTED), link, out)
                }
                Inline::Link { url, inlines, .. } => {
                    let target = self.link(url);
                    let look = if target.is_some() {
                        look.colored(LINK)
                    } else {
                        look
                    };
                    self.inlines(inlines, look, target.or(link), out)
                }
                Inline::Image { url, alt } => {
                    let target = self.link(url);
                    self.pieces(&format!("[image: {alt}]"), look.colored(MUTED), target, out)
                }
                Inline::Html { raw: html } => {
                    self.pieces(raw_html::inline_text(html), look, link, out)
                }
                Inline::SoftBreak => self.pieces(" ", look, link, out),
                Inline::LineBreak => self.pieces("\n", look, link, out),
            }
        }
    }

    pub fn paragraph(&mut self, inlines: &[Inline], look: Look) -> RichText {
        let mut pieces = Vec::new();
        self.inlines(inlines, look, None, &mut pieces);
        self.rich(pieces)
    }

    pub fn boxed<E: Element>(&self, inner: E, fill: Fill) -> Boxed<E> {
        Boxed::new(inner, fill, BOX_PADDING / 2.0)
    }

    /// A shaded box with a bold title, which moves to the next page rather
    /// than leave its title alone at the foot of one.
    pub fn titled_box(&mut self, title: &str, blocks: &[Block], fill: Fill) -> Boxed<Stack> {
        let mut inner = Stack::new();
        inner.push(Keep::with_next(2));
        inner.push(self.text(title, BODY.bold()));
        inner.push(Gap(1.0));
        inner.push(self.blocks(blocks));
        self.boxed(inner, fill)
    }

    /// A code block in its box, its tokens coloured when it was highlighted.
    pub fn code(&mut self, language: Option<&str>, text: &str) -> Boxed<CodeLines> {
        let mut pieces = Vec::new();
        let runs = self.highlights.get(language, text).unwrap_or_default();
        let mut at = 0;
        for run in runs {
            let (start, end) = (run.start as usize, run.end as usize);
            let (Some(gap), Some(token)) = (text.get(at..start), text.get(start..end)) else {
                continue;
            };
            self.pieces(gap, CODE, None, &mut pieces);
            self.pieces(token, token_look(CODE, run.class), None, &mut pieces);
            at = end;
        }
        self.pieces(text.get(at..).unwrap_or_default(), CODE, None, &mut pieces);
        // An emoji takes two cells of the code's grid; at the code's size
        // Noto Emoji is a little wider than that and would touch the next
        // character.
        for piece in pieces.iter_mut().filter(|p| p.look.emoji) {
            piece.look.size = CODE.size - 1;
        }
        self.boxed(CodeLines::new(pieces, CODE), CODE_FILL)
    }

    /// Blocks stacked with paragraph spacing.
    pub fn blocks(&mut self, blocks: &[Block]) -> Stack {
        let mut layout = Stack::new();
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                layout.push(Gap(PARAGRAPH_GAP));
            }
            // What introduces the next block moves to the next page with
            // the first lines of it (a label that ends an answer, with the
            // insight box the caller puts after it).
            if introduces_next(block) {
                layout.push(Keep::with_next(2));
            }
            self.block(block, &mut layout);
        }
        layout
    }

    fn block(&mut self, block: &Block, layout: &mut Stack) {
        if self.nesting >= VISUAL_DEPTH && self.flat_container(block, layout) {
            return;
        }
        self.nesting += 1;
        self.nested_block(block, layout);
        self.nesting -= 1;
    }

    /// A list, quote or callout at [`VISUAL_DEPTH`], set in `layout` itself:
    /// no indent, no box, no new level of elements. False for other blocks.
    fn flat_container(&mut self, block: &Block, layout: &mut Stack) -> bool {
        match block {
            Block::Quote { blocks } => self.push_flat(blocks, layout),
            Block::Callout {
                kind,
                title,
                blocks,
                ..
            } => {
                layout.push(self.text(&callout_title(kind, title), BODY.bold()));
                self.push_flat(blocks, layout);
            }
            Block::List { items, .. } => {
                for item in items {
                    layout.push(self.text("\u{2022}", BODY));
                    self.push_flat(&item.blocks, layout);
                }
            }
            _ => return false,
        }
        true
    }

    fn push_flat(&mut self, blocks: &[Block], layout: &mut Stack) {
        for block in blocks {
            layout.push(Gap(PARAGRAPH_GAP));
            self.block(block, layout);
        }
    }

    fn nested_block(&mut self, block: &Block, layout: &mut Stack) {
        match block {
            Block::Paragraph { inlines } if is_display_math(inlines) => {
                layout.push(self.paragraph(inlines, BODY).centred())
            }
            Block::Paragraph { inlines } => layout.push(self.paragraph(inlines, BODY)),
            Block::Heading { level, inlines } => {
                let size = match level {
                    0..=3 => 12,
                    4 => 11,
                    _ => 10,
                };
                layout.push(Gap(1.0));
                layout.push(self.paragraph(inlines, Look::sans(size).bold()));
            }
            Block::List {
                ordered,
                start,
                items,
                ..
            } => {
                let first = start.unwrap_or(1);
                for (n, item) in items.iter().enumerate() {
                    let marker = match (ordered, item.checked) {
                        (_, Some(true)) => "\u{2611}".to_string(),
                        (_, Some(false)) => "\u{2610}".to_string(),
                        (true, None) => format!("{}.", first.saturating_add(n as u64)),
                        (false, None) => "\u{2022}".to_string(),
                    };
                    let inner = self.blocks(&item.blocks);
                    let marker = Piece::new(marker, BODY);
                    if is_penultimate(n, items.len()) {
                        layout.push(Keep::with_next(2));
                    }
                    layout.push(ListItem::new(marker, INDENT, inner));
                    if n + 1 < items.len() {
                        layout.push(Gap(1.0));
                    }
                }
            }
            Block::Table { header, rows, .. } => layout.push(self.table(header, rows)),
            Block::Code { language, text, .. } => layout.push(self.code(language.as_deref(), text)),
            Block::Callout {
                kind,
                title,
                blocks,
                ..
            } => {
                let title = callout_title(kind, title);
                layout.push(self.titled_box(&title, blocks, callout_fill(kind)));
            }
            Block::Quote { blocks } => {
                let inner = self.blocks(blocks);
                layout.push(self.boxed(inner, QUOTE_FILL));
            }
            // Comments are the author's notes to themselves, not content.
            Block::Html { raw: html } => {
                let text = raw_html::block_text(html);
                if !text.is_empty() {
                    layout.push(self.text(&text, BODY));
                }
            }
            Block::Rule => layout.push(Rule {
                height: 4.0,
                color: RULE,
            }),
        }
    }
}

/// Whether item `n` of `len` is the one before the last: it keeps the last
/// item with it, so that a list never leaves its last item alone on a page.
pub fn is_penultimate(n: usize, len: usize) -> bool {
    len >= 3 && n + 2 == len
}

/// A paragraph that is one display formula (`$$…$$`), maybe with spaces
/// and line breaks around it: it is centred.
fn is_display_math(inlines: &[Inline]) -> bool {
    let mut shown = inlines.iter().filter(|inline| match inline {
        Inline::SoftBreak | Inline::LineBreak => false,
        Inline::Text { text } => !text.trim().is_empty(),
        _ => true,
    });
    matches!(shown.next(), Some(Inline::Math { display: true, .. })) && shown.next().is_none()
}

/// Headings, and short paragraphs that are a bold label or end in a colon
/// ("**Strong answer signals:**"), belong with the block after them.
fn introduces_next(block: &Block) -> bool {
    match block {
        Block::Heading { .. } => true,
        Block::Paragraph { inlines } => {
            let text = plain_text(inlines);
            let label = matches!(inlines.as_slice(), [Inline::Strong { .. }]);
            text.chars().count() <= 120 && (label || text.trim_end().ends_with(':'))
        }
        _ => false,
    }
}

/// Tints of MkDocs Material's admonition colours.
/// An admonition's title as it shows (markup removed), or its kind.
fn callout_title(kind: &str, title: &Option<String>) -> String {
    match title {
        Some(title) => raw_html::visible_text(title).into_owned(),
        None => capitalised(kind),
    }
}

fn callout_fill(kind: &str) -> Fill {
    let (background, bar) = match kind.to_ascii_lowercase().as_str() {
        "warning" | "caution" | "attention" => ((0xFF, 0xF4, 0xE5), (0xFF, 0x91, 0x00)),
        "danger" | "error" | "failure" | "bug" => ((0xFD, 0xEC, 0xEC), (0xE5, 0x39, 0x35)),
        "tip" | "hint" | "success" | "check" | "done" => ((0xE8, 0xF5, 0xE9), (0x43, 0xA0, 0x47)),
        "question" | "help" | "faq" => ((0xF1, 0xF8, 0xE9), (0x64, 0xDD, 0x17)),
        "example" => ((0xF3, 0xE5, 0xF5), (0x7C, 0x4D, 0xFF)),
        "quote" | "cite" => ((0xF5, 0xF5, 0xF5), (0x9E, 0x9E, 0x9E)),
        _ => ((0xE8, 0xF0, 0xFE), (0x44, 0x8A, 0xFF)),
    };
    Fill {
        background,
        bar: Some(bar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_headings_introduce_what_follows() {
        let text = |t: &str| Inline::Text { text: t.into() };
        let paragraph = |inlines| Block::Paragraph { inlines };
        let strong = Inline::Strong {
            inlines: vec![text("Strong answer signals")],
        };
        assert!(introduces_next(&paragraph(vec![strong])));
        assert!(introduces_next(&paragraph(vec![text("Example:")])));
        assert!(!introduces_next(&paragraph(vec![text("A sentence.")])));
        assert!(!introduces_next(&paragraph(vec![
            text(&"long ".repeat(40)),
            text(":")
        ])));
        assert!(introduces_next(&Block::Heading {
            level: 4,
            inlines: vec![text("Why")]
        }));
    }
}

//! Paper sizes and the page decorator: margins, the running header (the
//! document's title) and the footer (`Page X of Y`) on every page but the
//! cover. It also counts pages for the ledger.

use genpdf::error::Error;
use genpdf::render::Area;
use genpdf::style::Style;
use genpdf::{Context, Margins, Mm, PageDecorator, Position, Size};

use super::fonts::MUTED;
use super::ledger::SharedLedger;
use super::text::{Faces, Fragment, Look, Piece, draw_line, fit};

/// The paper a PDF is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn size(self) -> Size {
        match self {
            Paper::A4 => Size::new(210, 297),
            Paper::Letter => Size::new(215.9, 279.4),
        }
    }
}

const MARGIN: f64 = 18.0;
const HEADER: f64 = 10.0;
const FOOTER: f64 = 10.0;
const RUNNING: Look = Look::sans(8).colored(MUTED);

pub struct Pages {
    pub title: String,
    /// The page count learnt by the measuring pass; unknown during it.
    pub total: Option<usize>,
    pub faces: Faces,
    pub ledger: SharedLedger,
}

impl Pages {
    fn draw(
        &self,
        area: &Area<'_>,
        context: &Context,
        at: Position,
        line: &[Fragment],
    ) -> Result<(), Error> {
        let height = RUNNING.style(&self.faces).line_height(&context.font_cache);
        draw_line(area, context, &self.ledger, &self.faces, at, line, height)
    }

    /// The title as measured fragments (in faces that have its characters),
    /// shortened with an ellipsis to fit `width`.
    fn fitted_title(&self, context: &Context, width: Mm) -> Vec<Fragment> {
        let cache = &context.font_cache;
        let measure = |text: &str| -> Vec<Fragment> {
            let mut pieces = Vec::new();
            fit(cache, &self.faces, text, RUNNING, None, &mut pieces, |_| {});
            let to_fragment = |p: Piece| Fragment::measure(context, &self.faces, p.text, p.look);
            pieces.into_iter().map(to_fragment).collect()
        };
        let width_of = |line: &[Fragment]| line.iter().fold(Mm::from(0.0), |w, f| w + f.width);
        let full = measure(&self.title);
        if width_of(&full) <= width {
            return full;
        }
        let mut kept = self.title.clone();
        while kept.pop().is_some() {
            let shortened = measure(&format!("{}\u{2026}", kept.trim_end()));
            if width_of(&shortened) <= width {
                return shortened;
            }
        }
        Vec::new()
    }
}

impl PageDecorator for Pages {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        _style: Style,
    ) -> Result<Area<'a>, Error> {
        let page = {
            let mut ledger = self.ledger.borrow_mut();
            ledger.page += 1;
            ledger.page
        };
        area.add_margins(Margins::trbl(MARGIN, MARGIN, MARGIN - 4.0, MARGIN));
        if page > 1 {
            let width = area.size().width;
            let title = self.fitted_title(context, width);
            self.draw(&area, context, Position::new(0, 0), &title)?;
            let rule = Mm::from(HEADER - 4.0);
            let line = vec![Position::new(0, rule), Position::new(width, rule)];
            area.draw_line(line, Style::new().with_color(MUTED));
            // "?" keeps the measuring pass's footer as wide as the real one's.
            let total = self
                .total
                .map_or_else(|| "?".repeat(page.to_string().len()), |t| t.to_string());
            let footer = format!("Page {page} of {total}");
            let footer = Fragment::measure(context, &self.faces, footer, RUNNING);
            let y = area.size().height - Mm::from(FOOTER - 5.0);
            let x = (width - footer.width) / 2.0;
            self.draw(&area, context, Position::new(x, y), &[footer])?;
            area.add_margins(Margins::trbl(HEADER, 0, FOOTER, 0));
        }
        // The header and footer are not the page's content.
        self.ledger.borrow_mut().page_blank = true;
        Ok(area)
    }
}

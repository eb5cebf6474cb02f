//! Paper sizes and what every page but the cover carries: margins, the running
//! header (the document's title, shortened to fit) and the footer
//! (`Page X of Y`).

use super::canvas::{Area, Canvas, Item};
use super::fonts::MUTED;
use super::look::{Fragment, Look, Piece, draw_line, fit};

/// The paper a PDF is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

const MARGIN: f64 = 18.0;
const HEADER: f64 = 10.0;
const FOOTER: f64 = 10.0;
const RUNNING: Look = Look::sans(8).colored(MUTED);
/// Characters of the title the running header considers.
const MAX_TITLE: usize = 400;

/// The running header and footer of one book.
pub struct Pages {
    /// The title as fragments that fit the header, measured once.
    title: Vec<Fragment>,
    /// The page count learnt by the measuring pass; unknown during it.
    pub total: Option<usize>,
    paper: Paper,
}

impl Pages {
    pub fn new(title: &str, total: Option<usize>, paper: Paper) -> Pages {
        let width = paper.size().0 - 2.0 * MARGIN;
        Pages {
            title: fitted(title, width),
            total,
            paper,
        }
    }

    /// Starts page `canvas.page` and returns the area its content may use.
    pub fn decorate(&self, canvas: &mut Canvas) -> Area {
        let (width, height) = self.paper.size();
        let mut area = Area {
            x: 0.0,
            y: 0.0,
            width,
            height,
        }
        .inset([MARGIN, MARGIN, MARGIN - 4.0, MARGIN]);
        let page = canvas.page;
        if page > 1 {
            let line_height = RUNNING.line_height();
            draw_line(canvas, area.x, area.y, &self.title, line_height);
            let rule = area.y + HEADER - 4.0;
            canvas.draw(Item::Line {
                from: (area.x, rule),
                to: (area.x + area.width, rule),
                color: MUTED,
            });
            // "?" keeps the measuring pass's footer as wide as the real one's.
            let total = self
                .total
                .map_or_else(|| "?".repeat(page.to_string().len()), |t| t.to_string());
            let footer = Fragment::measure(format!("Page {page} of {total}"), RUNNING);
            let y = area.y + area.height - (FOOTER - 5.0);
            let x = area.x + (area.width - footer.width) / 2.0;
            draw_line(canvas, x, y, &[footer], line_height);
            area = area.inset([HEADER, 0.0, FOOTER, 0.0]);
        }
        // The header and footer are not the page's content.
        canvas.page_blank = true;
        area
    }
}

/// `title` as measured fragments (in faces that have its characters),
/// shortened with an ellipsis to fit `width`.
fn fitted(title: &str, width: f64) -> Vec<Fragment> {
    let measure = |text: &str| -> Vec<Fragment> {
        let mut pieces = Vec::new();
        fit(text, RUNNING, None, &mut pieces, |_| {});
        let to_fragment = |p: Piece| Fragment::measure(p.text, p.look);
        pieces.into_iter().map(to_fragment).collect()
    };
    let width_of = |line: &[Fragment]| line.iter().map(|f| f.width).sum::<f64>();
    // No header shows more than a few hundred characters: shortening a
    // longer title one character at a time would take quadratic time.
    let title = match title.char_indices().nth(MAX_TITLE) {
        Some((at, _)) => &title[..at],
        None => title,
    };
    let full = measure(title);
    if width_of(&full) <= width {
        return full;
    }
    let mut kept = title.to_string();
    while kept.pop().is_some() {
        let shortened = measure(&format!("{}\u{2026}", kept.trim_end()));
        if width_of(&shortened) <= width {
            return shortened;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_is_shortened_with_an_ellipsis() {
        let short = fitted("Python", 100.0);
        assert_eq!(short[0].text, "Python");
        let long = fitted(&"Word ".repeat(100_000), 100.0);
        let text: String = long.iter().map(|f| f.text.as_str()).collect();
        assert!(text.ends_with('\u{2026}'), "{text}");
        assert!(long.iter().map(|f| f.width).sum::<f64>() <= 100.0);
    }
}

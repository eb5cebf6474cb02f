//! Invisible marks that the layout leaves in the page content for the post-pass.
//!
//! genpdf keeps the absolute position of an area to itself and cannot fill a
//! rectangle, attach a link or record a destination. What it can do is stroke a
//! line in a colour, and the line's end points land in the content stream in
//! page coordinates. So the layout strokes short lines in CMYK colours that
//! nothing else in a qbank PDF uses, encoding a kind and an id in the four
//! channels (in hundredths: printpdf writes colours with two decimals); the post-pass (post.rs) reads their coordinates, removes them and
//! puts in their place what they stand for: a shaded box, a link rectangle or a
//! bookmark destination.

use genpdf::Position;
use genpdf::render::Area;
use genpdf::style::{Color, Style};

/// What a mark stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Top-left corner of a shaded box's part on this page.
    BoxStart = 1,
    /// Bottom-right corner of the same part.
    BoxEnd = 2,
    /// A link's rectangle, from its top-left to its bottom-right corner.
    Link = 3,
    /// A destination (the top of a question) for bookmarks and internal links.
    Anchor = 4,
}

/// The largest id a mark can carry: three channels of a hundred levels each.
pub const MAX_ID: u32 = 999_999;

impl MarkKind {
    fn from_channel(value: u8) -> Option<MarkKind> {
        Some(match value {
            1 => MarkKind::BoxStart,
            2 => MarkKind::BoxEnd,
            3 => MarkKind::Link,
            4 => MarkKind::Anchor,
            _ => return None,
        })
    }
}

/// Strokes the mark `kind`/`id` from `from` to `to` (relative to `area`).
pub fn draw(area: &Area<'_>, kind: MarkKind, id: u32, from: Position, to: Position) {
    debug_assert!(id <= MAX_ID);
    // genpdf scales channels from 0-255 to 0-1; printpdf prints two decimals.
    let channel = |hundredths: u32| (hundredths as f64 * 2.55).round() as u8;
    let colour = Color::Cmyk(
        channel(kind as u32),
        channel(id / 10_000 % 100),
        channel(id / 100 % 100),
        channel(id % 100),
    );
    area.draw_line(vec![from, to], Style::new().with_color(colour));
}

/// The kind and id encoded in the operands of a `K` (CMYK stroke colour) operator.
pub fn decode(channels: &[f64]) -> Option<(MarkKind, u32)> {
    let [kind, high, middle, low] = channels else {
        return None;
    };
    let level = |v: f64| -> Option<u32> {
        let scaled = (v * 100.0).round();
        ((0.0..=99.0).contains(&scaled)).then_some(scaled as u32)
    };
    let kind = MarkKind::from_channel(level(*kind)? as u8)?;
    let id = level(*high)? * 10_000 + level(*middle)? * 100 + level(*low)?;
    Some((kind, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_round_trip_through_the_two_decimals_printpdf_writes() {
        let every_digit = (0..100).map(|d| d * 10_101);
        for id in every_digit.chain([1, 99, 100, 65_535, 70_001, MAX_ID]) {
            let digits = [3, id / 10_000 % 100, id / 100 % 100, id % 100];
            // What genpdf passes on (byte / 255), printed with two decimals.
            let floats: Vec<f64> = digits
                .iter()
                .map(|&d| {
                    let byte = (d as f64 * 2.55).round();
                    format!("{:.2}", byte / 255.0).parse().unwrap()
                })
                .collect();
            assert_eq!(decode(&floats), Some((MarkKind::Link, id)), "{floats:?}");
        }
        assert_eq!(decode(&[0.5, 0.0, 0.0]), None);
        assert_eq!(decode(&[0.0, 0.0, 0.0, 1.0]), None, "kind 0 is not a mark");
    }
}

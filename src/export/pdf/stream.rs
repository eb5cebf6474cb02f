//! A page's content stream: the page model's items as PDF operators.
//!
//! Written by hand rather than with pdf-writer's `Content`, for size: a
//! bank's pages are mostly text runs, and each run's operands are written
//! compactly (coordinates to a hundredth of a point, colours to three
//! decimals, glyph ids as hex), and the font, colour and text object carry
//! over from one run to the next when they do not change.

use std::io::Write;

use super::canvas::{Item, Rgb, Segment};
use super::fonts::{self, FACE_COUNT, FaceId, MM_PER_PT};

/// The largest coordinate written, in points (no page is 32,767 points).
const LIMIT: f64 = 32_767.0;

/// Stroke width of rules and table borders, in points.
const LINE_WIDTH: f64 = 0.6;
/// The diameter of a leader dot, in points.
const DOT: f64 = 1.0;

/// What painting a page produced besides its operators.
#[derive(Default)]
pub struct Painted {
    pub content: Vec<u8>,
    /// Which faces the page draws with.
    pub faces: [bool; FACE_COUNT],
    /// Link areas: rectangle in points (x0, y0, x1, y1) and link id.
    pub links: Vec<([f32; 4], u32)>,
}

/// Paints `items` on a page `height` mm tall; `encode` turns a run of text
/// into the glyph ids of its face's subset, two bytes each.
pub fn paint(
    items: &[Item],
    height: f64,
    mut encode: impl FnMut(FaceId, &str) -> Vec<u8>,
) -> Painted {
    let mut painter = Painter {
        out: Vec::with_capacity(16 * 1024),
        height,
        state: State::default(),
    };
    let mut painted = Painted::default();
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                face,
                size,
                color,
                text,
            } => {
                painted.faces[usize::from(*face).min(FACE_COUNT - 1)] = true;
                let glyphs = encode(*face, text);
                let width = fonts::face(*face).width(text, *size);
                painter.text(*face, *size, *color, (*x, *baseline), width, &glyphs);
            }
            Item::Fill {
                x,
                y,
                width,
                height,
                color,
            } => painter.fill(*color, [*x, *y, *width, *height]),
            Item::Line { from, to, color } => painter.line(*color, *from, *to),
            Item::Dots {
                from,
                to,
                baseline,
                step,
                color,
            } => painter.dots(*color, *from, *to, *baseline, *step),
            Item::Path {
                segments,
                fill,
                color,
            } => painter.path(segments, *fill, *color),
            Item::Link {
                x,
                y,
                width,
                height,
                link,
            } => {
                let [x0, x1] = [*x, x + width].map(|v| pt(v) as f32);
                let [top, bottom] = [*y, y + height].map(|v| painter.y(v) as f32);
                painted.links.push(([x0, bottom, x1, top], *link));
            }
        }
    }
    painter.end_text();
    painted.content = painter.out;
    painted
}

/// Points from millimetres.
pub fn pt(mm: f64) -> f64 {
    mm / MM_PER_PT
}

/// The graphics state the stream is in, so that nothing is set twice.
#[derive(Default)]
struct State {
    in_text: bool,
    /// Where the current text line starts (`Td` moves relative to it), and
    /// where the last run ended: a run that starts there needs no move.
    line_start: (f64, f64),
    pen: Option<(f64, f64)>,
    font: Option<(FaceId, u32)>,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width_set: bool,
}

struct Painter {
    out: Vec<u8>,
    /// The page's height in mm: PDF's y axis points up.
    height: f64,
    state: State,
}

impl Painter {
    fn y(&self, y: f64) -> f64 {
        pt(self.height - y)
    }

    /// A number to a hundredth, without trailing zeros, within the range
    /// PDF readers accept for coordinates (NaN, which layout never makes, as 0).
    fn num(&mut self, value: f64) {
        let value = if value.is_nan() {
            0.0
        } else {
            value.clamp(-LIMIT, LIMIT)
        };
        self.fixed((value * 100.0).round() as i64, 2);
    }

    /// `scaled` / 10^`places`, with trailing zeros (and a bare point) left out.
    fn fixed(&mut self, scaled: i64, places: u32) {
        let sign = if scaled < 0 { "-" } else { "" };
        let unit = 10u64.pow(places);
        let (whole, mut frac) = (scaled.unsigned_abs() / unit, scaled.unsigned_abs() % unit);
        let _ = write!(self.out, "{sign}{whole}");
        if frac != 0 {
            let mut digits = places as usize;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            let _ = write!(self.out, ".{frac:0digits$}");
        }
        self.out.push(b' ');
    }

    fn op(&mut self, operator: &str) {
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    fn color(&mut self, (r, g, b): Rgb, stroke: bool) {
        for c in [r, g, b] {
            // Three decimals tell every byte apart.
            let thousandths = (u32::from(c) * 1000 + 127) / 255;
            self.fixed(i64::from(thousandths), 3);
        }
        self.op(if stroke { "RG" } else { "rg" });
    }

    fn set_fill(&mut self, color: Rgb) {
        if self.state.fill != Some(color) {
            self.color(color, false);
            self.state.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, color: Rgb) {
        if self.state.stroke != Some(color) {
            self.color(color, true);
            self.state.stroke = Some(color);
        }
    }

    fn end_text(&mut self) {
        if self.state.in_text {
            self.op("ET");
            self.state.in_text = false;
        }
    }

    /// A run of glyphs with its left end at `x` on `baseline` (mm), `width`
    /// mm wide. Runs follow each other on a line without a move: the text
    /// position advances by the glyphs' widths, which are the layout's.
    fn text(
        &mut self,
        face: FaceId,
        size: f64,
        color: Rgb,
        (x, baseline): (f64, f64),
        width: f64,
        glyphs: &[u8],
    ) {
        if !self.state.in_text {
            self.op("BT");
            self.state.in_text = true;
            self.state.line_start = (0.0, 0.0);
            self.state.pen = None;
        }
        let size_key = (size * 100.0).round() as u32;
        if self.state.font != Some((face, size_key)) {
            let _ = write!(self.out, "/F{face} ");
            self.num(size);
            self.op("Tf");
            self.state.font = Some((face, size_key));
        }
        self.set_fill(color);
        let at = (pt(x), self.y(baseline));
        let here = self
            .state
            .pen
            .is_some_and(|(px, py)| (px - at.0).abs() < 0.005 && (py - at.1).abs() < 0.005);
        if !here {
            let (lx, ly) = self.state.line_start;
            self.num(at.0 - lx);
            self.num(at.1 - ly);
            self.op("Td");
            // Td moves by what was written, rounded: follow the rounding.
            let rounded = |v: f64| (v * 100.0).round() / 100.0;
            self.state.line_start = (lx + rounded(at.0 - lx), ly + rounded(at.1 - ly));
        }
        self.string(glyphs);
        self.out.extend_from_slice(b"Tj\n");
        let start = if here {
            self.state.pen.unwrap_or(at)
        } else {
            self.state.line_start
        };
        self.state.pen = Some((start.0 + pt(width), start.1));
    }

    /// A literal string of the raw glyph bytes: half the size of hex. Only
    /// the delimiters, the escape and CR (which a reader would read as LF)
    /// are escaped.
    fn string(&mut self, glyphs: &[u8]) {
        self.out.push(b'(');
        for &byte in glyphs {
            match byte {
                b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', byte]),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                _ => self.out.push(byte),
            }
        }
        self.out.push(b')');
    }

    fn fill(&mut self, color: Rgb, [x, y, width, height]: [f64; 4]) {
        self.end_text();
        self.set_fill(color);
        let bottom = self.y(y + height);
        for v in [pt(x), bottom, pt(width), pt(height)] {
            self.num(v);
        }
        self.op("re f");
    }

    fn line(&mut self, color: Rgb, from: (f64, f64), to: (f64, f64)) {
        self.end_text();
        self.set_stroke(color);
        if !self.state.line_width_set {
            self.num(LINE_WIDTH);
            self.op("w");
            self.state.line_width_set = true;
        }
        let (y0, y1) = (self.y(from.1), self.y(to.1));
        self.num(pt(from.0));
        self.num(y0);
        self.op("m");
        self.num(pt(to.0));
        self.num(y1);
        self.op("l S");
    }

    /// Round caps on zero-length dashes are dots.
    fn dots(&mut self, color: Rgb, from: f64, to: f64, baseline: f64, step: f64) {
        self.end_text();
        self.op("q");
        self.color(color, true);
        self.num(DOT);
        self.op("w 1 J");
        self.out.extend_from_slice(b"[0 ");
        self.num(pt(step));
        self.op("] 0 d");
        let y = self.y(baseline) + DOT / 2.0;
        self.num(pt(from));
        self.num(y);
        self.op("m");
        self.num(pt(to) + 0.01);
        self.num(y);
        self.op("l S Q");
    }

    fn path(&mut self, segments: &[Segment], fill: bool, color: Rgb) {
        self.end_text();
        if fill {
            self.set_fill(color);
        } else {
            self.set_stroke(color);
        }
        for segment in segments {
            match *segment {
                Segment::Move(x, y) | Segment::Line(x, y) => {
                    let y = self.y(y);
                    self.num(pt(x));
                    self.num(y);
                    self.op(if matches!(segment, Segment::Move(..)) {
                        "m"
                    } else {
                        "l"
                    });
                }
                Segment::Cubic(points) => {
                    for (x, y) in points {
                        let y = self.y(y);
                        self.num(pt(x));
                        self.num(y);
                    }
                    self.op("c");
                }
                Segment::Close => self.op("h"),
            }
        }
        self.op(if fill { "f" } else { "S" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn painted(items: &[Item]) -> String {
        let painted = paint(items, 100.0 * MM_PER_PT, |_, text| {
            text.chars()
                .flat_map(|c| (c as u16).to_be_bytes())
                .collect()
        });
        String::from_utf8_lossy(&painted.content).into_owned()
    }

    #[test]
    fn runs_share_their_text_object_font_and_colour() {
        let run = |x: f64, text: &str| Item::Text {
            x,
            baseline: 50.0 * MM_PER_PT,
            face: 0,
            size: 10.0,
            color: (0xCF, 0x22, 0x2E),
            text: text.into(),
        };
        let stream = painted(&[run(1.0 * MM_PER_PT, "A"), run(2.5 * MM_PER_PT, "B")]);
        assert_eq!(
            stream,
            "BT\n/F0 10 Tf\n0.812 0.133 0.18 rg\n1 50 Td\n(\0A)Tj\n1.5 0 Td\n(\0B)Tj\nET\n"
        );
    }

    #[test]
    fn a_run_that_starts_where_the_last_ended_needs_no_move() {
        let run = |x: f64, text: &str| Item::Text {
            x,
            baseline: 50.0,
            face: 0,
            size: 10.0,
            color: (0, 0, 0),
            text: text.into(),
        };
        let width = fonts::face(0).width("AB", 10.0);
        let stream = painted(&[run(1.0, "AB"), run(1.0 + width, "C")]);
        assert_eq!(stream.matches("Td").count(), 1, "{stream}");
    }

    #[test]
    fn glyph_bytes_that_would_end_or_bend_the_string_are_escaped() {
        let run = Item::Text {
            x: 0.0,
            baseline: 0.0,
            face: 0,
            size: 10.0,
            color: (0, 0, 0),
            text: "()\\\r\n".into(),
        };
        let stream = painted(&[run]);
        assert!(
            stream.contains("(\0\\(\0\\)\0\\\\\0\\r\0\n)Tj"),
            "{stream:?}"
        );
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_hundredth() {
        let fill = Item::Fill {
            x: 0.333 * MM_PER_PT,
            y: 0.0,
            width: 10.0 * MM_PER_PT,
            height: 2.05 * MM_PER_PT,
            color: (0, 0, 0),
        };
        assert_eq!(painted(&[fill]), "0 0 0 rg\n0.33 97.95 10 2.05 re f\n");
        let huge = Item::Line {
            from: (-1e41, f64::NAN),
            to: (1e41, 0.0),
            color: (0, 0, 0),
        };
        let stream = painted(&[huge]);
        assert!(stream.contains("-32767 0 m\n32767 100 l"), "{stream}");
    }
}

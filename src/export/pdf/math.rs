//! Math set for print. RaTeX (a Rust port of KaTeX's layout) turns a
//! formula's TeX into positioned glyphs of the KaTeX fonts, rules and paths;
//! they are drawn here at the size of the text around them. A formula RaTeX
//! cannot parse, or that needs a glyph qbank does not embed, is not typeset:
//! the caller prints its Unicode form instead and counts it.

use ratex_layout::LayoutOptions;
use ratex_types::{DisplayItem, MathStyle, PathCommand};

use super::canvas::{Canvas, Item, Rgb, Segment};
use super::fonts::{self, MM_PER_PT};

/// Math is set this much larger than its text: KaTeX's fonts have a smaller
/// x-height than DejaVu Sans, and KaTeX on the web scales them up likewise.
pub const MATH_SCALE: f64 = 1.1;

/// The largest coordinate a formula may have, in em (a page is about 60 em
/// tall at 10 pt): `\rule{1pt}{1e41pt}` parses, and must not reach the page.
const MAX_EM: f64 = 1000.0;

/// The numbers of a path command.
fn command_points(command: &PathCommand) -> Vec<f64> {
    match *command {
        PathCommand::MoveTo { x, y } | PathCommand::LineTo { x, y } => vec![x, y],
        PathCommand::CubicTo {
            x1,
            y1,
            x2,
            y2,
            x,
            y,
        } => vec![x1, y1, x2, y2, x, y],
        PathCommand::QuadTo { x1, y1, x, y } => vec![x1, y1, x, y],
        PathCommand::Close => Vec::new(),
    }
}

/// A typeset formula, in em of its font size: the box's width, height above
/// the baseline and depth below it, and what to draw.
#[derive(Debug, PartialEq)]
pub struct Formula {
    pub width: f64,
    pub height: f64,
    pub depth: f64,
    items: Vec<DisplayItem>,
}

/// `tex` typeset (as display math when `display`), or `None` when it cannot be.
pub fn typeset(tex: &str, display: bool) -> Option<Formula> {
    if crate::math::depth(tex) > crate::math::MAX_DEPTH {
        return None;
    }
    let input = crate::math::text_mode_as_mathjax(tex);
    let nodes = ratex_parser::parser::parse(&input).ok()?;
    let style = if display {
        MathStyle::Display
    } else {
        MathStyle::Text
    };
    let layout = ratex_layout::layout(&nodes, &LayoutOptions::default().with_style(style));
    ratex_layout::validate_layout(&layout).ok()?;
    let list = ratex_layout::to_display_list(&layout);
    let drawable = list.items.iter().all(|item| match item {
        DisplayItem::GlyphPath {
            font, char_code, ..
        } => glyph(font, *char_code).is_some(),
        _ => true,
    });
    let sane = |v: f64| v.is_finite() && v.abs() <= MAX_EM;
    let placed = list.items.iter().all(|item| match item {
        DisplayItem::GlyphPath { x, y, scale, .. } => sane(*x) && sane(*y) && sane(*scale),
        DisplayItem::Line {
            x,
            y,
            width,
            thickness,
            ..
        } => [x, y, width, thickness].into_iter().all(|v| sane(*v)),
        DisplayItem::Rect {
            x,
            y,
            width,
            height,
            ..
        } => [x, y, width, height].into_iter().all(|v| sane(*v)),
        DisplayItem::Path { x, y, commands, .. } => {
            sane(*x)
                && sane(*y)
                && commands
                    .iter()
                    .all(|c| command_points(c).iter().all(|v| sane(*v)))
        }
    });
    (drawable && placed && sane(list.width) && sane(list.height) && sane(list.depth)).then_some(
        Formula {
            width: list.width.max(0.0),
            height: list.height.max(0.0),
            depth: list.depth.max(0.0),
            items: list.items,
        },
    )
}

/// The face and the character that draw a glyph of the layout, if qbank
/// embeds them. The KaTeX fonts keep some alphabets (bold, script…) at the
/// ASCII letters, which `katex_ttf_glyph_char` maps to.
fn glyph(font: &str, code: u32) -> Option<(fonts::FaceId, char)> {
    let face = fonts::math_face(font)?;
    let id = ratex_font::FontId::parse(font)?;
    let c = ratex_font::katex_ttf_glyph_char(id, code);
    fonts::face(face).covers(c).then_some((face, c))
}

impl Formula {
    /// The size of one em, in mm, for math in text of `size` points.
    pub fn em(size: f64) -> f64 {
        size * MATH_SCALE * MM_PER_PT
    }

    /// Draws the formula with its left end at `x` and its baseline at
    /// `baseline` (mm), one em being `em` mm; black parts take `color`.
    pub fn draw(&self, canvas: &mut Canvas, x: f64, baseline: f64, em: f64, color: Rgb) {
        if canvas.measuring {
            return;
        }
        let top = baseline - self.height * em;
        let at = |dx: f64, dy: f64| (x + dx * em, top + dy * em);
        for item in &self.items {
            match item {
                DisplayItem::GlyphPath {
                    x: gx,
                    y: gy,
                    scale,
                    font,
                    char_code,
                    color: own,
                } => {
                    let Some((face, c)) = glyph(font, *char_code) else {
                        continue;
                    };
                    let (px, py) = at(*gx, *gy);
                    canvas.draw(Item::Text {
                        x: px,
                        baseline: py,
                        face,
                        size: scale * em / MM_PER_PT,
                        color: tint(own, color),
                        text: c.to_string(),
                    });
                }
                // A rule (a fraction bar, centred on its y) and a box are
                // both filled rectangles: top-left corner and size, in em.
                DisplayItem::Line {
                    x,
                    y,
                    width,
                    thickness,
                    color: own,
                    ..
                } => {
                    let rect = [*x, y - thickness / 2.0, *width, *thickness];
                    canvas.draw(fill(rect, at, em, tint(own, color)));
                }
                DisplayItem::Rect {
                    x,
                    y,
                    width,
                    height,
                    color: own,
                } => canvas.draw(fill([*x, *y, *width, *height], at, em, tint(own, color))),
                DisplayItem::Path {
                    x: ox,
                    y: oy,
                    commands,
                    fill,
                    color: own,
                } => {
                    let (bx, by) = at(*ox, *oy);
                    canvas.draw(Item::Path {
                        segments: segments(commands, bx, by, em),
                        fill: *fill,
                        color: tint(own, color),
                    });
                }
            }
        }
    }
}

/// A filled rectangle `[x, y, width, height]` (em, from the formula's
/// top-left corner, which `at` places on the page).
fn fill(rect: [f64; 4], at: impl Fn(f64, f64) -> (f64, f64), em: f64, color: Rgb) -> Item {
    let [x, y, width, height] = rect;
    let (x, y) = at(x, y);
    Item::Fill {
        x,
        y,
        width: width * em,
        height: height * em,
        color,
    }
}

/// The layout's colour, or `color` for the black it uses by default.
fn tint(own: &ratex_types::Color, color: Rgb) -> Rgb {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    match (byte(own.r), byte(own.g), byte(own.b)) {
        (0, 0, 0) => color,
        rgb => rgb,
    }
}

/// Path commands (em, relative to an origin) as page segments; quadratic
/// curves become the cubic curves PDF draws.
fn segments(commands: &[PathCommand], bx: f64, by: f64, em: f64) -> Vec<Segment> {
    let p = |x: f64, y: f64| (bx + x * em, by + y * em);
    let mut current = (bx, by);
    let mut out = Vec::with_capacity(commands.len());
    for command in commands {
        let segment = match *command {
            PathCommand::MoveTo { x, y } => Segment::Move(p(x, y).0, p(x, y).1),
            PathCommand::LineTo { x, y } => Segment::Line(p(x, y).0, p(x, y).1),
            PathCommand::CubicTo {
                x1,
                y1,
                x2,
                y2,
                x,
                y,
            } => Segment::Cubic([p(x1, y1), p(x2, y2), p(x, y)]),
            PathCommand::QuadTo { x1, y1, x, y } => {
                let (q, end) = (p(x1, y1), p(x, y));
                let third = |a: (f64, f64), b: (f64, f64)| {
                    (a.0 + 2.0 / 3.0 * (b.0 - a.0), a.1 + 2.0 / 3.0 * (b.1 - a.1))
                };
                Segment::Cubic([third(current, q), third(end, q), end])
            }
            PathCommand::Close => Segment::Close,
        };
        current = match segment {
            Segment::Move(x, y) | Segment::Line(x, y) => (x, y),
            Segment::Cubic([_, _, end]) => end,
            Segment::Close => current,
        };
        out.push(segment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_stacks_and_a_root_draws_its_radical() {
        let fraction = typeset(r"\frac{a}{b}", true).unwrap();
        // A stacked fraction rises above the baseline and hangs below it.
        assert!(
            fraction.height > 0.6 && fraction.depth > 0.4,
            "{fraction:?}"
        );
        let bar = |f: &Formula| {
            f.items
                .iter()
                .any(|i| matches!(i, DisplayItem::Line { .. } | DisplayItem::Rect { .. }))
        };
        assert!(bar(&fraction));
        let root = typeset(r"\sqrt{x}", false).unwrap();
        let radical = root.items.iter().any(|i| match i {
            DisplayItem::Path { .. } => true,
            DisplayItem::GlyphPath { char_code, .. } => *char_code == 0x221A,
            _ => false,
        });
        assert!(radical, "{root:?}");
    }

    #[test]
    fn text_arguments_read_as_mathjax_reads_them() {
        assert!(typeset(r"P = \frac{\text{# favorable}}{\text{# total}}", false).is_some());
    }

    #[test]
    fn what_cannot_be_typeset_is_none() {
        assert!(typeset(r"\frac{a}{", false).is_none());
        assert!(typeset(&"{".repeat(5000), false).is_none());
    }

    #[test]
    fn absurd_dimensions_stay_within_bounds() {
        for tex in [
            r"\rule{1pt}{-1e41pt}",
            r"\rule{1pt}{1e41pt}",
            r"\kern1e41pt x",
        ] {
            if let Some(f) = typeset(tex, false) {
                assert!(
                    [f.width, f.height, f.depth].iter().all(|v| *v <= MAX_EM),
                    "{tex}: {f:?}"
                );
            }
        }
    }

    #[test]
    fn a_drawn_formula_uses_the_math_faces_and_the_given_colour() {
        let formula = typeset(r"x^2 + \alpha", false).unwrap();
        let mut canvas = Canvas::default();
        formula.draw(&mut canvas, 10.0, 50.0, Formula::em(10.0), (1, 2, 3));
        let texts: Vec<_> = canvas
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { face, color, .. } => Some((*face, *color)),
                _ => None,
            })
            .collect();
        assert!(texts.len() >= 4, "{texts:?}");
        assert!(
            texts
                .iter()
                .all(|(face, color)| *face >= fonts::FIRST_MATH && *color == (1, 2, 3))
        );
    }

    #[test]
    fn a_quadratic_curve_becomes_the_cubic_through_the_same_points() {
        let quad = [
            PathCommand::MoveTo { x: 0.0, y: 0.0 },
            PathCommand::QuadTo {
                x1: 3.0,
                y1: 3.0,
                x: 6.0,
                y: 0.0,
            },
        ];
        let s = segments(&quad, 0.0, 0.0, 1.0);
        assert_eq!(s[1], Segment::Cubic([(2.0, 2.0), (4.0, 2.0), (6.0, 0.0)]));
    }
}

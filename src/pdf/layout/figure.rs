//! Figures: the report markup's SVG charts drawn as vector items.

use super::style::*;
use super::{Face, Item, LayoutError, Measure, Rgb};
use crate::markup::{Paint, Shape, Svg};

/// The smallest a chart is drawn to keep it on the page it starts on (a fraction of its size).
pub(super) const FIGURE_MIN_SCALE: f64 = 0.75;

/// The scale of a chart: SVG user units to points, never wider than the column.
pub(super) fn figure_scale(svg: &Svg, width: f64) -> f64 {
    (width / svg.width).min(1.0)
}

pub(super) fn figure_height(svg: &Svg, width: f64) -> f64 {
    svg.height * figure_scale(svg, width)
}

pub(super) fn parse_color(c: &str) -> Rgb {
    let h = c.trim_start_matches('#');
    let hex = |s: &str| u8::from_str_radix(s, 16).unwrap_or(0);
    if h.len() == 3 {
        let d = |i: usize| hex(&h[i..i + 1]) * 17;
        (d(0), d(1), d(2))
    } else if h.len() == 6 {
        (hex(&h[0..2]), hex(&h[2..4]), hex(&h[4..6]))
    } else {
        INK
    }
}

pub(super) fn stroke_of(p: &Paint, k: f64) -> Option<(Rgb, f64)> {
    p.stroke
        .as_deref()
        .map(|s| (parse_color(s), (p.stroke_width * k).max(0.1)))
}

/// Where a chart is drawn: its top-left corner on the page and its scale.
#[derive(Clone, Copy)]
struct Place {
    x: f64,
    y: f64,
    k: f64,
}

impl Place {
    /// A point of the chart, on the page.
    fn at(self, px: f64, py: f64) -> (f64, f64) {
        (self.x + px * self.k, self.y + py * self.k)
    }
    /// A polygon or polyline of the chart's points.
    fn poly(self, points: &[(f64, f64)], closed: bool, paint: &Paint) -> Item {
        Item::Poly {
            points: points.iter().map(|(a, b)| self.at(*a, *b)).collect(),
            closed,
            fill: paint.fill.as_deref().map(parse_color),
            stroke: stroke_of(paint, self.k),
            dash: paint.dash.clone(),
        }
    }
}

/// Draws an SVG chart with its top-left corner at (x, y).
pub(super) fn draw_svg(
    items: &mut Vec<Item>,
    m: &dyn Measure,
    svg: &Svg,
    x: f64,
    y: f64,
    width: f64,
) -> Result<(), LayoutError> {
    let k = figure_scale(svg, width);
    let place = Place { x, y, k };
    for s in &svg.items {
        match s {
            Shape::Rect {
                x: rx,
                y: ry,
                w,
                h,
                paint,
            } => {
                let (a, b) = place.at(*rx, *ry);
                items.push(Item::Rect {
                    x: a,
                    y: b,
                    w: w * k,
                    h: h * k,
                    fill: paint.fill.as_deref().map(parse_color),
                    stroke: stroke_of(paint, k),
                });
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                paint,
            } => items.push(line(place, place.at(*x1, *y1), place.at(*x2, *y2), paint)),
            Shape::Polyline { points, paint } => items.push(place.poly(points, false, paint)),
            Shape::Path { subpaths, paint } => {
                for (pts, closed) in subpaths {
                    items.push(place.poly(pts, *closed, paint));
                }
            }
            Shape::Circle { cx, cy, r, paint } => {
                let (a, b) = place.at(*cx, *cy);
                items.push(Item::Poly {
                    points: circle(a, b, r * k),
                    closed: true,
                    fill: paint.fill.as_deref().map(parse_color),
                    stroke: stroke_of(paint, k),
                    dash: None,
                });
            }
            Shape::Text {
                x: tx,
                y: ty,
                anchor,
                size,
                bold,
                fill,
                text,
            } => {
                let at = place.at(*tx, *ty);
                items.push(label(m, text, at, anchor, size * k, *bold, fill)?);
            }
        }
    }
    Ok(())
}

/// A line of a chart from one point on the page to another; its dashes scaled with the chart.
fn line(place: Place, (x1, y1): (f64, f64), (x2, y2): (f64, f64), paint: &Paint) -> Item {
    let k = place.k;
    let (color, width) = stroke_of(paint, k).unwrap_or((INK, k));
    Item::Line {
        x1,
        y1,
        x2,
        y2,
        color,
        width,
        dash: paint
            .dash
            .clone()
            .map(|d| d.iter().map(|v| v * k).collect()),
    }
}

/// A circle as a polygon of 20 sides.
fn circle(cx: f64, cy: f64, r: f64) -> Vec<(f64, f64)> {
    (0..20)
        .map(|i| {
            let t = i as f64 * std::f64::consts::TAU / 20.0;
            (cx + r * t.cos(), cy + r * t.sin())
        })
        .collect()
}

/// A chart's text label at `at`, anchored at its start, middle or end as the SVG says.
fn label(
    m: &dyn Measure,
    text: &str,
    at: (f64, f64),
    anchor: &str,
    size: f64,
    bold: bool,
    fill: &str,
) -> Result<Item, LayoutError> {
    if let Some(c) = m.missing(text, Face::of(bold)) {
        return Err(LayoutError(format!("the character '{c}' (U+{:04X}) in the chart label \"{text}\" has no glyph in the report font", c as u32)));
    }
    let w = m.width(text, size, Face::of(bold));
    let x = match anchor {
        "middle" => at.0 - w / 2.0,
        "end" => at.0 - w,
        _ => at.0,
    };
    Ok(Item::Text {
        x,
        y: at.1,
        size,
        face: Face::of(bold),
        color: parse_color(fill),
        text: text.to_string(),
    })
}

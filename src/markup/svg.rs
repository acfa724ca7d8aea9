//! Charts: the SVG subset (`rect`, `line`, `polyline`, `path` with straight segments, `circle`,
//! `text`, `g`) read into shapes.

use super::lex::{Attr, Tok};
use super::parse::{attr, only_attrs, Parser};
use super::{err, MarkupError, Paint, Shape, Subpath, Svg, R};

impl Parser<'_> {
    pub(super) fn svg(&mut self, attrs: &[Attr<'_>], at: usize) -> R<Svg> {
        only_attrs(
            attrs,
            &[
                "width",
                "height",
                "viewbox",
                "xmlns",
                "role",
                "aria-label",
                "aria-labelledby",
                "class",
            ],
            "svg",
            at,
        )?;
        let num = |v: Option<&str>, what: &str| -> R<f64> {
            v.and_then(|s| s.trim_end_matches("px").parse::<f64>().ok())
                .ok_or_else(|| MarkupError {
                    offset: at,
                    message: format!("<svg> needs a numeric {what}"),
                })
        };
        let (width, height) = match attr(attrs, "viewbox") {
            Some(vb) => {
                let p: Vec<f64> = vb
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| s.parse().ok())
                    .collect();
                if p.len() != 4 || p[0] != 0.0 || p[1] != 0.0 {
                    return err(at, "viewBox must be '0 0 W H'");
                }
                (p[2], p[3])
            }
            None => (
                num(attr(attrs, "width"), "width")?,
                num(attr(attrs, "height"), "height")?,
            ),
        };
        let mut items = Vec::new();
        let mut alt = attr(attrs, "aria-label").map(str::to_string);
        self.shapes("svg", &mut items, &mut alt)?;
        Ok(Svg {
            width,
            height,
            items,
            alt,
        })
    }

    /// Reads shapes up to `</until>`; a `<title>` (the text alternative) goes to `title`.
    pub(super) fn shapes(
        &mut self,
        until: &str,
        items: &mut Vec<Shape>,
        title: &mut Option<String>,
    ) -> R<()> {
        loop {
            self.skip_space()?;
            match self.next() {
                Some(Tok::Close { name, .. }) if name == until => return Ok(()),
                Some(Tok::Open {
                    name,
                    attrs,
                    self_closing,
                    at,
                }) => {
                    if name == "g" {
                        only_attrs(&attrs, &["class", "fill", "stroke"], "g", at)?;
                        self.shapes("g", items, title)?;
                        continue;
                    }
                    if name == "title" {
                        only_attrs(&attrs, &["id"], "title", at)?;
                        *title = match self.next() {
                            Some(Tok::Text { text, .. }) => {
                                self.expect_close("title")?;
                                Some(text.into_owned())
                            }
                            Some(Tok::Close { name, .. }) if name == "title" => None,
                            _ => return err(at, "<title> in a chart holds plain text only"),
                        };
                        continue;
                    }
                    if name == "text" {
                        let text = match self.next() {
                            Some(Tok::Text { text, .. }) => {
                                self.expect_close("text")?;
                                text.into_owned()
                            }
                            Some(Tok::Close { name, .. }) if name == "text" => String::new(),
                            _ => return err(at, "<text> in a chart holds plain text only"),
                        };
                        items.push(svg_text(&attrs, text, at)?);
                        continue;
                    }
                    items.push(svg_shape(&name, &attrs, at)?);
                    if !self_closing {
                        self.expect_close(&name)?;
                    }
                }
                Some(Tok::Close { name, at }) => {
                    return err(at, format!("</{name}> inside <{until}>"))
                }
                _ => return err(self.end, format!("<{until}> is never closed")),
            }
        }
    }
}

pub(super) fn f(attrs: &[Attr<'_>], name: &str, at: usize) -> R<f64> {
    match attr(attrs, name) {
        None => Ok(0.0),
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| MarkupError {
                offset: at,
                message: format!("attribute {name}='{v}' is not a number"),
            }),
    }
}

pub(super) fn paint(attrs: &[Attr<'_>], at: usize, default_fill: Option<&str>) -> R<Paint> {
    let color = |v: Option<&str>| -> R<Option<String>> {
        match v {
            None => Ok(default_fill.map(str::to_string)),
            Some("none") => Ok(None),
            Some(c)
                if c.starts_with('#')
                    && (c.len() == 7 || c.len() == 4)
                    && c[1..].chars().all(|x| x.is_ascii_hexdigit()) =>
            {
                Ok(Some(c.to_string()))
            }
            Some(c) => err(
                at,
                format!("colour '{c}' is not supported in charts; use #rrggbb or none"),
            ),
        }
    };
    let fill = color(attr(attrs, "fill"))?;
    let stroke = match attr(attrs, "stroke") {
        None => None,
        Some("none") => None,
        Some(c) if c.starts_with('#') => Some(c.to_string()),
        Some(c) => {
            return err(
                at,
                format!("stroke colour '{c}' is not supported; use #rrggbb"),
            )
        }
    };
    let dash = match attr(attrs, "stroke-dasharray") {
        None => None,
        Some(d) => Some(
            d.split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<f64>().map_err(|_| MarkupError {
                        offset: at,
                        message: format!("stroke-dasharray '{d}' is not a list of numbers"),
                    })
                })
                .collect::<R<Vec<f64>>>()?,
        ),
    };
    let stroke_width = if attrs.iter().any(|(k, _)| k == "stroke-width") {
        f(attrs, "stroke-width", at)?
    } else {
        1.0
    };
    Ok(Paint {
        fill,
        stroke,
        stroke_width,
        dash,
    })
}

pub(super) const PAINT_ATTRS: [&str; 6] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "class",
    "stroke-linejoin",
];

pub(super) fn svg_shape(name: &str, attrs: &[Attr<'_>], at: usize) -> R<Shape> {
    let allow = |extra: &[&str]| -> R<()> {
        let mut all: Vec<&str> = PAINT_ATTRS.to_vec();
        all.extend_from_slice(extra);
        only_attrs(attrs, &all, name, at)
    };
    match name {
        "rect" => {
            allow(&["x", "y", "width", "height"])?;
            Ok(Shape::Rect { x: f(attrs, "x", at)?, y: f(attrs, "y", at)?, w: f(attrs, "width", at)?, h: f(attrs, "height", at)?, paint: paint(attrs, at, Some("#000000"))? })
        }
        "line" => {
            allow(&["x1", "y1", "x2", "y2"])?;
            Ok(Shape::Line { x1: f(attrs, "x1", at)?, y1: f(attrs, "y1", at)?, x2: f(attrs, "x2", at)?, y2: f(attrs, "y2", at)?, paint: paint(attrs, at, None)? })
        }
        "circle" => {
            allow(&["cx", "cy", "r"])?;
            Ok(Shape::Circle { cx: f(attrs, "cx", at)?, cy: f(attrs, "cy", at)?, r: f(attrs, "r", at)?, paint: paint(attrs, at, Some("#000000"))? })
        }
        "polyline" => {
            allow(&["points"])?;
            let nums: Vec<f64> = attr(attrs, "points").unwrap_or("").split([' ', ',']).filter(|s| !s.is_empty()).map(|s| s.parse::<f64>().map_err(|_| MarkupError { offset: at, message: format!("points has '{s}', not a number") })).collect::<R<_>>()?;
            if !nums.len().is_multiple_of(2) {
                return err(at, "points needs pairs of numbers");
            }
            Ok(Shape::Polyline { points: nums.chunks(2).map(|c| (c[0], c[1])).collect(), paint: paint(attrs, at, None)? })
        }
        "path" => {
            allow(&["d"])?;
            Ok(Shape::Path { subpaths: parse_path(attr(attrs, "d").unwrap_or(""), at)?, paint: paint(attrs, at, Some("#000000"))? })
        }
        other => err(at, format!("<{other}> is not supported in charts (use rect, line, polyline, path, circle, text, g)")),
    }
}

pub(super) fn svg_text(attrs: &[Attr<'_>], text: String, at: usize) -> R<Shape> {
    only_attrs(
        attrs,
        &[
            "x",
            "y",
            "text-anchor",
            "font-size",
            "font-weight",
            "fill",
            "class",
            "dominant-baseline",
        ],
        "text",
        at,
    )?;
    let anchor = attr(attrs, "text-anchor").unwrap_or("start");
    if !["start", "middle", "end"].contains(&anchor) {
        return err(
            at,
            format!("text-anchor '{anchor}' is not start, middle or end"),
        );
    }
    let fill = attr(attrs, "fill").unwrap_or("#000000").to_string();
    Ok(Shape::Text {
        x: f(attrs, "x", at)?,
        y: f(attrs, "y", at)?,
        anchor: anchor.to_string(),
        size: if attr(attrs, "font-size").is_some() {
            f(attrs, "font-size", at)?
        } else {
            10.0
        },
        bold: matches!(attr(attrs, "font-weight"), Some("bold") | Some("700")),
        fill,
        text,
    })
}

/// Straight-segment paths: M, L, H, V, Z (absolute) and m, l, h, v, z (relative).
pub(super) fn parse_path(d: &str, at: usize) -> R<Vec<Subpath>> {
    let toks = path_tokens(d);
    let mut subs: Vec<Subpath> = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    let mut cmd = 'M';
    let mut i = 0;
    let n = |i: usize| -> R<f64> {
        toks.get(i)
            .and_then(|t| t.parse::<f64>().ok())
            .ok_or_else(|| MarkupError {
                offset: at,
                message: format!("path '{d}' is missing a number"),
            })
    };
    while i < toks.len() {
        if let Some(c) = toks[i].chars().next().filter(|c| c.is_ascii_alphabetic()) {
            cmd = c;
            i += 1;
            if cmd == 'Z' || cmd == 'z' {
                if let Some(s) = subs.last_mut() {
                    s.1 = true;
                    if let Some(p) = s.0.first() {
                        (x, y) = *p;
                    }
                }
                continue;
            }
        }
        let rel = cmd.is_ascii_lowercase();
        let (bx, by) = if rel { (x, y) } else { (0.0, 0.0) };
        match cmd.to_ascii_uppercase() {
            'M' => {
                (x, y) = (bx + n(i)?, by + n(i + 1)?);
                i += 2;
                subs.push((vec![(x, y)], false));
                cmd = if rel { 'l' } else { 'L' };
            }
            'L' => {
                (x, y) = (bx + n(i)?, by + n(i + 1)?);
                i += 2;
                match subs.last_mut() {
                    Some(s) => s.0.push((x, y)),
                    None => return err(at, format!("path '{d}' must start with M")),
                }
            }
            'H' => {
                x = bx + n(i)?;
                i += 1;
                subs.last_mut().ok_or_else(|| MarkupError { offset: at, message: format!("path '{d}' must start with M") })?.0.push((x, y));
            }
            'V' => {
                y = by + n(i)?;
                i += 1;
                subs.last_mut().ok_or_else(|| MarkupError { offset: at, message: format!("path '{d}' must start with M") })?.0.push((x, y));
            }
            other => return err(at, format!("path command '{other}' is not supported (straight segments only: M, L, H, V, Z)")),
        }
    }
    Ok(subs)
}

/// A path's `d` as its commands (one letter each) and its numbers, in order.
fn path_tokens(d: &str) -> Vec<String> {
    let mut toks = Vec::new();
    let mut num = String::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            if !num.is_empty() {
                toks.push(std::mem::take(&mut num));
            }
            toks.push(c.to_string());
        } else if c == ',' || c.is_whitespace() {
            if !num.is_empty() {
                toks.push(std::mem::take(&mut num));
            }
        } else if c == '-' && !num.is_empty() && !num.ends_with('e') {
            toks.push(std::mem::take(&mut num));
            num.push(c);
        } else {
            num.push(c);
        }
    }
    if !num.is_empty() {
        toks.push(num);
    }
    toks
}

//! The HTML writer: a report [`Document`] as one self-contained HTML file (CSS inline, no network,
//! `lang` set, print CSS for A4).

use crate::markup::{Block, Cell, Document, Inline, Paint, Shape, Svg};
use std::fmt::Write;

/// Page-level settings of the HTML file.
pub struct Page<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub css: &'a str,
    /// A mark the page carries throughout (a draft's 「案」 / DRAFT), shown in a banner that the
    /// stylesheet repeats on every printed page.
    pub mark: Option<&'a str>,
}

pub use crate::markup::escape;

/// Writes the whole HTML file.
pub fn write(doc: &Document, page: &Page<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        escape(page.lang),
        escape(page.title),
        page.css
    );
    if let Some(mark) = page.mark {
        let _ = writeln!(
            out,
            "<header class=\"draft-mark\"><p>{}</p></header>",
            escape(mark)
        );
    }
    out.push_str("<main>\n");
    for b in &doc.blocks {
        block(&mut out, b);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn class_attr(class: &Option<String>) -> String {
    class
        .as_ref()
        .map(|c| format!(" class=\"{}\"", escape(c)))
        .unwrap_or_default()
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Section { class, blocks } => {
            let _ = writeln!(out, "<section{}>", class_attr(class));
            for b in blocks {
                block(out, b);
            }
            out.push_str("</section>\n");
        }
        Block::Heading { level, id, inlines } => {
            let id = id
                .as_ref()
                .map(|i| format!(" id=\"{}\"", escape(i)))
                .unwrap_or_default();
            let _ = writeln!(out, "<h{level}{id}>{}</h{level}>", inline_html(inlines));
        }
        Block::Paragraph { class, inlines } => {
            let _ = writeln!(out, "<p{}>{}</p>", class_attr(class), inline_html(inlines));
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            let _ = writeln!(out, "<{tag}>");
            for i in items {
                let _ = writeln!(out, "<li>{}</li>", inline_html(i));
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Table(t) => {
            let _ = writeln!(out, "<table{}>", class_attr(&t.class));
            if !t.head.is_empty() {
                out.push_str("<thead>\n");
                for r in &t.head {
                    row(out, r, true);
                }
                out.push_str("</thead>\n");
            }
            out.push_str("<tbody>\n");
            for r in &t.body {
                row(out, r, false);
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::Figure { svg: s, caption } => {
            out.push_str("<figure>\n");
            svg(out, s);
            if !caption.is_empty() {
                let _ = writeln!(out, "<figcaption>{}</figcaption>", inline_html(caption));
            }
            out.push_str("</figure>\n");
        }
        Block::Note { blocks } => {
            // A note to what is around it, not a landmark of the page (as `aside` would be).
            out.push_str("<div class=\"note\" role=\"note\">\n");
            for b in blocks {
                block(out, b);
            }
            out.push_str("</div>\n");
        }
        Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
    }
}

fn row(out: &mut String, cells: &[Cell], in_head: bool) {
    out.push_str("<tr>");
    for c in cells {
        let tag = if c.header { "th" } else { "td" };
        let span = if c.colspan > 1 {
            format!(" colspan=\"{}\"", c.colspan)
        } else {
            String::new()
        };
        let scope = match (c.header, in_head) {
            (true, true) => " scope=\"col\"",
            (true, false) => " scope=\"row\"",
            _ => "",
        };
        let _ = write!(
            out,
            "<{tag}{}{span}{scope}>{}</{tag}>",
            class_attr(&c.class),
            inline_html(&c.inlines)
        );
    }
    out.push_str("</tr>\n");
}

/// Inline content as HTML.
pub fn inline_html(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(&escape(t)),
            Inline::Strong(c) => {
                let _ = write!(s, "<strong>{}</strong>", inline_html(c));
            }
            Inline::Em(c) => {
                let _ = write!(s, "<em>{}</em>", inline_html(c));
            }
            Inline::Code(c) => {
                let _ = write!(s, "<code>{}</code>", inline_html(c));
            }
            Inline::Link { href, children } => {
                let _ = write!(
                    s,
                    "<a href=\"{}\">{}</a>",
                    escape(href),
                    inline_html(children)
                );
            }
            Inline::Span {
                class,
                lang,
                children,
            } => {
                let lang = lang
                    .as_ref()
                    .map(|l| format!(" lang=\"{}\"", escape(l)))
                    .unwrap_or_default();
                let _ = write!(
                    s,
                    "<span{}{lang}>{}</span>",
                    class_attr(class),
                    inline_html(children)
                );
            }
            Inline::Break => s.push_str("<br>"),
        }
    }
    s
}

fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    format!("{r}")
}

fn paint_attrs(p: &Paint) -> String {
    let mut s = format!(" fill=\"{}\"", p.fill.as_deref().unwrap_or("none"));
    if let Some(st) = &p.stroke {
        let _ = write!(
            s,
            " stroke=\"{}\" stroke-width=\"{}\"",
            escape(st),
            num(p.stroke_width)
        );
    }
    if let Some(d) = &p.dash {
        let _ = write!(
            s,
            " stroke-dasharray=\"{}\"",
            d.iter().map(|x| num(*x)).collect::<Vec<_>>().join(" ")
        );
    }
    s
}

/// A chart. With a text alternative, it is an image labelled by its `<title>`, whose id numbers
/// the charts in document order (by counting those already written); without one, it is
/// decoration, hidden from a screen reader.
fn svg(out: &mut String, s: &Svg) {
    let label = match &s.alt {
        Some(alt) => {
            let id = format!("chart-{}", out.matches("<svg ").count() + 1);
            format!(
                " role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title",
                escape(alt)
            )
        }
        None => " aria-hidden=\"true\"".to_string(),
    };
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\"{label}>",
        w = num(s.width),
        h = num(s.height)
    );
    for item in &s.items {
        shape(out, item);
    }
    out.push_str("</svg>\n");
}

/// One shape of a chart, on a line of its own.
fn shape(out: &mut String, item: &Shape) {
    match item {
        Shape::Rect { x, y, w, h, paint } => {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
                num(*x),
                num(*y),
                num(*w),
                num(*h),
                paint_attrs(paint)
            );
        }
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            paint,
        } => {
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
                num(*x1),
                num(*y1),
                num(*x2),
                num(*y2),
                paint_attrs(paint)
            );
        }
        Shape::Polyline { points, paint } => {
            let pts: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            let _ = writeln!(
                out,
                "<polyline points=\"{}\"{}/>",
                pts.join(" "),
                paint_attrs(paint)
            );
        }
        Shape::Path { subpaths, paint } => {
            let _ = writeln!(
                out,
                "<path d=\"{}\"{}/>",
                path_data(subpaths),
                paint_attrs(paint)
            );
        }
        Shape::Circle { cx, cy, r, paint } => {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>",
                num(*cx),
                num(*cy),
                num(*r),
                paint_attrs(paint)
            );
        }
        Shape::Text { .. } => text(out, item),
    }
}

/// A chart's text, on a line of its own.
fn text(out: &mut String, item: &Shape) {
    let Shape::Text {
        x,
        y,
        anchor,
        size,
        bold,
        fill,
        text,
    } = item
    else {
        return;
    };
    let weight = if *bold { " font-weight=\"bold\"" } else { "" };
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\"{weight} fill=\"{}\">{}</text>",
        num(*x),
        num(*y),
        anchor,
        num(*size),
        escape(fill),
        escape(text)
    );
}

/// A path's `d`: each subpath as M, L… and Z when closed.
fn path_data(subpaths: &[(Vec<(f64, f64)>, bool)]) -> String {
    let mut d = String::new();
    for (pts, closed) in subpaths {
        for (i, (x, y)) in pts.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {} ",
                if i == 0 { "M" } else { "L" },
                num(*x),
                num(*y)
            );
        }
        if *closed {
            d.push_str("Z ");
        }
    }
    d.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_is_written_as_code() {
        let doc = crate::markup::parse("<p>式 <code>SELECT '拠点' &lt; 1</code></p>").unwrap();
        let crate::markup::Block::Paragraph { inlines, .. } = &doc.blocks[0] else {
            panic!("{doc:?}")
        };
        assert_eq!(
            super::inline_html(inlines),
            "式 <code>SELECT &#39;拠点&#39; &lt; 1</code>"
        );
    }
}

//! The HTML writer: a report [`Document`] as one self-contained HTML file (CSS inline, no network,
//! `lang` set, print CSS for A4), written whole ([`fn@write`]) or as the markup is read ([`Stream`]),
//! the same bytes either way. Text goes into the file escaped as it is written, with no string of
//! its own per cell or attribute: a large report's annex is most of its file.

use crate::markup::stream::{Piece, Splitter};
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
    let mut w = Writer::start(page);
    for b in &doc.blocks {
        w.block(b);
    }
    w.end();
    w.out
}

/// The HTML of a document written in order, into `out`: the whole file ([`fn@write`]), or a file
/// written as its markup is read ([`Stream`]), which takes what is in `out` as it grows. Either
/// way the same calls make the same bytes.
pub struct Writer {
    pub out: String,
    /// The charts written so far (with the stylesheet's text that reads as one): a chart's title
    /// is named by its number.
    charts: usize,
    /// The open table's parts: whether its head and its body are open.
    table: (bool, bool),
}

impl Writer {
    /// The file's start, up to `<main>`.
    pub fn start(page: &Page<'_>) -> Writer {
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
        // A chart's number counts what reads as a chart's tag anywhere before it.
        let charts = out.matches("<svg ").count();
        Writer {
            out,
            charts,
            table: (false, false),
        }
    }

    /// The file's end, after the last block.
    pub fn end(&mut self) {
        self.out.push_str("</main>\n</body>\n</html>\n");
    }

    pub fn block(&mut self, b: &Block) {
        match b {
            Block::Section { class, blocks } => {
                self.out.push_str("<section");
                class_attr(&mut self.out, class);
                self.out.push_str(">\n");
                for b in blocks {
                    self.block(b);
                }
                self.out.push_str("</section>\n");
            }
            Block::Heading { level, id, inlines } => {
                let _ = write!(self.out, "<h{level}");
                if let Some(i) = id {
                    self.out.push_str(" id=\"");
                    escape_into(&mut self.out, i);
                    self.out.push('"');
                }
                self.out.push('>');
                inlines_into(&mut self.out, inlines);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph { class, inlines } => {
                self.out.push_str("<p");
                class_attr(&mut self.out, class);
                self.out.push('>');
                inlines_into(&mut self.out, inlines);
                self.out.push_str("</p>\n");
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = writeln!(self.out, "<{tag}>");
                for i in items {
                    self.out.push_str("<li>");
                    inlines_into(&mut self.out, i);
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Table(t) => {
                self.table_open(&t.class);
                for r in &t.head {
                    self.row(r, true);
                }
                for r in &t.body {
                    self.row(r, false);
                }
                self.table_close();
            }
            Block::Figure { svg: s, caption } => {
                self.out.push_str("<figure>\n");
                self.charts += 1;
                svg(&mut self.out, s, self.charts);
                if !caption.is_empty() {
                    self.out.push_str("<figcaption>");
                    inlines_into(&mut self.out, caption);
                    self.out.push_str("</figcaption>\n");
                }
                self.out.push_str("</figure>\n");
            }
            Block::Note { blocks } => {
                // A note to what is around it, not a landmark of the page (as `aside` would be).
                self.out.push_str("<div class=\"note\" role=\"note\">\n");
                for b in blocks {
                    self.block(b);
                }
                self.out.push_str("</div>\n");
            }
            Block::PageBreak => self.out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }

    /// A table's start: its rows follow ([`Writer::row`]), head rows first, then
    /// [`Writer::table_close`].
    pub fn table_open(&mut self, class: &Option<String>) {
        self.out.push_str("<table");
        class_attr(&mut self.out, class);
        self.out.push_str(">\n");
        self.table = (false, false);
    }

    /// A row of the open table; false (and nothing written) for a head row after the body began,
    /// which this order of writing cannot place.
    pub fn row(&mut self, cells: &[Cell], in_head: bool) -> bool {
        if in_head {
            if self.table.1 {
                return false;
            }
            if !self.table.0 {
                self.out.push_str("<thead>\n");
                self.table.0 = true;
            }
        } else {
            self.open_body();
        }
        row(&mut self.out, cells, in_head);
        true
    }

    fn open_body(&mut self) {
        if self.table.1 {
            return;
        }
        if self.table.0 {
            self.out.push_str("</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        self.table.1 = true;
    }

    pub fn table_close(&mut self) {
        self.open_body();
        self.out.push_str("</tbody>\n</table>\n");
    }
}

/// An HTML file written as its report markup is read: what a template writes goes in (this is
/// the template's `io::Write`), and the HTML of each part of the markup is written to `to` as soon
/// as the part is complete ([`crate::markup::stream`]: a top-level table row by row), so that
/// neither the markup, nor its document, nor the HTML is ever whole in memory. The bytes are
/// those [`fn@write`] makes of the parsed markup. Markup it does not follow so (anything the reader
/// stops at, or a head row after a table's body) makes its writes fail from there on, and
/// [`Stream::finish`] says so: the caller then writes the file from the whole document, whose
/// parse says what is wrong, if anything.
pub struct Stream<W: std::io::Write> {
    split: Splitter,
    html: Writer,
    to: W,
    stopped: Option<Stopped>,
}

/// Why a [`Stream`] stopped.
#[derive(Debug)]
pub enum Stopped {
    /// The markup is not one it follows (see [`Stream`]).
    Markup,
    /// Its output failed.
    Io(std::io::Error),
}

/// The HTML kept before it is written out.
const WRITE_AT: usize = 64 * 1024;

impl<W: std::io::Write> Stream<W> {
    /// Starts the file (up to `<main>`) for markup to come.
    pub fn new(page: &Page<'_>, to: W) -> Stream<W> {
        Stream {
            split: Splitter::default(),
            html: Writer::start(page),
            to,
            stopped: None,
        }
    }

    fn take(&mut self, text: &str) -> Result<(), Stopped> {
        let html = &mut self.html;
        self.split
            .push(text, &mut |p| put(html, p))
            .map_err(|_| Stopped::Markup)?;
        self.write_out(WRITE_AT)
    }

    /// Writes the HTML kept, once there is at least `at` of it.
    fn write_out(&mut self, at: usize) -> Result<(), Stopped> {
        if self.html.out.len() >= at {
            self.to
                .write_all(self.html.out.as_bytes())
                .map_err(Stopped::Io)?;
            self.html.out.clear();
        }
        Ok(())
    }

    /// The end of the markup: the rest of the file written, and its output returned.
    pub fn finish(mut self) -> Result<W, Stopped> {
        if let Some(s) = self.stopped.take() {
            return Err(s);
        }
        let html = &mut self.html;
        std::mem::take(&mut self.split)
            .finish(&mut |p| put(html, p))
            .map_err(|_| Stopped::Markup)?;
        self.html.end();
        self.write_out(0)?;
        Ok(self.to)
    }
}

/// A complete part of the markup, as HTML; false where the writer cannot place it.
fn put(html: &mut Writer, piece: Piece) -> bool {
    match piece {
        Piece::Blocks(blocks) => blocks.iter().for_each(|b| html.block(b)),
        Piece::TableOpen(class) => html.table_open(&class),
        Piece::Row(cells, head) => return html.row(&cells, head),
        Piece::TableClose => html.table_close(),
    }
    true
}

impl<W: std::io::Write> std::io::Write for Stream<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stopped.is_none() {
            let taken = std::str::from_utf8(buf)
                .map_err(|_| Stopped::Markup)
                .and_then(|text| self.take(text));
            self.stopped = taken.err();
        }
        match self.stopped {
            Some(_) => Err(std::io::Error::other("the HTML stream stopped")),
            None => Ok(buf.len()),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn class_attr(out: &mut String, class: &Option<String>) {
    if let Some(c) = class {
        out.push_str(" class=\"");
        escape_into(out, c);
        out.push('"');
    }
}

fn row(out: &mut String, cells: &[Cell], in_head: bool) {
    out.push_str("<tr>");
    for c in cells {
        let tag = if c.header { "th" } else { "td" };
        out.push('<');
        out.push_str(tag);
        class_attr(out, &c.class);
        if c.colspan > 1 {
            let _ = write!(out, " colspan=\"{}\"", c.colspan);
        }
        out.push_str(match (c.header, in_head) {
            (true, true) => " scope=\"col\">",
            (true, false) => " scope=\"row\">",
            _ => ">",
        });
        inlines_into(out, &c.inlines);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
    out.push_str("</tr>\n");
}

/// Escapes text into `out`, as [`escape`] does.
fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Inline content as HTML.
pub fn inline_html(inlines: &[Inline]) -> String {
    let mut s = String::new();
    inlines_into(&mut s, inlines);
    s
}

/// Inline content as HTML, into `out`.
fn inlines_into(out: &mut String, inlines: &[Inline]) {
    for i in inlines {
        let (open, close, children): (&str, &str, &[Inline]) = match i {
            Inline::Text(t) => {
                escape_into(out, t);
                continue;
            }
            Inline::Break => {
                out.push_str("<br>");
                continue;
            }
            Inline::Strong(c) => ("<strong>", "</strong>", c),
            Inline::Em(c) => ("<em>", "</em>", c),
            Inline::Code(c) => ("<code>", "</code>", c),
            Inline::Link { href, children } => {
                out.push_str("<a href=\"");
                escape_into(out, href);
                ("\">", "</a>", children)
            }
            Inline::Span {
                class,
                lang,
                children,
            } => {
                out.push_str("<span");
                class_attr(out, class);
                if let Some(l) = lang {
                    out.push_str(" lang=\"");
                    escape_into(out, l);
                    out.push('"');
                }
                (">", "</span>", children)
            }
        };
        out.push_str(open);
        inlines_into(out, children);
        out.push_str(close);
    }
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

/// A chart, the `number`th of the file. With a text alternative, it is an image labelled by its
/// `<title>`, whose id is that number; without one, it is decoration, hidden from a screen reader.
fn svg(out: &mut String, s: &Svg, number: usize) {
    let label = match &s.alt {
        Some(alt) => {
            let id = format!("chart-{number}");
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
    use std::io::Write;

    /// Report markup with what the HTML writer writes: charts (with and without a text
    /// alternative), a long table, notes, escapes.
    fn markup() -> String {
        let chart = |alt: &str| {
            format!("<figure><svg viewBox=\"0 0 10 10\" width=\"10\" height=\"10\">{alt}<rect x=\"0\" y=\"0\" width=\"1\" height=\"1\" fill=\"#000\"/></svg></figure>\n")
        };
        let mut m = format!(
            "<section class=\"cover\"><h1>報告 &lt;案&gt;</h1></section>\n{}{}",
            chart(""),
            chart("<title>図</title>")
        );
        m.push_str("<table class=\"annex compact\"><thead><tr><th>拠点</th><th class=\"num\">数</th></tr></thead><tbody>\n");
        for i in 0..1500 {
            m.push_str(&format!("<tr><td class=\"name\"><span lang=\"en\">Hub &amp; {i}</span></td><td class=\"num\" colspan=\"2\">{i}</td></tr>\n"));
        }
        m.push_str("</tbody></table>\n<aside class=\"note\"><p class=\"note\"><a href=\"#annex\">付表</a></p></aside>\n");
        m + &chart("<title>後の図</title>")
    }

    fn page() -> super::Page<'static> {
        super::Page {
            lang: "ja",
            title: "四半期 \"報告\"",
            css: "figure svg { width: 100%; }\n",
            mark: Some("案"),
        }
    }

    /// `markup` through a stream, written in pieces of about `size` bytes.
    fn streamed(markup: &str, size: usize) -> Result<Vec<u8>, super::Stopped> {
        let mut s = super::Stream::new(&page(), Vec::new());
        let mut rest = markup;
        while !rest.is_empty() {
            let mut cut = size.min(rest.len());
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            if s.write_all(&rest.as_bytes()[..cut]).is_err() {
                break;
            }
            rest = &rest[cut..];
        }
        s.finish()
    }

    #[test]
    fn a_stream_writes_what_the_whole_document_writes() {
        let m = markup();
        let want = super::write(&crate::markup::parse(&m).unwrap(), &page());
        assert!(
            want.contains("aria-labelledby=\"chart-3\""),
            "the third chart"
        );
        for size in [1, 999, 1 << 20] {
            let got = String::from_utf8(streamed(&m, size).unwrap()).unwrap();
            assert!(got == want, "pieces of {size}");
        }
    }

    #[test]
    fn a_head_row_after_the_body_stops_a_stream() {
        let m = markup().replace(
            "</tbody></table>",
            "</tbody><thead><tr><th>後</th></tr></thead></table>",
        );
        let doc = crate::markup::parse(&m).unwrap();
        let crate::markup::Block::Table(t) = &doc.blocks[3] else {
            panic!("{:?}", doc.blocks[3])
        };
        assert_eq!(t.head.len(), 2, "the whole document puts it in the head");
        assert!(matches!(streamed(&m, 4096), Err(super::Stopped::Markup)));
    }

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

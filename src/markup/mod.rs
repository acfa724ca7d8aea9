//! Report markup: the small, well-formed HTML subset that templates write, parsed into a document
//! tree that both writers (HTML and PDF) consume.
//!
//! Blocks: `section` (optionally `class="cover"`), `h1`–`h3`, `p` (optional class: `lead`, `meta`,
//! `note`), `ul`/`ol` with `li`, `table` with `thead`/`tbody`/`tr`/`th`/`td` (`class="num"` aligns right,
//! `colspan`), `figure` holding one `svg` and an optional `figcaption`, `aside class="note"`, and
//! `div class="page-break"`. Inline: `strong`, `em`, `a href`, `span class`, `br`.
//! SVG (charts): `rect`, `line`, `polyline`, `path` with straight segments (M, L, H, V, Z), `circle`,
//! `text`, grouped by `g` without transforms.
//!
//! Anything else is an error that gives the offset in the rendered output; the report layer maps it to
//! the template file and line that wrote it.

//!
//! The rooms: [`lex`] cuts the text into tags and text, [`mod@parse`] builds the blocks and inlines,
//! [`svg`] reads the charts, [`stream`] reads markup as it is written and gives each part as soon
//! as it is complete (the HTML writer's way through a large report).

mod lex;
mod parse;
pub mod stream;
mod svg;

use lex::Lexer;
use parse::Parser;
use serde::Serialize;

/// A parsed report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    Section {
        class: Option<String>,
        blocks: Vec<Block>,
    },
    Heading {
        level: u8,
        id: Option<String>,
        inlines: Vec<Inline>,
    },
    Paragraph {
        class: Option<String>,
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Table(Table),
    Figure {
        svg: Svg,
        caption: Vec<Inline>,
    },
    Note {
        blocks: Vec<Block>,
    },
    PageBreak,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub class: Option<String>,
    pub head: Vec<Vec<Cell>>,
    pub body: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub header: bool,
    pub numeric: bool,
    pub colspan: usize,
    pub class: Option<String>,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Em(Vec<Inline>),
    /// Code (SQL): set in a monospace face.
    Code(Vec<Inline>),
    Link {
        href: String,
        children: Vec<Inline>,
    },
    Span {
        class: Option<String>,
        /// The language of the span's text when it is not the document's (`lang="en"`).
        lang: Option<String>,
        children: Vec<Inline>,
    },
    Break,
}

/// An SVG drawing in user units (the viewBox).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Svg {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Shape>,
    /// The chart's text alternative, from its `<title>`: what a screen reader says in its place
    /// (the HTML's `aria-labelledby`, the PDF's `/Alt`).
    pub alt: Option<String>,
}

/// Paint of a shape; `None` means none.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Paint {
    pub fill: Option<String>,
    pub stroke: Option<String>,
    pub stroke_width: f64,
    pub dash: Option<Vec<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        paint: Paint,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        paint: Paint,
    },
    Polyline {
        points: Vec<(f64, f64)>,
        paint: Paint,
    },
    /// Subpaths of straight segments; `bool` says closed.
    Path {
        subpaths: Vec<(Vec<(f64, f64)>, bool)>,
        paint: Paint,
    },
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        paint: Paint,
    },
    Text {
        x: f64,
        y: f64,
        anchor: String,
        size: f64,
        bold: bool,
        fill: String,
        text: String,
    },
}

/// A run of straight segments, and whether it is closed.
pub type Subpath = (Vec<(f64, f64)>, bool);

/// A markup error: what, and where in the rendered output (byte offset).
#[derive(Debug, Clone, PartialEq)]
pub struct MarkupError {
    pub offset: usize,
    pub message: String,
}

type R<T> = Result<T, MarkupError>;

fn err<T>(offset: usize, message: impl Into<String>) -> R<T> {
    Err(MarkupError {
        offset,
        message: message.into(),
    })
}

/// Escapes text for markup (and HTML) content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Parses report markup.
pub fn parse(src: &str) -> Result<Document, MarkupError> {
    let mut p = Parser {
        lex: Lexer::new(src),
        end: src.len(),
    };
    let blocks = p.blocks(None);
    // A malformed token is the error to report wherever it is, as the parser stopped at it or
    // before it: the structure around a bad token says little.
    if let Some(e) = p.lex.first_error() {
        return Err(e);
    }
    Ok(Document { blocks: blocks? })
}

/// The first element that is opened and not closed where it should be: before the close tag of
/// an element opened earlier, or before the end. Its name and the offset of its open tag: where
/// the missing close tag belongs, which a parse error found later does not say.
pub fn unclosed_element(src: &str) -> Option<(String, usize)> {
    let mut lex = Lexer::new(src);
    let mut open: Vec<(String, usize)> = Vec::new();
    while let Some(t) = lex.next() {
        match t {
            lex::Tok::Open {
                name,
                self_closing,
                at,
                ..
            } if !self_closing && name != "br" => open.push((name.into_owned(), at)),
            lex::Tok::Close { name, .. } => match open.iter().rposition(|(n, _)| *n == name) {
                Some(i) if i + 1 == open.len() => {
                    open.pop();
                }
                // Closes an element opened before the innermost: that one is left open.
                Some(_) => return open.pop(),
                None => return None,
            },
            _ => {}
        }
    }
    open.pop()
}

/// The plain text of inline content.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Strong(c)
            | Inline::Em(c)
            | Inline::Code(c)
            | Inline::Link { children: c, .. }
            | Inline::Span { children: c, .. } => s.push_str(&plain_text(c)),
            Inline::Break => s.push(' '),
        }
    }
    s
}

#[cfg(test)]
mod tests;

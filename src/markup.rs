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
    Link {
        href: String,
        children: Vec<Inline>,
    },
    Span {
        class: Option<String>,
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

/// A tag or text token.
#[derive(Debug, Clone)]
enum Tok {
    Open {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        at: usize,
    },
    Close {
        name: String,
        at: usize,
    },
    Text {
        text: String,
        at: usize,
    },
}

fn err<T>(offset: usize, message: impl Into<String>) -> R<T> {
    Err(MarkupError {
        offset,
        message: message.into(),
    })
}

/// Decodes character references.
fn decode(s: &str, at: usize) -> R<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';').filter(|e| *e <= 10) else {
            return err(at, "a bare '&' in text; write &amp;");
        };
        let name = &after[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            n if n.starts_with('#') => {
                let (digits, radix) = match n[1..].strip_prefix(['x', 'X']) {
                    Some(hex) => (hex, 16),
                    None => (&n[1..], 10),
                };
                u32::from_str_radix(digits, radix)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| MarkupError {
                        offset: at,
                        message: format!("bad character reference &{n};"),
                    })?
            }
            n => return err(at, format!("unknown entity &{n};")),
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The markup's tokens, read one at a time as the parser asks for them (with one token of
/// lookahead), not collected first: at 28,000 hubs the collected tokens and their copies had
/// been 50 MiB of a render's peak memory.
struct Lexer<'a> {
    src: &'a str,
    i: usize,
    peeked: Option<Tok>,
    /// The malformed token that reading stopped at, if any.
    error: Option<MarkupError>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src,
            i: 0,
            peeked: None,
            error: None,
        }
    }
    fn peek(&mut self) -> Option<&Tok> {
        if self.peeked.is_none() {
            self.peeked = self.read();
        }
        self.peeked.as_ref()
    }
    fn next(&mut self) -> Option<Tok> {
        self.peeked.take().or_else(|| self.read())
    }
    /// The next token; `None` at the end, or at a malformed token (kept in `error`).
    fn read(&mut self) -> Option<Tok> {
        if self.error.is_some() {
            return None;
        }
        match self.token() {
            Ok(t) => t,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }
    /// The first malformed token from here on, reading to the end.
    fn first_error(&mut self) -> Option<MarkupError> {
        while self.read().is_some() {}
        self.error.take()
    }
    fn token(&mut self) -> R<Option<Tok>> {
        let src = self.src;
        let b = src.as_bytes();
        while self.i < b.len() {
            let i = self.i;
            if b[i] == b'<' {
                if src[i..].starts_with("<!--") {
                    let end = src[i..].find("-->").ok_or_else(|| MarkupError {
                        offset: i,
                        message: "an unclosed comment".into(),
                    })?;
                    self.i += end + 3;
                    continue;
                }
                let end = src[i..].find('>').ok_or_else(|| MarkupError {
                    offset: i,
                    message: "an unclosed tag".into(),
                })? + i;
                let inner = &src[i + 1..end];
                self.i = end + 1;
                if let Some(name) = inner.strip_prefix('/') {
                    return Ok(Some(Tok::Close {
                        name: name.trim().to_ascii_lowercase(),
                        at: i,
                    }));
                }
                let self_closing = inner.ends_with('/');
                let inner = inner.trim_end_matches('/');
                let name_end = inner
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(inner.len());
                let name = inner[..name_end].to_ascii_lowercase();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return err(
                        i,
                        format!(
                            "'<{}' is not a tag; write &lt; for a literal '<'",
                            &inner[..name_end]
                        ),
                    );
                }
                let attrs = parse_attrs(&inner[name_end..], i)?;
                return Ok(Some(Tok::Open {
                    name,
                    attrs,
                    self_closing,
                    at: i,
                }));
            }
            let end = src[i..].find('<').map(|e| e + i).unwrap_or(b.len());
            let raw = &src[i..end];
            if raw.contains('>') {
                return err(
                    i + raw.find('>').unwrap_or(0),
                    "a bare '>' in text; write &gt;",
                );
            }
            self.i = end;
            return Ok(Some(Tok::Text {
                text: decode(raw, i)?,
                at: i,
            }));
        }
        Ok(None)
    }
}

fn parse_attrs(s: &str, at: usize) -> R<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| MarkupError {
            offset: at,
            message: format!("attribute '{}' needs a quoted value", rest.trim()),
        })?;
        let name = rest[..eq].trim().to_ascii_lowercase();
        let after = rest[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| MarkupError {
                offset: at,
                message: format!("the value of attribute '{name}' must be quoted"),
            })?;
        let close = after[1..].find(quote).ok_or_else(|| MarkupError {
            offset: at,
            message: format!("the value of attribute '{name}' is not closed"),
        })?;
        out.push((name, decode(&after[1..1 + close], at)?));
        rest = after[close + 2..].trim_start();
    }
    Ok(out)
}

struct Parser<'a> {
    lex: Lexer<'a>,
    end: usize,
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn only_attrs(attrs: &[(String, String)], allowed: &[&str], tag: &str, at: usize) -> R<()> {
    for (k, _) in attrs {
        if !allowed.contains(&k.as_str()) {
            return err(
                at,
                format!(
                    "attribute '{k}' on <{tag}> is not supported (allowed: {})",
                    if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ),
            );
        }
    }
    Ok(())
}

const INLINE: &[&str] = &["strong", "b", "em", "i", "a", "span", "br"];

impl Parser<'_> {
    fn peek(&mut self) -> Option<&Tok> {
        self.lex.peek()
    }
    fn next(&mut self) -> Option<Tok> {
        self.lex.next()
    }
    /// Passes over the token just peeked at.
    fn skip(&mut self) {
        self.lex.next();
    }
    fn skip_space(&mut self) -> R<()> {
        while let Some(Tok::Text { text, at }) = self.peek() {
            if !text.trim().is_empty() {
                return err(
                    *at,
                    format!(
                        "text '{}' outside a paragraph, heading, list item or table cell",
                        text.trim().chars().take(30).collect::<String>()
                    ),
                );
            }
            self.skip();
        }
        Ok(())
    }
    fn expect_close(&mut self, name: &str) -> R<()> {
        self.skip_space()?;
        match self.next() {
            Some(Tok::Close { name: n, .. }) if n == name => Ok(()),
            Some(Tok::Close { name: n, at }) => err(
                at,
                format!("</{n}> closes <{name}>; the tags are not nested properly"),
            ),
            Some(Tok::Open { name: n, at, .. }) => {
                err(at, format!("<{n}> is not allowed inside <{name}>"))
            }
            _ => err(self.end, format!("<{name}> is never closed")),
        }
    }

    /// Blocks until `</until>` (not consumed) or the end.
    fn blocks(&mut self, until: Option<&str>) -> R<Vec<Block>> {
        let mut out = Vec::new();
        loop {
            self.skip_space()?;
            let end = self.end;
            match self.peek() {
                None => {
                    if let Some(u) = until {
                        return err(end, format!("<{u}> is never closed"));
                    }
                    return Ok(out);
                }
                Some(Tok::Close { name, at }) => {
                    if Some(name.as_str()) == until {
                        return Ok(out);
                    }
                    return err(*at, format!("</{name}> has no matching open tag"));
                }
                Some(Tok::Text { .. }) => unreachable!("skip_space stops only at blank text"),
                Some(Tok::Open { .. }) => {
                    let Some(Tok::Open {
                        name,
                        attrs,
                        self_closing,
                        at,
                    }) = self.next()
                    else {
                        unreachable!("the token peeked at");
                    };
                    out.push(self.block(&name, &attrs, self_closing, at)?);
                }
            }
        }
    }

    fn block(
        &mut self,
        name: &str,
        attrs: &[(String, String)],
        self_closing: bool,
        at: usize,
    ) -> R<Block> {
        let class = attr(attrs, "class").map(str::to_string);
        match name {
            "section" => {
                only_attrs(attrs, &["class", "id"], name, at)?;
                let blocks = self.blocks(Some("section"))?;
                self.expect_close("section")?;
                Ok(Block::Section { class, blocks })
            }
            "h1" | "h2" | "h3" => {
                only_attrs(attrs, &["id", "class"], name, at)?;
                let inlines = self.inlines(name)?;
                Ok(Block::Heading { level: name.as_bytes()[1] - b'0', id: attr(attrs, "id").map(str::to_string), inlines })
            }
            "p" => {
                only_attrs(attrs, &["class"], name, at)?;
                Ok(Block::Paragraph { class, inlines: self.inlines("p")? })
            }
            "ul" | "ol" => {
                only_attrs(attrs, &["class"], name, at)?;
                let mut items = Vec::new();
                loop {
                    self.skip_space()?;
                    match self.next() {
                        Some(Tok::Open { name: li, attrs, at, .. }) if li == "li" => {
                            only_attrs(&attrs, &[], "li", at)?;
                            items.push(self.inlines("li")?);
                        }
                        Some(Tok::Close { name: n, .. }) if n == name => break,
                        Some(Tok::Open { name: n, at, .. }) => return err(at, format!("<{n}> is not allowed directly inside <{name}>; use <li>")),
                        Some(Tok::Close { name: n, at }) => return err(at, format!("</{n}> closes <{name}>")),
                        _ => return err(self.end, format!("<{name}> is never closed")),
                    }
                }
                Ok(Block::List { ordered: name == "ol", items })
            }
            "table" => {
                only_attrs(attrs, &["class"], name, at)?;
                self.table(class)
            }
            "figure" => {
                only_attrs(attrs, &["class"], name, at)?;
                self.skip_space()?;
                let svg = match self.next() {
                    Some(Tok::Open { name: s, attrs, at, .. }) if s == "svg" => self.svg(&attrs, at)?,
                    _ => return err(at, "a <figure> must start with an <svg> chart"),
                };
                self.skip_space()?;
                let mut caption = Vec::new();
                if let Some(Tok::Open { name: c, .. }) = self.peek() {
                    if c == "figcaption" {
                        self.skip();
                        caption = self.inlines("figcaption")?;
                    }
                }
                self.expect_close("figure")?;
                Ok(Block::Figure { svg, caption })
            }
            "aside" => {
                only_attrs(attrs, &["class"], name, at)?;
                let blocks = self.blocks(Some("aside"))?;
                self.expect_close("aside")?;
                Ok(Block::Note { blocks })
            }
            "div" if class.as_deref() == Some("page-break") => {
                if !self_closing {
                    self.expect_close("div")?;
                }
                Ok(Block::PageBreak)
            }
            "div" => err(at, "<div> is supported only as <div class=\"page-break\"></div>; use <section> to group blocks"),
            n if INLINE.contains(&n) => err(at, format!("<{n}> must be inside a paragraph, heading, list item or table cell")),
            n => err(at, format!("<{n}> is not part of the report markup (see the list of supported elements in the README)")),
        }
    }

    fn table(&mut self, class: Option<String>) -> R<Block> {
        let mut t = Table {
            class,
            head: vec![],
            body: vec![],
        };
        let mut section = "";
        loop {
            self.skip_space()?;
            match self.next() {
                Some(Tok::Open { name, at, .. }) => match name.as_str() {
                    "thead" | "tbody" => section = if name == "thead" { "thead" } else { "tbody" },
                    "tr" => {
                        let row = self.row(at)?;
                        let is_head = section == "thead"
                            || (section.is_empty()
                                && t.body.is_empty()
                                && row.iter().all(|c| c.header));
                        if is_head {
                            t.head.push(row);
                        } else {
                            t.body.push(row);
                        }
                    }
                    other => {
                        return err(
                            at,
                            format!(
                            "<{other}> is not allowed inside <table>; use thead, tbody, tr, th, td"
                        ),
                        )
                    }
                },
                Some(Tok::Close { name, at }) => match name.as_str() {
                    "thead" | "tbody" => section = "",
                    "table" => break,
                    other => return err(at, format!("</{other}> inside <table>")),
                },
                _ => return err(self.end, "<table> is never closed"),
            }
        }
        Ok(Block::Table(t))
    }

    fn row(&mut self, at: usize) -> R<Vec<Cell>> {
        let mut cells = Vec::new();
        loop {
            self.skip_space()?;
            match self.next() {
                Some(Tok::Open {
                    name, attrs, at, ..
                }) if name == "th" || name == "td" => {
                    only_attrs(&attrs, &["class", "colspan", "scope"], &name, at)?;
                    let class = attr(&attrs, "class").map(str::to_string);
                    let colspan = match attr(&attrs, "colspan") {
                        Some(c) => {
                            c.parse::<usize>().ok().filter(|c| *c >= 1).ok_or_else(|| {
                                MarkupError {
                                    offset: at,
                                    message: format!("colspan '{c}' is not a positive number"),
                                }
                            })?
                        }
                        None => 1,
                    };
                    let numeric = class
                        .as_deref()
                        .is_some_and(|c| c.split_whitespace().any(|w| w == "num"));
                    let inlines = self.inlines(&name)?;
                    cells.push(Cell {
                        header: name == "th",
                        numeric,
                        colspan,
                        class,
                        inlines,
                    });
                }
                Some(Tok::Close { name, .. }) if name == "tr" => return Ok(cells),
                Some(Tok::Open { name, at, .. }) => {
                    return err(
                        at,
                        format!("<{name}> is not allowed inside <tr>; use th or td"),
                    )
                }
                _ => return err(at, "<tr> is never closed"),
            }
        }
    }

    /// Inline content up to `</until>` (consumed).
    fn inlines(&mut self, until: &str) -> R<Vec<Inline>> {
        let mut out = Vec::new();
        loop {
            match self.next() {
                Some(Tok::Text { text, .. }) => push_text(&mut out, &text),
                Some(Tok::Close { name, .. }) if name == until => return Ok(trim_inlines(out)),
                Some(Tok::Close { name, at }) => return err(at, format!("</{name}> closes <{until}>; the tags are not nested properly")),
                Some(Tok::Open { name, attrs, self_closing, at }) => match name.as_str() {
                    "br" => {
                        only_attrs(&attrs, &[], "br", at)?;
                        if !self_closing {
                            if let Some(Tok::Close { name, .. }) = self.peek() {
                                if name == "br" {
                                    self.skip();
                                }
                            }
                        }
                        out.push(Inline::Break);
                    }
                    "strong" | "b" => {
                        only_attrs(&attrs, &[], &name, at)?;
                        out.push(Inline::Strong(self.inlines(&name)?));
                    }
                    "em" | "i" => {
                        only_attrs(&attrs, &[], &name, at)?;
                        out.push(Inline::Em(self.inlines(&name)?));
                    }
                    "a" => {
                        only_attrs(&attrs, &["href"], "a", at)?;
                        let href = attr(&attrs, "href").ok_or_else(|| MarkupError { offset: at, message: "<a> needs an href".into() })?.to_string();
                        out.push(Inline::Link { href, children: self.inlines("a")? });
                    }
                    "span" => {
                        only_attrs(&attrs, &["class"], "span", at)?;
                        out.push(Inline::Span { class: attr(&attrs, "class").map(str::to_string), children: self.inlines("span")? });
                    }
                    other => return err(at, format!("<{other}> is not allowed inside <{until}> (inline elements only: strong, em, a, span, br)")),
                },
                None => return err(self.end, format!("<{until}> is never closed")),
            }
        }
    }

    fn svg(&mut self, attrs: &[(String, String)], at: usize) -> R<Svg> {
        only_attrs(
            attrs,
            &[
                "width",
                "height",
                "viewbox",
                "xmlns",
                "role",
                "aria-label",
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
        self.shapes("svg", &mut items)?;
        Ok(Svg {
            width,
            height,
            items,
        })
    }

    fn shapes(&mut self, until: &str, items: &mut Vec<Shape>) -> R<()> {
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
                        self.shapes("g", items)?;
                        continue;
                    }
                    if name == "text" {
                        let text = match self.next() {
                            Some(Tok::Text { text, .. }) => {
                                self.expect_close("text")?;
                                text
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

fn f(attrs: &[(String, String)], name: &str, at: usize) -> R<f64> {
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

fn paint(attrs: &[(String, String)], at: usize, default_fill: Option<&str>) -> R<Paint> {
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

const PAINT_ATTRS: [&str; 6] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "class",
    "stroke-linejoin",
];

fn svg_shape(name: &str, attrs: &[(String, String)], at: usize) -> R<Shape> {
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

fn svg_text(attrs: &[(String, String)], text: String, at: usize) -> R<Shape> {
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
fn parse_path(d: &str, at: usize) -> R<Vec<Subpath>> {
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

fn push_text(out: &mut Vec<Inline>, text: &str) {
    // Collapse whitespace as HTML does, but keep Japanese text free of stray spaces: a line break
    // between two CJK characters disappears instead of becoming a space.
    let mut s = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut prev: Option<char> = match out.last() {
        Some(Inline::Text(t)) => t.chars().last(),
        _ => None,
    };
    let mut pending_newline = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
            pending_space = true;
            pending_newline |= c == '\n';
            continue;
        }
        if pending_space {
            let cjk_join = pending_newline && prev.is_some_and(is_cjk) && is_cjk(c);
            if !cjk_join {
                s.push(' ');
            }
            pending_space = false;
            pending_newline = false;
        }
        s.push(c);
        prev = Some(c);
    }
    if pending_space {
        s.push(' ');
    }
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        t.push_str(&s);
    } else {
        out.push(Inline::Text(s));
    }
}

/// Whether a character is Japanese/Chinese script or full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Trims leading and trailing spaces of inline content.
fn trim_inlines(mut v: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = v.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        *t = t.trim_end().to_string();
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    v
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

/// The plain text of inline content.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Strong(c)
            | Inline::Em(c)
            | Inline::Link { children: c, .. }
            | Inline::Span { children: c, .. } => s.push_str(&plain_text(c)),
            Inline::Break => s.push(' '),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let doc = parse(
            "<section class=\"cover\"><h1 id=\"t\">報告 &amp; <em>概要</em></h1></section>\n<p class=\"note\">一行目\n二行目 and <strong>bold</strong><br>next</p>\
             <ul><li>a</li><li>b</li></ul><table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody><tr><td>東京</td><td class=\"num\">1,234</td></tr></tbody></table>\
             <figure><svg viewBox=\"0 0 100 50\"><rect x=\"0\" y=\"0\" width=\"10\" height=\"5\" fill=\"#ff0000\"/><text x=\"1\" y=\"2\" text-anchor=\"end\">ベトナム</text><path d=\"M0 0 L10 10 H20 V5 Z\" fill=\"none\" stroke=\"#000000\"/></svg><figcaption>図</figcaption></figure>\
             <div class=\"page-break\"></div>",
        )
        .unwrap();
        assert_eq!(doc.blocks.len(), 6);
        match &doc.blocks[1] {
            Block::Paragraph { inlines, .. } => {
                assert_eq!(plain_text(inlines), "一行目二行目 and bold next")
            }
            other => panic!("{other:?}"),
        }
        match &doc.blocks[3] {
            Block::Table(t) => {
                assert_eq!(t.head.len(), 1);
                assert!(t.body[0][1].numeric);
            }
            other => panic!("{other:?}"),
        }
        match &doc.blocks[4] {
            Block::Figure { svg, .. } => {
                assert_eq!(svg.items.len(), 3);
                assert!(
                    matches!(&svg.items[2], Shape::Path { subpaths, .. } if subpaths[0].0.len() == 4 && subpaths[0].1)
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn constructs_outside_the_subset_are_errors_with_offsets() {
        for (src, needle) in [
            ("<p>ok</p><div>x</div>", "<div> is supported only"),
            ("<p>ok</p><script>x</script>", "<script> is not part"),
            (
                "<p>a <img src=\"x\"> b</p>",
                "<img> is not allowed inside <p>",
            ),
            ("<p>unclosed", "never closed"),
            ("<p>a</b></p>", "</b> closes <p>"),
            ("loose text", "outside a paragraph"),
            ("<p class=x>a</p>", "must be quoted"),
            (
                "<figure><svg viewBox=\"0 0 1 1\"><ellipse/></svg></figure>",
                "<ellipse> is not supported",
            ),
            ("<p>a &bogus; b</p>", "unknown entity"),
        ] {
            let e = parse(src).unwrap_err();
            assert!(e.message.contains(needle), "{src}: {}", e.message);
            assert!(e.offset <= src.len());
        }
        assert_eq!(parse("<p>ok</p><div>x</div>").unwrap_err().offset, 9);
    }

    #[test]
    fn a_malformed_token_is_the_error_even_after_the_structure_broke_before_it() {
        // The tokens are read as the parser goes; the stray </b> stops the parser first, and the
        // bare '&' further on is still the error reported, with its offset.
        let src = "<p>a</b></p><p>x & y</p>";
        let e = parse(src).unwrap_err();
        assert!(e.message.contains("bare '&'"), "{}", e.message);
        assert_eq!(e.offset, src.find("x & y").unwrap());
        // Without one, the structural error stands.
        let e = parse("<p>a</b></p><p>x &amp; y</p>").unwrap_err();
        assert!(e.message.contains("</b> closes <p>"), "{}", e.message);
        // A long document is read to its end.
        let many = "<p>病院</p>".repeat(10_000);
        assert_eq!(parse(&many).unwrap().blocks.len(), 10_000);
    }

    #[test]
    fn entities_and_escaped_script() {
        let doc = parse("<p>&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; 病院</p>").unwrap();
        match &doc.blocks[0] {
            Block::Paragraph { inlines, .. } => {
                assert_eq!(plain_text(inlines), "<script>alert(1)</script> & 病院")
            }
            other => panic!("{other:?}"),
        }
    }
}

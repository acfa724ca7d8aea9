//! The parser: tokens to blocks and inlines, refusing whatever is outside the subset.

use super::lex::{Attr, Lexer, Tok};
use super::{err, Block, Cell, Inline, MarkupError, Table, R};

pub(super) struct Parser<'a> {
    pub(super) lex: Lexer<'a>,
    /// The length of the source: where an unclosed element is reported.
    pub(super) end: usize,
}

pub(super) fn attr<'a>(attrs: &'a [Attr<'_>], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| &**v)
}

pub(super) fn only_attrs(attrs: &[Attr<'_>], allowed: &[&str], tag: &str, at: usize) -> R<()> {
    for (k, _) in attrs {
        if !allowed.contains(&&**k) {
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

pub(super) const INLINE: &[&str] = &["strong", "b", "em", "i", "code", "a", "span", "br"];

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Option<&Tok<'a>> {
        self.lex.peek()
    }
    pub(super) fn next(&mut self) -> Option<Tok<'a>> {
        self.lex.next()
    }
    /// Passes over the token just peeked at.
    pub(super) fn skip(&mut self) {
        self.lex.next();
    }
    pub(super) fn skip_space(&mut self) -> R<()> {
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
    pub(super) fn expect_close(&mut self, name: &str) -> R<()> {
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
    pub(super) fn blocks(&mut self, until: Option<&str>) -> R<Vec<Block>> {
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
                    if Some(&**name) == until {
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

    pub(super) fn block(
        &mut self,
        name: &str,
        attrs: &[Attr<'_>],
        self_closing: bool,
        at: usize,
    ) -> R<Block> {
        let class = attr(attrs, "class").map(str::to_string);
        match name {
            "section" => {
                only_attrs(attrs, &["class", "id"], name, at)?;
                check_classes(class.as_deref(), &["cover"], name, at)?;
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
                // Both writers style exactly these; any other would look right in one and not the other.
                if let Some(c) = class.as_deref().filter(|c| !["lead", "meta", "note"].contains(c)) {
                    return err(at, format!("<p class=\"{c}\"> is not a paragraph style: use lead, meta or note (or no class)"));
                }
                Ok(Block::Paragraph { class, inlines: self.inlines("p")? })
            }
            "ul" | "ol" => {
                only_attrs(attrs, &["class"], name, at)?;
                self.list(name)
            }
            "table" => {
                only_attrs(attrs, &["class"], name, at)?;
                self.table(class)
            }
            "figure" => {
                only_attrs(attrs, &["class"], name, at)?;
                self.figure(at)
            }
            "aside" => {
                only_attrs(attrs, &["class"], name, at)?;
                check_classes(class.as_deref(), &["note"], name, at)?;
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

    /// A list's items, up to its closing tag.
    fn list(&mut self, name: &str) -> R<Block> {
        let mut items = Vec::new();
        loop {
            self.skip_space()?;
            match self.next() {
                Some(Tok::Open {
                    name: li,
                    attrs,
                    at,
                    ..
                }) if li == "li" => {
                    only_attrs(&attrs, &[], "li", at)?;
                    items.push(self.inlines("li")?);
                }
                Some(Tok::Close { name: n, .. }) if n == name => break,
                Some(Tok::Open { name: n, at, .. }) => {
                    return err(
                        at,
                        format!("<{n}> is not allowed directly inside <{name}>; use <li>"),
                    )
                }
                Some(Tok::Close { name: n, at }) => {
                    return err(at, format!("</{n}> closes <{name}>"))
                }
                _ => return err(self.end, format!("<{name}> is never closed")),
            }
        }
        Ok(Block::List {
            ordered: name == "ol",
            items,
        })
    }

    /// A figure: its chart and its caption, up to its closing tag.
    fn figure(&mut self, at: usize) -> R<Block> {
        self.skip_space()?;
        let svg = match self.next() {
            Some(Tok::Open {
                name: s, attrs, at, ..
            }) if s == "svg" => self.svg(&attrs, at)?,
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

    pub(super) fn table(&mut self, class: Option<String>) -> R<Block> {
        let mut t = Table {
            class,
            head: vec![],
            body: vec![],
        };
        let mut section = "";
        loop {
            self.skip_space()?;
            match self.next() {
                Some(Tok::Open { name, at, .. }) => match &*name {
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
                Some(Tok::Close { name, at }) => match &*name {
                    "thead" | "tbody" => section = "",
                    "table" => break,
                    other => return err(at, format!("</{other}> inside <table>")),
                },
                _ => return err(self.end, "<table> is never closed"),
            }
        }
        Ok(Block::Table(t))
    }

    pub(super) fn row(&mut self, at: usize) -> R<Vec<Cell>> {
        let mut cells = Vec::new();
        loop {
            self.skip_space()?;
            match self.next() {
                Some(Tok::Open {
                    name, attrs, at, ..
                }) if name == "th" || name == "td" => {
                    only_attrs(&attrs, &["class", "colspan", "scope"], &name, at)?;
                    let class = attr(&attrs, "class").map(str::to_string);
                    check_classes(
                        class.as_deref(),
                        &[
                            "num", "nowrap", "name", "words", "w10", "w15", "w20", "w25", "w30",
                            "w35", "w40", "w50",
                        ],
                        &name,
                        at,
                    )?;
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
    pub(super) fn inlines(&mut self, until: &str) -> R<Vec<Inline>> {
        let mut out = Vec::new();
        loop {
            match self.next() {
                Some(Tok::Text { text, .. }) => push_text(&mut out, &text),
                Some(Tok::Close { name, .. }) if name == until => return Ok(trim_inlines(out)),
                Some(Tok::Close { name, at }) => return err(at, format!("</{name}> closes <{until}>; the tags are not nested properly")),
                Some(Tok::Open { name, attrs, self_closing, at }) => match &*name {
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
                    "code" => {
                        only_attrs(&attrs, &[], "code", at)?;
                        out.push(Inline::Code(self.inlines("code")?));
                    }
                    "a" => {
                        only_attrs(&attrs, &["href"], "a", at)?;
                        let href = attr(&attrs, "href").ok_or_else(|| MarkupError { offset: at, message: "<a> needs an href".into() })?.to_string();
                        check_href(&href, at)?;
                        out.push(Inline::Link { href, children: self.inlines("a")? });
                    }
                    "span" => {
                        only_attrs(&attrs, &["class", "lang"], "span", at)?;
                        let lang = attr(&attrs, "lang").map(|l| check_lang(l, at)).transpose()?;
                        check_classes(attr(&attrs, "class"), RAG_CLASSES, "span", at)?;
                        out.push(Inline::Span { class: attr(&attrs, "class").map(str::to_string), lang, children: self.inlines("span")? });
                    }
                    other => return err(at, format!("<{other}> is not allowed inside <{until}> (inline elements only: strong, em, code, a, span, br)")),
                },
                None => return err(self.end, format!("<{until}> is never closed")),
            }
        }
    }
}

pub(super) fn push_text(out: &mut Vec<Inline>, text: &str) {
    // Collapse whitespace as HTML does, but keep Japanese text free of stray spaces: a line break
    // between two CJK characters disappears instead of becoming a space.
    if !text.contains(char::is_whitespace) {
        // Nothing to collapse (most cells): the text as it is.
        match out.last_mut() {
            Some(Inline::Text(t)) => t.push_str(text),
            _ if text.is_empty() => {}
            _ => out.push(Inline::Text(text.to_string())),
        }
        return;
    }
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

/// Trims leading and trailing spaces of inline content (in place: most cells have none).
pub(super) fn trim_inlines(mut v: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = v.first_mut() {
        let spaces = t.len() - t.trim_start().len();
        t.drain(..spaces);
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        t.truncate(t.trim_end().len());
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    v
}

/// A link goes to the web, to a mail address or to a place in the report: `http:`, `https:`,
/// `mailto:` or `#fragment`. Anything else (`javascript:`, `file:`, a path) is refused, whatever
/// its case or the spaces before it.
fn check_href(href: &str, at: usize) -> R<()> {
    let h = href.trim_start().to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "#"]
        .iter()
        .any(|p| h.starts_with(p))
    {
        return Ok(());
    }
    err(
        at,
        format!("<a href=\"{href}\"> is not allowed: a link must start with http://, https://, mailto: or #"),
    )
}

/// A `lang` attribute: a language tag such as `ja`, `en` or `en-GB` (letters, digits and hyphens,
/// starting with a two- or three-letter language), which the HTML and the PDF pass on to a screen
/// reader as the language of the text.
fn check_lang(lang: &str, at: usize) -> R<String> {
    let mut parts = lang.split('-');
    let primary = parts.next().unwrap_or_default();
    let ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(lang.to_string())
    } else {
        err(at, format!("lang=\"{lang}\" is not a language tag; write one such as lang=\"ja\" or lang=\"en\""))
    }
}

/// A RAG badge's classes: `rag` and one of its colours.
const RAG_CLASSES: &[&str] = &[
    "rag",
    "rag-achieved",
    "rag-green",
    "rag-amber-green",
    "rag-amber",
    "rag-amber-red",
    "rag-red",
    "rag-no-data",
];

/// Refuses a class that neither writer knows on an element whose classes mean something to them
/// (a misspelt `class="nmu"` would otherwise be a left-aligned number, without a word).
fn check_classes(class: Option<&str>, known: &[&str], element: &str, at: usize) -> R<()> {
    for c in class.unwrap_or_default().split_whitespace() {
        if !known.contains(&c) {
            return err(
                at,
                format!(
                    "class \"{c}\" on <{element}> is not one the report markup knows: use {} (see `tenkai report reference`)",
                    known.join(", ")
                ),
            );
        }
    }
    Ok(())
}

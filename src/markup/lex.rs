//! The lexer: report markup to tags and text, with character references decoded and attributes
//! read. A malformed token is remembered, as it is the error to report wherever it is.

use super::{err, MarkupError, R};
use std::borrow::Cow;

/// An attribute's name (lowercase) and its value (decoded).
pub(super) type Attr<'a> = (Cow<'a, str>, Cow<'a, str>);

/// A tag or text token. Its names and text borrow the markup where they are as written (a
/// lowercase name, text without a character reference), which is nearly always: a large report
/// is read without a string of its own per token.
#[derive(Debug, Clone)]
pub(super) enum Tok<'a> {
    Open {
        name: Cow<'a, str>,
        attrs: Vec<Attr<'a>>,
        self_closing: bool,
        at: usize,
    },
    Close {
        name: Cow<'a, str>,
        at: usize,
    },
    Text {
        text: Cow<'a, str>,
        at: usize,
    },
}

/// A name in lowercase, borrowed when it is written so.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Decodes character references.
pub(super) fn decode(s: &str, at: usize) -> R<Cow<'_, str>> {
    if !s.contains('&') {
        return Ok(Cow::Borrowed(s));
    }
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
    Ok(Cow::Owned(out))
}

/// The markup's tokens, read one at a time as the parser asks for them (with one token of
/// lookahead), not collected first: a large report's tokens are never all in memory at once.
pub(super) struct Lexer<'a> {
    src: &'a str,
    i: usize,
    peeked: Option<Tok<'a>>,
    /// The malformed token that reading stopped at, if any.
    error: Option<MarkupError>,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src,
            i: 0,
            peeked: None,
            error: None,
        }
    }
    pub(super) fn peek(&mut self) -> Option<&Tok<'a>> {
        if self.peeked.is_none() {
            self.peeked = self.read();
        }
        self.peeked.as_ref()
    }
    pub(super) fn next(&mut self) -> Option<Tok<'a>> {
        self.peeked.take().or_else(|| self.read())
    }
    /// The next token; `None` at the end, or at a malformed token (kept in `error`).
    pub(super) fn read(&mut self) -> Option<Tok<'a>> {
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
    pub(super) fn first_error(&mut self) -> Option<MarkupError> {
        while self.read().is_some() {}
        self.error.take()
    }
    pub(super) fn token(&mut self) -> R<Option<Tok<'a>>> {
        let src: &'a str = self.src;
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
                        name: lowercase(name.trim()),
                        at: i,
                    }));
                }
                let self_closing = inner.ends_with('/');
                let inner = inner.trim_end_matches('/');
                let name_end = inner
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(inner.len());
                let name = lowercase(&inner[..name_end]);
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

pub(super) fn parse_attrs(s: &str, at: usize) -> R<Vec<Attr<'_>>> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| MarkupError {
            offset: at,
            message: format!("attribute '{}' needs a quoted value", rest.trim()),
        })?;
        let name = lowercase(rest[..eq].trim());
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

//! Markup read as it is written: the text comes in pieces (a template's output, as the template
//! writes it), and what it holds comes out as soon as it is complete, so that a writer can put it
//! out and forget it. A table at the top level (a report's annex: one row per hub) comes out row by
//! row; anything else at the top level comes out as whole blocks.
//!
//! Every unit is parsed by the whole-document parser ([`mod@super::parse`]'s rules, the same code),
//! and the few tags read here between units (a top-level table's own tags) are checked as it
//! checks them. Whatever this reader does not follow the parser in (text between blocks that is
//! not blank, a row that does not end where its `</tr>` is, anything malformed) makes it
//! [`Stop`]: it never puts out what the whole-document parse would refuse or read otherwise, and
//! the caller then parses the whole text, which says what is wrong and where.

use super::lex::{Lexer, Tok};
use super::parse::{attr, only_attrs, Parser};
use super::{Block, Cell};

/// A complete part of a document, in the order of the markup.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// Blocks at the top level (anything there but a table).
    Blocks(Vec<Block>),
    /// A table at the top level opens: its class. Its rows follow, then [`Piece::TableClose`].
    TableOpen(Option<String>),
    /// A row of the open table, and whether it belongs to the table's head.
    Row(Vec<Cell>, bool),
    TableClose,
}

/// Reading stopped: the markup is not one this reader follows the parser in (see the module's
/// documentation), or the receiver of the pieces refused one.
#[derive(Debug, PartialEq)]
pub struct Stop;

/// Unscanned text kept before it is scanned for complete units: a template writes in small
/// pieces, and scanning after each would cost more than the text.
const SCAN_AFTER: usize = 16 * 1024;

/// The reader: text not yet put out, and where the scan of it stands.
#[derive(Default)]
pub struct Splitter {
    buf: String,
    /// Where the unit being read starts in `buf`.
    start: usize,
    /// How far `buf` has been scanned.
    pos: usize,
    /// The elements open in the unit being read.
    depth: usize,
    /// The top-level table being read, if any.
    table: Option<TableAt>,
}

/// A top-level table being read: the part (`thead`, `tbody` or neither) and whether a body row
/// came, which is how the parser tells a head row from a body row.
struct TableAt {
    thead: Option<bool>,
    body: bool,
}

/// A token as this reader needs it: where units begin and end.
enum Kind<'a> {
    Comment,
    Text,
    Open { name: &'a str, self_closing: bool },
    Close { name: &'a str },
}

impl Splitter {
    /// Adds text; `emit` is given each piece that is now complete, and returns false to stop.
    pub fn push(&mut self, text: &str, emit: &mut dyn FnMut(Piece) -> bool) -> Result<(), Stop> {
        self.buf.push_str(text);
        if self.buf.len() - self.pos < SCAN_AFTER {
            return Ok(());
        }
        self.scan(false, emit)
    }

    /// The end of the text: puts out the rest, which must end the units it opened.
    pub fn finish(mut self, emit: &mut dyn FnMut(Piece) -> bool) -> Result<(), Stop> {
        self.scan(true, emit)?;
        if self.depth > 0 || self.table.is_some() || self.start < self.buf.len() {
            return Err(Stop);
        }
        Ok(())
    }

    /// Scans the text as far as its tokens are complete (at the `last` text, to its end).
    fn scan(&mut self, last: bool, emit: &mut dyn FnMut(Piece) -> bool) -> Result<(), Stop> {
        while let Some(len) = token_len(&self.buf[self.pos..], last)? {
            let at = self.pos;
            self.pos += len;
            if self.depth == 0 && self.start == at {
                self.between(at, emit)?;
            } else {
                self.within(at);
                if self.depth == 0 {
                    self.unit(emit)?;
                }
            }
        }
        self.buf.drain(..self.start);
        self.pos -= self.start;
        self.start = 0;
        Ok(())
    }

    /// A token between units (at the top level, or directly inside a top-level table).
    fn between(&mut self, at: usize, emit: &mut dyn FnMut(Piece) -> bool) -> Result<(), Stop> {
        let tok = &self.buf[at..self.pos];
        match (kind(tok), &mut self.table) {
            (Kind::Comment, _) => {}
            (Kind::Text, _) if tok.trim().is_empty() => {}
            (Kind::Text, _) => return Err(Stop),
            (Kind::Open { name, .. }, None) if name.eq_ignore_ascii_case("table") => {
                let class = table_class(tok)?;
                self.table = Some(TableAt {
                    thead: None,
                    body: false,
                });
                ok(emit(Piece::TableOpen(class)))?;
            }
            (Kind::Open { name, .. }, Some(t)) if name.eq_ignore_ascii_case("thead") => {
                t.thead = Some(true)
            }
            (Kind::Open { name, .. }, Some(t)) if name.eq_ignore_ascii_case("tbody") => {
                t.thead = Some(false)
            }
            (Kind::Open { name, .. }, Some(_)) if !name.eq_ignore_ascii_case("tr") => {
                return Err(Stop)
            }
            (Kind::Open { name, self_closing }, _) => {
                if self_closing || name.eq_ignore_ascii_case("br") {
                    return self.unit(emit);
                }
                self.depth = 1;
                return Ok(());
            }
            (Kind::Close { name }, Some(t))
                if name.eq_ignore_ascii_case("thead") || name.eq_ignore_ascii_case("tbody") =>
            {
                t.thead = None
            }
            (Kind::Close { name }, Some(_)) if name.eq_ignore_ascii_case("table") => {
                self.table = None;
                ok(emit(Piece::TableClose))?;
            }
            (Kind::Close { .. }, _) => return Err(Stop),
        }
        self.start = self.pos;
        Ok(())
    }

    /// A token inside a unit: the elements it opens and closes.
    fn within(&mut self, at: usize) {
        match kind(&self.buf[at..self.pos]) {
            Kind::Open { name, self_closing }
                if !self_closing && !name.eq_ignore_ascii_case("br") =>
            {
                self.depth += 1
            }
            Kind::Close { name } if !name.eq_ignore_ascii_case("br") => self.depth -= 1,
            _ => {}
        }
    }

    /// The unit from `start` to `pos` is complete: parsed, and put out.
    fn unit(&mut self, emit: &mut dyn FnMut(Piece) -> bool) -> Result<(), Stop> {
        let text = &self.buf[self.start..self.pos];
        self.start = self.pos;
        let piece = match &mut self.table {
            None => Piece::Blocks(super::parse(text).map_err(|_| Stop)?.blocks),
            Some(t) => {
                let cells = row(text)?;
                let head = match t.thead {
                    Some(thead) => thead,
                    None => !t.body && cells.iter().all(|c| c.header),
                };
                t.body |= !head;
                Piece::Row(cells, head)
            }
        };
        ok(emit(piece))
    }
}

fn ok(go_on: bool) -> Result<(), Stop> {
    if go_on {
        Ok(())
    } else {
        Err(Stop)
    }
}

/// The length of the token at the start of `rest`: a comment, a tag or a run of text, cut where
/// the lexer cuts them. `None` when it may go on in text still to come.
fn token_len(rest: &str, last: bool) -> Result<Option<usize>, Stop> {
    if rest.is_empty() {
        return Ok(None);
    }
    let end = if rest.starts_with("<!--") {
        rest.find("-->").map(|e| e + 3)
    } else if rest.starts_with('<') {
        rest.find('>').map(|e| e + 1)
    } else {
        Some(rest.find('<').unwrap_or(if last { rest.len() } else { 0 }))
    };
    match end {
        Some(0) => Ok(None),
        Some(e) => Ok(Some(e)),
        // An unclosed comment or tag at the end: the parser says what.
        None if last => Err(Stop),
        None => Ok(None),
    }
}

fn kind(tok: &str) -> Kind<'_> {
    if tok.starts_with("<!--") {
        return Kind::Comment;
    }
    let Some(inner) = tok.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return Kind::Text;
    };
    if let Some(name) = inner.strip_prefix('/') {
        return Kind::Close { name: name.trim() };
    }
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/');
    let end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    Kind::Open {
        name: &inner[..end],
        self_closing,
    }
}

/// A top-level `<table>` tag's class, checked as the parser checks it.
fn table_class(tag: &str) -> Result<Option<String>, Stop> {
    let Some(Tok::Open {
        name, attrs, at, ..
    }) = Lexer::new(tag).next()
    else {
        return Err(Stop);
    };
    only_attrs(&attrs, &["class"], &name, at).map_err(|_| Stop)?;
    Ok(attr(&attrs, "class").map(str::to_string))
}

/// A `<tr>…</tr>` unit's cells, read by the parser's own row reader, which must end at its end.
fn row(text: &str) -> Result<Vec<Cell>, Stop> {
    let mut p = Parser {
        lex: Lexer::new(text),
        end: text.len(),
    };
    let Some(Tok::Open { name, at, .. }) = p.next() else {
        return Err(Stop);
    };
    if name != "tr" {
        return Err(Stop);
    }
    let cells = p.row(at).map_err(|_| Stop)?;
    if p.next().is_some() || p.lex.first_error().is_some() {
        return Err(Stop);
    }
    Ok(cells)
}

#[cfg(test)]
mod tests;

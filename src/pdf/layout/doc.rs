//! The document as the layout reads it: the markup's blocks, each table's rows kept compact.
//! A 1000× report's annex is 28,000 rows of five cells; as markup cells (a cell, its class, a
//! list of inlines and a text each) they took some 30 MiB beside the context. Here a row's cells
//! that are plain text keep their text in one buffer of the table's, with a 16-byte record each;
//! only a cell with inline markup (a link, a span in another language, a line break) keeps its
//! inlines. The column widths need every row before the first is drawn, so the rows stay,
//! compact, until the table is laid out.
//!
//! A document is made from a parsed markup document ([`Doc::of`]), or piece by piece as the
//! markup is read ([`Doc::push`], the pieces of [`crate::markup::stream`]), so that a large
//! report's markup text and its document tree are never whole in memory.

use crate::markup::{self, stream, Inline, Svg};

/// A document to lay out.
#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    /// The top-level table being read, as [`Doc::push`] gets it row by row.
    open: Option<Table>,
}

/// A block, as [`markup::Block`] (a heading's id is not drawn), with its tables' rows compact.
#[derive(Debug)]
pub enum Block {
    Section {
        class: Option<String>,
        blocks: Vec<Block>,
    },
    Heading {
        level: u8,
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

/// A table: its class, and its head's and body's rows.
#[derive(Debug, Default)]
pub struct Table {
    pub class: Option<String>,
    pub head: Rows,
    pub body: Rows,
}

/// Rows of cells, kept compact (see the module's documentation).
#[derive(Debug, Default)]
pub struct Rows {
    /// Each row's first cell in `cells`.
    starts: Vec<u32>,
    cells: Vec<Record>,
    /// The text of the cells that are plain text, one after another.
    text: String,
    /// The inlines of the other cells.
    rich: Vec<Vec<Inline>>,
    /// The cells' classes, each once; a cell's class is its index here plus one (0 for none).
    classes: Vec<String>,
}

/// A cell as it is kept: where its content is (its text's start and length in [`Rows::text`],
/// or its index in [`Rows::rich`]), its column span and class, and its flags.
#[derive(Debug, Clone, Copy)]
struct Record {
    at: u32,
    len: u32,
    colspan: u16,
    class: u16,
    header: bool,
    numeric: bool,
    rich: bool,
}

/// A table cell as the layout reads it.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub header: bool,
    pub numeric: bool,
    pub colspan: usize,
    pub class: Option<&'a str>,
    pub content: Content<'a>,
}

/// What a cell holds: plain text, or inline markup.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Text(&'a str),
    Inlines(&'a [Inline]),
}

impl Rows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Row `i`'s cells.
    pub fn row(&self, i: usize) -> Vec<Cell<'_>> {
        let from = self.starts[i] as usize;
        let to = self
            .starts
            .get(i + 1)
            .map_or(self.cells.len(), |&s| s as usize);
        self.cells[from..to].iter().map(|r| self.cell(r)).collect()
    }

    /// The rows' cells, row by row.
    pub fn iter(&self) -> impl Iterator<Item = Vec<Cell<'_>>> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    fn cell(&self, r: &Record) -> Cell<'_> {
        let (at, len) = (r.at as usize, r.len as usize);
        Cell {
            header: r.header,
            numeric: r.numeric,
            colspan: usize::from(r.colspan),
            class: (r.class > 0).then(|| self.classes[usize::from(r.class) - 1].as_str()),
            content: match r.rich {
                true => Content::Inlines(&self.rich[at]),
                false => Content::Text(&self.text[at..at + len]),
            },
        }
    }

    /// Adds a row of markup cells.
    pub fn push(&mut self, cells: Vec<markup::Cell>) {
        self.starts.push(count(self.cells.len()));
        for c in cells {
            let class = match c.class {
                None => 0,
                Some(k) => match self.classes.iter().position(|known| *known == k) {
                    Some(i) => i + 1,
                    None => {
                        self.classes.push(k);
                        self.classes.len()
                    }
                },
            };
            let (rich, at, len) = match <[Inline; 1]>::try_from(c.inlines) {
                Ok([Inline::Text(t)]) => {
                    let at = self.text.len();
                    self.text.push_str(&t);
                    (false, at, t.len())
                }
                Ok(one) => {
                    self.rich.push(one.into());
                    (true, self.rich.len() - 1, 0)
                }
                Err(inlines) => {
                    self.rich.push(inlines);
                    (true, self.rich.len() - 1, 0)
                }
            };
            self.cells.push(Record {
                at: count(at),
                len: count(len),
                colspan: u16::try_from(c.colspan).unwrap_or(u16::MAX),
                class: u16::try_from(class).expect("fewer than 65,536 classes in a table"),
                header: c.header,
                numeric: c.numeric,
                rich,
            });
        }
    }

    /// Gives back the room kept for rows to come.
    fn shrink(&mut self) {
        self.starts.shrink_to_fit();
        self.cells.shrink_to_fit();
        self.text.shrink_to_fit();
        self.rich.shrink_to_fit();
    }
}

/// An index or a length as a record keeps it.
fn count(n: usize) -> u32 {
    u32::try_from(n).expect("a table of less than 4 GiB")
}

impl Table {
    fn of(t: markup::Table) -> Table {
        let mut table = Table {
            class: t.class,
            ..Table::default()
        };
        t.head.into_iter().for_each(|r| table.head.push(r));
        t.body.into_iter().for_each(|r| table.body.push(r));
        table.head.shrink();
        table.body.shrink();
        table
    }
}

impl Block {
    fn of(b: markup::Block) -> Block {
        let all = |blocks: Vec<markup::Block>| blocks.into_iter().map(Block::of).collect();
        match b {
            markup::Block::Section { class, blocks } => Block::Section {
                class,
                blocks: all(blocks),
            },
            markup::Block::Heading { level, inlines, .. } => Block::Heading { level, inlines },
            markup::Block::Paragraph { class, inlines } => Block::Paragraph { class, inlines },
            markup::Block::List { ordered, items } => Block::List { ordered, items },
            markup::Block::Table(t) => Block::Table(Table::of(t)),
            markup::Block::Figure { svg, caption } => Block::Figure { svg, caption },
            markup::Block::Note { blocks } => Block::Note {
                blocks: all(blocks),
            },
            markup::Block::PageBreak => Block::PageBreak,
        }
    }
}

impl Doc {
    /// The document of parsed markup.
    pub fn of(doc: markup::Document) -> Doc {
        Doc {
            blocks: doc.blocks.into_iter().map(Block::of).collect(),
            open: None,
        }
    }

    /// Adds a piece of markup read as it is written; false where it cannot follow (a row or the
    /// end of a table that is not open, a table opened inside another).
    pub fn push(&mut self, piece: stream::Piece) -> bool {
        match (piece, &mut self.open) {
            (stream::Piece::Blocks(blocks), None) => {
                self.blocks.extend(blocks.into_iter().map(Block::of))
            }
            (stream::Piece::TableOpen(class), None) => {
                self.open = Some(Table {
                    class,
                    ..Table::default()
                })
            }
            (stream::Piece::Row(cells, true), Some(t)) => t.head.push(cells),
            (stream::Piece::Row(cells, false), Some(t)) => t.body.push(cells),
            (stream::Piece::TableClose, Some(_)) => {
                let mut t = self.open.take().expect("matched as open");
                t.head.shrink();
                t.body.shrink();
                self.blocks.push(Block::Table(t));
            }
            _ => return false,
        }
        true
    }

    /// The complete document; `None` while a table is still open.
    pub fn finish(self) -> Option<Doc> {
        self.open.is_none().then_some(self)
    }
}

/// A document read as its markup is written: what a template writes goes in (this is its
/// `io::Write`), and each piece of it goes into the document as soon as it is complete
/// ([`stream::Splitter`]). Markup the reader does not follow makes its writes fail, and
/// [`Reader::finish`] gives `None`: the caller then parses the whole markup, which says what is
/// wrong, if anything.
#[derive(Default)]
pub struct Reader {
    split: stream::Splitter,
    doc: Doc,
    stopped: bool,
}

impl Reader {
    /// The document, once its markup is all read.
    pub fn finish(mut self) -> Option<Doc> {
        if self.stopped {
            return None;
        }
        let doc = &mut self.doc;
        self.split.finish(&mut |p| doc.push(p)).ok()?;
        self.doc.finish()
    }
}

impl std::io::Write for Reader {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.stopped {
            let doc = &mut self.doc;
            let read = std::str::from_utf8(buf)
                .map_err(|_| stream::Stop)
                .and_then(|text| self.split.push(text, &mut |p| doc.push(p)));
            self.stopped = read.is_err();
        }
        match self.stopped {
            true => Err(std::io::Error::other("the markup reader stopped")),
            false => Ok(buf.len()),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "doc_tests.rs"]
mod tests;

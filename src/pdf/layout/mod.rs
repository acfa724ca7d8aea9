//! Page layout: a pure function from the report markup, a text measurer and a page style to
//! positioned items on A4 pages. No I/O; the writer turns the pages into PDF.
//!
//! Coordinates are points from the top-left corner of the page. The engine here walks the blocks
//! and keeps the page state; [`text`] wraps and places lines (UAX #14 and kinsoku), [`table`]
//! sizes and splits tables, [`figure`] draws charts, [`marks`] marks each drawn item with the
//! structure element it is part of (for the tagged PDF), [`page`] holds the page's size and margins
//! and draws its running header and page number, [`keep`] says what a block keeps with it on its
//! page, and [`style`] holds the sizes and colours. Headings are kept with what follows, tables repeat their header rows on every page they
//! cross and split a row taller than a page, and paragraphs avoid single-line orphans and widows.

mod cells;
mod doc;
mod faces;
mod figure;
mod keep;
mod marks;
mod page;
mod passes;
mod style;
mod table;
mod text;
mod words;
#[cfg(test)]
mod words_tests;

use super::fonts::CharSet;
use super::structure::{NodeId, Role, Scope, Structure, ARTIFACT, PAGINATION};
use crate::markup::{self, Document, Inline, Shape};
use doc::Block;
pub use doc::{Doc, Reader, Table};
pub use faces::faces;
use figure::*;
use page::paginate;
pub use page::PageStyle;
pub use passes::{count, layout, layout_doc, Counted, Laid};
use std::rc::Rc;
use style::*;
use text::*;

use table::{ORPHAN_ROWS, SAMPLE_ROWS};

pub use style::{Rgb, ACCENT, INK, MUTED, RULE};

/// A face of the PDF's fonts: what a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
    /// The monospace face of code (SQL), for the characters it draws (see [`Face::code`]).
    Mono,
}

impl Face {
    /// The number of faces, and each face's index in arrays of them (`[regular, bold, mono]`).
    pub const COUNT: usize = 3;
    pub fn index(self) -> usize {
        self as usize
    }
    /// The regular or the bold face.
    pub fn of(bold: bool) -> Face {
        if bold {
            Face::Bold
        } else {
            Face::Regular
        }
    }
    /// The face of a character of code: the monospace face for ASCII, which it draws; the text
    /// face for the rest (Japanese inside SQL), which it lacks.
    pub fn code(c: char, bold: bool) -> Face {
        if c.is_ascii() {
            Face::Mono
        } else {
            Face::of(bold)
        }
    }
}

/// Measures text; implemented over the real fonts by the writer and by a fixed-width fake in tests.
pub trait Measure {
    /// Width in points of `text` at `size`.
    fn width(&self, text: &str, size: f64, face: Face) -> f64;
    /// The first character the font cannot draw, if any.
    fn missing(&self, text: &str, face: Face) -> Option<char>;
}

/// A positioned item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text with its baseline at `y`.
    Text {
        x: f64,
        y: f64,
        size: f64,
        face: Face,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f64)>,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        color: Rgb,
        width: f64,
        dash: Option<Vec<f64>>,
    },
    /// The area of a link: where a click opens `href`. Drawn as nothing; the PDF writer makes it
    /// a link annotation.
    Link {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        href: String,
    },
    /// A polyline or polygon.
    Poly {
        points: Vec<(f64, f64)>,
        closed: bool,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f64)>,
        dash: Option<Vec<f64>>,
    },
}

/// One page of items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// The structure element that each item is part of ([`ARTIFACT`] for none), item by item.
    pub marks: Vec<NodeId>,
}

/// A heading, for the PDF outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f64,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// The elements that the pages' items are marked as parts of, in reading order.
    pub structure: Structure,
}

impl Layout {
    /// The characters that the pages draw with each face (`[regular, bold, mono]`), sorted.
    pub fn chars(&self) -> [Vec<char>; Face::COUNT] {
        let mut used: [CharSet; Face::COUNT] = Default::default();
        for p in &self.pages {
            for i in &p.items {
                if let Item::Text { text, face, .. } = i {
                    used[face.index()].add(text);
                }
            }
        }
        used.map(CharSet::into_sorted)
    }

    /// The page of each element's last content (the page count for an element without any).
    pub fn last(&self) -> Vec<u32> {
        let mut last = vec![self.pages.len() as u32; self.structure.nodes.len()];
        for (p, page) in self.pages.iter().enumerate() {
            for &m in &page.marks {
                if let Some(l) = last.get_mut(m as usize) {
                    *l = p as u32;
                }
            }
        }
        last
    }
}

/// A layout error: what could not be laid out, with the text around it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutError(pub String);

/// Column widths by (table, font size, width): see [`Engine::widths_of`].
type Widths = std::cell::RefCell<std::collections::HashMap<(usize, u64, u64), Vec<f64>>>;

/// The layout engine's state while it walks the document.
struct Engine<'a> {
    m: &'a dyn Measure,
    style: &'a PageStyle,
    /// The page being laid out and its number; each page goes to `done` once it is finished.
    page: Page,
    index: usize,
    done: &'a mut dyn FnMut(usize, Page),
    y: f64,
    outline: Vec<OutlineEntry>,
    widths: Widths,
    kept: cells::Kept,
    /// The elements found so far, the one that what is drawn now belongs to, and whether what
    /// is drawn now is an artifact whatever the element (a table's repeated header rows).
    structure: Structure,
    current: NodeId,
    artifact: bool,
    /// The links and other-language spans of the current element, and their elements.
    inline: Vec<(Rc<Inner>, NodeId)>,
}

impl<'a> Engine<'a> {
    fn top(&self) -> f64 {
        self.style.margin.0
    }
    fn new_page(&mut self) {
        let done = std::mem::take(&mut self.page);
        (self.done)(self.index, done);
        self.index += 1;
        self.y = self.top();
    }
    fn room(&self) -> f64 {
        self.style.bottom() - self.y
    }
    fn page_height(&self) -> f64 {
        self.style.bottom() - self.top()
    }
    /// Starts a new page unless `h` fits (or the page is still empty).
    fn need(&mut self, h: f64) {
        if h > self.room() + 0.01 && self.y > self.top() + 0.01 {
            self.new_page();
        }
    }

    fn blocks(
        &mut self,
        blocks: &[Block],
        st: Style,
        width: f64,
        x: f64,
    ) -> Result<(), LayoutError> {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, &blocks[i + 1..], st, width, x)?;
        }
        Ok(())
    }

    /// Running text wrapped at `width`: wrapped once, though the engine asks for it both when it
    /// looks ahead (what a heading keeps with it) and when it draws it.
    fn wrapped(&self, inlines: &[Inline], s: Style, width: f64) -> Result<Lines, LayoutError> {
        let runs = collect(inlines, s);
        cells::Cache::through(&self.kept.text, &runs, s.size, (width.to_bits(), 0), || {
            Ok(Rc::new(wrap(self.m, &runs, s.size, width)?))
        })
    }

    /// A chart's caption: its lines and their height.
    fn caption(
        &self,
        caption: &[Inline],
        st: Style,
        width: f64,
    ) -> Result<(Lines, f64), LayoutError> {
        if caption.is_empty() {
            return Ok((Lines::default(), 0.0));
        }
        let cs = caption_style(st);
        let lines = self.wrapped(caption, cs, width)?;
        let h = lines.len() as f64 * cs.size * cs.line_height;
        Ok((lines, h))
    }

    /// Lays out one block; `rest` are the blocks after it, which a heading keeps with.
    fn block(
        &mut self,
        b: &Block,
        rest: &[Block],
        st: Style,
        width: f64,
        x: f64,
    ) -> Result<(), LayoutError> {
        match b {
            Block::PageBreak => {
                if self.y > self.top() + 0.01 {
                    self.new_page();
                }
                Ok(())
            }
            Block::Heading { level, inlines, .. } => {
                self.heading(*level, inlines, rest, st, width, x)
            }
            Block::Paragraph { class, inlines } => {
                let s = para_style(class.as_deref(), st);
                let lines = self.wrapped(inlines, s, width)?;
                // A one-line lead-in (「今後を見据えた取組」) stays with the list or table it
                // introduces, as a heading does.
                if let (1, Some(next @ (Block::List { .. } | Block::Table(_)))) =
                    (lines.len(), rest.first())
                {
                    let line = s.size * s.line_height + s.size * 0.5;
                    self.need(line + self.first_chunk(Some(next), st, width)?);
                }
                let outer = self.open(Role::P);
                self.lines(&lines, s, x, width, None)?;
                self.enter(outer);
                self.y += s.size * 0.5;
                Ok(())
            }
            Block::List { ordered, items } => {
                let after = self.list_note(rest, st, width)?;
                self.list(*ordered, items, st, width, x, after)
            }
            Block::Table(t) => {
                // A note or paragraph right after a table (its source, say) starts on the page
                // where the table ends.
                let after = match (self.attached(rest, st, width)?, rest.first()) {
                    (kept, _) if kept > 0.0 => kept,
                    (_, Some(b @ (Block::Paragraph { .. } | Block::Note { .. }))) => {
                        self.first_chunk(Some(b), st, width)?
                    }
                    _ => 0.0,
                };
                self.table(t, st, width, x, after)
            }
            Block::Figure { svg, caption } => {
                // A chart and the short note after it (a target's bar and its sources) share a page.
                let after = self.kept_note(rest.first(), st, width)?.unwrap_or(0.0);
                self.figure(svg, caption, st, width, x, after)
            }
            Block::Note { blocks } => {
                if let Some(h) = self.kept_note(Some(b), st, width)? {
                    self.need(h);
                }
                self.y += 4.0;
                let outer = self.open(Role::Note);
                self.blocks(blocks, note_style(st), width, x)?;
                self.enter(outer);
                Ok(())
            }
            Block::Section { class, blocks } => {
                let outer = self.open(Role::Sect);
                if class.as_deref() == Some("cover") {
                    self.cover(blocks, st, width, x)?;
                } else {
                    self.blocks(blocks, st, width, x)?;
                }
                self.enter(outer);
                Ok(())
            }
        }
    }

    /// A heading, on the page of what it keeps with, and its entry in the outline.
    fn heading(
        &mut self,
        level: u8,
        inlines: &[Inline],
        rest: &[Block],
        st: Style,
        width: f64,
        x: f64,
    ) -> Result<(), LayoutError> {
        let h = HeadingStyle::of(level);
        let s = h.text;
        let lines = self.wrapped(inlines, s, width)?;
        let height = h.before + s.size * s.line_height * lines.len() as f64 + h.after + h.rule_gap;
        let keep = self.keep_with(rest, st, width)?;
        self.need(height + keep);
        if self.y > self.top() + 0.01 {
            self.y += h.before;
        }
        let page = self.index;
        self.outline.push(OutlineEntry {
            level,
            title: markup::plain_text(inlines),
            page,
            y: self.y,
        });
        let outer = self.open(Role::H(level));
        for l in lines.iter() {
            let baseline = self.y + s.size * 1.1;
            self.draw_line(l, x, baseline, s.size, None);
            self.y += s.size * s.line_height;
        }
        self.enter(outer);
        if h.rule_gap > 0.0 {
            self.y += h.rule_gap / 2.0;
            let y = self.y;
            self.push(Item::Line {
                x1: x,
                y1: y,
                x2: x + width,
                y2: y,
                color: ACCENT,
                width: HEADING_RULE,
                dash: None,
            });
            self.y += h.rule_gap / 2.0;
        }
        self.y += h.after;
        Ok(())
    }

    /// A list: each item's marker hangs in the indent, its lines wrap beside it; the last item
    /// keeps `after` points of what follows (its note) on its page.
    fn list(
        &mut self,
        ordered: bool,
        items: &[Vec<Inline>],
        st: Style,
        width: f64,
        x: f64,
        after: f64,
    ) -> Result<(), LayoutError> {
        let indent = if ordered {
            LIST_INDENT_ORDERED
        } else {
            LIST_INDENT
        };
        let outer = self.open(Role::L);
        let list = self.current;
        for (i, item) in items.iter().enumerate() {
            let marker = list_marker(ordered, i, self.style.bullet);
            let lines = self.wrapped(item, st, width - indent)?;
            let lh = st.size * st.line_height;
            if i + 1 == items.len() && after > 0.0 {
                self.need(lh * lines.len() as f64 + after);
            } else {
                self.need(lh * lines.len().min(2) as f64);
            }
            let baseline = self.y + st.size * 1.13;
            let mw = self.m.width(&marker, st.size, Face::Regular);
            self.open(Role::LI);
            let li = self.current;
            self.open(Role::Lbl);
            self.push(Item::Text {
                x: x + indent - mw - 2.0,
                y: baseline,
                size: st.size,
                face: Face::Regular,
                color: st.color,
                text: marker,
            });
            self.enter(li);
            self.open(Role::LBody);
            self.lines(&lines, st, x + indent, width - indent, None)?;
            self.enter(list);
        }
        self.enter(outer);
        self.y += st.size * 0.5;
        Ok(())
    }

    /// A chart and its caption, with `after` points of what follows kept on its page; a chart
    /// that misses the page by a little is drawn smaller, down to [`FIGURE_MIN_SCALE`], rather
    /// than leave the rest of the page empty.
    #[allow(clippy::too_many_arguments)]
    fn figure(
        &mut self,
        svg: &markup::Svg,
        caption: &[Inline],
        st: Style,
        width: f64,
        x: f64,
        after: f64,
    ) -> Result<(), LayoutError> {
        let (cap, cap_h) = self.caption(caption, st, width)?;
        let full = figure_height(svg, width);
        let fit = ((self.room() - cap_h - 8.0 - after) / full).min(1.0);
        let shrink = if fit >= FIGURE_MIN_SCALE && self.y > self.top() + 0.01 {
            fit
        } else {
            1.0
        };
        let h = full * shrink;
        self.need(h + cap_h + 8.0 + after);
        self.y += 4.0;
        let y0 = self.y;
        let mut items = Vec::new();
        let drawn = svg.width * figure_scale(svg, width) * shrink;
        draw_svg(&mut items, self.m, svg, x, y0, drawn)?;
        // A chart with a text alternative is a figure; one without is decoration.
        let outer = match &svg.alt {
            Some(alt) => self.open(Role::Figure { alt: alt.clone() }),
            None => self.current,
        };
        let was_artifact = std::mem::replace(&mut self.artifact, svg.alt.is_none());
        for item in items {
            self.push(item);
        }
        self.artifact = was_artifact;
        self.enter(outer);
        self.y += h + 2.0;
        if !cap.is_empty() {
            self.open(Role::Caption);
            self.lines(&cap, caption_style(st), x, width, None)?;
            self.enter(outer);
        }
        self.y += 6.0;
        Ok(())
    }

    /// The cover: its blocks inset on a tinted panel with an accent bar (drawn when the cover
    /// fits its first page).
    fn cover(
        &mut self,
        blocks: &[Block],
        st: Style,
        width: f64,
        x: f64,
    ) -> Result<(), LayoutError> {
        let page = self.index;
        let start_index = self.page.items.len();
        let y0 = self.y;
        self.y += 10.0;
        self.blocks(blocks, st, width - 24.0, x + 16.0)?;
        self.y += 4.0;
        if self.index == page {
            let h = self.y - y0;
            let bg = vec![
                Item::Rect {
                    x,
                    y: y0,
                    w: width,
                    h,
                    fill: Some(COVER_BG),
                    stroke: None,
                },
                Item::Rect {
                    x,
                    y: y0,
                    w: 5.0,
                    h,
                    fill: Some(ACCENT),
                    stroke: None,
                },
            ];
            let page = &mut self.page;
            page.marks
                .splice(start_index..start_index, bg.iter().map(|_| ARTIFACT));
            page.items.splice(start_index..start_index, bg);
        }
        self.y += 14.0;
        Ok(())
    }
}

#[cfg(test)]
mod golden;
#[cfg(test)]
mod tests;

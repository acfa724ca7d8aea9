//! Page layout: a pure function from the report markup, a text measurer and a page style to
//! positioned items on A4 pages. No I/O; the writer turns the pages into PDF.
//!
//! Coordinates are points from the top-left corner of the page. Text is wrapped at UAX #14 break
//! opportunities (which carry the basic kinsoku rules), headings are kept with what follows, tables
//! size their columns from their content, repeat their header rows on every page they cross and
//! split a row taller than a page, and paragraphs avoid single-line orphans and widows.

use super::fonts::CharSet;
use crate::markup::{self, Block, Document, Inline, Paint, Shape, Svg};

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

pub const INK: Rgb = (0x1f, 0x29, 0x37);
pub const MUTED: Rgb = (0x6b, 0x72, 0x80);
pub const RULE: Rgb = (0xd1, 0xd5, 0xdb);
pub const ACCENT: Rgb = (0x1e, 0x3a, 0x8a);
const HEAD_BG: Rgb = (0xe5, 0xe7, 0xeb);
const TH_BG: Rgb = (0xf9, 0xfa, 0xfb);
const COVER_BG: Rgb = (0xee, 0xf2, 0xff);
const LINK: Rgb = (0x1d, 0x4e, 0xd8);

/// Measures text; implemented over the real fonts by the writer and by a fixed-width fake in tests.
pub trait Measure {
    /// Width in points of `text` at `size`.
    fn width(&self, text: &str, size: f64, bold: bool) -> f64;
    /// The first character the font cannot draw, if any.
    fn missing(&self, text: &str, bold: bool) -> Option<char>;
}

/// The page: size, margins, running header and footer.
#[derive(Debug, Clone)]
pub struct PageStyle {
    pub width: f64,
    pub height: f64,
    pub margin: (f64, f64, f64, f64),
    /// Left and right text of the running header.
    pub header: Option<(String, String)>,
    pub footer: bool,
    pub base_size: f64,
}

impl PageStyle {
    /// A4 portrait with the report's margins.
    pub fn a4(header: Option<(String, String)>, footer: bool) -> Self {
        PageStyle {
            width: 595.28,
            height: 841.89,
            margin: (56.0, 48.0, 56.0, 48.0),
            header,
            footer,
            base_size: 9.5,
        }
    }
    fn content_width(&self) -> f64 {
        self.width - self.margin.1 - self.margin.3
    }
    fn bottom(&self) -> f64 {
        self.height - self.margin.2
    }
}

/// A positioned item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text with its baseline at `y`.
    Text {
        x: f64,
        y: f64,
        size: f64,
        bold: bool,
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
}

impl Layout {
    /// The characters that the pages draw with each face (`[regular, bold]`), sorted.
    pub fn chars(&self) -> [Vec<char>; 2] {
        let mut used = [CharSet::default(), CharSet::default()];
        for p in &self.pages {
            for i in &p.items {
                if let Item::Text { text, bold, .. } = i {
                    used[*bold as usize].add(text);
                }
            }
        }
        used.map(CharSet::into_sorted)
    }
}

/// A layout error: what could not be laid out, with the text around it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutError(pub String);

/// Text style in effect.
#[derive(Debug, Clone, Copy)]
struct Style {
    size: f64,
    bold: bool,
    color: Rgb,
    line_height: f64,
}

/// A run of text in one style; `badge` draws a coloured box behind it.
#[derive(Debug, Clone)]
struct Run {
    text: String,
    bold: bool,
    color: Rgb,
    badge: Option<Rgb>,
}

/// A piece of a line.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    bold: bool,
    color: Rgb,
    badge: Option<Rgb>,
    width: f64,
}

/// A laid-out line: pieces and their total width.
#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<Piece>,
    width: f64,
}

fn badge_color(class: &str) -> Option<Rgb> {
    let c = class.split_whitespace().find(|c| c.starts_with("rag-"))?;
    Some(match c {
        "rag-achieved" => (0x1d, 0x4e, 0xd8),
        "rag-green" => (0x15, 0x80, 0x3d),
        "rag-amber-green" => (0x65, 0xa3, 0x0d),
        "rag-amber" => (0xd9, 0x77, 0x06),
        "rag-amber-red" => (0xea, 0x58, 0x0c),
        "rag-red" => (0xb9, 0x1c, 0x1c),
        _ => (0x6b, 0x72, 0x80),
    })
}

fn runs(inlines: &[Inline], style: Style, out: &mut Vec<Run>) {
    for i in inlines {
        match i {
            Inline::Text(t) => out.push(Run {
                text: t.clone(),
                bold: style.bold,
                color: style.color,
                badge: None,
            }),
            Inline::Strong(c) => runs(
                c,
                Style {
                    bold: true,
                    ..style
                },
                out,
            ),
            Inline::Em(c) => runs(
                c,
                Style {
                    color: ACCENT,
                    ..style
                },
                out,
            ),
            Inline::Link { children, .. } => runs(
                children,
                Style {
                    color: LINK,
                    ..style
                },
                out,
            ),
            Inline::Span { class, children } => match class.as_deref().and_then(badge_color) {
                Some(bg) => out.push(Run {
                    text: markup::plain_text(children),
                    bold: false,
                    color: (255, 255, 255),
                    badge: Some(bg),
                }),
                None => runs(children, style, out),
            },
            Inline::Break => out.push(Run {
                text: "\n".into(),
                bold: style.bold,
                color: style.color,
                badge: None,
            }),
        }
    }
}

const BADGE_PAD: f64 = 3.0;

/// Refuses text the font cannot draw (never tofu), quoting where it appears.
fn check_glyphs(m: &dyn Measure, runs: &[Run]) -> Result<(), LayoutError> {
    for r in runs {
        if let Some(c) = m.missing(&r.text, r.bold) {
            return Err(LayoutError(format!(
                "the character '{c}' (U+{:04X}) has no glyph in the report font; it appears in \"{}\". Replace it, or add a font that has it",
                c as u32,
                r.text.chars().take(40).collect::<String>()
            )));
        }
    }
    Ok(())
}

/// Breaks runs into lines no wider than `width`.
fn wrap(m: &dyn Measure, runs: &[Run], size: f64, width: f64) -> Result<Vec<Line>, LayoutError> {
    use std::borrow::Cow;
    check_glyphs(m, runs)?;
    // A piece of a segment: text borrowed from `text` below unless it had to change.
    struct SegPiece<'t> {
        text: Cow<'t, str>,
        bold: bool,
        color: Rgb,
        badge: Option<Rgb>,
        width: f64,
    }
    // Segments between break opportunities (a badge is one segment): `pieces[from..to]`. In
    // Japanese nearly every character is a segment, so nothing here allocates per segment.
    struct Seg {
        from: usize,
        to: usize,
        trailing: f64,
        mandatory: bool,
    }
    let measure = |t: &str, size: f64, bold: bool| {
        if t.contains('\n') {
            m.width(&t.replace('\n', ""), size, bold)
        } else {
            m.width(t, size, bold)
        }
    };
    let mut text = String::new();
    let mut owner: Vec<usize> = Vec::new(); // run index per byte
    for (i, r) in runs.iter().enumerate() {
        let t: Cow<'_, str> = if r.badge.is_some() {
            Cow::Owned(r.text.replace(' ', "\u{a0}"))
        } else {
            Cow::Borrowed(&r.text)
        };
        owner.extend(std::iter::repeat_n(i, t.len()));
        text.push_str(&t);
    }
    let text = text.as_str();
    let mut start = 0;
    let mut breaks: Vec<(usize, bool)> = unicode_linebreak::linebreaks(text)
        .map(|(i, o)| (i, o == unicode_linebreak::BreakOpportunity::Mandatory))
        .collect();
    // No break inside a badge.
    breaks.retain(|(i, _)| {
        *i == text.len() || *i == 0 || owner[*i - 1] != owner[*i] || runs[owner[*i]].badge.is_none()
    });
    let mut pieces: Vec<SegPiece<'_>> = Vec::with_capacity(breaks.len() + runs.len());
    let mut segs: Vec<Seg> = Vec::with_capacity(breaks.len());
    for (end, mandatory) in breaks {
        if end <= start {
            continue;
        }
        let from = pieces.len();
        let mut p0 = start;
        for (k, _) in text[start..end].char_indices() {
            let at = start + k;
            if at > p0 && owner[at] != owner[p0] {
                let r = &runs[owner[p0]];
                pieces.push(SegPiece {
                    text: Cow::Borrowed(&text[p0..at]),
                    bold: r.bold,
                    color: r.color,
                    badge: r.badge,
                    width: 0.0,
                });
                p0 = at;
            }
        }
        let r = &runs[owner[p0]];
        pieces.push(SegPiece {
            text: Cow::Borrowed(&text[p0..end]),
            bold: r.bold,
            color: r.color,
            badge: r.badge,
            width: 0.0,
        });
        // Trailing whitespace and the newline do not count at the end of a line.
        let last = pieces.last_mut().expect("pushed above");
        let trimmed = last.text.trim_end_matches([' ', '\n', '\t']).len();
        let trailing = if trimmed < last.text.len() {
            let tail = last.text[trimmed..].replace('\n', "");
            let w = m.width(&tail, size, last.bold);
            if tail.len() + trimmed < last.text.len() {
                let mut kept = last.text[..trimmed].to_string();
                kept.push_str(&tail);
                last.text = Cow::Owned(kept);
            }
            w
        } else {
            0.0
        };
        for p in &mut pieces[from..] {
            p.width = if p.badge.is_some() {
                let visible = p.text.trim_end_matches([' ', '\t']);
                m.width(visible, size * 0.85, p.bold) + 2.0 * BADGE_PAD
            } else {
                measure(&p.text, size, p.bold)
            };
        }
        let mut kept = from;
        for i in from..pieces.len() {
            if !pieces[i].text.is_empty() || pieces[i].badge.is_some() {
                pieces.swap(kept, i);
                kept += 1;
            }
        }
        pieces.truncate(kept);
        segs.push(Seg {
            from,
            to: kept,
            trailing,
            mandatory,
        });
        start = end;
    }

    let mut lines: Vec<Line> = vec![Line::default()];
    // Lines that start after a forced break (`<br>`): each ends what comes before it.
    let mut after_break: Vec<usize> = vec![0];
    let mut pending_space = 0.0;
    for seg in segs {
        let seg_pieces = &mut pieces[seg.from..seg.to];
        let w: f64 = seg_pieces.iter().map(|p| p.width).sum::<f64>() - seg.trailing;
        let line = lines.last_mut().expect("a line");
        if !line.pieces.is_empty() && line.width + pending_space + w > width + 0.01 {
            lines.push(Line::default());
            pending_space = 0.0;
        }
        // A segment wider than the whole line is broken between characters.
        if w > width + 0.01 {
            for p in seg_pieces.iter() {
                for ch in p.text.chars() {
                    let cw = m.width(ch.encode_utf8(&mut [0; 4]), size, p.bold);
                    let line = lines.last_mut().expect("a line");
                    if line.width + cw > width + 0.01 && !line.pieces.is_empty() {
                        lines.push(Line::default());
                    }
                    let line = lines.last_mut().expect("a line");
                    match line.pieces.last_mut() {
                        Some(last)
                            if last.bold == p.bold
                                && last.color == p.color
                                && last.badge == p.badge =>
                        {
                            last.text.push(ch);
                            last.width += cw;
                        }
                        _ => line.pieces.push(Piece {
                            text: ch.to_string(),
                            width: cw,
                            bold: p.bold,
                            color: p.color,
                            badge: p.badge,
                        }),
                    }
                    line.width += cw;
                }
            }
            pending_space = seg.trailing;
        } else {
            let line = lines.last_mut().expect("a line");
            line.width += pending_space;
            for p in seg_pieces.iter_mut() {
                line.width += p.width;
                match line.pieces.last_mut() {
                    Some(last)
                        if last.bold == p.bold
                            && last.color == p.color
                            && last.badge.is_none()
                            && p.badge.is_none() =>
                    {
                        last.text.push_str(&p.text);
                        last.width += p.width;
                    }
                    _ => line.pieces.push(Piece {
                        text: std::mem::take(&mut p.text).into_owned(),
                        bold: p.bold,
                        color: p.color,
                        badge: p.badge,
                        width: p.width,
                    }),
                }
            }
            line.width -= seg.trailing;
            pending_space = seg.trailing;
        }
        if seg.mandatory {
            lines.push(Line::default());
            pending_space = 0.0;
            after_break.push(lines.len() - 1);
        }
    }
    // Drop trailing spaces and newlines at line ends, and an empty last line from a final break.
    for l in lines.iter_mut() {
        if let Some(last) = l.pieces.last_mut() {
            let kept = last.text.trim_end_matches([' ', '\n', '\t']).len();
            last.text.truncate(kept);
        }
        for p in l.pieces.iter_mut() {
            if p.text.contains('\n') {
                p.text = p.text.replace('\n', "");
            }
        }
        l.pieces.retain(|p| !p.text.is_empty());
    }
    while lines.len() > 1 && lines.last().is_some_and(|l| l.pieces.is_empty()) {
        lines.pop();
    }
    no_lone_last_character(m, &mut lines, &after_break, size, width);
    Ok(lines)
}

/// Japanese typesetting leaves at least two characters on the last line of a paragraph (or of a
/// cell, or before a `<br>`): a lone 「て」 under a full line reads as a mistake. Where a wrap leaves
/// one, the line above gives it its last character, or its last two where a line may not break
/// before the last (UAX #14, so kinsoku holds: 「九。/十」 becomes 「/九。十」, as 「。」 never
/// starts a line), if they fit and the line above keeps two.
fn no_lone_last_character(
    m: &dyn Measure,
    lines: &mut [Line],
    after_break: &[usize],
    size: f64,
    width: f64,
) {
    let n = lines.len();
    let ends = (1..n).filter(|&i| i + 1 == n || after_break.contains(&(i + 1)));
    for last in ends {
        if after_break.contains(&last) {
            continue; // the line is a paragraph of its own
        }
        // Every wrap ends here, most with a longer last line: that is checked before any copy.
        if lines[last]
            .pieces
            .iter()
            .flat_map(|p| p.text.chars())
            .nth(1)
            .is_some()
        {
            continue;
        }
        let text_of = |l: &Line| l.pieces.iter().map(|p| p.text.as_str()).collect::<String>();
        let (above, alone) = (text_of(&lines[last - 1]), text_of(&lines[last]));
        if alone.chars().count() != 1 {
            continue;
        }
        // Where the line above may break: before its last character, else before the one before.
        let starts: Vec<usize> = above.char_indices().map(|(i, _)| i).collect();
        let joined = format!("{above}{alone}");
        let breaks: Vec<usize> = unicode_linebreak::linebreaks(&joined)
            .map(|(i, _)| i)
            .collect();
        let Some(at) = (1..=2)
            .filter(|&k| starts.len() >= k + 2)
            .map(|k| starts[starts.len() - k])
            .find(|at| breaks.contains(at))
        else {
            continue;
        };
        let (head, tail) = lines.split_at_mut(last);
        let (from, to) = (&mut head[last - 1], &mut tail[0]);
        let Some(p) = from.pieces.last_mut() else {
            continue;
        };
        let moving = &above[at..];
        if p.badge.is_some() || !p.text.ends_with(moving) {
            continue; // the characters to move are not all in the last piece
        }
        let cw = m.width(moving, size, p.bold);
        if to.width + cw > width + 0.01 {
            continue;
        }
        let moved = Piece {
            text: moving.to_string(),
            width: cw,
            bold: p.bold,
            color: p.color,
            badge: None,
        };
        p.text.truncate(p.text.len() - moving.len());
        p.width -= cw;
        from.width -= cw;
        if p.text.is_empty() {
            from.pieces.pop();
        }
        match to.pieces.first_mut() {
            Some(first)
                if first.bold == moved.bold
                    && first.color == moved.color
                    && first.badge.is_none() =>
            {
                first.text.insert_str(0, &moved.text);
                first.width += cw;
            }
            _ => to.pieces.insert(0, moved),
        }
        to.width += cw;
    }
}

/// The widest line (max content width) and the widest unbreakable segment (min content width) of
/// plain runs, measured without building lines: the cheap path for sizing table columns.
fn plain_widths(m: &dyn Measure, runs: &[Run], size: f64) -> Result<(f64, f64), LayoutError> {
    let mut text = String::new();
    let mut owner: Vec<(usize, usize)> = Vec::with_capacity(runs.len()); // (end byte, run)
    check_glyphs(m, runs)?;
    for (i, r) in runs.iter().enumerate() {
        text.push_str(&r.text);
        owner.push((text.len(), i));
    }
    // Width of text[a..b], each part in its run's weight.
    let width = |a: usize, b: usize| -> f64 {
        let mut w = 0.0;
        let mut start = 0;
        for &(end, i) in &owner {
            let (x, y) = (a.max(start), b.min(end));
            if x < y {
                w += m.width(&text[x..y], size, runs[i].bold);
            }
            start = end;
        }
        w
    };
    let (mut max, mut min, mut line, mut start) = (0.0f64, 0.0f64, 0.0f64, 0);
    for (end, opportunity) in unicode_linebreak::linebreaks(&text) {
        let seg = &text[start..end];
        let visible = seg.trim_end_matches([' ', '\t', '\n']);
        let w = width(start, start + visible.len());
        min = min.max(w);
        line += width(start, start + seg.trim_end_matches('\n').len());
        if opportunity == unicode_linebreak::BreakOpportunity::Mandatory {
            max = max.max(line - (width(start, start + seg.trim_end_matches('\n').len()) - w));
            line = 0.0;
        }
        start = end;
    }
    max = max.max(line);
    Ok((max, min))
}

/// Places one line's pieces at a baseline.
fn draw_line(
    items: &mut Vec<Item>,
    m: &dyn Measure,
    line: &Line,
    x: f64,
    baseline: f64,
    size: f64,
    align_right_width: Option<f64>,
) {
    let mut x = match align_right_width {
        Some(w) => x + w - line.width,
        None => x,
    };
    for p in &line.pieces {
        if let Some(bg) = p.badge {
            let bs = size * 0.85;
            items.push(Item::Rect {
                x,
                y: baseline - bs * 1.0,
                w: p.width,
                h: bs * 1.3,
                fill: Some(bg),
                stroke: None,
            });
            items.push(Item::Text {
                x: x + BADGE_PAD,
                y: baseline - bs * 0.05,
                size: bs,
                bold: p.bold,
                color: p.color,
                text: p.text.clone(),
            });
        } else {
            items.push(Item::Text {
                x,
                y: baseline,
                size,
                bold: p.bold,
                color: p.color,
                text: p.text.clone(),
            });
        }
        x += p.width;
        let _ = m;
    }
}

/// A table split across pages keeps at least this many body rows on each side of a break.
const ORPHAN_ROWS: usize = 2;

/// How many body rows of a table the keep-with-heading estimate sizes.
const SAMPLE_ROWS: usize = 40;

/// Tables are set a little smaller than body text; `class="compact"` smaller still.
fn table_style(t: &markup::Table, st: Style) -> Style {
    let compact = t
        .class
        .as_deref()
        .is_some_and(|c| c.split_whitespace().any(|w| w == "compact"));
    Style {
        size: st.size * if compact { 0.84 } else { 0.92 },
        ..st
    }
}

/// The layout engine's state while it walks the document.
struct Engine<'a> {
    m: &'a dyn Measure,
    style: &'a PageStyle,
    pages: Vec<Page>,
    y: f64,
    outline: Vec<OutlineEntry>,
    /// Column widths by (table, font size, width): see [`Engine::widths_of`].
    widths: std::cell::RefCell<std::collections::HashMap<(usize, u64, u64), Vec<f64>>>,
}

impl<'a> Engine<'a> {
    fn top(&self) -> f64 {
        self.style.margin.0
    }
    fn items(&mut self) -> &mut Vec<Item> {
        &mut self.pages.last_mut().expect("a page").items
    }
    fn new_page(&mut self) {
        self.pages.push(Page::default());
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

    /// The height that must fit with a heading so it is not left alone at the bottom.
    fn first_chunk(&self, b: Option<&Block>, st: Style, width: f64) -> Result<f64, LayoutError> {
        Ok(match b {
            None => 0.0,
            Some(Block::Paragraph { class, inlines }) => {
                let s = para_style(class.as_deref(), st);
                let lines = wrap(self.m, &collect(inlines, s), s.size, width)?;
                s.size * s.line_height * lines.len().min(2) as f64 + 4.0
            }
            Some(Block::List { items, .. }) => {
                let first = items
                    .first()
                    .map(|i| wrap(self.m, &collect(i, st), st.size, width - 14.0))
                    .transpose()?
                    .map(|l| l.len())
                    .unwrap_or(0);
                st.size * st.line_height * first.min(2) as f64
            }
            Some(Block::Table(t)) => {
                // An estimate from the head and the first rows is enough to keep a heading with
                // its table; sizing a 28,000-row annex twice would not be. A table of no more
                // rows than that is sized once: the table itself reuses these widths.
                let st = table_style(t, st);
                let widths = if t.body.len() <= SAMPLE_ROWS {
                    self.widths_of(t, st, width)?
                } else {
                    self.column_widths(&t.head, &t.body[..SAMPLE_ROWS], st, width)?
                };
                let mut h = 0.0;
                for r in &t.head {
                    h += self.row_lines(r, &widths, st, true)?.0;
                }
                // What the table itself keeps together at its start (see `Engine::table`).
                let mut rows = 0.0;
                for r in t.body.iter().take(ORPHAN_ROWS) {
                    rows += self.row_lines(r, &widths, st, false)?.0;
                }
                h + rows.min(self.page_height() / 2.0) + 6.0
            }
            // A chart can shrink to stay with what leads up to it (see `Block::Figure`).
            Some(Block::Figure { svg, caption }) => {
                let (_, cap_h) = self.caption(caption, st, width)?;
                figure_height(svg, width) * FIGURE_MIN_SCALE + cap_h + 8.0
            }
            Some(Block::Heading { .. }) => st.size * 2.0,
            Some(Block::Section { blocks, .. }) | Some(Block::Note { blocks }) => {
                self.first_chunk(blocks.first(), st, width)?
            }
            Some(Block::PageBreak) => 0.0,
        })
    }

    /// A chart's caption: its lines and their height.
    fn caption(
        &self,
        caption: &[Inline],
        st: Style,
        width: f64,
    ) -> Result<(Vec<Line>, f64), LayoutError> {
        if caption.is_empty() {
            return Ok((vec![], 0.0));
        }
        let cs = caption_style(st);
        let lines = wrap(self.m, &collect(caption, cs), cs.size, width)?;
        let h = lines.len() as f64 * cs.size * cs.line_height;
        Ok((lines, h))
    }

    /// What a heading keeps with: the first chunk of the next block, and all of a short paragraph
    /// plus the first chunk of the block after it (an introduction and its chart stay together).
    fn keep_with(&self, rest: &[Block], st: Style, width: f64) -> Result<f64, LayoutError> {
        let first = self.first_chunk(rest.first(), st, width)?;
        if let (Some(Block::Paragraph { class, inlines }), Some(after)) =
            (rest.first(), rest.get(1))
        {
            let s = para_style(class.as_deref(), st);
            let lines = wrap(self.m, &collect(inlines, s), s.size, width)?.len();
            if lines <= 3 && !matches!(after, Block::Heading { .. } | Block::PageBreak) {
                return Ok(s.size * s.line_height * lines as f64
                    + s.size * 0.5
                    + self.first_chunk(Some(after), st, width)?);
            }
        }
        Ok(first)
    }

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
            }
            Block::Heading { level, inlines, .. } => {
                let (size, color, before, after) = match level {
                    1 => (19.0, ACCENT, 6.0, 8.0),
                    2 => (13.0, ACCENT, 14.0, 8.0),
                    _ => (10.5, INK, 9.0, 4.0),
                };
                let s = Style {
                    size,
                    bold: true,
                    color,
                    line_height: 1.35,
                };
                let lines = wrap(self.m, &collect(inlines, s), size, width)?;
                let h = before
                    + size * s.line_height * lines.len() as f64
                    + after
                    + if *level == 2 { 3.0 } else { 0.0 };
                let keep = self.keep_with(rest, st, width)?;
                self.need(h + keep);
                if self.y > self.top() + 0.01 {
                    self.y += before;
                }
                let page = self.pages.len() - 1;
                self.outline.push(OutlineEntry {
                    level: *level,
                    title: markup::plain_text(inlines),
                    page,
                    y: self.y,
                });
                for l in &lines {
                    let baseline = self.y + size * 1.1;
                    let m = self.m;
                    draw_line(self.items(), m, l, x, baseline, size, None);
                    self.y += size * s.line_height;
                }
                if *level == 2 {
                    self.y += 1.5;
                    let y = self.y;
                    self.items().push(Item::Line {
                        x1: x,
                        y1: y,
                        x2: x + width,
                        y2: y,
                        color: ACCENT,
                        width: 1.5,
                        dash: None,
                    });
                    self.y += 1.5;
                }
                self.y += after;
            }
            Block::Paragraph { class, inlines } => {
                let s = para_style(class.as_deref(), st);
                let lines = wrap(self.m, &collect(inlines, s), s.size, width)?;
                self.lines(&lines, s, x, width, None)?;
                self.y += s.size * 0.5;
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = list_marker(*ordered, i);
                    let indent = if *ordered { 16.0 } else { 12.0 };
                    let lines = wrap(self.m, &collect(item, st), st.size, width - indent)?;
                    let lh = st.size * st.line_height;
                    self.need(lh * lines.len().min(2) as f64);
                    let baseline = self.y + st.size * 1.13;
                    let mw = self.m.width(&marker, st.size, false);
                    self.items().push(Item::Text {
                        x: x + indent - mw - 2.0,
                        y: baseline,
                        size: st.size,
                        bold: false,
                        color: st.color,
                        text: marker,
                    });
                    self.lines(&lines, st, x + indent, width - indent, None)?;
                }
                self.y += st.size * 0.5;
            }
            Block::Table(t) => {
                // A note or paragraph right after a table (its source, say) starts on the page
                // where the table ends.
                let after = match rest.first() {
                    Some(b @ (Block::Paragraph { .. } | Block::Note { .. })) => {
                        self.first_chunk(Some(b), st, width)?
                    }
                    _ => 0.0,
                };
                self.table(t, st, width, x, after)?
            }
            Block::Figure { svg, caption } => {
                let (cap, cap_h) = self.caption(caption, st, width)?;
                let full = figure_height(svg, width);
                // A chart that misses the page by a little is drawn smaller, down to
                // FIGURE_MIN_SCALE, rather than leave the rest of the page empty.
                let fit = ((self.room() - cap_h - 8.0) / full).min(1.0);
                let shrink = if fit >= FIGURE_MIN_SCALE && self.y > self.top() + 0.01 {
                    fit
                } else {
                    1.0
                };
                let h = full * shrink;
                self.need(h + cap_h + 8.0);
                self.y += 4.0;
                let y0 = self.y;
                let m = self.m;
                let drawn = svg.width * figure_scale(svg, width) * shrink;
                draw_svg(self.items(), m, svg, x, y0, drawn)?;
                self.y += h + 2.0;
                self.lines(&cap, caption_style(st), x, width, None)?;
                self.y += 6.0;
            }
            Block::Note { blocks } => {
                let s = Style {
                    size: st.size * 0.85,
                    color: MUTED,
                    ..st
                };
                self.y += 4.0;
                self.blocks(blocks, s, width, x)?;
            }
            Block::Section { class, blocks } if class.as_deref() == Some("cover") => {
                let page = self.pages.len() - 1;
                let start_index = self.items().len();
                let y0 = self.y;
                self.y += 10.0;
                self.blocks(blocks, st, width - 24.0, x + 16.0)?;
                self.y += 4.0;
                if self.pages.len() - 1 == page {
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
                    let items = self.items();
                    items.splice(start_index..start_index, bg);
                }
                self.y += 14.0;
            }
            Block::Section { blocks, .. } => self.blocks(blocks, st, width, x)?,
        }
        Ok(())
    }

    /// Places lines, breaking pages between them (no single orphan or widow line when avoidable).
    fn lines(
        &mut self,
        lines: &[Line],
        s: Style,
        x: f64,
        width: f64,
        right: Option<f64>,
    ) -> Result<(), LayoutError> {
        let lh = s.size * s.line_height;
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            let first = i == 0;
            // Keep the first two lines together, and the last two.
            let want = if (first && n >= 2) || i + 2 == n {
                2.0 * lh
            } else {
                lh
            };
            if (first || i + 2 == n) && want <= self.page_height() {
                self.need(want);
            } else {
                self.need(lh);
            }
            let baseline = self.y + s.size * 1.13;
            let m = self.m;
            draw_line(self.items(), m, l, x, baseline, s.size, right);
            self.y += lh;
        }
        let _ = width;
        Ok(())
    }

    /// Min and max content widths of a cell.
    fn cell_widths(
        &self,
        c: &markup::Cell,
        st: Style,
        in_head: bool,
    ) -> Result<CellWidths, LayoutError> {
        let s = cell_style(c, st, in_head);
        let rs = collect(&c.inlines, s);
        let (max, min) = if rs.iter().any(|r| r.badge.is_some()) {
            let full = wrap(self.m, &rs, s.size, f64::INFINITY)?;
            // The widest unbreakable segment: wrap at zero width gives one segment per line.
            let narrow = wrap(self.m, &rs, s.size, 0.001)?;
            (
                full.iter().map(|l| l.width).fold(0.0, f64::max),
                narrow.iter().map(|l| l.width).fold(0.0, f64::max),
            )
        } else {
            plain_widths(self.m, &rs, s.size)?
        };
        // Header cells and numbers do not wrap when it can be helped, nor do `nowrap` cells
        // (though they give way first when the table cannot be that wide).
        let keep = if c.header || c.numeric {
            min.max(max.min(140.0))
        } else {
            min
        };
        let nowrap = c
            .class
            .as_deref()
            .is_some_and(|k| k.split_whitespace().any(|w| w == "nowrap"));
        let pad = 2.0 * CELL_PAD_X;
        Ok(CellWidths {
            hard: min + pad,
            keep: keep + pad,
            soft: if nowrap { max } else { keep } + pad,
            max: max + pad,
        })
    }

    /// A table's column widths, computed once per table, style and width.
    fn widths_of(&self, t: &markup::Table, st: Style, avail: f64) -> Result<Vec<f64>, LayoutError> {
        let key = (
            t as *const markup::Table as usize,
            st.size.to_bits(),
            avail.to_bits(),
        );
        if let Some(w) = self.widths.borrow().get(&key) {
            return Ok(w.clone());
        }
        let w = self.column_widths(&t.head, &t.body, st, avail)?;
        self.widths.borrow_mut().insert(key, w.clone());
        Ok(w)
    }

    /// Column widths, like HTML's automatic table layout at 100% width.
    fn column_widths(
        &self,
        head: &[Vec<markup::Cell>],
        body: &[Vec<markup::Cell>],
        st: Style,
        avail: f64,
    ) -> Result<Vec<f64>, LayoutError> {
        let ncols = head
            .iter()
            .chain(body)
            .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut cols = vec![CellWidths::default(); ncols];
        for (ri, r) in head.iter().chain(body).enumerate() {
            let mut col = 0;
            for c in r {
                if c.colspan == 1 && col < ncols {
                    let w = self.cell_widths(c, st, ri < head.len())?;
                    let k = &mut cols[col];
                    k.hard = k.hard.max(w.hard);
                    k.keep = k.keep.max(w.keep);
                    k.soft = k.soft.max(w.soft);
                    k.max = k.max.max(w.max);
                }
                col += c.colspan;
            }
        }
        // A column of short texts (a country, a date, a status) does not wrap at all: a cramped
        // column that breaks インドネシア is worse than a slightly narrower neighbour.
        for k in &mut cols {
            if k.max <= SHORT_COLUMN {
                k.keep = k.max;
                k.soft = k.max;
            }
        }
        let sum = |f: fn(&CellWidths) -> f64| cols.iter().map(f).sum::<f64>();
        if std::env::var_os("TENKAI_DEBUG_LAYOUT").is_some() {
            eprintln!("table: avail {avail:.1} {cols:.1?}");
        }
        // Between two levels of minimum, each column gets its share of the room between them.
        let between = |lo: fn(&CellWidths) -> f64, hi: fn(&CellWidths) -> f64| -> Vec<f64> {
            let k = (avail - sum(lo)) / (sum(hi) - sum(lo)).max(0.001);
            cols.iter().map(|c| lo(c) + (hi(c) - lo(c)) * k).collect()
        };
        Ok(if sum(|c| c.max) <= avail {
            let (extra, smax) = (avail - sum(|c| c.max), sum(|c| c.max));
            cols.iter()
                .map(|c| c.max + extra * c.max / smax.max(1.0))
                .collect()
        } else if sum(|c| c.soft) <= avail {
            // Like HTML's automatic layout: every column its minimum, the rest shared by need.
            between(|c| c.soft, |c| c.max)
        } else if sum(|c| c.keep) <= avail {
            // Too narrow for every `nowrap` cell on one line: the table is laid out as if there
            // were none (every column its share of the room between its minimum and one line).
            between(|c| c.keep, |c| c.max)
        } else if sum(|c| c.hard) <= avail {
            // Then headers, numbers and short columns, but never inside a word.
            between(|c| c.hard, |c| c.keep)
        } else {
            cols.iter()
                .map(|c| c.hard * avail / sum(|c| c.hard))
                .collect()
        })
    }

    /// The lines of each cell in a row and the row's height.
    fn row_lines(
        &self,
        r: &[markup::Cell],
        widths: &[f64],
        st: Style,
        in_head: bool,
    ) -> Result<(f64, Vec<Vec<Line>>), LayoutError> {
        let mut col = 0;
        let mut out = Vec::new();
        let mut h: f64 = 0.0;
        for c in r {
            let w: f64 = widths[col..(col + c.colspan).min(widths.len())]
                .iter()
                .sum();
            col += c.colspan;
            let s = cell_style(c, st, in_head);
            let lines = wrap(
                self.m,
                &collect(&c.inlines, s),
                s.size,
                (w - 2.0 * CELL_PAD_X).max(1.0),
            )?;
            h = h.max(lines.len().max(1) as f64 * s.size * s.line_height + 2.0 * CELL_PAD_Y);
            out.push(lines);
        }
        Ok((h, out))
    }

    /// Draws a row (or the lines `range` of it) of height `h` at the cursor.
    fn draw_row(
        &mut self,
        r: &[markup::Cell],
        lines: &[Vec<Line>],
        range: (usize, usize),
        g: &TableGeom<'_>,
        h: f64,
        in_head: bool,
    ) {
        let TableGeom { widths, st, x } = *g;
        let mut cx = x;
        let mut col = 0;
        let y0 = self.y;
        for (c, ls) in r.iter().zip(lines) {
            let w: f64 = widths[col..(col + c.colspan).min(widths.len())]
                .iter()
                .sum();
            col += c.colspan;
            let bg = if in_head {
                Some(HEAD_BG)
            } else if c.header {
                Some(TH_BG)
            } else {
                None
            };
            self.items().push(Item::Rect {
                x: cx,
                y: y0,
                w,
                h,
                fill: bg,
                stroke: Some((RULE, 0.5)),
            });
            let s = cell_style(c, st, in_head);
            let lh = s.size * s.line_height;
            let mut y = y0 + CELL_PAD_Y;
            let (a, b) = (range.0.min(ls.len()), range.1.min(ls.len()));
            for l in &ls[a..b] {
                let baseline = y + s.size * 1.13;
                let m = self.m;
                let right = c.numeric.then_some(w - 2.0 * CELL_PAD_X);
                draw_line(self.items(), m, l, cx + CELL_PAD_X, baseline, s.size, right);
                y += lh;
            }
            cx += w;
        }
        self.y += h;
    }

    fn table(
        &mut self,
        t: &markup::Table,
        st: Style,
        width: f64,
        x: f64,
        after: f64,
    ) -> Result<(), LayoutError> {
        let st = table_style(t, st);
        let widths = self.widths_of(t, st, width)?;
        let head: Vec<(f64, Vec<Vec<Line>>)> = t
            .head
            .iter()
            .map(|r| self.row_lines(r, &widths, st, true))
            .collect::<Result<_, _>>()?;
        let head_h: f64 = head.iter().map(|h| h.0).sum();
        let geom = TableGeom {
            widths: &widths,
            st,
            x,
        };
        let draw_head = |e: &mut Engine<'_>| {
            for (r, (h, ls)) in t.head.iter().zip(&head) {
                e.draw_row(r, ls, (0, usize::MAX), &geom, *h, true);
            }
        };
        self.y += 2.0;
        // No orphan rows: the head starts a page's part of the table with at least two rows
        // (fewer only if the table has fewer, or if they are taller than half a page).
        let mut first_h = 0.0;
        for r in t.body.iter().take(ORPHAN_ROWS) {
            first_h += self.row_lines(r, &widths, st, false)?.0;
        }
        self.need(head_h + first_h.min(self.page_height() / 2.0));
        draw_head(self);
        let n = t.body.len();
        // Body rows drawn on the current page.
        let mut on_page = 0;
        for (i, r) in t.body.iter().enumerate() {
            let (h, ls) = self.row_lines(r, &widths, st, false)?;
            // No widow row: when the last row would go to the next page alone, the one before it
            // goes with it (if that leaves at least two rows here); so do both when what the
            // table keeps at its end (`after`) would go there alone.
            if i + 2 == n && on_page >= ORPHAN_ROWS && h <= self.room() + 0.01 {
                let last_h = self.row_lines(&t.body[n - 1], &widths, st, false)?.0;
                let end_h = h + last_h + if after > 0.0 { 8.0 + after } else { 0.0 };
                if end_h > self.room() + 0.01 && end_h <= self.page_height() - head_h {
                    self.new_page();
                    draw_head(self);
                    on_page = 0;
                }
            }
            on_page += 1;
            if h <= self.room() + 0.01 {
                self.draw_row(r, &ls, (0, usize::MAX), &geom, h, false);
                continue;
            }
            if h <= self.page_height() - head_h {
                self.new_page();
                draw_head(self);
                on_page = 1;
                self.draw_row(r, &ls, (0, usize::MAX), &geom, h, false);
                continue;
            }
            on_page = 1;
            // A row taller than a page: split its lines across pages.
            let lh = st.size * st.line_height;
            let total = ls.iter().map(|l| l.len()).max().unwrap_or(0);
            let mut done = 0;
            while done < total {
                let fit = ((self.room() - 2.0 * CELL_PAD_Y) / lh).floor().max(0.0) as usize;
                if fit == 0 {
                    self.new_page();
                    draw_head(self);
                    continue;
                }
                let end = (done + fit).min(total);
                let part_h = (end - done) as f64 * lh + 2.0 * CELL_PAD_Y;
                self.draw_row(r, &ls, (done, end), &geom, part_h, false);
                done = end;
                if done < total {
                    self.new_page();
                    draw_head(self);
                }
            }
        }
        self.y += 8.0;
        Ok(())
    }
}

/// Where a table's columns are.
#[derive(Clone, Copy)]
struct TableGeom<'w> {
    widths: &'w [f64],
    st: Style,
    x: f64,
}

/// A cell's or a column's widths (points, with padding), from the narrowest it can be to the
/// width of its text on one line.
#[derive(Debug, Clone, Copy, Default)]
struct CellWidths {
    /// The widest unbreakable segment: narrower breaks a word.
    hard: f64,
    /// What should not wrap if it can be helped: header cells and numbers (up to a limit).
    keep: f64,
    /// `keep`, and `nowrap` cells on one line.
    soft: f64,
    /// All on one line.
    max: f64,
}

const CELL_PAD_X: f64 = 4.0;
/// The widest column (points, with padding) that is kept on one line.
const SHORT_COLUMN: f64 = 90.0;
const CELL_PAD_Y: f64 = 2.5;

fn collect(inlines: &[Inline], s: Style) -> Vec<Run> {
    let mut out = Vec::new();
    runs(inlines, s, &mut out);
    out
}

/// The marker of a list's item `i` (from 0): its number, or a bullet.
fn list_marker(ordered: bool, i: usize) -> String {
    if ordered {
        format!("{}.", i + 1)
    } else {
        "・".to_string()
    }
}

fn para_style(class: Option<&str>, st: Style) -> Style {
    match class {
        Some("lead") => Style {
            size: st.size * 1.35,
            bold: true,
            ..st
        },
        Some("meta") => Style { color: MUTED, ..st },
        Some("note") => Style {
            size: st.size * 0.85,
            color: MUTED,
            ..st
        },
        _ => st,
    }
}

/// Cells in a header row are bold; a `th` in the body (a row label) is not, as in the stylesheet.
fn cell_style(c: &markup::Cell, st: Style, in_head: bool) -> Style {
    Style {
        bold: (c.header && in_head) || st.bold,
        line_height: 1.4,
        ..st
    }
}

fn caption_style(st: Style) -> Style {
    Style {
        size: st.size * 0.82,
        color: MUTED,
        bold: false,
        line_height: 1.4,
    }
}

/// The smallest a chart is drawn to keep it on the page it starts on (a fraction of its size).
const FIGURE_MIN_SCALE: f64 = 0.75;

/// The scale of a chart: SVG user units to points, never wider than the column.
fn figure_scale(svg: &Svg, width: f64) -> f64 {
    (width / svg.width).min(1.0)
}

fn figure_height(svg: &Svg, width: f64) -> f64 {
    svg.height * figure_scale(svg, width)
}

fn parse_color(c: &str) -> Rgb {
    let h = c.trim_start_matches('#');
    let hex = |s: &str| u8::from_str_radix(s, 16).unwrap_or(0);
    if h.len() == 3 {
        let d = |i: usize| hex(&h[i..i + 1]) * 17;
        (d(0), d(1), d(2))
    } else if h.len() == 6 {
        (hex(&h[0..2]), hex(&h[2..4]), hex(&h[4..6]))
    } else {
        INK
    }
}

fn stroke_of(p: &Paint, k: f64) -> Option<(Rgb, f64)> {
    p.stroke
        .as_deref()
        .map(|s| (parse_color(s), (p.stroke_width * k).max(0.1)))
}

/// Draws an SVG chart with its top-left corner at (x, y).
fn draw_svg(
    items: &mut Vec<Item>,
    m: &dyn Measure,
    svg: &Svg,
    x: f64,
    y: f64,
    width: f64,
) -> Result<(), LayoutError> {
    let k = figure_scale(svg, width);
    let p = |px: f64, py: f64| (x + px * k, y + py * k);
    for s in &svg.items {
        match s {
            Shape::Rect {
                x: rx,
                y: ry,
                w,
                h,
                paint,
            } => {
                let (a, b) = p(*rx, *ry);
                items.push(Item::Rect {
                    x: a,
                    y: b,
                    w: w * k,
                    h: h * k,
                    fill: paint.fill.as_deref().map(parse_color),
                    stroke: stroke_of(paint, k),
                });
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                paint,
            } => {
                let (a, b) = p(*x1, *y1);
                let (c, d) = p(*x2, *y2);
                let (color, w) = stroke_of(paint, k).unwrap_or((INK, k));
                items.push(Item::Line {
                    x1: a,
                    y1: b,
                    x2: c,
                    y2: d,
                    color,
                    width: w,
                    dash: paint
                        .dash
                        .clone()
                        .map(|d| d.iter().map(|v| v * k).collect()),
                });
            }
            Shape::Polyline { points, paint } => items.push(Item::Poly {
                points: points.iter().map(|(a, b)| p(*a, *b)).collect(),
                closed: false,
                fill: paint.fill.as_deref().map(parse_color),
                stroke: stroke_of(paint, k),
                dash: paint.dash.clone(),
            }),
            Shape::Path { subpaths, paint } => {
                for (pts, closed) in subpaths {
                    items.push(Item::Poly {
                        points: pts.iter().map(|(a, b)| p(*a, *b)).collect(),
                        closed: *closed,
                        fill: paint.fill.as_deref().map(parse_color),
                        stroke: stroke_of(paint, k),
                        dash: paint.dash.clone(),
                    });
                }
            }
            Shape::Circle { cx, cy, r, paint } => {
                let (a, b) = p(*cx, *cy);
                let rr = r * k;
                let points = (0..20).map(|i| {
                    let t = i as f64 * std::f64::consts::TAU / 20.0;
                    (a + rr * t.cos(), b + rr * t.sin())
                });
                items.push(Item::Poly {
                    points: points.collect(),
                    closed: true,
                    fill: paint.fill.as_deref().map(parse_color),
                    stroke: stroke_of(paint, k),
                    dash: None,
                });
            }
            Shape::Text {
                x: tx,
                y: ty,
                anchor,
                size,
                bold,
                fill,
                text,
            } => {
                if let Some(c) = m.missing(text, *bold) {
                    return Err(LayoutError(format!("the character '{c}' (U+{:04X}) in the chart label \"{text}\" has no glyph in the report font", c as u32)));
                }
                let s = size * k;
                let w = m.width(text, s, *bold);
                let (a, b) = p(*tx, *ty);
                let x0 = match anchor.as_str() {
                    "middle" => a - w / 2.0,
                    "end" => a - w,
                    _ => a,
                };
                items.push(Item::Text {
                    x: x0,
                    y: b,
                    size: s,
                    bold: *bold,
                    color: parse_color(fill),
                    text: text.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The style of body text on a page.
fn body_style(style: &PageStyle) -> Style {
    Style {
        size: style.base_size,
        bold: false,
        color: INK,
        line_height: 1.6,
    }
}

/// The characters that each face (`[regular, bold]`) will draw, sorted, read from the document
/// before it is laid out, by the same style rules as [`layout`]. The PDF writer cuts the fonts for
/// them while the pages are laid out, and checks the guess against the laid-out pages. It may hold
/// a little more than the pages show: all ten digits for the page numbers, say.
pub fn faces(doc: &Document, style: &PageStyle) -> [Vec<char>; 2] {
    let mut out = [CharSet::default(), CharSet::default()];
    faces_of(&doc.blocks, body_style(style), &mut out);
    if let Some((left, right)) = &style.header {
        out[0].add(left);
        out[0].add(right);
    }
    if style.footer {
        out[0].add("0123456789 /");
    }
    out.map(CharSet::into_sorted)
}

fn faces_of(blocks: &[Block], st: Style, out: &mut [CharSet; 2]) {
    fn add(out: &mut [CharSet; 2], runs: Vec<Run>) {
        for r in runs {
            out[r.bold as usize].add(&r.text);
        }
    }
    for b in blocks {
        match b {
            Block::PageBreak => {}
            Block::Heading { inlines, .. } => {
                add(out, collect(inlines, Style { bold: true, ..st }))
            }
            Block::Paragraph { class, inlines } => {
                add(out, collect(inlines, para_style(class.as_deref(), st)))
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    out[0].add(&list_marker(*ordered, i));
                    add(out, collect(item, st));
                }
            }
            Block::Table(t) => {
                let ts = table_style(t, st);
                for (rows, in_head) in [(&t.head, true), (&t.body, false)] {
                    for c in rows.iter().flatten() {
                        add(out, collect(&c.inlines, cell_style(c, ts, in_head)));
                    }
                }
            }
            Block::Figure { svg, caption } => {
                for shape in &svg.items {
                    if let Shape::Text { bold, text, .. } = shape {
                        out[*bold as usize].add(text);
                    }
                }
                add(out, collect(caption, caption_style(st)));
            }
            Block::Note { blocks } | Block::Section { blocks, .. } => faces_of(blocks, st, out),
        }
    }
}

/// Lays out a document on pages.
pub fn layout(doc: &Document, m: &dyn Measure, style: &PageStyle) -> Result<Layout, LayoutError> {
    let mut e = Engine {
        m,
        style,
        pages: vec![Page::default()],
        y: style.margin.0,
        outline: Vec::new(),
        widths: Default::default(),
    };
    let st = body_style(style);
    let (w, x) = (style.content_width(), style.margin.3);
    e.blocks(&doc.blocks, st, w, x)?;
    // Drop a trailing empty page (a page break at the very end).
    while e.pages.len() > 1 && e.pages.last().is_some_and(|p| p.items.is_empty()) {
        e.pages.pop();
    }
    let n = e.pages.len();
    for (i, page) in e.pages.iter_mut().enumerate() {
        let size = 7.5;
        if let Some((left, right)) = &style.header {
            let y = style.margin.0 - 22.0;
            page.items.push(Item::Text {
                x: style.margin.3,
                y,
                size,
                bold: false,
                color: MUTED,
                text: left.clone(),
            });
            let rw = m.width(right, size, false);
            page.items.push(Item::Text {
                x: style.width - style.margin.1 - rw,
                y,
                size,
                bold: false,
                color: MUTED,
                text: right.clone(),
            });
            page.items.push(Item::Line {
                x1: style.margin.3,
                y1: y + 5.0,
                x2: style.width - style.margin.1,
                y2: y + 5.0,
                color: RULE,
                width: 0.5,
                dash: None,
            });
        }
        if style.footer {
            let text = format!("{} / {}", i + 1, n);
            let w = m.width(&text, size, false);
            page.items.push(Item::Text {
                x: (style.width - w) / 2.0,
                y: style.height - style.margin.2 + 26.0,
                size,
                bold: false,
                color: MUTED,
                text,
            });
        }
    }
    Ok(Layout {
        pages: e.pages,
        outline: e.outline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is `size` wide (CJK) or half of it (ASCII).
    struct Fixed;
    impl Measure for Fixed {
        fn width(&self, text: &str, size: f64, _bold: bool) -> f64 {
            text.chars()
                .map(|c| if c.is_ascii() { size / 2.0 } else { size })
                .sum()
        }
        fn missing(&self, text: &str, _bold: bool) -> Option<char> {
            text.chars().find(|c| *c == '\u{e000}')
        }
    }

    /// `k` paragraphs, then `before`, a table of `rows` rows (行0, 行1, …) and `after`, laid out.
    fn table_after_paragraphs(k: usize, before: &str, rows: usize, after: &str) -> Layout {
        let rows: String = (0..rows)
            .map(|i| format!("<tr><td>行{i}</td><td class=\"num\">{i}</td></tr>"))
            .collect();
        let src = format!(
            "{}{before}<table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody>{rows}</tbody></table>{after}",
            "<p>本文の段落。</p>".repeat(k)
        );
        layout(
            &markup::parse(&src).unwrap(),
            &Fixed,
            &PageStyle::a4(None, false),
        )
        .unwrap()
    }

    fn texts(l: &Layout, page: usize) -> Vec<String> {
        l.pages[page]
            .items
            .iter()
            .filter_map(|i| {
                if let Item::Text { text, .. } = i {
                    Some(text.clone())
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn kinsoku_keeps_closing_punctuation_off_the_line_start() {
        let runs = vec![Run {
            text: "あいうえお、かきくけこ。".into(),
            bold: false,
            color: INK,
            badge: None,
        }];
        // Five characters fit; the comma may not start the next line.
        let lines = wrap(&Fixed, &runs, 10.0, 50.0).unwrap();
        for l in &lines {
            let t: String = l.pieces.iter().map(|p| p.text.as_str()).collect();
            assert!(!t.starts_with('、') && !t.starts_with('。'), "{t}");
            assert!(l.width <= 60.0);
        }
    }

    #[test]
    fn a_paragraph_never_ends_with_one_character_alone() {
        let st = Style {
            size: 10.0,
            bold: false,
            color: INK,
            line_height: 1.5,
        };
        let lines_of = |text: &str, width: f64| -> Vec<String> {
            let runs = vec![Run {
                text: text.into(),
                bold: false,
                color: INK,
                badge: None,
            }];
            wrap(&Fixed, &runs, st.size, width)
                .unwrap()
                .iter()
                .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
                .collect()
        };
        // Eleven characters in a line of ten: the last line takes two.
        assert_eq!(
            lines_of("確保に関する開催について", 110.0),
            vec!["確保に関する開催につ", "いて"]
        );
        // Not where a line may not break: 「。」 never starts a line, so 「九。」 moves together.
        assert_eq!(
            lines_of("一二三四五六七八九。十", 100.0),
            vec!["一二三四五六七八", "九。十"]
        );
        // Nor where neither of the last two may start a line: 「」。」 stay, 「十」 alone.
        assert_eq!(
            lines_of("一二三四五六七八」。十", 100.0),
            vec!["一二三四五六七八」。", "十"]
        );
        // The last line before a forced break counts as a paragraph's last line.
        let runs = vec![Run {
            text: "確保に関する開催について\n次の行".into(),
            bold: false,
            color: INK,
            badge: None,
        }];
        let lines: Vec<String> = wrap(&Fixed, &runs, st.size, 110.0)
            .unwrap()
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(lines, vec!["確保に関する開催につ", "いて", "次の行"]);
    }

    #[test]
    fn latin_words_wrap_at_spaces_without_trailing_spaces() {
        let runs = vec![Run {
            text: "about twenty hubs by 2020".into(),
            bold: false,
            color: INK,
            badge: None,
        }];
        let lines = wrap(&Fixed, &runs, 10.0, 50.0).unwrap();
        let t: Vec<String> = lines
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(t, vec!["about", "twenty", "hubs by", "2020"]);
    }

    #[test]
    fn a_missing_glyph_is_an_error() {
        let runs = vec![Run {
            text: "a\u{e000}b".into(),
            bold: false,
            color: INK,
            badge: None,
        }];
        assert!(wrap(&Fixed, &runs, 10.0, 60.0)
            .unwrap_err()
            .0
            .contains("U+E000"));
    }

    #[test]
    fn long_tables_repeat_their_header_on_every_page() {
        let mut rows = String::new();
        for i in 0..120 {
            rows.push_str(&format!(
                "<tr><td>拠点{i}</td><td class=\"num\">{i}</td></tr>"
            ));
        }
        let doc = markup::parse(&format!("<h2>一覧</h2><table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody>{rows}</tbody></table>")).unwrap();
        let l = layout(&doc, &Fixed, &PageStyle::a4(None, true)).unwrap();
        assert!(l.pages.len() >= 3);
        for p in 0..l.pages.len() {
            let t = texts(&l, p);
            assert!(
                t.contains(&"名前".to_string()),
                "page {p} has no header: {t:?}"
            );
            assert!(t.contains(&format!("{} / {}", p + 1, l.pages.len())));
        }
        assert_eq!(l.outline[0].title, "一覧");
    }

    #[test]
    fn a_table_split_across_pages_keeps_two_rows_on_each_side() {
        // Push a 6-row table down the page a paragraph at a time, so that every place a page
        // break can fall in it is tried.
        let mut seen_split = false;
        for k in 0..60 {
            let l = table_after_paragraphs(k, "<h3>表</h3>", 6, "");
            let per_page: Vec<usize> = (0..l.pages.len())
                .map(|p| texts(&l, p).iter().filter(|t| t.starts_with('行')).count())
                .filter(|n| *n > 0)
                .collect();
            assert_eq!(per_page.iter().sum::<usize>(), 6, "k = {k}");
            if per_page.len() > 1 {
                seen_split = true;
            }
            assert!(
                per_page.iter().all(|n| *n >= 2),
                "k = {k}: rows per page {per_page:?}"
            );
            // The heading is on the page where the table starts.
            let start = (0..l.pages.len())
                .find(|p| texts(&l, *p).iter().any(|t| t == "行0"))
                .unwrap();
            assert!(texts(&l, start).contains(&"表".to_string()), "k = {k}");
        }
        assert!(
            seen_split,
            "no position split the table: the test tries too little"
        );
    }

    #[test]
    fn a_chart_that_misses_the_page_by_a_little_is_drawn_smaller_on_it() {
        // Push a heading, its introduction and a 480 × 200 chart down the page a paragraph at a
        // time. The chart is always on the heading's page; near the bottom it shrinks (down to
        // three quarters) instead of leaving the page's rest empty, and never crosses the margin.
        let chart = "<figure><svg viewBox=\"0 0 480 200\"><rect x=\"0\" y=\"0\" width=\"480\" height=\"200\" fill=\"#eeeeee\"/><text x=\"10\" y=\"20\">図の文字</text></svg><figcaption>図の説明</figcaption></figure>";
        let style = PageStyle::a4(None, false);
        let (mut shrunk, mut moved) = (false, false);
        for k in 0..50 {
            let src = format!(
                "{}<h2>見出し</h2><p>導入の段落。</p>{chart}",
                "<p>本文の段落。</p>".repeat(k)
            );
            let l = layout(&markup::parse(&src).unwrap(), &Fixed, &style).unwrap();
            let page_of = |t: &str| {
                (0..l.pages.len())
                    .find(|p| texts(&l, *p).iter().any(|x| x == t))
                    .unwrap()
            };
            let page = page_of("図の文字");
            assert_eq!(page_of("見出し"), page, "k = {k}");
            let (y, w, h) = l.pages[page]
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Rect { y, w, h, .. } => Some((*y, *w, *h)),
                    _ => None,
                })
                .unwrap();
            let scale = w / 480.0;
            assert!((h / 200.0 - scale).abs() < 1e-9, "k = {k}: not to scale");
            assert!(
                (0.75 - 1e-9..=1.0).contains(&scale),
                "k = {k}: scale {scale}"
            );
            assert!(y + h <= style.bottom(), "k = {k}: below the margin");
            shrunk |= scale < 0.99;
            moved |= page > 0;
        }
        assert!(
            shrunk && moved,
            "the test tries too little: shrunk {shrunk}, moved {moved}"
        );
    }

    #[test]
    fn a_nowrap_column_gives_way_before_a_word_is_broken() {
        // The names alone (nowrap) are wider than the page: they must wrap, but the countries
        // and operators next to them stay whole words, as they did before the names got long.
        let name = "Lifestyle Disease Prevention and Treatment Centre (provisional name) of Hokuto Medical Corporation, Kaikoukai Clinic Senayan";
        let rows: String = ["Philippines", "Cambodia", "Indonesia"]
            .iter()
            .map(|c| {
                format!("<tr><td class=\"nowrap\">{name}</td><td>{c}</td><td>Japan Gastroenterological Endoscopy Society, Olympus</td></tr>")
            })
            .collect();
        let src = format!("<table><thead><tr><th>Hub</th><th>Country</th><th>Operators</th></tr></thead><tbody>{rows}</tbody></table>");
        let l = layout(
            &markup::parse(&src).unwrap(),
            &Fixed,
            &PageStyle::a4(None, false),
        )
        .unwrap();
        let t = texts(&l, 0);
        for word in ["Philippines", "Cambodia", "Gastroenterological"] {
            assert!(
                t.iter().any(|x| x.contains(word)),
                "{word} was broken: {t:?}"
            );
        }
        assert!(!t.iter().any(|x| x == name), "the name did not wrap: {t:?}");
        // The room is shared as if no cell were `nowrap`: the operators are not squeezed to
        // their longest word while the names take the rest.
        assert!(
            t.iter().any(|x| x.contains("Japan Gastroenterological")),
            "the operators were squeezed to their longest word: {t:?}"
        );
    }

    #[test]
    fn a_note_after_a_table_never_starts_a_page_alone() {
        // Push a long table and its source note down the page a paragraph at a time: wherever
        // the page breaks, the note shares its page with the table's last rows.
        let mut moved = false;
        for k in 0..40 {
            let note = "<aside class=\"note\"><p class=\"note\">出典：資料</p></aside>";
            let l = table_after_paragraphs(k, "", 30, note);
            let note = (0..l.pages.len())
                .find(|p| texts(&l, *p).iter().any(|t| t == "出典：資料"))
                .unwrap();
            let rows_there = texts(&l, note)
                .iter()
                .filter(|t| t.starts_with('行'))
                .count();
            assert!(
                rows_there >= 2,
                "k = {k}: the note's page has {rows_there} rows"
            );
            moved |= note > 0 && texts(&l, note - 1).iter().any(|t| t == "行27");
        }
        assert!(
            moved,
            "no position moved the last rows: the test tries too little"
        );
    }

    #[test]
    fn a_row_taller_than_a_page_is_split() {
        let long = "長い文章。".repeat(900);
        let doc = markup::parse(&format!(
            "<table><tr><th>見出し</th></tr><tr><td>{long}</td></tr></table>"
        ))
        .unwrap();
        let l = layout(&doc, &Fixed, &PageStyle::a4(None, false)).unwrap();
        assert!(l.pages.len() >= 2);
        let all: String = (0..l.pages.len())
            .flat_map(|p| texts(&l, p))
            .filter(|t| t != "見出し")
            .collect();
        assert_eq!(all, long);
    }

    #[test]
    fn a_heading_is_kept_with_what_follows() {
        let mut src = String::new();
        for _ in 0..40 {
            src.push_str("<p>本文の段落。</p>");
        }
        src.push_str("<h2>見出し</h2><p>続く段落。</p>");
        let doc = markup::parse(&src).unwrap();
        let l = layout(&doc, &Fixed, &PageStyle::a4(None, false)).unwrap();
        for p in 0..l.pages.len() {
            let t = texts(&l, p);
            if let Some(i) = t.iter().position(|x| x == "見出し") {
                assert!(i + 1 < t.len(), "the heading ends page {p}");
            }
        }
    }

    #[test]
    fn the_faces_are_known_before_layout_exactly_as_the_pages_draw_them() {
        // Every style rule that picks a face: headings, strong, a lead paragraph, header cells
        // (but not a row label), a badge, list markers, chart labels (one bold), a caption, a
        // note, a cover section. Each character below appears in one face only.
        let src = "<section class=\"cover\"><h1>表紙見出</h1><p class=\"lead\">導入文</p></section>\
            <h2>章題</h2><p>本文と<strong>強調</strong>と<em>斜体</em>。</p>\
            <ul><li>項目甲</li></ul><ol><li>項目乙</li><li>項目丙</li></ol>\
            <table><thead><tr><th>列名</th><th class=\"num\">数量</th></tr></thead>\
            <tbody><tr><th>行名</th><td class=\"num\">42</td></tr>\
            <tr><td><span class=\"rag rag-green\">順調</span></td><td>備考</td></tr></tbody></table>\
            <figure><svg viewBox=\"0 0 100 50\"><text x=\"1\" y=\"2\">軸名</text>\
            <text x=\"1\" y=\"9\" font-weight=\"bold\">太字札</text></svg>\
            <figcaption>図説明</figcaption></figure><aside class=\"note\"><p>注記</p></aside>";
        let doc = markup::parse(src).unwrap();
        let style = PageStyle::a4(Some(("表題".into(), "期間".into())), false);
        let guess = faces(&doc, &style);
        assert_eq!(guess, layout(&doc, &Fixed, &style).unwrap().chars());
        assert!(guess[1].contains(&'強') && !guess[0].contains(&'強'));
        assert!(guess[0].contains(&'行') && !guess[1].contains(&'行'));
        assert!(guess[1].contains(&'太') && guess[0].contains(&'軸'));

        // Page numbers: every digit is expected, whichever the pages show.
        let style = PageStyle::a4(None, true);
        let guess = faces(&doc, &style);
        let used = layout(&doc, &Fixed, &style).unwrap().chars();
        assert!(used[0].iter().all(|c| guess[0].contains(c)));
        assert_eq!(guess[1], used[1]);
        assert!(('0'..='9').all(|d| guess[0].contains(&d)));
    }
}

//! Text: inline markup to styled runs, runs to lines (UAX #14 line breaking, which carries the
//! basic kinsoku rules, and the rule against one character alone on a last line), and lines to
//! positioned items.

use super::doc::Content;
use super::style::*;
use super::{Engine, Face, Item, LayoutError, Measure, Rgb};
use crate::markup::{self, Inline};
use std::borrow::Cow;
use std::rc::Rc;

mod fill;
use fill::fill;

/// An inline element that the PDF tags as a structure element of its own: a link (`/Link`), a
/// span in another language (`/Span` with its `/Lang`), or code (`/Code`). The runs of one element share it (and are
/// told apart from another element's by identity); an element inside another points to it.
#[derive(Debug)]
pub(super) struct Inner {
    pub(super) href: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) code: bool,
    pub(super) outer: Within,
}

/// The innermost tagged inline element that a run is in, if any.
pub(super) type Within = Option<Rc<Inner>>;

/// Whether two runs are in the same tagged inline element (or both in none).
fn same(a: &Within, b: &Within) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        _ => false,
    }
}

impl Inner {
    /// The target of the link that this element is, or is in.
    pub(super) fn link(&self) -> Option<&str> {
        self.href
            .as_deref()
            .or_else(|| self.outer.as_ref().and_then(|o| o.link()))
    }
}

/// A run of text in one style; `badge` draws a coloured box behind it.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) text: String,
    pub(super) face: Face,
    pub(super) color: Rgb,
    pub(super) badge: Option<Rgb>,
    /// The link or other-language span that the text is in.
    pub(super) within: Within,
}

impl Run {
    /// A run of text in the face and colour of a style.
    fn new(text: String, style: Style, within: &Within) -> Run {
        Run {
            text,
            face: Face::of(style.bold),
            color: style.color,
            badge: None,
            within: within.clone(),
        }
    }
}

/// A piece of a line.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) face: Face,
    pub(super) color: Rgb,
    pub(super) badge: Option<Rgb>,
    pub(super) width: f64,
    pub(super) within: Within,
}

impl Piece {
    /// Whether another piece's text can join this one's: the same look, in the same link or span.
    fn joins(&self, face: Face, color: Rgb, badge: Option<Rgb>, within: &Within) -> bool {
        self.face == face
            && self.color == color
            && self.badge == badge
            && same(&self.within, within)
    }
}

/// A laid-out line: pieces and their total width.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub(super) pieces: Vec<Piece>,
    pub(super) width: f64,
}

/// Lines of wrapped text, shared by what asks for them (see [`super::cells::Kept`]).
pub(super) type Lines = Rc<Vec<Line>>;

pub(super) fn runs(inlines: &[Inline], style: Style, out: &mut Vec<Run>) {
    runs_within(inlines, style, &None, out)
}

fn runs_within(inlines: &[Inline], style: Style, within: &Within, out: &mut Vec<Run>) {
    let runs = |c, style, out: &mut Vec<Run>| runs_within(c, style, within, out);
    for i in inlines {
        match i {
            Inline::Text(t) => text_runs(t, style, within, out),
            Inline::Code(c) => {
                let code = inner(None, None, true, within);
                let mono = Style {
                    mono: true,
                    ..style
                };
                runs_within(c, mono, &code, out);
            }
            Inline::Strong(c) => {
                let bold = Style {
                    bold: true,
                    ..style
                };
                runs(c, bold, out)
            }
            Inline::Em(c) => {
                let accent = Style {
                    color: ACCENT,
                    ..style
                };
                runs(c, accent, out)
            }
            Inline::Link { href, children } => {
                let link = inner(Some(href.clone()), None, false, within);
                let style = Style {
                    color: LINK,
                    ..style
                };
                runs_within(children, style, &link, out);
            }
            Inline::Span {
                class,
                lang,
                children,
            } => span_runs(class.as_deref(), lang, children, style, within, out),
            Inline::Break => out.push(Run::new("\n".into(), style, within)),
        }
    }
}

/// The runs of a text: code's faces in code, one run otherwise.
fn text_runs(t: &str, style: Style, within: &Within, out: &mut Vec<Run>) {
    match style.mono {
        true => code_runs(t, style, within, out),
        false => out.push(Run::new(t.to_string(), style, within)),
    }
}

/// A tagged inline element inside `outer`.
fn inner(href: Option<String>, lang: Option<String>, code: bool, outer: &Within) -> Within {
    Some(Rc::new(Inner {
        href,
        lang,
        code,
        outer: outer.clone(),
    }))
}

/// The runs of a span: a badge (one run on its colour) for a badge's class, the runs of its
/// children otherwise; a span in another language is a tagged element of its own.
fn span_runs(
    class: Option<&str>,
    lang: &Option<String>,
    children: &[Inline],
    style: Style,
    within: &Within,
    out: &mut Vec<Run>,
) {
    let span = match lang {
        Some(lang) => inner(None, Some(lang.clone()), false, within),
        None => within.clone(),
    };
    match class.and_then(badge_color) {
        Some(bg) => out.push(Run {
            text: markup::plain_text(children),
            face: Face::Regular,
            color: (255, 255, 255),
            badge: Some(bg),
            within: span,
        }),
        None => runs_within(children, style, &span, out),
    }
}

/// The runs of a text of code: the monospace face for what it draws, the text face for the rest.
fn code_runs(text: &str, style: Style, within: &Within, out: &mut Vec<Run>) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let face = Face::code(c, style.bold);
        let end = rest
            .char_indices()
            .find(|&(_, d)| Face::code(d, style.bold) != face)
            .map_or(rest.len(), |(i, _)| i);
        out.push(Run {
            text: rest[..end].to_string(),
            face,
            color: style.color,
            badge: None,
            within: within.clone(),
        });
        rest = &rest[end..];
    }
}

pub(super) fn collect(inlines: &[Inline], s: Style) -> Vec<Run> {
    let mut out = Vec::new();
    runs(inlines, s, &mut out);
    out
}

/// The runs of a table cell's content.
pub(super) fn cell_runs(content: Content<'_>, s: Style) -> Vec<Run> {
    match content {
        Content::Inlines(inlines) => collect(inlines, s),
        Content::Text(t) => {
            let mut out = Vec::with_capacity(1);
            text_runs(t, s, &None, &mut out);
            out
        }
    }
}

/// Refuses text the font cannot draw (never tofu), quoting where it appears.
pub(super) fn check_glyphs(m: &dyn Measure, runs: &[Run]) -> Result<(), LayoutError> {
    for r in runs {
        if let Some(c) = m.missing(&r.text, r.face) {
            return Err(LayoutError(format!(
                "the character '{c}' (U+{:04X}) has no glyph in the report font; it appears in \"{}\". Replace it, or add a font that has it",
                c as u32,
                r.text.chars().take(40).collect::<String>()
            )));
        }
    }
    Ok(())
}

/// Breaks runs into lines no wider than `width`: the text is cut into segments between break
/// opportunities, the segments are filled into lines, and the lines are tidied.
pub(super) fn wrap(
    m: &dyn Measure,
    runs: &[Run],
    size: f64,
    width: f64,
) -> Result<Vec<Line>, LayoutError> {
    check_glyphs(m, runs)?;
    let (text, owner) = joined(runs);
    let (mut pieces, segs) = segments(m, runs, &text, &owner, (size, width));
    let (mut lines, after_break) = fill(m, &mut pieces, segs, size, width);
    tidy(&mut lines);
    no_lone_last_character(m, &mut lines, &after_break, size, width);
    Ok(lines)
}

/// A piece of a segment: text borrowed from the joined text unless it had to change.
struct SegPiece<'t> {
    text: Cow<'t, str>,
    face: Face,
    color: Rgb,
    badge: Option<Rgb>,
    width: f64,
    within: &'t Within,
}

/// A segment between break opportunities (a badge is one segment): `pieces[from..to]`. In
/// Japanese nearly every character is a segment, so nothing allocates per segment.
struct Seg {
    from: usize,
    to: usize,
    /// The width of its trailing white space, which does not count at the end of a line.
    trailing: f64,
    /// Whether a line must end after it (a `<br>`).
    mandatory: bool,
    /// Whether the break after it is inside a phrase: taken only when the phrase's start would
    /// leave the line short ([`mod@fill`]).
    soft: bool,
}

/// The runs' text as one string (a badge's spaces made non-breaking), and the run of each byte.
fn joined(runs: &[Run]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut owner: Vec<usize> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let t: Cow<'_, str> = if r.badge.is_some() {
            Cow::Owned(r.text.replace(' ', "\u{a0}"))
        } else {
            Cow::Borrowed(&r.text)
        };
        owner.extend(std::iter::repeat_n(i, t.len()));
        text.push_str(&t);
    }
    (text, owner)
}

/// Cuts the joined text where running text may break ([`super::words::running_breaks`]; never
/// inside a badge) into measured segments, each made of pieces of one run.
fn segments<'t>(
    m: &dyn Measure,
    runs: &'t [Run],
    text: &'t str,
    owner: &[usize],
    (size, width): (f64, f64),
) -> (Vec<SegPiece<'t>>, Vec<Seg>) {
    // About how many full-width characters a line holds.
    let line = (width / size).floor().max(1.0) as usize;
    let mut breaks = super::words::running_breaks(text, line);
    breaks.retain(|b| {
        let i = b.at;
        i == text.len() || i == 0 || owner[i - 1] != owner[i] || runs[owner[i]].badge.is_none()
    });
    let piece = |from: usize, to: usize| {
        let r = &runs[owner[from]];
        SegPiece {
            text: Cow::Borrowed(&text[from..to]),
            face: r.face,
            color: r.color,
            badge: r.badge,
            width: 0.0,
            within: &r.within,
        }
    };
    let mut pieces: Vec<SegPiece<'t>> = Vec::with_capacity(breaks.len() + runs.len());
    let mut segs: Vec<Seg> = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for super::words::Break {
        at: end,
        mandatory,
        soft,
    } in breaks
    {
        if end <= start {
            continue;
        }
        let from = pieces.len();
        let mut p0 = start;
        for (k, _) in text[start..end].char_indices() {
            let at = start + k;
            if at > p0 && owner[at] != owner[p0] {
                pieces.push(piece(p0, at));
                p0 = at;
            }
        }
        pieces.push(piece(p0, end));
        let trailing = trim_trailing(m, pieces.last_mut().expect("pushed above"), size);
        for p in &mut pieces[from..] {
            p.width = piece_width(m, p, size);
        }
        // Pieces left empty are dropped (a badge stays: it draws its box).
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
            soft,
        });
        start = end;
    }
    (pieces, segs)
}

/// Drops a segment's line break, keeps its trailing spaces, and returns their width.
fn trim_trailing(m: &dyn Measure, last: &mut SegPiece<'_>, size: f64) -> f64 {
    let trimmed = last.text.trim_end_matches([' ', '\n', '\t']).len();
    if trimmed == last.text.len() {
        return 0.0;
    }
    let tail = last.text[trimmed..].replace('\n', "");
    let w = m.width(&tail, size, last.face);
    if tail.len() + trimmed < last.text.len() {
        let mut kept = last.text[..trimmed].to_string();
        kept.push_str(&tail);
        last.text = Cow::Owned(kept);
    }
    w
}

/// The width of a piece: a badge is set smaller, inside its padding.
fn piece_width(m: &dyn Measure, p: &SegPiece<'_>, size: f64) -> f64 {
    if p.badge.is_some() {
        let visible = p.text.trim_end_matches([' ', '\t']);
        m.width(visible, size * 0.85, p.face) + 2.0 * BADGE_PAD
    } else if p.text.contains('\n') {
        m.width(&p.text.replace('\n', ""), size, p.face)
    } else {
        m.width(&p.text, size, p.face)
    }
}

/// Drops trailing spaces and line breaks at line ends, and an empty last line from a final break.
/// A line that wrapped at a space keeps one, drawn after its end where it shows nothing: whoever
/// reads the text rather than sees it (a screen reader following the tags, a copy and paste) gets
/// "promoted in Vietnam", not "promoted inVietnam".
fn tidy(lines: &mut Vec<Line>) {
    let n = lines.len();
    for (i, l) in lines.iter_mut().enumerate() {
        if let Some(last) = l.pieces.last_mut() {
            let kept = last.text.trim_end_matches([' ', '\n', '\t']).len();
            let wrapped_at_space = i + 1 < n && last.text[kept..].starts_with(' ');
            last.text.truncate(kept);
            if wrapped_at_space {
                last.text.push(' ');
            }
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
}

/// Japanese typesetting leaves at least two characters on the last line of a paragraph (or of a
/// cell, or before a `<br>`): a lone 「て」 under a full line reads as a mistake. Where a wrap leaves
/// one, the line above gives it its last character, or its last two where a line may not break
/// before the last (UAX #14, so kinsoku holds: 「九。/十」 becomes 「/九。十」, as 「。」 never
/// starts a line), if they fit and the line above keeps two.
pub(super) fn no_lone_last_character(
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
        let breaks: Vec<usize> = super::words::linebreaks(&joined).map(|(i, _)| i).collect();
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
        let cw = m.width(moving, size, p.face);
        if to.width + cw > width + 0.01 {
            continue;
        }
        let moved = Piece {
            text: moving.to_string(),
            width: cw,
            face: p.face,
            color: p.color,
            badge: None,
            within: p.within.clone(),
        };
        p.text.truncate(p.text.len() - moving.len());
        p.width -= cw;
        from.width -= cw;
        if p.text.is_empty() {
            from.pieces.pop();
        }
        match to.pieces.first_mut() {
            Some(first) if first.joins(moved.face, moved.color, None, &moved.within) => {
                first.text.insert_str(0, &moved.text);
                first.width += cw;
            }
            _ => to.pieces.insert(0, moved),
        }
        to.width += cw;
    }
}

impl Engine<'_> {
    /// Places one line's pieces at a baseline, each as part of the current element or of its link
    /// or other-language span.
    pub(super) fn draw_line(
        &mut self,
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
            let element = self.current;
            if let Some(within) = &p.within {
                self.current = self.inline_node(within);
            }
            if let Some(bg) = p.badge {
                let bs = size * 0.85;
                self.push(Item::Rect {
                    x,
                    y: baseline - bs * 1.0,
                    w: p.width,
                    h: bs * 1.3,
                    fill: Some(bg),
                    stroke: None,
                });
                self.push(Item::Text {
                    x: x + BADGE_PAD,
                    y: baseline - bs * 0.05,
                    size: bs,
                    face: p.face,
                    color: p.color,
                    text: p.text.clone(),
                });
            } else {
                self.push(Item::Text {
                    x,
                    y: baseline,
                    size,
                    face: p.face,
                    color: p.color,
                    text: p.text.clone(),
                });
            }
            if let Some(href) = p.within.as_ref().and_then(|w| w.link()) {
                self.push(Item::Link {
                    x,
                    y: baseline - size * 1.05,
                    w: p.width,
                    h: size * 1.35,
                    href: href.to_string(),
                });
            }
            self.current = element;
            x += p.width;
        }
    }

    /// Places lines, breaking pages between them (no single orphan or widow line when avoidable).
    pub(super) fn lines(
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
            self.draw_line(l, x, baseline, s.size, right);
            self.y += lh;
        }
        let _ = width;
        Ok(())
    }
}

//! What a block keeps with it on its page: a heading the start of what follows it, a table its
//! notes and chart, a list's last item its note, a chart its short note. Each is a height the
//! engine asks for (`Engine::need`) before it lays the block out, so that a page never ends on a
//! heading or between a thing and its note.

use super::*;

impl Engine<'_> {
    /// The height that must fit with a heading so it is not left alone at the bottom.
    pub(super) fn first_chunk(
        &self,
        b: Option<&Block>,
        st: Style,
        width: f64,
    ) -> Result<f64, LayoutError> {
        Ok(match b {
            None => 0.0,
            Some(Block::Paragraph { class, inlines }) => {
                let s = para_style(class.as_deref(), st);
                let lines = self.wrapped(inlines, s, width)?;
                s.size * s.line_height * lines.len().min(2) as f64 + 4.0
            }
            Some(Block::List { items, .. }) => {
                let first = items
                    .first()
                    .map(|i| self.wrapped(i, st, width - 14.0))
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
                    self.column_widths(t, SAMPLE_ROWS, st, width)?
                };
                if let Some(whole) = self.kept_height(t, &widths, st)? {
                    return Ok(whole + 6.0);
                }
                let mut h = 0.0;
                for r in t.head.iter() {
                    h += self.row_lines(&r, &widths, st, true)?.0;
                }
                // What the table itself keeps together at its start (see `Engine::table`).
                let mut rows = 0.0;
                for r in t.body.iter().take(ORPHAN_ROWS) {
                    rows += self.row_lines(&r, &widths, st, false)?.0;
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

    /// What a heading keeps with: the first chunk of the next block, and all of a short paragraph
    /// plus the first chunk of the block after it (an introduction and its chart stay together).
    /// A heading followed by a heading (a section's title, then its first subsection's) keeps
    /// with that heading and what it keeps with.
    pub(super) fn keep_with(
        &self,
        rest: &[Block],
        st: Style,
        width: f64,
    ) -> Result<f64, LayoutError> {
        if let Some(Block::Heading { level, inlines, .. }) = rest.first() {
            let h = HeadingStyle::of(*level);
            let lines = self.wrapped(inlines, h.text, width)?.len();
            let height =
                h.before + h.text.size * h.text.line_height * lines as f64 + h.after + h.rule_gap;
            return Ok(height + self.keep_with(&rest[1..], st, width)?);
        }
        let first = self.first_chunk(rest.first(), st, width)?;
        if let Some(Block::List { items, .. }) = rest.first() {
            // A one-item list goes whole, with the note its item keeps (see `Engine::list`).
            let (notes, n) = self.leading_notes(&rest[1..], st, width)?;
            if let ([item], true) = (&items[..], n > 0 && notes <= self.page_height() / 2.0) {
                let lines = self.wrapped(item, st, width - LIST_INDENT)?;
                return Ok(st.size * st.line_height * lines.len() as f64 + notes);
            }
        }
        if let Some(Block::Table(t)) = rest.first() {
            // A short table goes whole, with what it keeps after it.
            let ts = table_style(t, st);
            if t.body.len() <= SAMPLE_ROWS
                && self
                    .kept_height(t, &self.widths_of(t, ts, width)?, ts)?
                    .is_some()
            {
                return Ok(first + self.attached(&rest[1..], st, width)?);
            }
        }
        if let (Some(Block::Paragraph { class, inlines }), Some(after)) =
            (rest.first(), rest.get(1))
        {
            let s = para_style(class.as_deref(), st);
            let lines = self.wrapped(inlines, s, width)?.len();
            if lines <= 3 && !matches!(after, Block::Heading { .. } | Block::PageBreak) {
                return Ok(s.size * s.line_height * lines as f64
                    + s.size * 0.5
                    + self.first_chunk(Some(after), st, width)?);
            }
        }
        Ok(first)
    }

    /// What a table keeps after it on its page: its notes (paragraphs of class `note`), then a
    /// chart with the short note after the chart (a target's table, its footnote, its bar and its
    /// sources). None (0) when they would take more than half a page.
    pub(super) fn attached(
        &self,
        rest: &[Block],
        st: Style,
        width: f64,
    ) -> Result<f64, LayoutError> {
        let (mut h, n) = self.leading_notes(rest, st, width)?;
        if let Some(Block::Figure { svg, caption }) = rest.get(n) {
            let (_, cap_h) = self.caption(caption, st, width)?;
            let note = self.kept_note(rest.get(n + 1), st, width)?;
            h += figure_height(svg, width) + cap_h + 12.0 + note.unwrap_or(0.0);
        }
        Ok(if h <= self.page_height() / 2.0 {
            h
        } else {
            0.0
        })
    }

    /// The height of the note paragraphs (class `note`) that `rest` starts with, and how many
    /// there are.
    pub(super) fn leading_notes(
        &self,
        rest: &[Block],
        st: Style,
        width: f64,
    ) -> Result<(f64, usize), LayoutError> {
        let mut h = 0.0;
        for (i, b) in rest.iter().enumerate() {
            let Block::Paragraph { class, inlines } = b else {
                return Ok((h, i));
            };
            if class.as_deref() != Some("note") {
                return Ok((h, i));
            }
            let s = para_style(class.as_deref(), st);
            let lines = self.wrapped(inlines, s, width)?.len();
            h += s.size * s.line_height * lines as f64 + s.size * 0.5;
        }
        Ok((h, rest.len()))
    }

    /// The height of a note of paragraphs short enough to keep whole (at most half a page), or
    /// `None` when `b` is no such note.
    pub(super) fn kept_note(
        &self,
        b: Option<&Block>,
        st: Style,
        width: f64,
    ) -> Result<Option<f64>, LayoutError> {
        let Some(Block::Note { blocks }) = b else {
            return Ok(None);
        };
        let st = note_style(st);
        // The space after the last paragraph need not fit on the page.
        let (mut h, mut gap) = (4.0, 0.0);
        for b in blocks {
            let Block::Paragraph { class, inlines } = b else {
                return Ok(None);
            };
            let s = para_style(class.as_deref(), st);
            let lines = self.wrapped(inlines, s, width)?.len();
            h += gap + s.size * s.line_height * lines as f64;
            gap = s.size * 0.5;
        }
        Ok((h <= self.page_height() / 2.0).then_some(h))
    }
    /// What a list's last item keeps after it on its page: the note after the list (on that item,
    /// say), when it is short (at most half a page).
    pub(super) fn list_note(
        &self,
        rest: &[Block],
        st: Style,
        width: f64,
    ) -> Result<f64, LayoutError> {
        Ok(match self.leading_notes(rest, st, width)? {
            (h, n) if n > 0 && h <= self.page_height() / 2.0 => h,
            _ => self.kept_note(rest.first(), st, width)?.unwrap_or(0.0),
        })
    }
}

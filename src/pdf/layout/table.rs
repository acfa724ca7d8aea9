//! Tables: column widths from the content (like HTML's automatic table layout), rows split
//! across pages with their header rows repeated.

use super::cells::Cache;
use super::doc::{Cell, Rows, Table};
use super::style::*;
use super::text::*;
use super::words::*;
use super::{Engine, Item, LayoutError, NodeId, Role, Scope};
use std::rc::Rc;

/// A table split across pages keeps at least this many body rows on each side of a break.
pub(super) const ORPHAN_ROWS: usize = 2;

/// A table of at most this many body rows is kept on one page when it fits on one: it moves to
/// the next page whole rather than split after a few rows at a page foot.
pub(super) const KEEP_ROWS: usize = 10;

/// How many body rows of a table the keep-with-heading estimate sizes.
pub(super) const SAMPLE_ROWS: usize = 40;

/// Where a table's columns are.
#[derive(Clone, Copy)]
pub(super) struct TableGeom<'w> {
    pub(super) widths: &'w [f64],
    pub(super) st: Style,
    pub(super) x: f64,
}

/// A table being drawn: its markup, its head's lines and height, and its geometry.
struct TableDraw<'t, 'w> {
    t: &'t Table,
    head: Vec<(f64, Vec<Lines>)>,
    head_h: f64,
    geom: TableGeom<'w>,
}

impl TableDraw<'_, '_> {
    /// Draws the head's rows: the table's own where it begins (`first`); repeated on later pages,
    /// as artifacts.
    fn draw_head(&self, e: &mut Engine<'_>, first: bool) {
        let group = first.then(|| e.child(Role::THead));
        for (r, (h, ls)) in self.t.head.iter().zip(&self.head) {
            let cells = group.map(|g| e.row_nodes(&r, g, true));
            e.draw_row(
                &r,
                ls,
                (0, usize::MAX),
                &self.geom,
                *h,
                true,
                cells.as_deref(),
            );
        }
    }
}

/// A cell's or a column's widths (points, with padding), from the narrowest it can be to the
/// width of its text on one line.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CellWidths {
    /// The widest unbreakable segment: narrower breaks a word.
    pub(super) hard: f64,
    /// What should not wrap if it can be helped: header cells and numbers (up to a limit).
    pub(super) keep: f64,
    /// `keep`, and `nowrap` cells on one line.
    pub(super) soft: f64,
    /// All on one line.
    pub(super) max: f64,
}

pub(super) const CELL_PAD_X: f64 = 4.0;
/// The widest column (points, with padding) that is kept on one line.
pub(super) const SHORT_COLUMN: f64 = 90.0;
pub(super) const CELL_PAD_Y: f64 = 2.5;
/// The share of a table's width that a column may take for one long word; a word wider than
/// that breaks inside itself.
pub(super) const LONG_WORD_SHARE: f64 = 0.4;

impl Engine<'_> {
    /// Min and max content widths of a cell.
    pub(super) fn cell_widths(
        &self,
        c: &Cell<'_>,
        st: Style,
        in_head: bool,
    ) -> Result<CellWidths, LayoutError> {
        let s = cell_style(c, st, in_head);
        let rs = cell_runs(c.content, s);
        let nowrap = has_class(c, "nowrap") || has_class(c, "name");
        let flags = [
            keeps_words(c),
            has_class(c, "name"),
            c.header,
            c.numeric,
            nowrap,
        ]
        .iter()
        .fold(0u8, |a, &f| a << 1 | u8::from(f));
        Cache::through(&self.kept.widths, &rs, s.size, (0, flags), || {
            self.measure_cell(c, &rs, s, nowrap)
        })
    }

    /// Min and max content widths of a cell's runs `rs` in style `s`.
    fn measure_cell(
        &self,
        c: &Cell<'_>,
        rs: &[Run],
        s: Style,
        nowrap: bool,
    ) -> Result<CellWidths, LayoutError> {
        // A Japanese cell that breaks between phrases is sized as running text: its phrases
        // choose where its lines break, not how wide its column is.
        let (max, min) = if keeps_words(c) {
            let max = plain_widths(self.m, rs, s.size)?.0;
            let mut min: f64 = 0.0;
            for g in word_groups(rs, Breaks::of(c)) {
                let words = &self.kept.word_widths;
                let w = Cache::through(words, &g.word, s.size, (0, 0), || {
                    Ok(plain_widths(self.m, &g.word, s.size)?.0)
                })?;
                min = min.max(w);
            }
            (max, min)
        } else if rs.iter().any(|r| r.badge.is_some()) {
            let full = wrap(self.m, rs, s.size, f64::INFINITY)?;
            // The widest unbreakable segment: wrap at zero width gives one segment per line.
            let narrow = wrap(self.m, rs, s.size, 0.001)?;
            (
                full.iter().map(|l| l.width).fold(0.0, f64::max),
                narrow.iter().map(|l| l.width).fold(0.0, f64::max),
            )
        } else {
            plain_widths(self.m, rs, s.size)?
        };
        // Header cells and numbers do not wrap when it can be helped, nor do `nowrap` cells
        // (though they give way first when the table cannot be that wide).
        let keep = if c.header || c.numeric {
            min.max(max.min(140.0))
        } else {
            min
        };
        let pad = 2.0 * CELL_PAD_X;
        Ok(CellWidths {
            hard: min + pad,
            keep: keep + pad,
            soft: if nowrap { max } else { keep } + pad,
            max: max + pad,
        })
    }

    /// The height of a short table that is kept on one page (its head and every row), or `None`
    /// for a table that may split. A table is short when it has at most [`KEEP_ROWS`] rows and
    /// fits a page, or has at most [`SAMPLE_ROWS`] rows and takes at most half a page (a table
    /// of a dozen countries and their total).
    pub(super) fn kept_height(
        &self,
        t: &Table,
        widths: &[f64],
        st: Style,
    ) -> Result<Option<f64>, LayoutError> {
        if t.body.len() > SAMPLE_ROWS {
            return Ok(None);
        }
        let mut h = 0.0;
        for (rows, in_head) in [(&t.head, true), (&t.body, false)] {
            for r in rows.iter() {
                h += self.row_lines(&r, widths, st, in_head)?.0;
            }
        }
        let short = t.body.len() <= KEEP_ROWS || h <= self.page_height() / 2.0;
        Ok((short && h <= self.page_height()).then_some(h))
    }

    /// A table's column widths, computed once per table, style and width.
    pub(super) fn widths_of(
        &self,
        t: &Table,
        st: Style,
        avail: f64,
    ) -> Result<Vec<f64>, LayoutError> {
        let key = (
            t as *const Table as usize,
            st.size.to_bits(),
            avail.to_bits(),
        );
        if let Some(w) = self.widths.borrow().get(&key) {
            return Ok(w.clone());
        }
        let w = self.column_widths(t, t.body.len(), st, avail)?;
        self.widths.borrow_mut().insert(key, w.clone());
        Ok(w)
    }

    /// Column widths, like HTML's automatic table layout at 100% width, from the head and the
    /// first `rows` rows of the body.
    pub(super) fn column_widths(
        &self,
        t: &Table,
        rows: usize,
        st: Style,
        avail: f64,
    ) -> Result<Vec<f64>, LayoutError> {
        let rows = || t.head.iter().chain(t.body.iter().take(rows));
        let ncols = rows()
            .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut cols = vec![CellWidths::default(); ncols];
        // A word longer than a share of the table (a name with no space in it) widens its column
        // only up to that share: past it the word breaks inside itself, and the other columns
        // keep their widths instead of giving way to it a letter at a time.
        let cap = avail * LONG_WORD_SHARE;
        for (ri, r) in rows().enumerate() {
            let mut col = 0;
            for c in &r {
                if c.colspan == 1 && col < ncols {
                    let mut w = self.cell_widths(c, st, ri < t.head.len())?;
                    if w.hard > cap {
                        w = CellWidths {
                            hard: cap,
                            keep: cap,
                            soft: cap,
                            max: cap,
                        };
                    }
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
        if std::env::var_os("TENKAI_DEBUG_LAYOUT").is_some() {
            eprintln!("table: avail {avail:.1} {cols:.1?}");
        }
        // A column whose head asks for a share of the table (`class="w30"`: 30%) has it; the
        // others share out the rest.
        let shares = column_shares(&t.head, ncols);
        if shares.iter().all(Option::is_none) {
            return Ok(share_out(&cols, avail));
        }
        let fixed: f64 = shares.iter().flatten().map(|s| s * avail).sum();
        let others: Vec<CellWidths> = cols
            .iter()
            .zip(&shares)
            .filter(|(_, s)| s.is_none())
            .map(|(c, _)| *c)
            .collect();
        let mut rest = share_out(&others, (avail - fixed).max(0.0)).into_iter();
        Ok(shares
            .iter()
            .map(|s| s.map_or_else(|| rest.next().unwrap_or(0.0), |s| s * avail))
            .collect())
    }
    /// The lines of each cell in a row and the row's height.
    pub(super) fn row_lines(
        &self,
        r: &[Cell<'_>],
        widths: &[f64],
        st: Style,
        in_head: bool,
    ) -> Result<(f64, Vec<Lines>), LayoutError> {
        let mut col = 0;
        let mut out = Vec::new();
        let mut h: f64 = 0.0;
        for c in r {
            let w: f64 = widths[col..(col + c.colspan).min(widths.len())]
                .iter()
                .sum();
            col += c.colspan;
            let s = cell_style(c, st, in_head);
            let lines = self.cell_lines(c, s, (w - 2.0 * CELL_PAD_X).max(1.0))?;
            h = h.max(lines.len().max(1) as f64 * s.size * s.line_height + 2.0 * CELL_PAD_Y);
            out.push(lines);
        }
        Ok((h, out))
    }

    /// A cell's lines at `width`, wrapped once for the cells that look the same.
    fn cell_lines(&self, c: &Cell<'_>, s: Style, width: f64) -> Result<Lines, LayoutError> {
        let runs = cell_runs(c.content, s);
        let breaks = cell_breaks(c, &runs);
        let rest = (width.to_bits(), breaks.map_or(0, |b| b as u8 + 1));
        Cache::through(&self.kept.lines, &runs, s.size, rest, || {
            Ok(Rc::new(match breaks {
                // A Japanese cell that fits on one line is set as running text (its brackets
                // tightened as there); only one that wraps is broken between its phrases.
                Some(Breaks::AtPhrases) => match wrap(self.m, &runs, s.size, width)? {
                    one if one.len() <= 1 => one,
                    _ => self.word_lines(&runs, s, width, Breaks::AtPhrases)?,
                },
                Some(breaks) => self.word_lines(&runs, s, width, breaks)?,
                None => wrap(self.m, &runs, s.size, width)?,
            }))
        })
    }

    /// The lines of a cell that breaks only between its words (a name, a date, a list of names).
    fn word_lines(
        &self,
        runs: &[Run],
        s: Style,
        width: f64,
        breaks: Breaks,
    ) -> Result<Vec<Line>, LayoutError> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        // The space after the line's last word, drawn only if another word follows it.
        let mut gap: Option<Piece> = None;
        for g in word_groups(runs, breaks) {
            let mut word = Cache::through(&self.kept.words, &g.word, s.size, (0, 0), || {
                Ok(wrap(self.m, &g.word, s.size, f64::INFINITY)?
                    .into_iter()
                    .fold(Line::default(), |mut a, l| {
                        a.width += l.width;
                        a.pieces.extend(l.pieces);
                        a
                    }))
            })?;
            let gap_w = gap.as_ref().map_or(0.0, |p| p.width);
            if !line.pieces.is_empty() && line.width + gap_w + word.width > width {
                // The space stays in the line's text (where the words part, for a reader of the
                // text), but takes no room at its end.
                if let Some(p) = gap.take() {
                    push_piece(&mut line, p);
                }
                lines.push(std::mem::take(&mut line));
            }
            if word.width > width {
                // A word wider than the column breaks inside itself, as it must: a Japanese
                // phrase first where its script changes.
                let mut broken = match breaks {
                    Breaks::AtPhrases => {
                        self.word_lines(&g.word, s, width, Breaks::InsidePhrase)?
                    }
                    _ => wrap(self.m, &g.word, s.size, width)?,
                };
                word = broken.pop().unwrap_or_default();
                lines.extend(broken);
            }
            if let Some(p) = gap.take().filter(|_| !line.pieces.is_empty()) {
                line.width += p.width;
                push_piece(&mut line, p);
            }
            line.width += word.width;
            word.pieces
                .into_iter()
                .for_each(|p| push_piece(&mut line, p));
            if g.space.contains('\n') {
                lines.push(std::mem::take(&mut line));
            } else if let Some(r) = g.space_run.filter(|_| !g.space.is_empty()) {
                gap = Some(Piece {
                    width: self.m.width(&g.space, s.size, r.face),
                    text: g.space,
                    face: r.face,
                    color: r.color,
                    badge: None,
                    within: r.within,
                });
            }
        }
        if !line.pieces.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        Ok(lines)
    }

    /// A row's elements, under `group` (the table's head or body): the row's, and its cells'.
    fn row_nodes(&mut self, r: &[Cell<'_>], group: NodeId, in_head: bool) -> Vec<NodeId> {
        let at = self.here();
        let tr = self.structure.add(Role::TR, group, at);
        r.iter()
            .map(|c| {
                let role = match (c.header, in_head) {
                    (false, _) => Role::TD { colspan: c.colspan },
                    (true, head) => Role::TH {
                        scope: if head { Scope::Column } else { Scope::Row },
                        colspan: c.colspan,
                    },
                };
                self.structure.add(role, tr, at)
            })
            .collect()
    }

    /// Draws a row (or the lines `range` of it) of height `h` at the cursor, each cell's text as
    /// part of its element in `cells`; with no elements (a header row repeated on a later page),
    /// as an artifact.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn draw_row(
        &mut self,
        r: &[Cell<'_>],
        lines: &[Lines],
        range: (usize, usize),
        g: &TableGeom<'_>,
        h: f64,
        in_head: bool,
        cells: Option<&[NodeId]>,
    ) {
        let TableGeom { widths, st, x } = *g;
        let mut cx = x;
        let mut col = 0;
        let y0 = self.y;
        let (outer, was_artifact) = (self.current, self.artifact);
        self.artifact = cells.is_none();
        for (i, (c, ls)) in r.iter().zip(lines).enumerate() {
            if let Some(cells) = cells {
                self.enter(cells[i]);
            }
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
            self.push(Item::Rect {
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
                let right = c.numeric.then_some(w - 2.0 * CELL_PAD_X);
                self.draw_line(l, cx + CELL_PAD_X, baseline, s.size, right);
                y += lh;
            }
            cx += w;
        }
        self.enter(outer);
        self.artifact = was_artifact;
        self.y += h;
    }

    /// Lays out a table at `x`, `width` wide, keeping `after` points of what follows it on its
    /// last page: its head, then its body rows, page by page.
    pub(super) fn table(
        &mut self,
        t: &Table,
        st: Style,
        width: f64,
        x: f64,
        after: f64,
    ) -> Result<(), LayoutError> {
        let st = table_style(t, st);
        let widths = self.widths_of(t, st, width)?;
        let head: Vec<(f64, Vec<Lines>)> = t
            .head
            .iter()
            .map(|r| self.row_lines(&r, &widths, st, true))
            .collect::<Result<_, _>>()?;
        let d = TableDraw {
            t,
            head_h: head.iter().map(|h| h.0).sum(),
            head,
            geom: TableGeom {
                widths: &widths,
                st,
                x,
            },
        };
        self.y += 2.0;
        let start = self.table_start(&d, after)?;
        self.need(start);
        let outer = self.open(Role::Table);
        if !t.head.is_empty() {
            d.draw_head(self, true);
        }
        let body = self.child(Role::TBody);
        // Body rows drawn on the current page.
        let mut on_page = 0;
        for i in 0..t.body.len() {
            on_page = self.body_row(&d, i, on_page, body, after)?;
        }
        self.enter(outer);
        self.y += 8.0;
        Ok(())
    }

    /// The room a table needs where it starts. No orphan rows: the head starts a page's part of
    /// the table with at least two rows (fewer only if the table has fewer, or if they are taller
    /// than half a page); a short table is not split at all, and goes whole to the next page with
    /// what it keeps at its end if that fits.
    fn table_start(&self, d: &TableDraw<'_, '_>, after: f64) -> Result<f64, LayoutError> {
        let (widths, st) = (d.geom.widths, d.geom.st);
        let mut first_h = 0.0;
        for r in d.t.body.iter().take(ORPHAN_ROWS) {
            first_h += self.row_lines(&r, widths, st, false)?.0;
        }
        Ok(match self.kept_height(d.t, widths, st)? {
            Some(whole) if whole + 8.0 + after <= self.page_height() => whole + 8.0 + after,
            Some(whole) => whole,
            None => d.head_h + first_h.min(self.page_height() / 2.0),
        })
    }

    /// Draws body row `i` of a table, `on_page` rows of it being on the current page already;
    /// how many are there after it.
    fn body_row(
        &mut self,
        d: &TableDraw<'_, '_>,
        i: usize,
        mut on_page: usize,
        body: NodeId,
        after: f64,
    ) -> Result<usize, LayoutError> {
        let (t, widths, st) = (d.t, d.geom.widths, d.geom.st);
        let n = t.body.len();
        let r = t.body.row(i);
        let (h, ls) = self.row_lines(&r, widths, st, false)?;
        let cells = self.row_nodes(&r, body, false);
        // No widow row: when the last row would go to the next page alone, the one before it
        // goes with it (if that leaves at least two rows here); so do both when what the table
        // keeps at its end (`after`) would go there alone.
        if i + 2 == n && on_page >= ORPHAN_ROWS && h <= self.room() + 0.01 {
            let last_h = self.row_lines(&t.body.row(n - 1), widths, st, false)?.0;
            let end_h = h + last_h + if after > 0.0 { 8.0 + after } else { 0.0 };
            if end_h > self.room() + 0.01 && end_h <= self.page_height() - d.head_h {
                self.new_page();
                d.draw_head(self, false);
                on_page = 0;
            }
        }
        let all = (0, usize::MAX);
        if h <= self.room() + 0.01 {
            self.draw_row(&r, &ls, all, &d.geom, h, false, Some(&cells));
            return Ok(on_page + 1);
        }
        if h > self.page_height() - d.head_h {
            self.split_row(d, &r, &ls, &cells);
        } else {
            self.new_page();
            d.draw_head(self, false);
            self.draw_row(&r, &ls, all, &d.geom, h, false, Some(&cells));
        }
        Ok(1)
    }

    /// Draws a row taller than a page: its lines split across pages, the head repeated on each.
    fn split_row(&mut self, d: &TableDraw<'_, '_>, r: &[Cell<'_>], ls: &[Lines], cells: &[NodeId]) {
        let st = d.geom.st;
        let lh = st.size * st.line_height;
        let total = ls.iter().map(|l| l.len()).max().unwrap_or(0);
        let mut done = 0;
        while done < total {
            let fit = ((self.room() - 2.0 * CELL_PAD_Y) / lh).floor().max(0.0) as usize;
            if fit == 0 {
                self.new_page();
                d.draw_head(self, false);
                continue;
            }
            let end = (done + fit).min(total);
            let part_h = (end - done) as f64 * lh + 2.0 * CELL_PAD_Y;
            self.draw_row(r, ls, (done, end), &d.geom, part_h, false, Some(cells));
            done = end;
            if done < total {
                self.new_page();
                d.draw_head(self, false);
            }
        }
    }
}

/// Adds a piece to a line, as part of the line's last piece when it looks the same and is in the
/// same element (one text item for a line of words, not one a word).
fn push_piece(line: &mut Line, p: Piece) {
    if let Some(last) = line.pieces.last_mut() {
        let same_element = match (&last.within, &p.within) {
            (None, None) => true,
            (Some(a), Some(b)) => std::rc::Rc::ptr_eq(a, b),
            _ => false,
        };
        if same_element
            && last.face == p.face
            && last.color == p.color
            && last.badge.is_none()
            && p.badge.is_none()
        {
            last.text.push_str(&p.text);
            last.width += p.width;
            return;
        }
    }
    line.pieces.push(p);
}

/// Column widths, like HTML's automatic table layout at width `avail`: each column its minimum
/// at the level the width allows, and the rest shared by need.
fn share_out(cols: &[CellWidths], avail: f64) -> Vec<f64> {
    let sum = |f: fn(&CellWidths) -> f64| cols.iter().map(f).sum::<f64>();
    // Between two levels of minimum, each column gets its share of the room between them.
    let between = |lo: fn(&CellWidths) -> f64, hi: fn(&CellWidths) -> f64| -> Vec<f64> {
        let k = (avail - sum(lo)) / (sum(hi) - sum(lo)).max(0.001);
        cols.iter().map(|c| lo(c) + (hi(c) - lo(c)) * k).collect()
    };
    if sum(|c| c.max) <= avail {
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
    }
}

/// The share of the table's width each column's head asks for (`class="w30"`: 0.3), if any.
fn column_shares(head: &Rows, ncols: usize) -> Vec<Option<f64>> {
    let mut out = vec![None; ncols];
    let mut col = 0;
    let last = head.len().checked_sub(1).map(|i| head.row(i));
    for c in last.iter().flatten() {
        let share = c
            .class
            .into_iter()
            .flat_map(str::split_whitespace)
            .find_map(|w| {
                w.strip_prefix('w')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..100).contains(n))
            });
        if let (Some(n), Some(slot), 1) = (share, out.get_mut(col), c.colspan) {
            *slot = Some(f64::from(n) / 100.0);
        }
        col += c.colspan;
    }
    out
}

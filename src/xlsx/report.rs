//! A report's data as a workbook (`report render NAME --format xlsx`), for people who check or
//! reuse its figures: a cover, one sheet per table of the report, and the sources and methods of
//! every figure. The values come from the report context, not from the markup: the context holds
//! them typed (numbers, shares, ISO dates, RAG codes), where the markup holds them as the text a
//! reader sees (「21」, 「105%」, 平成30年3月31日), which would have to be parsed back. Every word
//! of the workbook (sheet names, headings, labels) is the glossary's.

use crate::i18n::glossary::Glossary;
use crate::i18n::Lang;
use crate::report::context::{HubView, ReportContext};
use crate::{Error, Result};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

fn err(e: XlsxError) -> Error {
    Error::Invalid(format!("cannot write the workbook: {e}"))
}

/// The widest a column grows (in character widths; a CJK character counts two). Longer text (a
/// query, a note, an agenda) wraps in a column of this width, so that a sheet printed one page
/// wide on A4 landscape keeps a readable size.
const LONG_TEXT: f64 = 36.0;

/// The width of the columns of a sheet printed on A4 landscape at its full size, between narrow
/// margins (character widths).
const PAGE_WIDTH: f64 = 150.0;

/// A column of text is never made narrower than this to fit the page.
const NARROWEST_TEXT: f64 = 14.0;

/// Column widths that fit [`PAGE_WIDTH`] where they can: the widest column of text (`texty`)
/// gives way first, a character at a time, its text wrapping.
fn fit_page(mut widths: Vec<f64>, texty: &[bool]) -> Vec<f64> {
    while widths.iter().sum::<f64>() > PAGE_WIDTH {
        let widest = (0..widths.len())
            .filter(|&c| texty[c] && widths[c] > NARROWEST_TEXT)
            .max_by(|&a, &b| widths[a].total_cmp(&widths[b]));
        let Some(c) = widest else { break };
        widths[c] -= 1.0;
    }
    widths
}

/// The height of a line of text in a row (points, for the default 11 pt font).
const LINE_HEIGHT: f64 = 15.0;

/// How many lines a text takes in a column `cols` wide: its own lines, each wrapped (a word
/// that does not fit the end of a line leaves room there: a column's unit per character is
/// generous for Latin letters, and so makes up for it).
fn lines_in(t: &str, cols: f64) -> usize {
    let room = (cols - 1.0).max(1.0);
    t.lines()
        .map(|l| ((width(l) / room).ceil() as usize).max(1))
        .sum::<usize>()
        .max(1)
}

/// A value of a cell.
enum V {
    Text(String),
    Num(Option<f64>),
    /// A value between whole numbers (a trajectory), shown to one decimal.
    Decimal(f64),
    /// A share, shown as a percentage.
    Share(Option<f64>),
    /// An ISO date, shown as a date to the precision the source gives (`day`, `month`, `year`;
    /// a fiscal year or an unstated date in words).
    Date(Option<String>, Option<String>),
    /// A RAG code, as its words on its colour.
    Rag(String, String),
}

fn text(s: impl Into<String>) -> V {
    V::Text(s.into())
}

fn date(s: &str) -> Option<ExcelDateTime> {
    let d = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

fn width(s: &str) -> f64 {
    UnicodeWidthStr::width(s) as f64
}

/// The widest line of a text.
fn line_width(s: &str) -> f64 {
    s.lines().map(width).fold(0.0, f64::max)
}

struct Book<'g> {
    book: Workbook,
    lang: Lang,
    glossary: &'g Glossary,
    head: Format,
    pct: Format,
    day: Format,
    /// Any value, set from the top of its cell (beside text that wraps).
    top: Format,
    /// Text that wraps in its column, set from the top of its cell.
    wrap: Format,
}

impl Book<'_> {
    fn term(&self, key: &str) -> String {
        self.glossary.word(key, self.lang)
    }

    /// Writes one value at (`r`, `col`); the width it needs on one line.
    fn cell(&self, ws: &mut Worksheet, r: u32, col: u16, v: &V) -> Result<f64> {
        Ok(match v {
            V::Text(t) => {
                ws.write_string_with_format(r, col, t, &self.wrap)
                    .map_err(err)?;
                line_width(t)
            }
            V::Num(Some(n)) => {
                ws.write_number_with_format(r, col, *n, &self.top)
                    .map_err(err)?;
                8.0
            }
            V::Decimal(n) => {
                let one = self.top.clone().set_num_format("0.0");
                ws.write_number_with_format(r, col, *n, &one).map_err(err)?;
                8.0
            }
            V::Share(Some(n)) => {
                ws.write_number_with_format(r, col, *n, &self.pct)
                    .map_err(err)?;
                6.0
            }
            V::Date(Some(d), precision) => self.date_cell(ws, r, col, d, precision.as_deref())?,
            V::Rag(code, words) => {
                let color = crate::i18n::Rag::from_code(code)
                    .unwrap_or(crate::i18n::Rag::NoData)
                    .color();
                let fill = self
                    .top
                    .clone()
                    .set_background_color(
                        u32::from_str_radix(color.trim_start_matches('#'), 16).unwrap_or(0x6B7280),
                    )
                    .set_font_color(0xFFFFFF)
                    .set_bold();
                ws.write_string_with_format(r, col, words, &fill)
                    .map_err(err)?;
                width(words)
            }
            V::Num(None) | V::Share(None) | V::Date(None, _) => 0.0,
        })
    }

    /// A date as a date cell shows it, or in words (an ISO date for a date cell, which never
    /// wraps).
    fn date_words(&self, d: &str, precision: Option<&str>) -> String {
        let parsed = chrono::NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok();
        match (precision, parsed) {
            (None | Some("day" | "month" | "year"), _) | (_, None) => d.to_string(),
            (_, Some(p)) => crate::report::context::when(p, precision, self.lang),
        }
    }

    /// A date to its precision: a day, a month or a year as a date cell, anything less (a fiscal
    /// year, a date not stated) in the report's words.
    fn date_cell(
        &self,
        ws: &mut Worksheet,
        r: u32,
        col: u16,
        d: &str,
        precision: Option<&str>,
    ) -> Result<f64> {
        let as_date = match precision {
            None | Some("day") => Some(self.day.clone()),
            Some("month") => Some(self.top.clone().set_num_format("yyyy-mm")),
            Some("year") => Some(self.top.clone().set_num_format("yyyy")),
            _ => None,
        };
        let parsed = chrono::NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok();
        Ok(match (date(d), as_date, parsed) {
            (Some(x), Some(f), _) => {
                ws.write_datetime_with_format(r, col, &x, &f).map_err(err)?;
                11.0
            }
            (_, None, Some(p)) => {
                let words = crate::report::context::when(p, precision, self.lang);
                ws.write_string_with_format(r, col, &words, &self.wrap)
                    .map_err(err)?;
                width(&words)
            }
            _ => {
                ws.write_string_with_format(r, col, d, &self.top)
                    .map_err(err)?;
                11.0
            }
        })
    }

    /// A sheet of one table: a bold header that stays in view, an autofilter, widths fitted to
    /// the content up to [`LONG_TEXT`] (longer text wraps), printed on A4 landscape one page wide
    /// with the header on every page. `name` and the heads are glossary keys.
    fn table(&mut self, name: &str, heads: &[&str], rows: Vec<Vec<V>>) -> Result<()> {
        let heads: Vec<String> = heads.iter().map(|h| self.term(h)).collect();
        let mut ws = Worksheet::new();
        ws.set_name(self.term(name)).map_err(err)?;
        let mut widths: Vec<f64> = heads.iter().map(|h| width(h)).collect();
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &self.head)
                .map_err(err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let shown = self.cell(&mut ws, r as u32 + 1, c as u16, v)?;
                if let Some(w) = widths.get_mut(c) {
                    *w = w.max(shown);
                }
            }
        }
        let texty: Vec<bool> = (0..heads.len())
            .map(|c| {
                rows.iter()
                    .any(|r| matches!(r.get(c), Some(V::Text(_) | V::Date(..))))
            })
            .collect();
        let widths = fit_page(
            widths.iter().map(|w| (w + 2.0).min(LONG_TEXT)).collect(),
            &texty,
        );
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(err)?;
        }
        // A spreadsheet does not size a row to its wrapped text when it opens a file (LibreOffice
        // overlaps the lines): each row is as tall as its longest cell.
        for (r, row) in rows.iter().enumerate() {
            let lines = row
                .iter()
                .zip(&widths)
                .map(|(v, w)| match v {
                    V::Text(t) => lines_in(t, *w),
                    V::Date(Some(d), p) => lines_in(&self.date_words(d, p.as_deref()), *w),
                    _ => 1,
                })
                .max()
                .unwrap_or(1);
            if lines > 1 {
                ws.set_row_height(r as u32 + 1, LINE_HEIGHT * lines as f64)
                    .map_err(err)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        ws.autofilter(0, 0, rows.len() as u32, heads.len().max(1) as u16 - 1)
            .map_err(err)?;
        ws.set_paper_size(9)
            .set_landscape()
            .set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3)
            .set_print_fit_to_pages(1, 0)
            .set_repeat_rows(0, 0)
            .map_err(err)?;
        self.book.push_worksheet(ws);
        Ok(())
    }

    /// The cover: what the figures are, for which period (as the report gives it), as of when, as
    /// known when, from what.
    fn cover(&mut self, ctx: &ReportContext) -> Result<()> {
        let sources: Vec<String> = ctx.sources.iter().map(|s| s.title.clone()).collect();
        let day = |d: &str| V::Date(Some(d.to_string()), None);
        let rows = [
            ("workbook.title", text(&ctx.report.title)),
            ("workbook.period", text(&ctx.period.label)),
            ("workbook.first_day", day(&ctx.period.start)),
            ("workbook.last_day", day(&ctx.period.end)),
            ("workbook.as_of", day(&ctx.as_of)),
            ("workbook.known_at", text(&ctx.known_at_local)),
            ("workbook.sources", text(sources.join("\n"))),
            ("workbook.author", text(&ctx.report.author)),
        ]
        .into_iter()
        .map(|(k, v)| vec![text(self.term(k)), v])
        .collect();
        self.table(
            "workbook_sheet.cover",
            &["workbook.item", "workbook.value"],
            rows,
        )
    }

    /// The key figures, with the previous period and the change.
    fn key_figures(&mut self, ctx: &ReportContext) -> Result<()> {
        let figures = serde_json::to_value(&ctx.figures).unwrap_or_default();
        let previous = serde_json::to_value(&ctx.previous).unwrap_or_default();
        let mut rows = Vec::new();
        for m in ctx.methods.iter().filter(|m| m.kind == "figure") {
            // A change that would count a status the source gives no date for is not a change.
            let change = ctx.change.get(m.key.as_str());
            let undated = change.is_some_and(|c| c.undated);
            rows.push(vec![
                text(&m.title),
                V::Num(figures[&m.key].as_f64()),
                V::Num(previous[&m.key].as_f64()),
                V::Num(
                    change
                        .filter(|c| !c.undated)
                        .and_then(|c| c.value)
                        .map(|c| c as f64),
                ),
                text(&m.unit),
                text(if undated {
                    self.term("workbook.undated_change")
                } else {
                    String::new()
                }),
            ]);
        }
        let heads = [
            "column.key_figure",
            "column.this_period",
            "column.previous_period",
            "column.change",
            "workbook.unit",
            "workbook.note",
        ];
        self.table("workbook_sheet.key_figures", &heads, rows)
    }

    /// The targets, rated.
    fn targets(&mut self, ctx: &ReportContext) -> Result<()> {
        let rows = ctx
            .targets
            .iter()
            .map(|g| {
                vec![
                    text(&g.title),
                    V::Num(g.actual),
                    V::Num(Some(g.target_value)),
                    V::Date(Some(g.deadline.clone()), None),
                    V::Decimal(g.trajectory),
                    V::Share(g.progress),
                    V::Rag(
                        g.rag.code().to_string(),
                        self.term(&format!("rating.{}", g.rag.code())),
                    ),
                    text(&g.forecast),
                ]
            })
            .collect();
        let heads = [
            "column.target",
            "column.actual",
            "column.goal",
            "workbook.deadline",
            "column.expected_by_now",
            "column.progress",
            "column.status",
            "column.outlook",
        ];
        self.table("workbook_sheet.targets", &heads, rows)
    }

    /// Hubs by country, then open hubs by kind in the report's order (most first, then by the
    /// kind's code, as the report's query sorts them).
    fn hubs_by(&mut self, ctx: &ReportContext) -> Result<()> {
        let n = |v: Option<i64>| V::Num(v.map(|v| v as f64));
        let rows = ctx
            .hubs_by_country
            .iter()
            .map(|c| {
                vec![
                    text(&c.name),
                    text(&c.iso),
                    n(c.opened),
                    n(c.planned),
                    n(c.feasibility),
                    n(c.total),
                ]
            })
            .collect();
        let heads = [
            "column.country",
            "workbook.iso",
            "status.opened",
            "status.planned",
            "status.feasibility",
            "column.total",
        ];
        self.table("workbook_sheet.by_country", &heads, rows)?;
        let rows = self
            .kinds(ctx)
            .into_iter()
            .map(|(name, n)| vec![text(name), V::Num(Some(n as f64))])
            .collect();
        self.table(
            "workbook_sheet.by_kind",
            &["column.kind", "column.hubs"],
            rows,
        )
    }

    /// The open hubs' kinds (their glossary names) and counts, in the report's order.
    fn kinds(&self, ctx: &ReportContext) -> Vec<(String, i64)> {
        // A hub carries its kind's name: the glossary gives back its code.
        let code = |name: &str| {
            self.glossary
                .terms()
                .iter()
                .find(|(k, t)| k.starts_with("kind.") && t.get(self.lang) == name)
                .map_or_else(|| name.to_string(), |(k, _)| k["kind.".len()..].to_string())
        };
        let mut kinds: Vec<(String, String, i64)> = Vec::new();
        for h in ctx
            .hubs
            .iter()
            .filter(|h| h.status == crate::i18n::HubStatus::Opened)
        {
            match kinds.iter_mut().find(|k| k.1 == h.kind) {
                Some(k) => k.2 += 1,
                None => kinds.push((code(&h.kind), h.kind.clone(), 1)),
            }
        }
        kinds.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        kinds.into_iter().map(|(_, name, n)| (name, n)).collect()
    }

    /// The period's changes, the meetings, and every hub.
    fn hubs_and_meetings(&mut self, ctx: &ReportContext) -> Result<()> {
        let hub_row = |h: &HubView| {
            vec![
                text(&h.code),
                text(&h.name),
                text(&h.country),
                text(&h.kind),
                text(&h.partners),
                text(&h.status_label),
                V::Date(h.since.clone(), h.since_precision.clone()),
                V::Date(h.expected.clone(), h.expected_precision.clone()),
            ]
        };
        let hub_heads = [
            "workbook.code",
            "column.hub",
            "column.country",
            "column.kind",
            "column.partners",
            "column.status",
            "column.date",
            "workbook.expected_opening",
        ];
        let c = &ctx.changes;
        let rows = c
            .opened
            .iter()
            .chain(&c.planned)
            .chain(&c.feasibility)
            .chain(&c.other)
            .map(hub_row)
            .collect();
        self.table("workbook_sheet.changes", &hub_heads, rows)?;
        self.meetings(ctx)?;
        let rows = ctx.hubs.iter().map(hub_row).collect();
        self.table("workbook_sheet.hubs", &hub_heads, rows)
    }

    /// The meetings of the period, each agenda item on a line of its own.
    fn meetings(&mut self, ctx: &ReportContext) -> Result<()> {
        let rows = ctx
            .meetings
            .iter()
            .map(|m| {
                vec![
                    V::Num(Some(m.number as f64)),
                    V::Date(Some(m.date.clone()), None),
                    text(if m.by_circulation {
                        self.term("workbook.by_circulation")
                    } else {
                        String::new()
                    }),
                    text(m.agenda.join("\n")),
                ]
            })
            .collect();
        let heads = [
            "column.meeting_number",
            "column.meeting_date",
            "workbook.how_held",
            "column.agenda",
        ];
        self.table("workbook_sheet.meetings", &heads, rows)
    }

    /// How every figure is computed, and where it comes from: its kind by name, its SQL wrapped.
    fn sources(&mut self, ctx: &ReportContext) -> Result<()> {
        let rows = ctx
            .methods
            .iter()
            .map(|m| {
                vec![
                    text(&m.title),
                    text(self.term(&format!("figure_kind.{}", m.kind))),
                    V::Num(m.value),
                    text(&m.unit),
                    text(&m.metric),
                    text(&m.source),
                    text(&m.sql),
                ]
            })
            .collect();
        let heads = [
            "column.figure",
            "workbook.figure_kind",
            "column.value",
            "workbook.unit",
            "column.metric",
            "column.source",
            "workbook.sql",
        ];
        self.table("workbook_sheet.sources", &heads, rows)
    }
}

/// The workbook of a report's context, its sheets in the order of the report. `glossary` gives
/// every word of it.
pub fn workbook(ctx: &ReportContext, glossary: &Glossary) -> Result<Vec<u8>> {
    let mut b = Book {
        book: Workbook::new(),
        lang: ctx.lang,
        glossary,
        head: Format::new()
            .set_bold()
            .set_background_color(0xE5E7EB)
            .set_align(FormatAlign::Top),
        pct: Format::new()
            .set_num_format("0%")
            .set_align(FormatAlign::Top),
        day: Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Top),
        top: Format::new().set_align(FormatAlign::Top),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    };
    // The same data give the same bytes: the document's date is the as-of date, not the clock.
    if let Some(d) = date(&ctx.as_of) {
        let props = DocProperties::new()
            .set_title(format!("{} {}", ctx.report.title, ctx.period.label))
            .set_author(&ctx.report.author)
            .set_creation_datetime(&d);
        b.book.set_properties(&props);
    }
    b.cover(ctx)?;
    b.key_figures(ctx)?;
    b.targets(ctx)?;
    b.hubs_by(ctx)?;
    b.hubs_and_meetings(ctx)?;
    b.sources(ctx)?;
    b.book.save_to_buffer().map_err(err)
}

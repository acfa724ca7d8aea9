//! A report's data as a workbook (`report render NAME --format xlsx`), for people who check or
//! reuse its figures: a cover, one sheet per table of the report, and the sources and methods of
//! every figure. The values come from the report context, not from the markup: the context holds
//! them typed (numbers, shares, ISO dates, RAG codes), where the markup holds them as the text a
//! reader sees (「21」, 「105%」, 平成30年3月31日), which would have to be parsed back.

use crate::i18n::glossary::Glossary;
use crate::i18n::Lang;
use crate::report::context::ReportContext;
use crate::{Error, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

fn err(e: XlsxError) -> Error {
    Error::Invalid(format!("cannot write the workbook: {e}"))
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

struct Book<'g> {
    book: Workbook,
    lang: Lang,
    glossary: &'g Glossary,
    head: Format,
    pct: Format,
    day: Format,
}

impl Book<'_> {
    fn term(&self, key: &str) -> String {
        self.glossary.word(key, self.lang)
    }

    /// A sheet of one table: a bold header that stays in view, an autofilter, fitted widths.
    fn table(&mut self, name: &str, heads: &[String], rows: Vec<Vec<V>>) -> Result<()> {
        let (head, pct, day, lang) = (
            self.head.clone(),
            self.pct.clone(),
            self.day.clone(),
            self.lang,
        );
        let ws: &mut Worksheet = self.book.add_worksheet();
        ws.set_name(name).map_err(err)?;
        let mut widths: Vec<f64> = heads
            .iter()
            .map(|h| unicode_width::UnicodeWidthStr::width(h.as_str()) as f64)
            .collect();
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head)
                .map_err(err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                let shown = match v {
                    V::Text(t) => {
                        ws.write_string(r, col, t).map_err(err)?;
                        unicode_width::UnicodeWidthStr::width(t.as_str()) as f64
                    }
                    V::Num(Some(n)) => {
                        ws.write_number(r, col, *n).map_err(err)?;
                        8.0
                    }
                    V::Decimal(n) => {
                        let one = Format::new().set_num_format("0.0");
                        ws.write_number_with_format(r, col, *n, &one).map_err(err)?;
                        8.0
                    }
                    V::Share(Some(n)) => {
                        ws.write_number_with_format(r, col, *n, &pct).map_err(err)?;
                        6.0
                    }
                    V::Date(Some(d), precision) => {
                        let as_date = match precision.as_deref() {
                            None | Some("day") => Some(day.clone()),
                            Some("month") => Some(Format::new().set_num_format("yyyy-mm")),
                            Some("year") => Some(Format::new().set_num_format("yyyy")),
                            _ => None,
                        };
                        let parsed =
                            chrono::NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d")
                                .ok();
                        match (date(d), as_date, parsed) {
                            (Some(x), Some(f), _) => {
                                ws.write_datetime_with_format(r, col, &x, &f).map_err(err)?;
                                11.0
                            }
                            // Less than a month: the date as the report words it.
                            (_, None, Some(p)) => {
                                let words =
                                    crate::report::context::when(p, precision.as_deref(), lang);
                                ws.write_string(r, col, &words).map_err(err)?;
                                unicode_width::UnicodeWidthStr::width(words.as_str()) as f64
                            }
                            _ => {
                                ws.write_string(r, col, d).map_err(err)?;
                                11.0
                            }
                        }
                    }
                    V::Rag(code, words) => {
                        let color = crate::i18n::Rag::from_code(code)
                            .unwrap_or(crate::i18n::Rag::NoData)
                            .color();
                        let fill = Format::new()
                            .set_background_color(
                                u32::from_str_radix(color.trim_start_matches('#'), 16)
                                    .unwrap_or(0x6B7280),
                            )
                            .set_font_color(0xFFFFFF)
                            .set_bold();
                        ws.write_string_with_format(r, col, words, &fill)
                            .map_err(err)?;
                        unicode_width::UnicodeWidthStr::width(words.as_str()) as f64
                    }
                    V::Num(None) | V::Share(None) | V::Date(None, _) => 0.0,
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = w.max(shown);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (w + 3.0).min(80.0))
                .map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        ws.autofilter(0, 0, rows.len() as u32, heads.len().max(1) as u16 - 1)
            .map_err(err)?;
        // Printed: A4 landscape, one page wide, the header row on every page.
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_repeat_rows(0, 0)
            .map_err(err)?;
        Ok(())
    }
}

/// The workbook of a report's context. `glossary` gives the report's words for the headings.
pub fn workbook(ctx: &ReportContext, glossary: &Glossary) -> Result<Vec<u8>> {
    let lang = ctx.lang;
    let t = |ja: &str, en: &str| lang.choose(ja, en).to_string();
    let mut b = Book {
        book: Workbook::new(),
        lang,
        glossary,
        head: Format::new().set_bold().set_background_color(0xE5E7EB),
        pct: Format::new().set_num_format("0%"),
        day: Format::new().set_num_format("yyyy-mm-dd"),
    };
    // The same data give the same bytes: the document's date is the as-of date, not the clock.
    if let Some(d) = date(&ctx.as_of) {
        let props = DocProperties::new()
            .set_title(format!("{} {}", ctx.report.title, ctx.period.label))
            .set_author(&ctx.report.author)
            .set_creation_datetime(&d);
        b.book.set_properties(&props);
    }

    // The cover: what the figures are, as of when, as known when, from what.
    let sources: Vec<String> = ctx.sources.iter().map(|s| s.title.clone()).collect();
    let cover = vec![
        vec![text(t("表題", "Title")), text(&ctx.report.title)],
        vec![text(t("期間", "Period")), text(&ctx.period.label_ja)],
        vec![
            text(t("期間（和暦）", "Period (Japanese era)")),
            text(&ctx.period.wareki_range),
        ],
        vec![
            text(t("期間（英語）", "Period (English)")),
            text(&ctx.period.label_en),
        ],
        vec![
            text(t("期間の初日", "First day")),
            V::Date(Some(ctx.period.start.clone()), None),
        ],
        vec![
            text(t("期間の末日", "Last day")),
            V::Date(Some(ctx.period.end.clone()), None),
        ],
        vec![
            text(t("基準日", "As of")),
            V::Date(Some(ctx.as_of.clone()), None),
        ],
        vec![
            text(t("記録時点", "As recorded by")),
            text(&ctx.known_at_local),
        ],
        vec![text(t("出典", "Source")), text(sources.join(" / "))],
        vec![text(t("作成", "Author")), text(&ctx.report.author)],
    ];
    b.table(
        &t("表紙", "Cover"),
        &[t("項目", "Item"), t("内容", "Value")],
        cover,
    )?;

    // The key figures, with the previous period and the change.
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
                t(
                    "時期の記載がない状況を含むため、増減を示さない",
                    "Not a change: includes statuses the source gives no date for",
                )
            } else {
                String::new()
            }),
        ]);
    }
    let heads = [
        b.term("column.key_figure"),
        b.term("column.this_period"),
        b.term("column.previous_period"),
        b.term("column.change"),
        t("単位", "Unit"),
        t("注", "Note"),
    ];
    b.table(&t("主要指標", "Key figures"), &heads, rows)?;

    // The targets, rated.
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
                    b.term(&format!("rating.{}", g.rag.code())),
                ),
                text(&g.forecast),
            ]
        })
        .collect();
    let heads = [
        b.term("column.target"),
        b.term("column.actual"),
        b.term("column.goal"),
        t("期限", "Deadline"),
        b.term("column.expected_by_now"),
        b.term("column.progress"),
        b.term("column.status"),
        b.term("column.outlook"),
    ];
    b.table(&t("目標", "Targets"), &heads, rows)?;

    // Hubs by country and by kind.
    let rows = ctx
        .hubs_by_country
        .iter()
        .map(|c| {
            let n = |v: Option<i64>| V::Num(v.map(|v| v as f64));
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
        b.term("column.country"),
        "ISO".to_string(),
        b.term("status.opened"),
        b.term("status.planned"),
        b.term("status.feasibility"),
        b.term("column.total"),
    ];
    b.table(&t("国別", "By country"), &heads, rows)?;
    let mut kinds: Vec<(String, i64)> = Vec::new();
    for h in ctx
        .hubs
        .iter()
        .filter(|h| h.status == crate::i18n::HubStatus::Opened)
    {
        match kinds.iter_mut().find(|k| k.0 == h.kind) {
            Some(k) => k.1 += 1,
            None => kinds.push((h.kind.clone(), 1)),
        }
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rows = kinds
        .into_iter()
        .map(|(k, n)| vec![text(k), V::Num(Some(n as f64))])
        .collect();
    b.table(
        &t("種類別", "By kind"),
        &[b.term("column.kind"), b.term("column.hubs")],
        rows,
    )?;

    // The period's changes, the meetings, and every hub.
    let hub_row = |h: &crate::report::context::HubView| {
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
        t("コード", "Code"),
        b.term("column.hub"),
        b.term("column.country"),
        b.term("column.kind"),
        b.term("column.partners"),
        b.term("column.status"),
        b.term("column.date"),
        t("開業予定", "Expected opening"),
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
    b.table(&t("当期の変化", "Changes"), &hub_heads, rows)?;
    let rows = ctx
        .meetings
        .iter()
        .map(|m| {
            vec![
                V::Num(Some(m.number as f64)),
                V::Date(Some(m.date.clone()), None),
                text(if m.by_circulation {
                    t("持ち回り", "by circulation")
                } else {
                    String::new()
                }),
                text(m.agenda.join(lang.choose("、", "; "))),
            ]
        })
        .collect();
    let heads = [
        b.term("column.meeting_number"),
        b.term("column.meeting_date"),
        t("開催方法", "How held"),
        b.term("column.agenda"),
    ];
    b.table(&t("会合", "Meetings"), &heads, rows)?;
    let rows = ctx.hubs.iter().map(hub_row).collect();
    b.table(&t("拠点一覧", "Hubs"), &hub_heads, rows)?;

    // How every figure is computed, and where it comes from.
    let rows = ctx
        .methods
        .iter()
        .map(|m| {
            vec![
                text(&m.title),
                text(&m.kind),
                V::Num(m.value),
                text(&m.unit),
                text(&m.metric),
                text(&m.source),
                text(&m.sql),
            ]
        })
        .collect();
    let heads = [
        b.term("column.figure"),
        t("種別", "Kind"),
        b.term("column.value"),
        t("単位", "Unit"),
        b.term("column.metric"),
        b.term("column.source"),
        "SQL".to_string(),
    ];
    b.table(&t("出典と算出方法", "Sources and methods"), &heads, rows)?;
    b.book.save_to_buffer().map_err(err)
}

//! 正誤表: what changed in a sent report since it was sent, and why.
//!
//! The report is built twice, as known when it was sent (the export log's `known_at`) and as known
//! now, and the two contexts are compared: every key figure, target, indicator and hub of the
//! annex that differs is an erratum (誤 → 正). Each is explained by the history rows recorded in
//! between: the corrections, with their time, source and note. The sheet is report markup, so it
//! goes through the same HTML and PDF writers as every report.
//!
//! The rooms: [`mod@sent`] (which export a comparison starts from), [`corrections`] (the history rows
//! recorded since), [`diff`] (the two contexts compared), [`sheet`] (the 正誤表 as markup, HTML and
//! PDF).

mod corrections;
mod diff;
mod renumber;
mod sent;
mod sheet;
mod text;

pub use renumber::Renumbered;
pub use sent::{sent, Sent, Since};
pub use sheet::{document, markup, without_english};

use super::context;
use super::Definition;
use crate::dates::{ts, AsOf};
use crate::i18n::Lang;
use crate::period::Period;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

/// One place where the sent report and the report as known now differ.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Erratum {
    /// The section of the report, in its language.
    pub section: String,
    /// What the place is: a figure, a target's column, a hub.
    pub location: String,
    /// `changed`, `added` or `removed`.
    pub change: String,
    /// The text as sent (誤), and as known now (正).
    pub was: String,
    pub now: String,
    /// The keys of the corrections that explain it (see [`Errata::corrections`]).
    pub reasons: Vec<String>,
}

/// A correction: the history rows recorded after the report was sent that change one fact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Correction {
    /// `hub:H25`, `members:nutrition`, `agreements:mou`, `meetings`, `working_groups`.
    pub key: String,
    /// The record as it now stands (会員数 57（平成30年3月31日時点）).
    pub text: String,
    /// What the correction is about, for the sheet's reason: 平成30年3月31日時点の会員数,
    /// 拠点 H25 歯科研修センターの状況.
    pub subject: String,
    /// `correction` (a fact recorded again) or `addition` (a hub, meeting or working group
    /// first recorded).
    pub kind: String,
    /// The date the corrected fact took effect (`YYYY-MM-DD`), when it has one.
    pub effective_date: Option<String>,
    pub recorded_at: String,
    pub source: Option<String>,
    pub note: Option<String>,
    /// For a count recorded again: the value the sent report showed, where that value came from
    /// (資料（336行）, or the user's reference), and the value now.
    pub was: Option<String>,
    pub was_source: Option<String>,
    pub value: Option<String>,
}

/// The errata of a sent report.
#[derive(Debug, Clone, Serialize)]
pub struct Errata {
    pub report: String,
    pub title: String,
    pub period: String,
    pub period_label: String,
    pub lang: Lang,
    pub sent: Sent,
    /// The other files of the same send (its other formats), whose files are unchanged.
    pub sent_with: Vec<Sent>,
    /// The moment the report is compared at (UTC).
    pub now: String,
    pub items: Vec<Erratum>,
    pub corrections: Vec<Correction>,
    /// The tables' notes whose marks read otherwise now that a correction adds a note beside them
    /// (「※」 now 「※1」): the sheet says so under that correction.
    pub renumbered: Vec<Renumbered>,
    /// The other reports of the period and language that were sent and have corrections too
    /// (the briefing sent with the quarterly report): each has a sheet of its own, which this
    /// one names. Filled by [`companions`].
    pub companions: Vec<Companion>,
    /// The glossary the sheet takes its words from (`errata.*`).
    #[serde(skip)]
    pub glossary: std::sync::Arc<crate::i18n::glossary::Glossary>,
}

/// Compares the report as sent with the report as known at `now`: the contexts field by field,
/// then the text the template makes of each, block by block.
pub fn compare(
    conn: &mut Connection,
    reports: &std::path::Path,
    def: &Definition,
    period: &Period,
    lang: Lang,
    sent: Sent,
    now: DateTime<Utc>,
) -> Result<Errata> {
    let sent_at = crate::dates::parse_instant(&sent.known_at)?;
    if now < sent_at && sent.id == 0 {
        return Err(Error::Usage(format!(
            "--known-at-sent {} is after the moment to compare at, {} (--now, or the clock): nothing known then can be compared yet; give the moment the report was made as known (the known_at of its export in `tenkai schedule log`)",
            sent.known_at,
            ts(now)
        )));
    }
    if now < sent_at {
        return Err(Error::Usage(format!(
            "the moment to compare at, {} (--now, or the clock), is before the report was sent (known at {}): give a later --now, or check the machine's clock",
            ts(now),
            sent.known_at
        )));
    }
    check_history(conn)?;
    let both = Both {
        reports,
        def,
        period,
        lang,
        sent_at,
        sent: &sent.known_at,
        now,
    };
    // One read transaction: both contexts and both texts from one snapshot. BEGIN by hand, as
    // `render::prepare` does: the template's render guards the connection, which needs it mutably.
    conn.execute_batch("BEGIN")?;
    let read = both.read(conn);
    if !conn.is_autocommit() {
        conn.execute_batch("COMMIT")?;
    }
    let (before, after, corrections, texts) = read?;
    let mut sent_with = sent::same_send(conn, &sent)?;
    let mut sent = sent;
    show_relative(conn, std::iter::once(&mut sent).chain(sent_with.iter_mut()));
    let mut items = diff::differences(&before, &after, &corrections, &def.glossary, lang);
    // A figure is a place of the report only where the report shows it: the briefing has no
    // table of key figures, so its figures' errata are the sentences that give them.
    let shown = |section: &str| texts.iter().flatten().any(|b| b.section == section);
    items.retain(|i| shown(&i.section));
    let mut names = text::subject_names(&before);
    names.extend(text::subject_names(&after));
    let words = (def.glossary.as_ref(), lang);
    let in_text = text::differences(&texts[0], &texts[1], &items, &corrections, &names, words);
    text::as_printed(&mut items, &texts[0], &texts[1]);
    items.extend(in_text);
    let renumbered = renumber::renumbered(&texts[0], &texts[1], &items);
    Ok(Errata {
        report: def.name.clone(),
        title: after.report.title.clone(),
        period: period.to_string(),
        period_label: after.period.label.clone(),
        lang,
        sent,
        sent_with,
        now: ts(now),
        items,
        corrections,
        renumbered,
        companions: Vec::new(),
        glossary: def.glossary.clone(),
    })
}

/// Names each sent file relative to the database's folder (the same from any working folder), as
/// the log's absolute path would show the sender's folders.
fn show_relative<'a>(conn: &Connection, sends: impl Iterator<Item = &'a mut Sent>) {
    let Some(dir) = conn.path().and_then(|p| std::path::Path::new(p).parent()) else {
        return;
    };
    for s in sends.filter(|s| !s.path.is_empty()) {
        s.shown = crate::output::relative_to(std::path::Path::new(&s.path), dir)
            .display()
            .to_string();
    }
}

/// Another report of a sheet's period and language that was sent and changed since: its title,
/// the day it was sent and how many of its places differ.
#[derive(Debug, Clone, Serialize)]
pub struct Companion {
    pub report: String,
    pub title: String,
    /// When it was sent (the export's end, else its `known_at`).
    pub sent_at: String,
    pub differences: usize,
}

/// The other reports of `e`'s period and language that were sent (their first send whose file is
/// unchanged) and whose content changed by `now`: a reader sent the quarterly report and the
/// briefing together learns from the one sheet that the other has corrections of its own.
pub fn companions(
    conn: &mut Connection,
    reports: &std::path::Path,
    e: &Errata,
    now: DateTime<Utc>,
) -> Result<Vec<Companion>> {
    let mut out = Vec::new();
    for (report, period, lang) in crate::store::export_log::sent_reports(conn)? {
        if report == e.report || period != e.period || lang != e.lang.code() {
            continue;
        }
        let (Ok(def), Ok(p)) = (super::load(reports, &report), Period::parse(&period)) else {
            continue;
        };
        let Ok(s) = sent(conn, &def, &p, e.lang, &Since::FirstSend) else {
            continue;
        };
        let other = compare(conn, reports, &def, &p, e.lang, s, now)?;
        if !other.items.is_empty() {
            out.push(Companion {
                report,
                title: other.title,
                sent_at: other.sent.finished_at.unwrap_or(other.sent.known_at),
                differences: other.items.len(),
            });
        }
    }
    Ok(out)
}

/// Refuses a database whose history tables lack `recorded_at`: without it, what changed since a
/// report was sent cannot be known.
fn check_history(conn: &Connection) -> Result<()> {
    for table in [
        "hubs",
        "hub_status",
        "platform_members",
        "agreement_counts",
        "meetings",
        "working_groups",
    ] {
        if !crate::store::recorded::has_recorded_at(conn, table)? {
            return Err(Error::Invalid(format!(
                "the table {table} has no recorded_at, so what changed since a report was sent cannot be known: the database lacks the history errata need"
            )));
        }
    }
    Ok(())
}

/// The two moments a comparison reads the report at: when it was sent, and now.
struct Both<'a> {
    reports: &'a std::path::Path,
    def: &'a Definition,
    period: &'a Period,
    lang: Lang,
    sent_at: DateTime<Utc>,
    /// The sent report's `known_at`, as the export log gives it.
    sent: &'a str,
    now: DateTime<Utc>,
}

/// Both contexts, the corrections recorded between them, and both texts.
type Read = (
    context::ReportContext,
    context::ReportContext,
    Vec<Correction>,
    Vec<Vec<text::TextBlock>>,
);

impl Both<'_> {
    /// The report's context and text at both moments, and the corrections in between.
    fn read(&self, conn: &mut Connection) -> Result<Read> {
        let (period, lang) = (self.period, self.lang);
        let at = |known: DateTime<Utc>| AsOf::new(period.end(), known);
        // Both sides name their sources as known now: a registered document or a revised English
        // is a change of wording, not a correction.
        let sections = |known| {
            let s = context::Sections::new(self.def, period, &at(known), lang);
            std::sync::Arc::new(s.worded_at(self.now))
        };
        let lazy = [sections(self.sent_at), sections(self.now)];
        let (before, after) = (lazy[0].context(conn)?, lazy[1].context(conn)?);
        let now_ts = ts(self.now);
        let window = corrections::Window {
            from: self.sent,
            to: &now_ts,
            until: period.end(),
        };
        let corrections = corrections::corrections(conn, lang, &self.def.glossary, &window)?;
        let times = [
            before.known_at.as_str(),
            before.known_at_local.as_str(),
            after.known_at.as_str(),
            after.known_at_local.as_str(),
        ];
        let mut texts = Vec::new();
        for (ctx, sections) in [&before, &after].into_iter().zip(&lazy) {
            let footer = self.def.glossary.word("errata.footer", lang);
            texts.push(text::blocks(
                &self.text(ctx, sections, conn)?,
                &times,
                &footer,
            ));
        }
        Ok((before, after, corrections, texts))
    }

    /// The report's markup for one context.
    fn text(
        &self,
        ctx: &context::ReportContext,
        sections: &std::sync::Arc<context::Sections>,
        conn: &mut Connection,
    ) -> Result<crate::markup::Document> {
        let binds = super::templates::Binds {
            start: self.period.start().to_string(),
            end: self.period.end().to_string(),
            as_of: ctx.as_of.clone(),
            known_at: ctx.known_at.clone(),
            lang: self.lang,
        };
        let (_, doc) = super::templates::Compiled::new(self.reports, self.def, &binds)?
            .render(sections, conn)?;
        Ok(doc)
    }
}

/// A sent report whose content changed since it was sent.
#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    pub report: String,
    pub period: String,
    pub lang: String,
    pub export: i64,
    pub known_at: String,
    pub differences: usize,
}

/// Every report, period and language whose first unchanged send differs from the report as known
/// at `now`: the 正誤表 an office may owe. Definitions that no longer load are passed over, and so
/// are reports whose every sent file is gone or changed (`schedule verify` names those).
pub fn owed(
    conn: &mut Connection,
    reports: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<Vec<Owed>> {
    let sent_reports = crate::store::export_log::sent_reports(conn)?;
    let mut out = Vec::new();
    for (report, period, lang) in sent_reports {
        let (Ok(def), Ok(p), Ok(l)) = (
            super::load(reports, &report),
            Period::parse(&period),
            Lang::parse(&lang),
        ) else {
            continue;
        };
        let Ok(s) = sent(conn, &def, &p, l, &Since::FirstSend) else {
            continue;
        };
        let (export, known_at) = (s.id, s.known_at.clone());
        let e = compare(conn, reports, &def, &p, l, s, now)?;
        if !e.items.is_empty() {
            out.push(Owed {
                report,
                period,
                lang,
                export,
                known_at,
                differences: e.items.len(),
            });
        }
    }
    Ok(out)
}

//! What the record holds beside the hubs and the key figures, as a report shows it: the
//! platforms and their events, the government agreements, the policy documents and the projects
//! the source names beside the hubs.

use super::{parse_stored, when};
use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::store;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformView {
    /// The platform's code (`nutrition`).
    pub code: String,
    /// Its name in the report's language.
    pub name: String,
    /// When it started, as precisely as the source gives it, in the report's language.
    pub started: String,
    /// The day it started (`YYYY-MM-DD`), the first it may be when the source gives a month.
    pub started_on: String,
    /// Whether it started in the report's period.
    pub in_period: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct EventsView {
    /// Events known to fall in the period.
    pub in_period: Vec<EventView>,
    /// Events the source dates only loosely (a year, say) whose span includes the period.
    pub undated: Vec<EventView>,
    /// Milestones after the as-of date.
    pub ahead: Vec<EventView>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EventView {
    /// The platform's name, in the report's language.
    pub platform: String,
    /// The kind of event, as recorded (`platform_events.kind`).
    pub kind: String,
    /// Its date (`YYYY-MM-DD`), the latest it may be when the source is less precise.
    pub date: String,
    /// How much of the date the source gives: `day`, `month`, `year`, `fiscal_year` or `unknown`.
    pub precision: String,
    /// The date as precisely as the source gives it, in the report's language.
    pub when: String,
    /// What happened, in the report's language.
    pub description: String,
    /// Whether the description is the source document's own words (a Japanese report quotes
    /// them as written, marked as a quotation: 「第２回目の協議会を開催」).
    pub quoted: bool,
    /// For a meeting, its number where the description gives one (「第２回目の協議会を開催」: 2),
    /// so that a template can restate it as a sentence.
    pub number: Option<u32>,
    /// Whose statement the event is, by the date of the source document it is transcribed from,
    /// in the report's language (`平成30年3月末時点の資料の記載`, `as the source put it at the end
    /// of March 2018`); null for a user's source.
    pub stated: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AgreementView {
    /// Its kind, as recorded: `mou`, `letter_of_intent`…
    pub kind: String,
    /// Its title, in the report's language.
    pub title: String,
    /// The other party, in the report's language (アゼルバイジャン共和国首相府).
    pub counterpart: String,
    /// Whether the party is named only by a meeting's agenda, not by the count of the source
    /// that states the agreement (the source's lines 33–34 count a letter of intent without naming
    /// the country; the agenda of meeting 6, lines 100–102, names it).
    pub named_by_agenda: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProjectView {
    /// The country, in the report's language.
    pub country: String,
    /// What the project is, in the report's language.
    pub title: String,
    /// Its status code, as recorded.
    pub status: String,
    /// Its status in the report's language (from the glossary).
    pub status_label: String,
    /// The date of the status (`YYYY-MM-DD`), the latest it may be when the source is less
    /// precise: the status is known to hold then.
    pub date: String,
    /// When, as precisely as the source gives it, in the report's language.
    pub when: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PolicyView {
    /// The document's title, in the report's language.
    pub title: String,
    /// Its date (`YYYY-MM-DD`), the latest it may be when the source is less precise.
    pub date: String,
    /// How much of the date the source gives: `day`, `month`, `year`, `fiscal_year` or `unknown`.
    pub precision: String,
}

/// The platforms started by the date.
pub(super) fn platforms(
    conn: &Connection,
    at: &AsOf,
    start: NaiveDate,
    lang: Lang,
) -> Result<Vec<PlatformView>> {
    let mut out = Vec::new();
    for p in crate::store::platforms(conn, at)? {
        let d = parse_stored(&p.started_on)?;
        out.push(PlatformView {
            name: lang.pick(&p.name_ja, p.name_en.as_deref()).to_string(),
            started: when(d, Some(&p.date_precision), lang),
            in_period: crate::dates::DateSpan::new(d, &p.date_precision).within(start, at.date),
            started_on: p.started_on,
            code: p.code,
        });
    }
    Ok(out)
}

/// The policy documents adopted up to the date.
pub(super) fn policy_documents(
    conn: &Connection,
    at: &AsOf,
    lang: Lang,
) -> Result<Vec<PolicyView>> {
    Ok(store::policy_documents(conn, at)?
        .into_iter()
        .map(|p| PolicyView {
            title: lang.pick(&p.title_ja, p.title_en.as_deref()).to_string(),
            date: p.adopted_on,
            precision: p.date_precision,
        })
        .collect())
}

/// The platforms' events: those known to fall from `start` to the date, those that may (the source
/// gives a coarser date), and the milestones after the date that a source had stated by then (a
/// report as of March 2017 does not give as its outlook what a document of March 2018 says).
pub(super) fn platform_events(
    conn: &Connection,
    at: &AsOf,
    docs: &[store::SourceDocument],
    start: NaiveDate,
    lang: Lang,
) -> Result<EventsView> {
    let mut out = EventsView::default();
    for e in store::platform_events(conn, &at.known_at_str())? {
        let document = e
            .source
            .as_deref()
            .and_then(|s| store::Reference::parse(s, docs).document)
            .and_then(|code| docs.iter().find(|d| d.code == code));
        let transcribed = document.is_some();
        let stated_on = document.and_then(|d| parse_stored(&d.as_of).ok());
        let d = parse_stored(&e.event_date)?;
        let span = crate::dates::DateSpan::new(d, &e.date_precision);
        let number = (e.kind == "meeting")
            .then(|| meeting_number(&e.description_ja))
            .flatten();
        let view = EventView {
            platform: lang
                .pick(&e.platform_ja, e.platform_en.as_deref())
                .to_string(),
            kind: e.kind.clone(),
            when: when(d, Some(&e.date_precision), lang),
            date: e.event_date,
            precision: e.date_precision,
            description: lang.choose(e.description_ja, e.description_en),
            quoted: transcribed && lang == Lang::Ja,
            number,
            stated: stated_on.map(|d| stated_at(d, lang)),
        };
        if span.within(start, at.date) {
            out.in_period.push(view);
        } else if span.overlaps(start, at.date) {
            out.undated.push(view);
        } else if e.kind == "milestone"
            && span.from.is_some_and(|f| f > at.date)
            && stated_on.is_none_or(|d| d <= at.date)
        {
            out.ahead.push(view);
        }
    }
    Ok(out)
}

/// A source document's statement by the date it describes, as the glossary words it: at the end
/// of a month when that is the month's last day (`平成30年3月末時点の資料の記載`), else on the day.
fn stated_at(d: NaiveDate, lang: Lang) -> String {
    use crate::i18n::glossary::word_in_use;
    use chrono::Datelike;
    let month_end = d.succ_opt().is_none_or(|n| n.month() != d.month());
    let (key, date) = match month_end {
        true => ("date.source_said_month_end", when(d, Some("month"), lang)),
        false => ("date.source_said_on", when(d, None, lang)),
    };
    word_in_use(key, lang).replace("{date}", &date)
}

/// The number of a meeting as its description gives it: 「第２回目の協議会を開催」 is 2 (full-width
/// digits read as their half-width forms).
fn meeting_number(description: &str) -> Option<u32> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = description.nfkc().collect();
    let after = &text[text.find('第')? + '第'.len_utf8()..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let rest = &after[digits.len()..];
    (rest.starts_with('回'))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The other projects as they stood at the date.
pub(super) fn other_projects(
    conn: &Connection,
    at: &AsOf,
    lang: Lang,
    glossary: &crate::i18n::glossary::Glossary,
) -> Result<Vec<ProjectView>> {
    store::other_projects(conn, at)?
        .into_iter()
        .map(|p| {
            let d = parse_stored(&p.effective_date)?;
            Ok(ProjectView {
                country: lang.choose(p.country_ja, p.country_en),
                title: lang.choose(p.title_ja, p.title_en),
                status_label: glossary.word(&format!("project.{}", p.status), lang),
                status: p.status,
                when: when(d, Some(&p.date_precision), lang),
                date: p.effective_date,
            })
        })
        .collect()
}

/// The government agreements in force by the date.
pub(super) fn agreements(conn: &Connection, at: &AsOf, lang: Lang) -> Result<Vec<AgreementView>> {
    Ok(store::agreements(conn, at)?
        .into_iter()
        .map(|a| AgreementView {
            title: lang.pick(&a.title_ja, a.title_en.as_deref()).to_string(),
            counterpart: lang
                .pick(&a.counterpart_ja, a.counterpart_en.as_deref())
                .to_string(),
            kind: a.kind,
            named_by_agenda: a.source.as_deref() == Some("tf2018-03 L33-34, L100-102"),
        })
        .collect())
}

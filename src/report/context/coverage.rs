//! What the record covers, as a report says it: for each series the day its record runs to; for
//! each key figure the day it was last stated, when that is before the report's date; and the
//! sources of the rows each key figure is made of.

use super::progress::KEY_FIGURES;
use crate::dates::AsOf;
use crate::i18n::{glossary::Glossary, Lang};
use crate::store::coverage::HubFact;
use crate::store::coverage::{self as cov, FigureRows};
use crate::store::{EnglishTexts, Reference, SourceDocument};
use crate::Result;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// How far the record of one series runs.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CoverageView {
    /// The date of the series' last recorded fact (`YYYY-MM-DD`; null: none recorded).
    pub last_fact: Option<String>,
    /// The day the record runs to: the latest of its last fact, the date the documents its rows
    /// cite describe, and the day the office has stated the record complete to; the first day of
    /// the month when that is a fact the source dates to the month.
    pub to: Option<String>,
    /// How much of `to` is given: `day`, or `month` (then the record runs to the month's end).
    pub precision: String,
    /// The day after `to`, from which nothing is recorded (「平成30年4月以降の会合の記録はない」).
    pub after: Option<String>,
    /// The last day the record covers, in the report's language: a month when it is the month's
    /// last day (`March 2018`, for "none recorded after March 2018"), else the day.
    pub to_label: Option<String>,
    /// `after` in the report's language: a month when it is the month's first day (`平成30年4月`,
    /// for 「平成30年4月以降…の記録はない」), else the day.
    pub after_label: Option<String>,
    /// Whether the office has stated the record complete to `to`: only then may a report say that
    /// nothing happened, rather than that nothing is recorded.
    pub stated_complete: bool,
    /// Whether the record ends before the report's date.
    pub ends_before_date: bool,
}

/// Each series' coverage as known at the moment, by series (`hubs`, `meetings`,
/// `working_groups`, `members`, `agreements`).
pub(super) fn coverage(
    conn: &Connection,
    at: &AsOf,
    docs: &[SourceDocument],
    lang: Lang,
) -> Result<BTreeMap<String, CoverageView>> {
    let known = at.known_at_str();
    let mut out = BTreeMap::new();
    for (series, sql) in cov::SERIES {
        let facts = cov::series_facts(conn, sql, &known)?;
        let described = facts
            .sources
            .iter()
            .filter_map(|s| document_of(s, docs))
            .filter_map(|d| NaiveDate::parse_from_str(&d.as_of, "%Y-%m-%d").ok())
            .max();
        let stated = cov::stated_complete_to(conn, series, at)?;
        let day = |date: NaiveDate| cov::LastFact {
            date,
            precision: "day".into(),
            to: date,
        };
        let to = [facts.last.clone(), described.map(day), stated.map(day)]
            .into_iter()
            .flatten()
            .max_by_key(|f| f.to);
        let end = to.as_ref().map(|f| f.to);
        let next = end.and_then(|d| d.succ_opt());
        let label = |d: NaiveDate, month: bool| {
            super::when(d, Some(if month { "month" } else { "day" }), lang)
        };
        out.insert(
            series.to_string(),
            CoverageView {
                to_label: end.map(|d| label(d, next.is_some_and(|n| n.day() == 1))),
                after_label: next.map(|d| label(d, d.day() == 1)),
                last_fact: facts.last.map(|f| f.date.to_string()),
                to: to.as_ref().map(|f| f.date.to_string()),
                precision: to
                    .as_ref()
                    .map_or_else(|| "day".into(), |f| f.precision.clone()),
                after: to
                    .as_ref()
                    .and_then(|f| f.to.succ_opt())
                    .map(|d| d.to_string()),
                stated_complete: stated.is_some_and(|s| to.as_ref().is_some_and(|f| f.to == s)),
                ends_before_date: to.is_some_and(|f| f.to < at.date),
            },
        );
    }
    Ok(out)
}

/// Whether a reference is a user's (it names no source document).
pub(super) fn is_users(reference: &str, docs: &[SourceDocument]) -> bool {
    document_of(reference, docs).is_none()
}

/// The document a reference names, if it names one.
fn document_of<'a>(reference: &str, docs: &'a [SourceDocument]) -> Option<&'a SourceDocument> {
    let code = Reference::parse(reference, docs).document?;
    docs.iter().find(|d| d.code == code)
}

/// Whether a reference names a document of the seed (which the metrics' methods cite by its
/// lines), rather than one the office registered or free text.
fn seeded(reference: &str, docs: &[SourceDocument]) -> bool {
    document_of(reference, docs).is_some_and(|d| !d.registered())
}

/// A reference users gave, in the report's language: a registered document by its title, free
/// text in its English, or as written, marked as Japanese (the glossary's `source.in_japanese`).
pub(super) fn cite(
    reference: &str,
    docs: &[SourceDocument],
    english: &EnglishTexts,
    lang: Lang,
    glossary: &Glossary,
) -> String {
    let in_japanese = glossary.word("source.in_japanese", lang);
    english.reference(reference, docs, lang, &in_japanese)
}

/// The series whose record a key figure is made from.
fn series_of(key: &str) -> &'static str {
    match key {
        "meetings_held" => "meetings",
        "working_groups" => "working_groups",
        "platform_members" => "members",
        "mou_countries" | "letters_of_intent" => "agreements",
        _ => "hubs",
    }
}

/// The rows of every key figure at the date, by key; `hubs` are the hubs as they stood then.
pub(super) fn figure_rows(
    conn: &Connection,
    at: &AsOf,
    hubs: &[HubFact],
) -> Result<BTreeMap<String, FigureRows>> {
    rows_of(conn, KEY_FIGURES, at, hubs)
}

/// The rows of the key figures whose "as stated on" date [`stated_on`] takes from their rows
/// (the counts a source states), by key: all it needs of a date's rows besides the coverage.
pub(super) fn stated_rows(conn: &Connection, at: &AsOf) -> Result<BTreeMap<String, FigureRows>> {
    let keys: Vec<&str> = KEY_FIGURES
        .iter()
        .copied()
        .filter(|k| stated_by_source(k))
        .collect();
    // No hub figure is among them: no hubs to count.
    rows_of(conn, &keys, at, &[])
}

fn rows_of(
    conn: &Connection,
    keys: &[&str],
    at: &AsOf,
    hubs: &[HubFact],
) -> Result<BTreeMap<String, FigureRows>> {
    let rows = cov::figure_rows(conn, keys, at, hubs)?;
    Ok(keys.iter().map(|k| k.to_string()).zip(rows).collect())
}

/// Whether a key figure is a count a source states (members, agreements), rather than one made
/// from facts.
fn stated_by_source(key: &str) -> bool {
    matches!(series_of(key), "members" | "agreements")
}

/// Each key figure's "as stated on" date in the report's language (`平成30年3月31日`,
/// `May 2018`) when it ends before `date`, else null: for a count a source states (members,
/// agreements), the day of that count; for a count made from facts (hubs, meetings), the day
/// their record runs to, or for a hub count the day its own rows were last stated when that is
/// earlier (three hubs planned as at end of March 2018 stay so dated when other hubs' openings
/// in May 2018 extend the record of hubs).
pub(super) fn stated_on(
    rows: &BTreeMap<String, FigureRows>,
    coverage: &BTreeMap<String, CoverageView>,
    docs: &[SourceDocument],
    date: NaiveDate,
    lang: Lang,
) -> BTreeMap<String, Option<String>> {
    let parse = cov::stored_date;
    // The day a hub count's rows were stated when every one of them comes no later than the
    // documents they cite: the latest date those documents describe. (A later row, a user's, may
    // be dated to the month only: the count then takes the record's own day.)
    let own = |k: &str| {
        let r = rows.get(k)?;
        let described = r
            .sources
            .iter()
            .filter_map(|s| document_of(s, docs))
            .filter_map(|d| parse(&d.as_of))
            .max()?;
        r.latest.is_none_or(|l| l <= described).then_some(described)
    };
    KEY_FIGURES
        .iter()
        .map(|k| {
            let stated = match series_of(k) {
                _ if stated_by_source(k) => {
                    rows.get(*k).and_then(|r| r.latest).map(|d| (d, "day", d))
                }
                s => coverage
                    .get(s)
                    .and_then(|c| {
                        let d = parse(c.to.as_deref()?)?;
                        let end = parse(c.after.as_deref()?)?.pred_opt()?;
                        Some((d, c.precision.as_str(), end))
                    })
                    .map(|(d, precision, end)| match own(k) {
                        Some(o) if s == "hubs" && o < d => (o, "day", o),
                        _ => (d, precision, end),
                    }),
            };
            let before = stated
                .filter(|(_, _, end)| *end < date)
                .map(|(d, precision, _)| super::when(d, Some(precision), lang));
            (k.to_string(), before)
        })
        .collect()
}

/// How many references a source column names before it counts the rest.
const NAMED: usize = 3;

/// The sources of a figure's rows for a reader: the document's lines for the rows transcribed
/// from it (`describe` gives the metric's own reference to them, which spans every such row),
/// then the references users gave, the first few named and the rest counted. `None` when no row
/// carries a reference.
pub(super) fn describe_rows(
    rows: &[String],
    documented: Option<String>,
    docs: &[SourceDocument],
    english: &EnglishTexts,
    lang: Lang,
    glossary: &Glossary,
) -> Option<String> {
    let (seed, users): (Vec<&String>, Vec<&String>) = rows.iter().partition(|r| seeded(r, docs));
    let mut parts: Vec<String> = Vec::new();
    if !seed.is_empty() {
        parts.extend(documented);
    }
    let mut users: Vec<String> = users
        .into_iter()
        .map(|r| cite(r, docs, english, lang, glossary))
        .collect();
    users.dedup();
    let named: Vec<&str> = users.iter().take(NAMED).map(|s| s.as_str()).collect();
    if !named.is_empty() {
        let rest = users.len() - named.len();
        // Titles hold commas and colons of their own: in English, semicolons between them.
        let mut text = named.join(lang.choose("、", "; "));
        if rest > 0 {
            text.push_str(
                &glossary
                    .word("source.more", lang)
                    .replace("{rest}", &rest.to_string()),
            );
        }
        parts.push(text);
    }
    (!parts.is_empty()).then(|| parts.join(lang.choose("；", "; ")))
}

/// The references users gave, as a list of the other sources shows them (see [`cite`]): a run of
/// them without English carries the mark once, after its last (the glossary's
/// `source_list.in_japanese`, "…; …; … (these 3 in Japanese)"). A run ends where a list shows its
/// first few and counts the rest (after [`NAMED`]), so that the mark stays with what is shown.
pub(super) fn cite_all(
    references: &[String],
    docs: &[SourceDocument],
    english: &EnglishTexts,
    lang: Lang,
    glossary: &Glossary,
) -> Vec<String> {
    let lacks: Vec<bool> = references
        .iter()
        .map(|r| lang == Lang::En && english.lacks_reference(r, docs))
        .collect();
    let mut out = Vec::new();
    let mut run = 0;
    for (i, r) in references.iter().enumerate() {
        if !lacks[i] {
            out.push(cite(r, docs, english, lang, glossary));
            continue;
        }
        run += 1;
        let goes_on = lacks.get(i + 1) == Some(&true) && (i + 1) % NAMED != 0;
        out.push(match (goes_on, run) {
            (true, _) => r.clone(),
            (false, 1) => cite(r, docs, english, lang, glossary),
            (false, n) => glossary
                .word("source_list.in_japanese", lang)
                .replace("{n}", &n.to_string())
                .replace("{text}", r),
        });
        if !goes_on {
            run = 0;
        }
    }
    out
}

/// The references users gave that the key figures at the date draw on, each once: free text and
/// the codes of the documents the office registered.
pub(super) fn user_sources<'a>(
    rows: &'a BTreeMap<String, FigureRows>,
    also: impl IntoIterator<Item = &'a String>,
    docs: &[SourceDocument],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in rows.values().flat_map(|r| &r.sources).chain(also) {
        if document_of(r, docs).is_none() && !out.contains(r) {
            out.push(r.clone());
        }
    }
    out
}

/// The sources users gave as free text that a report at the moment cites (the key figures' rows
/// and the agreements listed beside the count), each once, as written, that have no English then:
/// an English report shows them in Japanese, marked so.
pub fn cited_user_sources(conn: &Connection, at: &AsOf) -> Result<Vec<String>> {
    let docs = crate::store::source_documents_at(conn, &at.known_at_str())?;
    let hubs = crate::store::hubs(conn, at)?;
    let facts: Vec<HubFact> = hubs
        .iter()
        .filter_map(|h| {
            Some(HubFact {
                id: h.id,
                status: h.status?,
                since: h.status_since.as_deref()?,
                source: h.status_source.as_deref(),
                named_country: h.named_country,
            })
        })
        .collect();
    let since = super::agreements::since_sources(conn, at)?;
    let english = EnglishTexts::load(conn, &at.known_at_str())?;
    let rows = figure_rows(conn, at, &facts)?;
    let mut out: Vec<String> = user_sources(&rows, &since, &docs)
        .into_iter()
        .filter(|r| english.lacks(r))
        .collect();
    // A registered document's place written in Japanese, which the sources' table prints.
    for r in rows.values().flat_map(|r| &r.sources) {
        if document_of(r, &docs).is_some() && english.lacks_reference(r, &docs) && !out.contains(r)
        {
            out.push(r.clone());
        }
    }
    Ok(out)
}

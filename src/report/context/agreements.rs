//! The named agreements beside the count a source states: the count stays as stated (a named
//! agreement never changes it), and the agreements recorded after the count's date are listed
//! apart. Also the office's statements of how far each record is complete.

use super::{parse_stored, when};
use crate::dates::AsOf;
use crate::i18n::{glossary::Glossary, Lang};
use crate::store::facts;
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct AgreementsSince {
    /// The partner-country count of government MOUs as its source states it (null: none stated).
    pub count: Option<i64>,
    /// The date the count is stated for, in the report's language.
    pub count_when: String,
    /// Where the count is stated, for a reader: the document's title and lines (「「…」33〜34行」,
    /// "…, lines 33–34"), or the user's own reference as recorded.
    pub count_source: String,

    /// The named agreements dated after the count's date, up to the as-of date.
    pub items: Vec<AgreementSinceView>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AgreementSinceView {
    /// The counterpart country, in the report's language.
    pub country: String,
    /// The kind of agreement, in the report's language (from the glossary).
    pub kind: String,
    /// The date, as precisely as its source gives it, in the report's language.
    pub when: String,
    /// How much of the date the source gives.
    pub precision: String,
    /// Its title, in the report's language (in Japanese where no English is recorded).
    pub title: String,
    /// Where it comes from.
    pub source: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CoverageStatement {
    /// The record (`meetings`, `wg_events`, …).
    pub record: String,
    /// Its name, in the report's language.
    pub label: String,
    /// The last day up to which the office states the record complete (`YYYY-MM-DD`).
    pub complete_to: String,
    /// Where the office states it.
    pub source: String,
}

/// The sources of the agreements [`agreements_since`] lists: those dated after the stated count.
pub(super) fn since_sources(conn: &Connection, at: &AsOf) -> Result<Vec<String>> {
    let Some(count) = facts::stated_count(conn, "mou", at)? else {
        return Ok(Vec::new());
    };
    Ok(facts::agreements_after(conn, &count.date, at)?
        .into_iter()
        .filter_map(|a| a.source)
        .collect())
}

/// The MOU count as stated by the date, and the named agreements dated after it.
pub fn agreements_since(
    conn: &Connection,
    at: &AsOf,
    names: Names<'_>,
    lang: Lang,
    glossary: &Glossary,
) -> Result<AgreementsSince> {
    let Some(count) = facts::stated_count(conn, "mou", at)? else {
        return Ok(AgreementsSince::default());
    };
    let docs = names.0;
    let count_source = count
        .source
        .as_deref()
        .map(|s| crate::store::Reference::parse(s, docs));
    let cite = citer(names, lang, glossary);
    let items = facts::agreements_after(conn, &count.date, at)?
        .into_iter()
        .map(|a| view(a, lang, glossary, &cite))
        .collect::<Result<_>>()?;
    Ok(AgreementsSince {
        count: Some(count.countries),
        count_when: when(parse_stored(&count.date)?, Some("day"), lang),
        count_source: count_source
            .map(|r| r.describe(docs, lang))
            .unwrap_or_default(),
        items,
    })
}

/// The names a report gives its sources: the source documents and the English of the office's
/// texts, as known when the report names them.
pub type Names<'a> = (
    &'a [crate::store::SourceDocument],
    &'a crate::store::EnglishTexts,
);

/// A user's source in the report's language (see [`super::coverage::cite`]).
fn citer<'g>(names: Names<'g>, lang: Lang, glossary: &'g Glossary) -> impl Fn(&str) -> String + 'g {
    move |r: &str| super::coverage::cite(r, names.0, names.1, lang, glossary)
}

/// A named agreement in the report's language.
fn view(
    a: facts::NamedAgreement,
    lang: Lang,
    glossary: &Glossary,
    cite: &dyn Fn(&str) -> String,
) -> Result<AgreementSinceView> {
    let d = parse_stored(&a.date)?;
    let title = title(&a, lang, glossary);
    Ok(AgreementSinceView {
        country: lang.choose(a.country_ja, a.country_en),
        kind: glossary.word(&format!("agreement.{}", a.kind), lang),
        when: when(d, Some(&a.precision), lang),
        precision: a.precision,
        title,
        source: a.source.as_deref().map(cite).unwrap_or_default(),
    })
}

/// An agreement's title in the report's language: in an English report without an English
/// title, the Japanese marked as such (the glossary's `source.in_japanese`).
fn title(a: &facts::NamedAgreement, lang: Lang, glossary: &Glossary) -> String {
    match a.title_en.as_deref().map(str::trim) {
        _ if lang == Lang::Ja => a.title_ja.clone(),
        Some(en) if !en.is_empty() => en.to_string(),
        _ => glossary
            .word("source.in_japanese", lang)
            .replace("{text}", &a.title_ja),
    }
}

/// The titles of the agreements an English report lists that have no English: those dated after
/// the stated count (the quarterly report's list) and, with `start`, those dated from it.
pub fn titles_without_english(
    conn: &Connection,
    at: &AsOf,
    start: Option<chrono::NaiveDate>,
) -> Result<Vec<String>> {
    let mut listed = match facts::stated_count(conn, "mou", at)? {
        Some(count) => facts::agreements_after(conn, &count.date, at)?,
        None => Vec::new(),
    };
    if let Some(start) = start {
        listed.extend(dated_in(conn, at, start)?);
    }
    let mut out: Vec<String> = Vec::new();
    for a in listed {
        if a.title_en.as_deref().is_none_or(|e| e.trim().is_empty()) && !out.contains(&a.title_ja) {
            out.push(a.title_ja);
        }
    }
    Ok(out)
}

/// The named agreements known to be dated from `start` to the date (a date the source gives
/// only to the year is not known to fall in a quarter).
pub fn agreements_in(
    conn: &Connection,
    at: &AsOf,
    names: Names<'_>,
    start: chrono::NaiveDate,
    lang: Lang,
    glossary: &Glossary,
) -> Result<Vec<AgreementSinceView>> {
    let cite = citer(names, lang, glossary);
    dated_in(conn, at, start)?
        .into_iter()
        .map(|a| view(a, lang, glossary, &cite))
        .collect()
}

/// The named agreements known to be dated from `start` to the date.
fn dated_in(
    conn: &Connection,
    at: &AsOf,
    start: chrono::NaiveDate,
) -> Result<Vec<facts::NamedAgreement>> {
    let before = start.pred_opt().unwrap_or(start).to_string();
    Ok(facts::agreements_after(conn, &before, at)?
        .into_iter()
        .filter(|a| {
            parse_stored(&a.date)
                .is_ok_and(|d| crate::dates::DateSpan::new(d, &a.precision).within(start, at.date))
        })
        .collect())
}

/// Each record's latest statement of completeness.
pub fn coverage(
    conn: &Connection,
    at: &AsOf,
    lang: Lang,
    glossary: &Glossary,
) -> Result<Vec<CoverageStatement>> {
    Ok(facts::coverage(conn, &at.known_at_str())?
        .into_iter()
        .map(|c| CoverageStatement {
            label: glossary.word(&format!("record.{}", c.record), lang),
            record: c.record,
            complete_to: c.complete_to,
            source: c.source,
        })
        .collect())
}

//! Reference data: countries, government agreements, policy documents, and the tables that
//! `tenkai export` may dump.

use crate::dates::AsOf;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A country.
#[derive(Debug, Clone, Serialize)]
pub struct Country {
    pub iso: String,
    pub name_ja: String,
    pub name_en: String,
    /// Named in a policy sentence as a country for new hubs.
    pub named_in_policy: bool,
    /// Where the country's row comes from.
    pub source: Option<String>,
    /// Its name's reading in katakana (チュウゴク), which a Japanese list sorts by; without one,
    /// the list sorts it by its name.
    pub reading: Option<String>,
}

pub fn countries(conn: &Connection) -> Result<Vec<Country>> {
    let mut stmt = conn.prepare(
        "SELECT iso, name_ja, name_en, named_in_policy, source, reading FROM countries ORDER BY iso",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Country {
            iso: r.get(0)?,
            name_ja: r.get(1)?,
            name_en: r.get(2)?,
            named_in_policy: r.get::<_, i64>(3)? == 1,
            source: r.get(4)?,
            reading: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a Japanese list of countries sorts each by: its reading, or its name where it has none
/// (by ISO code).
pub fn country_sort_keys(conn: &Connection) -> Result<std::collections::BTreeMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT iso, coalesce(reading, name_ja) FROM countries")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A reading as a list sorts it: in katakana (hiragana and half-width katakana are read as
/// katakana), or what is wrong with it.
pub fn katakana_reading(text: &str) -> std::result::Result<String, String> {
    use unicode_normalization::UnicodeNormalization;
    let reading: String = text
        .trim()
        .nfkc()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect();
    let kana = |c: char| matches!(c, '\u{30A1}'..='\u{30FC}');
    match reading.chars().all(kana) && !reading.is_empty() {
        true => Ok(reading),
        false => Err(format!(
            "'{text}' is not a reading in kana: give the name as it is read, in katakana or hiragana (チュウゴク)"
        )),
    }
}

pub fn add_country(conn: &Connection, c: &Country) -> Result<()> {
    let iso = c.iso.as_str();
    if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::Usage(format!(
            "'{iso}' is not an ISO 3166-1 alpha-2 code: use two capital letters, such as TR"
        )));
    }
    if conn
        .query_row("SELECT 1 FROM countries WHERE iso = ?1", [iso], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Err(Error::Invalid(format!("country {iso} already exists")));
    }
    let reading = match c.reading.as_deref().map(katakana_reading) {
        Some(Err(why)) => return Err(Error::Usage(format!("--reading {why}"))),
        Some(Ok(r)) => Some(r),
        None => None,
    };
    conn.execute(
        "INSERT INTO countries (iso, name_ja, name_en, named_in_policy, source, reading) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![iso, c.name_ja, c.name_en, c.named_in_policy as i64, c.source, reading],
    )?;
    Ok(())
}

/// A government agreement named in the source.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub kind: String,
    pub title_ja: String,
    pub title_en: Option<String>,
    pub counterpart_ja: String,
    pub counterpart_en: Option<String>,
    pub country_iso: Option<String>,
    pub effective_date: String,
    pub note: Option<String>,
    /// Where it comes from (`tf2018-03 L33-34, L100-102`, or a user's source).
    pub source: Option<String>,
}

pub fn agreements(conn: &Connection, at: &AsOf) -> Result<Vec<Agreement>> {
    let mut stmt = conn.prepare(
        "SELECT kind, title_ja, title_en, counterpart_ja, counterpart_en, country_iso, effective_date, note, source FROM agreements
         WHERE effective_date <= ?1 AND recorded_at <= ?2 ORDER BY effective_date, id",
    )?;
    let rows = stmt.query_map(params![at.date_str(), at.known_at_str()], |r| {
        Ok(Agreement {
            kind: r.get(0)?,
            title_ja: r.get(1)?,
            title_en: r.get(2)?,
            counterpart_ja: r.get(3)?,
            counterpart_en: r.get(4)?,
            country_iso: r.get(5)?,
            effective_date: r.get(6)?,
            note: r.get(7)?,
            source: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A policy document adopted.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyDocument {
    pub title_ja: String,
    pub title_en: Option<String>,
    pub adopted_on: String,
    pub date_precision: String,
    pub meeting_number: Option<i64>,
    pub note: Option<String>,
}

pub fn policy_documents(conn: &Connection, at: &AsOf) -> Result<Vec<PolicyDocument>> {
    let mut stmt = conn.prepare(
        "SELECT title_ja, title_en, adopted_on, date_precision, meeting_number, note FROM policy_documents
         WHERE adopted_on <= ?1 AND recorded_at <= ?2 ORDER BY adopted_on, id",
    )?;
    let rows = stmt.query_map(params![at.date_str(), at.known_at_str()], |r| {
        Ok(PolicyDocument {
            title_ja: r.get(0)?,
            title_en: r.get(1)?,
            adopted_on: r.get(2)?,
            date_precision: r.get(3)?,
            meeting_number: r.get(4)?,
            note: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An event of a public-private platform: a meeting, a survey, a milestone ahead.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformEvent {
    pub platform: String,
    pub platform_ja: String,
    pub platform_en: Option<String>,
    pub kind: String,
    pub event_date: String,
    pub date_precision: String,
    pub description_ja: String,
    pub description_en: String,
    pub source: Option<String>,
}

/// Every platform event known at the moment, in date order (the report picks the period's),
/// but those replaced by a later one known then (a summit moved to another date).
pub fn platform_events(conn: &Connection, known_at: &str) -> Result<Vec<PlatformEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.platform, p.name_ja, p.name_en, e.kind, e.event_date, e.date_precision, e.description_ja, e.description_en, e.source
         FROM platform_events e JOIN platforms p ON p.code = e.platform
         WHERE e.recorded_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM platform_events r WHERE r.replaces = e.id AND r.recorded_at <= ?1)
         ORDER BY e.event_date, e.id",
    )?;
    let rows = stmt.query_map([known_at], |r| {
        Ok(PlatformEvent {
            platform: r.get(0)?,
            platform_ja: r.get(1)?,
            platform_en: r.get(2)?,
            kind: r.get(3)?,
            event_date: r.get(4)?,
            date_precision: r.get(5)?,
            description_ja: r.get(6)?,
            description_en: r.get(7)?,
            source: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A project a source names beside the hubs but does not count among them.
#[derive(Debug, Clone, Serialize)]
pub struct OtherProject {
    pub country_iso: String,
    pub country_ja: String,
    pub country_en: String,
    pub title_ja: String,
    pub title_en: String,
    pub status: String,
    pub effective_date: String,
    pub date_precision: String,
    pub source: Option<String>,
}

/// The other projects as they stood at the date: each one's latest status row.
pub fn other_projects(conn: &Connection, at: &AsOf) -> Result<Vec<OtherProject>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.country_iso, c.name_ja, c.name_en, o.title_ja, o.title_en, o.status, o.effective_date, o.date_precision, o.source
         FROM other_projects o JOIN countries c ON c.iso = o.country_iso
         WHERE o.effective_date <= ?1 AND o.recorded_at <= ?2
           AND o.id = (SELECT o2.id FROM other_projects o2
                       WHERE o2.country_iso = o.country_iso AND o2.title_ja = o.title_ja
                         AND o2.effective_date <= ?1 AND o2.recorded_at <= ?2
                       ORDER BY o2.effective_date DESC, o2.recorded_at DESC, o2.id DESC LIMIT 1)
         ORDER BY o.country_iso, o.id",
    )?;
    let rows = stmt.query_map(params![at.date_str(), at.known_at_str()], |r| {
        Ok(OtherProject {
            country_iso: r.get(0)?,
            country_ja: r.get(1)?,
            country_en: r.get(2)?,
            title_ja: r.get(3)?,
            title_en: r.get(4)?,
            status: r.get(5)?,
            effective_date: r.get(6)?,
            date_precision: r.get(7)?,
            source: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many countries the policy names (the countries that the named-country indicator counts).
pub fn named_country_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM countries WHERE named_in_policy = 1")?
        .query_row([], |r| r.get(0))?)
}

/// A platform (such as the nutrition-improvement platform) and when it started.
#[derive(Debug, Clone)]
pub struct Platform {
    pub code: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub started_on: String,
    pub date_precision: String,
}

/// The platforms started by the date, as known at the moment, oldest first.
pub fn platforms(conn: &Connection, at: &AsOf) -> Result<Vec<Platform>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, name_ja, name_en, started_on, date_precision FROM platforms
         WHERE started_on <= ?1 AND recorded_at <= ?2 ORDER BY started_on, code",
    )?;
    let rows = stmt.query_map(params![at.date_str(), at.known_at_str()], |r| {
        Ok(Platform {
            code: r.get(0)?,
            name_ja: r.get(1)?,
            name_en: r.get(2)?,
            started_on: r.get(3)?,
            date_precision: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The query `tenkai export` runs for an exportable table: every row in the table's stable order.
pub fn export_query(table: &str) -> Option<String> {
    EXPORTABLE
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(name, order)| format!("SELECT * FROM {name} ORDER BY {order}"))
}

/// The tables `tenkai export` may write out, with their key for a stable order.
pub const EXPORTABLE: &[(&str, &str)] = &[
    ("countries", "iso"),
    ("organisations", "id"),
    ("hub_kinds", "kind"),
    ("hubs", "id"),
    ("hub_partners", "hub_id, position"),
    ("hub_dates", "id"),
    ("hub_status", "id"),
    ("meetings", "number"),
    ("meeting_agenda", "meeting_number, position"),
    ("working_groups", "id"),
    ("wg_events", "id"),
    ("agreements", "id"),
    ("agreement_counts", "id"),
    ("policy_documents", "id"),
    ("platforms", "code"),
    ("platform_members", "id"),
    ("taskforce_members", "position"),
    ("platform_events", "id"),
    ("other_projects", "id"),
    ("source_documents", "code"),
    ("metrics", "name"),
    ("targets", "name"),
    ("target_withdrawals", "target, recorded_at"),
    ("indicators", "name"),
    ("target_milestones", "id"),
    ("target_assessments", "id"),
    ("narratives", "id"),
    ("export_log", "id"),
];

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
    pub priority: bool,
}

pub fn countries(conn: &Connection) -> Result<Vec<Country>> {
    let mut stmt =
        conn.prepare("SELECT iso, name_ja, name_en, is_priority FROM countries ORDER BY iso")?;
    let rows = stmt.query_map([], |r| {
        Ok(Country {
            iso: r.get(0)?,
            name_ja: r.get(1)?,
            name_en: r.get(2)?,
            priority: r.get::<_, i64>(3)? == 1,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_country(
    conn: &Connection,
    iso: &str,
    name_ja: &str,
    name_en: &str,
    priority: bool,
) -> Result<()> {
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
    conn.execute(
        "INSERT INTO countries (iso, name_ja, name_en, is_priority) VALUES (?1, ?2, ?3, ?4)",
        params![iso, name_ja, name_en, priority as i64],
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
}

pub fn agreements(conn: &Connection, at: &AsOf) -> Result<Vec<Agreement>> {
    let mut stmt = conn.prepare(
        "SELECT kind, title_ja, title_en, counterpart_ja, counterpart_en, country_iso, effective_date, note FROM agreements
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

/// The tables `tenkai export` may write out, with their key for a stable order.
pub const EXPORTABLE: &[(&str, &str)] = &[
    ("countries", "iso"),
    ("organisations", "id"),
    ("hub_kinds", "kind"),
    ("hubs", "id"),
    ("hub_operators", "hub_id, position"),
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
    ("metrics", "name"),
    ("targets", "name"),
    ("target_milestones", "id"),
    ("target_assessments", "id"),
    ("narratives", "id"),
    ("export_log", "id"),
];

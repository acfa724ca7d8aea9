//! What the reports read of a quarter's facts: the partner count a source states, the named
//! agreements after it, and the office's statements of how far each record is complete.

use crate::dates::AsOf;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// A partner count as a source states it.
#[derive(Debug, Clone)]
pub struct StatedCount {
    pub countries: i64,
    pub date: String,
    pub source: Option<String>,
}

/// The latest count of a kind (`mou`) stated by the date, as known at the moment.
pub fn stated_count(conn: &Connection, kind: &str, at: &AsOf) -> Result<Option<StatedCount>> {
    Ok(conn
        .prepare_cached(
            "SELECT countries, effective_date, source FROM agreement_counts
             WHERE kind = ?1 AND effective_date <= ?2 AND recorded_at <= ?3
             ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![kind, at.date_str(), at.known_at_str()], |r| {
            Ok(StatedCount {
                countries: r.get(0)?,
                date: r.get(1)?,
                source: r.get(2)?,
            })
        })
        .optional()?)
}

/// A named agreement as a report lists it.
#[derive(Debug, Clone)]
pub struct NamedAgreement {
    pub kind: String,
    pub country_ja: String,
    pub country_en: String,
    pub date: String,
    pub precision: String,
    pub title_ja: String,
    pub title_en: Option<String>,
    pub source: Option<String>,
}

/// The named agreements dated after `after` and by the date, as known at the moment, in date
/// order.
pub fn agreements_after(conn: &Connection, after: &str, at: &AsOf) -> Result<Vec<NamedAgreement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.kind, coalesce(c.name_ja, a.counterpart_ja), coalesce(c.name_en, a.counterpart_en, a.counterpart_ja),
                a.effective_date, a.date_precision, a.title_ja, a.title_en, a.source
         FROM agreements a LEFT JOIN countries c ON c.iso = a.country_iso
         WHERE a.effective_date > ?1 AND a.effective_date <= ?2 AND a.recorded_at <= ?3
         ORDER BY a.effective_date, a.id",
    )?;
    let rows = stmt.query_map(params![after, at.date_str(), at.known_at_str()], |r| {
        Ok(NamedAgreement {
            kind: r.get(0)?,
            country_ja: r.get(1)?,
            country_en: r.get(2)?,
            date: r.get(3)?,
            precision: r.get(4)?,
            title_ja: r.get(5)?,
            title_en: r.get(6)?,
            source: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The office's latest statement of how far a record is complete.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub record: String,
    pub complete_to: String,
    pub source: String,
}

/// Each record's latest statement of completeness, as known at the moment.
pub fn coverage(conn: &Connection, known_at: &str) -> Result<Vec<Coverage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT record, complete_to, source FROM record_coverage r
         WHERE recorded_at <= ?1 AND id = (SELECT id FROM record_coverage r2
             WHERE r2.record = r.record AND r2.recorded_at <= ?1 ORDER BY recorded_at DESC, id DESC LIMIT 1)
         ORDER BY record",
    )?;
    let rows = stmt.query_map([known_at], |r| {
        Ok(Coverage {
            record: r.get(0)?,
            complete_to: r.get(1)?,
            source: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

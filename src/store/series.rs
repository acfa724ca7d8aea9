//! Dated series: the platforms' member counts and the agreement partner counts, each value the
//! latest correction recorded for its date.

use crate::dates::{ts, AsOf};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// One point of the platform member series.
#[derive(Debug, Clone, Serialize)]
pub struct MemberCount {
    pub platform: String,
    pub effective_date: String,
    pub members: i64,
    pub recorded_at: String,
}

/// The query of [`member_series`] (`?2` the date, `?3` the moment known at). Index
/// `platform_members_by_date` (migration 0004) serves both the rows and each row's latest correction.
const MEMBER_SERIES: &str =
    "SELECT platform, effective_date, members, recorded_at FROM platform_members m
     WHERE platform = ?1 AND effective_date <= ?2 AND recorded_at <= ?3
       AND id = (SELECT m2.id FROM platform_members m2 WHERE m2.platform = m.platform AND m2.effective_date = m.effective_date
                 AND m2.recorded_at <= ?3 ORDER BY m2.recorded_at DESC, m2.id DESC LIMIT 1)
     ORDER BY effective_date";

/// The member series up to the date: one value per effective date, the latest known.
pub fn member_series(conn: &Connection, platform: &str, at: &AsOf) -> Result<Vec<MemberCount>> {
    let mut stmt = conn.prepare_cached(MEMBER_SERIES)?;
    let rows = stmt.query_map(params![platform, at.date_str(), at.known_at_str()], |r| {
        Ok(MemberCount {
            platform: r.get(0)?,
            effective_date: r.get(1)?,
            members: r.get(2)?,
            recorded_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A member count that corrects an earlier one recorded for the same date: the value and source
/// of each, and the correction's note and the moment it was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct MemberCorrection {
    pub effective_date: String,
    pub members: i64,
    pub source: Option<String>,
    pub note: Option<String>,
    pub recorded_at: String,
    /// The value and source the correction replaces.
    pub was: i64,
    pub was_source: Option<String>,
}

/// The query of [`member_corrections`] (`?1` the platform, `?2` the date, `?3` the moment known
/// at): each date's latest row known, with the latest row recorded before it for that date when
/// that gave another value.
const MEMBER_CORRECTIONS: &str =
    "SELECT m.effective_date, m.members, m.source, m.note, m.recorded_at, o.members, o.source
     FROM platform_members m
     JOIN platform_members o ON o.id = (SELECT o2.id FROM platform_members o2 WHERE o2.platform = m.platform
              AND o2.effective_date = m.effective_date
              AND (o2.recorded_at < m.recorded_at OR (o2.recorded_at = m.recorded_at AND o2.id < m.id))
              ORDER BY o2.recorded_at DESC, o2.id DESC LIMIT 1)
     WHERE m.platform = ?1 AND m.effective_date <= ?2 AND m.recorded_at <= ?3
       AND m.id = (SELECT m2.id FROM platform_members m2 WHERE m2.platform = m.platform AND m2.effective_date = m.effective_date
                   AND m2.recorded_at <= ?3 ORDER BY m2.recorded_at DESC, m2.id DESC LIMIT 1)
       AND o.members <> m.members
     ORDER BY m.effective_date";

/// The member counts up to the date that correct an earlier value for their date, as known at
/// the moment.
pub fn member_corrections(
    conn: &Connection,
    platform: &str,
    at: &AsOf,
) -> Result<Vec<MemberCorrection>> {
    let mut stmt = conn.prepare_cached(MEMBER_CORRECTIONS)?;
    let rows = stmt.query_map(params![platform, at.date_str(), at.known_at_str()], |r| {
        Ok(MemberCorrection {
            effective_date: r.get(0)?,
            members: r.get(1)?,
            source: r.get(2)?,
            note: r.get(3)?,
            recorded_at: r.get(4)?,
            was: r.get(5)?,
            was_source: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_members(
    conn: &Connection,
    platform: &str,
    members: i64,
    effective: NaiveDate,
    source: Option<&str>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    if members < 0 {
        return Err(Error::Usage(format!(
            "a member count cannot be negative ({members})"
        )));
    }
    if conn
        .query_row(
            "SELECT 1 FROM platforms WHERE code = ?1",
            [platform],
            |_| Ok(()),
        )
        .optional()?
        .is_none()
    {
        return Err(Error::Usage(format!("unknown platform '{platform}'; the platforms are listed by `tenkai sql \"SELECT * FROM platforms\"`")));
    }
    super::history::refuse_repeat(
        conn,
        "platform_members",
        &["platform", "members", "effective_date", "source", "note"],
        &[&platform, &members, &effective.to_string(), &source, &note],
        &format!("the member count of {platform} on {effective} ({members})"),
    )?;
    conn.execute(
        "INSERT INTO platform_members (platform, members, effective_date, source, recorded_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![platform, members, effective.to_string(), source, ts(now), note],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for a query, one step per line.
    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(params!["nutrition", "2018-03-31", "2018-04-10"], |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn the_dated_series_are_read_through_their_indexes_not_by_scanning() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            crate::store::Store::open(&dir.path().join("t.sqlite"), crate::store::Seed::Yes)
                .unwrap();
        // Each member count had scanned and sorted the whole table for its latest correction.
        let members = plan(&store.conn, MEMBER_SERIES);
        assert!(!members.contains("SCAN"), "{members}");
        assert!(!members.contains("TEMP B-TREE"), "{members}");
        assert!(members.contains("platform_members_by_date"), "{members}");
        // The agreement counts, as the metrics read them.
        let sql: String = store
            .conn
            .query_row(
                "SELECT sql FROM metrics WHERE name = 'letters_of_intent'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let agreements: String = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(
                rusqlite::named_params! {":as_of": "2018-03-31", ":known_at": "2018-04-10"},
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .map(|r| r.unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        // (The metric's outer SELECT has no table: its `SCAN CONSTANT ROW` reads nothing.)
        assert!(
            !agreements.contains("SCAN agreement_counts"),
            "{agreements}"
        );
        assert!(!agreements.contains("TEMP B-TREE"), "{agreements}");
        assert!(
            agreements.contains("agreement_counts_by_date"),
            "{agreements}"
        );
    }
}

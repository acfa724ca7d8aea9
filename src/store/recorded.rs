//! What was recorded when: the history rows recorded in a window of `recorded_at` (what the
//! 正誤表 explains a sent report's differences by), and whether anything at all was recorded
//! after a moment (whether a sent file can still be reproduced as it is).

use crate::Result;
use rusqlite::{params, Connection};

/// A kind of history row that can change what a sent report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Hubs first recorded in the window, with their first status.
    NewHubs,
    /// Statuses recorded in the window.
    HubStatuses,
    /// Member counts recorded in the window.
    MemberCounts,
    /// Agreement counts recorded in the window.
    AgreementCounts,
    /// Meetings recorded in the window.
    Meetings,
    /// Working groups recorded in the window.
    WorkingGroups,
}

impl Recorded {
    /// The query over the window `(?1, ?2]` of `recorded_at`, for facts dated by `?3`, newest
    /// first.
    fn sql(self) -> &'static str {
        match self {
            Recorded::NewHubs => "SELECT h.code, h.name_ja, coalesce(h.name_en, h.name_ja), h.recorded_at, h.source, h.note,
                s.status, s.effective_date, s.date_precision
         FROM hubs h LEFT JOIN hub_status s ON s.id = (SELECT min(id) FROM hub_status WHERE hub_id = h.id)
         WHERE h.recorded_at > ?1 AND h.recorded_at <= ?2 AND coalesce(s.effective_date <= ?3, 1)
         ORDER BY h.recorded_at DESC, h.id DESC",
            Recorded::HubStatuses => "SELECT h.code, h.name_ja, coalesce(h.name_en, h.name_ja), s.status, s.effective_date, s.date_precision,
                s.recorded_at, s.source, s.note
         FROM hub_status s JOIN hubs h ON h.id = s.hub_id
         WHERE s.recorded_at > ?1 AND s.recorded_at <= ?2 AND s.effective_date <= ?3
         ORDER BY s.recorded_at DESC, s.id DESC",
            Recorded::MemberCounts => "SELECT platform, CAST(members AS TEXT), effective_date, recorded_at, source, note FROM platform_members
             WHERE recorded_at > ?1 AND recorded_at <= ?2 AND effective_date <= ?3
             ORDER BY recorded_at DESC, id DESC",
            Recorded::AgreementCounts => "SELECT kind, CAST(countries AS TEXT), effective_date, recorded_at, source, NULL FROM agreement_counts
             WHERE recorded_at > ?1 AND recorded_at <= ?2 AND effective_date <= ?3
             ORDER BY recorded_at DESC, id DESC",
            Recorded::Meetings => "SELECT CAST(number AS TEXT), recorded_at, source, held_on FROM meetings
             WHERE recorded_at > ?1 AND recorded_at <= ?2 AND held_on <= ?3
             ORDER BY recorded_at DESC, number DESC",
            Recorded::WorkingGroups => "SELECT code, recorded_at, source, set_up_on FROM working_groups
             WHERE recorded_at > ?1 AND recorded_at <= ?2 AND coalesce(set_up_on <= ?3, 1)
             ORDER BY recorded_at DESC, code DESC",
        }
    }
}

/// The rows of one kind recorded after `from` and by `to`, about facts dated by `until`, each
/// column read as text (NULL as `None`).
pub fn window(
    conn: &Connection,
    what: Recorded,
    from: &str,
    to: &str,
    until: &str,
) -> Result<Vec<Vec<Option<String>>>> {
    let mut stmt = conn.prepare_cached(what.sql())?;
    let n = stmt.column_count();
    let rows = stmt.query_map(params![from, to, until], |r| {
        (0..n)
            .map(|i| r.get::<_, Option<String>>(i))
            .collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The count a correction replaces: the newest row of one fact (`what` is
/// [`Recorded::MemberCounts`] or [`Recorded::AgreementCounts`]; `key` the platform or the
/// agreement kind; `date` its effective date) recorded by `at`, as its value and its source.
pub fn count_before(
    conn: &Connection,
    what: Recorded,
    key: &str,
    date: &str,
    at: &str,
) -> Result<Option<(String, Option<String>)>> {
    let sql = match what {
        Recorded::MemberCounts => {
            "SELECT CAST(members AS TEXT), source FROM platform_members
             WHERE platform = ?1 AND effective_date = ?2 AND recorded_at <= ?3
             ORDER BY recorded_at DESC, id DESC LIMIT 1"
        }
        Recorded::AgreementCounts => {
            "SELECT CAST(countries AS TEXT), source FROM agreement_counts
             WHERE kind = ?1 AND effective_date = ?2 AND recorded_at <= ?3
             ORDER BY recorded_at DESC, id DESC LIMIT 1"
        }
        _ => return Ok(None),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![key, date, at])?;
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    })
}

/// Whether a table keeps `recorded_at` (a database from before the history lacks it).
pub fn has_recorded_at(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM pragma_table_info(?1) WHERE name = 'recorded_at'")?
        .exists([table])?)
}

/// Whether any history table holds a row recorded after `known_at`.
pub fn recorded_after(conn: &Connection, known_at: &str) -> Result<bool> {
    let tables: Vec<String> = conn
        .prepare_cached(
            "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND c.name = 'recorded_at' ORDER BY m.name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in tables {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM \"{}\" WHERE recorded_at > ?1)",
            t.replace('"', "\"\"")
        );
        if conn.query_row(&sql, [known_at], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    Ok(false)
}

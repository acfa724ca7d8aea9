//! The task force's meetings with their agendas, and its working groups with their events.

use crate::dates::{ts, AsOf};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A task-force meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub number: i64,
    pub held_on: String,
    pub by_circulation: bool,
    pub agenda_ja: Vec<String>,
    pub agenda_en: Vec<String>,
}

/// Meetings held on or before the date, optionally only those from `since`.
pub fn meetings(conn: &Connection, at: &AsOf, since: Option<NaiveDate>) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, held_on, by_circulation FROM meetings WHERE held_on <= ?1 AND held_on >= ?2 AND recorded_at <= ?3 ORDER BY number",
    )?;
    let mut agenda = conn.prepare_cached(
        "SELECT item_ja, coalesce(item_en, item_ja) FROM meeting_agenda WHERE meeting_number = ?1 ORDER BY position",
    )?;
    let since = since.map(|d| d.to_string()).unwrap_or_default();
    let list: Vec<(i64, String, bool)> = stmt
        .query_map(params![at.date_str(), since, at.known_at_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? == 1))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(list.len());
    for (number, held_on, by_circulation) in list {
        let mut m = Meeting {
            number,
            held_on,
            by_circulation,
            agenda_ja: vec![],
            agenda_en: vec![],
        };
        for item in agenda.query_map([number], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (ja, en) = item?;
            m.agenda_ja.push(ja);
            m.agenda_en.push(en);
        }
        out.push(m);
    }
    Ok(out)
}

/// Adds a meeting with its agenda items.
pub fn add_meeting(
    conn: &Connection,
    number: i64,
    held_on: NaiveDate,
    by_circulation: bool,
    agenda: &[String],
    source: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    if number <= 0 {
        return Err(Error::Usage(format!(
            "meeting number {number} must be 1 or more"
        )));
    }
    if conn
        .query_row("SELECT 1 FROM meetings WHERE number = ?1", [number], |_| {
            Ok(())
        })
        .optional()?
        .is_some()
    {
        return Err(Error::Invalid(format!("meeting {number} already exists; meetings are numbered once (see `tenkai meeting list`)")));
    }
    conn.execute(
        "INSERT INTO meetings (number, held_on, by_circulation, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![number, held_on.to_string(), by_circulation as i64, ts(now), source],
    )?;
    for (i, item) in agenda.iter().enumerate() {
        conn.execute(
            "INSERT INTO meeting_agenda (meeting_number, position, item_ja, source) VALUES (?1, ?2, ?3, ?4)",
            params![number, i as i64 + 1, item, source],
        )?;
    }
    Ok(())
}

/// A working group and its events up to the date.
#[derive(Debug, Clone, Serialize)]
pub struct WorkingGroup {
    pub code: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub set_up_by_meeting: Option<i64>,
    pub set_up_on: String,
}

/// A working-group event.
#[derive(Debug, Clone, Serialize)]
pub struct WgEvent {
    pub wg_code: String,
    pub wg_name_ja: String,
    pub wg_name_en: Option<String>,
    pub meeting_number: Option<i64>,
    pub event_date: String,
    /// How much of the date the source gives.
    pub date_precision: String,
    pub kind: String,
    pub description_ja: String,
    pub description_en: Option<String>,
}

pub fn working_groups(
    conn: &Connection,
    at: &AsOf,
    since: Option<NaiveDate>,
) -> Result<Vec<WorkingGroup>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, name_ja, name_en, set_up_by_meeting, set_up_on FROM working_groups
         WHERE set_up_on <= ?1 AND set_up_on >= ?2 AND recorded_at <= ?3 ORDER BY set_up_on, id",
    )?;
    let since = since.map(|d| d.to_string()).unwrap_or_default();
    let rows = stmt.query_map(params![at.date_str(), since, at.known_at_str()], |r| {
        Ok(WorkingGroup {
            code: r.get(0)?,
            name_ja: r.get(1)?,
            name_en: r.get(2)?,
            set_up_by_meeting: r.get(3)?,
            set_up_on: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn wg_events(conn: &Connection, at: &AsOf, since: Option<NaiveDate>) -> Result<Vec<WgEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.code, w.name_ja, w.name_en, e.meeting_number, e.event_date, e.kind, e.description_ja, e.description_en, e.date_precision
         FROM wg_events e JOIN working_groups w ON w.id = e.wg_id
         WHERE e.event_date <= ?1 AND e.event_date >= ?2 AND e.recorded_at <= ?3 ORDER BY e.event_date, e.id",
    )?;
    let since = since.map(|d| d.to_string()).unwrap_or_default();
    let rows = stmt.query_map(params![at.date_str(), since, at.known_at_str()], |r| {
        Ok(WgEvent {
            wg_code: r.get(0)?,
            wg_name_ja: r.get(1)?,
            wg_name_en: r.get(2)?,
            meeting_number: r.get(3)?,
            event_date: r.get(4)?,
            kind: r.get(5)?,
            description_ja: r.get(6)?,
            description_en: r.get(7)?,
            date_precision: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a working group set up by a meeting.
/// A new working group.
#[derive(Debug, Clone, Copy)]
pub struct NewWorkingGroup<'a> {
    pub code: &'a str,
    pub name_ja: &'a str,
    pub name_en: Option<&'a str>,
    /// The meeting that set it up.
    pub meeting: Option<i64>,
    pub set_up_on: NaiveDate,
    pub source: Option<&'a str>,
}

pub fn add_working_group(
    conn: &Connection,
    wg: &NewWorkingGroup<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let NewWorkingGroup {
        code,
        name_ja,
        name_en,
        meeting,
        set_up_on,
        source,
    } = *wg;
    if conn
        .query_row(
            "SELECT 1 FROM working_groups WHERE code = ?1",
            [code],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        return Err(Error::Invalid(format!(
            "working group '{code}' already exists (see `tenkai wg list`)"
        )));
    }
    if let Some(m) = meeting {
        if conn
            .query_row("SELECT 1 FROM meetings WHERE number = ?1", [m], |_| Ok(()))
            .optional()?
            .is_none()
        {
            return Err(Error::Usage(format!(
                "meeting {m} does not exist; add it first with `tenkai meeting add`"
            )));
        }
    }
    conn.execute(
        "INSERT INTO working_groups (code, name_ja, name_en, set_up_by_meeting, set_up_on, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![code, name_ja, name_en, meeting, set_up_on.to_string(), ts(now), source],
    )?;
    Ok(())
}

//! Typed reads and writes: hubs, meetings, working groups, members, countries and the rest.
//!
//! Reads take an [`AsOf`]: the state at `as_of.date` as known at `as_of.known_at`. Writes append rows
//! stamped with `recorded_at`; nothing is updated in place.

use crate::dates::{ts, AsOf};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, params, Connection, OptionalExtension};
use serde::Serialize;

/// The statuses a hub can have, in their usual order.
pub const STATUSES: [&str; 5] = ["feasibility", "planned", "opened", "suspended", "closed"];

/// Japanese and English names of a status.
pub fn status_label(status: &str, lang: &str) -> &'static str {
    match (status, lang) {
        ("feasibility", "en") => "feasibility study",
        ("planned", "en") => "planned",
        ("opened", "en") => "open",
        ("suspended", "en") => "suspended",
        ("closed", "en") => "closed",
        ("feasibility", _) => "実行可能性調査中",
        ("planned", _) => "開業予定",
        ("opened", _) => "開業済み",
        ("suspended", _) => "休止中",
        ("closed", _) => "閉鎖",
        _ => "",
    }
}

/// The SQL expression for a hub's status row as it stood: latest by effective date, then by when recorded.
const STATUS_AT: &str = "SELECT s.id FROM hub_status s WHERE s.hub_id = h.id AND s.effective_date <= :as_of \
     AND s.recorded_at <= :known_at ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1";

/// A hub as it stood at a date.
#[derive(Debug, Clone, Serialize)]
pub struct Hub {
    pub code: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub country_iso: String,
    pub country_ja: String,
    pub country_en: String,
    pub priority_country: bool,
    pub kind: String,
    pub kind_ja: String,
    pub kind_en: String,
    pub operators_ja: Vec<String>,
    pub operators_en: Vec<String>,
    /// `None` when the hub had no status yet at the date.
    pub status: Option<String>,
    pub status_since: Option<String>,
    pub date_precision: Option<String>,
    pub expected_date: Option<String>,
    pub status_note: Option<String>,
    pub note: Option<String>,
}

/// Every hub known at `known_at`, with its status at the date (hubs with no status yet included).
pub fn hubs(conn: &Connection, at: &AsOf) -> Result<Vec<Hub>> {
    let sql = format!(
        "SELECT h.id, h.code, h.name_ja, h.name_en, h.country_iso, c.name_ja, c.name_en, c.is_priority, h.kind, k.name_ja, k.name_en,
                s.status, s.effective_date, s.date_precision, s.expected_date, s.note, h.note
         FROM hubs h JOIN countries c ON c.iso = h.country_iso JOIN hub_kinds k ON k.kind = h.kind
         LEFT JOIN hub_status s ON s.id = ({STATUS_AT})
         WHERE h.recorded_at <= :known_at
         ORDER BY h.code"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    // All operators in one pass (not a query per hub), in their order, keyed by hub.
    let mut operators: std::collections::HashMap<i64, (Vec<String>, Vec<String>)> =
        std::collections::HashMap::new();
    let mut ops = conn.prepare_cached(
        "SELECT x.hub_id, o.name_ja, coalesce(o.name_en, o.name_ja) FROM hub_operators x JOIN organisations o ON o.id = x.org_id
         ORDER BY x.hub_id, x.position",
    )?;
    for op in ops.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (hub, ja, en) = op?;
        let e = operators.entry(hub).or_default();
        e.0.push(ja);
        e.1.push(en);
    }
    let rows = stmt.query_map(
        named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()},
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Hub {
                    code: r.get(1)?,
                    name_ja: r.get(2)?,
                    name_en: r.get(3)?,
                    country_iso: r.get(4)?,
                    country_ja: r.get(5)?,
                    country_en: r.get(6)?,
                    priority_country: r.get::<_, i64>(7)? == 1,
                    kind: r.get(8)?,
                    kind_ja: r.get(9)?,
                    kind_en: r.get(10)?,
                    operators_ja: vec![],
                    operators_en: vec![],
                    status: r.get(11)?,
                    status_since: r.get(12)?,
                    date_precision: r.get(13)?,
                    expected_date: r.get(14)?,
                    status_note: r.get(15)?,
                    note: r.get(16)?,
                },
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut hub) = row?;
        if let Some((ja, en)) = operators.remove(&id) {
            hub.operators_ja = ja;
            hub.operators_en = en;
        }
        out.push(hub);
    }
    Ok(out)
}

/// Each hub's status at a date (the same rule as [`hubs`]), its country and whether that is a
/// priority country: what the report's counts need, without the rest of each hub.
pub fn hub_statuses(conn: &Connection, at: &AsOf) -> Result<Vec<(Option<String>, String, bool)>> {
    let sql = format!(
        "SELECT s.status, h.country_iso, c.is_priority
         FROM hubs h JOIN countries c ON c.iso = h.country_iso
         LEFT JOIN hub_status s ON s.id = ({STATUS_AT})
         WHERE h.recorded_at <= :known_at"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()},
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? == 1)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One row of a hub's status history.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub status: String,
    pub effective_date: String,
    pub date_precision: String,
    pub expected_date: Option<String>,
    pub note: Option<String>,
    pub recorded_at: String,
}

/// Finds a hub by code, or by Japanese name when that name is unique.
pub fn hub_id(conn: &Connection, key: &str) -> Result<i64> {
    if let Some(id) = conn
        .query_row("SELECT id FROM hubs WHERE code = ?1", [key], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let mut stmt = conn.prepare("SELECT id, code FROM hubs WHERE name_ja = ?1 OR name_en = ?1")?;
    let found: Vec<(i64, String)> = stmt
        .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(Error::Invalid(format!(
            "no hub has the code or name '{key}'. See the codes with `tenkai hub list`."
        ))),
        many => Err(Error::Invalid(format!(
            "'{key}' names {} hubs ({}); give the code instead.",
            many.len(),
            many.iter()
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A hub's whole status history as known at `known_at`, oldest first.
pub fn hub_history(
    conn: &Connection,
    hub: i64,
    known_at: DateTime<Utc>,
) -> Result<Vec<StatusChange>> {
    let mut stmt = conn.prepare(
        "SELECT status, effective_date, date_precision, expected_date, note, recorded_at FROM hub_status
         WHERE hub_id = ?1 AND recorded_at <= ?2 ORDER BY effective_date, recorded_at, id",
    )?;
    let rows = stmt.query_map(params![hub, ts(known_at)], |r| {
        Ok(StatusChange {
            status: r.get(0)?,
            effective_date: r.get(1)?,
            date_precision: r.get(2)?,
            expected_date: r.get(3)?,
            note: r.get(4)?,
            recorded_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A new hub.
#[derive(Debug, Clone, Default)]
pub struct NewHub {
    pub code: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub country: String,
    pub kind: String,
    pub operators: Vec<String>,
    pub status: String,
    pub effective_date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    pub note: Option<String>,
}

/// Checks a new hub against what exists; returns every problem, each with the field it is about.
pub fn check_new_hub(conn: &Connection, h: &NewHub) -> Result<Vec<(String, String)>> {
    let mut problems = Vec::new();
    if h.code.trim().is_empty() {
        problems.push((
            "code".into(),
            "is empty; give a unique code such as H29".into(),
        ));
    } else if conn
        .query_row("SELECT 1 FROM hubs WHERE code = ?1", [&h.code], |_| Ok(()))
        .optional()?
        .is_some()
    {
        problems.push(("code".into(), format!("hub {} already exists; choose another code, or use `tenkai hub set-status` to change it", h.code)));
    }
    if h.name_ja.trim().is_empty() {
        problems.push((
            "name_ja".into(),
            "is empty; every hub needs its Japanese name".into(),
        ));
    }
    if conn
        .query_row(
            "SELECT 1 FROM countries WHERE iso = ?1",
            [&h.country],
            |_| Ok(()),
        )
        .optional()?
        .is_none()
    {
        problems.push((
            "country".into(),
            format!("unknown country '{}'; use an ISO 3166 code from `tenkai country list`, or add it with `tenkai country add`", h.country),
        ));
    }
    if conn
        .query_row("SELECT 1 FROM hub_kinds WHERE kind = ?1", [&h.kind], |_| {
            Ok(())
        })
        .optional()?
        .is_none()
    {
        let kinds: Vec<String> = conn
            .prepare("SELECT kind FROM hub_kinds ORDER BY kind")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.push((
            "kind".into(),
            format!(
                "unknown kind '{}'; use one of: {}",
                h.kind,
                kinds.join(", ")
            ),
        ));
    }
    if !STATUSES.contains(&h.status.as_str()) {
        problems.push((
            "status".into(),
            format!(
                "unknown status '{}'; use one of: {}",
                h.status,
                STATUSES.join(", ")
            ),
        ));
    }
    Ok(problems)
}

/// Adds a hub with its operators and first status, in the caller's transaction.
pub fn add_hub(conn: &Connection, h: &NewHub, now: DateTime<Utc>) -> Result<()> {
    let problems = check_new_hub(conn, h)?;
    if !problems.is_empty() {
        return Err(Error::Invalid(
            problems
                .iter()
                .map(|(f, p)| format!("{f}: {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    let now = ts(now);
    conn.execute(
        "INSERT INTO hubs (code, name_ja, name_en, country_iso, kind, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![h.code, h.name_ja, h.name_en, h.country, h.kind, h.note, now],
    )?;
    let hub = conn.last_insert_rowid();
    for (i, op) in h.operators.iter().enumerate() {
        conn.execute(
            "INSERT OR IGNORE INTO organisations (name_ja) VALUES (?1)",
            [op],
        )?;
        conn.execute(
            "INSERT OR IGNORE INTO hub_operators (hub_id, org_id, position) SELECT ?1, id, ?2 FROM organisations WHERE name_ja = ?3",
            params![hub, i as i64 + 1, op],
        )?;
    }
    conn.execute(
        "INSERT INTO hub_status (hub_id, status, effective_date, expected_date, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![hub, h.status, h.effective_date.to_string(), h.expected_date.map(|d| d.to_string()), now],
    )?;
    Ok(())
}

/// Records a status change, or a correction of an earlier one (same effective date, recorded later).
pub fn set_hub_status(
    conn: &Connection,
    key: &str,
    status: &str,
    effective: NaiveDate,
    expected: Option<NaiveDate>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    if !STATUSES.contains(&status) {
        return Err(Error::Usage(format!(
            "unknown status '{status}'; use one of: {}",
            STATUSES.join(", ")
        )));
    }
    let hub = hub_id(conn, key)?;
    conn.execute(
        "INSERT INTO hub_status (hub_id, status, effective_date, expected_date, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![hub, status, effective.to_string(), expected.map(|d| d.to_string()), note, ts(now)],
    )?;
    Ok(conn.query_row("SELECT code FROM hubs WHERE id = ?1", [hub], |r| r.get(0))?)
}

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
        "INSERT INTO meetings (number, held_on, by_circulation, recorded_at) VALUES (?1, ?2, ?3, ?4)",
        params![number, held_on.to_string(), by_circulation as i64, ts(now)],
    )?;
    for (i, item) in agenda.iter().enumerate() {
        conn.execute(
            "INSERT INTO meeting_agenda (meeting_number, position, item_ja) VALUES (?1, ?2, ?3)",
            params![number, i as i64 + 1, item],
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
        "SELECT w.code, w.name_ja, w.name_en, e.meeting_number, e.event_date, e.kind, e.description_ja, e.description_en
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
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a working group set up by a meeting.
pub fn add_working_group(
    conn: &Connection,
    code: &str,
    name_ja: &str,
    name_en: Option<&str>,
    meeting: Option<i64>,
    set_up_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
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
            return Err(Error::Invalid(format!(
                "meeting {m} does not exist; add it first with `tenkai meeting add`"
            )));
        }
    }
    conn.execute(
        "INSERT INTO working_groups (code, name_ja, name_en, set_up_by_meeting, set_up_on, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![code, name_ja, name_en, meeting, set_up_on.to_string(), ts(now)],
    )?;
    Ok(())
}

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

pub fn record_members(
    conn: &Connection,
    platform: &str,
    members: i64,
    effective: NaiveDate,
    source: Option<&str>,
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
        return Err(Error::Invalid(format!("unknown platform '{platform}'; the platforms are listed by `tenkai sql \"SELECT * FROM platforms\"`")));
    }
    conn.execute(
        "INSERT INTO platform_members (platform, members, effective_date, source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![platform, members, effective.to_string(), source, ts(now)],
    )?;
    Ok(())
}

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

/// The query of [`agreement_count`] (`?2` the date, `?3` the moment known at), served by index
/// `agreement_counts_by_date` (migration 0004).
const AGREEMENT_COUNT: &str =
    "SELECT countries FROM agreement_counts WHERE kind = ?1 AND effective_date <= ?2 AND recorded_at <= ?3
     ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1";

/// The latest recorded count of agreement partner countries of a kind at the date.
pub fn agreement_count(conn: &Connection, kind: &str, at: &AsOf) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(AGREEMENT_COUNT)?
        .query_row(params![kind, at.date_str(), at.known_at_str()], |r| {
            r.get(0)
        })
        .optional()?)
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
        let agreements = plan(&store.conn, AGREEMENT_COUNT);
        assert!(!agreements.contains("SCAN"), "{agreements}");
        assert!(
            agreements.contains("agreement_counts_by_date"),
            "{agreements}"
        );
    }
}

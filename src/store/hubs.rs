//! Hubs: their attributes, partners and status history, read as of a date and as known at a
//! time, and written as new rows.

use super::accept::{Rules, Text};
use super::facts::{refusal_by_field, Problem};
use crate::dates::ts;
use crate::i18n::HubStatus;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

impl FromSql for HubStatus {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let code = v.as_str()?;
        HubStatus::from_code(code)
            .ok_or_else(|| FromSqlError::Other(format!("unknown hub status '{code}'").into()))
    }
}

impl ToSql for HubStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.code().into())
    }
}

/// The status a user typed: its code (`opened`), its Japanese name (開業済み) or its English
/// name, as the forms accept it; or an error that names the closest statuses and lists them.
pub fn parse_status(typed: &str) -> Result<HubStatus> {
    let codes: Vec<&str> = HubStatus::ALL.iter().map(|s| s.code()).collect();
    let list = super::codes::glossary_codes("status", &codes);
    let code = super::codes::resolve(&list, "status", typed).map_err(Error::Usage)?;
    HubStatus::from_code(&code).ok_or_else(|| Error::Usage(format!("unknown status '{typed}'")))
}

/// One row of a hub's status history.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub status: HubStatus,
    pub effective_date: String,
    pub date_precision: String,
    pub expected_date: Option<String>,
    pub note: Option<String>,
    pub recorded_at: String,
    pub source: Option<String>,
}

/// Finds a hub by code, or by a name it has (or had) when that name is one hub's. A key that
/// finds none is refused with the closest codes and names.
pub fn hub_id(conn: &Connection, key: &str) -> Result<i64> {
    if let Some(id) = conn
        .query_row("SELECT id FROM hubs WHERE code = ?1", [key], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let mut stmt = conn.prepare(
        "SELECT DISTINCT h.id, h.code FROM hub_name_history n JOIN hubs h ON h.id = n.hub_id
         WHERE n.name_ja = ?1 OR n.name_en = ?1 ORDER BY h.code",
    )?;
    let found: Vec<(i64, String)> = stmt
        .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(Error::Usage(unknown_hub(conn, key)?)),
        many => Err(Error::Usage(format!(
            "'{key}' names {} hubs ({}); give the code instead.",
            many.len(),
            many.iter()
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The message for a key that is no hub's code or name: the closest codes and names.
fn unknown_hub(conn: &Connection, key: &str) -> Result<String> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT h.code, n.name_ja FROM hubs h JOIN hub_name_history n ON n.hub_id = h.id ORDER BY h.code",
    )?;
    let hubs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let keys = hubs.iter().flat_map(|(c, n)| [c.as_str(), n.as_str()]);
    let near = super::names::nearest(key, keys, 5);
    let mut named: Vec<String> = Vec::new();
    for n in near {
        for (code, name) in hubs.iter().filter(|(c, m)| c == n || m == n) {
            let item = format!("{code} {name}");
            if !named.contains(&item) {
                named.push(item);
            }
        }
    }
    let closest = if named.is_empty() {
        String::new()
    } else {
        format!(" The closest: {}.", named.join("、"))
    };
    Ok(format!(
        "no hub has the code or name '{key}'.{closest} See the codes with `tenkai hub list`."
    ))
}

/// A hub's whole status history as known at `known_at`, oldest first.
pub fn hub_history(
    conn: &Connection,
    hub: i64,
    known_at: DateTime<Utc>,
) -> Result<Vec<StatusChange>> {
    let mut stmt = conn.prepare(
        "SELECT status, effective_date, date_precision, expected_date, note, recorded_at, source FROM hub_status
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
            source: r.get(6)?,
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
    pub partners: Vec<String>,
    /// The partners that are new organisations, to create (the others must be known).
    pub new_partners: Vec<String>,
    pub status: String,
    pub effective_date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    /// How much of the expected date the source gives (`day`, `month`, `year`, `fiscal_year`).
    pub expected_precision: Option<String>,
    pub note: Option<String>,
    /// How much of the date the source gives: day, month, year, fiscal_year or unknown.
    pub date_precision: String,
    /// Where the hub comes from: a document and page, a URL.
    pub source: Option<String>,
}

/// The date precisions a status may have (see `db/migrations/0007_truth_of_the_record.sql`).
pub const DATE_PRECISIONS: [&str; 5] = ["day", "month", "year", "fiscal_year", "unknown"];

/// Refuses a date precision other than [`DATE_PRECISIONS`].
pub fn check_precision(precision: &str) -> std::result::Result<(), String> {
    if DATE_PRECISIONS.contains(&precision) {
        Ok(())
    } else {
        Err(format!(
            "unknown date precision '{precision}'; use one of: {} (unknown: the source gives no date, and the date given is the latest by which it held)",
            DATE_PRECISIONS.join(", ")
        ))
    }
}

/// Checks a new hub against what exists; returns every problem, each with the field it is about.
pub fn check_new_hub(conn: &Connection, h: &NewHub, rules: &Rules<'_>) -> Result<Vec<Problem>> {
    Ok(checked_hub(conn, h, rules)?.0)
}

/// Problems, each with the field it is about.
type Problems = Vec<Problem>;

/// [`check_new_hub`], with the partners found (when all are).
fn checked_hub(
    conn: &Connection,
    h: &NewHub,
    rules: &Rules<'_>,
) -> Result<(Problems, Vec<super::organisations::Partner>)> {
    let mut problems = Vec::new();
    let mut text = |field: &str, value: &str, kind: Text| {
        if let Err(why) = rules.text(value, kind) {
            problems.push(Problem::bad(field, why));
        }
    };
    text("code", &h.code, Text::Code);
    text("name_ja", &h.name_ja, Text::Name);
    text("name_en", h.name_en.as_deref().unwrap_or(""), Text::Name);
    for op in &h.partners {
        text("partners", op, Text::Name);
    }
    text("note", h.note.as_deref().unwrap_or(""), Text::Note);
    text("source", h.source.as_deref().unwrap_or(""), Text::Note);
    if let Err(why) = check_precision(&h.date_precision) {
        problems.push(Problem::bad("date_precision", why));
    }
    let dates = rules.status_dates(h.effective_date, h.expected_date);
    problems.extend(dates.into_iter().map(|(f, m)| Problem::refused(f, m)));
    problems.extend(code_problems(conn, h)?);
    problems.extend(country_kind_problems(conn, h)?);
    if let Err(e) = parse_status(&h.status) {
        problems.push(Problem::bad("status", e.to_string()));
    }
    let partners = match super::organisations::resolve_partners(conn, &h.partners, &h.new_partners)?
    {
        Ok(found) => found,
        Err(found) => {
            problems.extend(found.into_iter().map(|p| Problem::bad("partners", p)));
            Vec::new()
        }
    };
    Ok((problems, partners))
}

/// The hub ("H01 (北斗画像診断センター)") that has or had the Japanese name, written as given.
fn named_so(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(NAMED_SO)?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Two lookups by name (indexed by migration 0021), not one `OR`, which would scan every hub:
/// it runs once per row of a bulk import.
const NAMED_SO: &str = "SELECT h.code || ' (' || h.name_ja || ')' FROM hubs h
     WHERE h.id IN (SELECT id FROM hubs WHERE name_ja = ?1
                    UNION SELECT hub_id FROM hub_changes WHERE name_ja = ?1)
     ORDER BY h.code LIMIT 1";

/// The problems of a new hub's code (empty, or taken whatever its case) and name (empty).
fn code_problems(conn: &Connection, h: &NewHub) -> Result<Problems> {
    let mut problems = Vec::new();
    let existing: Option<String> = conn
        .query_row(
            "SELECT code FROM hubs WHERE code = ?1 COLLATE NOCASE",
            [&h.code],
            |r| r.get(0),
        )
        .optional()?;
    if h.code.trim().is_empty() {
        problems.push(Problem::bad(
            "code",
            "is empty; give a unique code such as H29",
        ));
    } else if let Some(why) = code_shape(&h.code) {
        problems.push(Problem::bad("code", why));
    } else if let Some(code) = existing {
        let case = if code == h.code {
            String::new()
        } else {
            format!(" as {code} (codes are the same whatever their case)")
        };
        problems.push(Problem::refused("code", format!("hub {} already exists{case}; choose another code, or use `tenkai hub set-status` to change it", h.code)));
    }
    if h.name_ja.trim().is_empty() {
        problems.push(Problem::bad(
            "name_ja",
            "is empty; every hub needs its Japanese name",
        ));
    } else if let Some(other) = named_so(conn, h.name_ja.trim())? {
        problems.push(Problem::refused("name_ja", format!("'{}' is the name of hub {other}; two hubs cannot have the same name (as `tenkai hub change` holds too): choose another name, or, if it is that hub, record its status with `tenkai hub set-status`", h.name_ja.trim())));
    }
    Ok(problems)
}

/// Why a new hub's code cannot be one: a code is typed in commands, forms and file names, so it
/// is short and made of ASCII letters, digits, `-` and `_` (H29, VN-03).
fn code_shape(code: &str) -> Option<String> {
    let bad: Vec<char> = code
        .chars()
        .filter(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        .collect();
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().map(|c| format!("'{c}'")).collect();
        return Some(format!(
            "'{code}' has {}; a code is made of ASCII letters, digits, '-' and '_', such as H29",
            shown.join(", ")
        ));
    }
    (code.len() > 16)
        .then(|| format!("'{code}' is longer than 16 characters; give a short code such as H29"))
}

/// The problems of a new hub's country and kind: each must be known.
fn country_kind_problems(conn: &Connection, h: &NewHub) -> Result<Problems> {
    let mut problems = Vec::new();
    if conn
        .query_row(
            "SELECT 1 FROM countries WHERE iso = ?1",
            [&h.country],
            |_| Ok(()),
        )
        .optional()?
        .is_none()
    {
        problems.push(Problem::bad(
            "country",
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
        problems.push(Problem::bad(
            "kind",
            format!(
                "unknown kind '{}'; use one of: {}",
                h.kind,
                kinds.join(", ")
            ),
        ));
    }
    Ok(problems)
}

/// Adds a hub with its partners and first status, in the caller's transaction.
pub fn add_hub(conn: &Connection, h: &NewHub, rules: &Rules<'_>, now: DateTime<Utc>) -> Result<()> {
    let (problems, partners) = checked_hub(conn, h, rules)?;
    if !problems.is_empty() {
        return Err(refusal_by_field(&problems));
    }
    let now = ts(now);
    conn.execute(
        "INSERT INTO hubs (code, name_ja, name_en, country_iso, kind, note, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![h.code, h.name_ja, h.name_en, h.country, h.kind, h.note, now, h.source],
    )?;
    let hub = conn.last_insert_rowid();
    // A partner named twice is added once.
    let mut added = Vec::new();
    for p in &partners {
        let org = super::organisations::partner_id(conn, p, h.source.as_deref())?;
        if !added.contains(&org) {
            added.push(org);
            conn.execute(
                "INSERT INTO hub_partners (hub_id, org_id, position, source) VALUES (?1, ?2, ?3, ?4)",
                params![hub, org, added.len() as i64, h.source],
            )?;
        }
    }
    conn.execute(
        "INSERT INTO hub_status (hub_id, status, effective_date, date_precision, expected_date, expected_precision, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![hub, parse_status(&h.status)?, h.effective_date.to_string(), h.date_precision, h.expected_date.map(|d| d.to_string()), h.expected_date.and(h.expected_precision.as_deref()), now, h.source],
    )?;
    Ok(())
}

/// A status change as a user gives it.
#[derive(Debug, Clone, Copy)]
pub struct NewStatus<'a> {
    pub status: &'a str,
    pub effective: NaiveDate,
    pub expected: Option<NaiveDate>,
    /// How much of the expected date the source gives (`day`, `month`, `year`, `fiscal_year`).
    pub expected_precision: Option<&'a str>,
    pub note: Option<&'a str>,
    /// How much of the date the source gives (see [`DATE_PRECISIONS`]).
    pub precision: &'a str,
    pub source: Option<&'a str>,
}

/// Records a status change, or a correction of an earlier one (same effective date, recorded later).
pub fn set_hub_status(
    conn: &Connection,
    key: &str,
    change: &NewStatus<'_>,
    rules: &Rules<'_>,
    now: DateTime<Utc>,
) -> Result<String> {
    let NewStatus {
        status,
        effective,
        expected,
        expected_precision,
        note,
        precision,
        source,
    } = *change;
    let status = parse_status(status)?;
    let hub = hub_id(conn, key)?;
    let dates = rules.status_dates(effective, expected);
    let mut problems: Problems = dates
        .into_iter()
        .map(|(f, m)| Problem::refused(f, m))
        .collect();
    if let Err(why) = rules.text(note.unwrap_or(""), Text::Note) {
        problems.push(Problem::bad("note", why));
    }
    if let Err(why) = rules.text(source.unwrap_or(""), Text::Note) {
        problems.push(Problem::bad("source", why));
    }
    if let Err(why) = check_precision(precision) {
        problems.push(Problem::bad("precision", why));
    }
    if matches!(status, HubStatus::Suspended | HubStatus::Closed) {
        let opened: Option<String> = conn.query_row(
            "SELECT min(effective_date) FROM hub_status WHERE hub_id = ?1 AND status = 'opened'",
            [hub],
            |r| r.get(0),
        )?;
        if let Some(opened) = opened.filter(|o| o.as_str() > effective.to_string().as_str()) {
            problems.push(Problem::refused(
                "date",
                format!("{effective} is before the hub opened ({opened}); a hub cannot be {} before it opens", status.code()),
            ));
        }
    }
    if let Some(why) = status_rule(conn, hub, status, effective)? {
        problems.push(Problem::refused("status", why));
    }
    // A date before the hub began is refused, except for its first status itself: that corrects
    // when the hub began.
    let first: Option<HubStatus> = conn
        .query_row(
            "SELECT status FROM hub_status WHERE hub_id = ?1 AND date_precision <> 'unknown'
             ORDER BY effective_date, recorded_at DESC, id DESC LIMIT 1",
            [hub],
            |r| r.get(0),
        )
        .optional()?;
    if first != Some(status) {
        if let Err(e) =
            super::hub_changes::check_after_began(conn, hub, &hub_code(conn, hub)?, effective)
        {
            problems.push(Problem::refused("date", e.to_string()));
        }
    }
    if !problems.is_empty() {
        return Err(refusal_by_field(&problems));
    }
    let code = hub_code(conn, hub)?;
    refuse_repeated_status(conn, hub, &code, status, change)?;
    conn.execute(
        "INSERT INTO hub_status (hub_id, status, effective_date, date_precision, expected_date, expected_precision, note, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![hub, status, effective.to_string(), precision, expected.map(|d| d.to_string()), expected.and(expected_precision), note, ts(now), source],
    )?;
    Ok(code)
}

/// Refuses a status row that repeats one recorded, value for value (see
/// [`super::history::refuse_repeat`]).
fn refuse_repeated_status(
    conn: &Connection,
    hub: i64,
    code: &str,
    status: HubStatus,
    c: &NewStatus<'_>,
) -> Result<()> {
    let cols = [
        "hub_id",
        "status",
        "effective_date",
        "date_precision",
        "expected_date",
        "expected_precision",
        "note",
        "source",
    ];
    let (date, expected) = (c.effective.to_string(), c.expected.map(|d| d.to_string()));
    let expected_precision = c.expected.and(c.expected_precision);
    let row: [&dyn rusqlite::ToSql; 8] = [
        &hub,
        &status,
        &date,
        &c.precision,
        &expected,
        &expected_precision,
        &c.note,
        &c.source,
    ];
    let what = format!("the status {} of hub {code} from {date}", status.code());
    super::history::refuse_repeat(conn, "hub_status", &cols, &row, &what)
}

/// The one rule for a status change. A correction (dated on or before the hub's latest status)
/// may set any status. A change dated after it may leave `opened` only for `suspended` or
/// `closed`. Returns why a change breaks the rule.
pub fn status_rule(
    conn: &Connection,
    hub: i64,
    status: HubStatus,
    effective: NaiveDate,
) -> Result<Option<String>> {
    let latest: Option<(HubStatus, String)> = conn
        .query_row(
            "SELECT status, effective_date FROM hub_status WHERE hub_id = ?1
             ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1",
            [hub],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((was, since)) = latest else {
        return Ok(None);
    };
    if let Some(why) = super::hub_changes::successor_rule(conn, hub, status, effective)? {
        return Ok(Some(why));
    }
    let later = effective.to_string() > since;
    let allowed = matches!(
        status,
        HubStatus::Opened | HubStatus::Suspended | HubStatus::Closed
    );
    if !later || was != HubStatus::Opened || allowed {
        return Ok(None);
    }
    Ok(Some(format!(
        "the hub has been {} since {since}, and a change dated after that ({effective}) may take an open hub only to suspended or closed, not back to {}. \
         If the hub was never open, record a correction dated on or before {since} (any status may be set then); if it is suspended or closed, say so",
        was.code(),
        status.code()
    )))
}

/// A hub's code, from its id.
pub fn hub_code(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn.query_row("SELECT code FROM hubs WHERE id = ?1", [id], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_hubs_name_is_looked_up_by_index_never_by_scanning_the_hubs() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.sqlite"), crate::store::Seed::No)
            .unwrap();
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {NAMED_SO}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(["名"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(!plan.iter().any(|l| l.starts_with("SCAN")), "{plan:#?}");
        assert!(
            plan.iter().any(|l| l.contains("INDEX hubs_by_name_ja")),
            "{plan:#?}"
        );
    }
}

//! The targets' tables: targets and their milestones, withdrawals and staff assessments, the
//! indicators, the metrics' definitions and the narratives. Every statement on them is here; the
//! `targets` module computes progress, trajectories and ratings from what these return. (The
//! metrics' own SQL, which users write, runs in `targets::metrics`.)

use crate::dates::ts;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension};
use serde::Serialize;

/// A target definition.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub name: String,
    pub metric: String,
    pub title_ja: String,
    pub title_en: String,
    pub baseline_value: f64,
    pub baseline_date: NaiveDate,
    pub target_value: f64,
    pub deadline: NaiveDate,
    pub direction: String,
    pub tolerance: f64,
    /// The sentence of the source that sets the target, and its English translation.
    pub source_ja: String,
    pub source_en: Option<String>,
    /// How the sentence is read (baseline, deadline), in each language.
    pub note_ja: Option<String>,
    pub note_en: Option<String>,
    /// Where the sentence is: `tf2018-03 L49-51` (a document and its lines), or a user's reference.
    pub source: Option<String>,
    pub milestones: Vec<Milestone>,
}

/// An interim milestone.
#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    pub due_date: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
}

fn parse_stored_date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The targets known at `known_at` and not withdrawn by then, with their milestones.
pub fn targets(conn: &Connection, known_at: &str) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare(
        "SELECT name, metric, title_ja, title_en, baseline_value, baseline_date, target_value, deadline, direction, tolerance,
                source_ja, source_en, note_ja, note_en, source
         FROM targets t WHERE recorded_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM target_withdrawals w WHERE w.target = t.name AND w.recorded_at <= ?1)
         ORDER BY rowid",
    )?;
    let mut ms = conn.prepare("SELECT due_date, value, note FROM target_milestones WHERE target = ?1 AND recorded_at <= ?2 ORDER BY due_date, id")?;
    let list: Vec<Target> = stmt
        .query_map([known_at], |r| {
            Ok(Target {
                name: r.get(0)?,
                metric: r.get(1)?,
                title_ja: r.get(2)?,
                title_en: r.get(3)?,
                baseline_value: r.get(4)?,
                baseline_date: parse_stored_date(r.get(5)?)?,
                target_value: r.get(6)?,
                deadline: parse_stored_date(r.get(7)?)?,
                direction: r.get(8)?,
                tolerance: r.get(9)?,
                source_ja: r.get(10)?,
                source_en: r.get(11)?,
                note_ja: r.get(12)?,
                note_en: r.get(13)?,
                source: r.get(14)?,
                milestones: vec![],
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(list.len());
    for mut t in list {
        t.milestones = ms
            .query_map(params![t.name, known_at], |r| {
                Ok(Milestone {
                    due_date: parse_stored_date(r.get(0)?)?,
                    value: r.get(1)?,
                    note: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(t);
    }
    Ok(out)
}

/// A staff assessment of a target for a period.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub period: String,
    pub rating: String,
    pub comment: String,
    pub recorded_at: String,
}

pub fn latest_assessment(
    conn: &Connection,
    target: &str,
    period: &str,
    known_at: &str,
) -> Result<Option<Assessment>> {
    Ok(conn
        .prepare_cached(
            "SELECT period, rating, comment, recorded_at FROM target_assessments
             WHERE target = :t AND period = :p AND recorded_at <= :k ORDER BY recorded_at DESC, id DESC LIMIT 1",
        )?
        .query_row(
            named_params! {":t": target, ":p": period, ":k": known_at},
            |r| Ok(Assessment { period: r.get(0)?, rating: r.get(1)?, comment: r.get(2)?, recorded_at: r.get(3)? }),
        )
        .optional()?)
}

/// Whether a target exists, and if withdrawn, why: `None` for no such target, `Some(None)` for
/// one in force, `Some(Some(reason))` for one withdrawn.
pub fn withdrawal(conn: &Connection, name: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row(
            "SELECT (SELECT reason_en FROM target_withdrawals w WHERE w.target = t.name ORDER BY recorded_at DESC LIMIT 1)
             FROM targets t WHERE t.name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records a staff assessment of a target for a period.
pub fn insert_assessment(
    conn: &Connection,
    target: &str,
    period: &str,
    rating: &str,
    comment: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO target_assessments (target, period, rating, comment, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![target, period, rating, comment, ts(now)],
    )?;
    Ok(())
}

/// An interim milestone as a user gives it.
#[derive(Debug, Clone, Copy)]
pub struct NewMilestone<'a> {
    pub due: NaiveDate,
    pub value: f64,
    pub note: Option<&'a str>,
    /// Where it comes from.
    pub source: Option<&'a str>,
}

/// Records an interim milestone of a target.
pub fn insert_milestone(
    conn: &Connection,
    target: &str,
    m: &NewMilestone<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO target_milestones (target, due_date, value, note, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![target, m.due.to_string(), m.value, m.note, ts(now), m.source],
    )?;
    Ok(())
}

/// An indicator definition.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub name: String,
    pub metric: String,
    pub title_ja: String,
    pub title_en: String,
    pub note_ja: Option<String>,
    pub note_en: Option<String>,
    /// Where the measure comes from: `tf2018-03 L49-51`, or a user's reference.
    pub source: Option<String>,
}

/// The indicators known at `known_at`.
pub fn indicators(conn: &Connection, known_at: &str) -> Result<Vec<Indicator>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, metric, title_ja, title_en, note_ja, note_en, source FROM indicators
         WHERE recorded_at <= ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([known_at], |r| {
        Ok(Indicator {
            name: r.get(0)?,
            metric: r.get(1)?,
            title_ja: r.get(2)?,
            title_en: r.get(3)?,
            note_ja: r.get(4)?,
            note_en: r.get(5)?,
            source: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A metric definition.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: String,
    pub title_ja: String,
    pub title_en: String,
    pub unit_ja: String,
    pub unit_en: String,
    pub sql: String,
    pub builtin: bool,
    /// Where a source document states the figure this metric computes (`tf2018-03 L130`).
    pub source: Option<String>,
}

/// A row of `SELECT {METRIC_COLUMNS} FROM metrics`.
fn metric_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Metric> {
    Ok(Metric {
        name: r.get(0)?,
        title_ja: r.get(1)?,
        title_en: r.get(2)?,
        unit_ja: r.get(3)?,
        unit_en: r.get(4)?,
        sql: r.get(5)?,
        builtin: r.get::<_, i64>(6)? == 1,
        source: r.get(7)?,
    })
}

const METRIC_COLUMNS: &str = "name, title_ja, title_en, unit_ja, unit_en, sql, builtin, source";

/// Every metric, the built-in ones first.
pub fn metrics(conn: &Connection) -> Result<Vec<Metric>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {METRIC_COLUMNS} FROM metrics ORDER BY builtin DESC, name"
    ))?;
    let rows = stmt.query_map([], metric_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One metric by name.
pub fn metric(conn: &Connection, name: &str) -> Result<Metric> {
    conn.prepare_cached(&format!(
        "SELECT {METRIC_COLUMNS} FROM metrics WHERE name = ?1"
    ))?
    .query_row([name], metric_row)
    .optional()?
    .ok_or_else(|| {
        Error::Invalid(format!(
            "no metric named '{name}'; see `tenkai metric list`"
        ))
    })
}

/// Whether a metric of that name exists.
pub fn metric_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM metrics WHERE name = ?1")?
        .exists([name])?)
}

/// Records a user's metric (its SQL checked by the caller).
pub fn insert_metric(
    conn: &Connection,
    name: &str,
    title: (&str, &str),
    sql: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO metrics (name, title_ja, title_en, sql, builtin, recorded_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![name, title.0, title.1, sql, ts(now)],
    )?;
    Ok(())
}

/// Records a version of a narrative section.
pub fn insert_narrative(
    conn: &Connection,
    period: &str,
    section: &str,
    lang: &str,
    body: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO narratives (period, section, lang, body, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![period, section, lang, body, ts(now)],
    )?;
    Ok(())
}

/// The latest text of a narrative section, as known at `known_at`.
pub fn narrative(
    conn: &Connection,
    period: &str,
    section: &str,
    lang: &str,
    known_at: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT body FROM narratives WHERE period = ?1 AND section = ?2 AND lang = ?3 AND recorded_at <= ?4 ORDER BY recorded_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![period, section, lang, known_at], |r| r.get(0))
        .optional()?)
}

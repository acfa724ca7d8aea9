//! Metrics: named read-only queries that give one number for a date as known at a moment.

use crate::dates::ts;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::Connection;

pub use crate::store::targets::{metric, metrics, Metric};

/// Binds a metric query's `:as_of` and `:known_at`, refusing any other parameter.
fn bind_moment(stmt: &mut rusqlite::Statement<'_>, date: NaiveDate, known_at: &str) -> Result<()> {
    for i in 1..=stmt.parameter_count() {
        match stmt.parameter_name(i) {
            Some(":as_of") => stmt.raw_bind_parameter(i, date.to_string())?,
            Some(":known_at") => stmt.raw_bind_parameter(i, known_at)?,
            other => {
                return Err(Error::Usage(format!(
                    "a metric query may use only :as_of and :known_at, not {}",
                    other.unwrap_or("?")
                )))
            }
        }
    }
    Ok(())
}

/// Runs `f` (the metrics' queries of a listing) under a time limit: SQLite asks every few
/// thousand steps, and a query still running at the limit is stopped, with a message that says
/// so (`what` names the metric or the listing). A report's render has its own limit
/// (`limits.seconds`); this is for the commands that list metrics' values.
pub fn within<T>(
    conn: &mut Connection,
    limit: std::time::Duration,
    what: &str,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let deadline = std::time::Instant::now() + limit;
    conn.progress_handler(4096, Some(move || std::time::Instant::now() > deadline))?;
    let result = f(conn);
    conn.progress_handler(0, None::<fn() -> bool>)?;
    match result {
        Err(crate::Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
            if e.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            Err(crate::Error::Invalid(format!(
                "{what}: its query ran past the limit of {limit:?} and was stopped. Look for a query that never ends at this date (a recursive CTE without a bound): `tenkai sql \"SELECT name, sql FROM metrics\"` shows them; or raise --timeout"
            )))
        }
        other => other,
    }
}

/// The metric's value at a date, or `None` when it has none (no data yet).
pub fn metric_value(
    conn: &Connection,
    sql: &str,
    date: NaiveDate,
    known_at: &str,
) -> Result<Option<f64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    bind_moment(&mut stmt, date, known_at)?;
    let mut rows = stmt.raw_query();
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    Ok(match row.get_ref(0)? {
        rusqlite::types::ValueRef::Integer(i) => Some(i as f64),
        rusqlite::types::ValueRef::Real(f) => Some(f),
        rusqlite::types::ValueRef::Null => None,
        rusqlite::types::ValueRef::Text(t) => {
            std::str::from_utf8(t).ok().and_then(|s| s.parse().ok())
        }
        rusqlite::types::ValueRef::Blob(_) => None,
    })
}

/// A metric as a user gives it.
pub struct NewMetric<'a> {
    pub name: &'a str,
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub sql: &'a str,
    /// Whether SQL that names neither `:as_of` nor `:known_at` is meant (a constant).
    pub timeless: bool,
    /// The limit on the trial run.
    pub timeout: std::time::Duration,
}

/// Adds a user metric after checking that its SQL is read-only, reads the record at a moment
/// (`:as_of`, `:known_at`), and returns one value within its time.
pub fn add_metric(
    store: &crate::store::Store,
    m: &NewMetric<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let NewMetric {
        name,
        title_ja,
        title_en,
        sql,
        ..
    } = *m;
    if name.is_empty()
        || !name.starts_with(|c: char| c.is_ascii_lowercase())
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Error::Usage(format!("'{name}' is not a metric name: use lower-case letters, digits and _, starting with a letter")));
    }
    if crate::store::targets::metric_exists(&store.conn, name)? {
        return Err(Error::Invalid(format!("metric '{name}' already exists")));
    }
    // One guarded, read-only prepare: refused writes, one column, then a trial run for today.
    let (conn, refusal) =
        crate::store::guard::open(&store.path, crate::store::guard::Mode::ReadOnly)?;
    let mut stmt =
        crate::store::guard::prepare(&conn, &refusal, sql, crate::store::guard::Mode::ReadOnly)?;
    if stmt.column_count() != 1 {
        return Err(Error::Invalid(format!(
            "a metric's query must return one column (one number); this one returns {}",
            stmt.column_count()
        )));
    }
    let names: Vec<String> = (1..=stmt.parameter_count())
        .filter_map(|i| stmt.parameter_name(i).map(str::to_string))
        .collect();
    if !m.timeless && !names.iter().any(|n| n == ":as_of" || n == ":known_at") {
        return Err(Error::Usage(
            "the metric's SQL uses neither :as_of nor :known_at, so it would give today's value in a report of any date or as known at any time. Filter by them (effective_date <= :as_of AND recorded_at <= :known_at), or pass --timeless for a constant.".into(),
        ));
    }
    bind_moment(&mut stmt, crate::dates::today(), &ts(now))?;
    let dog = crate::store::guard::Watchdog::start(&conn, m.timeout);
    let n = count_number_rows(&mut stmt, sql);
    if dog.stop() {
        return Err(Error::Invalid(format!(
            "the metric's SQL was stopped at its time limit of {:?}; make it cheaper, or raise --timeout",
            m.timeout
        )));
    }
    let n = n?;
    if n != 1 {
        return Err(Error::Invalid(format!(
            "a metric's query must return exactly one row; this one returned {n}"
        )));
    }
    crate::store::targets::insert_metric(&store.conn, name, (title_ja, title_en), sql, now)
}

/// Runs a metric's query and counts its rows, refusing a row that is text rather than a number.
fn count_number_rows(stmt: &mut rusqlite::Statement<'_>, sql: &str) -> Result<usize> {
    let mut n = 0;
    let mut rows = stmt.raw_query();
    while let Some(row) = rows
        .next()
        .map_err(|e| crate::store::guard::explain(e, sql))?
    {
        n += 1;
        match row.get_ref(0)? {
            rusqlite::types::ValueRef::Text(_) | rusqlite::types::ValueRef::Blob(_) => {
                return Err(Error::Invalid(
                    "a metric's query must return a number, not text".into(),
                ))
            }
            rusqlite::types::ValueRef::Real(v) if !v.is_finite() => {
                return Err(Error::Invalid(format!(
                    "a metric's query must return a finite number; this one returns {v} (a value past the largest number, or a division that overflows): check its arithmetic"
                )))
            }
            _ => {}
        }
    }
    Ok(n)
}

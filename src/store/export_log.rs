//! The export log (`export_log`): one row per export, written when it starts ('running') and
//! finished as 'ok' (with its size and hash) or 'failed' (with the error). Every statement on the
//! table lives here, so that its meaning (what counts as sent, as a scheduled export, as a failure
//! to back off from) is written once.

use crate::cell::Cell;
use rusqlite::{params, Connection, OptionalExtension, Result};

/// What an export is of: the report, period, format and language.
#[derive(Debug, Clone, Copy)]
pub struct Key<'a> {
    pub report: &'a str,
    pub period: &'a str,
    pub format: &'a str,
    pub lang: &'a str,
}

/// An export as it starts.
#[derive(Debug, Clone, Copy)]
pub struct Start<'a> {
    pub key: Key<'a>,
    /// Where it goes: a file, or `-` for standard output.
    pub path: &'a str,
    /// What the export was rendered as known at.
    pub known_at: &'a str,
    pub started_at: &'a str,
    /// `render` or `schedule`.
    pub origin: &'a str,
    /// `send` (to the definition's own output path) or `check` (anywhere else).
    pub kind: &'a str,
}

/// Logs an export as started ('running'), and gives its id.
pub fn start(conn: &Connection, s: &Start<'_>) -> Result<i64> {
    let k = s.key;
    conn.execute(
        "INSERT INTO export_log (report, period, format, lang, path, status, known_at, started_at, origin, kind) VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6, ?7, ?8, ?9)",
        params![k.report, k.period, k.format, k.lang, s.path, s.known_at, s.started_at, s.origin, s.kind],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Finishes a started export as written: its size and SHA-256. A row already finished (by an
/// interrupt) stays as it was.
pub fn finish_ok(
    conn: &Connection,
    id: i64,
    bytes: i64,
    sha256: &str,
    finished_at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE export_log SET status = 'ok', bytes = ?2, sha256 = ?3, finished_at = ?4 WHERE id = ?1 AND status = 'running'",
        params![id, bytes, sha256, finished_at],
    )?;
    Ok(())
}

/// Finishes a started export as failed, with the error. A row already finished stays as it was.
pub fn finish_failed(conn: &Connection, id: i64, error: &str, finished_at: &str) -> Result<()> {
    conn.execute(
        "UPDATE export_log SET status = 'failed', error = ?2, finished_at = ?3 WHERE id = ?1 AND status = 'running'",
        params![id, error, finished_at],
    )?;
    Ok(())
}

/// Logs a scheduled export that failed before it could start (no path), at `at`.
pub fn scheduled_failure(conn: &Connection, key: &Key<'_>, error: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO export_log (report, period, format, lang, path, status, error, known_at, started_at, finished_at, origin)
         VALUES (?1, ?2, ?3, ?4, '', 'failed', ?5, ?6, ?6, ?6, 'schedule')",
        params![key.report, key.period, key.format, key.lang, error, at],
    )?;
    Ok(())
}

/// Logs a scheduled export whose process died: its `running` row failed, or a new failed row
/// when it had not started one.
pub fn scheduled_stopped(conn: &Connection, key: &Key<'_>, error: &str, at: &str) -> Result<()> {
    if fail_running(conn, key, error, at)? == 0 {
        scheduled_failure(conn, key, error, at)?;
    }
    Ok(())
}

/// Finishes the scheduler's 'running' row of an export as failed, and gives how many it finished
/// (0 or 1).
pub fn fail_running(conn: &Connection, key: &Key<'_>, error: &str, at: &str) -> Result<usize> {
    conn.execute(
        "UPDATE export_log SET status = 'failed', error = ?5, finished_at = ?6
         WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'running' AND origin = 'schedule'",
        params![key.report, key.period, key.format, key.lang, error, at],
    )
}

/// The id of the newest row, 0 for none: a mark to find the rows written after it.
pub fn newest_id(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) FROM export_log", [], |r| {
        r.get(0)
    })
}

/// Whether an export of `key` was logged (started) after the row `after` (see [`newest_id`]).
pub fn started_after(conn: &Connection, key: &Key<'_>, after: i64) -> Result<bool> {
    conn.prepare_cached(
        "SELECT 1 FROM export_log WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND id > ?5",
    )?
    .exists(params![key.report, key.period, key.format, key.lang, after])
}

/// The scheduler's export of `key` logged 'ok' after the row `after` (see [`newest_id`]): its
/// path, size and SHA-256. What an export's process wrote and logged before it was stopped, and
/// had no time to report.
pub fn scheduled_ok_after(
    conn: &Connection,
    key: &Key<'_>,
    after: i64,
) -> Result<Option<(String, i64, String)>> {
    conn.query_row(
        "SELECT path, bytes, sha256 FROM export_log
         WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'ok'
           AND origin = 'schedule' AND id > ?5 ORDER BY id DESC LIMIT 1",
        params![key.report, key.period, key.format, key.lang, after],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Marks the scheduler's exports still 'running' as failed `interrupted:` (the runner was stopped
/// before they finished), and gives how many there were.
pub fn interrupt_running(conn: &Connection) -> Result<usize> {
    conn.execute(
        "UPDATE export_log SET status = 'failed', error = 'interrupted: the runner stopped before this export finished', finished_at = started_at
         WHERE status = 'running' AND origin = 'schedule'",
        [],
    )
}

/// Whether any export names one of these paths.
pub fn names_path(conn: &Connection, given: &str, absolute: &str) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM export_log WHERE path IN (?1, ?2) LIMIT 1")?
        .exists(params![given, absolute])
}

/// Whether this was sent: an ok export to the definition's own output path (kind 'send'), by the
/// scheduler or by hand, started at `from` or later (the period's last day: a file rendered
/// before then holds the data of an earlier day). A check (`--out` elsewhere, standard output)
/// does not count.
pub fn sent_done(conn: &Connection, key: &Key<'_>, from: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM export_log WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'ok' AND kind = 'send' AND started_at >= ?5 LIMIT 1",
            params![key.report, key.period, key.format, key.lang, from],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The newest send of this export (ok, to the definition's own output path), wherever its file
/// was written: a send is of its report, period, language and format, not of a folder.
pub fn newest_send(conn: &Connection, key: &Key<'_>) -> Result<Option<ExportedFile>> {
    conn.query_row(
        "SELECT id, report, period, lang, format, coalesce(known_at, ''), coalesce(sha256, ''), path
         FROM export_log WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'ok' AND kind = 'send'
           AND path NOT IN ('', '-') ORDER BY id DESC LIMIT 1",
        params![key.report, key.period, key.format, key.lang],
        exported_file,
    )
    .optional()
}

/// The scheduler's failures of this export that count for the back-off (not the interrupted
/// ones), and the time of the last.
pub fn scheduled_failures(conn: &Connection, key: &Key<'_>) -> Result<(i64, Option<String>)> {
    conn.query_row(
        "SELECT count(*), max(coalesce(finished_at, started_at)) FROM export_log
         WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'failed' AND origin = 'schedule'
           AND error NOT LIKE 'interrupted:%'",
        params![key.report, key.period, key.format, key.lang],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The last send of a report, by the scheduler or by hand: when it finished, and its period.
pub fn last_send(conn: &Connection, report: &str) -> Result<(Option<String>, Option<String>)> {
    Ok(conn
        .query_row(
            "SELECT finished_at, period FROM export_log WHERE report = ?1 AND status = 'ok' AND kind = 'send' ORDER BY finished_at DESC, id DESC LIMIT 1",
            [report],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((None, None)))
}

/// A successful export that wrote a file: what it was of, where, and the file's hash and size.
#[derive(Debug, Clone)]
pub struct LoggedFile {
    pub id: i64,
    pub report: String,
    pub period: String,
    pub lang: String,
    pub format: String,
    pub kind: String,
    pub path: String,
    pub sha256: String,
    pub bytes: i64,
}

/// Every successful export that wrote a file (standard output left out), every version, by id.
pub fn logged_files(conn: &Connection) -> Result<Vec<LoggedFile>> {
    let mut stmt = conn.prepare(
        "SELECT id, report, period, lang, format, kind, path, coalesce(sha256, ''), coalesce(bytes, 0)
         FROM export_log WHERE status = 'ok' AND path NOT IN ('', '-') ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(LoggedFile {
            id: r.get(0)?,
            report: r.get(1)?,
            period: r.get(2)?,
            lang: r.get(3)?,
            format: r.get(4)?,
            kind: r.get(5)?,
            path: r.get(6)?,
            sha256: r.get(7)?,
            bytes: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// One export in a replacement: its id and what it was of (report, period, language, format).
#[derive(Debug, Clone)]
pub struct Export {
    pub id: i64,
    pub what: String,
}

/// A successful export whose file a later export of something else replaced.
#[derive(Debug, Clone)]
pub struct Replaced {
    pub path: String,
    pub export: Export,
    pub by: Export,
}

/// Every successful export whose file the next successful export of another report, period,
/// language or format to the same path replaced, by path and id.
pub fn replaced(conn: &Connection) -> Result<Vec<Replaced>> {
    let mut stmt = conn.prepare(
        "SELECT e.path, e.id, e.report, e.period, e.lang, e.format,
                l.id, l.report, l.period, l.lang, l.format
         FROM export_log e JOIN export_log l ON l.id = (
             SELECT min(x.id) FROM export_log x
             WHERE x.path = e.path AND x.id > e.id AND x.status = 'ok'
               AND (x.report, x.period, x.lang, x.format) IS NOT (e.report, e.period, e.lang, e.format))
         WHERE e.status = 'ok' AND e.path NOT IN ('', '-')
         ORDER BY e.path, e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let export = |k: usize| -> Result<Export> {
            Ok(Export {
                id: r.get(k)?,
                what: format!(
                    "{} {} {} {}",
                    r.get::<_, String>(k + 1)?,
                    r.get::<_, String>(k + 2)?,
                    r.get::<_, String>(k + 3)?,
                    r.get::<_, String>(k + 4)?
                ),
            })
        };
        Ok(Replaced {
            path: r.get(0)?,
            export: export(1)?,
            by: export(6)?,
        })
    })?;
    rows.collect()
}

/// A successful export as a correction sheet starts from it (id 0 with empty fields: a moment,
/// no export). What it is of (report, period, language) is not part of its JSON.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Sent {
    pub id: i64,
    pub format: String,
    pub path: String,
    pub sha256: Option<String>,
    pub finished_at: Option<String>,
    /// What the sent file was rendered as known at.
    pub known_at: String,
    #[serde(skip)]
    pub report: String,
    #[serde(skip)]
    pub period: String,
    #[serde(skip)]
    pub lang: String,
    /// `send` or `check` (see [`Start::kind`]).
    #[serde(skip)]
    pub kind: String,
    /// The path as a reader of a correction sheet is shown it (relative to the database's
    /// folder when the file lies under it); empty until the sheet's maker fills it.
    #[serde(skip)]
    pub shown: String,
}

const SENT: &str = "id, format, path, sha256, finished_at, known_at, report, period, lang, kind";

fn sent_row(r: &rusqlite::Row<'_>) -> Result<Sent> {
    Ok(Sent {
        id: r.get(0)?,
        format: r.get(1)?,
        path: r.get(2)?,
        sha256: r.get(3)?,
        finished_at: r.get(4)?,
        known_at: r.get(5)?,
        report: r.get(6)?,
        period: r.get(7)?,
        lang: r.get(8)?,
        kind: r.get(9)?,
        shown: String::new(),
    })
}

/// The successful export with this id, if there is one.
pub fn sent_by_id(conn: &Connection, id: i64) -> Result<Option<Sent>> {
    conn.query_row(
        &format!("SELECT {SENT} FROM export_log WHERE id = ?1 AND status = 'ok'"),
        [id],
        sent_row,
    )
    .optional()
}

/// Every send of a report, period and language (ok, to the definition's own output path, any
/// format), oldest first.
pub fn sends(conn: &Connection, report: &str, period: &str, lang: &str) -> Result<Vec<Sent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SENT} FROM export_log WHERE report = ?1 AND period = ?2 AND lang = ?3 AND status = 'ok' AND kind = 'send'
         ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![report, period, lang], sent_row)?;
    rows.collect()
}

/// Every report, period and language sent at least once, in order.
pub fn sent_reports(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT report, period, lang FROM export_log WHERE status = 'ok' AND kind = 'send' ORDER BY report, period, lang",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// The log as `schedule log` lists it, of one report or of all: the column names and the rows.
pub fn listing(conn: &Connection, report: Option<&str>) -> Result<(Vec<String>, Vec<Vec<Cell>>)> {
    super::log_listing(
        conn,
        "SELECT id, report, period, format, lang, status, path, bytes, sha256, error, known_at, started_at, finished_at, origin, kind
         FROM export_log WHERE ?1 IS NULL OR report = ?1 ORDER BY id",
        report,
    )
}

/// An export as the output rule sees it: which report, period, language and format it was, what
/// it knew, and the file it wrote.
#[derive(Debug, Clone)]
pub struct ExportedFile {
    pub id: i64,
    pub report: String,
    pub period: String,
    pub lang: String,
    pub format: String,
    pub known_at: String,
    pub sha256: String,
    pub path: String,
}

/// The exports of `status` whose logged path ends with the file name `name`, newest first
/// (`interrupted` asks for the failures that the runner logged as interrupted). A database without
/// an export log has none.
pub fn by_file_name(conn: &Connection, name: &str, status: &str) -> Result<Vec<ExportedFile>> {
    let has_log = conn
        .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'export_log'")?
        .exists([])?;
    if !has_log {
        return Ok(vec![]);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, report, period, lang, format, coalesce(known_at, ''), coalesce(sha256, ''), path
         FROM export_log WHERE (status = ?2 OR (?2 = 'interrupted' AND status = 'failed' AND error LIKE 'interrupted:%'))
           AND substr(path, -length(?1)) = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![name, status], exported_file)?;
    rows.collect()
}

fn exported_file(r: &rusqlite::Row<'_>) -> Result<ExportedFile> {
    Ok(ExportedFile {
        id: r.get(0)?,
        report: r.get(1)?,
        period: r.get(2)?,
        lang: r.get(3)?,
        format: r.get(4)?,
        known_at: r.get(5)?,
        sha256: r.get(6)?,
        path: r.get(7)?,
    })
}

/// The latest second up to which a logged export showed the record (its known-at, or its start
/// when earlier), if any export was logged: a history row written in that second must come after
/// it (see [`crate::store::history::write_time`]).
pub fn latest_seen(conn: &Connection) -> Result<Option<String>> {
    conn.query_row(
        "SELECT max(min(known_at, started_at)) FROM export_log",
        [],
        |r| r.get(0),
    )
}

/// The latest moment a logged export was made as known at, if any export was logged: a send made
/// as known at a row stamped ahead of the clock is known at that row's second, and a row written
/// after it goes later still (see [`crate::store::history::write_time`]).
pub fn latest_known(conn: &Connection) -> Result<Option<String>> {
    conn.query_row("SELECT max(known_at) FROM export_log", [], |r| r.get(0))
}

/// Where a report's schedule starts, as recorded by its first `schedule run` (or moved back by
/// `--from`), if it was ever scheduled.
pub fn schedule_start(conn: &Connection, report: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT first_period FROM schedule_start WHERE report = ?1",
        [report],
        |r| r.get(0),
    )
    .optional()
}

/// Records where a report's schedule starts.
pub fn set_schedule_start(conn: &Connection, report: &str, period: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO schedule_start (report, first_period, set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (report) DO UPDATE SET first_period = excluded.first_period, set_at = excluded.set_at",
        params![report, period, at],
    )?;
    Ok(())
}

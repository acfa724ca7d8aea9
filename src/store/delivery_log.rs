//! The delivery log (`delivery_log`, with the files each attempt carries in
//! `delivery_attachment`): append-only, one row per attempt ('sending') and one per status change
//! after it ('ok', 'failed', 'unknown'). Every statement on the two tables lives here, so that what
//! counts as delivered, as a failure to back off from and as undecided is written once.

use crate::cell::Cell;
use rusqlite::{params, Connection, OptionalExtension, Result};

/// What a delivery is of: the report, period, channel and purpose (`report` or `correction`).
#[derive(Debug, Clone, Copy)]
pub struct Key<'a> {
    pub report: &'a str,
    pub period: &'a str,
    pub channel: &'a str,
    pub purpose: &'a str,
}

/// A file a delivery carries: the export it was (none for an errata sheet made for a notice),
/// the name it is sent or written under, where it was read from, its size and SHA-256.
#[derive(Debug, Clone, serde::Serialize)]
pub struct File {
    pub export_id: Option<i64>,
    pub name: String,
    pub path: String,
    pub bytes: i64,
    pub sha256: String,
}

/// An attempt as it is logged: its key, the channel's kind (`mail` or `folder`), the recipients
/// (or folder), the Message-ID (or the paths written) and the files.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub key: Key<'a>,
    pub kind: &'a str,
    pub recipients: &'a str,
    pub message_id: &'a str,
    pub files: &'a [File],
    pub at: &'a str,
}

/// Logs an attempt as 'sending', with its files, and gives its id. The row is committed with
/// `synchronous = FULL` whatever the connection's setting, so that it is on disk before the
/// network step: a power cut after the send cannot then turn into a silent resend.
pub fn start(conn: &Connection, a: &Attempt<'_>) -> Result<i64> {
    insert(conn, a, "sending", None, true)
}

/// Logs a delivery that failed before any attempt (an attachment over the limit, a missing
/// password): one 'failed' row with the files it would have carried.
pub fn failed_before(conn: &Connection, a: &Attempt<'_>, error: &str) -> Result<i64> {
    insert(conn, a, "failed", Some(error), false)
}

fn insert(
    conn: &Connection,
    a: &Attempt<'_>,
    status: &str,
    error: Option<&str>,
    full_sync: bool,
) -> Result<i64> {
    let before: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    if full_sync {
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    let written = (|| {
        let tx = conn.unchecked_transaction()?;
        let k = a.key;
        tx.execute(
            "INSERT INTO delivery_log (report, period, channel, kind, purpose, recipients, message_id, status, error, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![k.report, k.period, k.channel, a.kind, k.purpose, a.recipients, a.message_id, status, error, a.at],
        )?;
        let id = tx.last_insert_rowid();
        for f in a.files {
            tx.execute(
                "INSERT INTO delivery_attachment (delivery_id, export_id, name, path, bytes, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, f.export_id, f.name, f.path, f.bytes, f.sha256],
            )?;
        }
        tx.commit()?;
        Ok(id)
    })();
    if full_sync {
        conn.pragma_update(None, "synchronous", before)?;
    }
    written
}

/// Logs what became of an attempt: 'ok' (with the Message-ID the server took, or the paths
/// written), 'failed' with the error, or 'unknown'.
pub fn finish(
    conn: &Connection,
    attempt: i64,
    status: &str,
    message_id: Option<&str>,
    error: Option<&str>,
    at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO delivery_log (attempt, report, period, channel, kind, purpose, recipients, message_id, status, error, at)
         SELECT id, report, period, channel, kind, purpose, recipients, coalesce(?2, message_id), ?3, ?4, ?5
         FROM delivery_log WHERE id = ?1",
        params![attempt, message_id, status, error, at],
    )?;
    Ok(())
}

/// Where a delivery stands: its newest row, and the failures since it last succeeded or was
/// left undecided (what the back-off counts), with the time of the last.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// The newest row's id and status.
    pub latest: Option<(i64, String)>,
    /// Every attempt made so far.
    pub attempts: i64,
    pub failures: i64,
    pub last_failure: Option<String>,
}

pub fn state(conn: &Connection, k: &Key<'_>) -> Result<State> {
    let latest = conn
        .query_row(
            "SELECT id, status FROM delivery_log WHERE report = ?1 AND period = ?2 AND channel = ?3 AND purpose = ?4
             ORDER BY id DESC LIMIT 1",
            params![k.report, k.period, k.channel, k.purpose],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let attempts = conn.query_row(
        "SELECT count(*) FROM delivery_log WHERE report = ?1 AND period = ?2 AND channel = ?3 AND purpose = ?4 AND status = 'sending'",
        params![k.report, k.period, k.channel, k.purpose],
        |r| r.get(0),
    )?;
    let (failures, last_failure) = conn.query_row(
        "SELECT count(*), max(at) FROM delivery_log d
         WHERE report = ?1 AND period = ?2 AND channel = ?3 AND purpose = ?4 AND status = 'failed'
           AND id > coalesce((SELECT max(id) FROM delivery_log WHERE report = d.report AND period = d.period
                               AND channel = d.channel AND purpose = d.purpose AND status IN ('ok', 'unknown')), 0)",
        params![k.report, k.period, k.channel, k.purpose],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(State {
        latest,
        attempts,
        failures,
        last_failure,
    })
}

/// Gives every attempt still 'sending' (its process was killed between the network step and its
/// log) an 'unknown' row, and returns their ids. Called by a runner that holds the lock, so no
/// attempt is in flight.
pub fn settle_interrupted(conn: &Connection, at: &str) -> Result<Vec<i64>> {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT s.id FROM delivery_log s WHERE s.status = 'sending'
             AND NOT EXISTS (SELECT 1 FROM delivery_log x WHERE x.attempt = s.id) ORDER BY s.id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_>>()?;
    for id in &ids {
        finish(
            conn,
            *id,
            "unknown",
            None,
            Some(&format!("the process stopped between the network step and its log: the message may or may not have been delivered, so it is not resent on its own. Ask the recipients, then run `tenkai schedule deliver --resend {id}` to send it again, or `--settle {id}` if it arrived")),
            at,
        )?;
    }
    Ok(ids)
}

/// A logged delivery row, as `verify` and `--resend` read it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub id: i64,
    /// The attempt it reports on (itself for a 'sending' row or a failure before any attempt).
    pub attempt: i64,
    pub report: String,
    pub period: String,
    pub channel: String,
    pub kind: String,
    pub purpose: String,
    pub recipients: String,
    pub message_id: Option<String>,
    pub status: String,
    pub error: Option<String>,
    pub at: String,
}

const ROW: &str =
    "id, coalesce(attempt, id), report, period, channel, kind, purpose, recipients, message_id, status, error, at";

fn row(r: &rusqlite::Row<'_>) -> Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        attempt: r.get(1)?,
        report: r.get(2)?,
        period: r.get(3)?,
        channel: r.get(4)?,
        kind: r.get(5)?,
        purpose: r.get(6)?,
        recipients: r.get(7)?,
        message_id: r.get(8)?,
        status: r.get(9)?,
        error: r.get(10)?,
        at: r.get(11)?,
    })
}

/// The row with this id, if there is one.
pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Row>> {
    conn.query_row(
        &format!("SELECT {ROW} FROM delivery_log WHERE id = ?1"),
        [id],
        row,
    )
    .optional()
}

/// Every delivery whose newest row is 'unknown': undecided, listed by `schedule verify` until a
/// resend or a settlement decides it.
pub fn undecided(conn: &Connection) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW} FROM delivery_log d WHERE status = 'unknown' AND id = (
             SELECT max(id) FROM delivery_log x WHERE x.report = d.report AND x.period = d.period
               AND x.channel = d.channel AND x.purpose = d.purpose)
         ORDER BY id"
    ))?;
    let rows = stmt.query_map([], row)?;
    rows.collect()
}

/// The files an attempt carried, in order.
pub fn files(conn: &Connection, attempt: i64) -> Result<Vec<File>> {
    let mut stmt = conn.prepare(
        "SELECT export_id, name, path, bytes, sha256 FROM delivery_attachment WHERE delivery_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([attempt], |r| {
        Ok(File {
            export_id: r.get(0)?,
            name: r.get(1)?,
            path: r.get(2)?,
            bytes: r.get(3)?,
            sha256: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The log as `schedule log --deliveries` lists it, of one report or of all: the column names and
/// the rows, each with the export ids its attempt carried.
pub fn listing(conn: &Connection, report: Option<&str>) -> Result<(Vec<String>, Vec<Vec<Cell>>)> {
    super::log_listing(
        conn,
        "SELECT d.id, coalesce(d.attempt, d.id) AS attempt, d.report, d.period, d.channel, d.kind, d.purpose, d.status,
                d.recipients, d.message_id,
                (SELECT group_concat(coalesce(a.export_id, '-'), ',') FROM delivery_attachment a
                 WHERE a.delivery_id = coalesce(d.attempt, d.id)) AS exports,
                d.error, d.at
         FROM delivery_log d WHERE ?1 IS NULL OR d.report = ?1 ORDER BY d.id",
        report,
    )
}

/// Where a channel's deliveries start (see [`set_start`]), if a run has found it.
pub fn start_of(conn: &Connection, report: &str, channel: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT first_period FROM delivery_start WHERE report = ?1 AND channel = ?2",
        params![report, channel],
        |r| r.get(0),
    )
    .optional()
}

/// Records where a channel's deliveries start: the newest period due when a run first found it.
pub fn set_start(
    conn: &Connection,
    report: &str,
    channel: &str,
    period: &str,
    at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO delivery_start (report, channel, first_period, set_at) VALUES (?1, ?2, ?3, ?4)",
        params![report, channel, period, at],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        // The export log the attachments refer to, as far as they need it.
        conn.execute_batch("CREATE TABLE export_log (id INTEGER PRIMARY KEY);")
            .unwrap();
        conn.execute_batch(include_str!("../../db/migrations/0014_delivery_log.sql"))
            .unwrap();
        conn
    }

    const KEY: Key<'static> = Key {
        report: "quarterly",
        period: "FY2017Q4",
        channel: "office",
        purpose: "report",
    };

    fn attempt(files: &[File]) -> Attempt<'_> {
        Attempt {
            key: KEY,
            kind: "mail",
            recipients: "To: a@example.jp",
            message_id: "<m@example.jp>",
            files,
            at: "2018-04-10T00:00:00Z",
        }
    }

    #[test]
    fn a_status_change_is_a_new_row_and_rows_never_change() {
        let conn = db();
        let id = start(&conn, &attempt(&[])).unwrap();
        finish(
            &conn,
            id,
            "failed",
            None,
            Some("refused"),
            "2018-04-10T00:01:00Z",
        )
        .unwrap();
        let s = state(&conn, &KEY).unwrap();
        assert_eq!(s.latest.as_ref().unwrap().1, "failed");
        assert_eq!(s.failures, 1);
        assert!(conn
            .execute("UPDATE delivery_log SET status = 'ok'", [])
            .is_err());
        assert!(conn.execute("DELETE FROM delivery_log", []).is_err());
        let id2 = start(&conn, &attempt(&[])).unwrap();
        finish(&conn, id2, "ok", None, None, "2018-04-10T00:10:00Z").unwrap();
        let s = state(&conn, &KEY).unwrap();
        assert_eq!((s.latest.unwrap().1.as_str(), s.failures), ("ok", 0));
    }

    #[test]
    fn an_attempt_left_sending_becomes_unknown_once_and_is_undecided() {
        let conn = db();
        let files = [File {
            export_id: None,
            name: "a.pdf".into(),
            path: "a.pdf".into(),
            bytes: 3,
            sha256: "00".into(),
        }];
        let id = start(&conn, &attempt(&files)).unwrap();
        assert_eq!(settle_interrupted(&conn, "t").unwrap(), vec![id]);
        assert!(settle_interrupted(&conn, "t").unwrap().is_empty());
        let u = undecided(&conn).unwrap();
        assert_eq!((u.len(), u[0].attempt), (1, id));
        assert_eq!(super::files(&conn, id).unwrap().len(), 1);
        // A resend that succeeds decides it.
        let again = start(&conn, &attempt(&files)).unwrap();
        finish(&conn, again, "ok", None, None, "t").unwrap();
        assert!(undecided(&conn).unwrap().is_empty());
    }
}

//! The history is written by tenkai alone: what keeps `recorded_at` the time of the write.
//!
//! Every table with a `recorded_at` column is a history table. Migration 0010 gives that column
//! the default `tenkai_now()`, an application function that [`connect`] registers on every
//! connection tenkai opens (it returns [`crate::dates::now`], so the test clock applies), and
//! adds triggers that hold for any SQLite tool:
//! - a new row's `recorded_at` is a timestamp, no later than `tenkai_now()` and no earlier than
//!   the newest row of its table (a tool without `tenkai_now()` cannot insert at all);
//! - a new row goes after every row already there (its row id is the largest);
//! - an insert whose key is already recorded is refused before SQLite resolves the conflict, so
//!   `REPLACE` cannot delete a row even where `recursive_triggers` is off.
//!
//! `tenkai sql --write` also refuses, before anything runs ([`check_write`]), a statement that
//! names `recorded_at` (or gives every column by leaving out the column list) and any conflict
//! clause: `OR REPLACE`, `REPLACE INTO`, `OR IGNORE` and the rest, and `ON CONFLICT` upserts.
//! [`misrecorded`] finds rows written around these rules, for `schedule verify`.

use crate::{Error, Result};
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

/// Registers `tenkai_now()` (the time of the write) and turns `recursive_triggers` on, so that
/// the rows a REPLACE deletes meet the append-only triggers. Every connection tenkai opens.
pub fn connect(conn: &Connection) -> Result<()> {
    register_clock(conn, None)
}

/// As [`connect`], with `tenkai_now()` fixed at `at`: one statement's rows all get the same time.
pub fn connect_at(conn: &Connection, at: &str) -> Result<()> {
    register_clock(conn, Some(at.to_string()))
}

fn register_clock(conn: &Connection, fixed: Option<String>) -> Result<()> {
    // Innocuous: the triggers and column defaults of the schema may call it.
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS;
    let (seen, known) = (latest_seen(conn), latest_known(conn));
    conn.create_scalar_function("tenkai_now", 0, flags, move |_| {
        if let Some(e) = clock_behind(seen.as_deref()) {
            return Err(rusqlite::Error::UserFunctionError(e.into()));
        }
        Ok(fixed.clone().unwrap_or_else(|| stamp(known.as_deref())))
    })?;
    conn.pragma_update(None, "recursive_triggers", "ON")?;
    Ok(())
}

/// Why nothing can be recorded now, when the clock is behind the export log: an export showed
/// the record up to a later second than now, and a row recorded now would count as known to it
/// (a machine's clock stepped back, or another machine with a slower clock on a shared
/// database). Asked by `tenkai_now()` before any row is written.
fn clock_behind(latest_seen: Option<&str>) -> Option<String> {
    let now = crate::dates::ts(crate::dates::now());
    let seen = latest_seen.filter(|seen| *seen > now.as_str())?;
    Some(format!(
        "{}: the clock says {now}, but an export in the export log showed the record as of {seen}, later. Check the machine's clock (or TENKAI_NOW) and try again; nothing was written",
        crate::error::CLOCK_BEHIND
    ))
}

/// Why nothing can be recorded on this connection now, if the clock is behind the export log
/// (see [`clock_behind`]): for a command that writes many rows to say once, before any row.
pub fn clock_fault(conn: &Connection) -> Option<String> {
    clock_behind(latest_seen(conn).as_deref())
}

/// The time a write made now records (`recorded_at`): the clock, in whole seconds, or the second
/// after the latest moment a logged export showed the record as known at, when that is this very
/// second or later (`latest_known`, read when the connection opened: a send as known now is made
/// as known at the newest row, which may be a second ahead, see [`known_now`]). `recorded_at`
/// has whole seconds and reads take `recorded_at <= known_at`, so a correction written in the
/// same second as an export would
/// otherwise count as known to it: a re-render at the sent known-at would show it, and the 正誤表
/// would not list it. Stamped a second later, it comes after that export, and the order is exact.
fn stamp(latest_known: Option<&str>) -> String {
    crate::dates::ts(instant(latest_known))
}

fn instant(latest_known: Option<&str>) -> chrono::DateTime<chrono::Utc> {
    let now = crate::dates::now();
    let known = latest_known.and_then(|k| crate::dates::parse_instant(k).ok());
    match known {
        Some(k) if k.timestamp() >= now.timestamp() => k + chrono::Duration::seconds(1),
        _ => now,
    }
}

/// The export log's latest second up to which an export showed the record (see
/// [`clock_behind`]); none before the log exists.
fn latest_seen(conn: &Connection) -> Option<String> {
    crate::store::export_log::latest_seen(conn).ok().flatten()
}

/// The latest moment an export was made as known at (see [`stamp`]); none before the log exists.
fn latest_known(conn: &Connection) -> Option<String> {
    crate::store::export_log::latest_known(conn).ok().flatten()
}

/// The moment a history write records now (see [`stamp`]): what the commands that record a fact
/// pass as its time.
pub fn write_instant(conn: &Connection) -> chrono::DateTime<chrono::Utc> {
    instant(latest_known(conn).as_deref())
}

/// The time a write on this connection records now: see [`stamp`].
pub fn write_time(conn: &Connection) -> String {
    stamp(latest_known(conn).as_deref())
}

/// Refuses a row that repeats one already in `table` value for value (`cols` compared with
/// `IS`, so that two empty values are the same): an append-only record that took it would list
/// the fact twice. `what` names the fact in the message.
pub fn refuse_repeat(
    conn: &Connection,
    table: &str,
    cols: &[&str],
    values: &[&dyn rusqlite::ToSql],
    what: &str,
) -> Result<()> {
    let wheres: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} IS ?{}", i + 1))
        .collect();
    let sql = format!(
        "SELECT 1 FROM {table} WHERE {} LIMIT 1",
        wheres.join(" AND ")
    );
    if conn.prepare_cached(&sql)?.exists(values)? {
        return Err(Error::Invalid(format!(
            "{what} is already recorded, with the same values; recording it again would list it twice. A correction is a row that differs (another date, value or source); see what is recorded with `tenkai sql \"SELECT * FROM {table}\"`"
        )));
    }
    Ok(())
}

/// "Now" for a read of the record as it stands: the clock, or the newest `recorded_at` when a
/// row was stamped ahead of it (a write in the second of a logged export is stamped the next
/// second, see [`stamp`]), so that a command sees what the command before it wrote.
pub fn known_now(conn: &Connection) -> Result<chrono::DateTime<chrono::Utc>> {
    Ok(recorded_span(conn)?.known_now())
}

/// The oldest and the newest `recorded_at` of the history tables, read in one sweep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    /// The oldest: before it the database knew nothing, and a report as known then would show
    /// unknowns as zeros.
    pub earliest: Option<String>,
    /// The newest: what "the record as it stands" includes, which can be a second ahead of the
    /// clock (see [`write_time`]).
    pub latest: Option<String>,
}

impl Span {
    /// See [`known_now`].
    pub fn known_now(&self) -> chrono::DateTime<chrono::Utc> {
        let now = crate::dates::now();
        self.latest
            .as_deref()
            .and_then(|t| crate::dates::parse_instant(t).ok())
            .map_or(now, |t| t.max(now))
    }
}

/// The oldest `recorded_at` of any history table, if there is a row (see [`Span::earliest`]).
pub fn earliest_recorded(conn: &Connection) -> Result<Option<String>> {
    Ok(recorded_span(conn)?.earliest)
}

/// The oldest and newest `recorded_at` over every history table, in one statement: each table is
/// read once, and the schema and the read lock are taken once, not once per table.
pub fn recorded_span(conn: &Connection) -> Result<Span> {
    let tables = tables(conn)?;
    if tables.is_empty() {
        return Ok(Span::default());
    }
    let each: Vec<String> = tables
        .iter()
        .map(|t| {
            let t = t.replace('"', "\"\"");
            format!("SELECT min(recorded_at) AS lo, max(recorded_at) AS hi FROM \"{t}\"")
        })
        .collect();
    let sql = format!(
        "SELECT min(lo), max(hi) FROM ({})",
        each.join(" UNION ALL ")
    );
    Ok(conn.query_row(&sql, [], |r| {
        Ok(Span {
            earliest: r.get(0)?,
            latest: r.get(1)?,
        })
    })?)
}

/// The history tables: every table with a `recorded_at` column, by name. Only the tables whose
/// definition contains `recorded_at` are asked for their columns (a column added or renamed
/// later is written into the definition too).
pub fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.name FROM sqlite_master m
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
           AND instr(m.sql, 'recorded_at') > 0
           AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'recorded_at')
         ORDER BY m.name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// A history row whose `recorded_at` is not the time of its write: earlier than a row before it
/// (written back-dated), or later than now (written ahead). Either was written around tenkai.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misrecorded {
    pub table: String,
    pub rowid: i64,
    /// What is wrong, in a sentence.
    pub problem: String,
}

/// Every history row recorded earlier than a row with a smaller row id, or later than `now`.
pub fn misrecorded(conn: &Connection, now: &str) -> Result<Vec<Misrecorded>> {
    // A row written in the second of an export (or later than the moment an export was made as
    // known at) is stamped the second after it (see [`stamp`]): that second is the time of its
    // write, not ahead of it.
    let known = latest_known(conn).and_then(|k| crate::dates::parse_instant(&k).ok());
    let limit = match (known, crate::dates::parse_instant(now)) {
        (Some(k), Ok(t)) if k >= t => crate::dates::ts(k + chrono::Duration::seconds(1)),
        _ => now.to_string(),
    };
    let mut found = Vec::new();
    for table in tables(conn)? {
        let sql = format!(
            "SELECT rid, recorded_at,
                    (SELECT p.rowid FROM \"{table}\" p WHERE p.rowid < x.rid AND p.recorded_at = x.before_at
                     ORDER BY p.rowid LIMIT 1),
                    before_at
             FROM (SELECT rowid AS rid, recorded_at,
                          max(recorded_at) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_at
                   FROM \"{table}\") x
             WHERE recorded_at < before_at OR recorded_at > ?1 ORDER BY rid"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([&limit], |r| {
            let (rowid, at) = (r.get::<_, i64>(0)?, r.get::<_, String>(1)?);
            let problem = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<String>>(3)?) {
                (Some(before), Some(before_at)) if at < before_at => format!(
                    "recorded_at {at} is earlier than row {before}'s {before_at}: out of order with its row id, so the row was written back-dated (a report re-rendered at a known-at between the two times no longer shows what was sent)"
                ),
                _ => format!(
                    "recorded_at {at} is later than now ({now}): the row was written ahead of its time"
                ),
            };
            Ok(Misrecorded {
                table: table.clone(),
                rowid,
                problem,
            })
        })?;
        for row in rows {
            found.push(row?);
        }
    }
    Ok(found)
}

/// One token of a SQL statement, as far as [`check_write`] needs: a word (a keyword or a bare
/// name), a quoted name, a string literal, or one other character.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Literal,
    Char(char),
}

impl Token {
    fn is(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
    }
    /// A name, bare or quoted.
    fn name(&self) -> Option<&str> {
        match self {
            Token::Word(w) | Token::Quoted(w) => Some(w),
            _ => None,
        }
    }
}

/// Splits SQL into tokens, leaving out spaces and comments.
fn tokens(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && next == Some('-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if let Some(close) = match c {
            '\'' => Some('\''),
            '"' => Some('"'),
            '`' => Some('`'),
            '[' => Some(']'),
            _ => None,
        } {
            let mut text = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == close {
                    // A doubled quote stands for itself (not inside [brackets]).
                    if close != ']' && chars.get(i + 1) == Some(&close) {
                        text.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            out.push(if c == '\'' {
                Token::Literal
            } else {
                Token::Quoted(text)
            });
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Token::Char(c));
            i += 1;
        }
    }
    out
}

const CONFLICT_ACTIONS: [&str; 5] = ["REPLACE", "IGNORE", "ROLLBACK", "ABORT", "FAIL"];

/// Refuses, in a statement for `tenkai sql --write`, what would write the history other than
/// as tenkai writes it: a conflict clause on any table, and a value for `recorded_at`.
pub fn check_write(conn: &Connection, sql: &str) -> Result<()> {
    let toks = tokens(sql);
    for (i, t) in toks.iter().enumerate() {
        let next = toks.get(i + 1);
        let conflict =
            if t.is("OR") && i > 0 && (toks[i - 1].is("INSERT") || toks[i - 1].is("UPDATE")) {
                next.and_then(|n| CONFLICT_ACTIONS.iter().find(|a| n.is(a)))
                    .map(|a| format!("OR {a}"))
            } else if t.is("REPLACE") && next.is_some_and(|n| n.is("INTO")) {
                Some("REPLACE INTO".to_string())
            } else if t.is("ON") && next.is_some_and(|n| n.is("CONFLICT")) {
                Some("ON CONFLICT (an upsert)".to_string())
            } else {
                None
            };
        if let Some(clause) = conflict {
            return Err(Error::Invalid(format!(
                "refused: the conflict clause {clause}. The record is append-only: `tenkai sql --write` adds new rows with a plain INSERT, and a row already recorded is never replaced, skipped over or updated. A correction is a new row."
            )));
        }
    }
    let Some((table, columns)) = insert_target(&toks) else {
        return Ok(());
    };
    if !tables(conn)?.iter().any(|t| t.eq_ignore_ascii_case(&table)) {
        return Ok(());
    }
    match columns {
        Some(cols) if cols.iter().any(|c| c.eq_ignore_ascii_case("recorded_at")) => {
            Err(Error::Invalid(format!(
                "refused: the INSERT into {table} names recorded_at. tenkai fills recorded_at with the time of the write, so that a report sent earlier can be made again as it was: leave the column out of the list."
            )))
        }
        Some(_) => Ok(()),
        None => Err(Error::Invalid(format!(
            "refused: the INSERT into {table} has no column list, so it gives recorded_at a value. tenkai fills recorded_at with the time of the write: name the columns, leaving recorded_at out."
        ))),
    }
}

/// The table an INSERT writes into, and its column list (`None` when it has none and gives
/// every column; an empty list for DEFAULT VALUES).
fn insert_target(toks: &[Token]) -> Option<(String, Option<Vec<String>>)> {
    let mut depth = 0i32;
    let mut start = None;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::Char('(') => depth += 1,
            Token::Char(')') => depth -= 1,
            _ if depth == 0 && (t.is("INSERT") || t.is("REPLACE")) => {
                start = Some(i);
                break;
            }
            _ => {}
        }
    }
    let mut i = start? + 1;
    if toks.get(i).is_some_and(|t| t.is("OR")) {
        i += 2;
    }
    if !toks.get(i)?.is("INTO") {
        return None;
    }
    i += 1;
    let mut table = toks.get(i)?.name()?.to_string();
    i += 1;
    if toks.get(i) == Some(&Token::Char('.')) {
        table = toks.get(i + 1)?.name()?.to_string();
        i += 2;
    }
    if toks.get(i).is_some_and(|t| t.is("AS")) {
        i += 2;
    }
    match toks.get(i) {
        Some(Token::Char('(')) => {
            let mut cols = Vec::new();
            for t in &toks[i + 1..] {
                match t {
                    Token::Char(')') => break,
                    other => cols.extend(other.name().map(str::to_string)),
                }
            }
            Some((table, Some(cols)))
        }
        Some(t) if t.is("DEFAULT") => Some((table, Some(Vec::new()))),
        _ => Some((table, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(sql: &str) -> Option<(String, Option<Vec<String>>)> {
        insert_target(&tokens(sql))
    }

    #[test]
    fn the_insert_target_is_found_through_quotes_comments_and_ctes() {
        assert_eq!(
            target("WITH x AS (SELECT 1) INSERT /* c */ INTO \"main\".[hub_status] AS s (\"Recorded_At\", hub_id) SELECT 1"),
            Some(("hub_status".into(), Some(vec!["Recorded_At".into(), "hub_id".into()])))
        );
        assert_eq!(
            target("insert into hubs values (1)"),
            Some(("hubs".into(), None))
        );
        assert_eq!(target("SELECT 'INSERT INTO hubs'"), None);
    }

    #[test]
    fn the_span_is_the_oldest_and_newest_row_of_any_history_table() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(recorded_span(&conn).unwrap(), Span::default());
        conn.execute_batch(
            "CREATE TABLE a (v INTEGER, recorded_at TEXT);
             CREATE TABLE \"b c\" (v INTEGER);
             ALTER TABLE \"b c\" ADD COLUMN recorded_at TEXT;
             CREATE TABLE named (note TEXT CHECK (note <> 'recorded_at'), at TEXT);
             CREATE TABLE empty (recorded_at TEXT);
             INSERT INTO a VALUES (1, '2018-04-02T00:00:00Z'), (2, '2018-05-01T00:00:00Z');
             INSERT INTO \"b c\" VALUES (1, '2018-03-01T00:00:00Z');
             INSERT INTO named VALUES ('x', '2030-01-01T00:00:00Z');",
        )
        .unwrap();
        // A table that only mentions the name (in a CHECK) has no such column.
        assert_eq!(tables(&conn).unwrap(), ["a", "b c", "empty"]);
        let span = recorded_span(&conn).unwrap();
        assert_eq!(span.earliest.as_deref(), Some("2018-03-01T00:00:00Z"));
        assert_eq!(span.latest.as_deref(), Some("2018-05-01T00:00:00Z"));
        assert_eq!(earliest_recorded(&conn).unwrap(), span.earliest);
    }

    #[test]
    fn conflict_clauses_are_found_but_not_the_replace_function() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in [
            "INSERT OR REPLACE INTO t (a) VALUES (1)",
            "insert\n or\tignore into t (a) values (1)",
            "INSERT/**/OR/**/ROLLBACK INTO t (a) VALUES (1)",
            "REPLACE INTO t (a) VALUES (1)",
            "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING",
            "INSERT INTO t (a) SELECT 1 WHERE true ON -- c\n CONFLICT DO UPDATE SET a = 2",
        ] {
            let err = check_write(&conn, sql).unwrap_err().to_string();
            assert!(err.contains("conflict clause"), "{sql}: {err}");
        }
        check_write(
            &conn,
            "INSERT INTO t (a) SELECT 1 OR replace('a', 'b', 'c') = 'x' WHERE 'ON CONFLICT' <> ''",
        )
        .unwrap();
    }
}

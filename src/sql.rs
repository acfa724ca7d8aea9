//! `tenkai sql`: one ad-hoc statement through the store's read-only guard ([`crate::store::guard`]),
//! under a time limit and a row limit, its rows streamed to a table, CSV, JSON or Markdown.

use crate::store::guard::{bind, explain, prepare, refused, GuardState, Mode, Refusal};
use crate::table::RowWriter;
use crate::{Error, Result};
use rusqlite::Connection;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most rows the table format holds (it sizes its columns from all of them): beyond it the
/// query stops as at `--max-rows`, and CSV, TSV, JSON or JSON lines stream any number.
pub const TABLE_MAX_ROWS: u64 = 10_000;

/// Limits on one query.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub max_rows: Option<u64>,
}

/// What a query did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// All rows written; `replaced`: the text values JSON holds with U+FFFD in place of bytes
    /// that are not UTF-8.
    Complete {
        rows: u64,
        replaced: Option<crate::table::Replaced>,
    },
    /// Stopped at the row limit; `left_out` more rows matched.
    RowLimit {
        rows: u64,
        left_out: u64,
        replaced: Option<crate::table::Replaced>,
    },
    /// Data changed in `--write` mode.
    Changed { rows: usize },
}

/// One ad-hoc query and how to run it.
pub struct Query<'a> {
    pub sql: &'a str,
    pub params: &'a [(String, String)],
    pub mode: Mode,
    pub limits: Limits,
    /// How a workbook (`--format xlsx`) shows dates.
    pub dates: crate::xlsx::DateStyle,
}

/// Runs one statement and streams its rows to `out` (buffered here).
pub fn run<W: Write>(
    conn: &mut Connection,
    refusal: &Refusal,
    q: &Query<'_>,
    out: W,
    format: crate::table::Format,
) -> Result<Outcome> {
    let (sql, mode, limits) = (q.sql, q.mode, q.limits);
    // The time limit counts SQLite's own work only: SQLite asks the handler every few thousand
    // steps, and the time spent handing rows to a slow reader moves the deadline on.
    let deadline = Arc::new(Mutex::new(Instant::now() + limits.timeout));
    let seen = deadline.clone();
    conn.progress_handler(
        4096,
        Some(move || Instant::now() > *seen.lock().unwrap_or_else(|p| p.into_inner())),
    )?;
    // Buffered in front of the timing, so that only the writes that reach the reader are timed.
    let out = std::io::BufWriter::with_capacity(
        1 << 16,
        Handing {
            out,
            deadline: &deadline,
        },
    );
    let result = (|| {
        let mut stmt = prepare(conn, refusal, sql, mode)?;
        bind(&mut stmt, q.params)?;
        stream(conn, refusal, &mut stmt, q, out, format)
    })();
    conn.progress_handler(0, None::<fn() -> bool>)?;
    match result {
        Err(Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))) if f.code == rusqlite::ErrorCode::OperationInterrupted => {
            Err(Error::Invalid(format!(
                "the query was stopped at the time limit of {:?}; make it cheaper (a WHERE, a LIMIT) or raise --timeout",
                limits.timeout
            )))
        }
        // A statement refused as it runs (a table-valued pragma such as pragma_optimize asks
        // the authorizer only then): the refusal says what it was.
        Err(Error::Sqlite(e)) => Err(match refusal.take() {
            Some(what) => refused(&what, mode, refusal),
            None => explain(e, sql),
        }),
        other => other,
    }
}

/// The output of a query: the time spent writing into it (a slow reader at the other end of a
/// pipe) moves the query's deadline on, so that the time limit counts SQLite's work only.
struct Handing<'d, W> {
    out: W,
    deadline: &'d Mutex<Instant>,
}

impl<W: Write> Handing<'_, W> {
    fn timed<T>(&mut self, f: impl FnOnce(&mut W) -> T) -> T {
        let started = Instant::now();
        let result = f(&mut self.out);
        *self.deadline.lock().unwrap_or_else(|p| p.into_inner()) += started.elapsed();
        result
    }
}

impl<W: Write> Write for Handing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.timed(|out| out.write(buf))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.timed(|out| out.flush())
    }
}

fn stream<W: Write>(
    conn: &Connection,
    guard: &GuardState,
    stmt: &mut rusqlite::Statement<'_>,
    q: &Query<'_>,
    out: W,
    format: crate::table::Format,
) -> Result<Outcome> {
    let (mode, limits) = (q.mode, q.limits);
    // EXPLAIN only describes a statement: it is read like a query, whatever it explains.
    if mode == Mode::Write && !stmt.readonly() && stmt.is_explain() == 0 {
        if stmt.column_count() > 0 {
            return Err(Error::Usage(
                "a statement that writes and returns rows (RETURNING) is not run by `sql --write`: run the write without RETURNING, then SELECT what it wrote".into(),
            ));
        }
        guard
            .internal(conn, "BEGIN IMMEDIATE")
            .map_err(|e| Error::Invalid(format!("cannot start the write: {e}")))?;
        let changed = match stmt.raw_execute() {
            Ok(n) => n,
            Err(e) => {
                let _ = guard.internal(conn, "ROLLBACK");
                return Err(Error::Sqlite(e));
            }
        };
        guard.internal(conn, "COMMIT")?;
        return Ok(Outcome::Changed { rows: changed });
    }
    let columns: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let ncols = columns.len();
    let mut writer = RowWriter::with_dates(out, format, columns, q.dates)?;
    let mut rows = stmt.raw_query();
    let mut written = 0u64;
    while let Some(row) = rows.next()? {
        if limits.max_rows.is_some_and(|m| written >= m) {
            let mut left = 1u64;
            while rows.next()?.is_some() {
                left += 1;
            }
            let replaced = writer.replaced().cloned();
            writer.finish()?;
            return Ok(Outcome::RowLimit {
                rows: written,
                left_out: left,
                replaced,
            });
        }
        let values = (0..ncols)
            .map(|i| row.get_ref(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        refuse_huge_values(&values, written + 1)?;
        writer.row_refs(&values)?;
        written += 1;
    }
    let replaced = writer.replaced().cloned();
    writer.finish()?;
    Ok(Outcome::Complete {
        rows: written,
        replaced,
    })
}

/// The largest single value `tenkai sql` prints. A bigger one (a zeroblob, a whole file) would
/// take memory many times its size to format, and no table, CSV or workbook cell shows it.
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;

/// Refuses a row holding a value larger than [`MAX_VALUE_BYTES`], naming the row and column.
fn refuse_huge_values(values: &[rusqlite::types::ValueRef<'_>], row: u64) -> Result<()> {
    use rusqlite::types::ValueRef;
    for (i, v) in values.iter().enumerate() {
        let len = match v {
            ValueRef::Text(t) => t.len(),
            ValueRef::Blob(b) => b.len(),
            _ => 0,
        };
        if len > MAX_VALUE_BYTES {
            return Err(Error::Invalid(format!(
                "row {row}, column {}: a value of {} MB is larger than tenkai prints ({} MB); select a part of it (substr, length, hex of a slice) instead",
                i + 1,
                len / (1024 * 1024),
                MAX_VALUE_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// The named parameters (`:name`, `@name`, `$name`) a statement uses, without their prefix, as
/// SQLite reads them: a `:name` inside a string literal, a quoted identifier or a comment is text,
/// not a parameter.
pub fn parameter_names(sql: &str) -> std::collections::BTreeSet<String> {
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || !c.is_ascii();
    let mut out = std::collections::BTreeSet::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let rest = &sql[i..];
        // The end of a quoted span or a comment, from its opening.
        let skip_to = match c {
            '\'' | '"' | '`' => Some(closing(rest, c, c)),
            '[' => Some(closing(rest, '[', ']')),
            '-' if rest.starts_with("--") => Some(rest.find('\n').unwrap_or(rest.len())),
            '/' if rest.starts_with("/*") => {
                Some(rest[2..].find("*/").map_or(rest.len(), |e| e + 4))
            }
            _ => None,
        };
        if let Some(len) = skip_to {
            while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                chars.next();
            }
            continue;
        }
        if matches!(c, ':' | '@' | '$') {
            let name: String = rest[1..].chars().take_while(|&c| name_char(c)).collect();
            if !name.is_empty() && !rest.starts_with("::") {
                out.insert(name);
            }
        }
    }
    out
}

/// The length of a quoted span that opens `rest` with `open` and ends at `close` (a doubled
/// `close` inside it stands for itself); the whole rest when it does not end.
fn closing(rest: &str, open: char, close: char) -> usize {
    let mut it = rest.char_indices().skip(1).peekable();
    while let Some((j, c)) = it.next() {
        if c == close {
            if open == close && it.peek().is_some_and(|&(_, n)| n == close) {
                it.next();
                continue;
            }
            return j + c.len_utf8();
        }
    }
    rest.len()
}

#[cfg(test)]
mod parameter_tests {
    use super::parameter_names;

    #[test]
    fn names_inside_literals_identifiers_and_comments_are_not_parameters() {
        let names = |s: &str| parameter_names(s).into_iter().collect::<Vec<_>>();
        assert_eq!(names("SELECT 'a :as_of b'"), Vec::<String>::new());
        assert_eq!(names("SELECT 'it''s :x', :y"), ["y"]);
        assert_eq!(
            names("SELECT \":a\", `:b`, [:c] -- :d\n, @e /* :f */, $g"),
            ["e", "g"]
        );
        assert_eq!(
            names("SELECT * FROM hubs WHERE country_iso = :iso AND x = :as_of"),
            ["as_of", "iso"]
        );
        assert_eq!(names("SELECT '日本:x', :名前"), ["名前"]);
        assert_eq!(names("SELECT 'unterminated :x"), Vec::<String>::new());
    }
}

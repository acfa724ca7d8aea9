//! The read-only guard: what keeps ad-hoc SQL (`tenkai sql`), saved queries and metrics from
//! hurting the data.
//!
//! Read-only is enforced by SQLite, in three layers: the file is opened read-only, `query_only` is on,
//! and an authorizer allows only reads, selects, functions (not `load_extension`) and an allow-list of
//! read-only pragmas, so ATTACH, VACUUM INTO, writable pragmas and the rest fail at prepare time, before
//! anything runs. Each statement is also checked with `sqlite3_stmt_readonly`. One statement runs at a
//! time. `--write` opens read-write and lets new rows (INSERT) through, in one transaction: the
//! record is append-only, so UPDATE and DELETE stay refused, as do writes to the export log and
//! the migrations, schema changes, ATTACH and pragma writes; a plain INSERT only, without a
//! conflict clause and without a value for `recorded_at` ([`crate::store::history::check_write`]).
//! A [`Watchdog`] interrupts a statement that runs past its time.

use crate::{Error, Result};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// Pragmas that only read, allowed without a value.
const READ_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "collation_list",
    "function_list",
    "pragma_list",
    "module_list",
    "compile_options",
    "user_version",
    "schema_version",
    "application_id",
    "page_count",
    "page_size",
    "freelist_count",
    "encoding",
    "integrity_check",
    "quick_check",
    "data_version",
    "database_list",
];

/// Whether the connection may change data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    ReadOnly,
    Write,
}

/// What the authorizer refused first (for the error message), and whether tenkai itself is running a
/// transaction statement (`--write` wraps the user's statement in BEGIN/COMMIT).
#[derive(Default)]
pub struct GuardState {
    refused: Mutex<Option<String>>,
    internal: std::sync::atomic::AtomicBool,
    /// Preparing a statement that starts with EXPLAIN: it only describes the statement after it
    /// and never runs it, so the data changes it describes are allowed (`EXPLAIN DELETE …`).
    explaining: std::sync::atomic::AtomicBool,
    /// Guarding a report's saved queries (`query()` in a template), not `tenkai sql`: a refusal
    /// then says what a saved query may do.
    saved_queries: bool,
}

/// Shared with the authorizer.
pub type Refusal = Arc<GuardState>;

impl GuardState {
    pub fn take(&self) -> Option<String> {
        self.refused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }
    /// Runs tenkai's own transaction statement.
    pub fn internal(&self, conn: &Connection, sql: &str) -> rusqlite::Result<()> {
        use std::sync::atomic::Ordering;
        self.internal.store(true, Ordering::SeqCst);
        let r = conn.execute_batch(sql);
        self.internal.store(false, Ordering::SeqCst);
        r
    }
}

/// Tables that only tenkai itself writes: the record of what was exported and delivered, and the rows that
/// belong to another row and have no time of their own (a hub's partners, a meeting's agenda),
/// which are written with it. One added later would change what an earlier report showed.
const TENKAI_ONLY: [&str; 5] = [
    "export_log",
    "delivery_log",
    "delivery_attachment",
    "hub_partners",
    "meeting_agenda",
];

/// A refused write to SQLite's schema table: what a CREATE is first refused as, and ANALYZE too
/// (it creates its statistics table), so a later refusal that names the statement replaces it.
const SCHEMA_CHANGE: &str = "a schema change (CREATE TABLE, INDEX, VIEW or TRIGGER)";

fn describe(action: &AuthAction<'_>) -> String {
    match action {
        AuthAction::Attach { filename } => format!("ATTACH of '{filename}'"),
        AuthAction::Detach { database_name } => format!("DETACH of '{database_name}'"),
        AuthAction::Pragma {
            pragma_name,
            pragma_value: Some(v),
        } => format!("PRAGMA {pragma_name} = {v} (a pragma write)"),
        AuthAction::Pragma {
            pragma_name,
            pragma_value: None,
        } => format!("PRAGMA {pragma_name} (not on the read-only allow-list)"),
        AuthAction::Function { function_name } => format!("the function {function_name}()"),
        // SQLite checks a CREATE's row in the schema table before the CREATE itself, so that is
        // what a refused CREATE is first refused as.
        AuthAction::Insert { table_name }
            if matches!(*table_name, "sqlite_master" | "sqlite_temp_master") =>
        {
            SCHEMA_CHANGE.into()
        }
        AuthAction::Insert { table_name } => format!("INSERT into {table_name}"),
        AuthAction::Update { table_name, .. } => format!("UPDATE of {table_name}"),
        AuthAction::Delete { table_name } => format!("DELETE from {table_name}"),
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => {
            "a transaction statement (BEGIN, COMMIT, SAVEPOINT…)".into()
        }
        AuthAction::CreateTable { table_name } | AuthAction::CreateTempTable { table_name } => {
            format!("CREATE TABLE {table_name}")
        }
        AuthAction::DropTable { table_name } | AuthAction::DropTempTable { table_name } => {
            format!("DROP TABLE {table_name}")
        }
        AuthAction::CreateTrigger { trigger_name, .. }
        | AuthAction::CreateTempTrigger { trigger_name, .. } => {
            format!("CREATE TRIGGER {trigger_name}")
        }
        AuthAction::CreateView { view_name } | AuthAction::CreateTempView { view_name } => {
            format!("CREATE VIEW {view_name}")
        }
        AuthAction::CreateIndex { index_name, .. }
        | AuthAction::CreateTempIndex { index_name, .. } => format!("CREATE INDEX {index_name}"),
        AuthAction::AlterTable { table_name, .. } => format!("ALTER TABLE {table_name}"),
        AuthAction::Analyze { .. } => {
            "ANALYZE (it writes the query planner's statistics into the database)".into()
        }
        AuthAction::Reindex { .. } => "REINDEX".into(),
        AuthAction::CreateVtable { table_name, .. } => format!("CREATE VIRTUAL TABLE {table_name}"),
        AuthAction::DropTrigger { trigger_name, .. }
        | AuthAction::DropTempTrigger { trigger_name, .. } => {
            format!("DROP TRIGGER {trigger_name}")
        }
        AuthAction::DropView { view_name } | AuthAction::DropTempView { view_name } => {
            format!("DROP VIEW {view_name}")
        }
        AuthAction::DropIndex { index_name, .. } | AuthAction::DropTempIndex { index_name, .. } => {
            format!("DROP INDEX {index_name}")
        }
        AuthAction::DropVtable { table_name, .. } => format!("DROP TABLE {table_name}"),
        // Anything else is named by SQLite's word for it, without its fields.
        other => {
            let debug = format!("{other:?}");
            let name = debug
                .split([' ', '{', '('])
                .next()
                .unwrap_or("an operation");
            format!("the operation {name}")
        }
    }
}

fn allowed(mode: Mode, ctx: &AuthContext<'_>) -> bool {
    match &ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => true,
        AuthAction::Function { function_name } => {
            !function_name.eq_ignore_ascii_case("load_extension")
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            // Table-valued pragma functions (pragma_table_info('hubs')) pass their argument as a value.
            READ_PRAGMAS.contains(&name.as_str())
                && (pragma_value.is_none()
                    || [
                        "table_info",
                        "table_xinfo",
                        "index_list",
                        "index_info",
                        "index_xinfo",
                        "foreign_key_list",
                        "foreign_key_check",
                    ]
                    .contains(&name.as_str()))
        }
        // The record is append-only: `--write` adds rows, and never to the logs that only
        // tenkai writes (sqlite_* tables are SQLite's own; writes to them are never data).
        AuthAction::Insert { table_name } => {
            mode == Mode::Write
                && !table_name.starts_with("sqlite_")
                && !TENKAI_ONLY.contains(table_name)
        }
        _ => false,
    }
}

/// Whether an action changes rows of a table (not SQLite's own): what EXPLAIN may describe.
fn is_data_change(action: &AuthAction<'_>) -> bool {
    match action {
        AuthAction::Insert { table_name }
        | AuthAction::Update { table_name, .. }
        | AuthAction::Delete { table_name } => !table_name.starts_with("sqlite_"),
        _ => false,
    }
}

/// Opens a guarded connection to the database.
pub fn open(path: &Path, mode: Mode) -> Result<(Connection, Refusal)> {
    if !path.exists() {
        return Err(Error::Invalid(format!(
            "the database {} does not exist; run `tenkai init` first",
            path.display()
        )));
    }
    let flags = match mode {
        Mode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        Mode::Write => OpenFlags::SQLITE_OPEN_READ_WRITE,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    if mode == Mode::ReadOnly {
        // On a read-only folder or medium SQLite cannot make the write-ahead log's files: the
        // database is then read as it stands.
        let probe = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .map_err(Error::Sqlite);
        if probe.as_ref().is_err_and(crate::store::cannot_open) {
            conn = Connection::open_with_flags(
                crate::store::immutable_uri(path)?,
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?;
        }
    }
    conn.busy_timeout(crate::store::BUSY_TIMEOUT)?;
    if mode == Mode::Write {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Every row the statement adds gets the same recorded_at: the time it was run (a second
        // later when an export was logged in this second: see `history::write_time`).
        let at = crate::store::history::write_time(&conn);
        crate::store::history::connect_at(&conn, &at)?;
    } else {
        crate::store::history::connect(&conn)?;
    }
    let refusal = guard(&mut conn, mode, GuardState::default())?;
    Ok((conn, refusal))
}

/// Guards a connection read-only for a report's saved queries (`query()` in a template), as
/// [`open`] guards `tenkai sql`'s; [`unguard`] lifts it.
pub fn guard_saved_queries(conn: &mut Connection) -> Result<Refusal> {
    let state = GuardState {
        saved_queries: true,
        ..GuardState::default()
    };
    guard(conn, Mode::ReadOnly, state)
}

/// Guards a connection: from now on it prepares only what `mode` allows (read-only mode also
/// sets `PRAGMA query_only`, so nothing can write even past the authorizer).
fn guard(conn: &mut Connection, mode: Mode, state: GuardState) -> Result<Refusal> {
    if mode == Mode::ReadOnly {
        conn.pragma_update(None, "query_only", "ON")?;
    }
    let refusal: Refusal = Arc::new(state);
    let seen = refusal.clone();
    conn.authorizer(Some(move |ctx: AuthContext<'_>| {
        let own_tx = matches!(ctx.action, AuthAction::Transaction { .. })
            && seen.internal.load(std::sync::atomic::Ordering::SeqCst);
        let described = seen.explaining.load(std::sync::atomic::Ordering::SeqCst)
            && (allowed(Mode::Write, &ctx) || is_data_change(&ctx.action));
        if own_tx || described || allowed(mode, &ctx) {
            Authorization::Allow
        } else {
            let mut first = seen.refused.lock().unwrap_or_else(|p| p.into_inner());
            // SQLite's own bookkeeping (an INSERT into sqlite_temp_master) says less than the
            // statement that caused it (CREATE TEMP TABLE): let the later refusal replace it.
            let internal = first
                .as_deref()
                .is_some_and(|f| f.contains(" sqlite_") || f == SCHEMA_CHANGE);
            if first.is_none() || internal {
                *first = Some(describe(&ctx.action));
            }
            Authorization::Deny
        }
    }))?;
    Ok(refusal)
}

/// Lifts [`guard_saved_queries`]: the connection may write again.
pub fn unguard(conn: &mut Connection) -> Result<()> {
    conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
    conn.pragma_update(None, "query_only", "OFF")?;
    Ok(())
}

pub(crate) fn refused(what: &str, mode: Mode, guard: &GuardState) -> Error {
    if TENKAI_ONLY.iter().any(|t| what.ends_with(t)) {
        return Error::Invalid(format!(
            "refused: {what}. Only tenkai writes its export and delivery logs (a true record of what was sent) and the rows that belong to another row (a hub's partners, a meeting's agenda, written with it)."
        ));
    }
    if mode == Mode::Write && (what.starts_with("UPDATE") || what.starts_with("DELETE")) {
        return Error::Invalid(format!(
            "refused: {what}. The record is append-only: `tenkai sql --write` adds rows (INSERT) and never changes or deletes one, so that every report can be reproduced as it was known. A correction is a new row (for a hub's status, `tenkai hub set-status` with the same date)."
        ));
    }
    match mode {
        Mode::ReadOnly if guard.saved_queries => Error::Invalid(format!(
            "refused: {what}. A report's saved queries (reports/queries) only read: make it one SELECT statement."
        )),
        Mode::ReadOnly => Error::Invalid(format!(
            "refused: {what}. `tenkai sql` is read-only. To change data on purpose, run it with --write (INSERT in one transaction); schema changes go in a migration under db/migrations."
        )),
        Mode::Write => Error::Invalid(format!(
            "refused: {what}. `tenkai sql --write` allows new rows only (INSERT); schema changes go in a migration under db/migrations."
        )),
    }
}

/// Explains a SQLite error, pointing at the part of the query SQLite names.
pub fn explain(e: rusqlite::Error, sql: &str) -> Error {
    match e {
        rusqlite::Error::SqlInputError { msg, offset, .. } if offset >= 0 => {
            let offset = (offset as usize).min(sql.len());
            let line_start = sql[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line_end = sql[offset..].find('\n').map(|i| offset + i).unwrap_or(sql.len());
            let line_no = sql[..offset].matches('\n').count() + 1;
            let col = unicode_width::UnicodeWidthStr::width(&sql[line_start..offset]);
            Error::Invalid(format!(
                "SQL error: {msg}\n  at line {line_no}, column {}:\n  {}\n  {}^",
                col + 1,
                &sql[line_start..line_end],
                " ".repeat(col)
            ))
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationInterrupted => {
            Error::Invalid("the query was stopped at the time limit".into())
        }
        rusqlite::Error::MultipleStatement => Error::Invalid(
            "the text holds more than one SQL statement; tenkai sql runs one statement at a time (remove the extra `;` statements)".into(),
        ),
        other => Error::Invalid(format!("SQL error: {other}")),
    }
}

/// Prepares one statement, refusing anything that would write (in read-only mode).
pub fn prepare<'c>(
    conn: &'c Connection,
    refusal: &Refusal,
    sql: &str,
    mode: Mode,
) -> Result<rusqlite::Statement<'c>> {
    refusal.take();
    if sql.trim().trim_end_matches(';').trim().is_empty() {
        return Err(Error::Usage(
            "the query is empty; give a SELECT statement".into(),
        ));
    }
    let explaining = starts_with_explain(sql);
    // Neither the authorizer nor SQLite's statement API sees a conflict clause or the columns an
    // INSERT names: the history's rules read the statement itself, first (an upsert's UPDATE is
    // named as a conflict clause), unless it is an EXPLAIN, which only describes it.
    if mode == Mode::Write && !explaining {
        crate::store::history::check_write(conn, sql)?;
    }
    let stmt = match prepare_as(conn, refusal, sql, mode, explaining) {
        // Not an EXPLAIN after all (SQLite decides): prepared again under the plain rules.
        Ok(s) if explaining && s.is_explain() == 0 => {
            drop(s);
            prepare_as(conn, refusal, sql, mode, false)?
        }
        other => other?,
    };
    // SQLite calls an EXPLAIN as read-only as the statement it describes; it never runs that.
    if mode == Mode::ReadOnly && !stmt.readonly() && stmt.is_explain() == 0 {
        return Err(refused("a statement that writes", mode, refusal));
    }
    if mode == Mode::Write && explaining && stmt.is_explain() == 0 {
        crate::store::history::check_write(conn, sql)?;
    }
    Ok(stmt)
}

/// Prepares with the authorizer told whether the statement is an EXPLAIN.
fn prepare_as<'c>(
    conn: &'c Connection,
    refusal: &Refusal,
    sql: &str,
    mode: Mode,
    explaining: bool,
) -> Result<rusqlite::Statement<'c>> {
    use std::sync::atomic::Ordering;
    refusal.explaining.store(explaining, Ordering::SeqCst);
    let prepared = conn.prepare(sql);
    refusal.explaining.store(false, Ordering::SeqCst);
    prepared.map_err(|e| match refusal.take() {
        Some(what) => refused(&what, mode, refusal),
        None => explain(e, sql),
    })
}

/// Whether the first word of the SQL, after spaces and comments, is EXPLAIN.
fn starts_with_explain(sql: &str) -> bool {
    let mut rest = sql;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("--") {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    rest.get(..7)
        .is_some_and(|w| w.eq_ignore_ascii_case("explain"))
        && !rest[7..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// Binds named parameters (`:name`, `@name`, `$name`); every parameter in the query needs a value.
pub fn bind(stmt: &mut rusqlite::Statement<'_>, params: &[(String, String)]) -> Result<()> {
    for i in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(i).map(|s| s.to_string()) else {
            return Err(Error::Usage(format!(
                "parameter {i} is positional (`?`); name it (`:name`) and pass --param name=VALUE"
            )));
        };
        let bare = name.trim_start_matches([':', '@', '$']);
        let value = params
            .iter()
            .find(|(k, _)| k == bare)
            .map(|(_, v)| v)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "the query uses {name} but no value was given: add --param {bare}=VALUE"
                ))
            })?;
        // Numbers bind as numbers so that comparisons with numeric columns work.
        if let Ok(n) = value.parse::<i64>() {
            stmt.raw_bind_parameter(i, n)?;
        } else if let Ok(f) = value.parse::<f64>().map_err(|_| ()).and_then(|f| {
            if f.is_finite() {
                Ok(f)
            } else {
                Err(())
            }
        }) {
            stmt.raw_bind_parameter(i, f)?;
        } else {
            stmt.raw_bind_parameter(i, value.as_str())?;
        }
    }
    for (k, _) in params {
        let known = (1..=stmt.parameter_count())
            .filter_map(|i| stmt.parameter_name(i))
            .any(|n| n.trim_start_matches([':', '@', '$']) == k);
        if !known {
            return Err(Error::Usage(format!(
                "--param {k} is not used by the query"
            )));
        }
    }
    Ok(())
}

/// Fires `interrupt` after the timeout unless dropped first.
pub struct Watchdog {
    cancel: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl Watchdog {
    pub fn start(conn: &Connection, timeout: Duration) -> Self {
        let handle = conn.get_interrupt_handle();
        let (tx, rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || match rx.recv_timeout(timeout) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                handle.interrupt();
                true
            }
            _ => false,
        });
        Watchdog {
            cancel: Some(tx),
            thread: Some(thread),
        }
    }
    /// Stops the watchdog; true if it fired.
    pub fn stop(mut self) -> bool {
        drop(self.cancel.take());
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or(false)
    }
}

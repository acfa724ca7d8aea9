//! The store: one SQLite file, its migrations and seed, and typed reads and writes over the
//! append-only history. Every read takes an [`AsOf`](crate::dates::AsOf).

mod accept;
pub mod codes;
pub mod coverage;
pub mod delivery_log;
pub mod english;
pub mod export_log;
pub mod facts;
pub mod guard;
pub mod history;
pub mod hub_changes;
mod hubs;
mod hubs_at;
mod lookup;
mod meetings;
mod migrate;
pub mod names;
pub mod organisations;
pub mod recorded;
mod reference;
mod series;
mod sources;
pub mod targets;

pub use accept::{Rules, Text, NAME_MAX, NOTE_MAX};
pub use english::EnglishTexts;
pub use hub_changes::{check_hub_change, write_hub_change, HubChange, PlannedChange};
pub use hubs::{
    add_hub, check_new_hub, check_precision, hub_code, hub_history, hub_id, parse_status,
    set_hub_status, status_rule, NewHub, NewStatus, StatusChange, DATE_PRECISIONS,
};
pub use hubs_at::{each_hub, hubs, Hub, HubDate, HubRecord, StatusAt};
pub use lookup::{code_names, meeting_exists, platform_exists, CodeName, CodeNames};
pub use meetings::{
    add_meeting, add_working_group, meetings, wg_events, working_groups, Meeting, NewWorkingGroup,
    WgEvent, WorkingGroup,
};
pub use migrate::{MIGRATIONS, SEED};
pub use reference::{
    add_country, agreements, countries, country_sort_keys, export_query, katakana_reading,
    named_country_count, other_projects, platform_events, platforms, policy_documents, Agreement,
    Country, OtherProject, Platform, PlatformEvent, PolicyDocument, EXPORTABLE,
};
pub use series::{
    member_corrections, member_series, record_members, MemberCorrection, MemberCount,
};
pub use sources::{
    check_document, check_reference, register_document, source_documents, source_documents_at,
    unregistered_code, NewDocument, Reference, SourceDocument,
};

use crate::{Error, Result};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The default database, relative to the working directory.
pub const DEFAULT_DB: &str = "db/tenkai.sqlite";
/// How long a writer waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many pages the write-ahead log of an export connection may hold before SQLite checkpoints
/// it: about 25 exports' log rows, small enough that the next open reads the log in well under a
/// millisecond.
const EXPORT_WAL_PAGES: i64 = 100;

/// An open tenkai database.
pub struct Store {
    pub conn: Connection,
    pub path: PathBuf,
}

/// What `Store::open` does with a database that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Load the source document's data into a new database.
    Yes,
    /// Create the schema only.
    No,
}

impl Store {
    /// Opens the database read-write, creating, migrating and (for a new file) seeding it.
    pub fn open(path: &Path, seed: Seed) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::io(
                    format!(
                        "cannot create the folder {} for the database",
                        dir.display()
                    ),
                    e,
                )
            })?;
        }
        let mut conn = Connection::open(path).map_err(|e| {
            Error::Invalid(format!(
                "cannot open the database {}: {e}. Check the path and its permissions.",
                path.display()
            ))
        })?;
        migrate::refuse_foreign(&conn, path)
            .and_then(|()| configure(&conn))
            .and_then(|()| migrate::migrate(&mut conn, path, seed))
            .map_err(|e| not_a_database(e, path))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing database read-only, refusing a missing file.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Invalid(format!(
                "the database {} does not exist. Run `tenkai init` to create it, or pass --db PATH.",
                path.display()
            )));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        history::connect(&conn)?;
        migrate::check_version(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens a database that cannot be opened for writing (on a read-only folder or medium, where
    /// SQLite cannot make the write-ahead log's files), read-only and as it stands. Refused when a
    /// write-ahead log beside it still holds changes that the file alone lacks.
    pub fn open_as_it_stands(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            immutable_uri(path)?,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        history::connect(&conn)?;
        migrate::check_version(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// For a connection that only appends `export_log` rows (report renders, schedule runs): leaves
    /// the write-ahead log beside the database at close instead of copying it back.
    ///
    /// Closing the last connection normally checkpoints: the log is synced, copied into the
    /// database, the database synced and the log deleted; the next writer creates and syncs a new
    /// log and its folder. That is five syncs for two small log rows, a third of a PDF render's time.
    /// Deferred, the rows stay in `db/tenkai.sqlite-wal` (safe against a crash of tenkai; a power cut
    /// can lose the last rows, which the schedule then exports again) until a checkpoint: SQLite's
    /// automatic one once the log holds `EXPORT_WAL_PAGES` pages, or any other tenkai command's
    /// close. Copy the database with `tenkai backup`, which reads through the log.
    pub fn defer_checkpoint(&self) -> Result<()> {
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn
            .pragma_update(None, "wal_autocheckpoint", EXPORT_WAL_PAGES)?;
        Ok(())
    }

    /// A consistent snapshot of the database into the empty file `into`, safe while others use
    /// it. The caller places the file: `tenkai backup` writes it beside the target under the
    /// output rule and renames it into place when complete.
    pub fn backup_into(&self, into: &Path) -> Result<()> {
        let into_str = into
            .to_str()
            .ok_or_else(|| Error::Usage("the backup path must be valid UTF-8".into()))?;
        // VACUUM INTO writes into an empty file.
        self.conn
            .execute("VACUUM INTO ?1", [into_str])
            .map_err(|e| Error::Invalid(format!("the backup failed: {e}")))?;
        Ok(())
    }
}

/// Foreign keys on, WAL, a busy timeout, the history's clock.
/// A log's listing of one report or of all (`?1`, NULL for all): the column names and every
/// row as cells, as `schedule log` prints them.
fn log_listing(
    conn: &Connection,
    sql: &str,
    report: Option<&str>,
) -> rusqlite::Result<(Vec<String>, Vec<Vec<crate::cell::Cell>>)> {
    let mut stmt = conn.prepare(sql)?;
    let cols: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.query([report])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(
            (0..cols.len())
                .map(|i| r.get_ref(i).map(crate::cell::Cell::from))
                .collect::<rusqlite::Result<Vec<_>>>()?,
        );
    }
    Ok((cols, out))
}

/// A private copy of the database, made in a read transaction (`VACUUM INTO`) and opened as
/// tenkai opens a database: a dry run writes its rows there and rolls them back, so that it checks
/// them as the real import writes them without taking the real database's write lock. The copy
/// goes with the returned folder.
pub fn scratch_copy(conn: &Connection) -> Result<(tempfile::TempDir, Connection)> {
    let dir = tempfile::tempdir()
        .map_err(|e| Error::io("cannot make a temporary folder for the dry run", e))?;
    let path = dir.path().join("dry-run.sqlite");
    conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
    let copy = Connection::open(&path)?;
    configure(&copy)?;
    Ok((dir, copy))
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    history::connect(conn)?;
    // A report prepares some 30 distinct statements, several of them more than once.
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // A read-only medium or an in-memory database cannot use WAL; it still works.
        log_debug(&format!("journal_mode is {mode}"));
    }
    // Every change is on disk when its transaction commits, so a power cut loses nothing that
    // tenkai reported as done. Only the export log's connection relaxes this (`defer_checkpoint`).
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

fn log_debug(msg: &str) {
    if std::env::var_os("TENKAI_DEBUG").is_some() {
        eprintln!("tenkai: {msg}");
    }
}

/// The URI that opens a database read-only and as it stands (`immutable=1`), or why it cannot be:
/// a write-ahead log beside it holds changes that reading the file alone would miss.
pub fn immutable_uri(path: &Path) -> Result<String> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(Error::Invalid(format!(
            "cannot open {} for writing (is its folder or medium read-only?), and its write-ahead log {} holds changes that reading the file alone would miss. Copy both files to a writable folder and open the copy there.",
            path.display(),
            PathBuf::from(wal).display()
        )));
    }
    let absolute = std::path::absolute(path)
        .map_err(|e| Error::io(format!("cannot resolve {}", path.display()), e))?;
    let text = absolute.to_str().ok_or_else(|| {
        Error::Usage(format!(
            "{} is not valid UTF-8; give the database a UTF-8 path",
            path.display()
        ))
    })?;
    // Characters with a meaning in a URI are escaped.
    let mut uri = String::from("file:");
    for b in text.bytes() {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(b as char),
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

/// Whether SQLite could not open the file (a read-only folder or medium, say).
pub fn cannot_open(e: &Error) -> bool {
    matches!(e, Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
        if matches!(f.code, rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly))
}

/// Names the file when SQLite finds that it is not a database.
fn not_a_database(e: Error, path: &Path) -> Error {
    match &e {
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Error::Invalid(format!(
                "{} is not a SQLite database (or it is damaged): check --db or TENKAI_DB, or restore the file from a backup made with `tenkai backup`",
                path.display()
            ))
        }
        _ => e,
    }
}

/// Turns a SQLite busy error into the message a user needs.
pub fn explain_busy(e: rusqlite::Error, path: &Path) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if f.code == rusqlite::ErrorCode::DatabaseBusy
            || f.code == rusqlite::ErrorCode::DatabaseLocked
        {
            return Error::Invalid(format!(
                "the database {} is locked by another writer and stayed locked for {} s. Try again when the other tenkai command has finished.",
                path.display(),
                BUSY_TIMEOUT.as_secs()
            ));
        }
    }
    Error::Sqlite(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synchronous(store: &Store) -> i64 {
        store
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn data_is_synced_at_each_commit_and_only_the_export_log_may_defer() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.sqlite"), Seed::No).unwrap();
        assert_eq!(synchronous(&store), 2, "FULL for data changes");
        store.defer_checkpoint().unwrap();
        assert_eq!(synchronous(&store), 1, "NORMAL for the export log");
    }
}

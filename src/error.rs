//! The library's error type. Every message says what was wrong, where, and what to do.

use std::path::PathBuf;

/// Errors raised by the tenkai library. The CLI maps them to exit code 1 (or 2 for `Usage`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the user (exit 2): a date, a period or an option value that cannot be read,
    /// or a name that names nothing known.
    #[error("{0}")]
    Usage(String),
    /// A fact the record refuses (exit 1): a duplicate, a clash with what exists, a change the
    /// record's rules forbid.
    #[error("{0}")]
    Invalid(String),
    /// A CSV import with one or more bad rows; nothing was written.
    #[error("{file}: {count} problem(s); nothing was imported:\n{details}", count = .problems.len(), details = .problems.join("\n"))]
    Import { file: String, problems: Vec<String> },
    #[error("the database {path} has schema version {found}, but this tenkai knows only up to {known}: it was written by a newer tenkai. Upgrade tenkai, or open a backup made by this version.")]
    DatabaseTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Template(String),
    #[error("{0}")]
    Layout(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The start of the message a write fails with when the clock is behind the record (raised by
/// the store's `tenkai_now()`), by which a failed statement is told apart.
pub const CLOCK_BEHIND: &str = "the clock is behind the record";

/// A SQLite error in words a user can act on.
fn sqlite_message(e: &rusqlite::Error) -> String {
    if let rusqlite::Error::SqliteFailure(_, Some(m)) = e {
        if m.starts_with(CLOCK_BEHIND) {
            return m.clone();
        }
        if m.contains("recorded_at is set by tenkai to the time of the write") {
            return format!(
                "{m}. tenkai sets recorded_at itself, so when it was left out the machine's clock is behind the newest recorded row: check the clock (or TENKAI_NOW); nothing was written"
            );
        }
    }
    if let rusqlite::Error::SqliteFailure(f, _) = e {
        match f.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                return "the database is locked by another writer (another tenkai command, or an SQLite tool, is writing to it); try again when it has finished".into()
            }
            rusqlite::ErrorCode::DiskFull => return "the disk is full: the database could not be written; free some space and try again".into(),
            rusqlite::ErrorCode::ReadOnly => return "the database file is read-only: check its permissions".into(),
            _ => {}
        }
    }
    format!("database error: {e}")
}

impl Error {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
    /// Whether the error is the user's usage mistake (exit code 2) rather than a failure (1).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }
}

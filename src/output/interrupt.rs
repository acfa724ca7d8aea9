//! What an interrupt (Ctrl-C's SIGINT, or SIGTERM) does to the files being written: every
//! temporary file of a [`super::Pending`] is removed, the paths that were not written are named on
//! stderr, and the process exits with 128 + the signal's number (130 for SIGINT, 143 for
//! SIGTERM), as a shell reports a process the signal stopped.
//!
//! The signal handler only writes a byte to a socket (signal-hook's self-pipe); a thread waits on
//! it and does the rest outside the handler. A file is either placed or removed, never both: the
//! rename into place and the clean-up take the same lock.
//!
//! A process that stops between files of its own accord on these signals (`schedule daemon`)
//! calls [`defer`]: the signals are then left to it.

use crate::store::export_log;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// A path being made, and its temporary file once there is one.
struct Entry {
    id: u64,
    path: PathBuf,
    tmp: Option<PathBuf>,
}

static MAKING: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
/// An export-log row started and not yet finished: its database, its id, the file it writes,
/// and whether that file is already in place (an interrupt then finishes the row as written).
#[derive(Debug, Clone)]
struct Row {
    db: PathBuf,
    id: i64,
    file: Option<PathBuf>,
    placed: bool,
}

impl Row {
    fn is(&self, other: &Row) -> bool {
        self.db == other.db && self.id == other.id
    }
}

/// The export-log rows started and not yet finished.
static LOGGING: Mutex<Vec<Row>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(1);
static DEFERRED: AtomicBool = AtomicBool::new(false);
static INSTALLED: OnceLock<()> = OnceLock::new();

fn making() -> MutexGuard<'static, Vec<Entry>> {
    MAKING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Handles SIGINT and SIGTERM as the module says, from now on (once per process; later calls do
/// nothing). Without it a signal kills the process at once and its temporary files stay.
pub fn install() -> std::io::Result<()> {
    if INSTALLED.get().is_some() {
        return Ok(());
    }
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let (mut read, write) = std::os::unix::net::UnixStream::pair()?;
        signal_hook::low_level::pipe::register(sig, write)?;
        std::thread::Builder::new()
            .name("tenkai-interrupt".into())
            .spawn(move || loop {
                let mut byte = [0u8];
                if std::io::Read::read(&mut read, &mut byte).is_ok_and(|n| n == 1)
                    && !DEFERRED.load(Ordering::SeqCst)
                {
                    interrupted(sig);
                }
            })?;
    }
    let _ = INSTALLED.set(());
    Ok(())
}

/// Leaves SIGINT and SIGTERM to the caller's own handling (see the module's documentation).
pub fn defer() {
    DEFERRED.store(true, Ordering::SeqCst);
}

/// Cleans up, says what was not written, and exits (see the module's documentation). The lock is
/// held to the end, so that no file is placed meanwhile.
fn interrupted(sig: i32) -> ! {
    // Both locks stay held until the process exits (`exit` never returns, so the guards are never
    // dropped): meanwhile the main thread goes on, but can neither make a file nor start a row.
    let mut guard = making();
    let lines = clean_up(&mut guard);
    let name = if sig == signal_hook::consts::SIGTERM {
        "SIGTERM"
    } else {
        "SIGINT"
    };
    let mut rows = logging_rows();
    let unfinished = finish_logged(std::mem::take(&mut *rows), name);
    let mut text = format!("interrupted ({name}): stopped before finishing.\n");
    text.push_str(&unfinished);
    for line in &lines {
        text.push_str(line);
        text.push('\n');
    }
    if !lines.is_empty() {
        text.push_str("Run the command again to write it.\n");
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
    std::process::exit(128 + sig)
}

/// Finishes the export-log rows still running, so that the log does not claim an export still
/// running after the process ended: as written (its size and hash) where its file was put in place
/// before the interrupt, else as failed `interrupted:`. Gives a line for a row that could not be
/// finished (the database busy or gone).
fn finish_logged(rows: Vec<Row>, signal: &str) -> String {
    let error =
        format!("interrupted: the process was stopped ({signal}) before this export finished");
    let at = crate::dates::ts(crate::dates::now());
    let mut text = String::new();
    for Row {
        db,
        id,
        file,
        placed,
    } in rows
    {
        // A file in place is whole (it was synced before its rename): its row is finished as
        // the render would have finished it.
        let whole = file
            .filter(|_| placed)
            .and_then(|f| super::file_sha256(&f).ok());
        let done = rusqlite::Connection::open(&db).and_then(|c| {
            c.busy_timeout(std::time::Duration::from_secs(2))?;
            match &whole {
                Some((bytes, sha256)) => export_log::finish_ok(&c, id, *bytes as i64, sha256, &at),
                None => export_log::finish_failed(&c, id, &error, &at),
            }
        });
        if let Err(e) = done {
            text.push_str(&format!(
                "  export {id} stays 'running' in the export log ({e}); `tenkai schedule log` shows it\n"
            ));
        }
    }
    text
}

/// An export-log row started and not yet finished: an interrupt finishes it until the guard is
/// dropped (see [`logging`]).
#[must_use]
pub struct Logging(Row);

impl Drop for Logging {
    fn drop(&mut self) {
        logging_rows().retain(|r| !r.is(&self.0));
    }
}

fn logging_rows() -> MutexGuard<'static, Vec<Row>> {
    LOGGING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts an export-log row of the database `db` for the file `file` (`None` for standard
/// output) with `start` (which gives its id), and names it to an interrupt while the guard lives.
/// The row is started under the lock the interrupt takes: it is either finished by the interrupt
/// or never started, not left 'running'.
pub fn logging<E>(
    db: &Path,
    file: Option<&Path>,
    start: impl FnOnce() -> Result<i64, E>,
) -> Result<(i64, Logging), E> {
    let mut rows = logging_rows();
    let id = start()?;
    let row = Row {
        db: db.to_path_buf(),
        id,
        file: file.map(Path::to_path_buf),
        placed: false,
    };
    rows.push(row.clone());
    Ok((id, Logging(row)))
}

/// Removes the temporary files of `entries` and says, a line per path, what was not written.
fn clean_up(entries: &mut Vec<Entry>) -> Vec<String> {
    let mut paths: Vec<(&Path, Vec<String>)> = Vec::new();
    for e in entries.iter() {
        let i = match paths.iter().position(|(p, _)| *p == e.path.as_path()) {
            Some(i) => i,
            None => {
                paths.push((&e.path, Vec::new()));
                paths.len() - 1
            }
        };
        let Some(tmp) = &e.tmp else { continue };
        match remove_temporary(tmp) {
            Ok(()) => paths[i].1.push("its temporary file was removed".into()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => paths[i].1.push(format!(
                "its temporary file {} could not be removed ({err}): delete it",
                tmp.display()
            )),
        }
    }
    let lines = paths
        .iter()
        .map(|(path, notes)| {
            let notes: String = notes.iter().map(|n| format!("; {n}")).collect();
            format!("  not written: {} (left as it was{notes})", path.display())
        })
        .collect();
    entries.clear();
    lines
}

/// Removes a temporary file and what SQLite made beside it while writing into it (`backup`'s
/// `VACUUM INTO` keeps a rollback journal, `<temporary>-journal`): the names are tenkai's own.
fn remove_temporary(tmp: &Path) -> std::io::Result<()> {
    for side in ["-journal", "-wal", "-shm"] {
        let mut p = tmp.as_os_str().to_owned();
        p.push(side);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::remove_file(tmp)
}

/// A path being made: named by an interrupt while it lives (see [`making_of`]).
#[must_use]
pub struct Making(u64);

impl Drop for Making {
    fn drop(&mut self) {
        making().retain(|e| e.id != self.0);
    }
}

/// Marks `path` as being made until the guard is dropped, so that an interrupt names it even
/// before its temporary file exists (while a report is rendered in memory).
pub fn making_of(path: &Path) -> Making {
    let id = NEXT.fetch_add(1, Ordering::SeqCst);
    making().push(Entry {
        id,
        path: path.to_path_buf(),
        tmp: None,
    });
    Making(id)
}

/// Makes the temporary file of `path` with `create`, and marks it (see [`super::Pending`]). It is
/// made under the lock the interrupt takes: no file is made after the interrupt's clean-up, and
/// none is made and not yet marked when it runs.
pub(super) fn temporary<E>(
    path: &Path,
    create: impl FnOnce() -> Result<tempfile::NamedTempFile, E>,
) -> Result<(tempfile::NamedTempFile, Making), E> {
    let id = NEXT.fetch_add(1, Ordering::SeqCst);
    let mut guard = making();
    let tmp = create()?;
    guard.push(Entry {
        id,
        path: path.to_path_buf(),
        tmp: Some(tmp.path().to_path_buf()),
    });
    drop(guard);
    test_hook("temporary");
    Ok((tmp, Making(id)))
}

/// Runs `place` (the rename of a finished file) with no interrupt between it and forgetting the
/// temporary file `mark`. Once placed, the path is written: an interrupt no longer names it.
pub(super) fn placing<T, E>(mark: Making, place: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let mut guard = making();
    let out = place();
    let path = guard
        .iter()
        .find(|e| e.id == mark.0)
        .map(|e| e.path.clone());
    guard.retain(|e| e.id != mark.0 && (out.is_err() || Some(&e.path) != path.as_ref()));
    // The interrupt takes this lock before the rows' (as here): its rows see the file in place.
    if let Some(path) = path.filter(|_| out.is_ok()) {
        logging_rows()
            .iter_mut()
            .filter(|r| r.file.as_ref() == Some(&path))
            .for_each(|r| r.placed = true);
    }
    drop(guard);
    std::mem::forget(mark);
    if out.is_ok() {
        test_hook("placed");
    }
    out
}

/// Debug builds, which the tests run, honour `TENKAI_TEST_INTERRUPT=INT` (or `TERM`, and `INT:N`
/// for the Nth temporary file): the signal is raised once that temporary file exists, and this
/// thread waits for the handler to end the process, as if the signal came while the file was
/// being written. `INT:N:group` sends it to the whole process group instead, as Ctrl-C does (to
/// `schedule run` and its export's process at once); `INT:N:group:placed` (or `INT:N:self:placed`)
/// sends it once the Nth file is in place, before its export is logged as done.
#[cfg_attr(not(debug_assertions), allow(unused_variables))]
fn test_hook(moment: &str) {
    #[cfg(debug_assertions)]
    {
        static SEEN: AtomicU64 = AtomicU64::new(0);
        let Ok(v) = std::env::var("TENKAI_TEST_INTERRUPT") else {
            return;
        };
        let mut parts = v.split(':');
        let (sig, nth, group) = (parts.next(), parts.next(), parts.next() == Some("group"));
        if parts.next().unwrap_or("temporary") != moment {
            return;
        }
        let (sig, name) = match sig {
            Some("TERM") => (signal_hook::consts::SIGTERM, "-TERM"),
            _ => (signal_hook::consts::SIGINT, "-INT"),
        };
        if SEEN.fetch_add(1, Ordering::SeqCst) + 1 != nth.and_then(|n| n.parse().ok()).unwrap_or(1)
        {
            return;
        }
        if group {
            let _ = std::process::Command::new("kill")
                .args([name, "0"])
                .status();
        } else {
            let _ = signal_hook::low_level::raise(sig);
        }
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_goes_with_the_journal_sqlite_kept_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".tenkai-x.partial");
        std::fs::write(&tmp, b"half a copy").unwrap();
        std::fs::write(dir.path().join(".tenkai-x.partial-journal"), b"j").unwrap();
        std::fs::write(dir.path().join("keep.sqlite-journal"), b"other").unwrap();
        remove_temporary(&tmp).unwrap();
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["keep.sqlite-journal"]);
        assert_eq!(
            remove_temporary(&tmp).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
    }

    #[test]
    fn the_clean_up_removes_each_temporary_file_and_names_each_path_once() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".tenkai-x.partial");
        std::fs::write(&tmp, b"half").unwrap();
        let out = dir.path().join("FY2017Q4.ja.pdf");
        let mut entries = vec![
            Entry {
                id: 1,
                path: out.clone(),
                tmp: None,
            },
            Entry {
                id: 2,
                path: out.clone(),
                tmp: Some(tmp.clone()),
            },
            Entry {
                id: 3,
                path: dir.path().join("FY2017Q4.en.pdf"),
                tmp: None,
            },
        ];
        let lines = clean_up(&mut entries);
        assert!(!tmp.exists(), "the temporary file is removed");
        assert!(entries.is_empty());
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("FY2017Q4.ja.pdf") && lines[0].contains("removed"));
        assert!(lines[1].contains("FY2017Q4.en.pdf"), "{lines:?}");
        assert!(!lines[1].contains("removed"), "{lines:?}");
        assert!(!out.exists());
    }

    #[test]
    fn a_temporary_file_is_made_and_an_export_row_started_under_the_interrupts_locks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.pdf");
        let (tmp, mark) = temporary(&path, || {
            assert!(
                MAKING.try_lock().is_err(),
                "made under the interrupt's lock"
            );
            tempfile::NamedTempFile::new_in(dir.path())
        })
        .unwrap();
        assert!(making()
            .iter()
            .any(|e| e.tmp.as_deref() == Some(tmp.path())));
        drop(mark);
        let (id, row) = logging(dir.path(), Some(&path), || {
            assert!(
                LOGGING.try_lock().is_err(),
                "started under the interrupt's lock"
            );
            Ok::<i64, ()>(7)
        })
        .unwrap();
        assert_eq!(id, 7);
        let listed = |r: &Row| r.db == dir.path() && r.id == 7;
        assert!(LOGGING.lock().unwrap().iter().any(listed));
        drop(row);
        assert!(!LOGGING.lock().unwrap().iter().any(listed));
    }

    #[test]
    fn a_file_once_placed_is_no_longer_named_as_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("placed.html");
        let _rendering = making_of(&path);
        let (id, _row) = logging(dir.path(), Some(&path), || Ok::<i64, ()>(11)).unwrap();
        let (tmp, mark) = temporary(&path, || tempfile::NamedTempFile::new_in(dir.path())).unwrap();
        placing(mark, || tmp.persist(&path)).unwrap();
        // An interrupt now would not name it, and would finish its row as written.
        assert!(logging_rows()
            .iter()
            .any(|r| r.id == id && r.db == dir.path() && r.placed));
        assert!(
            making().iter().all(|e| e.path != path),
            "the placed path is forgotten"
        );
        assert!(path.exists());
    }

    #[test]
    fn an_interrupt_finishes_a_placed_files_row_as_written_and_the_others_as_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.sqlite");
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(
                "CREATE TABLE export_log (id INTEGER PRIMARY KEY, status TEXT, error TEXT, finished_at TEXT, bytes INTEGER, sha256 TEXT);
                 INSERT INTO export_log (id, status) VALUES (1, 'running'), (2, 'running');",
            )
            .unwrap();
        let placed_file = dir.path().join("q.pdf");
        std::fs::write(&placed_file, b"%PDF-1.7 whole").unwrap();
        let row = |id, file: &Path, placed| Row {
            db: db.clone(),
            id,
            file: Some(file.to_path_buf()),
            placed,
        };
        let rows = vec![
            row(1, &placed_file, true),
            row(2, &dir.path().join("r.pdf"), false),
        ];
        let unfinished = finish_logged(rows, "SIGINT");
        assert_eq!(unfinished, "");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let get = |id: i64| -> (String, Option<String>, Option<i64>, Option<String>) {
            conn.query_row(
                "SELECT status, error, bytes, sha256 FROM export_log WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
        };
        let (len, sha) = super::super::file_sha256(&placed_file).unwrap();
        assert_eq!(get(1), ("ok".into(), None, Some(len as i64), Some(sha)));
        let (status, error, ..) = get(2);
        assert_eq!(status, "failed");
        assert!(error
            .unwrap()
            .starts_with("interrupted: the process was stopped (SIGINT)"));
    }
}

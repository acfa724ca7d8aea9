//! One runner at a time: a lock file beside the database, held for the whole run, and the
//! clean-up after a runner that was killed.

use crate::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The runner lock: a file beside the database, locked for the whole run.
pub struct RunnerLock {
    _file: std::fs::File,
}

/// Whether to wait for another runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for the other runner, but no longer than this; then give up with an error.
    For(std::time::Duration),
    /// Leave the work to the other runner.
    No,
}

fn lock_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".schedule.lock");
    PathBuf::from(p)
}

/// Takes the runner lock; `Ok(None)` when another runner holds it and `wait` is No.
pub fn lock(db: &Path, wait: Wait, on_wait: impl FnOnce()) -> Result<Option<RunnerLock>> {
    lock_unless(db, wait, &AtomicBool::new(false), on_wait)
}

/// [`lock`], but a wait for another runner ends (`Ok(None)`) as soon as `stop` turns true: a
/// runner that stops between files on a signal is not kept waiting by it.
pub fn lock_unless(
    db: &Path,
    wait: Wait,
    stop: &AtomicBool,
    on_wait: impl FnOnce(),
) -> Result<Option<RunnerLock>> {
    let path = lock_path(db);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open the runner lock {}", path.display()), e))?;
    let limit = match wait {
        Wait::For(limit) => limit,
        Wait::No => std::time::Duration::ZERO,
    };
    let until = std::time::Instant::now() + limit;
    let mut on_wait = Some(on_wait);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(RunnerLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock)
                if wait == Wait::No || stop.load(Ordering::SeqCst) =>
            {
                return Ok(None)
            }
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() >= until => {
                return Err(Error::Invalid(format!(
                    "another schedule runner has held {} for {} s, longer than --wait allows; giving up so that runs do not pile up. If no tenkai runner is active, the lock is released when its process ends.",
                    path.display(),
                    limit.as_secs()
                )))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                if let Some(tell) = on_wait.take() {
                    tell();
                }
                // A plain sleep between tries: the lock has no timed wait of its own.
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::io(format!("cannot lock {}", path.display()), e))
            }
        }
    }
}

/// The lock that an export's own process (see `super::child`) holds for its life, beside the
/// database. A runner takes it (waiting) before [`recover`]: an export whose runner was killed
/// finishes first, so its rows are not taken for interrupted ones while it still writes them.
pub struct ChildLock {
    _file: std::fs::File,
}

/// Takes the export processes' lock, waiting for the one that holds it.
pub fn child_lock(db: &Path) -> Result<ChildLock> {
    let mut p = lock_path(db).into_os_string();
    p.push(".child");
    let path = PathBuf::from(p);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open the export lock {}", path.display()), e))?;
    file.lock()
        .map_err(|e| Error::io(format!("cannot lock {}", path.display()), e))?;
    Ok(ChildLock { _file: file })
}

/// Cleans up after a runner that was killed: its 'running' rows become failures marked
/// `interrupted:` (retried at once, without back-off), and its temporary files are removed.
/// Call with the runner lock held.
pub fn recover(conn: &Connection, out_dir: &Path) -> Result<usize> {
    let n = crate::store::export_log::interrupt_running(conn)?;
    remove_partials(out_dir);
    Ok(n)
}

fn remove_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            remove_partials(&p);
        } else if e.file_name().to_string_lossy().starts_with(".tenkai-")
            && p.extension().is_some_and(|x| x == "partial")
        {
            let _ = std::fs::remove_file(&p);
        }
    }
}

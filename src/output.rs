//! The one output rule: every path tenkai writes (renders, listings, `sql`, `export`,
//! `import template`, `backup`, errata sheets, man pages) is checked here before anything is
//! written, and written here, atomically.
//!
//! A path is refused when writing it would destroy something:
//! - the database, or its `-wal`, `-shm` or `-journal` file, however the path is spelt (the
//!   canonical folder is compared, and the device and inode, which also catches a hard link);
//! - a symbolic link, a FIFO, a device or a folder;
//! - a file the export log names as exported (a file tenkai sent): never written over, even with
//!   `--force`; a new version of a report goes beside it (see `render`);
//! - any other existing file, unless `--force`, or unless a trial run wrote it and it is unchanged
//!   since (see [`trial`]).
//!
//! A file is written to a temporary file in the same folder, synced, and renamed into place, so a
//! reader never sees half a file and a failure leaves the old file (or none) as it was.

pub mod interrupt;
pub mod trial;

use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a path is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Rule<'a> {
    /// The database file: it, its sidecar files and the files its export log names are guarded.
    pub db: &'a Path,
    /// Whether an existing file (that tenkai did not export) may be replaced.
    pub force: bool,
}

/// What is at a path that passed the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing: the file is new.
    Nothing,
    /// A regular file, replaced with `--force`.
    Replaceable,
}

/// The export that logged the file at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub id: i64,
    pub report: String,
    pub period: String,
    pub lang: String,
    pub format: String,
    pub known_at: String,
    pub sha256: String,
}

/// Checks a path before anything is written to it: see the module's documentation. `log` is a
/// connection to the database when the caller holds one; otherwise the log is read from the
/// database file, when there is one.
pub fn check(path: &Path, rule: Rule<'_>, log: Option<&Connection>) -> Result<Found> {
    refuse_database(path, rule.db)?;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        // Nothing there (or a file where a folder should be): the write says what is wrong.
        Err(e) if nothing_there(&e) => return Ok(Found::Nothing),
        Err(e) => return Err(Error::io(format!("cannot inspect {}", path.display()), e)),
    };
    refuse_kind(path, &meta)?;
    refuse_live_database(path)?;
    if let Some(l) = logged(path, rule.db, log)? {
        return Err(Error::Usage(format!(
            "{} is a file tenkai exported (export {}: {} {} {} {}, in the export log); a logged file is never written over, not even with --force, so that the log stays true. Choose another path; to send a new version of the report, render it without --out: the new version is written beside the sent file.",
            path.display(),
            l.id,
            l.report,
            l.period,
            l.lang,
            l.format,
        )));
    }
    // A file whose export was stopped before it was logged as done (a kill between the rename
    // and the log's update) is tenkai's own: the retry replaces it.
    if rule.force
        || named(path, rule.db, log, "running")?.is_some()
        || interrupted(path, rule.db, log)?
    {
        return Ok(Found::Replaceable);
    }
    match trial::state(path)? {
        trial::Trial::Unchanged => return Ok(Found::Replaceable),
        trial::Trial::Changed => {
            return Err(Error::Usage(format!(
                "{} was written by a trial run (`schedule run --dry-run`) and has changed since, so tenkai will not replace it. Move it away or choose another path.",
                path.display()
            )))
        }
        trial::Trial::NotListed => {}
    }
    Err(Error::Usage(format!(
        "{} already exists and tenkai did not write it, so it will not replace it. Move it away or choose another path; or, in a command that takes --force (`report render`, `export`, a listing's --out), pass --force to replace it.",
        path.display()
    )))
}

/// Whether a failure to read a path means that nothing is there: no file, or a file where a
/// folder on the way should be.
fn nothing_there(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}

/// Refuses a file with SQLite's write-ahead log or shared memory beside it: another database,
/// in use or left so by a crash. Written over, its log would be replayed onto the new file.
fn refuse_live_database(path: &Path) -> Result<()> {
    for side in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(side);
        if std::fs::symlink_metadata(&p).is_ok() {
            return Err(Error::Usage(format!(
                "{} has {} beside it: it is an SQLite database in use (or left so by a crash), and writing over it would corrupt it. Choose another path.",
                path.display(),
                PathBuf::from(p).display()
            )));
        }
    }
    Ok(())
}

/// The length and SHA-256 of a regular file, read in pieces; `Err` says why there is none (gone,
/// or a link, FIFO, device or folder, which is never read: a FIFO would never end).
pub fn file_sha256(path: &Path) -> std::result::Result<(u64, String), String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let meta = std::fs::symlink_metadata(path).map_err(|_| "missing".to_string())?;
    if !meta.file_type().is_file() {
        return Err("not a regular file any more (a link, FIFO, device or folder)".into());
    }
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let (mut hasher, mut buf, mut len) = (Sha256::new(), vec![0u8; 1 << 16], 0u64);
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("cannot be read: {e}"))?;
        if n == 0 {
            break;
        }
        len += n as u64;
        hasher.update(&buf[..n]);
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok((len, hex))
}

/// Refuses a symbolic link, a folder, a FIFO or a device.
fn refuse_kind(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(Error::Usage(format!(
            "{} is a symbolic link; tenkai does not write through or over links. Give the real path.",
            path.display()
        )));
    }
    if !kind.is_file() {
        return Err(Error::Usage(format!(
            "{} exists and is not a regular file (a folder, a device or a FIFO); tenkai will not replace it. Choose another path.",
            path.display()
        )));
    }
    Ok(())
}

/// Refuses the database and its sidecar files, by canonical path and by device and inode.
fn refuse_database(path: &Path, db: &Path) -> Result<()> {
    if is_database_file(path, db) {
        return Err(Error::Usage(format!(
            "{} is the database {} (or one of its -wal, -shm or -journal files); tenkai never writes over it, not even with --force. Choose another path.",
            path.display(),
            db.display()
        )));
    }
    Ok(())
}

/// A path with its folder made canonical (the file itself may not exist, or may be a link).
fn canonical(p: &Path) -> Option<PathBuf> {
    let name = p.file_name()?;
    let dir = match p.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.canonicalize().ok()?,
        None => std::env::current_dir().ok()?.canonicalize().ok()?,
    };
    Some(dir.join(name))
}

/// The path an export is logged under: absolute, its folder made canonical (or, for a folder
/// not made yet, made absolute as written), so that the log names the same file from whatever
/// folder tenkai runs in.
pub fn anchored(p: &Path) -> Result<PathBuf> {
    match canonical(p) {
        Some(c) => Ok(c),
        None => std::path::absolute(p)
            .map_err(|e| Error::io(format!("cannot make {} absolute", p.display()), e)),
    }
}

/// A logged path as a person reads it: relative to the current folder when it lies under it
/// (`exports/quarterly/FY2017Q4.ja.html`), otherwise as logged.
pub fn shown(p: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => relative_to(p, &cwd),
        Err(_) => p.to_path_buf(),
    }
}

/// A logged path relative to the folder `dir` when it lies under it, otherwise as logged.
pub fn relative_to(p: &Path, dir: &Path) -> PathBuf {
    let dir = dir.canonicalize().ok();
    match dir.and_then(|d| p.strip_prefix(d).ok().map(Path::to_path_buf)) {
        Some(rel) if !rel.as_os_str().is_empty() => rel,
        _ => p.to_path_buf(),
    }
}

/// Whether two paths name the same existing file (same device and inode: a hard link too).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Whether `path` is the database file or one of SQLite's files beside it.
pub fn is_database_file(path: &Path, db: &Path) -> bool {
    let (out, dbc) = (canonical(path), canonical(db));
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if same_file(path, &side) {
            return true;
        }
        match (&out, &dbc) {
            (Some(out), Some(dbc)) => {
                let mut s = dbc.clone().into_os_string();
                s.push(suffix);
                out.as_os_str() == s
            }
            _ => false,
        }
    })
}

/// The newest successful export whose logged path names this file, however either is spelt
/// (relative to the current folder or absolute, or another name of the same file).
pub fn logged(path: &Path, db: &Path, log: Option<&Connection>) -> Result<Option<Logged>> {
    named(path, db, log, "ok")
}

/// Whether an export that the runner found stopped (logged `interrupted:`) names this file.
fn interrupted(path: &Path, db: &Path, log: Option<&Connection>) -> Result<bool> {
    Ok(named(path, db, log, "interrupted")?.is_some())
}

/// The newest export of `status` (or `interrupted`: failed as interrupted) whose logged path names this file (see [`logged`]).
fn named(path: &Path, db: &Path, log: Option<&Connection>, status: &str) -> Result<Option<Logged>> {
    let opened;
    let conn = match log {
        Some(c) => c,
        None => {
            if !db.is_file() {
                return Ok(None);
            }
            opened = Connection::open_with_flags(
                db,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            &opened
        }
    };
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(None);
    };
    let target = canonical(path);
    for row in crate::store::export_log::by_file_name(conn, name, status)? {
        let logged_path = PathBuf::from(&row.path);
        let same = logged_path == path
            || (target.is_some() && canonical(&logged_path) == target)
            || same_file(&logged_path, path);
        if same {
            return Ok(Some(Logged {
                id: row.id,
                report: row.report,
                period: row.period,
                lang: row.lang,
                format: row.format,
                known_at: row.known_at,
                sha256: row.sha256,
            }));
        }
    }
    Ok(None)
}

/// The `n`th version of a path, beside it: `FY2017Q4.ja.pdf` → `FY2017Q4.ja.v2.pdf`.
pub fn version(path: &Path, n: u32) -> PathBuf {
    if n <= 1 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.v{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}.v{n}"),
    };
    path.with_file_name(name)
}

/// Checks a folder that tenkai writes files into (`man --dir`): not the database, not a link, a
/// folder if it exists.
pub fn check_folder(dir: &Path, db: &Path) -> Result<()> {
    refuse_database(dir, db)?;
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Usage(format!(
            "{} is a symbolic link; tenkai does not write through links. Give the real folder.",
            dir.display()
        ))),
        Ok(m) if !m.is_dir() => Err(Error::Usage(format!(
            "{} exists and is not a folder; give a folder (it is created if it does not exist).",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// The folder a file goes into (created if missing).
fn folder_of(path: &Path) -> Result<&Path> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create the folder {}", dir.display()), e))?;
    Ok(dir)
}

/// A file being written: a temporary file beside its path, put in place by [`Pending::finish`]
/// only when complete (dropped unfinished, it is removed and the path is left as it was).
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    replace: bool,
    /// Names the temporary file to an interrupt, which removes it ([`interrupt`]).
    mark: interrupt::Making,
}

impl Pending {
    /// Starts a file at `path` that passed [`check`] (`found` is what the check found there).
    pub fn create(path: &Path, found: Found) -> Result<Pending> {
        let dir = folder_of(path)?;
        let (tmp, mark) = interrupt::temporary(path, || {
            tempfile::Builder::new()
                .prefix(".tenkai-")
                .suffix(".partial")
                .tempfile_in(dir)
        })
        .map_err(|e| {
            Error::io(
                format!(
                    "cannot create a file in {} (is it writable, is the disk full?)",
                    dir.display()
                ),
                e,
            )
        })?;
        Ok(Pending {
            tmp,
            path: path.to_path_buf(),
            replace: found == Found::Replaceable,
            mark,
        })
    }

    /// The temporary file's path (for a writer that takes a path, such as SQLite's VACUUM INTO).
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// Syncs the file and renames it into place. A new file never replaces one that appeared
    /// at the path meanwhile.
    pub fn finish(self) -> Result<()> {
        let full = |e| {
            Error::io(
                format!("cannot write {} (is the disk full?)", self.path.display()),
                e,
            )
        };
        self.tmp.as_file().flush().map_err(full)?;
        // Readable like any other file tenkai writes (a temporary file starts private, 0600).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = self
                .tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        self.tmp.as_file().sync_all().map_err(full)?;
        let (path, tmp, replace) = (self.path, self.tmp, self.replace);
        let placed = interrupt::placing(self.mark, || {
            if replace {
                tmp.persist(&path)
            } else {
                tmp.persist_noclobber(&path)
            }
        });
        placed.map_err(|e| {
            Error::io(
                format!(
                    "cannot move the finished file to {} (did another program create it meanwhile?)",
                    path.display()
                ),
                e.error,
            )
        })?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.as_file_mut().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.as_file_mut().flush()
    }
}

/// Checks a path and writes bytes to it atomically: the whole rule in one call.
pub fn write(path: &Path, bytes: &[u8], rule: Rule<'_>, log: Option<&Connection>) -> Result<()> {
    let found = check(path, rule, log)?;
    write_checked(path, bytes, found)
}

/// Writes bytes atomically to a path that passed [`check`].
pub fn write_checked(path: &Path, bytes: &[u8], found: Found) -> Result<()> {
    let mut p = Pending::create(path, found)?;
    p.write_all(bytes).map_err(|e| {
        Error::io(
            format!("cannot write {} (is the disk full?)", path.display()),
            e,
        )
    })?;
    p.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_goes_before_the_extension() {
        let p = Path::new("exports/q/FY2017Q4.ja.pdf");
        assert_eq!(version(p, 1), p);
        assert_eq!(version(p, 2), Path::new("exports/q/FY2017Q4.ja.v2.pdf"));
        assert_eq!(version(Path::new("x"), 3), Path::new("x.v3"));
    }

    #[test]
    fn the_database_is_found_under_another_spelling_and_through_a_hard_link() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.sqlite");
        std::fs::write(&db, b"db").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let odd = dir.path().join("sub/../t.sqlite");
        assert!(is_database_file(&odd, &db));
        assert!(is_database_file(&dir.path().join("t.sqlite-wal"), &db));
        let hard = dir.path().join("other-name");
        std::fs::hard_link(&db, &hard).unwrap();
        assert!(is_database_file(&hard, &db));
        assert!(!is_database_file(&dir.path().join("t.sqlite.bak"), &db));
    }
}

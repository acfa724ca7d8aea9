//! A folder channel: each file written to the folder (a shared drive) under a temporary name,
//! synced, then linked to its name, which fails if a file is there: a file is never replaced.
//! A file already there with the same bytes (written by an attempt whose process was killed
//! before it logged) counts as written.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` as `dir/name`, never over an existing file and never as the database `db` or
/// one of SQLite's files beside it, and gives the path.
pub fn write(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    sha256: &str,
    db: Option<&Path>,
) -> Result<PathBuf, String> {
    let meta = std::fs::metadata(dir).map_err(|e| {
        format!(
            "the delivery folder {} cannot be used: {e}; create it or correct path",
            dir.display()
        )
    })?;
    if !meta.is_dir() {
        return Err(format!(
            "the delivery folder {} is not a folder",
            dir.display()
        ));
    }
    let dest = dir.join(name);
    if db.is_some_and(|db| crate::output::is_database_file(&dest, db)) {
        return Err(format!(
            "{} is the database or one of SQLite's files beside it, which a delivery never writes: give the channel another folder, or file_name another name",
            dest.display()
        ));
    }
    if std::fs::symlink_metadata(&dest).is_ok() {
        return match crate::output::file_sha256(&dest) {
            Ok((_, h)) if h == sha256 => Ok(dest),
            _ => Err(format!(
                "{} already exists with other contents; a delivered file is never replaced. Move it away, or give the channel another folder",
                dest.display()
            )),
        };
    }
    let tmp = dir.join(format!(".{name}.tenkai-{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(dir, &e));
    }
    // A hard link makes the name atomically and fails if it exists; a share without hard links
    // gets a rename, after the check above.
    let placed = match std::fs::hard_link(&tmp, &dest) {
        Ok(()) => std::fs::remove_file(&tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!(
                "{} appeared while it was written; a delivered file is never replaced",
                dest.display()
            ));
        }
        Err(_) => std::fs::rename(&tmp, &dest),
    };
    placed.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        write_error(dir, &e)
    })?;
    Ok(dest)
}

/// What a failed write means for the person who reads the log.
fn write_error(dir: &Path, e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(28) => format!(
            "the delivery folder {} is full (no space left on the device); nothing was left half-written",
            dir.display()
        ),
        Some(30) => format!(
            "the delivery folder {} is on a read-only file system",
            dir.display()
        ),
        Some(13) => format!(
            "the delivery folder {} cannot be written to (permission denied)",
            dir.display()
        ),
        _ => format!("cannot write to the delivery folder {}: {e}", dir.display()),
    }
}

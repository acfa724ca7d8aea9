//! Where `report render --draft` writes: one `tenkai-drafts` folder in the system's temporary
//! folder, a new folder inside it for each draft. The files stay after the command ends (the
//! author opens them); a draft folder is removed by a later draft once nothing in it has changed
//! for [`KEEP`], so drafts do not pile up and none is removed while it may still be read.

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How long a draft is kept after its last change.
pub const KEEP: chrono::Duration = chrono::Duration::days(1);

/// The folder of every draft: `tenkai-drafts` in the temporary folder.
pub fn root() -> PathBuf {
    std::env::temp_dir().join("tenkai-drafts")
}

/// A new folder for a draft, made at `now` (tenkai's clock), after the drafts older than
/// [`KEEP`] are removed.
pub fn new_folder(now: DateTime<Utc>) -> Result<PathBuf> {
    let root = root();
    match std::fs::symlink_metadata(&root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::Invalid(format!(
                "{} exists and is not a folder (a link or a file); tenkai writes drafts only into its own folder. Remove it, or give --out.",
                root.display()
            )))
        }
        Err(_) => std::fs::create_dir_all(&root).map_err(|e| {
            Error::io(format!("cannot create the drafts folder {}", root.display()), e)
        })?,
    }
    prune(&root, now);
    let dir = tempfile::Builder::new()
        .prefix(&format!("{}-", now.format("%Y%m%dT%H%M%S")))
        .tempdir_in(&root)
        .map_err(|e| Error::io(format!("cannot create a folder in {}", root.display()), e))?;
    Ok(dir.keep())
}

/// Removes the draft folders under `root` whose newest change is older than [`KEEP`] at `now`.
/// A folder that cannot be read or removed is left as it is.
pub fn prune(root: &Path, now: DateTime<Utc>) -> usize {
    let Ok(entries) = std::fs::read_dir(root) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        // Only folders: a link or a file someone put here is not a draft.
        if !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Some(changed) = newest_change(&e.path()) else {
            continue;
        };
        if now - DateTime::<Utc>::from(changed) > KEEP && std::fs::remove_dir_all(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// The latest modification time of a folder and everything under it.
fn newest_change(dir: &Path) -> Option<SystemTime> {
    let mut newest = std::fs::symlink_metadata(dir).ok()?.modified().ok()?;
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let t = if e.file_type().ok()?.is_dir() {
            newest_change(&e.path())?
        } else {
            e.metadata().ok()?.modified().ok()?
        };
        newest = newest.max(t);
    }
    Some(newest)
}

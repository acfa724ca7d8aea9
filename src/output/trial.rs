//! The files a trial run wrote: `schedule run --dry-run --out-dir DIR` writes each report it
//! would export, logs nothing, and lists each file in `.tenkai-trial` in the file's folder, one
//! line per file as `sha256sum` prints it (`HASH  NAME`; `sha256sum -c .tenkai-trial` checks
//! them).
//!
//! The list is what lets a later trial, or the real run, replace a trial's file: the export log
//! does not name it, so without the list it would be an unknown file, refused so as not to
//! destroy something a person made. A file the list names with the hash it still has was written
//! by tenkai and changed by no one since; a file changed since is refused like any other.

use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// The list's file name, in each folder a trial wrote into.
pub const LIST: &str = ".tenkai-trial";

/// What the trial list says of an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trial {
    /// Not listed: not a trial's file.
    NotListed,
    /// Written by a trial and unchanged since.
    Unchanged,
    /// Written by a trial and changed since (by a person, or another program).
    Changed,
}

/// What the list beside `path` says of the file at `path`.
pub fn state(path: &Path) -> Result<Trial> {
    let Some((list, name)) = list_of(path) else {
        return Ok(Trial::NotListed);
    };
    let Some(lines) = read(&list)? else {
        return Ok(Trial::NotListed);
    };
    let Some((hash, _)) = lines.iter().find(|(_, n)| *n == name) else {
        return Ok(Trial::NotListed);
    };
    Ok(match super::file_sha256(path) {
        Ok((_, now)) if now == *hash => Trial::Unchanged,
        _ => Trial::Changed,
    })
}

/// Lists the file at `path`, just written by a trial with this SHA-256, in its folder's list
/// (replacing any line for the same name). The list is rewritten atomically.
pub fn record(path: &Path, sha256: &str) -> Result<()> {
    edit(path, |lines, name| {
        lines.retain(|(_, n)| *n != name);
        lines.push((sha256.to_string(), name));
    })
}

/// Takes the file at `path` off its folder's list, before an export that is logged writes it: a
/// sent file must never pass for a trial's (a trial run from a copy of the database, whose log
/// does not name the send, would replace it). The list goes once it names nothing.
pub fn forget(path: &Path) -> Result<()> {
    edit(path, |lines, name| lines.retain(|(_, n)| *n != name))
}

/// Changes the list beside `path` (`change` is given its lines and the file's name), and
/// rewrites it atomically if that changed anything: removed once it names nothing, made only
/// when there is a line to write.
fn edit(path: &Path, change: impl FnOnce(&mut Vec<(String, String)>, String)) -> Result<()> {
    let Some((list, name)) = list_of(path) else {
        return Ok(());
    };
    let before = read(&list)?;
    let mut lines = before.clone().unwrap_or_default();
    change(&mut lines, name);
    if Some(&lines) == before.as_ref() || (lines.is_empty() && before.is_none()) {
        return Ok(());
    }
    if lines.is_empty() {
        return std::fs::remove_file(&list)
            .map_err(|e| Error::io(format!("cannot remove {}", list.display()), e));
    }
    let text: String = lines.iter().map(|(h, n)| format!("{h}  {n}\n")).collect();
    let found = if before.is_some() {
        super::Found::Replaceable
    } else {
        super::Found::Nothing
    };
    super::write_checked(&list, text.as_bytes(), found)
}

/// The list beside `path` and the file's name in it; none for a name that a `sha256sum` line
/// cannot hold as it is (a line break or a backslash in it).
fn list_of(path: &Path) -> Option<(PathBuf, String)> {
    let name = path.file_name()?.to_str()?;
    if name == LIST || name.contains(['\n', '\r', '\\']) {
        return None;
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    Some((folder.join(LIST), name.to_string()))
}

/// The list's (hash, name) lines, or `None` when there is no list. A file of that name that is
/// not such a list is refused, never rewritten.
fn read(list: &Path) -> Result<Option<Vec<(String, String)>>> {
    let text = match std::fs::read(list) {
        Ok(bytes) => bytes,
        // No list: none there, or no folder there (the write then says what is wrong).
        Err(e) if super::nothing_there(&e) => return Ok(None),
        Err(e) => return Err(Error::io(format!("cannot read {}", list.display()), e)),
    };
    let not_ours = || {
        Error::Usage(format!(
            "{} is not the list of trial files that `schedule run --dry-run` writes (lines of a SHA-256 and a file name). Move it away: tenkai keeps that name for the list.",
            list.display()
        ))
    };
    let text = String::from_utf8(text).map_err(|_| not_ours())?;
    text.lines()
        .map(|line| {
            let (hash, name) = line.split_once("  ").ok_or_else(not_ours)?;
            let hex = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
            if !hex || name.is_empty() {
                return Err(not_ours());
            }
            Ok((hash.to_ascii_lowercase(), name.to_string()))
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(bytes))
    }

    #[test]
    fn a_listed_file_is_unchanged_until_someone_edits_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("FY2017Q4.ja.pdf");
        std::fs::write(&file, b"%PDF trial").unwrap();
        assert_eq!(state(&file).unwrap(), Trial::NotListed);

        record(&file, &sha(b"%PDF trial")).unwrap();
        assert_eq!(state(&file).unwrap(), Trial::Unchanged);
        let list = std::fs::read_to_string(dir.path().join(LIST)).unwrap();
        assert_eq!(list, format!("{}  FY2017Q4.ja.pdf\n", sha(b"%PDF trial")));

        std::fs::write(&file, b"%PDF edited by hand").unwrap();
        assert_eq!(state(&file).unwrap(), Trial::Changed);
    }

    #[test]
    fn a_second_trial_replaces_its_line_and_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
        record(&a, &sha(b"1")).unwrap();
        record(&b, &sha(b"2")).unwrap();
        record(&a, &sha(b"3")).unwrap();
        let list = std::fs::read_to_string(dir.path().join(LIST)).unwrap();
        assert_eq!(
            list,
            format!("{}  b.html\n{}  a.html\n", sha(b"2"), sha(b"3"))
        );
    }

    #[test]
    fn a_file_taken_off_the_list_is_no_trials_and_the_empty_list_goes() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        std::fs::write(&a, b"same bytes as the send").unwrap();
        std::fs::write(&b, b"b").unwrap();
        record(&a, &sha(b"same bytes as the send")).unwrap();
        record(&b, &sha(b"b")).unwrap();
        forget(&a).unwrap();
        assert_eq!(state(&a).unwrap(), Trial::NotListed);
        assert_eq!(state(&b).unwrap(), Trial::Unchanged);
        forget(&b).unwrap();
        assert!(!dir.path().join(LIST).exists());
        forget(&b).unwrap();
    }

    #[test]
    fn a_file_of_the_lists_name_that_is_not_a_list_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join(LIST);
        std::fs::write(&list, "my notes\n").unwrap();
        let file = dir.path().join("a.pdf");
        let err = record(&file, &sha(b"x")).unwrap_err().to_string();
        assert!(err.contains("is not the list of trial files"), "{err}");
        assert!(state(&file).is_err());
        assert_eq!(std::fs::read_to_string(&list).unwrap(), "my notes\n");
    }
}

//! Delivery: a report's sends carried to its readers, by mail (SMTP over TLS) or into a shared
//! folder, as a definition's `[delivery]` says, each logged in `delivery_log`.
//!
//! Never silently twice, never silently lost: an attempt is logged 'sending' (synced to disk)
//! before the network step and 'ok' once the server took the mail or the files are in place. A
//! process killed in between leaves 'sending', which the next runner turns into 'unknown': not
//! resent on its own, listed by `schedule verify`, until `schedule deliver --resend ID` (or
//! `--settle ID`) decides. Every fault (an unreachable server, a refused login or recipient, a
//! certificate that does not verify, an attachment over the limit, a missing, read-only or full
//! folder) is a 'failed' row with a message that says what to do, never a crash.
//!
//! The module sits above the report, beside `schedule`: it reads the report's definition and
//! its context (the period and figures its templates may use). `schedule` and the cli call it;
//! it calls neither.
//!
//! The rooms: [`config`] the `[delivery]` section; [`message`] the words, names and the mail;
//! [`smtp`] the mail server; [`folder`] the shared folder; [`plan`] what is due; `correction`
//! the notice that carries an errata sheet; `decide` a person's decision about an undecided one.

pub mod config;
mod correction;
mod decide;
mod folder;
pub mod message;
pub mod plan;
pub mod smtp;

pub use config::{Channel, Delivery, Via};
pub use correction::{deliverable, notify};
pub use decide::{resend, settle, settle_interrupted};
pub use plan::{due, Due, Planned, Reading};

use crate::dates::ts;
use crate::report::Definition;
use crate::store::delivery_log::{self, Attempt, File, Key};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A file to deliver: the export it is (none for an errata sheet), where it is, the name it
/// goes under, its format, and the SHA-256 the export log holds for it.
#[derive(Debug, Clone)]
pub struct Source {
    pub export_id: Option<i64>,
    pub path: PathBuf,
    pub name: String,
    pub format: String,
    pub sha256: String,
}

/// What is delivered: the scheduled report, or a correction notice with its errata sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Report,
    Correction,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Report => "report",
            Purpose::Correction => "correction",
        }
    }
}

/// One delivery: a report's period, on one channel, with its files and the context its
/// templates are rendered on.
pub struct Item<'a> {
    pub def: &'a Definition,
    pub period: String,
    pub channel: &'a Channel,
    pub purpose: Purpose,
    pub files: Vec<Source>,
    /// The context its templates are rendered on, or why there is none.
    pub ctx: std::result::Result<serde_json::Value, String>,
    pub max_bytes: Option<u64>,
}

/// What became of a delivery.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Delivered: the attempt's id and the Message-ID or the paths written.
    Delivered(i64, String),
    /// Failed, logged in this row.
    Failed(i64, String),
    /// Written as an .eml file (a dry run): nothing sent or logged.
    Written(PathBuf),
    /// A dry run's folder delivery: the folder it would write to; nothing written or logged.
    WouldWrite(PathBuf),
    /// Failed before; retried no earlier than this.
    Waiting(DateTime<Utc>),
    /// Left 'unknown' in this row by a process killed mid-delivery: waits for a decision.
    Undecided(i64),
}

/// How to deliver: for real, or into a folder of .eml files and nothing logged (a dry run).
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    Send,
    DryRun(&'a Path),
}

/// The files read and checked against the log: each one's bytes, and its log row.
fn read_files(item: &Item<'_>) -> std::result::Result<(Vec<message::Part>, Vec<File>), String> {
    let (mut parts, mut files) = (Vec::new(), Vec::new());
    for s in &item.files {
        let bytes = std::fs::read(&s.path)
            .map_err(|e| format!("{} cannot be read: {e}", s.path.display()))?;
        let sha = crate::render::sha256_hex(&bytes);
        if sha != s.sha256 {
            return Err(format!(
                "{} changed since it was exported (SHA-256 {sha}, logged {}); a changed file is never delivered: see `tenkai schedule verify`",
                s.path.display(),
                s.sha256
            ));
        }
        files.push(File {
            export_id: s.export_id,
            name: s.name.clone(),
            path: s.path.display().to_string(),
            bytes: bytes.len() as i64,
            sha256: sha,
        });
        parts.push(message::Part {
            name: s.name.clone(),
            format: s.format.clone(),
            bytes,
        });
    }
    let total: u64 = files.iter().map(|f| f.bytes as u64).sum();
    if let Some(max) = item.max_bytes.filter(|m| total > *m) {
        let list: Vec<String> = files
            .iter()
            .map(|f| format!("{} {} bytes", f.name, f.bytes))
            .collect();
        return Err(format!(
            "the attachments weigh {total} bytes together ({}), over the limit of {max} bytes (max_attachments_mb in {}); raise the limit, or attach fewer formats",
            list.join(", "),
            item.def.file.display()
        ));
    }
    Ok((parts, files))
}

/// The subject and body of a mail channel for the item's purpose.
fn words(item: &Item<'_>, mail: &config::Mail) -> Result<(String, String)> {
    let what = |field: &str| {
        format!(
            "{} [delivery.mail.{}] {field}",
            item.def.file.display(),
            item.channel.name
        )
    };
    let (subject, body) = match (item.purpose, &mail.correction) {
        (Purpose::Report, _) => (&mail.subject, &mail.body),
        (Purpose::Correction, Some((s, b))) => (s, b),
        (Purpose::Correction, None) => {
            return Err(Error::Invalid(format!(
                "{}: a correction notice needs correction_subject and correction_body",
                what("")
            )))
        }
    };
    let ctx = item.ctx.as_ref().map_err(|e| Error::Invalid(e.clone()))?;
    Ok((
        message::render(&what("subject"), subject, ctx)?,
        message::render(&what("body"), body, ctx)?,
    ))
}

/// Delivers one item (see the module's documentation); a fault is its outcome, logged.
pub fn deliver(
    conn: &Connection,
    item: &Item<'_>,
    mode: Mode<'_>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let key = Key {
        report: &item.def.name,
        period: &item.period,
        channel: &item.channel.name,
        purpose: item.purpose.as_str(),
    };
    let recipients = item.channel.recipients();
    let at = ts(now);
    let mut attempt = Attempt {
        key,
        kind: item.channel.kind(),
        recipients: &recipients,
        message_id: "",
        files: &[],
        at: &at,
    };
    let (parts, files) = match read_files(item) {
        Ok(x) => x,
        Err(e) => return failed_before(conn, &attempt, mode, e),
    };
    attempt.files = &files;
    match &item.channel.via {
        Via::Mail(mail) => {
            let n = delivery_log::state(conn, &key)?.attempts + 1;
            let id = message::message_id(
                mail,
                [key.report, key.period, key.channel, &n.to_string()],
                now,
            );
            let built = words(item, mail).and_then(|(subject, body)| {
                let letter = message::Letter {
                    subject: &subject,
                    body: &body,
                    message_id: &id,
                };
                message::build(mail, &letter, &parts, now)
            });
            let msg = match built {
                Ok(m) => m,
                Err(e) => return failed_before(conn, &attempt, mode, e.to_string()),
            };
            if let Mode::DryRun(dir) = mode {
                return write_eml(dir, item, &msg.formatted());
            }
            attempt.message_id = &id;
            let logged = delivery_log::start(conn, &attempt)?;
            let sent = smtp::send(mail, &msg);
            finish(conn, logged, sent.map(|()| id.clone()), now)
        }
        Via::Folder(dir) => {
            if let Mode::DryRun(_) = mode {
                return Ok(Outcome::WouldWrite(dir.clone()));
            }
            let paths: Vec<String> = files
                .iter()
                .map(|f| dir.join(&f.name).display().to_string())
                .collect();
            let joined = paths.join("\n");
            attempt.message_id = &joined;
            let logged = delivery_log::start(conn, &attempt)?;
            let written = parts.iter().zip(&files).try_for_each(|(p, f)| {
                let db = conn.path().map(Path::new);
                folder::write(dir, &p.name, &p.bytes, &f.sha256, db).map(|_| ())
            });
            finish(conn, logged, written.map(|()| joined.clone()), now)
        }
    }
}

/// A failure found before any network step: one 'failed' row (none in a dry run).
fn failed_before(
    conn: &Connection,
    a: &Attempt<'_>,
    mode: Mode<'_>,
    error: String,
) -> Result<Outcome> {
    match mode {
        Mode::DryRun(_) => Ok(Outcome::Failed(0, error)),
        Mode::Send => Ok(Outcome::Failed(
            delivery_log::failed_before(conn, a, &error)?,
            error,
        )),
    }
}

/// Logs what became of an attempt. A debug build stops here, before the log, when
/// `TENKAI_DELIVERY_ABORT=after-send` is set: how the tests kill a process between the network
/// step and its log, at a point they can name.
fn finish(
    conn: &Connection,
    attempt: i64,
    done: std::result::Result<String, String>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    #[cfg(debug_assertions)]
    if done.is_ok() && std::env::var("TENKAI_DELIVERY_ABORT").as_deref() == Ok("after-send") {
        std::process::abort();
    }
    let at = ts(crate::dates::now().max(now));
    Ok(match done {
        Ok(id) => {
            delivery_log::finish(conn, attempt, "ok", Some(&id), None, &at)?;
            Outcome::Delivered(attempt, id)
        }
        Err(e) => {
            delivery_log::finish(conn, attempt, "failed", None, Some(&e), &at)?;
            Outcome::Failed(attempt, e)
        }
    })
}

/// A dry run's mail, as an .eml file `DIR/delivery/REPORT/PERIOD.CHANNEL.eml` (a later dry run
/// writes a new one beside it).
fn write_eml(dir: &Path, item: &Item<'_>, bytes: &[u8]) -> Result<Outcome> {
    let folder = dir.join("delivery").join(&item.def.name);
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::io(format!("cannot create {}", folder.display()), e))?;
    let base = format!(
        "{}.{}.{}",
        item.period,
        item.channel.name,
        item.purpose.as_str()
    );
    let mut path = folder.join(format!("{base}.eml"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{base}.{n}.eml"));
        n += 1;
    }
    let mut file = tempfile::NamedTempFile::new_in(&folder)
        .map_err(|e| Error::io(format!("cannot write in {}", folder.display()), e))?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    file.persist_noclobber(&path)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error))?;
    Ok(Outcome::Written(path))
}

//! What is due for delivery: for each report with a `[delivery]`, each period due under its
//! schedule and each channel, the sends the channel carries (exports to the definition's own
//! output path, never a check or a draft), once every one of them is there. A channel already
//! delivered is done; one whose last attempt failed waits for its back-off; one left 'unknown'
//! waits for a decision.

use super::{Channel, Delivery, Item, Purpose, Source};
use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::period::Period;
use crate::report::Definition;
use crate::store::{delivery_log, export_log};
use crate::Result;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use std::path::Path;

/// A report whose sends are delivered, and the periods due under its schedule.
pub struct Due<'a> {
    pub def: &'a Definition,
    pub delivery: Delivery,
    pub periods: Vec<Period>,
}

/// A delivery a run finds: ready to go, waiting for its back-off, or undecided.
pub enum Planned<'a> {
    Ready(Item<'a>),
    Waiting(String, DateTime<Utc>),
    Undecided(String, i64),
}

/// Where the files and the template's context are read from.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    pub conn: &'a Connection,
    pub reports: &'a Path,
    pub db: &'a Path,
}

/// The name of a delivered file, from the definition's `file_name` template.
pub fn name_of(
    d: &Delivery,
    def: &Definition,
    period: &str,
    lang: Lang,
    format: &str,
) -> Result<String> {
    let vars = serde_json::json!({
        "report": def.name, "title": def.title(lang), "period": period,
        "lang": lang.code(), "format": format,
    });
    super::message::file_name(&d.file_name, &vars)
}

/// The context a delivery's templates are rendered on: the report's context in its first
/// language, as known at `known_at` (the send's), with the files' names and the purpose.
pub fn context(
    r: Reading<'_>,
    def: &Definition,
    period: Period,
    known_at: DateTime<Utc>,
    files: &[Source],
    purpose: Purpose,
) -> std::result::Result<serde_json::Value, String> {
    let lang = def.languages.first().copied().unwrap_or(Lang::Ja);
    let req = crate::render::Request {
        reports: r.reports,
        db_path: r.db,
        def,
        period,
        at: AsOf::new(period.end(), known_at),
        lang,
        draft: false,
    };
    let ctx = crate::render::context(r.conn, &req)
        .map_err(|e| format!("the report's context for the mail: {e}"))?;
    let mut v = serde_json::to_value(&ctx).map_err(|e| e.to_string())?;
    if let Some(o) = v.as_object_mut() {
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        o.insert("files".into(), serde_json::json!(names));
        o.insert("purpose".into(), serde_json::json!(purpose.as_str()));
    }
    Ok(v)
}

/// The sends a channel carries for a period, newest version of each language and format, and
/// the known-at of the first; `None` until every one of them has been sent.
fn sends(
    r: Reading<'_>,
    due: &Due<'_>,
    period: &str,
    ch: &Channel,
) -> Result<Option<(Vec<Source>, String)>> {
    let mut out = Vec::new();
    let mut known_at = None;
    for lang in &due.def.languages {
        let sent = export_log::sends(r.conn, &due.def.name, period, lang.code())?;
        for f in &ch.formats {
            let Some(s) = sent.iter().rev().find(|s| &s.format == f) else {
                return Ok(None);
            };
            known_at.get_or_insert_with(|| s.known_at.clone());
            out.push(Source {
                export_id: Some(s.id),
                path: s.path.clone().into(),
                name: name_of(&due.delivery, due.def, period, *lang, f)?,
                format: f.clone(),
                sha256: s.sha256.clone().unwrap_or_default(),
            });
        }
    }
    Ok(known_at.map(|k| (out, k)))
}

/// The delivery of a period's sends on a channel, once every file it carries has been sent.
pub fn item_for<'a>(
    r: Reading<'_>,
    due: &'a Due<'a>,
    p: Period,
    ch: &'a Channel,
    now: DateTime<Utc>,
) -> Result<Option<Item<'a>>> {
    let period = p.to_string();
    let Some((files, known_at)) = sends(r, due, &period, ch)? else {
        return Ok(None);
    };
    let known = crate::dates::parse_instant(&known_at).unwrap_or(now);
    Ok(Some(Item {
        def: due.def,
        period,
        channel: ch,
        purpose: Purpose::Report,
        ctx: context(r, due.def, p, known, &files, Purpose::Report),
        files,
        max_bytes: due.delivery.max_bytes,
    }))
}

/// When a delivery whose last attempt failed is tried again: its last failure plus the back-off
/// for its number of failures; `None` unless its newest row is a failure.
pub fn retry_at(st: &delivery_log::State, retry: fn(i64) -> Duration) -> Option<DateTime<Utc>> {
    if st.latest.as_ref().map(|(_, s)| s.as_str()) != Some("failed") {
        return None;
    }
    let last = crate::dates::parse_instant(st.last_failure.as_deref()?).ok()?;
    Some(last + retry(st.failures))
}

/// Where a channel's deliveries start: the period recorded for it, or, for a channel no run
/// has found yet, the newest period due now (recorded, with `record`), so that a `[delivery]`
/// added to a report sent for years does not deliver every past period. `None` when no period
/// is due yet.
pub fn start(
    r: Reading<'_>,
    due: &Due<'_>,
    ch: &Channel,
    now: DateTime<Utc>,
    record: bool,
) -> Result<Option<Period>> {
    let recorded = delivery_log::start_of(r.conn, &due.def.name, &ch.name)?
        .and_then(|p| Period::parse(&p).ok())
        .filter(|p| p.kind() == due.def.period_kind);
    if recorded.is_some() {
        return Ok(recorded);
    }
    let newest = due.periods.iter().max().copied();
    if let (Some(p), true) = (newest, record) {
        delivery_log::set_start(
            r.conn,
            &due.def.name,
            &ch.name,
            &p.to_string(),
            &crate::dates::ts(now),
        )?;
    }
    Ok(newest)
}

/// Every delivery due at `now` (see the module's documentation), from each channel's start
/// (see [`start`]; recorded with `record`), in the order of `dues` and their channels.
/// `retry` gives the back-off after a number of failures.
pub fn due<'a>(
    r: Reading<'_>,
    dues: &'a [Due<'a>],
    now: DateTime<Utc>,
    retry: fn(i64) -> Duration,
    record: bool,
) -> Result<Vec<Planned<'a>>> {
    let mut out = Vec::new();
    for due in dues {
        for ch in &due.delivery.channels {
            let first = start(r, due, ch, now, record)?;
            for p in due
                .periods
                .iter()
                .filter(|p| first.is_some_and(|f| **p >= f))
            {
                let period = p.to_string();
                let what = format!("{} {} {} ({})", due.def.name, period, ch.name, ch.kind());
                let key = delivery_log::Key {
                    report: &due.def.name,
                    period: &period,
                    channel: &ch.name,
                    purpose: "report",
                };
                let st = delivery_log::state(r.conn, &key)?;
                match st.latest.as_ref().map(|(id, s)| (*id, s.as_str())) {
                    Some((_, "ok")) => continue,
                    Some((id, "unknown" | "sending")) => {
                        out.push(Planned::Undecided(what, id));
                        continue;
                    }
                    _ => {}
                }
                if let Some(at) = retry_at(&st, retry).filter(|at| *at > now) {
                    out.push(Planned::Waiting(what, at));
                    continue;
                }
                if let Some(item) = item_for(r, due, *p, ch, now)? {
                    out.push(Planned::Ready(item));
                }
            }
        }
    }
    Ok(out)
}

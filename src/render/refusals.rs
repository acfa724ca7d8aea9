//! The renders refused before anything is written or logged: a real export whose required
//! narrative is not written, an export as known later than the clock or before the database
//! recorded anything, and a send of a period that has not ended.

use super::Request;
use crate::dates::ts;
use crate::i18n::Lang;
use crate::period::Period;
use crate::report::Definition;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// The definition's required narrative sections (`required_narrative`) that have no text for a
/// period in a language, as known at `known_at`.
pub fn missing_narrative(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    lang: Lang,
    known_at: &str,
) -> Result<Vec<String>> {
    let mut missing = Vec::new();
    for section in &def.required_narrative {
        let text = crate::targets::narrative(conn, period, section, lang, known_at)?;
        if text.is_none_or(|t| t.trim().is_empty()) {
            missing.push(section.clone());
        }
    }
    Ok(missing)
}

/// Refuses a real export whose required narrative is not written: the section is named, with
/// how to write it or render without it.
pub fn refuse_missing_narrative(conn: &Connection, req: &Request<'_>) -> Result<()> {
    let known = req.at.known_at_str();
    let missing = missing_narrative(conn, req.def, &req.period, req.lang, &known)?;
    let Some(section) = missing.first() else {
        return Ok(());
    };
    let heading = req
        .def
        .glossary
        .term(&format!("section.{section}"))
        .map(|t| t.get(req.lang).to_string())
        .unwrap_or_else(|_| section.clone());
    let (period, lang) = (req.period, req.lang.code());
    Err(Error::Invalid(format!(
        "report {} {period} ({lang}): its section \"{heading}\" ({section}) is not written, and a real export needs it (required_narrative in {}). Nothing was written. Write it with `tenkai narrative set --period {period} --section {section} --lang {lang} --file FILE`, or render it marked as not written with --allow-empty, or try it with --draft.",
        req.def.name,
        req.def.file.display()
    )))
}

/// Refuses an export as known later than the record as it stands (the clock, or the newest row
/// when one was stamped a second ahead of it): its log row would claim a knowledge nobody had yet
/// (the same rule as `schedule run --now`). With `before_record` (a `report render`), also one as
/// known before the database recorded anything ([`refuse_before_record`]). The history is read
/// once for both.
pub(super) fn refuse_future(
    conn: &Connection,
    req: &Request<'_>,
    before_record: bool,
) -> Result<()> {
    let span = crate::store::history::recorded_span(conn)?;
    // Compared in whole seconds, as the log keeps them and as the clock reads.
    let clock = span.known_now();
    if req.at.known_at.timestamp() > clock.timestamp() {
        return Err(Error::Usage(format!(
            "--known-at {} is later than the clock ({}): a logged export as known in the future would record a knowledge nobody had yet. Leave --known-at out (a render is as known now), or add --draft to try it without logging.",
            ts(req.at.known_at),
            ts(clock)
        )));
    }
    if before_record {
        refuse_before(req, span.earliest.as_deref())?;
    }
    Ok(())
}

/// Refuses a render as known before the database recorded anything: nothing was known then, and
/// the report would state zeros (0 hubs, 0 meetings) where every value is unknown. Asked for a
/// `report render` (a send, a check or a draft); `schedule run --now` keeps its own clock.
pub fn refuse_before_record(conn: &Connection, req: &Request<'_>) -> Result<()> {
    if ts(req.at.known_at) >= ts(crate::dates::now()) {
        return Ok(()); // as known now: no need to read the history
    }
    refuse_before(
        req,
        crate::store::history::earliest_recorded(conn)?.as_deref(),
    )
}

/// [`refuse_before_record`], given the oldest `recorded_at` of the history.
fn refuse_before(req: &Request<'_>, earliest: Option<&str>) -> Result<()> {
    let known = ts(req.at.known_at);
    if known >= ts(crate::dates::now()) {
        return Ok(());
    }
    match earliest {
        Some(first) if known.as_str() < first => Err(Error::Usage(format!(
            "--known-at {known} is before the database recorded anything (its first row was recorded at {first}): nothing was known then, so there is no report to make as known at that moment. Give a --known-at from {first} on."
        ))),
        _ => Ok(()),
    }
}

/// Refuses a send of a period that has not ended, or taken at a date after today (`started` read
/// as a date in Tokyo): the file at the report's own output path is the period's send, and one
/// rendered early would hold the data of a day before the date it names.
pub(super) fn refuse_early_send(req: &Request<'_>, started: DateTime<Utc>) -> Result<()> {
    let today = crate::dates::tokyo_date(started);
    let end = req.period.end();
    if end <= today && req.at.date <= today {
        return Ok(());
    }
    let what = if end > today {
        format!("{} ends on {end}, after today ({today})", req.period)
    } else {
        format!("the as-of date {} is after today ({today})", req.at.date)
    };
    Err(Error::Invalid(format!(
        "{what}: a render to the report's own output path is the period's send, and a send before that day would hold the data of today under a later date. Nothing was written. To see the report now, add --draft (written elsewhere, not logged, not a send) or write it elsewhere with --out FILE; render it to its own path once the period has ended."
    )))
}

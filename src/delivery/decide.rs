//! The decisions a person makes about a delivery left undecided (or failed): send it again
//! (`schedule deliver --resend ID`), or record that it arrived (`--settle ID`).

use super::plan::{item_for, Due, Reading};
use super::{deliver, Delivery, Mode, Outcome};
use crate::dates::ts;
use crate::period::Period;
use crate::store::delivery_log::{self, Key, Row};
use crate::{Error, Result};
use chrono::{DateTime, Utc};

/// Gives every attempt a killed process left 'sending' an 'unknown' row (never resent on its
/// own), and returns their ids. Only a runner holding the lock calls it.
pub fn settle_interrupted(conn: &rusqlite::Connection, now: DateTime<Utc>) -> Result<Vec<i64>> {
    Ok(delivery_log::settle_interrupted(conn, &ts(now))?)
}

/// The row `id` names, with its delivery's newest status; refused when it was delivered or is of
/// a correction notice (sent again with `report errata … --deliver`).
fn open_row(conn: &rusqlite::Connection, id: i64) -> Result<Row> {
    let Some(row) = delivery_log::by_id(conn, id)? else {
        return Err(Error::Usage(format!(
            "no delivery {id} in the log; `tenkai schedule log --deliveries` lists them"
        )));
    };
    let key = Key {
        report: &row.report,
        period: &row.period,
        channel: &row.channel,
        purpose: &row.purpose,
    };
    let latest = delivery_log::state(conn, &key)?.latest;
    if let Some((last, status)) = latest.filter(|(_, s)| s == "ok") {
        return Err(Error::Usage(format!(
            "{} {} on {} was delivered (row {last}, {status}); nothing is sent again",
            row.report, row.period, row.channel
        )));
    }
    if row.purpose != "report" {
        return Err(Error::Usage(format!(
            "delivery {id} is a correction notice: send it again with `tenkai report errata {} --period {} --deliver`",
            row.report, row.period
        )));
    }
    Ok(row)
}

/// Sends delivery `id` again now, with the period's current sends, and gives what became of it.
pub fn resend(r: Reading<'_>, id: i64, now: DateTime<Utc>) -> Result<Outcome> {
    let row = open_row(r.conn, id)?;
    let def = crate::report::load(r.reports, &row.report)?;
    let Some(delivery) = Delivery::of(&def)? else {
        return Err(Error::Usage(format!(
            "report {} has no [delivery] any more ({})",
            row.report,
            def.file.display()
        )));
    };
    let period = Period::parse(&row.period)?;
    let due = Due {
        def: &def,
        delivery,
        periods: vec![period],
    };
    let Some(ch) = due.delivery.channels.iter().find(|c| c.name == row.channel) else {
        return Err(Error::Usage(format!(
            "report {} has no channel {} any more ({})",
            row.report,
            row.channel,
            def.file.display()
        )));
    };
    let Some(item) = item_for(r, &due, period, ch, now)? else {
        return Err(Error::Usage(format!(
            "{} {} has no complete send to deliver on {}",
            row.report, row.period, row.channel
        )));
    };
    deliver(r.conn, &item, Mode::Send, now)
}

/// Records that delivery `id` arrived (the recipients had it): an 'ok' row for its attempt.
pub fn settle(conn: &rusqlite::Connection, id: i64, now: DateTime<Utc>) -> Result<i64> {
    let row = open_row(conn, id)?;
    delivery_log::finish(
        conn,
        row.attempt,
        "ok",
        None,
        Some("settled by hand: recorded as delivered with `schedule deliver --settle`, not sent again"),
        &ts(now),
    )?;
    Ok(row.attempt)
}

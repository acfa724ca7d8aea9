//! Checks that a readable fact is plausible, so that a slip of the keyboard is not recorded as
//! history: a fact that has happened is not dated after today nor before 1950 (a wrong year or
//! era, most likely), a meeting's number fits the dates of the meetings around it, and a count
//! is of a size a count of its kind can have. Each is a refusal (exit 1) saying what to check.

use super::{Fact, NewMeeting, Problem};
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

/// The earliest year a fact of the record may be dated: the record begins in the 2010s, and an
/// earlier year is a mistyped one (a 昭和 year read as 平成, say).
const EARLIEST_YEAR: i32 = 1950;

/// The largest member count or country count accepted: the platform has tens of members and the
/// agreements are with tens of countries, so a count this large is a mistyped one.
const LARGEST_COUNT: i64 = 100_000;

/// A fact that has happened (an agreement signed, an event, a document adopted, a meeting held,
/// a count stated) dated after today or before 1950: a wrong year, most likely. A platform event
/// and a project may be planned, and are not checked for today.
pub(super) fn date_problems(fact: &Fact, today: NaiveDate) -> Option<Problem> {
    let (field, what, date, happened) = match fact {
        Fact::Agreement(a) => ("date", "an agreement", a.date.date, true),
        Fact::WgEvent(e) => ("date", "a working group's event", e.date.date, true),
        Fact::Policy(d) => ("date", "a policy document", d.date.date, true),
        Fact::Members(m) => ("date", "a member count", m.date, true),
        Fact::Count(c) => ("date", "a count", c.date, true),
        Fact::Meeting(m) => ("held_on", "a meeting", m.held_on, true),
        Fact::PlatformEvent(e) => ("date", "a platform event", e.date.date, false),
        Fact::Project(j) => ("date", "a project's status", j.date.date, false),
        _ => return None,
    };
    use chrono::Datelike;
    if date.year() < EARLIEST_YEAR {
        return Some(Problem::refused(field, format!("{date} is before {EARLIEST_YEAR}, earlier than anything the record holds; check the year (a 和暦 year needs its era: 平成30年, H30)")));
    }
    (happened && date > today).then(|| {
        Problem::refused(field, format!("{date} is after today ({today}); {what} is recorded once it has happened, dated on or before today: check the year"))
    })
}

/// A member count or a count of countries too large to be one.
pub(super) fn count_problems(fact: &Fact) -> Option<Problem> {
    let (field, what, n) = match fact {
        Fact::Members(m) => ("members", "member companies and organisations", m.members),
        Fact::Count(c) => ("countries", "countries", c.countries),
        _ => return None,
    };
    (n > LARGEST_COUNT).then(|| {
        Problem::refused(field, format!("{n} {what} is more than {LARGEST_COUNT}; check the number (a date or an amount typed in its cell?)"))
    })
}

/// A new meeting's number against the dates of the recorded meetings around it: meeting 14
/// cannot be held before meeting 13, nor after meeting 15.
pub(super) fn meeting_order(conn: &Connection, m: &NewMeeting) -> Result<Option<Problem>> {
    let held = m.held_on.to_string();
    // The meeting numbered just before must be held on or before it, the one just after on or
    // after it.
    let neighbours = [
        (
            "SELECT number, held_on FROM meetings WHERE number < ?1 ORDER BY number DESC LIMIT 1",
            "before",
        ),
        (
            "SELECT number, held_on FROM meetings WHERE number > ?1 ORDER BY number LIMIT 1",
            "after",
        ),
    ];
    for (sql, side) in neighbours {
        let near: Option<(i64, String)> = conn
            .query_row(sql, [m.number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let out_of_order = |on: &String| {
            if side == "before" {
                *on > held
            } else {
                *on < held
            }
        };
        if let Some((n, on)) = near.filter(|(_, on)| out_of_order(on)) {
            return Ok(Some(Problem::refused("held_on", format!("meeting {} is dated {held}, {side} meeting {n} ({on}); meetings are numbered in the order they are held: check the number or the date", m.number))));
        }
    }
    Ok(None)
}

/// A new meeting's number that skips numbers not recorded (in the database, or earlier in the
/// same file, `earlier`): the meetings-held count would read fewer meetings than its number says.
pub(super) fn meeting_gap(
    conn: &Connection,
    m: &NewMeeting,
    earlier: impl Fn(i64) -> bool,
) -> Result<Option<Problem>> {
    let last: Option<i64> = conn.query_row(
        "SELECT max(number) FROM meetings WHERE number < ?1",
        [m.number],
        |r| r.get(0),
    )?;
    let from = last.unwrap_or(0) + 1;
    let missing: Vec<i64> = (from..m.number).filter(|&n| !earlier(n)).collect();
    let (Some(first), Some(end)) = (missing.first(), missing.last()) else {
        return Ok(None);
    };
    let last = last.map_or("none is recorded".to_string(), |n| {
        format!("the last recorded is meeting {n}")
    });
    let gap = match first == end {
        true => format!("meeting {first} is"),
        false => format!("meetings {first} to {end} are"),
    };
    Ok(Some(Problem::refused("number", format!("meeting {} skips ahead: {gap} not recorded ({last}), and the count of meetings held would read fewer than the numbers say; record the missing meetings first (in number order), or check the number", m.number))))
}

//! A quarter's facts, as commands and imports record them: agreements and the counts a source
//! states, working-group and platform events, policy documents, projects beside the hubs, the
//! office's statements of how far a record is complete, meetings with their agendas in both
//! languages, member counts and hub status changes. Each is checked against the database (and the
//! rows before it in a file) without writing, then written; a dry run only checks.

use super::{Rules, Text};
use crate::dates::ts;
use crate::fact_date::FactDate;
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

mod describe;
mod describe_ja;
mod plausible;
mod problems;
mod reads;
mod write;

pub use describe::{describe, named};
pub use describe_ja::{date_words, describe_ja, source_words};
pub use problems::{refusal, refusal_by_field, Problem};
pub use reads::{agreements_after, coverage, stated_count, Coverage, NamedAgreement, StatedCount};
pub use write::{record, write};

/// A government agreement named by a source.
#[derive(Debug, Clone)]
pub struct NewAgreement {
    pub country: String,
    pub kind: String,
    pub date: FactDate,
    pub title_ja: String,
    pub title_en: Option<String>,
    pub counterpart_ja: Option<String>,
    pub counterpart_en: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A count of agreement partner countries as a source states it.
#[derive(Debug, Clone)]
pub struct NewCount {
    pub kind: String,
    pub countries: i64,
    pub date: NaiveDate,
    pub source: String,
}

/// A working group's event.
#[derive(Debug, Clone)]
pub struct NewWgEvent {
    pub wg: String,
    pub kind: String,
    pub date: FactDate,
    pub meeting: Option<i64>,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A platform's event; `replaces` names an earlier event it supersedes (a summit moved).
#[derive(Debug, Clone)]
pub struct NewPlatformEvent {
    pub platform: String,
    pub kind: String,
    pub date: FactDate,
    pub description_ja: String,
    pub description_en: String,
    pub replaces: Option<i64>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A policy document adopted.
#[derive(Debug, Clone)]
pub struct NewPolicy {
    pub title_ja: String,
    pub title_en: Option<String>,
    pub date: FactDate,
    pub meeting: Option<i64>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A project beside the hubs (the Azerbaijan kind): a new one, or a new status of one.
#[derive(Debug, Clone)]
pub struct NewProject {
    pub country: String,
    pub title_ja: String,
    pub title_en: String,
    pub status: String,
    pub date: FactDate,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// The office's statement that a record is complete up to a day.
#[derive(Debug, Clone)]
pub struct NewCoverage {
    pub record: String,
    pub complete_to: NaiveDate,
    pub source: String,
    pub note: Option<String>,
}

/// A task-force meeting with its agenda in Japanese and, item by item, in English.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub number: i64,
    pub held_on: NaiveDate,
    pub by_circulation: bool,
    pub agenda_ja: Vec<String>,
    pub agenda_en: Vec<String>,
    pub source: Option<String>,
}

/// A platform's member count on a day.
#[derive(Debug, Clone)]
pub struct NewMembers {
    pub platform: String,
    pub members: i64,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A status change of an existing hub, written through [`super::set_hub_status`].
#[derive(Debug, Clone)]
pub struct NewHubStatus {
    pub hub: String,
    pub status: String,
    pub date: FactDate,
    pub expected: Option<FactDate>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// One fact to record.
#[derive(Debug, Clone)]
pub enum Fact {
    Agreement(NewAgreement),
    Count(NewCount),
    WgEvent(NewWgEvent),
    PlatformEvent(NewPlatformEvent),
    Policy(NewPolicy),
    Project(NewProject),
    Coverage(NewCoverage),
    Meeting(NewMeeting),
    Members(NewMembers),
    HubStatus(NewHubStatus),
    /// A change to an existing hub's names, kind or partners ([`super::check_hub_change`]).
    HubChange(super::HubChange),
    /// A new organisation, or an organisation's new name.
    Organisation(super::organisations::NewOrganisation),
    /// A new hub, with its partners and first status ([`super::check_new_hub`]).
    NewHub(Box<super::NewHub>),
}

/// The keys met so far in a file, with the place each was met.
#[derive(Default)]
pub struct Seen {
    keys: HashMap<String, String>,
}

impl Seen {
    /// Notes a key met at a place; the earlier place where it was met already, if it was.
    pub fn met(&mut self, key: String, place: &str) -> Option<String> {
        match self.keys.get(&key) {
            Some(p) => Some(p.clone()),
            None => {
                self.keys.insert(key, place.to_string());
                None
            }
        }
    }
}

fn exists(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<bool> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(p, |_| Ok(()))
        .optional()?
        .is_some())
}

impl Fact {
    /// The fact's text fields: (name, value, kind of text, whether required).
    fn texts(&self) -> Vec<(&'static str, Option<&str>, Text, bool)> {
        use Text::{Name, Note};
        fn o(v: &Option<String>) -> Option<&str> {
            v.as_deref()
        }
        type Field<'a> = (&'static str, Option<&'a str>, Text, bool);
        fn note_source<'a>(note: Option<&'a str>, source: Option<&'a str>) -> [Field<'a>; 2] {
            [("note", note, Note, false), ("source", source, Note, false)]
        }
        let mut t = match self {
            Fact::Agreement(a) => vec![
                ("title_ja", Some(a.title_ja.as_str()), Note, true),
                ("title_en", o(&a.title_en), Note, false),
                ("counterpart_ja", o(&a.counterpart_ja), Name, false),
                ("counterpart_en", o(&a.counterpart_en), Name, false),
            ],
            Fact::Count(c) => vec![("source", Some(c.source.as_str()), Note, true)],
            Fact::WgEvent(e) => vec![
                (
                    "description_ja",
                    Some(e.description_ja.as_str()),
                    Note,
                    true,
                ),
                ("description_en", o(&e.description_en), Note, false),
            ],
            Fact::PlatformEvent(e) => vec![
                (
                    "description_ja",
                    Some(e.description_ja.as_str()),
                    Note,
                    true,
                ),
                (
                    "description_en",
                    Some(e.description_en.as_str()),
                    Note,
                    true,
                ),
            ],
            Fact::Policy(d) => vec![
                ("title_ja", Some(d.title_ja.as_str()), Note, true),
                ("title_en", o(&d.title_en), Note, false),
            ],
            Fact::Project(j) => vec![
                ("title_ja", Some(j.title_ja.as_str()), Note, true),
                ("title_en", Some(j.title_en.as_str()), Note, true),
            ],
            Fact::Coverage(c) => vec![
                ("source", Some(c.source.as_str()), Note, true),
                ("note", o(&c.note), Note, false),
            ],
            Fact::Meeting(m) => vec![("source", o(&m.source), Note, false)],
            Fact::Organisation(g) => vec![
                ("name_ja", Some(g.name_ja.as_str()), Name, true),
                ("name_en", o(&g.name_en), Name, false),
            ],
            // Its own check reads its texts.
            Fact::Members(_) | Fact::HubStatus(_) | Fact::HubChange(_) | Fact::NewHub(_) => {
                vec![]
            }
        };
        let rest = match self {
            Fact::Agreement(a) => note_source(o(&a.note), o(&a.source)),
            Fact::WgEvent(e) => note_source(o(&e.note), o(&e.source)),
            Fact::PlatformEvent(e) => note_source(o(&e.note), o(&e.source)),
            Fact::Policy(d) => note_source(o(&d.note), o(&d.source)),
            Fact::Project(j) => note_source(o(&j.note), o(&j.source)),
            Fact::Members(m) => note_source(o(&m.note), o(&m.source)),
            Fact::HubStatus(h) => note_source(o(&h.note), o(&h.source)),
            Fact::Organisation(g) => note_source(o(&g.note), o(&g.source)),
            Fact::Count(_)
            | Fact::Coverage(_)
            | Fact::Meeting(_)
            | Fact::HubChange(_)
            | Fact::NewHub(_) => return t,
        };
        t.extend(rest);
        t
    }
}

/// Whether a meeting is recorded, or met earlier in the same file.
fn meeting_known(
    conn: &Connection,
    seen: &Seen,
    problems: &mut Vec<Problem>,
    m: Option<i64>,
) -> Result<()> {
    if let Some(n) = m {
        if !seen.keys.contains_key(&format!("meeting {n}")) && !super::meeting_exists(conn, n)? {
            problems.push(Problem::bad("meeting", format!("meeting {n} is not recorded; add it first (tenkai meeting add, or the meetings sheet)")));
        }
    }
    Ok(())
}

/// Checks a fact against the rules, the database and the earlier rows (`seen`, at `place`),
/// without writing.
pub fn check(
    conn: &Connection,
    fact: &Fact,
    rules: &Rules<'_>,
    seen: &mut Seen,
    place: &str,
) -> Result<Vec<Problem>> {
    let mut p = text_problems(fact, rules);
    p.extend(plausible::date_problems(fact, rules.today));
    p.extend(plausible::count_problems(fact));
    contradicts(conn, fact, seen, place, &mut p)?;
    match fact {
        Fact::Agreement(a) => check_agreement(conn, fact, a, seen, place, &mut p)?,
        Fact::Count(c) if c.countries < 0 => {
            p.push(Problem::bad("countries", "must be 0 or more"))
        }
        Fact::WgEvent(e) => {
            meeting_known(conn, seen, &mut p, e.meeting)?;
            let what = format!("event ({}) of {} dated {}: {}", e.kind, e.wg, e.date.iso(), e.description_ja);
            let sql = "SELECT 1 FROM wg_events e JOIN working_groups w ON w.id = e.wg_id
                       WHERE w.code = ?1 AND e.kind = ?2 AND e.event_date = ?3 AND e.description_ja = ?4";
            let key = params![e.wg, e.kind, e.date.date.to_string(), e.description_ja];
            once(conn, fact, seen, place, &mut p, &what, sql, key, "wg list")?;
        }
        Fact::Policy(d) => {
            meeting_known(conn, seen, &mut p, d.meeting)?;
            let what = format!("policy document dated {}: {}", d.date.iso(), d.title_ja);
            let sql = "SELECT 1 FROM policy_documents WHERE title_ja = ?1 AND adopted_on = ?2";
            let key = params![d.title_ja, d.date.date.to_string()];
            once(conn, fact, seen, place, &mut p, &what, sql, key, "sql \"SELECT * FROM policy_documents\"")?;
        }
        Fact::Project(j) => {
            let what = format!("status {} of the project in {} dated {}: {}", j.status, j.country, j.date.iso(), j.title_ja);
            let sql = "SELECT 1 FROM other_projects WHERE country_iso = ?1 AND title_ja = ?2 AND status = ?3 AND effective_date = ?4";
            let key = params![j.country, j.title_ja, j.status, j.date.date.to_string()];
            once(conn, fact, seen, place, &mut p, &what, sql, key, "sql \"SELECT * FROM other_projects\"")?;
        }
        Fact::PlatformEvent(e) => {
            let known = "SELECT 1 FROM platform_events WHERE id = ?1 AND platform = ?2";
            if let Some(id) = e.replaces {
                if !exists(conn, known, params![id, e.platform])? {
                    p.push(Problem::bad("replaces", format!("platform event {id} of {} is not recorded; `tenkai platform events` lists them with their numbers", e.platform)));
                }
            }
            let what = format!("event ({}) of {} dated {}: {}", e.kind, e.platform, e.date.iso(), e.description_ja);
            let sql = "SELECT 1 FROM platform_events WHERE platform = ?1 AND kind = ?2 AND event_date = ?3 AND description_ja = ?4";
            let key = params![e.platform, e.kind, e.date.date.to_string(), e.description_ja];
            once(conn, fact, seen, place, &mut p, &what, sql, key, "platform events")?;
        }
        Fact::Meeting(m) => check_meeting(conn, m, rules, seen, place, &mut p)?,
        // A record complete up to a day to come would let a report say that nothing happened
        // on days that have not yet passed.
        Fact::Coverage(c) if c.complete_to > rules.today => p.push(Problem::refused(
            "complete_to",
            format!(
                "{} is after today ({}); a record can be complete only up to a day that has passed: give the last day it is complete to",
                c.complete_to, rules.today
            ),
        )),
        Fact::Members(m) if m.members < 0 => p.push(Problem::bad("members", "must be 0 or more")),
        Fact::HubStatus(s) => {
            let dates = rules.status_dates(s.date.date, s.expected.map(|e| e.date));
            p.extend(dates.into_iter().map(|(f, m)| Problem::refused(f, m)));
            if let Err(e) = super::hub_id(conn, &s.hub) {
                p.push(Problem::bad("hub", e.to_string()));
            }
        }
        Fact::HubChange(c) => {
            if let Err(problems) = super::hub_changes::planned_hub_change(conn, c, rules)? {
                p.extend(problems);
            }
        }
        Fact::Organisation(o) => p.extend(super::organisations::check_organisation(conn, o)?),
        Fact::NewHub(h) => check_new_hub(conn, h, rules, seen, place, &mut p)?,
        _ => {}
    }
    Ok(p)
}

/// The problems of a fact's texts: a required one empty, or one the rules refuse.
fn text_problems(fact: &Fact, rules: &Rules<'_>) -> Vec<Problem> {
    let mut p: Vec<Problem> = Vec::new();
    for (name, value, kind, required) in fact.texts() {
        let blank = value.is_some_and(|v| v.trim().is_empty());
        let value = value.unwrap_or("");
        if required && value.trim().is_empty() {
            p.push(Problem::bad(name, "is empty; it is required"));
        } else if blank {
            // Given but blank would be stored as an empty text: a note or a title of nothing.
            p.push(Problem::bad(name, "is empty: give it, or leave it out"));
        }
        if let Err(why) = rules.text(value, kind) {
            p.push(Problem::bad(name, why));
        }
    }
    p
}

/// A new hub as `tenkai hub add` checks one, its code taken once in the file; each problem under
/// the field of the form's column (`effective_date` and `date_precision` are the date's).
fn check_new_hub(
    conn: &Connection,
    h: &super::NewHub,
    rules: &Rules<'_>,
    seen: &mut Seen,
    place: &str,
    p: &mut Vec<Problem>,
) -> Result<()> {
    for mut problem in super::check_new_hub(conn, h, rules)? {
        if problem.field == "date_precision" {
            problem.field = "precision".into();
        }
        p.push(problem);
    }
    // Codes are the same whatever their case (ASCII, as SQLite's NOCASE folds them).
    if let Some(at) = seen.met(format!("hub {}", h.code.to_ascii_lowercase()), place) {
        p.push(Problem::refused(
            "code",
            format!(
                "hub {} is also on {at}; each new hub is listed once",
                h.code
            ),
        ));
    }
    Ok(())
}

/// A fact is new: not recorded (`sql` finds it by the values `key` of its own), nor met earlier in
/// the file (`what` is its key there); a command run twice, or a file imported twice, would
/// otherwise list it twice. A refusal names the fact by the names a user sees.
#[allow(clippy::too_many_arguments)]
fn once(
    conn: &Connection,
    fact: &Fact,
    seen: &mut Seen,
    place: &str,
    p: &mut Vec<Problem>,
    what: &str,
    sql: &str,
    key: &[&dyn rusqlite::ToSql],
    listed_by: &str,
) -> Result<()> {
    if exists(conn, sql, key)? {
        let what = named(fact, &super::codes::Codes::load(conn)?);
        p.push(Problem::refused("date", format!("the {what} is already recorded; recording it again would list it twice: check the date, or see `tenkai {listed_by}`")));
    } else if let Some(at) = seen.met(format!("{sql} {what}"), place) {
        let what = named(fact, &super::codes::Codes::load(conn)?);
        p.push(Problem::refused(
            "date",
            format!("the same {what} is also on {at}; each is recorded once"),
        ));
    }
    Ok(())
}

/// A second value for one thing on one date, in one file (two statuses of a hub, two member
/// counts of a platform): the file contradicts itself, and which row counted would depend only on
/// the rows' order.
fn contradicts(
    conn: &Connection,
    fact: &Fact,
    seen: &mut Seen,
    place: &str,
    p: &mut Vec<Problem>,
) -> Result<()> {
    let (key, what) = match fact {
        Fact::Members(m) => (
            format!("members {} {}", m.platform, m.date),
            "a member count",
        ),
        Fact::HubStatus(s) => {
            let hub = s.hub.to_ascii_lowercase();
            (format!("hub-status {hub} {}", s.date.date), "a status")
        }
        _ => return Ok(()),
    };
    if let Some(at) = seen.met(key, place) {
        let named = named(fact, &super::codes::Codes::load(conn)?);
        p.push(Problem::refused(
            "date",
            format!("{at} gives {what} for the same date as this row ({named}); one file gives one value for a date: keep the row that is right, and record a later correction on its own"),
        ));
    }
    Ok(())
}

/// An agreement is new: not recorded, nor met earlier in the file (the same country, kind and
/// date).
fn check_agreement(
    conn: &Connection,
    fact: &Fact,
    a: &NewAgreement,
    seen: &mut Seen,
    place: &str,
    p: &mut Vec<Problem>,
) -> Result<()> {
    let date = a.date.date.to_string();
    let dup = "SELECT date_precision, title_ja FROM agreements
               WHERE country_iso = ?1 AND kind = ?2 AND effective_date = ?3 ORDER BY id LIMIT 1";
    let recorded: Option<(String, String)> = conn
        .prepare_cached(dup)?
        .query_row(params![a.country, a.kind, date], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((precision, title)) = recorded {
        // Named at the recorded date's own precision: a month recorded is not the 1st of it.
        let mut was = a.clone();
        if let Some(precision) = crate::fact_date::Precision::from_code(&precision) {
            was.date = FactDate {
                precision,
                ..a.date
            };
        }
        let what = named(&Fact::Agreement(was), &super::codes::Codes::load(conn)?);
        p.push(Problem::refused("date", format!("an agreement is already recorded for this country, kind and date: {what} ({precision}), 「{title}」; the same country, kind and date is one agreement: if this is that one, there is nothing to record; if not, check this date (`tenkai agreement list` lists them)")));
    } else if let Some(at) = seen.met(format!("agreement {} {} {date}", a.country, a.kind), place) {
        let what = named(fact, &super::codes::Codes::load(conn)?);
        p.push(Problem::refused(
            "date",
            format!("the same agreement ({what}) is also on {at}; each agreement is recorded once"),
        ));
    }
    Ok(())
}

fn check_meeting(
    conn: &Connection,
    m: &NewMeeting,
    rules: &Rules<'_>,
    seen: &mut Seen,
    place: &str,
    p: &mut Vec<Problem>,
) -> Result<()> {
    if m.number <= 0 {
        p.push(Problem::bad(
            "number",
            format!("{} is not a meeting number (1, 2, …)", m.number),
        ));
    } else if super::meeting_exists(conn, m.number)? {
        p.push(Problem::refused(
            "number",
            format!(
                "meeting {} already exists; meetings are numbered once (see `tenkai meeting list`)",
                m.number
            ),
        ));
    } else if let Some(at) = seen.met(format!("meeting {}", m.number), place) {
        p.push(Problem::refused(
            "number",
            format!(
                "meeting {} is also on {at}; each meeting is recorded once",
                m.number
            ),
        ));
    } else {
        p.extend(plausible::meeting_order(conn, m)?);
        p.extend(plausible::meeting_gap(conn, m, |n| {
            seen.keys.contains_key(&format!("meeting {n}"))
        })?);
    }
    // Blank English items are none: a blank --agenda-en, or a form's empty cell, is not an item.
    let english = m.agenda_en.iter().any(|e| !e.trim().is_empty());
    if english && m.agenda_en.len() != m.agenda_ja.len() {
        p.push(Problem::bad("agenda_en", format!("has {} item(s) and the Japanese agenda {}: give each item's English in the same order, or none", m.agenda_en.len(), m.agenda_ja.len())));
    }
    for (field, items) in [("agenda", &m.agenda_ja), ("agenda_en", &m.agenda_en)] {
        for (i, item) in items.iter().enumerate() {
            if let Err(why) = rules.text(item, Text::Note) {
                p.push(Problem::bad(field, format!("item {}: {why}", i + 1)));
            }
        }
    }
    Ok(())
}

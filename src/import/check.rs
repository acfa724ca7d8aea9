//! The checks of an import's rows, made in a read transaction before anything is written: each
//! row becomes a typed [`Item`] (a hub, a meeting, a member count) or a list of problems, each
//! named by its line or cell. A key taken twice in the file is caught here, as a key already in
//! the database is, so that the write that follows only writes.

use super::{ImportKind, Row};
use crate::dates::parse_date;
use crate::fact_date::FactDate;
use crate::i18n::HubStatus;
use crate::store::{self, NewHub, Rules, Text};
use crate::xlsx::read::quote;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

/// A checked row, ready to write.
pub(super) enum Item {
    /// A hub, and the organisations its row creates.
    Hub(Box<NewHub>, Vec<String>),
    Status(Box<StatusItem>),
    Meeting {
        number: i64,
        held_on: NaiveDate,
        by_circulation: bool,
        agenda: Vec<String>,
        source: Option<String>,
    },
    Members {
        platform: String,
        effective: NaiveDate,
        members: i64,
        source: Option<String>,
    },
}

/// The keys met so far in the file, each with the line (or row) it was met on.
#[derive(Default)]
pub(super) struct Seen {
    codes: HashMap<String, u64>,
    meetings: HashMap<i64, u64>,
    /// A hub's status or a platform's member count, by what it is of and its date.
    dated: HashMap<String, u64>,
}

impl Check<'_> {
    /// A second value for one thing on one date in the file contradicts the first: which counted
    /// would depend only on the rows' order.
    fn once_dated(&mut self, seen: &mut Seen, key: String, col: &str, what: &str) {
        if let Some(line) = seen.dated.insert(key, self.row.line) {
            let msg = format!(
                "{} gives {what} for the same date; one file gives one value for a date: keep the row that is right",
                self.row.place_of(line)
            );
            self.problem(col, msg);
        }
    }
}

/// The columns that hold a short value (a code, a date, a number): a longer one is refused with a
/// quote of its start, before any other check quotes it.
const SHORT: &[&str] = &[
    "code",
    "country",
    "kind",
    "status",
    "effective_date",
    "expected_date",
    "number",
    "held_on",
    "by_circulation",
    "platform",
    "members",
    "hub",
];
const SHORT_MAX: usize = 80;

/// Checks one row against the rules, the database and the rows before it in the file.
pub(super) fn row(
    conn: &Connection,
    kind: ImportKind,
    row: &Row,
    rules: &Rules<'_>,
    seen: &mut Seen,
    problems: &mut Vec<String>,
) -> Result<Option<Item>> {
    let mut c = Check {
        kind,
        row,
        problems,
    };
    let before = c.count();
    if !c.short() {
        return Ok(None);
    }
    if kind != ImportKind::Hubs {
        c.text(rules);
    }
    // Every kind ends with its source, required (see [`super::SOURCE_MISSING`]).
    if c.cell(kind.columns().len() - 1).trim().is_empty() {
        c.problem("source", super::SOURCE_MISSING);
    }
    let item = match kind {
        ImportKind::Hubs => hub_row(conn, &mut c, rules, seen)?,
        ImportKind::Meetings => meeting_row(conn, &mut c, seen)?,
        ImportKind::Members => members_row(conn, &mut c, seen)?,
        ImportKind::HubStatus => status_row(conn, &mut c, rules, seen)?,
    };
    Ok(item.filter(|_| c.count() == before))
}

/// One row being checked: its problems are noted with the line and the column's name.
struct Check<'a> {
    kind: ImportKind,
    row: &'a Row,
    problems: &'a mut Vec<String>,
}

impl Check<'_> {
    fn cell(&self, col: usize) -> &str {
        &self.row.cells[col]
    }
    /// The cell, or `None` where it is empty.
    fn optional(&self, col: usize) -> Option<String> {
        let s = self.cell(col);
        (!s.is_empty()).then(|| s.to_string())
    }
    /// The cell's `;`-separated items.
    fn items(&self, col: usize) -> Vec<String> {
        self.cell(col)
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
    fn problem(&mut self, col: &str, msg: impl std::fmt::Display) {
        let place = match &self.row.sheet {
            None => format!("line {}, column {col}", self.row.line),
            Some(sheet) => {
                let at = self.kind.columns().iter().position(|c| *c == col);
                let cell = at
                    .map(|c| crate::xlsx::cell_ref(self.row.line as u32 - 1, c as u16))
                    .unwrap_or_default();
                format!("sheet '{sheet}', cell {cell} ({col})")
            }
        };
        self.problems.push(format!("{place}: {msg}"));
    }
    fn date(&mut self, col: usize) -> Option<NaiveDate> {
        match parse_date(self.cell(col)) {
            Ok(d) => Some(d),
            Err(e) => {
                let name = self.kind.columns()[col];
                self.problem(name, e);
                None
            }
        }
    }
    /// A status date cell as a fact's date and the precision it is stored at: a date marked
    /// [`super::UNSTATED`] ("〜2018-03-31") is a status known to hold by that day whose own
    /// date the source does not state (precision `unknown`), as `hub list --for-import` writes it.
    fn status_date(&mut self, col: usize) -> Option<(crate::fact_date::FactDate, String)> {
        let Some(day) = super::unstated(self.cell(col)) else {
            let d = self.fact_date(col)?;
            return Some((d, d.precision.code().to_string()));
        };
        match crate::fact_date::parse(day) {
            Ok(d) if d.precision == crate::fact_date::Precision::Day => Some((d, "unknown".into())),
            Ok(_) => {
                let why = format!("'{}' marks a date not stated by the source: after {} give the day by which the status holds, such as {}2018-03-31", self.cell(col), super::UNSTATED, super::UNSTATED);
                self.problem(self.kind.columns()[col], why);
                None
            }
            Err(e) => {
                self.problem(self.kind.columns()[col], e);
                None
            }
        }
    }
    /// The cell as a fact's date, with the precision it is written in (`tenkai::fact_date`).
    fn fact_date(&mut self, col: usize) -> Option<crate::fact_date::FactDate> {
        match crate::fact_date::parse(self.cell(col)) {
            Ok(d) => Some(d),
            Err(e) => {
                let name = self.kind.columns()[col];
                self.problem(name, e);
                None
            }
        }
    }
    /// Refuses a value too long for its column, quoting its start; false if any was.
    fn short(&mut self) -> bool {
        let mut ok = true;
        for (i, name) in self.kind.columns().iter().enumerate() {
            let n = self.cell(i).chars().count();
            if SHORT.contains(name) && n > SHORT_MAX {
                let msg = format!(
                    "'{}' is {n} characters long, too long for a {name}; check that the values are in their columns",
                    quote(self.cell(i))
                );
                self.problem(name, msg);
                ok = false;
            }
        }
        ok
    }
    fn count(&self) -> usize {
        self.problems.len()
    }
    /// Checks every cell's text (control characters, length, what the fonts draw).
    fn text(&mut self, rules: &Rules<'_>) {
        for (i, name) in self.kind.columns().iter().enumerate() {
            let kind = if *name == "note" {
                Text::Note
            } else {
                Text::Name
            };
            if let Err(why) = rules.text(&self.row.cells[i], kind) {
                self.problem(name, why);
            }
        }
    }
}

/// A hubs row: checked as `tenkai hub add` checks a hub.
fn hub_row(
    conn: &Connection,
    c: &mut Check<'_>,
    rules: &Rules<'_>,
    seen: &mut Seen,
) -> Result<Option<Item>> {
    let effective = c.status_date(7);
    let expected = if c.cell(8).is_empty() {
        None
    } else {
        c.fact_date(8)
    };
    let (partners, new_partners) = store::organisations::split_new_marks(c.items(5));
    let hub = NewHub {
        code: c.cell(0).to_string(),
        name_ja: c.cell(1).to_string(),
        name_en: c.optional(2),
        country: c.cell(3).to_string(),
        kind: c.cell(4).to_string(),
        partners,
        new_partners,
        status: c.cell(6).to_string(),
        effective_date: effective.as_ref().map(|d| d.0.date).unwrap_or_default(),
        expected_date: expected.map(|d| d.date),
        expected_precision: expected.map(|d| d.precision.code().to_string()),
        note: c.optional(9),
        date_precision: effective.map_or("day".into(), |d| d.1),
        source: c.optional(10),
    };
    for p in store::check_new_hub(conn, &hub, rules)? {
        c.problem(&p.field, p.message);
    }
    // Codes are the same whatever their case (ASCII, as SQLite's NOCASE folds them).
    let key = hub.code.to_ascii_lowercase();
    if !key.is_empty() {
        if let Some(line) = seen.codes.insert(key, c.row.line) {
            let msg = format!(
                "hub {} is also on {} of this file; each hub is imported once",
                hub.code,
                c.row.place_of(line)
            );
            c.problem("code", msg);
        }
    }
    // The organisations the row creates: those marked new that no known name matches.
    let created =
        match store::organisations::resolve_partners(conn, &hub.partners, &hub.new_partners)? {
            Ok(found) => found
                .into_iter()
                .filter_map(|p| match p {
                    store::organisations::Partner::New(name) => Some(name),
                    store::organisations::Partner::Known { .. } => None,
                })
                .collect(),
            Err(_) => Vec::new(),
        };
    Ok(Some(Item::Hub(Box::new(hub), created)))
}

/// A meetings row: number, date, whether held by circulation, and the agenda.
fn meeting_row(conn: &Connection, c: &mut Check<'_>, seen: &mut Seen) -> Result<Option<Item>> {
    let number = c.cell(0).parse::<i64>().ok().filter(|n| *n > 0);
    if number.is_none() {
        let msg = format!("'{}' is not a meeting number (1, 2, …)", c.cell(0));
        c.problem("number", msg);
    }
    let held = c.date(1);
    let circulation = match c.cell(2).to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" | "" => Some(false),
        other => {
            let msg = format!("'{other}' is not true or false");
            c.problem("by_circulation", msg);
            None
        }
    };
    if let Some(n) = number {
        if store::meeting_exists(conn, n)? {
            c.problem("number", format!("meeting {n} already exists; meetings are numbered once (see `tenkai meeting list`)"));
        } else if let Some(line) = seen.meetings.insert(n, c.row.line) {
            let msg = format!(
                "meeting {n} is also on {} of this file; each meeting is imported once",
                c.row.place_of(line)
            );
            c.problem("number", msg);
        }
    }
    let (Some(number), Some(held_on), Some(by_circulation)) = (number, held, circulation) else {
        return Ok(None);
    };
    Ok(Some(Item::Meeting {
        number,
        held_on,
        by_circulation,
        agenda: c.items(3),
        source: c.optional(4),
    }))
}

/// A member-count row: platform, date, count and source.
fn members_row(conn: &Connection, c: &mut Check<'_>, seen: &mut Seen) -> Result<Option<Item>> {
    let date = c.date(1);
    let members = c.cell(2).parse::<i64>().ok().filter(|n| *n >= 0);
    if members.is_none() {
        let msg = format!("'{}' is not a count (0 or more)", c.cell(2));
        c.problem("members", msg);
    }
    let platform = c.cell(0).to_string();
    if !store::platform_exists(conn, &platform)? {
        c.problem("platform", format!("unknown platform '{platform}'; the platforms are listed by `tenkai sql \"SELECT * FROM platforms\"`"));
    }
    let (Some(effective), Some(members)) = (date, members) else {
        return Ok(None);
    };
    let what = format!("{platform} a member count");
    c.once_dated(
        seen,
        format!("{platform} {effective}"),
        "effective_date",
        &what,
    );
    Ok(Some(Item::Members {
        platform,
        effective,
        members,
        source: c.optional(3),
    }))
}

/// A status change of a hub already recorded, checked.
pub(super) struct StatusItem {
    code: String,
    status: HubStatus,
    effective: FactDate,
    expected: Option<FactDate>,
    note: Option<String>,
    source: Option<String>,
}

impl StatusItem {
    /// Records it as `tenkai hub set-status` does, under the same rules (checked again against
    /// the rows of the file written before it).
    pub(super) fn write(
        &self,
        conn: &Connection,
        rules: &Rules<'_>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        let change = store::NewStatus {
            status: self.status.code(),
            effective: self.effective.date,
            expected: self.expected.map(|e| e.date),
            expected_precision: self.expected.map(|e| e.precision.code()),
            note: self.note.as_deref(),
            precision: self.effective.precision.code(),
            source: self.source.as_deref(),
        };
        store::set_hub_status(conn, &self.code, &change, rules, now).map(|_| ())
    }
}

impl Item {
    /// What the row writes, in the user's terms (one line, or none where only counted).
    pub(super) fn describe(&self) -> Vec<String> {
        match self {
            Item::Status(s) => vec![super::names::status_line(
                &s.code,
                s.status,
                &s.effective,
                s.source.as_deref(),
            )],
            Item::Hub(_, created) => created
                .iter()
                .map(|n| super::names::new_organisation_line(n))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The hub a cell names: its code, a name it has or had, or the form's 「H10 拠点名」.
fn hub_of(conn: &Connection, cell: &str) -> std::result::Result<String, String> {
    let found = store::hub_id(conn, cell).or_else(|e| match cell.split_once([' ', '　']) {
        Some((code, _)) => store::hub_id(conn, code).map_err(|_| e),
        None => Err(e),
    });
    found
        .and_then(|id| store::hub_code(conn, id))
        .map_err(|e| e.to_string())
}

/// A hub-status row: an existing hub, a status by its code or name, dates at their precision,
/// and the one rule for status changes.
fn status_row(
    conn: &Connection,
    c: &mut Check<'_>,
    rules: &Rules<'_>,
    seen: &mut Seen,
) -> Result<Option<Item>> {
    let code = match hub_of(conn, c.cell(0)) {
        Ok(code) => Some(code),
        Err(why) => {
            c.problem("hub", why);
            None
        }
    };
    let status = match super::names::coded(c.cell(1), &super::names::statuses(), "status") {
        Ok(s) => HubStatus::from_code(&s),
        Err(why) => {
            c.problem("status", why);
            None
        }
    };
    let effective = c.fact_date(2);
    let expected = if c.cell(3).is_empty() {
        None
    } else {
        c.fact_date(3)
    };
    let (Some(code), Some(status), Some(effective)) = (code, status, effective) else {
        return Ok(None);
    };
    let key = format!("{} {}", code.to_ascii_lowercase(), effective.date);
    c.once_dated(seen, key, "effective_date", &format!("{code} a status"));
    let hub = store::hub_id(conn, &code)?;
    for (col, p) in rules.status_dates(effective.date, expected.map(|e| e.date)) {
        c.problem(&col, p);
    }
    if let Some(why) = store::status_rule(conn, hub, status, effective.date)? {
        c.problem("status", why);
    }
    Ok(Some(Item::Status(Box::new(StatusItem {
        code,
        status,
        effective,
        expected,
        note: c.optional(4),
        source: c.optional(5),
    }))))
}

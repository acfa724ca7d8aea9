//! The hubs as they stood at a date, as known at a time: each hub's latest status, names and
//! kind, read in one ordered pass over each history table rather than a subquery per hub.
//!
//! The rule is the one `hub_name_history`, `hub_kind_history` and the built-in metrics state in
//! SQL (db/migrations/0015_hub_attributes.sql): of the rows dated on or before the date and
//! recorded by the time, the latest by effective date, then by when recorded, then by row id.
//! Read in that order, the last row of each hub is the one that stood.

use crate::dates::AsOf;
use crate::i18n::HubStatus;
use crate::Result;
use rusqlite::{named_params, params, Connection};
use serde::Serialize;
use std::collections::HashMap;

/// A hub as it stood at a date.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hub {
    /// The hub's row id: the order in which the hubs were added.
    #[serde(skip)]
    pub id: i64,
    pub code: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub country_iso: String,
    pub country_ja: String,
    pub country_en: String,
    pub named_country: bool,
    pub kind: String,
    pub kind_ja: String,
    pub kind_en: String,
    pub partners_ja: Vec<String>,
    pub partners_en: Vec<String>,
    /// Whether the source lists more partners than these (its 「…他」): the list the hub was
    /// added with, when that one still stands at the date.
    pub partners_others: bool,
    /// `None` when the hub had no status yet at the date.
    pub status: Option<HubStatus>,
    pub status_since: Option<String>,
    pub date_precision: Option<String>,
    pub expected_date: Option<String>,
    pub status_note: Option<String>,
    pub note: Option<String>,
    /// Where the hub's row, and its current status, come from.
    pub source: Option<String>,
    pub status_source: Option<String>,
    /// How much of the expected opening date the source gives: `month`, or `from_fiscal_year`
    /// (that fiscal year or later).
    pub expected_precision: Option<String>,
    /// Further dated events of the hub, up to the date (a second centre opened).
    pub dates: Vec<HubDate>,
}

/// A dated event of a hub beside its status.
#[derive(Debug, Clone, Serialize)]
pub struct HubDate {
    pub date: String,
    pub precision: String,
    pub label_ja: String,
    pub label_en: String,
}

/// A row of a hub's status history.
#[derive(Debug, Clone)]
pub struct StatusAt {
    pub status: HubStatus,
    pub effective_date: String,
    pub date_precision: String,
    pub expected_date: Option<String>,
    pub expected_precision: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A hub's names and kind at a date.
#[derive(Debug, Clone)]
struct Named {
    name_ja: String,
    name_en: Option<String>,
    kind: String,
}

/// A change of a hub's names or kind (`hub_changes`): a change with a Japanese name gives both
/// names (no English one: none).
struct Change {
    effective_date: String,
    names: Option<(String, Option<String>)>,
    kind: Option<String>,
}

impl Named {
    fn apply(&mut self, c: &Change) {
        if let Some((ja, en)) = &c.names {
            self.name_ja = ja.clone();
            self.name_en = en.clone();
        }
        if let Some(kind) = &c.kind {
            self.kind = kind.clone();
        }
    }
}

/// The changes of each hub's names and kind up to the date as known at the time, in the order
/// they apply, by hub id (only the hubs that changed).
fn changes(conn: &Connection, at: &AsOf) -> Result<HashMap<i64, Vec<Change>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hub_id, effective_date, name_ja, name_en, kind FROM hub_changes
         WHERE effective_date <= :as_of AND recorded_at <= :known_at
           AND (name_ja IS NOT NULL OR kind IS NOT NULL)
         ORDER BY effective_date, recorded_at, id",
    )?;
    let mut rows =
        stmt.query(named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()})?;
    let mut out: HashMap<i64, Vec<Change>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let names = match r.get::<_, Option<String>>(2)? {
            Some(ja) => Some((ja, r.get(3)?)),
            None => None,
        };
        out.entry(r.get(0)?).or_default().push(Change {
            effective_date: r.get(1)?,
            names,
            kind: r.get(4)?,
        });
    }
    Ok(out)
}

/// A hub as [`each_hub`] gives it.
pub struct HubRecord<'a> {
    /// The hub as it stood at the date.
    pub hub: Hub,
    /// Whether its kind is one of the known kinds: a hub of another kind is not listed (the
    /// kinds are a foreign key), but its statuses count at the earlier date and in the history.
    pub kind_known: bool,
    /// Its status at the earlier date.
    pub before: Option<HubStatus>,
    /// Its names at the earlier date, when a change between the two dates gave it other names.
    pub names_before: Option<(String, Option<String>)>,
    /// Every status row of the hub known at the time, whatever its date, in the order they
    /// apply (by effective date, then when recorded, then row id).
    pub history: &'a [StatusAt],
}

/// What [`each_hub`] adds to each hub from the other tables, read once before the hubs.
struct Extras {
    kinds: HashMap<String, (String, String)>,
    partners: HashMap<i64, Vec<i64>>,
    partners_others: std::collections::HashSet<i64>,
    org_names: HashMap<i64, (String, String)>,
    dates: HashMap<i64, Vec<HubDate>>,
    changes: HashMap<i64, Vec<Change>>,
}

/// Every hub known at the time, in code order, as it stood at the date and at an earlier date
/// (`before`, no later than the date), with its status history: one ordered pass over the hubs
/// joined with their status rows (the index `hub_status_at` gives them in order).
///
/// The status at a date is the rule `hub_name_history`, `hub_kind_history` and the built-in
/// metrics state in SQL: of the rows dated on or before the date and recorded by the time, the
/// latest by effective date, then by when recorded, then by row id; read in that order, the last
/// such row.
pub fn each_hub(
    conn: &Connection,
    at: &AsOf,
    before: chrono::NaiveDate,
    mut each: impl FnMut(HubRecord<'_>) -> Result<()>,
) -> Result<()> {
    let mut extras = Extras {
        kinds: kind_names(conn)?,
        partners: super::hub_changes::partner_ids_at(conn, at)?,
        partners_others: super::hub_changes::partners_with_others_at(conn, at)?,
        org_names: super::organisations::names_at(conn, at)?,
        dates: hub_dates(conn, at)?,
        changes: changes(conn, at)?,
    };
    let (date, before) = (at.date_str(), before.to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.code, h.name_ja, h.name_en, h.kind, h.country_iso, c.name_ja, c.name_en,
                c.named_in_policy, h.note, h.source,
                s.status, s.effective_date, s.date_precision, s.expected_date,
                s.expected_precision, s.note, s.source
         FROM hubs h JOIN countries c ON c.iso = h.country_iso
         LEFT JOIN hub_status s ON s.hub_id = h.id AND s.recorded_at <= ?1
         WHERE h.recorded_at <= ?1
         ORDER BY h.code, s.effective_date, s.recorded_at, s.id",
    )?;
    let mut rows = stmt.query([at.known_at_str()])?;
    let mut hub: Option<Hub> = None;
    let mut history: Vec<StatusAt> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if hub.as_ref().is_none_or(|h| h.id != id) {
            if let Some(h) = hub.take() {
                each(extras.record(h, &history, &date, &before))?;
            }
            history.clear();
            hub = Some(Hub {
                id,
                code: r.get(1)?,
                name_ja: r.get(2)?,
                name_en: r.get(3)?,
                kind: r.get(4)?,
                country_iso: r.get(5)?,
                country_ja: r.get(6)?,
                country_en: r.get(7)?,
                named_country: r.get::<_, i64>(8)? == 1,
                note: r.get(9)?,
                source: r.get(10)?,
                ..Hub::default()
            });
        }
        if let Some(status) = r.get(11)? {
            history.push(StatusAt {
                status,
                effective_date: r.get(12)?,
                date_precision: r.get(13)?,
                expected_date: r.get(14)?,
                expected_precision: r.get(15)?,
                note: r.get(16)?,
                source: r.get(17)?,
            });
        }
    }
    if let Some(h) = hub {
        each(extras.record(h, &history, &date, &before))?;
    }
    Ok(())
}

impl Extras {
    /// A hub read from its row, completed: its names and kind at both dates, partners, dates and
    /// its status at the date (`date`) and at the earlier one (`before`).
    fn record<'a>(
        &mut self,
        mut h: Hub,
        history: &'a [StatusAt],
        date: &str,
        before: &str,
    ) -> HubRecord<'a> {
        let mut names_before = None;
        if let Some(changes) = self.changes.get(&h.id) {
            let mut named = Named {
                name_ja: std::mem::take(&mut h.name_ja),
                name_en: h.name_en.take(),
                kind: std::mem::take(&mut h.kind),
            };
            for c in changes {
                if c.effective_date.as_str() > before && names_before.is_none() {
                    names_before = Some((named.name_ja.clone(), named.name_en.clone()));
                }
                named.apply(c);
            }
            // The names then, where a change after the earlier date gave others.
            names_before =
                names_before.filter(|(ja, en)| *ja != named.name_ja || *en != named.name_en);
            (h.name_ja, h.name_en, h.kind) = (named.name_ja, named.name_en, named.kind);
        }
        let kind = self.kinds.get(&h.kind);
        if let Some((ja, en)) = kind {
            (h.kind_ja, h.kind_en) = (ja.clone(), en.clone());
        }
        for (ja, en) in self
            .partners
            .get(&h.id)
            .into_iter()
            .flatten()
            .filter_map(|o| self.org_names.get(o))
        {
            h.partners_ja.push(ja.clone());
            h.partners_en.push(en.clone());
        }
        h.partners_others = self.partners_others.contains(&h.id);
        h.dates = self.dates.remove(&h.id).unwrap_or_default();
        let at = |day: &str| history.iter().rfind(|s| s.effective_date.as_str() <= day);
        if let Some(s) = at(date) {
            h.status = Some(s.status);
            h.status_since = Some(s.effective_date.clone());
            h.date_precision = Some(s.date_precision.clone());
            h.expected_date.clone_from(&s.expected_date);
            h.expected_precision.clone_from(&s.expected_precision);
            h.status_note.clone_from(&s.note);
            h.status_source.clone_from(&s.source);
        }
        HubRecord {
            before: at(before).map(|s| s.status),
            kind_known: kind.is_some(),
            hub: h,
            names_before,
            history,
        }
    }
}

/// Every hub known at `known_at`, with its status at the date (hubs with no status yet included).
pub fn hubs(conn: &Connection, at: &AsOf) -> Result<Vec<Hub>> {
    let mut out = Vec::new();
    each_hub(conn, at, at.date, |r| {
        if r.kind_known {
            out.push(r.hub);
        }
        Ok(())
    })?;
    Ok(out)
}

/// The kinds' names in Japanese and English, by kind.
fn kind_names(conn: &Connection) -> Result<HashMap<String, (String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT kind, name_ja, name_en FROM hub_kinds")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each hub's further dated events up to the date, as known at the time, in date order.
fn hub_dates(conn: &Connection, at: &AsOf) -> Result<HashMap<i64, Vec<HubDate>>> {
    let mut dates: HashMap<i64, Vec<HubDate>> = HashMap::new();
    let mut ds = conn.prepare_cached(
        "SELECT hub_id, event_date, date_precision, label_ja, label_en FROM hub_dates
         WHERE event_date <= ?1 AND recorded_at <= ?2 ORDER BY hub_id, event_date, id",
    )?;
    for d in ds.query_map(params![at.date_str(), at.known_at_str()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            HubDate {
                date: r.get(1)?,
                precision: r.get(2)?,
                label_ja: r.get(3)?,
                label_en: r.get(4)?,
            },
        ))
    })? {
        let (hub, d) = d?;
        dates.entry(hub).or_default().push(d);
    }
    Ok(dates)
}

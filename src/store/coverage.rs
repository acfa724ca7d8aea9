//! What the record covers: the hub status rows whose date a day may fall either side of, the date
//! of each series' last recorded fact with the references of its rows, and the references of the
//! rows each key figure is made of.

use crate::dates::AsOf;
use crate::i18n::HubStatus;
use crate::store::Hub;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};

/// One row of a hub's status history, with what the counts need of its hub.
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub code: String,
    pub status: HubStatus,
    pub effective_date: String,
    pub date_precision: String,
    /// Whether the policy names the hub's country.
    pub named_country: bool,
}

/// Every hub status row known at the moment, by hub and date.
pub fn status_rows(conn: &Connection, known_at: &str) -> Result<Vec<StatusRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.code, s.status, s.effective_date, s.date_precision, c.named_in_policy
         FROM hub_status s JOIN hubs h ON h.id = s.hub_id JOIN countries c ON c.iso = h.country_iso
         WHERE s.recorded_at <= ?1 AND h.recorded_at <= ?1
         ORDER BY h.code, s.effective_date, s.recorded_at, s.id",
    )?;
    let rows = stmt.query_map([known_at], |r| {
        Ok(StatusRow {
            code: r.get(0)?,
            status: r.get(1)?,
            effective_date: r.get(2)?,
            date_precision: r.get(3)?,
            named_country: r.get::<_, i64>(4)? == 1,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The hubs open at the date whose status was `status` before they opened (the planned hubs that
/// opened since), each with the reference of the row that opened it: what a count of `status`
/// no longer holds.
pub fn opened_from(conn: &Connection, at: &AsOf, status: &str) -> Result<Vec<Option<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT cur.source FROM hubs h
         JOIN hub_status cur ON cur.id = (SELECT s.id FROM hub_status s WHERE s.hub_id = h.id
              AND s.effective_date <= :as_of AND s.recorded_at <= :known_at
              ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1)
         WHERE h.recorded_at <= :known_at AND cur.status = 'opened'
           AND EXISTS (SELECT 1 FROM hub_status p WHERE p.hub_id = h.id AND p.status = :status
                       AND p.effective_date <= cur.effective_date AND p.recorded_at <= :known_at AND p.id <> cur.id)
         ORDER BY h.id",
    )?;
    let params =
        named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str(), ":status": status};
    let rows = stmt.query_map(params, |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The series whose coverage a report states, each with the SQL of its facts' dates, references
/// and date precisions (bound to `:known_at`).
pub const SERIES: &[(&str, &str)] = &[
    (
        "hubs",
        "SELECT effective_date, source, date_precision FROM hub_status WHERE recorded_at <= :known_at",
    ),
    (
        "meetings",
        "SELECT held_on, source, 'day' FROM meetings WHERE recorded_at <= :known_at",
    ),
    (
        "working_groups",
        "SELECT set_up_on, source, 'day' FROM working_groups WHERE recorded_at <= :known_at
         UNION ALL SELECT event_date, source, 'day' FROM wg_events WHERE recorded_at <= :known_at",
    ),
    (
        "members",
        "SELECT effective_date, source, 'day' FROM platform_members WHERE recorded_at <= :known_at",
    ),
    (
        "agreements",
        "SELECT effective_date, source, 'day' FROM agreement_counts WHERE recorded_at <= :known_at
         UNION ALL SELECT effective_date, source, date_precision FROM agreements WHERE recorded_at <= :known_at",
    ),
];

/// A series' facts as known at a moment: the last one's date, and the references its rows carry
/// (each once).
#[derive(Debug, Clone, Default)]
pub struct SeriesFacts {
    pub last: Option<LastFact>,
    pub sources: Vec<String>,
}

/// The date of a series' last fact, as precisely as the source gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct LastFact {
    /// The date as stored (the first day of a month the source gives, say).
    pub date: NaiveDate,
    /// How much of it the source gives (`day`, `month`…).
    pub precision: String,
    /// The last day it may stand for.
    pub to: NaiveDate,
}

/// The facts of one series of [`SERIES`].
pub fn series_facts(conn: &Connection, sql: &str, known_at: &str) -> Result<SeriesFacts> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(named_params! {":known_at": known_at}, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = SeriesFacts::default();
    for row in rows {
        let (date, source, precision) = row?;
        if let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            let to = crate::dates::DateSpan::new(date, &precision).to;
            if out.last.as_ref().is_none_or(|l| l.to < to) {
                out.last = Some(LastFact {
                    date,
                    precision,
                    to,
                });
            }
        }
        if let Some(s) = source.filter(|s| !out.sources.contains(s)) {
            out.sources.push(s);
        }
    }
    Ok(out)
}

/// The day up to which the office has stated a series' record complete, as known at the moment:
/// the latest statement in `record_coverage` for the record the series reads. `None` when the
/// office has made no such statement, and the series' coverage rests on its facts and the
/// documents they cite.
pub fn stated_complete_to(conn: &Connection, series: &str, at: &AsOf) -> Result<Option<NaiveDate>> {
    let record = match series {
        "hubs" => "hub_status",
        "working_groups" => "wg_events",
        "members" => "platform_members",
        other => other,
    };
    let stated: Option<String> = conn
        .query_row(
            "SELECT complete_to FROM record_coverage WHERE record = ?1 AND recorded_at <= ?2
             ORDER BY recorded_at DESC, id DESC LIMIT 1",
            rusqlite::params![record, at.known_at_str()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stated.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

/// Which hubs' latest statuses a hub figure counts: the status, and whether only the hubs in
/// the countries the policy names. `None` for a figure that is not made of hubs.
fn hub_filter(key: &str) -> Option<(HubStatus, bool)> {
    Some(match key {
        "hubs_open" => (HubStatus::Opened, false),
        "hubs_planned" => (HubStatus::Planned, false),
        "hubs_feasibility" => (HubStatus::Feasibility, false),
        "named_countries_with_hub" => (HubStatus::Opened, true),
        _ => return None,
    })
}

/// The SQL of the rows a key figure other than the hub figures is made of at `:as_of`, as known
/// at `:known_at`: each row's reference and date. `None` for a figure that no such rows make.
fn figure_rows_sql(key: &str) -> Option<String> {
    let latest = |table: &str, filter: &str| {
        format!(
            "SELECT source, effective_date FROM {table} WHERE {filter} AND effective_date <= :as_of \
             AND recorded_at <= :known_at ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1"
        )
    };
    Some(match key {
        "mou_countries" => latest("agreement_counts", "kind = 'mou'"),
        "letters_of_intent" => latest("agreement_counts", "kind = 'letter_of_intent'"),
        "platform_members" => latest("platform_members", "platform = 'nutrition'"),
        "meetings_held" => "SELECT source, held_on FROM meetings WHERE held_on <= :as_of \
             AND recorded_at <= :known_at ORDER BY held_on"
            .into(),
        "working_groups" => {
            "SELECT source, set_up_on FROM working_groups WHERE set_up_on <= :as_of \
             AND recorded_at <= :known_at ORDER BY set_up_on"
                .into()
        }
        _ => return None,
    })
}

/// The rows a key figure is made of at the date: the references they carry (each once, in the
/// order the rows come) and the date of the latest.
#[derive(Debug, Clone, Default)]
pub struct FigureRows {
    pub sources: Vec<String>,
    pub latest: Option<NaiveDate>,
}

impl FigureRows {
    fn add(&mut self, source: Option<String>, date: &str) {
        self.latest = self
            .latest
            .max(NaiveDate::parse_from_str(date, "%Y-%m-%d").ok());
        if let Some(s) = source.filter(|s| !self.sources.contains(s)) {
            self.sources.push(s);
        }
    }
}

/// The rows of each key figure at the date, in the order of `keys` (empty for a figure that no
/// rows make). The hub figures are made of each hub's latest status at the date: `hubs`, the hubs
/// as they stood then ([`crate::store::hubs()`]), taken in the order they were added.
pub fn figure_rows(
    conn: &Connection,
    keys: &[&str],
    at: &AsOf,
    hubs: &[Hub],
) -> Result<Vec<FigureRows>> {
    let params = named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()};
    let mut out = vec![FigureRows::default(); keys.len()];
    let hub_keys: Vec<(usize, (HubStatus, bool))> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((i, hub_filter(k)?)))
        .collect();
    if !hub_keys.is_empty() {
        let mut added: Vec<&Hub> = hubs.iter().collect();
        added.sort_by_key(|h| h.id);
        for h in added {
            let (Some(status), Some(since)) = (h.status, &h.status_since) else {
                continue;
            };
            for (i, (want, only_named)) in &hub_keys {
                if status == *want && (h.named_country || !only_named) {
                    out[*i].add(h.status_source.clone(), since);
                }
            }
        }
    }
    for (key, rows_of) in keys.iter().zip(out.iter_mut()) {
        let Some(sql) = figure_rows_sql(key) else {
            continue;
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(r) = rows.next()? {
            rows_of.add(r.get(0)?, &r.get::<_, String>(1)?);
        }
    }
    Ok(out)
}

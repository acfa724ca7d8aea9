//! What the record covers: the hub status rows whose date a day may fall either side of, the date
//! of each series' last recorded fact with the references of its rows, and the references of the
//! rows each key figure is made of.

use crate::dates::AsOf;
use crate::i18n::HubStatus;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};

/// A stored date (`YYYY-MM-DD`) read without chrono's format parser, which a report would run
/// on tens of thousands of rows: the day `NaiveDate::parse_from_str(s, "%Y-%m-%d")` gives, and
/// None where that fails.
pub fn stored_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (number(0, 4), number(5, 7), number(8, 10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The hubs open at the date whose status was `status` before they opened (the planned hubs that
/// opened since), by the reference of the row that opened them, in the order the hubs were
/// added: what a count of `status` no longer holds, and where it says so. An opening that
/// cites nothing is left out.
///
/// The query starts from the status rows that cite something, not from every hub: the
/// openings with a reference are few (users record them), and the hubs many.
pub fn opened_from(conn: &Connection, at: &AsOf, status: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT cur.source FROM hub_status cur JOIN hubs h ON h.id = cur.hub_id
         WHERE cur.status = 'opened' AND cur.source IS NOT NULL
           AND cur.effective_date <= :as_of AND cur.recorded_at <= :known_at
           AND h.recorded_at <= :known_at
           AND cur.id = (SELECT s.id FROM hub_status s WHERE s.hub_id = h.id
              AND s.effective_date <= :as_of AND s.recorded_at <= :known_at
              ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1)
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

/// The facts of one series of [`SERIES`]. The rows are read in place: only the last fact's
/// precision and each new reference are copied out of them.
pub fn series_facts(conn: &Connection, sql: &str, known_at: &str) -> Result<SeriesFacts> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(named_params! {":known_at": known_at})?;
    let mut out = SeriesFacts::default();
    while let Some(r) = rows.next()? {
        let (date, source, precision) = (text(r, 0)?, r.get_ref(1)?, text(r, 2)?);
        if let Some(date) = stored_date(date) {
            let to = crate::dates::DateSpan::new(date, precision).to;
            if out.last.as_ref().is_none_or(|l| l.to < to) {
                out.last = Some(LastFact {
                    date,
                    precision: precision.to_string(),
                    to,
                });
            }
        }
        let source = source
            .as_str_or_null()
            .map_err(|e| conversion(1, source, e))?;
        if let Some(s) = source.filter(|s| !out.sources.iter().any(|o| o == s)) {
            out.sources.push(s.to_string());
        }
    }
    Ok(out)
}

/// A column's text, borrowed from the row; an error (as `get::<String>` gives) when it is not text.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    let v = r.get_ref(i)?;
    v.as_str().map_err(|e| conversion(i, v, e))
}

fn conversion(
    i: usize,
    v: rusqlite::types::ValueRef<'_>,
    e: rusqlite::types::FromSqlError,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))
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
    if let Some((table, filter, _)) = stated_count(key) {
        return Some(latest(table, filter));
    }
    Some(match key {
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

/// The table, filter and value column of a count that one row states (the latest for its date).
fn stated_count(key: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match key {
        "mou_countries" => ("agreement_counts", "kind = 'mou'", "countries"),
        "letters_of_intent" => ("agreement_counts", "kind = 'letter_of_intent'", "countries"),
        "platform_members" => ("platform_members", "platform = 'nutrition'", "members"),
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
    fn add(&mut self, source: Option<&str>, date: &str) {
        self.latest = self.latest.max(stored_date(date));
        if let Some(s) = source.filter(|s| !self.sources.iter().any(|k| k == s)) {
            self.sources.push(s.to_string());
        }
    }
}

/// What the hub figures' rows need of a hub with a status at the date.
#[derive(Debug, Clone, Copy)]
pub struct HubFact<'a> {
    /// The hub's row id: the order in which the hubs were added.
    pub id: i64,
    pub status: HubStatus,
    /// The date of that status, and its reference.
    pub since: &'a str,
    pub source: Option<&'a str>,
    /// Whether the policy names the hub's country.
    pub named_country: bool,
}

/// The rows of each key figure at the date, in the order of `keys` (empty for a figure that no
/// rows make). The hub figures are made of each hub's latest status at the date: `hubs`, the hubs
/// with a status then, taken in the order they were added.
pub fn figure_rows(
    conn: &Connection,
    keys: &[&str],
    at: &AsOf,
    hubs: &[HubFact],
) -> Result<Vec<FigureRows>> {
    let params = named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()};
    let mut out = vec![FigureRows::default(); keys.len()];
    let hub_keys: Vec<(usize, (HubStatus, bool))> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((i, hub_filter(k)?)))
        .collect();
    if !hub_keys.is_empty() {
        let mut added: Vec<&HubFact> = hubs.iter().collect();
        added.sort_by_key(|h| h.id);
        for h in added {
            for (i, (want, only_named)) in &hub_keys {
                if h.status == *want && (h.named_country || !only_named) {
                    out[*i].add(h.source, h.since);
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
            let source: Option<String> = r.get(0)?;
            rows_of.add(source.as_deref(), &r.get::<_, String>(1)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_date_reads_as_chronos_parser_reads_it() {
        for s in [
            "2018-03-31",
            "1978-12-01",
            "2016-02-29",
            "2018-02-29",
            "2018-13-01",
            "2018-00-10",
            "0000-01-01",
            "2018-3-31",
            "2018/03/31",
            "2018-03-3a",
            "+2018-03-3",
            "",
            "２０１８-03-31",
        ] {
            assert_eq!(
                stored_date(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s}"
            );
        }
    }
}

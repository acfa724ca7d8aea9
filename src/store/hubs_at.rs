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
#[derive(Debug, Clone, Serialize)]
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

/// A hub's status row as it stood at a date.
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

/// Each hub's status row at the date as known at the time, by hub id (hubs with no status yet
/// at the date have none).
pub fn statuses_at(conn: &Connection, at: &AsOf) -> Result<HashMap<i64, StatusAt>> {
    // One scan of the table in its stored order (no index, no sort): each hub keeps the row
    // latest by (effective date, when recorded, row id) among those read so far.
    let mut stmt = conn.prepare_cached(
        "SELECT hub_id, effective_date, recorded_at, id, status, date_precision, expected_date,
                expected_precision, note, source
         FROM hub_status WHERE effective_date <= :as_of AND recorded_at <= :known_at",
    )?;
    let mut rows =
        stmt.query(named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()})?;
    let mut latest: HashMap<i64, ((String, i64), StatusAt)> = HashMap::new();
    while let Some(r) = rows.next()? {
        let (hub, date): (i64, String) = (r.get(0)?, r.get(1)?);
        let recorded = (r.get::<_, String>(2)?, r.get::<_, i64>(3)?);
        let later =
            |(kept, s): &((String, i64), StatusAt)| (&date, &recorded) > (&s.effective_date, kept);
        if !latest.get(&hub).is_none_or(later) {
            continue;
        }
        let status = StatusAt {
            effective_date: date,
            status: r.get(4)?,
            date_precision: r.get(5)?,
            expected_date: r.get(6)?,
            expected_precision: r.get(7)?,
            note: r.get(8)?,
            source: r.get(9)?,
        };
        latest.insert(hub, (recorded, status));
    }
    Ok(latest.into_iter().map(|(hub, (_, s))| (hub, s)).collect())
}

/// A hub's names and kind at a date.
struct Named {
    name_ja: String,
    name_en: Option<String>,
    kind: String,
}

/// The changes of each hub's names and kind (`hub_changes`) up to the date as known at the
/// time, applied in order over the values the hub was added with (`names`, by hub id).
fn apply_changes(conn: &Connection, at: &AsOf, names: &mut HashMap<i64, Named>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT hub_id, name_ja, name_en, kind FROM hub_changes
         WHERE effective_date <= :as_of AND recorded_at <= :known_at
           AND (name_ja IS NOT NULL OR kind IS NOT NULL)
         ORDER BY effective_date, recorded_at, id",
    )?;
    let mut rows =
        stmt.query(named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()})?;
    while let Some(r) = rows.next()? {
        let Some(hub) = names.get_mut(&r.get::<_, i64>(0)?) else {
            continue;
        };
        // A change with a Japanese name gives both names (no English one: none).
        if let Some(ja) = r.get::<_, Option<String>>(1)? {
            hub.name_ja = ja;
            hub.name_en = r.get(2)?;
        }
        if let Some(kind) = r.get::<_, Option<String>>(3)? {
            hub.kind = kind;
        }
    }
    Ok(())
}

/// The hubs known at the time with their country, as the rows of [`hubs`] and [`hub_statuses`]
/// begin: id, code, names and kind at the date, country and the hub's own note and source.
struct HubRow {
    id: i64,
    code: String,
    named: Named,
    country_iso: String,
    country_ja: String,
    country_en: String,
    named_country: bool,
    note: Option<String>,
    source: Option<String>,
}

/// Every hub known at the time, in code order, with its names and kind at the date.
fn hub_rows(conn: &Connection, at: &AsOf) -> Result<Vec<HubRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.code, h.name_ja, h.name_en, h.kind, h.country_iso, c.name_ja, c.name_en,
                c.named_in_policy, h.note, h.source
         FROM hubs h JOIN countries c ON c.iso = h.country_iso
         WHERE h.recorded_at <= ?1 ORDER BY h.code",
    )?;
    let rows = stmt.query_map([at.known_at_str()], |r| {
        Ok(HubRow {
            id: r.get(0)?,
            code: r.get(1)?,
            named: Named {
                name_ja: r.get(2)?,
                name_en: r.get(3)?,
                kind: r.get(4)?,
            },
            country_iso: r.get(5)?,
            country_ja: r.get(6)?,
            country_en: r.get(7)?,
            named_country: r.get::<_, i64>(8)? == 1,
            note: r.get(9)?,
            source: r.get(10)?,
        })
    })?;
    let mut hubs: Vec<HubRow> = rows.collect::<rusqlite::Result<_>>()?;
    let mut names: HashMap<i64, Named> = hubs
        .iter_mut()
        .map(|h| {
            let own = Named {
                name_ja: std::mem::take(&mut h.named.name_ja),
                name_en: h.named.name_en.take(),
                kind: std::mem::take(&mut h.named.kind),
            };
            (h.id, own)
        })
        .collect();
    apply_changes(conn, at, &mut names)?;
    for h in &mut hubs {
        if let Some(n) = names.remove(&h.id) {
            h.named = n;
        }
    }
    Ok(hubs)
}

/// Every hub known at `known_at`, with its status at the date (hubs with no status yet included).
pub fn hubs(conn: &Connection, at: &AsOf) -> Result<Vec<Hub>> {
    // All partners in one pass (not a query per hub), in their order, keyed by hub, each under
    // its name at the date.
    let org_names = super::organisations::names_at(conn, at)?;
    let mut partners: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
    for (hub, orgs) in super::hub_changes::partner_ids_at(conn, at)? {
        let e = partners.entry(hub).or_default();
        for (ja, en) in orgs.iter().filter_map(|o| org_names.get(o)) {
            e.0.push(ja.clone());
            e.1.push(en.clone());
        }
    }
    let kinds = kind_names(conn)?;
    let mut statuses = statuses_at(conn, at)?;
    let mut dates = hub_dates(conn, at)?;
    let mut out = Vec::new();
    for h in hub_rows(conn, at)? {
        // A hub whose kind is none of the known kinds is not listed (the kinds are a foreign key).
        let Some((kind_ja, kind_en)) = kinds.get(&h.named.kind) else {
            continue;
        };
        let (partners_ja, partners_en) = partners.remove(&h.id).unwrap_or_default();
        // The status row's values move into the hub (none when it has no status yet).
        let (
            status,
            since,
            precision,
            expected_date,
            expected_precision,
            status_note,
            status_source,
        ) = match statuses.remove(&h.id) {
            Some(s) => (
                Some(s.status),
                Some(s.effective_date),
                Some(s.date_precision),
                s.expected_date,
                s.expected_precision,
                s.note,
                s.source,
            ),
            None => Default::default(),
        };
        out.push(Hub {
            id: h.id,
            code: h.code,
            name_ja: h.named.name_ja,
            name_en: h.named.name_en,
            country_iso: h.country_iso,
            country_ja: h.country_ja,
            country_en: h.country_en,
            named_country: h.named_country,
            kind_ja: kind_ja.clone(),
            kind_en: kind_en.clone(),
            kind: h.named.kind,
            partners_ja,
            partners_en,
            status,
            status_since: since,
            date_precision: precision,
            expected_date,
            status_note,
            note: h.note,
            source: h.source,
            status_source,
            expected_precision,
            dates: dates.remove(&h.id).unwrap_or_default(),
        });
    }
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

/// A hub's status at a date, with what the report's counts need of the hub.
#[derive(Debug, Clone)]
pub struct HubAt {
    pub code: String,
    pub status: Option<HubStatus>,
    pub country_iso: String,
    /// Whether the policy names the hub's country.
    pub named_country: bool,
    /// Its names at the date.
    pub name_ja: String,
    pub name_en: Option<String>,
}

/// Each hub's status at a date (the same rule as [`hubs`]), without the rest of each hub.
pub fn hub_statuses(conn: &Connection, at: &AsOf) -> Result<Vec<HubAt>> {
    let statuses = statuses_at(conn, at)?;
    Ok(hub_rows(conn, at)?
        .into_iter()
        .map(|h| HubAt {
            status: statuses.get(&h.id).map(|s| s.status),
            code: h.code,
            country_iso: h.country_iso,
            named_country: h.named_country,
            name_ja: h.named.name_ja,
            name_en: h.named.name_en,
        })
        .collect())
}

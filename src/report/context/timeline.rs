//! The hubs' status histories, kept small, to count the built-in hub metrics at any date from the
//! one pass over the hubs that the hub list is read in: a target's forecast and the date it was met
//! ask for a count at a dozen dates, and each run of the metric's SQL reads every hub again.
//!
//! The count is the metrics' rule (db/migrations, `metrics.sql`): of each hub's status rows dated
//! on or before the date and recorded by the time, the latest by effective date, then by when
//! recorded, then by row id. [`crate::store::each_hub`] gives the rows recorded by the time in that
//! order, so the status at a date is the last row dated on or before it. The tests hold the two
//! equal at every date the seed's statuses change.

use crate::i18n::HubStatus;
use crate::store::coverage::stored_date;
use crate::store::StatusAt;
use crate::targets::Metric;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One hub of the [`Timeline`].
struct Line {
    /// Where its rows end in [`Timeline::rows`] (they begin where the hub before's end).
    end: usize,
    /// Its country, as an index into the countries seen.
    country: usize,
    /// Whether the policy names its country.
    named: bool,
}

/// Every hub known at the time (of any kind) with its status rows' dates and statuses.
#[derive(Default)]
pub(super) struct Timeline {
    rows: Vec<(NaiveDate, HubStatus)>,
    lines: Vec<Line>,
    countries: HashMap<String, usize>,
    /// Whether a stored date could not be read: the metrics are then run as SQL.
    unread: bool,
}

/// What a built-in hub metric counts.
#[derive(Clone, Copy)]
enum Count {
    /// The hubs with this status at the date.
    Hubs(HubStatus),
    /// The countries named in the policy with a hub open at the date.
    NamedWithOpen,
}

impl Timeline {
    /// Adds a hub and its status history (in the order the rows apply).
    pub(super) fn add(&mut self, country: &str, named: bool, history: &[StatusAt]) {
        for s in history {
            match stored_date(&s.effective_date) {
                Some(d) => self.rows.push((d, s.status)),
                None => self.unread = true,
            }
        }
        let next = self.countries.len();
        let country = match self.countries.get(country) {
            Some(i) => *i,
            None => *self.countries.entry(country.to_string()).or_insert(next),
        };
        self.lines.push(Line {
            end: self.rows.len(),
            country,
            named,
        });
    }

    /// The metric's value at the date, when it is one of the built-in hub counts; `None` for any
    /// other metric (its SQL is run).
    pub(super) fn value(&self, metric: &Metric, date: NaiveDate) -> Option<Option<f64>> {
        if !metric.builtin || self.unread {
            return None;
        }
        let count = match metric.name.as_str() {
            "hubs_open" => Count::Hubs(HubStatus::Opened),
            "hubs_planned" => Count::Hubs(HubStatus::Planned),
            "hubs_feasibility" => Count::Hubs(HubStatus::Feasibility),
            "named_countries_with_hub" => Count::NamedWithOpen,
            _ => return None,
        };
        Some(Some(self.count(count, date) as f64))
    }

    /// The count at the date.
    fn count(&self, count: Count, date: NaiveDate) -> usize {
        let mut n = 0;
        let mut named = vec![false; self.countries.len()];
        let mut start = 0;
        for line in &self.lines {
            let rows = &self.rows[start..line.end];
            start = line.end;
            let Some((_, status)) = rows.iter().rfind(|(d, _)| *d <= date) else {
                continue;
            };
            match count {
                Count::Hubs(s) => n += usize::from(*status == s),
                Count::NamedWithOpen => {
                    if line.named && *status == HubStatus::Opened && !named[line.country] {
                        named[line.country] = true;
                        n += 1;
                    }
                }
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::AsOf;
    use crate::store::{Seed, Store};

    /// The seeded store's hubs read as a report reads them, at a moment.
    fn timeline(conn: &rusqlite::Connection, at: &AsOf) -> Timeline {
        let mut t = Timeline::default();
        crate::store::each_hub(conn, at, at.date, |r| {
            t.add(&r.hub.country_iso, r.hub.named_country, r.history);
            Ok(())
        })
        .unwrap();
        t
    }

    /// A seeded store, in a folder kept while the connection is used.
    fn seeded() -> (tempfile::TempDir, rusqlite::Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = Store::open(&dir.path().join("t.sqlite"), Seed::Yes)
            .unwrap()
            .conn;
        (dir, conn)
    }

    #[test]
    fn the_hub_counts_are_the_built_in_metrics_at_every_date_a_status_changes() {
        let (_dir, conn) = seeded();
        let dates: Vec<String> = conn
            .prepare("SELECT DISTINCT effective_date FROM hub_status ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(dates.len() > 10, "{dates:?}");
        let at = AsOf::new(
            stored_date(&dates[dates.len() - 1]).unwrap(),
            crate::dates::now(),
        );
        let t = timeline(&conn, &at);
        let known = at.known_at_str();
        let names = [
            "hubs_open",
            "hubs_planned",
            "hubs_feasibility",
            "named_countries_with_hub",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for d in dates.iter().filter_map(|d| stored_date(d)) {
            for day in [d.pred_opt().unwrap(), d] {
                for name in names {
                    let m = crate::targets::metric(&conn, name).unwrap();
                    let sql = crate::targets::metric_value(&conn, &m.sql, day, &known).unwrap();
                    assert_eq!(t.value(&m, day), Some(sql), "{name} at {day}");
                    seen.insert((name, sql.map(|v| v as i64)));
                }
            }
        }
        // The dates cover counts that change, not zeros alone.
        assert!(seen.len() > 12, "{seen:?}");
    }

    #[test]
    fn any_other_metric_is_left_to_its_sql() {
        let (_dir, conn) = seeded();
        let at = AsOf::new(
            NaiveDate::from_ymd_opt(2018, 3, 31).unwrap(),
            crate::dates::now(),
        );
        let t = timeline(&conn, &at);
        let meetings = crate::targets::metric(&conn, "meetings_held").unwrap();
        assert_eq!(t.value(&meetings, at.date), None);
        // A user's metric of a built-in hub count's name would be its own SQL: only the built-in
        // one is counted here.
        let mut own = crate::targets::metric(&conn, "hubs_open").unwrap();
        own.builtin = false;
        assert_eq!(t.value(&own, at.date), None);
    }
}

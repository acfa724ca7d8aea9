//! A run's deliveries, after its exports: each report with a `[delivery]`, each period due
//! under its schedule, each channel (see [`crate::delivery`]). A failed delivery waits for the
//! same back-off as a failed export and never holds up the others. A dry run writes each mail
//! as an .eml file from the files it tried, and logs nothing.

use super::runner::{backoff, resolved, JobOutcome, Outcome as ExportOutcome, Run};
use crate::delivery::{
    self, Delivery, Due, Item, Mode, Outcome, Planned, Purpose, Reading, Source,
};
use crate::report::Broken;
use crate::Result;
use rusqlite::Connection;

/// A delivery of the run: what it was of (report, period, channel) and what became of it.
pub type Delivered = (String, Outcome);

/// The scheduled reports with a `[delivery]`, each with the periods due under its schedule; a
/// `[delivery]` that cannot be read is broken, alone.
fn dues<'a>(scheduled: &'a [super::Scheduled], r: &Run<'_>) -> Result<(Vec<Due<'a>>, Vec<Broken>)> {
    let (mut out, mut broken) = (Vec::new(), Vec::new());
    for (def, s) in scheduled {
        match Delivery::of(def) {
            Ok(Some(delivery)) => out.push(Due {
                def,
                delivery,
                periods: s.due_periods(r.now)?,
            }),
            Ok(None) => {}
            Err(error) => broken.push(Broken {
                name: def.name.clone(),
                error,
            }),
        }
    }
    Ok((out, broken))
}

/// Delivers what is due after a run's exports (`results`), telling `each` every outcome.
pub fn deliver(
    conn: &Connection,
    r: &Run<'_>,
    results: &[JobOutcome],
    mut each: impl FnMut(&str, &Outcome),
) -> Result<(Vec<Delivered>, Vec<Broken>)> {
    let (scheduled, _) = resolved(conn, r.reports, r.now, r.from, false)?;
    let (dues, broken) = dues(&scheduled, r)?;
    let reading = Reading {
        conn,
        reports: r.reports,
        db: r.db,
    };
    let planned = if r.dry_run {
        trial(reading, &dues, results, r)?
    } else {
        delivery::due(reading, &dues, r.now, backoff, true)?
    };
    let mode = if r.dry_run {
        Mode::DryRun(r.out_dir)
    } else {
        Mode::Send
    };
    let mut out = Vec::new();
    for p in planned {
        let (what, outcome) = match p {
            Planned::Ready(item) => (
                format!(
                    "{} {} {} ({})",
                    item.def.name,
                    item.period,
                    item.channel.name,
                    item.channel.kind()
                ),
                delivery::deliver(conn, &item, mode, r.now)?,
            ),
            Planned::Waiting(what, at) => (what, Outcome::Waiting(at)),
            Planned::Undecided(what, id) => (what, Outcome::Undecided(id)),
        };
        each(&what, &outcome);
        out.push((what, outcome));
    }
    Ok((out, broken))
}

/// A dry run's deliveries: the files the run tried, for each report and period whose every
/// file a channel carries was written.
fn trial<'a>(
    reading: Reading<'_>,
    dues: &'a [Due<'a>],
    results: &[JobOutcome],
    r: &Run<'_>,
) -> Result<Vec<Planned<'a>>> {
    let mut out = Vec::new();
    for due in dues {
        for ch in &due.delivery.channels {
            let first = delivery::plan::start(reading, due, ch, r.now, false)?;
            for p in due
                .periods
                .iter()
                .filter(|p| first.is_some_and(|f| **p >= f))
            {
                let mut files = Vec::new();
                for lang in &due.def.languages {
                    for f in &ch.formats {
                        let tried = results.iter().find_map(|(j, o)| match o {
                            ExportOutcome::Exported(x)
                                if j.report == due.def.name
                                    && j.period == *p
                                    && j.lang == *lang
                                    && j.format.ext() == f.as_str() =>
                            {
                                Some(x)
                            }
                            _ => None,
                        });
                        let Some(x) = tried else { continue };
                        files.push(Source {
                            export_id: None,
                            path: x.path.clone(),
                            name: delivery::plan::name_of(
                                &due.delivery,
                                due.def,
                                &p.to_string(),
                                *lang,
                                f,
                            )?,
                            format: f.clone(),
                            sha256: x.sha256.clone(),
                        });
                    }
                }
                if files.len() != due.def.languages.len() * ch.formats.len() {
                    continue;
                }
                out.push(Planned::Ready(Item {
                    def: due.def,
                    period: p.to_string(),
                    channel: ch,
                    purpose: Purpose::Report,
                    ctx: delivery::plan::context(
                        reading,
                        due.def,
                        *p,
                        r.now,
                        &files,
                        Purpose::Report,
                    ),
                    files,
                    max_bytes: due.delivery.max_bytes,
                }));
            }
        }
    }
    Ok(out)
}

/// The earliest time after `now` at which a failed delivery is retried, if one waits: the
/// daemon wakes for it as for a due export.
pub fn next_retry(
    conn: &Connection,
    reports: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    let (scheduled, _) = resolved(conn, reports, now, None, false)?;
    let mut best: Option<chrono::DateTime<chrono::Utc>> = None;
    for (def, s) in &scheduled {
        let Ok(Some(d)) = Delivery::of(def) else {
            continue;
        };
        for p in s.due_periods(now)? {
            let period = p.to_string();
            for ch in &d.channels {
                let key = crate::store::delivery_log::Key {
                    report: &def.name,
                    period: &period,
                    channel: &ch.name,
                    purpose: Purpose::Report.as_str(),
                };
                let st = crate::store::delivery_log::state(conn, &key)?;
                if let Some(t) = delivery::plan::retry_at(&st, backoff).filter(|t| *t > now) {
                    best = Some(best.map_or(t, |b| b.min(t)));
                }
            }
        }
    }
    Ok(best)
}

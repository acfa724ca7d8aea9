//! Which jobs are due (each report, period, language and format not yet exported), and a run that
//! exports them oldest first, logging each, with failures retried after a back-off and after the
//! jobs that have not failed.

use super::{Rule, Schedule, FIRST_BACKOFF, MAX_BACKOFF};
use crate::dates::{ts, AsOf};
use crate::i18n::Lang;
use crate::period::Period;
use crate::render::{self, Format, Origin, Request};
use crate::report::{self, Broken, Definition};
use crate::store::export_log;
use crate::Result;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use std::path::Path;

/// One file to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub report: String,
    pub period: Period,
    pub format: Format,
    pub lang: Lang,
    pub due: DateTime<Utc>,
}

impl std::fmt::Display for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.report,
            self.period,
            self.lang,
            self.format.ext()
        )
    }
}

/// What happened to a job in a run.
#[derive(Debug, Clone)]
pub enum Outcome {
    Exported(render::Exported),
    Failed(String),
    /// Failed before; retried no earlier than this.
    Waiting(DateTime<Utc>),
    /// Waiting for its narrative: these required sections (`required_narrative`) are not
    /// written. Not a failure: the first run after they are set exports it.
    Unwritten(Vec<String>),
}

/// The required narrative sections a job's report lacks for its period and language, as known
/// at `now`.
fn unwritten(
    conn: &Connection,
    def: &Definition,
    job: &Job,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    render::missing_narrative(conn, def, &job.period, job.lang, &ts(now))
}

/// Where a job stands in the log: done, or its failures and the time of the last one. Done is
/// any send of it (the scheduler's, or a `report render` to the definition's own output path); a
/// check (`--out` elsewhere) does not count. Failures are the scheduler's own.
fn history(conn: &Connection, job: &Job) -> Result<(bool, i64, Option<String>)> {
    let period = job.period.to_string();
    let key = job_key(job, &period);
    // The first moment of the period's last day in Tokyo: a send started before it is early.
    let last_day = job.period.end().and_hms_opt(0, 0, 0).unwrap_or_default();
    let from = chrono::TimeZone::from_local_datetime(&crate::dates::TOKYO, &last_day)
        .single()
        .map(|t| ts(t.with_timezone(&Utc)))
        .unwrap_or_default();
    let done = export_log::sent_done(conn, &key, &from)?;
    let (failures, last) = export_log::scheduled_failures(conn, &key)?;
    Ok((done, failures, last))
}

/// A job as the export log names it (`period` is the job's period as text).
pub(super) fn job_key<'a>(job: &'a Job, period: &'a str) -> export_log::Key<'a> {
    export_log::Key {
        report: &job.report,
        period,
        format: job.format.ext(),
        lang: job.lang.code(),
    }
}

/// The back-off after `failures` failures.
pub fn backoff(failures: i64) -> Duration {
    if failures <= 0 {
        return Duration::zero();
    }
    let mut d = FIRST_BACKOFF;
    for _ in 1..failures {
        d = d * 2;
        if d >= MAX_BACKOFF {
            return MAX_BACKOFF;
        }
    }
    d.min(MAX_BACKOFF)
}

/// The jobs of one report that are due at `now`: each due period in each language and format.
fn report_jobs(def: &Definition, s: &Schedule, now: DateTime<Utc>) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for p in s.due_periods(now)? {
        let due = s.due(&p)?;
        for lang in &def.languages {
            for f in &def.formats {
                jobs.push(Job {
                    report: def.name.clone(),
                    period: p,
                    format: Format::parse(f)?,
                    lang: *lang,
                    due,
                });
            }
        }
    }
    Ok(jobs)
}

/// A report definition with its schedule.
pub type Scheduled = (Definition, Schedule);

/// The scheduled report definitions with their schedules; one whose definition or schedule is
/// broken is listed apart, so that it fails alone.
pub fn scheduled(reports: &Path) -> Result<(Vec<Scheduled>, Vec<Broken>)> {
    let (mut good, mut broken) = (Vec::new(), Vec::new());
    for listed in report::list(reports)? {
        match listed.and_then(|def| match Schedule::of(&def) {
            Ok(s) => Ok(s.map(|s| (def, s))),
            Err(error) => Err(Broken {
                name: def.name.clone(),
                error,
            }),
        }) {
            Ok(Some(pair)) => good.push(pair),
            Ok(None) => {}
            Err(b) => broken.push(b),
        }
    }
    Ok((good, broken))
}

/// The scheduled reports (see [`scheduled`]) with where each starts: the definition's
/// `first_period` when it names one; otherwise the start recorded in the database, or, for a
/// report never scheduled, the newest period due at `now`. `from` moves the start back to the
/// period containing its first day (a back-fill asked for), never forward. With `record`, a
/// start found or moved here is recorded, so that later runs keep it.
pub fn resolved(
    conn: &Connection,
    reports: &Path,
    now: DateTime<Utc>,
    from: Option<Period>,
    record: bool,
) -> Result<(Vec<Scheduled>, Vec<Broken>)> {
    let (mut good, broken) = scheduled(reports)?;
    for (def, s) in good.iter_mut() {
        let from = from.map(|f| Period::containing(def.period_kind, f.start()));
        if let Some(first) = s.first {
            s.first = Some(from.map_or(first, |f| first.min(f)));
            continue;
        }
        let recorded = export_log::schedule_start(conn, &def.name)?
            .and_then(|t| Period::parse(&t).ok())
            .filter(|p| p.kind() == def.period_kind);
        let base = match recorded {
            Some(p) => p,
            None => s.default_start(def.period_kind, now)?,
        };
        let start = from.map_or(base, |f| base.min(f));
        if record && recorded != Some(start) {
            export_log::set_schedule_start(conn, &def.name, &start.to_string(), &ts(now))?;
        }
        s.first = Some(start);
    }
    Ok((good, broken))
}

/// Every job of the scheduled reports (see [`scheduled`]) that is due at `now`, oldest period
/// first.
pub fn due_jobs(scheduled: &[Scheduled], now: DateTime<Utc>) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for (def, s) in scheduled {
        jobs.extend(report_jobs(def, s, now)?);
    }
    jobs.sort_by(|a, b| {
        (a.period.end(), a.due, &a.report, &a.lang, a.format).cmp(&(
            b.period.end(),
            b.due,
            &b.report,
            &b.lang,
            b.format,
        ))
    });
    Ok(jobs)
}

/// Settings of a run.
pub struct Run<'a> {
    pub reports: &'a Path,
    pub db: &'a Path,
    pub out_dir: &'a Path,
    pub now: DateTime<Utc>,
    /// Checked between exports: a run stops cleanly when it turns true.
    pub stop: &'a std::sync::atomic::AtomicBool,
    /// Write the files but log nothing: a trial of a schedule that leaves the record alone.
    pub dry_run: bool,
    /// Back-fill from this period (`schedule run --from`): see [`resolved`].
    pub from: Option<Period>,
    /// The tenkai program: when given, each report's exports for one period and language run in
    /// a process of its own, under the definition's memory limit (see [`super::child`]).
    pub isolate: Option<&'a Path>,
}

/// A job and what happened to it.
pub type JobOutcome = (Job, Outcome);

/// Each job's outcome, and the report definitions that could not be used.
pub type RunResults = (Vec<JobOutcome>, Vec<Broken>);

/// The due jobs not yet exported: those never tried first, then those that failed before and
/// whose back-off has passed (so a job that keeps failing never holds up the others); and the
/// jobs still waiting for their back-off.
fn pending(
    conn: &Connection,
    scheduled: &[Scheduled],
    now: DateTime<Utc>,
) -> Result<(Vec<Job>, Vec<JobOutcome>)> {
    let (mut fresh, mut retries, mut waiting) = (Vec::new(), Vec::new(), Vec::new());
    for j in due_jobs(scheduled, now)? {
        let (done, failures, last) = history(conn, &j)?;
        if done {
            continue;
        }
        let def = scheduled
            .iter()
            .map(|(d, _)| d)
            .find(|d| d.name == j.report);
        if let Some(def) = def {
            let missing = unwritten(conn, def, &j, now)?;
            if !missing.is_empty() {
                waiting.push((j, Outcome::Unwritten(missing)));
                continue;
            }
        }
        if failures == 0 {
            fresh.push(j);
            continue;
        }
        let last = last
            .and_then(|l| DateTime::parse_from_rfc3339(&l).ok())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now);
        let retry_at = last + backoff(failures);
        if retry_at > now {
            waiting.push((j, Outcome::Waiting(retry_at)));
        } else {
            retries.push(j);
        }
    }
    fresh.extend(retries);
    Ok((fresh, waiting))
}

/// A job of a plan, with its file (or why it has none).
pub type Planned = (Job, std::result::Result<std::path::PathBuf, String>);

/// What a run at `now` would export, in order, each with its file under `out_dir` (or why it
/// has none), without exporting anything: the plan `schedule run --dry-run` prints. Jobs still
/// waiting for their back-off are left out, as the run leaves them.
pub fn plan(
    conn: &Connection,
    reports: &Path,
    out_dir: &Path,
    now: DateTime<Utc>,
    from: Option<Period>,
) -> Result<(Vec<Planned>, Vec<Broken>)> {
    let (scheduled, broken) = resolved(conn, reports, now, from, false)?;
    let (todo, _) = pending(conn, &scheduled, now)?;
    let mut out = Vec::new();
    for j in todo {
        let (def, _) = scheduled
            .iter()
            .find(|(d, _)| d.name == j.report)
            .expect("a job comes from a scheduled report");
        let file = def
            .output_path(&j.period.to_string(), j.lang.code(), j.format.ext())
            .map(|rel| out_dir.join(rel))
            .map_err(|e| e.to_string());
        out.push((j, file));
    }
    Ok((out, broken))
}

/// Splits jobs into runs of the same report, period and language (its formats share one
/// template run), keeping their order.
fn groups(jobs: Vec<Job>) -> Vec<Vec<Job>> {
    let mut out: Vec<Vec<Job>> = Vec::new();
    for j in jobs {
        match out.last_mut() {
            Some(g) if (&g[0].report, g[0].period, g[0].lang) == (&j.report, j.period, j.lang) => {
                g.push(j)
            }
            _ => out.push(vec![j]),
        }
    }
    out
}

/// Exports every due job not yet exported, oldest first (retries after the others); calls
/// `progress` after each. Returns each job's outcome, and the report definitions that are broken
/// (none of their jobs ran; the others' did).
pub fn run(
    conn: &mut Connection,
    r: &Run<'_>,
    mut progress: impl FnMut(usize, usize, &Job, &Outcome),
) -> Result<RunResults> {
    let (scheduled, broken) = resolved(conn, r.reports, r.now, r.from, !r.dry_run)?;
    let (todo, mut results) = pending(conn, &scheduled, r.now)?;
    let total = todo.len();
    let mut reuse = render::Reuse::default();
    let mut i = 0;
    for group in groups(todo) {
        if r.stop.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
        let (def, _) = scheduled
            .iter()
            .find(|(d, _)| d.name == group[0].report)
            .expect("a job comes from a scheduled report");
        let outcomes = match r.isolate {
            Some(exe) => super::child::run_group(conn, exe, r, def, &group)?,
            None => export_group(conn, r, def, &group, &mut reuse, |_, _| {})?,
        };
        for (j, outcome) in group.into_iter().zip(outcomes) {
            i += 1;
            progress(i, total, &j, &outcome);
            results.push((j, outcome));
        }
    }
    Ok((results, broken))
}

/// Exports one report's jobs for a period and language in this process; `each` is told each
/// outcome as soon as it is known.
fn export_group(
    conn: &mut Connection,
    r: &Run<'_>,
    def: &Definition,
    jobs: &[Job],
    reuse: &mut render::Reuse,
    mut each: impl FnMut(&Job, &Outcome),
) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    reuse.plan(&jobs.iter().map(|j| j.format).collect::<Vec<_>>());
    for j in jobs {
        let outcome = export_one(conn, r, def, j, reuse)?;
        each(j, &outcome);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// The child's side of [`super::child`]: lowers this process's memory limit to the
/// definition's, then exports `report`'s `formats` for one period and language, telling `each`
/// every outcome.
pub fn export_here(
    conn: &mut Connection,
    r: &Run<'_>,
    report: &str,
    period: Period,
    lang: Lang,
    formats: &[Format],
    each: impl FnMut(&Job, &Outcome),
) -> Result<()> {
    let (scheduled, _) = scheduled(r.reports)?;
    let Some((def, _)) = scheduled.iter().find(|(d, _)| d.name == report) else {
        return Err(crate::Error::Usage(format!(
            "report {report} is not a scheduled report in {}",
            r.reports.display()
        )));
    };
    super::child::limit_memory(def.limits.memory_mb)?;
    let jobs: Vec<Job> = formats
        .iter()
        .map(|&format| Job {
            report: report.to_string(),
            period,
            format,
            lang,
            due: r.now,
        })
        .collect();
    let mut reuse = render::Reuse::default();
    export_group(conn, r, def, &jobs, &mut reuse, each)?;
    Ok(())
}

/// Exports one job (or, in a dry run, writes it unlogged); a failure is its outcome, logged.
fn export_one(
    conn: &mut Connection,
    r: &Run<'_>,
    def: &Definition,
    j: &Job,
    reuse: &mut render::Reuse,
) -> Result<Outcome> {
    Ok(
        match def.output_path(&j.period.to_string(), j.lang.code(), j.format.ext()) {
            Ok(rel) => {
                let dest = r.out_dir.join(rel);
                let req = Request {
                    reports: r.reports,
                    db_path: r.db,
                    def,
                    period: j.period,
                    at: AsOf::new(j.period.end(), r.now),
                    lang: j.lang,
                    draft: false,
                };
                if r.dry_run {
                    return Ok(match render::trial(conn, &req, j.format, &dest, reuse) {
                        Ok(x) => Outcome::Exported(x),
                        Err(e) => Outcome::Failed(e.to_string()),
                    });
                }
                let mark = export_log::newest_id(conn)?;
                let out = render::Output::file(dest);
                match render::export(conn, &req, j.format, &out, r.now, Origin::Schedule, reuse) {
                    Ok(x) => Outcome::Exported(x),
                    Err(e) => {
                        // Refused before its row was started (the output rule: a file there
                        // that tenkai did not write): logged too, so that it backs off.
                        let period = j.period.to_string();
                        let key = job_key(j, &period);
                        if !export_log::started_after(conn, &key, mark)? {
                            export_log::scheduled_failure(conn, &key, &e.to_string(), &ts(r.now))?;
                        }
                        Outcome::Failed(e.to_string())
                    }
                }
            }
            Err(e) if r.dry_run => Outcome::Failed(e.to_string()),
            Err(e) => {
                let period = j.period.to_string();
                export_log::scheduled_failure(
                    conn,
                    &job_key(j, &period),
                    &e.to_string(),
                    &ts(r.now),
                )?;
                Outcome::Failed(e.to_string())
            }
        },
    )
}

/// One report's schedule at a glance.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub report: String,
    pub rule: String,
    pub last_export: Option<String>,
    pub last_period: Option<String>,
    /// The files due and not yet sent.
    pub pending: usize,
    /// The periods those files are of.
    pub pending_periods: usize,
    /// The pending periods and languages waiting for their narrative, each with the sections
    /// not written: `FY2017Q4 ja: lines_to_take`.
    pub waiting_for_narrative: Vec<String>,
    pub next_period: String,
    pub next_due: String,
}

pub fn status(conn: &Connection, reports: &Path, now: DateTime<Utc>) -> Result<Vec<Status>> {
    let mut out = Vec::new();
    let (scheduled, broken) = resolved(conn, reports, now, None, false)?;
    for b in broken {
        out.push(Status {
            report: b.name,
            rule: format!("broken: {}", b.error),
            last_export: None,
            last_period: None,
            pending: 0,
            pending_periods: 0,
            waiting_for_narrative: Vec::new(),
            next_period: String::new(),
            next_due: String::new(),
        });
    }
    for (def, s) in scheduled {
        let (last_export, last_period) = export_log::last_send(conn, &def.name)?;
        let (mut pending, mut periods) = (0, std::collections::BTreeSet::new());
        let mut waiting_for_narrative: Vec<String> = Vec::new();
        for job in report_jobs(&def, &s, now)? {
            if !history(conn, &job)?.0 {
                pending += 1;
                periods.insert(job.period.to_string());
                let missing = unwritten(conn, &def, &job, now)?;
                let line = format!("{} {}: {}", job.period, job.lang, missing.join(", "));
                if !missing.is_empty() && !waiting_for_narrative.contains(&line) {
                    waiting_for_narrative.push(line);
                }
            }
        }
        let (np, nd) = s.next_due(now)?;
        let rule = match &s.rule {
            Rule::AfterPeriodEnd { days, at } => format!(
                "{days} days after each period ends, {} {}",
                at.format("%H:%M"),
                s.tz
            ),
            Rule::Cron(_, c) => format!("cron \"{c}\" {}", s.tz),
        };
        out.push(Status {
            report: def.name.clone(),
            rule,
            last_export,
            last_period,
            pending,
            pending_periods: periods.len(),
            waiting_for_narrative,
            next_period: np.to_string(),
            next_due: nd
                .with_timezone(&s.tz)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string(),
        });
    }
    Ok(out)
}

/// How often `schedule daemon` looks again while a due export waits for its narrative: the first
/// look after the narrative is set exports it (as a run from cron every 15 minutes would).
pub const NARRATIVE_POLL: chrono::Duration = chrono::Duration::minutes(5);

/// The earliest time something becomes due after `now` (a new period, or a retry), or, while a
/// due export waits for its narrative, the next look for it ([`NARRATIVE_POLL`]).
pub fn next_wakeup(
    conn: &Connection,
    reports: &Path,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let mut best: Option<DateTime<Utc>> = None;
    let scheduled = resolved(conn, reports, now, None, false)?.0;
    for (_, s) in &scheduled {
        let (_, d) = s.next_due(now)?;
        best = Some(best.map_or(d, |b| b.min(d)));
    }
    for j in due_jobs(&scheduled, now)? {
        let (done, failures, last) = history(conn, &j)?;
        let def = scheduled
            .iter()
            .map(|(d, _)| d)
            .find(|d| d.name == j.report);
        let waits = match (done, def) {
            (false, Some(def)) => !unwritten(conn, def, &j, now)?.is_empty(),
            _ => false,
        };
        if waits {
            let t = now + NARRATIVE_POLL;
            best = Some(best.map_or(t, |b| b.min(t)));
            continue;
        }
        if !done && failures > 0 {
            if let Some(l) = last.and_then(|l| DateTime::parse_from_rfc3339(&l).ok()) {
                let t = l.with_timezone(&Utc) + backoff(failures);
                best = Some(best.map_or(t, |b| b.min(t)));
            }
        }
    }
    Ok(best)
}

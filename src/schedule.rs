//! Scheduled exports: which (report, period, format, language) is due, exporting each exactly once,
//! oldest first, with failures logged and retried after a capped back-off.
//!
//! A report definition's `[schedule]` is either a calendar rule —
//! `days_after_period_end = 10` and `at = "09:00"` — or `cron = "0 9 10 1,4,7,10 *"` (the first cron
//! time after the period ends), with `timezone` (default Asia/Tokyo) and `first_period`.
//! Only one runner acts at a time: a lock file beside the database, held for the whole run.

use crate::dates::{ts, AsOf};
use crate::i18n::Lang;
use crate::period::Period;
use crate::render::{self, Format, Origin, Request};
use crate::report::{self, Broken, Definition};
use crate::{Error, Result};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// The first retry waits this long; each further failure doubles it, up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::minutes(5);
pub const MAX_BACKOFF: Duration = Duration::hours(6);

/// When a report is due.
#[derive(Debug, Clone)]
pub enum Rule {
    /// `days` after the period's last day, at a local time.
    AfterPeriodEnd { days: i64, at: NaiveTime },
    /// The first cron time after the period ends.
    Cron(Box<croner::Cron>, String),
}

/// A parsed schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub rule: Rule,
    pub tz: Tz,
    pub first: Period,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    days_after_period_end: Option<i64>,
    at: Option<String>,
    cron: Option<String>,
    timezone: Option<String>,
    first_period: String,
}

impl Schedule {
    /// Reads the `[schedule]` table of a definition; `None` when the report has no schedule.
    pub fn of(def: &Definition) -> Result<Option<Schedule>> {
        let Some(v) = &def.schedule else {
            return Ok(None);
        };
        let at =
            |what: String| Error::Invalid(format!("{} [schedule]: {what}", def.file.display()));
        let raw: Raw = v
            .clone()
            .try_into()
            .map_err(|e: toml::de::Error| at(e.message().to_string()))?;
        let tz: Tz = raw
            .timezone
            .as_deref()
            .unwrap_or("Asia/Tokyo")
            .parse()
            .map_err(|_| {
                at(format!(
                    "timezone '{}' is not an IANA time zone such as Asia/Tokyo",
                    raw.timezone.as_deref().unwrap_or("")
                ))
            })?;
        let first =
            Period::parse(&raw.first_period).map_err(|e| at(format!("first_period: {e}")))?;
        if first.kind() != def.period_kind {
            return Err(at(format!(
                "first_period {first} is not one of the report's {}",
                def.period_kind.describe()
            )));
        }
        let rule = match (raw.cron, raw.days_after_period_end) {
            (Some(c), None) => {
                let cron = croner::parser::CronParser::new()
                    .parse(&c)
                    .map_err(|e| at(format!("cron \"{c}\": {e}")))?;
                Rule::Cron(Box::new(cron), c)
            }
            (None, Some(days)) => {
                if !(0..=366).contains(&days) {
                    return Err(at(format!(
                        "days_after_period_end = {days} must be between 0 and 366"
                    )));
                }
                let t = raw.at.as_deref().unwrap_or("09:00");
                let at_time = NaiveTime::parse_from_str(t, "%H:%M")
                    .map_err(|_| at(format!("at = \"{t}\" is not a time like \"09:00\"")))?;
                Rule::AfterPeriodEnd { days, at: at_time }
            }
            (Some(_), Some(_)) => {
                return Err(at(
                    "give either cron or days_after_period_end, not both".into()
                ))
            }
            (None, None) => {
                return Err(at(
                    "give days_after_period_end (with at) or a cron expression".into(),
                ))
            }
        };
        Ok(Some(Schedule { rule, tz, first }))
    }

    /// When a period becomes due.
    pub fn due(&self, p: &Period) -> Result<DateTime<Utc>> {
        match &self.rule {
            Rule::AfterPeriodEnd { days, at } => {
                let local = (p.end() + Duration::days(*days)).and_time(*at);
                self.tz
                    .from_local_datetime(&local)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc))
                    .ok_or_else(|| Error::Invalid(format!("{local} does not exist in {}", self.tz)))
            }
            Rule::Cron(cron, text) => {
                let after = self
                    .tz
                    .from_local_datetime(&p.next().start().and_time(NaiveTime::MIN))
                    .earliest()
                    .ok_or_else(|| {
                        Error::Invalid(format!("the end of {p} does not exist in {}", self.tz))
                    })?;
                cron.find_next_occurrence(&after, true)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| {
                        Error::Invalid(format!("cron \"{text}\" has no time after {p}: {e}"))
                    })
            }
        }
    }

    /// The periods due at `now`, oldest first.
    pub fn due_periods(&self, now: DateTime<Utc>) -> Result<Vec<Period>> {
        let mut out = Vec::new();
        let mut p = self.first;
        while self.due(&p)? <= now {
            out.push(p);
            p = p.next();
            if out.len() > 10_000 {
                break;
            }
        }
        Ok(out)
    }

    /// The next period not yet due at `now`, and when it will be.
    pub fn next_due(&self, now: DateTime<Utc>) -> Result<(Period, DateTime<Utc>)> {
        let mut p = self.first;
        loop {
            let d = self.due(&p)?;
            if d > now {
                return Ok((p, d));
            }
            p = p.next();
        }
    }
}

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
}

/// Where a job stands in the log: done, or its failures and the time of the last one. Only the
/// scheduler's own exports count: a manual `report render` to another path does not.
fn history(conn: &Connection, job: &Job) -> Result<(bool, i64, Option<String>)> {
    let key = params![
        job.report,
        job.period.to_string(),
        job.format.ext(),
        job.lang.code()
    ];
    let done = conn
        .query_row(
            "SELECT 1 FROM export_log WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'ok' AND origin = 'schedule' LIMIT 1",
            key,
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let (failures, last): (i64, Option<String>) = conn.query_row(
        "SELECT count(*), max(coalesce(finished_at, started_at)) FROM export_log
         WHERE report = ?1 AND period = ?2 AND format = ?3 AND lang = ?4 AND status = 'failed' AND origin = 'schedule'
           AND error NOT LIKE 'interrupted:%'",
        key,
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((done, failures, last))
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

/// Every job of every scheduled report that is due at `now`, oldest period first (broken
/// definitions left out: see [`scheduled`]).
pub fn due_jobs(reports: &Path, now: DateTime<Utc>) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for (def, s) in scheduled(reports)?.0 {
        jobs.extend(report_jobs(&def, &s, now)?);
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

/// The runner lock: a file beside the database, locked for the whole run.
pub struct RunnerLock {
    _file: std::fs::File,
}

/// Whether to wait for another runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for the other runner, but no longer than this; then give up with an error.
    For(std::time::Duration),
    /// Leave the work to the other runner.
    No,
}

fn lock_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".schedule.lock");
    PathBuf::from(p)
}

/// Takes the runner lock; `Ok(None)` when another runner holds it and `wait` is No.
pub fn lock(db: &Path, wait: Wait, on_wait: impl FnOnce()) -> Result<Option<RunnerLock>> {
    let path = lock_path(db);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open the runner lock {}", path.display()), e))?;
    let limit = match wait {
        Wait::For(limit) => limit,
        Wait::No => std::time::Duration::ZERO,
    };
    let until = std::time::Instant::now() + limit;
    let mut on_wait = Some(on_wait);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(RunnerLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) if wait == Wait::No => return Ok(None),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() >= until => {
                return Err(Error::Invalid(format!(
                    "another schedule runner has held {} for {} s, longer than --wait allows; giving up so that runs do not pile up. If no tenkai runner is active, the lock is released when its process ends.",
                    path.display(),
                    limit.as_secs()
                )))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                if let Some(tell) = on_wait.take() {
                    tell();
                }
                // A plain sleep between tries: the lock has no timed wait of its own.
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::io(format!("cannot lock {}", path.display()), e))
            }
        }
    }
}

/// Cleans up after a runner that was killed: its 'running' rows become failures marked
/// `interrupted:` (retried at once, without back-off), and its temporary files are removed.
/// Call with the runner lock held.
pub fn recover(conn: &Connection, out_dir: &Path) -> Result<usize> {
    let n = conn.execute(
        "UPDATE export_log SET status = 'failed', error = 'interrupted: the runner stopped before this export finished', finished_at = started_at
         WHERE status = 'running' AND origin = 'schedule'",
        [],
    )?;
    remove_partials(out_dir);
    Ok(n)
}

fn remove_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            remove_partials(&p);
        } else if e.file_name().to_string_lossy().starts_with(".tenkai-")
            && p.extension().is_some_and(|x| x == "partial")
        {
            let _ = std::fs::remove_file(&p);
        }
    }
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
}

/// Each job's outcome, and the report definitions that could not be used.
pub type RunResults = (Vec<(Job, Outcome)>, Vec<Broken>);

/// Exports every due job not yet exported, oldest first; calls `progress` after each. Returns
/// each job's outcome, and the report definitions that are broken (none of their jobs ran; the
/// others' did).
pub fn run(
    conn: &mut Connection,
    r: &Run<'_>,
    mut progress: impl FnMut(usize, usize, &Job, &Outcome),
) -> Result<RunResults> {
    let broken = scheduled(r.reports)?.1;
    let jobs = due_jobs(r.reports, r.now)?;
    let mut todo = Vec::new();
    let mut results = Vec::new();
    for j in jobs {
        let (done, failures, last) = history(conn, &j)?;
        if done {
            continue;
        }
        if failures > 0 {
            let last = last
                .and_then(|l| DateTime::parse_from_rfc3339(&l).ok())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(r.now);
            let retry_at = last + backoff(failures);
            if retry_at > r.now {
                results.push((j, Outcome::Waiting(retry_at)));
                continue;
            }
        }
        todo.push(j);
    }
    let total = todo.len();
    let mut defs: Vec<Definition> = Vec::new();
    let mut reuse = render::Reuse::default();
    for (i, j) in todo.into_iter().enumerate() {
        if r.stop.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
        if !defs.iter().any(|d| d.name == j.report) {
            defs.push(report::load(r.reports, &j.report)?);
        }
        let def = defs
            .iter()
            .find(|d| d.name == j.report)
            .expect("loaded above");
        let outcome = match def.output_path(&j.period.to_string(), j.lang.code(), j.format.ext()) {
            Ok(rel) => {
                let dest = r.out_dir.join(rel);
                let req = Request {
                    reports: r.reports,
                    db_path: r.db,
                    def,
                    period: j.period,
                    at: AsOf::new(j.period.end(), r.now),
                    lang: j.lang,
                };
                let exported = if r.dry_run {
                    render::trial(conn, &req, j.format, &dest, &mut reuse)
                } else {
                    render::export(
                        conn,
                        &req,
                        j.format,
                        &render::Output::file(dest),
                        r.now,
                        Origin::Schedule,
                        &mut reuse,
                    )
                };
                match exported {
                    Ok(x) => Outcome::Exported(x),
                    Err(e) => Outcome::Failed(e.to_string()),
                }
            }
            Err(e) if r.dry_run => Outcome::Failed(e.to_string()),
            Err(e) => {
                conn.execute(
                    "INSERT INTO export_log (report, period, format, lang, path, status, error, known_at, started_at, finished_at, origin)
                     VALUES (?1, ?2, ?3, ?4, '', 'failed', ?5, ?6, ?6, ?6, 'schedule')",
                    params![j.report, j.period.to_string(), j.format.ext(), j.lang.code(), e.to_string(), ts(r.now)],
                )?;
                Outcome::Failed(e.to_string())
            }
        };
        progress(i + 1, total, &j, &outcome);
        results.push((j, outcome));
    }
    Ok((results, broken))
}

/// One report's schedule at a glance.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub report: String,
    pub rule: String,
    pub last_export: Option<String>,
    pub last_period: Option<String>,
    pub pending: usize,
    pub next_period: String,
    pub next_due: String,
}

pub fn status(conn: &Connection, reports: &Path, now: DateTime<Utc>) -> Result<Vec<Status>> {
    let mut out = Vec::new();
    let (scheduled, broken) = scheduled(reports)?;
    for b in broken {
        out.push(Status {
            report: b.name,
            rule: format!("broken: {}", b.error),
            last_export: None,
            last_period: None,
            pending: 0,
            next_period: String::new(),
            next_due: String::new(),
        });
    }
    for (def, s) in scheduled {
        let (last_export, last_period): (Option<String>, Option<String>) = conn
            .query_row(
                "SELECT finished_at, period FROM export_log WHERE report = ?1 AND status = 'ok' AND origin = 'schedule' ORDER BY finished_at DESC, id DESC LIMIT 1",
                [&def.name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((None, None));
        let mut pending = 0;
        for job in report_jobs(&def, &s, now)? {
            if !history(conn, &job)?.0 {
                pending += 1;
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
            next_period: np.to_string(),
            next_due: nd
                .with_timezone(&s.tz)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string(),
        });
    }
    Ok(out)
}

/// The earliest time something becomes due after `now` (a new period, or a retry).
pub fn next_wakeup(
    conn: &Connection,
    reports: &Path,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let mut best: Option<DateTime<Utc>> = None;
    for (_, s) in scheduled(reports)?.0 {
        let (_, d) = s.next_due(now)?;
        best = Some(best.map_or(d, |b| b.min(d)));
    }
    for j in due_jobs(reports, now)? {
        let (done, failures, last) = history(conn, &j)?;
        if !done && failures > 0 {
            if let Some(l) = last.and_then(|l| DateTime::parse_from_rfc3339(&l).ok()) {
                let t = l.with_timezone(&Utc) + backoff(failures);
                best = Some(best.map_or(t, |b| b.min(t)));
            }
        }
    }
    Ok(best)
}

/// A file whose bytes no longer match the log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub path: String,
    pub problem: String,
}

/// Re-hashes every successfully exported file (the latest export of each path).
pub fn verify(conn: &Connection) -> Result<(usize, Vec<Problem>)> {
    let mut stmt = conn.prepare(
        "SELECT path, sha256, bytes FROM export_log e WHERE status = 'ok' AND path NOT IN ('', '-')
         AND id = (SELECT max(id) FROM export_log e2 WHERE e2.path = e.path AND e2.status = 'ok') ORDER BY path",
    )?;
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut problems = Vec::new();
    for (path, sha, bytes) in &rows {
        match std::fs::read(path) {
            Err(_) => problems.push(Problem {
                path: path.clone(),
                problem: "missing".into(),
            }),
            Ok(b) if &render::sha256_hex(&b) != sha => problems.push(Problem {
                path: path.clone(),
                problem: format!("changed since export ({} bytes, logged {bytes})", b.len()),
            }),
            Ok(_) => {}
        }
    }
    problems.extend(overwritten(conn)?);
    Ok((rows.len(), problems))
}

/// Exports whose file a later export of another report, period, language or format replaced:
/// the log says they were sent, but their file is gone.
fn overwritten(conn: &Connection) -> Result<Vec<Problem>> {
    let mut stmt = conn.prepare(
        "SELECT e.path, e.id, e.report, e.period, e.lang, e.format,
                l.id, l.report, l.period, l.lang, l.format
         FROM export_log e JOIN export_log l ON l.id = (
             SELECT min(x.id) FROM export_log x
             WHERE x.path = e.path AND x.id > e.id AND x.status = 'ok'
               AND (x.report, x.period, x.lang, x.format) IS NOT (e.report, e.period, e.lang, e.format))
         WHERE e.status = 'ok' AND e.path NOT IN ('', '-')
         ORDER BY e.path, e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let what = |k: usize| -> rusqlite::Result<String> {
            Ok(format!(
                "{} {} {} {}",
                r.get::<_, String>(k)?,
                r.get::<_, String>(k + 1)?,
                r.get::<_, String>(k + 2)?,
                r.get::<_, String>(k + 3)?
            ))
        };
        Ok(Problem {
            path: r.get(0)?,
            problem: format!(
                "export {} ({}) was overwritten by export {} ({})",
                r.get::<_, i64>(1)?,
                what(2)?,
                r.get::<_, i64>(6)?,
                what(7)?
            ),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sched(toml_text: &str) -> Result<Option<Schedule>> {
        let mut def: Definition = toml::from_str(&format!(
            "title_ja = \"t\"\ntitle_en = \"t\"\ntemplate = \"x.html\"\nperiod_kind = \"fiscal_quarter\"\n[schedule]\n{toml_text}"
        ))
        .unwrap();
        def.name = "t".into();
        def.file = "reports/t.toml".into();
        Schedule::of(&def)
    }

    #[test]
    fn the_tenth_day_after_each_fiscal_quarter_at_nine_in_tokyo() {
        let s = sched("days_after_period_end = 10\nat = \"09:00\"\nfirst_period = \"FY2017Q1\"")
            .unwrap()
            .unwrap();
        assert_eq!(
            ts(s.due(&Period::parse("FY2017Q4").unwrap()).unwrap()),
            "2018-04-10T00:00:00Z"
        );
        let now = crate::dates::parse_instant("2018-07-10T09:00:00+09:00").unwrap();
        let due: Vec<String> = s
            .due_periods(now)
            .unwrap()
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            due,
            ["FY2017Q1", "FY2017Q2", "FY2017Q3", "FY2017Q4", "FY2018Q1"]
        );
        let (next, at) = s.next_due(now).unwrap();
        assert_eq!(
            (next.to_string(), ts(at)),
            ("FY2018Q2".to_string(), "2018-10-10T00:00:00Z".to_string())
        );
    }

    #[test]
    fn cron_rules_fire_after_the_period_ends() {
        let s = sched("cron = \"0 9 10 1,4,7,10 *\"\nfirst_period = \"FY2017Q4\"")
            .unwrap()
            .unwrap();
        assert_eq!(
            ts(s.due(&Period::parse("FY2017Q4").unwrap()).unwrap()),
            "2018-04-10T00:00:00Z"
        );
    }

    #[test]
    fn bad_rules_say_where() {
        for (t, msg) in [
            ("cron = \"61 * * * *\"\nfirst_period = \"FY2017Q1\"", "cron \"61 * * * *\""),
            ("days_after_period_end = 10\nat = \"25:00\"\nfirst_period = \"FY2017Q1\"", "at = \"25:00\""),
            ("days_after_period_end = 10\nfirst_period = \"2018-03\"", "first_period"),
            ("days_after_period_end = 10\nfirst_period = \"FY2017Q1\"\ntimezone = \"Mars/Olympus\"", "Mars/Olympus"),
            ("first_period = \"FY2017Q1\"", "give days_after_period_end"),
            ("days_after_period_end = 10\nfirst_period = \"FY2017Q1\"\nevery = 3", "unknown field"),
        ] {
            let e = sched(t).unwrap_err().to_string();
            assert!(e.contains(msg) && e.contains("reports/t.toml [schedule]"), "{t}: {e}");
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(0), Duration::zero());
        assert_eq!(backoff(1), Duration::minutes(5));
        assert_eq!(backoff(2), Duration::minutes(10));
        assert_eq!(backoff(20), MAX_BACKOFF);
    }
}

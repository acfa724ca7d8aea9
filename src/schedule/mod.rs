//! Scheduled exports: which (report, period, format, language) is due, exporting each exactly once,
//! oldest first, with failures logged and retried after a capped back-off.
//!
//! A report definition's `[schedule]` is either a calendar rule —
//! `days_after_period_end = 10` and `at = "09:00"` — or `cron = "0 9 10 1,4,7,10 *"` (the first cron
//! time after the period ends), with `timezone` (default Asia/Tokyo) and `first_period`.
//! Only one runner acts at a time: a lock file beside the database, held for the whole run.
//!
//! The rooms: here the rules that say when a period is due; [`runner`] which jobs are due and
//! their export; [`mod@deliver`] the deliveries after a run's exports; [`child`] each export's own process under a memory limit; [`mod@lock`] the one-runner lock and the clean-up after a killed runner; [`mod@verify`]
//! the check of exported files against the log.

mod child;
mod deliver;
mod lock;
mod runner;
mod verify;

pub use child::outcome_line;
pub use deliver::{deliver, next_retry, Delivered};
pub use lock::{child_lock, lock, lock_unless, recover, ChildLock, RunnerLock, Wait};
pub use runner::{
    backoff, due_jobs, export_here, next_wakeup, plan, resolved, run, scheduled, status, Job,
    JobOutcome, Outcome, Run, RunResults, Scheduled, Status, NARRATIVE_POLL,
};
pub use verify::{verify, Problem};

use crate::period::Period;
use crate::report::Definition;
use crate::{Error, Result};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};

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
    pub tz: crate::dates::Zone,
    /// The first period: the definition's `first_period`, or the start that [`runner`] resolves
    /// from the database (none until it has).
    pub first: Option<Period>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    days_after_period_end: Option<i64>,
    at: Option<String>,
    cron: Option<String>,
    timezone: Option<String>,
    first_period: Option<String>,
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
        let tz = crate::dates::Zone::named(raw.timezone.as_deref().unwrap_or("Asia/Tokyo"))
            .ok_or_else(|| {
                at(format!(
                    "timezone '{}' is not an IANA time zone such as Asia/Tokyo (the zones other \
                     than Asia/Tokyo are read from the system's time zone database)",
                    raw.timezone.as_deref().unwrap_or("")
                ))
            })?;
        let first = match &raw.first_period {
            None => None,
            Some(text) => {
                let first = Period::parse(text).map_err(|e| at(format!("first_period: {e}")))?;
                if first.kind() != def.period_kind {
                    return Err(at(format!(
                        "first_period {first} is not one of the report's {}",
                        def.period_kind.describe()
                    )));
                }
                Some(first)
            }
        };
        let rule = match (raw.cron, raw.days_after_period_end) {
            (Some(c), None) => {
                let cron = croner::parser::CronParser::new()
                    .parse(&c)
                    .map_err(|e| {
                        at(format!(
                            "cron \"{c}\" is not a schedule tenkai can read ({e}): give the fields minute hour day-of-month month day-of-week, each within its range, e.g. \"0 9 10 1,4,7,10 *\""
                        ))
                    })?;
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

    /// The newest period due at `now` (or, when none is yet, the next to be): where a schedule
    /// without a first period starts.
    pub fn default_start(
        &self,
        kind: crate::period::PeriodKind,
        now: DateTime<Utc>,
    ) -> Result<Period> {
        let mut p = Period::containing(kind, now.with_timezone(&self.tz).date_naive());
        // A period is due after it ends, so the one containing now is not; step back to the
        // newest that is, but no further than a few periods (a rule may be due years later).
        let mut back = p;
        for _ in 0..64 {
            back = back.previous();
            if self.due(&back)? <= now {
                return Ok(back);
            }
        }
        while self.due(&p)? <= now {
            p = p.next();
        }
        Ok(p)
    }

    /// The first period, or an error for a schedule whose start was never resolved.
    fn first(&self) -> Result<Period> {
        self.first.ok_or_else(|| {
            Error::Invalid("the schedule's first period is not known yet (internal)".into())
        })
    }

    /// The periods due at `now`, oldest first, from the first period.
    pub fn due_periods(&self, now: DateTime<Utc>) -> Result<Vec<Period>> {
        let mut out = Vec::new();
        let mut p = self.first()?;
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
        let mut p = self.first()?;
        loop {
            let d = self.due(&p)?;
            if d > now {
                return Ok((p, d));
            }
            p = p.next();
        }
    }
}

/// The dates the record's facts are dated by: the first of them is where the record begins.
const FACT_DATES: &str = "SELECT min(d) FROM (
    SELECT min(effective_date) AS d FROM hub_status UNION ALL
    SELECT min(held_on) FROM meetings UNION ALL
    SELECT min(effective_date) FROM platform_members UNION ALL
    SELECT min(effective_date) FROM agreements UNION ALL
    SELECT min(effective_date) FROM agreement_counts UNION ALL
    SELECT min(event_date) FROM wg_events UNION ALL
    SELECT min(event_date) FROM platform_events)";

/// Refuses a back-fill (`schedule run --from`) that would start a scheduled report at a period
/// ending before the first fact the database records: every report of such a period would state
/// nothing recorded (0 hubs, 0 meetings) and, once sent, stay in the log for good. A mistyped
/// year (FY1900 for FY2000) is the usual cause. A database that records no fact yet sets no bound.
pub fn refuse_from_before_record(
    conn: &rusqlite::Connection,
    reports: &std::path::Path,
    from: Option<Period>,
) -> Result<()> {
    let Some(from) = from else { return Ok(()) };
    let first: Option<String> = conn.query_row(FACT_DATES, [], |r| r.get(0))?;
    let Some(first) = first.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
    else {
        return Ok(());
    };
    // Each report starts at the period of its own kind holding --from's first day: the first of
    // those ending before the record begins, if any.
    let kinds: Vec<_> = scheduled(reports)?
        .0
        .into_iter()
        .map(|(d, _)| d.period_kind)
        .collect();
    let too_early = |f: Period| {
        std::iter::once(f)
            .chain(kinds.iter().map(|&k| Period::containing(k, f.start())))
            .filter(|p| p.end() < first)
            .min_by_key(|p| p.end())
    };
    let Some(start) = too_early(from) else {
        return Ok(());
    };
    let mut earliest = Period::containing(from.kind(), first);
    while too_early(earliest).is_some() {
        earliest = earliest.next();
    }
    let begins = if start == from {
        format!("--from {from} ends {}", from.end())
    } else {
        format!(
            "--from {from} starts a report at {start}, which ends {}",
            start.end()
        )
    };
    Err(Error::Usage(format!(
        "{begins}, before the first fact the database records (dated {first}): a back-fill from it would export reports of periods with nothing recorded, and a send stays in the log for good. Check the year; give --from {earliest} or later (`tenkai schedule run --from {earliest} --dry-run` shows its plan)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ts;

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

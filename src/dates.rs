//! Dates and timestamps: parsing user input with helpful errors, and the clock.
//!
//! Stored dates are ISO 8601 (`YYYY-MM-DD`). Stored timestamps (`recorded_at`, `known_at`) are UTC in
//! one fixed form, `YYYY-MM-DDTHH:MM:SSZ`, so that they compare correctly as text in SQL.
//! "Today" and times without an offset are in Asia/Tokyo.

mod zone;

pub use zone::{Zone, ZoneOffset};

use crate::{Error, Result};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Asia/Tokyo: Japan Standard Time, +09:00. Japan has kept no daylight saving time since 1951, so
/// the fixed offset is the zone's rule for every date tenkai reads or writes.
pub const TOKYO: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(jst) => jst,
    None => panic!("+09:00 is a valid offset"),
};

/// The fixed text form of stored timestamps.
pub const TS_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Parses a calendar date `YYYY-MM-DD`, saying why a date is impossible.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        if t.len() == 10 {
            return Ok(d);
        }
    }
    // Explain the common mistakes: a day past the end of the month, a month out of range.
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() == 3 {
        if let (Ok(y), Ok(m), Ok(d)) = (
            parts[0].parse::<i32>(),
            parts[1].parse::<u32>(),
            parts[2].parse::<u32>(),
        ) {
            if !(1..=12).contains(&m) {
                return Err(Error::Usage(format!("'{s}' is not a date: month {m} is not between 1 and 12. Use YYYY-MM-DD, for example 2018-03-31.")));
            }
            let last = days_in_month(y, m);
            if d == 0 || d > last {
                return Err(Error::Usage(format!(
                    "'{s}' is not a date: {y}-{m:02} has {last} days. Use YYYY-MM-DD, for example 2018-03-31."
                )));
            }
        }
    }
    // A 和暦 date: say what it is in the form wanted.
    if let Ok(d) = crate::wareki::parse(t) {
        return Err(Error::Usage(format!(
            "'{s}' is a 和暦 date; give it as YYYY-MM-DD: {d}. (`tenkai wareki {t}` converts one.)"
        )));
    }
    Err(Error::Usage(format!(
        "'{s}' is not a date. Use YYYY-MM-DD, for example 2018-03-31 (`tenkai wareki` converts a 和暦 date)."
    )))
}

/// The number of days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(31)
}

/// Parses a `--known-at`/`--now` value: an RFC 3339 timestamp, `YYYY-MM-DDTHH:MM[:SS]` in Asia/Tokyo,
/// or a date, meaning the end of that day in Asia/Tokyo.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>> {
    let t = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    // RFC 3339 without seconds, as people write it: 2018-07-10T09:00+09:00.
    for f in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%MZ"] {
        if let Ok(dt) = DateTime::parse_from_str(&t.replace('Z', "+00:00"), &f.replace('Z', "%:z"))
        {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, f) {
            return tokyo_to_utc(naive, s);
        }
    }
    if t.len() == 10 {
        let d = parse_date(t)?;
        let end = d.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
        return tokyo_to_utc(end, s);
    }
    Err(Error::Usage(format!(
        "'{s}' is not a date or time. Use 2018-07-10 (end of that day, Asia/Tokyo), 2018-07-10T09:00 (Asia/Tokyo) or 2018-07-10T09:00:00+09:00."
    )))
}

fn tokyo_to_utc(naive: NaiveDateTime, original: &str) -> Result<DateTime<Utc>> {
    TOKYO
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| Error::Usage(format!("'{original}' does not exist in Asia/Tokyo")))
}

/// The stored text form of a timestamp.
pub fn ts(t: DateTime<Utc>) -> String {
    t.format(TS_FORMAT).to_string()
}

/// The current time, truncated to seconds: the time of every write (`recorded_at`, the export
/// log) and the default `known_at`. Every "now" in tenkai comes from here.
///
/// Debug builds, which are what the tests run, read the time from `TENKAI_NOW` (RFC 3339, for
/// example `2018-07-01T09:00:00+09:00`) when it is set, so that a test sets the clock instead of
/// waiting for it. Release builds always read the system clock.
pub fn now() -> DateTime<Utc> {
    #[cfg(debug_assertions)]
    if let Some(t) = test_clock() {
        return t;
    }
    let n = Utc::now();
    Utc.timestamp_opt(n.timestamp(), 0).single().unwrap_or(n)
}

/// The time that `TENKAI_NOW` sets, in debug builds only (see [`now`]).
#[cfg(debug_assertions)]
fn test_clock() -> Option<DateTime<Utc>> {
    let v = std::env::var("TENKAI_NOW").ok()?;
    let t = DateTime::parse_from_rfc3339(v.trim()).unwrap_or_else(|e| {
        panic!("TENKAI_NOW={v:?} is not an RFC 3339 time ({e}); use 2018-07-01T09:00:00+09:00")
    });
    let t = t.with_timezone(&Utc);
    Some(Utc.timestamp_opt(t.timestamp(), 0).single().unwrap_or(t))
}

/// Today's date in Asia/Tokyo.
pub fn today() -> NaiveDate {
    now().with_timezone(&TOKYO).date_naive()
}

/// The date in Asia/Tokyo of an instant.
pub fn tokyo_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&TOKYO).date_naive()
}

/// The moment a report or query looks at: the date the facts are taken at, and what was known when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    pub date: NaiveDate,
    pub known_at: DateTime<Utc>,
}

impl AsOf {
    pub fn new(date: NaiveDate, known_at: DateTime<Utc>) -> Self {
        AsOf { date, known_at }
    }
    /// From optional CLI values: the date defaults to today in Tokyo, `known_at` to now.
    pub fn from_args(as_of: Option<&str>, known_at: Option<&str>) -> Result<Self> {
        let known_at = match known_at {
            Some(s) => parse_instant(s)?,
            None => now(),
        };
        let date = match as_of {
            Some(s) => parse_date(s)?,
            None => today(),
        };
        Ok(AsOf { date, known_at })
    }
    pub fn date_str(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }
    pub fn known_at_str(&self) -> String {
        ts(self.known_at)
    }
}

/// The days a stored date may stand for, given how much of it the source gave (its
/// `date_precision`): `day`, `month` and `year` (stored as their first day), `fiscal_year` (stored
/// as its 1 April) and `unknown` (the source gives no date: the stored date is the latest by which
/// the fact is known to hold, and it may be any day before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// The earliest day, or `None` when the date is unknown.
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
}

impl DateSpan {
    pub fn new(date: NaiveDate, precision: &str) -> DateSpan {
        let (y, m) = (date.year(), date.month());
        let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(date);
        let (from, to) = match precision {
            "unknown" => (None, date),
            "month" => (Some(date), day(y, m, days_in_month(y, m))),
            "year" => (Some(date), day(y, 12, 31)),
            "fiscal_year" => {
                let fy = if m >= 4 { y } else { y - 1 };
                (Some(day(fy, 4, 1)), day(fy + 1, 3, 31))
            }
            _ => (Some(date), date),
        };
        DateSpan { from, to }
    }

    /// Whether every day the date may stand for lies from `start` to `end`: only then is the
    /// fact known to have happened in that period.
    pub fn within(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.from.is_some_and(|f| f >= start) && self.to <= end
    }

    /// Whether some day the date may stand for lies from `start` to `end`.
    pub fn overlaps(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= end) && self.to >= start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_stands_for_the_days_its_precision_allows() {
        let d = |s: &str| parse_date(s).unwrap();
        let q4 = (d("2018-01-01"), d("2018-03-31"));
        let unknown = DateSpan::new(d("2018-03-31"), "unknown");
        assert_eq!(unknown.from, None);
        assert!(!unknown.within(q4.0, q4.1) && unknown.overlaps(q4.0, q4.1));
        assert!(DateSpan::new(d("2018-03-01"), "month").within(q4.0, q4.1));
        assert_eq!(DateSpan::new(d("2018-02-01"), "month").to, d("2018-02-28"));
        let fy2017 = DateSpan::new(d("2017-04-01"), "fiscal_year");
        assert_eq!(
            (fy2017.from, fy2017.to),
            (Some(d("2017-04-01")), d("2018-03-31"))
        );
        assert!(!fy2017.within(q4.0, q4.1) && fy2017.overlaps(q4.0, q4.1));
        assert!(fy2017.within(d("2017-04-01"), d("2018-03-31")));
        assert!(!DateSpan::new(d("2020-01-01"), "year").overlaps(q4.0, q4.1));
        assert!(DateSpan::new(d("2018-03-22"), "day").within(q4.0, q4.1));
    }

    #[test]
    fn impossible_dates_say_why() {
        let e = parse_date("2018-02-30").unwrap_err().to_string();
        assert!(e.contains("has 28 days"), "{e}");
        let e = parse_date("2018-13-01").unwrap_err().to_string();
        assert!(e.contains("month 13"), "{e}");
        assert!(parse_date("2016-02-29").is_ok());
        assert!(parse_date("2018-3-1").is_err());
    }

    #[test]
    fn a_wareki_date_where_iso_is_wanted_says_which_date_it_is() {
        let e = parse_date("平成30年3月31日").unwrap_err().to_string();
        assert!(e.contains("和暦") && e.contains("2018-03-31"), "{e}");
        assert!(e.contains("tenkai wareki"), "{e}");
        let e = parse_date("令和元年5月1日").unwrap_err().to_string();
        assert!(e.contains("2019-05-01"), "{e}");
    }

    #[test]
    fn instants_default_to_tokyo() {
        assert_eq!(
            ts(parse_instant("2018-07-10T09:00").unwrap()),
            "2018-07-10T00:00:00Z"
        );
        assert_eq!(
            ts(parse_instant("2018-07-10T09:00:00+09:00").unwrap()),
            "2018-07-10T00:00:00Z"
        );
        assert_eq!(
            ts(parse_instant("2018-03-31").unwrap()),
            "2018-03-31T14:59:59Z"
        );
        assert!(parse_instant("yesterday").is_err());
    }
}

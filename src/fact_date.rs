//! Dates of facts as sources give them: a day, a month, a calendar year or a fiscal year, typed in
//! any of the forms an office uses.
//!
//! One parser serves the command line, the forms, CSV files and `tenkai wareki`, so a date typed
//! one way is read the same everywhere. It takes ISO dates and their slashed forms (`2018-05-31`,
//! `2018/5/31`), `2018年5月31日`, 和暦 (`平成30年5月31日`, `令和元年5月`) with its short forms
//! (`H30.5.31`, `R1.5`), and fiscal years (`FY2018`, `2018年度`, `平成30年度`), with full-width
//! digits and spaces (NFKC). A date keeps the precision it was given in: `平成30年5月` is May 2018,
//! stored as its first day with precision `month`, and never shown as 1 May.
//!
//! `--as-of` and `--known-at` are moments, not facts: they take a full day or time
//! (`dates::parse_date`, `dates::parse_instant`).

use crate::dates::days_in_month;
use crate::wareki::{Era, ERAS};
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// How much of a date the source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
    /// A Japanese fiscal year, April to March, stored as its 1 April.
    FiscalYear,
}

impl Precision {
    /// The stored code (`date_precision`).
    pub fn code(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::FiscalYear => "fiscal_year",
        }
    }
    /// The precision a stored code names.
    pub fn from_code(code: &str) -> Option<Precision> {
        [
            Precision::Day,
            Precision::Month,
            Precision::Year,
            Precision::FiscalYear,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

/// A fact's date: the first day of what the source gives, and how much it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactDate {
    pub date: NaiveDate,
    pub precision: Precision,
}

impl FactDate {
    /// The date in ISO form at its precision: `2018-05-31`, `2018-05`, `2018`, `FY2018`.
    pub fn iso(&self) -> String {
        let d = self.date;
        match self.precision {
            Precision::Day => d.to_string(),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Year => format!("{:04}", d.year()),
            Precision::FiscalYear => format!("FY{}", d.year()),
        }
    }

    /// The date in 和暦 at its precision: `平成30年5月31日`, `平成30年5月`, `平成30年`, `平成30年度`.
    pub fn wareki(&self) -> Result<String> {
        let to_wareki = crate::wareki::to_wareki;
        Ok(match self.precision {
            Precision::Day => to_wareki(self.date)?.to_ja(),
            // A month is named by the era of its first day, or of its last when it began before
            // 明治 (October 1868 is 明治元年10月).
            Precision::Month => {
                let (y, m) = (self.date.year(), self.date.month());
                let last = NaiveDate::from_ymd_opt(y, m, days_in_month(y, m)).unwrap_or(self.date);
                to_wareki(self.date)
                    .or_else(|_| to_wareki(last))?
                    .to_ja_month()
            }
            Precision::Year => crate::wareki::year_ja(self.date.year())?,
            Precision::FiscalYear => crate::wareki::fiscal_year_ja(self.date.year())?,
        })
    }
}

/// The forms a fact's date may take, for messages.
pub const FORMS: &str =
    "a day (2018-03-31, 2018/3/31, 平成30年3月31日, H30.3.31), a month (2018-05, \
2018年5月, 平成30年5月, H30.5), a year (2018, 平成30年) or a fiscal year (FY2018, 平成30年度)";

/// Parses a fact's date in any of the forms this module's documentation lists.
pub fn parse(input: &str) -> Result<FactDate> {
    let text: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
    let bad = || Error::Usage(format!("'{}' is not a date. Write {FORMS}.", quote(input)));
    if text.is_empty() {
        return Err(bad());
    }
    if let Some(fy) = fiscal_year(&text)? {
        return first_of_fiscal_year(input, fy);
    }
    let (parts, era) = split(&text).ok_or_else(bad)?;
    let year = match era {
        Some(era) => era_year(input, era, parts[0])?,
        None => parts[0],
    };
    let date = match parts[1..] {
        [] => FactDate {
            date: day(input, year, 1, 1)?,
            precision: Precision::Year,
        },
        [m] => FactDate {
            date: day(input, year, m, 1)?,
            precision: Precision::Month,
        },
        [m, d] => FactDate {
            date: day(input, year, m, d)?,
            precision: Precision::Day,
        },
        _ => return Err(bad()),
    };
    if let Some(era) = era {
        within_era(input, era, &date)?;
    }
    Ok(date)
}

/// A value quoted in a message: at most 80 characters of it.
fn quote(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(80).collect::<String>())
    }
}

/// The fiscal year a text names (`FY2018`, `2018年度`, `平成30年度`, `H30年度`), if it names one.
fn fiscal_year(text: &str) -> Result<Option<i32>> {
    let upper = text.to_ascii_uppercase();
    if let Some(y) = upper.strip_prefix("FY") {
        return Ok(y.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y)));
    }
    let Some(body) = text.strip_suffix("年度") else {
        return Ok(None);
    };
    match split(&format!("{body}年")) {
        Some((parts, None)) if parts.len() == 1 => Ok(Some(parts[0])),
        Some((parts, Some(era))) if parts.len() == 1 => Ok(Some(era_year(text, era, parts[0])?)),
        _ => Ok(None),
    }
}

fn first_of_fiscal_year(input: &str, fy: i32) -> Result<FactDate> {
    Ok(FactDate {
        date: day(input, fy, 4, 1)?,
        precision: Precision::FiscalYear,
    })
}

/// Splits a normalised date into its numbers (year, then month and day if given) and its era:
/// `2018-05-31`, `2018/5`, `2018.5.31`, `2018年5月31日`, `平成30年5月`, `令和元年`, `H30.5.31`, `R1.5`.
fn split(text: &str) -> Option<(Vec<i32>, Option<Era>)> {
    let (era, rest) = era_prefix(text);
    let numbers: Vec<&str> = if rest.contains('年') {
        let (y, rest) = rest.split_once('年')?;
        let mut v = vec![y];
        if !rest.is_empty() {
            let (m, rest) = rest.split_once('月')?;
            v.push(m);
            if !rest.is_empty() {
                v.push(rest.strip_suffix('日')?);
            }
        }
        v
    } else {
        rest.split(['-', '/', '.']).collect()
    };
    let numbers = numbers
        .iter()
        .enumerate()
        .map(|(i, n)| match (*n, i, era) {
            ("元", 0, Some(_)) => Some(1),
            (n, _, _) if !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()) => {
                n.parse().ok()
            }
            _ => None,
        })
        .collect::<Option<Vec<i32>>>()?;
    // A Gregorian year has four digits, so `5/31` or `18-5` is not taken for a year.
    if era.is_none() && !(1000..=9999).contains(numbers.first()?) {
        return None;
    }
    (numbers.len() <= 3).then_some((numbers, era))
}

/// The era a date starts with (`平成`, or its initial `H` in the short form), and the rest.
fn era_prefix(text: &str) -> (Option<Era>, &str) {
    if let Some(era) = ERAS.iter().find(|e| text.starts_with(e.name)) {
        return (Some(*era), &text[era.name.len()..]);
    }
    let mut chars = text.chars();
    let initial = chars.next().map(|c| c.to_ascii_uppercase());
    let rest = chars.as_str();
    let era = match initial {
        Some('M') => "明治",
        Some('T') => "大正",
        Some('S') => "昭和",
        Some('H') => "平成",
        Some('R') => "令和",
        _ => return (None, text),
    };
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '元') {
        (Era::by_name(era), rest)
    } else {
        (None, text)
    }
}

/// The Gregorian year of an era's year, refusing a year the era does not have.
fn era_year(input: &str, era: Era, year: i32) -> Result<i32> {
    let first = era.start_date().year();
    let last = era.end_date().map(|d| d.year() - first + 1);
    if year < 1 || last.is_some_and(|l| year > l) {
        let span = match last {
            Some(l) => format!("{}元年 to {}{l}年", era.name, era.name),
            None => format!("from {}元年", era.name),
        };
        return Err(Error::Usage(format!(
            "'{}': {} has no year {year} (it runs {span}). Write {FORMS}.",
            quote(input),
            era.name
        )));
    }
    Ok(first + year - 1)
}

/// A calendar day, saying why it does not exist.
fn day(input: &str, year: i32, month: i32, day: i32) -> Result<NaiveDate> {
    let q = quote(input);
    if !(1..=12).contains(&month) {
        return Err(Error::Usage(format!(
            "'{q}' is not a date: month {month} is not between 1 and 12."
        )));
    }
    let last = days_in_month(year, month as u32) as i32;
    if day < 1 || day > last {
        return Err(Error::Usage(format!(
            "'{q}' is not a date: {year}-{month:02} has {last} days, so day {day} does not exist."
        )));
    }
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .ok_or_else(|| Error::Usage(format!("'{q}' is out of range. Write {FORMS}.")))
}

/// Refuses a date given in an era that some of its span lies outside of (平成31年5月: 平成 ended on
/// 30 April 2019).
fn within_era(input: &str, era: Era, date: &FactDate) -> Result<()> {
    let span = crate::dates::DateSpan::new(date.date, date.precision.code());
    let (from, to) = (span.from.unwrap_or(date.date), span.to);
    let starts_after = era.end_date().is_some_and(|end| from > end);
    let ends_before = to < era.start_date();
    if starts_after || ends_before {
        let end = era
            .end_date()
            .map(|e| format!(" and ended on {e}"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "'{}' is not in {}: that era began on {}{end}.",
            quote(input),
            era.name,
            era.start_date()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> (String, &'static str) {
        let d = parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (d.date.to_string(), d.precision.code())
    }

    #[test]
    fn each_form_keeps_the_precision_it_was_given_in() {
        for (input, date, precision) in [
            ("2018-03-31", "2018-03-31", "day"),
            ("2018/6/1", "2018-06-01", "day"),
            ("2018.6.1", "2018-06-01", "day"),
            ("2018年6月1日", "2018-06-01", "day"),
            ("平成30年3月31日", "2018-03-31", "day"),
            ("H30.3.31", "2018-03-31", "day"),
            ("h30/3/31", "2018-03-31", "day"),
            ("令和元年5月1日", "2019-05-01", "day"),
            ("2018-05", "2018-05-01", "month"),
            ("2018/5", "2018-05-01", "month"),
            ("2018年5月", "2018-05-01", "month"),
            ("平成31年4月", "2019-04-01", "month"),
            ("H30.5", "2018-05-01", "month"),
            ("R1.5", "2019-05-01", "month"),
            ("2018", "2018-01-01", "year"),
            ("2018年", "2018-01-01", "year"),
            ("平成30年", "2018-01-01", "year"),
            ("FY2018", "2018-04-01", "fiscal_year"),
            ("fy2018", "2018-04-01", "fiscal_year"),
            ("2018年度", "2018-04-01", "fiscal_year"),
            ("平成30年度", "2018-04-01", "fiscal_year"),
            ("令和元年度", "2019-04-01", "fiscal_year"),
        ] {
            assert_eq!(p(input), (date.to_string(), precision), "{input}");
        }
    }

    #[test]
    fn full_width_digits_and_spaces_are_read() {
        assert_eq!(p("平成３０年５月"), ("2018-05-01".into(), "month"));
        assert_eq!(p("２０１８／６／１"), ("2018-06-01".into(), "day"));
        assert_eq!(p(" 平成30年 3月 31日　"), ("2018-03-31".into(), "day"));
        assert_eq!(p("Ｈ３０．３．３１"), ("2018-03-31".into(), "day"));
    }

    #[test]
    fn an_impossible_day_is_named_as_such() {
        for input in ["平成30年2月30日", "H30.2.30", "2018-02-30", "2018/2/30"] {
            let e = parse(input).unwrap_err().to_string();
            assert!(
                e.contains("has 28 days") && e.contains("30"),
                "{input}: {e}"
            );
        }
        let e = parse("2018-13").unwrap_err().to_string();
        assert!(e.contains("month 13"), "{e}");
    }

    #[test]
    fn a_date_outside_its_era_is_refused() {
        let e = parse("平成31年5月").unwrap_err().to_string();
        assert!(e.contains("ended on 2019-04-30"), "{e}");
        assert!(parse("令和元年4月").is_err());
        assert!(parse("平成31年4月30日").is_ok());
        let e = parse("平成32年").unwrap_err().to_string();
        assert!(e.contains("no year 32"), "{e}");
    }

    #[test]
    fn what_is_not_a_date_says_which_forms_are() {
        for input in [
            "",
            "soon",
            "5/31",
            "2018-5-31-1",
            "平成30年3月31",
            "H",
            "30.3.31",
        ] {
            let e = parse(input).unwrap_err().to_string();
            assert!(
                e.contains("平成30年5月") || e.contains("is not"),
                "{input:?}: {e}"
            );
        }
        let long = "x".repeat(500);
        assert!(parse(&long).unwrap_err().to_string().len() < 400);
    }

    #[test]
    fn a_date_prints_at_its_precision_in_both_calendars() {
        let show = |s: &str| {
            let d = parse(s).unwrap();
            (d.iso(), d.wareki().unwrap())
        };
        assert_eq!(
            show("平成31年4月"),
            ("2019-04".into(), "平成31年4月".into())
        );
        // 2019 is 平成31年 until April and 令和元年 from May: a fact known by its year is in
        // either, so both are named.
        assert_eq!(
            show("2019"),
            ("2019".into(), "2019年（平成31年／令和元年）".into())
        );
        assert_eq!(show("2018"), ("2018".into(), "平成30年".into()));
        assert_eq!(show("FY2019"), ("FY2019".into(), "令和元年度".into()));
        // The month 明治 began in: its first days lie before the era.
        assert_eq!(show("1868-10"), ("1868-10".into(), "明治元年10月".into()));
        assert_eq!(
            show("H30.3.31"),
            ("2018-03-31".into(), "平成30年3月31日".into())
        );
    }
}

//! 和暦 (Japanese era calendar): dates to era years and back, and the era names of fiscal years.
//!
//! Written here because no maintained crate gets the boundaries right (the first day of 平成 is
//! 1989-01-08, of 令和 2019-05-01) and fiscal-year naming (FY2019 is 令和元年度) at the same time.
//! Eras from 明治 on are supported; the first year of an era is written 元年.

use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};

/// An era: its name and first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    pub romaji: &'static str,
    pub start: (i32, u32, u32),
}

/// The modern eras, oldest first. 明治 starts at its proclamation, 1868-10-23 (Gregorian).
pub const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        romaji: "Meiji",
        start: (1868, 10, 23),
    },
    Era {
        name: "大正",
        romaji: "Taisho",
        start: (1912, 7, 30),
    },
    Era {
        name: "昭和",
        romaji: "Showa",
        start: (1926, 12, 25),
    },
    Era {
        name: "平成",
        romaji: "Heisei",
        start: (1989, 1, 8),
    },
    Era {
        name: "令和",
        romaji: "Reiwa",
        start: (2019, 5, 1),
    },
];

impl Era {
    pub fn start_date(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start.0, self.start.1, self.start.2)
            .expect("era start is a date")
    }
    /// The last day of the era, or `None` for the current one.
    pub fn end_date(&self) -> Option<NaiveDate> {
        let i = ERAS.iter().position(|e| e == self)?;
        ERAS.get(i + 1).and_then(|n| n.start_date().pred_opt())
    }
    pub fn by_name(name: &str) -> Option<Era> {
        ERAS.iter().copied().find(|e| e.name == name)
    }
}

/// A date in the era calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wareki {
    pub era: Era,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The era in effect on a date, or `None` before 明治.
pub fn era_of(date: NaiveDate) -> Option<Era> {
    ERAS.iter().rev().copied().find(|e| date >= e.start_date())
}

thread_local! {
    /// The day the text being written is dated (see [`written_on`]).
    static WRITTEN_ON: std::cell::Cell<Option<NaiveDate>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with 和暦 written as on `day`: a date in an era that had not begun by then (令和 in a
/// report of 2018) is not given that era's name, and [`era_known`] says so. A report written
/// before 1 May 2019 that names 2020 writes 2020年, as its own time did.
pub fn written_on<T>(day: NaiveDate, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<NaiveDate>);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITTEN_ON.set(self.0);
        }
    }
    let _restore = Restore(WRITTEN_ON.replace(Some(day)));
    f()
}

/// Whether the era of `date` had begun on the day the text is written (always, outside
/// [`written_on`]).
pub fn era_known(date: NaiveDate) -> bool {
    match (WRITTEN_ON.get(), era_of(date)) {
        (Some(day), Some(era)) => era.start_date() <= day,
        _ => true,
    }
}

/// Converts a Gregorian date to 和暦.
pub fn to_wareki(date: NaiveDate) -> Result<Wareki> {
    let era = era_of(date).ok_or_else(|| {
        Error::Usage(format!(
            "{date} is before 明治 (1868-10-23): tenkai writes 和暦 from 明治 on"
        ))
    })?;
    Ok(Wareki {
        era,
        year: date.year() - era.start.0 + 1,
        month: date.month(),
        day: date.day(),
    })
}

/// Converts 和暦 to a Gregorian date, refusing dates outside the era (平成31年5月1日, 昭和64年1月8日).
pub fn from_wareki(era: Era, year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    let greg = era.start.0 + year - 1;
    let date = NaiveDate::from_ymd_opt(greg, month, day)
        .filter(|_| year >= 1)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}{}年{}月{}日 is not a date",
                era.name,
                year_text(year),
                month,
                day
            ))
        })?;
    if date < era.start_date() || era.end_date().is_some_and(|end| date > end) {
        let range = match era.end_date() {
            Some(end) => format!("{} to {}", era.start_date(), end),
            None => format!("from {}", era.start_date()),
        };
        return Err(Error::Usage(format!(
            "{}{}年{}月{}日 is outside {} ({range})",
            era.name,
            year_text(year),
            month,
            day,
            era.name
        )));
    }
    Ok(date)
}

/// `元` for the first year, the number otherwise.
pub fn year_text(year: i32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

/// A year in 和暦, as a fact known only by its year is written: `平成30年`. A year in which the
/// era changed is named by both eras, with the year itself (2019 is 平成31年 until 30 April and
/// 令和元年 from 1 May: 「2019年（平成31年／令和元年）」), as either alone would place the fact in
/// part of the year; where the new era had not begun on the day the text is written
/// ([`written_on`]), the year in Western numerals alone (2019年). Refused before 明治.
pub fn year_ja(y: i32) -> Result<String> {
    let day = |m, d| {
        NaiveDate::from_ymd_opt(y, m, d)
            .ok_or_else(|| Error::Usage(format!("{y} is not a year tenkai writes")))
    };
    let (first, last) = (day(1, 1)?, day(12, 31)?);
    let end = to_wareki(last)?;
    if !era_known(last) {
        return Ok(format!("{y}年"));
    }
    Ok(match to_wareki(first) {
        Ok(start) if start.era.name != end.era.name => {
            format!("{y}年（{}／{}）", start.to_ja_year(), end.to_ja_year())
        }
        _ => end.to_ja_year(),
    })
}

impl Wareki {
    /// `平成30年3月31日`
    pub fn to_ja(&self) -> String {
        format!(
            "{}{}年{}月{}日",
            self.era.name,
            year_text(self.year),
            self.month,
            self.day
        )
    }
    /// `平成30年3月`
    pub fn to_ja_month(&self) -> String {
        format!(
            "{}{}年{}月",
            self.era.name,
            year_text(self.year),
            self.month
        )
    }
    /// `平成30年`
    pub fn to_ja_year(&self) -> String {
        format!("{}{}年", self.era.name, year_text(self.year))
    }
}

/// Parses `平成30年3月31日`, `令和元年5月1日`, with ASCII or full-width digits.
pub fn parse(s: &str) -> Result<NaiveDate> {
    let norm: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
            _ => c,
        })
        .collect();
    let bad = || {
        Error::Usage(format!(
            "'{s}' is not a 和暦 date; write it like 平成30年3月31日 or 令和元年5月1日"
        ))
    };
    let era = ERAS
        .iter()
        .copied()
        .find(|e| norm.starts_with(e.name))
        .ok_or_else(bad)?;
    let rest = &norm[era.name.len()..];
    let (y, rest) = rest.split_once('年').ok_or_else(bad)?;
    let (m, rest) = rest.split_once('月').ok_or_else(bad)?;
    let d = rest.strip_suffix('日').ok_or_else(bad)?;
    let year = if y == "元" {
        1
    } else {
        y.parse().map_err(|_| bad())?
    };
    from_wareki(
        era,
        year,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    )
}

/// Parses the short 和暦 forms typed in spreadsheets: `H30.3.31`, `R1.5.1`, `S64/1/7`, `h30-03-31`
/// (the era's initial M, T, S, H or R, then year, month and day).
pub fn parse_short(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let bad = || {
        Error::Usage(format!(
            "'{s}' is not a short 和暦 date; write it like H30.3.31 or R1.5.1"
        ))
    };
    let mut chars = t.chars();
    let era = match chars.next().map(|c| c.to_ascii_uppercase()) {
        Some('M') => "明治",
        Some('T') => "大正",
        Some('S') => "昭和",
        Some('H') => "平成",
        Some('R') => "令和",
        _ => return Err(bad()),
    };
    let era = Era::by_name(era).ok_or_else(bad)?;
    let parts: Vec<&str> = chars.as_str().split(['.', '/', '-']).collect();
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    from_wareki(era, num(y)? as i32, num(m)?, num(d)?)
}

/// The era name of a Japanese fiscal year (April to March), e.g. FY2018 → `平成30年度`, FY2019 → `令和元年度`.
///
/// A fiscal year takes the era year of the calendar year it starts in, as that year ends: so FY2019
/// (begun under 平成 in April 2019) is 令和元年度, as the government renamed it, and FY1988 is 昭和63年度.
pub fn fiscal_year_ja(fy: i32) -> Result<String> {
    let dec31 = NaiveDate::from_ymd_opt(fy, 12, 31)
        .ok_or_else(|| Error::Usage(format!("FY{fy} is out of range")))?;
    let w = to_wareki(dec31)?;
    Ok(format!("{}{}年度", w.era.name, year_text(w.year)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_of_two_eras_names_both_or_neither() {
        assert_eq!(year_ja(2019).unwrap(), "2019年（平成31年／令和元年）");
        assert_eq!(year_ja(1989).unwrap(), "1989年（昭和64年／平成元年）");
        assert_eq!(year_ja(2018).unwrap(), "平成30年");
        // Written before 令和 began: the year's new era was not known, and neither is claimed.
        let in_2018 = NaiveDate::from_ymd_opt(2018, 7, 5).unwrap();
        assert_eq!(written_on(in_2018, || year_ja(2019)).unwrap(), "2019年");
        assert_eq!(written_on(in_2018, || year_ja(2018)).unwrap(), "平成30年");
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(to_wareki(d(1989, 1, 7)).unwrap().to_ja(), "昭和64年1月7日");
        assert_eq!(to_wareki(d(1989, 1, 8)).unwrap().to_ja(), "平成元年1月8日");
        assert_eq!(
            to_wareki(d(2019, 4, 30)).unwrap().to_ja(),
            "平成31年4月30日"
        );
        assert_eq!(to_wareki(d(2019, 5, 1)).unwrap().to_ja(), "令和元年5月1日");
        assert_eq!(
            to_wareki(d(1926, 12, 24)).unwrap().to_ja(),
            "大正15年12月24日"
        );
        assert_eq!(
            to_wareki(d(1926, 12, 25)).unwrap().to_ja(),
            "昭和元年12月25日"
        );
        assert_eq!(
            to_wareki(d(1912, 7, 29)).unwrap().to_ja(),
            "明治45年7月29日"
        );
        assert_eq!(
            to_wareki(d(1912, 7, 30)).unwrap().to_ja(),
            "大正元年7月30日"
        );
        assert_eq!(
            to_wareki(d(2018, 3, 31)).unwrap().to_ja(),
            "平成30年3月31日"
        );
        assert!(to_wareki(d(1868, 10, 22)).is_err());
    }

    #[test]
    fn back_from_wareki_at_every_boundary() {
        for date in [
            d(1989, 1, 7),
            d(1989, 1, 8),
            d(2019, 4, 30),
            d(2019, 5, 1),
            d(1926, 12, 25),
            d(1912, 7, 30),
            d(2026, 11, 25),
        ] {
            let w = to_wareki(date).unwrap();
            assert_eq!(from_wareki(w.era, w.year, w.month, w.day).unwrap(), date);
            assert_eq!(parse(&w.to_ja()).unwrap(), date);
        }
        assert_eq!(parse("平成元年1月8日").unwrap(), d(1989, 1, 8));
        assert_eq!(parse("平成３０年３月３１日").unwrap(), d(2018, 3, 31));
    }

    #[test]
    fn dates_outside_their_era_are_refused() {
        let heisei = Era::by_name("平成").unwrap();
        let showa = Era::by_name("昭和").unwrap();
        assert!(from_wareki(heisei, 31, 5, 1).is_err());
        assert!(from_wareki(showa, 64, 1, 8).is_err());
        assert!(from_wareki(heisei, 1, 1, 7).is_err());
        assert!(from_wareki(heisei, 0, 1, 8).is_err());
        assert!(parse("平成30年2月30日").is_err());
        assert!(parse("2018年3月31日").is_err());
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(fiscal_year_ja(2019).unwrap(), "令和元年度");
        assert_eq!(fiscal_year_ja(2018).unwrap(), "平成30年度");
        assert_eq!(fiscal_year_ja(2017).unwrap(), "平成29年度");
        assert_eq!(fiscal_year_ja(1989).unwrap(), "平成元年度");
        assert_eq!(fiscal_year_ja(1988).unwrap(), "昭和63年度");
        assert_eq!(fiscal_year_ja(2020).unwrap(), "令和2年度");
    }
}

//! Reporting periods: Japanese fiscal quarters and years (April to March) and calendar periods.
//!
//! Accepted forms: `FY2017Q4`, `FY2017`, `2018Q1`, `2018-03`, `2018`. Each period knows its first
//! and last day, its neighbours and its bilingual label.

use crate::wareki::{self, year_text};
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Japanese fiscal quarter: FY `fy` starts on `fy`-04-01; Q4 is January to March of `fy`+1.
    FiscalQuarter {
        fy: i32,
        q: u32,
    },
    FiscalYear {
        fy: i32,
    },
    Quarter {
        year: i32,
        q: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    Year {
        year: i32,
    },
}

/// The kinds of period, as a report definition names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    FiscalQuarter,
    FiscalYear,
    Quarter,
    Month,
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::FiscalQuarter,
        PeriodKind::FiscalYear,
        PeriodKind::Quarter,
        PeriodKind::Month,
        PeriodKind::Year,
    ];

    /// The kind as a definition writes it (`period_kind = "fiscal_quarter"`).
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::FiscalQuarter => "fiscal_quarter",
            PeriodKind::FiscalYear => "fiscal_year",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Month => "month",
            PeriodKind::Year => "year",
        }
    }

    /// What the kind is called in messages, with an example period.
    pub fn describe(self) -> &'static str {
        match self {
            PeriodKind::FiscalQuarter => "fiscal quarters (like FY2017Q4)",
            PeriodKind::FiscalYear => "fiscal years (like FY2017)",
            PeriodKind::Quarter => "calendar quarters (like 2018Q1)",
            PeriodKind::Month => "months (like 2018-03)",
            PeriodKind::Year => "calendar years (like 2018)",
        }
    }
}

const FORMS: &str = "FY2017Q4 (fiscal quarter, April-start year), FY2017 (fiscal year), 2018Q1 (calendar quarter), 2018-03 (month), 2018 (year); or in Japanese as a date gives them: 平成29年度, 2018年3月, 平成30年";
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// The months as English dates name them.
pub(crate) const EN_MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl std::str::FromStr for Period {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Period::parse(s)
    }
}

fn year_in_range(y: i32) -> bool {
    (1868..=9998).contains(&y)
}

/// A Japanese period refused for its era (令和0年度, 平成31年5月): the date parser's reason, with
/// the period's forms; `None` for a refusal that is not about an era.
fn era_refusal(input: &str, why: &str) -> Option<Error> {
    let reason = why.strip_prefix(&format!("'{input}'"))?;
    let reason = reason.split(". Write a ").next()?;
    let reason = reason.trim_start_matches(':').trim().trim_end_matches('.');
    if !["明治", "大正", "昭和", "平成", "令和"]
        .iter()
        .any(|era| reason.contains(era))
    {
        return None;
    }
    let reason = match reason.strip_prefix("is ") {
        Some(r) => format!("it is {r}"),
        None => reason.to_string(),
    };
    Some(Error::Usage(format!(
        "'{input}' is not a period: {reason}. Use one of: {FORMS}."
    )))
}

impl Period {
    /// Parses a period, with an error that lists the accepted forms: its own forms (FY2017Q4,
    /// full width too), and a month, a year or a fiscal year as a fact's date gives one
    /// (平成29年度, 2018年3月, 平成30年).
    pub fn parse(input: &str) -> Result<Self> {
        use unicode_normalization::UnicodeNormalization;
        let s: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
        let refused = match Period::parse_form(input, &s.to_ascii_uppercase()) {
            Ok(p) => return Ok(p),
            Err(e) => e,
        };
        use crate::fact_date::Precision;
        // The Japanese forms only: an ASCII form that is not a period's (2018-3) stays refused.
        if s.is_ascii() {
            return Err(refused);
        }
        let d = match crate::fact_date::parse(input) {
            Ok(d) => d,
            Err(e) => return Err(era_refusal(input, &e.to_string()).unwrap_or(refused)),
        };
        let year = d.date.year();
        match d.precision {
            Precision::FiscalYear => Ok(Period::FiscalYear { fy: year }),
            Precision::Month => Ok(Period::Month {
                year,
                month: d.date.month(),
            }),
            Precision::Year => Ok(Period::Year { year }),
            Precision::Day => Err(refused),
        }
    }

    /// Parses a period in its own forms (`s`: the input normalised and upper case).
    fn parse_form(input: &str, s: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "'{input}' is not a period{why}. Use one of: {FORMS}."
            ))
        };
        let num = |t: &str| -> Option<i32> {
            (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let quarter = |t: &str| -> Result<u32> {
            match t {
                "1" | "2" | "3" | "4" => Ok(t.parse().unwrap_or(1)),
                _ => Err(bad(&format!(": quarter must be 1 to 4, not '{t}'"))),
            }
        };
        let p = if let Some(rest) = s.strip_prefix("FY") {
            match rest.split_once('Q') {
                Some((y, q)) => Period::FiscalQuarter {
                    fy: num(y).ok_or_else(|| bad(""))?,
                    q: quarter(q)?,
                },
                None => Period::FiscalYear {
                    fy: num(rest).ok_or_else(|| bad(""))?,
                },
            }
        } else if let Some((y, q)) = s.split_once('Q') {
            Period::Quarter {
                year: num(y).ok_or_else(|| bad(""))?,
                q: quarter(q)?,
            }
        } else if let Some((y, m)) = s.split_once('-') {
            let month: u32 = (m.len() == 2)
                .then(|| m.parse().ok())
                .flatten()
                .ok_or_else(|| bad(""))?;
            if !(1..=12).contains(&month) {
                return Err(bad(&format!(": month must be 01 to 12, not '{m}'")));
            }
            Period::Month {
                year: num(y).ok_or_else(|| bad(""))?,
                month,
            }
        } else {
            Period::Year {
                year: num(s).ok_or_else(|| bad(""))?,
            }
        };
        let y = match p {
            Period::FiscalQuarter { fy, .. } | Period::FiscalYear { fy } => fy,
            Period::Quarter { year, .. } | Period::Month { year, .. } | Period::Year { year } => {
                year
            }
        };
        if !year_in_range(y) {
            return Err(bad(": the year must be between 1868 and 9998"));
        }
        Ok(p)
    }

    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::FiscalQuarter { .. } => PeriodKind::FiscalQuarter,
            Period::FiscalYear { .. } => PeriodKind::FiscalYear,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Month { .. } => PeriodKind::Month,
            Period::Year { .. } => PeriodKind::Year,
        }
    }

    /// The period of a kind that contains a date.
    pub fn containing(kind: PeriodKind, d: NaiveDate) -> Period {
        let (y, m) = (d.year(), d.month());
        let fy = if m >= 4 { y } else { y - 1 };
        match kind {
            PeriodKind::FiscalQuarter => Period::FiscalQuarter {
                fy,
                q: ((m + 8) % 12) / 3 + 1,
            },
            PeriodKind::FiscalYear => Period::FiscalYear { fy },
            PeriodKind::Quarter => Period::Quarter {
                year: y,
                q: (m - 1) / 3 + 1,
            },
            PeriodKind::Month => Period::Month { year: y, month: m },
            PeriodKind::Year => Period::Year { year: y },
        }
    }

    /// First (year, month) and the number of months.
    fn span(&self) -> (i32, u32, u32) {
        match *self {
            Period::FiscalQuarter { fy, q } => {
                let m0 = 4 + (q - 1) * 3;
                if m0 > 12 {
                    (fy + 1, m0 - 12, 3)
                } else {
                    (fy, m0, 3)
                }
            }
            Period::FiscalYear { fy } => (fy, 4, 12),
            Period::Quarter { year, q } => (year, (q - 1) * 3 + 1, 3),
            Period::Month { year, month } => (year, month, 1),
            Period::Year { year } => (year, 1, 12),
        }
    }

    pub fn start(&self) -> NaiveDate {
        let (y, m, _) = self.span();
        NaiveDate::from_ymd_opt(y, m, 1).expect("period start is a date")
    }

    pub fn end(&self) -> NaiveDate {
        self.next()
            .start()
            .pred_opt()
            .expect("period end is a date")
    }

    fn end_month(&self) -> (i32, u32) {
        let e = self.end();
        (e.year(), e.month())
    }

    /// The period after this one, of the same kind.
    pub fn next(&self) -> Period {
        self.shift(1)
    }

    /// The period before this one, of the same kind.
    pub fn previous(&self) -> Period {
        self.shift(-1)
    }

    /// The same period one year earlier.
    pub fn year_earlier(&self) -> Period {
        match *self {
            Period::FiscalQuarter { fy, q } => Period::FiscalQuarter { fy: fy - 1, q },
            Period::FiscalYear { fy } => Period::FiscalYear { fy: fy - 1 },
            Period::Quarter { year, q } => Period::Quarter { year: year - 1, q },
            Period::Month { year, month } => Period::Month {
                year: year - 1,
                month,
            },
            Period::Year { year } => Period::Year { year: year - 1 },
        }
    }

    /// Moves by `n` periods of the same kind.
    pub fn shift(&self, n: i32) -> Period {
        let step = |idx: i32, per_year: i32| (idx.div_euclid(per_year), idx.rem_euclid(per_year));
        match *self {
            Period::FiscalQuarter { fy, q } => {
                let (y, r) = step(fy * 4 + q as i32 - 1 + n, 4);
                Period::FiscalQuarter {
                    fy: y,
                    q: r as u32 + 1,
                }
            }
            Period::FiscalYear { fy } => Period::FiscalYear { fy: fy + n },
            Period::Quarter { year, q } => {
                let (y, r) = step(year * 4 + q as i32 - 1 + n, 4);
                Period::Quarter {
                    year: y,
                    q: r as u32 + 1,
                }
            }
            Period::Month { year, month } => {
                let (y, r) = step(year * 12 + month as i32 - 1 + n, 12);
                Period::Month {
                    year: y,
                    month: r as u32 + 1,
                }
            }
            Period::Year { year } => Period::Year { year: year + n },
        }
    }

    /// `2017年度第4四半期（平成30年1月〜3月）`
    /// Before the first era tenkai knows (明治), there is no 和暦 to give, and no parentheses.
    pub fn label_ja(&self) -> String {
        let in_parens = |w: String| {
            if w.is_empty() {
                w
            } else {
                format!("（{w}）")
            }
        };
        let range = in_parens(self.wareki_range());
        match *self {
            Period::FiscalQuarter { fy, q } => format!("{fy}年度第{q}四半期{range}"),
            Period::FiscalYear { fy } => format!(
                "{fy}年度{}",
                in_parens(wareki::fiscal_year_ja(fy).unwrap_or_default())
            ),
            Period::Quarter { year, q } => format!("{year}年第{q}四半期{range}"),
            Period::Month { year, month } => format!("{year}年{month}月{range}"),
            Period::Year { year } => format!("{year}年{range}"),
        }
    }

    /// The period as 公用文 writes it, 和暦 throughout: `平成29年度第4四半期（平成30年1月〜3月）`.
    pub fn label_wareki(&self) -> String {
        let range = self.wareki_range();
        match *self {
            Period::FiscalQuarter { fy, q } => format!(
                "{}第{q}四半期（{range}）",
                wareki::fiscal_year_ja(fy).unwrap_or_else(|_| format!("{fy}年度"))
            ),
            Period::FiscalYear { fy } => {
                wareki::fiscal_year_ja(fy).unwrap_or_else(|_| format!("{fy}年度"))
            }
            Period::Quarter { q, .. } => {
                let year = wareki::to_wareki(self.start())
                    .map(|w| w.to_ja_year())
                    .unwrap_or_default();
                format!("{year}第{q}四半期（{range}）")
            }
            Period::Month { .. } | Period::Year { .. } => range,
        }
    }

    /// The period in 和暦 months: `平成30年1月〜3月`, `平成31年4月〜令和元年6月`.
    pub fn wareki_range(&self) -> String {
        let (Ok(s), Ok(e)) = (
            wareki::to_wareki(self.start()),
            wareki::to_wareki(self.end()),
        ) else {
            return String::new();
        };
        if let Period::Year { .. } = self {
            if s.era == e.era {
                return s.to_ja_year();
            }
            return format!("{}〜{}", s.to_ja_year(), e.to_ja_year());
        }
        if s.month == e.month && s.year == e.year && s.era == e.era {
            s.to_ja_month()
        } else if s.era == e.era && s.year == e.year {
            format!("{}〜{}月", s.to_ja_month(), e.month)
        } else if s.era == e.era {
            format!("{}〜{}年{}月", s.to_ja_month(), year_text(e.year), e.month)
        } else {
            format!("{}〜{}", s.to_ja_month(), e.to_ja_month())
        }
    }

    /// `FY2017 Q4 (Jan–Mar 2018)`
    pub fn label_en(&self) -> String {
        let (sy, sm, _) = self.span();
        let (ey, em) = self.end_month();
        let range = if sy == ey {
            format!(
                "{}–{} {}",
                EN_MONTHS[sm as usize - 1],
                EN_MONTHS[em as usize - 1],
                ey
            )
        } else {
            format!(
                "{} {}–{} {}",
                EN_MONTHS[sm as usize - 1],
                sy,
                EN_MONTHS[em as usize - 1],
                ey
            )
        };
        match *self {
            Period::FiscalQuarter { fy, q } => format!("FY{fy} Q{q} ({range})"),
            Period::FiscalYear { fy } => format!("FY{fy} ({range})"),
            Period::Quarter { year, q } => format!("{year} Q{q} ({range})"),
            Period::Month { year, month } => {
                format!("{} {year}", EN_MONTHS_LONG[month as usize - 1])
            }
            Period::Year { year } => format!("{year}"),
        }
    }

    pub fn label(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Ja => self.label_ja(),
            crate::i18n::Lang::En => self.label_en(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::FiscalQuarter { fy, q } => write!(f, "FY{fy}Q{q}"),
            Period::FiscalYear { fy } => write!(f, "FY{fy}"),
            Period::Quarter { year, q } => write!(f, "{year}Q{q}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Year { year } => write!(f, "{year}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn fiscal_quarter_four_is_january_to_march() {
        let p = Period::parse("FY2017Q4").unwrap();
        assert_eq!((p.start(), p.end()), (d(2018, 1, 1), d(2018, 3, 31)));
        assert_eq!(p.label_ja(), "2017年度第4四半期（平成30年1月〜3月）");
        assert_eq!(p.label_en(), "FY2017 Q4 (Jan–Mar 2018)");
        assert_eq!(p.previous().to_string(), "FY2017Q3");
        assert_eq!(p.next().to_string(), "FY2018Q1");
        assert_eq!(p.year_earlier().to_string(), "FY2016Q4");
    }

    #[test]
    fn other_forms() {
        let fy = Period::parse("fy2017").unwrap();
        assert_eq!((fy.start(), fy.end()), (d(2017, 4, 1), d(2018, 3, 31)));
        assert_eq!(fy.label_ja(), "2017年度（平成29年度）");
        assert_eq!(fy.label_en(), "FY2017 (Apr 2017–Mar 2018)");
        let q = Period::parse("2018Q1").unwrap();
        assert_eq!((q.start(), q.end()), (d(2018, 1, 1), d(2018, 3, 31)));
        let m = Period::parse("2016-02").unwrap();
        assert_eq!(m.end(), d(2016, 2, 29));
        assert_eq!(m.label_en(), "February 2016");
        let y = Period::parse("2019").unwrap();
        assert_eq!(y.label_ja(), "2019年（平成31年〜令和元年）");
        // Before 明治: no 和暦, and no empty parentheses.
        assert_eq!(Period::parse("1868").unwrap().label_ja(), "1868年");
        assert_eq!(Period::parse("1868-01").unwrap().label_ja(), "1868年1月");
        assert_eq!(
            Period::parse("FY2019").unwrap().label_ja(),
            "2019年度（令和元年度）"
        );
        assert_eq!(
            Period::parse("FY2019Q1").unwrap().label_ja(),
            "2019年度第1四半期（平成31年4月〜令和元年6月）"
        );
        assert_eq!(
            Period::parse("FY2017Q3").unwrap().label_ja(),
            "2017年度第3四半期（平成29年10月〜12月）"
        );
    }

    #[test]
    fn bad_periods_list_the_forms() {
        for bad in [
            "FY2017Q5", "2018-13", "Q3", "FY17", "", "2018-3", "FYQ1", "20180",
        ] {
            let e = Period::parse(bad).unwrap_err().to_string();
            assert!(e.contains("FY2017Q4"), "{bad}: {e}");
        }
    }

    #[test]
    fn round_trips_and_containment() {
        for s in [
            "FY2017Q1", "FY2017Q4", "FY2017", "2018Q4", "2018-12", "2018",
        ] {
            let p = Period::parse(s).unwrap();
            assert_eq!(p.to_string(), s);
            assert_eq!(Period::containing(p.kind(), p.start()), p);
            assert_eq!(Period::containing(p.kind(), p.end()), p);
            assert_eq!(p.next().previous(), p);
            assert_eq!(p.next().start(), p.end().succ_opt().unwrap());
        }
        assert_eq!(
            Period::containing(PeriodKind::FiscalQuarter, d(2018, 3, 31)).to_string(),
            "FY2017Q4"
        );
        assert_eq!(
            Period::containing(PeriodKind::FiscalQuarter, d(2018, 4, 1)).to_string(),
            "FY2018Q1"
        );
    }

    #[test]
    fn a_japanese_period_outside_its_era_is_refused_saying_why() {
        let why = |input: &str| Period::parse(input).unwrap_err().to_string();
        assert!(
            why("令和0年度").contains("'令和0年度' is not a period: 令和 has no year 0"),
            "{}",
            why("令和0年度")
        );
        assert!(why("平成31年5月").contains(
            "it is not in 平成: that era began on 1989-01-08 and ended on 2019-04-30. Use one of:"
        ));
        assert!(why("令和元年4月").contains("it is not in 令和: that era began on 2019-05-01"));
        // Not an era's refusal: the forms alone.
        assert!(why("平成三十年度").starts_with("'平成三十年度' is not a period. Use one of:"));
        assert_eq!(Period::parse("令和元年5月").unwrap().to_string(), "2019-05");
    }
}

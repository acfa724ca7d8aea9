//! `tenkai period` and `tenkai wareki`: periods and dates in both calendars.

use super::out;
use super::write_all;
use anyhow::Result;
use tenkai::period::Period;
use tenkai::table::Format;
use unicode_normalization::UnicodeNormalization;

pub fn period(p: &str, format: Format) -> Result<()> {
    let p = Period::parse(p)?;
    let rows = vec![
        vec!["period".into(), p.to_string().into()],
        vec!["start".into(), p.start().to_string().into()],
        vec!["end".into(), p.end().to_string().into()],
        vec!["label_ja".into(), p.label_ja().into()],
        vec!["label_en".into(), p.label_en().into()],
        vec!["previous".into(), p.previous().to_string().into()],
        vec!["year_earlier".into(), p.year_earlier().to_string().into()],
    ];
    write_all(out(), format, &["field", "value"], rows)?;
    Ok(())
}

/// Converts a date between the calendars, at the precision it is written in: a Gregorian date
/// (`2019-05-01`, `2019-05`, `FY2019`) to 和暦, a 和暦 date (`平成31年4月`, `H30.3.31`) to ISO.
pub fn wareki(input: &str) -> Result<()> {
    let d = tenkai::fact_date::parse(input)?;
    let gregorian = input
        .nfkc()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| c.is_ascii_digit() || c == 'F' || c == 'f');
    if gregorian {
        println!("{}", d.wareki()?);
    } else {
        println!("{}", d.iso());
    }
    Ok(())
}

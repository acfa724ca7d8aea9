//! `tenkai period` and `tenkai wareki`: periods and dates in both calendars.

use super::out;
use super::write_all;
use anyhow::Result;
use tenkai::dates::parse_date;
use tenkai::period::Period;
use tenkai::table::Format;

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

pub fn wareki(input: &str) -> Result<()> {
    if input.trim().starts_with(|c: char| c.is_ascii_digit()) {
        let d = parse_date(input)?;
        println!("{}", tenkai::wareki::to_wareki(d)?.to_ja());
    } else {
        println!("{}", tenkai::wareki::parse(input)?);
    }
    Ok(())
}

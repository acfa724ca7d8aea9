//! Indicators: the office's own measures, read beside the targets but never rated. An indicator
//! has a metric, a value at a date and a trend (its value at the end of the previous period); it
//! has no target value, trajectory, RAG or forecast, because no source sets one.

use super::metrics::metric;
use crate::dates::AsOf;
pub use crate::store::targets::{indicators, Indicator};
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

/// An indicator evaluated at a date, with its value at an earlier date for the trend.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorStatus {
    pub indicator: Indicator,
    pub unit_ja: String,
    pub unit_en: String,
    pub as_of: NaiveDate,
    pub value: Option<f64>,
    pub previous_date: NaiveDate,
    pub previous: Option<f64>,
}

/// Every indicator at the date, and at `previous_date` for the trend.
pub fn evaluate_indicators(
    conn: &Connection,
    at: &AsOf,
    previous_date: NaiveDate,
) -> Result<Vec<IndicatorStatus>> {
    let known = at.known_at_str();
    let values = super::by_sql(conn, &known);
    evaluate_indicators_with(conn, at, previous_date, &values)
}

/// [`evaluate_indicators`], the metrics' values found by `values`.
pub fn evaluate_indicators_with(
    conn: &Connection,
    at: &AsOf,
    previous_date: NaiveDate,
    values: super::Values<'_>,
) -> Result<Vec<IndicatorStatus>> {
    let known = at.known_at_str();
    indicators(conn, &known)?
        .into_iter()
        .map(|indicator| {
            let m = metric(conn, &indicator.metric)?;
            let value_at = |d: NaiveDate| {
                values(&m, d).map_err(|e| Error::Invalid(format!("metric {} failed: {e}", m.name)))
            };
            Ok(IndicatorStatus {
                value: value_at(at.date)?,
                previous: value_at(previous_date)?,
                previous_date,
                as_of: at.date,
                unit_ja: m.unit_ja,
                unit_en: m.unit_en,
                indicator,
            })
        })
        .collect()
}

//! Metrics and targets: actual, progress, trajectory, RAG and forecast at a date.
//!
//! A metric is a named read-only SQL query returning one number for `:as_of` and `:known_at`.
//! A target runs from a baseline (value, date) to a target value at a deadline, through any interim
//! milestones (the trajectory is piecewise linear through them). RAG at a date:
//! * `achieved` when the actual meets the target value;
//! * `green` when on or past the trajectory;
//! * `amber` when short of the trajectory by no more than `tolerance` × |target − baseline|;
//! * `red` otherwise; `no_data` when the metric has no value.
//!
//! The forecast fits a least-squares line through the metric's values at the ends of the last
//! quarters (and the date itself) and says when that line reaches the target.
//!
//! A target comes from a sentence of a source that sets a number by a date. An indicator is the
//! office's own measure ([`mod@indicators`]): shown with its value and trend, never rated.
//!
//! [`mod@metrics`] holds the metrics (named queries, checked before they are saved); [`mod@narrative`] the
//! text of a period's report sections.

mod indicators;
mod metrics;
mod narrative;

pub use crate::store::targets::{
    latest_assessment, targets, Assessment, Milestone, NewMilestone, Target,
};
pub use indicators::{
    evaluate_indicators, evaluate_indicators_with, indicators, Indicator, IndicatorStatus,
};
pub use metrics::{add_metric, metric, metric_value, metrics, within, Metric, NewMetric};
pub use narrative::{narrative, set_narrative, NARRATIVE_SECTIONS};

use crate::dates::AsOf;
use crate::i18n::Rag;
use crate::period::{Period, PeriodKind};
use crate::store;
use crate::{Error, Result};
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

/// How many quarter ends the forecast looks back over.
pub const FORECAST_QUARTERS: i32 = 8;

impl Target {
    fn increasing(&self) -> bool {
        self.direction != "decrease"
    }

    /// Whether a value meets the target.
    pub fn met_by(&self, v: f64) -> bool {
        if self.increasing() {
            v >= self.target_value
        } else {
            v <= self.target_value
        }
    }

    /// The trajectory's points: baseline, milestones, target at the deadline.
    fn knots(&self) -> Vec<(NaiveDate, f64)> {
        let mut k = vec![(self.baseline_date, self.baseline_value)];
        k.extend(
            self.milestones
                .iter()
                .filter(|m| m.due_date > self.baseline_date && m.due_date < self.deadline)
                .map(|m| (m.due_date, m.value)),
        );
        k.push((self.deadline, self.target_value));
        k
    }

    /// The value the trajectory expects at a date (the baseline before it starts, the target after the deadline).
    pub fn trajectory(&self, d: NaiveDate) -> f64 {
        let k = self.knots();
        if d <= k[0].0 {
            return k[0].1;
        }
        for w in k.windows(2) {
            let ((d0, v0), (d1, v1)) = (w[0], w[1]);
            if d <= d1 {
                let span = (d1 - d0).num_days();
                if span <= 0 {
                    return v1;
                }
                return v0 + (v1 - v0) * (d - d0).num_days() as f64 / span as f64;
            }
        }
        self.target_value
    }

    /// (actual − baseline) / (target − baseline); `None` when target equals baseline.
    pub fn progress(&self, actual: f64) -> Option<f64> {
        let span = self.target_value - self.baseline_value;
        (span != 0.0).then(|| (actual - self.baseline_value) / span)
    }

    /// The computed RAG status.
    pub fn rag(&self, actual: Option<f64>, d: NaiveDate) -> Rag {
        let Some(a) = actual else { return Rag::NoData };
        if self.met_by(a) {
            return Rag::Achieved;
        }
        let expected = self.trajectory(d);
        let shortfall = if self.increasing() {
            expected - a
        } else {
            a - expected
        };
        if shortfall <= 1e-9 {
            Rag::Green
        } else if shortfall
            <= self.tolerance * (self.target_value - self.baseline_value).abs() + 1e-9
        {
            Rag::Amber
        } else {
            Rag::Red
        }
    }
}

/// The forecast of when a target will be met.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Forecast {
    /// Already met, first on `date`.
    Achieved { date: NaiveDate },
    /// The trend line reaches the target on `date`; `by_deadline` says whether that is in time.
    OnTrend { date: NaiveDate, by_deadline: bool },
    /// The trend is flat or going the wrong way.
    NotOnTrend,
    /// Fewer than two data points.
    InsufficientData,
}

/// Least squares through (day number, value): returns (slope per day, intercept).
pub fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    Some((slope, my - slope * mx))
}

/// A target evaluated at a date.
#[derive(Debug, Clone, Serialize)]
pub struct TargetStatus {
    pub target: Target,
    pub metric_title_ja: String,
    pub metric_title_en: String,
    pub unit_ja: String,
    pub unit_en: String,
    pub as_of: NaiveDate,
    pub actual: Option<f64>,
    pub trajectory: f64,
    pub progress: Option<f64>,
    pub rag: Rag,
    pub forecast: Forecast,
    /// The latest staff assessment for the period, if any.
    pub assessment: Option<Assessment>,
}

/// How a metric's value at a date, as known at the moment evaluated, is found: [`by_sql`] runs the
/// metric's SQL; a caller that already holds what a metric counts may answer it itself.
pub type Values<'a> = &'a dyn Fn(&Metric, NaiveDate) -> Result<Option<f64>>;

/// The metrics' values as their SQL gives them, as known at `known_at`.
pub fn by_sql<'a>(
    conn: &'a Connection,
    known_at: &'a str,
) -> impl Fn(&Metric, NaiveDate) -> Result<Option<f64>> + 'a {
    move |m, d| metric_value(conn, &m.sql, d, known_at)
}

/// Evaluates every target at a date; `period` selects the staff assessments shown.
pub fn evaluate_all(
    conn: &Connection,
    at: &AsOf,
    period: Option<&Period>,
) -> Result<Vec<TargetStatus>> {
    let known = at.known_at_str();
    let values = by_sql(conn, &known);
    evaluate_all_with(conn, at, period, &values)
}

/// [`evaluate_all`], the metrics' values found by `values`.
pub fn evaluate_all_with(
    conn: &Connection,
    at: &AsOf,
    period: Option<&Period>,
    values: Values<'_>,
) -> Result<Vec<TargetStatus>> {
    targets(conn, &at.known_at_str())?
        .into_iter()
        .map(|t| evaluate(conn, t, at, period, values))
        .collect()
}

pub fn evaluate(
    conn: &Connection,
    target: Target,
    at: &AsOf,
    period: Option<&Period>,
    values: Values<'_>,
) -> Result<TargetStatus> {
    let m = metric(conn, &target.metric)?;
    let known = at.known_at_str();
    let value_at = |d: NaiveDate| values(&m, d);
    let actual =
        value_at(at.date).map_err(|e| Error::Invalid(format!("metric {} failed: {e}", m.name)))?;
    let forecast = match actual {
        Some(a) if target.met_by(a) => Forecast::Achieved {
            date: first_met(&target, at.date, &value_at)?,
        },
        _ => {
            let mut points = Vec::new();
            let mut q = Period::containing(PeriodKind::FiscalQuarter, at.date).previous();
            for _ in 0..FORECAST_QUARTERS {
                if q.end() < target.baseline_date {
                    break;
                }
                if let Some(v) = value_at(q.end())? {
                    points.push((q.end(), v));
                }
                q = q.previous();
            }
            if let Some(a) = actual {
                points.push((at.date, a));
            }
            let xy: Vec<(f64, f64)> = points
                .iter()
                .map(|(d, v)| ((*d - at.date).num_days() as f64, *v))
                .collect();
            match least_squares(&xy) {
                None => Forecast::InsufficientData,
                Some((slope, intercept)) => {
                    let toward = if target.increasing() {
                        slope > 1e-12
                    } else {
                        slope < -1e-12
                    };
                    if !toward {
                        Forecast::NotOnTrend
                    } else {
                        let days = ((target.target_value - intercept) / slope).ceil().max(0.0);
                        if days > 365.0 * 200.0 {
                            Forecast::NotOnTrend
                        } else {
                            let date = at.date + Duration::days(days as i64);
                            Forecast::OnTrend {
                                date,
                                by_deadline: date <= target.deadline,
                            }
                        }
                    }
                }
            }
        }
    };
    let assessment = match period {
        Some(p) => latest_assessment(conn, &target.name, &p.to_string(), &known)?,
        None => None,
    };
    Ok(TargetStatus {
        trajectory: target.trajectory(at.date),
        progress: actual.and_then(|a| target.progress(a)),
        rag: target.rag(actual, at.date),
        metric_title_ja: m.title_ja,
        metric_title_en: m.title_en,
        unit_ja: m.unit_ja,
        unit_en: m.unit_en,
        as_of: at.date,
        actual,
        forecast,
        assessment,
        target,
    })
}

/// The first date on which the metric met the target, by bisection between the baseline (when it
/// was not met) and `until` (when it is): about a dozen evaluations however long the history. A
/// target met at its baseline gives the baseline date. Assumes that once met, the target stays met (true of cumulative counts); for a
/// metric that dips, it finds a date when the target became met, not necessarily the first.
fn first_met(
    target: &Target,
    until: NaiveDate,
    value_at: &dyn Fn(NaiveDate) -> Result<Option<f64>>,
) -> Result<NaiveDate> {
    let met = |d: NaiveDate| -> Result<bool> { Ok(value_at(d)?.is_some_and(|v| target.met_by(v))) };
    // A target already met at its baseline was met from the start: the baseline date.
    let mut lo = target.baseline_date.min(until);
    if met(lo)? {
        return Ok(lo);
    }
    let mut hi = until;
    while (hi - lo).num_days() > 1 {
        let mid = lo + Duration::days((hi - lo).num_days() / 2);
        if met(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

fn require_target(conn: &Connection, name: &str) -> Result<()> {
    match store::targets::withdrawal(conn, name)? {
        None => Err(Error::Invalid(format!(
            "no target named '{name}'; see `tenkai target status`"
        ))),
        Some(Some(why)) => Err(Error::Invalid(format!(
            "the target '{name}' was withdrawn: {why} See `tenkai target status` for the targets and indicators."
        ))),
        Some(None) => Ok(()),
    }
}

pub fn assess(
    conn: &Connection,
    target: &str,
    period: &Period,
    rating: &str,
    comment: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    require_target(conn, target)?;
    if !Rag::RATINGS.iter().any(|r| r.code() == rating) {
        return Err(Error::Usage(format!(
            "unknown rating '{rating}'; use one of: {}",
            Rag::RATINGS.map(Rag::code).join(", ")
        )));
    }
    store::targets::insert_assessment(conn, target, &period.to_string(), rating, comment, now)
}

pub fn add_milestone(
    conn: &Connection,
    target: &str,
    m: &NewMilestone<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    require_target(conn, target)?;
    store::targets::insert_milestone(conn, target, m, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn target(baseline: f64, goal: f64, from: NaiveDate, to: NaiveDate) -> Target {
        Target {
            name: "t".into(),
            metric: "m".into(),
            title_ja: String::new(),
            title_en: String::new(),
            baseline_value: baseline,
            baseline_date: from,
            target_value: goal,
            deadline: to,
            direction: if goal >= baseline {
                "increase"
            } else {
                "decrease"
            }
            .into(),
            tolerance: 0.1,
            source_ja: String::new(),
            source_en: None,
            note_ja: None,
            note_en: None,
            source: None,
            milestones: vec![],
        }
    }

    #[test]
    fn trajectory_is_a_straight_line_clamped_at_both_ends() {
        let t = target(0.0, 10.0, d(2020, 1, 1), d(2020, 1, 11));
        assert_eq!(t.trajectory(d(2019, 1, 1)), 0.0);
        assert_eq!(t.trajectory(d(2020, 1, 6)), 5.0);
        assert_eq!(t.trajectory(d(2030, 1, 1)), 10.0);
    }

    #[test]
    fn milestones_bend_the_trajectory() {
        let mut t = target(0.0, 10.0, d(2020, 1, 1), d(2020, 1, 21));
        t.milestones.push(Milestone {
            due_date: d(2020, 1, 11),
            value: 8.0,
            note: None,
        });
        assert_eq!(t.trajectory(d(2020, 1, 6)), 4.0);
        assert_eq!(t.trajectory(d(2020, 1, 16)), 9.0);
    }

    #[test]
    fn zero_length_span_and_equal_target() {
        let t = target(5.0, 5.0, d(2020, 1, 1), d(2020, 1, 1));
        assert_eq!(t.trajectory(d(2020, 1, 1)), 5.0);
        assert_eq!(t.progress(5.0), None);
        assert_eq!(t.rag(Some(5.0), d(2020, 1, 1)), Rag::Achieved);
    }

    #[test]
    fn rag_for_increase_and_decrease() {
        let t = target(0.0, 10.0, d(2020, 1, 1), d(2020, 1, 11));
        let mid = d(2020, 1, 6); // trajectory 5
        assert_eq!(t.rag(Some(10.0), mid), Rag::Achieved);
        assert_eq!(t.rag(Some(5.0), mid), Rag::Green);
        assert_eq!(t.rag(Some(4.0), mid), Rag::Amber);
        assert_eq!(t.rag(Some(3.9), mid), Rag::Red);
        assert_eq!(t.rag(None, mid), Rag::NoData);
        assert_eq!(t.progress(4.0), Some(0.4));
        let dec = target(100.0, 50.0, d(2020, 1, 1), d(2020, 1, 11)); // trajectory 75 at mid
        assert_eq!(dec.rag(Some(70.0), mid), Rag::Green);
        assert_eq!(dec.rag(Some(80.0), mid), Rag::Amber);
        assert_eq!(dec.rag(Some(81.0), mid), Rag::Red);
        assert_eq!(dec.rag(Some(50.0), mid), Rag::Achieved);
        assert_eq!(dec.progress(75.0), Some(0.5));
    }

    #[test]
    fn least_squares_needs_two_distinct_points() {
        assert_eq!(least_squares(&[]), None);
        assert_eq!(least_squares(&[(0.0, 1.0)]), None);
        assert_eq!(least_squares(&[(1.0, 1.0), (1.0, 2.0)]), None);
        let (slope, intercept) = least_squares(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]).unwrap();
        assert!((slope - 2.0).abs() < 1e-12 && (intercept - 1.0).abs() < 1e-12);
    }
}

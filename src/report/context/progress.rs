//! The targets as a report shows them: value, trajectory, progress, RAG and forecast, in the
//! report's language, with the headline figures they are read beside.

use super::{date_en, month_en, wareki_date, wareki_month};
use crate::dates::AsOf;
use crate::i18n::{Lang, Rag};
use crate::period::Period;
use crate::store;
use crate::targets::{self, Forecast};
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;

/// The headline figures.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub hubs_open: i64,
    pub hubs_planned: i64,
    pub hubs_feasibility: i64,
    pub hubs_listed: i64,
    pub priority_countries_with_hub: i64,
    pub priority_countries_total: i64,
    pub mou_countries: Option<i64>,
    pub letters_of_intent: Option<i64>,
    pub platform_members: Option<i64>,
    pub meetings_held: i64,
    pub working_groups: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub name: String,
    pub title: String,
    pub unit: String,
    pub actual: Option<f64>,
    pub baseline_value: f64,
    pub baseline_date: String,
    pub target_value: f64,
    pub deadline: String,
    pub trajectory: f64,
    pub progress: Option<f64>,
    /// Where the trajectory expects progress to be (0..1).
    pub expected_progress: Option<f64>,
    pub rag: Rag,
    pub forecast: String,
    pub forecast_kind: String,
    pub assessed_rating: Option<String>,
    pub assessed_comment: Option<String>,
    pub source_ja: String,
    pub note: Option<String>,
}

/// Every target evaluated at the date, with the staff assessment for the period.
pub(super) fn target_views(
    conn: &Connection,
    at: &AsOf,
    period: &Period,
    lang: Lang,
) -> Result<Vec<TargetView>> {
    let statuses = targets::evaluate_all(conn, at, Some(period))?;
    Ok(statuses
        .into_iter()
        .map(|s| {
            let (kind, text) = forecast_text(&s.forecast, lang);
            let span = s.target.target_value - s.target.baseline_value;
            TargetView {
                name: s.target.name.clone(),
                title: lang.choose(&s.target.title_ja, &s.target.title_en).clone(),
                unit: lang.choose(&s.unit_ja, &s.unit_en).clone(),
                actual: s.actual,
                baseline_value: s.target.baseline_value,
                baseline_date: s.target.baseline_date.to_string(),
                target_value: s.target.target_value,
                deadline: s.target.deadline.to_string(),
                trajectory: s.trajectory,
                progress: s.progress,
                expected_progress: (span != 0.0)
                    .then(|| (s.trajectory - s.target.baseline_value) / span),
                rag: s.rag,
                forecast: text,
                forecast_kind: kind,
                assessed_rating: s.assessment.as_ref().map(|a| a.rating.clone()),
                assessed_comment: s.assessment.as_ref().map(|a| a.comment.clone()),
                source_ja: s.target.source_ja.clone(),
                note: s.target.note.clone(),
            }
        })
        .collect())
}

/// The headline figures at a date. The hub counts come from one pass over the hubs (the same
/// status-at-date rule as the built-in metrics, which the tests hold equal); the others from
/// the built-in metrics.
pub(super) fn figures(
    conn: &Connection,
    at: &AsOf,
    hubs: super::hubs::HubCounts,
) -> Result<Figures> {
    let known = at.known_at_str();
    let metric = |name: &str| -> Result<Option<i64>> {
        let m = targets::metric(conn, name)?;
        Ok(targets::metric_value(conn, &m.sql, at.date, &known)?.map(|v| v as i64))
    };
    let super::hubs::HubCounts {
        open,
        planned,
        feasibility,
        listed,
        priority_with_open: priority,
    } = hubs;
    let priority_total: i64 = conn
        .prepare_cached("SELECT count(*) FROM countries WHERE is_priority = 1")?
        .query_row([], |r| r.get(0))?;
    Ok(Figures {
        hubs_open: open,
        hubs_planned: planned,
        hubs_feasibility: feasibility,
        hubs_listed: listed,
        priority_countries_with_hub: priority,
        priority_countries_total: priority_total,
        mou_countries: metric("mou_countries")?,
        letters_of_intent: store::agreement_count(conn, "letter_of_intent", at)?,
        platform_members: metric("platform_members")?,
        meetings_held: metric("meetings_held")?.unwrap_or(0),
        working_groups: metric("working_groups")?.unwrap_or(0),
    })
}

fn forecast_text(f: &Forecast, lang: Lang) -> (String, String) {
    let ja = lang == Lang::Ja;
    match f {
        Forecast::Achieved { date } => (
            "achieved".into(),
            if ja {
                format!("達成済み（{}）", wareki_date(*date))
            } else {
                format!("Achieved ({})", date_en(*date))
            },
        ),
        Forecast::OnTrend { date, by_deadline } => (
            if *by_deadline { "on_trend" } else { "late" }.into(),
            match (ja, by_deadline) {
                (true, true) => format!("{}頃に達成見込み", wareki_month(*date)),
                (true, false) => format!("{}頃（期限後）", wareki_month(*date)),
                (false, true) => format!("Expected by {}", month_en(*date)),
                (false, false) => format!("{} (after the deadline)", month_en(*date)),
            },
        ),
        Forecast::NotOnTrend => (
            "not_on_trend".into(),
            if ja {
                "現在の傾向では達成見込みなし".into()
            } else {
                "Not on current trend".into()
            },
        ),
        Forecast::InsufficientData => (
            "insufficient_data".into(),
            if ja {
                "データ不足".into()
            } else {
                "Insufficient data".into()
            },
        ),
    }
}

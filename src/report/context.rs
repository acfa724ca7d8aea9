//! The report context: everything a template can show, computed from the store for one period, one
//! language and one moment (`as_of`, `known_at`). `tenkai report context` prints it as JSON.

use super::Definition;
use crate::dates::AsOf;
use crate::period::Period;
use crate::store::{self, status_label, Hub};
use crate::targets::{self, Forecast};
use crate::wareki;
use crate::Result;
use chrono::NaiveDate;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use rusqlite::Connection;
use serde::Serialize;
use std::sync::Arc;

/// The context of one report rendering.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub report: ReportInfo,
    pub lang: String,
    pub period: PeriodInfo,
    /// The date the figures are taken at (default: the period's last day).
    pub as_of: String,
    /// What was known at this time (UTC).
    pub known_at: String,
    /// The same moment in Tokyo time, for display: `2018-04-10 09:00 JST`.
    pub known_at_local: String,
    pub figures: Figures,
    /// The same figures at the end of the previous period, for the change.
    pub previous: Figures,
    pub targets: Vec<TargetView>,
    pub hubs: Hubs,
    pub hubs_by_country: Vec<CountryCount>,
    pub changes: Changes,
    pub meetings: Vec<MeetingView>,
    pub working_groups_set_up: Vec<WgView>,
    pub wg_events: Vec<WgEventView>,
    pub members: Vec<MemberPoint>,
    pub narrative: Narrative,
    pub policy_documents: Vec<PolicyView>,
    pub priority_countries: Vec<PriorityCountry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    pub name: String,
    pub title: String,
    pub title_ja: String,
    pub title_en: String,
    pub subject: String,
    pub author: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub code: String,
    pub label: String,
    pub label_ja: String,
    pub label_en: String,
    pub start: String,
    pub end: String,
    pub wareki_range: String,
    pub previous: String,
}

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
    pub rag: String,
    pub forecast: String,
    pub forecast_kind: String,
    pub assessed_rating: Option<String>,
    pub assessed_comment: Option<String>,
    pub source_ja: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HubView {
    pub code: String,
    pub name: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub country: String,
    pub country_iso: String,
    pub kind: String,
    pub operators: String,
    pub status: String,
    pub status_label: String,
    /// The date of the current status, as precise as the source gives it.
    pub since: Option<String>,
    pub since_precision: Option<String>,
    pub expected: Option<String>,
}

/// Every hub the report lists, shared rather than copied: a template reads each hub in place
/// ([`HubList`]) when it shows it. Converted to template values up front, as the rest of the
/// context is, the list had been a second copy of every hub (20 MiB of peak memory at 28,000).
#[derive(Debug, Clone, Default)]
pub struct Hubs(Arc<Vec<HubView>>);

impl Serialize for Hubs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            Value::from_object(HubList(self.0.clone())).serialize(s)
        } else {
            self.0.serialize(s)
        }
    }
}

/// The hub list as a template sees it: a sequence whose items are read when asked for.
#[derive(Debug)]
struct HubList(Arc<Vec<HubView>>);

impl Object for HubList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize().filter(|&i| i < self.0.len())?;
        Some(Value::from_object(HubItem {
            all: self.0.clone(),
            i,
        }))
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

/// One hub as a template sees it: a map of [`HubView`]'s fields, each made a value when read.
#[derive(Debug)]
struct HubItem {
    all: Arc<Vec<HubView>>,
    i: usize,
}

/// [`HubView`]'s fields, in its order (a test checks them against its serialisation).
const HUB_FIELDS: &[&str] = &[
    "code",
    "name",
    "name_ja",
    "name_en",
    "country",
    "country_iso",
    "kind",
    "operators",
    "status",
    "status_label",
    "since",
    "since_precision",
    "expected",
];

impl Object for HubItem {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let h = &self.all[self.i];
        let text = |s: &str| Value::from(s);
        let maybe = |s: &Option<String>| s.as_deref().map_or(Value::from(()), text);
        Some(match key.as_str()? {
            "code" => text(&h.code),
            "name" => text(&h.name),
            "name_ja" => text(&h.name_ja),
            "name_en" => maybe(&h.name_en),
            "country" => text(&h.country),
            "country_iso" => text(&h.country_iso),
            "kind" => text(&h.kind),
            "operators" => text(&h.operators),
            "status" => text(&h.status),
            "status_label" => text(&h.status_label),
            "since" => maybe(&h.since),
            "since_precision" => maybe(&h.since_precision),
            "expected" => maybe(&h.expected),
            _ => return None,
        })
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(HUB_FIELDS)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CountryCount {
    pub iso: String,
    pub name: String,
    pub priority: bool,
    pub opened: i64,
    pub planned: i64,
    pub feasibility: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub opened: Vec<HubView>,
    pub planned: Vec<HubView>,
    pub feasibility: Vec<HubView>,
    pub other: Vec<HubView>,
    pub any: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub number: i64,
    pub date: String,
    pub by_circulation: bool,
    pub agenda: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WgView {
    pub code: String,
    pub name: String,
    pub set_up_on: String,
    pub set_up_by_meeting: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WgEventView {
    pub date: String,
    pub working_group: String,
    pub kind: String,
    pub description: String,
    pub meeting_number: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberPoint {
    pub date: String,
    pub members: i64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Narrative {
    pub summary: Option<String>,
    pub key_events: Option<String>,
    pub issues: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    pub title: String,
    pub date: String,
    pub precision: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityCountry {
    pub iso: String,
    pub name: String,
    pub open_hubs: i64,
}

fn pick(lang: &str, ja: &str, en: Option<&str>) -> String {
    match (lang, en) {
        ("en", Some(e)) if !e.is_empty() => e.to_string(),
        _ => ja.to_string(),
    }
}

fn hub_view(h: &Hub, lang: &str) -> HubView {
    let status = h.status.clone().unwrap_or_default();
    HubView {
        code: h.code.clone(),
        name: pick(lang, &h.name_ja, h.name_en.as_deref()),
        name_ja: h.name_ja.clone(),
        name_en: h.name_en.clone(),
        country: if lang == "en" {
            h.country_en.clone()
        } else {
            h.country_ja.clone()
        },
        country_iso: h.country_iso.clone(),
        kind: if lang == "en" {
            h.kind_en.clone()
        } else {
            h.kind_ja.clone()
        },
        operators: if lang == "en" {
            h.operators_en.join(", ")
        } else {
            h.operators_ja.join("、")
        },
        status_label: status_label(&status, lang).to_string(),
        status,
        since: h.status_since.clone(),
        since_precision: h.date_precision.clone(),
        expected: h.expected_date.clone(),
    }
}

/// The headline figures. The hub counts come from one pass over the hubs (the same status-at-date
/// rule as the built-in metrics, which the tests hold equal); the others from the built-in metrics.
/// The hub counts of the summary: by status, and the priority countries with an open hub.
#[derive(Debug, Default, PartialEq)]
struct HubCounts {
    open: i64,
    planned: i64,
    feasibility: i64,
    listed: i64,
    priority_with_open: i64,
}

/// Counts hubs from (status at the date, country, priority country) for each hub: the period's
/// from the hub list the report already read, the period before's from [`store::hub_statuses`].
fn hub_counts<'a>(hubs: impl IntoIterator<Item = (Option<&'a str>, &'a str, bool)>) -> HubCounts {
    let mut c = HubCounts::default();
    let mut priority = std::collections::BTreeSet::new();
    for (status, country, is_priority) in hubs {
        match status {
            Some("opened") => {
                c.open += 1;
                if is_priority {
                    priority.insert(country);
                }
            }
            Some("planned") => c.planned += 1,
            Some("feasibility") => c.feasibility += 1,
            _ => {}
        }
        c.listed += status.is_some() as i64;
    }
    c.priority_with_open = priority.len() as i64;
    c
}

fn figures(conn: &Connection, at: &AsOf, hubs: HubCounts) -> Result<Figures> {
    let known = at.known_at_str();
    let metric = |name: &str| -> Result<Option<i64>> {
        let m = targets::metric(conn, name)?;
        Ok(targets::metric_value(conn, &m.sql, at.date, &known)?.map(|v| v as i64))
    };
    let HubCounts {
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

fn forecast_text(f: &Forecast, lang: &str) -> (String, String) {
    let ja = lang != "en";
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

/// `平成30年3月31日`
pub fn wareki_date(d: NaiveDate) -> String {
    wareki::to_wareki(d)
        .map(|w| w.to_ja())
        .unwrap_or_else(|_| d.to_string())
}
/// `平成30年3月`
pub fn wareki_month(d: NaiveDate) -> String {
    wareki::to_wareki(d)
        .map(|w| w.to_ja_month())
        .unwrap_or_else(|_| d.format("%Y-%m").to_string())
}
/// `31 March 2018`
pub fn date_en(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}
/// `March 2018`
pub fn month_en(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

/// Builds the context of a report for a period.
pub fn build(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    at: &AsOf,
    lang: &str,
) -> Result<ReportContext> {
    let start = period.start();
    let hubs = store::hubs(conn, at)?;
    let current_counts = hub_counts(hubs.iter().map(|h| {
        (
            h.status.as_deref(),
            h.country_iso.as_str(),
            h.priority_country,
        )
    }));
    let listed: Vec<&Hub> = hubs.iter().filter(|h| h.status.is_some()).collect();
    let views: Vec<HubView> = listed.iter().map(|h| hub_view(h, lang)).collect();

    let mut by_country: Vec<CountryCount> = Vec::new();
    for h in &listed {
        let name = if lang == "en" {
            h.country_en.clone()
        } else {
            h.country_ja.clone()
        };
        let i = match by_country.iter().position(|c| c.iso == h.country_iso) {
            Some(i) => i,
            None => {
                by_country.push(CountryCount {
                    iso: h.country_iso.clone(),
                    name,
                    priority: h.priority_country,
                    opened: 0,
                    planned: 0,
                    feasibility: 0,
                    total: 0,
                });
                by_country.len() - 1
            }
        };
        let c = &mut by_country[i];
        c.total += 1;
        match h.status.as_deref() {
            Some("opened") => c.opened += 1,
            Some("planned") => c.planned += 1,
            Some("feasibility") => c.feasibility += 1,
            _ => {}
        }
    }
    by_country.sort_by(|a, b| {
        b.opened
            .cmp(&a.opened)
            .then(b.total.cmp(&a.total))
            .then(a.iso.cmp(&b.iso))
    });

    let in_period = |h: &&HubView| {
        h.since
            .as_deref()
            .is_some_and(|s| s >= start.to_string().as_str() && s <= at.date_str().as_str())
    };
    let changed: Vec<HubView> = views.iter().filter(in_period).cloned().collect();
    let by = |s: &str| {
        changed
            .iter()
            .filter(|h| h.status == s)
            .cloned()
            .collect::<Vec<_>>()
    };
    let changes = Changes {
        opened: by("opened"),
        planned: by("planned"),
        feasibility: by("feasibility"),
        other: changed
            .iter()
            .filter(|h| !["opened", "planned", "feasibility"].contains(&h.status.as_str()))
            .cloned()
            .collect(),
        any: !changed.is_empty(),
    };

    let statuses = targets::evaluate_all(conn, at, Some(period))?;
    let target_views = statuses
        .into_iter()
        .map(|s| {
            let (kind, text) = forecast_text(&s.forecast, lang);
            let span = s.target.target_value - s.target.baseline_value;
            TargetView {
                name: s.target.name.clone(),
                title: if lang == "en" {
                    s.target.title_en.clone()
                } else {
                    s.target.title_ja.clone()
                },
                unit: if lang == "en" {
                    s.unit_en.clone()
                } else {
                    s.unit_ja.clone()
                },
                actual: s.actual,
                baseline_value: s.target.baseline_value,
                baseline_date: s.target.baseline_date.to_string(),
                target_value: s.target.target_value,
                deadline: s.target.deadline.to_string(),
                trajectory: s.trajectory,
                progress: s.progress,
                expected_progress: (span != 0.0)
                    .then(|| (s.trajectory - s.target.baseline_value) / span),
                rag: s.rag.clone(),
                forecast: text,
                forecast_kind: kind,
                assessed_rating: s.assessment.as_ref().map(|a| a.rating.clone()),
                assessed_comment: s.assessment.as_ref().map(|a| a.comment.clone()),
                source_ja: s.target.source_ja.clone(),
                note: s.target.note.clone(),
            }
        })
        .collect();

    let meetings = store::meetings(conn, at, Some(start))?
        .into_iter()
        .map(|m| MeetingView {
            number: m.number,
            date: m.held_on,
            by_circulation: m.by_circulation,
            agenda: if lang == "en" {
                m.agenda_en
            } else {
                m.agenda_ja
            },
        })
        .collect();
    let wgs = store::working_groups(conn, at, Some(start))?
        .into_iter()
        .map(|w| WgView {
            name: pick(lang, &w.name_ja, w.name_en.as_deref()),
            code: w.code,
            set_up_on: w.set_up_on,
            set_up_by_meeting: w.set_up_by_meeting,
        })
        .collect();
    let events = store::wg_events(conn, at, Some(start))?
        .into_iter()
        .map(|e| WgEventView {
            date: e.event_date,
            working_group: pick(lang, &e.wg_name_ja, e.wg_name_en.as_deref()),
            kind: e.kind,
            description: pick(lang, &e.description_ja, e.description_en.as_deref()),
            meeting_number: e.meeting_number,
        })
        .collect();
    let members = store::member_series(conn, "nutrition", at)?
        .into_iter()
        .map(|m| MemberPoint {
            date: m.effective_date,
            members: m.members,
        })
        .collect();
    let known = at.known_at_str();
    let narrative = Narrative {
        summary: targets::narrative(conn, period, "summary", lang, &known)?,
        key_events: targets::narrative(conn, period, "key_events", lang, &known)?,
        issues: targets::narrative(conn, period, "issues", lang, &known)?,
    };
    let policy_documents = store::policy_documents(conn, at)?
        .into_iter()
        .map(|p| PolicyView {
            title: pick(lang, &p.title_ja, p.title_en.as_deref()),
            date: p.adopted_on,
            precision: p.date_precision,
        })
        .collect();
    let priority_countries = store::countries(conn)?
        .into_iter()
        .filter(|c| c.priority)
        .map(|c| PriorityCountry {
            open_hubs: listed
                .iter()
                .filter(|h| h.country_iso == c.iso && h.status.as_deref() == Some("opened"))
                .count() as i64,
            name: if lang == "en" {
                c.name_en.clone()
            } else {
                c.name_ja.clone()
            },
            iso: c.iso,
        })
        .collect();
    let prev_at = AsOf::new(period.previous().end().min(at.date), at.known_at);
    let previous_statuses = store::hub_statuses(conn, &prev_at)?;
    let previous_counts = hub_counts(
        previous_statuses
            .iter()
            .map(|(s, c, p)| (s.as_deref(), c.as_str(), *p)),
    );
    Ok(ReportContext {
        report: ReportInfo {
            name: def.name.clone(),
            title: def.title(lang).to_string(),
            title_ja: def.title_ja.clone(),
            title_en: def.title_en.clone(),
            subject: def.subject(lang).to_string(),
            author: def.author(lang).to_string(),
        },
        lang: lang.to_string(),
        period: PeriodInfo {
            code: period.to_string(),
            label: period.label(lang),
            label_ja: period.label_ja(),
            label_en: period.label_en(),
            start: period.start().to_string(),
            end: period.end().to_string(),
            wareki_range: period.wareki_range(),
            previous: period.previous().to_string(),
        },
        as_of: at.date_str(),
        known_at_local: at
            .known_at
            .with_timezone(&chrono_tz::Asia::Tokyo)
            .format("%Y-%m-%d %H:%M JST")
            .to_string(),
        known_at: known,
        figures: figures(conn, at, current_counts)?,
        previous: figures(conn, &prev_at, previous_counts)?,
        targets: target_views,
        hubs: Hubs(std::sync::Arc::new(views)),
        hubs_by_country: by_country,
        changes,
        meetings,
        working_groups_set_up: wgs,
        wg_events: events,
        members,
        narrative,
        policy_documents,
        priority_countries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_see_the_shared_hub_list_as_its_serialisation() {
        let hub = |code: &str, name_en: Option<&str>| HubView {
            code: code.into(),
            name: "北斗リハビリテーションセンター".into(),
            name_ja: "北斗リハビリテーションセンター".into(),
            name_en: name_en.map(Into::into),
            country: "ロシア".into(),
            country_iso: "RU".into(),
            kind: "rehabilitation".into(),
            operators: "社会医療法人 北斗".into(),
            status: "planned".into(),
            status_label: "開業予定".into(),
            since: Some("2018-03-31".into()),
            since_precision: None,
            expected: Some("2018-05".into()),
        };
        let views = vec![hub("RU-1", Some("Hokuto")), hub("RU-2", None)];
        let shared = Hubs(std::sync::Arc::new(views.clone()));
        let lazy = minijinja::Value::from(minijinja::value::Serde(&shared));
        let eager = minijinja::Value::from(minijinja::value::Serde(&views));
        assert_eq!(lazy.len(), Some(2));
        for i in 0..2 {
            let (l, e) = (
                lazy.get_item_by_index(i).unwrap(),
                eager.get_item_by_index(i).unwrap(),
            );
            let keys = |v: &minijinja::Value| -> Vec<String> {
                v.try_iter().unwrap().map(|k| k.to_string()).collect()
            };
            // Every field, in order, with the same value as serde gives it.
            assert_eq!(keys(&l), keys(&e));
            assert_eq!(keys(&l), HUB_FIELDS);
            for k in HUB_FIELDS {
                assert_eq!(
                    l.get_attr(k).unwrap(),
                    e.get_attr(k).unwrap(),
                    "hub {i}, {k}"
                );
            }
        }
        // A template loops over it, reads fields and filters it like any list.
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{% for h in hubs %}{{ h.code }}:{{ h.name_en or '-' }};{% endfor %}{{ hubs | length }} {{ hubs | map(attribute='country_iso') | join(',') }}",
                minijinja::context! { hubs => lazy },
            )
            .unwrap();
        assert_eq!(out, "RU-1:Hokuto;RU-2:-;2 RU,RU");
        // Outside templates (`report context`'s JSON) it is a plain list.
        assert_eq!(
            serde_json::to_value(&shared).unwrap(),
            serde_json::to_value(&views).unwrap()
        );
    }

    #[test]
    fn hub_counts_count_each_priority_country_with_an_open_hub_once() {
        let c = hub_counts([
            (Some("opened"), "VN", true),
            (Some("opened"), "VN", true),
            (Some("opened"), "RU", false),
            (Some("planned"), "ID", true),
            (Some("feasibility"), "IN", false),
            (Some("closed"), "TH", false),
            (None, "MM", true),
        ]);
        assert_eq!(
            c,
            HubCounts {
                open: 3,
                planned: 1,
                feasibility: 1,
                listed: 6,
                priority_with_open: 1,
            }
        );
    }
}

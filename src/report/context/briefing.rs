//! The briefing's sentences, computed from the rest of the context: a headline, three key points,
//! risks and issues, and the next three months. Each states only what the record says; a period's
//! narrative replaces the headline and the key points, and adds its issues.

use super::progress::Figures;
use super::{
    when, EventsView, HubView, IndicatorView, MeetingView, NamedCountry, TargetView, WgView,
};
use crate::dates::DateSpan;
use crate::i18n::{HubStatus, Lang};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// What the briefing says beside its tables.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct Briefing {
    /// The headline's sentence on the first target (the template puts the hub counts before it).
    pub headline: String,
    /// Three key points, computed from the figures.
    pub key_points: Vec<String>,
    /// Items to confirm, computed from the record: a planned hub past its expected opening with no
    /// opening recorded, a named country with no hub open. Each rests on what the record does not
    /// hold, so the briefing lists them apart from the risks (確認事項).
    pub to_confirm: Vec<String>,
    /// The three months after the date: from the day after, to the same day three months on.
    pub next_from: String,
    /// The last day of the next three months (`YYYY-MM-DD`).
    pub next_to: String,
    /// What the record expects in the next three months: planned openings, meetings, milestones.
    pub next_three_months: Vec<String>,
    /// Who to ask, from the definition (`contact_ja`, `contact_en`).
    pub contact: Option<String>,
}

/// The parts of the context the briefing is written from.
pub(super) struct From<'a> {
    pub lang: Lang,
    pub as_of: NaiveDate,
    pub figures: &'a Figures,
    pub targets: &'a [TargetView],
    pub indicators: &'a [IndicatorView],
    pub hubs: &'a [HubView],
    pub named_countries: &'a [NamedCountry],
    pub meetings: &'a [MeetingView],
    pub working_groups_set_up: &'a [WgView],
    pub events: &'a EventsView,
    pub meetings_ahead: &'a [MeetingView],
    /// The hubs known to have opened in the period.
    pub opened: &'a [HubView],
    /// The platforms, with whether each started in the period.
    pub launched: &'a [super::PlatformView],
    /// How far the record of meetings runs.
    pub meetings_record: Option<&'a super::CoverageView>,
    /// When the member count was last stated (in the report's language), when before the date.
    pub members_stated: Option<&'a str>,
    pub contact: Option<String>,
}

pub(super) fn briefing(f: From<'_>) -> Briefing {
    let lang = f.lang;
    let ja = lang == Lang::Ja;
    let fig = f.figures;
    let target = |t: &TargetView| {
        let n = |v: Option<f64>| v.map_or("—".to_string(), |v| v.to_string());
        if ja {
            format!(
                "目標「{}」は実績{}{}（目標値{}{}）で、{}。",
                t.title,
                n(t.actual),
                t.unit,
                t.target_value,
                t.unit,
                t.forecast
            )
        } else {
            format!(
                "Target “{}”: {} {} against a goal of {} ({}).",
                t.title,
                n(t.actual),
                t.unit,
                t.target_value,
                lower_first(&t.forecast)
            )
        }
    };
    let headline = f.targets.first().map(target).unwrap_or_default();

    // The quarter's news first: the hubs that opened, the platforms launched.
    let mut key_points: Vec<String> = Vec::new();
    if !f.opened.is_empty() {
        let each: Vec<String> = f
            .opened
            .iter()
            .map(|h| {
                let when = h.since.as_deref().map_or(String::new(), |d| {
                    when(day(d), h.since_precision.as_deref(), lang)
                });
                match lang {
                    Lang::Ja => format!("{}（{}、{}）", h.name, h.country, when),
                    Lang::En => format!("{} ({}, {})", h.name, h.country, when),
                }
            })
            .collect();
        key_points.push(match (lang, f.figures.hubs_open) {
            (Lang::Ja, Some(n)) => format!(
                "当期に{}か所が開業し、開業済みの拠点は{n}か所となった：{}。",
                each.len(),
                each.join("、")
            ),
            (Lang::Ja, None) => {
                format!("当期に{}か所が開業した：{}。", each.len(), each.join("、"))
            }
            (Lang::En, Some(n)) => format!(
                "{} opened this quarter, bringing the hubs open to {n}: {}.",
                hubs_en(each.len()),
                each.join("; ")
            ),
            (Lang::En, None) => format!(
                "{} opened this quarter: {}.",
                hubs_en(each.len()),
                each.join("; ")
            ),
        });
    }
    for p in f.launched.iter().filter(|p| p.in_period) {
        key_points.push(match lang {
            Lang::Ja => format!("{}が発足した（{}）。", p.name, p.started),
            Lang::En => format!("The {} was launched ({}).", p.name, p.started),
        });
    }
    key_points.extend(f.targets.iter().skip(1).map(target));
    let record_ends = f
        .meetings_record
        .filter(|c| c.ends_before_date)
        .and_then(|c| Some((c.to_label.as_deref()?, c.after_label.as_deref()?)));
    let circulated = |m: &MeetingView| match (m.by_circulation, ja) {
        (true, true) => "、持ち回り開催",
        (true, false) => ", by circulation",
        _ => "",
    };
    key_points.push(match (f.meetings, ja) {
        ([], true) => match record_ends {
            Some((_, after)) => format!("{after}以降のタスクフォースの会合の記録はない。"),
            None => "当期にタスクフォースの会合は記録されていない。".to_string(),
        },
        ([], false) => match record_ends {
            Some((to, _)) => format!("No task-force meetings are recorded after {to}."),
            None => "No task-force meeting is recorded this quarter.".to_string(),
        },
        (ms, true) => format!(
            "当期はタスクフォースの会合を{}回開催（{}）{}。",
            ms.len(),
            ms.iter()
                .map(|m| format!(
                    "第{}回 {}{}",
                    m.number,
                    when(day(&m.date), None, lang),
                    circulated(m)
                ))
                .collect::<Vec<_>>()
                .join("、"),
            match f.working_groups_set_up.len() {
                0 => String::new(),
                n => format!("し、ワーキンググループを{n}件設置した"),
            }
        ),
        (ms, false) => format!(
            "The task force held {} this quarter ({}){}.",
            if ms.len() == 1 {
                "1 meeting".to_string()
            } else {
                format!("{} meetings", ms.len())
            },
            ms.iter()
                .map(|m| format!(
                    "meeting {}, {}{}",
                    m.number,
                    when(day(&m.date), None, lang),
                    circulated(m)
                ))
                .collect::<Vec<_>>()
                .join("; "),
            match f.working_groups_set_up.len() {
                0 => String::new(),
                1 => " and set up 1 working group".to_string(),
                n => format!(" and set up {n} working groups"),
            }
        ),
    });
    if let Some(i) = f.indicators.first() {
        let v = |v: Option<f64>| v.map_or("—".to_string(), |v| v.to_string());
        key_points.push(if ja {
            format!(
                "参考指標「{}」は{}{}（前期{}{}）。",
                i.title,
                v(i.value),
                i.unit,
                v(i.previous),
                i.unit
            )
        } else {
            format!(
                "Indicator “{}”: {} {} (previous quarter: {}).",
                i.title,
                v(i.value),
                i.unit,
                v(i.previous)
            )
        });
    }
    if let Some(e) = f.events.in_period.first() {
        key_points.push(format!(
            "{}{}{}{}",
            e.platform,
            lang.choose("：", ": "),
            e.description,
            if ja {
                format!("（{}）。", e.when)
            } else {
                format!(" ({}).", e.when)
            }
        ));
    } else if let Some(m) = fig.platform_members {
        let stated = f.members_stated;
        key_points.push(match (ja, stated) {
            (true, None) => format!("栄養改善事業推進プラットフォームの会員は{m}社・団体。"),
            (true, Some(d)) => {
                format!("栄養改善事業推進プラットフォームの会員は{m}社・団体（{d}時点）。")
            }
            (false, None) => {
                format!("The nutrition platform has {m} member companies and organisations.")
            }
            (false, Some(d)) => {
                format!("The nutrition platform had {m} member companies and organisations on {d}.")
            }
        });
    }
    key_points.truncate(3);

    let mut to_confirm = Vec::new();
    for h in f.hubs.iter().filter(|h| h.status == HubStatus::Planned) {
        let (Some(expected), Some(p)) = (h.expected.as_deref(), h.expected_precision.as_deref())
        else {
            continue;
        };
        if p == "from_fiscal_year" {
            continue;
        }
        if DateSpan::new(day(expected), p).to < f.as_of {
            let when = when(day(expected), Some(p), lang);
            to_confirm.push(if ja {
                format!(
                    "{}（{}）：開業予定時期（{}）を過ぎたが、開業は記録されていない。",
                    h.name, h.country, when
                )
            } else {
                format!(
                    "{} ({}): expected to open in {}, but no opening is recorded.",
                    h.name, h.country, when
                )
            });
        }
    }
    let without: Vec<&str> = f
        .named_countries
        .iter()
        .filter(|c| c.open_hubs == 0)
        .map(|c| c.name.as_str())
        .collect();
    if !without.is_empty() {
        to_confirm.push(if ja {
            format!(
                "推進対象として例示された国のうち、開業済みの拠点がない国：{}。",
                without.join("、")
            )
        } else {
            format!(
                "Countries named in the policy without an open hub: {}.",
                without.join(", ")
            )
        });
    }

    let next_to = f
        .as_of
        .checked_add_months(Months::new(3))
        .unwrap_or(f.as_of);
    let next_from = f.as_of.succ_opt().unwrap_or(f.as_of);
    let mut next = Vec::new();
    for h in f.hubs.iter().filter(|h| h.status == HubStatus::Planned) {
        let (Some(expected), Some(p)) = (h.expected.as_deref(), h.expected_precision.as_deref())
        else {
            continue;
        };
        if p != "from_fiscal_year" && DateSpan::new(day(expected), p).within(next_from, next_to) {
            let when = when(day(expected), Some(p), lang);
            next.push(if ja {
                format!("{when}：{}（{}）の開業予定", h.name, h.country)
            } else {
                format!("{when}: {} ({}) is expected to open", h.name, h.country)
            });
        }
    }
    for m in f.meetings_ahead {
        next.push(if ja {
            format!(
                "{}：第{}回タスクフォース",
                when(day(&m.date), None, lang),
                m.number
            )
        } else {
            format!(
                "{}: task-force meeting {}",
                when(day(&m.date), None, lang),
                m.number
            )
        });
    }
    for e in &f.events.ahead {
        let d = day(&e.date);
        if DateSpan::new(d, &e.precision).within(next_from, next_to) {
            next.push(format!(
                "{}{}{}",
                e.when,
                lang.choose("：", ": "),
                e.description
            ));
        }
    }
    Briefing {
        headline,
        key_points,
        to_confirm,
        next_from: next_from.to_string(),
        next_to: next_to.to_string(),
        next_three_months: next,
        contact: f.contact,
    }
}

/// `1 hub`, `3 hubs`.
fn hubs_en(n: usize) -> String {
    match n {
        1 => "1 hub".into(),
        n => format!("{n} hubs"),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// A phrase that starts a sentence, made to follow a comma: `Met in …` → `met in …`.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

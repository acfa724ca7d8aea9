//! The briefing's values: the quarter's news (what changed), the standing figures (where things
//! stand, each with the day it was stated), the items to confirm and the next three months. The
//! template writes the sentences from them; a period's narrative replaces the headline and the
//! key points, and adds its issues.

use super::progress::Figures;
use super::{
    when, AgreementSinceView, CoverageView, EventView, EventsView, HubView, MeetingView,
    MemberPoint, NamedCountry, PlatformView, TargetView,
};
use crate::dates::DateSpan;
use crate::i18n::{HubStatus, Lang};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the briefing says beside its tables, as values; the template words them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct Briefing {
    /// What changed in the period: the headline and the first key points come from it.
    pub news: News,
    /// Where things stand at the date: the key points after the news.
    pub standing: Standing,
    /// Items to confirm, computed from the record. Each rests on what the record does not hold,
    /// so the briefing lists them apart from the risks (確認事項).
    pub to_confirm: ToConfirm,
    /// The three months after the date: from the day after, to the same day three months on.
    pub next_from: String,
    /// The last day of the next three months (`YYYY-MM-DD`).
    pub next_to: String,
    /// What the record expects in the next three months: planned openings, meetings, milestones.
    pub next_three_months: Vec<Upcoming>,
    /// Who to ask, from the definition (`contact_ja`, `contact_en`).
    pub contact: Option<String>,
}

/// The period's changes, in the order the briefing tells them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct News {
    /// The kind of change the headline leads with: `opened`, `agreements`, `meetings`,
    /// `members`, `launched` or `events` (null: nothing recorded in the period).
    pub lead: Option<String>,
    /// The hubs known to have opened in the period.
    pub opened: Vec<Opening>,
    /// The hubs open at the date, after those openings (null: unknown at the date).
    pub hubs_open: Option<i64>,
    /// The named government agreements dated in the period.
    pub agreements: Vec<AgreementSinceView>,
    /// The task-force meetings held in the period.
    pub meetings: Vec<MeetingItem>,
    /// How many of them were held by circulation (持ち回り開催).
    pub by_circulation: usize,
    /// How many working groups were set up in the period.
    pub working_groups_set_up: usize,
    /// A member count dated in the period, beside the one before it.
    pub members: Option<MemberChange>,
    /// The platforms launched in the period.
    pub launched: Vec<Launch>,
    /// The platforms' events known to fall in the period.
    pub events: Vec<EventView>,
    /// When nothing at all is recorded in the period: the first day past the record, in the
    /// report's language (`平成30年4月`, for 「平成30年4月以降の動きは記録されていない」).
    pub nothing_after: Option<String>,
    /// The same record's last day, in the report's language (`March 2018`, for "nothing is
    /// recorded after March 2018").
    pub nothing_after_end: Option<String>,
}

/// A hub that opened.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Opening {
    /// The hub's name, in the report's language.
    pub name: String,
    /// Its country, in the report's language.
    pub country: String,
    /// When it opened, as precisely as the source gives it.
    pub when: String,
}

/// A task-force meeting as the briefing gives it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeetingItem {
    /// Its number (第13回).
    pub number: i64,
    /// The day it was held, in the report's language.
    pub when: String,
    /// Whether it was held by circulation (持ち回り開催).
    pub by_circulation: bool,
}

/// The member count dated in the period, and the count before it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MemberChange {
    /// The count.
    pub members: i64,
    /// The day it is as of, in the report's language.
    pub when: String,
    /// The count before it (null: none recorded).
    pub previous: Option<i64>,
    /// The day of the count before it, in the report's language.
    pub previous_when: Option<String>,
}

/// A platform launched in the period.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Launch {
    /// Its name, in the report's language.
    pub name: String,
    /// When it started, as precisely as the source gives it.
    pub started: String,
}

/// The standing figures, each with the day it was stated.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct Standing {
    /// Hubs open at the date (null: unknown at the date).
    pub hubs_open: Option<i64>,
    /// The day the hub count is as of, in the report's language: the date, or the day the
    /// record of hubs runs to when that is before it.
    pub hubs_when: String,
    /// Countries with a government MOU, as last stated (null: none stated).
    pub mou_countries: Option<i64>,
    /// The day the MOU count was stated, in the report's language.
    pub mou_when: Option<String>,
    /// The nutrition platform's members, as last counted (null: no count recorded).
    pub members: Option<i64>,
    /// The day of that count, in the report's language.
    pub members_when: Option<String>,
    /// The first target, rated at the date.
    pub target: Option<TargetView>,
}

/// What the briefing asks the office to confirm.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct ToConfirm {
    /// Whether there is anything to confirm.
    pub any: bool,
    /// Planned hubs past their expected opening with no opening recorded.
    pub overdue: Vec<Upcoming>,
    /// The countries the policy names that have a hub in the record but none open, in the
    /// report's language.
    pub without_open_hub: Vec<String>,
    /// The countries the policy names that have no hub in the record at all.
    pub without_hub: Vec<String>,
    /// When the record of meetings ends before the period: its first day past the record, in
    /// the report's language (`平成30年4月`).
    pub meetings_after: Option<String>,
    /// The record's last day, in the report's language (`March 2018`).
    pub meetings_to: Option<String>,
}

/// A dated item ahead (or overdue): a hub's expected opening, a meeting or a platform milestone.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Upcoming {
    /// `opening`, `meeting` or `event`.
    pub kind: String,
    /// When, as precisely as the record gives it, in the report's language.
    pub when: String,
    /// The hub's or the platform's name; empty for a meeting.
    pub name: String,
    /// The hub's country; empty otherwise.
    pub country: String,
    /// The meeting's number (null for the others).
    pub number: Option<i64>,
    /// What the milestone is; empty otherwise.
    pub description: String,
}

/// The parts of the context the briefing is made from.
pub struct From<'a> {
    pub lang: Lang,
    /// The period's first day.
    pub start: NaiveDate,
    pub as_of: NaiveDate,
    pub figures: &'a Figures,
    pub targets: &'a [TargetView],
    pub hubs: &'a [HubView],
    pub named_countries: &'a [NamedCountry],
    pub meetings: &'a [MeetingView],
    pub working_groups_set_up: usize,
    pub events: &'a EventsView,
    pub meetings_ahead: &'a [MeetingView],
    /// The hubs known to have opened in the period.
    pub opened: &'a [HubView],
    /// The platforms, with whether each started in the period.
    pub launched: &'a [PlatformView],
    /// The named agreements dated in the period.
    pub agreements: &'a [AgreementSinceView],
    /// The member counts up to the date, oldest first.
    pub members: &'a [MemberPoint],
    /// The MOU count as last stated, and the day (in the report's language).
    pub mou_stated: Option<(i64, String)>,
    /// How far the record of each series runs.
    pub coverage: &'a BTreeMap<String, CoverageView>,
    /// Each key figure's "as stated on" day, when before the date.
    pub stated_on: &'a BTreeMap<String, Option<String>>,
    pub contact: Option<String>,
}

pub fn briefing(f: From<'_>) -> Briefing {
    let next_from = f.as_of.succ_opt().unwrap_or(f.as_of);
    let next_to = f
        .as_of
        .checked_add_months(Months::new(3))
        .unwrap_or(f.as_of);
    Briefing {
        news: news(&f),
        standing: standing(&f),
        to_confirm: to_confirm(&f),
        next_from: next_from.to_string(),
        next_to: next_to.to_string(),
        next_three_months: next_three_months(&f, next_from, next_to),
        contact: f.contact.clone(),
    }
}

/// The period's changes, and the kind the headline leads with.
fn news(f: &From<'_>) -> News {
    let lang = f.lang;
    let meetings: Vec<MeetingItem> = f
        .meetings
        .iter()
        .map(|m| MeetingItem {
            number: m.number,
            when: when(day(&m.date), None, lang),
            by_circulation: m.by_circulation,
        })
        .collect();
    let mut news = News {
        lead: None,
        opened: f
            .opened
            .iter()
            .map(|h| Opening {
                name: h.name.clone(),
                country: h.country.clone(),
                when: h.since.as_deref().map_or(String::new(), |d| {
                    when(day(d), h.since_precision.as_deref(), lang)
                }),
            })
            .collect(),
        hubs_open: f.figures.hubs_open,
        agreements: f.agreements.to_vec(),
        by_circulation: meetings.iter().filter(|m| m.by_circulation).count(),
        meetings,
        working_groups_set_up: f.working_groups_set_up,
        members: member_change(f),
        launched: f
            .launched
            .iter()
            .filter(|p| p.in_period)
            .map(|p| Launch {
                name: p.name.clone(),
                started: p.started.clone(),
            })
            .collect(),
        events: f.events.in_period.clone(),
        nothing_after: None,
        nothing_after_end: None,
    };
    let kinds = [
        ("opened", !news.opened.is_empty()),
        ("agreements", !news.agreements.is_empty()),
        ("meetings", !news.meetings.is_empty()),
        ("members", news.members.is_some()),
        ("launched", !news.launched.is_empty()),
        ("events", !news.events.is_empty()),
    ];
    news.lead = kinds.iter().find(|k| k.1).map(|k| k.0.to_string());
    if news.lead.is_none() {
        // The record that runs furthest: when even it ends before the period, nothing at all
        // is recorded in it.
        if let Some(c) = f
            .coverage
            .values()
            .filter(|c| c.after.is_some())
            .max_by_key(|c| c.after.clone())
            .filter(|c| c.after.as_deref() <= Some(f.start.to_string().as_str()))
        {
            news.nothing_after = c.after_label.clone();
            news.nothing_after_end = c.to_label.clone();
        }
    }
    news
}

/// A member count dated in the period, when a count before it lets the briefing say how it
/// changed (a first count is a standing figure, not news).
fn member_change(f: &From<'_>) -> Option<MemberChange> {
    let [.., before, last] = f.members else {
        return None;
    };
    let d = day(&last.date);
    (d >= f.start).then(|| MemberChange {
        members: last.members,
        when: when(d, Some("day"), f.lang),
        previous: Some(before.members),
        previous_when: Some(when(day(&before.date), Some("day"), f.lang)),
    })
}

/// Where things stand at the date, each figure with the day it was stated.
fn standing(f: &From<'_>) -> Standing {
    let stated = |k: &str| f.stated_on.get(k).cloned().flatten();
    Standing {
        hubs_open: f.figures.hubs_open,
        hubs_when: stated("hubs_open").unwrap_or_else(|| when(f.as_of, Some("day"), f.lang)),
        mou_countries: f.mou_stated.as_ref().map(|m| m.0),
        mou_when: f.mou_stated.as_ref().map(|m| m.1.clone()),
        members: f.members.last().map(|m| m.members),
        members_when: f
            .members
            .last()
            .map(|m| when(day(&m.date), Some("day"), f.lang)),
        target: f.targets.first().cloned(),
    }
}

/// What rests on a missing record: planned hubs past their expected opening with no opening
/// recorded, named countries with no hub or none open, and the end of the record of meetings.
fn to_confirm(f: &From<'_>) -> ToConfirm {
    let overdue: Vec<Upcoming> = planned(f.hubs, f.lang)
        .filter(|(span, _)| span.to < f.as_of)
        .map(|(_, u)| u)
        .collect();
    let (without_hub, without_open_hub): (Vec<_>, Vec<_>) = f
        .named_countries
        .iter()
        .filter(|c| c.open_hubs == 0)
        .partition(|c| !f.hubs.iter().any(|h| h.country_iso == c.iso));
    let names = |cs: Vec<&NamedCountry>| cs.into_iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let (without_hub, without_open_hub) = (names(without_hub), names(without_open_hub));
    // Only a record that ends before the period is worth confirming: one that ends at the
    // period's last meeting says no more than the meetings listed.
    let meetings = f
        .coverage
        .get("meetings")
        .filter(|c| c.ends_before_date && c.after.as_deref() <= Some(f.start.to_string().as_str()));
    ToConfirm {
        any: !overdue.is_empty()
            || !without_open_hub.is_empty()
            || !without_hub.is_empty()
            || meetings.is_some(),
        overdue,
        without_open_hub,
        without_hub,
        meetings_after: meetings.and_then(|c| c.after_label.clone()),
        meetings_to: meetings.and_then(|c| c.to_label.clone()),
    }
}

/// The planned hubs with an expected opening the source dates (not "FY2018 or later"), each
/// with the span of days it may fall on.
fn planned<'a>(hubs: &'a [HubView], lang: Lang) -> impl Iterator<Item = (DateSpan, Upcoming)> + 'a {
    hubs.iter()
        .filter(|h| h.status == HubStatus::Planned)
        .filter_map(move |h| {
            let (expected, p) = (h.expected.as_deref()?, h.expected_precision.as_deref()?);
            (p != "from_fiscal_year").then(|| {
                let d = day(expected);
                let item = Upcoming {
                    kind: "opening".into(),
                    when: when(d, Some(p), lang),
                    name: h.name.clone(),
                    country: h.country.clone(),
                    number: None,
                    description: String::new(),
                };
                (DateSpan::new(d, p), item)
            })
        })
}

/// What the record expects from `from` to `to`: planned openings, meetings and milestones.
fn next_three_months(f: &From<'_>, from: NaiveDate, to: NaiveDate) -> Vec<Upcoming> {
    let lang = f.lang;
    let mut next: Vec<Upcoming> = planned(f.hubs, lang)
        .filter(|(span, _)| span.within(from, to))
        .map(|(_, u)| u)
        .collect();
    next.extend(f.meetings_ahead.iter().map(|m| Upcoming {
        kind: "meeting".into(),
        when: when(day(&m.date), None, lang),
        name: String::new(),
        country: String::new(),
        number: Some(m.number),
        description: String::new(),
    }));
    next.extend(
        f.events
            .ahead
            .iter()
            .filter(|e| DateSpan::new(day(&e.date), &e.precision).within(from, to))
            .map(|e| Upcoming {
                kind: "event".into(),
                when: e.when.clone(),
                name: e.platform.clone(),
                country: String::new(),
                number: None,
                description: e.description.clone(),
            }),
    );
    next
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

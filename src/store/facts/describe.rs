//! A fact in words, as a command says what it recorded and a dry run lists what it would: each
//! coded value by the English name a user sees (India, MOC), not its code.

use super::{Fact, FactDate};
use crate::store::codes::Codes;
use crate::store::CodeName;

/// The English name of a code in a list (the code itself where the list lacks it).
fn en<'a>(list: &'a [CodeName], code: &'a str) -> &'a str {
    list.iter()
        .find(|c| c.0 == code)
        .map_or(code, |c| c.2.as_str())
}

/// ", source: …" where a source is given.
fn src(s: &Option<String>) -> String {
    s.as_deref()
        .map(|s| format!(", source: {s}"))
        .unwrap_or_default()
}

/// A date with its precision: "dated 2018-05 (month)".
fn on(d: &FactDate) -> String {
    format!("dated {} ({})", d.iso(), d.precision.code())
}

/// A fact in words, as a dry run lists it: its kind, key, date with its precision and source.
pub fn describe(fact: &Fact, codes: &Codes) -> String {
    match fact {
        Fact::Agreement(_)
        | Fact::Count(_)
        | Fact::WgEvent(_)
        | Fact::PlatformEvent(_)
        | Fact::Policy(_)
        | Fact::Project(_) => event(fact, codes),
        _ => record(fact, codes),
    }
}

/// An agreement, a count, an event, a policy document or a project in words.
fn event(fact: &Fact, codes: &Codes) -> String {
    match fact {
        Fact::Agreement(a) => format!(
            "{} with {} {}: {}{}",
            en(&codes.agreement_kinds, &a.kind),
            en(&codes.countries, &a.country),
            on(&a.date),
            a.title_ja,
            src(&a.source)
        ),
        Fact::Count(c) => format!(
            "{} count: {} countries as of {}, source: {}",
            en(&codes.count_kinds, &c.kind),
            c.countries,
            c.date,
            c.source
        ),
        Fact::WgEvent(e) => format!(
            "working-group event ({}) of {} {}: {}{}",
            en(&codes.wg_event_kinds, &e.kind),
            en(&codes.working_groups, &e.wg),
            on(&e.date),
            e.description_ja,
            src(&e.source)
        ),
        Fact::PlatformEvent(e) => format!(
            "platform event ({}) of {} {}{}: {}{}",
            en(&codes.platform_event_kinds, &e.kind),
            en(&codes.platforms, &e.platform),
            on(&e.date),
            e.replaces
                .map(|r| format!(", replacing event {r}"))
                .unwrap_or_default(),
            e.description_ja,
            src(&e.source)
        ),
        Fact::Policy(d) => format!(
            "policy document {}: {}{}",
            on(&d.date),
            d.title_ja,
            src(&d.source)
        ),
        Fact::Project(j) => format!(
            "project in {} ({}) {}: {}{}",
            en(&codes.countries, &j.country),
            en(&codes.project_statuses, &j.status),
            on(&j.date),
            j.title_ja,
            src(&j.source)
        ),
        _ => record(fact, codes),
    }
}

/// A record's statement, a meeting, a member count, a hub's status or change, an organisation or
/// a new hub in words.
fn record(fact: &Fact, codes: &Codes) -> String {
    match fact {
        Fact::Coverage(c) => format!(
            "{} recorded completely up to {}, source: {}",
            en(&codes.records, &c.record),
            c.complete_to,
            c.source
        ),
        Fact::Meeting(m) => format!(
            "meeting {} on {}{} with {} agenda item(s){}",
            m.number,
            m.held_on,
            if m.by_circulation {
                " (by circulation)"
            } else {
                ""
            },
            m.agenda_ja.len(),
            src(&m.source)
        ),
        Fact::Members(m) => format!(
            "{}: {} members on {}{}",
            en(&codes.platforms, &m.platform),
            m.members,
            m.date,
            src(&m.source)
        ),
        Fact::HubStatus(s) => format!(
            "hub {}: {} {}{}",
            s.hub,
            en(&codes.hub_statuses, &s.status),
            on(&s.date),
            src(&s.source)
        ),
        Fact::HubChange(c) => format!(
            "change of hub {} {}{}",
            c.hub,
            c.date.map(|d| on(&d)).unwrap_or_default(),
            src(&c.source)
        ),
        Fact::Organisation(o) => match &o.former {
            Some(f) => format!("organisation {f} renamed {}{}", o.name_ja, src(&o.source)),
            None => format!("new organisation {}{}", o.name_ja, src(&o.source)),
        },
        Fact::NewHub(h) => format!(
            "new hub {} {}: {} since {} ({}){}",
            h.code,
            h.name_ja,
            en(&codes.hub_statuses, &h.status),
            h.effective_date,
            h.date_precision,
            src(&h.source)
        ),
        // The events are described by `event`, which `describe` chose for them.
        _ => String::new(),
    }
}

/// A fact as a refusal of a duplicate names it: its kind and key, each coded value by the name a
/// user sees, without its source.
pub fn named(fact: &Fact, codes: &Codes) -> String {
    match fact {
        Fact::Agreement(a) => format!(
            "{} with {} dated {}",
            en(&codes.agreement_kinds, &a.kind),
            en(&codes.countries, &a.country),
            a.date.iso()
        ),
        Fact::WgEvent(e) => format!(
            "event ({}) of {} dated {}: {}",
            en(&codes.wg_event_kinds, &e.kind),
            en(&codes.working_groups, &e.wg),
            e.date.iso(),
            e.description_ja
        ),
        Fact::PlatformEvent(e) => format!(
            "event ({}) of {} dated {}: {}",
            en(&codes.platform_event_kinds, &e.kind),
            en(&codes.platforms, &e.platform),
            e.date.iso(),
            e.description_ja
        ),
        Fact::Policy(d) => format!("policy document dated {}: {}", d.date.iso(), d.title_ja),
        Fact::Project(j) => format!(
            "status {} of the project in {} dated {}: {}",
            en(&codes.project_statuses, &j.status),
            en(&codes.countries, &j.country),
            j.date.iso(),
            j.title_ja
        ),
        _ => describe(fact, codes),
    }
}

//! The hubs as a report shows them: each hub in the report's language, the counts by status,
//! by country and for the countries the source names, and what changed in the period.

use crate::dates::DateSpan;
use crate::i18n::glossary::Glossary;
use crate::i18n::{HubStatus, Lang};
use crate::store::{Country, Hub};
use chrono::NaiveDate;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HubView {
    /// The hub's code (`H01`).
    pub code: String,
    /// Its name in the report's language (the Japanese one when it has no English name).
    pub name: String,
    /// Its name in Japanese.
    pub name_ja: String,
    /// Its name in English, if recorded.
    pub name_en: Option<String>,
    /// Its country, in the report's language.
    pub country: String,
    /// Its country's ISO 3166 code (`VN`).
    pub country_iso: String,
    /// What kind of facility it is (tenkai's classification), in the report's language.
    pub kind: String,
    /// The Japanese organisations behind it, joined in the report's language (、 or ,).
    pub partners: String,
    /// Its status at the as-of date: `opened`, `planned`, `feasibility`, `suspended` or `closed`.
    pub status: HubStatus,
    /// That status in the report's language (from the glossary).
    pub status_label: String,
    /// The date of the current status, as precise as the source gives it.
    pub since: Option<String>,
    /// How much of `since` the source gives: `day`, `month`, `year`, `fiscal_year` or `unknown`.
    pub since_precision: Option<String>,
    /// The expected opening (`YYYY-MM-DD`), if the source gives one.
    pub expected: Option<String>,
    /// How much of the expected opening the source gives: `month`, or `from_fiscal_year`.
    pub expected_precision: Option<String>,
    /// The hub's further dated events, in the report's language (empty when none).
    pub dates: String,
    /// Whether its opening date is one the source words as planned (開設予定): the legend
    /// counts the hub open, and the report takes that date as its opening, an assumption it
    /// discloses in a footnote.
    pub opened_as_planned: bool,
    /// Its name in the report's language when the period began, where the name changed within
    /// the period (the annex shows 「（旧称 …）」).
    pub former: Option<String>,
    /// The reference its status cites (`tf2018-03 L130, L197-200`): a template tells by it a
    /// status the source's legend gives, which the report footnotes.
    pub status_source: Option<String>,
    /// Whether it has several dates under one label (「平成26年８月・平成27年９月開設」): the
    /// source does not say which part of the hub each date is for, and the report says so.
    pub dates_unassigned: bool,
}

/// Every hub the report lists, shared rather than copied: a template reads each hub in place
/// ([`HubList`]) when it shows it, so a large report never holds the list twice (once as data,
/// once as template values).
#[derive(Debug, Clone, Default)]
pub struct Hubs(Arc<Vec<HubView>>);

impl Hubs {
    pub fn new(views: Vec<HubView>) -> Hubs {
        Hubs(Arc::new(views))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, HubView> {
        self.0.iter()
    }

    pub fn as_slice(&self) -> &[HubView] {
        &self.0
    }
}

impl Serialize for Hubs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            Value::from_object(HubList(self.0.clone())).serialize(s)
        } else {
            self.0.serialize(s)
        }
    }
}

impl schemars::JsonSchema for Hubs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hubs".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // As it serialises: the list of hubs.
        <Vec<HubView>>::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
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
    "partners",
    "status",
    "status_label",
    "since",
    "since_precision",
    "expected",
    "expected_precision",
    "dates",
    "opened_as_planned",
    "former",
    "status_source",
    "dates_unassigned",
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
            "partners" => text(&h.partners),
            "status" => text(h.status.code()),
            "status_label" => text(&h.status_label),
            "since" => maybe(&h.since),
            "since_precision" => maybe(&h.since_precision),
            "expected" => maybe(&h.expected),
            "expected_precision" => maybe(&h.expected_precision),
            "dates" => text(&h.dates),
            "opened_as_planned" => Value::from(h.opened_as_planned),
            "former" => maybe(&h.former),
            "status_source" => maybe(&h.status_source),
            "dates_unassigned" => Value::from(h.dates_unassigned),
            _ => return None,
        })
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(HUB_FIELDS)
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CountryCount {
    /// The country's ISO 3166 code.
    pub iso: String,
    /// The country, in the report's language.
    pub name: String,
    /// Named in the policy sentence as a country for new hubs.
    pub named_in_policy: bool,
    /// Its hubs open at the as-of date (null: unknown then, as the key figure is).
    pub opened: Option<i64>,
    /// Its hubs planned.
    pub planned: Option<i64>,
    /// Its hubs under a feasibility study.
    pub feasibility: Option<i64>,
    /// All its hubs listed.
    pub total: Option<i64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Changes {
    /// Hubs that opened in the period.
    pub opened: Vec<HubView>,
    /// Hubs that became planned in the period.
    pub planned: Vec<HubView>,
    /// Hubs whose feasibility study began in the period.
    pub feasibility: Vec<HubView>,
    /// Hubs whose status changed otherwise in the period (suspended, closed).
    pub other: Vec<HubView>,
    /// Whether any hub's status is known to have changed in the period.
    pub any: bool,
    /// Statuses the source gives no date for, first recorded as holding by a day of the period.
    pub undated: Vec<HubView>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NamedCountry {
    /// The country's ISO 3166 code.
    pub iso: String,
    /// The country, in the report's language.
    pub name: String,
    /// Its hubs open at the as-of date.
    pub open_hubs: i64,
}

/// A hub in the report's language, its words from the glossary.
pub(super) fn hub_view(h: &Hub, lang: Lang, glossary: &Glossary) -> Option<HubView> {
    let status = h.status?;
    Some(HubView {
        code: h.code.clone(),
        name: lang.pick(&h.name_ja, h.name_en.as_deref()).to_string(),
        name_ja: h.name_ja.clone(),
        name_en: h.name_en.clone(),
        country: lang.choose(&h.country_ja, &h.country_en).clone(),
        country_iso: h.country_iso.clone(),
        kind: glossary.term(&format!("kind.{}", h.kind)).map_or_else(
            |_| lang.choose(&h.kind_ja, &h.kind_en).clone(),
            |t| t.get(lang).to_string(),
        ),
        partners: match lang {
            Lang::Ja => h.partners_ja.join("、"),
            Lang::En => h.partners_en.join(", "),
        },
        status_label: glossary.word(&format!("status.{}", status.code()), lang),
        opened_as_planned: status == HubStatus::Opened
            && h.status_note
                .as_deref()
                .is_some_and(|n| n.contains("開設予定")),
        status,
        status_source: h.status_source.clone(),
        since: h.status_since.clone(),
        since_precision: h.date_precision.clone(),
        expected: h.expected_date.clone(),
        expected_precision: h.expected_precision.clone(),
        dates: dates_text(&h.dates, lang),
        dates_unassigned: h.dates.len() > 1
            && h.dates.iter().all(|d| d.label_ja == h.dates[0].label_ja),
        former: None,
    })
}

/// Notes each hub's former name where its name in the report's language at the period's start
/// (`before`: the hubs as they stood then) is not its name now.
pub(super) fn former_names(views: &mut [HubView], before: &[crate::store::HubAt], lang: Lang) {
    let then: std::collections::HashMap<&str, &str> = before
        .iter()
        .map(|h| (h.code.as_str(), lang.pick(&h.name_ja, h.name_en.as_deref())))
        .collect();
    for v in views {
        let now = lang.pick(&v.name_ja, v.name_en.as_deref());
        v.former = then
            .get(v.code.as_str())
            .filter(|name| **name != now)
            .map(|name| name.to_string());
    }
}

/// A hub's dates as the annex gives them: each with its label (「平成26年8月　開設」), or, when
/// all share one label, the dates joined under it, as the source gives them; openings need no
/// label beside the status 開業済み (「平成26年8月、平成27年9月」).
fn dates_text(dates: &[crate::store::HubDate], lang: Lang) -> String {
    let when_stored = |d: &str, precision: &str| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| super::when(d, Some(precision), lang))
            .unwrap_or_else(|_| d.to_string())
    };
    let label = |d: &crate::store::HubDate| lang.choose(&d.label_ja, &d.label_en).clone();
    let one_label = dates.len() > 1 && dates.iter().all(|d| d.label_ja == dates[0].label_ja);
    if one_label {
        let whens: Vec<String> = dates
            .iter()
            .map(|d| when_stored(&d.date, &d.precision))
            .collect();
        // Openings need no label: the status column says the hub is open.
        if dates[0].label_en == "opened" {
            return whens.join(lang.choose("、", " and "));
        }
        return format!(
            "{}{}{}",
            whens.join(lang.choose("、", " and ")),
            lang.choose("　", ": "),
            label(&dates[0])
        );
    }
    dates
        .iter()
        .map(|d| {
            format!(
                "{}{}{}",
                when_stored(&d.date, &d.precision),
                lang.choose("　", ": "),
                label(d)
            )
        })
        .collect::<Vec<_>>()
        .join(lang.choose("、", "; "))
}

/// The hubs a report lists (those with a status at the date), in the report's language. Hubs of
/// the same name in the same country are told apart by a number, in the order they opened.
pub(super) fn hub_views(hubs: &[Hub], lang: Lang, glossary: &Glossary) -> Vec<HubView> {
    let mut views: Vec<HubView> = hubs
        .iter()
        .filter_map(|h| hub_view(h, lang, glossary))
        .collect();
    let mut same: std::collections::BTreeMap<(String, String), Vec<usize>> = Default::default();
    for (i, v) in views.iter().enumerate() {
        same.entry((v.name.clone(), v.country_iso.clone()))
            .or_default()
            .push(i);
    }
    for mut group in same.into_values().filter(|g| g.len() > 1) {
        group.sort_by(|a, b| views[*a].since.cmp(&views[*b].since));
        for (n, i) in group.into_iter().enumerate() {
            let v = &mut views[i];
            v.name = match lang {
                Lang::Ja => format!("{}（{}）", v.name, n + 1),
                Lang::En => format!("{} ({})", v.name, n + 1),
            };
        }
    }
    views
}

/// The hubs in the order of the annex: by status (open, planned, under study, then the rest),
/// country and date.
pub(super) fn annex_order(views: &mut [HubView]) {
    let rank = |s: HubStatus| match s {
        HubStatus::Opened => 0,
        HubStatus::Planned => 1,
        HubStatus::Feasibility => 2,
        HubStatus::Suspended => 3,
        HubStatus::Closed => 4,
    };
    views.sort_by(|a, b| {
        rank(a.status)
            .cmp(&rank(b.status))
            .then_with(|| a.country.cmp(&b.country))
            .then_with(|| a.since.cmp(&b.since))
            .then_with(|| a.code.cmp(&b.code))
    });
}

/// The listed hubs counted by country: most open first, then most hubs, then by code. A count
/// the record leaves open at the date is unknown for every country.
pub(super) fn by_country(hubs: &[Hub], lang: Lang, unknown: &Undetermined) -> Vec<CountryCount> {
    let mut by_country: Vec<CountryCount> = Vec::new();
    for h in hubs {
        let Some(status) = h.status else { continue };
        let i = match by_country.iter().position(|c| c.iso == h.country_iso) {
            Some(i) => i,
            None => {
                by_country.push(CountryCount {
                    iso: h.country_iso.clone(),
                    name: lang.choose(&h.country_ja, &h.country_en).clone(),
                    named_in_policy: h.named_country,
                    opened: Some(0),
                    planned: Some(0),
                    feasibility: Some(0),
                    total: Some(0),
                });
                by_country.len() - 1
            }
        };
        let c = &mut by_country[i];
        let add = |n: &mut Option<i64>| *n = n.map(|n| n + 1);
        add(&mut c.total);
        match status {
            HubStatus::Opened => add(&mut c.opened),
            HubStatus::Planned => add(&mut c.planned),
            HubStatus::Feasibility => add(&mut c.feasibility),
            _ => {}
        }
    }
    let forget = |n: &mut Option<i64>, status: HubStatus| {
        if unknown.statuses.contains(&status) {
            *n = None;
        }
    };
    for c in &mut by_country {
        forget(&mut c.opened, HubStatus::Opened);
        forget(&mut c.planned, HubStatus::Planned);
        forget(&mut c.feasibility, HubStatus::Feasibility);
        if unknown.listed || !unknown.statuses.is_empty() {
            c.total = None;
        }
    }
    // By the hubs a country's bar draws and is labelled with (its counts known at the date),
    // then by those open.
    let drawn = |c: &CountryCount| {
        [c.opened, c.planned, c.feasibility]
            .iter()
            .flatten()
            .sum::<i64>()
    };
    by_country.sort_by(|a, b| {
        drawn(b)
            .cmp(&drawn(a))
            .then(b.opened.cmp(&a.opened))
            .then(a.iso.cmp(&b.iso))
    });
    by_country
}

/// The hubs whose current status is known to date from `start` to `end`, by new status; and
/// apart, those whose status has no date in the source but was first recorded as holding by a
/// day in the period (never a change of the period: when it began is not known).
pub(super) fn changes(views: &[HubView], start: NaiveDate, end: NaiveDate) -> Changes {
    let span = |h: &HubView| {
        let since = h.since.as_deref()?;
        let d = NaiveDate::parse_from_str(since, "%Y-%m-%d").ok()?;
        Some(DateSpan::new(
            d,
            h.since_precision.as_deref().unwrap_or("day"),
        ))
    };
    let changed: Vec<&HubView> = views
        .iter()
        .filter(|h| span(h).is_some_and(|s| s.within(start, end)))
        .collect();
    let undated: Vec<HubView> = views
        .iter()
        .filter(|h| span(h).is_some_and(|s| !s.within(start, end) && s.to >= start && s.to <= end))
        .cloned()
        .collect();
    let by = |s: HubStatus| {
        changed
            .iter()
            .filter(|h| h.status == s)
            .map(|h| (*h).clone())
            .collect::<Vec<_>>()
    };
    Changes {
        opened: by(HubStatus::Opened),
        planned: by(HubStatus::Planned),
        feasibility: by(HubStatus::Feasibility),
        other: changed
            .iter()
            .filter(|h| {
                ![
                    HubStatus::Opened,
                    HubStatus::Planned,
                    HubStatus::Feasibility,
                ]
                .contains(&h.status)
            })
            .map(|h| (*h).clone())
            .collect(),
        any: !changed.is_empty(),
        undated,
    }
}

/// The countries the policy sentence names, each with its number of open hubs.
/// `policy`: the sentence that names them (the source's lines 49–51), whose order they keep; a
/// country it does not name comes after, by code.
pub(super) fn named_countries(
    countries: Vec<Country>,
    hubs: &[Hub],
    policy: &str,
    lang: Lang,
) -> Vec<NamedCountry> {
    let mut named: Vec<Country> = countries
        .into_iter()
        .filter(|c| c.named_in_policy)
        .collect();
    named.sort_by_key(|c| policy.find(c.name_ja.as_str()).unwrap_or(usize::MAX));
    named
        .into_iter()
        .map(|c| NamedCountry {
            open_hubs: hubs
                .iter()
                .filter(|h| h.country_iso == c.iso && h.status == Some(HubStatus::Opened))
                .count() as i64,
            name: lang.choose(c.name_ja, c.name_en),
            iso: c.iso,
        })
        .collect()
}

/// The hub counts of the summary: by status, and the countries named in the policy with an open hub.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct HubCounts {
    pub(super) open: i64,
    pub(super) planned: i64,
    pub(super) feasibility: i64,
    pub(super) listed: i64,
    pub(super) named_with_open: i64,
}

/// Counts hubs from (status at the date, country, named in the policy) for each hub: the period's
/// from the hub list the report already read, the period before's from [`store::hub_statuses`].
pub(super) fn hub_counts<'a>(
    hubs: impl IntoIterator<Item = (Option<HubStatus>, &'a str, bool)>,
) -> HubCounts {
    let mut c = HubCounts::default();
    let mut named = std::collections::BTreeSet::new();
    for (status, country, named_in_policy) in hubs {
        match status {
            Some(HubStatus::Opened) => {
                c.open += 1;
                if named_in_policy {
                    named.insert(country);
                }
            }
            Some(HubStatus::Planned) => c.planned += 1,
            Some(HubStatus::Feasibility) => c.feasibility += 1,
            _ => {}
        }
        c.listed += status.is_some() as i64;
    }
    c.named_with_open = named.len() as i64;
    c
}

/// The counts the record leaves open at a date: a hub has a status row whose date may fall on
/// either side of the day (a status the source dates only "by end of March 2018"), so which of
/// its statuses held then is not known, and every count it might fall in is unknown.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Undetermined {
    /// The statuses whose count is unknown.
    pub(super) statuses: Vec<HubStatus>,
    /// Whether the number of hubs listed is unknown (a hub may not have been listed yet).
    pub(super) listed: bool,
    /// Whether the number of named countries with an open hub is unknown.
    pub(super) named_open: bool,
}

/// Which counts the status rows (by hub, oldest first) leave open at `day`.
pub(super) fn undetermined(
    rows: &[crate::store::coverage::StatusRow],
    day: NaiveDate,
) -> Undetermined {
    let mut out = Undetermined::default();
    for hub in rows.chunk_by(|a, b| a.code == b.code) {
        // A status the source dates only "by" a day began after the other status before it
        // held (a row of the same status restates it, as a correction does).
        let mut spans: Vec<(HubStatus, DateSpan)> = Vec::new();
        for r in hub {
            let Ok(d) = NaiveDate::parse_from_str(&r.effective_date, "%Y-%m-%d") else {
                continue;
            };
            let mut span = DateSpan::new(d, &r.date_precision);
            if span.from.is_none() {
                let before = spans.iter().rev().find(|(s, _)| *s != r.status);
                span.from = before.map(|(_, before)| match before.from {
                    Some(f) if before.to > f => f,
                    _ => before.to.succ_opt().unwrap_or(before.to),
                });
            }
            spans.push((r.status, span));
        }
        let settled = spans
            .iter()
            .rfind(|(_, s)| s.to <= day)
            .map(|(status, _)| *status);
        let open: Vec<HubStatus> = spans
            .iter()
            .filter(|(_, s)| s.from.is_none_or(|f| f <= day) && s.to > day)
            .map(|(status, _)| *status)
            .collect();
        if open.iter().all(|s| Some(*s) == settled) {
            continue;
        }
        for s in open.iter().copied().chain(settled) {
            if !out.statuses.contains(&s) {
                out.statuses.push(s);
            }
            out.named_open |= s == HubStatus::Opened && hub[0].named_country;
        }
        out.listed |= settled.is_none();
    }
    out
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
            partners: "社会医療法人 北斗".into(),
            status: HubStatus::Planned,
            status_label: "開業予定".into(),
            since: Some("2018-03-31".into()),
            since_precision: None,
            expected: Some("2018-05".into()),
            expected_precision: Some("month".into()),
            dates: String::new(),
            opened_as_planned: false,
            former: None,
            status_source: None,
            dates_unassigned: false,
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
    fn hub_counts_count_each_named_country_with_an_open_hub_once() {
        let c = hub_counts([
            (Some(HubStatus::Opened), "VN", true),
            (Some(HubStatus::Opened), "VN", true),
            (Some(HubStatus::Opened), "RU", false),
            (Some(HubStatus::Planned), "ID", true),
            (Some(HubStatus::Feasibility), "IN", false),
            (Some(HubStatus::Closed), "TH", false),
            (None, "MM", true),
        ]);
        assert_eq!(
            c,
            HubCounts {
                open: 3,
                planned: 1,
                feasibility: 1,
                listed: 6,
                named_with_open: 1,
            }
        );
    }
}

//! The hubs as a report shows them: each hub in the report's language, the counts by status,
//! by country and for the countries the source names, and what changed in the period.

use crate::dates::DateSpan;
use crate::i18n::glossary::Glossary;
use crate::i18n::{HubStatus, Lang};
use crate::store::coverage::{stored_date, HubFact};
use crate::store::{Country, Hub, StatusAt};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    /// The source's own wording of the status, as recorded (「平成30年5月開設」): a template
    /// tells by it a planned status that only the legend gives (the entry has no 予定).
    pub status_note: Option<String>,
    /// Whether it has several dates under one label (「平成26年８月・平成27年９月開設」): the
    /// source does not say which part of the hub each date is for, and the report says so.
    pub dates_unassigned: bool,
    /// The hub's row id (the order the hubs were added), for the figures' rows.
    #[serde(skip)]
    pub id: i64,
    /// Whether the policy names its country.
    #[serde(skip)]
    pub named_country: bool,
    /// Its status at the end of the period before.
    #[serde(skip)]
    pub before: Option<HubStatus>,
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

/// The glossary's words for the hubs' kinds and statuses in the report's language, each looked
/// up once.
pub(super) struct Words<'a> {
    glossary: &'a Glossary,
    lang: Lang,
    kinds: HashMap<String, String>,
    statuses: HashMap<HubStatus, String>,
}

impl<'a> Words<'a> {
    pub(super) fn new(glossary: &'a Glossary, lang: Lang) -> Words<'a> {
        Words {
            glossary,
            lang,
            kinds: HashMap::new(),
            statuses: HashMap::new(),
        }
    }

    /// A hub's kind: the glossary's word, else the name the record gives it.
    fn kind(&mut self, h: &Hub) -> String {
        let (glossary, lang) = (self.glossary, self.lang);
        self.kinds
            .entry(h.kind.clone())
            .or_insert_with(|| {
                glossary.term(&format!("kind.{}", h.kind)).map_or_else(
                    |_| lang.choose(&h.kind_ja, &h.kind_en).clone(),
                    |t| t.get(lang).to_string(),
                )
            })
            .clone()
    }

    fn status(&mut self, status: HubStatus) -> String {
        let (glossary, lang) = (self.glossary, self.lang);
        self.statuses
            .entry(status)
            .or_insert_with(|| glossary.word(&format!("status.{}", status.code()), lang))
            .clone()
    }
}

/// A hub in the report's language, its words from the glossary.
pub(super) fn hub_view(h: Hub, words: &mut Words) -> Option<HubView> {
    let status = h.status?;
    let lang = words.lang;
    Some(HubView {
        name: lang.pick(&h.name_ja, h.name_en.as_deref()).to_string(),
        kind: words.kind(&h),
        partners: match lang {
            Lang::Ja => h.partners_ja.join("、"),
            Lang::En => h.partners_en.join(", "),
        } + &if h.partners_others {
            words.glossary.word("partners.and_others", lang)
        } else {
            String::new()
        },
        status_label: words.status(status),
        opened_as_planned: status == HubStatus::Opened
            && h.status_note
                .as_deref()
                .is_some_and(|n| n.contains("開設予定")),
        dates: dates_text(&h.dates, lang),
        dates_unassigned: h.dates.len() > 1
            && h.dates.iter().all(|d| d.label_ja == h.dates[0].label_ja),
        former: None,
        id: h.id,
        named_country: h.named_country,
        before: None,
        status,
        code: h.code,
        name_ja: h.name_ja,
        name_en: h.name_en,
        country: lang.choose(h.country_ja, h.country_en),
        country_iso: h.country_iso,
        status_source: h.status_source,
        status_note: h.status_note,
        since: h.status_since,
        since_precision: h.date_precision,
        expected: h.expected_date,
        expected_precision: h.expected_precision,
    })
}

/// A hub's dates as the annex gives them: each with its label (「平成26年8月　開設」), or, when
/// all share one label, the dates joined under it, as the source gives them; openings need no
/// label beside the status 開業済み (「平成26年8月、平成27年9月」).
fn dates_text(dates: &[crate::store::HubDate], lang: Lang) -> String {
    let when_stored = |d: &str, precision: &str| {
        stored_date(d)
            .map(|d| super::when(d, Some(precision), lang))
            .unwrap_or_else(|| d.to_string())
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
            return whens.join(lang.choose("、", "; "));
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

/// Tells apart the hubs of the same name in the same country by a number, in the order they
/// opened.
pub(super) fn number_namesakes(views: &mut [HubView], lang: Lang) {
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
}

/// The hubs in the order of the annex: by status (open, planned, under study, then the rest),
/// country and date.
pub(super) fn annex_order(views: &mut [HubView], lang: Lang, readings: &BTreeMap<String, String>) {
    let rank = |s: HubStatus| match s {
        HubStatus::Opened => 0u8,
        HubStatus::Planned => 1,
        HubStatus::Feasibility => 2,
        HubStatus::Suspended => 3,
        HubStatus::Closed => 4,
    };
    // In Japanese a country sorts by its reading (中国 as チュウゴク), in English by its name.
    fn country<'a>(h: &'a HubView, readings: &'a BTreeMap<String, String>, lang: Lang) -> &'a str {
        match lang {
            Lang::Ja => readings.get(&h.country_iso).unwrap_or(&h.country),
            Lang::En => &h.country,
        }
    }
    // The keys are sorted with each hub's place, not the hubs themselves: a key borrows its
    // strings, and the hubs are then put in their keys' order.
    let mut keys: Vec<_> = views
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let since = h.since.as_deref();
            (
                rank(h.status),
                country(h, readings, lang),
                since,
                h.code.as_str(),
                i,
            )
        })
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|k| k.4).collect();
    permute(views, order);
}

/// Puts the items in the order given (`order[k]`: where the item that goes to `k` is now) in
/// place, cycle by cycle, each item moved once: no second list of the items.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut k = start;
        while order[k] != k {
            let from = std::mem::replace(&mut order[k], k);
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// The listed hubs counted by country: most open first, then most hubs, then by code. A count
/// the record leaves open at the date is unknown for every country.
pub(super) fn by_country(hubs: &[HubView], unknown: &Undetermined) -> Vec<CountryCount> {
    let mut by_country: Vec<CountryCount> = Vec::new();
    for h in hubs {
        let status = h.status;
        let i = match by_country.iter().position(|c| c.iso == h.country_iso) {
            Some(i) => i,
            None => {
                by_country.push(CountryCount {
                    iso: h.country_iso.clone(),
                    name: h.country.clone(),
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
        let d = stored_date(since)?;
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
    hubs: &[HubView],
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
                .filter(|h| h.country_iso == c.iso && h.status == HubStatus::Opened)
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

/// Counts hubs from (status at the date, country, named in the policy) for each hub.
pub(super) fn hub_counts<'a>(
    hubs: impl IntoIterator<Item = (Option<HubStatus>, &'a str, bool)>,
) -> HubCounts {
    let mut c = Counter::default();
    for (status, country, named_in_policy) in hubs {
        c.add(status, country, named_in_policy);
    }
    c.counts()
}

/// [`HubCounts`] counted one hub at a time.
#[derive(Debug, Default)]
pub(super) struct Counter {
    counts: HubCounts,
    named: std::collections::BTreeSet<String>,
}

impl Counter {
    pub(super) fn add(&mut self, status: Option<HubStatus>, country: &str, named_in_policy: bool) {
        let c = &mut self.counts;
        match status {
            Some(HubStatus::Opened) => {
                c.open += 1;
                if named_in_policy && !self.named.contains(country) {
                    self.named.insert(country.to_string());
                }
            }
            Some(HubStatus::Planned) => c.planned += 1,
            Some(HubStatus::Feasibility) => c.feasibility += 1,
            _ => {}
        }
        c.listed += status.is_some() as i64;
    }

    pub(super) fn counts(mut self) -> HubCounts {
        self.counts.named_with_open = self.named.len() as i64;
        self.counts
    }
}

/// What the hub figures' rows need of the hubs listed.
pub(super) fn facts(views: &[HubView]) -> Vec<HubFact<'_>> {
    views
        .iter()
        .filter_map(|v| {
            Some(HubFact {
                id: v.id,
                status: v.status,
                since: v.since.as_deref()?,
                source: v.status_source.as_deref(),
                named_country: v.named_country,
            })
        })
        .collect()
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

/// The days each of a hub's status rows (oldest first) may stand for. A status the source dates
/// only "by" a day began after the other status before it held (a row of the same status
/// restates it, as a correction does).
pub(super) fn spans(hub: &[StatusAt]) -> Vec<(HubStatus, DateSpan)> {
    let mut spans: Vec<(HubStatus, DateSpan)> = Vec::with_capacity(hub.len());
    for r in hub {
        let Some(d) = stored_date(&r.effective_date) else {
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
    spans
}

impl Undetermined {
    /// Adds what one hub's status rows ([`spans`]) leave open at `day`.
    pub(super) fn add(
        &mut self,
        spans: &[(HubStatus, DateSpan)],
        named_country: bool,
        day: NaiveDate,
    ) {
        let settled = spans
            .iter()
            .rfind(|(_, s)| s.to <= day)
            .map(|(status, _)| *status);
        let open = spans
            .iter()
            .filter(|(_, s)| s.from.is_none_or(|f| f <= day) && s.to > day)
            .map(|(status, _)| *status);
        if open.clone().all(|s| Some(s) == settled) {
            return;
        }
        for s in open.chain(settled) {
            if !self.statuses.contains(&s) {
                self.statuses.push(s);
            }
            self.named_open |= s == HubStatus::Opened && named_country;
        }
        self.listed |= settled.is_none();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn permute_puts_each_item_where_its_order_says() {
        // Two cycles (0 → 2 → 4 → 0, 1 ↔ 3) and a fixed point (5).
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, vec![2, 3, 4, 1, 0, 5]);
        assert_eq!(items, ['c', 'd', 'e', 'b', 'a', 'f']);
        let mut none: Vec<char> = vec![];
        permute(&mut none, vec![]);
        assert!(none.is_empty());
    }
}

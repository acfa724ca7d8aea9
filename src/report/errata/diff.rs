//! The report as sent against the report as known now: every key figure, target, indicator and
//! hub of the annex that differs, with the corrections that explain it.

use super::super::context::{self, ReportContext, KEY_FIGURES};
use super::super::templates::group;
use super::{Correction, Erratum};
use crate::i18n::glossary::Glossary;
use crate::i18n::{HubStatus, Lang};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Each hub's status as sent and as known now, with whether the policy names its country.
type HubMoves = BTreeMap<String, (Option<HubStatus>, Option<HubStatus>, bool)>;

/// The kind of correction (the start of its key) that the facts of a key figure come from.
pub(super) fn fact_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "hubs_open"
        | "hubs_planned"
        | "hubs_feasibility"
        | "hubs_listed"
        | "named_countries_with_hub" => "hub:",
        "platform_members" => "members:",
        "mou_countries" => "agreements:mou",
        "letters_of_intent" => "agreements:letter_of_intent",
        "meetings_held" => "meetings",
        "working_groups" => "working_groups",
        _ => return None,
    })
}

/// The keys of the corrections that pass `keep`, each once, in order.
fn keys_of(corrections: &[Correction], keep: impl Fn(&Correction) -> bool) -> Vec<String> {
    let mut keys: Vec<String> = corrections
        .iter()
        .filter(|c| keep(c))
        .map(|c| c.key.clone())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The corrections that can explain a key figure: for the hub counts, the hubs whose status moved
/// into or out of the status the figure counts; for the rest, the facts its metric reads.
fn reasons_for(key: &str, corrections: &[Correction], moves: &HubMoves) -> Vec<String> {
    let counted = match key {
        "hubs_open" | "named_countries_with_hub" => Some(HubStatus::Opened),
        "hubs_planned" => Some(HubStatus::Planned),
        "hubs_feasibility" => Some(HubStatus::Feasibility),
        _ => None,
    };
    if let Some(status) = counted {
        return moves
            .iter()
            .filter(|(_, (was, now, named))| {
                (*was == Some(status)) != (*now == Some(status))
                    && (key != "named_countries_with_hub" || *named)
            })
            .map(|(code, _)| format!("hub:{code}"))
            .filter(|k| corrections.iter().any(|c| &c.key == k))
            .collect();
    }
    match fact_of(key) {
        Some(prefix) => keys_of(corrections, |c| c.key.starts_with(prefix)),
        None => vec![],
    }
}

/// The corrections that can explain a key figure at an earlier date (the previous period's
/// column): those of the figure's facts dated by then. Which hubs moved in or out of a status by
/// then is not in the contexts, so every hub correction dated by then is named.
fn reasons_by(key: &str, corrections: &[Correction], until: &str) -> Vec<String> {
    let Some(prefix) = fact_of(key) else {
        return vec![];
    };
    keys_of(corrections, |c| {
        c.key.starts_with(prefix) && c.effective_date.as_deref().is_none_or(|d| d <= until)
    })
}

/// The hub corrections of the hubs of one country.
fn country_reasons(
    iso: &str,
    corrections: &[Correction],
    countries: &BTreeMap<String, String>,
) -> Vec<String> {
    keys_of(corrections, |c| {
        c.key
            .strip_prefix("hub:")
            .is_some_and(|code| countries.get(code).is_some_and(|i| i == iso))
    })
}

/// A figure as the report shows it (the `num` filter): grouped digits, one decimal where it has
/// any, 「—」 for none.
fn num(v: Option<f64>) -> String {
    match v {
        Some(f) => group(f, if f.fract() == 0.0 { 0 } else { 1 }),
        None => "—".into(),
    }
}

/// A share as the report shows it (the `pct` filter): whole percent, 「—」 for none.
fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |f| format!("{}%", group(f * 100.0, 0)))
}

/// A change as the report's change column shows it: signed, 「—」 for none.
fn signed(v: Option<i64>) -> String {
    match v {
        Some(n) if n > 0 => format!("+{n}"),
        Some(n) => n.to_string(),
        None => "—".into(),
    }
}

/// The differences of two contexts of one report, step by step: the key figures, their
/// previous-quarter and change columns, the hubs by country, the targets, the indicators and the
/// hubs of the annex.
pub(super) fn differences(
    before: &ReportContext,
    after: &ReportContext,
    corrections: &[Correction],
    glossary: &Glossary,
    lang: Lang,
) -> Vec<Erratum> {
    let mut c = Compare {
        before,
        after,
        corrections,
        glossary,
        lang,
        moves: hub_moves(before, after),
        titles: after
            .methods
            .iter()
            .filter(|m| m.kind == "figure")
            .map(|m| (m.key.as_str(), m.title.as_str()))
            .collect(),
        out: Vec::new(),
    };
    c.key_figures();
    c.previous_and_change();
    c.countries();
    c.targets();
    c.indicators();
    c.annex();
    c.out
}

/// Each hub's status as sent and as known now, with whether the policy names its country.
fn hub_moves(before: &ReportContext, after: &ReportContext) -> HubMoves {
    let named: std::collections::BTreeSet<&str> = after
        .named_countries
        .iter()
        .map(|c| c.iso.as_str())
        .collect();
    let mut moves: HubMoves = BTreeMap::new();
    for h in before.hubs.iter() {
        let named = named.contains(h.country_iso.as_str());
        moves.insert(h.code.clone(), (Some(h.status), None, named));
    }
    for h in after.hubs.iter() {
        let named = named.contains(h.country_iso.as_str());
        moves.entry(h.code.clone()).or_insert((None, None, named)).1 = Some(h.status);
    }
    moves
}

/// Two contexts of one report being compared, and the differences found so far.
struct Compare<'a> {
    before: &'a ReportContext,
    after: &'a ReportContext,
    corrections: &'a [Correction],
    glossary: &'a Glossary,
    lang: Lang,
    moves: HubMoves,
    /// The key figures' titles, in the report's language.
    titles: BTreeMap<&'a str, &'a str>,
    out: Vec<Erratum>,
}

impl Compare<'_> {
    fn section(&self, k: &str) -> String {
        self.glossary.word(&format!("section.{k}"), self.lang)
    }

    fn column(&self, k: &str) -> String {
        self.glossary.word(&format!("column.{k}"), self.lang)
    }

    fn push(
        &mut self,
        section: String,
        location: String,
        change: &str,
        was: String,
        now: String,
        reasons: Vec<String>,
    ) {
        self.out.push(Erratum {
            section,
            location,
            change: change.into(),
            was,
            now,
            reasons,
        });
    }

    /// The key figures as the summary shows them.
    fn key_figures(&mut self) {
        let (before, after, corrections) = (self.before, self.after, self.corrections);
        let (fb, fa) = (
            serde_json::to_value(&before.figures).unwrap_or_default(),
            serde_json::to_value(&after.figures).unwrap_or_default(),
        );
        for key in KEY_FIGURES {
            if fb[key] != fa[key] {
                self.push(
                    self.section("summary"),
                    self.titles.get(key).copied().unwrap_or(key).to_string(),
                    "changed",
                    num(fb[key].as_f64()),
                    num(fa[key].as_f64()),
                    reasons_for(key, corrections, &self.moves),
                );
            }
        }
    }

    /// The previous period's column and the change column of the key figures: a correction
    /// dated in an earlier period moves them too.
    fn previous_and_change(&mut self) {
        let (before, after, corrections, lang) =
            (self.before, self.after, self.corrections, self.lang);
        let previous_end = NaiveDate::parse_from_str(&after.period.start, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.pred_opt())
            .map(|d| d.to_string())
            .unwrap_or_default();
        let (pb, pa) = (
            serde_json::to_value(&before.previous).unwrap_or_default(),
            serde_json::to_value(&after.previous).unwrap_or_default(),
        );
        for key in KEY_FIGURES {
            let title = self.titles.get(key).copied().unwrap_or(key);
            if pb[key] != pa[key] {
                self.push(
                    self.section("summary"),
                    format!(
                        "{title}{}{}",
                        lang.choose("：", ": "),
                        self.column("previous_period")
                    ),
                    "changed",
                    num(pb[key].as_f64()),
                    num(pa[key].as_f64()),
                    reasons_by(key, corrections, &previous_end),
                );
            }
            let change = |c: &ReportContext| c.change.get(key).and_then(|c| c.value);
            let (cb, ca) = (change(before), change(after));
            if cb != ca {
                let mut reasons = reasons_for(key, corrections, &self.moves);
                reasons.extend(reasons_by(key, corrections, &previous_end));
                reasons.sort();
                reasons.dedup();
                self.push(
                    self.section("summary"),
                    format!(
                        "{title}{}{}",
                        lang.choose("：", ": "),
                        self.column("change")
                    ),
                    "changed",
                    signed(cb),
                    signed(ca),
                    reasons,
                );
            }
        }
    }

    /// The hubs by country: each count of the table and the chart.
    fn countries(&mut self) {
        let (before, after, corrections, glossary, lang) = (
            self.before,
            self.after,
            self.corrections,
            self.glossary,
            self.lang,
        );
        let countries: BTreeMap<String, String> = before
            .hubs
            .iter()
            .chain(after.hubs.iter())
            .map(|h| (h.code.clone(), h.country_iso.clone()))
            .collect();
        let count_cells = |c: &context::CountryCount| {
            [
                ("status.opened", c.opened),
                ("status.planned", c.planned),
                ("status.feasibility", c.feasibility),
                ("column.total", c.total),
            ]
        };
        let mut isos: Vec<&str> = before
            .hubs_by_country
            .iter()
            .chain(after.hubs_by_country.iter())
            .map(|c| c.iso.as_str())
            .collect();
        isos.sort();
        isos.dedup();
        for iso in isos {
            let find =
                |ctx: &ReportContext| ctx.hubs_by_country.iter().find(|c| c.iso == iso).cloned();
            let (b, a) = (find(before), find(after));
            let Some(name) = a.as_ref().or(b.as_ref()).map(|c| c.name.clone()) else {
                continue;
            };
            let cells = |c: &Option<context::CountryCount>| {
                c.as_ref().map(count_cells).unwrap_or([
                    ("status.opened", Some(0)),
                    ("status.planned", Some(0)),
                    ("status.feasibility", Some(0)),
                    ("column.total", Some(0)),
                ])
            };
            for ((k, was), (_, now)) in cells(&b).into_iter().zip(cells(&a)) {
                if was != now {
                    self.push(
                        self.section("hubs"),
                        format!(
                            "{name}{}{}",
                            lang.choose("：", ": "),
                            glossary.word(k, lang)
                        ),
                        "changed",
                        num(was.map(|n| n as f64)),
                        num(now.map(|n| n as f64)),
                        country_reasons(iso, corrections, &countries),
                    );
                }
            }
        }
    }

    /// The targets: actual, progress, status and outlook.
    fn targets(&mut self) {
        let (before, after, corrections, glossary, lang) = (
            self.before,
            self.after,
            self.corrections,
            self.glossary,
            self.lang,
        );
        for t in &after.targets {
            let reasons = reasons_for(&t.metric, corrections, &self.moves);
            match before.targets.iter().find(|b| b.name == t.name) {
                None => self.push(
                    self.section("targets"),
                    t.title.clone(),
                    "added",
                    "—".into(),
                    t.forecast.clone(),
                    reasons,
                ),
                Some(b) => {
                    let cells = [
                        ("actual", num(b.actual), num(t.actual)),
                        ("progress", pct(b.progress), pct(t.progress)),
                        (
                            "status",
                            glossary.word(&format!("rating.{}", b.rag.code()), lang),
                            glossary.word(&format!("rating.{}", t.rag.code()), lang),
                        ),
                        ("outlook", b.forecast.clone(), t.forecast.clone()),
                    ];
                    for (col, was, now) in cells {
                        if was != now {
                            self.push(
                                self.section("targets"),
                                format!(
                                    "{}{}{}",
                                    t.title,
                                    lang.choose("：", ": "),
                                    self.column(col)
                                ),
                                "changed",
                                was,
                                now,
                                reasons.clone(),
                            );
                        }
                    }
                }
            }
        }
        for b in before
            .targets
            .iter()
            .filter(|b| !after.targets.iter().any(|t| t.name == b.name))
        {
            self.push(
                self.section("targets"),
                b.title.clone(),
                "removed",
                b.forecast.clone(),
                "—".into(),
                vec![],
            );
        }
    }

    /// The indicators.
    fn indicators(&mut self) {
        let (before, after, corrections) = (self.before, self.after, self.corrections);
        for i in &after.indicators {
            let was = before
                .indicators
                .iter()
                .find(|b| b.name == i.name)
                .map(|b| b.value);
            let now_v = num(i.value);
            let was_v = num(was.flatten());
            if was_v != now_v {
                self.push(
                    self.section("indicators"),
                    i.title.clone(),
                    if was.is_some() { "changed" } else { "added" },
                    was_v,
                    now_v,
                    reasons_for(&i.name, corrections, &self.moves),
                );
            }
        }
    }

    /// The hubs of the annex: status and date.
    fn annex(&mut self) {
        let (before, after, corrections, lang) =
            (self.before, self.after, self.corrections, self.lang);
        // The status and the date as the annex shows them: its dated events, else the opening, else
        // the expected opening marked as such, else the date of the status.
        let hub_text = |h: &context::HubView| {
            let day = |d: &Option<String>, p: Option<&str>| {
                d.as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| context::when(d, p, lang))
            };
            let date = if !h.dates.is_empty() {
                h.dates.clone()
            } else if h.status == HubStatus::Opened && h.since.is_some() {
                day(&h.since, h.since_precision.as_deref()).unwrap_or_default()
            } else if let Some(e) = day(
                &h.expected,
                Some(h.expected_precision.as_deref().unwrap_or("month")),
            ) {
                format!("{e}{}", lang.choose("（予定）", " (expected)"))
            } else {
                day(&h.since, h.since_precision.as_deref()).unwrap_or_default()
            };
            format!("{} {date}", h.status_label).trim().to_string()
        };
        let location = |h: &context::HubView| {
            format!(
                "{}{}{}{}",
                h.name,
                lang.choose("（", " ("),
                h.country,
                lang.choose("）", ")")
            )
        };
        let before_hubs: BTreeMap<&str, &context::HubView> =
            before.hubs.iter().map(|h| (h.code.as_str(), h)).collect();
        let after_hubs: BTreeMap<&str, &context::HubView> =
            after.hubs.iter().map(|h| (h.code.as_str(), h)).collect();
        for (code, h) in &after_hubs {
            let key = format!("hub:{code}");
            let reasons: Vec<String> = corrections
                .iter()
                .any(|c| c.key == key)
                .then_some(key)
                .into_iter()
                .collect();
            match before_hubs.get(code) {
                None => self.push(
                    self.section("annex"),
                    location(h),
                    "added",
                    "—".into(),
                    hub_text(h),
                    reasons,
                ),
                Some(b) if hub_text(b) != hub_text(h) => self.push(
                    self.section("annex"),
                    location(h),
                    "changed",
                    hub_text(b),
                    hub_text(h),
                    reasons,
                ),
                Some(_) => {}
            }
        }
        for (code, b) in &before_hubs {
            if !after_hubs.contains_key(code) {
                self.push(
                    self.section("annex"),
                    location(b),
                    "removed",
                    hub_text(b),
                    "—".into(),
                    vec![],
                );
            }
        }
    }
}

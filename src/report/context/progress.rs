//! The targets as a report shows them: value, trajectory, progress, RAG and forecast, in the
//! report's language, with the headline figures they are read beside.

use super::{month_en, wareki_month};
use crate::dates::AsOf;
use crate::i18n::glossary::Glossary;
use crate::i18n::{HubStatus, Lang, Rag};
use crate::period::Period;
use crate::store;
use crate::targets::{self, Forecast};
use crate::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// The headline figures.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Figures {
    /// Japanese medical hubs open abroad (null: unknown at the date, as for every hub count: a
    /// status the source does not date may or may not have held then).
    pub hubs_open: Option<i64>,
    /// Hubs planned (開業予定).
    pub hubs_planned: Option<i64>,
    /// Hubs under a feasibility study.
    pub hubs_feasibility: Option<i64>,
    /// All hubs the annex lists: open, planned and under study.
    pub hubs_listed: Option<i64>,
    /// The countries the policy sentence names that have an open hub.
    pub named_countries_with_hub: Option<i64>,
    /// How many countries the policy names for hub projects.
    pub named_countries_total: i64,
    /// Countries with a government memorandum of cooperation (null: no data).
    pub mou_countries: Option<i64>,
    /// Government letters of intent (null: no data).
    pub letters_of_intent: Option<i64>,
    /// The nutrition platform's member companies and organisations (null: no count recorded).
    pub platform_members: Option<i64>,
    /// Task-force meetings held up to the as-of date.
    pub meetings_held: i64,
    /// Working groups set up up to the as-of date.
    pub working_groups: i64,
}

/// A key figure's change over the period, counting only what is known to have happened in it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct FigureChange {
    /// `None` when either end has no value.
    pub value: Option<i64>,
    /// Whether the figure now includes statuses the source gives no date for, first recorded in
    /// the period: they are left out of the change.
    pub undated: bool,
}

/// The change of each key figure from `before` to `now`. `dated` is `now`'s hub counts with every
/// undated status first recorded in the period left as it stood before.
pub(super) fn figure_changes(
    now: &Figures,
    before: &Figures,
    dated: &super::hubs::HubCounts,
) -> BTreeMap<&'static str, FigureChange> {
    let plain = |a: Option<i64>, b: Option<i64>| FigureChange {
        value: a.zip(b).map(|(a, b)| a - b),
        undated: false,
    };
    let hubs = |now: Option<i64>, dated: i64, before: Option<i64>| FigureChange {
        value: now.zip(before).map(|(_, before)| dated - before),
        undated: now.is_some_and(|now| now != dated),
    };
    BTreeMap::from([
        (
            "hubs_open",
            hubs(now.hubs_open, dated.open, before.hubs_open),
        ),
        (
            "hubs_planned",
            hubs(now.hubs_planned, dated.planned, before.hubs_planned),
        ),
        (
            "hubs_feasibility",
            hubs(
                now.hubs_feasibility,
                dated.feasibility,
                before.hubs_feasibility,
            ),
        ),
        (
            "named_countries_with_hub",
            hubs(
                now.named_countries_with_hub,
                dated.named_with_open,
                before.named_countries_with_hub,
            ),
        ),
        (
            "mou_countries",
            plain(now.mou_countries, before.mou_countries),
        ),
        (
            "letters_of_intent",
            plain(now.letters_of_intent, before.letters_of_intent),
        ),
        (
            "platform_members",
            plain(now.platform_members, before.platform_members),
        ),
        (
            "meetings_held",
            plain(Some(now.meetings_held), Some(before.meetings_held)),
        ),
        (
            "working_groups",
            plain(Some(now.working_groups), Some(before.working_groups)),
        ),
    ])
}

/// An indicator as a report shows it: the office's own measure, with its value and trend.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IndicatorView {
    /// The indicator's code.
    pub name: String,
    /// Its title, in the report's language.
    pub title: String,
    /// Its unit, in the report's language.
    pub unit: String,
    /// Its value at the as-of date (null: no data).
    pub value: Option<f64>,
    /// Its value at the end of the previous period.
    pub previous: Option<f64>,
    /// The change over the period (null when either value is missing).
    pub change: Option<f64>,
    /// What it measures and why it is not a target, in the report's language.
    pub note: Option<String>,
    /// The metric that computes it (`tenkai sql` can run its SQL).
    pub metric: String,
    /// Where the measure comes from (`tf2018-03 L49-51`).
    pub source: Option<String>,
}

/// How one figure of the report is computed and where it comes from: the section 「数値の出典と
/// 算出方法」 lists them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Method {
    /// The figure's key in `figures`, or the target's or indicator's name.
    pub key: String,
    /// `figure`, `target` or `indicator`.
    pub kind: String,
    /// The figure's title, in the report's language.
    pub title: String,
    /// Its value in the report (null: no data).
    pub value: Option<f64>,
    /// Its unit, in the report's language.
    pub unit: String,
    /// The metric that computes it.
    pub metric: String,
    /// The SQL the metric runs, with `:as_of` and `:known_at` bound.
    pub sql: String,
    /// Where a source states the figure (or sets the target), for a reader.
    pub source: String,
    /// Whether the figure is not known at the date (its value is then null): the SQL counts only
    /// the statuses whose date the record gives, and some that may count are undated.
    pub unknown: bool,
}

/// The key figures, in the order the report shows them, with the metric that computes each.
pub const KEY_FIGURES: &[&str] = &[
    "hubs_open",
    "hubs_planned",
    "hubs_feasibility",
    "named_countries_with_hub",
    "mou_countries",
    "letters_of_intent",
    "meetings_held",
    "working_groups",
    "platform_members",
];

/// The methods of every key figure, target and indicator, each value computed by its metric's SQL
/// at the moment the report shows. A key figure is named as the glossary names it
/// (`figure.<key>`), as everywhere else in a report.
#[allow(clippy::too_many_arguments)]
pub(super) fn methods(
    conn: &Connection,
    at: &AsOf,
    targets: &[TargetView],
    indicators: &[IndicatorView],
    docs: &[store::SourceDocument],
    english: &store::EnglishTexts,
    rows: &BTreeMap<String, store::coverage::FigureRows>,
    (lang, glossary): (Lang, &Glossary),
    metric_values: targets::Values<'_>,
) -> Result<Vec<Method>> {
    // The values at the moment that the targets and indicators already hold are not run again.
    let known = targets
        .iter()
        .map(|t| (t.metric.clone(), t.actual))
        .chain(indicators.iter().map(|i| (i.metric.clone(), i.value)));
    let maker = MethodMaker {
        conn,
        docs,
        english,
        rows,
        lang,
        glossary,
        at: at.date,
        metric_values,
        values: std::cell::RefCell::new(known.collect()),
    };
    let mut out = Vec::new();
    for key in KEY_FIGURES {
        let title = glossary.word(&format!("figure.{key}"), lang);
        out.push(maker.method(key, "figure", key, Some(title), None)?);
    }
    for t in targets {
        let (title, source) = (Some(t.title.clone()), t.source.as_deref());
        out.push(maker.method(&t.name, "target", &t.metric, title, source)?);
    }
    for i in indicators {
        let (title, source) = (Some(i.title.clone()), i.source.as_deref());
        out.push(maker.method(&i.name, "indicator", &i.metric, title, source)?);
    }
    Ok(out)
}

/// What the methods are made from, and the values already computed: a metric the section shows
/// twice (a key figure that a target or an indicator also reads) is run at most once.
struct MethodMaker<'a> {
    conn: &'a Connection,
    /// The date of the values, and how a metric's value at a date is found.
    at: NaiveDate,
    metric_values: targets::Values<'a>,
    docs: &'a [store::SourceDocument],
    english: &'a store::EnglishTexts,
    rows: &'a BTreeMap<String, store::coverage::FigureRows>,
    lang: Lang,
    glossary: &'a Glossary,
    values: std::cell::RefCell<BTreeMap<String, Option<f64>>>,
}

impl MethodMaker<'_> {
    /// A reference for a reader: with one document of the seed (which the report names), its
    /// lines are enough; a document the office registered goes by its title.
    fn describe(&self, r: Option<&str>) -> Option<String> {
        r.map(|r| {
            let r = store::Reference::parse(r, self.docs);
            let registered = |c: &String| self.docs.iter().any(|d| &d.code == c && d.registered());
            let seed = self.docs.iter().filter(|d| !d.registered()).count();
            match r.document.as_ref() {
                Some(c) if seed == 1 && !registered(c) => r.describe_lines(self.lang),
                None if seed == 1 => r.describe_lines(self.lang),
                _ => r.describe(self.docs, self.lang),
            }
        })
    }

    /// The metric's value at the moment, computed once.
    fn value(&self, m: &targets::Metric) -> Result<Option<f64>> {
        if let Some(v) = self.values.borrow().get(&m.name) {
            return Ok(*v);
        }
        let v = (self.metric_values)(m, self.at)?;
        self.values.borrow_mut().insert(m.name.clone(), v);
        Ok(v)
    }

    /// Where the figure comes from: the sentence that sets it (a target's, an indicator's), then
    /// the rows it is made of: the document's lines for those transcribed from it, the user's
    /// reference for those a user added.
    fn source(&self, m: &targets::Metric, source: Option<&str>) -> String {
        let lang = self.lang;
        let made_of = match self.rows.get(&m.name).filter(|r| !r.sources.is_empty()) {
            Some(r) => super::coverage::describe_rows(
                &r.sources,
                self.describe(m.source.as_deref()),
                self.docs,
                self.english,
                lang,
                self.glossary,
            ),
            None => self.describe(m.source.as_deref()),
        };
        // Lines that the rows' lines begin with are named once (「49〜51、138〜275行」).
        let core = |s: &str| {
            let s = s.trim_start_matches("lines ").trim_start_matches("line ");
            s.trim_end_matches('行').to_string()
        };
        [self.describe(source), made_of]
            .into_iter()
            .flatten()
            .reduce(|a, b| {
                let (ca, cb) = (core(&a), core(&b));
                let within = cb.strip_prefix(ca.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with('、') || rest.starts_with(", ")
                });
                if a == b {
                    a
                } else if within {
                    b
                } else {
                    format!("{a}{}{b}", lang.choose("；", "; "))
                }
            })
            .unwrap_or_else(|| self.glossary.word("source.none_recorded", lang))
    }

    fn method(
        &self,
        key: &str,
        kind: &str,
        metric: &str,
        title: Option<String>,
        source: Option<&str>,
    ) -> Result<Method> {
        let m = targets::metric(self.conn, metric)?;
        let lang = self.lang;
        Ok(Method {
            key: key.to_string(),
            kind: kind.to_string(),
            title: title.unwrap_or_else(|| lang.choose(&m.title_ja, &m.title_en).clone()),
            value: self.value(&m)?,
            unit: lang.choose(&m.unit_ja, &m.unit_en).clone(),
            source: self.source(&m, source),
            metric: m.name,
            sql: m.sql,
            unknown: false,
        })
    }
}

/// Marks the methods of the key figures unknown at the date: their value is null, whatever the
/// SQL counts.
pub(super) fn mark_unknown(methods: &mut [Method], figures: &Figures) {
    let shown = serde_json::to_value(figures).unwrap_or_default();
    for m in methods.iter_mut().filter(|m| m.kind == "figure") {
        if shown[&m.key].is_null() && m.value.is_some() {
            m.value = None;
            m.unknown = true;
        }
    }
}

/// Names both sources of a key figure whose value corrects an earlier one: where the earlier
/// value was given, that value, and the correction's source (「336行（56）を事務局報告（…）により訂正」).
pub(super) fn mark_corrected(
    methods: &mut [Method],
    key: &str,
    correction: Option<&super::CorrectionView>,
    lang: Lang,
    glossary: &Glossary,
) {
    let Some(c) = correction else { return };
    for m in methods
        .iter_mut()
        .filter(|m| m.kind == "figure" && m.key == key)
    {
        let (Some(was), Some(by)) = (&c.was_source, &c.source) else {
            continue;
        };
        m.source = glossary
            .word("source.corrected", lang)
            .replace("{was}", was)
            .replace("{old}", &c.was.to_string())
            .replace("{by}", by);
    }
}

/// [`mark_opened_from`] for the planned and the feasibility counts, from the openings users
/// recorded of hubs that had those statuses.
pub(super) fn mark_counts_opened_from(
    conn: &rusqlite::Connection,
    at: &crate::dates::AsOf,
    methods: &mut [Method],
    (docs, english): (&[store::SourceDocument], &store::EnglishTexts),
    lang: Lang,
    glossary: &Glossary,
) -> crate::Result<()> {
    for (key, status) in [
        ("hubs_planned", "planned"),
        ("hubs_feasibility", "feasibility"),
    ] {
        let opened: Vec<String> = store::coverage::opened_from(conn, at, status)?
            .into_iter()
            .filter(|s| super::coverage::is_users(s, docs))
            .collect();
        mark_opened_from(methods, key, &opened, (docs, english), lang, glossary);
    }
    Ok(())
}

/// Names both kinds of source of a hub count that hubs have left by opening: the lines that gave
/// the status, how many they gave, and the users' references that opened the rest (「130、138〜275行
/// （6か所）から、厚生労働省報道発表（…）により開業した3か所を除く」). Only the openings a user
/// recorded are named so; those the document gives are in its lines already.
pub(super) fn mark_opened_from(
    methods: &mut [Method],
    key: &str,
    opened: &[String],
    (docs, english): (&[store::SourceDocument], &store::EnglishTexts),
    lang: Lang,
    glossary: &Glossary,
) {
    if opened.is_empty() {
        return;
    }
    for m in methods
        .iter_mut()
        .filter(|m| m.kind == "figure" && m.key == key)
    {
        let Some(now) = m.value else { continue };
        let by = super::coverage::describe_rows(opened, None, docs, english, lang, glossary);
        let Some(by) = by else { continue };
        m.source = glossary
            .word("source.less_opened", lang)
            .replace("{lines}", &m.source)
            .replace("{was}", &(now as i64 + opened.len() as i64).to_string())
            .replace("{by}", &by)
            .replace("{left}", &opened.len().to_string());
    }
}

/// Every indicator at the date, with its value at the end of the period before.
pub(super) fn indicator_views(
    conn: &Connection,
    at: &AsOf,
    previous_end: chrono::NaiveDate,
    (lang, glossary): (Lang, &Glossary),
    values: targets::Values<'_>,
) -> Result<Vec<IndicatorView>> {
    let statuses = targets::evaluate_indicators_with(conn, at, previous_end, values)?;
    Ok(statuses
        .into_iter()
        .map(|s| IndicatorView {
            // The figure it reads is named as the glossary names it, where it names it.
            title: match glossary.term(&format!("figure.{}", s.indicator.metric)) {
                Ok(t) => t.get(lang).to_string(),
                Err(_) => lang
                    .choose(&s.indicator.title_ja, &s.indicator.title_en)
                    .clone(),
            },
            unit: lang.choose(&s.unit_ja, &s.unit_en).clone(),
            change: s.value.zip(s.previous).map(|(a, b)| a - b),
            value: s.value,
            previous: s.previous,
            note: lang.choose(s.indicator.note_ja, s.indicator.note_en),
            metric: s.indicator.metric,
            source: s.indicator.source,
            name: s.indicator.name,
        })
        .collect())
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TargetView {
    /// The target's code (`hubs_2020`).
    pub name: String,
    /// Its title, in the report's language.
    pub title: String,
    /// Its unit, in the report's language.
    pub unit: String,
    /// The value at the as-of date (null: no data).
    pub actual: Option<f64>,
    /// The value it starts from.
    pub baseline_value: f64,
    /// The day of the baseline (`YYYY-MM-DD`).
    pub baseline_date: String,
    /// The value to reach.
    pub target_value: f64,
    /// The day to reach it by (`YYYY-MM-DD`).
    pub deadline: String,
    /// Where a straight line from the baseline to the target stands at the as-of date.
    pub trajectory: f64,
    /// The share of the way from the baseline to the target (1.0: reached; null: no data).
    pub progress: Option<f64>,
    /// Where the trajectory expects progress to be (0..1).
    pub expected_progress: Option<f64>,
    /// The rating: `achieved`, `green`, `amber_green`, `amber`, `amber_red`, `red` or `no_data`.
    pub rag: Rag,
    /// The forecast in words, in the report's language.
    pub forecast: String,
    /// What the forecast says: `achieved`, `on_trend`, `late`, `not_on_trend` or `insufficient_data`.
    pub forecast_kind: String,
    /// The month the forecast names (met in, expected by), in the report's language: the
    /// glossary's `forecast_sentence.<kind>` fills its `{month}` with it.
    pub forecast_month: Option<String>,
    /// The first day of the month the target was met (`YYYY-MM-DD`), when it was.
    pub achieved_on: Option<String>,
    /// The office's own rating (`tenkai target assess`), if any.
    pub assessed_rating: Option<String>,
    /// The comment with that rating.
    pub assessed_comment: Option<String>,
    /// The source's sentence, and (in English) its translation.
    pub source_ja: String,
    /// The English translation of the source's words (English reports only).
    pub source_translation: Option<String>,
    /// How the sentence is read, in the report's language.
    pub note: Option<String>,
    /// The metric that computes the actual value.
    pub metric: String,
    /// The reference of the sentence (`tf2018-03 L49-51`).
    pub source: Option<String>,
}

/// Every target evaluated at the date, with the staff assessment for the period.
pub(super) fn target_views(
    conn: &Connection,
    at: &AsOf,
    period: &Period,
    (lang, glossary): (Lang, &Glossary),
    values: targets::Values<'_>,
) -> Result<Vec<TargetView>> {
    let statuses = targets::evaluate_all_with(conn, at, Some(period), values)?;
    Ok(statuses
        .into_iter()
        .map(|s| {
            let (kind, month) = forecast_parts(&s.forecast, lang);
            let text = forecast_text(kind, month.as_deref(), lang, glossary);
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
                forecast_kind: kind.to_string(),
                forecast_month: month,
                achieved_on: match s.forecast {
                    Forecast::Achieved { date } => Some(date.to_string()),
                    _ => None,
                },
                assessed_rating: s.assessment.as_ref().map(|a| a.rating.clone()),
                assessed_comment: s.assessment.as_ref().map(|a| a.comment.clone()),
                source_ja: s.target.source_ja.clone(),
                source_translation: match lang {
                    Lang::Ja => None,
                    Lang::En => s.target.source_en.clone(),
                },
                note: lang.choose(s.target.note_ja.clone(), s.target.note_en.clone()),
                metric: s.target.metric.clone(),
                source: s.target.source.clone(),
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
    unknown: &super::hubs::Undetermined,
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
        named_with_open,
    } = hubs;
    let named_total = crate::store::named_country_count(conn)?;
    let count = |status: HubStatus, n: i64| (!unknown.statuses.contains(&status)).then_some(n);
    Ok(Figures {
        hubs_open: count(HubStatus::Opened, open),
        hubs_planned: count(HubStatus::Planned, planned),
        hubs_feasibility: count(HubStatus::Feasibility, feasibility),
        hubs_listed: (!unknown.listed).then_some(listed),
        named_countries_with_hub: (!unknown.named_open).then_some(named_with_open),
        named_countries_total: named_total,
        mou_countries: metric("mou_countries")?,
        letters_of_intent: metric("letters_of_intent")?,
        platform_members: metric("platform_members")?,
        meetings_held: metric("meetings_held")?.unwrap_or(0),
        working_groups: metric("working_groups")?.unwrap_or(0),
    })
}

/// The forecast's kind (`achieved`, `on_trend`, `late`, `not_on_trend`, `insufficient_data`) and
/// the month it names, in the report's language. The month only: the facts a target is met by
/// are known to the month at best (a hub opened in 平成29年2月), and a day would claim more than
/// the record says.
fn forecast_parts(f: &Forecast, lang: Lang) -> (&'static str, Option<String>) {
    let month = |d: &NaiveDate| Some(lang.choose(wareki_month(*d), month_en(*d)));
    match f {
        Forecast::Achieved { date } => ("achieved", month(date)),
        Forecast::OnTrend {
            date,
            by_deadline: true,
        } => ("on_trend", month(date)),
        Forecast::OnTrend { date, .. } => ("late", month(date)),
        Forecast::NotOnTrend => ("not_on_trend", None),
        Forecast::InsufficientData => ("insufficient_data", None),
    }
}

/// The forecast in words: the glossary's `forecast.<kind>`, its `{month}` filled in.
fn forecast_text(kind: &str, month: Option<&str>, lang: Lang, glossary: &Glossary) -> String {
    glossary
        .word(&format!("forecast.{kind}"), lang)
        .replace("{month}", month.unwrap_or(""))
}

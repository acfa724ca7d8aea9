//! The report context: everything a template can show, computed from the store for one period, one
//! language and one moment (`as_of`, `known_at`). `tenkai report context` prints it as JSON.
//!
//! [`Sections`] computes it section by section, each when a template first reads it: [`hubs`] (the hub list, counts and changes),
//! [`progress`] (the figures, targets, indicators and how each figure is computed), [`briefing`]
//! (the briefing's computed sentences), and here the meetings, working groups, platforms and their
//! events, members, narrative, policy documents and sources.

mod agreements;
mod briefing;
mod coverage;
mod hub_list;
mod hubs;
mod others;
mod progress;
mod sections;
mod timeline;

pub use coverage::cited_user_sources;

pub use agreements::{
    titles_without_english, AgreementSinceView, AgreementsSince, CoverageStatement,
};
pub use sections::{reading, Head, Sections, KEYS};

pub use briefing::Briefing;
pub use coverage::CoverageView;
pub use hub_list::Hubs;
pub use hubs::{Changes, CountryCount, HubView, NamedCountry};
pub use others::{AgreementView, EventView, EventsView, PlatformView, PolicyView, ProjectView};
pub use progress::{FigureChange, Figures, IndicatorView, Method, TargetView, KEY_FIGURES};

use super::Definition;
use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::period::Period;
use crate::store;
use crate::wareki;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

/// The context of one report rendering.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReportContext {
    /// The report's definition as the template sees it: name, title, subject, author.
    pub report: ReportInfo,
    /// The report's language: `ja` or `en`.
    pub lang: Lang,
    /// The period the report covers, with its labels.
    pub period: PeriodInfo,
    /// The date the figures are taken at (default: the period's last day).
    pub as_of: String,
    /// What was known at this time (UTC).
    pub known_at: String,
    /// The same moment in Tokyo time, as running text gives it: `平成30年4月10日9時`,
    /// `10 April 2018, 09:00 JST`.
    pub known_at_local: String,
    /// The key figures at the as-of date, from the record as it stood at `known_at`.
    pub figures: Figures,
    /// The same figures at the end of the previous period.
    pub previous: Figures,
    /// Each key figure's "as stated on" day, when it is before the date: a figure carried forward
    /// shows it (「56（平成30年3月31日時点）」).
    pub stated_on: Stated,
    /// How far the record of each series runs (`hubs`, `meetings`, `working_groups`, `members`,
    /// `agreements`): past it a report says "none recorded", never "none".
    pub coverage: std::collections::BTreeMap<String, CoverageView>,
    /// The references users gave (`--source`) that the key figures draw on, each once.
    pub other_sources: Vec<String>,
    /// Each key figure's change over the period, counting only what is known to have happened in it.
    pub change: std::collections::BTreeMap<&'static str, FigureChange>,
    /// The targets a source sets, rated.
    pub targets: Vec<TargetView>,
    /// The office's own measures, not rated.
    pub indicators: Vec<IndicatorView>,
    /// Every hub the annex lists, in its order (by country, then code).
    pub hubs: Hubs,
    /// The hubs of each country by status, most first.
    pub hubs_by_country: Vec<CountryCount>,
    /// The hubs whose status changed in the period, by their new status.
    pub changes: Changes,
    /// The task-force meetings held in the period, in order.
    pub meetings: Vec<MeetingView>,
    /// The working groups set up in the period.
    pub working_groups_set_up: Vec<WgView>,
    /// What the working groups did in the period.
    pub wg_events: Vec<WgEventView>,
    /// The nutrition platform's member counts recorded up to the as-of date, oldest first.
    pub members: Vec<MemberPoint>,
    /// The office's own text for the period (`tenkai narrative set`), in the report's language.
    pub narrative: Narrative,
    /// The policy documents adopted up to the as-of date.
    pub policy_documents: Vec<PolicyView>,
    /// The countries the policy names for hub projects, with their open hubs.
    pub named_countries: Vec<NamedCountry>,
    /// The platforms' events known to fall in the period; those whose date may fall in it (the
    /// source gives only the year, say); and milestones after the date.
    pub platform_events: EventsView,
    /// The government agreements the record names, in force by the as-of date, oldest first.
    pub agreements: Vec<AgreementView>,
    /// Projects the source names beside the hubs, not counted among them.
    pub other_projects: Vec<ProjectView>,
    /// How every figure is computed and where it comes from.
    pub methods: Vec<Method>,
    /// The source documents, in the report's language.
    pub sources: Vec<SourceView>,
    /// The platforms, with when each started.
    pub platforms: Vec<PlatformView>,
    /// The briefing's computed sentences.
    pub briefing: Briefing,
    /// The names of bodies from the glossary, with where each English name comes from.
    pub names: Vec<NameView>,
    /// The MOU partner count as its source states it, and the named agreements recorded after it.
    pub agreements_since: AgreementsSince,
    /// How far the office states each record complete, with its source.
    pub stated_coverage: Vec<CoverageStatement>,
}

/// Each key figure's "as stated on" date in the report's language (`平成30年3月31日`), by key,
/// when it is before the date of its column; null otherwise.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Stated {
    /// At the as-of date.
    pub now: std::collections::BTreeMap<String, Option<String>>,
    /// At the end of the previous period.
    pub previous: std::collections::BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NameView {
    /// The glossary key (`name.nutrition_platform`).
    pub key: String,
    /// The name in Japanese.
    pub ja: String,
    /// The name in English.
    pub en: String,
    /// `official`, `source` or `translation`.
    pub origin: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SourceView {
    /// The document's code (`tf2018-03`), as references to it begin.
    pub code: String,
    /// Its title, in the report's language.
    pub title: String,
    /// The date the document's figures are as of.
    pub as_of: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReportInfo {
    /// The report's name: its definition's file name (`quarterly`).
    pub name: String,
    /// The title in the report's language.
    pub title: String,
    /// The title in Japanese.
    pub title_ja: String,
    /// The title in English.
    pub title_en: String,
    /// The subject (the PDF's and the cover's line above the title), in the report's language.
    pub subject: String,
    /// The author, in the report's language.
    pub author: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PeriodInfo {
    /// The period as written on the command line (`FY2017Q4`).
    pub code: String,
    /// Its label in the report's language: 和暦 in Japanese (平成29年度第4四半期（平成30年1月〜3月）).
    pub label: String,
    /// Its label in Japanese with Western years (2017年度第4四半期).
    pub label_ja: String,
    /// Its label in English (FY2017 Q4 (Jan–Mar 2018)).
    pub label_en: String,
    /// Its first day (`YYYY-MM-DD`).
    pub start: String,
    /// Its last day (`YYYY-MM-DD`).
    pub end: String,
    /// Its months in 和暦 (平成30年1月〜3月).
    pub wareki_range: String,
    /// The period before it (`FY2017Q3`).
    pub previous: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeetingView {
    /// The meeting's number (第13回).
    pub number: i64,
    /// The day it was held (`YYYY-MM-DD`).
    pub date: String,
    /// Whether it was held by circulating papers rather than in person (持ち回り).
    pub by_circulation: bool,
    /// Its agenda items, in the report's language.
    pub agenda: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WgView {
    /// The working group's code.
    pub code: String,
    /// Its name, in the report's language.
    pub name: String,
    /// The day it was set up (`YYYY-MM-DD`).
    pub set_up_on: String,
    /// The task-force meeting that set it up, if the record says.
    pub set_up_by_meeting: Option<i64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WgEventView {
    /// The day (`YYYY-MM-DD`), the first of the month or year where the source gives no more.
    pub date: String,
    /// How much of the date the source gives: `day`, `month`, `year` or `fiscal_year`.
    pub precision: String,
    /// The working group's name, in the report's language.
    pub working_group: String,
    /// The kind of event, as recorded (`wg_events.kind`).
    pub kind: String,
    /// What happened, in the report's language.
    pub description: String,
    /// The task-force meeting it was reported to, if any.
    pub meeting_number: Option<i64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MemberPoint {
    /// The day the count is as of (`YYYY-MM-DD`).
    pub date: String,
    /// The date as a chart's axis shows it: `平成30年3月`, `Mar 2018`.
    pub label: String,
    /// The number of member companies and organisations.
    pub members: i64,
    /// The earlier value this count corrects, when a later row for its date changed it.
    pub correction: Option<CorrectionView>,
}

/// A count that corrects an earlier one for the same date: what the earlier row said and where,
/// and the correction's source, note and day recorded (in Japan), for a note beside the value.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CorrectionView {
    /// The value corrected (56).
    pub was: i64,
    /// Where the corrected value was stated: the document's lines (`336行`, `line 336`) or the
    /// user's reference as written.
    pub was_source: Option<String>,
    /// Whether `was_source` is lines of a source document (「資料（336行）」) rather than a user's
    /// reference.
    pub was_document: bool,
    /// The correction's own source in the report's language (in an English report, its English,
    /// or the Japanese marked as such).
    pub source: Option<String>,
    /// The correction's note, likewise.
    pub note: Option<String>,
    /// The day the correction was recorded, in Japan, in the report's language.
    pub recorded: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct Narrative {
    /// The summary that replaces the computed one (null: none recorded).
    pub summary: Option<String>,
    /// Key events of the period (null: none recorded).
    pub key_events: Option<String>,
    /// Issues and risks in the office's words (null: none recorded).
    pub issues: Option<String>,
    /// The briefing's headline, replacing the computed one (null: none recorded).
    pub headline: Option<String>,
    /// The briefing's key points, replacing the computed ones (null: none recorded).
    pub key_points: Option<String>,
    /// The briefing's lines to take (null: none recorded).
    pub lines_to_take: Option<String>,
}

/// `平成30年3月31日`; `2020年12月31日` in a text written before its era began (see
/// [`wareki::written_on`]).
pub fn wareki_date(d: NaiveDate) -> String {
    match wareki::to_wareki(d) {
        Ok(w) if wareki::era_known(d) => w.to_ja(),
        Ok(_) => d.format("%Y年%-m月%-d日").to_string(),
        Err(_) => d.to_string(),
    }
}
/// `平成30年3月`; `2020年12月` in a text written before its era began.
pub fn wareki_month(d: NaiveDate) -> String {
    match wareki::to_wareki(d) {
        Ok(w) if wareki::era_known(d) => w.to_ja_month(),
        Ok(_) => d.format("%Y年%-m月").to_string(),
        Err(_) => d.format("%Y-%m").to_string(),
    }
}
/// `31 March 2018`
pub fn date_en(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}
/// `March 2018`
pub fn month_en(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

/// A stored date as precisely as its source gives it, in a language: `平成30年3月`, `March 2018`;
/// `平成29年度`, `FY2017`; and for a date the source does not give, the latest date by which the
/// fact held, as a status as at it (not a deadline): `平成30年3月末（現在）`, `as of end of March 2018`.
pub fn when(d: NaiveDate, precision: Option<&str>, lang: Lang) -> String {
    use crate::i18n::glossary::word_in_use;
    use chrono::Datelike;
    let ja = lang == Lang::Ja;
    match precision {
        Some("month") if ja => wareki_month(d),
        Some("month") => month_en(d),
        // A year in which the era changed names both eras (wareki::year_ja).
        Some("year") if ja => {
            wareki::year_ja(d.year()).unwrap_or_else(|_| format!("{}年", d.year()))
        }
        Some("from_fiscal_year") => word_in_use("date.or_later", lang)
            .replace("{date}", &when(d, Some("fiscal_year"), lang)),
        Some("year") => d.year().to_string(),
        Some("fiscal_year") => {
            let fy = if d.month() >= 4 {
                d.year()
            } else {
                d.year() - 1
            };
            let start = NaiveDate::from_ymd_opt(fy, 4, 1).unwrap_or(d);
            match (
                ja,
                wareki::to_wareki(start)
                    .ok()
                    .filter(|_| wareki::era_known(start))
                    .ok_or(()),
            ) {
                (true, Ok(w)) => format!("{}{}年度", w.era.name, wareki::year_text(w.year)),
                (true, Err(_)) => format!("{fy}年度"),
                (false, _) => format!("FY{fy}"),
            }
        }
        Some("unknown") => {
            let month_end = d.succ_opt().is_none_or(|n| n.month() != d.month());
            let (key, date) = match (ja, month_end) {
                (true, true) => ("date.as_at_month_end", wareki_month(d)),
                (true, false) => ("date.as_at", wareki_date(d)),
                (false, true) => ("date.as_at_month_end", month_en(d)),
                (false, false) => ("date.as_at", date_en(d)),
            };
            word_in_use(key, lang).replace("{date}", &date)
        }
        _ if ja => wareki_date(d),
        _ => date_en(d),
    }
}

/// A moment in Tokyo time, as running text gives it: `令和8年12月2日10時5分` (`10時` on the hour),
/// `2 December 2026, 10:05 JST`.
pub fn moment(t: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    use crate::i18n::glossary::word_in_use;
    use chrono::Timelike;
    let local = t.with_timezone(&crate::dates::TOKYO);
    let date = match lang {
        Lang::Ja => wareki_date(local.date_naive()),
        Lang::En => date_en(local.date_naive()),
    };
    let term = if local.minute() == 0 {
        "moment.on_the_hour"
    } else {
        "date.moment"
    };
    word_in_use(term, lang)
        .replace("{date}", &date)
        .replace("{hour}", &local.hour().to_string())
        .replace("{minute}", &local.minute().to_string())
        .replace("{time}", &local.format("%H:%M").to_string())
}

/// Builds the context of a report for a period: every section (a template reads them on demand
/// from [`Sections`]).
pub fn build(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    at: &AsOf,
    lang: Lang,
) -> Result<ReportContext> {
    Sections::new(def, period, at, lang).context(conn)
}

fn report_info(def: &Definition, lang: Lang) -> ReportInfo {
    ReportInfo {
        name: def.name.clone(),
        title: def.title(lang).to_string(),
        title_ja: def.title_ja.clone(),
        title_en: def.title_en.clone(),
        subject: def.subject(lang).to_string(),
        author: def.author(lang).to_string(),
    }
}

fn period_info(period: &Period, lang: Lang) -> PeriodInfo {
    PeriodInfo {
        code: period.to_string(),
        label: match lang {
            Lang::Ja => period.label_wareki(),
            Lang::En => period.label_en(),
        },
        label_ja: period.label_ja(),
        label_en: period.label_en(),
        start: period.start().to_string(),
        end: period.end().to_string(),
        wareki_range: period.wareki_range(),
        previous: period.previous().to_string(),
    }
}

/// The meetings held from `start` to the date.
fn meetings(
    conn: &Connection,
    at: &AsOf,
    start: NaiveDate,
    lang: Lang,
) -> Result<Vec<MeetingView>> {
    Ok(store::meetings(conn, at, Some(start))?
        .into_iter()
        .map(|m| MeetingView {
            number: m.number,
            date: m.held_on,
            by_circulation: m.by_circulation,
            agenda: lang.choose(m.agenda_ja, m.agenda_en),
        })
        .collect())
}

/// The working groups set up from `start` to the date.
fn working_groups(
    conn: &Connection,
    at: &AsOf,
    start: NaiveDate,
    lang: Lang,
) -> Result<Vec<WgView>> {
    Ok(store::working_groups(conn, at, Some(start))?
        .into_iter()
        .map(|w| WgView {
            name: lang.pick(&w.name_ja, w.name_en.as_deref()).to_string(),
            code: w.code,
            set_up_on: w.set_up_on,
            set_up_by_meeting: w.set_up_by_meeting,
        })
        .collect())
}

/// The working groups' events from `start` to the date.
fn wg_events(
    conn: &Connection,
    at: &AsOf,
    start: NaiveDate,
    lang: Lang,
) -> Result<Vec<WgEventView>> {
    Ok(store::wg_events(conn, at, Some(start))?
        .into_iter()
        .map(|e| WgEventView {
            date: e.event_date,
            precision: e.date_precision,
            working_group: lang
                .pick(&e.wg_name_ja, e.wg_name_en.as_deref())
                .to_string(),
            kind: e.kind,
            description: lang
                .pick(&e.description_ja, e.description_en.as_deref())
                .to_string(),
            meeting_number: e.meeting_number,
        })
        .collect())
}

/// The nutrition platform's member counts up to the date, each with the earlier value it
/// corrects.
fn members(
    conn: &Connection,
    at: &AsOf,
    (docs, english): (&[store::SourceDocument], &store::EnglishTexts),
    lang: Lang,
    glossary: &crate::i18n::glossary::Glossary,
) -> Result<Vec<MemberPoint>> {
    let in_japanese = glossary.word("source.in_japanese", lang);
    let corrections = store::member_corrections(conn, "nutrition", at)?;
    store::member_series(conn, "nutrition", at)?
        .into_iter()
        .map(|m| {
            let d = parse_stored(&m.effective_date)?;
            let correction = corrections
                .iter()
                .find(|c| c.effective_date == m.effective_date && c.members == m.members)
                .map(|c| correction_view(c, (docs, english, &in_japanese), lang))
                .transpose()?;
            Ok(MemberPoint {
                label: match lang {
                    Lang::Ja => wareki_month(d),
                    Lang::En => d.format("%b %Y").to_string(),
                },
                date: m.effective_date,
                members: m.members,
                correction,
            })
        })
        .collect()
}

/// `in_japanese`: the glossary's form for an office's text that has no English yet.
fn correction_view(
    c: &store::MemberCorrection,
    (docs, english, in_japanese): (&[store::SourceDocument], &store::EnglishTexts, &str),
    lang: Lang,
) -> Result<CorrectionView> {
    let recorded = chrono::DateTime::parse_from_rfc3339(&c.recorded_at)
        .map_err(|e| crate::Error::Invalid(format!("a stored moment '{}': {e}", c.recorded_at)))?
        .with_timezone(&crate::dates::TOKYO)
        .date_naive();
    let reference = c
        .was_source
        .as_deref()
        .map(|s| store::Reference::parse(s, docs));
    let was_document = reference.as_ref().is_some_and(|r| r.document.is_some());
    let was_source = match (&reference, was_document) {
        (Some(r), true) if docs.len() == 1 => Some(r.describe_lines(lang)),
        // A registered document by its title, a user's reference in its English, else marked
        // as Japanese.
        _ => c
            .was_source
            .as_deref()
            .map(|s| english.reference(s, docs, lang, in_japanese)),
    };
    Ok(CorrectionView {
        was: c.was,
        was_source,
        was_document,
        source: c
            .source
            .as_deref()
            .map(|s| english.reference(s, docs, lang, in_japanese)),
        note: c
            .note
            .as_deref()
            .map(|n| english.text(n, lang, in_japanese)),
        recorded: when(recorded, Some("day"), lang),
    })
}

pub(super) fn parse_stored(d: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map_err(|e| crate::Error::Invalid(format!("a stored date '{d}' is not YYYY-MM-DD: {e}")))
}

/// The hubs as they stand at the date and at the end of the previous period: what the figures,
/// the hub list and the changes are counted from.
struct Base {
    hubs: Hubs,
    changes: Changes,
    current: hubs::HubCounts,
    previous: hubs::HubCounts,
    dated: hubs::HubCounts,
    unknown: hubs::Undetermined,
    unknown_before: hubs::Undetermined,
    /// Every hub's status history, to count the built-in hub metrics at any date.
    timeline: timeline::Timeline,
}

/// The hubs at the date and at the end of the previous period, and their counts, from one pass
/// over the hubs and their status histories: each hub is kept only as the report shows it.
fn base(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    at: &AsOf,
    prev_at: &AsOf,
    lang: Lang,
) -> Result<Base> {
    let mut views = Vec::new();
    let mut words = hubs::Words::new(&def.glossary, lang);
    let mut previous = hubs::Counter::default();
    let (mut unknown, mut unknown_before) = Default::default();
    let mut timeline = timeline::Timeline::default();
    store::each_hub(conn, at, prev_at.date, |r| {
        let h = &r.hub;
        timeline.add(&h.country_iso, h.named_country, r.history);
        let spans = hubs::spans(r.history);
        hubs::Undetermined::add(&mut unknown, &spans, h.named_country, at.date);
        hubs::Undetermined::add(&mut unknown_before, &spans, h.named_country, prev_at.date);
        previous.add(r.before, &h.country_iso, h.named_country);
        if !r.kind_known {
            return Ok(());
        }
        // Its former name, where its name in the report's language at the period's start is
        // not its name now.
        let now = lang.pick(&h.name_ja, h.name_en.as_deref());
        let former = r
            .names_before
            .as_ref()
            .map(|(ja, en)| lang.pick(ja, en.as_deref()))
            .filter(|then| *then != now)
            .map(str::to_string);
        if let Some(mut v) = hubs::hub_view(r.hub, &mut words) {
            (v.before, v.former) = (r.before, former);
            views.push(v);
        }
        Ok(())
    })?;
    hubs::number_namesakes(&mut views, lang);
    let current = hubs::hub_counts(
        views
            .iter()
            .map(|v| (Some(v.status), v.country_iso.as_str(), v.named_country)),
    );
    let changes = hubs::changes(&views, period.start(), at.date);
    // The hubs as they stood now, but with an undated status first recorded in the period taken
    // as it stood before: the change counts only what is known to have happened in the period.
    let undated: std::collections::HashSet<&str> =
        changes.undated.iter().map(|h| h.code.as_str()).collect();
    let dated = hubs::hub_counts(views.iter().map(|v| {
        let status = if undated.contains(v.code.as_str()) {
            v.before
        } else {
            Some(v.status)
        };
        (status, v.country_iso.as_str(), v.named_country)
    }));
    hubs::annex_order(&mut views, lang, &store::country_sort_keys(conn)?);
    Ok(Base {
        hubs: Hubs::new(views),
        changes,
        current,
        previous: previous.counts(),
        dated,
        unknown,
        unknown_before,
        timeline,
    })
}

/// The office's own text for the period, in the report's language.
fn narrative(conn: &Connection, period: &Period, lang: Lang, known: &str) -> Result<Narrative> {
    let text = |section: &str| crate::targets::narrative(conn, period, section, lang, known);
    Ok(Narrative {
        summary: text("summary")?,
        key_events: text("key_events")?,
        issues: text("issues")?,
        headline: text("headline")?,
        key_points: text("key_points")?,
        lines_to_take: text("lines_to_take")?,
    })
}

/// The documents of the seed, which the figures' methods cite by their lines, in the report's
/// language. (A document the office registered is listed with the other sources once a row
/// cites it.)
fn sources(docs: &[store::SourceDocument], lang: Lang) -> Vec<SourceView> {
    docs.iter()
        .filter(|d| !d.registered())
        .map(|d| SourceView {
            title: lang.choose(d.title_ja.clone(), d.title_en.clone()),
            code: d.code.clone(),
            as_of: d.as_of.clone(),
        })
        .collect()
}

/// The names of bodies from the definition's glossary.
fn names(def: &Definition) -> Vec<NameView> {
    def.glossary
        .terms()
        .iter()
        .filter_map(|(k, t)| {
            Some(NameView {
                key: k.strip_prefix("name.")?.to_string(),
                ja: t.ja.clone(),
                en: t.en.clone(),
                origin: t.origin.clone().unwrap_or_else(|| "translation".into()),
            })
        })
        .collect()
}

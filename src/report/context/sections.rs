//! The context's sections, each computed when it is first read and kept after.
//!
//! A template sees the context as one minijinja object ([`Sections`]): reading `figures` computes
//! the figures (and the hub list they count) and nothing else, so a report pays only for the
//! sections its template shows. Each section is a plain function of the inputs and of the sections
//! it is written from; [`Sections::context`] computes them all, for `report context`, the schema,
//! the errata and the workbook.

use super::{
    agreements, base, briefing, coverage, hubs, meetings, members, names, narrative, others,
    period_info, progress, report_info, sources, wg_events, working_groups, AgreementView,
    AgreementsSince, Base, Briefing, CountryCount, CoverageStatement, CoverageView, EventsView,
    FigureChange, Figures, Hubs, IndicatorView, MeetingView, MemberPoint, Method, NamedCountry,
    Narrative, PeriodInfo, PlatformView, PolicyView, ProjectView, ReportContext, ReportInfo,
    SourceView, Stated, TargetView, WgEventView, WgView,
};
use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::period::Period;
use crate::report::Definition;
use crate::store::{self, coverage::FigureRows, SourceDocument};
use crate::{Error, Result};
use minijinja::value::{Enumerator, Object, Serde, Value};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

mod values;

// The connection a render reads the sections from: the one its `query()` calls read, in the same
// transaction. Set by [`reading`] for the length of the render.
scoped_tls::scoped_thread_local!(static CONN: Connection);

/// Runs `f` (a template's render) with the sections read from `conn`.
pub fn reading<R>(conn: &Connection, f: impl FnOnce() -> R) -> R {
    CONN.set(conn, f)
}

/// The context's names, in the order `report context` prints them.
pub const KEYS: &[&str] = &[
    "report",
    "lang",
    "period",
    "as_of",
    "known_at",
    "known_at_local",
    "figures",
    "previous",
    "stated_on",
    "coverage",
    "other_sources",
    "change",
    "targets",
    "indicators",
    "hubs",
    "hubs_by_country",
    "changes",
    "meetings",
    "working_groups_set_up",
    "wg_events",
    "members",
    "narrative",
    "policy_documents",
    "named_countries",
    "platform_events",
    "agreements",
    "other_projects",
    "methods",
    "sources",
    "platforms",
    "briefing",
    "names",
    "agreements_since",
    "stated_coverage",
];

/// What every format needs, computed at once: the titles, the labels and the moment.
#[derive(Debug, Clone)]
pub struct Head {
    pub report: ReportInfo,
    pub lang: Lang,
    pub period: PeriodInfo,
    /// What was known at this time (UTC).
    pub known_at: String,
}

/// The context of one report, its sections computed on demand (see the module's documentation).
pub struct Sections {
    def: Definition,
    period: Period,
    at: AsOf,
    prev_at: AsOf,
    /// The moment the sources are named as known at: the report's known-at, unless set by
    /// [`Sections::worded_at`].
    wording: String,
    head: Head,
    base: OnceLock<Base>,
    docs: OnceLock<Vec<SourceDocument>>,
    english: OnceLock<store::EnglishTexts>,
    rows: OnceLock<BTreeMap<String, FigureRows>>,
    figures: OnceLock<Figures>,
    previous: OnceLock<Figures>,
    stated_on: OnceLock<Stated>,
    coverage: OnceLock<BTreeMap<String, CoverageView>>,
    other_sources: OnceLock<Vec<String>>,
    change: OnceLock<BTreeMap<&'static str, FigureChange>>,
    targets: OnceLock<Vec<TargetView>>,
    indicators: OnceLock<Vec<IndicatorView>>,
    hubs_by_country: OnceLock<Vec<CountryCount>>,
    meetings: OnceLock<Vec<MeetingView>>,
    meetings_ahead: OnceLock<Vec<MeetingView>>,
    working_groups_set_up: OnceLock<Vec<WgView>>,
    wg_events: OnceLock<Vec<WgEventView>>,
    members: OnceLock<Vec<MemberPoint>>,
    narrative: OnceLock<Narrative>,
    policy_documents: OnceLock<Vec<PolicyView>>,
    named_countries: OnceLock<Vec<NamedCountry>>,
    platform_events: OnceLock<EventsView>,
    agreements: OnceLock<Vec<AgreementView>>,
    other_projects: OnceLock<Vec<ProjectView>>,
    methods: OnceLock<Vec<Method>>,
    platforms: OnceLock<Vec<PlatformView>>,
    briefing: OnceLock<Briefing>,
    agreements_since: OnceLock<AgreementsSince>,
    stated_coverage: OnceLock<Vec<CoverageStatement>>,
    /// The sections a template read, as template values, by name.
    values: Mutex<HashMap<&'static str, Value>>,
    /// The first section that failed while a template read it: the render's error.
    failure: Mutex<Option<Error>>,
}

impl std::fmt::Debug for Sections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sections")
            .field("report", &self.def.name)
            .field("period", &self.head.period.code)
            .field("lang", &self.head.lang)
            .finish_non_exhaustive()
    }
}

/// The value in `cell`, made by `make` the first time.
fn once<T>(cell: &OnceLock<T>, make: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = make()?;
    Ok(cell.get_or_init(|| v))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sections {
    /// The context of a report for a period, nothing read yet.
    pub fn new(def: &Definition, period: &Period, at: &AsOf, lang: Lang) -> Sections {
        let head = Head {
            report: report_info(def, lang),
            lang,
            period: period_info(period, lang),
            known_at: at.known_at_str(),
        };
        Sections {
            def: def.clone(),
            period: *period,
            at: *at,
            prev_at: AsOf::new(period.previous().end().min(at.date), at.known_at),
            wording: at.known_at_str(),
            head,
            base: OnceLock::new(),
            docs: OnceLock::new(),
            english: OnceLock::new(),
            rows: OnceLock::new(),
            figures: OnceLock::new(),
            previous: OnceLock::new(),
            stated_on: OnceLock::new(),
            coverage: OnceLock::new(),
            other_sources: OnceLock::new(),
            change: OnceLock::new(),
            targets: OnceLock::new(),
            indicators: OnceLock::new(),
            hubs_by_country: OnceLock::new(),
            meetings: OnceLock::new(),
            meetings_ahead: OnceLock::new(),
            working_groups_set_up: OnceLock::new(),
            wg_events: OnceLock::new(),
            members: OnceLock::new(),
            narrative: OnceLock::new(),
            policy_documents: OnceLock::new(),
            named_countries: OnceLock::new(),
            platform_events: OnceLock::new(),
            agreements: OnceLock::new(),
            other_projects: OnceLock::new(),
            methods: OnceLock::new(),
            platforms: OnceLock::new(),
            briefing: OnceLock::new(),
            agreements_since: OnceLock::new(),
            stated_coverage: OnceLock::new(),
            values: Mutex::new(HashMap::new()),
            failure: Mutex::new(None),
        }
    }

    /// The titles, labels and moments.
    pub fn head(&self) -> &Head {
        &self.head
    }

    fn lang(&self) -> Lang {
        self.head.lang
    }

    /// The names of the sections computed so far (the head aside), in [`KEYS`] order.
    pub fn computed(&self) -> Vec<&'static str> {
        let cells: [(&'static str, bool); 28] = [
            ("figures", self.figures.get().is_some()),
            ("previous", self.previous.get().is_some()),
            ("stated_on", self.stated_on.get().is_some()),
            ("coverage", self.coverage.get().is_some()),
            ("other_sources", self.other_sources.get().is_some()),
            ("change", self.change.get().is_some()),
            ("targets", self.targets.get().is_some()),
            ("indicators", self.indicators.get().is_some()),
            ("hubs", self.base.get().is_some()),
            ("hubs_by_country", self.hubs_by_country.get().is_some()),
            ("meetings", self.meetings.get().is_some()),
            (
                "working_groups_set_up",
                self.working_groups_set_up.get().is_some(),
            ),
            ("wg_events", self.wg_events.get().is_some()),
            ("members", self.members.get().is_some()),
            ("narrative", self.narrative.get().is_some()),
            ("policy_documents", self.policy_documents.get().is_some()),
            ("named_countries", self.named_countries.get().is_some()),
            ("platform_events", self.platform_events.get().is_some()),
            ("agreements", self.agreements.get().is_some()),
            ("other_projects", self.other_projects.get().is_some()),
            ("methods", self.methods.get().is_some()),
            ("sources", self.docs.get().is_some()),
            ("platforms", self.platforms.get().is_some()),
            ("briefing", self.briefing.get().is_some()),
            ("agreements_since", self.agreements_since.get().is_some()),
            ("stated_coverage", self.stated_coverage.get().is_some()),
            ("meetings_ahead", self.meetings_ahead.get().is_some()),
            ("figure_rows", self.rows.get().is_some()),
        ];
        cells.iter().filter(|(_, c)| *c).map(|(k, _)| *k).collect()
    }

    fn base(&self, c: &Connection) -> Result<&Base> {
        once(&self.base, || {
            base(
                c,
                &self.def,
                &self.period,
                &self.at,
                &self.prev_at,
                self.lang(),
            )
        })
    }

    /// The source documents as registered at the wording's moment (see [`Sections::worded_at`]).
    fn docs(&self, c: &Connection) -> Result<&[SourceDocument]> {
        once(&self.docs, || store::source_documents_at(c, &self.wording)).map(Vec::as_slice)
    }

    /// The English of the office's texts as known at the wording's moment.
    fn english(&self, c: &Connection) -> Result<&store::EnglishTexts> {
        once(&self.english, || {
            store::EnglishTexts::load(c, &self.wording)
        })
    }

    /// Names the sources (the registered documents, the English of the office's texts) as known
    /// at `known` rather than at the report's moment: `report errata` words both sides as known
    /// now, so that a document registered or an English revised since the send is a change of
    /// wording, not a difference to correct.
    pub fn worded_at(mut self, known: chrono::DateTime<chrono::Utc>) -> Sections {
        self.wording = crate::dates::ts(known);
        self
    }

    fn rows(&self, c: &Connection) -> Result<&BTreeMap<String, FigureRows>> {
        once(&self.rows, || {
            let facts = hubs::facts(self.base(c)?.hubs.as_slice());
            coverage::figure_rows(c, &self.at, &facts)
        })
    }

    pub fn figures(&self, c: &Connection) -> Result<&Figures> {
        once(&self.figures, || {
            let b = self.base(c)?;
            progress::figures(c, &self.at, b.current.clone(), &b.unknown)
        })
    }

    pub fn previous(&self, c: &Connection) -> Result<&Figures> {
        once(&self.previous, || {
            let b = self.base(c)?;
            progress::figures(c, &self.prev_at, b.previous.clone(), &b.unknown_before)
        })
    }

    fn change(&self, c: &Connection) -> Result<&BTreeMap<&'static str, FigureChange>> {
        once(&self.change, || {
            let dated = &self.base(c)?.dated;
            Ok(progress::figure_changes(
                self.figures(c)?,
                self.previous(c)?,
                dated,
            ))
        })
    }

    /// A metric's value at a date as known at the report's moment: a built-in hub count from the
    /// hubs as read once for the report, any other metric by its SQL.
    fn metric_value(
        &self,
        c: &Connection,
        m: &crate::targets::Metric,
        date: chrono::NaiveDate,
    ) -> Result<Option<f64>> {
        match self.base(c)?.timeline.value(m, date) {
            Some(v) => Ok(v),
            None => crate::targets::metric_value(c, &m.sql, date, &self.head.known_at),
        }
    }

    pub fn targets(&self, c: &Connection) -> Result<&[TargetView]> {
        once(&self.targets, || {
            let words = (self.lang(), &*self.def.glossary);
            let values = |m: &_, d| self.metric_value(c, m, d);
            progress::target_views(c, &self.at, &self.period, words, &values)
        })
        .map(Vec::as_slice)
    }

    pub fn indicators(&self, c: &Connection) -> Result<&[IndicatorView]> {
        once(&self.indicators, || {
            let words = (self.lang(), &*self.def.glossary);
            let values = |m: &_, d| self.metric_value(c, m, d);
            progress::indicator_views(c, &self.at, self.prev_at.date, words, &values)
        })
        .map(Vec::as_slice)
    }

    fn coverage(&self, c: &Connection) -> Result<&BTreeMap<String, CoverageView>> {
        once(&self.coverage, || {
            coverage::coverage(c, &self.at, self.docs(c)?, self.lang())
        })
    }

    fn stated_on(&self, c: &Connection) -> Result<&Stated> {
        once(&self.stated_on, || {
            let (cov, lang, docs) = (self.coverage(c)?, self.lang(), self.docs(c)?);
            let before = coverage::stated_rows(c, &self.prev_at)?;
            Ok(Stated {
                now: coverage::stated_on(self.rows(c)?, cov, docs, self.at.date, lang),
                previous: coverage::stated_on(&before, cov, docs, self.prev_at.date, lang),
            })
        })
    }

    fn other_sources(&self, c: &Connection) -> Result<&[String]> {
        once(&self.other_sources, || {
            // The figures' rows, then the agreements listed beside the count they are not in,
            // then the rows of the counts shown for the period before (a corrected count there).
            let since = agreements::since_sources(c, &self.at)?;
            let before = coverage::stated_rows(c, &self.prev_at)?;
            let also = since.iter().chain(before.values().flat_map(|r| &r.sources));
            let docs = self.docs(c)?;
            let (english, glossary) = (self.english(c)?, &self.def.glossary);
            let cited = coverage::user_sources(self.rows(c)?, also, docs);
            Ok(coverage::cite_all(
                &cited,
                docs,
                english,
                self.lang(),
                glossary,
            ))
        })
        .map(Vec::as_slice)
    }

    fn methods(&self, c: &Connection) -> Result<&[Method]> {
        once(&self.methods, || {
            let (targets, indicators) = (self.targets(c)?, self.indicators(c)?);
            let (docs, rows, english) = (self.docs(c)?, self.rows(c)?, self.english(c)?);
            let lang = self.lang();
            let glossary = &self.def.glossary;
            let values = |m: &_, d| self.metric_value(c, m, d);
            let mut methods = progress::methods(
                c,
                &self.at,
                targets,
                indicators,
                docs,
                english,
                rows,
                (lang, glossary),
                &values,
            )?;
            progress::mark_unknown(&mut methods, self.figures(c)?);
            // The member count shown is the latest, and may correct the source's.
            let latest = self.members(c)?.last().filter(|p| {
                self.figures(c)
                    .is_ok_and(|f| f.platform_members == Some(p.members))
            });
            let correction = latest.and_then(|p| p.correction.as_ref());
            progress::mark_corrected(&mut methods, "platform_members", correction, lang, glossary);
            let sources = (docs, english);
            progress::mark_counts_opened_from(c, &self.at, &mut methods, sources, lang, glossary)?;
            Ok(methods)
        })
        .map(Vec::as_slice)
    }

    fn named_countries(&self, c: &Connection) -> Result<&[NamedCountry]> {
        once(&self.named_countries, || {
            let all = self.base(c)?.hubs.as_slice();
            // The policy sentence the targets quote names the countries in the source's order.
            let policy: String = self
                .targets(c)?
                .iter()
                .map(|t| t.source_ja.as_str())
                .collect();
            Ok(hubs::named_countries(
                store::countries(c)?,
                all,
                &policy,
                self.lang(),
            ))
        })
        .map(Vec::as_slice)
    }

    fn platform_events(&self, c: &Connection) -> Result<&EventsView> {
        once(&self.platform_events, || {
            others::platform_events(c, &self.at, self.docs(c)?, self.period.start(), self.lang())
        })
    }

    fn meetings(&self, c: &Connection) -> Result<&[MeetingView]> {
        once(&self.meetings, || {
            meetings(c, &self.at, self.period.start(), self.lang())
        })
        .map(Vec::as_slice)
    }

    /// The meetings of the three months after the date.
    fn meetings_ahead(&self, c: &Connection) -> Result<&[MeetingView]> {
        once(&self.meetings_ahead, || {
            let date = self.at.date;
            let months = chrono::Months::new(3);
            let ahead = AsOf::new(
                date.checked_add_months(months).unwrap_or(date),
                self.at.known_at,
            );
            match date.succ_opt() {
                Some(next) => meetings(c, &ahead, next, self.lang()),
                None => Ok(vec![]),
            }
        })
        .map(Vec::as_slice)
    }

    fn working_groups_set_up(&self, c: &Connection) -> Result<&[WgView]> {
        once(&self.working_groups_set_up, || {
            working_groups(c, &self.at, self.period.start(), self.lang())
        })
        .map(Vec::as_slice)
    }

    fn platforms(&self, c: &Connection) -> Result<&[PlatformView]> {
        once(&self.platforms, || {
            others::platforms(c, &self.at, self.period.start(), self.lang())
        })
        .map(Vec::as_slice)
    }

    fn briefing(&self, c: &Connection) -> Result<&Briefing> {
        once(&self.briefing, || {
            let (b, lang) = (self.base(c)?, self.lang());
            let stated = self.stated_on(c)?;
            let since = self.agreements_since(c)?;
            let names = (self.docs(c)?, self.english(c)?);
            let start = self.period.start();
            let glossary = &self.def.glossary;
            Ok(briefing::briefing(briefing::From {
                lang,
                start,
                as_of: self.at.date,
                figures: self.figures(c)?,
                targets: self.targets(c)?,
                hubs: b.hubs.as_slice(),
                named_countries: self.named_countries(c)?,
                meetings: self.meetings(c)?,
                working_groups_set_up: self.working_groups_set_up(c)?.len(),
                events: self.platform_events(c)?,
                meetings_ahead: self.meetings_ahead(c)?,
                opened: &b.changes.opened,
                launched: self.platforms(c)?,
                agreements: &agreements::agreements_in(c, &self.at, names, start, lang, glossary)?,
                members: self.members(c)?,
                mou_stated: since.count.map(|n| (n, since.count_when.clone())),
                coverage: self.coverage(c)?,
                stated_on: &stated.now,
                contact: lang.choose(self.def.contact_ja.clone(), self.def.contact_en.clone()),
            }))
        })
    }

    fn hubs_by_country(&self, c: &Connection) -> Result<&[CountryCount]> {
        once(&self.hubs_by_country, || {
            let b = self.base(c)?;
            Ok(hubs::by_country(b.hubs.as_slice(), &b.unknown))
        })
        .map(Vec::as_slice)
    }

    fn other_projects(&self, c: &Connection) -> Result<&[ProjectView]> {
        once(&self.other_projects, || {
            others::other_projects(c, &self.at, self.lang(), &self.def.glossary)
        })
        .map(Vec::as_slice)
    }

    fn agreements(&self, c: &Connection) -> Result<&[AgreementView]> {
        once(&self.agreements, || {
            others::agreements(c, &self.at, self.lang())
        })
        .map(Vec::as_slice)
    }

    fn wg_events(&self, c: &Connection) -> Result<&[WgEventView]> {
        once(&self.wg_events, || {
            wg_events(c, &self.at, self.period.start(), self.lang())
        })
        .map(Vec::as_slice)
    }

    fn members(&self, c: &Connection) -> Result<&[MemberPoint]> {
        once(&self.members, || {
            let sources = (self.docs(c)?, self.english(c)?);
            members(c, &self.at, sources, self.lang(), &self.def.glossary)
        })
        .map(Vec::as_slice)
    }

    fn narrative(&self, c: &Connection) -> Result<&Narrative> {
        once(&self.narrative, || {
            narrative(c, &self.period, self.lang(), &self.head.known_at)
        })
    }

    fn policy_documents(&self, c: &Connection) -> Result<&[PolicyView]> {
        once(&self.policy_documents, || {
            others::policy_documents(c, &self.at, self.lang())
        })
        .map(Vec::as_slice)
    }

    fn agreements_since(&self, c: &Connection) -> Result<&AgreementsSince> {
        once(&self.agreements_since, || {
            let names = (self.docs(c)?, self.english(c)?);
            agreements::agreements_since(c, &self.at, names, self.lang(), &self.def.glossary)
        })
    }

    fn stated_coverage(&self, c: &Connection) -> Result<&[CoverageStatement]> {
        once(&self.stated_coverage, || {
            agreements::coverage(c, &self.at, self.lang(), &self.def.glossary)
        })
        .map(Vec::as_slice)
    }

    fn sources(&self, c: &Connection) -> Result<Vec<SourceView>> {
        Ok(sources(self.docs(c)?, self.lang()))
    }

    /// Computes the sections named now, as template values, before a template reads them (while
    /// it compiles). A section that fails here is left to fail when it is read.
    pub fn prefetch(&self, c: &Connection, keys: &[&'static str]) {
        for key in keys {
            if let Some(Ok(v)) = self.value(c, key) {
                lock(&self.values).insert(key, v);
            }
        }
    }

    /// Forgets the hub list (a PDF's layout holds it from here on).
    pub fn free_hubs(&mut self) {
        if let Some(b) = self.base.get_mut() {
            b.hubs = Hubs::default();
        }
    }

    /// Forgets the template values of the sections read (the typed sections stay).
    pub fn forget_values(&self) {
        lock(&self.values).clear();
    }

    /// The first section that failed while a template read it.
    pub fn take_failure(&self) -> Option<Error> {
        lock(&self.failure).take()
    }
}

impl Object for Sections {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = KEYS.iter().copied().find(|k| Some(*k) == key.as_str())?;
        if let Some(v) = lock(&self.values).get(key) {
            return Some(v.clone());
        }
        if !CONN.is_set() {
            return Some(Value::from(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                "the report context is read only while a report is rendered",
            )));
        }
        match CONN.with(|c| self.value(c, key))? {
            Ok(v) => {
                lock(&self.values).insert(key, v.clone());
                Some(v)
            }
            Err(e) => {
                let msg = e.to_string();
                lock(&self.failure).get_or_insert(e);
                Some(Value::from(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    msg,
                )))
            }
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(KEYS)
    }
}

//! `tenkai agreement`, `tenkai platform`, `tenkai policy`, `tenkai project` and
//! `tenkai coverage`: the facts of a quarter, one by one, each with its source, a note, both
//! languages where the report shows text, and a dry run. Coded values are taken by code,
//! Japanese name or English name; dates at the precision they are given in.

use super::{write_all, Ctx};
use anyhow::Result;
use clap::Subcommand;
use tenkai::store::codes::{dated, resolve, Codes};
use tenkai::store::facts::{self, Fact};
use tenkai::table::Format;

/// What every recording command takes.
#[derive(clap::Args)]
pub struct Common {
    /// Where this comes from: a document and its page or line, a URL (kept with the row)
    #[arg(long, required = true, value_parser = super::values::source)]
    pub source: Option<String>,
    /// A note on the fact
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub english: super::source::GivenEnglish,
    /// Check it and say what would be recorded, but write nothing
    #[arg(long)]
    pub dry_run: bool,
}

impl Common {
    /// Records a fact with its source and note, and their English: the English is checked
    /// before the fact is, and written once the fact is recorded.
    pub(crate) fn record(
        &self,
        ctx: &Ctx,
        store: &mut tenkai::store::Store,
        fact: Fact,
    ) -> Result<()> {
        let (source, note) = (self.source.as_deref(), self.note.as_deref());
        in_english(ctx, store, fact, self.dry_run, &self.english, source, note)
    }
}

/// Records a fact, and the English of its source and note (checked first, written after it).
pub(crate) fn in_english(
    ctx: &Ctx,
    store: &mut tenkai::store::Store,
    fact: Fact,
    dry_run: bool,
    english: &super::source::GivenEnglish,
    source: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    english.check(ctx, source, note)?;
    english.check_source(&store.conn, source, note)?;
    record(ctx, store, fact, dry_run)?;
    if !dry_run {
        english.record(&store.conn, source, note)?;
    }
    Ok(())
}

/// A fact's date and the precision the source gives it to.
#[derive(clap::Args)]
pub struct When {
    /// The date, as precisely as the source gives it: 2018-10-29, 2018-10, 平成30年10月, H30.10,
    /// 2018, FY2018, 平成30年度
    #[arg(long)]
    pub date: String,
    /// The precision the source gives (day, month, year, fiscal_year; or 日, 月, 年, 年度); the
    /// date must give that much
    #[arg(long)]
    pub precision: Option<String>,
}

impl When {
    pub(crate) fn read(&self, codes: &Codes) -> tenkai::Result<tenkai::fact_date::FactDate> {
        dated(&self.date, self.precision.as_deref(), &codes.precisions)
            .map_err(|e| tenkai::Error::Usage(format!("--date: {e}")))
    }
}

/// A coded value from a command's option, or a usage error naming the option.
pub(crate) fn coded(
    list: &[tenkai::store::CodeName],
    option: &str,
    what: &str,
    typed: &str,
) -> tenkai::Result<String> {
    resolve(list, what, typed).map_err(|e| tenkai::Error::Usage(format!("--{option}: {e}")))
}

#[derive(Subcommand)]
pub enum AgreementCmd {
    /// Record a named government agreement (MOU, MOC, letter of intent, …)
    #[command(
        after_help = "Example:\n  tenkai agreement add --country インド --kind MOC --date 2018-10-29 \\\n    --title-ja 日印ヘルスケア協力覚書 --title-en \"Japan-India healthcare MOC\" --source \"MHLW press release 2018-10-29\""
    )]
    Add {
        /// The counterpart country: its name in Japanese or English, or its ISO code
        #[arg(long)]
        country: String,
        /// mou, moc, letter_of_intent or other (or their names: 協力覚書（MOC）, …)
        #[arg(long)]
        kind: String,
        #[command(flatten)]
        when: When,
        /// Its title in Japanese
        #[arg(long)]
        title_ja: String,
        /// Its title in English
        #[arg(long)]
        title_en: Option<String>,
        /// The counterpart body in Japanese (default: the country's name)
        #[arg(long)]
        counterpart_ja: Option<String>,
        /// The counterpart body in English
        #[arg(long)]
        counterpart_en: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Record a count of partner countries as a source states it (20 countries); named
    /// agreements never change it
    #[command(
        after_help = "Example:\n  tenkai agreement count 21 --kind mou --date 2019-03-31 --source \"成果等について（平成31年3月末） p.2\""
    )]
    Count {
        /// The number of countries (full-width digits are read too)
        countries: String,
        /// mou (政府間覚書等) or letter_of_intent
        #[arg(long, default_value = "mou")]
        kind: String,
        /// The day the count is stated for
        #[arg(long)]
        date: String,
        /// Where the count is stated (required: a count stands on its source)
        #[arg(long, value_parser = super::values::source)]
        source: String,
        #[command(flatten)]
        english: super::source::SourceEnglish,
        /// Check it and say what would be recorded, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// List the named agreements
    List {
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: Format,
    },
}

/// Records a fact through the store's checks, or says what would be recorded.
pub(crate) fn record(
    ctx: &Ctx,
    store: &mut tenkai::store::Store,
    fact: Fact,
    dry_run: bool,
) -> Result<()> {
    let drawable = ctx.drawable();
    let rules = ctx.rules(true, drawable.as_deref());
    let at = tenkai::store::history::write_instant(&store.conn);
    let said = facts::record(&mut store.conn, &fact, &rules, dry_run, at)?;
    ctx.say(if dry_run {
        format!("would record {said}; nothing was written (--dry-run)")
    } else {
        format!("recorded {said}")
    });
    Ok(())
}

/// A count as typed: digits, full-width or not.
pub(crate) fn count(typed: &str, what: &str) -> tenkai::Result<i64> {
    use unicode_normalization::UnicodeNormalization;
    let t: String = typed
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    t.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
        tenkai::Error::Usage(format!(
            "'{}' is not a {what}: give a whole number in digits, such as 21",
            typed.chars().take(80).collect::<String>()
        ))
    })
}

/// A day, as a fact's date that must give the day.
pub(crate) fn day(typed: &str, option: &str) -> tenkai::Result<chrono::NaiveDate> {
    let d = tenkai::fact_date::parse(typed)
        .map_err(|e| tenkai::Error::Usage(format!("--{option}: {e}")))?;
    if d.precision != tenkai::fact_date::Precision::Day {
        return Err(tenkai::Error::Usage(format!(
            "--{option} '{}' is not a day: give the day it is stated for (for example 2018-06-30)",
            d.iso()
        )));
    }
    Ok(d.date)
}

pub fn agreement(ctx: &Ctx, cmd: AgreementCmd) -> Result<()> {
    match cmd {
        AgreementCmd::Add {
            country,
            kind,
            when,
            title_ja,
            title_en,
            counterpart_ja,
            counterpart_en,
            common,
        } => {
            let mut store = ctx.store()?;
            let codes = Codes::load(&store.conn)?;
            let fact = Fact::Agreement(facts::NewAgreement {
                country: coded(&codes.countries, "country", "country", &country)?,
                kind: coded(&codes.agreement_kinds, "kind", "kind of agreement", &kind)?,
                date: when.read(&codes)?,
                title_ja,
                title_en,
                counterpart_ja,
                counterpart_en,
                note: common.note.clone(),
                source: common.source.clone(),
            });
            common.record(ctx, &mut store, fact)
        }
        AgreementCmd::Count {
            countries,
            kind,
            date,
            source,
            english,
            dry_run,
        } => {
            let mut store = ctx.store()?;
            let codes = Codes::load(&store.conn)?;
            let fact = Fact::Count(facts::NewCount {
                kind: coded(&codes.count_kinds, "kind", "kind of count", &kind)?,
                countries: count(&countries, "number of countries")?,
                date: day(&date, "date")?,
                source: source.clone(),
            });
            let english = english.into();
            in_english(ctx, &mut store, fact, dry_run, &english, Some(&source), None)
        }
        AgreementCmd::List { format } => listing(
            ctx,
            "SELECT kind, coalesce(country_iso, ''), effective_date, date_precision, title_ja, coalesce(source, '') FROM agreements ORDER BY effective_date, id",
            &["kind", "country", "date", "precision", "title", "source"],
            format,
        ),
    }
}

// Parsed once per run: the size of the larger variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum PlatformCmd {
    /// Record a platform's event (a meeting, a survey, a milestone such as a summit)
    #[command(
        after_help = "Example (the nutrition summit moved to 7–8 December 2021):\n  tenkai platform event --platform nutrition --kind milestone --date 2021-12-07 --replaces 3 \\\n    --description-ja \"東京栄養サミット2021（12月7日・8日）\" --description-en \"Tokyo Nutrition for Growth Summit 2021 (7–8 December)\" \\\n    --source 外務省"
    )]
    Event {
        /// The platform: its code or name (nutrition, 栄養改善事業推進プラットフォーム)
        #[arg(long, default_value = "nutrition")]
        platform: String,
        /// meeting, survey, milestone or other (or their names)
        #[arg(long)]
        kind: String,
        #[command(flatten)]
        when: When,
        /// What happened, in Japanese
        #[arg(long)]
        description_ja: String,
        /// What happened, in English (the English report shows it)
        #[arg(long)]
        description_en: String,
        /// The number of an earlier event this one replaces (a date moved); see
        /// `tenkai platform events`
        #[arg(long)]
        replaces: Option<i64>,
        #[command(flatten)]
        common: Common,
    },
    /// List the platforms' events with their numbers
    Events {
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: Format,
    },
}

pub fn platform(ctx: &Ctx, cmd: PlatformCmd) -> Result<()> {
    match cmd {
        PlatformCmd::Event {
            platform,
            kind,
            when,
            description_ja,
            description_en,
            replaces,
            common,
        } => {
            let mut store = ctx.store()?;
            let codes = Codes::load(&store.conn)?;
            let fact = Fact::PlatformEvent(facts::NewPlatformEvent {
                platform: coded(&codes.platforms, "platform", "platform", &platform)?,
                kind: coded(
                    &codes.platform_event_kinds,
                    "kind",
                    "kind of platform event",
                    &kind,
                )?,
                date: when.read(&codes)?,
                description_ja,
                description_en,
                replaces,
                note: common.note.clone(),
                source: common.source.clone(),
            });
            common.record(ctx, &mut store, fact)
        }
        PlatformCmd::Events { format } => listing(
            ctx,
            "SELECT CAST(id AS TEXT), platform, kind, event_date, date_precision, coalesce(CAST(replaces AS TEXT), ''), description_ja FROM platform_events ORDER BY id",
            &["number", "platform", "kind", "date", "precision", "replaces", "description"],
            format,
        ),
    }
}

#[derive(Subcommand)]
pub enum PolicyCmd {
    /// Record a policy document adopted
    #[command(
        after_help = "Example:\n  tenkai policy add --title-ja 健康・医療戦略（変更） --title-en \"Healthcare Policy (revised)\" --date 2018-02 --source \"閣議決定\""
    )]
    Add {
        /// Its title in Japanese
        #[arg(long)]
        title_ja: String,
        /// Its title in English
        #[arg(long)]
        title_en: Option<String>,
        #[command(flatten)]
        when: When,
        /// The task-force meeting that adopted it, if one did
        #[arg(long)]
        meeting: Option<i64>,
        #[command(flatten)]
        common: Common,
    },
}

pub fn policy(ctx: &Ctx, cmd: PolicyCmd) -> Result<()> {
    let PolicyCmd::Add {
        title_ja,
        title_en,
        when,
        meeting,
        common,
    } = cmd;
    let mut store = ctx.store()?;
    let codes = Codes::load(&store.conn)?;
    let fact = Fact::Policy(facts::NewPolicy {
        title_ja,
        title_en,
        date: when.read(&codes)?,
        meeting,
        note: common.note.clone(),
        source: common.source.clone(),
    });
    common.record(ctx, &mut store, fact)
}

#[derive(Subcommand)]
pub enum ProjectCmd {
    /// Record a project beside the hubs, or a new status of one (same country and title)
    #[command(
        after_help = "Example:\n  tenkai project add --country アゼルバイジャン --title-ja 後発医薬品工場建設 --title-en \"Construction of a generic-drug plant\" --status 実施中 --date 2018-09 \\\n    --source \"経済産業省 資料\""
    )]
    Add {
        /// The country: its name in Japanese or English, or its ISO code
        #[arg(long)]
        country: String,
        /// What the project is, in Japanese
        #[arg(long)]
        title_ja: String,
        /// What the project is, in English
        #[arg(long)]
        title_en: String,
        /// under_study, planned, in_progress, suspended, completed or cancelled (or their names)
        #[arg(long)]
        status: String,
        #[command(flatten)]
        when: When,
        #[command(flatten)]
        common: Common,
    },
}

pub fn project(ctx: &Ctx, cmd: ProjectCmd) -> Result<()> {
    let ProjectCmd::Add {
        country,
        title_ja,
        title_en,
        status,
        when,
        common,
    } = cmd;
    let mut store = ctx.store()?;
    let codes = Codes::load(&store.conn)?;
    let fact = Fact::Project(facts::NewProject {
        country: coded(&codes.countries, "country", "country", &country)?,
        title_ja,
        title_en,
        status: coded(&codes.project_statuses, "status", "project status", &status)?,
        date: when.read(&codes)?,
        note: common.note.clone(),
        source: common.source.clone(),
    });
    common.record(ctx, &mut store, fact)
}

#[derive(Subcommand)]
pub enum CoverageCmd {
    /// State that a record is complete up to a day ("meetings recorded up to 2018-06-30")
    #[command(
        after_help = "Example:\n  tenkai coverage set meetings --to 2018-06-30 --source \"事務局 会合一覧（平成30年7月2日）\""
    )]
    Set {
        /// The record: meetings, wg_events, agreements, platform_events, policy_documents,
        /// other_projects, hub_status, platform_members (or their names: 会合, …)
        record: String,
        /// The last day up to which the record is complete
        #[arg(long)]
        to: String,
        /// Where the office states it (required)
        #[arg(long, value_parser = super::values::source)]
        source: String,
        /// A note
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        english: super::source::GivenEnglish,
        /// Check it and say what would be recorded, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn coverage(ctx: &Ctx, cmd: CoverageCmd) -> Result<()> {
    let CoverageCmd::Set {
        record: which,
        to,
        source,
        note,
        english,
        dry_run,
    } = cmd;
    let mut store = ctx.store()?;
    let codes = Codes::load(&store.conn)?;
    let fact = Fact::Coverage(facts::NewCoverage {
        record: resolve(&codes.records, "record", &which).map_err(tenkai::Error::Usage)?,
        complete_to: day(&to, "to")?,
        source: source.clone(),
        note: note.clone(),
    });
    let note = note.as_deref();
    in_english(
        ctx,
        &mut store,
        fact,
        dry_run,
        &english,
        Some(&source),
        note,
    )
}

/// A listing of a query's text columns, on standard output.
fn listing(ctx: &Ctx, sql: &str, columns: &[&str], format: Format) -> Result<()> {
    let store = ctx.reader()?;
    let mut stmt = store.conn.prepare(sql)?;
    let rows = stmt
        .query_map([], |r| {
            (0..columns.len())
                .map(|i| r.get::<_, String>(i).map(Into::into))
                .collect::<rusqlite::Result<Vec<tenkai::table::Cell>>>()
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    write_all(super::Sink::to(None, false)?, format, columns, rows)?;
    Ok(())
}

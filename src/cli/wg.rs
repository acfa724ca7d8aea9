//! `tenkai wg`: the working groups and their events.

use super::write_all;
use super::{Ctx, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::dates::parse_date;
use tenkai::store::{self};
use tenkai::table::{Cell, Format};

#[derive(Subcommand)]
pub enum WgCmd {
    /// List working groups set up by a date, with their events
    #[command(after_help = "Example:\n  tenkai wg list --as-of 2017-03-31")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a working group
    #[command(
        after_help = "Example:\n  tenkai wg add digital --name-ja デジタルヘルスWG --meeting 14 --date 2018-06-20 --source 第14回議事次第"
    )]
    Add {
        /// A new unique code
        code: String,
        /// Its name in Japanese
        #[arg(long)]
        name_ja: String,
        /// Its name in English
        #[arg(long)]
        name_en: Option<String>,
        /// The meeting that set it up
        #[arg(long)]
        meeting: Option<i64>,
        /// The date (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// Where this comes from: a document and its page or line, a URL (kept with the row and
        /// exported with the table)
        #[arg(long, required = true, value_parser = super::values::source)]
        source: Option<String>,
        #[command(flatten)]
        english: super::source::SourceEnglish,
        /// Check it and say what would be added, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Record a working group's event (a report, a change of members, a meeting, …)
    #[command(
        after_help = "Example:\n  tenkai wg event --wg foreign_visitors --kind report --date 2018-06-14 \\\n    --description-ja 訪日外国人に対する適切な医療等の確保に向けた総合対策 \\\n    --description-en \"Comprehensive measures to ensure appropriate medical care for foreign visitors\" \\\n    --source 首相官邸"
    )]
    Event {
        /// The working group: its code or its name in Japanese or English
        #[arg(long)]
        wg: String,
        /// membership_change, report, meeting, dissolved or other (or their names)
        #[arg(long)]
        kind: String,
        #[command(flatten)]
        when: super::facts::When,
        /// What happened, in Japanese
        #[arg(long)]
        description_ja: String,
        /// What happened, in English (the English report shows it)
        #[arg(long)]
        description_en: Option<String>,
        /// The task-force meeting it was reported to, if any
        #[arg(long)]
        meeting: Option<i64>,
        #[command(flatten)]
        common: super::facts::Common,
    },
}

pub fn wg(ctx: &Ctx, cmd: WgCmd) -> Result<()> {
    match cmd {
        WgCmd::List { list } => list_wgs(ctx, &list)?,
        WgCmd::Add {
            code,
            name_ja,
            name_en,
            meeting,
            date,
            source,
            english,
            dry_run,
        } => {
            let d = parse_date(&date)?;
            let english = super::source::GivenEnglish::from(english);
            english.check(ctx, source.as_deref(), None)?;
            let mut store = ctx.store()?;
            english.check_source(&store.conn, source.as_deref(), None)?;
            let wg = store::NewWorkingGroup {
                code: &code,
                name_ja: &name_ja,
                name_en: name_en.as_deref(),
                meeting,
                set_up_on: d,
                source: source.as_deref(),
            };
            let at = tenkai::store::history::write_instant(&store.conn);
            // A dry run adds it as the real command does, and rolls back.
            let tx = store.conn.transaction()?;
            store::add_working_group(&tx, &wg, at)?;
            english.record(&tx, source.as_deref(), None)?;
            if dry_run {
                drop(tx);
                ctx.say(format!(
                    "would add working group {code}; nothing was written (--dry-run)"
                ));
            } else {
                tx.commit()?;
                ctx.say(format!("added working group {code}"));
            }
        }
        WgCmd::Event {
            wg,
            kind,
            when,
            description_ja,
            description_en,
            meeting,
            common,
        } => {
            use tenkai::store::facts::{Fact, NewWgEvent};
            let mut store = ctx.store()?;
            let codes = tenkai::store::codes::Codes::load(&store.conn)?;
            let coded = super::facts::coded;
            let fact = Fact::WgEvent(NewWgEvent {
                wg: coded(&codes.working_groups, "wg", "working group", &wg)?,
                kind: coded(&codes.wg_event_kinds, "kind", "kind of event", &kind)?,
                date: when.read(&codes)?,
                meeting,
                description_ja,
                description_en,
                note: common.note.clone(),
                source: common.source.clone(),
            });
            common.record(ctx, &mut store, fact)?;
        }
    }
    Ok(())
}

/// `wg list`: the working groups, each with its number of events.
fn list_wgs(ctx: &Ctx, list: &ListArgs) -> Result<()> {
    let store = ctx.reader()?;
    let at = list.as_of_in(ctx, &store.conn)?;
    let wgs = store::working_groups(&store.conn, &at, None)?;
    let events = store::wg_events(&store.conn, &at, None)?;
    if list.format == Format::Json {
        return list.json(&serde_json::json!({ "working_groups": wgs, "events": events }));
    }
    let rows = wgs
        .into_iter()
        .map(|w| {
            let n = events.iter().filter(|e| e.wg_code == w.code).count() as i64;
            vec![
                w.code.into(),
                w.name_ja.into(),
                w.set_up_by_meeting.into(),
                w.set_up_on.into(),
                Cell::Int(n),
            ]
        })
        .collect();
    write_all(
        list.sink()?,
        list.format,
        &["code", "name", "set_up_by_meeting", "set_up_on", "events"],
        rows,
    )?;
    Ok(())
}

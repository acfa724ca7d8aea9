//! `tenkai meeting`: the task force's meetings and their agendas.

use super::write_all;
use super::{Ctx, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::store::{self};
use tenkai::table::{Cell, Format};

#[derive(Subcommand)]
pub enum MeetingCmd {
    /// List task-force meetings held by a date
    #[command(after_help = "Example:\n  tenkai meeting list --as-of 2016-03-31")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a meeting
    #[command(
        after_help = "Example:\n  tenkai meeting add 14 --date 2018-06-20 --agenda 医療国際展開の取組について --agenda-en \"International expansion of healthcare\" --source 第14回議事次第"
    )]
    Add {
        /// The meeting's number: the next after the last recorded (one that skips ahead is refused)
        number: i64,
        /// The date (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// Held by circulation (持ち回り開催)
        #[arg(long)]
        circulation: bool,
        /// An agenda item (repeat for several)
        #[arg(long)]
        agenda: Vec<String>,
        /// An agenda item in English, in the order of --agenda (repeat for several; the English
        /// report shows them)
        #[arg(long)]
        agenda_en: Vec<String>,
        /// Check it and say what would be recorded, but write nothing
        #[arg(long)]
        dry_run: bool,
        /// Where this comes from: a document and its page or line, a URL (kept with the row and
        /// exported with the table)
        #[arg(long, required = true, value_parser = super::values::source)]
        source: Option<String>,
        #[command(flatten)]
        english: super::source::SourceEnglish,
    },
}

pub fn meeting(ctx: &Ctx, cmd: MeetingCmd) -> Result<()> {
    match cmd {
        MeetingCmd::List { list } => {
            let store = ctx.reader()?;
            let at = list.as_of_in(ctx, &store.conn)?;
            let ms = store::meetings(&store.conn, &at, None)?;
            if list.format == Format::Json {
                return list.json(&ms);
            }
            let rows = ms
                .into_iter()
                .map(|m| {
                    vec![
                        Cell::Int(m.number),
                        m.held_on.into(),
                        (if m.by_circulation { "持ち回り" } else { "" }).into(),
                        m.agenda_ja.join("／").into(),
                    ]
                })
                .collect();
            write_all(
                list.sink()?,
                list.format,
                &["number", "held_on", "circulation", "agenda"],
                rows,
            )?;
        }
        MeetingCmd::Add {
            number,
            date,
            circulation,
            agenda,
            agenda_en,
            dry_run,
            source,
            english,
        } => {
            let fact = tenkai::store::facts::Fact::Meeting(tenkai::store::facts::NewMeeting {
                number,
                held_on: super::facts::day(&date, "date")?,
                by_circulation: circulation,
                agenda_ja: agenda,
                agenda_en,
                source: source.clone(),
            });
            let mut store = ctx.store()?;
            let (english, source) = (english.into(), source.as_deref());
            super::facts::in_english(ctx, &mut store, fact, dry_run, &english, source, None)?;
        }
    }
    Ok(())
}

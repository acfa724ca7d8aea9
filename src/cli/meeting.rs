//! `tenkai meeting`: the task force's meetings and their agendas.

use super::write_all;
use super::{Ctx, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::dates::parse_date;
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
        after_help = "Example:\n  tenkai meeting add 14 --date 2018-06-20 --agenda 医療国際展開の取組について"
    )]
    Add {
        /// The meeting's number
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
        /// Where this comes from: a document and its page or line, a URL (kept with the row and
        /// exported with the table)
        #[arg(long)]
        source: Option<String>,
    },
}

pub fn meeting(ctx: &Ctx, cmd: MeetingCmd) -> Result<()> {
    match cmd {
        MeetingCmd::List { list } => {
            let at = list.as_of()?;
            let store = ctx.reader()?;
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
            source,
        } => {
            let d = parse_date(&date)?;
            let drawable = ctx.drawable();
            let rules = ctx.rules(false, drawable.as_deref());
            for (i, item) in agenda.iter().enumerate() {
                if let Err(why) = rules.text(item, store::Text::Note) {
                    return Err(
                        tenkai::Error::Usage(format!("--agenda item {}: {why}", i + 1)).into(),
                    );
                }
            }
            if let Some(Err(why)) = source.as_deref().map(|s| rules.text(s, store::Text::Note)) {
                return Err(tenkai::Error::Usage(format!("--source {why}")).into());
            }
            let mut store = ctx.store()?;
            let at = tenkai::store::history::write_instant(&store.conn);
            let tx = store.conn.transaction()?;
            store::add_meeting(&tx, number, d, circulation, &agenda, source.as_deref(), at)?;
            tx.commit()?;
            ctx.say(format!("added meeting {number} ({d})"));
        }
    }
    Ok(())
}

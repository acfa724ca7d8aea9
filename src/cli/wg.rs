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
        after_help = "Example:\n  tenkai wg add digital --name-ja デジタルヘルスWG --meeting 14 --date 2018-06-20"
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
        #[arg(long)]
        source: Option<String>,
    },
}

pub fn wg(ctx: &Ctx, cmd: WgCmd) -> Result<()> {
    match cmd {
        WgCmd::List { list } => {
            let at = list.as_of()?;
            let store = ctx.reader()?;
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
        }
        WgCmd::Add {
            code,
            name_ja,
            name_en,
            meeting,
            date,
            source,
        } => {
            let d = parse_date(&date)?;
            let store = ctx.store()?;
            let wg = store::NewWorkingGroup {
                code: &code,
                name_ja: &name_ja,
                name_en: name_en.as_deref(),
                meeting,
                set_up_on: d,
                source: source.as_deref(),
            };
            store::add_working_group(
                &store.conn,
                &wg,
                tenkai::store::history::write_instant(&store.conn),
            )?;
            ctx.say(format!("added working group {code}"));
        }
    }
    Ok(())
}

//! `tenkai members`: the nutrition platform's member counts.

use super::write_all;
use super::{Ctx, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::dates::{now, parse_date};
use tenkai::store::{self};
use tenkai::table::{Cell, Format};

#[derive(Subcommand)]
pub enum MembersCmd {
    /// The member-count series up to a date
    #[command(after_help = "Example:\n  tenkai members list --format csv")]
    List {
        #[command(flatten)]
        list: ListArgs,
        /// The platform (nutrition)
        #[arg(long, default_value = "nutrition")]
        platform: String,
    },
    /// Record a member count (a correction is a new record for the same date)
    #[command(after_help = "Example:\n  tenkai members record 61 --date 2018-06-30")]
    Record {
        /// The number of members
        count: i64,
        /// The date (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// The platform (nutrition)
        #[arg(long, default_value = "nutrition")]
        platform: String,
        /// Where the figure comes from
        #[arg(long)]
        source: Option<String>,
        /// A note on the count (for a correction: why)
        #[arg(long)]
        note: Option<String>,
    },
}

pub fn members(ctx: &Ctx, cmd: MembersCmd) -> Result<()> {
    match cmd {
        MembersCmd::List { list, platform } => {
            let at = list.as_of()?;
            let store = ctx.reader()?;
            let series = store::member_series(&store.conn, &platform, &at)?;
            if list.format == Format::Json {
                return list.json(&series);
            }
            let rows = series
                .into_iter()
                .map(|m| {
                    vec![
                        m.platform.into(),
                        m.effective_date.into(),
                        Cell::Int(m.members),
                        m.recorded_at.into(),
                    ]
                })
                .collect();
            write_all(
                list.sink()?,
                list.format,
                &["platform", "effective_date", "members", "recorded_at"],
                rows,
            )?;
        }
        MembersCmd::Record {
            count,
            date,
            platform,
            source,
            note,
        } => {
            let d = parse_date(&date)?;
            let store = ctx.store()?;
            store::record_members(
                &store.conn,
                &platform,
                count,
                d,
                source.as_deref(),
                note.as_deref(),
                now(),
            )?;
            ctx.say(format!("{platform}: {count} members on {d}"));
        }
    }
    Ok(())
}

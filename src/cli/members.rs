//! `tenkai members`: the nutrition platform's member counts.

use super::write_all;
use super::{Ctx, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::store::facts::{Fact, NewMembers};
use tenkai::store::{self};
use tenkai::table::{Cell, Format};
use unicode_normalization::UnicodeNormalization;

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
    #[command(
        after_help = "Examples:\n  tenkai members record 61 --date 2018-06-30 --source njppp-2018-06-30\n  tenkai members record 57 --date 2018-03-31 --source \"事務局報告（平成30年7月12日）\" \\\n    --source-en \"Secretariat's report (12 July 2018)\" --note \"集計誤り（1団体の計上漏れ）\" \\\n    --note-en \"A counting error: one member had been left out\""
    )]
    Record {
        /// The number of members (full-width digits, as in ５６, are read too)
        count: String,
        /// The date of the count (YYYY-MM-DD, 2018/6/30 or 平成30年6月30日)
        #[arg(long)]
        date: String,
        /// The platform (nutrition)
        #[arg(long, default_value = "nutrition")]
        platform: String,
        /// Where the figure comes from
        #[arg(long, required = true, value_parser = super::values::source)]
        source: Option<String>,
        /// A note on the count (for a correction: why)
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        english: super::source::GivenEnglish,
        /// Check it and say what would be recorded, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn members(ctx: &Ctx, cmd: MembersCmd) -> Result<()> {
    match cmd {
        MembersCmd::List { list, platform } => {
            let store = ctx.reader()?;
            let at = list.as_of_in(ctx, &store.conn)?;
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
            english,
            dry_run,
        } => {
            let fact = Fact::Members(NewMembers {
                platform,
                members: count_of(&count)?,
                date: day_of(&date)?,
                note: note.clone(),
                source: source.clone(),
            });
            let mut store = ctx.store()?;
            let (source, note) = (source.as_deref(), note.as_deref());
            super::facts::in_english(ctx, &mut store, fact, dry_run, &english, source, note)?;
        }
    }
    Ok(())
}

/// A member count as typed: digits, full-width or not, with thousands separators allowed.
fn count_of(text: &str) -> Result<i64> {
    let typed: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let mut groups = typed.split(',');
    let grouped =
        groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3);
    let digits = if typed.contains(',') && !grouped {
        String::new()
    } else {
        typed.replace(',', "")
    };
    match digits.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => {
            Err(tenkai::Error::Usage(format!(
                "the member count '{}' is too large to be a count of members; check it against the source",
                text.chars().take(80).collect::<String>()
            ))
            .into())
        }
        _ => Err(tenkai::Error::Usage(format!(
            "the member count '{}' is not a whole number of members; give it in digits, for example 56",
            text.chars().take(80).collect::<String>()
        ))
        .into()),
    }
}

/// The day of a count: a count is stated for one day, so a month or a year is refused.
fn day_of(text: &str) -> Result<chrono::NaiveDate> {
    let d =
        tenkai::fact_date::parse(text).map_err(|e| tenkai::Error::Usage(format!("--date: {e}")))?;
    if d.precision != tenkai::fact_date::Precision::Day {
        return Err(tenkai::Error::Usage(format!(
            "--date '{text}' is not a day: a member count is stated for one day (for example 2018-06-30, the end of the quarter)"
        ))
        .into());
    }
    Ok(d.date)
}

//! `tenkai org`: the organisations a hub may name as partners, and their renames.

use super::Ctx;
use super::{write_all, ListArgs};
use anyhow::Result;
use clap::Subcommand;
use tenkai::fact_date::{self, FactDate};
use tenkai::store::organisations::{self, OrgRename};
use tenkai::store::Text;
use tenkai::table::Format;

#[derive(Subcommand)]
pub enum OrgCmd {
    /// List the organisations with their names (current and former) and their number of hubs
    #[command(after_help = "Example:\n  tenkai org list\n  tenkai org list --format csv")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Record an organisation's new name from a date; its former names stay in its history and
    /// still find it, and a report of an earlier date shows the name of then
    #[command(
        after_help = "Example:\n  tenkai org rename 東芝メディカルシステムズ --name-ja キヤノンメディカルシステムズ --name-en \"Canon Medical Systems\" --date 2018-01-04 --source \"press release\""
    )]
    Rename {
        /// The organisation, by a name it has or had
        org: String,
        /// Its new Japanese name
        #[arg(long)]
        name_ja: String,
        /// Its new English name
        #[arg(long)]
        name_en: Option<String>,
        /// When the new name took effect, as the source gives it (a day, a month, a year)
        #[arg(long)]
        date: String,
        /// Where this comes from
        #[arg(long, required = true, value_parser = super::values::source)]
        source: Option<String>,
        /// A note
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        english: super::source::GivenEnglish,
        /// Check the rename and show it; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn org(ctx: &Ctx, cmd: OrgCmd) -> Result<()> {
    match cmd {
        OrgCmd::List { list } => list_orgs(ctx, &list)?,
        OrgCmd::Rename {
            org,
            name_ja,
            name_en,
            date,
            source,
            note,
            english,
            dry_run,
        } => {
            let date = fact_date::parse(&date)
                .map_err(|e| tenkai::Error::Usage(format!("--date: {e}")))?;
            english.check(ctx, source.as_deref(), note.as_deref())?;
            ctx.check_texts(&[
                ("--name-ja", Some(name_ja.trim()), Text::Name),
                ("--name-en", name_en.as_deref().map(str::trim), Text::Name),
                ("--note", note.as_deref(), Text::Note),
                ("--source", source.as_deref(), Text::Note),
            ])?;
            let r = OrgRename {
                from: org.trim(),
                name_ja: name_ja.trim(),
                name_en: name_en.as_deref().map(str::trim),
                date,
                note: note.as_deref(),
                source: source.as_deref(),
            };
            let mut store = ctx.store()?;
            let at = tenkai::store::history::write_instant(&store.conn);
            english.check_source(&store.conn, source.as_deref(), note.as_deref())?;
            let tx = store.conn.transaction()?;
            let (id, _) = organisations::check_org_rename(&tx, &r)?;
            // What the rename changes: the name just before its date, until any later name.
            let (before, later) = organisations::names_around(&tx, id, date.date)?;
            show_rename(&r, &before, later.as_ref());
            if dry_run {
                ctx.say("dry run: nothing written");
                return Ok(());
            }
            organisations::rename_org(&tx, &r, at)?;
            english.record(&tx, source.as_deref(), note.as_deref())?;
            tx.commit()?;
            let until = later.map_or(String::new(), |(name, on)| {
                format!(", until {} when it is named {name}", on.iso())
            });
            ctx.say(format!(
                "renamed {before} to {} from {}{until}",
                r.name_ja,
                r.date.iso()
            ));
        }
    }
    Ok(())
}

/// A rename as it will be recorded, in Japanese: the name it replaces (`before`, the name just
/// before its date) and, dated before a newer name, that the newer name stays from its date.
fn show_rename(r: &OrgRename<'_>, before: &str, later: Option<&(String, FactDate)>) {
    let words = tenkai::import::names::date_words;
    let source = r.source.map(|s| format!("出典：{s}")).unwrap_or_default();
    println!(
        "関係機関の名称：{before} → {} {}{source}",
        r.name_ja,
        words(&r.date)
    );
    if let Some((name, on)) = later {
        println!("（{}からの名称「{name}」は変わらない）", words(on));
    }
}

/// `org list`: each organisation with its former names and its hubs.
fn list_orgs(ctx: &Ctx, list: &ListArgs) -> Result<()> {
    let store = ctx.reader()?;
    let orgs = organisations::organisations(&store.conn)?;
    if list.format == Format::Json {
        return list.json(&orgs);
    }
    let rows = orgs
        .into_iter()
        .map(|o| {
            vec![
                o.name_ja.into(),
                o.name_en.into(),
                o.former.join("、").into(),
                o.hubs.into(),
                o.source.into(),
            ]
        })
        .collect();
    write_all(
        list.sink()?,
        list.format,
        &["name_ja", "name_en", "former_names", "hubs", "source"],
        rows,
    )?;
    Ok(())
}

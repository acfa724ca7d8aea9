//! `tenkai hub change`: a hub's names, kind or partners from a date, as a new row of its history.

use super::Ctx;
use anyhow::Result;
use tenkai::fact_date;
use tenkai::import::names::change_lines;
use tenkai::store::{self, HubChange};

/// What `hub change` takes.
#[derive(clap::Args)]
pub struct ChangeArgs {
    /// The hub's code (H10), or a name it has or had
    hub: String,
    /// Its new Japanese name (its English name stays unless --name-en gives one)
    #[arg(long)]
    name_ja: Option<String>,
    /// Its new English name (or its first)
    #[arg(long)]
    name_en: Option<String>,
    /// Its new kind, by its Japanese name (病院), English name (Hospital) or code (hospital)
    #[arg(long)]
    kind: Option<String>,
    /// Its whole new list of partners, in order (repeat for several); each a known organisation
    #[arg(long = "partner")]
    partners: Vec<String>,
    /// A partner that is a new organisation, to create (give it as --partner too)
    #[arg(long = "new-partner")]
    new_partners: Vec<String>,
    /// When the change took effect, as the source gives it: a day (2018-06-01, 平成30年6月1日),
    /// a month (2018-06, 平成30年6月), a year or a fiscal year (FY2018)
    #[arg(long)]
    date: String,
    /// Where this comes from: a document and its page, a URL
    #[arg(long, required = true, value_parser = super::values::source)]
    source: Option<String>,
    /// A note on the change (for a correction: why)
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    english: super::source::GivenEnglish,
    /// Check the change and show what it would write, row by row; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Accept a date more than a year ahead
    #[arg(long)]
    allow_future: bool,
}

pub fn change(ctx: &Ctx, a: ChangeArgs) -> Result<()> {
    let date =
        fact_date::parse(&a.date).map_err(|e| tenkai::Error::Usage(format!("--date: {e}")))?;
    a.english
        .check(ctx, a.source.as_deref(), a.note.as_deref())?;
    let change = HubChange {
        hub: a.hub,
        name_ja: a.name_ja,
        name_en: a.name_en,
        kind: a.kind,
        partners: (!a.partners.is_empty() || !a.new_partners.is_empty()).then_some(a.partners),
        new_partners: a.new_partners,
        date: Some(date),
        note: a.note.clone(),
        source: a.source.clone(),
    };
    let mut store = ctx.store()?;
    a.english
        .check_source(&store.conn, a.source.as_deref(), a.note.as_deref())?;
    let drawable = ctx.drawable();
    let rules = ctx.rules(a.allow_future, drawable.as_deref());
    let at = store::history::write_instant(&store.conn);
    let tx = store.conn.transaction()?;
    let planned = store::check_hub_change(&tx, &change, &rules)?;
    let kinds = store::code_names(&tx)?.kinds;
    for line in change_lines(&planned, &kinds) {
        println!("{line}");
    }
    if a.dry_run {
        ctx.say("dry run: nothing written");
        return Ok(());
    }
    store::write_hub_change(&tx, &planned, at)?;
    a.english
        .record(&tx, a.source.as_deref(), a.note.as_deref())?;
    tx.commit()?;
    ctx.say(format!("recorded the change of {}", planned.code));
    Ok(())
}

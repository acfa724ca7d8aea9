//! `tenkai hub`: list, show, add and change the status of the hubs.

use super::write_all;
use super::{out, Ctx, ListArgs};
use anyhow::{bail, Result};
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use tenkai::dates::parse_date;
use tenkai::fact_date::{self, FactDate, Precision};
use tenkai::i18n::Lang;
use tenkai::report::context::when;
use tenkai::store;
use tenkai::table::{Cell, Format};

#[derive(Subcommand)]
pub enum HubCmd {
    /// List hubs with their status at a date
    #[command(
        after_help = "Examples:\n  tenkai hub list\n  tenkai hub list --as-of 2016-03-31 --status opened\n  tenkai hub list --country VN --format csv"
    )]
    List {
        #[command(flatten)]
        list: ListArgs,
        /// Only hubs with this status (feasibility, planned, opened, suspended, closed)
        #[arg(long)]
        status: Option<String>,
        /// Only hubs in this country (ISO code)
        #[arg(long)]
        country: Option<String>,
        /// List in the columns of `tenkai import hubs` (codes, ISO dates), so that the output
        /// imports into another database as it is
        #[arg(long)]
        for_import: bool,
    },
    /// Show one hub with its partners and status history
    #[command(after_help = "Example:\n  tenkai hub show H01")]
    Show {
        /// The hub's code (H01) or its unique name
        hub: String,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Add a hub
    #[command(
        after_help = "Example:\n  tenkai hub add H29 --name-ja 日本式検診センター --country TR --kind screening --partner 富士フイルム --status planned --date 2018-06-01 --source \"報道発表 2018-06-01\""
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
        /// ISO 3166 country code (see `tenkai country list`)
        #[arg(long)]
        country: String,
        /// imaging, hospital, clinic, training, rehabilitation, screening, dental, distribution,
        /// dialysis, health_check, prevention, endoscopy or technical (the kinds in the table
        /// hub_kinds; another is refused with their list)
        #[arg(long)]
        kind: String,
        /// A Japanese partner: an organisation the source lists with the hub (repeat for several).
        /// It must be a known organisation (`tenkai org list`), under any name it has had
        #[arg(long = "partner", alias = "operator")]
        partners: Vec<String>,
        /// A partner that is a new organisation, to create (give it as --partner too); a name
        /// close to a known one is otherwise refused with a did-you-mean
        #[arg(long = "new-partner")]
        new_partners: Vec<String>,
        /// The first status
        #[arg(long, default_value = "planned")]
        status: String,
        #[command(flatten)]
        at: StatusArgs,
    },
    /// Record a change of a hub's names, kind or partners from a date (a rename, an English name,
    /// a partner's new company): a new row of its history, so that reports made as known before
    /// it still show the old values
    #[command(
        after_help = "The hub keeps every value it had: a report of an earlier period, or one re-made as known at an earlier time (--known-at), shows the values of then. Give only what changes; --date is when it took effect, as the source gives it (a day, a month, a year or a fiscal year).\n\nA partner must be a known organisation (`tenkai org list`), under any name it has had; a name close to a known one is refused with a did-you-mean, and a new organisation must be marked with --new-partner. --partner gives the hub's whole new list of partners, in order.\n\nExamples:\n  tenkai hub change H10 --name-ja 新しい拠点名 --name-en \"New Hub Name\" --date 2018-06-01 --source \"press release 2018-06-01\"\n  tenkai hub change H12 --kind 病院 --date 平成30年7月 --dry-run\n  tenkai hub change H16 --partner 富士フイルム --partner あおば医療サービス --new-partner あおば医療サービス --date 2018-10 --source \"…\""
    )]
    Change(super::hub_change::ChangeArgs),
    /// Record a status change; the same date again records a correction
    #[command(
        after_help = "A source is a registered document's code (`tenkai source add`; --source \"CODE p.2\" names a place in it), or free text; an English report shows free text and a note in the English given with --source-en and --note-en, or else in Japanese, marked \"(in Japanese)\".\n\nExamples:\n  tenkai hub set-status H10 opened --date 2018-05-15 --source mhlw-2018-05-15\n  tenkai hub set-status H10 planned --date 2018-05-15 --source \"訂正の報道発表\" --source-en \"Press release correcting the date\" --note \"開業延期の訂正\" --note-en \"Correction: the opening was postponed\""
    )]
    SetStatus {
        /// The hub's code (or its exact name)
        hub: String,
        /// feasibility, planned, opened, suspended or closed (or the name, 開業済み / open)
        status: String,
        #[command(flatten)]
        at: StatusArgs,
    },
}

/// A status as `hub add` and `hub set-status` record it: when, how precisely, and from where.
#[derive(clap::Args)]
pub struct StatusArgs {
    /// The date the status became true, as the source gives it: a day (2018-05-15, 2018/5/15,
    /// 平成30年5月15日, H30.5.15), a month (2018-05, 平成30年5月), a year (2018) or a fiscal year
    /// (FY2018, 平成30年度); the form sets the precision
    #[arg(long)]
    date: String,
    /// For a planned hub, the expected opening date, in the same forms (平成30年5月 is May 2018, not
    /// 1 May)
    #[arg(long)]
    expected: Option<String>,
    /// A note on the status (for a correction: why)
    #[arg(long)]
    note: Option<String>,
    /// How much of the date the source gives: day, month, year, fiscal_year, or unknown (the
    /// source gives no date: --date is then the latest date by which it held, and no period
    /// reports it as a change). Without it, the form of --date sets it
    #[arg(long)]
    precision: Option<String>,
    /// Where this comes from: a document and its page or line, a URL (kept with the row and shown
    /// by `tenkai hub show`)
    #[arg(long, required = true, value_parser = super::values::source)]
    source: Option<String>,
    #[command(flatten)]
    english: super::source::GivenEnglish,
    /// Accept a date more than a year ahead
    #[arg(long)]
    allow_future: bool,
    /// Check everything and say what would be recorded, but write nothing
    #[arg(long)]
    dry_run: bool,
}

impl StatusArgs {
    /// The effective date and its precision: `--precision` if given, else the one `--date` is
    /// written in. A date written to the month with `--precision day` is refused: that day is not
    /// known.
    fn effective(&self) -> Result<(NaiveDate, String)> {
        let given = fact_date::parse(&self.date)
            .map_err(|e| tenkai::Error::Usage(format!("--date: {e}")))?;
        let Some(precision) = self.precision.as_deref() else {
            return Ok((given.date, given.precision.code().to_string()));
        };
        if precision == "day" && given.precision != Precision::Day {
            return Err(tenkai::Error::Usage(format!(
                "--date '{}' gives a {}, not a day, and --precision day would invent one. Leave out --precision, or give the day the source states.",
                self.date,
                given.precision.code().replace('_', " ")
            ))
            .into());
        }
        // A month, year or fiscal year is stored as its first day, as the forms store them.
        let date = match precision {
            "month" => given.date.with_day(1),
            "year" => given.date.with_day(1).and_then(|d| d.with_month(1)),
            "fiscal_year" => {
                let fy = if given.date.month() >= 4 {
                    given.date.year()
                } else {
                    given.date.year() - 1
                };
                NaiveDate::from_ymd_opt(fy, 4, 1)
            }
            _ => Some(given.date),
        }
        .unwrap_or(given.date);
        Ok((date, precision.to_string()))
    }
    /// The expected date, with the precision it is written in.
    fn expected(&self) -> Result<Option<FactDate>> {
        self.expected
            .as_deref()
            .map(|e| {
                fact_date::parse(e)
                    .map_err(|err| tenkai::Error::Usage(format!("--expected: {err}")).into())
            })
            .transpose()
    }
}

pub fn hub(ctx: &Ctx, cmd: HubCmd) -> Result<()> {
    match cmd {
        HubCmd::List {
            list,
            status,
            country,
            for_import,
        } => list_hubs(
            ctx,
            &list,
            status.as_deref(),
            country.as_deref(),
            for_import,
        )?,
        HubCmd::Show { hub, list } => show_hub(ctx, &hub, &list)?,
        HubCmd::Add {
            code,
            name_ja,
            name_en,
            country,
            kind,
            partners,
            new_partners,
            status,
            at,
        } => {
            let h = store::NewHub {
                new_partners,
                code,
                name_ja,
                name_en,
                country: country.to_ascii_uppercase(),
                kind,
                partners,
                status,
                effective_date: at.effective()?.0,
                expected_date: at.expected()?.map(|e| e.date),
                expected_precision: at.expected()?.map(|e| e.precision.code().to_string()),
                note: at.note.clone(),
                date_precision: at.effective()?.1,
                source: at.source.clone(),
            };
            add_hub(ctx, &h, &at)?;
        }
        HubCmd::Change(args) => super::hub_change::change(ctx, args)?,
        HubCmd::SetStatus { hub, status, at } => set_status(ctx, &hub, &status, &at)?,
    }
    Ok(())
}

/// `hub add`: a new hub with its partners and first status, or, with `--dry-run`, its check.
fn add_hub(ctx: &Ctx, h: &store::NewHub, at: &StatusArgs) -> Result<()> {
    at.english
        .check(ctx, at.source.as_deref(), at.note.as_deref())?;
    let mut store = ctx.store()?;
    let drawable = ctx.drawable();
    let rules = ctx.rules(at.allow_future, drawable.as_deref());
    let now = tenkai::store::history::write_instant(&store.conn);
    at.english
        .check_source(&store.conn, at.source.as_deref(), at.note.as_deref())?;
    let tx = store.conn.transaction()?;
    store::add_hub(&tx, h, &rules, now)?;
    at.english
        .record(&tx, at.source.as_deref(), at.note.as_deref())?;
    if at.dry_run {
        println!("hub {}: {} ({}, {})", h.code, h.name_ja, h.country, h.kind);
        ctx.say("dry run: nothing written");
        return Ok(());
    }
    tx.commit()?;
    ctx.say(format!("added hub {}", h.code));
    Ok(())
}

/// `hub set-status`: a status change (or a correction), or, with `--dry-run`, its check. The
/// status may be typed by its code or its name, as in the forms.
fn set_status(ctx: &Ctx, hub: &str, status: &str, at: &StatusArgs) -> Result<()> {
    let (d, precision) = at.effective()?;
    let expected = at.expected()?;
    at.english
        .check(ctx, at.source.as_deref(), at.note.as_deref())?;
    let change = store::NewStatus {
        status,
        effective: d,
        expected: expected.map(|e| e.date),
        expected_precision: expected.map(|e| e.precision.code()),
        note: at.note.as_deref(),
        precision: &precision,
        source: at.source.as_deref(),
    };
    let mut store = ctx.store()?;
    let drawable = ctx.drawable();
    let rules = ctx.rules(at.allow_future, drawable.as_deref());
    let now = tenkai::store::history::write_instant(&store.conn);
    at.english
        .check_source(&store.conn, at.source.as_deref(), at.note.as_deref())?;
    let tx = store.conn.transaction()?;
    let code = store::set_hub_status(&tx, hub, &change, &rules, now)?;
    let code_of = store::parse_status(status)?.code();
    let said = format!("{code}: {code_of} from {}", as_given(d, &precision));
    at.english
        .record(&tx, at.source.as_deref(), at.note.as_deref())?;
    if at.dry_run {
        println!("{said}");
        ctx.say("dry run: nothing written");
        return Ok(());
    }
    tx.commit()?;
    ctx.say(said);
    Ok(())
}

/// A status's date as precisely as it was given: `2018-05 (month)`, never the first day a month
/// is stored as; a date the source does not state is said so.
fn as_given(d: NaiveDate, precision: &str) -> String {
    match tenkai::fact_date::Precision::from_code(precision) {
        Some(p) => {
            let given = tenkai::fact_date::FactDate {
                date: d,
                precision: p,
            };
            format!("{} ({precision})", given.iso())
        }
        None => format!("{d} (date not stated: known to hold by then)"),
    }
}

/// `hub list`: the hubs with a status at the date, optionally of one status or country.
fn list_hubs(
    ctx: &Ctx,
    list: &ListArgs,
    status: Option<&str>,
    country: Option<&str>,
    for_import: bool,
) -> Result<()> {
    let status = status.map(store::parse_status).transpose()?;
    let store = ctx.reader()?;
    let at = list.as_of_in(ctx, &store.conn)?;
    let hubs: Vec<_> = store::hubs(&store.conn, &at)?
        .into_iter()
        .filter(|h| h.status.is_some())
        .filter(|h| status.is_none_or(|s| h.status == Some(s)))
        .filter(|h| {
            country
                .as_ref()
                .is_none_or(|c| h.country_iso.eq_ignore_ascii_case(c))
        })
        .collect();
    if list.format == Format::Json && !for_import {
        return list.json(&hubs);
    }
    if for_import {
        return list_for_import(list, hubs);
    }
    let rows = hubs
        .into_iter()
        .map(|h| {
            vec![
                h.code.into(),
                h.name_ja.into(),
                h.country_ja.into(),
                h.kind_ja.into(),
                h.partners_ja.join("、").into(),
                h.status.map(|s| s.label(Lang::Ja).to_string()).into(),
                h.status_since
                    .as_deref()
                    .and_then(|d| parse_date(d).ok())
                    .map(|d| when(d, h.date_precision.as_deref(), Lang::Ja))
                    .into(),
                h.status_since.into(),
                h.date_precision.into(),
            ]
        })
        .collect();
    write_all(
        list.sink()?,
        list.format,
        &[
            "code",
            "name",
            "country",
            "kind",
            "partners",
            "status",
            "date",
            "since",
            "precision",
        ],
        rows,
    )?;
    Ok(())
}

/// `hub list --for-import`: the hubs as the hubs import reads them back, each date at its
/// precision and each partner marked as new where the other database lacks it.
fn list_for_import(list: &ListArgs, hubs: Vec<store::Hub>) -> Result<()> {
    let rows = hubs
        .into_iter()
        .map(|h| {
            vec![
                h.code.into(),
                h.name_ja.into(),
                h.name_en.into(),
                h.country_iso.into(),
                h.kind.into(),
                // Each partner marked as new where the other database lacks it (a known
                // name is found whatever its mark).
                h.partners_ja
                    .iter()
                    .map(|p| format!("{}{p}", store::organisations::NEW_MARK[0]))
                    .collect::<Vec<_>>()
                    .join(";")
                    .into(),
                h.status.map(|s| s.code().to_string()).into(),
                at_precision(h.status_since.as_deref(), h.date_precision.as_deref()).into(),
                at_precision(h.expected_date.as_deref(), h.expected_precision.as_deref()).into(),
                h.note.into(),
                h.source.into(),
            ]
        })
        .collect();
    write_all(
        list.sink()?,
        list.format,
        tenkai::import::ImportKind::Hubs.columns(),
        rows,
    )?;
    Ok(())
}

/// A stored date as a file gives it back at its precision (`2018-05` for a month, `FY2018` for a
/// fiscal year, `〜2018-03-31` for a status the source gives no date for: the day by which it
/// holds), so that importing the listing keeps the precision; a day as the day.
fn at_precision(date: Option<&str>, precision: Option<&str>) -> Option<String> {
    let date = date?;
    let Ok(day) = parse_date(date) else {
        return Some(date.to_string());
    };
    let precision = match precision {
        // The day by which it holds, marked: the import reads it back as of unknown precision.
        Some("unknown") => return Some(format!("{}{day}", tenkai::import::UNSTATED)),
        Some("month") => Precision::Month,
        Some("year") => Precision::Year,
        Some("fiscal_year") | Some("from_fiscal_year") => Precision::FiscalYear,
        _ => Precision::Day,
    };
    Some(
        FactDate {
            date: day,
            precision,
        }
        .iso(),
    )
}

/// `hub show`: one hub and its status history.
fn show_hub(ctx: &Ctx, hub: &str, list: &ListArgs) -> Result<()> {
    let store = ctx.reader()?;
    let at = list.as_of_in(ctx, &store.conn)?;
    let id = store::hub_id(&store.conn, hub)?;
    let code = store::hub_code(&store.conn, id)?;
    let Some(h) = store::hubs(&store.conn, &at)?
        .into_iter()
        .find(|h| h.code == code)
    else {
        bail!("hub {code} was not yet known at {}", at.known_at_str());
    };
    let history = store::hub_history(&store.conn, id, at.known_at)?;
    // A reference to a source document, with the document's title.
    let docs = store::source_documents(&store.conn)?;
    let describe = |r: Option<&str>| {
        r.map(|r| {
            let described = store::Reference::parse(r, &docs).describe(&docs, Lang::Ja);
            if described == r {
                described
            } else {
                format!("{r} — {described}")
            }
        })
    };
    let changes = store::hub_changes::hub_changes(&store.conn, id, at.known_at)?;
    if list.format == Format::Json {
        return list.json(&serde_json::json!({ "hub": h, "history": history, "changes": changes }));
    }
    let fields = hub_fields(&h, describe);
    if list.format == Format::Table {
        write_all(
            out(),
            Format::Table,
            &["field", "value"],
            fields.into_iter().map(|(k, v)| vec![k.into(), v]).collect(),
        )?;
        println!("history (as known at {}):", at.known_at_str());
    }
    write_history(list, history)?;
    if list.format == Format::Table {
        write_changes(changes, &at)?;
    }
    Ok(())
}

/// The fields of `hub show`'s table: the hub as it stood, each reference with its document.
fn hub_fields(
    h: &store::Hub,
    describe: impl Fn(Option<&str>) -> Option<String>,
) -> Vec<(&'static str, Cell)> {
    vec![
        ("code", h.code.clone().into()),
        ("name_ja", h.name_ja.clone().into()),
        ("name_en", h.name_en.clone().into()),
        (
            "country",
            format!("{} {} ({})", h.country_iso, h.country_ja, h.country_en).into(),
        ),
        ("kind", format!("{} ({})", h.kind_ja, h.kind_en).into()),
        ("partners", h.partners_ja.join("、").into()),
        (
            "status",
            h.status
                .map(|s| format!("{} ({})", s.label(Lang::Ja), s.code()))
                .into(),
        ),
        ("since", h.status_since.clone().into()),
        ("expected", h.expected_date.clone().into()),
        ("precision", h.date_precision.clone().into()),
        (
            "date",
            h.status_since
                .as_deref()
                .and_then(|d| parse_date(d).ok())
                .map(|d| when(d, h.date_precision.as_deref(), Lang::Ja))
                .into(),
        ),
        ("note", h.note.clone().into()),
        ("source", describe(h.source.as_deref()).into()),
        ("status_source", describe(h.status_source.as_deref()).into()),
    ]
}

/// `hub show`'s status history, as known at the moment, in the format asked for.
fn write_history(list: &ListArgs, history: Vec<store::StatusChange>) -> Result<()> {
    let rows = history
        .into_iter()
        .map(|s| {
            vec![
                s.effective_date.into(),
                s.date_precision.into(),
                s.status.code().into(),
                s.expected_date.into(),
                s.note.into(),
                s.recorded_at.into(),
                s.source.into(),
            ]
        })
        .collect();
    write_all(
        list.sink()?,
        list.format,
        &[
            "effective_date",
            "precision",
            "status",
            "expected",
            "note",
            "recorded_at",
            "source",
        ],
        rows,
    )?;
    Ok(())
}

/// `hub show`'s table of the hub's changes of names, kind and partners, if it has any.
fn write_changes(
    changes: Vec<store::hub_changes::RecordedChange>,
    at: &tenkai::dates::AsOf,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    println!(
        "changes of names, kind and partners (as known at {}):",
        at.known_at_str()
    );
    let rows = changes
        .into_iter()
        .map(|c| {
            vec![
                c.effective_date.into(),
                c.date_precision.into(),
                c.name_ja.into(),
                c.name_en.into(),
                c.kind.into(),
                c.partners.map(|p| p.join("、")).into(),
                c.source.into(),
                c.recorded_at.into(),
            ]
        })
        .collect();
    write_all(
        out(),
        Format::Table,
        &[
            "effective_date",
            "precision",
            "name_ja",
            "name_en",
            "kind",
            "partners",
            "source",
            "recorded_at",
        ],
        rows,
    )?;
    Ok(())
}

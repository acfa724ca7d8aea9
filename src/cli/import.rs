//! `tenkai import`: rows from a CSV file or a workbook into the record, all or none, with a
//! progress bar on long files; or the empty workbook form to fill in.

use super::{write_file, Ctx};
use anyhow::Result;
use std::path::PathBuf;
use tenkai::import::{FactKind, ImportKind};

/// The arguments of `tenkai import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// What the file holds: hubs, meetings or members; a kind of fact (agreements, …); quarter,
    /// the quarter workbook with every kind; or template, to write the form for one
    #[arg(value_parser = import_kinds())]
    what: String,
    /// The CSV or .xlsx file; after `template`, the form's kind (hubs, meetings, members,
    /// quarter, or a kind of fact)
    file: PathBuf,
    /// The workbook's sheet to read (default: the first)
    #[arg(long)]
    sheet: Option<String>,
    /// Where `import template` writes the form (.xlsx)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an existing file at --out (never the database, a link, a folder, a device or
    /// a file tenkai exported)
    #[arg(long, requires = "out")]
    force: bool,
    /// Check every row and report problems, but write nothing
    #[arg(long)]
    dry_run: bool,
    /// The file's encoding; auto reads UTF-8, or CP932 (Shift_JIS, Excel's CSV in Japan)
    /// when the file is not UTF-8
    #[arg(long, value_parser = super::values::encoding(), default_value = "auto")]
    encoding: tenkai::import::Encoding,
    /// Accept status dates more than a year ahead
    #[arg(long)]
    allow_future: bool,
}

/// What `tenkai import` takes: hubs, meetings, members, each kind of fact of the quarter form
/// (agreements, wg-events, …), quarter, or template.
fn import_kinds() -> clap::builder::PossibleValuesParser {
    let facts = tenkai::import::QUARTER
        .iter()
        .map(|k| k.names().0)
        .filter(|n| !matches!(*n, "meetings" | "members"));
    let all: Vec<&'static str> = ["hubs", "meetings", "members"]
        .into_iter()
        .chain(facts)
        .chain(["quarter", "template"])
        .collect();
    clap::builder::PossibleValuesParser::new(all)
}

/// The kind of fact an import names (other than the hubs, meetings and members files).
fn fact_kind(what: &str) -> Option<FactKind> {
    tenkai::import::QUARTER
        .iter()
        .copied()
        .find(|k| k.names().0 == what)
}

/// An import's progress on stderr, for a file of 10,000 rows or more (a pass that takes seconds),
/// unless --quiet: a bar on a terminal; elsewhere (cron, a log) a line each 10,000 rows.
fn import_progress(quiet: bool) -> impl Fn(tenkai::import::Step) {
    use std::io::IsTerminal;
    use tenkai::import::Step;
    const EVERY: usize = 10_000;
    let bar = std::cell::RefCell::new(None::<indicatif::ProgressBar>);
    let lines = std::cell::Cell::new(None::<(&str, usize, usize)>);
    move |step| match step {
        Step::Start(what, rows) if !quiet && rows >= EVERY && !std::io::stderr().is_terminal() => {
            eprintln!("{what} {rows} rows…");
            lines.set(Some((what, 0, rows)));
        }
        Step::Row if lines.get().is_some() => {
            if let Some((what, done, rows)) = lines.get() {
                let done = done + 1;
                if done % EVERY == 0 && done < rows {
                    eprintln!("{what}: {done}/{rows} rows");
                }
                lines.set(Some((what, done, rows)));
            }
        }
        Step::Done if lines.get().is_some() => lines.set(None),
        Step::Start(what, rows) if !quiet && rows >= EVERY => {
            let pb = indicatif::ProgressBar::with_draw_target(
                Some(rows as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            pb.set_style(
                indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} rows")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            pb.set_message(what);
            *bar.borrow_mut() = Some(pb);
        }
        Step::Start(..) => {}
        Step::Row => {
            if let Some(pb) = &*bar.borrow() {
                pb.inc(1);
            }
        }
        Step::Done => {
            if let Some(pb) = bar.borrow_mut().take() {
                pb.finish_and_clear();
            }
        }
    }
}

/// Imports a file, or writes the form for one kind.
pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    match args.what.as_str() {
        "hubs" => import(ctx, ImportKind::Hubs, &args),
        "meetings" => import(ctx, ImportKind::Meetings, &args),
        "members" => import(ctx, ImportKind::Members, &args),
        "hub-status" => import(ctx, ImportKind::HubStatus, &args),
        "template" => template(ctx, &args),
        "quarter" => facts(ctx, None, &args),
        other => match fact_kind(other) {
            Some(kind) => facts(ctx, Some(kind), &args),
            None => Err(tenkai::Error::Usage(format!("'{other}' is not a kind of import")).into()),
        },
    }
}

/// `import template KIND --out FORM.xlsx`: the empty form of a kind.
fn template(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let named = args.file.to_str().unwrap_or_default();
    let facts: Option<&[FactKind]> = match named {
        "quarter" => Some(tenkai::import::QUARTER),
        _ => tenkai::import::QUARTER
            .iter()
            .find(|k| k.names().0 == named)
            .filter(|k| {
                !matches!(
                    k,
                    FactKind::Meetings | FactKind::Members | FactKind::HubStatus
                )
            })
            .map(std::slice::from_ref),
    };
    let kind = match named {
        "hubs" => Some(ImportKind::Hubs),
        "meetings" => Some(ImportKind::Meetings),
        "members" => Some(ImportKind::Members),
        "hub-status" => Some(ImportKind::HubStatus),
        _ => None,
    };
    if facts.is_none() && kind.is_none() {
        return Err(tenkai::Error::Usage(format!(
            "'{}' is not a kind of import: write `tenkai import template quarter --out Q.xlsx` (or hubs, meetings, members, agreements, agreement-counts, wg-events, platform-events, policies, projects, new-hubs, hub-status, hub-changes, organisations, coverage)",
            args.file.display()
        ))
        .into());
    }
    let out = args.out.as_ref().ok_or_else(|| {
        tenkai::Error::Usage("import template writes a workbook: give --out FORM.xlsx".into())
    })?;
    let store = ctx.reader()?;
    let bytes = match (facts, kind) {
        (Some(kinds), _) => tenkai::import::facts_template(&store.conn, kinds)?,
        (None, Some(kind)) => tenkai::import::template(&store.conn, kind)?,
        (None, None) => unreachable!("refused above"),
    };
    write_file(out, &bytes, args.force)?;
    ctx.say(format!(
        "{}: the form to fill in; import it with `tenkai import {} {}`",
        out.display(),
        args.file.display(),
        out.display()
    ));
    Ok(())
}

/// Imports the rows of a file, all or none, and says how it read them.
fn import(ctx: &Ctx, kind: ImportKind, args: &ImportArgs) -> Result<()> {
    let file = &args.file;
    let s = with_options(ctx, args, |conn, opts, at| {
        tenkai::import::import_file(conn, &ctx.db, kind, file, args.sheet.as_deref(), opts, at)
    })?;
    match s.encoding {
        "cp932" => ctx.say(format!(
            "{}: not UTF-8; read as CP932 (Shift_JIS)",
            file.display()
        )),
        "utf-16" => ctx.say(format!(
            "{}: not UTF-8; read as UTF-16, as its byte order mark says",
            file.display()
        )),
        _ => {}
    }
    for line in &s.lines {
        println!("{line}");
    }
    if args.dry_run {
        ctx.say(format!(
            "{}: {} row(s) are valid; nothing was written (--dry-run)",
            file.display(),
            s.rows
        ));
    } else {
        ctx.say(format!("{}: imported {} row(s)", file.display(), s.rows));
    }
    Ok(())
}

/// Imports a kind of fact from a file, or (`kind` none) the quarter workbook: all rows or none.
fn facts(ctx: &Ctx, kind: Option<FactKind>, args: &ImportArgs) -> Result<()> {
    let (db, file) = (&ctx.db, &args.file);
    let s = with_options(ctx, args, |conn, opts, at| match kind {
        Some(kind) => {
            tenkai::import::import_kind(conn, db, kind, file, args.sheet.as_deref(), opts, at)
        }
        None => tenkai::import::import_quarter(conn, db, file, opts, at),
    })?;
    let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    if args.dry_run {
        for row in &s.described {
            ctx.say(row);
        }
        ctx.say(format!(
            "{}: {} row(s) are valid ({}); nothing was written (--dry-run)",
            file.display(),
            s.rows,
            kinds.join(", ")
        ));
    } else {
        ctx.say(format!(
            "{}: imported {} row(s) ({})",
            file.display(),
            s.rows,
            kinds.join(", ")
        ));
    }
    Ok(())
}

/// Opens the store and runs an import with the options the arguments give: the rules of today
/// (with the report fonts' characters), the progress bar, and the write's time.
fn with_options<T>(
    ctx: &Ctx,
    args: &ImportArgs,
    run: impl FnOnce(
        &mut rusqlite::Connection,
        &tenkai::import::ImportOptions<'_>,
        chrono::DateTime<chrono::Utc>,
    ) -> tenkai::Result<T>,
) -> Result<T> {
    let mut store = ctx.store()?;
    let drawable = ctx.drawable();
    let bar = import_progress(ctx.quiet);
    let opts = tenkai::import::ImportOptions {
        dry_run: args.dry_run,
        encoding: args.encoding,
        rules: ctx.rules(args.allow_future, drawable.as_deref()),
        progress: &bar,
    };
    let at = tenkai::store::history::write_instant(&store.conn);
    Ok(run(&mut store.conn, &opts, at)?)
}

//! `tenkai import`: rows from a CSV file or a workbook into the record, all or none, with a
//! progress bar on long files; or the empty workbook form to fill in.

use super::{write_file, Ctx};
use anyhow::Result;
use std::path::PathBuf;
use tenkai::import::ImportKind;

/// The arguments of `tenkai import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// What the file holds: hubs, meetings or members; or template, to write the form for one
    what: ImportWhat,
    /// The CSV or .xlsx file; after `template`, the form's kind (hubs, meetings or members)
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

/// What `tenkai import` does: import a kind of rows, or write the form for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportWhat {
    Hubs,
    Meetings,
    Members,
    /// Status changes of hubs already recorded (hub, status, effective_date, expected_date,
    /// note, source)
    HubStatus,
    /// Write the empty workbook form for the kind named next
    Template,
}

/// An import's progress bar on stderr: shown for a file of 10,000 rows or more (a pass that takes
/// seconds), and only on a terminal, unless --quiet.
fn import_progress(quiet: bool) -> impl Fn(tenkai::import::Step) {
    use tenkai::import::Step;
    let bar = std::cell::RefCell::new(None::<indicatif::ProgressBar>);
    move |step| match step {
        Step::Start(what, rows) if !quiet && rows >= 10_000 => {
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
    let kind = match args.what {
        ImportWhat::Hubs => ImportKind::Hubs,
        ImportWhat::Meetings => ImportKind::Meetings,
        ImportWhat::Members => ImportKind::Members,
        ImportWhat::HubStatus => ImportKind::HubStatus,
        ImportWhat::Template => return template(ctx, &args),
    };
    import(ctx, kind, &args)
}

/// `import template KIND --out FORM.xlsx`: the empty form of a kind.
fn template(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let kind = match args.file.to_str() {
        Some("hubs") => ImportKind::Hubs,
        Some("meetings") => ImportKind::Meetings,
        Some("members") => ImportKind::Members,
        Some("hub-status") => ImportKind::HubStatus,
        _ => {
            return Err(tenkai::Error::Usage(format!(
                "'{}' is not a kind of import: write `tenkai import template hubs` (or meetings, members, hub-status) --out FORM.xlsx",
                args.file.display()
            ))
            .into())
        }
    };
    let out = args.out.as_ref().ok_or_else(|| {
        tenkai::Error::Usage("import template writes a workbook: give --out FORM.xlsx".into())
    })?;
    let store = ctx.reader()?;
    let bytes = tenkai::import::template(&store.conn, kind)?;
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
    let file = &args.file;
    let s = tenkai::import::import_file(
        &mut store.conn,
        &ctx.db,
        kind,
        file,
        args.sheet.as_deref(),
        &opts,
        at,
    )?;
    if s.encoding == "cp932" {
        ctx.say(format!(
            "{}: not UTF-8; read as {} (Shift_JIS)",
            file.display(),
            s.encoding.to_uppercase()
        ));
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

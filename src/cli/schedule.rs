//! `tenkai schedule`: list, run, daemon, log, verify.

use super::write_all;
use super::Ctx;
use anyhow::Result;
use clap::Subcommand;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tenkai::dates::{now, parse_instant};
use tenkai::schedule::{self, Outcome, Wait};
use tenkai::table::Format;

#[derive(Subcommand)]
pub enum ScheduleCmd {
    /// Each scheduled report: its rule, last send (scheduled or by hand), what is due and not yet
    /// sent (periods and files) and the next due time
    #[command(after_help = "Example:\n  tenkai schedule list")]
    List {
        /// Pretend it is this time (for checking a schedule)
        #[arg(long)]
        now: Option<String>,
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: Format,
    },
    /// Export everything due and not yet exported, oldest first (safe to run as often as wanted)
    #[command(
        after_help = "Examples:\n  tenkai schedule run --dry-run\n  tenkai schedule run\n  tenkai schedule run --now 2018-07-10T09:00+09:00 --out-dir /srv/reports\n\nThe first run starts at the newest period due then (recorded in the database), not at years of periods nobody sent: back-fill with --from FY2017Q1, or name first_period in the definition's [schedule]. A period already sent by hand (`report render` to the report's own output path) is not exported again; a render with --out elsewhere is a check and does not count.\nExit code 1 when an export failed; it is retried by a later run after a back-off (5 min, doubling, at most 6 h)."
    )]
    Run {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Run `schedule run` at each due time until stopped (SIGTERM or SIGINT stops it between files)
    #[command(after_help = "Example:\n  tenkai schedule daemon --out-dir /srv/reports")]
    Daemon {
        /// The export folder
        #[arg(long, default_value = "exports")]
        out_dir: PathBuf,
    },
    /// The export log
    #[command(after_help = "Example:\n  tenkai schedule log --report quarterly --format csv")]
    Log {
        /// Only this report's exports
        #[arg(long)]
        report: Option<String>,
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: Format,
    },
    /// Re-hash the file of every logged export (every version, sends and checks) and name each
    /// export whose file is gone or changed
    #[command(
        after_help = "Examples:\n  tenkai schedule verify\n  tenkai schedule verify --corrections"
    )]
    Verify {
        /// Instead, list every sent report whose content has changed since it was sent, with the
        /// number of differences: the 正誤表 the office may owe (see `tenkai report errata`)
        #[arg(long)]
        corrections: bool,
    },
    /// (Internal) one report's exports for a period and language, in the process that `schedule
    /// run` starts for them under the report's memory limit; one JSON line per export
    #[command(hide = true)]
    ExportGroup(ExportGroupArgs),
}

/// The arguments of the hidden `schedule export-group`.
#[derive(clap::Args)]
pub struct ExportGroupArgs {
    /// The report
    #[arg(long)]
    report: String,
    /// The period
    #[arg(long)]
    period: tenkai::period::Period,
    /// The language
    #[arg(long)]
    lang: tenkai::i18n::Lang,
    /// The formats, in order
    #[arg(long, value_delimiter = ',', value_parser = super::values::render_format())]
    formats: Vec<tenkai::render::Format>,
    /// The run's time
    #[arg(long)]
    now: String,
    /// The export folder
    #[arg(long)]
    out_dir: PathBuf,
    /// Write without logging
    #[arg(long)]
    dry_run: bool,
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The current time (default: the clock); for catching up or testing, e.g. 2018-07-10T09:00+09:00
    #[arg(long)]
    now: Option<String>,
    /// The export folder (default exports/)
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// Print the plan (which periods, which files) and export nothing; with --out-dir, also
    /// write those files there as a trial, logging nothing. Needed for a --now later than the
    /// clock.
    #[arg(long)]
    dry_run: bool,
    /// Back-fill: export every period due from this one on (e.g. FY2017Q1), not only those since
    /// the database was first scheduled; the schedule's recorded start moves back to it
    #[arg(long)]
    from: Option<tenkai::period::Period>,
    /// Exit at once if another runner is active, instead of waiting for it
    #[arg(long, conflicts_with = "wait")]
    no_wait: bool,
    /// How long to wait for another active runner before giving up with exit 1 (e.g. 30s,
    /// 10m)
    #[arg(long, default_value = "10m", value_parser = super::sql::parse_duration)]
    wait: std::time::Duration,
}

pub fn run(ctx: &Ctx, cmd: ScheduleCmd) -> Result<i32> {
    match cmd {
        ScheduleCmd::List { now: n, format } => list(ctx, n.as_deref(), format),
        ScheduleCmd::Run { run } => run_now(ctx, &run),
        ScheduleCmd::Daemon { out_dir } => daemon(ctx, &out_dir),
        ScheduleCmd::ExportGroup(args) => export_group(ctx, args),
        ScheduleCmd::Log { report, format } => log(ctx, report.as_deref(), format),
        ScheduleCmd::Verify { corrections: true } => verify_corrections(ctx),
        ScheduleCmd::Verify { corrections: false } => verify(ctx),
    }
}

/// `schedule list`: each report's rule, last export, what is pending and what is next.
fn list(ctx: &Ctx, n: Option<&str>, format: Format) -> Result<i32> {
    let at = match n {
        Some(s) => parse_instant(s)?,
        None => now(),
    };
    let store = ctx.reader()?;
    let st = schedule::status(&store.conn, &ctx.reports, at)?;
    if format == Format::Json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &st)?;
        println!();
        return Ok(0);
    }
    let rows = st
        .into_iter()
        .map(|s| {
            vec![
                s.report.into(),
                s.rule.into(),
                s.last_export.into(),
                s.last_period.into(),
                periods_and_files(s.pending_periods, s.pending).into(),
                s.next_period.into(),
                s.next_due.into(),
            ]
        })
        .collect();
    write_all(
        std::io::stdout().lock(),
        format,
        &[
            "report",
            "rule",
            "last_export",
            "last_period",
            "pending",
            "next_period",
            "next_due",
        ],
        rows,
    )?;
    Ok(0)
}

/// `schedule run`: what is due, once (or its plan, with --dry-run).
fn run_now(ctx: &Ctx, run: &RunArgs) -> Result<i32> {
    let clock = now();
    let at = match &run.now {
        Some(s) => parse_instant(s)?,
        None => clock,
    };
    if at > clock && !run.dry_run {
        return Err(tenkai::Error::Usage(format!(
            "--now {} is later than the clock ({}): a run in the future would log periods as exported before they are due, and real runs would then find nothing to do. Add --dry-run to try the schedule: it writes to a scratch folder and logs nothing.",
            tenkai::dates::ts(at),
            tenkai::dates::ts(clock)
        ))
        .into());
    }
    if run.dry_run {
        let store = ctx.reader()?;
        let dir = run
            .out_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("exports"));
        print_plan(ctx, &store.conn, &dir, at, run.from)?;
        if run.out_dir.is_none() {
            return Ok(0);
        }
    }
    let out_dir = run
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("exports"));
    if run.dry_run {
        ctx.say(format!(
            "dry run: files go to {}; nothing is logged",
            out_dir.display()
        ));
    }
    let stop = AtomicBool::new(false);
    let wait = if run.no_wait {
        Wait::No
    } else {
        Wait::For(run.wait)
    };
    once(ctx, at, &out_dir, wait, (run.dry_run, run.from), &stop)
}

/// The hidden `schedule export-group`: one report's exports for a period and language, in the
/// process `schedule run` starts for them, one JSON line per export.
fn export_group(ctx: &Ctx, args: ExportGroupArgs) -> Result<i32> {
    let ExportGroupArgs {
        report,
        period,
        lang,
        formats,
        now: at,
        out_dir,
        dry_run,
    } = args;
    // Held for this process's life: see `schedule::child_lock`.
    let _held = schedule::child_lock(&ctx.db)?;
    let mut store = ctx.store()?;
    let stop = AtomicBool::new(false);
    let r = schedule::Run {
        reports: &ctx.reports,
        db: &ctx.db,
        out_dir: &out_dir,
        now: parse_instant(&at)?,
        stop: &stop,
        dry_run,
        from: None,
        isolate: None,
    };
    let mut out = std::io::stdout().lock();
    schedule::export_here(
        &mut store.conn,
        &r,
        &report,
        period,
        lang,
        &formats,
        |j, o| {
            // Each outcome as soon as it is known: what the runner has if this process dies.
            let _ = writeln!(out, "{}", schedule::outcome_line(j, o)).and_then(|()| out.flush());
        },
    )?;
    Ok(0)
}

/// `schedule log`: the export log.
fn log(ctx: &Ctx, report: Option<&str>, format: Format) -> Result<i32> {
    let store = ctx.reader()?;
    let (cols, out) = tenkai::store::export_log::listing(&store.conn, report)?;
    let names: Vec<&str> = cols.iter().map(String::as_str).collect();
    write_all(std::io::stdout().lock(), format, &names, out)?;
    Ok(0)
}

/// `schedule verify --corrections`: every sent report whose content has changed since.
fn verify_corrections(ctx: &Ctx) -> Result<i32> {
    let mut store = ctx.reader()?;
    let owed = tenkai::report::errata::owed(&mut store.conn, &ctx.reports, tenkai::dates::now())?;
    for o in &owed {
        println!(
            "{} {} {}: {} difference(s) since export {} (known at {}); see `tenkai report errata {} --period {} --lang {}`",
            o.report, o.period, o.lang, o.differences, o.export, o.known_at, o.report, o.period, o.lang
        );
    }
    ctx.say(format!(
        "{} sent report(s) changed since they were sent",
        owed.len()
    ));
    Ok(0)
}

/// `schedule verify`: every logged file against the log, and the history's order.
fn verify(ctx: &Ctx) -> Result<i32> {
    let store = ctx.reader()?;
    let (checked, problems) = schedule::verify(&store.conn)?;
    for p in &problems {
        println!("{}: {}", p.path, p.problem);
    }
    if problems.is_empty() {
        ctx.say(format!("{checked} exported file(s) match the log"));
        Ok(0)
    } else {
        eprintln!(
            "error: {} problem(s) found ({checked} exported file(s) checked): files missing or changed, or history rows out of order or ahead of now",
            problems.len()
        );
        Ok(1)
    }
}

/// The plan of a run at `at`: each due file not yet sent, by period, and the totals. Nothing is
/// written or logged.
fn print_plan(
    ctx: &Ctx,
    conn: &rusqlite::Connection,
    out_dir: &std::path::Path,
    at: chrono::DateTime<chrono::Utc>,
    from: Option<tenkai::period::Period>,
) -> Result<()> {
    let (jobs, broken) = schedule::plan(conn, &ctx.reports, out_dir, at, from)?;
    let mut periods = std::collections::BTreeSet::new();
    for (j, file) in &jobs {
        periods.insert((j.report.clone(), j.period.to_string()));
        match file {
            Ok(p) => println!("{} {}: {}", j.report, j.period, p.display()),
            Err(e) => println!(
                "{} {}: {} {} cannot be exported: {e}",
                j.report,
                j.period,
                j.lang,
                j.format.ext()
            ),
        }
    }
    for b in &broken {
        eprintln!("report {} cannot be exported: {}", b.name, b.error);
    }
    ctx.say(format!(
        "plan at {}: {}; nothing exported (run without --dry-run to export them)",
        tenkai::dates::ts(at),
        periods_and_files(periods.len(), jobs.len())
    ));
    Ok(())
}

/// "2 periods, 4 files".
fn periods_and_files(periods: usize, files: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!("{periods} period{}, {files} file{}", s(periods), s(files))
}

/// One locked run. Exit code 1 when any export failed.
fn once(
    ctx: &Ctx,
    at: chrono::DateTime<chrono::Utc>,
    out_dir: &std::path::Path,
    wait: Wait,
    (dry_run, from): (bool, Option<tenkai::period::Period>),
    stop: &AtomicBool,
) -> Result<i32> {
    let mut store = ctx.store()?;
    store.defer_checkpoint()?;
    let Some(_lock) = schedule::lock(&ctx.db, wait, || {
        ctx.say("another schedule runner is active; waiting for it to finish")
    })?
    else {
        ctx.say("another schedule runner is active; it will export what is due");
        return Ok(0);
    };
    // An export process of a killed runner finishes before its rows are looked at.
    drop(schedule::child_lock(&ctx.db)?);
    let recovered = if dry_run {
        0
    } else {
        schedule::recover(&store.conn, out_dir)?
    };
    if recovered > 0 {
        ctx.say(format!(
            "{recovered} export(s) interrupted by an earlier runner will be retried"
        ));
    }
    let exe = std::env::current_exe().ok();
    let tty = std::io::stderr().is_terminal() && !ctx.quiet;
    let bar = std::cell::RefCell::new(None::<indicatif::ProgressBar>);
    let r = schedule::Run {
        reports: &ctx.reports,
        db: &ctx.db,
        out_dir,
        now: at,
        stop,
        dry_run,
        from,
        // Each export in a process of its own (this program again), under its memory limit.
        isolate: exe.as_deref(),
    };
    let (results, broken) = schedule::run(&mut store.conn, &r, |i, total, job, outcome| {
        if tty {
            let mut b = bar.borrow_mut();
            let pb = b.get_or_insert_with(|| {
                let pb = indicatif::ProgressBar::new(total as u64);
                pb.set_style(
                    indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                pb
            });
            pb.set_position(i as u64);
            pb.set_message(job.to_string());
            if let Outcome::Failed(e) = outcome {
                pb.println(format!("failed: {job}: {e}"));
            }
        } else {
            match outcome {
                Outcome::Exported(x) => ctx.say(format!(
                    "[{i}/{total}] exported {job} -> {}",
                    x.path.display()
                )),
                Outcome::Failed(e) => eprintln!("[{i}/{total}] failed: {job}: {e}"),
                Outcome::Waiting(_) => {}
            }
        }
    })?;
    if let Some(pb) = bar.borrow_mut().take() {
        pb.finish_and_clear();
    }
    let exported = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Exported(_)))
        .count();
    let failed = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
        .count();
    for (j, o) in &results {
        if let Outcome::Waiting(t) = o {
            ctx.say(format!(
                "waiting: {j} failed before; next retry after {}",
                tenkai::dates::ts(*t)
            ));
        }
    }
    for b in &broken {
        eprintln!(
            "failed: report {} cannot be exported, the others were: {}",
            b.name, b.error
        );
    }
    if stop.load(Ordering::SeqCst) {
        ctx.say("stopped between files as asked");
    }
    let failed = failed + broken.len();
    ctx.say(format!("{exported} exported, {failed} failed"));
    Ok(if failed > 0 { 1 } else { 0 })
}

fn daemon(ctx: &Ctx, out_dir: &std::path::Path) -> Result<i32> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    ctx.say("schedule daemon started; SIGTERM or SIGINT stops it");
    let mut code = 0;
    while !stop.load(Ordering::SeqCst) {
        code = once(ctx, now(), out_dir, Wait::No, (false, None), &stop)?;
        let store = ctx.reader()?;
        let next = schedule::next_wakeup(&store.conn, &ctx.reports, now())?;
        drop(store);
        let Some(next) = next else {
            ctx.say("nothing is scheduled; stopping");
            break;
        };
        ctx.say(format!("next run at {}", tenkai::dates::ts(next)));
        while !stop.load(Ordering::SeqCst) && now() < next {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }
    ctx.say("schedule daemon stopped");
    Ok(code)
}

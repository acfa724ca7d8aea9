//! `tenkai schedule`: list, run, daemon, log, verify.

use super::write_all;
use super::Ctx;
use anyhow::Result;
use clap::Subcommand;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use tenkai::dates::{now, parse_instant};
use tenkai::delivery::Outcome as Delivery;
use tenkai::schedule::{self, Wait};
use tenkai::table::Format;

mod progress;
use progress::{say_results, Progress};

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
        after_help = "Examples:\n  tenkai schedule run --dry-run\n  tenkai schedule run\n  tenkai schedule run --now 2018-07-10T09:00+09:00 --out-dir /srv/reports\n\nThe first run starts at the newest period due then (recorded in the database), not at years of periods nobody sent: back-fill with --from FY2017Q1, or name first_period in the definition's [schedule]. A period already sent by hand (`report render` to the report's own output path) is not exported again; a render with --out elsewhere is a check and does not count.\nAfter the exports, each report's [delivery] (mail, shared folders) carries its sends: one delivery per report, period and channel, logged in the delivery log (`schedule log --deliveries`). A delivery stopped between the send and its log is 'unknown' and is not sent again on its own (see `schedule deliver`).\nExit code 1 when an export or a delivery failed; it is retried by a later run after a back-off (5 min, doubling, at most 6 h)."
    )]
    Run {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Run `schedule run` at each due time until stopped (SIGTERM or SIGINT stops it between files)
    #[command(
        after_help = "While a due export waits for its narrative (`required_narrative`), the daemon looks again every 5 minutes and exports it at the first look after the narrative is set.\n\nExample:\n  tenkai schedule daemon --out-dir /srv/reports"
    )]
    Daemon {
        /// The export folder
        #[arg(long, default_value = "exports")]
        out_dir: PathBuf,
    },
    /// The export log, and beside it the delivery log
    #[command(
        after_help = "Examples:\n  tenkai schedule log --report quarterly --format csv\n  tenkai schedule log --deliveries\n\nAs a table, the exports come first and the deliveries after them. Each delivery attempt is a 'sending' row, written before the network step, followed by a row for what became of it: ok, failed (with the error) or unknown (the process was stopped in between); exports lists the export ids the attempt carried."
    )]
    Log {
        /// Only this report's exports and deliveries
        #[arg(long)]
        report: Option<String>,
        /// Only the delivery log (mail and folder deliveries), in any format
        #[arg(long)]
        deliveries: bool,
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
    /// Deliver what is due now (as `schedule run` does after its exports), or decide a delivery
    /// left unknown: send it again (--resend) or record that it arrived (--settle)
    #[command(
        after_help = "Examples:\n  tenkai schedule deliver\n  tenkai schedule deliver --resend 12\n  tenkai schedule deliver --settle 12\n\nA delivery whose process was stopped between the send and its log is 'unknown': the server may or may not have the mail, so tenkai never sends it again on its own and `schedule verify` lists it. Ask the recipients; then --resend ID sends it again, or --settle ID records it as delivered. The ID is any row of that delivery in `tenkai schedule log --deliveries`.\nCredentials come from the channel's password_env or password_file (mode 0600), never from the definition; they are never printed."
    )]
    Deliver {
        /// Send this delivery again now (a row id from `schedule log --deliveries`)
        #[arg(long, value_name = "ID", conflicts_with = "settle")]
        resend: Option<i64>,
        /// Record this delivery as delivered without sending it
        #[arg(long, value_name = "ID")]
        settle: Option<i64>,
        /// The current time (default: the clock; never later than it)
        #[arg(long)]
        now: Option<String>,
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
    /// write those files there as a trial, and each mail a delivery would send as
    /// DIR/delivery/REPORT/PERIOD.CHANNEL.report.eml, sending and logging nothing. Needed for a
    /// --now later than the clock.
    #[arg(long)]
    dry_run: bool,
    /// Back-fill: export every period due from this one on (e.g. FY2017Q1), not only those since
    /// the database was first scheduled; the schedule's recorded start moves back to it. Refused
    /// when it would start a report before the first fact the database records
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
        ScheduleCmd::Log {
            report,
            deliveries,
            format,
        } => log(ctx, report.as_deref(), deliveries, format),
        ScheduleCmd::Deliver {
            resend,
            settle,
            now: n,
        } => deliver_cmd(ctx, resend, settle, n.as_deref()),
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
                s.waiting_for_narrative.join("; ").into(),
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
            "waiting_for_narrative",
            "next_period",
            "next_due",
        ],
        rows,
    )?;
    Ok(0)
}

/// Refuses a back-fill from a period that has not ended at the run's time: no period of it can be
/// due, so the start would stay where it is and the run would say nothing of it (a year mistyped).
fn refuse_future_from(
    from: Option<tenkai::period::Period>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let Some(from) = from else { return Ok(()) };
    if from.end() < tenkai::dates::tokyo_date(at) {
        return Ok(());
    }
    Err(tenkai::Error::Usage(format!(
        "--from {from} has not ended (it ends {}), so nothing from it can be due: a back-fill starts at a period already ended. Check the year (a run starts where the schedule recorded it; --from only moves that start back)",
        from.end()
    ))
    .into())
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
            "--now {} is later than the clock ({}): a run in the future would log periods as exported before they are due, and real runs would then find nothing to do. Add --dry-run to try the schedule: it prints the plan and logs nothing (with --out-dir DIR, it also writes the files into DIR as a trial).",
            tenkai::dates::ts(at),
            tenkai::dates::ts(clock)
        ))
        .into());
    }
    refuse_future_from(run.from, at)?;
    schedule::refuse_from_before_record(&ctx.reader()?.conn, &ctx.reports, run.from)?;
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
    let wait = if run.no_wait {
        Wait::No
    } else {
        Wait::For(run.wait)
    };
    // Ctrl-C (or SIGTERM) reaches the export's own process too, which removes its temporary file
    // and logs its export as interrupted; the run then stops between exports, says what it did,
    // and exits as interrupted (130, or 143 for SIGTERM).
    let (stop, signal) = stop_on_signals()?;
    let code = once(ctx, at, &out_dir, wait, (run.dry_run, run.from), &stop)?;
    Ok(match signal.load(Ordering::SeqCst) {
        0 => code,
        sig => 128 + sig as i32,
    })
}

/// Leaves SIGINT and SIGTERM to the caller, which stops between files: the flag it checks, and
/// the number of the signal that set it (0 until one did).
fn stop_on_signals() -> Result<(Arc<AtomicBool>, Arc<AtomicUsize>)> {
    let stop = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(AtomicUsize::new(0));
    tenkai::output::interrupt::defer();
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    Ok((stop, signal))
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

/// `schedule log`: the export log, and as a table the delivery log after it (or, with
/// `--deliveries`, the delivery log alone).
fn log(ctx: &Ctx, report: Option<&str>, deliveries: bool, format: Format) -> Result<i32> {
    let store = ctx.reader()?;
    let write = |(cols, out): (Vec<String>, Vec<Vec<tenkai::cell::Cell>>)| -> Result<()> {
        let names: Vec<&str> = cols.iter().map(String::as_str).collect();
        write_all(std::io::stdout().lock(), format, &names, out)?;
        Ok(())
    };
    let delivered = tenkai::store::delivery_log::listing(&store.conn, report)?;
    if deliveries {
        write(delivered)?;
        return Ok(0);
    }
    write(tenkai::store::export_log::listing(&store.conn, report)?)?;
    if format == Format::Table && !delivered.1.is_empty() {
        println!("\ndeliveries:");
        write(delivered)?;
    }
    Ok(0)
}

/// `schedule deliver`: what is due, or a decision about one delivery.
fn deliver_cmd(
    ctx: &Ctx,
    resend: Option<i64>,
    settle: Option<i64>,
    n: Option<&str>,
) -> Result<i32> {
    let clock = now();
    let at = match n {
        Some(s) => parse_instant(s)?,
        None => clock,
    };
    if at > clock {
        return Err(tenkai::Error::Usage(format!(
            "--now {} is later than the clock ({}): a delivery is logged at the time it is made",
            tenkai::dates::ts(at),
            tenkai::dates::ts(clock)
        ))
        .into());
    }
    let store = ctx.store()?;
    let Some(_lock) = schedule::lock(
        &ctx.db,
        Wait::For(std::time::Duration::from_secs(600)),
        || ctx.say("another schedule runner is active; waiting for it to finish"),
    )?
    else {
        return Ok(1);
    };
    settle_interrupted(&store.conn, at)?;
    let reading = tenkai::delivery::Reading {
        conn: &store.conn,
        reports: &ctx.reports,
        db: &ctx.db,
    };
    let outcome = match (resend, settle) {
        (Some(id), _) => tenkai::delivery::resend(reading, id, at)?,
        (None, Some(id)) => {
            let attempt = tenkai::delivery::settle(&store.conn, id, at)?;
            ctx.say(format!(
                "delivery {attempt} recorded as delivered; nothing sent"
            ));
            return Ok(0);
        }
        (None, None) => {
            let stop = AtomicBool::new(false);
            let r = schedule::Run {
                reports: &ctx.reports,
                db: &ctx.db,
                out_dir: std::path::Path::new("exports"),
                now: at,
                stop: &stop,
                dry_run: false,
                from: None,
                isolate: None,
            };
            let failed = deliver_after(ctx, &store.conn, &r, &[])?;
            return Ok(if failed > 0 { 1 } else { 0 });
        }
    };
    say_delivery(ctx, "the delivery", &outcome);
    Ok(if matches!(outcome, Delivery::Failed(..)) {
        1
    } else {
        0
    })
}

/// Marks the deliveries a stopped process left 'sending' as unknown, and says so.
fn settle_interrupted(
    conn: &rusqlite::Connection,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let ids = tenkai::delivery::settle_interrupted(conn, at)?;
    if !ids.is_empty() {
        eprintln!(
            "warning: {} delivery(ies) were stopped between the send and the log ({}); they are marked unknown and not sent again: see `tenkai schedule verify`",
            ids.len(),
            ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(())
}

/// One delivery's outcome on the terminal: failures and undecided ones always, the rest unless
/// --quiet.
fn say_delivery(ctx: &Ctx, what: &str, o: &Delivery) {
    match o {
        Delivery::Delivered(id, to) => ctx.say(format!("delivered {what} (delivery {id}): {}", to.replace('\n', ", "))),
        Delivery::Failed(id, e) => eprintln!("delivery failed: {what} (delivery {id}): {e}"),
        Delivery::Written(p) => ctx.say(format!("dry run: {what} written to {} instead of being sent", p.display())),
        Delivery::WouldWrite(p) => ctx.say(format!("dry run: {what} would be written to {}; nothing written", p.display())),
        Delivery::Waiting(t) => ctx.say(format!("waiting: {what} failed before; next retry after {}", tenkai::dates::ts(*t))),
        Delivery::Undecided(id) => eprintln!("undecided: {what} (delivery {id}) may or may not have been delivered; not sent again until `tenkai schedule deliver --resend {id}` or `--settle {id}`"),
    }
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
    // Reports waiting for their narrative are not a problem of the log: listed on standard error
    // beside the problems, not counted among them.
    for st in schedule::status(&store.conn, &ctx.reports, now())? {
        for w in &st.waiting_for_narrative {
            eprintln!("{}: waiting for its narrative ({w} not written)", st.report);
        }
    }
    if problems.is_empty() {
        ctx.say(format!("{checked} exported file(s) match the log"));
        Ok(0)
    } else {
        eprintln!(
            "error: {} problem(s) found ({checked} exported file(s) checked): files missing or changed, deliveries undecided, or history rows out of order or ahead of now",
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
    let Some(_lock) = schedule::lock_unless(&ctx.db, wait, stop, || {
        ctx.say("another schedule runner is active; waiting for it to finish")
    })?
    else {
        if stop.load(Ordering::SeqCst) {
            ctx.say("stopped while waiting for the other schedule runner; nothing was exported");
        } else {
            ctx.say("another schedule runner is active; it will export what is due");
        }
        return Ok(0);
    };
    // An export process of a killed runner finishes before its rows are looked at.
    drop(schedule::child_lock(&ctx.db)?);
    if !dry_run {
        take_over(ctx, &store.conn, out_dir, at)?;
    }
    let exe = std::env::current_exe().ok();
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
    let progress = Progress {
        dry_run,
        tty: std::io::stderr().is_terminal() && !ctx.quiet,
        bar: std::cell::RefCell::new(None),
    };
    let (results, broken) = schedule::run(&mut store.conn, &r, |i, total, job, outcome| {
        progress.show(ctx, (i, total), job, outcome)
    })?;
    progress.finish();
    let failed = say_results(ctx, &results, &broken, (stop, dry_run));
    // After the exports, their delivery (not when stopped): a failure here never undoes an
    // export.
    let undelivered = if stop.load(Ordering::SeqCst) {
        0
    } else {
        deliver_after(ctx, &store.conn, &r, &results)?
    };
    Ok(if failed + undelivered > 0 { 1 } else { 0 })
}

/// What an earlier runner left: its interrupted exports marked for a retry, and its interrupted
/// deliveries settled.
fn take_over(
    ctx: &Ctx,
    conn: &rusqlite::Connection,
    out_dir: &std::path::Path,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let recovered = schedule::recover(conn, out_dir)?;
    if recovered > 0 {
        ctx.say(format!(
            "{recovered} export(s) interrupted by an earlier runner will be retried"
        ));
    }
    settle_interrupted(conn, at)
}

/// The deliveries after a run's exports, each said as it is known; gives how many failed.
fn deliver_after(
    ctx: &Ctx,
    conn: &rusqlite::Connection,
    r: &schedule::Run<'_>,
    results: &[schedule::JobOutcome],
) -> Result<usize> {
    let (delivered, unreadable) =
        schedule::deliver(conn, r, results, |w, o| say_delivery(ctx, w, o))?;
    for b in &unreadable {
        eprintln!(
            "delivery failed: report {}'s [delivery] cannot be read: {}",
            b.name, b.error
        );
    }
    let failed = unreadable.len()
        + delivered
            .iter()
            .filter(|(_, o)| matches!(o, Delivery::Failed(..)))
            .count();
    if r.dry_run && !delivered.is_empty() {
        ctx.say(format!(
            "dry run: {} delivery(ies) tried, nothing sent or logged; {failed} failed",
            delivered.len()
        ));
    } else if !delivered.is_empty() || failed > 0 {
        let ok = delivered
            .iter()
            .filter(|(_, o)| matches!(o, Delivery::Delivered(..)))
            .count();
        ctx.say(format!("{ok} delivered, {failed} delivery(ies) failed"));
    }
    Ok(failed)
}

fn daemon(ctx: &Ctx, out_dir: &std::path::Path) -> Result<i32> {
    // The daemon stops between files on these signals, instead of at once.
    let (stop, _) = stop_on_signals()?;
    ctx.say("schedule daemon started; SIGTERM or SIGINT stops it");
    let mut code = 0;
    while !stop.load(Ordering::SeqCst) {
        code = once(ctx, now(), out_dir, Wait::No, (false, None), &stop)?;
        let store = ctx.reader()?;
        let next = schedule::next_wakeup(&store.conn, &ctx.reports, now())?;
        // A failed delivery's retry wakes the daemon too.
        let next = match schedule::next_retry(&store.conn, &ctx.reports, now())? {
            Some(t) => Some(next.map_or(t, |n| n.min(t))),
            None => next,
        };
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

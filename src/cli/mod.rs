//! Argument definitions and dispatch for the `tenkai` binary.

mod calendar;
mod country;
mod database;
mod docs;
mod dump;
mod facts;
mod hub;
mod hub_change;
mod import;
mod meeting;
mod members;
mod narrative;
mod org;
mod output;
mod report;
mod schedule;
mod source;
mod sql;
mod target;
mod values;
mod wg;

pub(crate) use output::{date_style, json_out, out, write_all, write_file, Finish, Sink};
use output::{xlsx_to_stdout, DATE_STYLE, DB_PATH};

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use tenkai::store::{Seed, Store};
use tenkai::table::Format;

/// tenkai (展開): reports on Japan's international healthcare expansion, from one SQLite file.
///
/// The database (default db/tenkai.sqlite) is created and seeded with the source document's data on
/// first use. Every listing can look back in time: --as-of DATE shows the state on that date, and
/// --known-at TIME shows it as tenkai knew it then.
#[derive(Parser)]
#[command(
    name = "tenkai",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Examples:\n  tenkai report render quarterly --period FY2017Q4 --format html,pdf\n  tenkai hub list --as-of 2016-03-31\n  tenkai target status --period FY2017Q4\n  tenkai sql \"SELECT status, count(*) FROM hub_status_current GROUP BY status\""
)]
pub struct Cli {
    /// The SQLite database file (default db/tenkai.sqlite, created and seeded on first use); a
    /// file given here must exist, or be made with `tenkai init`
    #[arg(
        long,
        global = true,
        env = "TENKAI_DB",
        help_heading = "Global options"
    )]
    db: Option<PathBuf>,
    /// The folder of report definitions, templates, queries and fonts
    #[arg(
        long,
        global = true,
        env = "TENKAI_REPORTS",
        default_value = "reports",
        help_heading = "Global options"
    )]
    reports: PathBuf,
    /// Print only errors
    #[arg(short, long, global = true, help_heading = "Global options")]
    quiet: bool,
    /// Print more about what is being done
    #[arg(short, long, global = true, help_heading = "Global options")]
    verbose: bool,
    /// How a workbook (--format xlsx) shows dates: iso, or wareki (和暦, in Excel's own
    /// Japanese-era format; the cells stay dates that sort and filter)
    #[arg(
        long,
        global = true,
        value_parser = values::date_style(),
        default_value = "iso",
        help_heading = "Global options"
    )]
    date_style: tenkai::xlsx::DateStyle,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database and load the source document's data (done automatically on first use)
    #[command(after_help = "Example:\n  tenkai --db /tmp/empty.sqlite init --no-seed")]
    Init {
        /// Create the schema only, without the source document's data
        #[arg(long)]
        no_seed: bool,
    },
    /// Japanese medical hubs abroad and their status history
    #[command(subcommand)]
    Hub(hub::HubCmd),
    /// Organisations (the hubs' Japanese partners): list them, rename one
    #[command(subcommand)]
    Org(org::OrgCmd),
    /// Task-force meetings
    #[command(subcommand)]
    Meeting(meeting::MeetingCmd),
    /// Working groups
    #[command(subcommand)]
    Wg(wg::WgCmd),
    /// The nutrition platform's member counts
    #[command(subcommand)]
    Members(members::MembersCmd),
    /// Countries (ISO 3166 codes, Japanese and English names, whether the policy names them)
    #[command(subcommand)]
    Country(country::CountryCmd),
    /// Government agreements (MOU, MOC, letters of intent) and the partner counts sources state
    #[command(subcommand)]
    Agreement(facts::AgreementCmd),
    /// The platforms' events (meetings, surveys, milestones)
    #[command(subcommand)]
    Platform(facts::PlatformCmd),
    /// Policy documents adopted
    #[command(subcommand)]
    Policy(facts::PolicyCmd),
    /// Projects beside the hubs, not counted among them
    #[command(subcommand)]
    Project(facts::ProjectCmd),
    /// How far the office states each record is complete
    #[command(subcommand)]
    Coverage(facts::CoverageCmd),
    /// Source documents (register one to cite it by its code), and the English of the sources
    /// and notes recorded in Japanese
    #[command(subcommand)]
    Source(source::SourceCmd),
    /// Import hubs, meetings, member counts or a kind of fact from a CSV file or an Excel
    /// workbook, or a whole quarter's workbook: all rows or none; or write the workbook form to
    /// fill in (`import template quarter --out Q.xlsx`)
    #[command(
        after_help = "The header must be exactly:\n  hubs:     code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note[,source]\n  meetings: number,held_on,by_circulation,agenda[,source]\n  members:  platform,effective_date,members,source\nsource, where the row comes from (a document and page, a URL), is required on every row, as `--source` is on the command line (a hubs or meetings file without the column is read as if every source were blank, and each row is refused for it). These three take no English columns: give the English of a source afterwards with `tenkai source english --ja … --en …`.\nSeparate several partners or agenda items with ';'. CSV files are UTF-8 (or CP932).\n\nA workbook (.xlsx) is read from its first sheet (or --sheet): its headers may be the Japanese ones of the form (拠点コード, 拠点名, 国, …), its dates Excel dates, YYYY-MM-DD or 和暦 (平成30年3月31日, H30.3.31), and its countries, kinds and statuses their Japanese names. Merged cells, formulas and hidden sheets are refused, naming the cell.\n\nThe quarter form (`import template quarter`) has a sheet for each kind of fact: 会合, 関係機関, 拠点の状況変更, 拠点の変更, 政府間文書, 相手国数, WGの動き, PFの動き, 政策文書, その他の案件, 会員数 and 記録の範囲; `import quarter` takes every sheet in one transaction. Each kind also imports alone (agreements, agreement-counts, wg-events, platform-events, policies, projects, hub-status, hub-changes, organisations, coverage), from CSV with the column names as its header or from its sheet. Dates may give a day, a month, a year or a fiscal year (2018-10-29, 平成30年5月, FY2018); coded values are read by code, Japanese name or English name. In a partners cell, mark a new organisation with + (医療法人北斗;+あおば医療サービス); an organisation listed on 関係機関 may be named as a partner on 拠点の変更. Each kind ends with note_en (where it has a note) and source_en (備考（英語）, 出典（英語）): the English of its note and source, which the English report shows (blank: the Japanese, marked \"(in Japanese)\"; a registered document's code, see `tenkai source add`, takes none); a text has one English: a file giving it two, or English other than the one recorded (`tenkai source english` changes that), is refused; a file without them reads as if they were blank.\n\nExamples:\n  tenkai import hubs new-hubs.csv --dry-run\n  tenkai import template hubs --out hubs.xlsx\n  tenkai import hubs hubs.xlsx --sheet 拠点\n  tenkai import template quarter --out Q.xlsx\n  tenkai import quarter Q.xlsx --dry-run"
    )]
    Import(import::ImportArgs),
    /// Write a whole table out as CSV or JSON
    #[command(after_help = "Example:\n  tenkai export hub_status --format csv > hub_status.csv")]
    Export {
        /// The table (for example hubs, hub_status, meetings, platform_members)
        table: String,
        /// Output format (xlsx: to a file, --out or `> table.xlsx`)
        #[arg(long, value_parser = values::table_format(), default_value = "csv")]
        format: Format,
        /// Write to this file instead of standard output (put in place only when complete)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing file at --out (never the database, a link, a folder, a device or
        /// a file tenkai exported)
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Make a consistent copy of the database, safe while it is in use
    #[command(after_help = "Example:\n  tenkai backup backups/tenkai-2018-04-01.sqlite")]
    Backup {
        /// The new file (must not exist, unless --force)
        file: PathBuf,
        /// Replace an existing file (never the database, a link, a folder, a device or a file
        /// tenkai exported)
        #[arg(long)]
        force: bool,
    },
    /// Show a period's dates and labels in both calendars
    #[command(after_help = "Example:\n  tenkai period FY2017Q4")]
    Period {
        /// FY2017Q4, FY2017, 2018Q1, 2018-03 or 2018
        period: String,
        /// Output format
        #[arg(long, value_parser = values::table_format(), default_value = "table")]
        format: Format,
    },
    /// Convert dates between the Western calendar and 和暦
    #[command(
        after_help = "A year in which the era changed names both eras: 2019 is 「2019年（平成31年／令和元年）」.\n\nExamples:\n  tenkai wareki 2019-05-01\n  tenkai wareki 平成30年3月31日"
    )]
    Wareki {
        /// A date (2019-05-01) or a 和暦 date (平成30年3月31日)
        date: String,
    },
    /// Metrics: named SQL queries that return one number at a date
    #[command(subcommand)]
    Metric(target::MetricCmd),
    /// Policy targets: status, milestones and staff assessments
    #[command(subcommand)]
    Target(target::TargetCmd),
    /// A period's narrative for the reports (summary, key events, issues)
    #[command(subcommand)]
    Narrative(narrative::NarrativeCmd),
    /// Run read-only SQL against the database
    Sql(sql::SqlArgs),
    /// Report templates: list, show the context, render to HTML or PDF
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Scheduled exports: list, run, daemon, log, verify
    #[command(subcommand)]
    Schedule(schedule::ScheduleCmd),
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  tenkai completions bash > ~/.local/share/bash-completion/completions/tenkai"
    )]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Print every command with its long options, one command a line (for tests that walk the
    /// command tree)
    #[command(hide = true)]
    Commands,
    /// Print the man page (roff), or write one for every command into a folder
    #[command(
        after_help = "Examples:\n  tenkai man > tenkai.1 && man ./tenkai.1\n  tenkai man --dir man/   # tenkai.1, tenkai-hub.1, tenkai-hub-list.1, …"
    )]
    Man {
        /// Write a page for tenkai and for each of its commands into this folder
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Replace pages already in --dir (never the database, a link or a file tenkai
        /// exported)
        #[arg(long, requires = "dir")]
        force: bool,
    },
}

/// Options every listing takes.
#[derive(clap::Args, Clone)]
pub struct ListArgs {
    /// Show the state on this date (YYYY-MM-DD; default today in Asia/Tokyo)
    #[arg(long)]
    pub as_of: Option<String>,
    /// Show what was known at this time (2018-04-01, 2018-04-01T09:00 Asia/Tokyo, or RFC 3339)
    #[arg(long)]
    pub known_at: Option<String>,
    /// Output format (xlsx: an Excel workbook, to a file: --out or `> rows.xlsx`)
    #[arg(long, value_parser = values::table_format(), default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (put in place only when complete)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing file at --out (never the database, a link, a folder, a device or a
    /// file tenkai exported)
    #[arg(long, requires = "out")]
    pub force: bool,
}

impl ListArgs {
    /// Where the listing goes: `--out`, or standard output.
    pub fn sink(&self) -> tenkai::Result<Sink> {
        Sink::to(self.out.as_deref(), self.force)
    }

    /// Writes a value as pretty JSON where the listing goes.
    pub fn json<T: serde::Serialize>(&self, v: &T) -> Result<()> {
        let mut sink = self.sink()?;
        serde_json::to_writer_pretty(&mut sink, v)?;
        std::io::Write::write_all(&mut sink, b"\n")?;
        sink.done()?;
        Ok(())
    }
    pub fn as_of(&self) -> tenkai::Result<tenkai::dates::AsOf> {
        tenkai::dates::AsOf::from_args(self.as_of.as_deref(), self.known_at.as_deref())
    }
    /// The moment a listing reads on `conn`: without --known-at, the record as it stands, which
    /// includes a row stamped a second ahead of the clock (see `store::history::known_now`).
    /// A --known-at before the database's first row is warned of: the listing is then empty
    /// because nothing was known yet, not because nothing was so.
    pub fn as_of_in(
        &self,
        ctx: &Ctx,
        conn: &rusqlite::Connection,
    ) -> tenkai::Result<tenkai::dates::AsOf> {
        let at = self.as_of()?;
        if self.known_at.is_none() {
            return Ok(tenkai::dates::AsOf::new(
                at.date,
                tenkai::store::history::known_now(conn)?,
            ));
        }
        let known = tenkai::dates::ts(at.known_at);
        if let Some(first) = tenkai::store::history::earliest_recorded(conn)?
            .filter(|first| known.as_str() < first.as_str())
        {
            ctx.say(format!(
                "warning: --known-at {known} is before the database recorded anything (its first row was recorded at {first}): nothing was known then, so the listing is empty. Give a --known-at from {first} on."
            ));
        }
        Ok(at)
    }
}

/// What every command gets.
pub struct Ctx {
    pub db: PathBuf,
    /// Whether --db or TENKAI_DB named the database (which must then exist).
    pub db_given: bool,
    pub reports: PathBuf,
    pub quiet: bool,
    pub verbose: bool,
}

impl Ctx {
    /// Whether the report fonts draw a character, to refuse at import what a PDF could not
    /// show; `None` (with a warning) where the fonts cannot be read.
    pub(crate) fn drawable(&self) -> Option<Box<dyn Fn(char) -> bool>> {
        match tenkai::pdf::fonts::Fonts::load(&self.reports) {
            Ok(f) => Some(Box::new(move |c| f.regular.draws(c) && f.bold.draws(c))),
            Err(e) => {
                self.say(format!(
                    "warning: {e}; characters are not checked against the report fonts"
                ));
                None
            }
        }
    }
    /// Refuses, as bad usage, a text given on the command line that the reports could not show
    /// (a character the report fonts lack, a control character, too long): each is an option's
    /// name, its value if given, and what kind of text it is.
    pub(crate) fn check_texts(
        &self,
        texts: &[(&str, Option<&str>, tenkai::store::Text)],
    ) -> tenkai::Result<()> {
        let drawable = self.drawable();
        let rules = self.rules(false, drawable.as_deref());
        for (option, value, kind) in texts {
            if let Some(v) = value {
                rules
                    .text(v, *kind)
                    .map_err(|why| tenkai::Error::Usage(format!("{option} {why}")))?;
            }
        }
        Ok(())
    }

    /// The rules a new value is checked against, today.
    pub(crate) fn rules<'a>(
        &self,
        allow_future: bool,
        drawable: Option<&'a dyn Fn(char) -> bool>,
    ) -> tenkai::store::Rules<'a> {
        tenkai::store::Rules {
            today: tenkai::dates::today(),
            allow_future,
            drawable,
        }
    }

    /// Opens the store read-write. The default database is created and seeded on first use; a
    /// database named with --db or TENKAI_DB must exist (`tenkai init` makes one), so that a typo
    /// never creates a new, empty record.
    pub fn store(&self) -> tenkai::Result<Store> {
        self.refuse_empty()?;
        if self.db_given && !self.db.exists() {
            return Err(tenkai::Error::Usage(format!(
                "the database {} does not exist. Check the path (--db or TENKAI_DB), or create it with `tenkai init --db {}`.",
                self.db.display(),
                self.db.display()
            )));
        }
        Store::open(&self.db, Seed::Yes).map_err(|e| {
            if tenkai::store::cannot_open(&e) {
                tenkai::Error::Invalid(format!(
                    "cannot open {} for writing: is its folder or medium read-only? SQLite needs to write the database and, beside it, its -wal and -shm files. Commands that only read still work there.",
                    self.db.display()
                ))
            } else {
                e
            }
        })
    }
    /// Opens an existing store for a command that only reads: it never creates a file or a
    /// folder.
    pub fn reader(&self) -> tenkai::Result<Store> {
        self.refuse_empty()?;
        if !self.db.exists() {
            return Err(tenkai::Error::Usage(format!(
                "the database {} does not exist, and this command only reads. Check the path (--db or TENKAI_DB), or create it with `tenkai init`{}.",
                self.db.display(),
                if self.db_given { format!(" --db {}", self.db.display()) } else { String::new() }
            )));
        }
        match Store::open(&self.db, Seed::Yes) {
            Err(e) if tenkai::store::cannot_open(&e) => {
                let store = Store::open_as_it_stands(&self.db)?;
                self.say(format!(
                    "note: {} cannot be opened for writing (a read-only folder or medium?); reading it as it stands",
                    self.db.display()
                ));
                Ok(store)
            }
            other => other,
        }
    }
    /// Refuses an empty database file: a crash or a copy cut it short, and seeding it would hide
    /// that the record is gone. Only `tenkai init` makes a database in it.
    fn refuse_empty(&self) -> tenkai::Result<()> {
        if std::fs::metadata(&self.db).is_ok_and(|m| m.is_file() && m.len() == 0) {
            return Err(tenkai::Error::Invalid(format!(
                "the database {} is an empty file (0 bytes): a crash or an interrupted copy may have cut it short. Restore it from a backup (`tenkai backup` makes one), or start a new record there with `tenkai init --db {}`.",
                self.db.display(),
                self.db.display()
            )));
        }
        Ok(())
    }
    /// A message for the user on stderr, unless --quiet.
    pub fn say(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", msg.as_ref());
        }
    }
}

/// Runs the CLI and returns the exit code: 0 success, 1 failure, 2 bad usage.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // An interrupt removes the temporary files of the writes under way and names them.
    if let Err(e) = tenkai::output::interrupt::install() {
        eprintln!("warning: cannot handle Ctrl-C ({e}); an interrupted write may leave a .tenkai-*.partial file");
    }
    let _ = DATE_STYLE.set(cli.date_style);
    let _ = DB_PATH.set(
        cli.db
            .clone()
            .unwrap_or_else(|| PathBuf::from(tenkai::store::DEFAULT_DB)),
    );
    let ctx = Ctx {
        db_given: cli.db.is_some(),
        db: cli
            .db
            .unwrap_or_else(|| PathBuf::from(tenkai::store::DEFAULT_DB)),
        reports: cli.reports,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    // A workbook is binary: it goes to a file (`> rows.xlsx`), never onto a terminal.
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) && xlsx_to_stdout() {
        eprintln!("error: --format xlsx writes an Excel workbook, which a terminal cannot show; redirect it to a file: `> rows.xlsx`");
        return 2;
    }
    match run(&ctx, cli.command) {
        Ok(code) => code,
        // The reader went away (`tenkai sql … | head -1`): what it wanted, it has.
        Err(e) if closed_pipe(&e) => 0,
        Err(e) => {
            let usage = e
                .downcast_ref::<tenkai::Error>()
                .is_some_and(|t| t.is_usage());
            eprintln!("error: {}", message(&e));
            if usage {
                2
            } else {
                1
            }
        }
    }
}

/// Whether the error is a write into a pipe whose reader has gone.
fn closed_pipe(e: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == broken
    })
}

/// The error and its causes, each cause shown once: tenkai's own messages already quote the cause
/// they wrap (a SQLite or I/O error), so a cause already in the text is not repeated, and SQLite's
/// result code ("Error code 1: SQL logic error") is left out after the message that explains it.
fn message(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        let code = cause.downcast_ref::<rusqlite::ffi::Error>().is_some();
        if text.contains(&part) || (code && !text.is_empty()) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn run(ctx: &Ctx, command: Command) -> Result<i32> {
    match command {
        Command::Init { no_seed } => database::init(ctx, no_seed)?,
        Command::Hub(c) => hub::hub(ctx, c)?,
        Command::Org(c) => org::org(ctx, c)?,
        Command::Meeting(c) => meeting::meeting(ctx, c)?,
        Command::Wg(c) => wg::wg(ctx, c)?,
        Command::Members(c) => members::members(ctx, c)?,
        Command::Country(c) => country::country(ctx, c)?,
        Command::Agreement(c) => facts::agreement(ctx, c)?,
        Command::Platform(c) => facts::platform(ctx, c)?,
        Command::Policy(c) => facts::policy(ctx, c)?,
        Command::Project(c) => facts::project(ctx, c)?,
        Command::Coverage(c) => facts::coverage(ctx, c)?,
        Command::Source(c) => source::source(ctx, c)?,
        Command::Import(args) => import::run(ctx, args)?,
        Command::Export {
            table,
            format,
            out,
            force,
        } => dump::dump(ctx, &table, format, out.as_deref(), force)?,
        Command::Backup { file, force } => database::backup(ctx, &file, force)?,
        Command::Period { period, format } => calendar::period(&period, format)?,
        Command::Wareki { date } => calendar::wareki(&date)?,
        Command::Metric(c) => target::metric(ctx, c)?,
        Command::Target(c) => target::target(ctx, c)?,
        Command::Narrative(c) => narrative::narrative(ctx, c)?,
        Command::Sql(args) => return sql::run(ctx, args),
        Command::Report(c) => return report::run(ctx, c),
        Command::Schedule(c) => return schedule::run(ctx, c),
        Command::Completions { shell } => docs::completions(shell)?,
        Command::Commands => docs::print_commands()?,
        Command::Man { dir: None, .. } => docs::man_page()?,
        Command::Man {
            dir: Some(dir),
            force,
        } => {
            let pages = docs::man_pages(&dir, force)?;
            ctx.say(format!("{pages} man page(s) in {}", dir.display()));
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_argument_and_option_says_what_it_is_for() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                let name = format!("{path} {}", s.get_name());
                if s.get_about().is_none() && s.get_name() != "help" {
                    missing.push(format!("{name} (the command)"));
                }
                walk(s, &name, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "tenkai", &mut missing);
        assert!(
            missing.is_empty(),
            "no help line for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn global_options_sit_under_their_own_heading() {
        let cmd = Cli::command();
        for id in ["db", "reports", "quiet", "verbose"] {
            let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert_eq!(arg.get_help_heading(), Some("Global options"), "{id}");
        }
    }
}

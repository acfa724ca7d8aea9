//! Report commands: list the definitions, show a context, render to HTML and PDF.

use super::write_all;
use super::Ctx;
use anyhow::Result;
use clap::Subcommand;
use tenkai::dates::{now, parse_date, parse_instant, AsOf};
use tenkai::i18n::Lang;
use tenkai::period::Period;
use tenkai::render::{self, Format, Request};
use tenkai::table::Format as TableFormat;

mod errata;
use errata::{errata, notify};

#[derive(Subcommand)]
pub enum ReportCmd {
    /// List the report definitions in the reports folder
    #[command(after_help = "Example:\n  tenkai report list")]
    List {
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: TableFormat,
    },
    /// Print the template author's reference, as Markdown: every filter and function with its
    /// signature and an example, the period kinds, the markup's elements and classes, and the keys
    /// of a report definition
    #[command(after_help = "Example:\n  tenkai report reference > reference.md")]
    Reference,
    /// Print the data a template receives, as JSON; or, with --schema, its JSON Schema, with a
    /// description of every field
    #[command(
        after_help = "Examples:\n  tenkai report context quarterly --period FY2017Q4 --lang en\n  tenkai report context quarterly --schema"
    )]
    Context {
        /// The report's name (see `tenkai report list`)
        name: String,
        /// Print the JSON Schema of the context (every field, its type and what it means) instead
        /// of the context of one period
        #[arg(long)]
        schema: bool,
        /// The period: FY2017Q4 (fiscal quarter), FY2017, 2018Q1, 2018-03, 2018
        #[arg(long, required_unless_present = "schema")]
        period: Option<String>,
        /// The date the figures are taken at (default: the period's last day)
        #[arg(long)]
        as_of: Option<String>,
        /// Render as the data was known at this time (default: now)
        #[arg(long)]
        known_at: Option<String>,
        /// The report's language: ja (Japanese) or en (English)
        #[arg(long, default_value = "ja", value_parser = tenkai::i18n::Lang::parse, value_delimiter = ',')]
        lang: Vec<Lang>,
    },
    /// Render a report to HTML and/or PDF (files are written atomically and logged)
    #[command(
        after_help = "Examples:\n  tenkai report render quarterly --period FY2017Q4\n  tenkai report render quarterly --period FY2017Q4 --lang ja,en --format html,pdf\n  tenkai report render briefing --period FY2017Q4 --format pdf --out briefing.pdf\n  tenkai report render quarterly --period FY2017Q4 --known-at 2018-04-10T09:00\n  tenkai report render quarterly --period FY2017Q4 --lang ja,en --draft"
    )]
    Render {
        /// The report's name (see `tenkai report list`)
        name: String,
        #[command(flatten)]
        at: AtArgs,
        /// html, pdf, or both: html,pdf
        #[arg(long, value_parser = super::values::render_format(), value_delimiter = ',', default_value = "html,pdf")]
        format: Vec<Format>,
        /// The output file (one format only), or - for standard output; default exports/ + the
        /// definition's output pattern
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Replace an existing file at the output path even if tenkai did not export it (never
        /// the database, a link, a folder or a device)
        #[arg(long)]
        force: bool,
        /// A trial render, for trying a template: written to --out, or to a new folder under the
        /// system's temporary folder, and not added to the export log (nothing is sent)
        #[arg(long)]
        draft: bool,
        /// Export even when a required narrative section (the briefing's lines to take) is not
        /// written: the section is rendered with a visible "not written" mark
        #[arg(long)]
        allow_empty: bool,
    },
    /// Preview a report while editing its template: a local server that renders it (HTML and PDF,
    /// each language) and renders again when a file under the reports folder changes
    #[command(
        long_about = "Preview a report while editing its template.\n\nA local server, on 127.0.0.1 only, renders the report for the period (each language in --lang, HTML and PDF side by side) from the database opened read-only, and renders again whenever a file under the reports folder changes; the page in the browser reloads itself. A render that fails shows its error (file, line, message) in place of the report. Nothing is written to exports/ or to the export log. Stop it with Ctrl-C.",
        after_help = "Examples:\n  tenkai report preview quarterly --period FY2017Q4\n  tenkai report preview quarterly --period FY2017Q4 --lang ja,en --port 8731"
    )]
    Preview {
        /// The report's name (see `tenkai report list`)
        name: String,
        #[command(flatten)]
        at: AtArgs,
        /// The port on 127.0.0.1 (0: any free one; the address is printed)
        #[arg(long, default_value_t = 8731)]
        port: u16,
    },
    /// 正誤表: what changed in a sent report since it was sent, and why
    #[command(
        long_about = "正誤表 (errata): what changed in a sent report since it was sent, and why.\n\nThe report as it was sent (by default the first send of that report, period and language whose file is unchanged: an export to the definition's own output path, by `report render` or `schedule run`, in any format, its file's SHA-256 still as logged; a render with --out elsewhere is a check and never counts; or --since an export id as `tenkai schedule log` shows them; or --known-at-sent a moment) is compared with the report as known now (or --now). Every key figure, target, indicator and hub of the annex that differs is listed with what was sent (誤), what is known now (正) and the corrections recorded in between that explain it, with their time, source and note. The sheet is written as a table (default), JSON, or an A4 sheet in HTML or PDF (--out).",
        after_help = "Examples:\n  tenkai report errata quarterly --period FY2017Q4\n  tenkai report errata quarterly --period FY2017Q4 --lang en --format json\n  tenkai report errata quarterly --period FY2017Q4 --format pdf --out seigo.pdf\n  tenkai report errata quarterly --period FY2017Q4 --known-at-sent 2018-04-10T09:00\n  tenkai report errata quarterly --period FY2017Q4 --deliver"
    )]
    Errata {
        /// The report's name (see `tenkai report list`)
        name: String,
        /// The period of the sent report: FY2017Q4
        #[arg(long)]
        period: String,
        /// The language of the sent report: ja or en
        #[arg(long, default_value = "ja", value_parser = tenkai::i18n::Lang::parse)]
        lang: Lang,
        /// Compare with this send (its id, as `tenkai schedule log` shows it) instead of the first
        /// send whose file is unchanged
        #[arg(long, conflicts_with = "known_at_sent")]
        since: Option<i64>,
        /// Compare with the report as known at this moment instead of an export
        #[arg(long)]
        known_at_sent: Option<String>,
        /// Compare with the record at this moment (default: now)
        #[arg(long)]
        now: Option<String>,
        /// table, json, html or pdf (html and pdf need --out)
        #[arg(long, default_value = "table", value_parser = ["table", "json", "html", "pdf"])]
        format: String,
        /// The file to write the html or pdf sheet to, or - for standard output
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Replace an existing file at --out even if tenkai did not export it
        #[arg(long)]
        force: bool,
        /// Also send the sheet as a correction notice on each of the report's [delivery]
        /// channels (its mail recipients, its folders), with the sheet attached: a PDF (HTML with
        /// --format html) written beside the sent file, logged in the delivery log. A report
        /// without [delivery], or nothing to correct, is refused before the sheet is written
        #[arg(long)]
        deliver: bool,
    },
}

#[derive(clap::Args)]
pub struct AtArgs {
    /// The period: FY2017Q4 (fiscal quarter), FY2017, 2018Q1, 2018-03, 2018
    #[arg(long)]
    period: String,
    /// The date the figures are taken at (default: the period's last day)
    #[arg(long)]
    as_of: Option<String>,
    /// Render as the data was known at this time (default: now)
    #[arg(long)]
    known_at: Option<String>,
    /// The report's language: ja (Japanese) or en (English); `report render` takes both: ja,en
    #[arg(long, default_value = "ja", value_parser = tenkai::i18n::Lang::parse, value_delimiter = ',')]
    lang: Vec<Lang>,
}

impl AtArgs {
    /// The one language of a command that takes one.
    fn one_lang(&self) -> tenkai::Result<Lang> {
        match self.lang.as_slice() {
            [l] => Ok(*l),
            _ => Err(tenkai::Error::Usage(
                "this command takes one --lang (ja or en); `report render` takes several: --lang ja,en"
                    .into(),
            )),
        }
    }

    fn resolve(&self) -> tenkai::Result<(Period, AsOf)> {
        let period = Period::parse(&self.period)?;
        let date = match &self.as_of {
            Some(d) => parse_date(d)?,
            None => period.end(),
        };
        let known = match &self.known_at {
            Some(k) => parse_instant(k)?,
            None => now(),
        };
        Ok((period, AsOf::new(date, known)))
    }
}

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<i32> {
    match cmd {
        ReportCmd::List { format } => return list(ctx, format),
        ReportCmd::Preview { name, at, port } => preview(ctx, &name, &at, port)?,
        ReportCmd::Reference => {
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(tenkai::report::reference::markdown().as_bytes())?;
        }
        ReportCmd::Context {
            name,
            schema,
            period,
            as_of,
            known_at,
            lang,
        } => {
            let at = AtArgs {
                period: period.unwrap_or_default(),
                as_of,
                known_at,
                lang,
            };
            context(ctx, &name, schema, &at)?
        }
        ReportCmd::Render {
            name,
            at,
            format,
            out,
            force,
            draft,
            allow_empty,
        } => {
            let how = match (draft, allow_empty) {
                (true, _) => How::Draft,
                (false, true) => How::AllowEmpty,
                (false, false) => How::Export,
            };
            render_report(ctx, &name, &at, format, out.as_deref(), force, how)?
        }
        ReportCmd::Errata {
            name,
            period,
            lang,
            since,
            known_at_sent,
            now: at,
            format,
            out,
            force,
            deliver,
        } => {
            let e = errata(
                ctx,
                &name,
                &period,
                lang,
                since,
                known_at_sent,
                at,
                &format,
                out,
                force,
            )?;
            if deliver {
                return notify(ctx, &name, &format, &e);
            }
        }
    }
    Ok(0)
}

/// `report list`: every definition, a broken one with its error (exit 1).
fn list(ctx: &Ctx, format: tenkai::table::Format) -> Result<i32> {
    // A definition whose [delivery] cannot be read is broken too: named here, before a run.
    let defs: Vec<_> = tenkai::report::list(&ctx.reports)?
        .into_iter()
        .map(|d| {
            d.and_then(|def| match tenkai::delivery::Delivery::of(&def) {
                Ok(_) => Ok(def),
                Err(error) => Err(tenkai::report::Broken {
                    name: def.name.clone(),
                    error,
                }),
            })
        })
        .collect();
    let broken = defs.iter().filter(|d| d.is_err()).count();
    let rows = defs
        .into_iter()
        .map(|d| {
            let d = match d {
                Ok(d) => d,
                // Listed beside the others, with what is wrong with it.
                Err(b) => {
                    return vec![
                        b.name.into(),
                        format!("(broken: {})", b.error).into(),
                        "".into(),
                        "".into(),
                        "".into(),
                        "".into(),
                    ]
                }
            };
            vec![
                d.name.clone().into(),
                d.title_ja.clone().into(),
                format!("{:?}", d.period_kind).into(),
                d.formats.join(",").into(),
                d.languages
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(",")
                    .into(),
                d.template.clone().into(),
            ]
        })
        .collect();
    write_all(
        std::io::stdout().lock(),
        format,
        &[
            "name",
            "title",
            "period",
            "formats",
            "languages",
            "template",
        ],
        rows,
    )?;
    if broken > 0 {
        return Ok(1);
    }
    Ok(0)
}

/// `report preview`: checked like a render, then served until stopped.
fn preview(ctx: &Ctx, name: &str, at: &AtArgs, port: u16) -> Result<()> {
    let period = Period::parse(&at.period)?;
    // Checked before serving: an unknown report, a period of the wrong kind.
    let def = tenkai::report::load(&ctx.reports, name)?;
    let (_, asof) = at.resolve()?;
    let store = ctx.reader()?;
    tenkai::render::Request {
        reports: &ctx.reports,
        db_path: &ctx.db,
        def: &def,
        period,
        at: asof,
        lang: at.lang[0],
        draft: false,
    }
    .check()?;
    drop(store);
    let settings = tenkai::preview::Settings {
        reports: ctx.reports.clone(),
        db: ctx.db.clone(),
        report: def.name.clone(),
        period,
        as_of: at.as_of.as_deref().map(|_| asof.date),
        known_at: at.known_at.as_deref().map(|_| asof.known_at),
        langs: at.lang.clone(),
        port,
    };
    tenkai::preview::serve(settings, |url| {
        println!("{url}");
        eprintln!("previewing {name} {period} at {url} (Ctrl-C stops it)");
    })?;
    Ok(())
}

/// `report context`: the JSON a template receives, or its schema.
fn context(ctx: &Ctx, name: &str, schema: bool, at: &AtArgs) -> Result<()> {
    let mut phases = tenkai::profile::Phases::start();
    let def = tenkai::report::load(&ctx.reports, name)?;
    if schema {
        let schema = schemars::schema_for!(tenkai::report::context::ReportContext);
        serde_json::to_writer_pretty(std::io::stdout().lock(), &schema)?;
        println!();
        return Ok(());
    }
    let (period, asof) = at.resolve()?;
    let store = ctx.reader()?;
    phases.done("open");
    let req = Request {
        reports: &ctx.reports,
        db_path: &ctx.db,
        def: &def,
        period,
        at: asof,
        lang: at.one_lang()?,
        draft: false,
    };
    let c = render::context(&store.conn, &req)?;
    serde_json::to_writer_pretty(std::io::stdout().lock(), &c)?;
    println!();
    Ok(())
}

/// How `report render` treats a report: exported (refused when a required narrative section is
/// not written), exported with such a section marked as not written, or a draft.
#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Export,
    AllowEmpty,
    Draft,
}

/// `report render`: the report for a period in each language and format asked for, each file
/// written atomically and logged (a draft: written, not logged).
fn render_report(
    ctx: &Ctx,
    name: &str,
    at: &AtArgs,
    mut format: Vec<Format>,
    out: Option<&std::path::Path>,
    force: bool,
    how: How,
) -> Result<()> {
    let mut phases = tenkai::profile::Phases::start();
    let def = tenkai::report::load(&ctx.reports, name)?;
    let (period, asof) = at.resolve()?;
    format.sort();
    format.dedup();
    let mut langs = at.lang.clone();
    langs.dedup();
    if let Some(out) = out {
        refuse_other_out(out, &format, &langs)?;
    }
    // The first report's template compiles while the database opens.
    render::compile_ahead(&ctx.reports, &def, &langs, &format);
    phases.done("definition");
    if how == How::Draft {
        return draft_report(ctx, &def, period, asof, &langs, &format, out, force);
    }
    let mut store = ctx.store()?;
    store.defer_checkpoint()?;
    // As known now: the record as it stands, a row stamped a second ahead included.
    let asof = match at.known_at {
        Some(_) => asof,
        None => AsOf::new(asof.date, tenkai::store::history::known_now(&store.conn)?),
    };
    phases.done("open");
    let request = |lang| Request {
        reports: &ctx.reports,
        db_path: &ctx.db,
        def: &def,
        period,
        at: asof,
        lang,
        draft: false,
    };
    // Every language is checked before any file is written: a refusal leaves nothing behind.
    if how == How::Export {
        for lang in &langs {
            render::refuse_missing_narrative(&store.conn, &request(*lang))?;
        }
    }
    for lang in langs {
        let req = request(lang);
        if lang == tenkai::i18n::Lang::En {
            warn_without_english(&store.conn, &asof, &period)?;
        }
        let mut reuse = render::Reuse::for_formats(&format);
        for f in format.iter().copied() {
            let dest = destination(&def, &period, lang, f, out, force)?;
            refuse_past_send(&dest, at)?;
            let x = render::export(
                &mut store.conn,
                &req,
                f,
                &dest,
                now(),
                render::Origin::Render,
                &mut reuse,
            )?;
            if dest == render::Output::Stdout {
                continue;
            }
            say_exported(ctx, &dest, &x);
        }
    }
    let mut phases = tenkai::profile::Phases::start();
    drop(store);
    phases.done("close");
    Ok(())
}

/// Names a file `report render` wrote, and says when it kept a sent file or wrote beside one.
fn say_exported(ctx: &Ctx, dest: &render::Output, x: &render::Exported) {
    println!("{}", x.path.display());
    if let Some(id) = x.unchanged_since {
        ctx.say(format!(
            "{}: unchanged since export {id} (nothing recorded since, and the report renders the same); the sent file is kept",
            x.path.display()
        ));
    } else if dest.to_string() != x.path.display().to_string() {
        ctx.say(format!(
            "{dest} was sent before (see `tenkai schedule log`) and is never written over; this version is {}",
            x.path.display()
        ));
    }
    if ctx.verbose {
        ctx.say(format!(
            "{}: {} bytes, sha256 {}",
            x.path.display(),
            x.bytes,
            x.sha256
        ));
    }
}

/// Names on stderr what an English report shows in Japanese for want of English text; the render
/// goes on.
fn warn_without_english(
    conn: &rusqlite::Connection,
    at: &tenkai::dates::AsOf,
    period: &tenkai::period::Period,
) -> Result<()> {
    let mut missing =
        tenkai::store::english::without_english(conn, at, period.start(), &period.to_string())?;
    // The sources users gave in Japanese without English are cited as written, marked so.
    missing.extend(
        tenkai::report::context::cited_user_sources(conn, at)?
            .into_iter()
            .map(|s| {
                let command = tenkai::store::english::command_for(&s);
                format!("source 「{s}」: no English, shown in Japanese ({command})")
            }),
    );
    missing.extend(
        tenkai::report::context::titles_without_english(conn, at, Some(period.start()))?
            .into_iter()
            .map(|t| {
                format!("agreement 「{t}」: no English title, shown in Japanese, marked so (an agreement takes its English title with `tenkai agreement add --title-en` as it is recorded)")
            }),
    );
    warn_list(
        &format!(
            "the English report shows {} item(s) in Japanese, for want of English text",
            missing.len()
        ),
        &missing,
    );
    Ok(())
}

/// A warning on stderr that lists its items, one a line, indented; nothing when there are none.
fn warn_list(what: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    eprintln!("warning: {what}:");
    for i in items {
        eprintln!("  {i}");
    }
}

/// Refuses an `--out` for more than one file, or whose extension names another format (a PDF
/// written to `q.html`, which a browser would show as bytes).
fn refuse_other_out(
    out: &std::path::Path,
    formats: &[Format],
    langs: &[Lang],
) -> tenkai::Result<()> {
    let ([format], [_]) = (formats, langs) else {
        return Err(tenkai::Error::Usage(
            "--out names one file: give one --format (html or pdf) and one --lang".into(),
        ));
    };
    let format = *format;
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let named = match ext.as_deref() {
        Some("html" | "htm") => Some(Format::Html),
        Some("pdf") => Some(Format::Pdf),
        Some("xlsx") => Some(Format::Xlsx),
        _ => None,
    };
    if named.is_some_and(|n| n != format) {
        return Err(tenkai::Error::Usage(format!(
            "--out {} ends in .{} but --format is {}: give the file the extension .{}, or ask for that format",
            out.display(),
            ext.unwrap_or_default(),
            format.ext(),
            format.ext()
        )));
    }
    Ok(())
}

/// Where a render goes: standard output (`--out -`), `--out FILE` (a check, not a send, unless
/// it names the definition's own output path), or the definition's own output path (a send).
fn destination(
    def: &tenkai::report::Definition,
    period: &Period,
    lang: Lang,
    f: Format,
    out: Option<&std::path::Path>,
    force: bool,
) -> tenkai::Result<render::Output> {
    let own = render::default_path(def, period, lang, f)?;
    Ok(match out {
        Some(p) if p.as_os_str() == "-" => render::Output::Stdout,
        Some(p) => render::Output::File {
            path: p.to_path_buf(),
            force,
            send: same_path(p, &own),
        },
        None => render::Output::File {
            path: own,
            force,
            send: true,
        },
    })
}

/// Whether two paths name the same file, however spelt: compared as absolute paths without `.`
/// and `..`, and, where both exist, by their canonical form.
fn same_path(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::path::{Component, PathBuf};
    let lexical = |p: &std::path::Path| -> PathBuf {
        let full = std::env::current_dir().unwrap_or_default().join(p);
        let mut out = PathBuf::new();
        for c in full.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    };
    let canonical = |p: &std::path::Path| p.canonicalize().ok();
    lexical(a) == lexical(b) || canonical(a).is_some_and(|x| Some(x) == canonical(b))
}

/// Refuses a send as known at a given moment: a send is the report as known now. `--known-at`
/// reproduces or checks a report, written elsewhere (`--out FILE`, or `--draft`). A moment later
/// than the clock is refused for every logged render, by [`render::export`].
fn refuse_past_send(dest: &render::Output, at: &AtArgs) -> tenkai::Result<()> {
    let (Some(k), render::Output::File { send: true, .. }) = (&at.known_at, dest) else {
        return Ok(());
    };
    if parse_instant(k)?.timestamp() > now().timestamp() {
        return Ok(());
    }
    Err(tenkai::Error::Usage(format!(
        "--known-at {k} renders the report as it was known then, but {dest} is the report's own output path, where a render is a send, as known now. To reproduce or check a report as known at {k}, write it elsewhere with --out FILE (or use --draft); to send it, leave --known-at out."
    )))
}

/// `report render --draft`: each language and format written without a log row, to `--out` or to
/// a new folder under the temporary folder's `tenkai-drafts` (the definition's output pattern
/// below it; see [`tenkai::drafts`]).
#[allow(clippy::too_many_arguments)]
fn draft_report(
    ctx: &Ctx,
    def: &tenkai::report::Definition,
    period: Period,
    asof: AsOf,
    langs: &[Lang],
    format: &[Format],
    out: Option<&std::path::Path>,
    force: bool,
) -> Result<()> {
    if out.is_some_and(|p| p.as_os_str() == "-") {
        return Err(tenkai::Error::Usage(
            "--draft writes files; to see a render on standard output, leave --draft out (--out - is not logged as a file)".into(),
        )
        .into());
    }
    // The drafts' own folder (made only when the draft does not go to --out).
    let folder = match out {
        Some(_) => std::path::PathBuf::new(),
        None => tenkai::drafts::new_folder(now())?,
    };
    let mut store = ctx.reader()?;
    for &lang in langs {
        if lang == Lang::En {
            warn_without_english(&store.conn, &asof, &period)?;
        }
        let req = Request {
            reports: &ctx.reports,
            db_path: &ctx.db,
            def,
            period,
            at: asof,
            lang,
            draft: true,
        };
        render::refuse_before_record(&store.conn, &req)?;
        let mut reuse = render::Reuse::for_formats(format);
        for &f in format {
            let path = match out {
                Some(p) => p.to_path_buf(),
                None => folder.join(def.output_path(&period.to_string(), lang.code(), f.ext())?),
            };
            let x = render::trial_to(&mut store.conn, &req, f, &path, force, &mut reuse)?;
            println!("{}", x.path.display());
        }
    }
    ctx.say("draft: nothing was added to the export log");
    Ok(())
}

//! Rendering a report to bytes and exporting it: files written atomically (a temporary file in the
//! same folder, synced, then renamed, so a reader never sees half a file) and a row in `export_log`.
//! An HTML file is written to its temporary file as its template runs when no other format of the
//! same report needs what the template made ([`stream`]); every other file from its bytes.

use crate::dates::{ts, AsOf};
use crate::i18n::Lang;
use crate::period::Period;
use crate::report::{context, templates, Definition};
use crate::store::export_log;
use crate::{output, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use sha2::Digest;
use std::io::Write;
use std::path::{Path, PathBuf};

mod ahead;
mod formats;
mod refusals;
mod stream;
pub use ahead::compile_ahead;
pub use formats::{errata_file, html_file, render_bytes};
pub use refusals::{missing_narrative, refuse_before_record, refuse_missing_narrative};
use refusals::{refuse_early_send, refuse_future};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    /// The report's data as an Excel workbook (its tables, typed, and the sources and methods).
    Xlsx,
    Pdf,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
    pub fn parse(s: &str) -> Result<Format> {
        match s {
            "html" => Ok(Format::Html),
            "xlsx" => Ok(Format::Xlsx),
            "pdf" => Ok(Format::Pdf),
            other => Err(Error::Usage(format!(
                "unknown format '{other}'; use html, pdf or xlsx"
            ))),
        }
    }
}

/// What to render.
pub struct Request<'a> {
    pub reports: &'a Path,
    pub db_path: &'a Path,
    pub def: &'a Definition,
    pub period: Period,
    pub at: AsOf,
    pub lang: Lang,
    /// A draft (`report render --draft`): every page carries the glossary's `mark.draft`
    /// (「案」, DRAFT).
    pub draft: bool,
}

impl Request<'_> {
    /// The values the template's `query()` calls bind.
    fn binds(&self) -> templates::Binds {
        templates::Binds {
            start: self.period.start().to_string(),
            end: self.period.end().to_string(),
            as_of: self.at.date_str(),
            known_at: self.at.known_at_str(),
            lang: self.lang,
        }
    }

    /// The draft mark in the request's language, for a draft.
    fn draft_mark(&self) -> Result<Option<&str>> {
        if !self.draft {
            return Ok(None);
        }
        Ok(Some(self.def.glossary.term("mark.draft")?.get(self.lang)))
    }

    /// Refuses a period of another kind than the report covers.
    pub fn check(&self) -> Result<()> {
        if self.period.kind() != self.def.period_kind {
            return Err(Error::Usage(format!(
                "report {} covers {}, not {}; give a period like {}",
                self.def.name,
                self.def.period_kind.describe(),
                self.period.kind().describe(),
                Period::containing(self.def.period_kind, self.period.end())
            )));
        }
        Ok(())
    }
}

/// The report context for a request, read in one transaction (see [`prepare`]).
pub fn context(conn: &Connection, req: &Request<'_>) -> Result<context::ReportContext> {
    req.check()?;
    let tx = conn.unchecked_transaction()?;
    let ctx = context::build(&tx, req.def, &req.period, &req.at, req.lang)?;
    tx.commit()?;
    Ok(ctx)
}

/// A report taken as far as its document: what every format is written from.
pub struct Prepared {
    /// The context the template ran on: the sections it read, computed (see [`prepare`]).
    pub ctx: context::Sections,
    pub doc: crate::markup::Document,
}

/// Runs `f` as the report is written: 和暦 as on the later of its date and its moment (no era is
/// named before it began: 2020年 in a report of 2018), and the words of dates from its glossary.
fn as_written<T>(req: &Request<'_>, f: impl FnOnce() -> T) -> T {
    let moment = req.at.known_at.with_timezone(&crate::dates::TOKYO);
    let day = req.at.date.max(moment.date_naive());
    crate::wareki::written_on(day, || crate::i18n::glossary::in_use(&req.def.glossary, f))
}

/// Runs the template, computing the context's sections it reads as it reads them, in one read
/// transaction: every figure of the report, the context's and those of the template's `query()`
/// calls, comes from the same snapshot even if another process writes meanwhile (and SQLite takes
/// its locks once, not per query). The template is compiled, and for a PDF the fonts are loaded,
/// on a second thread, while the sections the template's files name are computed, unless
/// `report render` compiled it while the database opened ([`compile_ahead`]).
pub fn prepare(conn: &mut Connection, req: &Request<'_>, for_pdf: bool) -> Result<Prepared> {
    in_snapshot(conn, req, for_pdf, |conn, compiled, ctx, phases| {
        let (_, doc) = compiled.render(&ctx, conn)?;
        phases.done("template");
        let mut ctx = unshared(ctx)?;
        // The PDF needs the context's titles and labels, not its hub list, which the document now
        // holds as the template laid it out: freed here, it leaves its room to the PDF's layout.
        // A workbook (rendered before the PDF) lists the hubs.
        if for_pdf {
            ctx.free_hubs();
        }
        Ok(Prepared { ctx, doc })
    })
}

/// The context's sections, no longer shared once the template has run.
fn unshared(ctx: std::sync::Arc<context::Sections>) -> Result<context::Sections> {
    std::sync::Arc::try_unwrap(ctx)
        .map_err(|_| Error::Invalid("the report context is still shared after its render".into()))
}

/// Runs `run` on the compiled template and the context's sections in one read transaction,
/// under the definition's time limit (see [`prepare`]).
fn in_snapshot<T>(
    conn: &mut Connection,
    req: &Request<'_>,
    for_pdf: bool,
    run: impl FnOnce(
        &mut Connection,
        &templates::Compiled,
        std::sync::Arc<context::Sections>,
        &mut crate::profile::Phases,
    ) -> Result<T>,
) -> Result<T> {
    let mut phases = crate::profile::Phases::start();
    req.check()?;
    let compile = || ahead::compile(req.reports, req.def, req.lang, for_pdf);
    // BEGIN by hand, not a `Transaction`, which would hold the connection borrowed: the render
    // guards it (an authorizer), and that needs it mutably.
    conn.execute_batch("BEGIN")?;
    let read = |conn: &mut Connection| -> Result<T> {
        let ctx = std::sync::Arc::new(context::Sections::new(
            req.def,
            &req.period,
            &req.at,
            req.lang,
        ));
        // The sections the template's files name: most of what it will read.
        let prefetch = |conn: &mut Connection| {
            let named = templates::mentions(req.reports, &req.def.template, context::KEYS);
            ctx.prefetch(conn, &named);
        };
        let compiled = match ahead::take(req.reports, req.def, req.lang) {
            // Compiled while the database opened (`report render`).
            Some(started) => {
                prefetch(conn);
                started.join()
            }
            None => std::thread::scope(|s| {
                let compiled = crate::parallel::spawn(s, "tenkai-template", compile);
                prefetch(conn);
                compiled.join()
            }),
        }?;
        compiled.bind(&req.binds())?;
        phases.done("named sections and template compile");
        run(conn, &compiled, ctx, &mut phases)
    };
    // The render's SQL runs under one deadline: SQLite asks the handler every few thousand
    // steps of its work, and a statement still running past it is interrupted.
    let limit = std::time::Duration::from_secs(req.def.limits.seconds);
    let deadline = std::time::Instant::now() + limit;
    conn.progress_handler(4096, Some(move || std::time::Instant::now() > deadline))?;
    let prepared = as_written(req, || read(conn));
    conn.progress_handler(0, None::<fn() -> bool>)?;
    // Nothing was written: ending the read transaction either way only releases its snapshot.
    if !conn.is_autocommit() {
        conn.execute_batch("COMMIT")?;
    }
    // Past the deadline, SQLite interrupts every statement: the failure is the limit's.
    prepared.map_err(|e| {
        if std::time::Instant::now() > deadline {
            Error::Invalid(format!(
                "report {}: its queries ran past the limit of {} s (limits.seconds in {}) and were stopped: look for a saved query or metric that never ends (a recursive CTE without a bound), or raise the limit. ({e})",
                req.def.name,
                limit.as_secs(),
                req.def.file.display()
            ))
        } else {
            e
        }
    })
}

/// Keeps the last successful preparation, so that the formats of one report, period, language and
/// moment share one context and one template run.
///
/// Formats are written HTML first (they sort so, in `report render` and in `schedule run`), and
/// the PDF, written last, takes the preparation instead of borrowing it: its layout then frees
/// the document as soon as the pages are laid out, which lowers a large report's peak memory.
///
/// An HTML file that no other format of the same request follows keeps nothing: it is written
/// as its template runs ([`stream`]), which holds much less of a large report in memory. The
/// caller says which formats it will ask for ([`Reuse::for_formats`], [`Reuse::plan`]); without
/// that, every HTML file is prepared whole, for a format that may follow.
#[derive(Default)]
pub struct Reuse {
    last: Option<(String, Prepared)>,
    /// Whether the formats asked for are HTML only.
    html_only: bool,
}

impl Reuse {
    /// A reuse for a caller that asks for `formats` of each request.
    pub fn for_formats(formats: &[Format]) -> Reuse {
        let mut r = Reuse::default();
        r.plan(formats);
        r
    }

    /// The formats the caller asks for of the requests to come.
    pub fn plan(&mut self, formats: &[Format]) {
        self.html_only = formats.iter().all(|f| *f == Format::Html);
    }

    /// Whether the HTML of `req` is written as its template runs: nothing after it needs its
    /// preparation, and none is kept for it already.
    fn streams(&self, req: &Request<'_>) -> bool {
        self.html_only
            && self
                .last
                .as_ref()
                .is_none_or(|(k, _)| *k != Reuse::key(req))
    }

    fn key(req: &Request<'_>) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            req.def.name,
            req.period,
            req.lang,
            req.at.date_str(),
            req.at.known_at_str()
        )
    }

    /// The preparation for `req`, kept for the formats after this one.
    fn get(&mut self, conn: &mut Connection, req: &Request<'_>) -> Result<&Prepared> {
        let key = Reuse::key(req);
        if self.last.as_ref().is_none_or(|(k, _)| *k != key) {
            self.last = None;
            self.last = Some((key, prepare(conn, req, false)?));
        }
        Ok(&self.last.as_ref().expect("set above").1)
    }

    /// The context and the PDF's document for `req`, for the last format that needs them: from
    /// the preparation kept, or else read as the template runs ([`stream::pdf`]).
    fn take_for_pdf(
        &mut self,
        conn: &mut Connection,
        req: &Request<'_>,
    ) -> Result<(context::Sections, crate::pdf::layout::Doc)> {
        match self.last.take() {
            Some((k, p)) if k == Reuse::key(req) => Ok((p.ctx, crate::pdf::layout::Doc::of(p.doc))),
            _ => stream::pdf(conn, req),
        }
    }
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A file, written atomically under the output rule ([`crate::output`]). `send` marks the
    /// definition's own output path: a logged file there is kept when nothing changed, and a
    /// new version is otherwise written beside it. Anywhere else a logged file is refused.
    File {
        path: PathBuf,
        force: bool,
        send: bool,
    },
    /// Standard output (`--out -`).
    Stdout,
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::File { path, .. } => write!(f, "{}", path.display()),
            Output::Stdout => f.write_str("-"),
        }
    }
}

impl Output {
    /// The definition's own output path for a report (a send): see [`Output::File`].
    pub fn file(path: impl Into<PathBuf>) -> Output {
        Output::File {
            path: path.into(),
            force: false,
            send: true,
        }
    }

    /// The file written, or `None` for standard output.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Output::File { path, .. } => Some(path),
            Output::Stdout => None,
        }
    }

    /// Refuses a path that the output rule refuses ([`crate::output::check`]).
    pub fn check(&self, conn: &Connection, db: &Path) -> Result<output::Found> {
        match self {
            Output::File { path, force, .. } => {
                output::check(path, output::Rule { db, force: *force }, Some(conn))
            }
            Output::Stdout => Ok(output::Found::Nothing),
        }
    }

    /// Writes the bytes: a file atomically (to a path that passed [`Output::check`], which found
    /// `found` there), or standard output.
    pub fn write(&self, bytes: &[u8], found: output::Found) -> Result<()> {
        match self {
            Output::File { path, .. } => output::write_checked(path, bytes, found),
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| Error::io("cannot write the report to standard output", e))
            }
        }
    }
}

/// Writes a file atomically under the output rule, refusing any existing file: for a caller
/// that has no `--force` (a trial run's scratch files).
pub fn write_atomic(path: &Path, bytes: &[u8], db: &Path) -> Result<()> {
    output::write(path, bytes, output::Rule { db, force: false }, None)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// The result of one export.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Exported {
    pub path: PathBuf,
    pub bytes: usize,
    pub sha256: String,
    /// The export whose file was kept, unchanged, instead of writing a new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unchanged_since: Option<i64>,
}

/// Who asked for an export, as recorded in `export_log.origin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Render,
    Schedule,
}

/// Renders and writes one file, logging the attempt in `export_log` (running, then ok or failed).
/// `started` is the export's clock (simulated in `schedule run --now`); the finish time is `started`
/// plus the real time the export took.
///
/// A file already sent to the definition's own output path is never written over: when nothing
/// was recorded since it was rendered and the report renders the same, it is kept (nothing is
/// logged; [`Exported::unchanged_since`] names its export); otherwise the new version is written
/// beside it ([`crate::output::version`]).
pub fn export(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    out: &Output,
    started: DateTime<Utc>,
    origin: Origin,
    reuse: &mut Reuse,
) -> Result<Exported> {
    // A request that cannot be rendered, or a file that must not be replaced, is refused before
    // anything is logged.
    req.check()?;
    // Also a render as known before the record began; the scheduler's `--now` runs on its own
    // clock.
    refuse_future(conn, req, origin == Origin::Render)?;
    // Only a file at the definition's own output path is a send; anything else is a check.
    let kind = match out {
        Output::File { send: true, .. } => "send",
        _ => "check",
    };
    if kind == "send" {
        refuse_early_send(req, started)?;
    }
    let (out, found) = match place(conn, req, format, out, reuse)? {
        Placed::Unchanged(x) => return Ok(x),
        Placed::At(out, found) => (out, found),
    };
    let path_text = out.to_string();
    if let Output::File { path, .. } = &out {
        // A logged file is never a trial's: off the trial list before it is written.
        output::trial::forget(path)?;
    }
    // The log names the file absolutely, so that it stays true from any folder.
    let logged_path = match &out {
        Output::File { path, .. } => output::anchored(path)?.display().to_string(),
        Output::Stdout => path_text.clone(),
    };
    let clock = std::time::Instant::now();
    let mut phases = crate::profile::Phases::start();
    let origin = if origin == Origin::Schedule {
        "schedule"
    } else {
        "render"
    };
    let period = req.period.to_string();
    let (known_at, started_at) = (req.at.known_at_str(), ts(started));
    let start = export_log::Start {
        key: export_log::Key {
            report: &req.def.name,
            period: &period,
            format: format.ext(),
            lang: req.lang.code(),
        },
        path: &logged_path,
        known_at: &known_at,
        started_at: &started_at,
        origin,
        kind,
    };
    // An interrupt before the row is finished finishes it as failed.
    let (id, _logging) =
        output::interrupt::logging(req.db_path, out.path(), || export_log::start(conn, &start))
            .map_err(|e| crate::store::explain_busy(e, req.db_path))?;
    phases.done("log start");
    let result = write_out(conn, req, format, &out, found, reuse).map(|(bytes, sha256)| Exported {
        path: PathBuf::from(&path_text),
        bytes,
        sha256,
        unchanged_since: None,
    });
    let mut phases = crate::profile::Phases::start();
    let elapsed = chrono::Duration::from_std(clock.elapsed()).unwrap_or_default();
    let finished = ts(started + elapsed);
    match &result {
        Ok(x) => export_log::finish_ok(conn, id, x.bytes as i64, &x.sha256, &finished)?,
        Err(e) => export_log::finish_failed(conn, id, &e.to_string(), &finished)?,
    };
    phases.done("log end");
    result
}

/// Where an export goes, once the output rule has been applied.
enum Placed {
    /// The sent file stays as it is: the render would give the same report.
    Unchanged(Exported),
    /// The file to write (a new version beside a sent file, for a send), and what is there.
    At(Output, output::Found),
}

/// Applies the output rule to an export's destination. Off the definition's own path, a logged
/// file is refused like any other; on it, the newest logged version decides: kept if unchanged,
/// or the next free version's name is taken.
fn place(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    out: &Output,
    reuse: &mut Reuse,
) -> Result<Placed> {
    let Output::File { path, force, send } = out else {
        return Ok(Placed::At(Output::Stdout, output::Found::Nothing));
    };
    if !*send {
        return Ok(Placed::At(out.clone(), out.check(conn, req.db_path)?));
    }
    // The newest send of this export, from whatever folder it was made, is kept when unchanged.
    if let Some(x) = unchanged_send(conn, req, format, reuse)? {
        return Ok(Placed::Unchanged(x));
    }
    for n in 1..=10_000 {
        let candidate = output::version(path, n);
        let exists = std::fs::symlink_metadata(&candidate).is_ok();
        // A logged path is taken even when its file is gone: a new file there would make the
        // log's row for it untrue (`schedule verify` names the missing file instead).
        if output::logged(&candidate, req.db_path, Some(conn))?.is_some() {
            continue;
        }
        // A file of someone else's beside the sent ones is left alone; the path itself follows
        // the rule (refused without --force).
        if exists && n > 1 {
            continue;
        }
        let to = Output::File {
            path: candidate,
            force: *force,
            send: true,
        };
        let found = to.check(conn, req.db_path)?;
        return Ok(Placed::At(to, found));
    }
    Err(Error::Invalid(format!(
        "{} has 10000 versions beside it; move the old ones away",
        path.display()
    )))
}

/// The newest send of the request's report, period, language and format, if its file is still
/// what this request would write (see [`unchanged`]). A path logged relative (by an older
/// tenkai) is read from the current folder.
fn unchanged_send(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    reuse: &mut Reuse,
) -> Result<Option<Exported>> {
    let period = req.period.to_string();
    let key = export_log::Key {
        report: &req.def.name,
        period: &period,
        format: format.ext(),
        lang: req.lang.code(),
    };
    let Some(f) = export_log::newest_send(conn, &key)? else {
        return Ok(None);
    };
    let kept = output::shown(Path::new(&f.path));
    let l = output::Logged {
        id: f.id,
        report: f.report,
        period: f.period,
        lang: f.lang,
        format: f.format,
        known_at: f.known_at,
        sha256: f.sha256,
    };
    unchanged(conn, req, format, &kept, &l, reuse)
}

/// The sent file at `path` (logged as `l`), if it is still what this request would write: of the
/// same report, period, language and format, its bytes as logged, nothing recorded since its
/// known-at, and the report rendered at that known-at (with today's templates and binary) giving
/// the same bytes.
fn unchanged(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    path: &Path,
    l: &output::Logged,
    reuse: &mut Reuse,
) -> Result<Option<Exported>> {
    let same_report = l.report == req.def.name
        && l.period == req.period.to_string()
        && l.lang == req.lang.code()
        && l.format == format.ext();
    let on_disk = output::file_sha256(path).ok().map(|(_, h)| h);
    if !same_report || on_disk.as_deref() != Some(l.sha256.as_str()) {
        return Ok(None);
    }
    let Ok(known_at) = crate::dates::parse_instant(&l.known_at) else {
        return Ok(None);
    };
    if known_at > req.at.known_at || crate::store::recorded::recorded_after(conn, &l.known_at)? {
        return Ok(None);
    }
    let then = Request {
        at: AsOf::new(req.at.date, known_at),
        ..*req
    };
    let bytes = render_bytes(conn, &then, format, reuse)?;
    let sha = sha256_hex(&bytes);
    Ok((sha == l.sha256).then(|| Exported {
        path: path.to_path_buf(),
        bytes: bytes.len(),
        sha256: sha,
        unchanged_since: Some(l.id),
    }))
}

/// Renders a report into a file without logging it: for a trial run (`schedule run --dry-run`),
/// whose record stays as it was. The path follows the output rule, without `--force`; the file
/// is listed in its folder's trial list (`output::trial`).
pub fn trial(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    dest: &Path,
    reuse: &mut Reuse,
) -> Result<Exported> {
    let x = trial_to(conn, req, format, dest, false, reuse)?;
    // Listed, so that a later trial or the real run may replace it (see `output::trial`).
    output::trial::record(dest, &x.sha256)?;
    Ok(x)
}

/// A trial render (see [`trial`]) to a path that `force` lets replace an existing file.
pub fn trial_to(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    dest: &Path,
    force: bool,
    reuse: &mut Reuse,
) -> Result<Exported> {
    req.check()?;
    let rule = output::Rule {
        db: req.db_path,
        force,
    };
    let found = output::check(dest, rule, Some(conn))?;
    let out = Output::File {
        path: dest.to_path_buf(),
        force,
        send: false,
    };
    let (bytes, sha256) = write_out(conn, req, format, &out, found, reuse)?;
    Ok(Exported {
        path: dest.to_path_buf(),
        bytes,
        sha256,
        unchanged_since: None,
    })
}

/// Renders a report and writes it to `out`, which passed the output rule (`found` is what is
/// there): its length and SHA-256. An HTML file that nothing after it needs is written as its
/// template runs ([`stream`]); anything else from its bytes, rendered whole.
fn write_out(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    out: &Output,
    found: output::Found,
    reuse: &mut Reuse,
) -> Result<(usize, String)> {
    let _making = match out {
        Output::File { path, .. } => Some(output::interrupt::making_of(path)),
        Output::Stdout => None,
    };
    if let Output::File { path, .. } = out {
        if format == Format::Html && reuse.streams(req) {
            return stream::html(conn, req, path, found);
        }
    }
    let bytes = render_bytes(conn, req, format, reuse)?;
    let mut phases = crate::profile::Phases::start();
    out.write(&bytes, found)?;
    phases.done("write");
    Ok((bytes.len(), sha256_hex(&bytes)))
}

/// The default export path of a report: `exports/` + the definition's output pattern.
pub fn default_path(
    def: &Definition,
    period: &Period,
    lang: Lang,
    format: Format,
) -> Result<PathBuf> {
    Ok(Path::new("exports").join(def.output_path(
        &period.to_string(),
        lang.code(),
        format.ext(),
    )?))
}

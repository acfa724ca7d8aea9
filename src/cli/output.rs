//! Where a command's rows and values go: standard output or `--out FILE` (under the output rule,
//! put in place only when whole), in the run's `--date-style` for workbooks; and the refusal of a workbook on a terminal.

use anyhow::Result;
use std::path::PathBuf;

/// The `--date-style` of this run, for the workbooks of every listing.
pub(super) static DATE_STYLE: std::sync::OnceLock<tenkai::xlsx::DateStyle> =
    std::sync::OnceLock::new();

/// The date style of this run's workbooks.
pub(crate) fn date_style() -> tenkai::xlsx::DateStyle {
    DATE_STYLE.get().copied().unwrap_or_default()
}

/// Writes a listing's rows in its format (a workbook's dates in the run's `--date-style`) to
/// standard output or to a file (`--out`).
pub(crate) fn write_all<W: Finish>(
    out: W,
    format: tenkai::table::Format,
    columns: &[&str],
    rows: Vec<Vec<tenkai::table::Cell>>,
) -> tenkai::Result<u64> {
    let columns = columns.iter().map(|c| c.to_string()).collect();
    let mut w = tenkai::table::RowWriter::with_dates(out, format, columns, date_style())?;
    for r in rows {
        w.row(r)?;
    }
    let (rows, out) = w.finish_into()?;
    out.done()?;
    Ok(rows)
}

/// An output that is closed once complete: standard output, or a file that takes its place only
/// when whole.
pub(crate) trait Finish: std::io::Write {
    fn done(self) -> tenkai::Result<()>;
}

impl Finish for std::io::StdoutLock<'static> {
    fn done(self) -> tenkai::Result<()> {
        Ok(())
    }
}

/// The database of this run: every `--out` is checked against it (the output rule).
pub(super) static DB_PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// The output rule for this run's files ([`tenkai::output`]).
pub(crate) fn rule(force: bool) -> tenkai::output::Rule<'static> {
    tenkai::output::Rule {
        db: DB_PATH
            .get()
            .map(PathBuf::as_path)
            .unwrap_or(std::path::Path::new(tenkai::store::DEFAULT_DB)),
        force,
    }
}

/// Checks a file a command is about to write and writes it whole (the output rule).
pub(crate) fn write_file(path: &std::path::Path, bytes: &[u8], force: bool) -> tenkai::Result<()> {
    tenkai::output::write(path, bytes, rule(force), None)
}

/// Where a listing goes: standard output, or `--out FILE` under the output rule, written beside
/// it and renamed into place when complete (never half a file, and no file at all when the
/// command fails).
pub(crate) enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    File(std::io::BufWriter<tenkai::output::Pending>),
}

impl Sink {
    /// Standard output, or the file `path` once the output rule allows it (`force`: an existing
    /// file that tenkai did not export may be replaced).
    pub(crate) fn to(path: Option<&std::path::Path>, force: bool) -> tenkai::Result<Sink> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(out()));
        };
        let found = tenkai::output::check(path, rule(force), None)?;
        let file = tenkai::output::Pending::create(path, found)?;
        Ok(Sink::File(std::io::BufWriter::new(file)))
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(o) => o.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(o) => o.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

impl Finish for Sink {
    fn done(self) -> tenkai::Result<()> {
        match self {
            Sink::Stdout(_) => Ok(()),
            Sink::File(f) => f
                .into_inner()
                .map_err(|e| tenkai::Error::io("cannot write the output", e.into_error()))?
                .finish(),
        }
    }
}

/// Whether the command line asks for a workbook on standard output (`--format xlsx` without
/// `--out`).
pub(super) fn xlsx_to_stdout() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let xlsx = args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "xlsx")
        || args.iter().any(|a| a == "--format=xlsx");
    xlsx && !args.iter().any(|a| a == "--out" || a.starts_with("--out="))
}

/// Standard output, locked: where a command writes its data.
pub(crate) fn out() -> std::io::StdoutLock<'static> {
    std::io::stdout().lock()
}

pub(crate) fn json_out<T: serde::Serialize>(v: &T) -> Result<()> {
    serde_json::to_writer_pretty(out(), v)?;
    println!();
    Ok(())
}

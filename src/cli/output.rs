//! Where a command's rows and values go: standard output or `--out FILE` (put in place only when
//! whole), in the run's `--date-style` for workbooks; and the refusal of a workbook on a terminal.

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

/// Where a listing goes: standard output, or `--out FILE`, written beside it and renamed into
/// place when complete (never half a file, and no file at all when the command fails).
pub(crate) enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    File(std::io::BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Sink {
    pub(crate) fn to(path: Option<&std::path::Path>) -> tenkai::Result<Sink> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(out()));
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let tmp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| tenkai::Error::io(format!("cannot write in {}", dir.display()), e))?;
        Ok(Sink::File(std::io::BufWriter::new(tmp), path.to_path_buf()))
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(o) => o.write(buf),
            Sink::File(f, _) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(o) => o.flush(),
            Sink::File(f, _) => f.flush(),
        }
    }
}

impl Finish for Sink {
    fn done(self) -> tenkai::Result<()> {
        match self {
            Sink::Stdout(_) => Ok(()),
            Sink::File(f, path) => {
                let tmp = f
                    .into_inner()
                    .map_err(|e| tenkai::Error::io("cannot write the output", e.into_error()))?;
                tmp.as_file()
                    .sync_all()
                    .map_err(|e| tenkai::Error::io("cannot write the output", e))?;
                tmp.persist(&path).map_err(|e| {
                    tenkai::Error::io(format!("cannot write {}", path.display()), e.error)
                })?;
                Ok(())
            }
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

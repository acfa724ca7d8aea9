//! Each scheduled export in a process of its own, under a memory limit.
//!
//! A Rust allocation that fails aborts the whole process, and a template can allocate without end
//! (a text doubled forty times) before its fuel runs out. So `schedule run` re-runs the tenkai
//! program (the hidden `schedule export-group` command) for each report, period and language:
//! that process lowers its own address-space limit (`RLIMIT_AS`, from `[limits] memory_mb`) before
//! it renders, and writes one JSON line per export on standard output. When it dies instead,
//! the runner logs its unfinished exports as failed (retried later, after a back-off) and goes on
//! with the others.

use super::runner::{job_key, Job, Outcome, Run};
use crate::dates::ts;
use crate::render::{Exported, Format};
use crate::report::Definition;
use crate::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Lowers this process's address-space limit to `mb` megabytes: every allocation past it fails,
/// and the process stops, alone.
pub fn limit_memory(mb: u64) -> Result<()> {
    #[cfg(unix)]
    {
        let bytes = mb.saturating_mul(1024 * 1024);
        let (_, hard) = rlimit::Resource::AS
            .get()
            .map_err(|e| Error::io("cannot read the memory limit", e))?;
        let limit = bytes.min(hard);
        rlimit::Resource::AS
            .set(limit, limit)
            .map_err(|e| Error::io(format!("cannot set a memory limit of {mb} MB"), e))?;
    }
    #[cfg(not(unix))]
    let _ = mb;
    Ok(())
}

/// One export's outcome as the child process writes it: a line of JSON.
pub fn outcome_line(job: &Job, outcome: &Outcome) -> String {
    let v = match outcome {
        Outcome::Exported(x) => serde_json::json!({"format": job.format.ext(), "exported": x}),
        Outcome::Failed(e) => serde_json::json!({"format": job.format.ext(), "failed": e}),
        Outcome::Waiting(t) => serde_json::json!({"format": job.format.ext(), "failed": ts(*t)}),
        Outcome::Unwritten(s) => serde_json::json!({"format": job.format.ext(), "unwritten": s}),
    };
    v.to_string()
}

/// Reads one line of [`outcome_line`]: the format and the outcome.
fn parse_line(line: &str) -> Option<(Format, Outcome)> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let format = Format::parse(v.get("format")?.as_str()?).ok()?;
    if let Some(e) = v.get("failed") {
        return Some((format, Outcome::Failed(e.as_str()?.to_string())));
    }
    let x = v.get("exported")?;
    Some((
        format,
        Outcome::Exported(Exported {
            path: PathBuf::from(x.get("path")?.as_str()?),
            bytes: usize::try_from(x.get("bytes")?.as_u64()?).ok()?,
            sha256: x.get("sha256")?.as_str()?.to_string(),
            unchanged_since: x.get("unchanged_since").and_then(|v| v.as_i64()),
        }),
    ))
}

/// The command line that exports `jobs` (one report, period and language) in a child process.
fn command(exe: &Path, r: &Run<'_>, jobs: &[Job]) -> Command {
    let first = &jobs[0];
    let formats: Vec<&str> = jobs.iter().map(|j| j.format.ext()).collect();
    let mut c = Command::new(exe);
    c.arg("--db")
        .arg(r.db)
        .arg("--reports")
        .arg(r.reports)
        .args(["--quiet", "schedule", "export-group", "--report"])
        .arg(&first.report)
        .args(["--period", &first.period.to_string()])
        .args(["--lang", first.lang.code()])
        .args(["--formats", &formats.join(",")])
        .args(["--now", &ts(r.now)])
        .arg("--out-dir")
        .arg(r.out_dir);
    if r.dry_run {
        c.arg("--dry-run");
    }
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Exports `jobs` (one report, period and language, in format order) in a child process, and
/// returns each job's outcome. A child that dies leaves its unfinished exports failed, logged
/// (unless a dry run) so that they are retried after a back-off.
pub fn run_group(
    conn: &Connection,
    exe: &Path,
    r: &Run<'_>,
    def: &Definition,
    jobs: &[Job],
) -> Result<Vec<Outcome>> {
    let mark = crate::store::export_log::newest_id(conn)?;
    let output = command(exe, r, jobs)
        .output()
        .map_err(|e| Error::io(format!("cannot start {} for an export", exe.display()), e))?;
    let mut done: Vec<(Format, Outcome)> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(parse_line)
        .collect();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Stopped with the run (Ctrl-C reaches the whole process group): interrupted, retried at
    // once by the next run, not a failure of the report.
    let stopped = r.stop.load(std::sync::atomic::Ordering::SeqCst);
    let why = if stopped {
        "interrupted: the run was stopped before this export finished".to_string()
    } else {
        stopped_because(def, &output.status, &stderr)
    };
    let mut outcomes = Vec::new();
    for j in jobs {
        if let Some(i) = done.iter().position(|(f, _)| *f == j.format) {
            outcomes.push(done.remove(i).1);
            continue;
        }
        // Stopped after its file was placed and logged, before it could say so: written.
        if let Some(x) = placed_before_stop(conn, j, mark, stopped && !r.dry_run)? {
            outcomes.push(Outcome::Exported(x));
            continue;
        }
        // Stopped, the process logged its own export as interrupted (if it had started it).
        if !r.dry_run {
            log_stopped(conn, j, &why, r.now, stopped)?;
        }
        outcomes.push(Outcome::Failed(why.clone()));
    }
    Ok(outcomes)
}

/// The export of `j` that its process logged as written (after the log's row `mark`) before the
/// run was stopped, when `stopped`: an interrupt that comes once the file is in place finishes
/// its row 'ok' (see `output::interrupt`), and the run's summary must say the same.
fn placed_before_stop(
    conn: &Connection,
    j: &Job,
    mark: i64,
    stopped: bool,
) -> Result<Option<Exported>> {
    if !stopped {
        return Ok(None);
    }
    let period = j.period.to_string();
    let row = crate::store::export_log::scheduled_ok_after(conn, &job_key(j, &period), mark)?;
    Ok(row.map(|(path, bytes, sha256)| Exported {
        path: PathBuf::from(path),
        bytes: bytes as usize,
        sha256,
        unchanged_since: None,
    }))
}

/// Why a child process ended without reporting an export.
fn stopped_because(def: &Definition, status: &std::process::ExitStatus, stderr: &str) -> String {
    if stderr.contains("memory allocation of") {
        return format!(
            "aborted: the render ran out of memory, past its limit of {} MB (limits.memory_mb in {}), and its process was stopped; the other exports went on. Look for a loop that repeats or doubles a text, or raise the limit.",
            def.limits.memory_mb,
            def.file.display()
        );
    }
    let tail: String = {
        let t = stderr.trim();
        let start = t.char_indices().rev().nth(299).map_or(0, |(i, _)| i);
        t[start..].to_string()
    };
    format!("aborted: the export's process stopped ({status}) before it finished: {tail}")
}

/// Logs an export whose process died: its 'running' row failed, or (unless the run was
/// `stopped`, when an export not started is simply left for the next run) a failed row if it
/// had none.
fn log_stopped(
    conn: &Connection,
    j: &Job,
    why: &str,
    now: chrono::DateTime<chrono::Utc>,
    stopped: bool,
) -> Result<()> {
    let period = j.period.to_string();
    let key = job_key(j, &period);
    if stopped {
        crate::store::export_log::fail_running(conn, &key, why, &ts(now))?;
    } else {
        crate::store::export_log::scheduled_stopped(conn, &key, why, &ts(now))?;
    }
    Ok(())
}

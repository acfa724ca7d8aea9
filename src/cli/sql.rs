//! `tenkai sql`: read-only ad-hoc SQL.

use super::Ctx;
use anyhow::Result;
use std::io::Read;
use tenkai::sql::{Limits, Outcome};
use tenkai::store::guard::Mode;
use tenkai::table::Format;

/// Run one SQL statement, read-only unless --write.
///
/// The database is opened read-only with query_only on, and an authorizer refuses anything that
/// could write (ATTACH, VACUUM INTO, pragma writes, load_extension…) before it runs.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tenkai sql \"SELECT status, count(*) AS n FROM hub_status_current GROUP BY status\"\n  tenkai sql --param iso=VN \"SELECT name_ja FROM hubs WHERE country_iso = :iso\" --format csv\n  echo \"SELECT * FROM meetings\" | tenkai sql - --format jsonl\n  tenkai sql --query hubs_by_country --as-of 2018-03-31\n  tenkai sql --write \"INSERT INTO organisations (name_ja) VALUES ('新法人')\""
)]
pub struct SqlArgs {
    /// The SQL statement, or - to read it from stdin
    query: Option<String>,
    /// Run a saved query from reports/queries/NAME.sql instead
    #[arg(long = "query", conflicts_with = "query")]
    saved: Option<String>,
    /// Output format (xlsx: an Excel workbook, to a file: --out or `> rows.xlsx`). The table and
    /// markdown are for reading: a control character (ESC, a tab), a bidirectional-text control
    /// (U+202E) and a byte that is not UTF-8 show escaped (\u{1b}, \u{202e}, \xff). CSV and TSV
    /// give text as stored. JSON holds text as UTF-8: a text value that is not has each bad
    /// byte sequence written as U+FFFD, and a warning names the first such value
    #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
    format: Format,
    /// Write to this file instead of standard output (put in place only when complete)
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Replace an existing file at --out (never the database, a link, a folder, a device or a
    /// file tenkai exported)
    #[arg(long, requires = "out")]
    force: bool,
    /// Bind a named parameter (:NAME in the query); repeat for several
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Stop the query after this long (e.g. 500ms, 5s, 2m)
    #[arg(long, default_value = "5s")]
    timeout: String,
    /// Stop output after this many rows and say how many were left out
    #[arg(long)]
    max_rows: Option<u64>,
    /// Bind :as_of to this date (default today), and :known_at to now
    #[arg(long)]
    as_of: Option<String>,
    /// Bind :known_at to this time
    #[arg(long)]
    known_at: Option<String>,
    /// Allow adding rows (INSERT), in one transaction; the record is append-only, so UPDATE,
    /// DELETE and writes to the export log stay refused
    #[arg(long)]
    write: bool,
}

pub(crate) fn parse_duration(s: &str) -> tenkai::Result<std::time::Duration> {
    let t = s.trim();
    let (num, mult) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    num.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| *v > 0.0 && v.is_finite())
        .map(|v| std::time::Duration::from_secs_f64(v * mult))
        .ok_or_else(|| {
            tenkai::Error::Usage(format!(
                "'{s}' is not a duration; use for example 500ms, 5s or 2m"
            ))
        })
}

pub fn run(ctx: &Ctx, a: SqlArgs) -> Result<i32> {
    let sql = query_text(ctx, &a)?;
    let params = parameters(&a, &sql)?;
    // The table format holds its rows to size its columns: it stops at TABLE_MAX_ROWS unless
    // told otherwise, and says so.
    let table_cap = a.format == tenkai::table::Format::Table && a.max_rows.is_none();
    let limits = Limits {
        timeout: parse_duration(&a.timeout)?,
        max_rows: if table_cap {
            Some(tenkai::sql::TABLE_MAX_ROWS)
        } else {
            a.max_rows
        },
    };
    // A read never creates a database; a write may only go to one that exists (or the default,
    // created on first use).
    drop(if a.write { ctx.store()? } else { ctx.reader()? });
    let mode = if a.write { Mode::Write } else { Mode::ReadOnly };
    let (mut conn, refusal) = tenkai::store::guard::open(&ctx.db, mode)?;
    let query = tenkai::sql::Query {
        sql: &sql,
        params: &params,
        mode,
        limits,
        dates: super::date_style(),
    };
    let mut sink = super::Sink::to(a.out.as_deref(), a.force)?;
    let outcome = tenkai::sql::run(&mut conn, &refusal, &query, &mut sink, a.format)?;
    super::Finish::done(sink)?;
    if let Outcome::Complete {
        replaced: Some(r), ..
    }
    | Outcome::RowLimit {
        replaced: Some(r), ..
    } = &outcome
    {
        eprintln!(
            "warning: {} text value(s) are not valid UTF-8 (the first: row {}, column {}); JSON holds text as UTF-8, so each byte sequence that is not is written as U+FFFD there. --format csv or tsv gives the bytes as stored, and hex({}) shows them",
            r.values, r.row, r.column, r.column
        );
    }
    match outcome {
        Outcome::Complete { rows, .. } => {
            if ctx.verbose {
                ctx.say(format!("{rows} row(s)"));
            }
            Ok(0)
        }
        Outcome::RowLimit { rows, left_out, .. } if table_cap => {
            eprintln!("error: the table format shows at most {rows} rows; {left_out} more row(s) were left out. Use --format csv, tsv, json or jsonl to stream them all, or --max-rows N");
            Ok(1)
        }
        Outcome::RowLimit { rows, left_out, .. } => {
            eprintln!("error: stopped at the row limit of {rows}; {left_out} more row(s) were left out (raise --max-rows or narrow the query)");
            Ok(1)
        }
        Outcome::Changed { rows } => {
            ctx.say(format!("{rows} row(s) changed"));
            Ok(0)
        }
    }
}

/// The query's SQL: given, read from stdin (`-`), or a saved query of the reports folder.
fn query_text(ctx: &Ctx, a: &SqlArgs) -> Result<String> {
    Ok(match (&a.query, &a.saved) {
        (_, Some(name)) => {
            let path = ctx.reports.join("queries").join(format!("{name}.sql"));
            if name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(tenkai::Error::Usage(format!("'{name}' is not a query name")).into());
            }
            std::fs::read_to_string(&path).map_err(|e| {
                tenkai::Error::Usage(format!(
                    "no saved query {} ({e}); the saved queries are the .sql files in {}",
                    path.display(),
                    ctx.reports.join("queries").display()
                ))
            })?
        }
        (Some(q), None) if q == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            tenkai::import::utf8_text(bytes, "the query on stdin")?
        }
        (Some(q), None) => q.clone(),
        (None, None) => {
            return Err(tenkai::Error::Usage(
                "give a query, - to read it from stdin, or --query NAME".into(),
            )
            .into())
        }
    })
}

/// The parameters given (`--param NAME=VALUE`), and `:as_of` and `:known_at` where the query uses
/// them and they were not given.
fn parameters(a: &SqlArgs, sql: &str) -> Result<Vec<(String, String)>> {
    let mut params = Vec::new();
    for p in &a.params {
        let Some((k, v)) = p.split_once('=') else {
            return Err(tenkai::Error::Usage(format!("--param '{p}' must be NAME=VALUE")).into());
        };
        let name = k.trim_start_matches([':', '@', '$']).to_string();
        if name.trim().is_empty() {
            return Err(tenkai::Error::Usage(format!(
                "--param '{p}' has no name: give NAME=VALUE, for :NAME in the query"
            ))
            .into());
        }
        if let Some((_, was)) = params.iter().find(|(k, _)| *k == name) {
            return Err(tenkai::Error::Usage(format!(
                "--param {name} is given twice ('{was}' and '{v}'): give it once"
            ))
            .into());
        }
        // :as_of and :known_at are the dates --as-of and --known-at bind, checked as they are.
        let option = match name.as_str() {
            "as_of" => Some(("--as-of", &a.as_of)),
            "known_at" => Some(("--known-at", &a.known_at)),
            _ => None,
        };
        if let Some((option, given)) = option {
            if given.is_some() {
                return Err(tenkai::Error::Usage(format!(
                    "--param {name} and {option} both bind :{name}: give {option} alone"
                ))
                .into());
            }
            return Err(tenkai::Error::Usage(format!(
                "--param {name}: :{name} is bound by {option}, which checks the value; give {option} {v}"
            ))
            .into());
        }
        params.push((name, v.to_string()));
    }
    let at = tenkai::dates::AsOf::from_args(a.as_of.as_deref(), a.known_at.as_deref())?;
    // As SQLite reads them: not a `:name` inside a string, a quoted name or a comment.
    let used = tenkai::sql::parameter_names(sql);
    let uses = |n: &str| used.contains(n);
    if uses("as_of") && !params.iter().any(|(k, _)| k == "as_of") {
        params.push(("as_of".into(), at.date_str()));
    }
    if uses("known_at") && !params.iter().any(|(k, _)| k == "known_at") {
        params.push(("known_at".into(), at.known_at_str()));
    }
    Ok(params)
}

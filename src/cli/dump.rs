//! `tenkai export`: a whole table dumped as CSV, TSV, JSON or a workbook.

use super::{Ctx, Finish, Sink};
use anyhow::Result;
use tenkai::store::{self};
use tenkai::table::Format;

pub fn dump(
    ctx: &Ctx,
    table: &str,
    format: Format,
    to: Option<&std::path::Path>,
    force: bool,
) -> Result<()> {
    let Some(sql) = store::export_query(table) else {
        let names: Vec<&str> = store::EXPORTABLE.iter().map(|(t, _)| *t).collect();
        return Err(tenkai::Error::Usage(format!(
            "unknown table '{table}'; choose one of: {}",
            names.join(", ")
        ))
        .into());
    };
    if !matches!(
        format,
        Format::Csv | Format::Json | Format::Jsonl | Format::Tsv | Format::Xlsx
    ) {
        return Err(
            tenkai::Error::Usage("export writes csv, tsv, json, jsonl or xlsx".into()).into(),
        );
    }
    let store = ctx.reader()?;
    drop(store);
    let (mut conn, refusal) =
        tenkai::store::guard::open(&ctx.db, tenkai::store::guard::Mode::ReadOnly)?;
    let limits = tenkai::sql::Limits {
        timeout: std::time::Duration::from_secs(3600),
        max_rows: None,
    };
    let query = tenkai::sql::Query {
        sql: &sql,
        params: &[],
        mode: tenkai::store::guard::Mode::ReadOnly,
        limits,
        dates: super::date_style(),
    };
    let mut sink = Sink::to(to, force)?;
    tenkai::sql::run(&mut conn, &refusal, &query, &mut sink, format)?;
    sink.done()?;
    Ok(())
}

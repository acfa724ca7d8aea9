//! `query(name, …)`: a saved query of `reports/queries`, read in the same snapshot as the report's
//! context and guarded read-only.

use super::{bad, Bound};
use minijinja::value::{Kwargs, Value};
use minijinja::Environment;
use std::path::Path;

// The connection a render's `query()` calls read from: the one the report context was read from,
// in the same transaction, so that every figure of a report comes from one snapshot. Set by
// `Compiled::render` for the length of the render, guarded read-only.
scoped_tls::scoped_thread_local!(pub(super) static QUERY_CONN: rusqlite::Connection);
scoped_tls::scoped_thread_local!(pub(super) static QUERY_REFUSAL: crate::store::guard::Refusal);

fn run_query(
    queries: &Path,
    name: &str,
    binds: &[(String, String)],
    kwargs: Kwargs,
) -> std::result::Result<Value, minijinja::Error> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(bad(format!("'{name}' is not a query name")));
    }
    let file = queries.join(format!("{name}.sql"));
    let sql = std::fs::read_to_string(&file).map_err(|e| {
        bad(format!(
            "query '{name}': cannot read {} ({e})",
            file.display()
        ))
    })?;
    let mut params: Vec<(String, String)> = binds.to_vec();
    for key in kwargs.args() {
        let v: Value = kwargs.get(key)?;
        let v = bounded(name, binds, key, v.to_string())?;
        params.retain(|(k, _)| k != key);
        params.push((key.to_string(), v));
    }
    kwargs.assert_all_used()?;
    if !QUERY_CONN.is_set() || !QUERY_REFUSAL.is_set() {
        return Err(bad("query() can only be called while a report is rendered"));
    }
    QUERY_CONN.with(|conn| {
        QUERY_REFUSAL.with(|refusal| read_query(conn, refusal, &file, name, &sql, params))
    })
}

/// A value a template passes for a parameter, within the report's bounds: `:known_at` is the
/// report's and cannot be passed (a re-render at a sent known-at must reproduce the file), and
/// `:as_of` may go back (a previous quarter's value) but never past the report's own date.
fn bounded(
    name: &str,
    binds: &[(String, String)],
    key: &str,
    value: String,
) -> std::result::Result<String, minijinja::Error> {
    let bound = |k: &str| {
        binds
            .iter()
            .find(|(b, _)| b == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    match key {
        "known_at" => Err(bad(format!(
            "query(\"{name}\", known_at=…): :known_at is bound to the report's known-at ({}) and a template cannot change it, so that a report re-rendered as known at a moment shows what was known then. Leave known_at out.",
            bound("known_at")
        ))),
        "as_of" => {
            let report = bound("as_of");
            let date = crate::dates::parse_date(&value).map_err(|e| {
                bad(format!("query(\"{name}\", as_of=\"{value}\"): {e}"))
            })?;
            let limit = crate::dates::parse_date(&report)
                .map_err(|e| bad(format!("the report's as-of date: {e}")))?;
            if date > limit {
                return Err(bad(format!(
                    "query(\"{name}\", as_of=\"{value}\"): a template may read an earlier date than the report's ({report}), for a previous period, never a later one. Pass a date on or before {report}."
                )));
            }
            Ok(date.to_string())
        }
        _ => Ok(value),
    }
}

/// Runs a saved query's SQL with the parameters it names; rows as maps of column → value.
fn read_query(
    conn: &rusqlite::Connection,
    refusal: &crate::store::guard::Refusal,
    file: &Path,
    name: &str,
    sql: &str,
    params: Vec<(String, String)>,
) -> std::result::Result<Value, minijinja::Error> {
    let mut stmt =
        crate::store::guard::prepare(conn, refusal, sql, crate::store::guard::Mode::ReadOnly)
            .map_err(|e| bad(format!("query '{name}' ({}): {e}", file.display())))?;
    // Bind what the query names; extra period values are simply not used.
    let names: Vec<String> = (1..=stmt.parameter_count())
        .filter_map(|i| {
            stmt.parameter_name(i)
                .map(|n| n.trim_start_matches([':', '@', '$']).to_string())
        })
        .collect();
    if let Some(missing) = names.iter().find(|n| !params.iter().any(|(k, _)| k == *n)) {
        return Err(bad(format!(
            "query '{name}' ({}) uses :{missing}, which has no value: pass it in the template as query(\"{name}\", {missing}=…) (tenkai binds :start, :end, :as_of and :known_at itself)",
            file.display()
        )));
    }
    let used: Vec<(String, String)> = params
        .into_iter()
        .filter(|(k, _)| names.contains(k))
        .collect();
    crate::store::guard::bind(&mut stmt, &used).map_err(|e| bad(format!("query '{name}': {e}")))?;
    let cols: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows
        .next()
        .map_err(|e| bad(format!("query '{name}': {e}")))?
    {
        let mut map = std::collections::BTreeMap::new();
        for (i, c) in cols.iter().enumerate() {
            let v = match row.get_ref(i).map_err(|e| bad(e.to_string()))? {
                rusqlite::types::ValueRef::Null => Value::from(()),
                rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                rusqlite::types::ValueRef::Real(f) => Value::from(f),
                rusqlite::types::ValueRef::Text(t) => {
                    Value::from(String::from_utf8_lossy(t).into_owned())
                }
                rusqlite::types::ValueRef::Blob(b) => Value::from(b.to_vec()),
            };
            map.insert(c.clone(), v);
        }
        out.push(Value::from(map));
    }
    Ok(Value::from(out))
}

/// `query(name, …)`: a saved query of `reports/queries`, with the run's period, date and moment
/// bound (`binds`, set before each run).
pub(super) fn query_function(env: &mut Environment<'static>, reports: &Path, binds: Bound) {
    let queries = reports.join("queries");
    super::filters::add_function(env, "query", move |name: String, kwargs: Kwargs| {
        let binds = binds.lock().unwrap_or_else(|p| p.into_inner()).clone();
        run_query(&queries, &name, &binds, kwargs)
    });
}

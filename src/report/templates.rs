//! The minijinja environment: templates from `reports/templates`, strict undefined variables, HTML
//! auto-escaping, and the filters and functions templates use. Rendering returns the report markup
//! parsed into a [`Document`]; any error names the template file and line.

use super::charts;
use super::context::{date_en, month_en, wareki_date, wareki_month, when, ReportContext};
use super::glossary::Glossary;
use super::Definition;
use crate::i18n::{Lang, Rag};
use crate::markup::{self, Document};
use crate::{Error, Result};
use chrono::NaiveDate;
use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn bad(msg: impl Into<String>) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, msg.into())
}

fn parse_day(s: &str) -> std::result::Result<NaiveDate, minijinja::Error> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .map_err(|_| bad(format!("'{s}' is not a date (YYYY-MM-DD)")))
}

/// Groups digits by thousands: 1234567.5 → 1,234,567.5
pub fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map(|(a, b)| (a.to_string(), Some(b.to_string())))
        .unwrap_or((s.clone(), None));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    if v < 0.0 && v.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.insert(0, '-');
    }
    out
}

/// Text as markup paragraphs, escaped: each run of lines between blank lines is a `<p>`.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            out.push_str(&format!(
                "<p>{}</p>",
                minijinja::HtmlEscape(&para.join("\n"))
            ));
            para.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(line.trim_end());
        }
    }
    flush(&mut para, &mut out);
    out
}

/// The words for a RAG code in a language ("?" for a code tenkai does not know).
fn rag_text(rag: &str, lang: Lang, glossary: &Glossary) -> String {
    match Rag::from_code(rag) {
        Some(r) => glossary.word(&format!("rating.{}", r.code()), lang),
        None => "?".into(),
    }
}

/// The colour of a RAG code in charts (grey for a code tenkai does not know).
pub fn rag_color(rag: &str) -> &'static str {
    Rag::from_code(rag).unwrap_or(Rag::NoData).color()
}

// The connection a render's `query()` calls read from: the one the report context was read from,
// in the same transaction, so that every figure of a report comes from one snapshot. Set by
// `Compiled::render` for the length of the render, guarded read-only.
scoped_tls::scoped_thread_local!(static QUERY_CONN: rusqlite::Connection);
scoped_tls::scoped_thread_local!(static QUERY_REFUSAL: crate::store::guard::Refusal);

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
        params.retain(|(k, _)| k != key);
        params.push((key.to_string(), v.to_string()));
    }
    kwargs.assert_all_used()?;
    if !QUERY_CONN.is_set() || !QUERY_REFUSAL.is_set() {
        return Err(bad("query() can only be called while a report is rendered"));
    }
    QUERY_CONN.with(|conn| {
        QUERY_REFUSAL.with(|refusal| read_query(conn, refusal, &file, name, &sql, params))
    })
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

/// The values a template's `query()` binds by name: known before the report context is built.
#[derive(Debug, Clone)]
pub struct Binds {
    pub start: String,
    pub end: String,
    pub as_of: String,
    pub known_at: String,
    pub lang: Lang,
}

/// Builds the environment for one rendering.
fn environment(
    reports: &Path,
    b: &Binds,
    glossary: &Arc<Glossary>,
) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_loader(minijinja::path_loader(reports.join("templates")));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| Error::Template(e.to_string()))?,
    );
    date_filters(&mut env, b.lang);
    number_filters(&mut env);
    language_filters(&mut env, b.lang, glossary);
    chart_functions(&mut env);
    query_function(&mut env, reports, b);
    Ok(env)
}

/// `wareki`, `wareki_month`, `date_ja`, `month_ja`, `date_en`, `month_en`, and `when` (a date as
/// precise as the source gives it, in the report's language).
fn date_filters(env: &mut Environment<'static>, lang: Lang) {
    env.add_filter(
        "wareki",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(wareki_date(parse_day(&s)?))
        },
    );
    env.add_filter(
        "wareki_month",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(wareki_month(parse_day(&s)?))
        },
    );
    env.add_filter(
        "date_ja",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(parse_day(&s)?.format("%Y年%-m月%-d日").to_string())
        },
    );
    env.add_filter(
        "month_ja",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(parse_day(&s)?.format("%Y年%-m月").to_string())
        },
    );
    env.add_filter(
        "date_en",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(date_en(parse_day(&s)?))
        },
    );
    env.add_filter(
        "month_en",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(month_en(parse_day(&s)?))
        },
    );
    let l = lang;
    // A date as precise as the source gives it, in the report's language.
    env.add_filter(
        "when",
        move |s: String,
              precision: Option<String>|
              -> std::result::Result<String, minijinja::Error> {
            Ok(when(parse_day(&s)?, precision.as_deref(), l))
        },
    );
}

/// A filter's input that does not exist (a misspelt name or field) is an error, never the 「—」
/// of a value that exists and is empty: in a report, a figure shown as 「—」 by a typo would be a
/// wrong statement.
fn defined(filter: &str, v: &Value) -> std::result::Result<(), minijinja::Error> {
    if v.is_undefined() {
        return Err(bad(format!(
            "{filter}: its value is undefined: a name or field that does not exist (check the spelling; `tenkai report context NAME --period P` prints every name a template can use)"
        )));
    }
    Ok(())
}

/// `num` (digit grouping) and `pct`; both show 「—」 for a value that exists and is empty (no
/// data), and refuse one that does not exist.
fn number_filters(env: &mut Environment<'static>) {
    env.add_filter(
        "num",
        |v: Value, decimals: Option<usize>| -> std::result::Result<String, minijinja::Error> {
            defined("num", &v)?;
            if v.is_none() {
                return Ok("—".into());
            }
            let f =
                f64::try_from(v.clone()).map_err(|_| bad(format!("num: '{v}' is not a number")))?;
            let d = decimals.unwrap_or(if f.fract() == 0.0 { 0 } else { 1 });
            Ok(group(f, d))
        },
    );
    env.add_filter(
        "pct",
        |v: Value, decimals: Option<usize>| -> std::result::Result<String, minijinja::Error> {
            defined("pct", &v)?;
            if v.is_none() {
                return Ok("—".into());
            }
            let f =
                f64::try_from(v.clone()).map_err(|_| bad(format!("pct: '{v}' is not a number")))?;
            Ok(format!("{}%", group(f * 100.0, decimals.unwrap_or(0))))
        },
    );
}

/// `rag_label`, `rag_badge`, `term(key)` (a word of the glossary) and `t(ja, en)`: words in the
/// report's language; `paragraphs`: text (a narrative) as paragraphs, a blank line starting a new one.
fn language_filters(env: &mut Environment<'static>, lang: Lang, glossary: &Arc<Glossary>) {
    env.add_filter("paragraphs", |text: String| {
        Value::from_safe_string(paragraphs(&text))
    });
    let l = lang;
    let g = glossary.clone();
    env.add_filter("rag_label", move |rag: String| rag_text(&rag, l, &g));
    let l = lang;
    // A RAG badge: <span class="rag rag-amber">要注意</span>
    let g = glossary.clone();
    env.add_filter("rag_badge", move |rag: String| {
        Value::from_safe_string(format!(
            "<span class=\"rag rag-{}\">{}</span>",
            rag.replace('_', "-"),
            rag_text(&rag, l, &g)
        ))
    });
    let (l, g) = (lang, glossary.clone());
    env.add_function(
        "term",
        move |key: String| -> std::result::Result<String, minijinja::Error> {
            g.term(&key)
                .map(|t| t.get(l).to_string())
                .map_err(|e| bad(e.to_string()))
        },
    );
    let l = lang;
    env.add_function("t", move |ja: String, en: String| l.choose(ja, en));
}

/// Refuses a chart's column that its rows do not have, naming the columns they do have: a
/// misspelt key would otherwise draw every bar of a series as 0, or no labels.
fn columns<'a>(
    chart: &str,
    row: &Value,
    wanted: impl IntoIterator<Item = &'a String>,
) -> std::result::Result<(), minijinja::Error> {
    for k in wanted {
        if row.get_attr(k).map_or(true, |v| v.is_undefined()) {
            let have: Vec<String> = row
                .try_iter()
                .map(|keys| keys.map(|k| k.to_string()).collect())
                .unwrap_or_default();
            return Err(bad(format!(
                "{chart}: no column '{k}'; the rows have {}",
                have.join(", ")
            )));
        }
    }
    Ok(())
}

/// `bar_chart`, `line_chart` and `progress_bar`: SVG charts in the report markup.
fn chart_functions(env: &mut Environment<'static>) {
    env.add_function(
        "bar_chart",
        |rows: Vec<Value>,
         label: String,
         keys: Vec<String>,
         names: Vec<String>,
         no_data: String|
         -> std::result::Result<Value, minijinja::Error> {
            let colors = ["#2563eb", "#93c5fd", "#fbbf24", "#9ca3af"];
            if let Some(first) = rows.first() {
                columns("bar_chart", first, std::iter::once(&label).chain(&keys))?;
            }
            let mut data = Vec::new();
            for r in &rows {
                let l = r.get_attr(&label)?.to_string();
                let vals = keys
                    .iter()
                    .map(|k| {
                        let v = r.get_attr(k)?;
                        if v.is_none() {
                            return Ok(0.0);
                        }
                        f64::try_from(v.clone())
                            .map_err(|_| bad(format!("bar_chart: {k} is '{v}', not a number")))
                    })
                    .collect::<std::result::Result<Vec<f64>, minijinja::Error>>()?;
                data.push((l, vals));
            }
            let series: Vec<(String, String)> = names
                .into_iter()
                .zip(colors.iter().map(|c| c.to_string()))
                .collect();
            Ok(Value::from_safe_string(charts::bar_chart(
                &data, &series, &no_data,
            )))
        },
    );
    env.add_function(
        "line_chart",
        |rows: Vec<Value>,
         date_key: String,
         value_key: String,
         no_data: String,
         label_key: Option<String>|
         -> std::result::Result<Value, minijinja::Error> {
            if let Some(first) = rows.first() {
                columns(
                    "line_chart",
                    first,
                    [&date_key, &value_key]
                        .into_iter()
                        .chain(label_key.as_ref()),
                )?;
            }
            let mut pts = Vec::new();
            for r in &rows {
                let v = f64::try_from(r.get_attr(&value_key)?)
                    .map_err(|_| bad(format!("line_chart: {value_key} is not a number")))?;
                let date = r.get_attr(&date_key)?.to_string();
                let label = match &label_key {
                    Some(k) => r.get_attr(k)?.to_string(),
                    None => date.chars().take(7).collect(),
                };
                pts.push((date, label, v));
            }
            Ok(Value::from_safe_string(charts::line_chart(&pts, &no_data)))
        },
    );
    env.add_function(
        "progress_bar",
        |progress: Value, expected: Value, rag: String| {
            let f = |v: Value| {
                if v.is_none() {
                    None
                } else {
                    f64::try_from(v).ok()
                }
            };
            Value::from_safe_string(charts::progress_bar(
                f(progress),
                f(expected),
                rag_color(&rag),
            ))
        },
    );
}

/// `query(name, …)`: a saved query of `reports/queries`, with the report's period bound.
fn query_function(env: &mut Environment<'static>, reports: &Path, b: &Binds) {
    let queries = reports.join("queries");
    let binds = vec![
        ("start".to_string(), b.start.clone()),
        ("end".to_string(), b.end.clone()),
        ("as_of".to_string(), b.as_of.clone()),
        ("known_at".to_string(), b.known_at.clone()),
        ("lang".to_string(), b.lang.code().to_string()),
    ];
    env.add_function("query", move |name: String, kwargs: Kwargs| {
        run_query(&queries, &name, &binds, kwargs)
    });
}

fn template_error(reports: &Path, e: &minijinja::Error) -> Error {
    template_error_in(reports, e, None)
}

/// The closest of some names to a misspelt one, if any is close.
fn closest<'a>(wrong: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names
        .into_iter()
        .map(|n| (strsim::jaro_winkler(wrong, n), n))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// What a misspelt expression (`figures.hubs_opn`, `mt.numbr`) may have meant, from the names of
/// the context: the path walked as far as it exists, its failing name replaced by the closest
/// name there; for a loop's variable, the closest field of any list's items.
fn did_you_mean(expr: &str, ctx: &serde_json::Value) -> Option<String> {
    let parts: Vec<&str> = expr.split('.').map(str::trim).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_alphanumeric() || c == '_'))
    {
        return None;
    }
    let mut at = ctx;
    for (i, part) in parts.iter().enumerate() {
        let obj = at.as_object()?;
        match obj.get(*part) {
            Some(v) => at = v,
            None if i == 0 && closest(part, obj.keys().map(String::as_str)).is_none() => {
                // A loop's variable: the field is one of some list's items.
                let field = parts.get(1)?;
                let mut fields = std::collections::BTreeSet::new();
                field_names(ctx, &mut fields);
                let best = closest(field, fields)?;
                return Some(format!("{}.{best}", parts[0]));
            }
            None => {
                let best = closest(part, obj.keys().map(String::as_str))?;
                let mut fixed: Vec<&str> = parts[..i].to_vec();
                fixed.push(best);
                return Some(fixed.join("."));
            }
        }
    }
    None
}

/// Every field name in a context: of its maps, and of the first items of its lists.
fn field_names<'a>(v: &'a serde_json::Value, out: &mut std::collections::BTreeSet<&'a str>) {
    match v {
        serde_json::Value::Array(items) => items.iter().take(3).for_each(|x| field_names(x, out)),
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.as_str());
                field_names(x, out);
            }
        }
        _ => {}
    }
}

fn template_error_in(reports: &Path, e: &minijinja::Error, ctx: Option<&ReportContext>) -> Error {
    let file = e
        .name()
        .map(|n| reports.join("templates").join(n).display().to_string())
        .unwrap_or_else(|| "template".into());
    let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
    let mut msg = format!("{file}{line}: {}", e.kind());
    let mut hint_first = String::new();
    // Name what was undefined: the expression at the error's place in the template's source.
    if e.kind() == ErrorKind::UndefinedError {
        let source = e
            .name()
            .and_then(|n| std::fs::read_to_string(reports.join("templates").join(n)).ok());
        if let Some(expr) = source
            .zip(e.range())
            .and_then(|(src, r)| src.get(r).map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
        {
            msg += &format!(" `{expr}`");
            let names = ctx.and_then(|c| serde_json::to_value(c).ok());
            if let Some(better) = names.and_then(|n| did_you_mean(&expr, &n)) {
                hint_first = format!(" (did you mean `{better}`?)");
            }
        }
    }
    if let Some(d) = e.detail() {
        msg += &format!(": {d}");
    }
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg += &format!(" ({s})");
        src = s.source();
    }
    let hint = match e.kind() {
        ErrorKind::UndefinedError => "; the variables a template can use are shown by `tenkai report context NAME --period P`",
        ErrorKind::SyntaxError => "; fix the template syntax at that line",
        ErrorKind::TemplateNotFound => "; templates live in reports/templates",
        ErrorKind::OutOfFuel => "; the template ran past its limit of instructions (limits.fuel in the report's .toml): look for a loop that never ends, or raise the limit",
        _ => "",
    };
    Error::Template(format!("{msg}{hint_first}{hint}"))
}

/// A report's template loaded and compiled: everything a run needs except the context and the
/// database, so it can be made while the context is read.
pub struct Compiled {
    env: Environment<'static>,
    reports: PathBuf,
    template: String,
    report: String,
}

impl Compiled {
    pub fn new(reports: &Path, def: &Definition, binds: &Binds) -> Result<Compiled> {
        let mut env = environment(reports, binds, &def.glossary)?;
        env.set_fuel(Some(def.limits.fuel));
        // Compile the template and the templates it names (extends, imports, includes), so that
        // the run itself only renders. A name that does not load is reported by the run.
        let mut todo = vec![def.template.clone()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            match env.get_template(&name) {
                Ok(t) => todo.extend(named_templates(t.source())),
                Err(e) if name == def.template => return Err(template_error(reports, &e)),
                Err(_) => {}
            }
        }
        Ok(Compiled {
            env,
            reports: reports.to_path_buf(),
            template: def.template.clone(),
            report: def.name.clone(),
        })
    }

    /// Runs the template on a context: the markup text and its parsed document.
    ///
    /// The template's `query()` calls read from `conn`, guarded read-only for the render: pass
    /// the connection, inside the transaction, that the context was read from.
    pub fn render(
        &self,
        ctx: &ReportContext,
        conn: &mut rusqlite::Connection,
    ) -> Result<(String, Document)> {
        let refusal = crate::store::guard::guard_saved_queries(conn)?;
        let rendered = QUERY_CONN.set(&*conn, || {
            QUERY_REFUSAL.set(&refusal, || self.render_markup(ctx))
        });
        crate::store::guard::unguard(conn)?;
        rendered
    }

    fn render_markup(&self, ctx: &ReportContext) -> Result<(String, Document)> {
        let (reports, env) = (&self.reports, &self.env);
        let tmpl = env
            .get_template(&self.template)
            .map_err(|e| template_error(reports, &e))?;
        let value = Value::from(minijinja::value::Serde(ctx));
        let out = tmpl
            .render(&value)
            .map_err(|e| template_error_in(reports, &e, Some(ctx)))?;
        if let Ok(doc) = markup::parse(&out) {
            return Ok((out, doc));
        }
        // Bad markup: run the template again, recording which template line wrote each part of
        // the output (a cost paid only here), to say where the error comes from.
        let (out, spans) = tmpl
            .render_with_spans(&value)
            .map_err(|e| template_error(reports, &e))?;
        match markup::parse(&out) {
            Ok(doc) => Ok((out, doc)),
            Err(me) => {
                let span = spans
                    .iter()
                    .find(|s| s.output_range().contains(&me.offset))
                    .or_else(|| {
                        spans
                            .iter()
                            .rev()
                            .find(|s| s.output_range().start <= me.offset)
                    });
                let place = match span {
                    Some(s) => {
                        // Raw template text maps one-to-one to the output: count the lines up to the error.
                        let line = match s.kind() {
                            minijinja::OutputSpanKind::Raw => {
                                let from = s.output_range().start.min(me.offset);
                                s.line() + out[from..me.offset].matches('\n').count()
                            }
                            _ => s.line(),
                        };
                        format!("{}:{}", template_path(reports, s.name()).display(), line)
                    }
                    None => template_path(reports, &self.template).display().to_string(),
                };
                Err(Error::Template(format!(
                    "{place}: {} (report {}). The report markup is a small HTML subset that both the HTML and the PDF writer understand; change the template to use it.",
                    me.message, self.report
                )))
            }
        }
    }
}

/// The quoted `.html` names in a template's text: the templates it may extend, import or include.
fn named_templates(source: &str) -> Vec<String> {
    source
        .split(['"', '\''])
        .skip(1)
        .step_by(2)
        .filter(|s| s.ends_with(".html") && !s.contains(char::is_whitespace))
        .map(str::to_string)
        .collect()
}

fn template_path(reports: &Path, name: &str) -> PathBuf {
    reports.join("templates").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::AsOf;
    use crate::period::Period;
    use crate::store::{Seed, Store};

    #[test]
    fn query_reads_in_the_snapshot_the_context_was_read_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.sqlite");
        let reports = dir.path().join("reports");
        std::fs::create_dir_all(reports.join("templates")).unwrap();
        std::fs::create_dir_all(reports.join("queries")).unwrap();
        std::fs::write(
            reports.join("templates/t.html"),
            "{% for r in query(\"n\") %}<p>{{ r.n }} hubs</p>{% endfor %}",
        )
        .unwrap();
        std::fs::write(
            reports.join("queries/n.sql"),
            "SELECT count(*) AS n FROM hubs",
        )
        .unwrap();
        let briefing = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/briefing.toml"),
        )
        .unwrap();
        std::fs::write(
            reports.join("t.toml"),
            briefing.replace("\"briefing.html\"", "\"t.html\""),
        )
        .unwrap();
        let def = crate::report::load(&reports, "t").unwrap();
        let period: Period = "FY2017Q4".parse().unwrap();
        let at = AsOf::new(period.end(), crate::dates::now());
        let binds = Binds {
            start: period.start().to_string(),
            end: period.end().to_string(),
            as_of: at.date_str(),
            known_at: at.known_at_str(),
            lang: Lang::Ja,
        };
        let compiled = Compiled::new(&reports, &def, &binds).unwrap();

        let mut reader = Store::open(&db, Seed::Yes).unwrap().conn;
        reader.execute_batch("BEGIN").unwrap();
        let ctx = crate::report::context::build(&reader, &def, &period, &at, Lang::Ja).unwrap();
        // Another process adds a hub after the context was read, before the template runs.
        let writer = Store::open(&db, Seed::Yes).unwrap();
        writer
            .conn
            .execute(
                "INSERT INTO hubs (code, name_ja, country_iso, kind, recorded_at)
                 SELECT 'TEST-1', '試験拠点', country_iso, kind, recorded_at FROM hubs LIMIT 1",
                [],
            )
            .unwrap();
        let (markup, _) = compiled.render(&ctx, &mut reader).unwrap();
        assert!(markup.contains("<p>28 hubs</p>"), "{markup}");
        reader.execute_batch("COMMIT").unwrap();
        // The render left the connection as it found it: writable, and a new snapshot sees the hub.
        let (markup, _) = compiled.render(&ctx, &mut reader).unwrap();
        assert!(markup.contains("<p>29 hubs</p>"), "{markup}");
    }

    #[test]
    fn grouping() {
        assert_eq!(super::group(1234567.0, 0), "1,234,567");
        assert_eq!(super::group(56.0, 0), "56");
        assert_eq!(super::group(-1234.5, 1), "-1,234.5");
        assert_eq!(super::group(999.0, 0), "999");
    }
}

//! A template error as the reader needs it: the template file and line, the expression that was
//! undefined and the closest name in scope, and what to do.

use super::super::context::ReportContext;
use crate::Error;
use minijinja::ErrorKind;
use std::path::Path;

pub(super) fn template_error(reports: &Path, e: &minijinja::Error) -> Error {
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

pub(super) fn template_error_in(
    reports: &Path,
    e: &minijinja::Error,
    ctx: Option<&ReportContext>,
) -> Error {
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

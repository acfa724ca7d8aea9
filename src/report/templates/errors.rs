//! A template error as the reader needs it: the template file and line, the expression that was
//! undefined and the closest name in scope, and what to do.

use crate::Error;
use minijinja::ErrorKind;
use std::path::Path;

pub(super) fn template_error(reports: &Path, e: &minijinja::Error) -> Error {
    template_error_in(reports, e, None)
}

/// The closest of some names to a misspelt one, if any is close: by Jaro-Winkler similarity,
/// or for a short name (where that measure sees little) one typing slip away (`nmu` for `num`).
fn closest<'a>(wrong: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let names: Vec<&str> = names.into_iter().collect();
    names
        .iter()
        .map(|n| (strsim::jaro_winkler(wrong, n), *n))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .or_else(|| {
            names
                .iter()
                .map(|n| (strsim::damerau_levenshtein(wrong, n), *n))
                .filter(|(d, _)| *d == 1)
                .min_by_key(|(d, _)| *d)
                .map(|(_, n)| (1.0, n))
        })
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

/// The statements that open a block closed by `end` + their name.
const BLOCKS: &[&str] = &[
    "for",
    "if",
    "macro",
    "call",
    "filter",
    "block",
    "with",
    "autoescape",
    "raw",
];

/// The first block of a template's source that is not closed where it should be: one closed by
/// another block's end tag, or left open to the end. The message names the block and the line it
/// was opened on; minijinja reports the place where it noticed, which may be far below.
pub(super) fn unclosed_block(source: &str) -> Option<(usize, String)> {
    let line_at = |offset: usize| source[..offset].matches('\n').count() + 1;
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut rest = 0;
    while let Some(start) = source[rest..].find("{%").map(|i| rest + i) {
        let end = source[start..].find("%}").map(|i| start + i)?;
        let body = source[start + 2..end]
            .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        let word = body.split_whitespace().next().unwrap_or_default();
        rest = end + 2;
        // A `set` without `=` captures a block.
        let opens = BLOCKS.contains(&word) || (word == "set" && !body.contains('='));
        if word == "raw" {
            // Nothing inside a raw block is a statement: on past its end.
            let close = rest + source[rest..].find("endraw")?;
            rest = close + source[close..].find("%}")? + 2;
        } else if opens {
            open.push((word, start));
        } else if let Some(name) = word.strip_prefix("end") {
            match open.last() {
                Some((top, _)) if *top == name => {
                    open.pop();
                }
                Some((top, at)) => {
                    return Some((
                        line_at(*at),
                        format!(
                            "`{{% {top} %}}` is opened here and not closed: `{{% {word} %}}` at line {} comes first (add `{{% end{top} %}}` where the {top} ends)",
                            line_at(start)
                        ),
                    ))
                }
                None => return None,
            }
        }
    }
    open.last().map(|(top, at)| {
        (
            line_at(*at),
            format!("`{{% {top} %}}` is opened here and never closed (add `{{% end{top} %}}` where the {top} ends)"),
        )
    })
}

pub(super) fn template_error_in(
    reports: &Path,
    e: &minijinja::Error,
    ctx: Option<&serde_json::Value>,
) -> Error {
    let file = e
        .name()
        .map(|n| reports.join("templates").join(n).display().to_string())
        .unwrap_or_else(|| "template".into());
    let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
    // The template's source, read once: what the error's place in it says names the problem.
    let source = e
        .name()
        .and_then(|n| std::fs::read_to_string(reports.join("templates").join(n)).ok());
    // A block left open shows as a syntax error further down: say first where it was opened.
    if e.kind() == ErrorKind::SyntaxError {
        if let Some((opened, what)) = source.as_deref().and_then(unclosed_block) {
            let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
            return Error::Template(format!(
                "{file}:{opened}: {what}; minijinja stopped at line {}{detail}",
                e.line().unwrap_or(0)
            ));
        }
    }
    if let Some(named) = undefined_input(reports, e, ctx) {
        return Error::Template(format!("{file}{line}: {named}"));
    }
    let at_error = source
        .zip(e.range())
        .and_then(|(src, r)| src.get(r).map(str::to_string))
        .unwrap_or_default();
    let (what, hint_first) = match e.kind() {
        ErrorKind::UndefinedError => undefined_expression(at_error.trim(), ctx),
        ErrorKind::UnknownFilter | ErrorKind::UnknownFunction => {
            unknown_name(&at_error, e.kind() == ErrorKind::UnknownFilter)
        }
        _ => (String::new(), String::new()),
    };
    let mut msg = format!("{file}{line}: {}{what}", e.kind());
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
        ErrorKind::OutOfFuel => "; the template ran past its limit of work (limits.fuel in the report's .toml): look for a loop that never ends or a text that keeps growing, or raise the limit",
        _ => "",
    };
    Error::Template(format!("{msg}{hint_first}{hint}"))
}

/// What was undefined (the expression at the error's place) and the closest name in scope.
fn undefined_expression(expr: &str, ctx: Option<&serde_json::Value>) -> (String, String) {
    if expr.is_empty() {
        return (String::new(), String::new());
    }
    let hint = ctx
        .and_then(|n| did_you_mean(expr, n))
        .map(|better| format!(" (did you mean `{better}`?)"))
        .unwrap_or_default();
    (format!(" `{expr}`"), hint)
}

/// A misspelt filter or function (the last filter of the expression, or the function called),
/// and the closest of those a template has.
fn unknown_name(text: &str, filter: bool) -> (String, String) {
    use super::super::reference;
    let name: String = if filter {
        text.rsplit('|').next().unwrap_or_default()
    } else {
        text.split('(').next().unwrap_or_default()
    }
    .trim()
    .chars()
    .take_while(|c| c.is_alphanumeric() || *c == '_')
    .collect();
    if name.is_empty() {
        return (String::new(), String::new());
    }
    let known: Vec<&str> = if filter {
        let own = reference::FILTERS.iter().map(|e| e.name);
        own.chain(reference::BUILTIN_FILTERS.iter().copied())
            .collect()
    } else {
        let own = reference::FUNCTIONS.iter().map(|e| e.name);
        own.chain(reference::BUILTIN_FUNCTIONS.iter().copied())
            .collect()
    };
    let mut hint = closest(&name, known.iter().copied())
        .map(|better| format!(" (did you mean `{better}`?)"))
        .unwrap_or_default();
    hint += "; `tenkai report reference` lists every filter and function";
    (format!(" `{name}`"), hint)
}

/// The name or field a filter at `at` (its name's offset in `source`) is applied to: the dotted
/// name before its `|`, past any filters between them. None for another expression.
fn filter_input(source: &str, at: usize) -> Option<&str> {
    let mut end = at;
    loop {
        let before = source.get(..end)?.trim_end().strip_suffix('|')?.trim_end();
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
            .last()
            .map(|(i, _)| i)?;
        if before[..start].trim_end().ends_with('|') {
            // A filter's name: the input is further back.
            end = start;
            continue;
        }
        return Some(&before[start..]);
    }
}

/// A filter's undefined input (`{{ figures.hubs_opn | num }}`), named: the expression before the
/// filter, from the error's place in the source, with the closest name in the context.
fn undefined_input(
    reports: &Path,
    e: &minijinja::Error,
    ctx: Option<&serde_json::Value>,
) -> Option<String> {
    let filter = e
        .detail()?
        .strip_suffix(super::filters::UNDEFINED_INPUT)?
        .to_string();
    let source = std::fs::read_to_string(reports.join("templates").join(e.name()?)).ok()?;
    let expr = filter_input(&source, e.range()?.start)?;
    let better = ctx
        .and_then(|n| did_you_mean(expr, n))
        .map(|b| format!(" (did you mean `{b}`?)"))
        .unwrap_or_default();
    Some(format!(
        "`{expr}` is undefined{better}: the filter `{filter}` needs a name or field that exists (check the spelling; `tenkai report context NAME --period P` prints every name a template can use)"
    ))
}

#[cfg(test)]
mod tests {
    use super::{filter_input, unclosed_block};

    #[test]
    fn a_filters_input_is_the_name_before_it() {
        let src = "<p>{{ a.b | num }} {{ x.y_z | round | num }} {{ (a + b) | num }}</p>";
        let at = |n: usize| src.match_indices("num").nth(n).unwrap().0;
        assert_eq!(filter_input(src, at(0)), Some("a.b"));
        assert_eq!(filter_input(src, at(1)), Some("x.y_z"));
        assert_eq!(filter_input(src, at(2)), None);
    }

    #[test]
    fn a_block_left_open_is_found_on_the_line_it_opened() {
        let src = "{% extends \"base.html\" %}\n{% block content %}\n<ul>\n{% for h in hubs %}\n<li>{{ h.name }}</li>\n{% endblock %}\n";
        let (line, what) = unclosed_block(src).unwrap();
        assert_eq!(line, 4, "{what}");
        assert!(
            what.contains("`{% for %}`") && what.contains("`{% endblock %}` at line 6"),
            "{what}"
        );
        let (line, what) = unclosed_block("{% if x %}\n{% for a in b %}{% endfor %}\n").unwrap();
        assert_eq!(line, 1);
        assert!(
            what.contains("never closed") && what.contains("endif"),
            "{what}"
        );
        assert_eq!(
            unclosed_block("{% set x = 1 %}{% if x %}{% raw %}{% for %}{% endraw %}{% endif %}"),
            None
        );
    }
}

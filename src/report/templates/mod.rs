//! The minijinja environment: templates from `reports/templates`, strict undefined variables, HTML
//! auto-escaping, and the filters and functions templates use. Rendering returns the report markup
//! parsed into a [`Document`] ([`Compiled::render`]), or hands the markup to a writer as the
//! template writes it ([`Compiled::render_to`]: an HTML file written as it goes); any error names
//! the template file and line.
//!
//! The rooms: [`filters`] (the filters and the chart and glossary functions), [`query`] (a
//! template's saved queries, read in the render's snapshot), [`errors`] (an error as the template
//! file and line, with what may have been meant).

mod errors;
mod filters;
mod query;

pub use filters::{group, japanese, rag_color};

use super::context::{self, Sections};
use super::Definition;
use crate::i18n::glossary::Glossary;
use crate::i18n::Lang;
use crate::markup::{self, Document};
use crate::{Error, Result};
use errors::{template_error, template_error_in};
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use query::{QUERY_CONN, QUERY_REFUSAL};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn bad(msg: impl Into<String>) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, msg.into())
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

impl Binds {
    /// The binds by name, as `query()` passes them to SQL.
    fn pairs(&self) -> Vec<(String, String)> {
        vec![
            ("start".to_string(), self.start.clone()),
            ("end".to_string(), self.end.clone()),
            ("as_of".to_string(), self.as_of.clone()),
            ("known_at".to_string(), self.known_at.clone()),
            ("lang".to_string(), self.lang.code().to_string()),
        ]
    }
}

/// The binds of the run at hand, which the `query()` function reads when it is called.
type Bound = Arc<Mutex<Vec<(String, String)>>>;

/// Builds the environment for renderings in one language.
fn environment(
    reports: &Path,
    lang: Lang,
    binds: &Bound,
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
    filters::date_filters(&mut env, lang);
    filters::number_filters(&mut env);
    filters::language_filters(&mut env, lang, glossary);
    filters::chart_functions(&mut env, lang, glossary);
    query::query_function(&mut env, reports, binds.clone());
    Ok(env)
}

/// A report's template loaded and compiled: everything a run needs except the context, the
/// database and the values `query()` binds, so it can be made while the database is opened and
/// the context read.
pub struct Compiled {
    env: Environment<'static>,
    lang: Lang,
    binds: Bound,
    reports: PathBuf,
    template: String,
    report: String,
    /// The most bytes the template may write, and the definition that sets it.
    output_limit: u64,
    definition: PathBuf,
}

impl Compiled {
    pub fn new(reports: &Path, def: &Definition, binds: &Binds) -> Result<Compiled> {
        let compiled = Compiled::unbound(reports, def, binds.lang)?;
        compiled.bind(binds)?;
        Ok(compiled)
    }

    /// The template compiled for a language, before the values of its run are known: give them
    /// with [`Compiled::bind`] before it runs.
    pub fn unbound(reports: &Path, def: &Definition, lang: Lang) -> Result<Compiled> {
        let binds = Bound::default();
        let mut env = environment(reports, lang, &binds, &def.glossary)?;
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
            lang,
            binds,
            reports: reports.to_path_buf(),
            template: def.template.clone(),
            report: def.name.clone(),
            output_limit: def.limits.output_mb.saturating_mul(1024 * 1024),
            definition: def.file.clone(),
        })
    }

    /// The values that the runs to come bind in the template's `query()` calls: the report's
    /// period, date and moment, in the language it was compiled for.
    pub fn bind(&self, binds: &Binds) -> Result<()> {
        if binds.lang != self.lang {
            return Err(Error::Invalid(format!(
                "the template was compiled for {} and asked to run in {}",
                self.lang.code(),
                binds.lang.code()
            )));
        }
        *self.binds.lock().unwrap_or_else(|p| p.into_inner()) = binds.pairs();
        Ok(())
    }

    /// Runs the template on a context: the markup text and its parsed document. The template
    /// computes the sections it reads, as it reads them.
    ///
    /// The template's `query()` calls and its sections read from `conn`, guarded read-only for
    /// the render: pass the connection inside the transaction the report is read in.
    pub fn render(
        &self,
        ctx: &Arc<Sections>,
        conn: &mut rusqlite::Connection,
    ) -> Result<(String, Document)> {
        self.guarded(ctx, conn, || self.render_markup(ctx))
    }

    /// Runs the template as [`Compiled::render`] does, its output written to `w` as it is
    /// written (the HTML writer's [`crate::html::Stream`]), and `w` back when the run completed.
    /// `None` when it did not (an error of the template, its output limit, or `w` refusing to
    /// go on): [`Compiled::render`] then says what is wrong, if anything. A section that failed
    /// is the error either way.
    pub fn render_to<W: std::io::Write>(
        &self,
        ctx: &Arc<Sections>,
        conn: &mut rusqlite::Connection,
        w: W,
    ) -> Result<Option<W>> {
        self.guarded(ctx, conn, || {
            let Ok(tmpl) = self.env.get_template(&self.template) else {
                return Ok(None);
            };
            let value = Value::from_dyn_object(ctx.clone());
            let mut w = Capped::new(w, self.output_limit);
            let ran = tmpl.render_captured_to(&value, &mut w).is_ok();
            drop(value);
            ctx.forget_values();
            Ok((ran && !w.over).then_some(w.out))
        })
    }

    /// Runs `run` with the template's `query()` calls and sections reading from `conn`, guarded
    /// read-only; a section that failed is the error, whatever the template made of it.
    fn guarded<T>(
        &self,
        ctx: &Arc<Sections>,
        conn: &mut rusqlite::Connection,
        run: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let refusal = crate::store::guard::guard_saved_queries(conn)?;
        let rendered = QUERY_CONN.set(&*conn, || {
            QUERY_REFUSAL.set(&refusal, || context::reading(conn, run))
        });
        crate::store::guard::unguard(conn)?;
        if let Some(e) = ctx.take_failure() {
            return Err(e);
        }
        rendered
    }

    fn render_markup(&self, ctx: &Arc<Sections>) -> Result<(String, Document)> {
        let (reports, env) = (&self.reports, &self.env);
        let tmpl = env
            .get_template(&self.template)
            .map_err(|e| template_error(reports, &e))?;
        let value = Value::from_dyn_object(ctx.clone());
        let out = self.render_capped(&tmpl, &value, ctx)?;
        // The sections as template values are freed before the markup is parsed: at 1000× the
        // two would be some tens of MiB at once.
        drop(value);
        ctx.forget_values();
        if let Ok(doc) = markup::parse(&out) {
            return Ok((out, doc));
        }
        // Bad markup: run the template again, recording which template line wrote each part of
        // the output (a cost paid only here), to say where the error comes from.
        let value = Value::from_dyn_object(ctx.clone());
        let (out, spans) = tmpl
            .render_with_spans(&value)
            .map_err(|e| template_error(reports, &e))?;
        drop(value);
        ctx.forget_values();
        match markup::parse(&out) {
            Ok(doc) => Ok((out, doc)),
            Err(me) => {
                // The template file and line that wrote the output at `offset`.
                let place_of = |offset: usize| {
                    let span = spans
                        .iter()
                        .find(|s| s.output_range().contains(&offset))
                        .or_else(|| {
                            spans
                                .iter()
                                .rev()
                                .find(|s| s.output_range().start <= offset)
                        });
                    match span {
                        Some(s) => {
                            // Raw template text maps one-to-one to the output: count the lines
                            // up to the offset.
                            let line = match s.kind() {
                                minijinja::OutputSpanKind::Raw => {
                                    let from = s.output_range().start.min(offset);
                                    s.line() + out[from..offset].matches('\n').count()
                                }
                                _ => s.line(),
                            };
                            format!("{}:{}", template_path(reports, s.name()).display(), line)
                        }
                        None => template_path(reports, &self.template).display().to_string(),
                    }
                };
                let place = place_of(me.offset);
                // An element left open shows as an error further on, often in another template
                // (the base's closing tags): say first where it was opened.
                let opened = markup::unclosed_element(&out)
                    .filter(|(_, at)| *at <= me.offset)
                    .map(|(name, at)| {
                        format!(
                            "{}: <{name}> is opened here and not closed (add </{name}> where it ends); the markup then fails at ",
                            place_of(at)
                        )
                    })
                    .unwrap_or_default();
                Err(Error::Template(format!(
                    "{opened}{place}: {} (report {}). The report markup is a small HTML subset that both the HTML and the PDF writer understand; change the template to use it.",
                    me.message, self.report
                )))
            }
        }
    }
}

/// The template's output, counted as it is written: past the limit the write fails, and the
/// render stops there instead of growing without end.
struct Capped<W> {
    out: W,
    written: u64,
    limit: u64,
    over: bool,
}

impl<W> Capped<W> {
    fn new(out: W, limit: u64) -> Capped<W> {
        Capped {
            out,
            written: 0,
            limit,
            over: false,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Capped<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written + buf.len() as u64 > self.limit {
            self.over = true;
            return Err(std::io::Error::other("the template's output limit"));
        }
        self.out.write_all(buf)?;
        self.written += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Compiled {
    /// Runs the template into a [`Capped`] buffer; its output past `limits.output_mb` is an
    /// error that names the template and the limit.
    fn render_capped(
        &self,
        tmpl: &minijinja::Template<'_, '_>,
        value: &Value,
        ctx: &Sections,
    ) -> Result<String> {
        let mut w = Capped::new(Vec::new(), self.output_limit);
        let rendered = tmpl.render_captured_to(value, &mut w).map(drop);
        if w.over {
            return Err(Error::Template(format!(
                "{}: the template wrote more than its limit of {} MB (limits.output_mb in {}) and was stopped (report {}): look for a loop that repeats or doubles a text, or raise the limit",
                template_path(&self.reports, &self.template).display(),
                self.output_limit / (1024 * 1024),
                self.definition.display(),
                self.report
            )));
        }
        rendered.map_err(|e| template_error_in(&self.reports, &e, ctx.json_now().as_ref()))?;
        String::from_utf8(w.out)
            .map_err(|e| Error::Template(format!("the template wrote invalid UTF-8: {e}")))
    }
}

/// Which of `names` a template's files (the template and those it names) use as a name of their
/// own, not as a field after a dot: a guess, made before the template is compiled, at the
/// sections of the context it reads.
pub fn mentions(reports: &Path, template: &str, names: &[&'static str]) -> Vec<&'static str> {
    let mut text = String::new();
    let mut todo = vec![template.to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Ok(source) = std::fs::read_to_string(template_path(reports, &name)) {
            todo.extend(named_templates(&source));
            text.push_str(&source);
            text.push('\n');
        }
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let named = |name: &str| {
        text.match_indices(name).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + name.len()..].chars().next();
            !before.is_some_and(|c| word(c) || c == '.') && !after.is_some_and(word)
        })
    };
    names.iter().copied().filter(|n| named(n)).collect()
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

    fn binds_at(period: &Period, at: &AsOf) -> Binds {
        Binds {
            start: period.start().to_string(),
            end: period.end().to_string(),
            as_of: at.date_str(),
            known_at: at.known_at_str(),
            lang: Lang::Ja,
        }
    }

    /// A report `t` in `dir/reports` whose template is `template`, with the saved query
    /// `n.sql` that `query("n")` runs.
    fn report_of(dir: &Path, template: &str, query: &str) -> (PathBuf, Definition) {
        let reports = dir.join("reports");
        std::fs::create_dir_all(reports.join("templates")).unwrap();
        std::fs::create_dir_all(reports.join("queries")).unwrap();
        std::fs::write(reports.join("templates/t.html"), template).unwrap();
        std::fs::write(reports.join("queries/n.sql"), query).unwrap();
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
        (reports, def)
    }

    #[test]
    fn query_reads_in_the_snapshot_the_context_was_read_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.sqlite");
        let (reports, def) = report_of(
            dir.path(),
            "{% for r in query(\"n\") %}<p>{{ r.n }} hubs</p>{% endfor %}",
            "SELECT count(*) AS n FROM hubs",
        );
        let period: Period = "FY2017Q4".parse().unwrap();
        let at = AsOf::new(period.end(), crate::dates::now());
        let binds = binds_at(&period, &at);
        let compiled = Compiled::new(&reports, &def, &binds).unwrap();

        let mut reader = Store::open(&db, Seed::Yes).unwrap().conn;
        reader.execute_batch("BEGIN").unwrap();
        let ctx = Arc::new(Sections::new(&def, &period, &at, Lang::Ja));
        // The transaction's first read takes its snapshot (as the render's first section does).
        crate::report::context::build(&reader, &def, &period, &at, Lang::Ja).unwrap();
        // Another process adds a hub after the snapshot was taken, before the template runs.
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
    fn a_template_compiled_before_its_run_is_known_binds_the_period_it_is_then_given() {
        let dir = tempfile::tempdir().unwrap();
        let (reports, def) = report_of(
            dir.path(),
            "{% for r in query(\"n\") %}<p>{{ r.s }}/{{ r.e }}/{{ r.l }}</p>{% endfor %}",
            "SELECT :start AS s, :end AS e, :lang AS l",
        );
        let compiled = Compiled::unbound(&reports, &def, Lang::Ja).unwrap();
        let mut conn = Store::open(&dir.path().join("t.sqlite"), Seed::Yes)
            .unwrap()
            .conn;
        for (period, expected) in [
            ("FY2017Q4", "<p>2018-01-01/2018-03-31/ja</p>"),
            ("FY2016Q4", "<p>2017-01-01/2017-03-31/ja</p>"),
        ] {
            let period: Period = period.parse().unwrap();
            let at = AsOf::new(period.end(), crate::dates::now());
            compiled.bind(&binds_at(&period, &at)).unwrap();
            let ctx = Arc::new(Sections::new(&def, &period, &at, Lang::Ja));
            let (markup, _) = compiled.render(&ctx, &mut conn).unwrap();
            assert!(markup.contains(expected), "{markup}");
        }
        // Compiled for Japanese, it does not run as an English report.
        let period: Period = "FY2017Q4".parse().unwrap();
        let at = AsOf::new(period.end(), crate::dates::now());
        let english = Binds {
            lang: Lang::En,
            ..binds_at(&period, &at)
        };
        let refused = compiled.bind(&english).unwrap_err().to_string();
        assert!(refused.contains("compiled for ja"), "{refused}");
    }

    /// A built-in report rendered on the seeded store: its sections, as the template left them.
    fn render_builtin(name: &str) -> (Arc<Sections>, rusqlite::Connection) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Store::open(&dir.path().join("t.sqlite"), Seed::Yes)
            .unwrap()
            .conn;
        let reports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        let def = crate::report::load(&reports, name).unwrap();
        let period: Period = "FY2017Q4".parse().unwrap();
        let at = AsOf::new(period.end(), crate::dates::now());
        let binds = binds_at(&period, &at);
        let compiled = Compiled::new(&reports, &def, &binds).unwrap();
        let ctx = Arc::new(Sections::new(&def, &period, &at, Lang::Ja));
        compiled.render(&ctx, &mut conn).unwrap();
        (ctx, conn)
    }

    #[test]
    fn the_sections_a_template_names_are_found_before_it_compiles() {
        let reports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        let briefing = mentions(&reports, "briefing.html", context::KEYS);
        assert!(briefing.contains(&"briefing") && briefing.contains(&"figures"));
        assert!(!briefing.contains(&"methods"), "{briefing:?}");
        // A partial (named in quotes) is read too.
        let quarterly = mentions(&reports, "quarterly.html", context::KEYS);
        assert!(quarterly.contains(&"agreements_since"), "{quarterly:?}");
        assert!(!quarterly.contains(&"briefing"), "{quarterly:?}");
    }

    #[test]
    fn a_report_computes_only_the_sections_its_template_reads() {
        let (quarterly, _) = render_builtin("quarterly");
        let computed = quarterly.computed();
        assert!(computed.contains(&"methods"), "{computed:?}");
        assert!(!computed.contains(&"briefing"), "{computed:?}");
        let (briefing, _) = render_builtin("briefing");
        let computed = briefing.computed();
        assert!(computed.contains(&"briefing"), "{computed:?}");
        // The sources section (and the metrics it re-runs) is the quarterly's alone.
        assert!(!computed.contains(&"methods"), "{computed:?}");
    }

    #[test]
    fn every_section_a_template_reads_is_the_one_report_context_prints() {
        let (ctx, conn) = render_builtin("briefing");
        let full = serde_json::to_value(ctx.context(&conn).unwrap()).unwrap();
        let names: Vec<&String> = full.as_object().unwrap().keys().collect();
        let mut keys = context::KEYS.to_vec();
        keys.sort_unstable();
        assert_eq!(names, keys);
        let root = Value::from_dyn_object(ctx.clone());
        for key in context::KEYS {
            let read = context::reading(&conn, || root.get_attr(key).unwrap());
            let read = serde_json::to_value(&read).unwrap();
            assert_eq!(read, full[*key], "{key}");
        }
    }

    #[test]
    fn every_filter_and_function_a_template_has_is_in_the_reference() {
        use crate::report::reference::{self, BUILTIN_FUNCTIONS, FILTERS, FUNCTIONS};
        let reports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        let glossary = Glossary::load(&reports).unwrap();
        // Registering a filter or function without an entry stops a debug build here.
        let env = environment(&reports, Lang::Ja, &Bound::default(), &glossary).unwrap();
        let mut functions = 0;
        for (name, value) in env.globals() {
            if value.as_object().is_some() {
                functions += 1;
                assert!(
                    reference::function(name).is_some() || BUILTIN_FUNCTIONS.contains(&name),
                    "the function {name} is not in the reference"
                );
            }
        }
        assert!(functions >= FUNCTIONS.len(), "{functions} functions seen");
        // And every entry is a filter or function a template can use.
        for e in FILTERS {
            let src = format!("{{% if false %}}{{{{ x | {} }}}}{{% endif %}}", e.name);
            assert!(env.template_from_str(&src).is_ok(), "no filter {}", e.name);
        }
        for e in FUNCTIONS {
            assert!(
                env.globals().any(|(n, _)| n == e.name),
                "no function {}",
                e.name
            );
        }
    }
}

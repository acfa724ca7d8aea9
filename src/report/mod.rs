//! Reports: definitions in `reports/*.toml`, the context they are rendered with, the minijinja
//! templates that write report markup, and the charts those templates draw.

pub mod charts;
pub mod context;
pub mod errata;
pub mod reference;
pub mod templates;

use crate::i18n::Lang;
use crate::period::PeriodKind;
use crate::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A report definition, read from `reports/NAME.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub file: PathBuf,
    pub title_ja: String,
    pub title_en: String,
    #[serde(default)]
    pub subject_ja: String,
    #[serde(default)]
    pub subject_en: String,
    #[serde(default = "default_author")]
    pub author: String,
    /// The author in English reports (default: `author`).
    #[serde(default)]
    pub author_en: Option<String>,
    /// The template, relative to `reports/templates`.
    pub template: String,
    /// The kind of period the report covers.
    pub period_kind: PeriodKind,
    /// The formats it is exported in.
    #[serde(default = "default_formats")]
    pub formats: Vec<String>,
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    /// The output path, relative to the export folder: `{report}`, `{period}`, `{lang}`, `{format}`.
    #[serde(default = "default_output")]
    pub output: String,
    /// Page header and footer of the PDF.
    #[serde(default)]
    pub pdf: PdfSettings,
    /// When the report is exported by `tenkai schedule run`.
    pub schedule: Option<toml::Value>,
    /// Where the report's sends are delivered (mail, a shared folder): read by `delivery`.
    pub delivery: Option<toml::Value>,
    /// How much work one render may do before it fails.
    #[serde(default)]
    pub limits: Limits,
    /// Who to ask about the report, as the briefing's last line says it.
    #[serde(default)]
    pub contact_ja: Option<String>,
    #[serde(default)]
    pub contact_en: Option<String>,
    /// The narrative sections a real export needs written (`lines_to_take`): an export without
    /// one is refused, unless it is a draft or asked for with `--allow-empty`.
    #[serde(default)]
    pub required_narrative: Vec<String>,
    /// The reports folder's glossary (`glossary.toml`, or the built-in one).
    #[serde(skip, default = "crate::i18n::glossary::Glossary::shared")]
    pub glossary: std::sync::Arc<crate::i18n::glossary::Glossary>,
}

/// Limits on one render, so that a runaway template or query fails, alone, instead of hanging a
/// render or a scheduled run.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The template's work (minijinja's fuel): one per instruction, and one per
    /// [`TEXT_BYTES_PER_FUEL`] bytes of text the template makes. A loop that never ends, or a
    /// text doubled again and again, stops here.
    #[serde(default = "default_fuel")]
    pub fuel: u64,
    /// Seconds the render's SQL may take, the context's and the saved queries' together.
    #[serde(default = "default_seconds")]
    pub seconds: u64,
    /// Megabytes the template may write: its output is counted as it is written.
    #[serde(default = "default_output_mb")]
    pub output_mb: u64,
    /// Megabytes of address space an export may take under `schedule run`, which runs each
    /// report's exports for one period and language in a process of their own: a template that
    /// exhausts it fails alone.
    #[serde(default = "default_memory_mb")]
    pub memory_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel: default_fuel(),
            seconds: default_seconds(),
            output_mb: default_output_mb(),
            memory_mb: default_memory_mb(),
        }
    }
}

/// Bytes of text that one fuel pays for: minijinja charges a byte of each string that an
/// operator, a literal or a filter makes, at 64 to one fuel (its `fuel` module).
pub const TEXT_BYTES_PER_FUEL: u64 = 64;

/// Three to four times what the quarterly report takes at 1000 times the source's data (28,000
/// hubs: 4 to 5 million), and low enough that a template's texts stay within `memory_mb`'s
/// default: a template that doubles a text until its fuel runs out takes some 650 MB, not the
/// gigabytes a larger default would let it.
fn default_fuel() -> u64 {
    16_000_000
}
fn default_seconds() -> u64 {
    60
}
fn default_output_mb() -> u64 {
    64
}
fn default_memory_mb() -> u64 {
    1024
}

/// PDF page settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSettings {
    #[serde(default = "yes")]
    pub header: bool,
    #[serde(default = "yes")]
    pub footer: bool,
    /// The PDF must fit this many pages, or rendering fails (the briefing is one page).
    pub max_pages: Option<usize>,
    /// The body text's size in points (9.5 when not set): a one-page briefing sets it smaller.
    pub font_size: Option<f64>,
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            header: true,
            footer: true,
            max_pages: None,
            font_size: None,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_author() -> String {
    "tenkai".into()
}
fn default_formats() -> Vec<String> {
    vec!["html".into(), "pdf".into()]
}
fn default_languages() -> Vec<Lang> {
    vec![Lang::Ja]
}
fn default_output() -> String {
    "{report}/{period}.{lang}.{format}".into()
}

impl Definition {
    pub fn title(&self, lang: Lang) -> &str {
        lang.choose(&self.title_ja, &self.title_en)
    }
    pub fn author(&self, lang: Lang) -> &str {
        lang.pick(&self.author, self.author_en.as_deref())
    }
    pub fn subject(&self, lang: Lang) -> &str {
        lang.choose(&self.subject_ja, &self.subject_en)
    }

    /// The output path for a period, language and format, relative to the export folder.
    /// Refuses a path that would leave the export folder.
    pub fn output_path(&self, period: &str, lang: &str, format: &str) -> Result<PathBuf> {
        let rel = self
            .output
            .replace("{report}", &self.name)
            .replace("{period}", period)
            .replace("{lang}", lang)
            .replace("{format}", format);
        safe_relative(&rel).map_err(|why| Error::Invalid(format!("{}: output = \"{}\" {why}; use a relative path such as {{report}}/{{period}}.{{lang}}.{{format}}", self.file.display(), self.output)))
    }
}

/// The placeholders of an output pattern: each must appear, so that every report, period,
/// language and format has a file of its own.
pub const PLACEHOLDERS: [&str; 4] = ["{report}", "{period}", "{lang}", "{format}"];

/// Checks an output pattern: only known placeholders, and all of them.
fn check_output_pattern(pattern: &str) -> std::result::Result<(), String> {
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| format!("has a '{{' without its '}}' (at '{}')", &rest[open..]))?;
        let name = &rest[open..=close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "names the unknown placeholder {name} (known: {})",
                PLACEHOLDERS.join(", ")
            ));
        }
        rest = &rest[close + 1..];
    }
    let missing: Vec<&str> = PLACEHOLDERS
        .into_iter()
        .filter(|p| !pattern.contains(p))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "lacks {}: without it, two exports would write the same file",
            missing.join(" and ")
        ));
    }
    Ok(())
}

/// Checks that a relative path stays inside its base folder.
pub fn safe_relative(rel: &str) -> std::result::Result<PathBuf, String> {
    let p = Path::new(rel);
    if rel.is_empty() {
        return Err("is empty".into());
    }
    if p.is_absolute() || rel.starts_with('/') || rel.starts_with('\\') || rel.contains(':') {
        return Err("is an absolute path".into());
    }
    for c in p.components() {
        match c {
            std::path::Component::Normal(_) => {}
            std::path::Component::CurDir => {}
            _ => return Err("leaves the export folder (..)".into()),
        }
    }
    Ok(p.to_path_buf())
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::Usage(format!("'{name}' is not a report name: use letters, digits, - and _ (see `tenkai report list`)")));
    }
    if name == GLOSSARY {
        return Err(Error::Usage(format!(
            "'{GLOSSARY}' is not a report name: {GLOSSARY}.toml in the reports folder is the glossary (see the README)"
        )));
    }
    Ok(())
}

/// The one `.toml` in the reports folder that is not a report definition.
const GLOSSARY: &str = "glossary";

/// Loads one report definition.
pub fn load(reports: &Path, name: &str) -> Result<Definition> {
    check_name(name)?;
    let file = reports.join(format!("{name}.toml"));
    if !file.exists() {
        let known: Vec<String> = list(reports)
            .map(|v| {
                v.into_iter()
                    .map(|d| d.map_or_else(|b| b.name, |d| d.name))
                    .collect()
            })
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no report named '{name}' in {} (known: {}). A report is a NAME.toml there.",
            reports.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    let mut def: Definition = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
        Error::Invalid(format!(
            "{}{}: {}",
            file.display(),
            line.map(|l| format!(":{l}")).unwrap_or_default(),
            e.message()
        ))
    })?;
    def.name = name.to_string();
    def.file = file;
    def.glossary = crate::i18n::glossary::Glossary::load(reports)?;
    for f in &def.formats {
        if !["html", "pdf", "xlsx"].contains(&f.as_str()) {
            return Err(Error::Invalid(format!(
                "{}: format '{f}' is not html, pdf or xlsx",
                def.file.display()
            )));
        }
    }
    def.output_path("FY2017Q4", "ja", "html")?;
    check_output_pattern(&def.output).map_err(|why| {
        Error::Invalid(format!(
            "{}: output = \"{}\" {why}; use a pattern such as {{report}}/{{period}}.{{lang}}.{{format}}",
            def.file.display(),
            def.output
        ))
    })?;
    Ok(def)
}

/// All report definitions in the folder, by name.
/// A report definition that cannot be used, and why: it fails alone, beside the others.
#[derive(Debug)]
pub struct Broken {
    pub name: String,
    pub error: Error,
}

/// Every report definition in the folder, by name; one that does not load is listed as broken.
pub fn list(reports: &Path) -> Result<Vec<std::result::Result<Definition, Broken>>> {
    let dir = std::fs::read_dir(reports).map_err(|e| {
        Error::io(format!("cannot read the reports folder {} (run from the tenkai checkout, or pass --reports DIR)", reports.display()), e)
    })?;
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".toml"))
                .filter(|n| *n != GLOSSARY)
                .map(str::to_string)
        })
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| load(reports, &name).map_err(|error| Broken { name, error }))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fuel_keeps_a_templates_texts_within_the_default_memory_limit() {
        // A text doubled until the fuel runs out is at most the fuel's worth of bytes: within
        // the memory a scheduled export may take, so `report render` stops it as soon.
        let l = Limits::default();
        assert!(
            l.fuel * TEXT_BYTES_PER_FUEL <= l.memory_mb << 20,
            "fuel {} pays for {} MB of text, more than memory_mb {}",
            l.fuel,
            (l.fuel * TEXT_BYTES_PER_FUEL) >> 20,
            l.memory_mb
        );
    }
}

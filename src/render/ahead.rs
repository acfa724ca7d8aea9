//! A report's template compiled ahead: `report render` starts the compile (and, for a PDF, the
//! loading of the fonts) on a thread of its own before it opens the database, so that the two
//! overlap; the render that asks for the same template in the same language takes it.

use super::Format;
use crate::i18n::Lang;
use crate::report::templates::Compiled;
use crate::report::Definition;
use crate::Result;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// A compile started ahead, and what it was started for.
struct Ahead {
    reports: PathBuf,
    report: String,
    lang: Lang,
    compiled: JoinHandle<Result<Compiled>>,
}

/// The one compile started ahead, until a render takes it.
static AHEAD: Mutex<Option<Ahead>> = Mutex::new(None);

/// Starts compiling `def`'s template for the first of `langs` (and loading the fonts if `formats`
/// has a PDF). If no thread can be started, nothing is started: the render compiles as it would
/// have.
pub fn compile_ahead(reports: &Path, def: &Definition, langs: &[Lang], formats: &[Format]) {
    let Some(&lang) = langs.first() else {
        return;
    };
    let for_pdf = formats.contains(&Format::Pdf);
    let (dir, definition) = (reports.to_path_buf(), def.clone());
    let started = std::thread::Builder::new()
        .name("tenkai-template".into())
        .spawn(move || compile(&dir, &definition, lang, for_pdf));
    if let Ok(compiled) = started {
        *AHEAD.lock().unwrap_or_else(|p| p.into_inner()) = Some(Ahead {
            reports: reports.to_path_buf(),
            report: def.name.clone(),
            lang,
            compiled,
        });
    }
}

/// The template compiled for `lang`, and for a PDF its fonts loaded beside it (once per
/// process: the PDF writer finds them ready; a font that fails to load fails there again, with
/// its message).
pub(super) fn compile(
    reports: &Path,
    def: &Definition,
    lang: Lang,
    for_pdf: bool,
) -> Result<Compiled> {
    let compiled = Compiled::unbound(reports, def, lang);
    if for_pdf {
        let _ = crate::pdf::fonts::Fonts::load(reports);
    }
    compiled
}

/// A compile started ahead, taken by its render.
pub(super) struct Started(JoinHandle<Result<Compiled>>);

impl Started {
    /// The compiled template, once the compile is done; a panic in it resumes here.
    pub(super) fn join(self) -> Result<Compiled> {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

/// The compile started ahead for this report and language, if one was; `None` if none was, or
/// if it was started for another.
pub(super) fn take(reports: &Path, def: &Definition, lang: Lang) -> Option<Started> {
    let ahead = AHEAD.lock().unwrap_or_else(|p| p.into_inner()).take()?;
    (ahead.reports == reports && ahead.report == def.name && ahead.lang == lang)
        .then_some(Started(ahead.compiled))
}

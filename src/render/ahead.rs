//! A report's template compiled ahead: `report render` starts the compile (and, for a PDF, the
//! loading of the fonts) on a thread of its own before it opens the database, so that the two
//! overlap; the render that asks for the same template in the same language takes it.

use super::Format;
use crate::i18n::Lang;
use crate::report::templates::{Binds, Compiled};
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
        .spawn(move || {
            let compiled = Compiled::unbound(&dir, &definition, lang);
            if for_pdf {
                // A font that fails to load fails again in the PDF writer, with its message.
                let _ = crate::pdf::fonts::Fonts::load(&dir);
            }
            compiled
        });
    if let Ok(compiled) = started {
        *AHEAD.lock().unwrap_or_else(|p| p.into_inner()) = Some(Ahead {
            reports: reports.to_path_buf(),
            report: def.name.clone(),
            lang,
            compiled,
        });
    }
}

/// The report's template compiled for the language of `binds`, which it is given: the one
/// compiled ahead for this report and language if one was started (waited for), or else compiled
/// now.
pub(super) fn compiled(reports: &Path, def: &Definition, binds: &Binds) -> Result<Compiled> {
    let compiled = match take(reports, def, binds.lang) {
        Some(ahead) => ahead?,
        None => Compiled::unbound(reports, def, binds.lang)?,
    };
    compiled.bind(binds)?;
    Ok(compiled)
}

/// The template compiled ahead for this report and language, if one was started (waiting for it
/// to finish); `None` if none was, or if it was started for another.
fn take(reports: &Path, def: &Definition, lang: Lang) -> Option<Result<Compiled>> {
    let ahead = AHEAD.lock().unwrap_or_else(|p| p.into_inner()).take()?;
    if ahead.reports != reports || ahead.report != def.name || ahead.lang != lang {
        return None;
    }
    Some(
        ahead
            .compiled
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
    )
}

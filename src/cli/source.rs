//! `tenkai source`: the source documents an office cites, and the English of the sources and
//! notes it records in Japanese.

use super::write_all;
use super::{json_out, out, Ctx};
use anyhow::Result;
use clap::Subcommand;
use tenkai::store::{self, english};
use tenkai::table::Format;

#[derive(Subcommand)]
pub enum SourceCmd {
    /// Register a source document, so that facts can cite it by its code (--source CODE, or
    /// --source "CODE p.2"): a report then names it by its title in the report's language
    #[command(
        after_help = "A reference is the code, optionally followed by a space and where in the document (lines as L12-15, L30, or any other place: p.2). A report names the document by its title in its own language and lists it with the sources it draws on. A document is never replaced: a new version is a new document under a new code.\n\nExamples:\n  tenkai source add mhlw-2018-05-15 --title-ja \"厚生労働省報道発表（平成30年5月15日）\" \\\n    --title-en \"Ministry of Health, Labour and Welfare press release (15 May 2018)\" --date 2018-05-15\n  tenkai hub set-status H10 opened --date 2018-05 --source mhlw-2018-05-15"
    )]
    Add {
        /// Its code: letters, digits and - _ . (no spaces), unique in any case
        code: String,
        /// Its title in Japanese, as a Japanese report prints it
        #[arg(long)]
        title_ja: String,
        /// Its title in English, as an English report prints it
        #[arg(long)]
        title_en: String,
        /// The day the document is dated (2018-05-15, 平成30年5月15日): the date it describes
        #[arg(long)]
        date: String,
        /// Where a copy is kept (a path or a URL)
        #[arg(long)]
        file: Option<String>,
    },
    /// List the source documents: the seed's and the registered ones
    #[command(after_help = "Example:\n  tenkai source list --format csv")]
    List {
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: Format,
    },
    /// Give the English of a source or a note recorded in Japanese (the English report shows it
    /// in place of the Japanese; without it, the Japanese marked "(in Japanese)")
    #[command(
        after_help = "The text is matched whole, as recorded: every row that carries it shows the same English. A later English replaces an earlier one in reports made from then on; a report re-made as known at an earlier time (--known-at) shows the English of then.\n\nExample:\n  tenkai source english --ja \"事務局報告（平成30年7月12日）\" --en \"Secretariat's report (12 July 2018)\""
    )]
    English {
        /// The text as recorded (a --source or a --note), in Japanese
        #[arg(long)]
        ja: String,
        /// Its English
        #[arg(long)]
        en: String,
    },
}

pub fn source(ctx: &Ctx, cmd: SourceCmd) -> Result<()> {
    match cmd {
        SourceCmd::Add {
            code,
            title_ja,
            title_en,
            date,
            file,
        } => {
            let d = store::NewDocument {
                as_of: day(&date)?,
                code,
                title_ja,
                title_en,
                file,
            };
            add(ctx, &d)
        }
        SourceCmd::List { format } => list_documents(ctx, format),
        SourceCmd::English { ja, en } => give_english(ctx, &ja, &en),
    }
}

/// `source add`: the titles checked as names, then the document registered.
fn add(ctx: &Ctx, d: &store::NewDocument) -> Result<()> {
    let drawable = ctx.drawable();
    let rules = ctx.rules(false, drawable.as_deref());
    for (option, value) in [("--title-ja", &d.title_ja), ("--title-en", &d.title_en)] {
        if let Err(why) = rules.text(value, store::Text::Name) {
            return Err(tenkai::Error::Usage(format!("{option} {why}")).into());
        }
    }
    let mut store = ctx.store()?;
    store::register_document(&mut store.conn, d)?;
    ctx.say(format!(
        "registered source document {}: {}",
        d.code,
        d.title_ja.trim()
    ));
    Ok(())
}

/// `source list`: the documents, the seed's and the registered ones.
fn list_documents(ctx: &Ctx, format: Format) -> Result<()> {
    let store = ctx.reader()?;
    let docs = store::source_documents(&store.conn)?;
    if format == Format::Json {
        return json_out(&docs);
    }
    let rows = docs
        .into_iter()
        .map(|d| {
            vec![
                d.code.into(),
                d.title_ja.into(),
                d.title_en.into(),
                d.as_of.into(),
                d.file.unwrap_or_default().into(),
                d.registered_at.unwrap_or_default().into(),
            ]
        })
        .collect();
    let columns = [
        "code",
        "title_ja",
        "title_en",
        "date",
        "file",
        "registered_at",
    ];
    write_all(out(), format, &columns, rows)?;
    Ok(())
}

/// `source english`: the English of a text recorded as a source or a note.
fn give_english(ctx: &Ctx, ja: &str, en: &str) -> Result<()> {
    let drawable = ctx.drawable();
    let rules = ctx.rules(false, drawable.as_deref());
    for (option, value) in [("--ja", ja), ("--en", en)] {
        if value.trim().is_empty() {
            return Err(tenkai::Error::Usage(format!(
                "{option} is empty: give the text as recorded (--ja) and its English (--en)"
            ))
            .into());
        }
        if let Err(why) = rules.text(value, store::Text::Note) {
            return Err(tenkai::Error::Usage(format!("{option} {why}")).into());
        }
    }
    let store = ctx.store()?;
    if !english::recorded(&store.conn, ja)? {
        return Err(tenkai::Error::Invalid(format!(
            "--ja: no source or note is recorded as 「{}」; give the text exactly as recorded (`tenkai sql` finds it in the source and note columns)",
            ja.trim()
        ))
        .into());
    }
    let said = if english::give(&store.conn, ja, en)? {
        "recorded the English of"
    } else {
        "already the English of"
    };
    ctx.say(format!("{said} 「{}」: {}", ja.trim(), en.trim()));
    Ok(())
}

/// The day a document is dated: a document describes one day, so a month or a year is refused.
fn day(text: &str) -> Result<chrono::NaiveDate> {
    let d =
        tenkai::fact_date::parse(text).map_err(|e| tenkai::Error::Usage(format!("--date: {e}")))?;
    if d.precision != tenkai::fact_date::Precision::Day {
        return Err(tenkai::Error::Usage(format!(
            "--date '{text}' gives no day: give the day the document is dated (2018-05-15, 平成30年5月15日)"
        ))
        .into());
    }
    Ok(d.date)
}

/// The English of a source given with a command (`--source-en`).
#[derive(clap::Args, Default)]
pub struct SourceEnglish {
    /// The English of --source, for an English report (not needed for the code of a registered
    /// document: the report shows its English title)
    #[arg(long)]
    pub source_en: Option<String>,
}

/// The English of a source and a note given with a command (`--source-en`, `--note-en`).
#[derive(clap::Args, Default)]
pub struct GivenEnglish {
    #[command(flatten)]
    pub source: SourceEnglish,
    /// The English of --note, for an English report
    #[arg(long)]
    pub note_en: Option<String>,
}

impl From<SourceEnglish> for GivenEnglish {
    fn from(source: SourceEnglish) -> GivenEnglish {
        GivenEnglish {
            source,
            note_en: None,
        }
    }
}

impl GivenEnglish {
    /// Checks the English against the Japanese it goes with, before anything is written.
    pub fn check(&self, source: Option<&str>, note: Option<&str>) -> tenkai::Result<()> {
        let source_en = self.source.source_en.as_deref();
        english::check_given(source, source_en, "--source-en", "--source")?;
        english::check_given(note, self.note_en.as_deref(), "--note-en", "--note")
    }

    /// Checks the source against the registered documents' codes (a code mistyped is refused),
    /// on the database the fact goes to.
    pub fn check_source(
        &self,
        conn: &rusqlite::Connection,
        source: Option<&str>,
    ) -> tenkai::Result<()> {
        let Some(s) = source else { return Ok(()) };
        let docs = store::source_documents(conn)?;
        store::check_reference(&docs, s)?;
        if let Some(code) = store::unregistered_code(&docs, s) {
            eprintln!(
                "warning: --source '{s}' starts with '{code}', which has the form of a source document's code, but no document is registered as '{code}': it is recorded as free text, as written. If it names a document, register it first (`tenkai source add {code} --title-ja … --title-en … --date …`); a document registered later does not rename what reports made as known before showed"
            );
        }
        Ok(())
    }

    /// Records the English, with the fact it goes with (in its transaction, where it has one).
    pub fn record(
        &self,
        conn: &rusqlite::Connection,
        source: Option<&str>,
        note: Option<&str>,
    ) -> tenkai::Result<()> {
        for (ja, en) in [(source, &self.source.source_en), (note, &self.note_en)] {
            if let (Some(ja), Some(en)) = (ja, en) {
                english::give(conn, ja, en)?;
            }
        }
        Ok(())
    }
}

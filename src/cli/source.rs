//! `tenkai source`: the source documents an office cites, and the English of the sources and
//! notes it records in Japanese.

use super::write_all;
use super::Ctx;
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
        #[command(flatten)]
        list: super::ListArgs,
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
        SourceCmd::List { list } => list_documents(ctx, &list),
        SourceCmd::English { ja, en } => give_english(ctx, &ja, &en),
    }
}

/// `source add`: the titles checked as names, then the document registered.
fn add(ctx: &Ctx, d: &store::NewDocument) -> Result<()> {
    ctx.check_texts(&[
        ("--title-ja", Some(&d.title_ja), store::Text::Name),
        ("--title-en", Some(&d.title_en), store::Text::Name),
    ])?;
    let today = tenkai::dates::today();
    if d.as_of > today {
        return Err(tenkai::Error::Usage(format!(
            "--date {} is after today ({today}): a document is dated when it is issued; check the year",
            d.as_of
        ))
        .into());
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

/// `source list`: the documents, the seed's and the registered ones: those dated by `--as-of`
/// and registered by `--known-at`.
fn list_documents(ctx: &Ctx, list: &super::ListArgs) -> Result<()> {
    let at = list.as_of()?;
    let store = ctx.reader()?;
    let (date, known) = (at.date_str(), at.known_at_str());
    let docs: Vec<_> = store::source_documents(&store.conn)?
        .into_iter()
        .filter(|d| d.as_of <= date && d.registered_at.as_ref().is_none_or(|r| *r <= known))
        .collect();
    if list.format == Format::Json {
        return list.json(&docs);
    }
    let rows = docs
        .into_iter()
        .map(|d| {
            vec![
                d.code.into(),
                d.title_ja.into(),
                d.title_en.into(),
                d.as_of.into(),
                d.file.into(),
                d.registered_at.into(),
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
    write_all(list.sink()?, list.format, &columns, rows)?;
    Ok(())
}

/// `source english`: the English of a text recorded as a source or a note.
fn give_english(ctx: &Ctx, ja: &str, en: &str) -> Result<()> {
    for (option, value) in [("--ja", ja), ("--en", en)] {
        if value.trim().is_empty() {
            return Err(tenkai::Error::Usage(format!(
                "{option} is empty: give the text as recorded (--ja) and its English (--en)"
            ))
            .into());
        }
    }
    ctx.check_texts(&[
        ("--ja", Some(ja), store::Text::Note),
        ("--en", Some(en), store::Text::Note),
    ])?;
    let store = ctx.store()?;
    if let Some(why) = english::registered(&store::source_documents(&store.conn)?, ja) {
        return Err(tenkai::Error::Invalid(format!("--ja: {why}")).into());
    }
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
    /// The English of --source, for an English report (none for the code of a registered
    /// document: the report shows its English title). A text has one English: to change the one
    /// recorded, for every fact citing the text, use `tenkai source english`
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
    /// Checks the English against the Japanese it goes with, and its characters and length as a
    /// source's are checked, before anything is written.
    pub fn check(&self, ctx: &Ctx, source: Option<&str>, note: Option<&str>) -> tenkai::Result<()> {
        let source_en = self.source.source_en.as_deref();
        english::check_given(source, source_en, "--source-en", "--source")?;
        english::check_given(note, self.note_en.as_deref(), "--note-en", "--note")?;
        ctx.check_texts(&[
            ("--source-en", source_en, store::Text::Note),
            ("--note-en", self.note_en.as_deref(), store::Text::Note),
        ])
    }

    /// Checks the source against the registered documents' codes (a code mistyped is refused),
    /// and the English against what the database holds: none for a registered document's code,
    /// and no other English than the one recorded for the text (`tenkai source english` changes
    /// that); on the database the fact goes to.
    pub fn check_source(
        &self,
        conn: &rusqlite::Connection,
        source: Option<&str>,
        note: Option<&str>,
    ) -> tenkai::Result<()> {
        let docs = store::source_documents(conn)?;
        if let Some(s) = source {
            store::check_reference(&docs, s)?;
            if let Some(code) = store::unregistered_code(&docs, s) {
                eprintln!(
                    "warning: --source '{s}' starts with '{code}', which has the form of a source document's code, but no document is registered as '{code}': it is recorded as free text, as written. If it names a document, register it first (`tenkai source add {code} --title-ja … --title-en … --date …`); a document registered later does not rename what reports made as known before showed"
                );
            }
        }
        let known = store::EnglishTexts::load(conn, "9999-12-31T23:59:59Z")?;
        let given = [
            ("--source-en", source, &self.source.source_en, true),
            ("--note-en", note, &self.note_en, false),
        ];
        for (option, ja, en, is_source) in given {
            if let (Some(ja), Some(en)) = (ja, en) {
                if let Some(why) = english::conflict(&known, &docs, ja, en, is_source) {
                    return Err(tenkai::Error::Invalid(format!("{option}: {why}")));
                }
            }
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

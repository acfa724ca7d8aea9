//! `tenkai country`: the countries and their names.

use super::write_all;
use super::{json_out, out, Ctx};
use anyhow::Result;
use clap::Subcommand;
use tenkai::store::{self};
use tenkai::table::Format;

#[derive(Subcommand)]
pub enum CountryCmd {
    /// List countries
    #[command(after_help = "Example:\n  tenkai country list --format csv")]
    List {
        /// Output format
        #[arg(long, value_parser = super::values::table_format(), default_value = "table")]
        format: Format,
    },
    /// Add a country
    #[command(
        after_help = "Example:\n  tenkai country add SA --name-ja サウジアラビア --name-en \"Saudi Arabia\""
    )]
    Add {
        /// Its ISO 3166-1 alpha-2 code, such as TR
        iso: String,
        /// Its name in Japanese
        #[arg(long)]
        name_ja: String,
        /// Its name in English
        #[arg(long)]
        name_en: String,
        /// Named in a policy sentence as a country for new hubs (as the source's 「ベトナム、
        /// インドネシア…等」)
        #[arg(long)]
        named_in_policy: bool,
        /// Where this comes from: a document and page, a URL (shown by `tenkai country list`)
        #[arg(long, value_parser = super::values::source)]
        source: Option<String>,
        /// How its Japanese name is read, in katakana or hiragana (チュウゴク for 中国): a
        /// Japanese list sorts the countries by it (without it, by the name)
        #[arg(long)]
        reading: Option<String>,
        /// Check it and say what would be added, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn country(ctx: &Ctx, cmd: CountryCmd) -> Result<()> {
    match cmd {
        CountryCmd::List { format } => {
            let store = ctx.reader()?;
            let cs = store::countries(&store.conn)?;
            if format == Format::Json {
                return json_out(&cs);
            }
            let rows = cs
                .into_iter()
                .map(|c| {
                    vec![
                        c.iso.into(),
                        c.name_ja.into(),
                        c.name_en.into(),
                        c.named_in_policy.into(),
                        c.source.unwrap_or_default().into(),
                        c.reading.unwrap_or_default().into(),
                    ]
                })
                .collect();
            write_all(
                out(),
                format,
                &[
                    "iso",
                    "name_ja",
                    "name_en",
                    "named_in_policy",
                    "source",
                    "reading",
                ],
                rows,
            )?;
        }
        CountryCmd::Add {
            iso,
            name_ja,
            name_en,
            named_in_policy,
            source,
            reading,
            dry_run,
        } => {
            ctx.check_texts(&[
                ("--name-ja", Some(&name_ja), store::Text::Name),
                ("--name-en", Some(&name_en), store::Text::Name),
                ("--source", source.as_deref(), store::Text::Note),
            ])?;
            let mut store = ctx.store()?;
            let country = store::Country {
                iso: iso.clone(),
                name_ja,
                name_en,
                named_in_policy,
                source,
                reading,
            };
            // A dry run adds it as the real command does, and rolls back.
            let tx = store.conn.transaction()?;
            store::add_country(&tx, &country)?;
            if dry_run {
                drop(tx);
                ctx.say(format!(
                    "would add country {iso}; nothing was written (--dry-run)"
                ));
            } else {
                tx.commit()?;
                ctx.say(format!("added country {iso}"));
            }
        }
    }
    Ok(())
}

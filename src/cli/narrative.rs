//! `tenkai narrative`: the text of a period's report sections.

use super::Ctx;
use anyhow::Result;
use clap::Subcommand;
use std::io::Read;
use tenkai::dates::now;
use tenkai::period::Period;
use tenkai::targets::{self};

#[derive(Subcommand)]
pub enum NarrativeCmd {
    /// Set a narrative section for a period (replaces the shown text; history is kept)
    #[command(
        after_help = "Examples:\n  tenkai narrative set --period FY2017Q4 --section summary --lang ja --text \"…\"\n  tenkai narrative set --period FY2017Q4 --section issues --lang en --file issues.txt\n  echo \"…\" | tenkai narrative set --period FY2017Q4 --section key_events --lang ja"
    )]
    Set {
        /// The period: FY2017Q4 (fiscal quarter), FY2017, 2018Q1, 2018-03 or 2018
        #[arg(long)]
        period: String,
        /// summary, key_events, issues (the quarterly report); headline, key_points, lines_to_take
        /// (the briefing; issues too)
        #[arg(long)]
        section: String,
        /// The language of the text: ja or en
        #[arg(long, value_parser = tenkai::i18n::Lang::parse)]
        lang: tenkai::i18n::Lang,
        /// The text (otherwise --file, otherwise stdin)
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        /// Read the text from this file (`-`: standard input)
        #[arg(long)]
        file: Option<std::path::PathBuf>,
    },
}

pub fn narrative(ctx: &Ctx, cmd: NarrativeCmd) -> Result<()> {
    let NarrativeCmd::Set {
        period,
        section,
        lang,
        text,
        file,
    } = cmd;
    let p = Period::parse(&period)?;
    let (body, field) = match (text, file) {
        (Some(t), _) => (t, "--text".to_string()),
        (None, Some(f)) if f.as_os_str() != "-" => {
            let meta = std::fs::metadata(&f)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", f.display()))?;
            if !meta.is_file() {
                return Err(tenkai::Error::Usage(format!(
                    "{} is not a regular file (a folder, FIFO or device); give a text file, or pipe the text to stdin",
                    f.display()
                ))
                .into());
            }
            let file = std::fs::File::open(&f)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", f.display()))?;
            let what = f.display().to_string();
            (bounded_text(file, &what)?, what)
        }
        (None, _) => (
            bounded_text(std::io::stdin(), "the text on stdin")?,
            "the text on stdin".to_string(),
        ),
    };
    if body.trim().is_empty() {
        return Err(tenkai::Error::Usage("the narrative text is empty".into()).into());
    }
    ctx.check_texts(&[(&field, Some(&body), tenkai::store::Text::Narrative)])?;
    let share = tenkai::i18n::japanese_share(&body);
    if lang == tenkai::i18n::Lang::En && share > 0.5 {
        eprintln!(
            "warning: the English text is mostly Japanese ({:.0}% of its letters); the English report will show it as it is. Give the English text, or set it with --lang ja",
            share * 100.0
        );
    }
    let store = ctx.store()?;
    targets::set_narrative(&store.conn, &p, &section, lang, body.trim(), now())?;
    ctx.say(format!("{p} {section} ({lang}) set"));
    Ok(())
}

/// The most text a narrative section may hold: a report's section is a few paragraphs.
const MAX_NARRATIVE_BYTES: u64 = 1024 * 1024;

/// Reads UTF-8 text of at most [`MAX_NARRATIVE_BYTES`], refusing more without reading it all.
fn bounded_text(from: impl Read, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    from.take(MAX_NARRATIVE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read {what}: {e}"))?;
    if bytes.len() as u64 > MAX_NARRATIVE_BYTES {
        return Err(tenkai::Error::Usage(format!(
            "{what} is longer than a narrative section may be ({} KiB); shorten it",
            MAX_NARRATIVE_BYTES / 1024
        ))
        .into());
    }
    Ok(tenkai::import::utf8_text(bytes, what)?)
}

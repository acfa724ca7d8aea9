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
        /// Read the text from this file
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
    let body = match (text, file) {
        (Some(t), _) => t,
        (None, Some(f)) => std::fs::read_to_string(&f)
            .map_err(|e| anyhow::anyhow!("cannot read {} as UTF-8 text: {e}", f.display()))?,
        (None, None) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| anyhow::anyhow!("cannot read the text from stdin as UTF-8: {e}"))?;
            s
        }
    };
    if body.trim().is_empty() {
        return Err(tenkai::Error::Usage("the narrative text is empty".into()).into());
    }
    let store = ctx.store()?;
    targets::set_narrative(&store.conn, &p, &section, lang, body.trim(), now())?;
    ctx.say(format!("{p} {section} ({lang}) set"));
    Ok(())
}

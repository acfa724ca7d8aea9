//! Report commands.

use super::Ctx;
use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ReportCmd {
    /// List the report definitions
    List,
}

pub fn run(_ctx: &Ctx, cmd: ReportCmd) -> Result<i32> {
    match cmd {
        ReportCmd::List => Ok(0),
    }
}

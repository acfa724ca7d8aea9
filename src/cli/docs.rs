//! What tenkai says about itself: shell completions, man pages, and (hidden, for tests) its
//! command tree.

use super::{out, output, Cli};
use anyhow::Result;
use clap::CommandFactory;

/// `tenkai completions SHELL`: made whole first, then written as any output, so that a reader
/// that goes away ends it quietly.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tenkai", &mut script);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
    Ok(())
}

/// `tenkai man`: the page of tenkai itself on standard output.
pub fn man_page() -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
    Ok(())
}

/// `tenkai commands` (hidden): every command path and its long options, one command a line, so
/// that tests can walk the command tree (every command that writes a path must follow the
/// output rule).
pub fn print_commands() -> Result<()> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut String) {
        let longs: Vec<String> = cmd
            .get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        out.push_str(&format!("{path}\t{}\n", longs.join(" ")));
        for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(s, &format!("{path} {}", s.get_name()), out);
        }
    }
    let mut text = String::new();
    let mut cmd = Cli::command();
    cmd.build();
    for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        walk(s, s.get_name(), &mut text);
    }
    std::io::Write::write_all(&mut out(), text.as_bytes())?;
    Ok(())
}

/// `man --dir`: a page for tenkai and one for each command (`tenkai-hub-list.1`), each checked
/// by the output rule before any is written, then each written whole. Returns the count.
pub fn man_pages(dir: &std::path::Path, force: bool) -> Result<usize> {
    // As clap_mangen's `generate_to` names and makes them (after `build`, every subcommand
    // carries its full name), but in memory first.
    fn collect(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            collect(sub, pages)?;
        }
        let man = clap_mangen::Man::new(cmd);
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        pages.push((man.get_filename(), roff));
        Ok(())
    }
    tenkai::output::check_folder(dir, output::rule(force).db)?;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(cmd, &mut pages)?;
    let checked = pages
        .iter()
        .map(|(name, _)| tenkai::output::check(&dir.join(name), output::rule(force), None))
        .collect::<tenkai::Result<Vec<_>>>()?;
    for ((name, roff), found) in pages.iter().zip(checked) {
        tenkai::output::write_checked(&dir.join(name), roff, found)?;
    }
    Ok(pages.len())
}

//! `tenkai init` and `tenkai backup`: the database file itself.

use super::{output, Ctx};
use anyhow::Result;
use std::path::Path;
use tenkai::store::{Seed, Store};

/// Creates, migrates and (unless `no_seed`) seeds the database. An empty file is made a database
/// too: every other command refuses one and names this.
pub fn init(ctx: &Ctx, no_seed: bool) -> Result<()> {
    let existed = std::fs::metadata(&ctx.db).is_ok_and(|m| m.len() > 0);
    Store::open(&ctx.db, if no_seed { Seed::No } else { Seed::Yes })?;
    if existed {
        ctx.say(format!(
            "{} is already initialised and up to date",
            ctx.db.display()
        ));
    } else {
        ctx.say(format!(
            "created {}{}",
            ctx.db.display(),
            if no_seed {
                " (schema only)"
            } else {
                " with the source document's data"
            }
        ));
    }
    Ok(())
}

/// A consistent copy of the database, written beside `file` under the output rule and put in
/// place when complete.
pub fn backup(ctx: &Ctx, file: &Path, force: bool) -> Result<()> {
    if file == Path::new("-") {
        return Err(tenkai::Error::Usage(
            "backup writes a database file, not standard output: give the copy's path, e.g. backups/tenkai-2018-04-10.sqlite".into(),
        )
        .into());
    }
    let store = ctx.reader()?;
    let found = tenkai::output::check(file, output::rule(force), Some(&store.conn))?;
    let pending = tenkai::output::Pending::create(file, found)?;
    store.backup_into(pending.temp_path())?;
    pending.finish()?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    ctx.say(format!(
        "backed up {} to {} ({bytes} bytes)",
        ctx.db.display(),
        file.display()
    ));
    Ok(())
}

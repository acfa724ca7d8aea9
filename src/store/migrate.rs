//! The migration runner: numbered SQL files from `db/migrations`, compiled into the binary, applied in
//! order in one transaction and tracked in `PRAGMA user_version`. A new database also gets the seed.

use super::Seed;
use crate::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// The migrations, in order; migration N sets `user_version` to N.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_store",
        include_str!("../../db/migrations/0001_store.sql"),
    ),
    (
        "0002_targets",
        include_str!("../../db/migrations/0002_targets.sql"),
    ),
    (
        "0003_exports",
        include_str!("../../db/migrations/0003_exports.sql"),
    ),
    (
        "0004_series_indexes",
        include_str!("../../db/migrations/0004_series_indexes.sql"),
    ),
    (
        "0005_export_log_append_only",
        include_str!("../../db/migrations/0005_export_log_append_only.sql"),
    ),
    (
        "0006_record_append_only",
        include_str!("../../db/migrations/0006_record_append_only.sql"),
    ),
    (
        "0007_truth_of_the_record",
        include_str!("../../db/migrations/0007_truth_of_the_record.sql"),
    ),
    (
        "0008_editorial",
        include_str!("../../db/migrations/0008_editorial.sql"),
    ),
    (
        "0009_workbooks",
        include_str!("../../db/migrations/0009_workbooks.sql"),
    ),
    (
        "0010_recorded_by_tenkai",
        include_str!("../../db/migrations/0010_recorded_by_tenkai.sql"),
    ),
    (
        "0011_import_code_index",
        include_str!("../../db/migrations/0011_import_code_index.sql"),
    ),
    (
        "0012_export_kind",
        include_str!("../../db/migrations/0012_export_kind.sql"),
    ),
    (
        "0013_current_views",
        include_str!("../../db/migrations/0013_current_views.sql"),
    ),
    (
        "0014_delivery_log",
        include_str!("../../db/migrations/0014_delivery_log.sql"),
    ),
    (
        "0015_hub_attributes",
        include_str!("../../db/migrations/0015_hub_attributes.sql"),
    ),
    (
        "0016_quarter_facts",
        include_str!("../../db/migrations/0016_quarter_facts.sql"),
    ),
    (
        "0017_hub_status_at",
        include_str!("../../db/migrations/0017_hub_status_at.sql"),
    ),
    (
        "0018_country_readings",
        concat!(
            include_str!("../../db/migrations/0018_country_readings.sql"),
            include_str!("../../db/seed/0002_country_readings.sql")
        ),
    ),
    (
        "0019_sources_in_english",
        include_str!("../../db/migrations/0019_sources_in_english.sql"),
    ),
    (
        "0020_partners_and_others",
        concat!(
            include_str!("../../db/migrations/0020_partners_and_others.sql"),
            include_str!("../../db/seed/0003_partners_and_others.sql")
        ),
    ),
    (
        "0021_hub_names_indexed",
        include_str!("../../db/migrations/0021_hub_names_indexed.sql"),
    ),
];

/// The seed: the source document transcribed.
pub const SEED: &str = include_str!("../../db/seed/0001_source_2018-03.sql");
/// The readings of the seed's countries, set after the seed (and by migration 0018 on a database
/// seeded before it).
pub const SEED_READINGS: &str = include_str!("../../db/seed/0002_country_readings.sql");
/// The seed's hubs whose partners the source lists with 他, set after the seed (and by migration
/// 0020 on a database seeded before it).
pub const SEED_OTHERS: &str = include_str!("../../db/seed/0003_partners_and_others.sql");

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Refuses a database written by a newer tenkai.
pub fn check_version(conn: &Connection, path: &Path) -> Result<i64> {
    let v = version(conn)?;
    if v > MIGRATIONS.len() as i64 {
        return Err(Error::DatabaseTooNew {
            path: path.to_path_buf(),
            found: v,
            known: MIGRATIONS.len() as i64,
        });
    }
    Ok(v)
}

/// Refuses a database with no tenkai schema version that already holds tables: another
/// program's, into which tenkai would otherwise write its schema and the seed. Checked before
/// anything is set on the file (its journal mode included).
pub(super) fn refuse_foreign(conn: &Connection, path: &Path) -> Result<()> {
    if version(conn)? != 0 {
        return Ok(());
    }
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT 4",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if names.is_empty() {
        return Ok(());
    }
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more = if names.len() > 3 { ", …" } else { "" };
    Err(Error::Usage(format!(
        "{} is an SQLite database that is not tenkai's: it has tables of its own ({shown}{more}) and no tenkai schema version, so tenkai will not add its tables or data to it. Check --db or TENKAI_DB; to start a new record, give a new file (`tenkai --db NEW.sqlite init`).",
        path.display()
    )))
}

/// Brings the schema up to date; seeds a database that had no schema at all.
pub fn migrate(conn: &mut Connection, path: &Path, seed: Seed) -> Result<()> {
    if check_version(conn, path)? == MIGRATIONS.len() as i64 {
        return Ok(());
    }
    // IMMEDIATE: two processes creating the same database at once must not both migrate it.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| super::explain_busy(e, path))?;
    let current = check_version(&tx, path)?;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql).map_err(|e| {
            Error::Invalid(format!("migration db/migrations/{name}.sql failed: {e}"))
        })?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    if current == 0 && seed == Seed::Yes {
        tx.execute_batch(SEED)
            .and_then(|()| tx.execute_batch(SEED_READINGS))
            .and_then(|()| tx.execute_batch(SEED_OTHERS))
            .map_err(|e| Error::Invalid(format!("seeding from db/seed failed: {e}")))?;
    }
    tx.commit()?;
    for notice in notices(conn)? {
        eprintln!("tenkai: {notice}");
    }
    // The new schema (and seed) goes into the database file now, not at close: the command that
    // created the database may be a render, which leaves its log in the WAL
    // (`Store::defer_checkpoint`), and the file alone must hold the schema and the data. Passive:
    // it never waits for other connections.
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

/// What the migrations just applied ask the user to look at (a metric of theirs that reads what
/// a migration moved): the rows they left in `temp.migration_notice`, taken once.
fn notices(conn: &Connection) -> Result<Vec<String>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'migration_notice')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(Vec::new());
    }
    let texts = conn
        .prepare("SELECT text FROM temp.migration_notice ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    conn.execute_batch("DROP TABLE temp.migration_notice")?;
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = crate::store::Store::open(&path, Seed::Yes)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("schema version 99") && err.contains("newer tenkai"),
            "{err}"
        );
    }

    #[test]
    fn migrations_apply_once_and_seed_passes_integrity_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        drop(crate::store::Store::open(&path, Seed::Yes).unwrap());
        let s = crate::store::Store::open(&path, Seed::Yes).unwrap();
        assert_eq!(version(&s.conn).unwrap(), MIGRATIONS.len() as i64);
        let ok: String = s
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let fk: i64 = s
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
        let hubs: i64 = s
            .conn
            .query_row("SELECT count(*) FROM hubs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(hubs, 28);
    }
}

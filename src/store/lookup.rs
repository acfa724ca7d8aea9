//! The reads an import makes before it writes: the names that a workbook's cells may give instead
//! of codes (countries, kinds of hub, platforms), and whether a row's key is already taken. They
//! run in the import's read transaction, so that checking a file never takes the write lock.

use crate::Result;
use rusqlite::{Connection, OptionalExtension};

/// A code and its names: (code, Japanese name, English name).
pub type CodeName = (String, String, String);

/// The codes that a workbook's words stand for.
pub struct CodeNames {
    pub countries: Vec<CodeName>,
    pub kinds: Vec<CodeName>,
    pub platforms: Vec<CodeName>,
}

/// The countries, kinds of hub and platforms with their names.
pub fn code_names(conn: &Connection) -> Result<CodeNames> {
    let names = |sql: &str| -> Result<Vec<CodeName>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(CodeNames {
        countries: names(
            "SELECT iso, name_ja, name_en FROM countries ORDER BY coalesce(reading, name_ja)",
        )?,
        kinds: names("SELECT kind, name_ja, name_en FROM hub_kinds ORDER BY kind")?,
        platforms: names(
            "SELECT code, name_ja, coalesce(name_en, code) FROM platforms ORDER BY code",
        )?,
    })
}

/// Whether a meeting with this number is recorded.
pub fn meeting_exists(conn: &Connection, number: i64) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM meetings WHERE number = ?1", [number], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// Whether a platform with this code is recorded.
pub fn platform_exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM platforms WHERE code = ?1",
            [code],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

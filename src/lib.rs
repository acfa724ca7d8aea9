//! tenkai (展開): a reporting engine on one embedded SQLite file for Japan's international healthcare
//! expansion.
//!
//! The modules follow the data flow:
//!
//! ```text
//! store (typed reads and writes, the read-only guard, sources) ─→ dates/wareki/period
//!       ─→ targets (and indicators)
//!       ─→ report (definitions, glossary, context, templates, charts) ─→ markup
//!       ─→ html / pdf writers ─→ render (atomic files, export_log) ─→ schedule
//!                                                 └─→ preview (a local server for authors)
//! ```
//!
//! `i18n` holds the report languages and the coded values (their words come from the glossary,
//! `report::glossary`); `parallel` runs a job on a
//! scoped thread beside the main one. `sql` is the ad-hoc query command's engine and `table`
//! renders rows for the terminal and for pipes. The `tenkai` binary is a thin shell over this
//! library.

#![forbid(unsafe_code)]

pub mod dates;
pub mod error;
pub mod html;
pub mod i18n;
pub mod import;
pub mod markup;
pub mod parallel;
pub mod pdf;
pub mod period;
pub mod preview;
pub mod profile;
pub mod render;
pub mod report;
pub mod schedule;
pub mod sql;
pub mod store;
pub mod table;
pub mod targets;
pub mod wareki;
pub mod xlsx;

pub use error::{Error, Result};

//! tenkai (展開): a reporting engine on one embedded SQLite file for Japan's international healthcare
//! expansion.
//!
//! The modules follow the data flow:
//!
//! ```text
//! store (typed reads and writes, the read-only guard, sources, store::export_log)
//!       ─→ dates/wareki/period
//!       ─→ targets (and indicators)
//!       ─→ report (definitions, context, templates, charts, errata) ─→ markup
//!       ─→ html / pdf writers ─→ render (atomic files, export_log) ─→ schedule
//!                                                 └─→ preview (a local server for authors)
//! ```
//!
//! `output` is the one rule every path tenkai writes follows (never the database, a link, a
//! FIFO or a sent file; an existing file only with `--force`; written atomically). `i18n` holds
//! the report languages, the coded values and the glossary their words come from
//! (`i18n::glossary`); `parallel` runs a job on a scoped thread beside the main one. `sql` is the
//! ad-hoc query command's engine, and `table` renders rows (of `cell::Cell`, the row model that
//! the workbook writer `xlsx` takes too) for the terminal and for pipes. The `tenkai` binary is a
//! thin shell over this library; `tests/cli/architecture.rs` keeps these layers.

#![forbid(unsafe_code)]
// The library's documentation is for tenkai's developers (`cargo doc --document-private-items`):
// a module's documentation links its private parts on purpose.
#![allow(rustdoc::private_intra_doc_links)]

pub mod cell;
pub mod dates;
pub mod delivery;
pub mod drafts;
pub mod error;
pub mod fact_date;
pub mod html;
pub mod i18n;
pub mod import;
pub mod markup;
pub mod output;
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

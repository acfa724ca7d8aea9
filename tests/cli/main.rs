//! The integration tests, in one crate with a module a file, so that the library links once
//! rather than once per file. Run one file's tests with `cargo test --test cli MODULE::`
//! (`cargo test --test cli architecture::`); the helpers are in `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod accessible;
mod architecture;
mod authoring;
mod briefing_news;
mod corrections;
mod delivery;
mod delivery_folder;
mod editor_text;
mod editorial;
mod errata;
mod errata_sheet;
mod excel;
mod exit_codes;
mod facts;
mod faults;
mod figure_names;
mod guards;
mod history;
mod hostile;
mod hostile6;
mod hostile7;
mod hostile8;
mod hostile_input;
mod hostile_news;
mod hostile_quarter;
mod hub_history;
mod imports;
mod interrupts;
mod line_breaks;
mod narrative_required;
mod news;
mod outputs;
mod page_breaks;
mod pdf;
mod preview;
mod preview_limits;
mod properties;
mod quarter;
mod record;
mod report;
mod runtime;
mod safety;
mod schedule;
mod second_review;
mod sends;
mod sent_log;
mod signing;
mod signing_quarters;
mod signing_words;
mod sources_en;
mod sql;
mod store;
mod streaming;
mod tables;
mod targets;
mod truthful;
mod wording;
mod workbook;
mod written_english;

//! Excel workbooks in and out, with `rust_xlsxwriter` and `calamine`: rows written as a typed sheet
//! ([`mod@write`]), a workbook's sheet read back for an import ([`read`]), and the empty form a
//! ministry fills in and sends back ([`template`]).

pub mod read;
pub mod report;
pub mod template;
mod write;

pub use write::{cell_ref, DateStyle, Sheet, MAX_ROWS, MAX_TEXT};

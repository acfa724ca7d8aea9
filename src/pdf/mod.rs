//! The PDF writer (placeholder until the layouter lands).

use crate::markup::Document;
use crate::report::{context::ReportContext, Definition};
use crate::{Error, Result};
use std::path::Path;

pub fn render(_doc: &Document, _reports: &Path, _def: &Definition, _ctx: &ReportContext) -> Result<Vec<u8>> {
    Err(Error::Layout("PDF output is not available yet".into()))
}

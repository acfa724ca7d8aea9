//! A correction notice: the errata sheet of a sent report, delivered on each of the report's
//! channels (to its recipients, or into its folder) with the sheet attached, under the
//! channel's `correction_subject` and `correction_body`.

use super::plan::{context, Reading};
use super::{deliver, Delivery, Item, Mode, Outcome, Purpose, Source};
use crate::period::Period;
use crate::report::errata::Errata;
use crate::report::Definition;
use crate::{Error, Result};
use chrono::{DateTime, Utc};

/// The definition's channels, if a correction notice can be sent: refused when the report has no
/// `[delivery]` or there is nothing to correct. Asked before the sheet is written, so that a
/// refused notice leaves no file.
pub fn deliverable(def: &Definition, period: Period, e: &Errata) -> Result<Delivery> {
    let Some(delivery) = Delivery::of(def)? else {
        return Err(Error::Usage(format!(
            "report {} has no [delivery] in {}: there is nobody to send the correction notice to; nothing was written",
            def.name,
            def.file.display()
        )));
    };
    if e.items.is_empty() {
        return Err(Error::Usage(format!(
            "{} {} has nothing to correct since it was sent; no correction notice is sent and nothing was written",
            def.name, period
        )));
    }
    Ok(delivery)
}

/// Delivers the sheet (a file already written, with its SHA-256) on every channel of the
/// definition, and gives each channel's outcome. Refused when there is nothing to correct or the
/// report has no `[delivery]`.
pub fn notify(
    r: Reading<'_>,
    def: &Definition,
    period: Period,
    e: &Errata,
    sheet: Source,
    now: DateTime<Utc>,
) -> Result<Vec<(String, Outcome)>> {
    let delivery = deliverable(def, period, e)?;
    let files = vec![sheet];
    let mut ctx = context(r, def, period, now, &files, Purpose::Correction);
    if let Ok(serde_json::Value::Object(o)) = &mut ctx {
        o.insert(
            "errata".into(),
            serde_json::to_value(e).map_err(|err| Error::Invalid(err.to_string()))?,
        );
    }
    let mut out = Vec::new();
    for ch in &delivery.channels {
        let item = Item {
            def,
            period: period.to_string(),
            channel: ch,
            purpose: Purpose::Correction,
            files: files.clone(),
            ctx: ctx.clone(),
            max_bytes: delivery.max_bytes,
        };
        let what = format!(
            "correction notice {} {} {} ({})",
            def.name,
            period,
            ch.name,
            ch.kind()
        );
        out.push((what, deliver(r.conn, &item, Mode::Send, now)?));
    }
    Ok(out)
}

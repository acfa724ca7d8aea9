//! `report errata`: the 正誤表 of a sent report against the report as known now, and its
//! delivery as a correction notice.

use super::*;

/// `report errata`: the differences between the sent report and the report as known now.
#[allow(clippy::too_many_arguments)]
pub(super) fn errata(
    ctx: &Ctx,
    name: &str,
    period: &str,
    lang: Lang,
    since: Option<i64>,
    known_at_sent: Option<String>,
    at: Option<String>,
    format: &str,
    out: Option<std::path::PathBuf>,
    force: bool,
) -> Result<tenkai::report::errata::Errata> {
    use tenkai::report::errata::{self, Since};
    let def = tenkai::report::load(&ctx.reports, name)?;
    let period = Period::parse(period)?;
    if period.kind() != def.period_kind {
        return Err(tenkai::Error::Usage(format!(
            "report {name} covers {}, not {}; give a period like {}",
            def.period_kind.describe(),
            period.kind().describe(),
            Period::containing(def.period_kind, period.end())
        ))
        .into());
    }
    let since = match (since, known_at_sent) {
        (Some(id), _) => Since::Export(id),
        (None, Some(t)) => Since::KnownAt(parse_instant(&t)?),
        (None, None) => Since::FirstSend,
    };
    let mut store = ctx.reader()?;
    let moment = errata_moment(&store.conn, at.as_deref())?;
    let dest = errata_destination(format, out, force)?;
    let sent = errata::sent(&store.conn, &def, &period, lang, &since)?;
    let mut e = errata::compare(
        &mut store.conn,
        &ctx.reports,
        &def,
        &period,
        lang,
        sent,
        moment,
    )?;
    e.companions = errata::companions(&mut store.conn, &ctx.reports, &e, moment)?;
    match (format, dest) {
        ("json", _) => {
            serde_json::to_writer_pretty(std::io::stdout().lock(), &e)?;
            println!();
        }
        (_, Some(dest)) => {
            let quoted: Vec<String> = errata::without_english(&e)
                .iter()
                .map(|q| {
                    let command = tenkai::store::english::command_for(q);
                    format!("「{q}」: no English, shown in Japanese ({command})")
                })
                .collect();
            warn_list(
                &format!(
                    "the English errata sheet quotes {} text(s) in Japanese, for want of English (notes and sources as recorded)",
                    quoted.len()
                ),
                &quoted,
            );
            let found = dest.check(&store.conn, &ctx.db)?;
            let bytes = render::errata_file(&e, &def, &ctx.reports, format == "pdf")?;
            dest.write(&bytes, found)?;
            if dest != render::Output::Stdout {
                println!("{dest}");
            }
        }
        _ => write_errata_table(name, &period, lang, &e)?,
    }
    Ok(e)
}

/// Where `report errata` writes: a file or standard output for html and pdf; none for table and
/// json, which go to standard output.
fn errata_destination(
    format: &str,
    out: Option<std::path::PathBuf>,
    force: bool,
) -> Result<Option<render::Output>> {
    Ok(match (format, out) {
        ("html" | "pdf", None) => {
            return Err(tenkai::Error::Usage(format!(
                "--format {format} writes a file: give --out FILE (or --out - for standard output)"
            ))
            .into())
        }
        ("html" | "pdf", Some(p)) if p.as_os_str() == "-" => Some(render::Output::Stdout),
        ("html" | "pdf", Some(p)) => Some(render::Output::File {
            path: p,
            force,
            send: false,
        }),
        (_, Some(_)) => {
            return Err(tenkai::Error::Usage(
                "--out is for --format html or pdf; table and json go to standard output".into(),
            )
            .into())
        }
        _ => None,
    })
}

/// The moment `report errata` compares the sent report with: `--at`, else now.
fn errata_moment(
    conn: &rusqlite::Connection,
    at: Option<&str>,
) -> Result<chrono::DateTime<chrono::Utc>> {
    // The record as it stands: a correction written in the second of an export is stamped a
    // second later (see `history::write_time`), so "now" is never before the newest row.
    Ok(match at {
        Some(t) => parse_instant(t)?,
        None => tenkai::store::history::known_now(conn)?,
    })
}

/// `report errata`'s table on standard output, with what it compares on standard error.
fn write_errata_table(
    name: &str,
    period: &Period,
    lang: Lang,
    e: &tenkai::report::errata::Errata,
) -> Result<()> {
    let rows = e
        .items
        .iter()
        .map(|i| {
            let reasons: Vec<String> = i
                .reasons
                .iter()
                .filter_map(|k| e.corrections.iter().find(|c| &c.key == k))
                .map(|c| format!("{} ({})", c.text, c.recorded_at))
                .collect();
            vec![
                i.section.clone().into(),
                i.location.clone().into(),
                i.change.clone().into(),
                i.was.clone().into(),
                i.now.clone().into(),
                reasons.join("; ").into(),
            ]
        })
        .collect();
    let sent = match e.sent.id {
        0 => String::new(),
        id => format!(
            " in export {id}, {}",
            tenkai::output::shown(std::path::Path::new(&e.sent.path)).display()
        ),
    };
    eprintln!(
        "{name} {period} ({lang}): as sent{sent} (known at {}) against the record at {}",
        e.sent.known_at, e.now
    );
    if e.items.is_empty() {
        eprintln!("no corrections");
        return Ok(());
    }
    write_all(
        std::io::stdout().lock(),
        TableFormat::Table,
        &["section", "location", "change", "was", "now", "reason"],
        rows,
    )?;
    Ok(())
}

/// `report errata … --deliver`: the sheet written beside the sent file (a PDF, or HTML with
/// --format html), then sent as a correction notice on each of the report's channels.
pub(super) fn notify(
    ctx: &Ctx,
    name: &str,
    format: &str,
    e: &tenkai::report::errata::Errata,
) -> Result<i32> {
    if e.sent.id == 0 || e.sent.path.is_empty() || e.sent.path == "-" {
        return Err(tenkai::Error::Usage(
            "--deliver sends a correction to a sent report: compare with a send (the default, or --since ID), not with --known-at-sent".into(),
        )
        .into());
    }
    let def = tenkai::report::load(&ctx.reports, name)?;
    let period = Period::parse(&e.period)?;
    tenkai::delivery::deliverable(&def, period, e)?;
    let pdf = format != "html";
    let ext = if pdf { "pdf" } else { "html" };
    let sent = std::path::Path::new(&e.sent.path);
    let stamp = e.now.replace(['-', ':'], "");
    let path = sent.with_extension(format!("errata-{stamp}.{ext}"));
    let store = ctx.store()?;
    let Some(_lock) = tenkai::schedule::lock(
        &ctx.db,
        tenkai::schedule::Wait::For(std::time::Duration::from_secs(600)),
        || ctx.say("a schedule runner is active; waiting for it to finish"),
    )?
    else {
        return Ok(1);
    };
    let dest = render::Output::File {
        path: path.clone(),
        force: false,
        send: false,
    };
    let found = dest.check(&store.conn, &ctx.db)?;
    let bytes = render::errata_file(e, &def, &ctx.reports, pdf)?;
    dest.write(&bytes, found)?;
    ctx.say(format!(
        "errata sheet written to {}",
        tenkai::output::shown(&path).display()
    ));
    let stem = sent.file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    let sheet = tenkai::delivery::Source {
        export_id: None,
        path: path.clone(),
        name: format!(
            "{}_{stem}.{ext}",
            if e.lang == Lang::Ja {
                "正誤表"
            } else {
                "errata"
            }
        ),
        format: ext.into(),
        sha256: render::sha256_hex(&bytes),
    };
    let reading = tenkai::delivery::Reading {
        conn: &store.conn,
        reports: &ctx.reports,
        db: &ctx.db,
    };
    let done = tenkai::delivery::notify(reading, &def, period, e, sheet, tenkai::dates::now())?;
    let mut failed = 0;
    for (what, o) in &done {
        match o {
            tenkai::delivery::Outcome::Delivered(id, to) => ctx.say(format!(
                "delivered {what} (delivery {id}): {}",
                to.replace('\n', ", ")
            )),
            tenkai::delivery::Outcome::Failed(id, err) => {
                failed += 1;
                eprintln!("delivery failed: {what} (delivery {id}): {err}");
            }
            _ => {}
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

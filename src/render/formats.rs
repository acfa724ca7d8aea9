//! A prepared report written in each format: HTML with the reports folder's stylesheet, the
//! workbook from the full context, the PDF with the options its definition gives; and the errata
//! sheet through the same writers.

use super::{Format, Prepared, Request, Reuse};
use crate::i18n::Lang;
use crate::report::Definition;
use crate::{Error, Result};
use rusqlite::Connection;
use std::path::Path;

/// Writes a prepared report as HTML.
pub(super) fn write_html(p: &Prepared, req: &Request<'_>) -> Result<Vec<u8>> {
    html_file(
        &p.doc,
        req.reports,
        req.lang,
        &title(&p.ctx),
        req.draft_mark()?,
    )
}

/// The HTML file's title: the report's and its period's.
pub(super) fn title(ctx: &crate::report::context::Sections) -> String {
    let head = ctx.head();
    format!("{} {}", head.report.title, head.period.label)
}

/// The reports folder's stylesheet, which every HTML file holds.
pub(super) fn stylesheet(reports: &Path) -> Result<String> {
    let css_path = reports.join("style.css");
    std::fs::read_to_string(&css_path).map_err(|e| {
        Error::io(
            format!("cannot read the stylesheet {}", css_path.display()),
            e,
        )
    })
}

/// A document as one self-contained HTML file, with the reports folder's stylesheet.
pub fn html_file(
    doc: &crate::markup::Document,
    reports: &Path,
    lang: Lang,
    title: &str,
    mark: Option<&str>,
) -> Result<Vec<u8>> {
    let css = stylesheet(reports)?;
    let page = crate::html::Page {
        lang: lang.code(),
        title,
        css: &css,
        mark,
    };
    Ok(crate::html::write(doc, &page).into_bytes())
}

/// The errata sheet as an HTML or PDF file: its markup document through the report writers.
pub fn errata_file(
    e: &crate::report::errata::Errata,
    def: &Definition,
    reports: &Path,
    pdf: bool,
) -> Result<Vec<u8>> {
    let (doc, title) = crate::report::errata::document(e)?;
    if !pdf {
        return html_file(&doc, reports, e.lang, &title, None);
    }
    let opts = crate::pdf::Options {
        reports,
        title: &title,
        period_label: &e.period_label,
        subject: def.subject(e.lang),
        author: def.author(e.lang),
        lang: e.lang.code(),
        known_at: &e.now,
        header: true,
        footer: true,
        max_pages: None,
        font_size: None,
        report: &def.name,
        definition: &def.file,
        template: "(the errata sheet)",
        mark: None,
    };
    crate::pdf::render(doc, &opts)
}

/// A report in one format, as bytes (nothing written, nothing logged): HTML from the shared
/// preparation, the PDF (written last)
/// taking it.
pub fn render_bytes(
    conn: &mut Connection,
    req: &Request<'_>,
    format: Format,
    reuse: &mut Reuse,
) -> Result<Vec<u8>> {
    match format {
        Format::Html => reuse.get(conn, req).and_then(|p| write_html(p, req)),
        Format::Xlsx => {
            let p = reuse.get(conn, req)?;
            // The sections the template did not read, in a read transaction of their own.
            let tx = conn.unchecked_transaction()?;
            let ctx = p.ctx.context(&tx)?;
            tx.commit()?;
            crate::xlsx::report::workbook(&ctx, &req.def.glossary)
        }
        Format::Pdf => reuse.take_for_pdf(conn, req).and_then(|(mut ctx, doc)| {
            ctx.free_hubs();
            write_pdf(&ctx, doc, req)
        }),
    }
}

/// The PDF of a report's document, with the options its definition and context give.
fn write_pdf(
    ctx: &crate::report::context::Sections,
    doc: crate::pdf::layout::Doc,
    req: &Request<'_>,
) -> Result<Vec<u8>> {
    let (ctx, def) = (ctx.head(), req.def);
    let opts = crate::pdf::Options {
        reports: req.reports,
        title: &ctx.report.title,
        period_label: &ctx.period.label,
        subject: &ctx.report.subject,
        author: &ctx.report.author,
        lang: ctx.lang.code(),
        known_at: &ctx.known_at,
        header: def.pdf.header,
        footer: def.pdf.footer,
        max_pages: def.pdf.max_pages,
        font_size: def.pdf.font_size,
        report: &def.name,
        definition: &def.file,
        template: &def.template,
        mark: req.draft_mark()?,
    };
    crate::pdf::render_doc(doc, &opts)
}

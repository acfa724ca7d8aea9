//! A report read as its template runs. The HTML is written to its file as it comes: the
//! template's output goes through
//! the HTML writer's [`crate::html::Stream`] into the file's temporary file, so that the markup,
//! its document and the HTML of a large report are never whole in memory (at 1000× its annex
//! holds 28,000 rows). The file is put in place only once complete ([`crate::output::Pending`]):
//! a failure leaves no file, and the path as it was.
//!
//! Markup the stream does not follow, and any failure of the template or of the file, fall back
//! to the whole document: the template runs again in the same snapshot, and the file is written
//! from its bytes, the same bytes, or the error is the one a whole render gives.
//!
//! The PDF's document is read the same way ([`pdf`]): the markup goes into the layout's
//! document as it is written, its tables' rows kept compact, so that the markup text and its
//! document tree are never whole in memory beside the context.

use super::{formats, in_snapshot, unshared, Prepared, Request};
use crate::output::{self, Pending};
use crate::report::context::Sections;
use crate::report::templates::Compiled;
use crate::Result;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The HTML of a report, written to `path` (which passed the output rule, finding `found`):
/// its length and SHA-256.
pub(super) fn html(
    conn: &mut Connection,
    req: &Request<'_>,
    path: &Path,
    found: output::Found,
) -> Result<(usize, String)> {
    let written = in_snapshot(conn, req, false, |conn, compiled, ctx, phases| {
        if let Some(file) = streamed(conn, req, compiled, &ctx, path, found)? {
            phases.done("template and HTML");
            return Ok(Written::File(file));
        }
        let (_, doc) = compiled.render(&ctx, conn)?;
        phases.done("template");
        let ctx = unshared(ctx)?;
        formats::write_html(&Prepared { ctx, doc }, req).map(Written::Bytes)
    })?;
    let mut phases = crate::profile::Phases::start();
    let done = match written {
        Written::File(file) => file.finish()?,
        Written::Bytes(bytes) => {
            output::write_checked(path, &bytes, found)?;
            (bytes.len(), super::sha256_hex(&bytes))
        }
    };
    phases.done("write");
    Ok(done)
}

/// The context and the PDF's document of a report, read as its template runs (see the module's
/// documentation), the context's hub list freed; from the whole markup where the reader stops.
pub(super) fn pdf(
    conn: &mut Connection,
    req: &Request<'_>,
) -> Result<(crate::report::context::Sections, crate::pdf::layout::Doc)> {
    in_snapshot(conn, req, true, |conn, compiled, ctx, phases| {
        let reader = crate::pdf::layout::Reader::default();
        let read = compiled.render_to(&ctx, conn, reader)?;
        let doc = match read.and_then(crate::pdf::layout::Reader::finish) {
            Some(doc) => doc,
            None => crate::pdf::layout::Doc::of(compiled.render(&ctx, conn)?.1),
        };
        phases.done("template and markup");
        let mut ctx = unshared(ctx)?;
        ctx.free_hubs();
        Ok((ctx, doc))
    })
}

/// What the template's run left: the file written as it ran, or the bytes of the whole document.
enum Written {
    File(File),
    Bytes(Vec<u8>),
}

/// The template run into the file; `None` when it must be written from the whole document.
fn streamed(
    conn: &mut Connection,
    req: &Request<'_>,
    compiled: &Compiled,
    ctx: &Arc<Sections>,
    path: &Path,
    found: output::Found,
) -> Result<Option<File>> {
    // What the file starts with: whatever fails here fails again, with its message, in the
    // whole document's way, after the template's errors, as a whole render orders them.
    let (Ok(css), Ok(mark)) = (formats::stylesheet(req.reports), req.draft_mark()) else {
        return Ok(None);
    };
    let Ok(to) = Pending::create(path, found) else {
        return Ok(None);
    };
    let title = formats::title(ctx);
    let page = crate::html::Page {
        lang: req.lang.code(),
        title: &title,
        css: &css,
        mark,
    };
    let file = File {
        to,
        len: 0,
        hash: Sha256::new(),
    };
    let stream = crate::html::Stream::new(&page, file);
    let Some(stream) = compiled.render_to(ctx, conn, stream)? else {
        return Ok(None);
    };
    Ok(stream.finish().ok())
}

/// The file being written, its length and SHA-256 counted as it goes (the export log keeps them).
struct File {
    to: Pending,
    len: usize,
    hash: Sha256,
}

impl File {
    /// Puts the complete file in place: its length and SHA-256.
    fn finish(self) -> Result<(usize, String)> {
        self.to.finish()?;
        Ok((self.len, format!("{:x}", self.hash.finalize())))
    }
}

impl std::io::Write for File {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.to.write_all(buf)?;
        self.hash.update(buf);
        self.len += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.to.flush()
    }
}

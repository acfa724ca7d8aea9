//! `tenkai report preview`: the template author's loop. A local server (127.0.0.1 only) renders a
//! report in each language, HTML and PDF, from the database opened read-only, and shows them side
//! by side. When a file under the reports folder changes it renders again and the page reloads
//! itself (server-sent events). A render that fails shows its error (file, line, message) in
//! place of the report, never the last good one. Nothing is written: no file, no export log row.

use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::period::Period;
use crate::render::{self, Format, Request};
use crate::store::Store;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, SystemTime};

/// What to preview.
pub struct Settings {
    pub reports: PathBuf,
    pub db: PathBuf,
    pub report: String,
    pub period: Period,
    /// The as-of date (default: the period's last day).
    pub as_of: Option<NaiveDate>,
    /// The moment of the record (default: now, at each render).
    pub known_at: Option<DateTime<Utc>>,
    pub langs: Vec<Lang>,
    /// The port on 127.0.0.1; 0 for any free one.
    pub port: u16,
}

/// One language's latest render: the HTML and the PDF, or why they could not be made.
type Rendered = std::result::Result<(Vec<u8>, Vec<u8>), String>;

/// The latest renders and their number, which the page's event stream announces.
struct Latest {
    generation: u64,
    renders: BTreeMap<&'static str, Rendered>,
}

/// How often the reports folder is looked at for changes.
const POLL: Duration = Duration::from_millis(100);

/// Renders every language of the report as the files are now.
fn render_all(s: &Settings) -> BTreeMap<&'static str, Rendered> {
    let mut out = BTreeMap::new();
    for &lang in &s.langs {
        out.insert(lang.code(), render_one(s, lang).map_err(|e| e.to_string()));
    }
    out
}

fn render_one(s: &Settings, lang: Lang) -> Result<(Vec<u8>, Vec<u8>)> {
    let def = crate::report::load(&s.reports, &s.report)?;
    let mut store = Store::open_read_only(&s.db)?;
    let at = AsOf::new(
        s.as_of.unwrap_or_else(|| s.period.end()),
        s.known_at.unwrap_or_else(crate::dates::now),
    );
    let req = Request {
        reports: &s.reports,
        db_path: &s.db,
        def: &def,
        period: s.period,
        at,
        lang,
    };
    req.check()?;
    let mut reuse = render::Reuse::default();
    let html = render::render_bytes(&mut store.conn, &req, Format::Html, &mut reuse)?;
    let pdf = render::render_bytes(&mut store.conn, &req, Format::Pdf, &mut reuse)?;
    Ok((html, pdf))
}

/// Every file under the reports folder with its modification time: what a change is seen in.
fn snapshot(dir: &Path, out: &mut BTreeMap<PathBuf, Option<SystemTime>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => snapshot(&path, out),
            Ok(_) => {
                let modified = e.metadata().and_then(|m| m.modified()).ok();
                out.insert(path, modified);
            }
            Err(_) => {}
        }
    }
}

/// Serves the preview until the process is stopped. `ready` is told the address, once the first
/// render is done.
pub fn serve(s: Settings, ready: impl FnOnce(&str)) -> Result<()> {
    let server = tiny_http::Server::http(("127.0.0.1", s.port)).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on 127.0.0.1:{}: {e}. Choose another --port (0 takes any free one).",
            s.port
        ))
    })?;
    let addr = match server.server_addr() {
        tiny_http::ListenAddr::IP(a) => a.to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    let latest = Arc::new((
        Mutex::new(Latest {
            generation: 1,
            renders: render_all(&s),
        }),
        Condvar::new(),
    ));
    let langs: Vec<&'static str> = s.langs.iter().map(|l| l.code()).collect();
    let title = s.report.clone();
    // The watcher: renders again whenever a file under the reports folder changes (or appears,
    // or goes), and wakes the pages' event streams.
    {
        let latest = latest.clone();
        std::thread::Builder::new()
            .name("tenkai-preview-watch".into())
            .spawn(move || {
                let mut seen = BTreeMap::new();
                snapshot(&s.reports, &mut seen);
                loop {
                    std::thread::sleep(POLL);
                    let mut now = BTreeMap::new();
                    snapshot(&s.reports, &mut now);
                    if now == seen {
                        continue;
                    }
                    seen = now;
                    let renders = render_all(&s);
                    let (lock, wake) = &*latest;
                    let mut l = lock.lock().unwrap_or_else(|p| p.into_inner());
                    l.renders = renders;
                    l.generation += 1;
                    wake.notify_all();
                }
            })
            .map_err(|e| Error::io("cannot start the preview's watcher", e))?;
    }
    ready(&format!("http://{addr}/"));
    for request in server.incoming_requests() {
        let latest = latest.clone();
        let (langs, title) = (langs.clone(), title.clone());
        // Each request on its own thread: an event stream stays open as long as its page.
        let _ = std::thread::Builder::new()
            .name("tenkai-preview-request".into())
            .spawn(move || respond(request, &latest, &langs, &title));
    }
    Ok(())
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page shown in place of a report that could not be rendered.
fn error_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Render failed</title></head>\n<body style=\"font-family:sans-serif;margin:2em\"><h1 id=\"render-error\">The report could not be rendered</h1>\n<pre style=\"white-space:pre-wrap;background:#fef2f2;padding:1em\">{}</pre>\n<p>Fix the file and save it: this page reloads by itself.</p></body></html>\n",
        html_escape(message)
    )
}

/// The preview page: each language's HTML and PDF side by side, reloaded on every new render.
fn index(langs: &[&str], title: &str, generation: u64) -> String {
    let mut columns = String::new();
    for lang in langs {
        columns += &format!(
            "<section><h2>{lang}</h2><div class=\"pair\"><iframe id=\"html-{lang}\" title=\"HTML ({lang})\" src=\"/view/{lang}.html\"></iframe><iframe id=\"pdf-{lang}\" title=\"PDF ({lang})\" src=\"/view/{lang}.pdf\"></iframe></div></section>\n"
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preview: {t}</title>\n<style>body{{font-family:sans-serif;margin:0.5em}} .pair{{display:flex;gap:0.5em}} iframe{{flex:1;height:85vh;border:1px solid #9ca3af}} h1,h2{{font-size:1em;margin:0.3em 0}}</style></head>\n<body><h1>tenkai report preview: {t}</h1>\n{columns}<script>\nconst shown = {generation};\nnew EventSource('/events').onmessage = (e) => {{ if (Number(e.data) !== shown) location.reload(); }};\n</script></body></html>\n",
        t = html_escape(title)
    )
}

fn respond(
    request: tiny_http::Request,
    latest: &Arc<(Mutex<Latest>, Condvar)>,
    langs: &[&str],
    title: &str,
) {
    let (lock, wake) = &**latest;
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or_default().to_string();
    let html = header("Content-Type", "text/html; charset=utf-8");
    let no_cache = header("Cache-Control", "no-store");
    if path == "/events" {
        // Server-sent events: the number of the latest render, now and at every new one.
        let mut out = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        let mut shown = 0;
        loop {
            let generation = {
                let mut l = lock.lock().unwrap_or_else(|p| p.into_inner());
                while l.generation == shown {
                    l = wake
                        .wait_timeout(l, Duration::from_secs(15))
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                    if l.generation == shown {
                        break;
                    }
                }
                l.generation
            };
            let event = if shown == 0 {
                format!("{head}data: {generation}\n\n")
            } else if generation == shown {
                ": still here\n\n".to_string()
            } else {
                format!("data: {generation}\n\n")
            };
            shown = generation;
            if out
                .write_all(event.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    }
    let l = lock.lock().unwrap_or_else(|p| p.into_inner());
    let view = path
        .strip_prefix("/view/")
        .and_then(|f| f.rsplit_once('.'))
        .and_then(|(lang, ext)| Some((langs.iter().find(|l| **l == lang)?, ext)));
    let response = match (path.as_str(), view) {
        ("/", _) => tiny_http::Response::from_string(index(langs, title, l.generation))
            .with_header(html)
            .with_header(no_cache),
        (_, Some((lang, ext))) => match (l.renders.get(*lang), ext) {
            (Some(Ok((page, _))), "html") => tiny_http::Response::from_data(page.clone())
                .with_header(html)
                .with_header(no_cache),
            (Some(Ok((_, pdf))), "pdf") => tiny_http::Response::from_data(pdf.clone())
                .with_header(header("Content-Type", "application/pdf"))
                .with_header(no_cache),
            (Some(Err(message)), "html" | "pdf") => {
                tiny_http::Response::from_string(error_page(message))
                    .with_header(html)
                    .with_header(no_cache)
            }
            _ => not_found(),
        },
        // Only the pages above are served: no file of the machine is reachable by its path.
        _ => not_found(),
    };
    drop(l);
    let _ = request.respond(response);
}

fn not_found() -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string("not found\n")
        .with_status_code(404)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

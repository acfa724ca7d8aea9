//! `tenkai report preview`: the template author's loop. A local server (127.0.0.1 only) renders a
//! report in each language, HTML and PDF, from the database opened read-only, and shows them side
//! by side. When a file under the reports folder changes it renders again and the page reloads
//! itself (server-sent events). A render that fails shows its error (file, line, message) in
//! place of the report, never the last good one. Nothing is written: no file, no export log row.
//!
//! The server is a small HTTP/1.1 one of its own, so that it can bound what a client may cost:
//! it answers only requests whose Host names it (`127.0.0.1:PORT` or `localhost:PORT`; 403
//! otherwise, against DNS rebinding), reads at most [`MAX_HEAD`] bytes of request line and
//! headers (431 past them), and serves [`MAX_CONNECTIONS`] connections at once, event streams
//! included, on a fixed pool of threads (503 past them).

use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::period::Period;
use crate::render::{self, Format, Request};
use crate::store::Store;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
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
        draft: false,
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
    let listener = TcpListener::bind(("127.0.0.1", s.port)).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on 127.0.0.1:{}: {e}. Choose another --port (0 takes any free one).",
            s.port
        ))
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::io("cannot read the preview's address", e))?
        .port();
    let latest = Arc::new((
        Mutex::new(Latest {
            generation: 1,
            renders: render_all(&s),
        }),
        Condvar::new(),
    ));
    let site = Arc::new(Site {
        langs: s.langs.iter().map(|l| l.code()).collect(),
        title: s.report.clone(),
        port,
        latest: latest.clone(),
    });
    watch(s, latest)?;
    let pool = Pool::start(site)?;
    ready(&format!("http://127.0.0.1:{port}/"));
    for stream in listener.incoming().flatten() {
        pool.hand(stream);
    }
    Ok(())
}

/// The watcher: renders again whenever a file under the reports folder changes (or appears, or
/// goes), and wakes the pages' event streams.
fn watch(s: Settings, latest: Arc<(Mutex<Latest>, Condvar)>) -> Result<()> {
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
    Ok(())
}

/// What the server shows, shared by its workers.
struct Site {
    langs: Vec<&'static str>,
    title: String,
    /// The port it listens on: the only one a request's Host may name.
    port: u16,
    latest: Arc<(Mutex<Latest>, Condvar)>,
}

/// The most connections served at once, event streams included: one worker thread each, started
/// with the server. A connection past them is answered 503 at once.
pub const MAX_CONNECTIONS: usize = 32;
/// The most bytes a request line and its headers may take; past them the answer is 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have (a browser sends about 15); more are answered with 431.
const MAX_HEADERS: usize = 64;
/// How long a client may take to send its request, or to take a response.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an event stream says it is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A fixed pool of workers, each serving one connection at a time, and one more thread that
/// answers 503 to the connections past them.
struct Pool {
    queue: mpsc::SyncSender<TcpStream>,
    refuse: mpsc::SyncSender<TcpStream>,
    busy: Arc<AtomicUsize>,
}

impl Pool {
    fn start(site: Arc<Site>) -> Result<Pool> {
        let (queue, work) = mpsc::sync_channel::<TcpStream>(MAX_CONNECTIONS);
        let work = Arc::new(Mutex::new(work));
        let busy = Arc::new(AtomicUsize::new(0));
        let spawn = |name: String, f: Box<dyn FnOnce() + Send>| {
            std::thread::Builder::new()
                .name(name)
                .spawn(f)
                .map(drop)
                .map_err(|e| Error::io("cannot start the preview's workers", e))
        };
        for i in 0..MAX_CONNECTIONS {
            let (work, busy, site) = (work.clone(), busy.clone(), site.clone());
            spawn(
                format!("tenkai-preview-{i}"),
                Box::new(move || loop {
                    let next = work.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    let Ok(stream) = next else { return };
                    serve_connection(stream, &site);
                    busy.fetch_sub(1, Ordering::SeqCst);
                }),
            )?;
        }
        let (refuse, refused) = mpsc::sync_channel::<TcpStream>(MAX_CONNECTIONS);
        spawn(
            "tenkai-preview-busy".into(),
            Box::new(move || {
                for mut stream in refused {
                    // Its request read first (briefly), so that closing does not reset it.
                    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                    let _ = read_head(&mut stream, Duration::from_millis(200));
                    plain(
                        &mut stream,
                        503,
                        "the preview serves a few connections at once; try again\n",
                    );
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                }
            }),
        )?;
        Ok(Pool {
            queue,
            refuse,
            busy,
        })
    }

    /// Gives a connection to a free worker, or to the 503 answer when every worker is busy (a
    /// connection past those too is closed at once).
    fn hand(&self, stream: TcpStream) {
        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
        let taken = self
            .busy
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_CONNECTIONS).then_some(n + 1)
            })
            .is_ok();
        if !taken {
            let _ = self.refuse.try_send(stream);
            return;
        }
        if let Err(e) = self.queue.try_send(stream) {
            self.busy.fetch_sub(1, Ordering::SeqCst);
            let (mpsc::TrySendError::Full(s) | mpsc::TrySendError::Disconnected(s)) = e;
            let _ = self.refuse.try_send(s);
        }
    }
}

/// A request's head: its line and headers, read up to [`MAX_HEAD`] bytes.
enum Head {
    Read {
        method: String,
        path: String,
        host: Option<String>,
    },
    TooLarge,
    Bad,
}

/// Reads a request's head, `within` a time in all (a client that sends a byte now and then
/// does not hold a worker for longer). The head is parsed by `httparse`, as hyper parses it.
fn read_head(stream: &mut TcpStream, within: Duration) -> Head {
    let until = std::time::Instant::now() + within;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .and_then(|h| std::str::from_utf8(h.value).ok())
                    .map(|v| v.trim().to_string());
                return match (request.method, request.path) {
                    (Some(method), Some(path)) => Head::Read {
                        method: method.to_string(),
                        path: path.to_string(),
                        host,
                    },
                    _ => Head::Bad,
                };
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Head::TooLarge,
            Err(_) => return Head::Bad,
        }
        if buf.len() > MAX_HEAD {
            return Head::TooLarge;
        }
        if std::time::Instant::now() > until {
            return Head::Bad;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Head::Bad,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Whether a Host header names this server: `127.0.0.1:PORT` or `localhost:PORT`. Any other
/// name (a DNS-rebinding page's) is refused, so that no other site can read the report.
fn own_host(host: Option<&str>, port: u16) -> bool {
    let Some((name, p)) = host.and_then(|h| h.rsplit_once(':')) else {
        return false;
    };
    p == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// Serves one request on a connection, then closes it.
fn serve_connection(mut stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let (method, path, host) = match read_head(&mut stream, IO_TIMEOUT) {
        Head::Read { method, path, host } => (method, path, host),
        Head::TooLarge => {
            plain(
                &mut stream,
                431,
                "the request line and headers are too long\n",
            );
            return drain(&mut stream);
        }
        Head::Bad => return plain(&mut stream, 400, "not an HTTP request\n"),
    };
    if !own_host(host.as_deref(), site.port) {
        return plain(
            &mut stream,
            403,
            "the preview answers only to 127.0.0.1 or localhost with its port\n",
        );
    }
    if method != "GET" {
        return plain(&mut stream, 405, "only GET\n");
    }
    let path = path.split('?').next().unwrap_or_default();
    if path == "/events" {
        return events(stream, &site.latest);
    }
    let (status, kind, body) = page(site, path);
    let _ = respond(&mut stream, status, kind, &body);
}

/// The status, type and body for a path.
fn page(site: &Site, path: &str) -> (u16, &'static str, Vec<u8>) {
    const HTML: &str = "text/html; charset=utf-8";
    let l = site.latest.0.lock().unwrap_or_else(|p| p.into_inner());
    let view = path
        .strip_prefix("/view/")
        .and_then(|f| f.rsplit_once('.'))
        .and_then(|(lang, ext)| Some((*site.langs.iter().find(|l| **l == lang)?, ext)));
    match (path, view) {
        ("/", _) => (
            200,
            HTML,
            index(&site.langs, &site.title, l.generation).into_bytes(),
        ),
        (_, Some((lang, ext))) => match (l.renders.get(lang), ext) {
            (Some(Ok((page, _))), "html") => (200, HTML, page.clone()),
            (Some(Ok((_, pdf))), "pdf") => (200, "application/pdf", pdf.clone()),
            (Some(Err(message)), "html" | "pdf") => (200, HTML, error_page(message).into_bytes()),
            _ => (404, TEXT, b"not found\n".to_vec()),
        },
        // Only the pages above are served: no file of the machine is reachable by its path.
        _ => (404, TEXT, b"not found\n".to_vec()),
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    }
}

fn respond(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

/// Reads (and drops) a little of what the client is still sending after a refusal, so that the
/// connection closes without a reset that would lose the answer; a bounded amount, in bounded
/// time.
fn drain(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut chunk = [0u8; 8192];
    for _ in 0..128 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// A short plain-text answer, and the connection closed.
fn plain(stream: &mut TcpStream, status: u16, message: &str) {
    let _ = respond(stream, status, TEXT, message.as_bytes());
}

/// Whether the client has closed the connection (a page reloaded or closed).
fn closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let gone = match stream.peek(&mut [0u8; 1]) {
        Ok(n) => n == 0,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    gone
}

/// Server-sent events: the number of the latest render, now and at every new one. The stream
/// ends when its page goes, which is looked for every second.
fn events(mut stream: TcpStream, latest: &Arc<(Mutex<Latest>, Condvar)>) {
    let (lock, wake) = &**latest;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    let mut shown = 0;
    let mut quiet = std::time::Instant::now();
    loop {
        let generation = {
            let mut l = lock.lock().unwrap_or_else(|p| p.into_inner());
            if l.generation == shown {
                l = wake
                    .wait_timeout(l, Duration::from_secs(1))
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
            l.generation
        };
        let event = if shown == 0 {
            format!("{head}data: {generation}\n\n")
        } else if generation != shown {
            format!("data: {generation}\n\n")
        } else if quiet.elapsed() >= KEEP_ALIVE {
            ": still here\n\n".to_string()
        } else if closed(&stream) {
            return;
        } else {
            continue;
        };
        shown = generation;
        quiet = std::time::Instant::now();
        if stream
            .write_all(event.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
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

//! `tenkai report preview`, checked as an author uses it: in headless Chromium (driven by
//! playwright-core, which `.ci/run` installs under `target/` and names by `PLAYWRIGHT_DIR`), a
//! saved template shows on the page without a reload by hand, a broken one shows its error with
//! file and line, and a fixed one shows the report again; nothing outside the preview's pages is
//! served, and nothing is written. How fast (the 2 s an author expects) is measured by
//! `benches/preview.py`, not asserted here.

use crate::common;
use common::{tool, Env};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};

/// The preview server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the preview of the ASEAN report of FY2017 in `langs` (`ja,en`).
fn start(env: &Env, reports: &Path, langs: &str) -> Server {
    let mut child = env
        .process(
            reports,
            &[
                "report", "preview", "asean", "--period", "FY2017", "--lang", langs, "--port", "0",
            ],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("http://127.0.0.1:"), "{line}");
    Server {
        child,
        url: line.trim().to_string(),
    }
}

/// A GET of `path` exactly as written (no client tidies it), and the response.
fn raw_get(url: &str, path: &str) -> String {
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn nothing_but_the_preview_is_served_and_nothing_is_written() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_with_asean(&env);
    let server = start(&env, &reports, "ja,en");
    let page = raw_get(&server.url, "/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("/view/ja.html") && page.contains("/view/en.pdf"));
    let pdf = raw_get(&server.url, "/view/ja.pdf");
    assert!(pdf.contains("application/pdf") && pdf.contains("%PDF-1.7"));
    for path in [
        "/../../etc/passwd",
        "/view/../../../../etc/passwd",
        "/view/..%2f..%2f..%2fetc%2fpasswd",
        "/view/fr.html",
        "/reports/templates/asean.html",
    ] {
        let r = raw_get(&server.url, path);
        assert!(r.starts_with("HTTP/1.1 404"), "{path}: {r}");
        assert!(!r.contains("root:"), "{path}");
    }
    drop(server);
    let logged = env.ok(&["sql", "SELECT count(*) FROM export_log", "--format", "csv"]);
    assert_eq!(logged.lines().last(), Some("0"));
    assert!(!env.dir.path().join("exports").exists());
}

#[test]
fn a_saved_template_shows_in_the_browser() {
    let Some(node) = tool("node") else {
        return;
    };
    let Some(playwright) = common::installed("PLAYWRIGHT_DIR") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_with_asean(&env);
    // The script reads the Japanese page: one language is rendered on each save.
    let server = start(&env, &reports, "ja");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/preview.mjs");
    let template = reports.join("templates/asean.html");
    let out = std::process::Command::new(node)
        .arg(&script)
        .arg(&server.url)
        .arg(&template)
        .env("PLAYWRIGHT_DIR", playwright)
        // A generous deadline for each step: this checks what shows, not how fast.
        .env("PREVIEW_DEADLINE_MS", "60000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value =
        serde_json::from_slice(out.stdout.trim_ascii()).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    eprintln!("preview loop: {seen}");
    // The error names the template file and line.
    let error = seen["error"].as_str().unwrap();
    assert!(error.contains("asean.html:"), "{error}");
    // The script saw each step (it fails otherwise) and timed it.
    for k in ["edited_ms", "error_ms", "fixed_ms"] {
        assert!(seen[k].is_u64(), "{k}: {seen}");
    }
}

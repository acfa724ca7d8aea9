//! The preview server bounds what a client may cost: it answers only to its own name (Host
//! `127.0.0.1:PORT` or `localhost:PORT`), caps the request line and headers (431), and serves a
//! fixed number of connections at once, event streams included (503 past them). Checked with raw
//! TCP against a preview on a free port.

use crate::common;
use common::Env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use tenkai::preview::MAX_CONNECTIONS;

/// The preview server, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the preview of the quarterly report and waits for the line that says it listens.
fn start(env: &Env) -> Server {
    let mut child = env
        .process(
            &common::reports_dir(),
            &[
                "report",
                "preview",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--lang",
                "ja",
                "--port",
                "0",
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
    let addr = line
        .trim()
        .strip_prefix("http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("not the preview's address: {line}"))
        .to_string();
    let port = addr.rsplit_once(':').unwrap().1.parse().unwrap();
    Server { child, addr, port }
}

/// Sends `request` as written and reads the whole answer.
fn send(addr: &str, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn get(addr: &str, path: &str, host: Option<&str>) -> String {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    send(
        addr,
        format!("GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn only_its_own_name_gets_the_report() {
    let env = Env::new();
    let server = start(&env);
    let (addr, port) = (&server.addr, server.port);
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let r = get(addr, "/view/ja.html", Some(&host));
        assert!(r.starts_with("HTTP/1.1 200"), "{host}: {r}");
        assert!(r.contains("<!DOCTYPE html>"), "{host}");
    }
    for host in [
        Some("attacker.example".to_string()),
        Some(format!("attacker.example:{port}")),
        Some(format!("127.0.0.1:{}", port.wrapping_add(1))),
        Some("127.0.0.1".to_string()),
        None,
    ] {
        for path in ["/", "/view/ja.html", "/view/ja.pdf", "/events"] {
            let r = get(addr, path, host.as_deref());
            assert!(r.starts_with("HTTP/1.1 403"), "{host:?} {path}: {r}");
            assert!(!r.contains("<!DOCTYPE") && !r.contains("%PDF") && !r.contains("data:"));
        }
    }
}

#[test]
fn a_long_request_head_is_refused_with_431() {
    let env = Env::new();
    let server = start(&env);
    let host = format!("Host: {}\r\n", server.addr);
    // One header of 100 KB, and a request line of 100 KB.
    let big = "a".repeat(100 * 1024);
    let header = format!("GET / HTTP/1.1\r\n{host}X-Big: {big}\r\n\r\n");
    let line = format!("GET /{big} HTTP/1.1\r\n{host}\r\n");
    // Many small headers, within the size: more than a browser ever sends.
    let many: String = (0..100).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let headers = format!("GET / HTTP/1.1\r\n{host}{many}\r\n");
    for request in [header, line, headers] {
        let r = send(&server.addr, request.as_bytes());
        assert!(r.starts_with("HTTP/1.1 431"), "{}", &r[..r.len().min(200)]);
    }
    // The server still serves a normal request afterwards.
    let r = get(&server.addr, "/", Some(&server.addr));
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
}

/// The number of threads of a process (Linux).
fn threads(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Opens an event stream and reads its first event: the connection is being served.
fn open_events(addr: &str) -> (TcpStream, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let _ = write!(s, "GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut got = Vec::new();
    let mut chunk = [0u8; 512];
    while !got.windows(2).any(|w| w == b"\n\n") {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    }
    (s, String::from_utf8_lossy(&got).into_owned())
}

#[test]
fn connections_past_the_pool_get_503_and_event_streams_count() {
    let env = Env::new();
    let server = start(&env);
    let addr = &server.addr;
    let before = threads(server.child.id());
    let mut streams = Vec::new();
    for _ in 0..MAX_CONNECTIONS {
        let (s, first) = open_events(addr);
        assert!(
            first.starts_with("HTTP/1.1 200") && first.contains("data: 1"),
            "{first}"
        );
        streams.push(s);
    }
    // Every worker holds an event stream: more connections are refused at once, and no thread is
    // started for them.
    for _ in 0..100 {
        let (_, r) = open_events(addr);
        assert!(r.starts_with("HTTP/1.1 503"), "{r}");
    }
    let r = get(addr, "/", Some(addr));
    assert!(r.starts_with("HTTP/1.1 503"), "{r}");
    if let (Some(before), Some(after)) = (before, threads(server.child.id())) {
        assert_eq!(before, after, "threads before and after 132 connections");
    }
    // A page that goes frees its worker: the server notices and serves the next one.
    drop(streams.pop());
    let served = (0..100_000).any(|_| get(addr, "/", Some(addr)).starts_with("HTTP/1.1 200"));
    assert!(served, "a freed worker serves again");
}

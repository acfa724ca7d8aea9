//! Delivery against a real SMTP server on 127.0.0.1 (aiosmtpd from PyPI, in the virtual
//! environment `.ci/run` makes, named by `TENKAI_PYTHON`), with STARTTLS on a certificate this
//! test makes with openssl and a login: a scheduled export received once, its Subject and file
//! names decoded by Python's email package, each file's SHA-256 as logged; a server down, a
//! process killed between the send and the log, a refused login, recipient or certificate, files
//! over the size limit; a dry run's .eml files; and the correction notice. The folder channel is
//! tested in `tests/cli/delivery_folder.rs`.

use crate::common;
use common::delivery::{edit, quarterly_from_fy2018, rows, statuses, stderr};
use common::Env;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const NOW: &str = "2018-07-10T09:00:00+09:00";
const PASSWORD: &str = "pw-Tenkai-7731";
const PASSWORD_ENV: &str = "TENKAI_TEST_SMTP_PASSWORD";

fn python() -> Option<PathBuf> {
    common::installed("TENKAI_PYTHON")
}

/// A port nobody listens on (now).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A CA and a server certificate for 127.0.0.1 signed by it, made with openssl: (ca, cert, key).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3",
            "-subj",
            "/CN=tenkai test CA",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "key.pem",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "cert.pem",
        "-days",
        "3",
        "-extfile",
        "leaf.ext",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    )
}

/// The SMTP server, stopped when dropped.
struct Smtp {
    child: Child,
    mail: PathBuf,
}

impl Smtp {
    /// Starts the server on `port` with STARTTLS, refusing `refused` as a recipient; returns once
    /// it listens.
    fn start(py: &Path, dir: &Path, port: u16, refused: &str) -> Smtp {
        Smtp::start_as(py, dir, port, refused, "starttls")
    }
    /// The same, speaking TLS from the first byte when `mode` is `implicit`.
    fn start_as(py: &Path, dir: &Path, port: u16, refused: &str, mode: &str) -> Smtp {
        let (_, cert, key) = (
            dir.join("ca.pem"),
            dir.join("cert.pem"),
            dir.join("key.pem"),
        );
        let mail = dir.join(format!("mail-{port}"));
        std::fs::create_dir_all(&mail).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtpd.py");
        let mut child = Command::new(py)
            .arg(script)
            .arg(port.to_string())
            .arg(&mail)
            .arg(cert)
            .arg(key)
            .args(["tenkai@example.jp", PASSWORD, refused, mode])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.starts_with("READY"),
            "the SMTP server did not start: {line}"
        );
        Smtp { child, mail }
    }
    /// The messages received, in order.
    fn received(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&self.mail)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        v.sort();
        v
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A message decoded by Python's email package: its Subject, To, Cc, body and each attachment's
/// file name and SHA-256.
fn decode(py: &Path, eml: &Path) -> serde_json::Value {
    let script = r#"
import sys, json, hashlib, email
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
atts = [{"name": p.get_filename(), "sha256": hashlib.sha256(p.get_payload(decode=True)).hexdigest()}
        for p in m.iter_attachments()]
body = m.get_body(preferencelist=('plain',)).get_content()
print(json.dumps({"subject": str(m["subject"]), "to": str(m["to"]), "cc": str(m["cc"]),
                  "message_id": str(m["message-id"]), "body": body, "attachments": atts,
                  "raw_subject": m.get("subject", "").__class__.__name__}, ensure_ascii=False))
"#;
    let out = Command::new(py)
        .arg("-c")
        .arg(script)
        .arg(eml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The reports folder (quarterly only, Japanese) with a `[delivery]` mail channel to the server
/// on `port`, and `extra` appended.
fn reports(env: &Env, port: u16, extra: &str) -> PathBuf {
    let reports = quarterly_from_fy2018(env);
    let ca = env.path("ca.pem");
    let def = reports.join("quarterly.toml");
    let mut text = std::fs::read_to_string(&def).unwrap();
    text.push_str(&format!(
        r#"
[delivery]
attachments = ["pdf", "html"]
{extra}

[delivery.mail.office]
server = "127.0.0.1"
port = {port}
tls = "starttls"
tls_ca_file = "{ca}"
username = "tenkai@example.jp"
password_env = "{PASSWORD_ENV}"
from = "展開 事務局 <tenkai@example.jp>"
to = ["minister@example.jp"]
cc = ["office@example.jp"]
timeout_seconds = 10
subject = "【送付】{{{{ report.title }}}}（{{{{ period.label }}}}）"
body = """{{{{ report.title }}}}をお送りします。
開業済みの拠点：{{{{ figures.hubs_open }}}}
添付：{{{{ files | join("、") }}}}
"""
correction_subject = "【訂正】{{{{ report.title }}}}（{{{{ period.label }}}}）正誤表"
correction_body = "訂正が{{{{ errata['items'] | length }}}}件あります。正誤表を添付します。"
"#,
        ca = ca.display()
    ));
    std::fs::write(&def, text).unwrap();
    reports
}

fn run(env: &Env, reports: &Path, now: &str, extra: &[(&str, &str)]) -> std::process::Output {
    let vars = [&[(PASSWORD_ENV, PASSWORD)][..], extra].concat();
    common::delivery::run_at(env, reports, now, &vars)
}

/// The server's certificates, the server and the reports, ready for a run.
fn setup(env: &Env, py: &Path, extra: &str) -> (Smtp, PathBuf) {
    certificates(env.dir.path());
    let port = free_port();
    let smtp = Smtp::start(py, env.dir.path(), port, "nobody@example.jp");
    (smtp, reports(env, port, extra))
}

#[test]
fn a_scheduled_export_is_received_once_with_its_japanese_names_and_logged_hashes() {
    let Some(py) = python() else { return };
    let env = Env::new();
    let (smtp, reports) = setup(&env, &py, "");
    let out = run(&env, &reports, NOW, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mail = smtp.received();
    assert_eq!(mail.len(), 1, "{}", stderr(&out));
    let m = decode(&py, &mail[0]);
    assert_eq!(
        m["subject"],
        "【送付】医療国際展開 四半期進捗報告（平成30年度第1四半期（平成30年4月〜6月））"
    );
    assert!(m["to"].as_str().unwrap().contains("minister@example.jp"));
    assert!(m["cc"].as_str().unwrap().contains("office@example.jp"));
    assert!(
        m["body"].as_str().unwrap().contains("開業済みの拠点："),
        "{m}"
    );
    // Each file under its Japanese name, byte for byte the file the export log names.
    let logged = rows(&env, "SELECT a.name, a.sha256, a.export_id, e.sha256 AS export_sha, e.path FROM delivery_attachment a JOIN export_log e ON e.id = a.export_id ORDER BY a.rowid");
    let atts = m["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 2);
    for (a, l) in atts.iter().zip(&logged) {
        assert!(
            a["name"]
                .as_str()
                .unwrap()
                .starts_with("医療国際展開 四半期進捗報告_FY2018Q1.ja."),
            "{a}"
        );
        assert_eq!(a["name"], l["name"]);
        assert_eq!(a["sha256"], l["sha256"]);
        assert_eq!(l["sha256"], l["export_sha"]);
        assert_eq!(
            common::sha256_file(&env.path(l["path"].as_str().unwrap())),
            l["sha256"].as_str().unwrap()
        );
    }
    // The raw header is encoded (RFC 2047 and RFC 2231), never raw UTF-8.
    let raw = std::fs::read_to_string(&mail[0]).unwrap();
    assert!(raw.contains("Subject: =?utf-8?"), "{raw:.600}");
    assert!(raw.contains("filename*"), "RFC 2231 file name expected");
    assert_eq!(statuses(&env), ["sending", "ok"]);
    let id = rows(
        &env,
        "SELECT message_id FROM delivery_log WHERE status = 'ok'",
    );
    assert_eq!(id[0]["message_id"], m["message_id"]);
    // Once: a second run sends nothing.
    let again = run(&env, &reports, "2018-07-10T10:00:00+09:00", &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(smtp.received().len(), 1);
    // schedule log shows the delivery beside the exports, with the export ids it carried.
    let log = env.ok_with_reports(&reports, &["schedule", "log"]);
    assert!(
        log.contains("deliveries:") && log.contains("minister@example.jp"),
        "{log}"
    );
}

#[test]
fn a_server_down_is_retried_then_failed_and_the_next_run_delivers() {
    let Some(py) = python() else { return };
    let env = Env::new();
    certificates(env.dir.path());
    let port = free_port();
    let reports = reports(&env, port, "");
    let first = run(&env, &reports, NOW, &[]);
    assert_eq!(first.status.code(), Some(1));
    assert!(
        stderr(&first).contains("cannot reach the mail server 127.0.0.1"),
        "{}",
        stderr(&first)
    );
    assert_eq!(statuses(&env), ["sending", "failed"]);
    // Within the back-off nothing is tried.
    let waiting = run(&env, &reports, "2018-07-10T09:02:00+09:00", &[]);
    assert!(
        stderr(&waiting).contains("waiting:"),
        "{}",
        stderr(&waiting)
    );
    assert_eq!(statuses(&env).len(), 2);
    // After it, a retry: failed again.
    run(&env, &reports, "2018-07-10T09:06:00+09:00", &[]);
    assert_eq!(statuses(&env), ["sending", "failed", "sending", "failed"]);
    // The server back: the next run after the back-off delivers, once.
    let smtp = Smtp::start(&py, env.dir.path(), port, "nobody@example.jp");
    let last = run(&env, &reports, "2018-07-10T09:30:00+09:00", &[]);
    assert!(last.status.success(), "{}", stderr(&last));
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(statuses(&env).last().unwrap(), "ok");
}

#[test]
fn a_process_killed_between_the_send_and_the_log_is_unknown_listed_and_not_sent_twice() {
    let Some(py) = python() else { return };
    let env = Env::new();
    let (smtp, reports) = setup(&env, &py, "");
    let killed = run(
        &env,
        &reports,
        NOW,
        &[("TENKAI_DELIVERY_ABORT", "after-send")],
    );
    assert!(!killed.status.success());
    assert_eq!(smtp.received().len(), 1, "the server took the mail");
    assert_eq!(statuses(&env), ["sending"]);
    let next = run(&env, &reports, "2018-07-10T10:00:00+09:00", &[]);
    assert!(stderr(&next).contains("undecided:"), "{}", stderr(&next));
    assert_eq!(smtp.received().len(), 1, "not sent again");
    assert_eq!(statuses(&env), ["sending", "unknown"]);
    let id = rows(&env, "SELECT id FROM delivery_log WHERE status = 'sending'")[0]["id"]
        .as_i64()
        .unwrap();
    let verify = env
        .cmd_with_reports(&reports)
        .args(["schedule", "verify"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&verify.stdout);
    assert!(
        listed.contains(&format!("delivery {id} ")) && listed.contains("--resend"),
        "{listed}"
    );
    // A third run still sends nothing; the person decides.
    run(&env, &reports, "2018-07-10T11:00:00+09:00", &[]);
    assert_eq!(smtp.received().len(), 1);
    let resend = env
        .cmd_with_reports(&reports)
        .args(["schedule", "deliver", "--resend", &id.to_string()])
        .env(PASSWORD_ENV, PASSWORD)
        .output()
        .unwrap();
    assert!(resend.status.success(), "{}", stderr(&resend));
    assert_eq!(smtp.received().len(), 2);
    assert_eq!(statuses(&env).last().unwrap(), "ok");
    let verify = env
        .cmd_with_reports(&reports)
        .args(["schedule", "verify"])
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn wrong_credentials_fail_and_the_password_appears_in_no_output() {
    let Some(py) = python() else { return };
    let env = Env::new();
    let (smtp, reports) = setup(&env, &py, "");
    let wrong = "Wrong-Secret-4417";
    env.at_time(NOW);
    let out = env
        .cmd_with_reports(&reports)
        .args(["--verbose", "schedule", "run", "--now", NOW])
        .env(PASSWORD_ENV, wrong)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("refused the login"), "{err}");
    assert_eq!(smtp.received().len(), 0);
    assert_eq!(statuses(&env), ["sending", "failed"]);
    let log = env.ok_with_reports(&reports, &["schedule", "log"]);
    for text in [
        err.as_str(),
        &String::from_utf8_lossy(&out.stdout),
        &log,
        &env.dump(),
    ] {
        assert!(!text.contains(wrong), "the password leaked: {text:.300}");
    }
    // A password file that others can read is refused, naming the file, not its contents.
    let file = env.path("smtp-password");
    std::fs::write(&file, format!("{PASSWORD}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let def = reports.join("quarterly.toml");
    let text = std::fs::read_to_string(&def).unwrap().replace(
        &format!("password_env = \"{PASSWORD_ENV}\""),
        &format!("password_file = \"{}\"", file.display()),
    );
    std::fs::write(&def, text).unwrap();
    let out = run(&env, &reports, "2018-07-10T09:10:00+09:00", &[]);
    let err = stderr(&out);
    assert!(
        err.contains("chmod 600") && !err.contains(PASSWORD),
        "{err}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = run(&env, &reports, "2018-07-10T09:40:00+09:00", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(smtp.received().len(), 1);
}

#[test]
fn a_refused_recipient_an_unverified_certificate_and_an_oversized_attachment_each_fail_clearly() {
    let Some(py) = python() else { return };
    let env = Env::new();
    let (smtp, reports) = setup(&env, &py, "max_attachments_mb = 0.01");
    let def = reports.join("quarterly.toml");
    let original = std::fs::read_to_string(&def).unwrap();
    let out = run(&env, &reports, NOW, &[]);
    assert!(stderr(&out).contains("over the limit"), "{}", stderr(&out));
    assert_eq!(statuses(&env), ["failed"]);
    // The certificate of a private CA that the channel does not name does not verify.
    let no_ca = original.replace("max_attachments_mb = 0.01", "").replace(
        &format!("tls_ca_file = \"{}\"", env.path("ca.pem").display()),
        "",
    );
    std::fs::write(&def, &no_ca).unwrap();
    let out = run(&env, &reports, "2018-07-10T09:10:00+09:00", &[]);
    assert!(stderr(&out).contains("does not verify"), "{}", stderr(&out));
    // A recipient the server refuses.
    std::fs::write(
        &def,
        original.replace("max_attachments_mb = 0.01", "").replace(
            "cc = [\"office@example.jp\"]",
            "cc = [\"nobody@example.jp\"]",
        ),
    )
    .unwrap();
    let out = run(&env, &reports, "2018-07-10T09:30:00+09:00", &[]);
    assert!(
        stderr(&out).contains("refused the message or a recipient"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nobody@example.jp"),
        "{}",
        stderr(&out)
    );
    assert_eq!(smtp.received().len(), 0);
    assert_eq!(
        statuses(&env),
        ["failed", "sending", "failed", "sending", "failed"]
    );
}

#[test]
fn a_dry_run_writes_each_mail_as_an_eml_file_and_sends_nothing() {
    let Some(py) = python() else { return };
    let env = Env::new();
    let (smtp, reports) = setup(&env, &py, "");
    let trial = env.path("trial");
    env.at_time(NOW);
    let out = env
        .cmd_with_reports(&reports)
        .args([
            "schedule",
            "run",
            "--dry-run",
            "--now",
            NOW,
            "--out-dir",
            trial.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let eml = trial.join("delivery/quarterly/FY2018Q1.office.report.eml");
    let m = decode(&py, &eml);
    assert!(
        m["subject"]
            .as_str()
            .unwrap()
            .starts_with("【送付】医療国際展開"),
        "{m}"
    );
    assert_eq!(m["attachments"].as_array().unwrap().len(), 2);
    assert_eq!(smtp.received().len(), 0);
    assert!(statuses(&env).is_empty());
}

#[test]
fn a_correction_notice_arrives_with_the_errata_sheet() {
    let Some(py) = python() else { return };
    let env = Env::new();
    let (smtp, reports) = setup(&env, &py, "");
    let out = run(&env, &reports, NOW, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    env.at_time("2018-07-12T09:00:00+09:00");
    env.ok_with_reports(
        &reports,
        &[
            "members",
            "record",
            "61",
            "--date",
            "2018-06-30",
            "--source",
            "事務局報告",
            "--note",
            "集計誤り",
        ],
    );
    env.at_time("2018-07-13T09:00:00+09:00");
    let out = env
        .cmd_with_reports(&reports)
        .args([
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2018Q1",
            "--deliver",
        ])
        .env(PASSWORD_ENV, PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mail = smtp.received();
    assert_eq!(mail.len(), 2);
    let m = decode(&py, &mail[1]);
    assert!(
        m["subject"]
            .as_str()
            .unwrap()
            .starts_with("【訂正】医療国際展開 四半期進捗報告"),
        "{m}"
    );
    let atts = m["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 1);
    assert_eq!(atts[0]["name"], "正誤表_FY2018Q1.ja.pdf");
    let sheet = rows(&env, "SELECT a.path, a.sha256 FROM delivery_attachment a JOIN delivery_log d ON d.id = a.delivery_id WHERE d.purpose = 'correction'");
    assert_eq!(atts[0]["sha256"], sheet[0]["sha256"]);
    assert_eq!(
        common::sha256_file(&env.path(sheet[0]["path"].as_str().unwrap())),
        sheet[0]["sha256"].as_str().unwrap()
    );
    assert_eq!(
        rows(
            &env,
            "SELECT count(*) AS n FROM delivery_log WHERE purpose = 'correction' AND status = 'ok'"
        )[0]["n"],
        1
    );
}

#[test]
fn implicit_tls_delivers_and_a_server_that_never_answers_times_out() {
    let Some(py) = python() else { return };
    let env = Env::new();
    certificates(env.dir.path());
    let port = free_port();
    let smtp = Smtp::start_as(&py, env.dir.path(), port, "nobody@example.jp", "implicit");
    let implicit = reports(&env, port, "");
    edit(&implicit, "tls = \"starttls\"", "tls = \"implicit\"");
    let out = run(&env, &implicit, NOW, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(smtp.received().len(), 1);
    // A server that takes the connection and never says a word: the greeting's read times out.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let env = Env::new();
    certificates(env.dir.path());
    let quiet = reports(&env, silent.local_addr().unwrap().port(), "");
    edit(&quiet, "timeout_seconds = 10", "timeout_seconds = 1");
    let out = run(&env, &quiet, NOW, &[]);
    assert!(
        stderr(&out).contains("did not answer within 1 s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(statuses(&env), ["sending", "failed"]);
    // Only tenkai writes its delivery log.
    let (_, err) = env.fails(&["sql", "--write", "INSERT INTO delivery_log (report, period, channel, kind, purpose, recipients, status, at) VALUES ('q', 'p', 'c', 'mail', 'report', '', 'ok', 't')"]);
    assert!(err.contains("Only tenkai writes"), "{err}");
}

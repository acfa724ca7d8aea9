//! Helpers for the CLI tests: the real binary on a temporary database.
#![allow(dead_code)]

pub mod delivery;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    /// The time every command runs at (`TENKAI_NOW`), once a test sets it with [`Env::at`].
    clock: std::cell::Cell<Option<chrono::DateTime<chrono::Utc>>>,
    /// The moment `at(0)` stands for.
    start: std::cell::Cell<Option<chrono::DateTime<chrono::Utc>>>,
}

impl Env {
    /// A folder with a database seeded from the source document (as `tenkai init` makes it).
    pub fn new() -> Env {
        let env = Env::empty();
        drop(tenkai::store::Store::open(&env.db, tenkai::store::Seed::Yes).unwrap());
        env
    }
    /// A folder where the database does not exist yet.
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tenkai.sqlite");
        Env {
            dir,
            db,
            clock: std::cell::Cell::new(None),
            start: std::cell::Cell::new(None),
        }
    }
    /// `tenkai` with --db set and the checkout's reports folder.
    pub fn cmd(&self) -> Command {
        self.cmd_with_reports(&reports_dir())
    }
    /// Sets the clock of every later command to `seconds` after the first moment set on this
    /// database, which is an hour after the real time at the first call (so after the seed's
    /// writes). Two writes a second apart on this clock are ordered without waiting for it.
    pub fn at(&self, seconds: i64) {
        let start = self.start.get().unwrap_or_else(|| {
            let later = chrono::Utc::now() + chrono::Duration::hours(1);
            chrono::DateTime::from_timestamp(later.timestamp(), 0).unwrap()
        });
        self.start.set(Some(start));
        self.clock
            .set(Some(start + chrono::Duration::seconds(seconds)));
    }
    /// Sets the clock of every later command to a moment (RFC 3339), for a test that tells a
    /// story in dates: a report sent on 10 April, a correction in July.
    pub fn at_time(&self, rfc3339: &str) {
        let t = chrono::DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&chrono::Utc);
        self.start.set(Some(t));
        self.clock.set(Some(t));
    }
    /// The clock of [`Env::at`] as `TENKAI_NOW` takes it, if set.
    pub fn now(&self) -> Option<String> {
        self.clock.get().map(|t| t.to_rfc3339())
    }
    /// `tenkai` with --db set and another reports folder.
    pub fn cmd_with_reports(&self, reports: &Path) -> Command {
        let mut c = Command::cargo_bin("tenkai").unwrap();
        c.env_remove("TENKAI_DB").env_remove("TENKAI_REPORTS");
        if let Some(now) = self.now() {
            c.env("TENKAI_NOW", now);
        }
        c.arg("--db").arg(&self.db).arg("--reports").arg(reports);
        c.current_dir(self.dir.path());
        c
    }
    /// A plain process (to spawn, kill or run several at once) with --db and --reports set.
    pub fn process(&self, reports: &Path, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("tenkai"));
        c.env_remove("TENKAI_DB").env_remove("TENKAI_REPORTS");
        if let Some(now) = self.now() {
            c.env("TENKAI_NOW", now);
        }
        c.arg("--db")
            .arg(&self.db)
            .arg("--reports")
            .arg(reports)
            .args(args);
        c.current_dir(self.dir.path());
        c
    }
    /// Runs and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "tenkai {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// Runs with another reports folder and returns stdout, asserting success.
    pub fn ok_with_reports(&self, reports: &Path, args: &[&str]) -> String {
        let out = self.cmd_with_reports(reports).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "tenkai {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// Runs and returns (exit code, stderr), asserting failure.
    pub fn fails(&self, args: &[&str]) -> (i32, String) {
        let out = self.cmd().args(args).output().unwrap();
        assert!(!out.status.success(), "tenkai {args:?} should have failed");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// A dump of every row of every table, to compare before and after a refused write.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

pub fn reports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")
}

pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(&t);
            for i in 0..n {
                out.push_str(&format!("|{:?}", r.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

/// `report render quarterly --period FY2017Q4 --format FORMAT --out OUT`, the render most tests
/// start from; add options with `extend`.
pub fn render_quarterly<'a>(format: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        format,
        "--out",
        out,
    ]
}

/// `report render REPORT --period FY2017Q4` in one language and format, as known at `known_at`,
/// to `REPORT.LANG.FORMAT` in the test's folder. An earlier render there is removed first, as a
/// user would: tenkai never writes over a file its log names.
pub fn render_fy2017q4(
    env: &Env,
    report: &str,
    lang: &str,
    format: &str,
    known_at: &str,
) -> PathBuf {
    let out = env.path(&format!("{report}.{lang}.{format}"));
    render_period(env, report, "FY2017Q4", lang, format, known_at, &out);
    out
}

/// `report render REPORT --period PERIOD` in one language and format, as known at `known_at`,
/// to `out` (an earlier file there removed first), with `--allow-empty` (a required narrative
/// section not written is marked so, not refused).
pub fn render_period(
    env: &Env,
    report: &str,
    period: &str,
    lang: &str,
    format: &str,
    known_at: &str,
    out: &Path,
) {
    let _ = std::fs::remove_file(out);
    env.ok(&[
        "report",
        "render",
        report,
        "--period",
        period,
        "--lang",
        lang,
        "--format",
        format,
        "--known-at",
        known_at,
        "--out",
        out.to_str().unwrap(),
        "--force",
        // The briefing's lines to take are not written in these renders: shown as not written.
        "--allow-empty",
    ]);
}

/// Runs a tenkai command (`Env::cmd`, say) at a moment of Tokyo time (`2018-07-05T09:00:00`, as
/// TENKAI_NOW) and gives (exit code, stdout, stderr).
pub fn run_in_tokyo(mut cmd: Command, local: &str, args: &[&str]) -> (i32, String, String) {
    let out = cmd
        .env("TENKAI_NOW", format!("{local}+09:00"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A report rendered for a period in a language, as known at `known_at`: the HTML's text, and
/// the PDF's (where pdftotext is installed), white space collapsed.
pub fn rendered(
    env: &Env,
    report: &str,
    period: &str,
    lang: &str,
    known_at: &str,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for format in ["html", "pdf"] {
        let path = env.path(&format!("{report}.{period}.{lang}.{format}"));
        if format == "pdf" && tool("pdftotext").is_none() {
            continue;
        }
        render_period(env, report, period, lang, format, known_at, &path);
        let t = file_text(&path).unwrap();
        out.push((if format == "html" { "HTML" } else { "PDF" }, t));
    }
    out
}

/// The text of a rendered file, white space collapsed: an HTML file's, or a PDF's through
/// pdftotext (`None` when pdftotext is not installed).
pub fn file_text(path: &Path) -> Option<String> {
    let text = match path.extension().and_then(|e| e.to_str()) {
        Some("html") => html_text(&std::fs::read_to_string(path).unwrap()),
        _ => run_tool(&tool("pdftotext")?, &[path.to_str().unwrap(), "-"]),
    };
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether a rendered text holds a sentence, wherever a line broke in it: in Japanese, where a
/// line may break between any two characters, white space is ignored.
pub fn contains(text: &str, sentence: &str) -> bool {
    if sentence.is_ascii() {
        return text.contains(sentence);
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    squeeze(text).contains(&squeeze(sentence))
}

/// Asserts that every rendered text holds each sentence of `has` and none of `not`.
pub fn says(texts: &[(&str, String)], what: &str, has: &[&str], not: &[&str]) {
    assert!(!texts.is_empty(), "{what}: nothing rendered");
    for (format, t) in texts {
        for s in has {
            assert!(contains(t, s), "{what} {format}: no {s:?} in {t}");
        }
        for s in not {
            assert!(!contains(t, s), "{what} {format}: {s:?} in {t}");
        }
    }
}

/// The part of a text from `from` up to `to` (or its end).
pub fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in {text}"));
    let rest = &text[start..];
    &rest[..rest[from.len()..]
        .find(to)
        .map_or(rest.len(), |e| e + from.len())]
}

/// The moment FY2018Q1's renders are made at, after its news was recorded.
pub const FY2018Q1_KNOWN: &str = "2018-07-13T09:00:00+09:00";

/// Where each of FY2018Q1's news facts is stated, as the office wrote it.
pub struct NewsSources<'a> {
    /// The openings of H10, H13 and H14, in that order.
    pub openings: [&'a str; 3],
    pub agreement: &'a str,
    pub meeting: &'a str,
    pub members: &'a str,
}

/// Records FY2018Q1's news as the office did on 5 July 2018: three openings in May 2018, an
/// agreement with India, meeting 14 and a member count of 60, each with its source.
pub fn record_fy2018q1_news(env: &Env, sources: &NewsSources) {
    env.at_time("2018-07-05T09:00:00+09:00");
    for (hub, source) in ["H10", "H13", "H14"].into_iter().zip(sources.openings) {
        env.ok(&[
            "hub",
            "set-status",
            hub,
            "opened",
            "--date",
            "2018-05",
            "--source",
            source,
        ]);
    }
    env.ok(&[
        "agreement",
        "add",
        "--country",
        "インド",
        "--kind",
        "MOC",
        "--date",
        "2018-06-12",
        "--title-ja",
        "日印ヘルスケア協力覚書",
        "--title-en",
        "Japan-India healthcare MOC",
        "--source",
        sources.agreement,
    ]);
    env.ok(&[
        "meeting",
        "add",
        "14",
        "--date",
        "2018-06-20",
        "--agenda",
        "医療の国際展開の状況について",
        "--agenda-en",
        "The international expansion of healthcare",
        "--source",
        sources.meeting,
    ]);
    env.ok(&[
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        sources.members,
    ]);
}

/// A database with FY2018Q1's news recorded by the office, each fact with a short source, as
/// known on 13 July 2018.
pub fn fy2018q1_news() -> Env {
    let env = Env::new();
    record_fy2018q1_news(
        &env,
        &NewsSources {
            openings: [
                "報道発表 2018-05 H10",
                "報道発表 2018-05 H13",
                "報道発表 2018-05 H14",
            ],
            agreement: "厚労省報道発表 2018-06-12",
            meeting: "第14回議事次第",
            members: "会員名簿 2018-06",
        },
    );
    env.at_time(FY2018Q1_KNOWN);
    env
}

/// Records the secretariat's correction of the March 2018 member count (56 → 57) on 12 July 2018,
/// with `more` arguments (its English), then sets the clock to FY2018Q1's renders.
pub fn correct_march_members(env: &Env, more: &[&str]) {
    env.at_time("2018-07-12T09:00:00+09:00");
    let mut args = vec![
        "members",
        "record",
        "57",
        "--date",
        "2018-03-31",
        "--note",
        "集計誤り（1団体の計上漏れ）",
        "--source",
        "事務局報告（平成30年7月12日）",
    ];
    args.extend_from_slice(more);
    env.ok(&args);
    env.at_time(FY2018Q1_KNOWN);
}

/// Sets the briefing's lines to take (its required narrative, without which a real export of it
/// is refused) for a period in one language.
pub fn set_lines_to_take(env: &Env, period: &str, lang: &str, text: &str) {
    env.ok(&[
        "narrative",
        "set",
        "--period",
        period,
        "--section",
        "lines_to_take",
        "--lang",
        lang,
        "--text",
        text,
    ]);
}

/// Writes the briefing's lines to take for FY2017Q4 in both languages.
pub fn write_lines_to_take(env: &Env) {
    for lang in ["ja", "en"] {
        set_lines_to_take(env, "FY2017Q4", lang, "Lines to take.");
    }
}

/// The text of some HTML, tags dropped, entities read and white space collapsed.
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The languages of a tagged PDF's spans marked with one (`/Span` with `/Lang`), in the order of
/// the structure tree, read with pikepdf from the Python beside the `pdfua` checker.
pub fn span_languages(pdfua: &Path, pdf: &Path) -> Vec<String> {
    let script = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(e):
    if isinstance(e, pikepdf.Array):
        for k in e: walk(k)
    elif isinstance(e, pikepdf.Dictionary) and e.get('/Type') not in ('/MCR', '/OBJR'):
        if e.get('/S') == '/Span' and '/Lang' in e:
            print(str(e.Lang))
        if '/K' in e: walk(e.K)
walk(pdf.Root.StructTreeRoot.K)
"#;
    let python = pdfua.with_file_name("python");
    run_tool(&python, &["-c", script, pdf.to_str().unwrap()])
        .lines()
        .map(str::to_string)
        .collect()
}

/// One number from a query on a database file.
pub fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

pub fn sha256_file(p: &Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(p).unwrap();
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// An external checker (pdftotext, qpdf, java…). `.ci/run` installs them; a missing one fails the
/// test, unless TENKAI_SKIP_EXTERNAL=1 says to skip checks that need it.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var_os("TENKAI_SKIP_EXTERNAL").is_some() {
            eprintln!(
                "skipping the part of this test that needs {name} (TENKAI_SKIP_EXTERNAL is set)"
            );
            return None;
        }
        panic!("{name} is not installed: run the tests with .ci/run, which installs it (or set TENKAI_SKIP_EXTERNAL=1 to skip)");
    }
    found
}

/// A checker that `.ci/run` installs under `target/` and names in the environment variable `var`
/// (pdfua, openpyxl's Python, axe-core, playwright-core), unless TENKAI_SKIP_EXTERNAL=1 says to
/// skip checks that need it.
pub fn installed(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(p) => Some(PathBuf::from(p)),
        None if std::env::var_os("TENKAI_SKIP_EXTERNAL").is_some() => {
            eprintln!(
                "skipping the part of this test that needs {var} (TENKAI_SKIP_EXTERNAL is set)"
            );
            None
        }
        None => panic!("{var} is not set: run the tests with .ci/run, which installs the checker"),
    }
}

/// A copy of the reports folder with the ASEAN report of `tests/fixtures/asean` added: a report
/// written from the README and `tenkai report reference` alone.
pub fn reports_with_asean(env: &Env) -> PathBuf {
    let reports = reports_copy(env);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/asean");
    for file in [
        "asean.toml",
        "templates/asean.html",
        "queries/asean_hubs.sql",
    ] {
        std::fs::copy(fixture.join(file), reports.join(file)).unwrap();
    }
    reports
}

/// Runs an external tool and returns its stdout, asserting success.
pub fn run_tool(tool: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} {args:?} failed: {}{}",
        tool.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The 28 hub names of the source document.
pub const HUB_NAMES: [&str; 26] = [
    "北斗画像診断センター",
    "カイコウカイクリニックスナヤン",
    "消化器内視鏡トレーニングセンター",
    "日本式大腸がん検診システムトレーニングセンター",
    "乳がん検診センター",
    "普華相澤リハビリテーションセンター",
    "循環器病画像診断センター",
    "オリンパスメコン外科トレーニングセンター",
    "生活習慣病予防・治療センター（仮称）",
    "SAKRA WORLD HOSPITAL",
    "インドヘルスケア流通センター（仮称）",
    "北斗リハビリテーションセンター",
    "人間ドックセンター",
    "歯科臨床技術研修センター",
    "ミタパプリハビリテーションセンター（仮称）",
    "内視鏡トレーニングセンター",
    "日本式健診・検査センター",
    "国際先進消化器内視鏡センター",
    "アジアリハビリテーションセンター（仮称）",
    "乳がん検診トレーニングセンター",
    "CDDSテクニカルセンター",
    "大雄会レオクリニック",
    "歯科研修センター",
    "サンライズジャパンホスピタル",
    "メディパス中央病院",
    "透析センター・CTセンター",
];

/// Copies a folder tree.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
        }
    }
}

/// A copy of the reports folder (for tests that change a template or definition).
/// Its schedules name their first period (FY2017Q1), as a user who asks for a back-fill does:
/// the shipped definitions start where the database is first scheduled.
pub fn reports_copy(env: &Env) -> PathBuf {
    let dst = env.path("reports");
    copy_dir(&reports_dir(), &dst);
    for name in ["quarterly.toml", "briefing.toml"] {
        let p = dst.join(name);
        let text = std::fs::read_to_string(&p).unwrap().replace(
            "# first_period = \"FY2017Q1\"",
            "first_period = \"FY2017Q1\"",
        );
        std::fs::write(&p, text).unwrap();
    }
    dst
}

/// A copy of the reports folder with the quarterly report only, in Japanese, HTML and PDF: a
/// schedule run as of 2018-07-10 09:00 exports 5 periods × 2 files.
pub fn quarterly_only_reports(env: &Env) -> PathBuf {
    let dst = reports_copy(env);
    std::fs::remove_file(dst.join("briefing.toml")).unwrap();
    let q = std::fs::read_to_string(dst.join("quarterly.toml"))
        .unwrap()
        .replace("languages = [\"ja\", \"en\"]", "languages = [\"ja\"]");
    std::fs::write(dst.join("quarterly.toml"), q).unwrap();
    dst
}

/// A file at an output path is whole: an HTML document that ends, or a PDF with its trailer.
pub fn whole(path: &Path) -> bool {
    let b = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "pdf") {
        b.starts_with(b"%PDF-") && b.windows(5).rev().take(64).any(|w| w == b"%%EOF")
    } else {
        b.starts_with(b"<!DOCTYPE html>") && b.ends_with(b"</html>\n")
    }
}

/// Every file under a folder (none if it does not exist).
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(files(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// Undoes what migration 0016 (a quarter's facts) adds, for a test that rolls a database back to
/// an older version so that the migrations after it run again (its widened CHECKs stay: they are
/// widened again as a no-op).
pub const UNDO_QUARTER_FACTS: &str = "DROP TABLE record_coverage; DROP INDEX agreements_by_key;
     ALTER TABLE wg_events DROP COLUMN date_precision; ALTER TABLE wg_events DROP COLUMN note;
     ALTER TABLE platform_events DROP COLUMN note; ALTER TABLE platform_events DROP COLUMN replaces;
     ALTER TABLE other_projects DROP COLUMN note;";

/// Runs `tenkai ARGS` (on the test's database) on a pseudo-terminal made by util-linux's
/// `script`, for what tenkai shows only on a terminal (a progress bar); the terminal's output is
/// the process's standard output.
pub fn on_terminal(env: &Env, args: &str) -> std::process::Output {
    let command = format!(
        "{} --db {} {args}",
        assert_cmd::cargo::cargo_bin("tenkai").display(),
        env.db.display()
    );
    std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env.dir.path())
        .env_remove("TENKAI_DB")
        .output()
        .unwrap()
}

/// Runs an openpyxl script on a workbook (its path as `sys.argv[1]`); false where openpyxl's
/// Python is not installed and the external checks are skipped.
pub fn openpyxl(script: &str, path: &std::path::Path) -> bool {
    let Some(python) = installed("TENKAI_PYTHON") else {
        return false;
    };
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(format!("import sys, datetime, openpyxl\n{script}"))
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    true
}

/// Runs `import quarter FORM --dry-run`: it must succeed, say each of `says` on stderr, and leave
/// the database as it was. Returns what it said.
pub fn quarter_dry_run(env: &Env, form: &Path, says: &[&str]) -> String {
    let before = env.dump();
    let out = env
        .cmd()
        .args(["import", "quarter", form.to_str().unwrap(), "--dry-run"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    for said in says {
        assert!(err.contains(said), "{said}\n{err}");
    }
    assert_eq!(env.dump(), before, "the dry run wrote");
    err
}

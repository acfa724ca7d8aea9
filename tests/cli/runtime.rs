//! Runtime bounds: a template that exhausts memory or writes without end fails alone under the
//! schedule (each export in its own process, under its memory limit) and is retried after the
//! others; a render's output is capped as it is written.

use crate::common;
use common::Env;
use std::path::{Path, PathBuf};

/// A string doubled forty times: a terabyte, asked for a gigabyte at a time.
const DOUBLING: &str = "{% set ns = namespace(s=\"x\") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}<p>{{ ns.s | length }}</p>\n";
/// 100 MB written at each turn of a loop.
const WRITING: &str = "{% for i in range(50) %}<p>{{ \"x\" * 100000000 }}</p>{% endfor %}\n";

/// The quarterly report (Japanese) beside a report `hostile` whose template is `template`, with
/// extra `[limits]` lines.
fn with_hostile(env: &Env, template: &str, limits: &str) -> PathBuf {
    let reports = common::quarterly_only_reports(env);
    let q = std::fs::read_to_string(reports.join("quarterly.toml")).unwrap();
    let h = q
        .replace(
            "template = \"quarterly.html\"",
            "template = \"hostile.html\"",
        )
        .replace("formats = [\"html\", \"pdf\"]", "formats = [\"html\"]");
    std::fs::write(
        reports.join("hostile.toml"),
        format!("{h}\n[limits]\n{limits}\n"),
    )
    .unwrap();
    std::fs::write(reports.join("templates/hostile.html"), template).unwrap();
    reports
}

fn run(env: &Env, reports: &Path, now: &str) -> std::process::Output {
    env.cmd_with_reports(reports)
        .args(["schedule", "run", "--now", now])
        .output()
        .unwrap()
}

/// (report, period, status, error) of every export_log row, in the order written.
fn log(env: &Env) -> Vec<(String, String, String, String)> {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut stmt = conn
        .prepare("SELECT report, period, status, coalesce(error, '') FROM export_log ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_template_that_exhausts_memory_fails_alone_and_is_retried_after_the_others() {
    let env = Env::new();
    let reports = with_hostile(&env, DOUBLING, "memory_mb = 256");
    let first = run(&env, &reports, "2017-07-11T09:00+09:00");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2 exported, 1 failed"), "{stderr}");
    for f in ["FY2017Q1.ja.html", "FY2017Q1.ja.pdf"] {
        assert!(common::whole(&env.path("exports/quarterly").join(f)), "{f}");
    }
    assert!(!env
        .path("exports/hostile")
        .join("FY2017Q1.ja.html")
        .exists());
    let rows = log(&env);
    let hostile: Vec<_> = rows.iter().filter(|r| r.0 == "hostile").collect();
    assert_eq!(hostile.len(), 1, "{rows:?}");
    assert_eq!(hostile[0].2, "failed");
    assert!(
        hostile[0].3.contains("out of memory") && hostile[0].3.contains("limits.memory_mb"),
        "{}",
        hostile[0].3
    );
    // A quarter later: the new period's exports run first, the retry of the failed one after.
    let second = run(&env, &reports, "2017-10-11T09:00+09:00");
    assert_eq!(second.status.code(), Some(1));
    let rows = log(&env)[rows.len()..].to_vec();
    let at = |report: &str, period: &str| {
        rows.iter()
            .position(|r| r.0 == report && r.1 == period)
            .unwrap_or_else(|| panic!("no {report} {period} in {rows:?}"))
    };
    assert!(
        at("quarterly", "FY2017Q2") < at("hostile", "FY2017Q1"),
        "{rows:?}"
    );
    assert!(
        at("hostile", "FY2017Q2") < at("hostile", "FY2017Q1"),
        "{rows:?}"
    );
    assert_eq!(
        rows.iter().filter(|r| r.2 == "ok").count(),
        2,
        "the quarterly report's FY2017Q2 files: {rows:?}"
    );
    assert!(common::whole(
        &env.path("exports/quarterly/FY2017Q2.ja.pdf")
    ));
}

#[test]
fn a_template_that_writes_without_end_is_stopped_at_its_output_limit() {
    let env = Env::new();
    let reports = with_hostile(&env, WRITING, "output_mb = 8");
    let out = env
        .cmd_with_reports(&reports)
        .args([
            "report", "render", "hostile", "--period", "FY2017Q1", "--format", "html",
        ])
        .args(["--lang", "ja", "--out", "hostile.html"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("hostile.html")
            && stderr.contains("8 MB")
            && stderr.contains("limits.output_mb"),
        "{stderr}"
    );
    assert!(!env.path("hostile.html").exists());
    // Under the schedule it fails alone, logged as failed.
    let run = run(&env, &reports, "2017-07-11T09:00+09:00");
    assert_eq!(run.status.code(), Some(1));
    let rows = log(&env);
    assert!(rows
        .iter()
        .any(|r| r.0 == "hostile" && r.2 == "failed" && r.3.contains("limits.output_mb")));
    assert_eq!(rows.iter().filter(|r| r.2 == "ok").count(), 2, "{rows:?}");
}

#[test]
fn an_undefined_name_into_a_filter_is_named_on_a_line_of_many() {
    let env = Env::new();
    let reports = common::reports_copy(&env);
    let path = reports.join("templates/quarterly.html");
    let t = std::fs::read_to_string(&path).unwrap();
    // Line 20 holds eight expressions; the second is misspelt.
    let line = t.lines().nth(19).unwrap();
    assert!(line.matches("| num }}").count() >= 6, "{line}");
    std::fs::write(
        &path,
        t.replacen(
            "{{ figures.hubs_planned | num }}",
            "{{ figures.hubs_plnned | num }}",
            1,
        ),
    )
    .unwrap();
    let out = env
        .cmd_with_reports(&reports)
        .args([
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            "html",
        ])
        .args(["--lang", "ja", "--out", "q.html"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("quarterly.html:20: `figures.hubs_plnned` is undefined (did you mean `figures.hubs_planned`?)"),
        "{stderr}"
    );
    assert!(!env.path("q.html").exists());
}

#[test]
fn a_name_inside_a_string_literal_is_not_a_parameter() {
    let env = Env::new();
    let out = env.ok(&[
        "sql",
        "SELECT 'a :as_of b' AS t, \"x\" FROM (SELECT 1 AS \"x\") -- :known_at",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "t,x\na :as_of b,1\n");
    // A real parameter beside one in a literal is bound.
    let out = env.ok(&[
        "sql",
        "SELECT ':as_of' AS t, :as_of AS d",
        "--as-of",
        "2018-03-31",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "t,d\n:as_of,2018-03-31\n");
}

/// `report render --draft` with TMPDIR set to `tmp` and the clock at `now`; the paths it printed.
fn draft(env: &Env, tmp: &Path, now: &str) -> Vec<PathBuf> {
    let out = env
        .cmd()
        .env("TMPDIR", tmp)
        .env("TENKAI_NOW", now)
        .args([
            "report", "render", "briefing", "--period", "FY2017Q4", "--format", "html", "--lang",
            "ja", "--draft",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .collect()
}

#[test]
fn drafts_live_in_one_folder_stay_for_a_day_and_are_then_pruned() {
    let env = Env::new();
    let tmp = env.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let real_now = chrono::Utc::now();
    let at = |hours: i64| (real_now + chrono::Duration::hours(hours)).to_rfc3339();
    let first = draft(&env, &tmp, &at(0));
    assert_eq!(first.len(), 1);
    assert!(first[0].starts_with(tmp.join("tenkai-drafts")), "{first:?}");
    // Still there after the command ends, and the next draft within the day leaves it.
    assert!(common::whole(&first[0]));
    let second = draft(&env, &tmp, &at(20));
    assert!(first[0].is_file() && second[0].is_file());
    assert_ne!(first[0].parent(), second[0].parent());
    // Nothing else in the temporary folder: one `tenkai-drafts`.
    let names: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["tenkai-drafts"]);
    // Two days on, a new draft removes both old ones and keeps its own.
    let third = draft(&env, &tmp, &at(48));
    assert!(!first[0].exists() && !second[0].exists());
    assert!(third[0].is_file());
    assert_eq!(
        std::fs::read_dir(tmp.join("tenkai-drafts"))
            .unwrap()
            .count(),
        1
    );
}

/// The English quarterly PDF of FY2017Q4 written to `out`, and its page count.
fn english_pdf(env: &Env, out: &str) -> (PathBuf, usize) {
    let path = env.path(out);
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "en",
        "--format",
        "pdf",
        "--out",
        path.to_str().unwrap(),
    ]);
    let pages = lopdf::Document::load(&path).unwrap().get_pages().len();
    (path, pages)
}

#[test]
fn a_two_hundred_letter_name_leaves_the_english_annex_as_it_was() {
    let env = Env::new();
    let (_, before) = english_pdf(&env, "before.pdf");
    let long = "Vietnamese".repeat(20);
    env.ok(&[
        "hub",
        "add",
        "ZZLONG",
        "--name-ja",
        "長い名前の拠点",
        "--name-en",
        &long,
        "--country",
        "VN",
        "--kind",
        "hospital",
        "--status",
        "opened",
        "--date",
        "2017-06-01",
        "--source",
        "test",
    ]);
    let (after, pages) = english_pdf(&env, "after.pdf");
    // One more row in the annex: at most a page more, not twice as many.
    assert!(pages <= before + 1, "{before} pages before, {pages} after");
    let Some(pdftotext) = common::tool("pdftotext") else {
        return;
    };
    let text = common::run_tool(&pdftotext, &[after.to_str().unwrap(), "-"]);
    // No column is one letter wide: the country, the partners and the months stay whole words.
    for word in ["Cambodia", "Indonesia", "September", "University"] {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().any(|w| w.trim_matches(',') == word)),
            "{word} is broken:\n{text}"
        );
    }
    assert!(
        !text.lines().any(|l| l.trim() == "V"),
        "a column one letter wide"
    );
}

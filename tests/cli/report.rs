//! The quarterly and briefing reports in HTML: the source document's figures, escaping, errors that
//! name the template line, and the W3C checker.

use crate::common;
use common::{Env, HUB_NAMES};

/// Renders FY2017Q4 as known on 2018-04-10, when the source document's data had been recorded.
fn render_html(env: &Env, report: &str, lang: &str) -> String {
    render_known(env, report, lang, "2018-04-10T09:00")
}

fn render_known(env: &Env, report: &str, lang: &str, known_at: &str) -> String {
    std::fs::read_to_string(common::render_fy2017q4(env, report, lang, "html", known_at)).unwrap()
}

/// The value cell after a row label in the key-figures table.
fn figure(html: &str, label: &str) -> String {
    let row = html
        .split("<tr>")
        .find(|r| r.starts_with(&format!("<th scope=\"row\">{label}</th>")))
        .unwrap_or_else(|| panic!("no row {label}"));
    let cell = row.split("<td class=\"num\">").nth(1).unwrap();
    cell.split("</td>").next().unwrap().to_string()
}

#[test]
fn fy2017q4_in_japanese_shows_the_source_figures_and_every_hub() {
    let env = Env::new();
    let html = render_html(&env, "quarterly", "ja");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(html.contains("平成29年度第4四半期（平成30年1月〜3月）"));
    assert!(html.contains("平成30年3月31日"));
    for (label, value) in [
        ("開業済みの医療拠点", "21"),
        ("開業予定の医療拠点", "6"),
        ("実行可能性調査中の医療拠点", "1"),
        ("タスクフォースの開催回数", "13"),
        ("設置済みのワーキンググループ", "5"),
        ("政府間覚書等の相手国", "20"),
        ("政府間意図表明文書の相手国", "1"),
        ("栄養改善事業推進プラットフォームの会員企業・団体数", "56"),
        ("開業済みの拠点がある例示国", "5"),
    ] {
        assert_eq!(figure(&html, label), value, "{label}");
    }
    for name in HUB_NAMES {
        assert!(
            html.contains(&format!("<td class=\"name\">{name}</td>"))
                || html.contains(&format!("<td class=\"name\">{name}（1）</td>"))
                // A name in Latin letters, marked as English for a screen reader.
                || html.contains(&format!(
                    "<td class=\"name\"><span lang=\"en\">{name}</span></td>"
                )),
            "{name} missing from the annex"
        );
    }
    // The two Vietnamese centres of the same name are told apart.
    for n in ["（1）", "（2）"] {
        assert_eq!(
            html.matches(&format!(">消化器内視鏡トレーニングセンター{n}</td>"))
                .count(),
            1
        );
    }
    assert_eq!(html.matches(">乳がん検診センター</td>").count(), 2);
    // The quarter's meeting and working group, the targets with RAG.
    assert!(html.contains("訪日外国人に対する適切な医療等の確保に関するワーキンググループ"));
    assert!(html.contains("<span class=\"rag rag-achieved\">達成</span>"));
    // The countries measure is an indicator, never rated: only the one target has a RAG.
    assert_eq!(html.matches("<span class=\"rag ").count(), 1);
    // Self-contained: the stylesheet inline, nothing fetched.
    assert!(html.contains("<style>") && !html.contains("<link") && !html.contains("src=\"http"));
}

#[test]
fn the_english_report_has_the_same_figures() {
    let env = Env::new();
    let html = render_html(&env, "quarterly", "en");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("FY2017 Q4 (Jan–Mar 2018)"));
    for (label, value) in [
        ("Hubs open", "21"),
        ("Hubs planned", "6"),
        ("Hubs under a feasibility study", "1"),
        ("Task-force meetings held", "13"),
        ("Working groups set up", "5"),
        (
            "Countries with a government memorandum (MOU or similar)",
            "20",
        ),
        ("Nutrition platform members", "56"),
    ] {
        assert_eq!(figure(&html, label), value, "{label}");
    }
    assert!(html.contains(">Sakra World Hospital</td>"));
}

#[test]
fn a_hostile_hub_name_is_escaped() {
    let env = Env::new();
    env.ok(&[
        "hub",
        "add",
        "--source",
        "テスト出典",
        "H99",
        "--name-ja",
        "<script>alert(1)</script> & 病院",
        "--country",
        "TR",
        "--kind",
        "hospital",
        "--status",
        "opened",
        "--date",
        "2018-02-01",
    ]);
    // Added today, so rendered as known now.
    let now = chrono::Utc::now().to_rfc3339();
    let html = render_known(&env, "quarterly", "ja", &now);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 病院"));
    assert!(!html.contains("<script>"));
}

#[test]
fn report_context_is_json_for_template_authors() {
    let env = Env::new();
    let ctx = env.json(&["report", "context", "quarterly", "--period", "FY2017Q4"]);
    assert_eq!(ctx["figures"]["hubs_open"], 21);
    assert_eq!(
        ctx["period"]["label_ja"],
        "2017年度第4四半期（平成30年1月〜3月）"
    );
    assert_eq!(
        ctx["period"]["label"],
        "平成29年度第4四半期（平成30年1月〜3月）"
    );
    assert_eq!(ctx["hubs"].as_array().unwrap().len(), 28);
    assert_eq!(ctx["members"][0]["members"], 56);
    assert_eq!(ctx["meetings"][0]["number"], 13);
    let list = env.ok(&["report", "list", "--format", "csv"]);
    assert!(list.contains("quarterly,") && list.contains("briefing,"));
}

fn break_template(reports: &std::path::Path, file: &str, from: &str, to: &str) {
    let p = reports.join("templates").join(file);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{from} not in {file}");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
}

fn line_of(reports: &std::path::Path, file: &str, needle: &str) -> usize {
    let t = std::fs::read_to_string(reports.join("templates").join(file)).unwrap();
    t.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn template_errors_name_the_file_and_line_and_leave_no_file() {
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "quarterly.html",
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<h3>{{ t(\"国別の状況\", \"By country\" }}</h3>",
            "syntax error",
        ),
        (
            "quarterly.html",
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<h3>{{ figures.no_such_figure }}</h3>",
            "undefined",
        ),
        (
            "quarterly.html",
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<div class=\"box\">{{ t(\"国別の状況\", \"By country\") }}</div>",
            "<div> is supported only",
        ),
        (
            "partials/targets.html",
            "<td>{{ g.title }}</td>",
            "<td><img src=\"x.png\">{{ g.title }}</td>",
            "<img> is not allowed",
        ),
        (
            "quarterly.html",
            "{% for k in query(\"hubs_by_kind\") %}",
            "{% for k in query(\"no_such_query\") %}",
            "no_such_query",
        ),
        // A misspelt figure into `num` is an error, not the 「—」 of a figure with no data.
        (
            "quarterly.html",
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<h3>{{ figures.hubs_opn | num }}</h3>",
            "`figures.hubs_opn` is undefined (did you mean `figures.hubs_open`?): the filter `num`",
        ),
        // A paragraph style that neither writer knows.
        (
            "quarterly.html",
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<p class=\"warning\">{{ t(\"国別の状況\", \"By country\") }}</p>",
            "<p class=\"warning\"> is not a paragraph style: use lead, meta or note",
        ),
        // A misspelt series of a chart is an error that names the columns, not a row of zeros.
        (
            "quarterly.html",
            "(\"planned\", term(\"status.planned\")",
            "(\"planed\", term(\"status.planned\")",
            "bar_chart: no column 'planed'; the rows have iso, name, named_in_policy, opened, planned",
        ),
    ];
    for (file, from, to, msg) in cases {
        let env = Env::new();
        let reports = common::reports_copy(&env);
        break_template(&reports, file, from, to);
        let line = line_of(&reports, file, &to.chars().take(12).collect::<String>());
        let out = env.path("out.html");
        let res = env
            .cmd_with_reports(&reports)
            .args(common::render_quarterly("html", out.to_str().unwrap()))
            .output()
            .unwrap();
        assert_eq!(res.status.code(), Some(1));
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(err.contains(msg), "{file}: expected '{msg}' in {err}");
        assert!(
            err.contains(&format!("{file}:{line}")),
            "{file}: expected {file}:{line} in {err}"
        );
        assert!(!out.exists(), "a failed render left {}", out.display());
        let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty());
        // The failure is logged.
        assert!(env
            .ok(&["sql", "SELECT status FROM export_log", "--format", "csv"])
            .contains("failed"));
    }
}

#[test]
fn a_saved_query_that_would_write_is_refused_and_changes_nothing() {
    // A template's query() reads on the connection and in the transaction the report context
    // was read in (one snapshot for the whole report), guarded read-only for the render.
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_copy(&env);
    let out = env.path("out.html");
    let out_arg = out.to_str().unwrap();
    let without_log = |dump: String| -> String {
        dump.lines()
            .filter(|l| !l.starts_with("export_log|"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let cases = [
        ("DELETE FROM hubs", "DELETE from hubs"),
        ("UPDATE hubs SET name_ja = 'x'", "UPDATE of hubs"),
        ("PRAGMA query_only = OFF", "PRAGMA query_only"),
        ("ATTACH DATABASE 'other.sqlite' AS other", "ATTACH"),
        ("CREATE TEMP TABLE t(x)", "a schema change"),
    ];
    for (i, (sql, says)) in cases.into_iter().enumerate() {
        std::fs::write(reports.join("queries/hubs_by_kind.sql"), sql).unwrap();
        let before = without_log(env.dump());
        let res = env
            .cmd_with_reports(&reports)
            .args(common::render_quarterly("html", out_arg))
            .output()
            .unwrap();
        assert_eq!(res.status.code(), Some(1), "{sql}");
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(
            err.contains("refused") && err.contains(says) && err.contains("hubs_by_kind.sql"),
            "{sql}: {err}"
        );
        assert!(err.contains("saved queries"), "{sql}: {err}");
        assert!(!out.exists(), "{sql}: a refused render left its file");
        assert_eq!(without_log(env.dump()), before, "{sql} changed the data");
        assert!(!env.path("other.sqlite").exists(), "{sql} created a file");
        // Each refusal is logged as a failed export, and the next write still works: the
        // connection is not left read-only.
        assert_eq!(
            common::count(
                &env.db,
                "SELECT count(*) FROM export_log WHERE status = 'failed'"
            ),
            i as i64 + 1
        );
    }
    std::fs::copy(
        common::reports_dir().join("queries/hubs_by_kind.sql"),
        reports.join("queries/hubs_by_kind.sql"),
    )
    .unwrap();
    env.ok_with_reports(&reports, &common::render_quarterly("html", out_arg));
    assert_eq!(
        common::count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'ok'"
        ),
        1
    );
}

#[test]
fn unknown_reports_and_periods_are_usage_errors() {
    let env = Env::new();
    let (code, err) = env.fails(&["report", "render", "monthly", "--period", "FY2017Q4"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no report named 'monthly'") && err.contains("quarterly"),
        "{err}"
    );
    let (code, err) = env.fails(&["report", "render", "quarterly", "--period", "FY2017Q5"]);
    assert_eq!(code, 2);
    assert!(err.contains("FY2017Q4"), "{err}");
    let (code, err) = env.fails(&["report", "render", "quarterly", "--period", "2018-03"]);
    assert_eq!(code, 2);
    assert!(err.contains("FY2017Q4"), "{err}");
    let (code, err) = env.fails(&["report", "render", "quarterly", "--period", "2017Q4"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("covers fiscal quarters") && err.contains("calendar quarters"),
        "{err}"
    );
    assert!(err.contains("FY2017Q3"), "{err}");
    let (code, _) = env.fails(&["report", "render", "../quarterly", "--period", "FY2017Q4"]);
    assert_eq!(code, 2);
}

#[test]
fn an_unknown_language_is_a_usage_error_that_logs_nothing_and_writes_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let (code, err) = env.fails(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "fr",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown language 'fr'"), "{err}");
    assert!(
        err.contains("--lang ja") && err.contains("--lang en"),
        "{err}"
    );
    assert!(!err.contains("constraint"), "{err}");
    let logged = env.ok(&["sql", "SELECT count(*) FROM export_log", "--format", "csv"]);
    assert_eq!(logged.lines().last(), Some("0"), "{logged}");
    assert!(!env.dir.path().join("exports").exists());
}

#[test]
fn the_html_passes_the_w3c_checker() {
    let Some(java) = common::tool("java") else {
        return;
    };
    let jar = match std::env::var_os("VNU_JAR") {
        Some(j) => std::path::PathBuf::from(j),
        None if std::env::var_os("TENKAI_SKIP_EXTERNAL").is_some() => return,
        None => panic!(
            "VNU_JAR is not set: run the tests with .ci/run, which installs the Nu HTML checker"
        ),
    };
    let env = Env::new();
    let mut files = Vec::new();
    for (report, lang) in [
        ("quarterly", "ja"),
        ("quarterly", "en"),
        ("briefing", "ja"),
        ("briefing", "en"),
    ] {
        render_html(&env, report, lang);
        files.push(
            env.path(&format!("{report}.{lang}.html"))
                .to_str()
                .unwrap()
                .to_string(),
        );
    }
    let mut args = vec![
        "-jar".to_string(),
        jar.to_str().unwrap().to_string(),
        "--errors-only".to_string(),
    ];
    args.extend(files);
    let out = std::process::Command::new(java)
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "vnu found errors:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn both_languages_in_one_render_and_drafts_stay_out_of_the_record() {
    let env = Env::new();
    let log = |env: &Env| {
        env.ok(&[
            "sql",
            "SELECT count(*) AS n FROM export_log",
            "--format",
            "csv",
        ])
    };
    let out = env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja,en",
        "--format",
        "html",
    ]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "exports/quarterly/FY2017Q4.ja.html",
            "exports/quarterly/FY2017Q4.en.html"
        ]
    );
    assert!(env.path("exports/quarterly/FY2017Q4.en.html").exists());
    assert_eq!(log(&env), "n\n2\n");
    // A draft: every file written, to a scratch folder, and nothing logged.
    let out = env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja,en",
        "--draft",
    ]);
    let files: Vec<&str> = out.lines().collect();
    assert_eq!(files.len(), 4, "{out}");
    for f in &files {
        assert!(std::path::Path::new(f).is_file(), "{f}");
        assert!(!f.starts_with("exports/"), "{f}");
    }
    let draft = env.path("draft.pdf");
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "pdf",
        "--draft",
        "--out",
        draft.to_str().unwrap(),
    ]);
    assert!(draft.is_file());
    assert_eq!(log(&env), "n\n2\n");
    for f in files {
        let _ =
            std::fs::remove_dir_all(std::path::Path::new(f).parent().unwrap().parent().unwrap());
    }
    // One file cannot hold two languages; a context is in one.
    let (code, err) = env.fails(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja,en",
        "--format",
        "pdf",
        "--out",
        "x.pdf",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("one --lang"), "{err}");
    let (_, err) = env.fails(&[
        "report",
        "context",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja,en",
    ]);
    assert!(err.contains("takes one --lang"), "{err}");
}

#[test]
fn a_saved_querys_own_parameter_is_given_in_the_template() {
    let env = Env::new();
    let reports = common::reports_copy(&env);
    std::fs::write(
        reports.join("queries/hubs_in.sql"),
        "SELECT h.code, h.kind FROM hubs h WHERE h.country_iso = :country AND h.recorded_at <= :known_at ORDER BY h.code",
    )
    .unwrap();
    break_template(
        &reports,
        "quarterly.html",
        "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
        "<p>{% for x in query(\"hubs_in\") %}{{ x.code }}{% endfor %}</p><h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
    );
    let out = render_to_stdout(&env, &reports);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("uses :country, which has no value: pass it in the template as query(\"hubs_in\", country=…)"),
        "{err}"
    );
    assert!(!err.contains("--param"), "{err}");
    // Given so, it runs.
    break_template(
        &reports,
        "quarterly.html",
        "query(\"hubs_in\")",
        "query(\"hubs_in\", country=\"VN\")",
    );
    let out = render_to_stdout(&env, &reports);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("H03H14H20H22"));
}

#[test]
fn a_misspelt_name_gets_a_did_you_mean_from_the_names_in_scope() {
    let env = Env::new();
    for (from, to, hint) in [
        (
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<h3>{{ figurs.hubs_open }}</h3>",
            "did you mean `figures`?",
        ),
        (
            "<h3>{{ t(\"国別の状況\", \"By country\") }}</h3>",
            "<h3>{{ figures.hubs_opn }}</h3>",
            "did you mean `figures.hubs_open`?",
        ),
        // A loop's variable: the closest field of the list's items.
        (
            "<td class=\"num\">{{ c.opened | num }}</td>",
            "<td class=\"num\">{{ c.opend | num }}</td>",
            "did you mean `c.opened`?",
        ),
        (
            "<tr><td class=\"num\">{{ mt.number }}</td>",
            "<tr><td class=\"num\">{{ mt.numbr }}</td>",
            "did you mean `mt.number`?",
        ),
    ] {
        let reports = common::reports_copy(&env);
        break_template(&reports, "quarterly.html", from, to);
        let out = render_to_stdout(&env, &reports);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(hint), "{to}: {err}");
        std::fs::remove_dir_all(&reports).unwrap();
    }
}

/// FY2017Q4's quarterly report with another reports folder, to standard output.
fn render_to_stdout(env: &Env, reports: &std::path::Path) -> std::process::Output {
    env.cmd_with_reports(reports)
        .args(common::render_quarterly("html", "-"))
        .output()
        .unwrap()
}

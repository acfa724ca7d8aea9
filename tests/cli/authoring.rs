//! Writing a report of one's own: the ASEAN report of `tests/fixtures/asean` (written from the
//! README and `tenkai report reference` alone) renders; its mistakes are reported where they
//! were made, with what was probably meant.

use crate::common;
use common::Env;
use std::path::Path;

/// Renders the ASEAN report of FY2017 to standard output; its output.
fn render(env: &Env, reports: &Path, lang: &str, format: &str) -> std::process::Output {
    env.cmd_with_reports(reports)
        .args([
            "report", "render", "asean", "--period", "FY2017", "--lang", lang, "--format", format,
            "--out", "-",
        ])
        .output()
        .unwrap()
}

fn edit(reports: &Path, from: &str, to: &str) {
    let p = reports.join("templates/asean.html");
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{from}");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
}

fn line_of(reports: &Path, needle: &str) -> usize {
    let t = std::fs::read_to_string(reports.join("templates/asean.html")).unwrap();
    t.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_asean_report_renders_in_both_languages_and_formats() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_with_asean(&env);
    let ja = render(&env, &reports, "ja", "html");
    assert!(
        ja.status.success(),
        "{}",
        String::from_utf8_lossy(&ja.stderr)
    );
    let html = String::from_utf8(ja.stdout).unwrap();
    // Of the source's 28 hubs, 16 are in ASEAN countries (Indonesia 4, Vietnam 4, Myanmar 3,
    // Cambodia 2, the Philippines, Thailand and Laos 1 each): 12 open and 4 planned.
    assert!(
        html.contains(
            "7か国に日本の医療拠点があり、開業済み<strong>12か所</strong>、開業予定4か所"
        ),
        "{html}"
    );
    assert_eq!(html.matches("<tr><td>").count(), 16, "a row per hub");
    assert!(html.contains("ASEAN諸国の医療拠点数：インドネシア 4（開業済み4）"));
    assert!(
        html.contains("第13回タスクフォース"),
        "the year's last meeting"
    );
    let en = render(&env, &reports, "en", "html");
    let html = String::from_utf8(en.stdout).unwrap();
    assert!(html.contains("7 of the ten ASEAN member states have a Japanese medical hub: <strong>12</strong> open and 4 planned."), "{html}");
    let pdf = render(&env, &reports, "ja", "pdf");
    assert!(
        pdf.status.success(),
        "{}",
        String::from_utf8_lossy(&pdf.stderr)
    );
    assert!(pdf.stdout.starts_with(b"%PDF-1.7"));
}

#[test]
fn a_block_left_open_is_reported_where_it_was_opened() {
    let env = Env::new();
    let reports = common::reports_with_asean(&env);
    let opened = line_of(&reports, "{% for h in hubs %}");
    edit(&reports, "{% endfor %}\n</tbody>", "</tbody>");
    let out = render(&env, &reports, "ja", "html");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!(
            "asean.html:{opened}: `{{% for %}}` is opened here and not closed"
        )),
        "{err}"
    );
    assert!(err.contains("add `{% endfor %}`"), "{err}");
}

#[test]
fn an_element_left_open_is_reported_in_the_file_where_it_was_opened() {
    let env = Env::new();
    let reports = common::reports_with_asean(&env);
    let opened = line_of(&reports, "<ul>");
    edit(&reports, "{% endfor %}\n</ul>", "{% endfor %}\n");
    let out = render(&env, &reports, "ja", "html");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    // The markup fails further on, in base.html's closing tags; the message starts where the
    // <ul> was opened.
    assert!(
        err.contains(&format!(
            "asean.html:{opened}: <ul> is opened here and not closed"
        )),
        "{err}"
    );
}

#[test]
fn a_misspelt_filter_or_function_gets_a_did_you_mean() {
    for (from, to, what, hint) in [
        (
            "{{ open | num }}",
            "{{ open | nmu }}",
            "unknown filter `nmu`",
            "did you mean `num`?",
        ),
        (
            "{{ bar_chart(",
            "{{ barchart(",
            "unknown function `barchart`",
            "did you mean `bar_chart`?",
        ),
    ] {
        let env = Env::new();
        let reports = common::reports_with_asean(&env);
        edit(&reports, from, to);
        let out = render(&env, &reports, "ja", "html");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{to}");
        assert!(err.contains(what) && err.contains(hint), "{to}: {err}");
        assert!(err.contains("tenkai report reference"), "{err}");
    }
}

#[test]
fn the_reference_documents_what_the_asean_report_uses() {
    let env = Env::new();
    let md = env.ok(&["report", "reference"]);
    for name in [
        "`num`",
        "`when`",
        "`t`",
        "`term`",
        "`query`",
        "`bar_chart`",
        "fiscal_year",
        "`p`",
        "period_kind",
    ] {
        assert!(md.contains(name), "{name} is not in the reference");
    }
    assert!(md.contains("query(name, **params)"), "{md}");
}

/// Every property of a JSON Schema without a description: `Type.field`.
fn undescribed(schema: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |name: &str, def: &serde_json::Value| {
        for (field, prop) in def["properties"].as_object().into_iter().flatten() {
            if prop["description"]
                .as_str()
                .is_none_or(|d| d.trim().is_empty())
            {
                out.push(format!("{name}.{field}"));
            }
        }
    };
    check("ReportContext", schema);
    for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
        check(name, def);
    }
    out
}

#[test]
fn every_field_of_the_context_is_described_in_its_schema() {
    let env = Env::new();
    let schema: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "context", "quarterly", "--schema"])).unwrap();
    // The schema is of the context a template receives: the fields `report context` prints.
    let props = schema["properties"].as_object().unwrap();
    for field in [
        "figures",
        "targets",
        "hubs",
        "hubs_by_country",
        "meetings",
        "methods",
    ] {
        assert!(props.contains_key(field), "{field}");
    }
    let missing = undescribed(&schema);
    assert!(
        missing.is_empty(),
        "{} field(s) of the context have no doc comment (the schema's description): {}",
        missing.len(),
        missing.join(", ")
    );
}

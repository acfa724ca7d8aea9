//! A quarter's facts: recorded by commands (agreements, counts, working-group and platform
//! events, policy documents, projects, meetings with English agendas, the record's coverage), by
//! CSV, and by the quarter workbook filled in with openpyxl as a person would; each fact then
//! shows in the right quarter's report at the precision it was given, with no invented day.

use crate::common;
use common::{count, openpyxl, Env};

fn html(env: &Env, period: &str, lang: &str) -> String {
    let out = env.path(&format!("{period}.{lang}.html"));
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        period,
        "--lang",
        lang,
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    std::fs::read_to_string(out).unwrap()
}

const MOC: &[&str] = &[
    "agreement",
    "add",
    "--country",
    "インド",
    "--kind",
    "MOC",
    "--date",
    "2018-10-29",
    "--title-ja",
    "日印ヘルスケア協力覚書",
    "--title-en",
    "Japan-India healthcare MOC",
    "--source",
    "MHLW press release 2018-10-29",
];

#[test]
fn an_agreement_is_recorded_once_by_name_with_its_precision_and_a_dry_run_writes_nothing() {
    let env = Env::new();
    let before = env.dump();
    let dry: Vec<&str> = MOC.iter().copied().chain(["--dry-run"]).collect();
    let out = env.cmd().args(&dry).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "would record Memorandum of cooperation (MOC) with India dated 2018-10-29 (day)"
        ),
        "{err}"
    );
    assert_eq!(env.dump(), before, "the dry run wrote");
    env.ok(MOC);
    let stored = "SELECT count(*) FROM agreements WHERE country_iso = 'IN' AND kind = 'moc' AND effective_date = '2018-10-29' AND date_precision = 'day' AND counterpart_en = 'India'";
    assert_eq!(count(&env.db, stored), 1);
    // The same country, kind and date again: refused, nothing written.
    let after = env.dump();
    let (code, err) = env.fails(MOC);
    assert_eq!(code, 1);
    assert!(err.contains("is already recorded"), "{err}");
    assert_eq!(env.dump(), after);
    // An unknown country, with the close names.
    let mut typo: Vec<&str> = MOC.to_vec();
    typo[3] = "インドネシヤ";
    let (code, err) = env.fails(&typo);
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean インドネシア / Indonesia (ID)"),
        "{err}"
    );
    // A month given with --precision day is refused; the month alone is kept as a month.
    let mut month: Vec<&str> = MOC.to_vec();
    month[7] = "平成31年2月";
    let with_day: Vec<&str> = month
        .iter()
        .copied()
        .chain(["--precision", "day"])
        .collect();
    let (_, err) = env.fails(&with_day);
    assert!(err.contains("gives a month (2019-02), not a day"), "{err}");
    assert_eq!(env.dump(), after);
    env.ok(&month);
    let month_row = "SELECT count(*) FROM agreements WHERE effective_date = '2019-02-01' AND date_precision = 'month'";
    assert_eq!(count(&env.db, month_row), 1);
}

#[test]
fn every_kind_of_fact_has_a_command() {
    let env = Env::new();
    env.ok(&[
        "wg",
        "event",
        "--wg",
        "foreign_visitors",
        "--kind",
        "報告・とりまとめ",
        "--date",
        "平成30年6月",
        "--description-ja",
        "総合対策",
        "--description-en",
        "Comprehensive measures",
        "--source",
        "s",
    ]);
    assert_eq!(count(&env.db, "SELECT count(*) FROM wg_events WHERE event_date = '2018-06-01' AND date_precision = 'month' AND kind = 'report'"), 1);
    // The summit moved: the new date replaces the seed's 2020 milestone (event 3).
    env.ok(&[
        "platform",
        "event",
        "--source",
        "テスト出典",
        "--kind",
        "milestone",
        "--date",
        "2021-12-07",
        "--replaces",
        "3",
        "--description-ja",
        "東京栄養サミット2021（12月7日・8日）",
        "--description-en",
        "Tokyo Nutrition for Growth Summit 2021 (7–8 December)",
    ]);
    let ctx = env.json(&["report", "context", "quarterly", "--period", "FY2018Q1"]);
    let ahead = ctx["platform_events"]["ahead"].to_string();
    assert!(
        ahead.contains("東京栄養サミット2021") && !ahead.contains("2020年東京"),
        "{ahead}"
    );
    env.ok(&[
        "policy",
        "add",
        "--title-ja",
        "健康・医療戦略（変更）",
        "--title-en",
        "Healthcare Policy (revised)",
        "--date",
        "FY2018",
        "--source",
        "閣議決定",
    ]);
    assert_eq!(count(&env.db, "SELECT count(*) FROM policy_documents WHERE adopted_on = '2018-04-01' AND date_precision = 'fiscal_year'"), 1);
    env.ok(&[
        "project",
        "add",
        "--source",
        "テスト出典",
        "--country",
        "Azerbaijan",
        "--title-ja",
        "後発医薬品工場建設",
        "--title-en",
        "Construction of a generic-drug plant",
        "--status",
        "実施中",
        "--date",
        "2018-09",
        "--note",
        "再開",
    ]);
    let ctx = env.json(&[
        "report",
        "context",
        "quarterly",
        "--period",
        "FY2018Q2",
        "--lang",
        "en",
    ]);
    let projects = ctx["other_projects"].to_string();
    assert!(
        projects.contains("In progress") && projects.contains("September 2018"),
        "{projects}"
    );
    env.ok(&[
        "meeting",
        "add",
        "--source",
        "テスト出典",
        "14",
        "--date",
        "2018-06-20",
        "--agenda",
        "医療国際展開の取組について",
        "--agenda-en",
        "International expansion of healthcare",
    ]);
    let ctx = env.json(&[
        "report",
        "context",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--lang",
        "en",
    ]);
    assert_eq!(
        ctx["meetings"][0]["agenda"][0],
        "International expansion of healthcare"
    );
    env.ok(&[
        "coverage",
        "set",
        "会合",
        "--to",
        "2018-06-30",
        "--source",
        "事務局 会合一覧",
    ]);
    let ctx = env.json(&["report", "context", "quarterly", "--period", "FY2018Q1"]);
    assert_eq!(ctx["stated_coverage"][0]["record"], "meetings");
    assert_eq!(ctx["stated_coverage"][0]["complete_to"], "2018-06-30");
    let before = env.dump();
    let (_, err) = env.fails(&[
        "coverage", "set", "meetings", "--to", "2018-06", "--source", "s",
    ]);
    assert!(err.contains("is not a day"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn the_count_stays_as_its_source_states_it_and_the_agreements_since_are_listed_apart() {
    let env = Env::new();
    env.ok(MOC);
    for lang in ["ja", "en"] {
        let ctx = env.json(&[
            "report",
            "context",
            "quarterly",
            "--period",
            "FY2018Q3",
            "--lang",
            lang,
        ]);
        assert_eq!(
            ctx["figures"]["mou_countries"], 20,
            "a named agreement changed the count"
        );
        assert_eq!(ctx["agreements_since"]["count"], 20);
        assert_eq!(
            ctx["agreements_since"]["items"].as_array().unwrap().len(),
            1
        );
    }
    let ja = html(&env, "FY2018Q3", "ja");
    assert!(
        ja.contains("平成30年3月31日より後の日付の政府間文書"),
        "{ja}"
    );
    assert!(
        ja.contains("平成30年10月29日　インド　協力覚書（MOC）「日印ヘルスケア協力覚書」"),
        "{ja}"
    );
    assert!(
        ja.contains("20か国、平成30年3月31日時点、出典：「医療国際展開タスクフォースのこれまでの成果等について（平成30年3月末時点）」33〜34行"),
        "{ja}"
    );
    let en = html(&env, "FY2018Q3", "en");
    assert!(
        en.contains(
            "29 October 2018: India, memorandum of cooperation (MOC) — Japan-India healthcare MOC"
        ),
        "{en}"
    );
    // A quarter before the agreement lists nothing new.
    assert!(!html(&env, "FY2018Q1", "ja").contains("協力覚書"));
    assert!(!html(&env, "FY2017Q4", "en").contains("Agreements recorded since"));
}

#[test]
fn a_csv_of_agreements_imports_whole_or_not_at_all() {
    let env = Env::new();
    let head =
        "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source\n";
    let bad = env.path("bad.csv");
    std::fs::write(&bad, format!("{head}Philippines,MOC,2019-02-21,,比協力覚書,,,,,s\nザンビヤ,MOC,2019-08,day,ザ協力覚書,,,,,s\n")).unwrap();
    let before = env.dump();
    let (code, err) = env.fails(&["import", "agreements", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("line 3, column country: 'ザンビヤ' is not a known country"),
        "{err}"
    );
    assert!(
        err.contains("line 3, column date: '2019-08' gives a month"),
        "{err}"
    );
    assert_eq!(env.dump(), before, "a refused file wrote");
    let good = env.path("good.csv");
    std::fs::write(
        &good,
        format!(
            "{head}Philippines,MOC,2019-02-21,,比協力覚書,,,,,s\nPH,MOC,2019-02-21,,again,,,,,s\n"
        ),
    )
    .unwrap();
    let (_, err) = env.fails(&["import", "agreements", good.to_str().unwrap()]);
    assert!(
        err.contains(
            "line 3, column date: the same agreement (Memorandum of cooperation (MOC) with Philippines dated 2019-02-21) is also on line 2"
        ),
        "{err}"
    );
    std::fs::write(
        &good,
        format!("{head}フィリピン,協力覚書（MOC）,平成31年2月21日,日,比協力覚書,,,,,s\n"),
    )
    .unwrap();
    env.ok(&["import", "agreements", good.to_str().unwrap()]);
    assert_eq!(count(&env.db, "SELECT count(*) FROM agreements WHERE country_iso = 'PH' AND effective_date = '2019-02-21'"), 1);
}

/// The quarter form written by `import template quarter` and filled by an openpyxl script (the
/// form's path is its `sys.argv[1]`); none where openpyxl's Python is not installed and the
/// external checks are skipped.
fn filled(env: &Env, script: &str) -> Option<std::path::PathBuf> {
    filled_form(env, "quarter", script)
}

/// The form of a kind (`quarter`, `agreements`, …), filled by an openpyxl script.
fn filled_form(env: &Env, kind: &str, script: &str) -> Option<std::path::PathBuf> {
    let form = env.path(&format!("{kind}.xlsx"));
    env.ok(&["import", "template", kind, "--out", form.to_str().unwrap()]);
    openpyxl(script, &form).then_some(form)
}

/// Fills the quarter form as a person would: Excel dates where the source gives a day, text
/// where it gives a month (「平成30年5月」), names from the drop-downs, a count typed in
/// full-width digits.
const FILL: &str = r#"
book = openpyxl.load_workbook(sys.argv[1])
d = datetime.datetime
def put(sheet, values):
    ws = book[sheet]
    for i, v in enumerate(values):
        ws.cell(row=3, column=i + 1, value=v)
put("会合", [14, d(2018, 6, 20), "false", "医療国際展開の取組について", "International expansion of healthcare", "事務局資料"])
put("拠点の状況変更", ["H16", "開業済み", "平成30年5月", None, None, None, "プレスリリース"])
put("政府間文書", ["インド", "協力覚書（MOC）", d(2018, 10, 29), None, "日印ヘルスケア協力覚書", "Japan-India healthcare MOC", None, None, None, "厚生労働省報道発表"])
put("WGの動き", ["訪日外国人に対する適切な医療等の確保に関するワーキンググループ", "報告・とりまとめ", d(2018, 6, 14), None, "総合対策をとりまとめ", "Comprehensive measures compiled", None, None, "首相官邸"])
put("PFの動き", ["栄養改善事業推進プラットフォーム", "会合", "平成30年11月", "月", "第3回総会を開催", "third general meeting held", None, None, "NJPPP"])
put("会員数", ["栄養改善事業推進プラットフォーム", d(2018, 6, 30), "６１", None, "NJPPP会員一覧"])
put("記録の範囲", ["会合", d(2018, 6, 30), "事務局 会合一覧", None])
book.save(sys.argv[1])
"#;

#[test]
fn the_quarter_workbook_filled_in_by_a_person_shows_each_fact_in_its_quarter_at_its_precision() {
    let env = Env::new();
    let Some(form) = filled(&env, FILL) else {
        return;
    };
    // The dry run says how it read each row: the dates at their precision, the names as codes.
    common::quarter_dry_run(
        &env,
        &form,
        &[
            "7 row(s) are valid",
            "シート『拠点の状況変更』3行目：H16 開業済み 平成30年5月（月）",
            "シート『政府間文書』3行目：政府間文書：インド・協力覚書（MOC）「",
            "シート『PFの動き』3行目：PFの動き：栄養改善事業推進プラットフォーム・会合「第3回総会を開催」 平成30年11月（月）出典：NJPPP",
            "シート『会員数』3行目：会員数：栄養改善事業推進プラットフォーム 61（平成30年6月30日時点）出典：NJPPP会員一覧",
        ],
    );
    env.ok(&["import", "quarter", form.to_str().unwrap()]);
    assert_eq!(count(&env.db, "SELECT count(*) FROM hub_status s JOIN hubs h ON h.id = s.hub_id WHERE h.code = 'H16' AND s.status = 'opened' AND s.effective_date = '2018-05-01' AND s.date_precision = 'month'"), 1);

    let q1 = html(&env, "FY2018Q1", "ja");
    for fact in [
        "平成30年5月",
        "61",
        "平成30年6月14日",
        "総合対策をとりまとめ",
        "医療国際展開の取組について",
    ] {
        assert!(q1.contains(fact), "FY2018Q1 (ja) lacks {fact}");
    }
    assert!(!q1.contains("平成30年5月1日"), "a day was invented");
    assert!(
        !q1.contains("協力覚書（MOC）") && !q1.contains("第3回総会"),
        "a later fact in Q1"
    );
    let q1 = html(&env, "FY2018Q1", "en");
    for fact in [
        "May 2018",
        "Comprehensive measures compiled",
        "International expansion of healthcare",
        "14 June 2018",
    ] {
        assert!(q1.contains(fact), "FY2018Q1 (en) lacks {fact}");
    }
    assert!(!q1.contains("1 May 2018"), "a day was invented");
    let q3 = html(&env, "FY2018Q3", "ja");
    for fact in [
        "平成30年10月29日　インド　協力覚書（MOC）",
        "平成30年11月　栄養改善事業推進プラットフォーム：第3回総会を開催",
    ] {
        assert!(q3.contains(fact), "FY2018Q3 (ja) lacks {fact}");
    }
    assert!(!q3.contains("平成30年11月1日") && !q3.contains("総合対策をとりまとめ"));
    let q3 = html(&env, "FY2018Q3", "en");
    for fact in [
        "29 October 2018: India",
        "November 2018",
        "third general meeting held",
    ] {
        assert!(q3.contains(fact), "FY2018Q3 (en) lacks {fact}");
    }
    assert!(!q3.contains("1 November 2018"), "a day was invented");
}

/// The quarter form, changed by an openpyxl script, is refused (exit 1) saying each of `says`,
/// and nothing is written.
fn refused_form(script: &str, says: &[&str]) {
    let env = Env::new();
    let Some(form) = filled(&env, script) else {
        return;
    };
    let before = env.dump();
    let (code, err) = env.fails(&["import", "quarter", form.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    for said in says {
        assert!(err.contains(said), "{said}\n{err}");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn a_quarter_workbook_with_a_sheet_in_an_old_layout_is_refused_by_its_name() {
    let script = r#"
book = openpyxl.load_workbook(sys.argv[1])
ws = book["政府間文書"]
ws.delete_cols(4)
ws.cell(row=3, column=1, value="インド")
book["会員数"].cell(row=3, column=3, value="61")
book.save(sys.argv[1])
"#;
    refused_form(
        script,
        &[
            "sheet '政府間文書' is not in this version's layout",
            "missing: precision",
        ],
    );
}

#[test]
fn a_quarter_form_with_a_sheet_deleted_is_refused_by_the_sheet_name() {
    let script = r#"
book = openpyxl.load_workbook(sys.argv[1])
del book["PFの動き"]
ws = book["会員数"]
for i, v in enumerate(["栄養改善事業推進プラットフォーム", datetime.datetime(2018, 6, 30), 61, None, "NJPPP会員一覧"]):
    ws.cell(row=3, column=i + 1, value=v)
book.save(sys.argv[1])
"#;
    refused_form(
        script,
        &[
            "sheet 'PFの動き' is missing",
            "tenkai import template quarter --out Q.xlsx",
        ],
    );
}

#[test]
fn a_kind_imports_alone_from_its_own_form_and_an_unknown_country_is_named_by_its_cell() {
    let env = Env::new();
    let script = r#"
book = openpyxl.load_workbook(sys.argv[1])
row = ["Zambia", "MOC", datetime.datetime(2019, 8, 26), None, "ザンビア保健省との協力覚書", "MOC with the Ministry of Health of Zambia", None, None, None, "厚生労働省報道発表"]
for i, v in enumerate(row):
    book["政府間文書"].cell(row=3, column=i + 1, value=v)
book.save(sys.argv[1])
"#;
    let Some(form) = filled_form(&env, "agreements", script) else {
        return;
    };
    let before = env.dump();
    let (code, err) = env.fails(&["import", "agreements", form.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("sheet '政府間文書', cell A3 (country): 'Zambia' is not a known country"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    env.ok(&[
        "country",
        "add",
        "ZM",
        "--name-ja",
        "ザンビア",
        "--name-en",
        "Zambia",
    ]);
    env.ok(&["import", "agreements", form.to_str().unwrap()]);
    let zambia = "SELECT count(*) FROM agreements WHERE country_iso = 'ZM' AND kind = 'moc' AND effective_date = '2019-08-26' AND counterpart_ja = 'ザンビア'";
    assert_eq!(count(&env.db, zambia), 1);
}

/// The README's facts, recorded one by one, run line by line as they are written; then the
/// count as stated and the agreements since, quarter by quarter.
#[test]
fn the_readme_facts_work_as_written() {
    let env = Env::new();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = &readme[readme.find("<!-- facts -->").expect("the README's facts")..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let bin = assert_cmd::cargo::cargo_bin("tenkai");
    let lines: Vec<&str> = block.lines().filter(|l| l.starts_with("tenkai ")).collect();
    assert!(lines.len() >= 10, "{lines:?}");
    for line in lines {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(line.replacen("tenkai", &format!("'{}'", bin.display()), 1))
            .env("TENKAI_DB", &env.db)
            .env("TENKAI_REPORTS", common::reports_dir())
            .current_dir(env.dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{line}: {err}");
    }
    let q3 = env.json(&["report", "context", "quarterly", "--period", "FY2018Q3"]);
    assert_eq!(q3["figures"]["mou_countries"], 20);
    assert_eq!(q3["agreements_since"]["items"][0]["country"], "インド");
    // The new count (21 at the end of FY2018) is the figure from then on, and the agreement it
    // follows is no longer listed apart; the dry run wrote nothing.
    let q4 = env.json(&["report", "context", "quarterly", "--period", "FY2018Q4"]);
    assert_eq!(q4["figures"]["mou_countries"], 21);
    assert_eq!(q4["agreements_since"]["items"], serde_json::json!([]));
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM agreements WHERE country_iso = 'PH'"
        ),
        0
    );
}

#[test]
fn a_long_quarter_import_shows_its_progress_on_a_terminal() {
    let env = Env::new();
    let form = env.path("long.xlsx");
    let script = r#"
book = openpyxl.Workbook(write_only=True)
ws = book.create_sheet("WGの動き")
ws.append("wg,kind,date,precision,description_ja,description_en,meeting,note,source".split(","))
for i in range(10000):
    ws.append(["inbound", "report", "平成30年5月", None, f"報告{i}", f"Report {i}", None, None, "bench"])
book.save(sys.argv[1])
"#;
    if !openpyxl(script, &form) {
        return;
    }
    let before = env.dump();
    let out = common::on_terminal(
        &env,
        &format!("import quarter {} --dry-run", form.display()),
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("checking") && shown.contains("/10000 rows"),
        "{shown}"
    );
    assert_eq!(env.dump(), before, "the dry run wrote");
}

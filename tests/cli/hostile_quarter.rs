//! The second quarter's workflow as a hostile user works it: what the write phase reads, sources
//! on every fact added, one language a line in the dry runs, and the dates, files and databases
//! a careless or hostile user gives. Each refusal is checked in the database as well.

use crate::common;
use common::Env;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use tenkai::store::{self, HubChange, Rules, Seed, Store};

/// Refuses any read of the statuses or the countries: the tables that only a read of every hub
/// (`store::hubs`) needs, and that a check of one hub's names, kind and partners does not.
fn only_one_hub(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Read {
            table_name: "hub_status" | "countries",
            ..
        } => Authorization::Deny,
        _ => Authorization::Allow,
    }
}

#[test]
fn the_write_of_a_hub_change_reads_that_hub_alone() {
    let env = Env::new();
    let change = HubChange {
        hub: "H10".into(),
        kind: Some("hospital".into()),
        date: Some(tenkai::fact_date::parse("2018-06").unwrap()),
        source: Some("報道発表 2018-06-01".into()),
        ..Default::default()
    };
    // Two changes checked before either is written, as an import checks its rows.
    let plan = Store::open(&env.db, Seed::No).unwrap();
    let first = store::check_hub_change(&plan.conn, &change, &Rules::today()).unwrap();
    let again = store::check_hub_change(&plan.conn, &change, &Rules::today()).unwrap();
    drop(plan);
    let mut write = Store::open(&env.db, Seed::No).unwrap();
    write.conn.authorizer(Some(only_one_hub)).unwrap();
    let now = tenkai::dates::now();
    store::write_hub_change(&write.conn, &first, now).unwrap();
    // The second now changes nothing: seen from H10's own rows, the first change included.
    let err = store::write_hub_change(&write.conn, &again, now).unwrap_err();
    assert!(err.to_string().contains("changes nothing"), "{err}");
    write
        .conn
        .authorizer(None::<fn(AuthContext<'_>) -> Authorization>)
        .unwrap();
    drop(write);
    let kinds = env.ok(&[
        "sql",
        "--format",
        "csv",
        "SELECT count(*) FROM hub_changes WHERE kind = 'hospital'",
    ]);
    assert_eq!(kinds.lines().nth(1), Some("1"), "{kinds}");
}

/// The header of the agreements' CSV form.
const AGREEMENTS: &str =
    "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source\n";

/// Runs `import KIND FILE --dry-run` on `csv` written to a file: (success, stderr).
fn dry_run(env: &Env, kind: &str, csv: &str) -> (bool, String) {
    let file = env.path(&format!("{kind}.csv"));
    std::fs::write(&file, csv).unwrap();
    let out = env
        .cmd()
        .args(["import", kind, file.to_str().unwrap(), "--dry-run"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), err)
}

#[test]
fn a_forms_dry_run_says_each_row_in_japanese_throughout() {
    let env = Env::new();
    // Typed in English and in Japanese: the line is Japanese either way, place and words.
    let csv = format!(
        "{AGREEMENTS}India,MOC,2018-10-29,,日印ヘルスケア協力覚書,,,,,厚労省報道発表\n\
         フィリピン,協力覚書,平成31年2月,,日比協力覚書,,,,,外務省発表\n"
    );
    let (ok, err) = dry_run(&env, "agreements", &csv);
    assert!(ok, "{err}");
    assert!(
        err.contains("2行目：政府間文書：インド・協力覚書（MOC）「日印ヘルスケア協力覚書」 平成30年10月29日（日）出典：厚労省報道発表"),
        "{err}"
    );
    assert!(
        err.contains("3行目：政府間文書：フィリピン・協力覚書（MOC）「日比協力覚書」 平成31年2月（月）出典：外務省発表"),
        "{err}"
    );
    for line in err.lines().filter(|l| l.contains("行目：")) {
        for english in ["line ", "dated", "source", "India", "Memorandum", "(day)"] {
            assert!(!line.contains(english), "{english:?} in {line}");
        }
    }
}

#[test]
fn a_blank_source_cell_in_the_quarter_form_is_refused_by_its_cell_and_nothing_is_written() {
    let env = Env::new();
    let form = env.path("Q.xlsx");
    let mut template = "import template quarter --out"
        .split(' ')
        .collect::<Vec<_>>();
    template.push(form.to_str().unwrap());
    env.ok(&template);
    // The status change has its source; the agreement's source cell (J3) is left blank.
    let fill = r#"book = openpyxl.load_workbook(sys.argv[1])
def put(sheet, values):
    for i, v in enumerate(values):
        book[sheet].cell(row=3, column=i + 1, value=v)
put("拠点の状況変更", ["H16", "開業済み", "平成30年5月", None, None, None, "プレスリリース"])
put("政府間文書", ["インド", "協力覚書（MOC）", "2018/10/29", None, "日印ヘルスケア協力覚書", None, None, None, None, None])
book.save(sys.argv[1])
"#;
    if !common::openpyxl(fill, &form) {
        return;
    }
    let before = env.dump();
    for extra in [&["--dry-run"][..], &[]] {
        let mut args = vec!["import", "quarter", form.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (code, err) = env.fails(&args);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("sheet '政府間文書', cell J3 (source): is empty")
                && err.contains("write the source here"),
            "{err}"
        );
        assert_eq!(err.matches("(source)").count(), 1, "{err}");
        assert_eq!(env.dump(), before, "{extra:?} wrote");
    }
}

#[test]
fn the_commands_and_the_files_take_the_same_rule_for_a_source() {
    let env = Env::new();
    let before = env.dump();
    // A CSV row of a fact without its source, refused by line and column.
    let csv = format!("{AGREEMENTS}India,MOC,2018-10-29,,日印ヘルスケア協力覚書,,,,,\n");
    let (ok, err) = dry_run(&env, "agreements", &csv);
    assert!(
        !ok && err.contains("line 2, column source: is empty"),
        "{err}"
    );
    // The same fact on the command line: --source is required, and a blank one is refused.
    let agreement = [
        "agreement",
        "add",
        "--country",
        "India",
        "--kind",
        "MOC",
        "--date",
        "2018-10-29",
        "--title-ja",
        "日印ヘルスケア協力覚書",
    ];
    let (code, err) = env.fails(&agreement);
    assert_eq!(code, 2);
    assert!(err.contains("--source <SOURCE>"), "{err}");
    let mut blank = agreement.to_vec();
    blank.extend(["--source", " "]);
    let (code, err) = env.fails(&blank);
    assert_eq!(code, 2);
    assert!(err.contains("a source cannot be blank"), "{err}");
    for args in [
        &["hub", "set-status", "H10", "opened", "--date", "2018-05"][..],
        &[
            "meeting",
            "add",
            "14",
            "--date",
            "2018-06-20",
            "--agenda",
            "議題",
        ],
        &["members", "record", "61", "--date", "2018-06-30"],
        &["policy", "add", "--title-ja", "方針", "--date", "2018-10"],
    ] {
        let (code, err) = env.fails(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("--source <SOURCE>"), "{args:?}: {err}");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn a_database_that_is_not_tenkais_is_refused_and_left_byte_for_byte() {
    let env = Env::empty();
    {
        let other = rusqlite::Connection::open(&env.db).unwrap();
        other
            .execute_batch("CREATE TABLE people (id INTEGER, name TEXT); INSERT INTO people VALUES (1, '山田');")
            .unwrap();
    }
    let before = std::fs::read(&env.db).unwrap();
    for args in [
        &["hub", "list"][..],
        &[
            "hub",
            "set-status",
            "H10",
            "opened",
            "--date",
            "2018-05",
            "--source",
            "報道発表",
        ],
        &["init"],
    ] {
        let (code, err) = env.fails(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("not tenkai's") && err.contains("(people)") && err.contains("--db"),
            "{args:?}: {err}"
        );
        assert_eq!(
            std::fs::read(&env.db).unwrap(),
            before,
            "{args:?} changed it"
        );
    }
    assert!(!env.path("tenkai.sqlite-wal").exists());
}

#[test]
fn a_new_hub_with_another_hubs_name_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let before = env.dump();
    let add = "hub add H99 --name-ja 北斗画像診断センター --country RU --kind imaging --status planned --date 2018-06 --source 報道発表";
    let (code, err) = env.fails(&add.split(' ').collect::<Vec<_>>());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("name_ja: '北斗画像診断センター' is the name of hub H01"),
        "{err}"
    );
    let csv = env.path("hubs.csv");
    std::fs::write(
        &csv,
        "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source\n\
         H99,北斗画像診断センター,,RU,imaging,,planned,2018-06,,,報道発表\n",
    )
    .unwrap();
    let (code, err) = env.fails(&["import", "hubs", csv.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("line 2, column name_ja: '北斗画像診断センター' is the name of hub H01"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_back_fill_from_a_period_not_yet_ended_is_refused_and_nothing_is_logged() {
    let env = Env::new();
    env.at_time("2018-07-10T10:00:00+09:00");
    let before = env.dump();
    for args in [
        &["schedule", "run", "--from", "FY2030Q1"][..],
        &["schedule", "run", "--from", "FY2018Q2", "--dry-run"],
    ] {
        let (code, err) = env.fails(args);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("has not ended") && err.contains("Check the year"),
            "{err}"
        );
    }
    assert_eq!(env.dump(), before);
    assert!(!env.path("exports").exists());
}

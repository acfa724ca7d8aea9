//! A hub's names, kind and partners change by new rows of its history, and an organisation's
//! name too: a report sent before the change re-renders byte for byte as it was sent, and one
//! made now shows the new values. Changes that the model refuses (an unknown hub, a status that
//! goes back, a date before the hub existed, another hub's name, a partner close to a known one
//! or new without a mark) leave the database as it was.

use crate::common;
use common::Env;

const SENT: &str = "exports/quarterly/FY2017Q4.ja.html";

fn render(env: &Env, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja",
        "--format",
        "html",
    ];
    args.extend_from_slice(extra);
    env.ok(&args)
}

#[test]
fn a_report_sent_before_a_rename_re_renders_as_sent() {
    let env = Env::new();
    env.at_time("2018-04-10T10:00:00+09:00");
    render(&env, &[]);
    let sent = std::fs::read_to_string(env.path(SENT)).unwrap();
    assert!(sent.contains("北斗画像診断センター") && sent.contains("東芝メディカルシステムズ"));
    env.at_time("2018-07-13T09:00:00+09:00");
    let change = [
        "hub",
        "change",
        "H01",
        "--name-ja",
        "北斗国際画像診断センター",
        "--kind",
        "病院",
        "--date",
        "平成30年1月",
        "--source",
        "報道発表",
    ];
    let dry = env.ok(&[&change[..], &["--dry-run"]].concat());
    assert!(dry.contains("H01 名称：北斗画像診断センター → 北斗国際画像診断センター 平成30年1月（月）出典：報道発表"), "{dry}");
    assert!(dry.contains("H01 種類：画像診断センター → 病院"), "{dry}");
    env.ok(&change);
    env.ok(&[
        "org",
        "rename",
        "東芝メディカルシステムズ",
        "--name-ja",
        "キヤノンメディカルシステムズ",
        "--name-en",
        "Canon Medical Systems",
        "--date",
        "2018-01-04",
        "--source",
        "社名変更の発表",
    ]);
    // As known when it was sent: the same bytes.
    render(
        &env,
        &[
            "--known-at",
            "2018-04-10T10:00:00+09:00",
            "--out",
            "again.html",
        ],
    );
    assert_eq!(
        common::sha256_file(&env.path("again.html")),
        common::sha256_file(&env.path(SENT)),
        "the re-render as sent differs from the sent file"
    );
    // As known now: the new names.
    render(&env, &["--out", "now.html"]);
    let now = std::fs::read_to_string(env.path("now.html")).unwrap();
    assert!(
        now.contains("北斗国際画像診断センター"),
        "the rename is not shown"
    );
    assert!(
        now.contains("キヤノンメディカルシステムズ") && !now.contains("東芝メディカルシステムズ")
    );
    // Before the rename's date, the old name, even as known now.
    let old = env.ok(&["hub", "list", "--as-of", "2017-12-31", "--format", "csv"]);
    assert!(old.contains("H01,北斗画像診断センター,"), "{old}");
    // The saved query reads the kind of the date as known at the time.
    let kinds = |known: &str| {
        env.ok(&[
            "sql",
            "--query",
            "hubs_by_kind",
            "--as-of",
            "2018-03-31",
            "--known-at",
            known,
            "--format",
            "csv",
        ])
    };
    let before = kinds("2018-04-10T10:00:00+09:00");
    let after = kinds("2018-07-13T09:00:00+09:00");
    assert_ne!(before, after);
    assert!(after.contains("hospital,病院,Hospital,"), "{after}");
    // Its old name still finds the organisation and the hub.
    let orgs = env.ok(&["org", "list", "--format", "csv"]);
    assert!(
        orgs.contains(
            "キヤノンメディカルシステムズ,Canon Medical Systems,東芝メディカルシステムズ"
        ),
        "{orgs}"
    );
    env.ok(&["hub", "show", "北斗画像診断センター"]);
    let shown = env.json(&["hub", "show", "H01", "--format", "json"]);
    assert_eq!(shown["changes"][0]["name_ja"], "北斗国際画像診断センター");
    assert_eq!(shown["changes"][0]["date_precision"], "month");
    assert_eq!(shown["changes"][0]["source"], "報道発表");
}

/// Runs a command that must be refused, checks its message, and that nothing changed.
fn refused(env: &Env, args: &[&str], says: &[&str]) {
    let before = env.dump();
    let (_, err) = env.fails(args);
    for s in says {
        assert!(err.contains(s), "{args:?}: {err}");
    }
    assert_eq!(env.dump(), before, "{args:?} changed the database");
}

#[test]
fn bad_changes_are_refused_with_what_to_do_and_change_nothing() {
    let env = Env::new();
    env.at_time("2018-07-13T09:00:00+09:00");
    // An unknown hub: the closest codes and names.
    refused(
        &env,
        &[
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H99",
            "opened",
            "--date",
            "2018-06-01",
        ],
        &["H99", "H09 オリンパスメコン外科トレーニングセンター"],
    );
    refused(
        &env,
        &[
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "北斗画像",
            "closed",
            "--date",
            "2018-06-01",
        ],
        &["H01 北斗画像診断センター"],
    );
    // A status that goes back: an open hub later planned.
    refused(
        &env,
        &[
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H01",
            "planned",
            "--date",
            "2018-06-01",
        ],
        &[
            "only to suspended or closed",
            "correction dated on or before 2013-05-01",
        ],
    );
    // A date before the hub existed.
    refused(
        &env,
        &[
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H01",
            "planned",
            "--date",
            "2012-06-01",
        ],
        &["before hub H01 existed"],
    );
    refused(
        &env,
        &[
            "hub",
            "change",
            "--source",
            "テスト出典",
            "H01",
            "--name-ja",
            "新名称",
            "--date",
            "2012-06",
        ],
        &["before hub H01 existed"],
    );
    // Another hub's name.
    refused(
        &env,
        &[
            "hub",
            "change",
            "--source",
            "テスト出典",
            "H01",
            "--name-ja",
            "カイコウカイクリニックスナヤン",
            "--date",
            "2018-06",
        ],
        &["is the name of hub H02"],
    );
    // A partner close to a known one, and a new one without its mark.
    refused(
        &env,
        &[
            "hub",
            "change",
            "--source",
            "テスト出典",
            "H01",
            "--partner",
            "富士フィルム",
            "--date",
            "2018-06",
        ],
        &["did you mean '富士フイルム'"],
    );
    refused(
        &env,
        &[
            "hub",
            "change",
            "--source",
            "テスト出典",
            "H01",
            "--partner",
            "あおば医療サービス",
            "--date",
            "2018-06",
        ],
        &["--new-partner"],
    );
    refused(
        &env,
        &[
            "hub",
            "add",
            "--source",
            "テスト出典",
            "H40",
            "--name-ja",
            "新拠点",
            "--country",
            "VN",
            "--kind",
            "clinic",
            "--partner",
            "株式会社富士フィルム",
            "--date",
            "2018-06-01",
        ],
        &["did you mean '富士フイルム'"],
    );
    // An unknown kind lists the names the form shows.
    refused(
        &env,
        &[
            "hub",
            "change",
            "--source",
            "テスト出典",
            "H01",
            "--kind",
            "病棟",
            "--date",
            "2018-06",
        ],
        &["病院 (hospital)"],
    );
    // A rename to another organisation's name.
    refused(
        &env,
        &[
            "org",
            "rename",
            "--source",
            "テスト出典",
            "オリンパス",
            "--name-ja",
            "富士フイルム株式会社",
            "--date",
            "2018-06",
        ],
        &["another organisation"],
    );
}

#[test]
fn a_correction_may_set_any_status_and_a_later_change_only_suspend_or_close() {
    let env = Env::new();
    env.at_time("2018-07-13T09:00:00+09:00");
    // A correction on the latest date: any status.
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "planned",
        "--date",
        "2013-05-01",
        "--note",
        "誤り",
    ]);
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "opened",
        "--date",
        "2013-05-01",
        "--note",
        "誤りの訂正",
    ]);
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "suspended",
        "--date",
        "2018-06",
    ]);
    // Suspended is not open: a later change may take it anywhere.
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "opened",
        "--date",
        "2018-07-01",
    ]);
}

#[test]
fn a_new_partner_is_created_only_where_marked_and_the_dry_run_lists_it() {
    let env = Env::new();
    env.at_time("2018-07-13T09:00:00+09:00");
    let args = [
        "hub",
        "change",
        "H16",
        "--partner",
        "株式会社 富士フイルム",
        "--partner",
        "あおば医療サービス",
        "--new-partner",
        "あおば医療サービス",
        "--date",
        "2018-11",
        "--source",
        "事務局メモ",
    ];
    let before = env.dump();
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let out = env.ok(&dry);
    assert!(out.contains("新しい関係機関：あおば医療サービス"), "{out}");
    assert!(
        out.contains("→ 富士フイルム、あおば医療サービス 平成30年11月（月）出典：事務局メモ"),
        "{out}"
    );
    assert_eq!(env.dump(), before, "the dry run wrote");
    env.ok(&args);
    let n = common::count(&env.db, "SELECT count(*) FROM organisations WHERE name_ja IN ('あおば医療サービス', '富士フイルム')");
    assert_eq!(
        n, 2,
        "one new organisation, the known one found under its company form"
    );
    let shown = env.ok(&[
        "hub",
        "show",
        "H16",
        "--as-of",
        "2018-12-01",
        "--format",
        "json",
    ]);
    assert!(shown.contains("あおば医療サービス"), "{shown}");
}

#[test]
fn status_changes_import_in_bulk_at_their_precision_all_or_none() {
    let env = Env::new();
    env.at_time("2019-03-01T09:00:00+09:00");
    let bad = env.path("bad.csv");
    std::fs::write(
        &bad,
        "hub,status,effective_date,expected_date,note,source\n\
         H16,開業済み,2019-02-14,,,報道発表\n\
         H99,開業済み,2019-02-14,,,\n\
         H01,planned,2018-06,,,\n\
         H18,開業,平成30年2月30日,,,\n",
    )
    .unwrap();
    refused(
        &env,
        &["import", "hub-status", bad.to_str().unwrap()],
        &[
            "line 3, column hub: no hub has the code or name 'H99'. The closest: H09",
            "line 4, column status: the hub has been opened since 2013-05-01",
            "line 5, column status: unknown status '開業'",
            "開業済み (opened)",
            "line 5, column effective_date:",
            "day 30 does not exist",
        ],
    );
    let good = env.path("good.csv");
    std::fs::write(
        &good,
        "hub,status,effective_date,expected_date,note,source\n\
         H16,開業済み,2019-02-14,,,報道発表\n\
         H18,Open,平成30年11月,,,報道発表 H18\n",
    )
    .unwrap();
    let before = env.dump();
    let dry = env.ok(&["import", "hub-status", good.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.contains("H16 開業済み 平成31年2月14日（日）出典：報道発表"),
        "{dry}"
    );
    assert!(dry.contains("H18 開業済み 平成30年11月（月）"), "{dry}");
    assert_eq!(env.dump(), before, "the dry run wrote");
    env.ok(&["import", "hub-status", good.to_str().unwrap()]);
    let row = |code: &str| {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.query_row(
            &format!("SELECT s.effective_date || ' ' || s.date_precision FROM hub_status s JOIN hubs h ON h.id = s.hub_id WHERE h.code = '{code}' ORDER BY s.id DESC LIMIT 1"),
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
    };
    assert_eq!(row("H16"), "2019-02-14 day");
    assert_eq!(row("H18"), "2018-11-01 month");
}

#[test]
fn an_english_render_names_what_it_shows_in_japanese_and_still_renders() {
    let env = Env::new();
    env.at_time("2018-07-13T09:00:00+09:00");
    env.ok(&[
        "hub",
        "add",
        "--source",
        "テスト出典",
        "H40",
        "--name-ja",
        "あおば診療所",
        "--country",
        "VN",
        "--kind",
        "clinic",
        "--status",
        "opened",
        "--date",
        "2018-06",
    ]);
    let out = env
        .cmd()
        .args([
            "narrative",
            "set",
            "--period",
            "FY2018Q1",
            "--section",
            "summary",
            "--lang",
            "en",
            "--text",
            "当期は拠点が一つ開業した。",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the English text is mostly Japanese"), "{err}");
    env.ok(&[
        "narrative",
        "set",
        "--period",
        "FY2018Q1",
        "--section",
        "issues",
        "--lang",
        "ja",
        "--text",
        "課題なし。",
    ]);
    let render = |lang: &str| {
        let out = env
            .cmd()
            .args([
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2018Q1",
                "--lang",
                lang,
            ])
            .args(["--format", "html", "--out", &format!("{lang}.html")])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, err) = render("en");
    assert!(ok, "{err}");
    assert!(
        err.contains("hub H40 あおば診療所: no English name"),
        "{err}"
    );
    assert!(
        err.contains("narrative issues of FY2018Q1: only in Japanese"),
        "{err}"
    );
    assert!(!err.contains("narrative summary"), "{err}");
    // The Japanese render says nothing of English.
    let (ok, err) = render("ja");
    assert!(ok && !err.contains("English"), "{err}");
}

#[test]
fn a_hubs_file_creates_only_the_organisations_marked_new_and_its_dry_run_names_them() {
    let env = Env::new();
    env.at_time("2018-07-13T09:00:00+09:00");
    let csv = env.path("hubs.csv");
    let header =
        "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source\n";
    std::fs::write(
        &csv,
        format!(
            "{header}K01,あおば診療所,,VN,clinic,富士フィルム,planned,平成30年5月,,,報道発表\n"
        ),
    )
    .unwrap();
    refused(
        &env,
        &["import", "hubs", csv.to_str().unwrap()],
        &["line 2, column partners", "did you mean '富士フイルム'"],
    );
    std::fs::write(
        &csv,
        format!("{header}K01,あおば診療所,,VN,clinic,+富士フイルム;+あおば医療サービス,planned,平成30年5月,,,報道発表\nK02,みどり診療所,,VN,clinic,+あおば医療サービス,planned,2018-06,,,報道発表\n"),
    )
    .unwrap();
    let dry = env.ok(&["import", "hubs", csv.to_str().unwrap(), "--dry-run"]);
    assert_eq!(dry.matches("新しい関係機関：").count(), 1, "{dry}");
    assert!(dry.contains("新しい関係機関：あおば医療サービス"), "{dry}");
    env.ok(&["import", "hubs", csv.to_str().unwrap()]);
    assert_eq!(
        common::count(
            &env.db,
            "SELECT count(*) FROM organisations WHERE name_ja = 'あおば医療サービス'"
        ),
        1
    );
    let listed = env.ok(&[
        "hub",
        "list",
        "--for-import",
        "--format",
        "csv",
        "--country",
        "VN",
    ]);
    assert!(
        listed.contains(
            "K01,あおば診療所,,VN,clinic,+富士フイルム;+あおば医療サービス,planned,2018-05,"
        ),
        "{listed}"
    );
}

#[test]
fn a_metric_of_ones_own_that_reads_a_hubs_kind_is_named_when_the_database_migrates() {
    let env = Env::new();
    env.ok(&[
        "sql", "--write",
        "INSERT INTO metrics (name, title_ja, title_en, sql) VALUES ('clinics', '診療所', 'Clinics', 'SELECT count(*) FROM hubs h WHERE h.kind = ''clinic''')",
    ]);
    // Back to the version before 0015, the hub attributes' history (0016 undone too), so that
    // both run again.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(common::UNDO_QUARTER_FACTS).unwrap();
    // 0018 (the countries' readings) runs again too.
    conn.execute_batch("ALTER TABLE countries DROP COLUMN reading")
        .unwrap();
    conn.pragma_update(None, "user_version", 14).unwrap();
    drop(conn);
    let out = env
        .cmd()
        .args(["hub", "list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("metric clinics reads a hub's name or kind from the hubs table"),
        "{err}"
    );
    // Once: the next command migrates nothing and says nothing.
    let out = env
        .cmd()
        .args(["hub", "list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("metric clinics"));
}

#[test]
fn an_english_name_is_cleared_by_a_blank_one() {
    let env = Env::new();
    env.at_time("2019-04-10T09:00:00+09:00");
    env.ok(&[
        "hub",
        "change",
        "H01",
        "--name-en",
        "",
        "--date",
        "2018-06",
        "--source",
        "x",
    ]);
    let en = env.json(&[
        "report",
        "context",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--lang",
        "en",
    ]);
    let h01 = en["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["code"] == "H01")
        .unwrap()
        .clone();
    assert_eq!(h01["name_en"], serde_json::Value::Null, "{h01}");
    assert_eq!(h01["name"], "北斗画像診断センター");
    // As known before, the English name stands.
    let before = env.json(&[
        "report",
        "context",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--lang",
        "en",
        "--known-at",
        "2019-04-01T00:00:00+09:00",
    ]);
    assert!(before["hubs"]
        .to_string()
        .contains("Hokuto Diagnostic Imaging Centre"));
}

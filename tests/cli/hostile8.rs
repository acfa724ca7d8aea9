//! What a hostile user found in the eighth round (and tested here, or beside the code it
//! changed): a rename dated before the newest name, said as a change it is not; a metric's query
//! that never ends at a date; a count too large called not a number; `backup -` making a file
//! named `-`; a cron rule's bare parser error; the hub kinds' help missing two kinds. The others:
//! a trial run's list (tests/cli/schedule.rs), a delivery's file name shared by two files or
//! naming the database's journal (tests/cli/delivery_folder.rs), an interrupted backup's journal
//! (`output::interrupt`), a bulk hub import's square time (`store::hubs`).

use crate::common::{self, Env};

/// Runs a command that succeeds: its stdout and stderr.
fn run(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "tenkai {args:?} failed: {err}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), err)
}

#[test]
fn a_rename_dated_before_the_newest_name_says_what_it_changes_and_until_when() {
    let env = Env::new();
    env.ok(&["init"]);
    let rename = |from: &str, to: &str, date: &str| {
        run(
            &env,
            &[
                "org",
                "rename",
                from,
                "--name-ja",
                to,
                "--date",
                date,
                "--source",
                "報道発表",
            ],
        )
    };
    let (out, err) = rename("医療法人北斗", "北斗新", "2018-07-01");
    assert!(
        out.contains("関係機関の名称：医療法人北斗 → 北斗新 平成30年7月1日"),
        "{out}"
    );
    assert!(
        err.contains("renamed 医療法人北斗 to 北斗新 from 2018-07-01"),
        "{err}"
    );
    // Dated before that name: it renames 医療法人北斗 (the name then), and only until July.
    let (out, err) = rename("北斗新", "北斗旧", "2018-06-15");
    assert!(
        out.contains("関係機関の名称：医療法人北斗 → 北斗旧 平成30年6月15日"),
        "{out}"
    );
    assert!(
        out.contains("（平成30年7月1日（日）からの名称「北斗新」は変わらない）"),
        "{out}"
    );
    assert!(
        err.contains("renamed 医療法人北斗 to 北斗旧 from 2018-06-15, until 2018-07-01 when it is named 北斗新"),
        "{err}"
    );
    let (list, _) = run(&env, &["org", "list"]);
    assert!(list.contains("北斗新"), "{list}");
}

#[test]
fn a_metric_whose_query_never_ends_at_a_date_is_stopped_at_the_listings_limit() {
    let env = Env::new();
    env.ok(&["init"]);
    // Quick at today's date (its trial), endless before 2018.
    let sql = "SELECT CASE WHEN :as_of < '2018-01-01' THEN (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c) ELSE 1 END";
    run(
        &env,
        &[
            "metric",
            "add",
            "slow",
            "--title-ja",
            "遅い",
            "--title-en",
            "Slow",
            "--sql",
            sql,
        ],
    );
    let out = env
        .cmd()
        .args([
            "metric",
            "list",
            "--as-of",
            "2017-12-31",
            "--timeout",
            "300ms",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "metric slow at 2017-12-31: its query ran past the limit of 300ms and was stopped"
        ),
        "{err}"
    );
    // At a date where it ends, the listing shows it.
    let (list, _) = run(
        &env,
        &["metric", "list", "--as-of", "2018-03-31", "--format", "csv"],
    );
    assert!(list.contains("slow,遅い,Slow,1,"), "{list}");
}

/// A refused command's stderr; the database is unchanged.
fn refused(env: &Env, args: &[&str]) -> String {
    let before = env.dump();
    let out = env.cmd().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "tenkai {args:?} was accepted");
    assert_eq!(env.dump(), before, "tenkai {args:?} changed the database");
    err
}

#[test]
fn a_count_too_large_and_a_backup_to_standard_output_are_refused_for_what_they_are() {
    let env = Env::new();
    env.ok(&["init"]);
    let err = refused(
        &env,
        &[
            "members",
            "record",
            "99999999999999999999",
            "--date",
            "2018-03-31",
            "--source",
            "s",
        ],
    );
    assert!(
        err.contains("is too large to be a count of members"),
        "{err}"
    );
    let err = refused(&env, &["backup", "-"]);
    assert!(
        err.contains("backup writes a database file, not standard output"),
        "{err}"
    );
    assert!(!env.path("-").exists());
    // Every kind the table holds is in the help.
    let help = env.ok(&["hub", "add", "--help"]);
    for kind in ["prevention", "endoscopy", "technical"] {
        assert!(help.contains(kind), "{kind}: {help}");
    }
}

#[test]
fn a_cron_rule_out_of_range_says_how_a_rule_is_written() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let def = reports.join("quarterly.toml");
    let text = std::fs::read_to_string(&def).unwrap();
    let text = text.replace("[schedule]\n", "[schedule]\ncron = \"0 9 32 * *\"\n");
    let text = text.replace("days_after_period_end", "# days_after_period_end");
    std::fs::write(&def, text).unwrap();
    let out = env
        .cmd_with_reports(&reports)
        .args(["schedule", "list"])
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("cron \"0 9 32 * *\" is not a schedule tenkai can read")
            && said.contains("minute hour day-of-month month day-of-week"),
        "{said}"
    );
}

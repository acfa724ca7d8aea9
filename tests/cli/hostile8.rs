//! What a hostile user found in the eighth round: a rename dated before the newest name, said
//! as a change it is not; an interrupted backup's journal left behind; a delivery's file name
//! that two of a run's files share; a metric's query that never ends; a bulk hub import whose
//! time grew with the square of its rows.

use crate::common::Env;

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

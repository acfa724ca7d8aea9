//! Helpers of the delivery tests (`tests/cli/delivery.rs`, `tests/cli/delivery_folder.rs`).

use super::Env;
use std::path::{Path, PathBuf};

/// The quarterly report alone, in Japanese, scheduled from FY2018Q1 (due 10 July 2018).
pub fn quarterly_from_fy2018(env: &Env) -> PathBuf {
    let reports = super::quarterly_only_reports(env);
    let def = reports.join("quarterly.toml");
    let text = std::fs::read_to_string(&def)
        .unwrap()
        .replace("first_period = \"FY2017Q1\"", "first_period = \"FY2018Q1\"");
    std::fs::write(&def, text).unwrap();
    reports
}

/// `schedule run --now NOW` with the clock at NOW and these environment variables.
pub fn run_at(env: &Env, reports: &Path, now: &str, vars: &[(&str, &str)]) -> std::process::Output {
    env.at_time(now);
    let mut c = env.cmd_with_reports(reports);
    c.args(["schedule", "run", "--now", now]);
    for (k, v) in vars {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// The rows of a query, as JSON objects.
pub fn rows(env: &Env, sql: &str) -> Vec<serde_json::Value> {
    env.json(&["sql", sql, "--format", "json"])
        .as_array()
        .unwrap()
        .clone()
}

/// The status of every row of the delivery log, in order.
pub fn statuses(env: &Env) -> Vec<String> {
    rows(env, "SELECT status FROM delivery_log ORDER BY id")
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Replaces `from` with `to` in the quarterly definition.
pub fn edit(reports: &Path, from: &str, to: &str) {
    let def = reports.join("quarterly.toml");
    let text = std::fs::read_to_string(&def).unwrap();
    assert!(text.contains(from), "{from} is not in the definition");
    std::fs::write(&def, text.replace(from, to)).unwrap();
}

//! The folder channel of a report's `[delivery]`: each file written to the shared folder once,
//! never over a file there, and a missing, read-only or full folder a clear failure with a
//! 'failed' row and nothing half-written.

use crate::common;
use common::delivery::{edit, quarterly_from_fy2018, rows, run_at as run, statuses, stderr};
use common::Env;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const NOW: &str = "2018-07-10T09:00:00+09:00";

/// The reports with a folder channel to `folder` instead of the mail channel.
fn folder_reports(env: &Env, folder: &Path) -> PathBuf {
    let reports = quarterly_from_fy2018(env);
    let def = reports.join("quarterly.toml");
    let mut text = std::fs::read_to_string(&def).unwrap();
    text.push_str(&format!(
        "\n[delivery]\nattachments = [\"pdf\"]\n\n[delivery.folder.share]\npath = \"{}\"\n",
        folder.display()
    ));
    std::fs::write(&def, text).unwrap();
    reports
}

#[test]
fn a_folder_channel_writes_each_file_once_and_never_replaces_one() {
    let env = Env::new();
    let share = env.path("share");
    let reports = folder_reports(&env, &share);
    // Missing: a clear failure, retried later.
    let out = run(&env, &reports, NOW, &[]);
    assert!(
        stderr(&out).contains("the delivery folder") && stderr(&out).contains("create it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(statuses(&env), ["sending", "failed"]);
    std::fs::create_dir_all(&share).unwrap();
    let out = run(&env, &reports, "2018-07-10T09:10:00+09:00", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = share.join("医療国際展開 四半期進捗報告_FY2018Q1.ja.pdf");
    let logged = rows(
        &env,
        "SELECT sha256 FROM export_log WHERE format = 'pdf' AND status = 'ok'",
    );
    assert_eq!(
        common::sha256_file(&written),
        logged[0]["sha256"].as_str().unwrap()
    );
    assert_eq!(common::files(&share).len(), 1, "no temporary file left");
    // Once: a later run writes nothing.
    run(&env, &reports, "2018-07-10T10:00:00+09:00", &[]);
    assert_eq!(statuses(&env).iter().filter(|s| *s == "ok").count(), 1);
    // A file already there under the next period's name is never replaced.
    let next = share.join("医療国際展開 四半期進捗報告_FY2018Q2.ja.pdf");
    std::fs::write(&next, "someone else's file").unwrap();
    let out = run(&env, &reports, "2018-10-10T09:00:00+09:00", &[]);
    assert!(stderr(&out).contains("never replaced"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&next).unwrap(),
        "someone else's file"
    );
}

/// Mounts a small tmpfs (root only) with `opts`; `None` (the test skipped) where that is not
/// allowed and the run says to skip it.
fn mount(dir: &Path, opts: &str) -> Option<Unmount> {
    std::fs::create_dir_all(dir).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", opts, "tmpfs", dir.to_str().unwrap()])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok {
        return Some(Unmount(dir.to_path_buf()));
    }
    if std::env::var_os("TENKAI_SKIP_EXTERNAL").is_some()
        || std::env::var_os("TENKAI_NO_MOUNT").is_some()
    {
        eprintln!("SKIPPED: cannot mount a small tmpfs here (needs root)");
        return None;
    }
    panic!("cannot mount a small tmpfs (the fault tests run as root in CI; set TENKAI_SKIP_EXTERNAL=1 to skip)");
}

struct Unmount(PathBuf);
impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_or_full_folder_is_a_clear_failure_with_nothing_half_written() {
    let env = Env::new();
    let ro = env.path("ro");
    let Some(_ro) = mount(&ro, "ro,size=64k") else {
        return;
    };
    let reports = folder_reports(&env, &ro);
    let out = run(&env, &reports, NOW, &[]);
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    let full = env.path("full");
    let Some(_full) = mount(&full, "size=16k") else {
        return;
    };
    let reports = folder_reports(&env, &full);
    let out = run(&env, &reports, "2018-07-10T09:10:00+09:00", &[]);
    assert!(stderr(&out).contains("is full"), "{}", stderr(&out));
    assert!(common::files(&full).is_empty(), "nothing half-written");
    assert_eq!(statuses(&env), ["sending", "failed", "sending", "failed"]);
}

#[test]
fn a_delivery_that_cannot_be_read_is_named_and_fails_alone() {
    let env = Env::new();
    let share = env.path("share");
    std::fs::create_dir_all(&share).unwrap();
    let reports = folder_reports(&env, &share);
    edit(
        &reports,
        "attachments = [\"pdf\"]",
        "attachments = [\"docx\"]",
    );
    let out = env
        .cmd_with_reports(&reports)
        .args(["report", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("attachments names docx"), "{listed}");
    // The exports go on; the delivery fails, named, and the run exits 1.
    let out = run(&env, &reports, NOW, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("[delivery] cannot be read"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        rows(
            &env,
            "SELECT count(*) AS n FROM export_log WHERE status = 'ok'"
        )[0]["n"],
        2
    );
    assert!(common::files(&share).is_empty());
}

#[test]
fn a_delivery_added_to_a_report_sent_for_years_starts_at_the_newest_period() {
    let env = Env::new();
    let share = env.path("share");
    std::fs::create_dir_all(&share).unwrap();
    // Scheduled from FY2017Q1: five periods are exported by the first run.
    let reports = folder_reports(&env, &share);
    edit(
        &reports,
        "first_period = \"FY2018Q1\"",
        "first_period = \"FY2017Q1\"",
    );
    let out = run(&env, &reports, NOW, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        rows(
            &env,
            "SELECT count(*) AS n FROM export_log WHERE status = 'ok'"
        )[0]["n"],
        10
    );
    let names: Vec<String> = common::files(&share)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["医療国際展開 四半期進捗報告_FY2018Q1.ja.pdf"]);
    assert_eq!(
        rows(&env, "SELECT first_period FROM delivery_start")[0]["first_period"],
        "FY2018Q1"
    );
}

#[test]
fn schedule_deliver_delivers_what_is_due_and_refuses_what_it_cannot_decide() {
    let env = Env::new();
    let share = env.path("share");
    let reports = folder_reports(&env, &share);
    // The export's delivery fails (no folder); `schedule deliver` after the back-off delivers it.
    run(&env, &reports, NOW, &[]);
    std::fs::create_dir_all(&share).unwrap();
    env.at_time("2018-07-10T09:30:00+09:00");
    let out = env
        .cmd_with_reports(&reports)
        .args(["schedule", "deliver"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(common::files(&share).len(), 1);
    assert_eq!(statuses(&env), ["sending", "failed", "sending", "ok"]);
    let before = env.dump();
    // A delivered one is not sent again, nor settled; an unknown id is named.
    for args in [["--resend", "3"], ["--settle", "1"], ["--settle", "99"]] {
        let (code, err) = env.fails(&[&["schedule", "deliver"][..], &args].concat());
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("was delivered") || err.contains("no delivery 99"),
            "{err}"
        );
    }
    let (_, err) = env.fails(&["schedule", "deliver", "--now", "2030-01-01T00:00:00+09:00"]);
    assert!(err.contains("later than the clock"), "{err}");
    assert_eq!(env.dump(), before);
}

/// The folder reports with `file_name` set and the report in `languages`.
fn named_reports(env: &Env, folder: &Path, file_name: &str, languages: &str) -> PathBuf {
    let reports = folder_reports(env, folder);
    let def = reports.join("quarterly.toml");
    let text = std::fs::read_to_string(&def).unwrap();
    let text = text
        .replacen(
            "[delivery]\n",
            &format!("[delivery]\nfile_name = \"{file_name}\"\n"),
            1,
        )
        .replace("languages = [\"ja\"]", &format!("languages = {languages}"))
        .replace(
            "languages = [\"ja\", \"en\"]",
            &format!("languages = {languages}"),
        );
    std::fs::write(&def, text).unwrap();
    reports
}

#[test]
fn a_file_name_that_two_files_of_a_delivery_share_is_refused_before_anything_is_delivered() {
    let env = Env::new();
    let share = env.path("share");
    std::fs::create_dir_all(&share).unwrap();
    let reports = named_reports(
        &env,
        &share,
        "{{ period }}.{{ format }}",
        "[\"ja\", \"en\"]",
    );
    let out = run(&env, &reports, NOW, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("channel share: file_name = \"{{ period }}.{{ format }}\" gives the ja pdf and the en pdf files one name (FY2017Q4.pdf for FY2017Q4): put {{ lang }} and {{ format }} in it"),
        "{err}"
    );
    assert!(
        common::files(&share).is_empty(),
        "{:?}",
        common::files(&share)
    );
}

#[test]
fn a_delivery_never_writes_a_file_sqlite_keeps_beside_the_database() {
    let env = Env::new();
    let folder = env.db.parent().unwrap().to_path_buf();
    let reports = named_reports(&env, &folder, "tenkai.sqlite-journal", "[\"ja\"]");
    let out = run(&env, &reports, NOW, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "is the database or one of SQLite's files beside it, which a delivery never writes"
        ),
        "{err}"
    );
    assert!(!folder.join("tenkai.sqlite-journal").exists());
}

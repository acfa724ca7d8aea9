//! An HTML file written as its template runs (a render of HTML alone, to a file): the same bytes
//! as the whole document's (standard output, or HTML beside a PDF), and nothing at the path when
//! the template or its markup fails half-way, with the message a whole render gives.

use crate::common;
use common::Env;
use std::path::Path;

/// Renders the quarterly report of FY2017Q4 in Japanese as HTML to `out` (`-`: standard output),
/// as known at a fixed moment (the report says when its record was read).
fn render(env: &Env, reports: &Path, out: &str) -> std::process::Output {
    env.cmd_with_reports(reports)
        .args(common::render_quarterly("html", out))
        .args(["--known-at", KNOWN])
        .output()
        .unwrap()
}

const KNOWN: &str = "2018-04-10T09:00";

/// Changes the quarterly template: `from` (which it must hold) becomes `to`.
fn edit(reports: &Path, from: &str, to: &str) {
    let p = reports.join("templates/quarterly.html");
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{from}");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
}

/// The files of a folder, by name.
fn names(dir: &Path) -> Vec<String> {
    common::files(dir)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_html_file_written_as_its_template_runs_is_the_whole_documents() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_copy(&env);
    let whole = render(&env, &reports, "-");
    assert!(whole.status.success());
    let out = env.path("out/q.html");
    let streamed = render(&env, &reports, out.to_str().unwrap());
    assert!(
        streamed.status.success(),
        "{}",
        String::from_utf8_lossy(&streamed.stderr)
    );
    let html = std::fs::read(&out).unwrap();
    // Large enough that the annex is read and written in several parts.
    assert!(html.len() > 32 * 1024, "{}", html.len());
    assert!(html == whole.stdout, "the same bytes");
    // Beside a PDF, the HTML comes from the document the PDF is laid out from: the same bytes
    // (drafts both, as known at the same moment: `--out` names one file).
    let draft = |formats: &str, out: Option<&str>| {
        let mut args = common::render_quarterly(formats, out.unwrap_or_default());
        if out.is_none() {
            args.truncate(args.len() - 2);
        }
        args.extend(["--known-at", KNOWN, "--draft"]);
        env.ok_with_reports(&reports, &args)
    };
    let listed = draft("html,pdf", None);
    let beside = listed.lines().find(|l| l.ends_with(".html")).unwrap();
    let alone = env.path("alone.html");
    draft("html", Some(alone.to_str().unwrap()));
    assert!(std::fs::read(beside).unwrap() == std::fs::read(&alone).unwrap());
}

#[test]
fn a_head_row_after_the_body_is_placed_as_the_whole_document_places_it() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_copy(&env);
    // The annex (a top-level table, written row by row) gets a head row after its body rows.
    edit(
        &reports,
        "{% endfor %}\n</tbody>\n</table>\n{#- The notes in the order of their marks, then",
        "{% endfor %}\n</tbody>\n<thead><tr><th>後の見出し</th></tr></thead>\n</table>\n{#- The notes in the order of their marks, then",
    );
    let whole = render(&env, &reports, "-");
    assert!(whole.status.success());
    let out = env.path("q.html");
    let streamed = render(&env, &reports, out.to_str().unwrap());
    assert!(streamed.status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.as_bytes() == whole.stdout, "the same bytes");
    // The whole document puts the head first.
    let annex = common::section(&html, "<table class=\"annex compact\">", "</table>");
    assert!(
        annex.find("後の見出し").unwrap() < annex.find("<tbody>").unwrap(),
        "{annex}"
    );
}

/// Renders with the template failing after the annex (`to` replaces the end of the annex's
/// table), to a file and to standard output: the same failure, and no file of either kind left.
fn fails_after_the_annex(to: &str) -> String {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::reports_copy(&env);
    edit(
        &reports,
        "</tbody>\n</table>\n{#- The notes in the order of their marks, then",
        to,
    );
    let dir = env.path("out");
    std::fs::create_dir_all(&dir).unwrap();
    let streamed = render(&env, &reports, dir.join("q.html").to_str().unwrap());
    assert!(!streamed.status.success());
    assert_eq!(names(&dir), Vec::<String>::new(), "nothing half-written");
    let whole = render(&env, &reports, "-");
    assert!(!whole.status.success());
    assert!(whole.stdout.is_empty());
    let err = String::from_utf8(streamed.stderr).unwrap();
    assert_eq!(err, String::from_utf8(whole.stderr).unwrap());
    err
}

#[test]
fn a_template_that_fails_half_way_leaves_no_file() {
    let err = fails_after_the_annex(
        "</tbody>\n</table>\n{{ no_such_name }}{#- The notes in the order of their marks, then",
    );
    assert!(err.contains("quarterly.html:"), "{err}");
    assert!(err.contains("no_such_name"), "{err}");
}

#[test]
fn markup_wrong_half_way_leaves_no_file_and_is_placed_in_its_template() {
    let err = fails_after_the_annex(
        "</tbody>\n</table>\n<p>開いたまま\n{#- The notes in the order of their marks, then",
    );
    assert!(err.contains("<p> is opened here and not closed"), "{err}");
    assert!(err.contains("quarterly.html:"), "{err}");
}

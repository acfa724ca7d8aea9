//! The office's sources and notes in each report's language: a source document registered with
//! `tenkai source add` and cited by its code is named by its title in the report's language; a
//! source given as free text and a note are shown in the English given with `--source-en` and
//! `--note-en` (or `tenkai source english`); for want of English, the English report shows the
//! Japanese marked "(in Japanese)" and names it on stderr with the command that gives its English.

use crate::common;
use common::{contains, Env, FY2018Q1_KNOWN};

const PRESS_JA: &str = "厚生労働省報道発表（平成30年5月15日）";
const PRESS_EN: &str = "MHLW press release (15 May 2018)";
const MOC_JA: &str = "日印協力覚書の報道発表（平成30年6月12日）";
const MOC_EN: &str = "MHLW, India MOC (12 June 2018)";
const REPORT_JA: &str = "事務局報告（平成30年7月12日）";
const REPORT_EN: &str = "Secretariat report (12 July 2018)";
const NOTE_JA: &str = "集計誤り（1団体の計上漏れ）";
const NOTE_EN: &str = "A counting error: one member had been left out";

/// FY2017Q4's quarterly report sent on 10 April 2018 in both languages; on 5 July 2018 a press
/// release registered and cited by its code for H10's opening, and the MOC with India with its
/// source in both languages; on 12 July the March 2018 count corrected to 57, with its source
/// and note in both languages when `english` (else in Japanese only).
fn news(english: bool) -> Env {
    let env = Env::new();
    env.at_time("2018-04-10T09:00:00+09:00");
    for lang in ["ja", "en"] {
        env.ok(&[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            lang,
            "--format",
            "pdf",
        ]);
    }
    env.at_time("2018-07-05T09:00:00+09:00");
    register_press_release(&env);
    env.ok(&[
        "hub",
        "set-status",
        "H10",
        "opened",
        "--date",
        "2018-05",
        "--source",
        "mhlw-2018-05-15",
    ]);
    env.ok(&[
        "agreement",
        "add",
        "--country",
        "インド",
        "--kind",
        "MOC",
        "--date",
        "2018-06-12",
        "--title-ja",
        "日印ヘルスケア協力覚書",
        "--title-en",
        "Japan-India healthcare MOC",
        "--source",
        MOC_JA,
        "--source-en",
        MOC_EN,
    ]);
    env.at_time("2018-07-12T09:00:00+09:00");
    let mut args = vec![
        "members",
        "record",
        "57",
        "--date",
        "2018-03-31",
        "--source",
        REPORT_JA,
        "--note",
        NOTE_JA,
    ];
    if english {
        args.extend(["--source-en", REPORT_EN, "--note-en", NOTE_EN]);
    }
    env.ok(&args);
    env.at_time(FY2018Q1_KNOWN);
    env
}

/// Registers the press release of 15 May 2018 as source document `mhlw-2018-05-15`.
fn register_press_release(env: &Env) {
    let (ja, en) = (PRESS_JA, PRESS_EN);
    let add = ["source", "add", "mhlw-2018-05-15", "--date", "2018-05-15"];
    env.ok(&[&add[..], &["--title-ja", ja, "--title-en", en]].concat());
}

/// FY2018Q1's report in a language as known after its news, HTML and PDF (where pdftotext is
/// installed): each format's text. The briefing is rendered from a copy of the reports folder
/// that lets its PDF take two pages: the footer that lists three sources in full overflows the
/// one page (what is read here is the language of the sources, not the page).
fn rendered(env: &Env, report: &str, lang: &str) -> Vec<(&'static str, String)> {
    if report == "quarterly" {
        return common::rendered(env, report, "FY2018Q1", lang, FY2018Q1_KNOWN);
    }
    let reports = env.path("reports");
    if !reports.exists() {
        common::copy_dir(&common::reports_dir(), &reports);
        let def = reports.join("briefing.toml");
        let text = std::fs::read_to_string(&def).unwrap();
        assert!(text.contains("\nmax_pages = 1\n"), "{text}");
        std::fs::write(&def, text.replace("\nmax_pages = 1\n", "\nmax_pages = 2\n")).unwrap();
    }
    let mut out = Vec::new();
    for format in ["html", "pdf"] {
        let path = env.path(&format!("{report}.FY2018Q1.{lang}.{format}"));
        let _ = std::fs::remove_file(&path);
        env.ok_with_reports(
            &reports,
            &[
                "report",
                "render",
                report,
                "--period",
                "FY2018Q1",
                "--lang",
                lang,
                "--format",
                format,
                "--draft",
                "--allow-empty",
                "--out",
                path.to_str().unwrap(),
            ],
        );
        if let Some(t) = common::file_text(&path) {
            out.push((if format == "html" { "HTML" } else { "PDF" }, t));
        }
    }
    out
}

/// The errata sheet of FY2017Q4's quarterly report on 20 July 2018: its text and stderr.
fn errata(env: &Env, lang: &str, format: &str) -> Option<(String, String)> {
    env.at_time("2018-07-20T09:00:00+09:00");
    let out = env.path(&format!("errata.{lang}.{format}"));
    let _ = std::fs::remove_file(&out);
    let done = env
        .cmd()
        .args([
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            lang,
            "--format",
            format,
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr).to_string();
    assert!(done.status.success(), "{stderr}");
    Some((common::file_text(&out)?, stderr))
}

#[test]
fn each_report_names_the_registered_document_and_the_english_given_in_its_language() {
    let env = news(true);
    for report in ["quarterly", "briefing"] {
        // The briefing names the correction's source; it counts the office's other sources (the
        // quarterly report's Annex 2 names them).
        let shown: &[&str] = match report {
            "quarterly" => &[PRESS_EN, REPORT_EN],
            _ => &[REPORT_EN],
        };
        for (format, text) in rendered(&env, report, "en") {
            for &english in shown {
                assert!(
                    contains(&text, english),
                    "{report} en {format}: {english}: {text}"
                );
            }
            for japanese in [PRESS_JA, REPORT_JA, "mhlw-2018-05-15", "(in Japanese)"] {
                assert!(
                    !text.contains(japanese),
                    "{report} en {format}: {japanese}: {text}"
                );
            }
        }
        let shown: &[&str] = match report {
            "quarterly" => &[PRESS_JA, REPORT_JA],
            _ => &[REPORT_JA],
        };
        for (format, text) in rendered(&env, report, "ja") {
            for &japanese in shown {
                assert!(
                    contains(&text, japanese),
                    "{report} ja {format}: {japanese}: {text}"
                );
            }
            for english in [PRESS_EN, REPORT_EN, "mhlw-2018-05-15"] {
                assert!(
                    !text.contains(english),
                    "{report} ja {format}: {english}: {text}"
                );
            }
        }
    }
    // The quarterly report's annex of sources names the MOC's source too, and the figure made
    // from the press release names it beside the document's lines.
    let en = common::rendered(&env, "quarterly", "FY2018Q1", "en", FY2018Q1_KNOWN);
    for (format, text) in &en {
        assert!(contains(text, MOC_EN), "{format}: {text}");
        assert!(
            contains(text, &format!("lines 130, 138–275; {PRESS_EN}")),
            "{format}: {text}"
        );
    }
    let ja = common::rendered(&env, "quarterly", "FY2018Q1", "ja", FY2018Q1_KNOWN);
    for (format, text) in &ja {
        assert!(contains(text, MOC_JA), "{format}: {text}");
        assert!(
            contains(text, &format!("130、138〜275行；「{PRESS_JA}」")),
            "{format}: {text}"
        );
    }
    // The errata sheet gives the correction's source and reason in its language.
    for format in ["html", "pdf"] {
        let Some((en, stderr)) = errata(&env, "en", format) else {
            continue;
        };
        assert!(
            contains(&en, REPORT_EN) && contains(&en, NOTE_EN),
            "{format}: {en}"
        );
        assert!(
            !en.contains(NOTE_JA) && !en.contains(REPORT_JA),
            "{format}: {en}"
        );
        assert!(!stderr.contains("warning"), "{stderr}");
        let (ja, _) = errata(&env, "ja", format).unwrap();
        assert!(
            contains(&ja, REPORT_JA) && contains(&ja, NOTE_JA),
            "{format}: {ja}"
        );
        assert!(
            !ja.contains(NOTE_EN) && !ja.contains(REPORT_EN),
            "{format}: {ja}"
        );
    }
}

#[test]
fn without_english_the_english_report_marks_the_japanese_and_names_it_with_its_command() {
    let env = news(false);
    let marked = format!("{REPORT_JA} (in Japanese)");
    for report in ["quarterly", "briefing"] {
        for (format, text) in rendered(&env, report, "en") {
            assert!(contains(&text, &marked), "{report} {format}: {text}");
        }
        let html =
            std::fs::read_to_string(env.path(&format!("{report}.FY2018Q1.en.html"))).unwrap();
        assert!(
            html.contains(&format!(
                "<span lang=\"ja\">{REPORT_JA}</span> (in Japanese)"
            )),
            "{report}: {html}"
        );
        // The Japanese report shows the text as recorded, unmarked.
        for (format, text) in rendered(&env, report, "ja") {
            assert!(contains(&text, REPORT_JA), "{report} ja {format}: {text}");
            assert!(
                !text.contains("(in Japanese)"),
                "{report} ja {format}: {text}"
            );
        }
    }
    // The render names the text on stderr with the command that gives its English.
    env.at_time(FY2018Q1_KNOWN);
    let out = env
        .cmd()
        .args([
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2018Q1",
            "--lang",
            "en",
            "--format",
            "html",
            "--draft",
            "--out",
        ])
        .arg(env.path("draft.html"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "source 「{REPORT_JA}」: no English, shown in Japanese (tenkai source english --ja '{REPORT_JA}' --en '…')"
        )),
        "{stderr}"
    );
    // The errata sheet marks the note and the source, and names both with the command.
    if let Some((en, stderr)) = errata(&env, "en", "html") {
        assert!(contains(&en, &format!("{NOTE_JA} (in Japanese)")), "{en}");
        assert!(
            stderr.contains(&format!("「{NOTE_JA}」: no English, shown in Japanese (tenkai source english --ja '{NOTE_JA}' --en '…')")),
            "{stderr}"
        );
    }
    // Given later, the English shows from then on; a report as known before shows what it did.
    env.at_time("2018-07-21T09:00:00+09:00");
    env.ok(&["source", "english", "--ja", REPORT_JA, "--en", REPORT_EN]);
    let later = common::rendered(
        &env,
        "quarterly",
        "FY2018Q1",
        "en",
        "2018-07-21T09:00:00+09:00",
    );
    for (format, text) in later {
        assert!(
            contains(&text, REPORT_EN) && !text.contains(REPORT_JA),
            "{format}: {text}"
        );
    }
    let before = common::rendered(&env, "quarterly", "FY2018Q1", "en", FY2018Q1_KNOWN);
    for (format, text) in before {
        assert!(contains(&text, &marked), "{format}: {text}");
    }
}

#[test]
fn bad_sources_and_english_are_refused_and_change_nothing() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    register_press_release(&env);
    env.ok(&[
        "hub",
        "set-status",
        "H10",
        "opened",
        "--date",
        "2018-05",
        "--source",
        "報道発表",
        "--source-en",
        "Press release",
    ]);
    let before = env.dump();
    let add = |code: &str, ja: &str, en: &str, date: &str| {
        vec![
            "source".to_string(),
            "add".into(),
            code.into(),
            "--title-ja".into(),
            ja.into(),
            "--title-en".into(),
            en.into(),
            "--date".into(),
            date.into(),
        ]
    };
    let refusals: Vec<(Vec<String>, &str)> = vec![
        (
            add("MHLW-2018-05-15", "別の題名", "Another", "2018-05-15"),
            "CODE 'MHLW-2018-05-15': a source document is already registered as 'mhlw-2018-05-15'",
        ),
        (
            add("tf2018-03", "別の題名", "Another", "2018-05-15"),
            "already registered as 'tf2018-03'",
        ),
        (
            add("mhlw 2018", "題名", "Title", "2018-05-15"),
            "CODE 'mhlw 2018' cannot name a source document: use letters, digits and - _ . only",
        ),
        (
            add("mhlw-2018-06", " ", "Title", "2018-06-01"),
            "--title-ja is empty: give the document's title",
        ),
        (
            add("mhlw-2018-06", "題名", "", "2018-06-01"),
            "--title-en is empty",
        ),
        (
            add("mhlw-2018-06", "題名", "Title", "2018-06"),
            "--date '2018-06' gives no day",
        ),
        (
            ["hub", "set-status", "H10", "opened", "--date", "2018-05", "--source", "mhlw-2018-05-16"]
                .map(String::from)
                .to_vec(),
            "--source 'mhlw-2018-05-16' is not the code of a registered source document; did you mean 'mhlw-2018-05-15'",
        ),
        (
            // (--source itself is required: clap refuses its absence first.)
            [
                "members", "record", "60", "--date", "2018-06-30", "--source", "会員名簿",
                "--note-en", "A note",
            ]
            .map(String::from)
            .to_vec(),
            "--note-en gives the English of --note, and --note is not given: give --note too",
        ),
        (
            [
                "hub", "set-status", "H10", "opened", "--date", "2018-05", "--source", "報道発表",
                "--note", "訂正", "--note-en", " ",
            ]
            .map(String::from)
            .to_vec(),
            "--note-en is empty: give the English of --note, or leave --note-en out",
        ),
        (
            ["source", "english", "--ja", "記録にない文", "--en", "Not recorded"]
                .map(String::from)
                .to_vec(),
            "--ja: no source or note is recorded as 「記録にない文」",
        ),
    ];
    for (args, says) in refusals {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, err) = env.fails(&args);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
    // The list shows the seed's document and the registered one, with when it was registered.
    let list = env.ok(&["source", "list", "--format", "csv"]);
    assert!(list.contains("\ntf2018-03,"), "{list}");
    assert!(
        list.contains(&format!(
            "\nmhlw-2018-05-15,{PRESS_JA},{PRESS_EN},2018-05-15,,2018-07-05T00:00:00Z"
        )),
        "{list}"
    );
    // The record stays append-only: a registered document and an English text cannot change.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for sql in [
        "UPDATE source_documents SET title_en = 'x' WHERE code = 'mhlw-2018-05-15'",
        "DELETE FROM source_document_registered",
        "DELETE FROM english_texts",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
    }
}

#[test]
fn a_quarter_form_gives_the_english_of_its_sources_and_notes() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    let header = "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source,note_en,source_en";
    // English given without the Japanese it translates: refused with its cell, nothing written.
    let bad = env.path("bad.csv");
    std::fs::write(
        &bad,
        format!("{header}\nインド,MOC,2018-06-12,,日印ヘルスケア協力覚書,,,,,,,\"{MOC_EN}\"\n"),
    )
    .unwrap();
    let before = env.dump();
    let (_, err) = env.fails(&["import", "agreements", bad.to_str().unwrap()]);
    assert!(
        err.contains("source_en")
            && err.contains("gives the English of the column source, which is empty"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    // A form of before the English columns still imports, as if they were blank.
    let old = env.path("old.csv");
    let old_header = header.trim_end_matches(",note_en,source_en");
    std::fs::write(
        &old,
        format!("{old_header}\nタイ,MOC,2018-06-01,,日タイ覚書,,,,,報道発表\n"),
    )
    .unwrap();
    env.ok(&["import", "agreements", old.to_str().unwrap()]);
    // The form's English shows in the English report; the Japanese in the Japanese one.
    let good = env.path("good.csv");
    std::fs::write(
        &good,
        format!("{header}\nインド,MOC,2018-06-12,,日印ヘルスケア協力覚書,Japan-India healthcare MOC,,,{NOTE_JA},{MOC_JA},{NOTE_EN},\"{MOC_EN}\"\n"),
    )
    .unwrap();
    env.ok(&["import", "agreements", good.to_str().unwrap()]);
    env.at_time(FY2018Q1_KNOWN);
    for (format, text) in common::rendered(&env, "quarterly", "FY2018Q1", "en", FY2018Q1_KNOWN) {
        assert!(
            contains(&text, MOC_EN) && !text.contains(MOC_JA),
            "{format}: {text}"
        );
    }
    for (format, text) in common::rendered(&env, "quarterly", "FY2018Q1", "ja", FY2018Q1_KNOWN) {
        assert!(
            contains(&text, MOC_JA) && !text.contains(MOC_EN),
            "{format}: {text}"
        );
    }
    let recorded = env.ok(&[
        "sql",
        "SELECT ja, en FROM english_texts ORDER BY id",
        "--format",
        "csv",
    ]);
    assert!(
        recorded.contains(&format!("{NOTE_JA},{NOTE_EN}")),
        "{recorded}"
    );
}

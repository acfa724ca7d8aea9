//! The PDF: extracted text, embedded subset fonts, A4, structure, repeated table headers,
//! determinism and the one-page briefing. Checked with poppler-utils and qpdf.

use crate::common;
use common::{run_tool, tool, Env, HUB_NAMES};

const KNOWN: &str = "2018-04-10T09:00";

/// `report render REPORT` of FY2017Q4 to one PDF, at the fixed moment.
fn render_args<'a>(report: &'a str, lang: &'a str, out: &'a str) -> [&'a str; 13] {
    [
        "report",
        "render",
        report,
        "--period",
        "FY2017Q4",
        "--lang",
        lang,
        "--format",
        "pdf",
        "--known-at",
        KNOWN,
        "--out",
        out,
    ]
}

fn render_pdf(env: &Env, report: &str, lang: &str, out: &str) -> std::path::PathBuf {
    let p = env.path(out);
    let mut args = render_args(report, lang, p.to_str().unwrap()).to_vec();
    // The briefing's lines to take are not written here: rendered marked as not written.
    args.push("--allow-empty");
    env.ok(&args);
    p
}

fn pages(pdfinfo: &std::path::Path, pdf: &std::path::Path) -> usize {
    let info = run_tool(pdfinfo, &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_quarterly_pdf_has_the_text_fonts_and_size_of_a_briefing_document() {
    let (Some(pdftotext), Some(pdffonts), Some(pdfinfo), Some(qpdf)) = (
        tool("pdftotext"),
        tool("pdffonts"),
        tool("pdfinfo"),
        tool("qpdf"),
    ) else {
        return;
    };
    let env = Env::new();
    let pdf = render_pdf(&env, "quarterly", "ja", "q.pdf");
    let p = pdf.to_str().unwrap();
    let text = run_tool(&pdftotext, &[p, "-"]);
    // A long name may wrap in its table cell: its lines are read in order.
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for name in HUB_NAMES {
        let bare: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(joined.contains(&bare), "{name} is not extractable");
    }
    for s in [
        "平成29年度第4四半期（平成30年1月〜3月）",
        "平成30年3月31日",
        "平成25年5月",
        "平成30年3月22日（持ち回り開催）",
        "開業済みの医療拠点",
        "栄養改善事業推進プラットフォーム",
    ] {
        assert!(text.contains(s), "'{s}' is not in the extracted text");
    }
    // The figures of the source document, in the key-figures table (label, this quarter, previous).
    let layout = run_tool(&pdftotext, &["-layout", p, "-"]);
    let row = |label: &str| -> Vec<String> {
        let line = layout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}"));
        line[line.find(label).unwrap() + label.len()..]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    // Each row: the figure's name, its unit, then its values.
    assert_eq!(row("開業済みの医療拠点")[..2], ["か所", "21"]);
    assert_eq!(row("開業予定の医療拠点")[1], "6");
    assert_eq!(row("実行可能性調査中の医療拠点")[1], "1");
    assert_eq!(row("政府間覚書等の相手国")[1], "20");
    assert_eq!(row("タスクフォースの開催回数")[1], "13");
    assert_eq!(row("設置済みのワーキンググループ")[1], "5");
    assert_eq!(
        row("栄養改善事業推進プラットフォームの会員企業・団体数")[1],
        "56"
    );
    // Fonts: every one embedded and subset, none Type 3; the SQL of the sources section in the
    // monospace face.
    let fonts = run_tool(&pdffonts, &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{fonts}");
    assert!(
        rows.iter().any(|r| r.contains("+DejaVuSansMono ")),
        "{fonts}"
    );
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        assert!(cols[0].contains('+'), "not marked as a subset: {r}");
        assert!(!r.contains("Type 3"), "{r}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            &["yes", "yes", "yes"],
            "emb/sub/uni: {r}"
        );
    }
    let info = run_tool(&pdfinfo, &[p]);
    assert!(
        info.contains("Page size:       595.28 x 841.89 pts (A4)"),
        "{info}"
    );
    assert!(
        info.contains("Title:           医療国際展開 四半期進捗報告"),
        "{info}"
    );
    // The document's date is the moment of the record it was made from (--known-at, 09:00 in
    // Tokyo), not its as-of date at midnight, and never the clock.
    let dates = run_tool(&pdfinfo, &["-isodates", p]);
    assert!(
        dates.contains("CreationDate:    2018-04-10T09:00:00+09"),
        "{dates}"
    );
    assert!(
        dates.contains("ModDate:         2018-04-10T09:00:00+09"),
        "{dates}"
    );
    run_tool(&qpdf, &["--check", p]);
    // A nested outline: the h1 holds the h2 sections.
    let json = run_tool(&qpdf, &["--json", "--json-key=outlines", p]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let top = v["outlines"].as_array().unwrap();
    assert!(
        top.iter()
            .any(|o| o["title"] == "医療国際展開 四半期進捗報告"
                && o["kids"].as_array().is_some_and(|k| k.len() >= 5)),
        "{json}"
    );
}

#[test]
fn japanese_dates_extract_without_stray_spaces() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let env = Env::new();
    let pdf = render_pdf(&env, "quarterly", "ja", "q.pdf");
    let text = run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
    for s in ["平成29年2月", "基準日：平成30年3月31日"] {
        assert!(text.contains(s), "'{s}' not found");
    }
    assert!(
        !text.contains("平成 30") && !text.contains("30 年") && !text.contains("3 月"),
        "a stray space inside a date"
    );
    // A quarter across the change of era: 平成 until April 2019, 令和元年 (not 1年) from May.
    let out = env.path("reiwa.pdf");
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2019Q1",
        "--known-at",
        "2019-07-10T09:00",
        "--format",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = run_tool(&pdftotext, &[out.to_str().unwrap(), "-"]);
    for s in [
        "令和元年度第1四半期（平成31年4月〜令和元年6月）",
        "基準日：令和元年6月30日",
    ] {
        assert!(text.contains(s), "'{s}' not found");
    }
    assert!(
        !text.contains("令和1年") && !text.contains("令和 元"),
        "{text}"
    );
}

#[test]
fn the_annex_header_repeats_on_every_page_it_crosses() {
    let (Some(pdftotext), Some(pdfinfo)) = (tool("pdftotext"), tool("pdfinfo")) else {
        return;
    };
    let env = Env::new();
    env.ok(&["init"]);
    let csv = env.path("more.csv");
    let mut body = String::from(
        "code,name_ja,name_en,country,kind,operators,status,effective_date,expected_date,note,source\n",
    );
    for i in 0..60 {
        body.push_str(&format!(
            "X{i:02},追加拠点{i}号センター,,VN,clinic,日揮;富士フイルム,opened,2017-06-01,,,合成データ\n"
        ));
    }
    std::fs::write(&csv, body).unwrap();
    env.ok(&["import", "hubs", csv.to_str().unwrap()]);
    let p = env.path("big.pdf");
    env.ok(&common::render_quarterly("pdf", p.to_str().unwrap()));
    let n = pages(&pdfinfo, &p);
    let mut annex_pages = 0;
    for page in 1..=n {
        let t = run_tool(
            &pdftotext,
            &[
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
                p.to_str().unwrap(),
                "-",
            ],
        );
        if t.contains("追加拠点") {
            annex_pages += 1;
            assert!(
                t.contains("主な関係機関") && t.contains("状況") && t.contains("時期"),
                "page {page} of the annex has no header row"
            );
        }
    }
    assert!(
        annex_pages >= 2,
        "the annex should cross pages ({annex_pages})"
    );
    let all = run_tool(&pdftotext, &[p.to_str().unwrap(), "-"]);
    for i in 0..60 {
        assert!(
            all.contains(&format!("追加拠点{i}号センター")),
            "hub {i} lost"
        );
    }
}

#[test]
fn two_renders_are_byte_identical() {
    let env = Env::new();
    let a = render_pdf(&env, "quarterly", "ja", "a.pdf");
    let b = render_pdf(&env, "quarterly", "ja", "b.pdf");
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    // Other files: a file the log names is never written over.
    let a = render_pdf(&env, "briefing", "en", "c.pdf");
    let b = render_pdf(&env, "briefing", "en", "d.pdf");
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn both_formats_in_one_render_give_the_files_of_two_single_renders() {
    // One context and template run serve both formats; the PDF, written last, takes them over.
    let env = Env::new();
    let render = |format: &str, out: &[&str]| {
        let mut args = render_args("quarterly", "en", "")[..11].to_vec();
        args[8] = format;
        args.extend(out);
        env.ok(&args)
    };
    // As known at a past moment, both files go to a draft folder (a send is as known now).
    let drafts = render("pdf,html", &["--draft"]);
    let both = |ext: &str| {
        let path = drafts.lines().find(|l| l.ends_with(ext)).unwrap();
        std::fs::read(path).unwrap()
    };
    for ext in ["pdf", "html"] {
        let single = env.path(&format!("single.{ext}"));
        // A draft too: a draft carries its mark on every page.
        render(ext, &["--draft", "--out", single.to_str().unwrap()]);
        assert_eq!(both(ext), std::fs::read(single).unwrap(), "{ext}");
    }
    let draft = std::path::Path::new(drafts.lines().next().unwrap());
    let _ = std::fs::remove_dir_all(draft.parent().unwrap().parent().unwrap());
}

#[test]
fn the_reports_fonts_are_cut_for_the_characters_expected_before_layout() {
    // The fonts are cut beside the layout, for the characters each face is expected to draw. For
    // every built-in report the guess must hold every character drawn: a wrong guess still gives
    // the right PDF, but cuts the fonts twice.
    use tenkai::pdf::layout::{self, PageStyle};
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        tenkai::store::Store::open(&dir.path().join("t.sqlite"), tenkai::store::Seed::Yes).unwrap();
    let reports = common::reports_dir();
    let fonts = tenkai::pdf::fonts::Fonts::load(&reports).unwrap();
    for (report, lang) in [
        ("quarterly", "ja"),
        ("quarterly", "en"),
        ("briefing", "ja"),
        ("briefing", "en"),
    ] {
        let def = tenkai::report::load(&reports, report).unwrap();
        let req = tenkai::render::Request {
            reports: &reports,
            db_path: &store.path.clone(),
            def: &def,
            period: tenkai::period::Period::parse("FY2017Q4").unwrap(),
            at: tenkai::dates::AsOf::from_args(None, Some("2018-04-10T09:00")).unwrap(),
            lang: tenkai::i18n::Lang::parse(lang).unwrap(),
            draft: false,
        };
        let prepared = tenkai::render::prepare(&mut store.conn, &req, true).unwrap();
        let style = PageStyle::a4(Some(("表題".into(), "期間".into())), true);
        let guess = layout::faces(&layout::Doc::of(prepared.doc.clone()), &style);
        let laid = layout::layout(&prepared.doc, &tenkai::pdf::measure(&fonts), &style).unwrap();
        // Every character drawn was expected, so the fonts are cut once; the only characters
        // expected but not drawn are the page numbers' digits that these pages do not use.
        let drawn = laid.chars();
        for face in 0..2 {
            let unexpected: Vec<&char> = drawn[face]
                .iter()
                .filter(|c| !guess[face].contains(c))
                .collect();
            assert!(
                unexpected.is_empty(),
                "{report} {lang}: {unexpected:?} drawn, not expected"
            );
            let unused: Vec<&char> = guess[face]
                .iter()
                .filter(|c| !drawn[face].contains(c))
                .collect();
            assert!(
                unused
                    .iter()
                    .all(|c| c.is_ascii_digit() || **c == '/' || **c == ' '),
                "{report} {lang}: {unused:?} expected, not drawn"
            );
        }
        assert!(!guess[0].is_empty(), "{report} {lang}: no regular text");
    }
}

#[test]
fn the_briefing_is_one_page_in_both_languages() {
    let (Some(pdfinfo), Some(pdftotext)) = (tool("pdfinfo"), tool("pdftotext")) else {
        return;
    };
    let env = Env::new();
    for lang in ["ja", "en"] {
        let p = render_pdf(&env, "briefing", lang, &format!("b.{lang}.pdf"));
        assert_eq!(pages(&pdfinfo, &p), 1, "{lang}");
        let t = run_tool(&pdftotext, &[p.to_str().unwrap(), "-"]);
        let headline = if lang == "ja" {
            "開業済みの医療拠点は21か所"
        } else {
            "Twenty-one hubs are open"
        };
        // A Japanese line may break anywhere: compare without the breaks.
        let squeezed: String = t.split_whitespace().collect();
        assert!(
            squeezed.contains(&headline.replace(' ', "")) || t.contains(headline),
            "{lang}: {t}"
        );
    }
}

#[test]
fn a_character_the_font_lacks_is_reported_not_drawn_as_tofu() {
    let env = Env::new();
    // `hub add` and `import` refuse it at once, naming it and the field…
    let (code, err) = env.fails(&[
        "hub",
        "add",
        "--source",
        "テスト出典",
        "H98",
        "--name-ja",
        "試験拠点\u{1F3E5}",
        "--country",
        "TR",
        "--kind",
        "hospital",
        "--status",
        "opened",
        "--date",
        "2018-02-01",
    ]);
    // A text to write again is bad usage.
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("name_ja") && err.contains("U+1F3E5"), "{err}");
    // …and a character that reaches the store another way stops the PDF, not drawn as a box.
    env.ok(&[
        "sql",
        "--write",
        "INSERT INTO hubs (code, name_ja, country_iso, kind) VALUES ('H98', '試験拠点\u{1F3E5}', 'TR', 'hospital')",
    ]);
    env.ok(&[
        "sql",
        "--write",
        "INSERT INTO hub_status (hub_id, status, effective_date) SELECT id, 'opened', '2018-02-01' FROM hubs WHERE code = 'H98'",
    ]);
    let out = env.path("x.pdf");
    let res = env
        .cmd()
        .args(common::render_quarterly("pdf", out.to_str().unwrap()))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains("U+1F3E5") && err.contains("試験拠点"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_report_without_bold_text_embeds_the_regular_face_only() {
    // The font programs are cut while the pages are written and put in after them; a face that
    // no text uses is left out, and the PDF must still be whole.
    let (Some(pdffonts), Some(pdftotext), Some(qpdf)) =
        (tool("pdffonts"), tool("pdftotext"), tool("qpdf"))
    else {
        return;
    };
    let env = Env::new();
    let reports = common::reports_copy(&env);
    std::fs::write(
        reports.join("plain.toml"),
        "title_ja = \"平文\"\ntitle_en = \"Plain\"\nsubject_ja = \"試験\"\nsubject_en = \"Test\"\nauthor = \"試験\"\ntemplate = \"plain.html\"\nperiod_kind = \"fiscal_quarter\"\nformats = [\"pdf\"]\nlanguages = [\"ja\"]\noutput = \"{report}/{period}.{lang}.{format}\"\n\n[pdf]\nheader = false\nfooter = false\n",
    )
    .unwrap();
    std::fs::write(
        reports.join("templates/plain.html"),
        "<p>開設済みの拠点は{{ figures.hubs_open }}か所。</p>\n",
    )
    .unwrap();
    let out = env.path("plain.pdf");
    env.ok_with_reports(
        &reports,
        &[
            "report",
            "render",
            "plain",
            "--period",
            "FY2017Q4",
            "--format",
            "pdf",
            "--known-at",
            KNOWN,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let fonts = run_tool(&pdffonts, &[out.to_str().unwrap()]);
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(faces.len(), 1, "{fonts}");
    assert!(faces[0].contains("+NotoSansJP-Regular") && faces[0].contains("yes yes yes"));
    let text = run_tool(&pdftotext, &[out.to_str().unwrap(), "-"]);
    assert!(text.contains("開設済みの拠点は21か所。"), "{text}");
    let check = run_tool(&qpdf, &["--check", out.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
}

#[test]
fn a_link_in_the_markup_is_a_link_in_the_pdf() {
    let (Some(pdfinfo), Some(qpdf)) = (tool("pdfinfo"), tool("qpdf")) else {
        return;
    };
    let env = Env::new();
    let reports = common::reports_copy(&env);
    std::fs::write(
        reports.join("linked.toml"),
        "title_ja = \"リンク\"\ntitle_en = \"Links\"\ntemplate = \"linked.html\"\nperiod_kind = \"fiscal_quarter\"\nformats = [\"pdf\"]\nlanguages = [\"ja\"]\noutput = \"{report}/{period}.{lang}.{format}\"\n",
    )
    .unwrap();
    std::fs::write(
        reports.join("templates/linked.html"),
        "<p>出典は<a href=\"https://www.kantei.go.jp/jp/singi/kenkouiryou/\">首相官邸の資料</a>、問合せは<a href=\"mailto:office@example.jp\">事務局</a>、付表は<a href=\"#annex\">別添</a>。</p>\n",
    )
    .unwrap();
    let out = env.path("linked.pdf");
    env.ok_with_reports(
        &reports,
        &[
            "report",
            "render",
            "linked",
            "--period",
            "FY2017Q4",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    run_tool(&qpdf, &["--check", out.to_str().unwrap()]);
    let urls = run_tool(&pdfinfo, &["-url", out.to_str().unwrap()]);
    assert!(
        urls.contains("https://www.kantei.go.jp/jp/singi/kenkouiryou/"),
        "{urls}"
    );
    assert!(urls.contains("mailto:office@example.jp"), "{urls}");
    assert!(!urls.contains("#annex"), "{urls}");
}

//! A quarter's work as an office does it: the quarter workbook written by `import template
//! quarter`, filled with openpyxl as a person would (status changes, a hub renamed, a partner
//! renamed, a new organisation, an agreement, events, a member count), dry-run, imported, and
//! rendered in both languages: each fact in its quarter at the precision it was given, the English
//! reports without Japanese outside names, and the report sent before re-rendered as it was sent.

use crate::common;
use common::Env;

/// Fills the quarter form: Excel dates where the source gives a day, text where it gives a month.
const FILL: &str = r#"
book = openpyxl.load_workbook(sys.argv[1])
d = datetime.datetime
def put(sheet, row, values):
    ws = book[sheet]
    for i, v in enumerate(values):
        ws.cell(row=row, column=i + 1, value=v)
put("関係機関", 3, ["キヤノンメディカルシステムズ", "Canon Medical Systems", "東芝メディカルシステムズ", d(2018, 1, 4), None, None, "社名変更の発表"])
put("関係機関", 4, ["あおば医療サービス", "Aoba Medical Services", None, None, None, None, "報道発表"])
put("新しい拠点", 3, ["K01", "みどり診療所", "Midori Clinic", "ベトナム", "診療所", "+みどり医療法人", "開業予定", "平成30年11月", None, None, None, "みどり 報道発表"])
put("拠点の状況変更", 3, ["H10", "開業済み", "平成30年5月", None, None, None, "プレスリリース"])
put("拠点の状況変更", 4, ["北斗リハビリテーションセンター（H13）", "開業済み", d(2018, 6, 1), None, None, None, "北斗 報道発表"])
put("拠点の状況変更", 5, ["H16", "開業済み", "H30.12", None, None, None, "現地報道"])
put("拠点の変更", 3, ["H10", "平成30年5月", None, "生活習慣病予防・治療センター", "Lifestyle Disease Prevention and Treatment Centre", None, None, None, "開業の報道発表"])
put("拠点の変更", 4, ["H13", d(2018, 6, 1), None, None, None, None, "医療法人北斗;あおば医療サービス;+北斗リハビリ運営", None, "北斗 報道発表"])
put("政府間文書", 3, ["インド", "協力覚書（MOC）", d(2018, 10, 29), None, "日印ヘルスケア協力覚書", "Japan-India healthcare MOC", None, None, None, "厚生労働省報道発表"])
put("WGの動き", 3, ["訪日外国人に対する適切な医療等の確保に関するワーキンググループ", "報告・とりまとめ", d(2018, 6, 14), None, "総合対策をとりまとめ", "Comprehensive measures compiled", None, None, "首相官邸"])
put("PFの動き", 3, ["栄養改善事業推進プラットフォーム", "会合", "平成30年11月", "月", "第3回総会を開催", "Third general meeting held", None, None, "NJPPP"])
put("会員数", 3, ["栄養改善事業推進プラットフォーム", d(2018, 6, 30), "６１", None, "NJPPP会員一覧"])
book.save(sys.argv[1])
"#;

/// A text without its quotations (「…」).
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '「' => depth += 1,
            '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn render(env: &Env, period: &str, lang: &str, format: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = env.path(&format!("{period}.{lang}.{format}"));
    let mut args = vec![
        "report",
        "render",
        "quarterly",
        "--period",
        period,
        "--lang",
        lang,
    ];
    args.extend(["--format", format, "--out", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    env.ok(&args);
    out
}

/// The command that renders the FY2017Q4 report in Japanese (sent, without `--out`).
fn last_quarter<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["report", "render", "quarterly", "--period", "FY2017Q4"];
    args.extend(["--lang", "ja", "--format", "html"]);
    args.extend_from_slice(extra);
    args
}

/// Whether a character is Japanese script (kana or a CJK ideograph).
fn japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The text of a page outside the elements marked `lang="ja"` (names shown as they are) and
/// outside `<style>`/`<script>`.
fn text_outside_japanese(html: &str) -> String {
    const VOID: &[&str] = &[
        "meta", "link", "br", "img", "hr", "input", "col", "wbr", "source",
    ];
    let mut out = String::new();
    // Each open element: whether its text is left out.
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if !stack.last().is_some_and(|s| s.1) {
            out.push_str(&rest[..lt]);
        }
        let gt = lt + rest[lt..].find('>').expect("a tag closes");
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if tag.starts_with('/') {
            if let Some(i) = stack.iter().rposition(|s| s.0 == name) {
                stack.truncate(i);
            }
            continue;
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let hidden = stack.last().is_some_and(|s| s.1)
            || tag.contains("lang=\"ja\"")
            || matches!(name.as_str(), "style" | "script");
        stack.push((name, hidden));
    }
    out.push_str(rest);
    out
}

#[test]
fn a_quarter_filled_in_the_workbook_shows_each_fact_in_its_quarter_and_the_sent_report_stays() {
    let env = Env::new();
    // The last quarter's report, sent before any of this quarter's news.
    env.at_time("2018-04-10T10:00:00+09:00");
    env.ok(&last_quarter(&[]));
    let sent = env.path("exports/quarterly/FY2017Q4.ja.html");
    assert!(std::fs::read_to_string(&sent)
        .unwrap()
        .contains("東芝メディカルシステムズ"));

    env.at_time("2019-04-10T09:00:00+09:00");
    let form = env.path("Q.xlsx");
    env.ok(&[
        "import",
        "template",
        "quarter",
        "--out",
        form.to_str().unwrap(),
    ]);
    if !common::openpyxl(FILL, &form) {
        return;
    }

    let before = env.dump();
    common::quarter_dry_run(
        &env,
        &form,
        &[
            "12 row(s) are valid",
            "シート『新しい拠点』3行目：新しい拠点：みどり診療所（ベトナム、診療所） K01 開業予定 平成30年11月（月）出典：みどり 報道発表",
            "シート『新しい拠点』3行目：新しい関係機関：みどり医療法人",
            "シート『関係機関』3行目：関係機関の改称：東芝メディカルシステムズ → キヤノンメディカルシステムズ 平成30年1月4日（日）",
            "シート『関係機関』4行目：新しい関係機関：あおば医療サービス",
            "シート『拠点の状況変更』3行目：H10 開業済み 平成30年5月（月）",
            "シート『拠点の状況変更』4行目：H13 開業済み 平成30年6月1日（日）",
            "シート『拠点の状況変更』5行目：H16 開業済み 平成30年12月（月）",
            "シート『拠点の変更』3行目：H10 名称：生活習慣病予防・治療センター（仮称） → 生活習慣病予防・治療センター 平成30年5月（月）出典：開業の報道発表",
            "シート『拠点の変更』4行目：新しい関係機関：北斗リハビリ運営",
        ],
    );
    env.ok(&["import", "quarter", form.to_str().unwrap()]);
    assert_ne!(env.dump(), before);

    let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap();
    let q1 = read(render(&env, "FY2018Q1", "ja", "html", &[]));
    for fact in [
        "平成30年5月",
        "平成30年6月1日",
        "生活習慣病予防・治療センター",
        "平成30年6月14日",
        "総合対策をとりまとめ",
        "61",
    ] {
        assert!(q1.contains(fact), "FY2018Q1 (ja) lacks {fact}");
    }
    assert!(
        !q1.contains("みどり診療所"),
        "a hub planned in November in Q1"
    );
    assert!(!q1.contains("平成30年5月1日"), "a day was invented");
    assert!(
        !q1.contains("協力覚書（MOC）") && !q1.contains("第3回総会"),
        "a later fact in Q1"
    );
    let q1en = read(render(&env, "FY2018Q1", "en", "html", &[]));
    for fact in [
        "May 2018",
        "1 June 2018",
        "Lifestyle Disease Prevention and Treatment Centre",
        "14 June 2018",
        "Comprehensive measures compiled",
    ] {
        assert!(q1en.contains(fact), "FY2018Q1 (en) lacks {fact}");
    }
    assert!(!invented(&q1en, "1 May 2018"), "a day was invented");
    assert!(
        q1en.contains("Lifestyle Disease Prevention and Treatment Centre (formerly "),
        "FY2018Q1 (en) lacks the former name"
    );
    let q3 = read(render(&env, "FY2018Q3", "ja", "html", &[]));
    for fact in [
        "平成30年10月29日　インド　協力覚書（MOC）",
        "平成30年11月　栄養改善事業推進プラットフォーム：第3回総会を開催",
        "平成30年12月",
        "みどり診療所",
    ] {
        assert!(q3.contains(fact), "FY2018Q3 (ja) lacks {fact}");
    }
    for day in ["平成30年11月1日", "平成30年12月1日"] {
        if let Some(i) = q3.find(day) {
            panic!(
                "a day was invented: {}",
                &q3[q3.floor_char_boundary(i.saturating_sub(300))..q3.ceil_char_boundary(i + 100)]
            );
        }
    }
    assert!(
        !q3.contains("総合対策をとりまとめ") && !q3.contains("旧称"),
        "an earlier fact in Q3"
    );
    let q3en = read(render(&env, "FY2018Q3", "en", "html", &[]));
    for fact in [
        "29 October 2018: India",
        "November 2018",
        "third general meeting held",
        "December 2018",
        "Midori Clinic",
    ] {
        assert!(q3en.contains(fact), "FY2018Q3 (en) lacks {fact}");
    }
    assert!(
        !invented(&q3en, "1 November 2018") && !invented(&q3en, "1 December 2018"),
        "a day was invented"
    );
    // A source a user cited in Japanese is marked as Japanese in the English report.
    assert!(
        q3en.contains("NJPPP<span lang=\"ja\">会員一覧</span>"),
        "FY2018Q3 (en): the cited source is not marked as Japanese"
    );
    for (name, page) in [("FY2018Q1", &q1en), ("FY2018Q3", &q3en)] {
        // Left aside: quotations of the source (「開設予定」); the sources this quarter's rows
        // cite in Japanese are marked lang="ja", as names are.
        let text = unquoted(&text_outside_japanese(page));
        let found: String = text.chars().filter(|c| japanese(*c)).collect();
        assert!(
            found.is_empty(),
            "{name} (en) has Japanese outside names: {found}\n{text}"
        );
    }
    // The PDFs say the same, at the same precision.
    let pdf_facts: [(&str, &str, &[&str], &[&str]); 4] = [
        (
            "FY2018Q1",
            "ja",
            &["平成30年5月", "平成30年6月14日"],
            &["平成30年5月1日"],
        ),
        (
            "FY2018Q1",
            "en",
            &["May 2018", "14 June 2018"],
            &["1 May 2018"],
        ),
        (
            "FY2018Q3",
            "ja",
            &["平成30年10月29日", "平成30年11月", "みどり診療所"],
            &["平成30年11月1日", "平成30年12月1日"],
        ),
        (
            "FY2018Q3",
            "en",
            &["29 October 2018", "November 2018", "Midori Clinic"],
            &["1 November 2018", "1 December 2018"],
        ),
    ];
    for (period, lang, says, never) in pdf_facts {
        let Some(text) = pdf_text(&render(&env, period, lang, "pdf", &[])) else {
            break;
        };
        for fact in says {
            assert!(
                text.contains(fact),
                "{period} (PDF, {lang}) lacks {fact}:\n{text}"
            );
        }
        for day in never {
            assert!(
                !invented(&text, day),
                "{period} (PDF, {lang}): a day was invented: {day}"
            );
        }
    }

    // As known when it was sent, the last quarter's report is the sent bytes.
    let again = env.path("again.html");
    env.ok(&last_quarter(&[
        "--known-at",
        "2018-04-10T10:00:00+09:00",
        "--out",
        again.to_str().unwrap(),
    ]));
    assert_eq!(
        common::sha256_file(&again),
        common::sha256_file(&sent),
        "the re-render as sent differs from the sent file"
    );
    let now = read(render(&env, "FY2017Q4", "ja", "html", &[]));
    assert!(
        now.contains("キヤノンメディカルシステムズ"),
        "the partner's rename is not shown as known now"
    );
}

/// Whether an English date (`1 November 2018`) stands in a text as a date of its own, not the end
/// of another (`21 November 2018`, `31 December 2018`).
fn invented(text: &str, day: &str) -> bool {
    text.match_indices(day)
        .any(|(i, _)| !text[..i].ends_with(|c: char| c.is_ascii_digit()))
}

/// A PDF's text as pdftotext extracts it, where pdftotext is installed.
fn pdf_text(pdf: &std::path::Path) -> Option<String> {
    let out = std::process::Command::new(which("pdftotext")?)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn which(tool: &str) -> Option<String> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(tool))
            .find(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
    })
}

#[test]
fn bad_rows_of_the_hub_and_organisation_sheets_are_named_by_cell_and_nothing_is_written() {
    let env = Env::new();
    env.at_time("2019-04-10T09:00:00+09:00");
    let form = env.path("Q.xlsx");
    env.ok(&[
        "import",
        "template",
        "quarter",
        "--out",
        form.to_str().unwrap(),
    ]);
    let script = r#"
book = openpyxl.load_workbook(sys.argv[1])
def put(sheet, row, values):
    ws = book[sheet]
    for i, v in enumerate(values):
        ws.cell(row=row, column=i + 1, value=v)
put("関係機関", 3, ["キヤノンメディカル", None, "東芝メディカル販売", "2018-01", None, None, "発表"])
put("関係機関", 4, ["富士フイルム", None, None, None, None, None, "発表"])
put("拠点の変更", 3, ["H03", "2018-06", None, None, None, None, "富士フィルム", None, "発表"])
put("拠点の変更", 4, ["H02", "2018-06", None, "北斗画像診断センター", None, None, None, None, "発表"])
put("拠点の変更", 5, ["H04", "2018-06", None, None, None, "歯医者", None, None, "発表"])
put("政府間文書", 3, ["インド", "協力覚書（MOC）", "2018-10-29", None, "日印ヘルスケア協力覚書", None, None, None, None, "発表"])
put("新しい拠点", 3, ["H01", "みどり診療所", None, "ベトナム", "診療所", None, "開業予定", "2018-11", None, None, None, "発表"])
put("新しい拠点", 4, ["K02", "あさひ診療所", None, "ナルニア", "診療所", None, "開業予定", "2018-11", None, None, None, "発表"])
put("新しい拠点", 5, ["K03", "ひかり診療所", None, "ベトナム", "診療所", None, "開業予定", "平成30年2月30日", None, None, None, "発表"])
book.save(sys.argv[1])
"#;
    if !common::openpyxl(script, &form) {
        return;
    }
    let before = env.dump();
    let (code, err) = env.fails(&["import", "quarter", form.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    for says in [
        "sheet '関係機関', cell C3 (former): '東芝メディカル販売' is not a known organisation",
        "sheet '関係機関', cell A4 (name_ja): '富士フイルム' is already a known organisation",
        "sheet '拠点の変更', cell G3 (partners): '富士フィルム' is not a known organisation; did you mean '富士フイルム'?",
        "sheet '拠点の変更', cell D4 (name_ja): '北斗画像診断センター' is the name of hub H01",
        "sheet '拠点の変更', cell F5 (kind): '歯医者' is not a known kind of hub",
        "sheet '新しい拠点', cell A3 (code): hub H01 already exists",
        "sheet '新しい拠点', cell D4 (country): 'ナルニア' is not a known country",
        "sheet '新しい拠点', cell H5 (date):",
        "nothing was imported",
    ] {
        assert!(err.contains(says), "{says}\n{err}");
    }
    assert_eq!(env.dump(), before, "a refused workbook wrote");
}

//! Layout tests, on a fixed-width measure: what lands on which page, and where.

use super::*;

/// Every character is `size` wide (CJK) or half of it (ASCII).
pub(super) struct Fixed;
impl Measure for Fixed {
    fn width(&self, text: &str, size: f64, _face: Face) -> f64 {
        text.chars()
            .map(|c| if c.is_ascii() { size / 2.0 } else { size })
            .sum()
    }
    fn missing(&self, text: &str, _face: Face) -> Option<char> {
        text.chars().find(|c| *c == '\u{e000}')
    }
}

/// `k` paragraphs, then `before`, a table of `rows` rows (行0, 行1, …) and `after`, laid out.
fn table_after_paragraphs(k: usize, before: &str, rows: usize, after: &str) -> Layout {
    let rows: String = (0..rows)
        .map(|i| format!("<tr><td>行{i}</td><td class=\"num\">{i}</td></tr>"))
        .collect();
    let src = format!(
        "{}{before}<table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody>{rows}</tbody></table>{after}",
        "<p>本文の段落。</p>".repeat(k)
    );
    layout(
        &markup::parse(&src).unwrap(),
        &Fixed,
        &PageStyle::a4(None, false),
    )
    .unwrap()
}

pub(super) fn texts(l: &Layout, page: usize) -> Vec<String> {
    l.pages[page]
        .items
        .iter()
        .filter_map(|i| {
            if let Item::Text { text, .. } = i {
                Some(text.clone())
            } else {
                None
            }
        })
        .collect()
}

/// A document laid out on A4 in Japanese, on the fixed-width measure.
pub(super) fn laid_out(src: &str) -> Layout {
    layout(
        &markup::parse(src).unwrap(),
        &Fixed,
        &PageStyle::a4(None, false),
    )
    .unwrap()
}

/// `text` as one regular run.
pub(super) fn plain_runs(text: &str) -> Vec<Run> {
    vec![Run {
        text: text.into(),
        face: Face::Regular,
        color: INK,
        badge: None,
        within: None,
    }]
}

/// The lines one regular run of `text` wraps into at `width`.
pub(super) fn lines_of(text: &str, size: f64, width: f64) -> Vec<String> {
    let runs = plain_runs(text);
    wrap(&Fixed, &runs, size, width)
        .unwrap()
        .iter()
        .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
        .collect()
}

#[test]
fn kinsoku_keeps_closing_punctuation_off_the_line_start() {
    let runs = vec![Run {
        text: "あいうえお、かきくけこ。".into(),
        face: Face::Regular,
        color: INK,
        badge: None,
        within: None,
    }];
    // Five characters fit; the comma may not start the next line.
    let lines = wrap(&Fixed, &runs, 10.0, 50.0).unwrap();
    for l in &lines {
        let t: String = l.pieces.iter().map(|p| p.text.as_str()).collect();
        assert!(!t.starts_with('、') && !t.starts_with('。'), "{t}");
        assert!(l.width <= 60.0);
    }
}

#[test]
fn a_paragraph_never_ends_with_one_character_alone() {
    let st = Style {
        size: 10.0,
        bold: false,
        mono: false,
        color: INK,
        line_height: 1.5,
    };
    let lines_of = |text: &str, width: f64| lines_of(text, st.size, width);
    // Twelve characters of one phrase in a line of eleven: the last line takes two.
    assert_eq!(
        lines_of("一二三四五六七八九十百千", 110.0),
        vec!["一二三四五六七八九十", "百千"]
    );
    // Not where a line may not break: 「。」 never starts a line, so 「九。」 moves together.
    assert_eq!(
        lines_of("一二三四五六七八九。十", 100.0),
        vec!["一二三四五六七八", "九。十"]
    );
    // Nor where neither of the last two may start a line: 「」。」 stay, 「十」 alone.
    assert_eq!(
        lines_of("一二三四五六七八」。十", 100.0),
        vec!["一二三四五六七八」。", "十"]
    );
    // The last line before a forced break counts as a paragraph's last line.
    let runs = vec![Run {
        text: "一二三四五六七八九十百千\n次の行".into(),
        face: Face::Regular,
        color: INK,
        badge: None,
        within: None,
    }];
    let lines: Vec<String> = wrap(&Fixed, &runs, st.size, 110.0)
        .unwrap()
        .iter()
        .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
        .collect();
    assert_eq!(lines, vec!["一二三四五六七八九十", "百千", "次の行"]);
}

#[test]
fn latin_words_wrap_at_spaces_which_take_no_width_at_a_line_end() {
    let runs = vec![Run {
        text: "about twenty hubs by 2020".into(),
        face: Face::Regular,
        color: INK,
        badge: None,
        within: None,
    }];
    let lines = wrap(&Fixed, &runs, 10.0, 50.0).unwrap();
    let t: Vec<String> = lines
        .iter()
        .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
        .collect();
    // The space a line wrapped at stays in its text (so the words stay apart for a reader of the
    // text), but not in its width: a line ends where its last word does.
    assert_eq!(t, vec!["about ", "twenty ", "hubs by ", "2020"]);
    let widths: Vec<f64> = lines.iter().map(|l| l.width).collect();
    assert_eq!(widths, vec![25.0, 30.0, 35.0, 20.0]);
}

#[test]
fn a_missing_glyph_is_an_error() {
    let runs = vec![Run {
        text: "a\u{e000}b".into(),
        face: Face::Regular,
        color: INK,
        badge: None,
        within: None,
    }];
    assert!(wrap(&Fixed, &runs, 10.0, 60.0)
        .unwrap_err()
        .0
        .contains("U+E000"));
}

#[test]
fn long_tables_repeat_their_header_on_every_page() {
    let mut rows = String::new();
    for i in 0..120 {
        rows.push_str(&format!(
            "<tr><td>拠点{i}</td><td class=\"num\">{i}</td></tr>"
        ));
    }
    let doc = markup::parse(&format!("<h2>一覧</h2><table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody>{rows}</tbody></table>")).unwrap();
    let l = layout(&doc, &Fixed, &PageStyle::a4(None, true)).unwrap();
    assert!(l.pages.len() >= 3);
    for p in 0..l.pages.len() {
        let t = texts(&l, p);
        assert!(
            t.contains(&"名前".to_string()),
            "page {p} has no header: {t:?}"
        );
        assert!(t.contains(&format!("{} / {}", p + 1, l.pages.len())));
    }
    assert_eq!(l.outline[0].title, "一覧");
}

#[test]
fn a_table_split_across_pages_keeps_two_rows_on_each_side() {
    // Push a table too long to be kept whole (more rows than a short table has) down the page
    // a paragraph at a time, so that every place a page break can fall in it is tried.
    let rows = table::SAMPLE_ROWS + 4;
    let mut seen_split = false;
    for k in 0..60 {
        let l = table_after_paragraphs(k, "<h3>表</h3>", rows, "");
        let per_page: Vec<usize> = (0..l.pages.len())
            .map(|p| texts(&l, p).iter().filter(|t| t.starts_with('行')).count())
            .filter(|n| *n > 0)
            .collect();
        assert_eq!(per_page.iter().sum::<usize>(), rows, "k = {k}");
        if per_page.len() > 1 {
            seen_split = true;
        }
        assert!(
            per_page.iter().all(|n| *n >= 2),
            "k = {k}: rows per page {per_page:?}"
        );
        // The heading is on the page where the table starts.
        let start = (0..l.pages.len())
            .find(|p| texts(&l, *p).iter().any(|t| t == "行0"))
            .unwrap();
        assert!(texts(&l, start).contains(&"表".to_string()), "k = {k}");
    }
    assert!(
        seen_split,
        "no position split the table: the test tries too little"
    );
}

#[test]
fn a_short_table_is_never_split_and_its_heading_goes_with_it() {
    // Push a ten-row table, and one of fourteen rows that takes less than half a page (a dozen
    // countries and their total), with its heading down the page a paragraph at a time:
    // wherever the page foot falls, the heading and all the rows share one page.
    for rows in [table::KEEP_ROWS, table::KEEP_ROWS + 4] {
        short_table_kept(rows);
    }
}

fn short_table_kept(rows: usize) {
    let mut moved = false;
    for k in 0..60 {
        let l = table_after_paragraphs(k, "<h3>表</h3>", rows, "");
        let pages: Vec<usize> = (0..l.pages.len())
            .filter(|p| texts(&l, *p).iter().any(|t| t.starts_with('行')))
            .collect();
        assert_eq!(pages.len(), 1, "k = {k}: the table is on pages {pages:?}");
        let t = texts(&l, pages[0]);
        assert!(t.contains(&"表".to_string()), "k = {k}: heading apart");
        assert_eq!(t.iter().filter(|t| t.starts_with('行')).count(), rows);
        moved |= pages[0] > 0
            && texts(&l, pages[0] - 1)
                .iter()
                .any(|t| t.starts_with("本文"));
    }
    assert!(
        moved,
        "no position moved the table: the test tries too little"
    );
}

#[test]
fn list_bullets_belong_to_the_language_of_the_document() {
    let doc = markup::parse("<ul><li>One</li><li>Two</li></ul>").unwrap();
    let marks = |style: &PageStyle| {
        let l = layout(&doc, &Fixed, style).unwrap();
        let t = texts(&l, 0);
        (
            t[0].clone(),
            faces(&Doc::of(doc.clone()), style)[0].contains(&t[0].chars().next().unwrap()),
        )
    };
    let base = PageStyle::a4(None, false);
    assert_eq!(
        marks(&base.clone().in_lang("en")),
        ("\u{2022}".to_string(), true)
    );
    assert_eq!(marks(&base.in_lang("ja")), ("・".to_string(), true));
}

#[test]
fn a_chart_that_misses_the_page_by_a_little_is_drawn_smaller_on_it() {
    // Push a heading, its introduction and a 480 × 200 chart down the page a paragraph at a
    // time. The chart is always on the heading's page; near the bottom it shrinks (down to
    // three quarters) instead of leaving the page's rest empty, and never crosses the margin.
    let chart = "<figure><svg viewBox=\"0 0 480 200\"><rect x=\"0\" y=\"0\" width=\"480\" height=\"200\" fill=\"#eeeeee\"/><text x=\"10\" y=\"20\">図の文字</text></svg><figcaption>図の説明</figcaption></figure>";
    let style = PageStyle::a4(None, false);
    let (mut shrunk, mut moved) = (false, false);
    for k in 0..50 {
        let src = format!(
            "{}<h2>見出し</h2><p>導入の段落。</p>{chart}",
            "<p>本文の段落。</p>".repeat(k)
        );
        let l = layout(&markup::parse(&src).unwrap(), &Fixed, &style).unwrap();
        let page_of = |t: &str| {
            (0..l.pages.len())
                .find(|p| texts(&l, *p).iter().any(|x| x == t))
                .unwrap()
        };
        let page = page_of("図の文字");
        assert_eq!(page_of("見出し"), page, "k = {k}");
        let (y, w, h) = l.pages[page]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Rect { y, w, h, .. } => Some((*y, *w, *h)),
                _ => None,
            })
            .unwrap();
        let scale = w / 480.0;
        assert!((h / 200.0 - scale).abs() < 1e-9, "k = {k}: not to scale");
        assert!(
            (0.75 - 1e-9..=1.0).contains(&scale),
            "k = {k}: scale {scale}"
        );
        assert!(y + h <= style.bottom(), "k = {k}: below the margin");
        shrunk |= scale < 0.99;
        moved |= page > 0;
    }
    assert!(
        shrunk && moved,
        "the test tries too little: shrunk {shrunk}, moved {moved}"
    );
}

#[test]
fn a_nowrap_column_gives_way_before_a_word_is_broken() {
    // The names alone (nowrap) are wider than the page: they must wrap, but the countries
    // and operators next to them stay whole words, as they did before the names got long.
    let name = "Lifestyle Disease Prevention and Treatment Centre (provisional name) of Hokuto Medical Corporation, Kaikoukai Clinic Senayan";
    let rows: String = ["Philippines", "Cambodia", "Indonesia"]
        .iter()
        .map(|c| {
            format!("<tr><td class=\"nowrap\">{name}</td><td>{c}</td><td>Japan Gastroenterological Endoscopy Society, Olympus</td></tr>")
        })
        .collect();
    let src = format!("<table><thead><tr><th>Hub</th><th>Country</th><th>Operators</th></tr></thead><tbody>{rows}</tbody></table>");
    let l = layout(
        &markup::parse(&src).unwrap(),
        &Fixed,
        &PageStyle::a4(None, false),
    )
    .unwrap();
    let t = texts(&l, 0);
    for word in ["Philippines", "Cambodia", "Gastroenterological"] {
        assert!(
            t.iter().any(|x| x.contains(word)),
            "{word} was broken: {t:?}"
        );
    }
    assert!(!t.iter().any(|x| x == name), "the name did not wrap: {t:?}");
    // The room is shared as if no cell were `nowrap`: the operators are not squeezed to
    // their longest word while the names take the rest.
    assert!(
        t.iter().any(|x| x.contains("Japan Gastroenterological")),
        "the operators were squeezed to their longest word: {t:?}"
    );
}

#[test]
fn a_note_after_a_table_never_starts_a_page_alone() {
    // Push a long table and its source note down the page a paragraph at a time: wherever
    // the page breaks, the note shares its page with the table's last rows.
    let mut moved = false;
    for k in 0..40 {
        let note = "<aside class=\"note\"><p class=\"note\">出典：資料</p></aside>";
        let l = table_after_paragraphs(k, "", 30, note);
        let note = (0..l.pages.len())
            .find(|p| texts(&l, *p).iter().any(|t| t == "出典：資料"))
            .unwrap();
        let rows_there = texts(&l, note)
            .iter()
            .filter(|t| t.starts_with('行'))
            .count();
        assert!(
            rows_there >= 2,
            "k = {k}: the note's page has {rows_there} rows"
        );
        moved |= note > 0 && texts(&l, note - 1).iter().any(|t| t == "行27");
    }
    assert!(
        moved,
        "no position moved the last rows: the test tries too little"
    );
}

#[test]
fn a_row_taller_than_a_page_is_split() {
    let long = "長い文章。".repeat(900);
    let doc = markup::parse(&format!(
        "<table><tr><th>見出し</th></tr><tr><td>{long}</td></tr></table>"
    ))
    .unwrap();
    let l = layout(&doc, &Fixed, &PageStyle::a4(None, false)).unwrap();
    assert!(l.pages.len() >= 2);
    let all: String = (0..l.pages.len())
        .flat_map(|p| texts(&l, p))
        .filter(|t| t != "見出し")
        .collect();
    assert_eq!(all, long);
}

#[test]
fn a_section_heading_stays_with_its_first_subsection_and_its_text() {
    // A section's title, then its first subsection's, then a paragraph: wherever the page ends,
    // the section title is never the last line of a page, and never apart from the subsection.
    for k in 30..45 {
        let src = format!(
            "{}<h2>章</h2><h3>節</h3><p>続く段落。</p>",
            "<p>本文の段落。</p>".repeat(k)
        );
        let l = layout(
            &markup::parse(&src).unwrap(),
            &Fixed,
            &PageStyle::a4(None, false),
        )
        .unwrap();
        for p in 0..l.pages.len() {
            let t = texts(&l, p);
            if let Some(i) = t.iter().position(|x| x == "章") {
                assert_eq!(
                    t.get(i + 1).map(String::as_str),
                    Some("節"),
                    "{k}: page {p}"
                );
                assert_eq!(t.get(i + 2).map(String::as_str), Some("続く段落。"), "{k}");
            }
        }
    }
}

#[test]
fn a_heading_is_kept_with_what_follows() {
    // Paragraphs push a heading down the first page, one line at a time, past the point where
    // the heading still fits but its paragraph does not: there it must start the next page.
    let mut moved = 0;
    for k in 30..45 {
        let src = format!(
            "{}<h2>見出し</h2><p>続く段落。</p>",
            "<p>本文の段落。</p>".repeat(k)
        );
        let l = layout(
            &markup::parse(&src).unwrap(),
            &Fixed,
            &PageStyle::a4(None, false),
        )
        .unwrap();
        for p in 0..l.pages.len() {
            let t = texts(&l, p);
            if let Some(i) = t.iter().position(|x| x == "見出し") {
                assert!(i + 1 < t.len(), "{k} paragraphs: the heading ends page {p}");
                assert_eq!(t[i + 1], "続く段落。", "{k} paragraphs");
                // Sent to the next page although the first had room for the heading alone.
                let last = l.pages[0].items.iter().filter_map(|it| match it {
                    Item::Text { y, .. } => Some(*y),
                    _ => None,
                });
                let bottom = last.fold(0.0, f64::max);
                if p == 1 && i == 0 && bottom < 841.89 - 56.0 - 30.0 {
                    moved += 1;
                }
            }
        }
    }
    assert!(
        moved > 0,
        "no case put the heading where keeping it with its paragraph matters"
    );
}

#[test]
fn the_faces_are_known_before_layout_exactly_as_the_pages_draw_them() {
    // Every style rule that picks a face: headings, strong, a lead paragraph, header cells
    // (but not a row label), a badge, list markers, chart labels (one bold), a caption, a
    // note, a cover section. Each character below appears in one face only.
    let src = "<section class=\"cover\"><h1>表紙見出</h1><p class=\"lead\">導入文</p></section>\
        <h2>章題</h2><p>本文と<strong>強調</strong>と<em>斜体</em>。</p>\
        <ul><li>項目甲</li></ul><ol><li>項目乙</li><li>項目丙</li></ol>\
        <table><thead><tr><th>列名</th><th class=\"num\">数量</th></tr></thead>\
        <tbody><tr><th>行名</th><td class=\"num\">42</td></tr>\
        <tr><td><span class=\"rag rag-green\">順調</span></td><td>備考</td></tr></tbody></table>\
        <figure><svg viewBox=\"0 0 100 50\"><text x=\"1\" y=\"2\">軸名</text>\
        <text x=\"1\" y=\"9\" font-weight=\"bold\">太字札</text></svg>\
        <figcaption>図説明</figcaption></figure><aside class=\"note\"><p>注記</p></aside>";
    let doc = markup::parse(src).unwrap();
    let style = PageStyle::a4(Some(("表題".into(), "期間".into())), false);
    let guess = faces(&Doc::of(doc.clone()), &style);
    assert_eq!(guess, layout(&doc, &Fixed, &style).unwrap().chars());
    assert!(guess[1].contains(&'強') && !guess[0].contains(&'強'));
    assert!(guess[0].contains(&'行') && !guess[1].contains(&'行'));
    assert!(guess[1].contains(&'太') && guess[0].contains(&'軸'));

    // Page numbers: every digit is expected, whichever the pages show.
    let style = PageStyle::a4(None, true);
    let guess = faces(&Doc::of(doc.clone()), &style);
    let used = layout(&doc, &Fixed, &style).unwrap().chars();
    assert!(used[0].iter().all(|c| guess[0].contains(c)));
    assert_eq!(guess[1], used[1]);
    assert!(('0'..='9').all(|d| guess[0].contains(&d)));
}

#[test]
fn code_is_set_in_the_monospace_face_but_its_japanese_in_the_text_face() {
    let doc = crate::markup::parse(
        "<p>式<code>SELECT '拠点' FROM hubs</code></p><p><strong><code>x 値</code></strong></p>",
    )
    .unwrap();
    let l = layout(&doc, &Fixed, &PageStyle::a4(None, false)).unwrap();
    let faces: Vec<(Face, &str)> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { face, text, .. } => Some((*face, text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        faces,
        [
            (Face::Regular, "式"),
            (Face::Mono, "SELECT '"),
            (Face::Regular, "拠点"),
            (Face::Mono, "' FROM hubs"),
            (Face::Mono, "x "),
            (Face::Bold, "値"),
        ]
    );
    // The faces are known before layout as the pages draw them.
    let guess = faces_of_doc(&doc);
    assert!(guess[Face::Mono.index()].contains(&'S'));
    assert!(!guess[Face::Mono.index()].contains(&'拠'));
    assert!(guess[Face::Regular.index()].contains(&'拠'));
}

fn faces_of_doc(doc: &crate::markup::Document) -> [Vec<char>; Face::COUNT] {
    faces(&Doc::of(doc.clone()), &PageStyle::a4(None, false))
}

#[test]
fn cells_that_look_the_same_are_drawn_alike_but_a_link_in_each_is_its_own_element() {
    let row = "<tr><td class=\"name\">北斗画像診断センター1号</td><td>ベトナム</td><td><a href=\"https://example.org/\">資料</a></td></tr>";
    let src = format!("<table><tbody>{}</tbody></table>", row.repeat(3));
    let l = layout(
        &markup::parse(&src).unwrap(),
        &Fixed,
        &PageStyle::a4(None, false),
    )
    .unwrap();
    let drawn = texts(&l, 0);
    assert_eq!(
        drawn.iter().filter(|t| *t == "ベトナム").count(),
        3,
        "{drawn:?}"
    );
    assert_eq!(
        drawn.iter().filter(|t| *t == "資料").count(),
        3,
        "{drawn:?}"
    );
    // Each row's link has an element of its own, which its text and its link area are part of.
    let links: Vec<NodeId> = (0..l.structure.nodes.len() as NodeId)
        .filter(|&n| l.structure.role(n) == Some(Role::Link))
        .collect();
    assert_eq!(links.len(), 3);
    let page = &l.pages[0];
    for &n in &links {
        let parts: Vec<&Item> = page
            .items
            .iter()
            .zip(&page.marks)
            .filter(|(_, &m)| m == n)
            .map(|(i, _)| i)
            .collect();
        assert!(
            matches!(parts[..], [Item::Text { .. }, Item::Link { .. }]),
            "{parts:?}"
        );
    }
}

#[test]
fn the_counted_pages_are_the_pages_of_the_whole_layout_one_by_one() {
    // A cover, a table across pages with a link in each row, a page break at the very end.
    let rows: String = (0..120)
        .map(|i| {
            format!("<tr><th>行{i}</th><td><a href=\"https://example.org/{i}\">資料</a></td><td class=\"num\">{i}</td></tr>")
        })
        .collect();
    let src = format!(
        "<section class=\"cover\"><h1>表題</h1><p>期間</p></section><h2>表</h2><table><thead><tr><th>名前</th><th>資料</th><th class=\"num\">数</th></tr></thead><tbody>{rows}</tbody></table><p>終わり。</p><div class=\"page-break\"></div>"
    );
    let doc = markup::parse(&src).unwrap();
    let mut style = PageStyle::a4(Some(("表題".into(), "期間".into())), true);
    style.mark = Some("案".into());
    let whole = layout(&doc, &Fixed, &style).unwrap();
    let read = Doc::of(doc.clone());
    let (counted, laid) = count(&read, &Fixed, &style).unwrap();
    assert!(whole.pages.len() > 2, "{}", whole.pages.len());
    assert_eq!(counted.pages, whole.pages.len());
    assert_eq!(counted.structure, whole.structure);
    assert_eq!(counted.outline, whole.outline);
    assert_eq!(counted.chars, whole.chars());
    assert_eq!(counted.last, whole.last());
    assert_eq!(laid.page(1, &Fixed, &style).as_ref(), whole.pages.get(1));
    assert_eq!(laid.page(whole.pages.len(), &Fixed, &style), None);
    let mut pages = Vec::new();
    laid.paginated(&Fixed, &style, &mut |p| pages.push(p));
    assert_eq!(pages, whole.pages);
}

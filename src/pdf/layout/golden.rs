//! Golden layout tests: a few fixtures laid out on the fixed-width measure and dumped as plain
//! text, one line per positioned item with the structure element it is marked as part of, then
//! the elements; insta snapshots checked in under `golden/` and reviewed as a diff.
//!
//! A change to the layout fails here with a diff of the lines that moved. When the change is
//! meant, bless the new dumps with `cargo insta review` (after a failing `cargo test --lib
//! golden`), or write them in place with `INSTA_UPDATE=always cargo test --lib golden` and review
//! them in `git diff`.

use super::tests::Fixed;
use super::*;
use std::fmt::Write;

/// One line per item, each page under its own heading, with its element (`<- P 3`) or
/// `<- artifact`; positions in points to two decimals. Then the outline and the elements.
fn dump(l: &Layout) -> String {
    let mut out = String::new();
    for (n, page) in l.pages.iter().enumerate() {
        writeln!(out, "== page {}", n + 1).unwrap();
        for (item, &mark) in page.items.iter().zip(&page.marks) {
            out.push_str(&item_line(item));
            match l.structure.name(mark) {
                Some(name) => writeln!(out, " <- {name} {mark}").unwrap(),
                None if mark == crate::pdf::structure::PAGINATION => {
                    out.push_str(" <- pagination\n")
                }
                None => out.push_str(" <- artifact\n"),
            }
        }
    }
    for e in &l.outline {
        let (level, page, y, title) = (e.level, e.page + 1, e.y, &e.title);
        writeln!(out, "outline {level} p{page} {y:.2} {title:?}").unwrap();
    }
    for (n, e) in l.structure.nodes.iter().enumerate().skip(1) {
        let role = l.structure.role(n as NodeId).expect("an element");
        let more = match &role {
            crate::pdf::structure::Role::Figure { alt } => format!(" alt {alt:?}"),
            crate::pdf::structure::Role::TH { scope, colspan } => {
                format!(" {scope:?} colspan {colspan}")
            }
            _ => String::new(),
        };
        let (role, parent, page, at) = (role.name(), e.parent, e.at.0 + 1, e.at.1);
        writeln!(
            out,
            "element {n} {role} in {parent} from p{page} #{at}{more}"
        )
        .unwrap();
    }
    out
}

/// A colour as `#rrggbb`.
fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A shape's fill and stroke (colour/width), `-` for none.
fn paint(fill: &Option<Rgb>, stroke: &Option<(Rgb, f64)>) -> String {
    let f = fill.map_or("-".to_string(), hex);
    let s = stroke.map_or("-".to_string(), |(c, w)| format!("{}/{w:.2}", hex(c)));
    format!("fill {f} stroke {s}")
}

/// An item's line of the dump, without its element.
fn item_line(item: &Item) -> String {
    match item {
        Item::Text {
            x,
            y,
            size,
            face,
            color,
            text,
        } => {
            let face = match face {
                Face::Regular => "regular",
                Face::Bold => "bold",
                Face::Mono => "mono",
            };
            format!(
                "text {x:.2} {y:.2} {size:.2} {face} {} {text:?}",
                hex(*color)
            )
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => format!("rect {x:.2} {y:.2} {w:.2}x{h:.2} {}", paint(fill, stroke)),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
            dash,
        } => format!(
            "line {x1:.2} {y1:.2} -> {x2:.2} {y2:.2} {} {width:.2}{}",
            hex(*color),
            if dash.is_some() { " dashed" } else { "" }
        ),
        Item::Link { x, y, w, h, href } => format!("link {x:.2} {y:.2} {w:.2}x{h:.2} {href}"),
        Item::Poly {
            points,
            closed,
            fill,
            stroke,
            ..
        } => format!(
            "poly {} points{} from {:.2} {:.2} {}",
            points.len(),
            if *closed { " closed" } else { "" },
            points.first().map_or(0.0, |p| p.0),
            points.first().map_or(0.0, |p| p.1),
            paint(fill, stroke)
        ),
    }
}

/// Lays out `src` and compares its dump with the snapshot `golden/NAME.snap`. A difference fails
/// with a diff and leaves `golden/NAME.snap.new` beside it for `cargo insta review` (or
/// `INSTA_UPDATE=always` writes the new dump in place, to review in `git diff`).
fn check(name: &str, src: &str) {
    let doc = markup::parse(src).unwrap();
    let style = PageStyle::a4(Some(("表題".into(), "期間".into())), true);
    let got = dump(&layout(&doc, &Fixed, &style).unwrap());
    insta::with_settings!({
        snapshot_path => "golden",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, got);
    });
}

#[test]
fn a_table_across_a_page_break() {
    let rows: String = (0..24)
        .map(|i| format!("<tr><td>行{i}</td><td class=\"num\">{}</td></tr>", i * 100))
        .collect();
    check(
        "table_across_pages",
        &format!(
            "{}<h2>表</h2><table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody>{rows}</tbody></table><p class=\"note\">出典：テスト。</p>",
            "<p>本文の段落。</p>".repeat(26)
        ),
    );
}

#[test]
fn kinsoku_at_a_line_end() {
    // Each paragraph is one character longer: one of them ends a line just before 「。」 or 「、」,
    // which may not start the next line.
    let paragraphs: String = (40..48)
        .map(|n| {
            let body: String = "あ".repeat(n);
            format!("<p>{body}、いう。「かぎ」（括弧）です。</p>")
        })
        .collect();
    check("kinsoku", &paragraphs);
}

#[test]
fn a_heading_at_the_bottom_of_a_page() {
    check(
        "heading_at_page_bottom",
        &format!(
            "{}<h2>見出し</h2><p>見出しに続く段落。</p>",
            "<p>本文の段落。</p>".repeat(34)
        ),
    );
}

#[test]
fn a_chart() {
    check(
        "chart",
        "<h2>図</h2><p>図の前の段落。</p><figure><svg viewBox=\"0 0 480 160\">\
         <rect x=\"40\" y=\"20\" width=\"120\" height=\"100\" fill=\"#2563eb\"/>\
         <line x1=\"40\" y1=\"120\" x2=\"460\" y2=\"120\" stroke=\"#9ca3af\" stroke-width=\"1\"/>\
         <polyline points=\"40,100 200,60 360,40\" fill=\"none\" stroke=\"#1d4ed8\" stroke-width=\"2\"/>\
         <circle cx=\"360\" cy=\"40\" r=\"4\" fill=\"#1d4ed8\"/>\
         <text x=\"100\" y=\"140\" text-anchor=\"middle\">インドネシア</text>\
         <text x=\"460\" y=\"15\" text-anchor=\"end\" font-weight=\"bold\">4</text>\
         </svg><figcaption>国別の医療拠点数</figcaption></figure>",
    );
}

#[test]
fn a_chart_with_a_text_alternative_is_a_figure() {
    check(
        "figure",
        "<p>前の段落。</p><figure><svg viewBox=\"0 0 480 60\" role=\"img\">\
         <title>国別の医療拠点数：インドネシア 4</title>\
         <rect x=\"40\" y=\"20\" width=\"120\" height=\"20\" fill=\"#2563eb\"/>\
         <text x=\"30\" y=\"35\" text-anchor=\"end\">インドネシア</text>\
         </svg><figcaption>国別の医療拠点数</figcaption></figure>\
         <ul><li>項目（<a href=\"https://example.jp/\">リンク</a>）</li></ul>\
         <p>日本語の中の<span lang=\"en\">English</span>。</p>",
    );
}

#[test]
fn a_long_word_widens_its_column_only_so_far() {
    // A 200-letter name: its column takes at most its share of the table and the word breaks
    // inside itself; every other column keeps its words whole.
    let long = "Vietnamese".repeat(20);
    let src = format!(
        "<table><thead><tr><th>Hub</th><th>Country</th><th>Japanese partners</th><th>Status</th><th>Date</th></tr></thead><tbody>\
         <tr><td>{long}</td><td>Vietnam</td><td>Tokyo Medical and Dental University</td><td>Open</td><td>1 June 2017</td></tr>\
         <tr><td>Sunrise Japan Hospital</td><td>Cambodia</td><td>JGC, Innovation Network Corporation of Japan</td><td>Open</td><td>September 2016</td></tr>\
         </tbody></table>"
    );
    check("long_word_in_table", &src);
    let doc = markup::parse(&src).unwrap();
    let style = PageStyle::a4(None, true);
    let l = layout(&doc, &Fixed, &style).unwrap();
    let texts: Vec<&str> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.trim()),
            _ => None,
        })
        .collect();
    for whole in [
        "Country",
        "Vietnam",
        "Cambodia",
        "Status",
        "Open",
        "September",
    ] {
        assert!(
            texts
                .iter()
                .any(|t| t.split(' ').any(|w| w.trim_matches(',') == whole)),
            "{whole} broken: {texts:?}"
        );
    }
    // The long name breaks inside itself, over several lines.
    let pieces = texts.iter().filter(|t| t.contains("Vietnamese")).count();
    assert!(pieces >= 2, "{texts:?}");
}

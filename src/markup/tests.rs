//! Markup tests: the subset parsed, everything else refused with its offset.

use super::*;

#[test]
fn parses_the_subset() {
    let doc = parse(
        "<section class=\"cover\"><h1 id=\"t\">報告 &amp; <em>概要</em></h1></section>\n<p class=\"note\">一行目\n二行目 and <strong>bold</strong><br>next</p>\
         <ul><li>a</li><li>b</li></ul><table><thead><tr><th>名前</th><th class=\"num\">数</th></tr></thead><tbody><tr><td>東京</td><td class=\"num\">1,234</td></tr></tbody></table>\
         <figure><svg viewBox=\"0 0 100 50\"><rect x=\"0\" y=\"0\" width=\"10\" height=\"5\" fill=\"#ff0000\"/><text x=\"1\" y=\"2\" text-anchor=\"end\">ベトナム</text><path d=\"M0 0 L10 10 H20 V5 Z\" fill=\"none\" stroke=\"#000000\"/></svg><figcaption>図</figcaption></figure>\
         <div class=\"page-break\"></div>",
    )
    .unwrap();
    assert_eq!(doc.blocks.len(), 6);
    match &doc.blocks[1] {
        Block::Paragraph { inlines, .. } => {
            assert_eq!(plain_text(inlines), "一行目二行目 and bold next")
        }
        other => panic!("{other:?}"),
    }
    match &doc.blocks[3] {
        Block::Table(t) => {
            assert_eq!(t.head.len(), 1);
            assert!(t.body[0][1].numeric);
        }
        other => panic!("{other:?}"),
    }
    match &doc.blocks[4] {
        Block::Figure { svg, .. } => {
            assert_eq!(svg.items.len(), 3);
            assert!(
                matches!(&svg.items[2], Shape::Path { subpaths, .. } if subpaths[0].0.len() == 4 && subpaths[0].1)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn constructs_outside_the_subset_are_errors_with_offsets() {
    for (src, needle) in [
        ("<p>ok</p><div>x</div>", "<div> is supported only"),
        ("<p>ok</p><script>x</script>", "<script> is not part"),
        (
            "<p>a <img src=\"x\"> b</p>",
            "<img> is not allowed inside <p>",
        ),
        ("<p>unclosed", "never closed"),
        (
            "<table><tbody><tr><td class=\"nmu\">1</td></tr></tbody></table>",
            "class \"nmu\" on <td> is not one the report markup knows: use num, nowrap",
        ),
        (
            "<aside class=\"warning\"><p>x</p></aside>",
            "class \"warning\" on <aside>",
        ),
        (
            "<p><span class=\"rag rag-purple\">x</span></p>",
            "class \"rag-purple\" on <span>",
        ),
        ("<p>a</b></p>", "</b> closes <p>"),
        ("loose text", "outside a paragraph"),
        ("<p class=x>a</p>", "must be quoted"),
        (
            "<figure><svg viewBox=\"0 0 1 1\"><ellipse/></svg></figure>",
            "<ellipse> is not supported",
        ),
        ("<p>a &bogus; b</p>", "unknown entity"),
    ] {
        let e = parse(src).unwrap_err();
        assert!(e.message.contains(needle), "{src}: {}", e.message);
        assert!(e.offset <= src.len());
    }
    assert_eq!(parse("<p>ok</p><div>x</div>").unwrap_err().offset, 9);
}

#[test]
fn a_malformed_token_is_the_error_even_after_the_structure_broke_before_it() {
    // The tokens are read as the parser goes; the stray </b> stops the parser first, and the
    // bare '&' further on is still the error reported, with its offset.
    let src = "<p>a</b></p><p>x & y</p>";
    let e = parse(src).unwrap_err();
    assert!(e.message.contains("bare '&'"), "{}", e.message);
    assert_eq!(e.offset, src.find("x & y").unwrap());
    // Without one, the structural error stands.
    let e = parse("<p>a</b></p><p>x &amp; y</p>").unwrap_err();
    assert!(e.message.contains("</b> closes <p>"), "{}", e.message);
    // A long document is read to its end.
    let many = "<p>病院</p>".repeat(10_000);
    assert_eq!(parse(&many).unwrap().blocks.len(), 10_000);
}

#[test]
fn entities_and_escaped_script() {
    let doc = parse("<p>&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; 病院</p>").unwrap();
    match &doc.blocks[0] {
        Block::Paragraph { inlines, .. } => {
            assert_eq!(plain_text(inlines), "<script>alert(1)</script> & 病院")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn links_go_only_to_the_web_mail_or_a_place_in_the_report() {
    for ok in [
        "https://www.kantei.go.jp/",
        "http://example.jp",
        "mailto:office@example.jp",
        "#annex",
    ] {
        assert!(
            parse(&format!("<p><a href=\"{ok}\">x</a></p>")).is_ok(),
            "{ok}"
        );
    }
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "../secret.html",
    ] {
        let e = parse(&format!("<p><a href=\"{bad}\">x</a></p>")).unwrap_err();
        assert!(e.message.contains("is not allowed"), "{bad}: {}", e.message);
    }
}

#[test]
fn an_unclosed_element_is_found_where_it_was_opened() {
    let src = "<section>\n<ul>\n<li>一</li>\n</section>\n<p>後</p>";
    let (name, at) = unclosed_element(src).unwrap();
    assert_eq!((name.as_str(), &src[at..at + 4]), ("ul", "<ul>"));
    // Left open to the end.
    let (name, _) = unclosed_element("<p>段落<strong>強調</p>").unwrap();
    assert_eq!(name, "strong");
    assert_eq!(unclosed_element("<p>a<br>b</p><svg><rect/></svg>"), None);
}

#[test]
fn code_is_an_inline_element() {
    let doc = parse("<p>式 <code>SELECT '拠点' &lt; 1</code></p>").unwrap();
    let Block::Paragraph { inlines, .. } = &doc.blocks[0] else {
        panic!("{doc:?}")
    };
    assert_eq!(
        inlines[1],
        Inline::Code(vec![Inline::Text("SELECT '拠点' < 1".into())])
    );
    assert_eq!(plain_text(inlines), "式 SELECT '拠点' < 1");
    assert!(parse("<p><code class=\"x\">a</code></p>").is_err());
}

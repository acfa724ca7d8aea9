use super::*;
use crate::markup::{parse, Document, Table};

/// Reads `src` in pieces of `size` bytes (cut at characters), scanning after each, and puts the
/// document back together from the pieces.
fn pieces(src: &str, size: usize) -> Result<Document, Stop> {
    let mut doc = Document { blocks: vec![] };
    let mut table: Option<Table> = None;
    let mut emit = |p: Piece| {
        match p {
            Piece::Blocks(b) => doc.blocks.extend(b),
            Piece::TableOpen(class) => {
                table = Some(Table {
                    class,
                    head: vec![],
                    body: vec![],
                })
            }
            Piece::Row(cells, true) => table.as_mut().unwrap().head.push(cells),
            Piece::Row(cells, false) => table.as_mut().unwrap().body.push(cells),
            Piece::TableClose => doc.blocks.push(Block::Table(table.take().unwrap())),
        }
        true
    };
    let mut s = Splitter::default();
    let mut rest = src;
    while !rest.is_empty() {
        let mut cut = size.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        s.buf.push_str(&rest[..cut]);
        s.scan(false, &mut emit)?;
        rest = &rest[cut..];
    }
    s.finish(&mut emit)?;
    Ok(doc)
}

const DOC: &str = r##"<section class="cover"><h1 id="t">四半期 &amp; 報告</h1><p class="lead">拠点<br>数</p></section>
<!-- a comment between blocks -->
<TABLE class="annex">
<tr><th>拠点</th><th>国</th></tr>
<!-- a comment between rows -->
<tr><td class="name">A<br/>病院</td><td>タイ</td></tr>
<tbody><tr><th>見出し</th><td colspan="2"><strong>b</strong></td></tr></tbody>
</TABLE>
<table><thead><tr><td>頭</td></tr></thead><tbody></tbody></table>
<div class="page-break"/>
<figure><svg viewBox="0 0 10 10" width="10" height="10"><title>図</title><g><rect x="0" y="0" width="1" height="1" fill="#000"></rect></g></svg><figcaption>図 1</figcaption></figure>
<aside class="note"><ul><li>一</li><li>二</li></ul></aside>
"##;

#[test]
fn the_pieces_make_the_document_the_parser_makes_whatever_the_cuts() {
    let want = parse(DOC).unwrap();
    for size in [1, 2, 3, 7, 64, 100_000] {
        assert_eq!(pieces(DOC, size).unwrap(), want, "pieces of {size}");
    }
}

#[test]
fn a_long_table_comes_out_row_by_row_as_it_is_written() {
    let mut src = String::from(
        "<h2>付表</h2>\n<table class=\"annex\"><thead><tr><th>拠点</th></tr></thead><tbody>\n",
    );
    for i in 0..2000 {
        src.push_str(&format!("<tr><td>拠点{i}</td></tr>\n"));
    }
    src.push_str("</tbody></table>\n");
    let rows = std::cell::Cell::new(0);
    let mut s = Splitter::default();
    let mut emit = |p: Piece| {
        rows.set(rows.get() + usize::from(matches!(p, Piece::Row(..))));
        true
    };
    let half = src.len() / 2;
    s.push(&src[..half], &mut emit).unwrap();
    // Half the text is read, less what was kept to scan with the next piece.
    assert!(rows.get() > 900, "{}", rows.get());
    assert!(s.buf.len() < SCAN_AFTER + 64, "{}", s.buf.len());
    s.push(&src[half..], &mut emit).unwrap();
    s.finish(&mut emit).unwrap();
    assert_eq!(rows.get(), 2001);
    assert_eq!(pieces(&src, 4096).unwrap(), parse(&src).unwrap());
}

#[test]
fn it_stops_where_it_does_not_follow_the_parser() {
    for bad in [
        "<p>a</p> text between blocks",
        "<p>a</p></section>",
        "<p>never closed",
        "<table><tr><td>a</td></tr>",
        "<table><tr><td>a</td></tr><p>b</p></table>",
        "<table class=\"annex\" id=\"x\"><tr><td>a</td></tr></table>",
        "<table><tr><td><p>a</p></td></tr></table>",
        "<table><tr/><td>a</td></tr></table>",
        "<p>a &unknown; b</p>",
        "<p>a</p><!-- unclosed",
        "&nbsp;<p>a</p>",
    ] {
        assert_eq!(pieces(bad, 5), Err(Stop), "{bad}");
    }
}

#[test]
fn a_refused_piece_stops_it() {
    let mut s = Splitter::default();
    let r = s.push(DOC, &mut |_| true);
    assert_eq!(r, Ok(()));
    assert_eq!(s.finish(&mut |p| !matches!(p, Piece::Row(..))), Err(Stop));
}

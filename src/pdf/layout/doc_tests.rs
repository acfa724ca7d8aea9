//! The layout's document: compact rows that give back the markup's cells, and a document read
//! as its markup is written that lays out as the parsed markup does.

use super::super::tests::Fixed;
use super::super::{layout, layout_doc, PageStyle};
use super::*;
use std::io::Write;

/// A table of `rows` body rows whose cells are plain text, classed, spanning, numeric, header,
/// empty and marked up (a link, a line break, a span in another language).
fn table(rows: usize) -> String {
    let body: String = (0..rows)
        .map(|i| {
            format!(
                "<tr><th>行{i}</th><td class=\"name\">北斗画像診断センター{i}号</td><td class=\"num\">{i}</td><td></td>\
                 <td class=\"words\"><a href=\"https://example.org/{i}\">リンク</a><br>二行目</td></tr>\
                 <tr><td colspan=\"3\" class=\"nowrap\">注{i}</td><td><span lang=\"en\">Clinic {i}</span></td><td>—</td></tr>"
            )
        })
        .collect();
    format!(
        "<table class=\"annex compact\"><thead><tr><th>名前</th><th>施設</th><th class=\"num\">数</th><th>空</th><th>日付</th></tr></thead><tbody>{body}</tbody></table>"
    )
}

#[test]
fn compact_rows_give_back_the_markups_cells() {
    let src = table(3);
    let parsed = markup::parse(&src).unwrap();
    let markup::Block::Table(t) = &parsed.blocks[0] else {
        panic!("a table")
    };
    let doc = Doc::of(parsed.clone());
    let Block::Table(kept) = &doc.blocks[0] else {
        panic!("a table")
    };
    assert_eq!(kept.class.as_deref(), Some("annex compact"));
    for (rows, cells) in [(&kept.head, &t.head), (&kept.body, &t.body)] {
        assert_eq!(rows.len(), cells.len());
        for (row, want) in rows.iter().zip(cells) {
            assert_eq!(row.len(), want.len());
            for (c, w) in row.iter().zip(want) {
                assert_eq!(
                    (c.header, c.numeric, c.colspan, c.class),
                    (w.header, w.numeric, w.colspan, w.class.as_deref())
                );
                match c.content {
                    Content::Text(text) => assert_eq!(w.inlines, [Inline::Text(text.into())]),
                    Content::Inlines(inlines) => {
                        assert_eq!(inlines, &w.inlines[..]);
                        assert!(!matches!(inlines, [Inline::Text(_)]), "{inlines:?}");
                    }
                }
            }
        }
    }
    // Plain cells keep their text in the table's buffer; only the marked-up and empty ones
    // keep inlines.
    assert_eq!(kept.body.rich.len(), 3 * 3);
    assert!(kept.body.text.contains("北斗画像診断センター2号"));
}

#[test]
fn a_document_read_as_its_markup_is_written_lays_out_as_the_parsed_markup() {
    let src = format!(
        "<h1>見出し</h1><p>本文。</p>{}<section><h2>節</h2>{}</section><p class=\"note\">注記。</p>{}",
        table(300),
        table(2),
        table(1)
    );
    // Larger than what the reader keeps before it scans: read in several parts.
    assert!(src.len() > 64 * 1024, "{}", src.len());
    let mut reader = Reader::default();
    let chars: Vec<char> = src.chars().collect();
    for piece in chars.chunks(97) {
        let piece: String = piece.iter().collect();
        reader.write_all(piece.as_bytes()).unwrap();
    }
    let read = reader.finish().expect("markup the reader follows");
    assert_eq!(read.blocks.len(), 6);
    let style = PageStyle::a4(Some(("表題".into(), "期間".into())), true);
    let whole = layout(&markup::parse(&src).unwrap(), &Fixed, &style).unwrap();
    assert!(whole.pages.len() > 10, "{}", whole.pages.len());
    assert_eq!(layout_doc(&read, &Fixed, &style).unwrap(), whole);
}

#[test]
fn the_reader_stops_at_markup_it_does_not_follow() {
    for src in [
        "<p>開いたまま",
        "本文だけ",
        "<table><tr><td>一</td></tr>",
        "<table><tr><td>一</td></tr></table></p>",
    ] {
        let mut reader = Reader::default();
        let _ = reader.write_all(src.as_bytes());
        assert!(reader.finish().is_none(), "{src}");
    }
}

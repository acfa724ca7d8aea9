//! Property tests: no input makes period parsing, 和暦, CSV import or the markup parser panic, and
//! their round trips hold.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use tenkai::markup;
use tenkai::period::{Period, PeriodKind};
use tenkai::wareki;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 1868-10-23 (明治) to 2199-12-31
    (682_204i32..=803_168).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn period_parsing_never_panics(s in "\\PC{0,12}") {
        let _ = Period::parse(&s);
    }

    #[test]
    fn period_parsing_of_near_misses_never_panics(s in "(FY)?[0-9]{0,5}(Q[0-9]{0,2}|-[0-9]{0,3})?") {
        if let Ok(p) = Period::parse(&s) {
            prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
        }
    }

    #[test]
    fn every_date_is_in_exactly_one_period_of_each_kind(d in any_date()) {
        for kind in [PeriodKind::FiscalQuarter, PeriodKind::FiscalYear, PeriodKind::Quarter, PeriodKind::Month, PeriodKind::Year] {
            let p = Period::containing(kind, d);
            prop_assert!(p.start() <= d && d <= p.end());
            prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
            prop_assert_eq!(p.next().previous(), p);
            prop_assert_eq!(p.next().start(), p.end().succ_opt().unwrap());
            prop_assert!(!p.label_ja().is_empty() && !p.label_en().is_empty());
        }
    }

    #[test]
    fn wareki_round_trips(d in any_date()) {
        let w = wareki::to_wareki(d).unwrap();
        prop_assert!(w.year >= 1);
        prop_assert_eq!(wareki::from_wareki(w.era, w.year, w.month, w.day).unwrap(), d);
        prop_assert_eq!(wareki::parse(&w.to_ja()).unwrap(), d);
        let fy = if d.month() >= 4 { d.year() } else { d.year() - 1 };
        prop_assert!(wareki::fiscal_year_ja(fy).unwrap().ends_with("年度"));
    }

    #[test]
    fn a_fact_date_reads_back_what_it_prints(d in any_date()) {
        use tenkai::fact_date::{parse, Precision};
        let ja = wareki::to_wareki(d).unwrap().to_ja();
        let f = parse(&ja).unwrap();
        prop_assert_eq!((f.date, f.precision), (d, Precision::Day));
        prop_assert_eq!(parse(&d.to_string()).unwrap().wareki().unwrap(), ja);
        let month = parse(&f.iso()[..7]).unwrap();
        prop_assert_eq!(month.precision, Precision::Month);
        prop_assert_eq!(parse(&month.wareki().unwrap()).unwrap(), month);
    }

    #[test]
    fn wareki_parsing_never_panics(s in "(明治|大正|昭和|平成|令和)?(元|[0-9０-９]{0,3})年?[0-9]{0,3}月?[0-9]{0,3}日?") {
        let _ = wareki::parse(&s);
    }

    #[test]
    fn the_markup_parser_never_panics(s in "\\PC{0,80}") {
        let _ = markup::parse(&s);
    }

    #[test]
    fn tag_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("<p>"), Just("</p>"), Just("<table>"), Just("<tr>"), Just("<td class=\"num\">"), Just("</td>"), Just("</tr>"),
        Just("</table>"), Just("<strong>"), Just("</strong>"), Just("<br>"), Just("<ul>"), Just("<li>"), Just("</li>"), Just("</ul>"),
        Just("<figure><svg viewBox=\"0 0 10 10\">"), Just("<rect x=\"1\" width=\"2\" height=\"3\"/>"), Just("<path d=\"M0 0 L1"), Just("</svg></figure>"),
        Just("病院 &amp; "), Just("&"), Just("<"), Just(">"), Just("text"), Just("<h2>"), Just("</h2>"), Just("<section class=\"cover\">"), Just("</section>"),
    ], 0..30)) {
        let _ = markup::parse(&parts.concat());
    }

    #[test]
    fn text_survives_parse_write_parse(words in proptest::collection::vec("[a-zA-Z0-9&<>\"'病院医療拠点、。（）]{1,8}", 1..8)) {
        let text = words.join(" ");
        let src = format!("<h2>{}</h2><p>{}</p><table><tr><td>{}</td></tr></table>", tenkai::html::escape(&text), tenkai::html::escape(&text), tenkai::html::escape(&text));
        let doc = markup::parse(&src).unwrap();
        let html = tenkai::html::write(&doc, &tenkai::html::Page { lang: "ja", title: "t", css: "", mark: None });
        let body = &html[html.find("<main>").unwrap() + 6..html.find("</main>").unwrap()];
        let again = markup::parse(body).unwrap();
        prop_assert_eq!(doc, again);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any bytes given to `import` are refused or imported whole, never a panic or a partial write.
    #[test]
    fn csv_import_of_arbitrary_bytes_is_all_or_nothing(body in proptest::collection::vec(any::<u8>(), 0..300), rows in 0usize..4) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.sqlite");
        let mut store = tenkai::store::Store::open(&db, tenkai::store::Seed::Yes).unwrap();
        let count = |s: &tenkai::store::Store| s.conn.query_row("SELECT count(*) FROM hubs", [], |r| r.get::<_, i64>(0)).unwrap();
        let before = count(&store);
        let mut file = b"code,name_ja,name_en,country,kind,operators,status,effective_date,expected_date,note\n".to_vec();
        for i in 0..rows {
            file.extend_from_slice(format!("P{i},拠点{i},,VN,clinic,,opened,2018-01-0{},,\n", i + 1).as_bytes());
        }
        file.extend_from_slice(&body);
        let path = dir.path().join("in.csv");
        std::fs::write(&path, &file).unwrap();
        let opts = tenkai::import::ImportOptions {
            dry_run: false,
            encoding: tenkai::import::Encoding::Auto,
            rules: tenkai::store::Rules::today(),
            progress: &|_| {},
        };
        let result = tenkai::import::import_file(&mut store.conn, &db, tenkai::import::ImportKind::Hubs, &path, None, &opts, tenkai::dates::now());
        let after = count(&store);
        match result {
            Ok(s) => prop_assert_eq!(after, before + s.rows as i64),
            Err(e) => {
                prop_assert_eq!(after, before);
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}

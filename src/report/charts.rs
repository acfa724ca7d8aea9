//! Charts as SVG in the markup's SVG subset: a horizontal bar chart, a line chart and a progress bar.
//! Each works with no data and with one point. Text stays text (searchable in the PDF).
//!
//! Each chart carries its text alternative as its `<title>`: a short sentence made from the same
//! data that draws it, in the report's language, which the HTML gives a screen reader
//! (`aria-labelledby`) and the PDF puts in the figure's `/Alt`.

use crate::i18n::Lang;
use std::fmt::Write;

const INK: &str = "#1f2937";
const GRID: &str = "#d1d5db";
const BAR: &str = "#2563eb";
const MUTED: &str = "#4b5563";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

/// A "nice" axis maximum at or above `max`: four intervals of 1, 2 or 5 × 10^n (whole numbers for counts).
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 4.0;
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor()).max(1.0);
    for step in [1.0, 2.0, 5.0, 10.0] {
        if step * mag >= raw {
            return 4.0 * step * mag;
        }
    }
    40.0 * mag
}

/// How a chart is put in words: the report's language, and the chart's title if it has one.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub lang: Lang,
    pub title: Option<&'a str>,
}

impl Words<'_> {
    /// The text alternative: the title, then what the chart shows.
    fn alt(&self, shows: &str) -> String {
        match self.title {
            Some(t) => format!("{t}{}{shows}", self.lang.choose("：", ": ")),
            None => shows.to_string(),
        }
    }
    /// Items of a list, as the language lists them.
    fn list(&self, items: &[String]) -> String {
        items.join(self.lang.choose("、", ", "))
    }
    /// The opening of an SVG of this size, with its text alternative.
    fn open(&self, width: f64, height: f64, shows: &str) -> String {
        format!(
            "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\"><title>{alt}</title>",
            w = n(width),
            h = n(height),
            alt = esc(&self.alt(shows))
        )
    }
}

/// The text with its first letter in lower case.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn empty(width: f64, height: f64, message: &str, words: Words<'_>) -> String {
    format!(
        "{open}<rect x=\"0.5\" y=\"0.5\" width=\"{w1}\" height=\"{h1}\" fill=\"none\" stroke=\"{GRID}\"/><text x=\"{cx}\" y=\"{cy}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{MUTED}\">{m}</text></svg>",
        open = words.open(width, height, message),
        w1 = n(width - 1.0),
        h1 = n(height - 1.0),
        cx = n(width / 2.0),
        cy = n(height / 2.0 + 4.0),
        m = esc(message)
    )
}

/// Horizontal bars: one row per (label, value); stacked segments when several values are given.
/// Its text alternative names each row with its total and, when there are several series, the
/// series it is made of: 「インドネシア 4（開業済み4）、ロシア 4（開業済み3、開業予定1）」.
pub fn bar_chart(
    rows: &[(String, Vec<f64>)],
    series: &[(String, String)],
    no_data: &str,
    words: Words<'_>,
) -> String {
    let width = 480.0;
    if rows.is_empty() {
        return empty(width, 60.0, no_data, words);
    }
    let said = bar_said(rows, series, words);
    let label_w = 130.0;
    let row_h = 15.0;
    let legend_h = if series.len() > 1 { 20.0 } else { 0.0 };
    let top = 6.0 + legend_h;
    let height = top + row_h * rows.len() as f64 + 22.0;
    let max = nice_max(
        rows.iter()
            .map(|(_, v)| v.iter().sum::<f64>())
            .fold(0.0, f64::max),
    );
    let plot_w = width - label_w - 30.0;
    let mut s = words.open(width, height, &words.list(&said));
    if series.len() > 1 {
        let mut x = label_w;
        for (name, color) in series {
            let _ = write!(s, "<rect x=\"{}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"13\" font-size=\"10\" fill=\"{INK}\">{}</text>", n(x), n(x + 14.0), esc(name));
            x += 14.0 + 11.0 * name.chars().count() as f64 + 16.0;
        }
    }
    let axis_y = top + row_h * rows.len() as f64;
    for k in 0..=4 {
        let x = label_w + plot_w * k as f64 / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{ay}\" stroke=\"{GRID}\" stroke-width=\"0.5\"/><text x=\"{x}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{MUTED}\">{v}</text>",
            x = n(x),
            top = n(top),
            ay = n(axis_y),
            ty = n(axis_y + 12.0),
            v = n(max * k as f64 / 4.0)
        );
    }
    for (i, (label, values)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        bar_row(
            &mut s,
            (label, values),
            series,
            (label_w, plot_w, max),
            (y, row_h),
        );
    }
    s.push_str("</svg>");
    s
}

/// A bar chart's rows as its text alternative says them.
fn bar_said(
    rows: &[(String, Vec<f64>)],
    series: &[(String, String)],
    words: Words<'_>,
) -> Vec<String> {
    rows.iter()
        .map(|(label, values)| {
            let total = n(values.iter().sum());
            let parts: Vec<String> = series
                .iter()
                .zip(values)
                .filter(|(_, v)| **v != 0.0)
                .map(|((name, _), v)| match words.lang {
                    Lang::Ja => format!("{name}{}", n(*v)),
                    // A legend's "Open" is "open" inside a sentence.
                    Lang::En => format!("{} {}", lower_first(name), n(*v)),
                })
                .collect();
            if series.len() > 1 && !parts.is_empty() {
                let (open, close) = words.lang.choose(("（", "）"), (" (", ")"));
                format!("{label} {total}{open}{}{close}", words.list(&parts))
            } else {
                format!("{label} {total}")
            }
        })
        .collect()
}

/// One row of a bar chart at `y`: its label, its segments (`max` is `plot_w` wide) and its total.
fn bar_row(
    s: &mut String,
    (label, values): (&str, &[f64]),
    series: &[(String, String)],
    (label_w, plot_w, max): (f64, f64, f64),
    (y, row_h): (f64, f64),
) {
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10\" fill=\"{INK}\">{}</text>",
        n(label_w - 6.0),
        n(y + 12.5),
        esc(label)
    );
    let mut x = label_w;
    for (j, v) in values.iter().enumerate() {
        let w = plot_w * v / max;
        if w > 0.0 {
            let color = series.get(j).map(|s| s.1.as_str()).unwrap_or(BAR);
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{color}\"/>",
                n(x),
                n(y + 3.0),
                n(w),
                n(row_h - 6.0)
            );
        }
        x += w;
    }
    let total: f64 = values.iter().sum();
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"{INK}\">{}</text>",
        n(x + 4.0),
        n(y + 12.5),
        n(total)
    );
}

/// Each point's date as a day number (0 for a date that does not parse).
fn day_numbers(points: &[(String, String, f64)]) -> Vec<f64> {
    use chrono::Datelike;
    points
        .iter()
        .map(|(d, _, _)| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(|d| d.num_days_from_ce() as f64)
                .unwrap_or(0.0)
        })
        .collect()
}

/// A line chart of dated values (`YYYY-MM-DD`, the axis label, value), with dots and the values
/// labelled. Its text alternative gives every point: 「平成29年3月 40、平成30年3月 56」.
pub fn line_chart(points: &[(String, String, f64)], no_data: &str, words: Words<'_>) -> String {
    let (width, height) = (480.0, 180.0);
    if points.is_empty() {
        return empty(width, 80.0, no_data, words);
    }
    let (left, right, top, bottom) = (40.0, 20.0, 12.0, 28.0);
    let days = day_numbers(points);
    let (x0, x1) = (
        days.iter().cloned().fold(f64::MAX, f64::min),
        days.iter().cloned().fold(f64::MIN, f64::max),
    );
    let max = nice_max(points.iter().map(|p| p.2).fold(0.0, f64::max));
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    // The points stand clear of the value axis, so that the first point's value label (centred
    // on it) never runs into the axis labels left of the plot.
    let inset = 24.0;
    let px = |d: f64| {
        if x1 > x0 {
            left + inset + (plot_w - 2.0 * inset) * (d - x0) / (x1 - x0)
        } else {
            left + plot_w / 2.0
        }
    };
    let py = |v: f64| top + plot_h * (1.0 - v / max);
    let said: Vec<String> = points
        .iter()
        .map(|(_, label, v)| format!("{label} {}", n(*v)))
        .collect();
    let mut s = words.open(width, height, &words.list(&said));
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let y = py(v);
        let _ = write!(
            s,
            "<line x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\" stroke=\"{GRID}\" stroke-width=\"0.5\"/><text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"9\" fill=\"{MUTED}\">{v}</text>",
            l = n(left),
            r = n(width - right),
            y = n(y),
            tx = n(left - 4.0),
            ty = n(y + 3.0),
            v = n(v)
        );
    }
    if points.len() > 1 {
        let pts: Vec<String> = points
            .iter()
            .zip(&days)
            .map(|((_, _, v), d)| format!("{},{}", n(px(*d)), n(py(*v))))
            .collect();
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{BAR}\" stroke-width=\"1.5\"/>",
            pts.join(" ")
        );
    }
    let label_every = points.len().div_ceil(8).max(1);
    for (i, ((_, label, v), d)) in points.iter().zip(&days).enumerate() {
        let (x, y) = (px(*d), py(*v));
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{BAR}\"/>",
            n(x),
            n(y)
        );
        if i % label_every == 0 || i == points.len() - 1 {
            let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{INK}\">{}</text>", n(x), n(y - 6.0), n(*v));
            let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{MUTED}\">{}</text>", n(x), n(height - bottom + 14.0), esc(label));
        }
    }
    s.push_str("</svg>");
    s
}

/// A progress bar: the share achieved, with a marker where the trajectory expects to be. A share
/// past 100% draws the bar past the end of the track, with 100% marked on it.
/// `shows` is its text alternative, in the report's words: 「進捗 36%、現時点で想定される進捗 60%」.
pub fn progress_bar(
    progress: Option<f64>,
    expected: Option<f64>,
    color: &str,
    words: Words<'_>,
    shows: &str,
) -> String {
    let (width, height) = (160.0, 14.0);
    // Past 100% the scale shrinks so that the bar runs on past a marked 100% (up to twice it):
    // 105% does not look like 100%.
    let full = progress
        .unwrap_or(0.0)
        .max(expected.unwrap_or(0.0))
        .clamp(1.0, 2.0);
    let at = |v: f64| width * v.clamp(0.0, 2.0) / full;
    let mut s = words.open(width, height, shows);
    let _ = write!(
        s,
        "<rect x=\"0\" y=\"3\" width=\"{}\" height=\"8\" fill=\"#e5e7eb\"/>",
        n(at(1.0))
    );
    if let Some(p) = progress {
        let _ = write!(
            s,
            "<rect x=\"0\" y=\"3\" width=\"{}\" height=\"8\" fill=\"{color}\"/>",
            n(at(p))
        );
    }
    if full > 1.0 {
        // The end of the track, 100%, cut through the bar.
        let _ = write!(s, "<line x1=\"{x}\" y1=\"3\" x2=\"{x}\" y2=\"11\" stroke=\"#ffffff\" stroke-width=\"2\"/><line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"14\" stroke=\"{MUTED}\" stroke-width=\"0.75\" stroke-dasharray=\"2 1\"/>", x = n(at(1.0)));
    }
    if let Some(e) = expected {
        let _ = write!(s, "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"14\" stroke=\"{INK}\" stroke-width=\"1.5\"/>", x = n(at(e)));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const JA: Words<'static> = Words {
        lang: Lang::Ja,
        title: None,
    };

    #[test]
    fn charts_parse_as_markup_with_no_one_and_many_points() {
        let point = |d: &str, label: &str, v: f64| (d.to_string(), label.to_string(), v);
        let one = vec![point("2018-03-31", "平成30年3月", 56.0)];
        let many = vec![
            point("2016-09-01", "平成28年9月", 20.0),
            point("2017-03-31", "平成29年3月", 40.0),
            point("2018-03-31", "平成30年3月", 56.0),
        ];
        let rows = vec![
            ("ベトナム".to_string(), vec![3.0, 2.0]),
            ("ロシア <&>".to_string(), vec![3.0, 1.0]),
        ];
        let series = vec![
            ("開業済み".to_string(), "#2563eb".to_string()),
            ("予定".to_string(), "#93c5fd".to_string()),
        ];
        for svg in [
            line_chart(&[], "データなし", JA),
            line_chart(&one, "データなし", JA),
            line_chart(&many, "データなし", JA),
            bar_chart(&[], &series, "no data", JA),
            bar_chart(&rows, &series, "no data", JA),
            progress_bar(Some(0.62), Some(0.63), "#f59e0b", JA, "進捗 62%"),
            progress_bar(None, None, "#f59e0b", JA, "データなし"),
        ] {
            let doc = crate::markup::parse(&format!("<figure>{svg}</figure>")).unwrap();
            assert_eq!(doc.blocks.len(), 1, "{svg}");
        }
        assert!(line_chart(&one, "x", JA).contains(">56<"));
        assert!(line_chart(&one, "x", JA).contains(">平成30年3月<"));
        assert!(line_chart(&[], "データなし", JA).contains("データなし"));
    }

    #[test]
    fn a_chart_says_in_words_what_it_draws() {
        let rows = vec![
            ("インドネシア".to_string(), vec![4.0, 0.0]),
            ("ロシア".to_string(), vec![3.0, 1.0]),
        ];
        let series = vec![
            ("開業済み".to_string(), "#2563eb".to_string()),
            ("開業予定".to_string(), "#93c5fd".to_string()),
        ];
        let words = Words {
            lang: Lang::Ja,
            title: Some("国別の医療拠点数"),
        };
        let svg = bar_chart(&rows, &series, "データなし", words);
        let doc = crate::markup::parse(&format!("<figure>{svg}</figure>")).unwrap();
        let crate::markup::Block::Figure { svg, .. } = &doc.blocks[0] else {
            panic!("a figure")
        };
        assert_eq!(
            svg.alt.as_deref(),
            Some("国別の医療拠点数：インドネシア 4（開業済み4）、ロシア 4（開業済み3、開業予定1）")
        );
        let en = Words {
            lang: Lang::En,
            title: Some("Hubs by country"),
        };
        let series = vec![
            ("Open".to_string(), "#2563eb".to_string()),
            ("Planned".to_string(), "#93c5fd".to_string()),
        ];
        assert!(bar_chart(&rows, &series, "no data", en).contains(
            "<title>Hubs by country: インドネシア 4 (open 4), ロシア 4 (open 3, planned 1)</title>"
        ));
        assert!(
            progress_bar(Some(0.357), Some(0.6), "#f59e0b", JA, "進捗 36%")
                .contains("<title>進捗 36%</title>")
        );
        assert!(line_chart(&[], "会員数の記録なし", JA).contains("<title>会員数の記録なし</title>"));
    }

    /// The boxes of an SVG's text labels (x from, x to, y top, y bottom), their widths estimated
    /// generously (every character as wide as the font is high).
    fn label_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let attr = |name: &str| {
                    t.split(&format!("{name}=\""))
                        .nth(1)
                        .map(|v| v.split('"').next().unwrap())
                };
                let num = |name: &str| attr(name).unwrap().parse::<f64>().unwrap();
                let text = t.split('>').nth(1).unwrap().split('<').next().unwrap();
                let (x, y, size) = (num("x"), num("y"), num("font-size"));
                let w = size * text.chars().count() as f64;
                let from = match attr("text-anchor") {
                    Some("middle") => x - w / 2.0,
                    Some("end") => x - w,
                    _ => x,
                };
                (text.to_string(), [from, from + w, y - size, y])
            })
            .collect()
    }

    #[test]
    fn line_chart_labels_never_collide() {
        // Values just under an axis line put the first value label beside that line's label.
        let points: Vec<(String, String, f64)> = [
            ("2016-09-01", 36.0),
            ("2017-03-31", 38.0),
            ("2018-03-31", 56.0),
        ]
        .iter()
        .map(|(d, v)| (d.to_string(), d[..7].to_string(), *v))
        .collect();
        let boxes = label_boxes(&line_chart(&points, "x", JA));
        for (i, (a, p)) in boxes.iter().enumerate() {
            for (b, q) in &boxes[i + 1..] {
                let apart = p[1] <= q[0] || q[1] <= p[0] || p[3] <= q[2] || q[3] <= p[2];
                assert!(apart, "{a:?} {p:?} collides with {b:?} {q:?}");
            }
        }
    }

    #[test]
    fn a_progress_bar_past_100_percent_runs_past_the_track() {
        let rects = |p: f64| -> Vec<String> {
            let svg = progress_bar(Some(p), Some(1.0), "#16a34a", JA, "");
            svg.split("<rect ")
                .skip(1)
                .map(|r| {
                    r.split("width=\"")
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap()
                        .to_string()
                })
                .collect()
        };
        // 100%: the bar fills the track; 105%: the track ends short of the bar, at 100%.
        assert_eq!(rects(1.0), ["160", "160"]);
        let over = rects(1.05);
        assert_ne!(over, rects(1.0));
        let (track, bar): (f64, f64) = (over[0].parse().unwrap(), over[1].parse().unwrap());
        assert!(
            bar == 160.0 && (track - 160.0 / 1.05).abs() < 0.01,
            "{over:?}"
        );
        assert!(progress_bar(Some(1.05), None, "#16a34a", JA, "").contains("stroke-dasharray"));
    }
}

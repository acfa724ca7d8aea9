//! The template author's reference, kept beside the code it describes: every filter and function
//! tenkai gives templates, with its signature, what it does and an example; the period kinds; the
//! markup's elements and classes; the keys of a report definition. `tenkai report reference`
//! prints it as Markdown. A filter or function registered without an entry here fails the tests
//! (see `templates::filters::add_filter` and the test below).

use crate::period::PeriodKind;

/// A filter or a function, as the reference describes it.
pub struct Entry {
    pub name: &'static str,
    pub signature: &'static str,
    pub does: &'static str,
    pub example: &'static str,
}

/// tenkai's filters (`{{ value | name }}`).
pub const FILTERS: &[Entry] = &[
    Entry {
        name: "num",
        signature: "value | num(decimals=auto)",
        does: "A number grouped by thousands (`1,234`), with no decimals for a whole number and one otherwise unless `decimals` is given. A defined but empty value (null) prints 「—」; an undefined one is an error.",
        example: "{{ figures.hubs_open | num }} → 21",
    },
    Entry {
        name: "pct",
        signature: "share | pct(decimals=0)",
        does: "A share (0.63) as a percentage (`63%`); null prints 「—」, undefined is an error.",
        example: "{{ g.progress | pct }} → 105%",
    },
    Entry {
        name: "when",
        signature: "date | when(precision=\"day\")",
        does: "A date (`YYYY-MM-DD`) as precisely as the source gives it (`day`, `month`, `fiscal_year`, `from_fiscal_year`, `unknown`…), in the report's language: 和暦 in Japanese.",
        example: "{{ as_of | when }} → 平成30年3月31日 / 31 March 2018",
    },
    Entry {
        name: "wareki",
        signature: "date | wareki",
        does: "A date in 和暦 (Japanese era), the first year written 元年.",
        example: "{{ \"2019-05-01\" | wareki }} → 令和元年5月1日",
    },
    Entry {
        name: "wareki_month",
        signature: "date | wareki_month",
        does: "A date's month in 和暦.",
        example: "{{ \"2018-03-31\" | wareki_month }} → 平成30年3月",
    },
    Entry {
        name: "date_ja",
        signature: "date | date_ja",
        does: "A date in the Western calendar, written in Japanese.",
        example: "{{ \"2018-03-31\" | date_ja }} → 2018年3月31日",
    },
    Entry {
        name: "month_ja",
        signature: "date | month_ja",
        does: "A date's month in the Western calendar, written in Japanese.",
        example: "{{ \"2018-03-31\" | month_ja }} → 2018年3月",
    },
    Entry {
        name: "date_en",
        signature: "date | date_en",
        does: "A date in English.",
        example: "{{ \"2018-03-31\" | date_en }} → 31 March 2018",
    },
    Entry {
        name: "month_en",
        signature: "date | month_en",
        does: "A date's month in English.",
        example: "{{ \"2018-03-31\" | month_en }} → March 2018",
    },
    Entry {
        name: "lang_mark",
        signature: "text | lang_mark",
        does: "The text, marked with its language when it is written in the other language's script: a name in Latin letters in a Japanese report becomes `<span lang=\"en\">`, one in Japanese in an English report `<span lang=\"ja\">`, so that a screen reader reads it in its own language (the PDF tags it the same way).",
        example: "{{ h.name | lang_mark }} → <span lang=\"en\">SAKRA WORLD HOSPITAL</span>",
    },
    Entry {
        name: "ja_runs",
        signature: "text | ja_runs",
        does: "The text, escaped; in an English report each run of Japanese in it (a source a user cited, in a sentence of English) is marked `<span lang=\"ja\">`, as `lang_mark` marks a whole name.",
        example: "{{ x.source | ja_runs }} → lines 12–15; <span lang=\"ja\">厚生労働省報道発表</span>",
    },
    Entry {
        name: "paragraphs",
        signature: "text | paragraphs",
        does: "Plain text (a narrative) as markup paragraphs: a blank line starts a new `<p>`, and the text is escaped. In an English report, a paragraph written in Japanese is marked `<span lang=\"ja\">`.",
        example: "{{ narrative.summary | paragraphs }}",
    },
    Entry {
        name: "rag_label",
        signature: "rag | rag_label",
        does: "A RAG code (`achieved`, `green`, `amber_green`, `amber`, `amber_red`, `red`, `no_data`) in the report's language, from the glossary.",
        example: "{{ g.rag | rag_label }} → 達成",
    },
    Entry {
        name: "rag_badge",
        signature: "rag | rag_badge",
        does: "A RAG code as a coloured badge that also says it in words (colour is never the only sign).",
        example: "{{ g.rag | rag_badge }} → <span class=\"rag rag-achieved\">達成</span>",
    },
];

/// tenkai's functions (`{{ name(…) }}`).
pub const FUNCTIONS: &[Entry] = &[
    Entry {
        name: "t",
        signature: "t(ja, en)",
        does: "The text in the report's language.",
        example: "{{ t(\"国別の状況\", \"By country\") }}",
    },
    Entry {
        name: "note_mark",
        signature: "note_mark(i, n)",
        does: "The mark of the i-th of the n notes of one table or section. In Japanese a plain ※ when n is 1, else ※1, ※2, ※3; in English *, †, ‡, § whatever n is. Count the notes a table will print, then mark each cell and note with its place among them.",
        example: "{{ note_mark(2, 2) }} → ※2 (ja), † (en)",
    },
    Entry {
        name: "note_marks",
        signature: "note_marks(met, kinds)",
        does: "The mark of each kind of note in `kinds`, as a map: the kinds in `met` (the notes a table prints, in the order a reader meets their marks) get note_mark of their place there, the others an empty mark.",
        example: "{% set mk = note_marks([\"carried\"], [\"corrected\", \"carried\"]) %}{{ mk.carried }} → ※ (ja), * (en)",
    },
    Entry {
        name: "term",
        signature: "term(key)",
        does: "A word of `reports/glossary.toml` in the report's language (a status, a column head, a section title); an unknown key is an error.",
        example: "{{ term(\"status.opened\") }} → 開業済み / Open",
    },
    Entry {
        name: "query",
        signature: "query(name, **params)",
        does: "The rows of the saved query `reports/queries/NAME.sql`, read in the report's snapshot, as a list of maps. `:start`, `:end`, `:as_of`, `:known_at` and `:lang` are bound for you; any other `:param` is given as a keyword argument. `as_of` may be given an earlier date than the report's (a previous period's value), never a later one; `known_at` cannot be given.",
        example: "{% for h in query(\"asean_hubs\", region=\"asean\") %}…{% endfor %}",
    },
    Entry {
        name: "bar_chart",
        signature: "bar_chart(rows, label, keys, names, no_data, title=None)",
        does: "Horizontal bars, one per row: `label` is the column of each bar's label, `keys` the columns stacked in it, `names` their legend. `no_data` is shown when there are no rows. A column the rows do not have is an error. The optional `title` begins the chart's text alternative, which says every bar in words.",
        example: "{{ bar_chart(hubs_by_country, \"name\", [\"opened\", \"planned\"], [term(\"status.opened\"), term(\"status.planned\")], term(\"rating.no_data\"), t(\"国別の医療拠点数\", \"Hubs by country\")) }}",
    },
    Entry {
        name: "line_chart",
        signature: "line_chart(rows, date_key, value_key, no_data, label_key=None, title=None)",
        does: "A line through dated values, each point labelled with its value and `label_key` (default: the month). The optional `title` begins its text alternative.",
        example: "{{ line_chart(members, \"date\", \"members\", t(\"記録なし\", \"None\"), \"label\") }}",
    },
    Entry {
        name: "progress_bar",
        signature: "progress_bar(progress, expected, rag, title=None)",
        does: "A bar of the share achieved, coloured by its RAG code, with a mark where the trajectory expects it to be by now; its text alternative gives both shares.",
        example: "{{ progress_bar(g.progress, g.expected_progress, g.rag, g.title) }}",
    },
];

/// A filter of the reference by name.
pub fn filter(name: &str) -> Option<&'static Entry> {
    FILTERS.iter().find(|e| e.name == name)
}

/// A function of the reference by name.
pub fn function(name: &str) -> Option<&'static Entry> {
    FUNCTIONS.iter().find(|e| e.name == name)
}

/// minijinja's own filters, which templates may use too
/// (<https://docs.rs/minijinja/latest/minijinja/filters/>).
pub const BUILTIN_FILTERS: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "float",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "last",
    "length",
    "lines",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "split",
    "string",
    "sum",
    "title",
    "tojson",
    "trim",
    "unique",
    "upper",
    "urlencode",
];

/// minijinja's own functions.
pub const BUILTIN_FUNCTIONS: &[&str] = &["range", "dict", "debug", "namespace"];

/// The markup's elements, with their attributes and classes: what both writers understand.
pub const MARKUP: &[(&str, &str)] = &[
    ("section", "A group of blocks; `class=\"cover\"` draws it as the title panel of the first page. `id`."),
    ("h1, h2, h3", "Headings, nested without gaps; `id` for a link target. Each goes in the PDF's outline."),
    ("p", "A paragraph; `class=\"lead\"` (larger), `\"meta\"` (muted, for dates and authors) or `\"note\"` (small). Any other class is an error."),
    ("ul, ol, li", "Lists of inline content."),
    ("table, thead, tbody, tr, th, td", "Tables. `table class=\"compact\"` sets it smaller (a table's other classes are free names, for the stylesheet); on cells, `class=\"num\"` right-aligns and `class=\"nowrap\"` keeps one line, `class=\"words\"` breaks only between words (never inside a Japanese word: a date, a list of names), `class=\"name\"` too, and keeps one line when the table has room; on a head cell, `class=\"w30\"` gives its column 30% of the table's width (w10, w15, w20, w25, w30, w35, w40, w50), and no other class is taken; `colspan`, `scope`. Header rows repeat on every PDF page the table crosses."),
    ("figure, svg, figcaption", "A chart (from the chart functions) and its caption. In `svg`: `rect`, `line`, `polyline`, `path` (straight segments), `circle`, `text`, `g`, and `title`, the chart's text alternative."),
    ("aside class=\"note\"", "A note to what is around it (the sources of a table)."),
    ("div class=\"page-break\"", "A page break in the PDF."),
    ("strong, b, em, i", "Bold; emphasis (accent colour)."),
    ("a href", "A link (`http:`, `https:`, `mailto:` or `#id`)."),
    ("span class, span lang", "`class=\"rag rag-green\"` (and `rag-achieved`, `rag-amber-green`, `rag-amber`, `rag-amber-red`, `rag-red`, `rag-no-data`) is a badge; `lang=\"en\"` marks text in the other language, for screen readers."),
    ("br", "A line break."),
];

/// The keys of a report definition (`reports/NAME.toml`).
pub const DEFINITION: &[(&str, &str)] = &[
    ("title_ja, title_en", "The report's title in each language (required)."),
    ("subject_ja, subject_en", "The PDF's subject."),
    ("author, author_en", "The PDF's author (default `tenkai`); the English one defaults to `author`."),
    ("template", "The template, relative to `reports/templates` (required)."),
    ("period_kind", "The periods it covers (required): see the period kinds."),
    ("formats", "What `schedule run` exports: `[\"html\", \"pdf\"]`."),
    ("languages", "The languages it is exported in: `[\"ja\"]`, `[\"ja\", \"en\"]`."),
    ("output", "The output path under the export folder: `{report}`, `{period}`, `{lang}`, `{format}`."),
    ("[pdf] header, footer, max_pages, font_size", "The running header and `n / N` footer (true/false), the most pages the PDF may take, and the body text's size in points (9.5)."),
    ("[schedule] days_after_period_end, at, cron, timezone, first_period", "When `tenkai schedule run` exports a period. `first_period` is optional: a back-fill asked for; without it the schedule starts at the newest period due when the database is first scheduled (`schedule run --from PERIOD` back-fills too)."),
    ("[limits] fuel, seconds, output_mb, memory_mb", "How much template work one render may do (a loop that never ends stops there), the seconds its SQL may take, the megabytes its template may write (64), and the megabytes of memory an export may take under `schedule run` (1024)."),
    ("contact_ja, contact_en", "Who to ask about the report (the briefing's last line)."),
    ("required_narrative", "The narrative sections (`tenkai narrative set --section …`) a real export needs written, such as the briefing's `lines_to_take`. An export without one is refused; `report render --allow-empty` renders it with a visible 未記入 / \"not written\" mark, and `--draft` tries it without sending. Under the schedule the report waits for its narrative and is exported by the first run after it is set."),
];

/// The reference as Markdown.
pub fn markdown() -> String {
    use std::fmt::Write;
    let mut s = String::from("# Writing report templates: the reference\n\n");
    s.push_str("A report is `reports/NAME.toml` (its definition) and a template under `reports/templates`, written in minijinja (Jinja2) and producing the report markup below. `tenkai report context NAME --period P` prints the data a template receives. Undefined names are errors, with the closest name in scope suggested.\n\n");
    for (title, entries) in [("Filters", FILTERS), ("Functions", FUNCTIONS)] {
        let _ = writeln!(s, "## {title}\n");
        for e in entries {
            let _ = writeln!(
                s,
                "### `{}`\n\n`{}`\n\n{}\n\n```jinja\n{}\n```\n",
                e.name, e.signature, e.does, e.example
            );
        }
    }
    let _ = writeln!(
        s,
        "minijinja's own filters work too: {}; and its functions {}.\n",
        BUILTIN_FILTERS.join(", "),
        BUILTIN_FUNCTIONS.join(", ")
    );
    s.push_str("## Period kinds\n\n`period_kind` in a definition:\n\n");
    for k in PeriodKind::ALL {
        let _ = writeln!(s, "- `{}`: {}", k.code(), k.describe());
    }
    s.push_str("\n## Markup\n\n");
    for (element, what) in MARKUP {
        let _ = writeln!(s, "- `{element}`: {what}");
    }
    s.push_str("\n## Definition keys\n\n");
    for (key, what) in DEFINITION {
        let _ = writeln!(s, "- `{key}`: {what}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_definition_key_is_one_a_definition_takes() {
        // Keys a definition does not take are refused (deny_unknown_fields): a definition with
        // every key of the reference loads.
        let dir = tempfile::tempdir().unwrap();
        let mut toml = String::new();
        let mut tables = Vec::new();
        for (keys, _) in DEFINITION {
            let (table, keys) = match keys.strip_prefix('[') {
                Some(rest) => {
                    let (t, k) = rest.split_once("] ").unwrap();
                    (Some(t), k)
                }
                None => (None, *keys),
            };
            for key in keys.split(", ") {
                let value = match key {
                    "period_kind" => "\"fiscal_quarter\"",
                    "formats" => "[\"html\"]",
                    "languages" => "[\"ja\"]",
                    "header" | "footer" => "true",
                    "font_size" => "9.5",
                    "max_pages"
                    | "fuel"
                    | "seconds"
                    | "output_mb"
                    | "memory_mb"
                    | "days_after_period_end" => "5",
                    "output" => "\"{report}/{period}.{lang}.{format}\"",
                    "first_period" => "\"FY2017Q4\"",
                    "required_narrative" => "[\"lines_to_take\"]",
                    "timezone" => "\"Asia/Tokyo\"",
                    "at" => "\"09:00\"",
                    _ => "\"x\"",
                };
                match table {
                    Some(t) => tables.push((t, format!("{key} = {value}"))),
                    None => toml.push_str(&format!("{key} = {value}\n")),
                }
            }
        }
        for t in ["pdf", "limits"] {
            toml.push_str(&format!("[{t}]\n"));
            for (_, line) in tables.iter().filter(|(n, _)| *n == t) {
                toml.push_str(line);
                toml.push('\n');
            }
        }
        std::fs::write(dir.path().join("r.toml"), &toml).unwrap();
        let def = crate::report::load(dir.path(), "r");
        assert!(def.is_ok(), "{toml}\n{:?}", def.err());
    }

    #[test]
    fn the_reference_names_every_filter_function_and_period_kind() {
        let md = markdown();
        for e in FILTERS.iter().chain(FUNCTIONS) {
            assert!(md.contains(&format!("### `{}`", e.name)), "{}", e.name);
            assert!(
                !e.does.is_empty() && e.example.contains(e.name),
                "{}",
                e.name
            );
        }
        for k in PeriodKind::ALL {
            assert!(md.contains(k.code()), "{k:?}");
        }
    }
}

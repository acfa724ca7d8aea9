//! The layers as a test: reads every `crate::…` and `tenkai::…` path in `src/` (in `use` lines and
//! inline, grouped `crate::{a, b::c}` included) and fails on an arrow the design forbids, naming
//! the file and line. The allowed shape, top to bottom: `cli`; `schedule`, `preview`; `delivery`
//! (mail and shared folders); `render`;
//! `report` and the report workbook (`xlsx::report`); the writers `html`, `pdf`, `xlsx` and
//! `table`; `markup`; `targets` and `sql`; `import` (CSV and workbooks read into typed rows); `output` (the rule for every written path) and `drafts` (the folder of trial renders); `store`; the domain (`period`, `wareki`, `dates`, `fact_date`,
//! `i18n` with the glossary, and the support modules `error`, `parallel`, `profile` and `cell`, the row model). It also
//! fails on any cycle between these modules and on clap outside `src/cli` and `src/main.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const DOMAIN: &[&str] = &[
    "period",
    "wareki",
    "dates",
    "fact_date",
    "i18n",
    "error",
    "parallel",
    "profile",
    "cell",
];
const WRITERS: &[&str] = &["html", "pdf", "xlsx", "table"];
const REPORT: &[&str] = &["report", "xlsx::report"];
const ABOVE_REPORT: &[&str] = &["render", "delivery", "schedule", "preview", "cli"];
const OTHERS: &[&str] = &[
    "markup", "targets", "sql", "store", "output", "drafts", "import",
];

/// Arrows allowed for now, each with the reason it is still there: (file, target unit). None at
/// present.
const EXCEPTIONS: &[(&str, &str)] = &[];

/// One use of a path: the file and line it is on, and the unit it names.
struct Use {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// A forbidden arrow: a name for the rule, the units it applies to and the units they must not use.
struct Rule {
    name: &'static str,
    from: Vec<&'static str>,
    to: Vec<&'static str>,
}

fn rules() -> Vec<Rule> {
    let cat = |parts: &[&[&'static str]]| parts.iter().flat_map(|p| p.iter().copied()).collect();
    let everything: Vec<&str> = cat(&[DOMAIN, WRITERS, REPORT, ABOVE_REPORT, OTHERS]);
    vec![
        Rule {
            name: "a writer must not use the report or anything above it",
            from: WRITERS.to_vec(),
            to: cat(&[REPORT, ABOVE_REPORT]),
        },
        Rule {
            name: "markup must not use a writer or anything above it",
            from: vec!["markup"],
            to: cat(&[WRITERS, REPORT, ABOVE_REPORT]),
        },
        Rule {
            name: "the report must not use render, the html or pdf writers, or anything above",
            from: REPORT.to_vec(),
            to: cat(&[&["html", "pdf"], ABOVE_REPORT]),
        },
        Rule {
            name: "the store must not use report, render, sql, xlsx or anything above it",
            from: vec!["store"],
            to: everything
                .iter()
                .copied()
                .filter(|u| !DOMAIN.contains(u) && *u != "store")
                .collect(),
        },
        Rule {
            name: "targets and sql must not use the report or anything above it",
            from: vec!["targets", "sql"],
            to: cat(&[REPORT, ABOVE_REPORT]),
        },
        Rule {
            name: "the output rule and the drafts folder must not use the report, the writers or anything above them",
            from: vec!["output", "drafts"],
            to: cat(&[WRITERS, REPORT, ABOVE_REPORT, &["markup", "targets", "sql"]]),
        },
        Rule {
            name: "the import (files read into typed rows for the store) must not use the report or anything above it",
            from: vec!["import"],
            to: cat(&[REPORT, ABOVE_REPORT, &["html", "pdf", "markup", "targets", "sql"]]),
        },
        Rule {
            name: "render must not use delivery, schedule, preview or the cli",
            from: vec!["render"],
            to: vec!["delivery", "schedule", "preview", "cli"],
        },
        Rule {
            name: "delivery must not use schedule, preview or the cli (schedule calls it)",
            from: vec!["delivery"],
            to: vec!["schedule", "preview", "cli"],
        },
        Rule {
            name: "targets and the report must not use sql",
            from: cat(&[&["targets"], REPORT]),
            to: vec!["sql"],
        },
        Rule {
            name: "the domain must not use anything above it",
            from: DOMAIN.to_vec(),
            to: everything
                .iter()
                .copied()
                .filter(|u| !DOMAIN.contains(u))
                .collect(),
        },
        Rule {
            name: "nothing uses the cli",
            from: everything.iter().copied().filter(|u| *u != "cli").collect(),
            to: vec!["cli"],
        },
    ]
}

/// The unit a module path names: its top-level module, except the report workbook.
fn unit(segments: &[&str]) -> String {
    match segments {
        ["xlsx", "report", ..] => "xlsx::report".into(),
        ["main", ..] => "cli".into(),
        [first, ..] => first.to_string(),
        [] => String::new(),
    }
}

/// The unit a source file belongs to.
fn file_unit(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    unit(&parts)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without its comments (line comments only: block comments are not used), one string
/// per line so that an offset maps back to a line.
fn code_lines(src: &str) -> Vec<String> {
    src.lines()
        .map(|l| match l.find("//") {
            Some(i) => l[..i].to_string(),
            None => l.to_string(),
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The leading path segments of `s` (`a::b::c…`), identifiers only.
fn segments(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(r) if r.starts_with(|c: char| is_ident(c)) => rest = r,
            _ => break,
        }
    }
    out
}

/// The first segments of each item in a group `{a, b::c, d::{e, f}}` that starts `text`.
fn group_items(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                items.push((start, segments(&text[start..i])));
                start = i + 1;
                if c == '}' {
                    break;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    items
}

/// Every source file in `src/`, by its path below `src/`, as its lines without comments.
fn sources(root: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let lines = code_lines(&std::fs::read_to_string(&path).unwrap());
            (path.strip_prefix(&src).unwrap().to_path_buf(), lines)
        })
        .collect()
}

/// Every `crate::` and `tenkai::` path in `src/`, as the unit it names.
fn uses(root: &Path) -> Vec<Use> {
    let mut out = Vec::new();
    for (rel, lines) in sources(root) {
        let from = file_unit(&rel);
        if from == "lib" {
            continue;
        }
        let text = lines.join("\n");
        let line_of = |at: usize| text[..at].matches('\n').count() + 1;
        for prefix in ["crate::", "tenkai::"] {
            for (at, _) in text.match_indices(prefix) {
                if text[..at].ends_with(is_ident) {
                    continue;
                }
                let rest = &text[at + prefix.len()..];
                let named: Vec<(usize, Vec<&str>)> = if rest.starts_with('{') {
                    group_items(rest)
                } else {
                    vec![(0, segments(rest))]
                };
                for (offset, segs) in named {
                    // `crate::Error`, `crate::Result`: the root's re-exports of `error`.
                    let to = match segs.first() {
                        Some(s) if s.starts_with(char::is_uppercase) => "error".to_string(),
                        Some(_) => unit(&segs),
                        None => continue,
                    };
                    let file = format!("src/{}", rel.display());
                    let line = line_of(at + prefix.len() + offset);
                    out.push(Use {
                        file,
                        line,
                        from: from.clone(),
                        to,
                    });
                }
            }
        }
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn excepted(u: &Use) -> bool {
    EXCEPTIONS.iter().any(|(f, t)| u.file == *f && u.to == *t)
}

#[test]
fn every_module_is_placed_in_a_layer() {
    let known: BTreeSet<&str> = [DOMAIN, WRITERS, REPORT, ABOVE_REPORT, OTHERS]
        .concat()
        .into_iter()
        .collect();
    let unknown: Vec<String> = uses(&root())
        .into_iter()
        .filter(|u| !known.contains(u.from.as_str()) || !known.contains(u.to.as_str()))
        .map(|u| format!("{}:{}: {} -> {}", u.file, u.line, u.from, u.to))
        .collect();
    assert!(
        unknown.is_empty(),
        "modules this test does not place in a layer (add them to tests/cli/architecture.rs):\n{}",
        unknown.join("\n")
    );
}

#[test]
fn no_forbidden_arrow() {
    let mut found = Vec::new();
    for u in uses(&root()) {
        if u.from == u.to || excepted(&u) {
            continue;
        }
        for rule in rules() {
            if rule.from.contains(&u.from.as_str()) && rule.to.contains(&u.to.as_str()) {
                found.push(format!(
                    "{}:{}: {} -> {}: {}",
                    u.file, u.line, u.from, u.to, rule.name
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "forbidden arrows between modules:\n{}",
        found.join("\n")
    );
}

/// The units reachable from `start` in `graph`.
fn reachable<'a>(
    graph: &'a BTreeMap<String, BTreeSet<String>>,
    start: &'a str,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![start];
    while let Some(u) = todo.pop() {
        for v in graph.get(u).into_iter().flatten() {
            if seen.insert(v.as_str()) {
                todo.push(v);
            }
        }
    }
    seen
}

#[test]
fn no_cycle_between_modules() {
    let all = uses(&root());
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for u in all.iter().filter(|u| u.from != u.to) {
        graph
            .entry(u.from.clone())
            .or_default()
            .insert(u.to.clone());
    }
    // An arrow a -> b is on a cycle when a is reachable from b.
    let found: Vec<String> = all
        .iter()
        .filter(|u| u.from != u.to && reachable(&graph, &u.to).contains(u.from.as_str()))
        .map(|u| {
            format!(
                "{}:{}: {} -> {}, and {} reaches {} back",
                u.file, u.line, u.from, u.to, u.to, u.from
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "cycles between modules:\n{}",
        found.join("\n")
    );
}

#[test]
fn clap_only_in_the_cli() {
    let mut found = Vec::new();
    for (rel, lines) in sources(&root()) {
        if rel.starts_with("cli") || rel == Path::new("main.rs") {
            continue;
        }
        for (i, l) in lines.iter().enumerate() {
            let hit = l
                .match_indices("clap")
                .any(|(at, _)| !l[..at].ends_with(is_ident) && !l[at + 4..].starts_with(is_ident));
            if hit {
                found.push(format!("src/{}:{}: {}", rel.display(), i + 1, l.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "clap outside src/cli and src/main.rs (derive ValueEnum in the cli and map to the library's enum):\n{}",
        found.join("\n")
    );
}

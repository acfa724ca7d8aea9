//! Names as people type them: what counts as the same name, and which known names are close to
//! one that is not known (a did-you-mean).
//!
//! Two names are the same when they are equal after [`normalise`]: NFKC (full-width letters and
//! digits, half-width katakana), spaces and middle dots dropped, Latin letters folded to lower
//! case, and a company form (株式会社, (株), 医療法人 …) at either end dropped. A name that is not
//! the same as a known one but within a small edit distance of it (フィ for フイ, one character
//! more or less) is close: a user who types it most likely means the known one, and a command
//! that would create a new thing from it refuses and names the close ones instead.

use unicode_normalization::UnicodeNormalization;

/// The company and corporation forms that may stand before or after a name without changing
/// what it names.
const FORMS: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "一般社団法人",
    "公益社団法人",
    "一般財団法人",
    "公益財団法人",
    "社会医療法人",
    "医療法人社団",
    "医療法人財団",
    "医療法人",
    "(株)",
    "(有)",
    "㈱",
    "co.,ltd.",
    "co.ltd.",
    "inc.",
    "corporation",
];

/// A name as compared: NFKC, without spaces or middle dots, Latin letters in lower case, and
/// without a company form at either end.
pub fn normalise(name: &str) -> String {
    let mut s: String = name
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '・' | '･' | '·'))
        .flat_map(char::to_lowercase)
        .collect();
    static FORMS_READ: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let forms = FORMS_READ.get_or_init(|| {
        FORMS
            .iter()
            .map(|f| f.nfkc().collect::<String>().to_lowercase())
            .collect()
    });
    loop {
        let before = s.len();
        for form in forms {
            if let Some(rest) = s.strip_prefix(form.as_str()) {
                s = rest.to_string();
            }
            if let Some(rest) = s.strip_suffix(form.as_str()) {
                s = rest.to_string();
            }
        }
        if s.len() == before || s.is_empty() {
            return s;
        }
    }
}

/// The edit distance (Levenshtein, by characters) between two strings.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// How far a name may be from a known one to be close to it: one edit for a short name, two
/// from eight characters on.
fn reach(len: usize) -> usize {
    if len >= 8 {
        2
    } else {
        1
    }
}

/// How a typed name stands to the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<T> {
    /// It is the same as this known one.
    Same(T),
    /// It is the same as none, and close to these (nearest first).
    Close(Vec<T>),
    /// It is the same as none and close to none.
    New,
}

/// Finds `typed` among `known` (each a value and the names it goes by).
pub fn find<T: Clone>(typed: &str, known: &[(T, Vec<String>)]) -> Match<T> {
    let key = normalise(typed);
    let mut close: Vec<(usize, T)> = Vec::new();
    for (value, names) in known {
        let nearest = names.iter().map(|n| distance(&key, &normalise(n))).min();
        match nearest {
            Some(0) => return Match::Same(value.clone()),
            Some(d) if d <= reach(key.chars().count()) => close.push((d, value.clone())),
            _ => {}
        }
    }
    if close.is_empty() {
        return Match::New;
    }
    close.sort_by_key(|(d, _)| *d);
    Match::Close(close.into_iter().map(|(_, v)| v).take(5).collect())
}

/// The known names nearest to `typed`, nearest first: for a message about a name that names
/// nothing ("the closest are …"). A name that holds the typed one (a name typed in part) is
/// nearest; then those at the smallest edit distance, within a wider reach than [`find`]'s.
pub fn nearest<'a>(
    typed: &str,
    names: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let key = normalise(typed);
    let limit = key.chars().count().max(2) / 2 + 1;
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .map(|name| {
            let norm = normalise(name);
            let d = if key.chars().count() >= 2 && norm.contains(&key) {
                0
            } else {
                distance(&key, &norm)
            };
            (d, name)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(n)
        .map(|(_, name)| name)
        .collect()
}

/// The code a typed value stands for: the code itself, or its Japanese or English name (each
/// read as [`normalise`] reads names). `known` holds (code, Japanese name, English name).
pub fn code_of(typed: &str, known: &[(String, String, String)]) -> Option<String> {
    let key = normalise(typed);
    known
        .iter()
        .find(|(code, ja, en)| [code, ja, en].iter().any(|n| normalise(n) == key))
        .map(|(code, _, _)| code.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_is_found_through_width_spaces_and_company_forms() {
        for typed in [
            "株式会社 富士フイルム",
            "富士フイルム株式会社",
            "富士　フイルム",
            "(株)富士フイルム",
        ] {
            assert_eq!(normalise(typed), normalise("富士フイルム"), "{typed}");
        }
        assert_eq!(normalise("ＦＵＪＩＦＩＬＭ"), "fujifilm");
    }

    #[test]
    fn a_near_miss_is_close_and_a_new_name_is_new() {
        let known = vec![
            (1, vec!["富士フイルム".to_string()]),
            (2, vec!["オリンパス".to_string()]),
        ];
        assert_eq!(find("富士フィルム", &known), Match::Close(vec![1]));
        assert_eq!(find("富士フイルム株式会社", &known), Match::Same(1));
        assert_eq!(find("あおば医療サービス", &known), Match::New);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}

//! What checking a fact found wrong, and the refusal it becomes: bad usage (exit 2) for input
//! that cannot be read or names nothing known, a failure (exit 1) for a fact the record refuses.

use crate::Error;

/// A problem with a fact: the field (a column's name), what is wrong, and whether the record
/// refuses a fact it could read (a duplicate, a date or status the record rules out) rather than
/// input that cannot be read or names nothing known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub refused: bool,
}

impl Problem {
    /// Input that cannot be read, or names nothing known: bad usage.
    pub fn bad(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            field: field.into(),
            message: message.into(),
            refused: false,
        }
    }
    /// A fact the record refuses: readable, but a duplicate or against the record's rules.
    pub fn refused(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            refused: true,
            ..Problem::bad(field, message)
        }
    }
}

/// [`refusal`] with each problem under its field: "name_ja: is empty; …".
pub fn refusal_by_field(problems: &[Problem]) -> Error {
    let lines = problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect();
    refusal(problems, lines)
}

/// The error of refused input, its problems in `lines`: a failure (exit 1) when the record
/// refuses every one of them, else bad usage (exit 2), which the user fixes first.
pub fn refusal(problems: &[Problem], lines: Vec<String>) -> Error {
    if problems.iter().all(|p| p.refused) {
        Error::Invalid(lines.join("\n"))
    } else {
        Error::Usage(lines.join("\n"))
    }
}

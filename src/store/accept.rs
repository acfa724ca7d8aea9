//! What the store accepts from a user, before anything is written: text without control or
//! bidirectional characters and of bounded length, characters the report fonts can draw, and
//! dates that make sense.

use chrono::NaiveDate;

/// The longest name (a hub's, an organisation's), in characters.
pub const NAME_MAX: usize = 200;
/// The longest note, in characters.
pub const NOTE_MAX: usize = 4000;

/// How far ahead a status may be dated without `--allow-future`.
pub const FUTURE_DAYS: i64 = 366;

/// What kind of text a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// A code: one line, no spaces needed, short.
    Code,
    /// A name or a short value: one line.
    Name,
    /// A note: may hold tabs and line breaks.
    Note,
    /// A narrative section: a note whose length its reader bounds (in bytes).
    Narrative,
}

/// The rules an addition is checked against.
pub struct Rules<'a> {
    /// Today in Tokyo: a status dated more than [`FUTURE_DAYS`] after it is refused.
    pub today: NaiveDate,
    pub allow_future: bool,
    /// Whether the report fonts draw a character; `None` skips the check.
    pub drawable: Option<&'a dyn Fn(char) -> bool>,
}

impl Rules<'_> {
    /// The rules for today, with no font check.
    pub fn today() -> Rules<'static> {
        Rules {
            today: crate::dates::today(),
            allow_future: false,
            drawable: None,
        }
    }

    /// Checks a text field; the message says what is wrong, where and what to do.
    pub fn text(&self, value: &str, kind: Text) -> Result<(), String> {
        for (i, c) in value.chars().enumerate() {
            let at = i + 1;
            let multiline = matches!(kind, Text::Note | Text::Narrative);
            if c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r')) {
                return Err(format!(
                    "has the control character U+{:04X} at character {at}; remove it",
                    c as u32
                ));
            }
            if is_bidi_control(c) {
                return Err(format!(
                    "has the bidirectional control U+{:04X} at character {at}, which would reorder what readers see; remove it",
                    c as u32
                ));
            }
            if let Some(draws) = self.drawable {
                if !c.is_control() && !draws(c) {
                    return Err(format!(
                        "has '{c}' (U+{:04X}) at character {at}, which the report fonts cannot draw, so the PDF could not be made; replace it",
                        c as u32
                    ));
                }
            }
        }
        let max = match kind {
            Text::Code => 32,
            Text::Name => NAME_MAX,
            Text::Note => NOTE_MAX,
            Text::Narrative => usize::MAX,
        };
        let n = value.chars().count();
        if n > max {
            return Err(format!("is {n} characters long; at most {max} are allowed"));
        }
        Ok(())
    }

    /// Checks the date of a status (and the expected date that may go with it).
    pub fn status_dates(
        &self,
        effective: NaiveDate,
        expected: Option<NaiveDate>,
    ) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let limit = self.today + chrono::Duration::days(FUTURE_DAYS);
        if !self.allow_future && effective > limit {
            problems.push((
                "effective_date".into(),
                format!("{effective} is more than a year ahead (after {limit}); check the year, or pass --allow-future"),
            ));
        }
        if let Some(e) = expected {
            if e < effective {
                problems.push((
                    "expected_date".into(),
                    format!("{e} is before the status date {effective}; an expected date lies ahead of it"),
                ));
            }
        }
        problems
    }
}

/// The Unicode controls that reorder text (embeddings, overrides, isolates and marks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules<'static> {
        Rules {
            today: NaiveDate::from_ymd_opt(2018, 4, 1).unwrap(),
            allow_future: false,
            drawable: None,
        }
    }

    #[test]
    fn control_and_bidirectional_characters_are_refused_with_their_place() {
        let r = rules();
        assert!(r
            .text("H\u{0}01", Text::Code)
            .unwrap_err()
            .contains("U+0000 at character 2"));
        assert!(r
            .text("名前\u{1b}[31m", Text::Name)
            .unwrap_err()
            .contains("U+001B"));
        assert!(r
            .text("abc\u{202e}def", Text::Name)
            .unwrap_err()
            .contains("U+202E"));
        assert!(r.text("一行目\n二行目\tタブ", Text::Note).is_ok());
        assert!(r.text("一行目\n二行目", Text::Name).is_err());
        assert!(r.text("北斗画像診断センター", Text::Name).is_ok());
    }

    #[test]
    fn lengths_are_bounded() {
        let r = rules();
        assert!(r.text(&"あ".repeat(NAME_MAX), Text::Name).is_ok());
        let e = r.text(&"あ".repeat(NAME_MAX + 1), Text::Name).unwrap_err();
        assert!(
            e.contains("201 characters") && e.contains("at most 200"),
            "{e}"
        );
        assert!(r.text(&"x".repeat(NOTE_MAX + 1), Text::Note).is_err());
    }

    #[test]
    fn a_character_the_fonts_lack_is_refused_when_fonts_are_given() {
        let no_emoji = |c: char| (c as u32) < 0x1F000;
        let r = Rules {
            drawable: Some(&no_emoji),
            ..rules()
        };
        let e = r.text("病院🏥", Text::Name).unwrap_err();
        assert!(e.contains("U+1F3E5") && e.contains("cannot draw"), "{e}");
    }

    #[test]
    fn statuses_far_ahead_and_expected_dates_before_them_are_refused() {
        let r = rules();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(r.status_dates(d(2019, 3, 31), None).is_empty());
        assert_eq!(r.status_dates(d(2999, 1, 1), None).len(), 1);
        assert_eq!(r.status_dates(d(2018, 5, 1), Some(d(2018, 4, 1))).len(), 1);
        let lenient = Rules {
            allow_future: true,
            ..rules()
        };
        assert!(lenient.status_dates(d(2999, 1, 1), None).is_empty());
    }
}

//! A delivery's words and files: the subject and body from the definition's templates (in the
//! report's language, with the period and the figures), the files' names, and the mail built
//! from them. lettre writes a non-ASCII Subject as RFC 2047 encoded words and a non-ASCII file
//! name as an RFC 2231 parameter (`filename*=utf-8''…`), which Outlook and Gmail both read.

use super::config::Mail;
use crate::{Error, Result};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

/// Renders one of the definition's delivery templates (plain text: no HTML escaping) on `ctx`.
/// Undefined names are errors, and the template runs on a fuel limit. `what` names the field for
/// the message (`[delivery.mail.office] subject`).
pub fn render(what: &str, template: &str, ctx: &serde_json::Value) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_fuel(Some(1_000_000));
    env.render_str(template, minijinja::value::Serde(ctx)).map_err(|e| {
        let line = e.line().map(|l| format!(" line {l}")).unwrap_or_default();
        Error::Invalid(format!(
            "{what}{line}: {}; the names a delivery template can use are those of `tenkai report context` plus files and purpose",
            e.detail().unwrap_or(&e.kind().to_string())
        ))
    })
}

/// A file name made from the definition's `file_name` template: path separators, control
/// characters and the characters Windows refuses become `_`, so the name stays one file in the
/// folder it is written to.
pub fn file_name(template: &str, vars: &serde_json::Value) -> Result<String> {
    let name = render("[delivery] file_name", template, vars)?;
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    if clean.is_empty() || clean.starts_with('.') {
        return Err(Error::Invalid(format!(
            "[delivery] file_name gives \"{clean}\", which is no file name"
        )));
    }
    Ok(clean)
}

/// The MIME type of a file of a format.
fn content_type(format: &str) -> ContentType {
    let t = match format {
        "pdf" => "application/pdf",
        "html" => "text/html; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
    ContentType::parse(t).unwrap_or(ContentType::TEXT_PLAIN)
}

/// A file to attach: its name, its format and its bytes.
pub struct Part {
    pub name: String,
    pub format: String,
    pub bytes: Vec<u8>,
}

/// What a mail says: its subject, its body and its Message-ID.
pub struct Letter<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub message_id: &'a str,
}

/// The mail of a channel: From, To, Cc, Subject (one line), a plain-text body and the files.
pub fn build(
    mail: &Mail,
    letter: &Letter<'_>,
    parts: &[Part],
    date: chrono::DateTime<chrono::Utc>,
) -> Result<lettre::Message> {
    let bad = |a: &str, e: &dyn std::fmt::Display| {
        Error::Invalid(format!("\"{a}\" is not a mail address ({e})"))
    };
    let mbox = |a: &str| a.parse::<Mailbox>().map_err(|e| bad(a, &e));
    let mut b = lettre::Message::builder()
        .from(mbox(&mail.from)?)
        .subject(
            letter
                .subject
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
        .message_id(Some(letter.message_id.to_string()))
        .date(std::time::SystemTime::from(date));
    for a in &mail.to {
        b = b.to(mbox(a)?);
    }
    for a in &mail.cc {
        b = b.cc(mbox(a)?);
    }
    let mut body = MultiPart::mixed().singlepart(SinglePart::plain(letter.body.to_string()));
    for p in parts {
        body = body.singlepart(
            Attachment::new(p.name.clone()).body(p.bytes.clone(), content_type(&p.format)),
        );
    }
    b.multipart(body)
        .map_err(|e| Error::Invalid(format!("the mail cannot be built: {e}")))
}

/// A Message-ID for an attempt: unique by report, period, channel and attempt number, on the
/// sender's domain.
pub fn message_id(mail: &Mail, parts: [&str; 4], at: chrono::DateTime<chrono::Utc>) -> String {
    let domain = mail
        .from
        .rsplit('@')
        .next()
        .map(|d| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("tenkai.invalid");
    let local: String = parts
        .join(".")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("<{local}.{}@{domain}>", at.format("%Y%m%dT%H%M%SZ"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_one_file_whatever_the_title() {
        let v = serde_json::json!({"title": "報告/案: 第1版", "period": "FY2017Q4", "lang": "ja", "format": "pdf"});
        assert_eq!(
            file_name(super::super::config::DEFAULT_FILE_NAME, &v).unwrap(),
            "報告_案_ 第1版_FY2017Q4.ja.pdf"
        );
        assert!(file_name("{{ nothing }}", &v).is_err());
    }

    #[test]
    fn a_template_error_names_the_field() {
        let e = render(
            "[delivery.mail.office] subject",
            "{{ figures.hubs_opn }}",
            &serde_json::json!({"figures": {"hubs_open": 1}}),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("[delivery.mail.office] subject"), "{e}");
    }
}

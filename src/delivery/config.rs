//! The `[delivery]` section of a report definition: its mail and folder channels, read and
//! checked before anything is sent. A password never appears here: a mail channel names the
//! environment variable or the file (mode 0600) it is read from.

use crate::report::Definition;
use crate::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The attachments' name when the definition gives none: the report's title in the file's
/// language, the period, the language and the format.
pub const DEFAULT_FILE_NAME: &str = "{{ title }}_{{ period }}.{{ lang }}.{{ format }}";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    /// The formats every channel carries unless it names its own (default: all the report's).
    attachments: Option<Vec<String>>,
    /// The most the files of one delivery may weigh together, in megabytes.
    max_attachments_mb: Option<f64>,
    file_name: Option<String>,
    #[serde(default)]
    mail: BTreeMap<String, RawMail>,
    #[serde(default)]
    folder: BTreeMap<String, RawFolder>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMail {
    server: String,
    port: Option<u16>,
    tls: Option<String>,
    tls_ca_file: Option<PathBuf>,
    username: Option<String>,
    password_env: Option<String>,
    password_file: Option<PathBuf>,
    /// Refused with a message of its own: a password never goes in a definition.
    password: Option<toml::Value>,
    from: String,
    to: Vec<String>,
    #[serde(default)]
    cc: Vec<String>,
    subject: String,
    body: String,
    correction_subject: Option<String>,
    correction_body: Option<String>,
    attachments: Option<Vec<String>>,
    timeout_seconds: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFolder {
    path: PathBuf,
    attachments: Option<Vec<String>>,
}

/// How a mail channel's connection is secured: STARTTLS on a plain port (587), or TLS from the
/// first byte (465). There is no plain-text mode and no switch that skips verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    StartTls,
    Implicit,
}

/// Where a mail channel's password comes from.
#[derive(Debug, Clone)]
pub enum Secret {
    Env(String),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Mail {
    pub server: String,
    pub port: u16,
    pub tls: Tls,
    pub tls_ca_file: Option<PathBuf>,
    /// The login and where its password comes from; none: the server takes mail without one.
    pub login: Option<(String, Secret)>,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub correction: Option<(String, String)>,
    pub timeout: std::time::Duration,
}

#[derive(Debug, Clone)]
pub enum Via {
    Mail(Box<Mail>),
    Folder(PathBuf),
}

/// One channel: its name, the formats it carries and where it goes.
#[derive(Debug, Clone)]
pub struct Channel {
    pub name: String,
    pub formats: Vec<String>,
    pub via: Via,
}

impl Channel {
    pub fn kind(&self) -> &'static str {
        match self.via {
            Via::Mail(_) => "mail",
            Via::Folder(_) => "folder",
        }
    }
    /// To and Cc of a mail, or the folder.
    pub fn recipients(&self) -> String {
        match &self.via {
            Via::Mail(m) if m.cc.is_empty() => format!("To: {}", m.to.join(", ")),
            Via::Mail(m) => format!("To: {}; Cc: {}", m.to.join(", "), m.cc.join(", ")),
            Via::Folder(p) => p.display().to_string(),
        }
    }
}

/// A definition's delivery: its channels, the size limit and the files' name template.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub channels: Vec<Channel>,
    pub max_bytes: Option<u64>,
    pub file_name: String,
}

impl Delivery {
    /// Reads the `[delivery]` of a definition; `None` when it has none.
    pub fn of(def: &Definition) -> Result<Option<Delivery>> {
        let Some(v) = &def.delivery else {
            return Ok(None);
        };
        let at =
            |what: String| Error::Invalid(format!("{} [delivery]: {what}", def.file.display()));
        let raw: Raw = v
            .clone()
            .try_into()
            .map_err(|e: toml::de::Error| at(e.message().to_string()))?;
        let formats = |own: Option<Vec<String>>, channel: &str| -> Result<Vec<String>> {
            let list = own
                .or_else(|| raw.attachments.clone())
                .unwrap_or_else(|| def.formats.clone());
            for f in &list {
                if !def.formats.contains(f) {
                    return Err(at(format!(
                        "channel {channel}: attachments names {f}, which the report does not export (its formats: {})",
                        def.formats.join(", ")
                    )));
                }
            }
            Ok(list)
        };
        let mut channels = Vec::new();
        for (name, m) in raw.mail {
            let formats = formats(m.attachments.clone(), &name)?;
            let mail = mail(m).map_err(|e| at(format!("channel {name}: {e}")))?;
            channels.push(Channel {
                name,
                formats,
                via: Via::Mail(Box::new(mail)),
            });
        }
        for (name, f) in raw.folder {
            if channels.iter().any(|c| c.name == name) {
                return Err(at(format!(
                    "channel {name} is both a mail and a folder channel: give each a name of its own"
                )));
            }
            let formats = formats(f.attachments, &name)?;
            channels.push(Channel {
                name,
                formats,
                via: Via::Folder(f.path),
            });
        }
        if channels.is_empty() {
            return Err(at(
                "no channel: add [delivery.mail.NAME] or [delivery.folder.NAME]".into(),
            ));
        }
        let max_bytes = match raw.max_attachments_mb {
            Some(mb) if mb.is_nan() || mb <= 0.0 => {
                return Err(at(format!("max_attachments_mb = {mb} must be above 0")))
            }
            Some(mb) => Some((mb * 1024.0 * 1024.0) as u64),
            None => None,
        };
        let d = Delivery {
            channels,
            max_bytes,
            file_name: raw.file_name.unwrap_or_else(|| DEFAULT_FILE_NAME.into()),
        };
        for c in &d.channels {
            d.refuse_shared_names(def, c)
                .map_err(|e| at(format!("channel {}: {e}", c.name)))?;
        }
        Ok(Some(d))
    }

    /// Refuses a `file_name` that gives two files of one channel's delivery the same name (no
    /// `{{ lang }}` in it, in a report of two languages): the second would meet the first, and the
    /// delivery would fail on every try with half its files written.
    fn refuse_shared_names(&self, def: &Definition, c: &Channel) -> Result<()> {
        let mut seen: Vec<(String, String)> = Vec::new();
        for lang in &def.languages {
            for f in &c.formats {
                let period = "FY2017Q4";
                let name = super::plan::name_of(self, def, period, *lang, f)?;
                let this = format!("{} {f}", lang.code());
                if let Some((other, _)) = seen.iter().find(|(_, n)| *n == name) {
                    return Err(Error::Invalid(format!(
                        "file_name = \"{}\" gives the {other} and the {this} files one name ({name} for {period}): put {{{{ lang }}}} and {{{{ format }}}} in it",
                        self.file_name
                    )));
                }
                seen.push((this, name));
            }
        }
        Ok(())
    }
}

/// A mail channel's settings, checked.
fn mail(m: RawMail) -> std::result::Result<Mail, String> {
    if m.password.is_some() {
        return Err("a password never goes in a report definition (it would be in every copy and backup of it): name an environment variable with password_env, or a file only its owner can read (chmod 600) with password_file".into());
    }
    let tls = match m.tls.as_deref().unwrap_or("starttls") {
        "starttls" => Tls::StartTls,
        "implicit" => Tls::Implicit,
        other => {
            return Err(format!(
                "tls = \"{other}\": give \"starttls\" (port 587) or \"implicit\" (port 465); mail is never sent unencrypted"
            ))
        }
    };
    let login = match (m.username, m.password_env, m.password_file) {
        (None, None, None) => None,
        (Some(u), Some(env), None) => Some((u, Secret::Env(env))),
        (Some(u), None, Some(file)) => Some((u, Secret::File(file))),
        (Some(_), None, None) => return Err("username needs password_env or password_file".into()),
        (_, Some(_), Some(_)) => return Err("give password_env or password_file, not both".into()),
        (None, _, _) => return Err("password_env or password_file needs a username".into()),
    };
    for a in std::iter::once(&m.from).chain(&m.to).chain(&m.cc) {
        a.parse::<lettre::message::Mailbox>()
            .map_err(|e| format!("\"{a}\" is not a mail address ({e})"))?;
    }
    if m.to.is_empty() {
        return Err("to = [] names nobody: give at least one recipient".into());
    }
    let correction = match (m.correction_subject, m.correction_body) {
        (Some(s), Some(b)) => Some((s, b)),
        (None, None) => None,
        _ => return Err("give correction_subject and correction_body together".into()),
    };
    let timeout = m.timeout_seconds.unwrap_or(30);
    if !(1..=600).contains(&timeout) {
        return Err(format!(
            "timeout_seconds = {timeout} must be between 1 and 600"
        ));
    }
    Ok(Mail {
        port: m.port.unwrap_or(match tls {
            Tls::StartTls => 587,
            Tls::Implicit => 465,
        }),
        server: m.server,
        tls,
        tls_ca_file: m.tls_ca_file,
        login,
        from: m.from,
        to: m.to,
        cc: m.cc,
        subject: m.subject,
        body: m.body,
        correction,
        timeout: std::time::Duration::from_secs(timeout),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quarterly definition with the README's `[delivery]` example after it.
    fn readme_definition() -> Definition {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("# reports/quarterly.toml, after [schedule]")
            .expect("the README shows a [delivery]");
        let block = &readme[start..start + readme[start..].find("```").unwrap()];
        let text = format!("{}\n{block}", include_str!("../../reports/quarterly.toml"));
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn the_readme_example_reads_as_a_mail_and_a_folder_channel() {
        let d = Delivery::of(&readme_definition()).unwrap().unwrap();
        let kinds: Vec<(&str, &str)> = d
            .channels
            .iter()
            .map(|c| (c.name.as_str(), c.kind()))
            .collect();
        assert_eq!(kinds, [("office", "mail"), ("share", "folder")]);
        let Via::Mail(m) = &d.channels[0].via else {
            unreachable!()
        };
        assert!(matches!(&m.login, Some((_, Secret::Env(v))) if v == "TENKAI_SMTP_PASSWORD"));
        assert_eq!((m.port, m.tls), (587, Tls::StartTls));
        assert_eq!(d.max_bytes, Some(10 * 1024 * 1024));
        assert_eq!(d.channels[0].formats, ["pdf"]);
    }

    #[test]
    fn a_password_in_the_definition_is_refused_and_not_repeated() {
        let mut def = readme_definition();
        let text = toml::to_string(def.delivery.as_ref().unwrap())
            .unwrap()
            .replace(
                "password_env = \"TENKAI_SMTP_PASSWORD\"",
                "password = \"hunter2-secret\"",
            );
        def.delivery = Some(toml::from_str(&text).unwrap());
        let e = Delivery::of(&def).unwrap_err().to_string();
        assert!(e.contains("never goes in a report definition"), "{e}");
        assert!(!e.contains("hunter2-secret"), "{e}");
    }
}

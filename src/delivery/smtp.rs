//! Sending a mail over SMTP, step by step, so that a failure says which step failed: the
//! connection (and, for implicit TLS, the handshake), STARTTLS, the login, and the message with
//! its recipients. Every step runs under the channel's timeout. The certificate is always
//! verified: against the system's trusted roots and the channel's `tls_ca_file`. The password
//! is read when it is needed and appears in no message.

use super::config::{Mail, Secret, Tls};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

/// Reads a password: from its environment variable, or from its file, which only its owner may
/// read or write (mode 0600 or stricter). The error names the variable or the file, never a value.
pub fn password(secret: &Secret) -> Result<String, String> {
    match secret {
        Secret::Env(name) => match std::env::var(name) {
            Ok(v) if !v.is_empty() => Ok(v),
            _ => Err(format!(
                "the password's environment variable {name} is not set (see the README: credentials under cron and systemd)"
            )),
        },
        Secret::File(path) => {
            let meta = std::fs::metadata(path).map_err(|e| {
                format!("the password file {} cannot be read: {e}", path.display())
            })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    return Err(format!(
                        "the password file {} can be read by others (mode {mode:o}); run `chmod 600 {}` so that only its owner can",
                        path.display(),
                        path.display()
                    ));
                }
            }
            #[cfg(not(unix))]
            let _ = meta;
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!("the password file {} cannot be read: {e}", path.display())
            })?;
            let pw = text.trim_end_matches(['\r', '\n']).to_string();
            if pw.is_empty() {
                return Err(format!("the password file {} is empty", path.display()));
            }
            Ok(pw)
        }
    }
}

/// The TLS settings of a channel: the server's name to verify, the system's roots and the
/// channel's private CA.
fn tls(mail: &Mail) -> Result<TlsParameters, String> {
    let mut b = TlsParameters::builder(mail.server.clone());
    if let Some(ca) = &mail.tls_ca_file {
        let pem = std::fs::read(ca)
            .map_err(|e| format!("tls_ca_file {} cannot be read: {e}", ca.display()))?;
        let cert = Certificate::from_pem(&pem)
            .map_err(|e| format!("tls_ca_file {} is not a PEM certificate: {e}", ca.display()))?;
        b = b.add_root_certificate(cert);
    }
    b.build_rustls()
        .map_err(|e| format!("the TLS settings cannot be made: {e}"))
}

/// Whether a step ran out of its time: a socket timeout reads as "timed out" or, on Linux, as
/// "would block" (EAGAIN).
fn timed_out(e: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        source = s.source();
    }
    e.is_timeout()
}

/// What went wrong, in a sentence that says what to check.
fn explain(step: &str, mail: &Mail, e: &lettre::transport::smtp::Error) -> String {
    let server = format!("{}:{}", mail.server, mail.port);
    let text = e.to_string();
    if e.is_tls() || text.contains("certificate") || text.contains("InvalidCertificate") {
        return format!(
            "{step}: the TLS certificate of {server} does not verify ({text}); if the server uses a private CA, name its certificate in tls_ca_file (verification is never turned off)"
        );
    }
    if timed_out(e) {
        return format!(
            "{step}: {server} did not answer within {} s (timeout_seconds)",
            mail.timeout.as_secs()
        );
    }
    if text.contains("No compatible authentication mechanism") {
        return format!(
            "the mail server {server} offers no login tenkai can use (PLAIN or LOGIN) on this connection; check tls and port"
        );
    }
    match step {
        "connect" => format!("cannot reach the mail server {server}: {text}; check server and port, and that it is running"),
        "login" => format!("the mail server {server} refused the login ({text}); check the username and the password"),
        "send" => format!("the mail server {server} refused the message or a recipient ({text})"),
        _ => format!("{step} with {server}: {text}"),
    }
}

/// Sends `message` through the channel's server; `Ok` once the server has accepted it.
pub fn send(mail: &Mail, message: &lettre::Message) -> Result<(), String> {
    let params = tls(mail)?;
    let creds = match &mail.login {
        Some((user, secret)) => Some(Credentials::new(user.clone(), password(secret)?)),
        None => None,
    };
    let hello = ClientId::Domain("tenkai".into());
    let implicit = (mail.tls == Tls::Implicit).then_some(&params);
    let mut conn = SmtpConnection::connect(
        (mail.server.as_str(), mail.port),
        Some(mail.timeout),
        &hello,
        implicit,
        None,
    )
    .map_err(|e| explain("connect", mail, &e))?;
    if mail.tls == Tls::StartTls {
        if !conn.can_starttls() {
            conn.abort();
            return Err(format!(
                "the mail server {}:{} does not offer STARTTLS; mail is never sent unencrypted (use tls = \"implicit\" if it takes TLS from the first byte)",
                mail.server, mail.port
            ));
        }
        conn.starttls(&params, &hello)
            .map_err(|e| explain("STARTTLS", mail, &e))?;
    }
    if let Some(creds) = &creds {
        if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], creds) {
            conn.abort();
            return Err(explain("login", mail, &e));
        }
    }
    let sent = conn.send(message.envelope(), &message.formatted());
    match sent {
        Ok(_) => {
            let _ = conn.quit();
            Ok(())
        }
        Err(e) => {
            conn.abort();
            Err(explain("send", mail, &e))
        }
    }
}

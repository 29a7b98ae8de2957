//! Connecting to PostgreSQL from a URL, with errors a person can act on.
//!
//! Every failure becomes one [`ConnectError`] whose message says what went wrong
//! and what to do, and never contains the password: URLs are shown through
//! [`redact_url`].

use std::io;
use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use crate::error_text::one_line;
use crate::tls::{connector, split_tls_settings, SslMode};

/// Why a connection could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("invalid database URL {url}: {reason}; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")]
    BadUrl { url: String, reason: String },
    #[error("cannot reach PostgreSQL at {url}: connection refused; is the server running and listening on that host and port?")]
    Refused { url: String },
    #[error("cannot reach PostgreSQL at {url}: {reason}; check the host name and port")]
    Unreachable { url: String, reason: String },
    #[error("PostgreSQL at {url} did not answer within {seconds} s; check the host and any firewall, or add connect_timeout=N to the URL")]
    Timeout { url: String, seconds: u64 },
    #[error("password authentication failed for user \"{user}\" at {url}; check the user and password in the URL")]
    BadPassword { url: String, user: String },
    #[error("database \"{database}\" does not exist at {url}; create it (createdb {database}) or fix the URL")]
    NoDatabase { url: String, database: String },
    #[error("user \"{user}\" may not connect at {url}: {reason}")]
    NotAllowed {
        url: String,
        user: String,
        reason: String,
    },
    #[error("TLS with {url} failed: {reason}")]
    Tls { url: String, reason: String },
    #[error("cannot connect to {url}: {reason}")]
    Other { url: String, reason: String },
}

/// The default time to wait for a server that does not answer.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens a connection, encrypted as the URL's `sslmode` says (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`).
/// Redacted URL in every error.
pub fn connect(url: &str) -> Result<Client, ConnectError> {
    let shown = redact_url(url);
    let bad_url = |reason: String| ConnectError::BadUrl {
        url: shown.clone(),
        reason,
    };
    let (rest, tls) = split_tls_settings(&encode_userinfo(url)).map_err(bad_url)?;
    let mut config =
        Config::from_str(&rest).map_err(|e| bad_url(redact_message(&e.to_string(), url)))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(DEFAULT_CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("schema");
    }
    let connected = match tls.mode {
        SslMode::Disable => config.connect(NoTls),
        _ => {
            let tls = connector(&tls).map_err(|reason| ConnectError::Tls {
                url: shown.clone(),
                reason,
            })?;
            config.connect(tls)
        }
    };
    connected.map_err(|e| classify(e, &config, url))
}

fn classify(e: postgres::Error, config: &Config, url: &str) -> ConnectError {
    let shown = redact_url(url);
    let user = config.get_user().unwrap_or("postgres").to_string();
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        // pgbouncer says so with a protocol-violation code, hence the message test.
        if *code == SqlState::INVALID_PASSWORD
            || db.message().contains("password authentication failed")
        {
            return ConnectError::BadPassword { url: shown, user };
        }
        if *code == SqlState::INVALID_CATALOG_NAME {
            let database = config.get_dbname().unwrap_or(&user).to_string();
            return ConnectError::NoDatabase {
                url: shown,
                database,
            };
        }
        if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            || *code == SqlState::INSUFFICIENT_PRIVILEGE
        {
            let reason = redact_message(db.message(), url);
            return ConnectError::NotAllowed {
                url: shown,
                user,
                reason,
            };
        }
        let reason = redact_message(db.message(), url);
        return ConnectError::Other { url: shown, reason };
    }
    let text = error_chain(&e);
    if let Some(reason) = tls_failure(&text) {
        return ConnectError::Tls { url: shown, reason };
    }
    if let Some(io) = find_io_error(&e) {
        return match io.kind() {
            io::ErrorKind::ConnectionRefused => ConnectError::Refused { url: shown },
            io::ErrorKind::TimedOut => ConnectError::Timeout {
                url: shown,
                seconds: config.get_connect_timeout().map_or(0, |d| d.as_secs()),
            },
            _ => ConnectError::Unreachable {
                url: shown,
                reason: redact_message(&io.to_string(), url),
            },
        };
    }
    if text.contains("timed out") {
        let seconds = config.get_connect_timeout().map_or(0, |d| d.as_secs());
        return ConnectError::Timeout {
            url: shown,
            seconds,
        };
    }
    if text.contains("password missing") {
        return ConnectError::BadPassword { url: shown, user };
    }
    ConnectError::Other {
        url: shown,
        reason: redact_message(&one_line(&text), url),
    }
}

/// Says what to do about a failed TLS handshake, if `text` is one.
fn tls_failure(text: &str) -> Option<String> {
    if text.contains("server does not support TLS") {
        return Some(
            "the server does not accept TLS; enable ssl on the server or use sslmode=prefer".into(),
        );
    }
    if text.contains("NotValidForName") || text.contains("not valid for name") {
        return Some("the certificate does not name this host; connect by the name in the certificate or use sslmode=verify-ca".into());
    }
    if text.contains("invalid peer certificate") || text.contains("UnknownIssuer") {
        return Some(
            "the server's certificate is not trusted; pass sslrootcert=PATH to the CA certificate, or use sslmode=require to encrypt without verifying".to_string(),
        );
    }
    None
}

/// The error and all its sources, as one line.
fn error_chain(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text = format!("{text}: {part}");
        }
        source = s.source();
    }
    one_line(&text)
}

fn find_io_error(e: &postgres::Error) -> Option<&io::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<io::Error>() {
            return Some(io);
        }
        source = s.source();
    }
    None
}

/// How much of a URL messages show: enough to recognise it, never a page of it.
const SHOWN_URL_CHARS: usize = 200;

/// The URL with any password replaced by `***`, for every message shown to a
/// person, and cut to a readable length.
///
/// Handles `postgres://user:pass@host/db` (a raw `?`, `#`, `/` or `@` in the
/// password included), a `password=` query parameter, and the key=value form
/// `host=... password=... dbname=...` (quoted values included).
pub fn redact_url(url: &str) -> String {
    let redacted = if url.contains("://") {
        redact_query_password(&redact_userinfo(url))
    } else {
        redact_conninfo(url)
    };
    crate::error_text::shorten(&redacted, SHOWN_URL_CHARS)
}

/// Where the user information of a URL ends: its last `@` before the first `/`
/// that follows an `@`, so a password may hold `/`, `?`, `#` and `@`.
fn userinfo_range(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let first_at = start + url[start..].find('@')?;
    let path = url[first_at..]
        .find('/')
        .map_or(url.len(), |i| first_at + i);
    let at = start + url[start..path].rfind('@')?;
    Some((start, at))
}

fn redact_userinfo(url: &str) -> String {
    let mut out = url.to_string();
    if let Some((start, at)) = userinfo_range(url) {
        if let Some(colon) = url[start..at].find(':') {
            out.replace_range(start + colon + 1..at, "***");
        }
    }
    out
}

/// The URL with a raw `?` or `#` in its password percent-encoded, so that the
/// password is not read as the start of a query or fragment. Left alone when
/// what follows the `?` reads as query parameters (`key=value`).
fn encode_userinfo(url: &str) -> String {
    let Some((start, at)) = userinfo_range(url) else {
        return url.to_string();
    };
    let userinfo = &url[start..at];
    let looks_like_query = userinfo
        .split_once(['?', '#'])
        .is_some_and(|(_, rest)| rest.contains('='));
    if looks_like_query || !userinfo.contains(['?', '#']) {
        return url.to_string();
    }
    let encoded = userinfo.replace('?', "%3F").replace('#', "%23");
    format!("{}{encoded}{}", &url[..start], &url[at..])
}

/// `host=h password=s3cret dbname=d` with the password's value replaced.
fn redact_conninfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = find_password_key(rest) {
        let after_key = &rest[i..];
        let eq = after_key.find('=').map_or(after_key.len(), |e| e + 1);
        out.push_str(&rest[..i + eq]);
        let value = &after_key[eq..];
        let skipped = value.len() - value.trim_start().len();
        out.push_str(&value[..skipped]);
        out.push_str("***");
        rest = &value[skipped + conninfo_value_len(&value[skipped..])..];
    }
    out.push_str(rest);
    out
}

/// The position of a `password` key (followed by `=`) that starts a word.
fn find_password_key(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("password") {
        let at = from + i;
        let starts_word = at == 0 || text[..at].ends_with(|c: char| c.is_whitespace());
        let after = text[at + "password".len()..].trim_start();
        if starts_word && after.starts_with('=') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The length of a key=value value: a quoted one to its closing quote (`\'`
/// escapes), a bare one to the next white space.
fn conninfo_value_len(value: &str) -> usize {
    if let Some(quoted) = value.strip_prefix('\'') {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => return i + 2,
                _ => {}
            }
        }
        return value.len();
    }
    value.find(char::is_whitespace).unwrap_or(value.len())
}

/// Every form in which the password of `url` may appear in a message: as
/// written and as decoded. Empty when it has none.
pub fn passwords_in(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(pw) = password_of(&encode_userinfo(url)) {
        out.push(pw);
    }
    if let Some((start, at)) = userinfo_range(url) {
        if let Some((_, raw)) = url[start..at].split_once(':') {
            out.push(raw.to_string());
        }
    }
    out.retain(|p| !p.is_empty());
    out.sort();
    out.dedup();
    out
}

fn redact_query_password(url: &str) -> String {
    let search_from = userinfo_range(url).map_or(0, |(_, at)| at);
    let Some(q) = url[search_from..].find('?').map(|i| search_from + i) else {
        return url.to_string();
    };
    let params: Vec<String> = url[q + 1..]
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => p.to_string(),
        })
        .collect();
    format!("{}?{}", &url[..q], params.join("&"))
}

/// Removes the URL's password from a message that might echo it.
fn redact_message(message: &str, url: &str) -> String {
    match password_of(url) {
        Some(pw) if !pw.is_empty() => message.replace(&pw, "***"),
        _ => message.to_string(),
    }
}

fn password_of(url: &str) -> Option<String> {
    Config::from_str(url)
        .ok()?
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_survive_redaction() {
        assert_eq!(
            redact_url("postgres://u:s3cret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_url("postgres://u:p@ss@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=s3cret&sslmode=require"),
            "postgres://h/db?user=u&password=***&sslmode=require"
        );
    }

    #[test]
    fn every_form_of_password_is_redacted() {
        assert_eq!(
            redact_url("postgres://u:se?cret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            redact_url("postgres://u:pa/ss@h/db?sslmode=require"),
            "postgres://u:***@h/db?sslmode=require"
        );
        assert_eq!(
            redact_url("host=h password=s3cret dbname=d"),
            "host=h password=*** dbname=d"
        );
        assert_eq!(
            redact_url("host=h password = 'it\\'s secret' dbname=d"),
            "host=h password = *** dbname=d"
        );
        assert_eq!(
            redact_url("host=h dbname=password"),
            "host=h dbname=password"
        );
        let long = format!("postgres://u:s3cret@h/{}", "x".repeat(100_000));
        let shown = redact_url(&long);
        assert!(shown.len() < 300 && !shown.contains("s3cret"), "{shown}");
        assert_eq!(passwords_in("postgres://u:se?cret@h/db"), ["se?cret"]);
        assert_eq!(passwords_in("postgres://u:a%40b@h/db"), ["a%40b", "a@b"]);
        assert_eq!(
            encode_userinfo("postgres://u:se?cret@h/db"),
            "postgres://u:se%3Fcret@h/db"
        );
        assert_eq!(
            encode_userinfo("postgres://h:5432/db?application_name=a@b"),
            "postgres://h:5432/db?application_name=a@b"
        );
    }

    #[test]
    fn a_bad_url_is_one_line_without_the_password() {
        let Err(err) = connect("postgres://u:s3cret@h:notaport/db") else {
            panic!("connected")
        };
        let text = err.to_string();
        assert!(matches!(err, ConnectError::BadUrl { .. }), "{text}");
        assert!(!text.contains("s3cret") && !text.contains('\n'), "{text}");
    }
}

//! What the CLI prints: one line per error, JSON documents, and never a password.
//!
//! Every database URL the command is given (flags, `DATABASE_URL`, `.env`, diff
//! sources) lends its password to a list of secrets, and every error line and
//! JSON document is scrubbed of them before it is printed: whatever a library's
//! message echoes, the password does not reach the terminal.

use std::io::Write;
use std::sync::Mutex;

/// `println!` that ends quietly when the reader has gone (`| head`).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::print_out(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that ends quietly when the reader has gone.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::print_out(&format!("{}", format_args!($($arg)*)))
    };
}

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

static INVOKED_AS: Mutex<String> = Mutex::new(String::new());

static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether to colour output: `always`, `never`, or `auto` (standard output is a
/// terminal and `NO_COLOR` is not set).
pub fn set_color(choice: &str) {
    use std::io::IsTerminal;
    let on = match choice {
        "always" => true,
        "never" => false,
        _ => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    };
    COLOR.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// What a piece of output is, for its colour.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    Heading,
    Sign(schema_core::diff::Sign),
    Sql,
    Hazard,
}

/// `text` in the colour of `what`, when colour is on.
pub fn paint(text: &str, what: Paint) -> String {
    use anstyle::{AnsiColor, Style};
    if !COLOR.load(std::sync::atomic::Ordering::Relaxed) {
        return text.to_string();
    }
    let style = match what {
        Paint::Heading => Style::new().bold(),
        Paint::Sign(schema_core::diff::Sign::Add) => AnsiColor::Green.on_default(),
        Paint::Sign(schema_core::diff::Sign::Remove) => AnsiColor::Red.on_default(),
        Paint::Sign(schema_core::diff::Sign::Alter) => AnsiColor::Yellow.on_default(),
        Paint::Sql => Style::new().dimmed(),
        Paint::Hazard => AnsiColor::Magenta.on_default(),
    };
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// Remembers the command people type to run this binary (`blog-schema`).
pub fn set_invoked_as(name: &str) {
    *INVOKED_AS.lock().unwrap_or_else(|e| e.into_inner()) = name.to_string();
}

/// `generate` as the user runs it: `blog-schema generate`.
pub fn command(sub: &str) -> String {
    let name = INVOKED_AS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let name = if name.is_empty() {
        "schema".to_string()
    } else {
        name
    };
    format!("{name} {sub}")
}

/// A path as the user would type it from here: relative to the working
/// directory when it is inside it.
pub fn shown_path(path: &std::path::Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()));
    match relative {
        Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// The longest error line printed; what a user typed is never echoed in full.
const MAX_LINE_CHARS: usize = 1000;

/// Remembers the password of `url` (in every form it may be echoed in).
pub fn remember_secrets(url: &str) {
    let mut secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    // Scrubbing a one- to three-character password would garble every message;
    // URLs are redacted where they are shown anyway.
    for pw in schema_core::passwords_in(url)
        .into_iter()
        .filter(|p| p.chars().count() >= 4)
    {
        if !secrets.contains(&pw) {
            secrets.push(pw);
        }
    }
}

/// `text` with every remembered password replaced by `***`.
pub fn scrub(text: &str) -> String {
    let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = text.to_string();
    // Longest first, so a password holding a shorter one goes whole.
    let mut sorted: Vec<&String> = secrets.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in sorted {
        out = out.replace(secret.as_str(), "***");
    }
    out
}

/// One line: white space collapsed, passwords scrubbed, cut to a readable length;
/// a command the core names as `` `schema generate` `` is named as the user runs it.
pub fn line(text: &str) -> String {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let one = one.replace("`schema ", &format!("`{}", command("")));
    let scrubbed = scrub(&one);
    match scrubbed.char_indices().nth(MAX_LINE_CHARS) {
        Some((cut, _)) => format!("{}... (cut)", &scrubbed[..cut]),
        None => scrubbed,
    }
}

/// What to say when some tables could only be compared as written.
pub fn unnormalised_note(tables: &[schema_core::model::QualifiedName]) -> Option<String> {
    if tables.is_empty() {
        return None;
    }
    let names: Vec<String> = tables
        .iter()
        .map(|t| format!("{}.{}", t.schema, t.name))
        .collect();
    Some(format!(
        "note: the database accepts no writes here (a read-only role or a standby), so {} could not be rendered its way and {} compared as written; a difference there may be spelling only: {}",
        if names.len() == 1 { "one table" } else { "some tables" },
        if names.len() == 1 { "is" } else { "are" },
        names.join(", ")
    ))
}

/// Prints a JSON document on standard output, scrubbed; a closed pipe ends the
/// output quietly.
pub fn print_json(doc: &serde_json::Value) {
    let text = serde_json::to_string_pretty(doc).expect("a JSON value serialises");
    print_out(&format!("{}\n", scrub(&text)));
}

/// Writes to standard output. When the reader went away (`| head`) the command
/// stops there, quietly, as a program killed by SIGPIPE would (exit 141): no
/// panic, and nothing after that point runs.
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(141);
    }
}

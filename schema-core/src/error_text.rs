//! Database errors as one line a person can read: the server's own words
//! (message, detail, hint) rather than `postgres::Error`'s bare "db error".

/// A database error as one line: the server's message, detail and hint, or the
/// client's error and its cause.
pub fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => reason(
            &one_line(db.message()),
            db.detail().map(one_line).as_deref(),
            db.hint().map(one_line).as_deref(),
        ),
        None => {
            let mut text = e.to_string();
            if let Some(source) = std::error::Error::source(e) {
                text = format!("{text}: {source}");
            }
            one_line(&text)
        }
    }
}

/// Postgres's message with its detail and hint, on one line.
pub(crate) fn reason(message: &str, detail: Option<&str>, hint: Option<&str>) -> String {
    let mut text = message.to_string();
    if let Some(detail) = detail {
        text.push_str(&format!(" ({detail})"));
    }
    if let Some(hint) = hint {
        text.push_str(&format!(" (hint: {hint})"));
    }
    text
}

/// Any run of white space (new lines included) as one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut after `max` characters, with `...` to show it was cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

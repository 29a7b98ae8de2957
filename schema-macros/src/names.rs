//! Naming rules: case conversion, Postgres's default constraint names, the
//! 63-byte identifier limit and "did you mean" suggestions.

/// The longest identifier Postgres keeps (NAMEDATALEN - 1); longer ones are
/// silently truncated by the server, so the derive rejects them instead.
pub const MAX_IDENT_BYTES: usize = 63;

/// Splits `CreditTxType`, `credit_tx_type`, `HTTPRequest` or `kebab-case` into
/// lower-case words: `credit tx type`, `http request`.
fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == ' ' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // A new word starts at `aB`, and at the last capital of `HTTPRequest`.
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

pub fn snake_case(s: &str) -> String {
    words(s).join("_")
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The `rename_all` styles, spelled as serde spells them.
pub const RENAME_RULES: &[&str] = &[
    "lowercase",
    "UPPERCASE",
    "PascalCase",
    "camelCase",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "SCREAMING-KEBAB-CASE",
];

/// Applies a `rename_all` rule to a Rust variant name; `None` for an unknown rule.
pub fn apply_rename_rule(rule: &str, variant: &str) -> Option<String> {
    let w = words(variant);
    Some(match rule {
        "lowercase" => variant.to_lowercase(),
        "UPPERCASE" => variant.to_uppercase(),
        "PascalCase" => w.iter().map(|w| capitalised(w)).collect(),
        "camelCase" => {
            let pascal: String = w.iter().map(|w| capitalised(w)).collect();
            let mut c = pascal.chars();
            match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => String::new(),
            }
        }
        "snake_case" => w.join("_"),
        "SCREAMING_SNAKE_CASE" => w.join("_").to_uppercase(),
        "kebab-case" => w.join("-"),
        "SCREAMING-KEBAB-CASE" => w.join("-").to_uppercase(),
        _ => return None,
    })
}

/// Edit distance counting a swap of neighbours as one edit (`nmae` is one edit
/// from `name`), for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `typo`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    typo: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (typo.chars().count() / 3).max(1);
    // `descending` for `desc`, `nulls` for `nulls_first`: a prefix is a near miss too.
    let prefix =
        |c: &str| c.len() >= 3 && typo.len() >= 3 && (typo.starts_with(c) || c.starts_with(typo));
    candidates
        .into_iter()
        .map(|c| (if prefix(c) { 1 } else { distance(typo, c) }, c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A `; did you mean `x`?` suffix, or nothing.
pub fn suggestion<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(typo, candidates) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// `a`, `b`, `c` as a readable list.
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Postgres's own name for a constraint or index, as `ChooseConstraintName` and
/// `ChooseIndexName` build it before truncation: `{table}_{col1}_{col2}_{suffix}`.
pub fn default_name(table: &str, columns: &[String], suffix: &str) -> String {
    let mut name = table.to_string();
    for c in columns {
        name.push('_');
        name.push_str(c);
    }
    name.push('_');
    name.push_str(suffix);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words() {
        assert_eq!(snake_case("CreditTxType"), "credit_tx_type");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("T0000"), "t0000");
        assert_eq!(snake_case("OAuth2Token"), "o_auth2_token");
    }

    #[test]
    fn rename_rules() {
        assert_eq!(
            apply_rename_rule("SCREAMING_SNAKE_CASE", "SetNull").unwrap(),
            "SET_NULL"
        );
        assert_eq!(
            apply_rename_rule("kebab-case", "SetNull").unwrap(),
            "set-null"
        );
        assert_eq!(
            apply_rename_rule("camelCase", "SetNull").unwrap(),
            "setNull"
        );
        assert_eq!(
            apply_rename_rule("lowercase", "SetNull").unwrap(),
            "setnull"
        );
        assert!(apply_rename_rule("snake", "SetNull").is_none());
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        assert_eq!(did_you_mean("nmae", ["name", "schema"]), Some("name"));
        assert_eq!(
            did_you_mean("primarykey", ["primary_key", "unique"]),
            Some("primary_key")
        );
        assert_eq!(did_you_mean("zzz", ["name", "schema"]), None);
        assert_eq!(did_you_mean("descending", ["asc", "desc"]), Some("desc"));
    }
}

//! Rust names for SQL names: types in PascalCase, fields and modules in
//! snake_case, each unique where it lives. When the derive would not give the
//! SQL name back from the Rust one (mixed case, spaces, digits first, a
//! keyword that cannot be raw), the caller writes `name = "..."`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

/// Names a module of generated code may not use for a type: the prelude, the
/// imports pulled code writes and the derive's own helper suffixes.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "Self",
    "Table",
    "Enum",
    "Uuid",
    "DateTime",
    "Utc",
    "NaiveDate",
    "NaiveTime",
    "NaiveDateTime",
    "Decimal",
];

/// Words Rust cannot use even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Lower-case words of any SQL name: `createdAt` and `Created At` are
/// `created at`; anything but letters and digits separates words.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
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
        .into_iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// `credit_tx_type`, `CreditTx` or `credit tx` as `CreditTxType`-style words
/// joined; a name that starts with a digit gets `prefix` in front.
pub fn pascal(name: &str, prefix: &str) -> String {
    let joined: String = words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    if joined.is_empty() {
        return prefix.to_string();
    }
    if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{joined}")
    } else {
        joined
    }
}

/// `snake_case` of any name, `prefix_` in front when it starts with a digit.
pub fn snake(name: &str, prefix: &str) -> String {
    let joined = words(name).join("_");
    if joined.is_empty() {
        prefix.to_string()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}_{joined}")
    } else {
        joined
    }
}

/// Whether `name` is plain snake case whose words all start with a letter:
/// then the derive's snake-casing of its PascalCase spelling gives it back.
pub fn is_plain_snake(name: &str) -> bool {
    !name.is_empty()
        && name.split('_').all(|w| {
            w.starts_with(|c: char| c.is_ascii_lowercase())
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Whether `name` may be a field or module name as it is: lower-case snake case
/// (digits allowed after the first letter of the first word) that rustc's
/// `non_snake_case` lint accepts.
pub fn is_field_like(name: &str) -> bool {
    let mut parts = name.split('_');
    let first = parts.next().unwrap_or_default();
    first.starts_with(|c: char| c.is_ascii_lowercase())
        && first
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && parts.all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// An identifier for `name` (raw when it is a keyword).
pub fn ident(name: &str) -> Ident {
    if syn::parse_str::<syn::Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

/// Whether `name` can be written as an identifier at all (raw if need be).
pub fn usable(name: &str) -> bool {
    !NOT_RAW.contains(&name)
}

/// The variant the derive makes of a field for its column enum
/// (`email_verified_at` is `EmailVerifiedAt`, `r#type` is `Type`).
pub fn column_variant(field: &str) -> String {
    field
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Hands out names unique within one scope: the first free of `base`,
/// `base2`, `base3`, ... (`base_2` for snake-case names).
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope for type names, the reserved ones already taken.
    pub fn for_types() -> Scope {
        Scope {
            taken: RESERVED_TYPES.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// The first of `base`, `base{sep}2`, ... for which `free` holds, taken.
    pub fn claim(&mut self, base: &str, sep: &str, free: impl Fn(&Scope, &str) -> bool) -> String {
        let mut candidate = base.to_string();
        let mut n = 2;
        while !free(self, &candidate) {
            candidate = format!("{base}{sep}{n}");
            n += 1;
        }
        self.take(&candidate);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_every_spelling() {
        assert_eq!(words("createdAt"), ["created", "at"]);
        assert_eq!(words("Created At"), ["created", "at"]);
        assert_eq!(words("HTTPRequest"), ["http", "request"]);
        assert_eq!(words("so-so"), ["so", "so"]);
        assert_eq!(words("a__b"), ["a", "b"]);
        assert_eq!(words("Ünïcode näme"), ["ncode", "nme"]);
    }

    #[test]
    fn type_and_field_names() {
        assert_eq!(pascal("credit_tx_type", "T"), "CreditTxType");
        assert_eq!(pascal("Orders", "T"), "Orders");
        assert_eq!(pascal("1st place", "T"), "T1stPlace");
        assert_eq!(pascal("", "T"), "T");
        assert_eq!(snake("createdAt", "c"), "created_at");
        assert_eq!(snake("2fa", "c"), "c_2fa");
        assert!(is_plain_snake("credit_tx"));
        assert!(!is_plain_snake("a_1"));
        assert!(!is_plain_snake("Users"));
        assert!(is_field_like("a_1"));
        assert!(!is_field_like("a__b"));
        assert!(!is_field_like("_a"));
        assert!(!is_field_like("a_"));
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("email").to_string(), "email");
        assert_eq!(column_variant("r#type"), "Type");
        assert_eq!(column_variant("email_verified_at"), "EmailVerifiedAt");
    }

    #[test]
    fn scopes_hand_out_free_names() {
        let mut scope = Scope::for_types();
        assert_eq!(scope.claim("Uuid", "", Scope::is_free_name), "Uuid2");
        assert_eq!(scope.claim("Users", "", Scope::is_free_name), "Users");
        assert_eq!(scope.claim("Users", "", Scope::is_free_name), "Users2");
    }

    impl Scope {
        fn is_free_name(&self, name: &str) -> bool {
            self.is_free(name)
        }
    }
}

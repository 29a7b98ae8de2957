//! A column default as `default = <Rust value>` when it is a constant of the
//! field's type that the derive renders back to exactly the text the database
//! holds; otherwise the caller keeps it as `default_sql`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use schema_core::{DefaultValue, SqlType};

use super::types::{EnumPaths, Kind};

/// The typed default for `sql` (as the database prints it) on a field of
/// `kind` whose column has type `ty`, if one renders back to `sql`.
pub fn typed(sql: &str, kind: &Kind, ty: &SqlType, enums: &EnumPaths) -> Option<TokenStream> {
    let (tokens, rendered) = match kind {
        Kind::Bool => {
            let v: bool = sql.parse().ok()?;
            (quote!(#v), v.sql_default(ty))
        }
        Kind::I16 => {
            let v: i16 = number(sql)?.parse().ok()?;
            (int(i64::from(v)), v.sql_default(ty))
        }
        Kind::I32 => {
            let v: i32 = number(sql)?.parse().ok()?;
            (int(i64::from(v)), v.sql_default(ty))
        }
        Kind::I64 => {
            let v: i64 = number(sql)?.parse().ok()?;
            (int(v), v.sql_default(ty))
        }
        Kind::F32 => {
            let v: f32 = number(sql)?.parse().ok().filter(|v: &f32| v.is_finite())?;
            (
                float(Literal::f32_unsuffixed(v.abs()), v < 0.0),
                v.sql_default(ty),
            )
        }
        Kind::F64 => {
            let v: f64 = number(sql)?.parse().ok().filter(|v: &f64| v.is_finite())?;
            (
                float(Literal::f64_unsuffixed(v.abs()), v < 0.0),
                v.sql_default(ty),
            )
        }
        Kind::Text => {
            let v = string(sql)?;
            (
                quote!(#v),
                <&str as DefaultValue<String>>::sql_default(&v.as_str(), ty),
            )
        }
        Kind::Enum(path, name) => {
            let label = string(sql)?;
            let variant = super::names::ident(enums.variant(name, &label)?);
            (
                quote!(#path::#variant),
                <&str as DefaultValue<String>>::sql_default(&label.as_str(), ty),
            )
        }
        Kind::Json => {
            let v: serde_json::Value = serde_json::from_str(&string(sql)?).ok()?;
            let tokens = json(&v)?;
            (
                quote!(schema_core::serde_json::json!(#tokens)),
                v.sql_default(ty),
            )
        }
        Kind::Other => return None,
    };
    (rendered == sql).then_some(tokens)
}

fn int(v: i64) -> TokenStream {
    let lit = Literal::i64_unsuffixed(v.unsigned_abs() as i64);
    if v < 0 {
        if v == i64::MIN {
            return quote!(i64::MIN);
        }
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}

fn float(lit: Literal, negative: bool) -> TokenStream {
    if negative {
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}

/// The number in `42`, `1.5`, `'-1'::integer`, `'-2.5'::numeric` or `(-1)`.
fn number(sql: &str) -> Option<String> {
    let sql = sql.trim();
    let inner = sql
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(sql);
    let text = match string_and_cast(inner) {
        Some((text, _)) => text,
        None => inner.to_string(),
    };
    let ok = !text.is_empty()
        && text
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    ok.then_some(text)
}

/// The text of `'it''s'::text` (any cast), unquoted.
fn string(sql: &str) -> Option<String> {
    string_and_cast(sql).map(|(text, _)| text)
}

/// `'...'` followed by `::type`: the literal's text and the cast.
fn string_and_cast(sql: &str) -> Option<(String, &str)> {
    let rest = sql.strip_prefix('\'')?;
    let mut text = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if matches!(chars.peek(), Some((_, '\''))) {
                chars.next();
                text.push('\'');
                continue;
            }
            let cast = rest[i + 1..].strip_prefix("::")?;
            return Some((text, cast));
        }
        text.push(c);
    }
    None
}

/// `serde_json::json!` input for a value.
fn json(v: &serde_json::Value) -> Option<TokenStream> {
    use serde_json::Value;
    Some(match v {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                int(i)
            } else if let Some(u) = n.as_u64() {
                let lit = Literal::u64_unsuffixed(u);
                quote!(#lit)
            } else {
                let f = n.as_f64().filter(|f| f.is_finite())?;
                float(Literal::f64_unsuffixed(f.abs()), f < 0.0)
            }
        }
        Value::String(s) => quote!(#s),
        Value::Array(items) => {
            let items = items.iter().map(json).collect::<Option<Vec<_>>>()?;
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map
                .iter()
                .map(|(k, v)| json(v).map(|v| quote!(#k: #v)))
                .collect::<Option<Vec<_>>>()?;
            quote!({#(#entries),*})
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed_text(sql: &str, kind: Kind, ty: SqlType) -> Option<String> {
        typed(sql, &kind, &ty, &EnumPaths::default()).map(|t| t.to_string())
    }

    #[test]
    fn constants_come_back_typed_when_they_render_the_same() {
        assert_eq!(
            typed_text("0", Kind::I32, SqlType::Integer).as_deref(),
            Some("0")
        );
        assert_eq!(
            typed_text("'-1'::integer", Kind::I32, SqlType::Integer).as_deref(),
            Some("- 1")
        );
        assert_eq!(
            typed_text("'9999999999'::bigint", Kind::I64, SqlType::BigInt).as_deref(),
            Some("9999999999")
        );
        assert_eq!(
            typed_text("true", Kind::Bool, SqlType::Boolean).as_deref(),
            Some("true")
        );
        assert_eq!(
            typed_text("1.5", Kind::F64, SqlType::DoublePrecision).as_deref(),
            Some("1.5")
        );
        assert_eq!(
            typed_text("'it''s'::text", Kind::Text, SqlType::Text).as_deref(),
            Some("\"it's\"")
        );
        assert_eq!(
            typed_text(
                "'USD'::character varying",
                Kind::Text,
                SqlType::Varchar(Some(3))
            )
            .as_deref(),
            Some("\"USD\"")
        );
        assert_eq!(
            typed_text("'{}'::jsonb", Kind::Json, SqlType::Jsonb).as_deref(),
            Some("schema_core :: serde_json :: json ! ({ })")
        );
    }

    #[test]
    fn expressions_and_casts_that_differ_stay_sql() {
        assert_eq!(
            typed_text("now()", Kind::Other, SqlType::TimestampTz(None)),
            None
        );
        assert_eq!(
            typed_text("lower('A'::text)", Kind::Text, SqlType::Text),
            None
        );
        // A text constant cast to another type is not the field's literal.
        assert_eq!(typed_text("'1'::text", Kind::I32, SqlType::Integer), None);
        assert_eq!(typed_text("'x'::bpchar", Kind::Text, SqlType::Text), None);
        assert_eq!(typed_text("(1 + 1)", Kind::I32, SqlType::Integer), None);
    }
}

//! Typed column defaults, rendered exactly as Postgres's `pg_get_expr` prints them
//! with an empty `search_path`, so that a default pushed once compares equal to
//! its introspection without asking the database again.
//!
//! The spellings were taken from Postgres 15 (`SET search_path = ''; SELECT
//! pg_get_expr(adbin, adrelid) FROM pg_attrdef`): `0`, `'-1'::integer`,
//! `'9999999999'::bigint`, `1.5`, `'-2.5'::numeric`, `true`, `'USD'::text`,
//! `'USD'::character varying`, `'ab'::bpchar`, `'active'::public.gen_status`,
//! `'a'::"Auth"."My Status"`, `'{}'::jsonb`.

use std::fmt::Write;

use crate::model::quote_literal;
use crate::types::SqlType;

/// A Rust value usable as the default of a column whose field has type `T`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a valid default for a column of type `{T}`",
    label = "expected a `{T}` value here",
    note = "`default = ...` takes a Rust value of the field's type; for an SQL expression write #[column(default_sql = \"...\")]"
)]
pub trait DefaultValue<T: ?Sized> {
    /// The default as Postgres prints it, for a column of SQL type `ty`.
    fn sql_default(&self, ty: &SqlType) -> String;
}

/// Renders a typed default; called by the generated code.
pub fn render_default<T: ?Sized, V: DefaultValue<T>>(value: &V, ty: &SqlType) -> String {
    value.sql_default(ty)
}

/// A string-like constant: `'text'::<type>`.
pub fn string_default(value: &str, ty: &SqlType) -> String {
    format!("{}::{}", quote_literal(value), cast_name(ty))
}

/// An integer constant: plain when it is a non-negative `integer`, else a quoted
/// literal cast to `integer` or `bigint`.
fn integer_default(value: i64) -> String {
    match i32::try_from(value) {
        Ok(v) if v >= 0 => v.to_string(),
        Ok(v) => format!("'{v}'::integer"),
        Err(_) => format!("'{value}'::bigint"),
    }
}

/// A decimal constant as written without an exponent: `1.5` stays plain,
/// negative or dot-less-but-too-big numbers become `'...'::numeric`.
fn numeric_default(text: &str) -> String {
    if !text.contains('.') {
        if let Ok(v) = text.parse::<i64>() {
            return integer_default(v);
        }
        return format!("'{text}'::numeric");
    }
    if text.starts_with('-') {
        format!("'{text}'::numeric")
    } else {
        text.to_string()
    }
}

fn float_default(value: f64, text: String, ty: &SqlType) -> String {
    if value.is_nan() {
        string_default("NaN", ty)
    } else if value.is_infinite() {
        string_default(if value > 0.0 { "Infinity" } else { "-Infinity" }, ty)
    } else {
        numeric_default(&text)
    }
}

macro_rules! integer_defaults {
    ($($t:ty),*) => {$(
        impl DefaultValue<$t> for $t {
            fn sql_default(&self, _: &SqlType) -> String {
                integer_default(i64::from(*self))
            }
        }
    )*};
}

integer_defaults!(i16, i32, i64);

impl DefaultValue<f32> for f32 {
    fn sql_default(&self, ty: &SqlType) -> String {
        float_default(f64::from(*self), self.to_string(), ty)
    }
}

impl DefaultValue<f64> for f64 {
    fn sql_default(&self, ty: &SqlType) -> String {
        float_default(*self, self.to_string(), ty)
    }
}

impl DefaultValue<bool> for bool {
    fn sql_default(&self, _: &SqlType) -> String {
        self.to_string()
    }
}

impl DefaultValue<String> for String {
    fn sql_default(&self, ty: &SqlType) -> String {
        string_default(self, ty)
    }
}

impl DefaultValue<String> for &str {
    fn sql_default(&self, ty: &SqlType) -> String {
        string_default(self, ty)
    }
}

/// `json` keeps its text; `jsonb` prints its canonical form (`{"a": 1}`).
impl DefaultValue<serde_json::Value> for serde_json::Value {
    fn sql_default(&self, ty: &SqlType) -> String {
        let text = match ty {
            SqlType::Json => self.to_string(),
            _ => {
                let mut out = String::new();
                write_jsonb(self, &mut out);
                out
            }
        };
        string_default(&text, ty)
    }
}

/// jsonb's output: `", "` and `": "` separators, object keys shortest first, then
/// bytewise (jsonb's storage order).
fn write_jsonb(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_jsonb(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|(a, _), (b, _)| {
                a.len().cmp(&b.len()).then(a.as_bytes().cmp(b.as_bytes()))
            });
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", Value::String(k.clone()));
                write_jsonb(v, out);
            }
            out.push('}');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

#[cfg(feature = "uuid")]
impl DefaultValue<uuid::Uuid> for uuid::Uuid {
    fn sql_default(&self, ty: &SqlType) -> String {
        string_default(&self.to_string(), ty)
    }
}

#[cfg(feature = "decimal")]
impl DefaultValue<rust_decimal::Decimal> for rust_decimal::Decimal {
    fn sql_default(&self, _: &SqlType) -> String {
        numeric_default(&self.to_string())
    }
}

/// The type name in a cast as `pg_get_expr` prints it: no type modifiers
/// (`character varying`, not `character varying(3)`), `bpchar` for `character(n)`,
/// user types qualified and quoted only where Postgres would quote them.
pub fn cast_name(ty: &SqlType) -> String {
    match ty {
        SqlType::Varchar(_) => "character varying".into(),
        SqlType::Char(_) => "bpchar".into(),
        SqlType::Numeric(_) => "numeric".into(),
        SqlType::Time(_) => "time without time zone".into(),
        SqlType::TimeTz(_) => "time with time zone".into(),
        SqlType::Timestamp(_) => "timestamp without time zone".into(),
        SqlType::TimestampTz(_) => "timestamp with time zone".into(),
        SqlType::Array(e) => format!("{}[]", cast_name(e)),
        SqlType::Named(q) => format!(
            "{}.{}",
            quote_ident_if_needed(&q.schema),
            quote_ident_if_needed(&q.name)
        ),
        SqlType::Other(s) => match s.find('(') {
            Some(open) if s.ends_with(')') => s[..open].trim_end().to_string(),
            _ => s.clone(),
        },
        other => other.to_string(),
    }
}

/// Keywords Postgres quotes in `quote_identifier` (reserved, type/function-name
/// and column-name keywords; unreserved ones are left bare).
const QUOTED_KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// Postgres's `quote_identifier`: bare when lower-case, `[a-z_][a-z0-9_]*` and
/// not a keyword that needs quoting.
pub fn quote_ident_if_needed(name: &str) -> String {
    let mut chars = name.chars();
    let safe = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !QUOTED_KEYWORDS.contains(&name);
    if safe {
        name.to_string()
    } else {
        crate::model::quote_ident(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualifiedName;

    fn d<T: ?Sized, V: DefaultValue<T>>(v: V, ty: SqlType) -> String {
        render_default::<T, V>(&v, &ty)
    }

    #[test]
    fn integers_as_postgres_prints_them() {
        assert_eq!(d::<i32, _>(0i32, SqlType::Integer), "0");
        assert_eq!(d::<i32, _>(-1i32, SqlType::Integer), "'-1'::integer");
        assert_eq!(d::<i64, _>(-5i64, SqlType::BigInt), "'-5'::integer");
        assert_eq!(d::<i16, _>(3i16, SqlType::SmallInt), "3");
        assert_eq!(
            d::<i64, _>(9_999_999_999i64, SqlType::BigInt),
            "'9999999999'::bigint"
        );
        assert_eq!(
            d::<i64, _>(i64::MIN, SqlType::BigInt),
            "'-9223372036854775808'::bigint"
        );
        assert_eq!(d::<i32, _>(i32::MAX, SqlType::Integer), "2147483647");
    }

    #[test]
    fn floats_and_numerics() {
        assert_eq!(d::<f64, _>(1.5f64, SqlType::DoublePrecision), "1.5");
        assert_eq!(
            d::<f64, _>(-2.5f64, SqlType::DoublePrecision),
            "'-2.5'::numeric"
        );
        assert_eq!(d::<f64, _>(2.0f64, SqlType::DoublePrecision), "2");
        assert_eq!(
            d::<f32, _>(1e20f32, SqlType::Real),
            "'100000000000000000000'::numeric"
        );
        assert_eq!(d::<f64, _>(f64::NAN, SqlType::Real), "'NaN'::real");
        assert_eq!(d::<f64, _>(0.1f64, SqlType::DoublePrecision), "0.1");
    }

    #[test]
    fn strings_cast_to_the_column_type_without_modifiers() {
        assert_eq!(d::<String, _>("USD", SqlType::Text), "'USD'::text");
        assert_eq!(
            d::<String, _>("USD", SqlType::Varchar(Some(3))),
            "'USD'::character varying"
        );
        assert_eq!(d::<String, _>("ab", SqlType::Char(2)), "'ab'::bpchar");
        assert_eq!(
            d::<String, _>(String::from("it's"), SqlType::Text),
            "'it''s'::text"
        );
        assert_eq!(d::<String, _>("a\\b", SqlType::Text), "'a\\b'::text");
    }

    #[test]
    fn enums_are_qualified_and_quoted_only_where_needed() {
        let plain = SqlType::Named(QualifiedName::new("public", "gen_status"));
        assert_eq!(
            string_default("active", &plain),
            "'active'::public.gen_status"
        );
        let odd = SqlType::Named(QualifiedName::new("Auth", "My Status"));
        assert_eq!(string_default("a", &odd), "'a'::\"Auth\".\"My Status\"");
        let keyword = SqlType::Named(QualifiedName::new("public", "user"));
        assert_eq!(string_default("a", &keyword), "'a'::public.\"user\"");
    }

    #[test]
    fn bools_and_json() {
        assert_eq!(d::<bool, _>(true, SqlType::Boolean), "true");
        assert_eq!(d::<bool, _>(false, SqlType::Boolean), "false");
        let v = serde_json::json!({"bb": [1, 2], "a": {"z": null}});
        assert_eq!(
            d::<serde_json::Value, _>(v.clone(), SqlType::Jsonb),
            r#"'{"a": {"z": null}, "bb": [1, 2]}'::jsonb"#
        );
        assert_eq!(
            d::<serde_json::Value, _>(serde_json::json!({}), SqlType::Jsonb),
            "'{}'::jsonb"
        );
        assert_eq!(
            d::<serde_json::Value, _>(v, SqlType::Json),
            r#"'{"a":{"z":null},"bb":[1,2]}'::json"#
        );
    }

    #[test]
    fn arrays_and_time_types() {
        assert_eq!(
            cast_name(&SqlType::Array(Box::new(SqlType::Varchar(Some(3))))),
            "character varying[]"
        );
        assert_eq!(
            cast_name(&SqlType::TimestampTz(Some(3))),
            "timestamp with time zone"
        );
    }
}

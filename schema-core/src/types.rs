//! SQL column types: one structured value per type, one canonical spelling.
//!
//! [`SqlType::parse`] accepts what a user writes (`int4`, `varchar(32)`,
//! `timestamptz`, `text[]`) and what Postgres's `format_type` prints; `Display`
//! prints the `format_type` spelling. Both the derive and introspection go through
//! here, so `int4` and `integer` are the same value before any diff looks at them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{quote_ident, QualifiedName};

/// A Postgres column type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SqlType {
    SmallInt,
    Integer,
    BigInt,
    Real,
    DoublePrecision,
    /// `numeric`, `numeric(p)` or `numeric(p,s)`.
    Numeric(Option<(u32, Option<u32>)>),
    Boolean,
    Text,
    /// `character varying[(n)]`.
    Varchar(Option<u32>),
    /// `character[(n)]`; a bare `char` is `character(1)`.
    Char(u32),
    Bytea,
    Uuid,
    Json,
    Jsonb,
    Date,
    /// `time[(p)] without time zone`.
    Time(Option<u32>),
    /// `time[(p)] with time zone`.
    TimeTz(Option<u32>),
    /// `timestamp[(p)] without time zone`.
    Timestamp(Option<u32>),
    /// `timestamp[(p)] with time zone`.
    TimestampTz(Option<u32>),
    Interval,
    Inet,
    Cidr,
    MacAddr,
    /// A one-dimensional array of the element type (Postgres does not enforce
    /// dimensions, so `int[][]` is the same type).
    Array(Box<SqlType>),
    /// A user-defined type (an enum or a domain), always schema-qualified.
    Named(QualifiedName),
    /// Any other type, in the spelling `format_type` gives it.
    Other(String),
}

impl SqlType {
    /// Parses a type as a user writes it or as Postgres prints it.
    ///
    /// Unknown names that look like `schema.name` (quoted or not) become
    /// [`SqlType::Named`]; anything else unknown is kept as [`SqlType::Other`],
    /// lower-cased and with collapsed spaces.
    pub fn parse(input: &str) -> SqlType {
        let s = collapse_spaces(input.trim());
        if let Some(elem) = s.strip_suffix("[]") {
            return SqlType::Array(Box::new(SqlType::parse(elem.trim_end_matches("[]"))));
        }
        if let Some(named) = parse_qualified(&s) {
            return SqlType::Named(named);
        }
        let lower = s.to_ascii_lowercase();
        let (base, args) = split_modifiers(&lower);
        let one = args.first().copied();
        let two = || match args.as_slice() {
            [p] => Some((*p, None)),
            [p, s] => Some((*p, Some(*s))),
            _ => None,
        };
        let ty = match (base.as_str(), args.len()) {
            ("smallint" | "int2", 0) => SqlType::SmallInt,
            ("integer" | "int" | "int4", 0) => SqlType::Integer,
            ("bigint" | "int8", 0) => SqlType::BigInt,
            ("real" | "float4", 0) => SqlType::Real,
            ("double precision" | "float8", 0) => SqlType::DoublePrecision,
            ("numeric" | "decimal", 0..=2) => SqlType::Numeric(two()),
            ("boolean" | "bool", 0) => SqlType::Boolean,
            ("text", 0) => SqlType::Text,
            ("character varying" | "varchar", 0..=1) => SqlType::Varchar(one),
            ("character" | "char" | "bpchar", 0..=1) => SqlType::Char(one.unwrap_or(1)),
            ("bytea", 0) => SqlType::Bytea,
            ("uuid", 0) => SqlType::Uuid,
            ("json", 0) => SqlType::Json,
            ("jsonb", 0) => SqlType::Jsonb,
            ("date", 0) => SqlType::Date,
            ("time" | "time without time zone", 0..=1) => SqlType::Time(one),
            ("timetz" | "time with time zone", 0..=1) => SqlType::TimeTz(one),
            ("timestamp" | "timestamp without time zone", 0..=1) => SqlType::Timestamp(one),
            ("timestamptz" | "timestamp with time zone", 0..=1) => SqlType::TimestampTz(one),
            ("interval", 0) => SqlType::Interval,
            ("inet", 0) => SqlType::Inet,
            ("cidr", 0) => SqlType::Cidr,
            ("macaddr", 0) => SqlType::MacAddr,
            _ => SqlType::Other(lower),
        };
        ty
    }

    /// The element type of an array, or the type itself.
    pub fn element(&self) -> &SqlType {
        match self {
            SqlType::Array(e) => e.element(),
            t => t,
        }
    }
}

/// `time(3) with time zone` style types carry the precision before the zone words;
/// this moves it to the end (`time with time zone(3)`) so one match covers both.
fn split_modifiers(s: &str) -> (String, Vec<u32>) {
    let Some(open) = s.find('(') else {
        return (s.to_string(), vec![]);
    };
    let Some(close) = s[open..].find(')').map(|c| c + open) else {
        return (s.to_string(), vec![]);
    };
    let args: Option<Vec<u32>> = s[open + 1..close]
        .split(',')
        .map(|a| a.trim().parse().ok())
        .collect();
    match args {
        Some(args) => {
            let base = format!("{}{}", s[..open].trim_end(), &s[close + 1..]);
            (collapse_spaces(&base), args)
        }
        None => (s.to_string(), vec![]),
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `auth.status` or `"auth"."Status"` (not `double precision`, not `varchar(3)`).
fn parse_qualified(s: &str) -> Option<QualifiedName> {
    let (schema, name) = split_dotted(s)?;
    Some(QualifiedName::new(schema, name))
}

fn split_dotted(s: &str) -> Option<(String, String)> {
    let mut parts = Vec::new();
    let mut rest = s;
    loop {
        let (part, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next()? {
                    (i, '"') if quoted[i + 1..].starts_with('"') => {
                        out.push('"');
                        chars.next();
                    }
                    (i, '"') => break i + 1,
                    (_, c) => out.push(c),
                }
            };
            (out, &quoted[end..])
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            let word = &rest[..end];
            if word.is_empty() || !word.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            (word.to_string(), &rest[end..])
        };
        parts.push(part);
        match after.strip_prefix('.') {
            Some(r) => rest = r,
            None if after.is_empty() => break,
            None => return None,
        }
    }
    match <[String; 2]>::try_from(parts) {
        Ok([schema, name]) => Some((schema, name)),
        Err(_) => None,
    }
}

fn precision(p: &Option<u32>) -> String {
    p.map(|p| format!("({p})")).unwrap_or_default()
}

/// The `format_type` spelling, with user-defined types quoted and qualified.
impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::SmallInt => f.write_str("smallint"),
            SqlType::Integer => f.write_str("integer"),
            SqlType::BigInt => f.write_str("bigint"),
            SqlType::Real => f.write_str("real"),
            SqlType::DoublePrecision => f.write_str("double precision"),
            SqlType::Numeric(None) => f.write_str("numeric"),
            SqlType::Numeric(Some((p, None))) => write!(f, "numeric({p})"),
            SqlType::Numeric(Some((p, Some(s)))) => write!(f, "numeric({p},{s})"),
            SqlType::Boolean => f.write_str("boolean"),
            SqlType::Text => f.write_str("text"),
            SqlType::Varchar(n) => write!(f, "character varying{}", precision(n)),
            SqlType::Char(n) => write!(f, "character({n})"),
            SqlType::Bytea => f.write_str("bytea"),
            SqlType::Uuid => f.write_str("uuid"),
            SqlType::Json => f.write_str("json"),
            SqlType::Jsonb => f.write_str("jsonb"),
            SqlType::Date => f.write_str("date"),
            SqlType::Time(p) => write!(f, "time{} without time zone", precision(p)),
            SqlType::TimeTz(p) => write!(f, "time{} with time zone", precision(p)),
            SqlType::Timestamp(p) => write!(f, "timestamp{} without time zone", precision(p)),
            SqlType::TimestampTz(p) => write!(f, "timestamp{} with time zone", precision(p)),
            SqlType::Interval => f.write_str("interval"),
            SqlType::Inet => f.write_str("inet"),
            SqlType::Cidr => f.write_str("cidr"),
            SqlType::MacAddr => f.write_str("macaddr"),
            SqlType::Array(e) => write!(f, "{e}[]"),
            SqlType::Named(q) => write!(f, "{}.{}", quote_ident(&q.schema), quote_ident(&q.name)),
            SqlType::Other(s) => f.write_str(s),
        }
    }
}

/// Snapshots store a type as its canonical string.
impl Serialize for SqlType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for SqlType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(SqlType::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn canon(input: &str, expected: &str) {
        assert_eq!(
            SqlType::parse(input).to_string(),
            expected,
            "parsing {input:?}"
        );
        // The canonical spelling parses back to the same value.
        assert_eq!(
            SqlType::parse(expected),
            SqlType::parse(input),
            "reparsing {expected:?}"
        );
    }

    #[test]
    fn aliases_become_the_format_type_spelling() {
        canon("int4", "integer");
        canon("INT", "integer");
        canon("int8", "bigint");
        canon("float8", "double precision");
        canon("bool", "boolean");
        canon("varchar(32)", "character varying(32)");
        canon("varchar", "character varying");
        canon("char", "character(1)");
        canon("bpchar(3)", "character(3)");
        canon("decimal(10, 2)", "numeric(10,2)");
        canon("numeric(12)", "numeric(12)");
        canon("timestamptz", "timestamp with time zone");
        canon("timestamptz(3)", "timestamp(3) with time zone");
        canon("timestamp(6) with time zone", "timestamp(6) with time zone");
        canon("time", "time without time zone");
        canon("text[]", "text[]");
        canon("int4[][]", "integer[]");
        canon("varchar(10)[]", "character varying(10)[]");
    }

    #[test]
    fn qualified_names_are_user_types() {
        assert_eq!(
            SqlType::parse("public.credit_tx_type"),
            SqlType::Named(QualifiedName::new("public", "credit_tx_type"))
        );
        assert_eq!(
            SqlType::parse("\"Auth\".\"My\"\"Type\""),
            SqlType::Named(QualifiedName::new("Auth", "My\"Type"))
        );
        canon("public.credit_tx_type[]", "\"public\".\"credit_tx_type\"[]");
    }

    #[test]
    fn unknown_types_are_kept() {
        canon("TSVECTOR", "tsvector");
        canon("bit varying(8)", "bit varying(8)");
        assert_eq!(SqlType::parse("point"), SqlType::Other("point".into()));
    }
}

//! The Rust type of a column: the one whose column type is the column's SQL
//! type where there is one (`sql_type` then left out), else the nearest Rust
//! type with `sql_type = "..."` saying the rest.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;
use schema_core::model::QualifiedName;
use schema_core::{ColumnType, SqlType};

/// Where each pulled enum type lives in the generated code.
#[derive(Debug, Default)]
pub struct EnumPaths {
    /// Type name to (module, Rust name).
    pub by_name: BTreeMap<QualifiedName, (String, String)>,
    /// Type name to its (label, variant) pairs.
    pub variants: BTreeMap<QualifiedName, Vec<(String, String)>>,
}

impl EnumPaths {
    /// The variant of enum `name` for `label`.
    pub fn variant(&self, name: &QualifiedName, label: &str) -> Option<&str> {
        self.variants
            .get(name)?
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
    }
}

/// The `use` lines a module needs, by what its fields use.
#[derive(Debug, Default)]
pub struct Imports {
    pub chrono: BTreeSet<&'static str>,
    pub uuid: bool,
    pub decimal: bool,
}

/// A field's type for a column.
pub struct Mapped {
    /// The type without `Option`.
    pub ty: TokenStream,
    /// `sql_type = "..."` when the Rust type's column type is not the column's.
    pub sql_type: Option<String>,
    /// The Rust type reads no value of this SQL type (a `String` standing in
    /// for `interval`, say): the field serves migrations, not queries.
    pub unread: bool,
    /// The Rust type's base kind, for typed defaults.
    pub kind: Kind,
}

/// What kind of Rust value a field holds, for typed defaults.
#[derive(Debug, Clone)]
pub enum Kind {
    I16,
    I32,
    I64,
    F32,
    F64,
    Bool,
    Text,
    Json,
    /// A pulled enum: its Rust path and its type's name.
    Enum(TokenStream, QualifiedName),
    Other,
}

/// The Rust type of a column of SQL type `ty`, in module `module`.
pub fn map(ty: &SqlType, module: &str, enums: &EnumPaths, imports: &mut Imports) -> Mapped {
    if let Some((rust, sql, kind)) = natural(ty, module, enums, imports) {
        let sql_type = (sql != *ty).then(|| ty.to_string());
        return Mapped {
            ty: rust,
            sql_type,
            unread: false,
            kind,
        };
    }
    // No Rust type of ours reads it: a String that migrations can use.
    Mapped {
        ty: quote!(String),
        sql_type: Some(ty.to_string()),
        unread: !reads_as_text(ty),
        kind: Kind::Other,
    }
}

/// SQL types a `String` reads (the postgres crate's text types).
fn reads_as_text(ty: &SqlType) -> bool {
    match ty {
        SqlType::Other(name) => matches!(
            name.as_str(),
            "name" | "citext" | "ltree" | "lquery" | "ltxtquery"
        ),
        SqlType::Named(n) => matches!(n.name.as_str(), "citext" | "ltree" | "lquery" | "ltxtquery"),
        _ => false,
    }
}

/// The Rust type for `ty`'s family, with the SQL type that Rust type maps to
/// (the same as `ty` unless a modifier or variant needs `sql_type`).
fn natural(
    ty: &SqlType,
    module: &str,
    enums: &EnumPaths,
    imports: &mut Imports,
) -> Option<(TokenStream, SqlType, Kind)> {
    Some(match ty {
        SqlType::SmallInt => (quote!(i16), i16::sql_type(), Kind::I16),
        SqlType::Integer => (quote!(i32), i32::sql_type(), Kind::I32),
        SqlType::BigInt => (quote!(i64), i64::sql_type(), Kind::I64),
        SqlType::Real => (quote!(f32), f32::sql_type(), Kind::F32),
        SqlType::DoublePrecision => (quote!(f64), f64::sql_type(), Kind::F64),
        SqlType::Boolean => (quote!(bool), bool::sql_type(), Kind::Bool),
        SqlType::Text | SqlType::Varchar(_) | SqlType::Char(_) => {
            (quote!(String), String::sql_type(), Kind::Text)
        }
        SqlType::Bytea => (quote!(Vec<u8>), <Vec<u8>>::sql_type(), Kind::Other),
        SqlType::Json | SqlType::Jsonb => (
            quote!(schema_core::serde_json::Value),
            serde_json::Value::sql_type(),
            Kind::Json,
        ),
        SqlType::Numeric(_) => {
            imports.decimal = true;
            (
                quote!(Decimal),
                schema_core::rust_decimal::Decimal::sql_type(),
                Kind::Other,
            )
        }
        SqlType::Uuid => {
            imports.uuid = true;
            (
                quote!(Uuid),
                schema_core::uuid::Uuid::sql_type(),
                Kind::Other,
            )
        }
        SqlType::Date => {
            imports.chrono.insert("NaiveDate");
            (
                quote!(NaiveDate),
                schema_core::chrono::NaiveDate::sql_type(),
                Kind::Other,
            )
        }
        SqlType::Time(_) => {
            imports.chrono.insert("NaiveTime");
            (
                quote!(NaiveTime),
                schema_core::chrono::NaiveTime::sql_type(),
                Kind::Other,
            )
        }
        SqlType::Timestamp(_) => {
            imports.chrono.insert("NaiveDateTime");
            (
                quote!(NaiveDateTime),
                schema_core::chrono::NaiveDateTime::sql_type(),
                Kind::Other,
            )
        }
        SqlType::TimestampTz(_) => {
            imports.chrono.insert("DateTime");
            imports.chrono.insert("Utc");
            (
                quote!(DateTime<Utc>),
                <schema_core::chrono::DateTime<schema_core::chrono::Utc>>::sql_type(),
                Kind::Other,
            )
        }
        SqlType::Array(element) => {
            let (rust, sql, kind) = natural(element, module, enums, imports)?;
            // Vec<u8> is bytea, and an array of arrays is no Rust type of ours.
            if matches!(**element, SqlType::Bytea | SqlType::Array(_)) {
                return None;
            }
            let _ = kind;
            (
                quote!(Vec<#rust>),
                SqlType::Array(Box::new(sql)),
                Kind::Other,
            )
        }
        SqlType::Named(name) => {
            let (enum_module, rust) = enums.by_name.get(name)?;
            let ident = super::names::ident(rust);
            let path = if enum_module == module {
                quote!(#ident)
            } else {
                let m = super::names::ident(enum_module);
                quote!(super::#m::#ident)
            };
            (path.clone(), ty.clone(), Kind::Enum(path, name.clone()))
        }
        SqlType::TimeTz(_)
        | SqlType::Interval
        | SqlType::Inet
        | SqlType::Cidr
        | SqlType::MacAddr
        | SqlType::Other(_) => return None,
    })
}

//! What `#[derive(Enum)]` needs to move its values through sea-query and the
//! `postgres` crate: written once here, called from the generated impls.

use std::error::Error;

use postgres::types::{IsNull, Type};
use sea_query::{ArrayType, ColumnType, OptionEnum, Value, ValueTypeErr};

use crate::Enum;

type BoxError = Box<dyn Error + Sync + Send>;

/// The value, bound as text and cast to the enum's type.
pub fn to_value<E: Enum>(e: &E) -> Value {
    super::enum_value(E::SCHEMA, E::NAME, e.sql_value())
}

/// A NULL of the enum's type.
pub fn null<E: Enum>() -> Value {
    Value::Enum(OptionEnum::None(
        super::qualified_type(E::SCHEMA, E::NAME).into(),
    ))
}

/// The enum's value back from a sea-query value.
pub fn try_from_value<E: Enum>(v: Value) -> Result<E, ValueTypeErr> {
    match v {
        Value::Enum(OptionEnum::Some(e)) => E::from_sql_value(&e.value).ok_or(ValueTypeErr),
        Value::String(Some(s)) => E::from_sql_value(&s).ok_or(ValueTypeErr),
        _ => Err(ValueTypeErr),
    }
}

pub fn type_name<E: Enum>() -> String {
    format!("{}.{}", E::SCHEMA, E::NAME)
}

pub fn array_type<E: Enum>() -> ArrayType {
    ArrayType::Enum(Box::new(super::qualified_type(E::SCHEMA, E::NAME).into()))
}

pub fn column_type<E: Enum>() -> ColumnType {
    ColumnType::Custom(super::qualified_type(E::SCHEMA, E::NAME).into())
}

/// Whether a `postgres` value of type `ty` can be this enum: its own type, or text.
pub fn accepts<E: Enum>(ty: &Type) -> bool {
    (ty.name() == E::NAME && ty.schema() == E::SCHEMA)
        || matches!(
            *ty,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
        )
}

/// Reads a label from the wire (enums travel as their text).
pub fn from_sql<E: Enum>(raw: &[u8]) -> Result<E, BoxError> {
    let label = std::str::from_utf8(raw)?;
    E::from_sql_value(label).ok_or_else(|| {
        format!(
            "`{label}` is not a value of {}.{} as this program knows it",
            E::SCHEMA,
            E::NAME
        )
        .into()
    })
}

/// Writes the label.
pub fn to_sql<E: Enum>(e: &E, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
    out.extend_from_slice(e.sql_value().as_bytes());
    Ok(IsNull::No)
}

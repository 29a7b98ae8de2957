//! Reading a derived struct's fields from a `postgres` row, by column name, with
//! an error that says which table and column, and what was expected and found.

use postgres::types::FromSqlOwned;
use postgres::Row;
use sea_query::{ArrayType, Nullable, Value, ValueType};

/// A column type usable in queries: read from a row, written as a sea-query
/// value. Implemented for every type the column mapping knows and for derived
/// enums; a field of another type is one error that says so.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from rows and bound as a query parameter",
    label = "a column of a table used in queries",
    note = "with schema_core's `query` feature every column type implements schema_core::query::QueryValue: the standard types, derived enums and the types of the uuid, chrono and decimal features do",
    note = "for another type implement QueryValue, or turn the `query` feature off if the table is only migrated"
)]
pub trait QueryValue: FromSqlOwned + Sized {
    /// The value as sea-query binds it.
    fn to_value(&self) -> Value;
    /// A NULL of this type.
    fn null() -> Value;
    /// Reads the column `column` of `row` (see [`get_column`]).
    #[doc(hidden)]
    fn get(
        row: &Row,
        table: &str,
        column: &str,
        expected: &dyn Fn() -> String,
    ) -> Result<Self, RowError> {
        get_column(row, table, column, expected)
    }
}

/// An element type of an array column (`Vec<T>`; `Vec<u8>` is `bytea`).
#[diagnostic::on_unimplemented(
    message = "`Vec<{Self}>` cannot be read from rows and bound as a query parameter",
    label = "an array column of a table used in queries",
    note = "arrays are query values for the element types that have a column type: i16, i32, i64, f32, f64, bool, String, uuid, dates and times, numeric and derived enums",
    note = "for another element type implement ArrayValue, or turn the `query` feature off if the table is only migrated"
)]
pub trait ArrayValue: QueryValue {
    /// How sea-query types the array.
    fn array_type() -> ArrayType;
}

macro_rules! query_values {
    ($($ty:ty),* $(,)?) => {$(
        impl QueryValue for $ty {
            fn to_value(&self) -> Value {
                Value::from(::core::clone::Clone::clone(self))
            }
            fn null() -> Value {
                <$ty as Nullable>::null()
            }
        }
        impl ArrayValue for $ty {
            fn array_type() -> ArrayType {
                <$ty as ValueType>::array_type()
            }
        }
    )*};
}

query_values!(i16, i32, i64, f32, f64, bool, String, serde_json::Value);

#[cfg(feature = "uuid")]
query_values!(uuid::Uuid);

#[cfg(feature = "chrono")]
query_values!(
    chrono::NaiveDate,
    chrono::NaiveTime,
    chrono::NaiveDateTime,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::Local>,
);

#[cfg(feature = "decimal")]
query_values!(rust_decimal::Decimal);

impl QueryValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Bytes(Some(self.clone()))
    }
    fn null() -> Value {
        Value::Bytes(None)
    }
}

impl<T: ArrayValue> QueryValue for Vec<T> {
    fn to_value(&self) -> Value {
        Value::Array(
            T::array_type(),
            Some(Box::new(self.iter().map(QueryValue::to_value).collect())),
        )
    }
    fn null() -> Value {
        Value::Array(T::array_type(), None)
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => T::null(),
        }
    }
    fn null() -> Value {
        T::null()
    }
}

/// A row that does not fit the struct it is read into.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    /// The row has no column of that name (a partial `SELECT`).
    #[error("reading {table}: the row has no column {column}; select every column the struct has (for example with its select()), or read a partial row with row.get")]
    Missing { table: String, column: String },
    /// The column's value is not of the field's type.
    #[error(
        "reading {table}.{column}: expected {expected} (the field's type {rust}), found {found}"
    )]
    Type {
        table: String,
        column: String,
        /// The SQL type the table declares for the column.
        expected: String,
        /// The field's Rust type.
        rust: &'static str,
        /// The column's type in the row.
        found: String,
        #[source]
        source: postgres::Error,
    },
}

/// Reads the column `column` of `row` as the field type `T`, for the table
/// `table` whose declared SQL type for it is `expected`.
#[doc(hidden)]
pub fn get_column<T: QueryValue>(
    row: &Row,
    table: &str,
    column: &str,
    expected: &dyn Fn() -> String,
) -> Result<T, RowError> {
    let Some(index) = row.columns().iter().position(|c| c.name() == column) else {
        return Err(RowError::Missing {
            table: table.to_string(),
            column: column.to_string(),
        });
    };
    row.try_get(index).map_err(|source| RowError::Type {
        table: table.to_string(),
        column: column.to_string(),
        expected: expected(),
        rust: std::any::type_name::<T>(),
        found: row.columns()[index].type_().to_string(),
        source,
    })
}

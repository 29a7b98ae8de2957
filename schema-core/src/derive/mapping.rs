//! Rust type to SQL type: [`ColumnType`] and its implementations.

use crate::types::SqlType;

/// The SQL type a Rust field maps to.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no SQL column type",
    label = "no SQL type for `{Self}`",
    note = "types with a column type: i16, i32, i64, f32, f64, bool, String, Vec<u8>, Vec<T> (an array of T), serde_json::Value, types deriving `schema_core::Enum`; \
            with cargo features of schema_core: uuid::Uuid (`uuid`), chrono's NaiveDate, NaiveTime, NaiveDateTime and DateTime<Tz> (`chrono`), rust_decimal::Decimal (`decimal`)",
    note = "PostgreSQL has no unsigned integers: store a u16 in an i32 and a u32 in an i64",
    note = "or set the column type yourself with #[column(sql_type = \"...\")]"
)]
pub trait ColumnType {
    fn sql_type() -> SqlType;
}

/// A type whose `Vec` is an SQL array of its column type (not `u8`: `Vec<u8>` is `bytea`).
#[diagnostic::on_unimplemented(
    message = "`Vec<{Self}>` has no SQL column type",
    note = "arrays are supported for element types i16, i32, i64, f32, f64, bool, String, uuid, dates and times, numeric and derived enums",
    note = "or set the column type yourself with #[column(sql_type = \"...\")]"
)]
pub trait ArrayElement: ColumnType {}

macro_rules! column_types {
    ($($rust:ty => $sql:expr),* $(,)?) => {$(
        impl ColumnType for $rust {
            fn sql_type() -> SqlType {
                $sql
            }
        }
        impl ArrayElement for $rust {}
    )*};
}

column_types! {
    i16 => SqlType::SmallInt,
    i32 => SqlType::Integer,
    i64 => SqlType::BigInt,
    f32 => SqlType::Real,
    f64 => SqlType::DoublePrecision,
    bool => SqlType::Boolean,
    String => SqlType::Text,
    serde_json::Value => SqlType::Jsonb,
}

impl ColumnType for Vec<u8> {
    fn sql_type() -> SqlType {
        SqlType::Bytea
    }
}

impl<T: ArrayElement> ColumnType for Vec<T> {
    fn sql_type() -> SqlType {
        SqlType::Array(Box::new(T::sql_type()))
    }
}

#[cfg(feature = "uuid")]
column_types! { uuid::Uuid => SqlType::Uuid }

#[cfg(feature = "chrono")]
column_types! {
    chrono::NaiveDate => SqlType::Date,
    chrono::NaiveTime => SqlType::Time(None),
    chrono::NaiveDateTime => SqlType::Timestamp(None),
    chrono::DateTime<chrono::Utc> => SqlType::TimestampTz(None),
    chrono::DateTime<chrono::FixedOffset> => SqlType::TimestampTz(None),
    chrono::DateTime<chrono::Local> => SqlType::TimestampTz(None),
}

#[cfg(feature = "decimal")]
column_types! { rust_decimal::Decimal => SqlType::Numeric(None) }

#[cfg(test)]
mod tests {
    use super::*;

    fn sql<T: ColumnType>() -> String {
        T::sql_type().to_string()
    }

    #[test]
    fn scalars() {
        assert_eq!(sql::<i16>(), "smallint");
        assert_eq!(sql::<i32>(), "integer");
        assert_eq!(sql::<i64>(), "bigint");
        assert_eq!(sql::<f32>(), "real");
        assert_eq!(sql::<f64>(), "double precision");
        assert_eq!(sql::<bool>(), "boolean");
        assert_eq!(sql::<String>(), "text");
        assert_eq!(sql::<serde_json::Value>(), "jsonb");
    }

    #[test]
    fn bytes_and_arrays() {
        assert_eq!(sql::<Vec<u8>>(), "bytea");
        assert_eq!(sql::<Vec<String>>(), "text[]");
        assert_eq!(sql::<Vec<i64>>(), "bigint[]");
        assert_eq!(
            Vec::<i32>::sql_type(),
            SqlType::Array(Box::new(SqlType::Integer))
        );
    }

    #[cfg(feature = "uuid")]
    #[test]
    fn uuid() {
        assert_eq!(sql::<uuid::Uuid>(), "uuid");
        assert_eq!(sql::<Vec<uuid::Uuid>>(), "uuid[]");
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono() {
        assert_eq!(sql::<chrono::NaiveDate>(), "date");
        assert_eq!(sql::<chrono::NaiveTime>(), "time without time zone");
        assert_eq!(
            sql::<chrono::NaiveDateTime>(),
            "timestamp without time zone"
        );
        assert_eq!(
            sql::<chrono::DateTime<chrono::Utc>>(),
            "timestamp with time zone"
        );
        assert_eq!(
            sql::<chrono::DateTime<chrono::FixedOffset>>(),
            "timestamp with time zone"
        );
        assert_eq!(
            sql::<chrono::DateTime<chrono::Local>>(),
            "timestamp with time zone"
        );
    }

    #[cfg(feature = "decimal")]
    #[test]
    fn decimal() {
        assert_eq!(sql::<rust_decimal::Decimal>(), "numeric");
    }

    #[test]
    fn every_mapped_type_reparses_to_itself() {
        for ty in [
            i16::sql_type(),
            f64::sql_type(),
            Vec::<bool>::sql_type(),
            Vec::<u8>::sql_type(),
        ] {
            assert_eq!(SqlType::parse(&ty.to_string()), ty);
        }
    }
}

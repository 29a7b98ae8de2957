//! The derived tables in application code: sea-query identifiers for the table
//! and its columns, row mapping, and insert, update and upsert statements built
//! from a value. Not an ORM: sea-query builds the statements, the `postgres`
//! crate runs them, with every value bound as a parameter.
//!
//! For `#[derive(Table)] struct User` the derive adds:
//!
//! - `UserColumn`, one variant per column (`UserColumn::Email`), a sea-query
//!   identifier written with the column's SQL name (a renamed field keeps its
//!   SQL name; a removed one is a compile error wherever it was used);
//! - `User::TABLE`, the schema-qualified table (`"public"."users"`);
//! - `User::from_row(&row)` (and `TryFrom<&Row>`), reading every column by name;
//! - `user.insert()`, `User::insert_many(&users)`, `user.update()` (by primary
//!   key), `user.upsert()` (`ON CONFLICT (key) DO UPDATE`), `User::select()`
//!   (every column, for `from_row`), and `User::col(UserColumn::Email)` (the
//!   column qualified by its table, for joins);
//!
//! and `#[derive(Enum)]` converts the enum to a sea-query value cast to its type,
//! and to and from `postgres` parameters and results.
//!
//! A column with `#[column(insert_default)]` is left out of `insert`, so the
//! database's default fills it (read it back with `RETURNING`); identity
//! `always` and generated columns are never written.
//!
//! A row that lacks a column (a partial `SELECT`) is an error naming the table
//! and the column, not a half-filled value: select what the struct needs
//! (`User::select()`), or read a partial row with `row.get`.
//!
//! ```ignore
//! use schema_core::query::{fetch_all, sea_query::{Expr, ExprTrait, Query}};
//!
//! let recent = Query::select()
//!     .columns([UserColumn::Id, UserColumn::Email])
//!     .from(User::TABLE)
//!     .and_where(Expr::col(UserColumn::EmailVerifiedAt).is_not_null())
//!     .to_owned();
//! let users: Vec<User> = fetch_all(&mut client, &User::select())?;
//! ```

#[doc(hidden)]
pub mod enums;
mod row;

use std::fmt;

use postgres::GenericClient;
pub use postgres::Row;
pub use sea_query;
use sea_query::{
    Iden, InsertStatement, OnConflict, PostgresQueryBuilder, Query, QueryStatementWriter,
    SelectStatement, TableName, UpdateStatement, Value,
};
pub use sea_query_postgres::{PostgresBinder, PostgresValues};

pub use row::{get_column, ArrayValue, QueryValue, RowError};

#[doc(hidden)]
pub use bytes as __bytes;
#[doc(hidden)]
pub use postgres::types as __postgres_types;

/// How a column takes part in writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// Inserted and updated with the value's field.
    Always,
    /// Left out of `insert` for the database's default; updated with the field.
    DefaultOnInsert,
    /// Computed by the database (identity `always`, generated): never written.
    Never,
}

/// A column of a derived table: a sea-query identifier with its SQL name.
pub trait Column: Iden + Copy + fmt::Debug + 'static {
    /// Every column, in the table's order.
    const ALL: &'static [Self];
    /// The column's SQL name.
    fn name(self) -> &'static str;
    /// Whether it is part of the primary key.
    fn is_key(self) -> bool;
    /// How it is written.
    fn write(self) -> Write;
}

/// A derived table usable in queries (implemented by `#[derive(Table)]`).
pub trait Model: crate::Table + Sized {
    /// Its column identifiers.
    type Column: Column;
    /// The table, schema-qualified.
    fn table_name() -> TableName;
    /// Reads every column of `row` by name.
    fn from_row(row: &Row) -> Result<Self, RowError>;
    /// The value of one column of this row, as a query value.
    fn value(&self, column: Self::Column) -> Value;
}

/// A derived table with a primary key: the one kind `update` and `upsert`
/// are built for (without a key they would match every row).
pub trait Keyed: Model {}

/// `INSERT INTO table (columns) VALUES (...)`: every column `value` writes on
/// insert, bound as parameters.
pub fn insert<M: Model>(value: &M) -> InsertStatement {
    insert_many(std::slice::from_ref(value))
}

/// One `INSERT` of several rows. A table whose every written column is left
/// to the database inserts `VALUES (DEFAULT)` per row. No rows at all is a
/// statement that inserts nothing (and returns no rows), not invalid SQL.
///
/// # Panics
///
/// On no rows for a table whose every column is computed by the database
/// (identity `always`, generated): no statement inserts zero such rows, so
/// skip the call when there are none.
pub fn insert_many<'a, M: Model + 'a>(values: impl IntoIterator<Item = &'a M>) -> InsertStatement {
    let columns = written::<M>(|w| w == Write::Always);
    let mut statement = Query::insert();
    statement
        .into_table(M::table_name())
        .columns(columns.iter().copied());
    let mut rows = 0u32;
    for value in values {
        rows += 1;
        if !columns.is_empty() {
            statement.values_panic(columns.iter().map(|c| value.value(*c).into()));
        }
    }
    if rows == 0 {
        return insert_nothing::<M>();
    } else if columns.is_empty() {
        statement.or_default_values_many(rows);
    }
    statement
}

/// The columns whose write kind passes `keep`, in the table's order.
fn written<M: Model>(keep: impl Fn(Write) -> bool) -> Vec<M::Column> {
    M::Column::ALL
        .iter()
        .copied()
        .filter(|c| keep(c.write()))
        .collect()
}

/// `INSERT INTO t (cols) SELECT cols FROM t WHERE FALSE`: the table's own
/// writable columns, so the types agree, and no row.
fn insert_nothing<M: Model>() -> InsertStatement {
    let columns = written::<M>(|w| w != Write::Never);
    assert!(
        !columns.is_empty(),
        "insert_many of no rows into {}: every column is computed by the database, so no statement inserts nothing; skip the call when there are no rows",
        M::NAME
    );
    let mut nothing = Query::select();
    nothing
        .columns(columns.iter().copied())
        .from(M::table_name())
        .and_where(sea_query::Expr::cust("FALSE"));
    let mut statement = Query::insert();
    statement
        .into_table(M::table_name())
        .columns(columns)
        .select_from(nothing)
        .expect("the select lists the insert's columns");
    statement
}

/// `UPDATE table SET every written column WHERE key = the value's key`.
pub fn update<M: Keyed>(value: &M) -> UpdateStatement {
    let mut statement = Query::update();
    statement.table(M::table_name());
    for c in M::Column::ALL.iter().copied() {
        if !c.is_key() && c.write() != Write::Never {
            statement.value(c, value.value(c));
        }
    }
    for c in M::Column::ALL.iter().copied().filter(|c| c.is_key()) {
        statement.and_where(sea_query::ExprTrait::eq(
            sea_query::Expr::col(c),
            value.value(c),
        ));
    }
    statement
}

/// `INSERT ... ON CONFLICT (key) DO UPDATE SET` every other written column to
/// the inserted value.
pub fn upsert<M: Keyed>(value: &M) -> InsertStatement {
    let mut statement = insert(value);
    let key: Vec<M::Column> = M::Column::ALL
        .iter()
        .copied()
        .filter(|c| c.is_key())
        .collect();
    let rest: Vec<M::Column> = written::<M>(|w| w == Write::Always)
        .into_iter()
        .filter(|c| !c.is_key())
        .collect();
    let mut on_conflict = OnConflict::columns(key);
    if rest.is_empty() {
        on_conflict.do_nothing();
    } else {
        on_conflict.update_columns(rest);
    }
    statement.on_conflict(on_conflict);
    statement
}

/// `SELECT every column FROM table`, ready for [`Model::from_row`].
pub fn select<M: Model>() -> SelectStatement {
    let mut statement = Query::select();
    statement
        .columns(M::Column::ALL.iter().copied())
        .from(M::table_name());
    statement
}

/// Why a query through these helpers failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{}", crate::error_text::describe(.0))]
    Database(#[from] postgres::Error),
    #[error(transparent)]
    Row(#[from] RowError),
    #[error("the query returned no row")]
    NoRow,
}

/// The statement's SQL and its bound parameters.
pub fn build(statement: &impl PostgresBinder) -> (String, PostgresValues) {
    statement.build_postgres(PostgresQueryBuilder)
}

/// Runs a statement, returning the rows it affected.
pub fn execute(
    client: &mut impl GenericClient,
    statement: &(impl PostgresBinder + QueryStatementWriter),
) -> Result<u64, postgres::Error> {
    let (sql, values) = build(statement);
    client.execute(sql.as_str(), &values.as_params())
}

/// Runs a statement, returning its rows.
pub fn query(
    client: &mut impl GenericClient,
    statement: &(impl PostgresBinder + QueryStatementWriter),
) -> Result<Vec<Row>, postgres::Error> {
    let (sql, values) = build(statement);
    client.query(sql.as_str(), &values.as_params())
}

/// Runs a statement that returns exactly one row.
pub fn query_one(
    client: &mut impl GenericClient,
    statement: &(impl PostgresBinder + QueryStatementWriter),
) -> Result<Row, QueryError> {
    query(client, statement)?
        .into_iter()
        .next()
        .ok_or(QueryError::NoRow)
}

/// Runs a statement and maps every row into `M`.
pub fn fetch_all<M: Model>(
    client: &mut impl GenericClient,
    statement: &(impl PostgresBinder + QueryStatementWriter),
) -> Result<Vec<M>, QueryError> {
    query(client, statement)?
        .iter()
        .map(|row| M::from_row(row).map_err(QueryError::from))
        .collect()
}

/// Runs a statement and maps its first row into `M`, if it returned one.
pub fn fetch_optional<M: Model>(
    client: &mut impl GenericClient,
    statement: &(impl PostgresBinder + QueryStatementWriter),
) -> Result<Option<M>, QueryError> {
    match query(client, statement)?.first() {
        Some(row) => Ok(Some(M::from_row(row)?)),
        None => Ok(None),
    }
}

/// Runs a statement and maps its one row into `M`.
pub fn fetch_one<M: Model>(
    client: &mut impl GenericClient,
    statement: &(impl PostgresBinder + QueryStatementWriter),
) -> Result<M, QueryError> {
    fetch_optional(client, statement)?.ok_or(QueryError::NoRow)
}

/// A namespace (Postgres schema) as a sea-query identifier: the first half of a
/// derived table's `TABLE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Namespace(pub &'static str);

impl Iden for Namespace {
    fn unquoted(&self) -> &str {
        self.0
    }
}

/// The sea-query table name `"schema"."name"`.
#[doc(hidden)]
pub fn table_name(schema: &'static str, name: &'static str) -> TableName {
    TableName(
        Some(sea_query::SchemaName(None, schema.into())),
        name.into(),
    )
}

/// An enum value as sea-query writes it for Postgres: bound as text, cast to the
/// enum's schema-qualified type.
#[doc(hidden)]
pub fn enum_value(schema: &str, name: &str, label: &'static str) -> Value {
    Value::Enum(sea_query::OptionEnum::Some(Box::new(sea_query::Enum {
        type_name: qualified_type(schema, name).into(),
        value: label.into(),
    })))
}

/// sea-query writes an enum's type name between one pair of quotes; a
/// schema-qualified name is given with the quotes between its parts.
fn qualified_type(schema: &str, name: &str) -> String {
    format!(
        "{}\".\"{}",
        schema.replace('"', "\"\""),
        name.replace('"', "\"\"")
    )
}

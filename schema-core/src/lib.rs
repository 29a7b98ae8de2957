//! Declare PostgreSQL tables as Rust structs and keep a database in step with them.
//!
//! The data flows one way: derived structs become a [`model::Schema`]; a live
//! database is introspected into another; the diff of the two is a list of changes;
//! the plan orders them into SQL statements, each with its hazards.

pub mod model;
pub mod types;

pub use model::Schema;
pub use types::SqlType;

mod derive;

#[doc(hidden)]
pub use derive::__private;
pub use derive::{
    ArrayElement, Col, ColumnType, DefaultValue, Enum, Key, NotKey, ReferenceableKey, SameRustType,
    SchemaBuilder, SchemaProblem, SchemaValidationError, Table,
};
pub use schema_macros::{Enum, Table};

//! Declare PostgreSQL tables as Rust structs and keep a database in step with them.
//!
//! The data flows one way: derived structs become a [`model::Schema`]; a live
//! database is introspected into another; the diff of the two is a list of changes;
//! the plan orders them into SQL statements, each with its hazards.

pub mod compare;
pub mod connect;
pub mod ddl;
pub mod diff;
pub mod error_text;
pub mod introspect;
pub mod lock;
pub mod migrate;
pub mod model;
pub mod plan;
pub mod push;
pub mod source;
pub mod tls;
pub mod types;

pub use connect::{connect, redact_url, ConnectError};
pub use diff::{diff, Change};
pub use introspect::{introspect, normalize_through, IntrospectError, Introspection, SchemaFilter};
pub use model::Schema;
pub use plan::{plan, Hazard, HazardKind, Plan, Statement};
pub use types::SqlType;

mod derive;

#[doc(hidden)]
pub use derive::__private;
pub use derive::{
    ArrayElement, Col, ColumnType, DefaultValue, Enum, Key, NotKey, ReferenceableKey, SameRustType,
    SchemaBuilder, SchemaProblem, SchemaValidationError, Table,
};
pub use schema_macros::{embed_migrations, Enum, Table};

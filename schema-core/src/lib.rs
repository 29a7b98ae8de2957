//! Declare PostgreSQL tables as Rust structs and keep a database in step with them.
//!
//! The data flows one way: derived structs become a [`model::Schema`]; a live
//! database is introspected into another; the diff of the two is a list of changes;
//! the plan orders them into SQL statements, each with its hazards.

pub mod connect;
pub mod lock;
pub mod migrate;
pub mod model;
pub mod tls;
pub mod types;

pub use connect::{connect, redact_url, ConnectError};
pub use model::Schema;
pub use schema_macros::embed_migrations;
pub use types::SqlType;

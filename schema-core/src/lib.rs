//! Declare PostgreSQL tables as Rust structs and keep a database in step with them.
//!
//! The data flows one way: derived structs become a [`model::Schema`]; a live
//! database is introspected into another ([`introspect`](mod@introspect)); the code's side is
//! rendered as the database would hold it ([`compare`]); the diff of the two is a
//! list of changes ([`diff`](mod@diff)); the plan orders them into SQL statements, each with
//! its hazards and the change it carries out ([`plan`](mod@plan)). [`push`] applies a plan,
//! [`migrate`] writes and runs migration files, [`check`] compares all three.

pub mod check;
pub mod compare;
pub mod diff;
pub mod introspect;
pub mod migrate;
pub mod model;
pub mod plan;
pub mod push;
#[cfg(feature = "query")]
pub mod query;
pub mod snapshot;
pub mod source;
pub mod types;

mod connect;
mod ddl;
mod derive;
mod error_text;
mod guard;
mod lock;
mod tls;

pub use connect::{connect, passwords_in, redact_url, ConnectError};
pub use diff::{diff, Change};
pub use error_text::describe as describe_error;
pub use guard::Refusal;
pub use introspect::{introspect, IntrospectError, Introspection, SchemaFilter};
pub use lock::{LockError, DEFAULT_LOCK_TIMEOUT, DEFAULT_LOCK_WAIT};
pub use model::Schema;
pub use plan::{plan, Hazard, HazardKind, Loss, Plan, Statement, Target};
pub use types::SqlType;

// The crates behind the column types, so code (pulled code among it) can name
// them without depending on them itself: `schema_core::uuid::Uuid`.
#[cfg(feature = "chrono")]
pub use chrono;
#[cfg(feature = "decimal")]
pub use rust_decimal;
pub use serde_json;
#[cfg(feature = "uuid")]
pub use uuid;

#[doc(hidden)]
pub use derive::__private;

/// Expands to its input when the `query` feature is on (the derives wrap their
/// query items in it), to nothing otherwise.
#[cfg(feature = "query")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_query {
    ($($item:tt)*) => { $($item)* };
}

#[cfg(not(feature = "query"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_query {
    ($($item:tt)*) => {};
}
/// Grants privileges on a namespace, registered like derived tables:
/// `schema_core::grant_on_schema!("auth", to = ["app"], privileges = ["usage"]);`
/// (`"usage"`, `"create"` or `"all"`; `"public"` is every role; add
/// `, with_grant_option` to let the roles grant them on). Roles are not created.
#[macro_export]
macro_rules! grant_on_schema {
    ($namespace:literal, to = [$($role:literal),+ $(,)?], privileges = [$($privilege:literal),+ $(,)?] $(,)?) => {
        $crate::__grant_on_schema!($namespace, [$($role),+], [$($privilege),+], false);
    };
    ($namespace:literal, to = [$($role:literal),+ $(,)?], privileges = [$($privilege:literal),+ $(,)?], with_grant_option $(,)?) => {
        $crate::__grant_on_schema!($namespace, [$($role),+], [$($privilege),+], true);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __grant_on_schema {
    ($namespace:literal, [$($role:literal),+], [$($privilege:literal),+], $grantable:literal) => {
        $crate::__private::inventory::submit! {
            $crate::__private::Registration::namespace_grant(
                $namespace,
                &[$($role),+],
                &[$($privilege),+],
                $grantable,
                ::core::module_path!(),
            )
        }
    };
}

/// Declares the extensions a schema needs, registered like derived tables:
/// `schema_core::extensions!("citext", "pg_trgm");` at module level. Push,
/// generate and migrations create them before the types and tables that use them.
#[macro_export]
macro_rules! extensions {
    ($($name:literal),+ $(,)?) => {
        $(
            $crate::__private::inventory::submit! {
                $crate::__private::Registration::extension($name, ::core::module_path!())
            }
        )+
    };
}

pub use derive::{
    ArrayElement, Col, ColumnType, DefaultValue, Domain, Enum, Function, Key, NotKey,
    ReferenceableKey, SameRustType, SchemaBuilder, SchemaProblem, SchemaValidationError, Sequence,
    Table, View,
};
pub use schema_macros::{embed_migrations, Domain, Enum, Function, Sequence, Table, View};

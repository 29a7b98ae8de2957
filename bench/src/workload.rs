//! The workloads of WORKLOADS.md as schemas: the N-table one from the derived
//! structs `build.rs` generates, and the auth service's.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use schema_core::model;
use schema_core::{Enum, Schema, Table};
use uuid::Uuid;

include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// The N-table workload for the first `n` tables (at most 1000).
pub fn n_tables(n: usize) -> Schema {
    assert!(
        n <= DEFINITIONS.len(),
        "at most {} tables",
        DEFINITIONS.len()
    );
    DEFINITIONS[..n]
        .iter()
        .fold(Schema::builder().enum_type::<GenStatus>(), |b, d| {
            b.table_definition(d())
        })
        .build()
        .expect("the generated workload is a valid schema")
}

/// The auth service's schema, from its derived structs.
pub fn auth() -> Schema {
    use auth_service::auth::*;
    use auth_service::credits::*;
    Schema::builder()
        .extension("citext")
        .function::<SetUpdatedAt>()
        .enum_type::<CreditTxType>()
        .table::<User>()
        .table::<Session>()
        .table::<Account>()
        .table::<Password>()
        .table::<VerificationToken>()
        .table::<CreditPackage>()
        .table::<CreditBalance>()
        .table::<CreditTransaction>()
        .build()
        .expect("the auth schema is valid")
}

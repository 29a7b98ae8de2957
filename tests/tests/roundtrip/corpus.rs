//! The round-trip corpus: one file per object kind, each a `cases!` table.
//! Included by the tests that run every case (`roundtrip.rs`, `pull.rs`), each
//! with its own `cases!` macro defined before it.

use crate::Case;

#[path = "checks.rs"]
mod checks;
#[path = "columns.rs"]
mod columns;
#[path = "comments.rs"]
mod comments;
#[path = "defaults.rs"]
mod defaults;
#[path = "domains.rs"]
mod domains;
#[path = "enums.rs"]
mod enums;
#[path = "exclusions.rs"]
mod exclusions;
#[path = "extensions.rs"]
mod extensions;
#[path = "foreign_keys.rs"]
mod foreign_keys;
#[path = "functions.rs"]
mod functions;
#[path = "grants.rs"]
mod grants;
#[path = "identity_generated.rs"]
mod identity_generated;
#[path = "indexes.rs"]
mod indexes;
#[path = "keys.rs"]
mod keys;
#[path = "names.rs"]
mod names;
#[path = "partitions.rs"]
mod partitions;
#[path = "policies.rs"]
mod policies;
#[path = "renames.rs"]
mod renames;
#[path = "sequences.rs"]
mod sequences;
#[path = "tables.rs"]
mod tables;
#[path = "triggers.rs"]
mod triggers;
#[path = "types.rs"]
mod types;
#[path = "views.rs"]
mod views;

pub const ALL: &[&[Case]] = &[
    checks::CASES,
    columns::CASES,
    comments::CASES,
    defaults::CASES,
    enums::CASES,
    extensions::CASES,
    foreign_keys::CASES,
    identity_generated::CASES,
    indexes::CASES,
    keys::CASES,
    names::CASES,
    renames::CASES,
    tables::CASES,
    types::CASES,
    domains::CASES,
    exclusions::CASES,
    functions::CASES,
    policies::CASES,
    triggers::CASES,
    views::CASES,
    sequences::CASES,
    grants::CASES,
    partitions::CASES,
];

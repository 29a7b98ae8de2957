//! Derive macros for `schema_core`: `#[derive(Table)]`, `#[derive(Enum)]`,
//! `#[derive(View)]` and `#[derive(Function)]`.
//!
//! Generated code refers to `::schema_core` only. Each derive parses its input into
//! a model ([`ast`]), checks it while collecting every error ([`ctxt`], [`check`]),
//! decides the SQL names ([`resolve`]) and only then generates code.

mod ast;
mod attr;
mod check;
mod ctxt;
mod enums;
mod expr_name;
mod names;
mod objects;
mod query;
mod resolve;
mod table;

use proc_macro::TokenStream;

pub(crate) use enums::derive_enum_inner;
pub(crate) use table::derive_table_inner;

/// Declares a table; see `schema_core::Table` for the attributes.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    derive_table_inner(input.into()).into()
}

/// Declares a PostgreSQL enum type; see `schema_core::Enum` for the attributes.
#[proc_macro_derive(Enum, attributes(enum_type, enum_value))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    derive_enum_inner(input.into()).into()
}

/// Declares a view or materialized view; see `schema_core::View` for the attributes.
#[proc_macro_derive(View, attributes(view, column))]
pub fn derive_view(input: TokenStream) -> TokenStream {
    objects::derive_view_inner(input.into()).into()
}

/// Declares a function or procedure; see `schema_core::Function` for the attributes.
#[proc_macro_derive(Function, attributes(function))]
pub fn derive_function(input: TokenStream) -> TokenStream {
    objects::derive_function_inner(input.into()).into()
}

/// Declares a domain; see `schema_core::Domain` for the attributes.
#[proc_macro_derive(Domain, attributes(domain))]
pub fn derive_domain(input: TokenStream) -> TokenStream {
    objects::derive_domain_inner(input.into()).into()
}

/// Declares a sequence; see `schema_core::Sequence` for the attributes.
#[proc_macro_derive(Sequence, attributes(sequence))]
pub fn derive_sequence(input: TokenStream) -> TokenStream {
    objects::derive_sequence_inner(input.into()).into()
}

mod embed;

/// Compiles a migrations folder into the binary; see `schema_core::migrate::embed`.
///
/// `embed_migrations!("migrations")` (relative to the crate's `Cargo.toml`) is a
/// `&'static [schema_core::migrate::EmbeddedMigration]`, sorted by version.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    embed::embed_migrations(input.into()).into()
}

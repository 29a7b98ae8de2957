//! Derive macros for `schema_core`. Generated code refers to `::schema_core` only.

use proc_macro::TokenStream;

/// Declares a table; see `schema_core::Table`.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
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

//! Derive macros for `schema_core`. Generated code refers to `::schema_core` only.

use proc_macro::TokenStream;

/// Declares a table; see `schema_core::Table`.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}

//! The typed-query items of `#[derive(Table)]`: the column identifier enum, the
//! table identifier, the row mapping and the write statements. Wrapped in
//! `schema_core::__if_query!`, so they exist only with schema_core's `query`
//! feature; the work itself is done by generic code in `schema_core::query`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::attr::IdentityKind;
use crate::resolve::{ColumnModel, TableModel};

/// `email_verified_at` (or `r#type`) as `EmailVerifiedAt` (`Type`).
fn variant(field: &syn::Ident) -> syn::Ident {
    let name = field.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    let pascal: String = name
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format_ident!(
        "{}",
        if pascal.is_empty() {
            "Column".into()
        } else {
            pascal
        }
    )
}

/// Two fields whose variants are spelled alike (`a_b` and `a__b`) as one
/// error at the second, rather than rustc's duplicate-definition error.
fn clashing_variant(
    model: &TableModel,
    variants: &[syn::Ident],
    column: &syn::Ident,
) -> Option<TokenStream> {
    for (i, v) in variants.iter().enumerate() {
        if let Some(first) = variants[..i].iter().position(|w| w == v) {
            let (a, b) = (
                model.columns[first].field.ident,
                model.columns[i].field.ident,
            );
            let message = format!(
                "the fields `{a}` and `{b}` both become the column identifier `{column}::{v}`; rename one of them (`#[column(name = \"...\")]` keeps its SQL name)"
            );
            return Some(syn::Error::new_spanned(b, message).to_compile_error());
        }
    }
    None
}

/// How the column is written: never (identity `always`, generated), left to
/// its default on insert (`insert_default`), or always.
fn write(c: &ColumnModel) -> TokenStream {
    let a = &c.field.attrs;
    let always_identity = matches!(
        a.identity.as_ref().map(|i| i.value),
        Some(IdentityKind::Always)
    );
    if always_identity || a.generated.is_some() {
        quote!(Never)
    } else if a.insert_default.is_some() {
        quote!(DefaultOnInsert)
    } else {
        quote!(Always)
    }
}

/// Computed by the database (identity `always`, generated): never written.
fn computed(c: &ColumnModel) -> bool {
    let a = &c.field.attrs;
    let always_identity = matches!(
        a.identity.as_ref().map(|i| i.value),
        Some(IdentityKind::Always)
    );
    always_identity || a.generated.is_some()
}

pub fn query_items(model: &TableModel) -> TokenStream {
    let input = model.input.original;
    let ident = &input.ident;
    let vis = &input.vis;
    let column = format_ident!("{}Column", ident);
    let table = format_ident!("{}Table", ident);
    let (schema, name) = (&model.schema, &model.name);
    let qualified = format!("{schema}.{name}");
    let variants: Vec<syn::Ident> = model
        .columns
        .iter()
        .map(|c| variant(c.field.ident))
        .collect();
    if let Some(error) = clashing_variant(model, &variants, &column) {
        return error;
    }
    let sql_names: Vec<&String> = model.columns.iter().map(|c| &c.sql_name).collect();
    let fields: Vec<&syn::Ident> = model.columns.iter().map(|c| c.field.ident).collect();
    let types: Vec<&syn::Type> = model.columns.iter().map(|c| &c.field.original.ty).collect();
    let writes: Vec<TokenStream> = model.columns.iter().map(write).collect();
    // Every use of a field's QueryValue impl carries the field type's span,
    // so a type without one is a single error at the field.
    let reads: Vec<TokenStream> = types
        .iter()
        .zip(&sql_names)
        .map(|(ty, sql)| {
            quote_spanned!(ty.span()=> <#ty as q::QueryValue>::get(row, #qualified, #sql, &|| expected(#sql))?)
        })
        .collect();
    let values: Vec<TokenStream> = types
        .iter()
        .zip(&fields)
        .map(|(ty, f)| quote_spanned!(ty.span()=> <#ty as q::QueryValue>::to_value(&self.#f)))
        .collect();
    let key_columns = model
        .primary_key
        .as_ref()
        .map_or(&[][..], |(_, cols)| &cols[..]);
    let keys: Vec<&syn::Ident> = model
        .columns
        .iter()
        .zip(&variants)
        .filter(|(c, _)| key_columns.contains(&c.sql_name))
        .map(|(_, v)| v)
        .collect();
    let is_key = if keys.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(self, #(Self::#keys)|*))
    };
    let skipped: Vec<&syn::Ident> = model
        .input
        .fields
        .iter()
        .filter(|f| f.attrs.skip.is_some())
        .map(|f| f.ident)
        .collect();
    // `update` and `upsert` exist only for a table with a primary key; `update`
    // only if some column besides the key is written.
    let settable = model
        .columns
        .iter()
        .any(|c| !key_columns.contains(&c.sql_name) && !computed(c));
    let update_method = settable.then(|| {
        quote! {
            /// `UPDATE` of every written column, by primary key.
            #[inline] pub fn update(&self) -> sea_query::UpdateStatement {
                q::update(self)
            }
        }
    });
    let keyed_methods = (!keys.is_empty()).then(|| {
        quote! {
            #update_method

            /// `INSERT ... ON CONFLICT (primary key) DO UPDATE`.
            #[inline] pub fn upsert(&self) -> sea_query::InsertStatement {
                q::upsert(self)
            }
        }
    });
    let keyed_impl = (!keys.is_empty()).then(|| {
        quote! {
            #[automatically_derived]
            impl q::Keyed for #ident {}
        }
    });
    let column_doc = format!(
        "The columns of [`{ident}`] ({qualified}), as sea-query identifiers written with their SQL names."
    );
    let table_doc = format!("The table `{qualified}` of [`{ident}`], as a sea-query table name.");
    let variant_docs = sql_names.iter().map(|n| format!("Column `{n}`."));
    quote! {
        ::schema_core::__if_query! {
            #[doc = #column_doc]
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
            #vis enum #column { #( #[doc = #variant_docs] #variants, )* }

            #[doc = #table_doc]
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
            #vis struct #table;

            const _: () = {
                use ::schema_core::query::{self as q, sea_query};

                #[automatically_derived]
                impl sea_query::Iden for #column {
                    #[inline] fn unquoted(&self) -> &str {
                        q::Column::name(*self)
                    }
                }

                #[automatically_derived]
                impl q::Column for #column {
                    const ALL: &'static [Self] = &[#(Self::#variants),*];
                    #[inline] fn name(self) -> &'static str {
                        match self { #(Self::#variants => #sql_names,)* }
                    }
                    #[inline] fn is_key(self) -> bool { #is_key }
                    #[inline] fn write(self) -> q::Write {
                        match self { #(Self::#variants => q::Write::#writes,)* }
                    }
                }

                #[automatically_derived]
                impl sea_query::Iden for #table {
                    #[inline] fn unquoted(&self) -> &str { #name }
                }

                #[automatically_derived]
                impl q::Model for #ident {
                    type Column = #column;
                    #[inline] fn table_name() -> sea_query::TableName { q::table_name(#schema, #name) }
                    #[inline] fn from_row(row: &q::Row) -> ::core::result::Result<Self, q::RowError> {
                        let expected = |column: &str| -> ::std::string::String {
                            <Self as ::schema_core::Table>::definition()
                                .columns
                                .iter()
                                .find(|c| c.name == column)
                                .map(|c| c.ty.to_string())
                                .unwrap_or_default()
                        };
                        ::core::result::Result::Ok(Self {
                            #( #fields: #reads, )*
                            #( #skipped: ::core::default::Default::default(), )*
                        })
                    }
                    #[inline] fn value(&self, column: #column) -> sea_query::Value {
                        match column {
                            #( #column::#variants => #values, )*
                        }
                    }
                }

                #[automatically_derived]
                impl #ident {
                    /// The table, schema-qualified, for `from`, `into_table`, `table`.
                    pub const TABLE: (q::Namespace, #table) = (q::Namespace(#schema), #table);

                    /// Reads every column of `row` by name.
                    #[inline] pub fn from_row(row: &q::Row) -> ::core::result::Result<Self, q::RowError> {
                        <Self as q::Model>::from_row(row)
                    }

                    /// `INSERT` of this value (columns marked `insert_default`
                    /// left to the database); add `.returning_all()` to read them.
                    #[inline] pub fn insert(&self) -> sea_query::InsertStatement {
                        q::insert(self)
                    }

                    /// One `INSERT` of all these values.
                    pub fn insert_many<'a>(values: impl ::core::iter::IntoIterator<Item = &'a Self>) -> sea_query::InsertStatement {
                        q::insert_many(values)
                    }

                    #keyed_methods

                    /// `SELECT` of every column, ready for `from_row`.
                    #[inline] pub fn select() -> sea_query::SelectStatement {
                        q::select::<Self>()
                    }

                    /// The column qualified by this table, for joins:
                    /// `"public"."users"."email"`.
                    #[inline] pub fn col(column: #column) -> sea_query::ColumnRef {
                        sea_query::ColumnRef::Column(sea_query::ColumnName(
                            ::core::option::Option::Some(q::table_name(#schema, #name)),
                            sea_query::IntoIden::into_iden(column),
                        ))
                    }
                }

                #keyed_impl

                #[automatically_derived]
                impl ::core::convert::TryFrom<&q::Row> for #ident {
                    type Error = q::RowError;
                    #[inline] fn try_from(row: &q::Row) -> ::core::result::Result<Self, q::RowError> {
                        <Self as q::Model>::from_row(row)
                    }
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(s: &str) -> syn::Ident {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn variants_are_the_fields_in_pascal_case() {
        for (field, expected) in [
            ("email", "Email"),
            ("email_verified_at", "EmailVerifiedAt"),
            ("r#type", "Type"),
            ("a_1", "A1"),
            ("_private", "Private"),
            ("already__double", "AlreadyDouble"),
        ] {
            assert_eq!(variant(&ident(field)).to_string(), expected, "{field}");
        }
    }

    #[test]
    fn the_expansion_names_columns_by_their_sql_names_and_keys_by_the_primary_key() {
        let out = crate::table::derive_table_inner(quote! {
            #[table(schema = "auth", name = "people")]
            pub struct Person {
                #[column(primary_key, identity = "always")]
                pub id: i64,
                #[column(name = "e_mail", default_sql = "''", insert_default)]
                pub email: String,
                #[column(generated = "upper(e_mail)")]
                pub shout: String,
            }
        })
        .to_string();
        for needle in [
            "pub enum PersonColumn { # [doc = \"Column `id`.\"] Id ,",
            "Self :: Email => \"e_mail\"",
            "fn unquoted (& self) -> & str { \"people\" }",
            "q :: table_name (\"auth\" , \"people\")",
            ":: core :: matches ! (self , Self :: Id)",
            "Self :: Id => q :: Write :: Never",
            "Self :: Email => q :: Write :: DefaultOnInsert",
            "Self :: Shout => q :: Write :: Never",
            "impl q :: Keyed for Person",
            "pub fn update",
        ] {
            assert!(out.contains(needle), "{needle} in {out}");
        }
    }

    #[test]
    fn a_table_without_a_key_has_no_update_or_upsert() {
        let out = crate::table::derive_table_inner(quote! {
            pub struct Event {
                pub kind: String,
            }
        })
        .to_string();
        assert!(out.contains("fn is_key (self) -> bool { false }"), "{out}");
        for absent in ["fn update", "fn upsert", "q :: Keyed for"] {
            assert!(!out.contains(absent), "{absent} in {out}");
        }
        assert!(out.contains("pub fn insert"), "{out}");
    }
}

//! `#[derive(Enum)]`: a fieldless Rust enum as a PostgreSQL enum type.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::DeriveInput;

use crate::ast::EnumInput;
use crate::check::identifier_length;
use crate::ctxt::Ctxt;
use crate::names::{apply_rename_rule, list, snake_case, suggestion, RENAME_RULES};

/// The whole derive, on `proc_macro2` tokens so tests can call it.
pub fn derive_enum_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let Some(parsed) = EnumInput::from_ast(&cx, &input) else {
        let errors = cx.into_compile_errors();
        let dummy = dummy(&input);
        return quote! { #errors #dummy };
    };
    let model = resolve(&cx, &parsed);
    if cx.has_errors() {
        let errors = cx.into_compile_errors();
        let dummy = dummy(&input);
        return quote! { #errors #dummy };
    }
    generate(&parsed, &model)
}

struct EnumModel {
    schema: String,
    name: String,
    values: Vec<String>,
    renamed_values: Vec<(String, String)>,
}

fn resolve(cx: &Ctxt, input: &EnumInput) -> EnumModel {
    let attrs = &input.attrs;
    let name = attrs
        .name
        .as_ref()
        .map(|l| l.value())
        .unwrap_or_else(|| snake_case(&input.original.ident.to_string()));
    let origin = match &attrs.name {
        Some(l) => l.to_token_stream(),
        None => input.original.ident.to_token_stream(),
    };
    identifier_length(
        cx,
        "enum type name",
        &name,
        origin,
        "set a shorter one with #[enum_type(name = \"...\")]",
    );
    let schema = attrs
        .schema
        .as_ref()
        .map(|l| l.value())
        .unwrap_or_else(|| "public".into());
    if let Some(lit) = &attrs.schema {
        identifier_length(cx, "schema name", &schema, lit, "use a shorter schema name");
    }
    let rule = attrs.rename_all.as_ref().and_then(|lit| {
        let rule = lit.value();
        if RENAME_RULES.contains(&rule.as_str()) {
            Some(rule)
        } else {
            cx.error_spanned_by(
                lit,
                format!(
                    "unknown `rename_all` rule `{rule}`{}\n  valid rules: {}",
                    suggestion(&rule, RENAME_RULES.iter().copied()),
                    list(RENAME_RULES.iter().copied())
                ),
            );
            None
        }
    });
    let mut values: Vec<String> = Vec::new();
    let mut renamed_values = Vec::new();
    for v in &input.variants {
        let rust = v.ident.to_string();
        let value = match (&v.attrs.name, &rule) {
            (Some(lit), _) => lit.value(),
            (None, Some(rule)) => apply_rename_rule(rule, &rust).unwrap_or_default(),
            (None, None) => snake_case(&rust),
        };
        let origin = match &v.attrs.name {
            Some(l) => l.to_token_stream(),
            None => v.ident.to_token_stream(),
        };
        if value.is_empty() {
            cx.error_spanned_by(&origin, "an enum value must not be empty");
        }
        // Enum labels share the identifier limit (NAMEDATALEN - 1 bytes).
        identifier_length(
            cx,
            "enum value",
            &value,
            &origin,
            "set a shorter one with #[enum_value(name = \"...\")]",
        );
        if values.contains(&value) {
            cx.error_spanned_by(
                &origin,
                format!("the enum value `{value}` is used twice; give one variant another #[enum_value(name = \"...\")]"),
            );
        }
        for old in &v.attrs.renamed_from {
            renamed_values.push((old.value(), value.clone()));
        }
        values.push(value);
    }
    EnumModel {
        schema,
        name,
        values,
        renamed_values,
    }
}

/// Beside compile errors: the trait impls with bodies that never run, so columns
/// of this type do not add follow-up errors.
fn dummy(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    let query = query_items(ident);
    quote! {
        const _: () = {
            impl ::schema_core::Enum for #ident {
                const SCHEMA: &'static str = "";
                const NAME: &'static str = "";
                fn definition() -> ::schema_core::model::EnumType {
                    ::core::unreachable!("the enum definition has compile errors")
                }
                fn sql_value(&self) -> &'static str {
                    ::core::unreachable!("the enum definition has compile errors")
                }
                fn from_sql_value(_: &str) -> ::core::option::Option<Self> {
                    ::core::unreachable!("the enum definition has compile errors")
                }
            }
            impl ::schema_core::ColumnType for #ident {
                fn sql_type() -> ::schema_core::SqlType {
                    ::core::unreachable!("the enum definition has compile errors")
                }
            }
            impl ::schema_core::__private::ArrayElement for #ident {}
            impl ::schema_core::DefaultValue<#ident> for #ident {
                fn sql_default(&self, _: &::schema_core::SqlType) -> ::std::string::String {
                    ::core::unreachable!("the enum definition has compile errors")
                }
            }
        };
        #query
    }
}

fn generate(input: &EnumInput, model: &EnumModel) -> TokenStream {
    let ident = &input.original.ident;
    let EnumModel {
        schema,
        name,
        values,
        ..
    } = model;
    let arms = input.variants.iter().zip(values).map(|(v, value)| {
        let variant = v.ident;
        quote! { #ident::#variant => #value }
    });
    let back = input.variants.iter().zip(values).map(|(v, value)| {
        let variant = v.ident;
        quote! { #value => ::core::option::Option::Some(#ident::#variant) }
    });
    let query = query_items(ident);
    let renamed_values = model.renamed_values.iter().map(|(old, new)| {
        quote! { (::std::string::String::from(#old), ::std::string::String::from(#new)) }
    });
    let comment = match &input.attrs.comment {
        Some(l) => quote! { ::core::option::Option::Some(::std::string::String::from(#l)) },
        None => quote! { ::core::option::Option::None },
    };
    let renamed_from = input.attrs.renamed_from.iter();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schema_core::Enum for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                fn definition() -> ::schema_core::model::EnumType {
                    ::schema_core::model::EnumType {
                        schema: ::std::string::String::from(#schema),
                        name: ::std::string::String::from(#name),
                        values: ::std::vec![#(::std::string::String::from(#values)),*],
                        comment: #comment,
                        renamed_from: ::std::vec![#(::std::string::String::from(#renamed_from)),*],
                        renamed_values: ::std::vec![#(#renamed_values),*],
                    }
                }
                fn sql_value(&self) -> &'static str {
                    match self { #(#arms,)* }
                }
                fn from_sql_value(label: &str) -> ::core::option::Option<Self> {
                    match label { #(#back,)* _ => ::core::option::Option::None }
                }
            }
            #[automatically_derived]
            impl ::schema_core::ColumnType for #ident {
                fn sql_type() -> ::schema_core::SqlType {
                    ::schema_core::__private::enum_sql_type::<#ident>()
                }
            }
            #[automatically_derived]
            impl ::schema_core::__private::ArrayElement for #ident {}
            #[automatically_derived]
            impl ::schema_core::DefaultValue<#ident> for #ident {
                fn sql_default(&self, ty: &::schema_core::SqlType) -> ::std::string::String {
                    ::schema_core::__private::string_default(::schema_core::Enum::sql_value(self), ty)
                }
            }
            ::schema_core::__private::inventory::submit! {
                ::schema_core::__private::Registration::enum_type::<#ident>(::core::module_path!())
            }
        };
        #query
    }
}

/// The enum as a sea-query value (cast to its type) and a `postgres` result,
/// when `schema_core`'s `query` feature is on. (Not a `postgres` parameter: that
/// would demand `Debug` of every enum; values are bound through sea-query.)
fn query_items(ident: &syn::Ident) -> TokenStream {
    quote! {
        ::schema_core::__if_query! {
            const _: () = {
                use ::schema_core::query::{enums, sea_query, __postgres_types as pg};
                #[automatically_derived]
                impl ::core::convert::From<#ident> for sea_query::Value {
                    fn from(value: #ident) -> Self { enums::to_value(&value) }
                }
                #[automatically_derived]
                impl sea_query::Nullable for #ident {
                    fn null() -> sea_query::Value { enums::null::<#ident>() }
                }
                #[automatically_derived]
                impl sea_query::ValueType for #ident {
                    fn try_from(v: sea_query::Value) -> ::core::result::Result<Self, sea_query::ValueTypeErr> {
                        enums::try_from_value(v)
                    }
                    fn type_name() -> ::std::string::String { enums::type_name::<#ident>() }
                    fn array_type() -> sea_query::ArrayType { enums::array_type::<#ident>() }
                    fn column_type() -> sea_query::ColumnType { enums::column_type::<#ident>() }
                }
                #[automatically_derived]
                impl sea_query::value::postgres_array::NotU8 for #ident {}
                #[automatically_derived]
                impl ::schema_core::query::QueryValue for #ident {
                    fn to_value(&self) -> sea_query::Value { enums::to_value(self) }
                    fn null() -> sea_query::Value { enums::null::<#ident>() }
                }
                #[automatically_derived]
                impl ::schema_core::query::ArrayValue for #ident {
                    fn array_type() -> sea_query::ArrayType { enums::array_type::<#ident>() }
                }
                #[automatically_derived]
                impl<'a> pg::FromSql<'a> for #ident {
                    fn from_sql(
                        _: &pg::Type,
                        raw: &'a [u8],
                    ) -> ::core::result::Result<Self, ::std::boxed::Box<dyn ::std::error::Error + ::core::marker::Sync + ::core::marker::Send>> {
                        enums::from_sql(raw)
                    }
                    fn accepts(ty: &pg::Type) -> bool { enums::accepts::<#ident>(ty) }
                }
            };
        }
    }
}

//! `#[derive(Table)]`: parse, check, resolve names, then generate the `Table`
//! impl, the `{Struct}Columns` handle and the registration.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::TableInput;
use crate::attr::{Deferrable, FkAction, IdentityKind};
use crate::ctxt::Ctxt;
use crate::resolve::{resolve, ColumnModel, ForeignKeyModel, IndexModel, TableModel};

/// The whole derive, on `proc_macro2` tokens so tests can call it.
pub fn derive_table_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let Some(table) = TableInput::from_ast(&cx, &input) else {
        let dummy = dummy(&input, None);
        let errors = cx.into_compile_errors();
        return quote! { #errors #dummy };
    };
    let model = resolve(&cx, &table);
    if cx.has_errors() {
        let dummy = dummy(&input, Some(&model));
        let errors = cx.into_compile_errors();
        return quote! { #errors #dummy };
    }
    generate(&model)
}

fn columns_ident(input: &DeriveInput) -> syn::Ident {
    format_ident!("{}Columns", input.ident)
}

/// The `{Struct}Columns` struct: one typed column handle per non-skipped field.
fn columns_struct(input: &DeriveInput, columns: &[ColumnModel]) -> TokenStream {
    let vis = &input.vis;
    let ident = columns_ident(input);
    let doc = format!(
        "The columns of [`{}`], as typed handles holding their SQL names.",
        input.ident
    );
    let fields = columns.iter().map(|c| {
        let field = c.field.ident;
        let base = c.field.base_ty;
        let key = if c.is_key {
            quote!(Key)
        } else {
            quote!(NotKey)
        };
        let doc = format!("Column `{}`.", c.sql_name);
        quote! { #[doc = #doc] pub #field: ::schema_core::Col<#base, ::schema_core::#key> }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        #[allow(non_camel_case_types)]
        #vis struct #ident { #(#fields,)* }
    }
}

fn columns_const(input: &DeriveInput, columns: &[ColumnModel]) -> TokenStream {
    let ident = columns_ident(input);
    let fields = columns.iter().map(|c| {
        let field = c.field.ident;
        let name = &c.sql_name;
        quote! { #field: ::schema_core::Col::new(#name) }
    });
    quote! { #ident { #(#fields,)* } }
}

/// Beside compile errors: the same items with a body that never runs, so code using
/// the struct does not drown the real error in follow-up ones.
fn dummy(input: &DeriveInput, model: Option<&TableModel>) -> TokenStream {
    let ident = &input.ident;
    let cols = columns_ident(input);
    let (columns, schema, name) = match model {
        Some(m) => (&m.columns[..], m.schema.as_str(), m.name.as_str()),
        None => (&[][..], "public", ""),
    };
    let columns_struct = columns_struct(input, columns);
    let columns_const = columns_const(input, columns);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #columns_struct
        const _: () = {
            impl #impl_generics ::schema_core::Table for #ident #ty_generics #where_clause {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                type Columns = #cols;
                const COLUMNS: #cols = #columns_const;
                fn definition() -> ::schema_core::model::Table {
                    ::core::unreachable!("the table definition has compile errors")
                }
            }
        };
    }
}

pub(crate) fn string(s: &str) -> TokenStream {
    quote! { ::std::string::String::from(#s) }
}

pub(crate) fn opt_string(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => {
            let s = string(s);
            quote! { ::core::option::Option::Some(#s) }
        }
        None => quote! { ::core::option::Option::None },
    }
}

pub(crate) fn strings<'s>(items: impl IntoIterator<Item = &'s str>) -> TokenStream {
    let items = items.into_iter().map(string);
    quote! { ::std::vec![#(#items),*] }
}

fn generate(model: &TableModel) -> TokenStream {
    let input = model.input.original;
    let ident = &input.ident;
    let cols = columns_ident(input);
    let columns_struct = columns_struct(input, &model.columns);
    let columns_const = columns_const(input, &model.columns);
    let schema = &model.schema;
    let name = &model.name;
    let column_values = model.columns.iter().map(column);
    let primary_key = match &model.primary_key {
        Some((name, columns)) => {
            let name = string(name);
            let columns = strings(columns.iter().map(String::as_str));
            quote! { ::core::option::Option::Some(::schema_core::model::PrimaryKey { name: #name, columns: #columns }) }
        }
        None => quote! { ::core::option::Option::None },
    };
    let mut uniques: Vec<_> = model.uniques.iter().collect();
    uniques.sort_by(|a, b| a.name.cmp(&b.name));
    let uniques = uniques.into_iter().map(|u| {
        let name = string(&u.name);
        let columns = strings(u.columns.iter().map(String::as_str));
        let nnd = u.nulls_not_distinct;
        quote! { ::schema_core::model::Unique { name: #name, columns: #columns, nulls_not_distinct: #nnd } }
    });
    let mut indexes: Vec<_> = model.indexes.iter().collect();
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    let indexes = indexes.into_iter().map(index);
    let mut fks: Vec<_> = model.foreign_keys.iter().collect();
    fks.sort_by(|a, b| a.name.cmp(&b.name));
    let fk_checks: Vec<_> = fks.iter().map(|fk| foreign_key_checks(fk)).collect();
    let fks = fks.into_iter().map(foreign_key);
    let mut checks: Vec<_> = model.checks.iter().collect();
    checks.sort();
    let checks = checks.into_iter().map(|(name, expr)| {
        let name = string(name);
        let expr = string(expr);
        quote! { ::schema_core::model::Check { name: #name, expression: #expr } }
    });
    let attrs = &model.input.attrs;
    let comment = opt_string(attrs.comment.as_ref().map(|l| l.value()).as_deref());
    let renamed: Vec<String> = attrs.renamed_from.iter().map(|l| l.value()).collect();
    let renamed = strings(renamed.iter().map(String::as_str));
    let (schema_s, name_s) = (string(schema), string(name));
    let row_security = crate::objects::row_security(attrs);
    let mut exclusions: Vec<_> = attrs.exclusions.iter().collect();
    exclusions.sort_by_key(|x| x.name.value());
    let exclusions = exclusions.into_iter().map(|x| {
        let (name, definition) = (string(&x.name.value()), string(&x.definition));
        quote! { ::schema_core::model::Exclusion { name: #name, definition: #definition } }
    });
    let policies = attrs.policies.iter().map(crate::objects::policy);
    let partition_by = opt_string(attrs.partition_by.as_ref().map(|l| l.value()).as_deref());
    let partitions = attrs.partitions.iter().map(|p| {
        let name = string(&p.name.value());
        let pschema = p
            .schema
            .as_ref()
            .or(attrs.partition_schema.as_ref())
            .map_or_else(|| schema.to_string(), |s| s.value());
        let pschema = string(&pschema);
        let bound = string(&p.bound);
        quote! { ::schema_core::model::Partition { schema: #pschema, name: #name, bound: #bound } }
    });
    let grants = crate::objects::grants(&attrs.grants, |field| {
        model
            .columns
            .iter()
            .find(|c| c.field.ident == field)
            .map(|c| c.sql_name.clone())
    });
    let triggers = attrs
        .triggers
        .iter()
        .map(|t| crate::objects::trigger(t, model));
    let query = crate::query::query_items(model);
    let declared: Vec<String> = model
        .columns
        .iter()
        .filter_map(|c| c.field.attrs.sql_type.as_ref().map(syn::LitStr::value))
        .collect();
    let external_types = (!declared.is_empty()).then(|| {
        quote! {
            fn external_types() -> ::std::vec::Vec<::schema_core::model::QualifiedName> {
                [#(#declared),*]
                    .iter()
                    .filter_map(|s| match ::schema_core::SqlType::parse(s).element() {
                        ::schema_core::SqlType::Named(n) => ::core::option::Option::Some(n.clone()),
                        _ => ::core::option::Option::None,
                    })
                    .collect()
            }
        }
    });
    quote! {
        #columns_struct
        const _: () = {
            #[automatically_derived]
            impl ::schema_core::Table for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                type Columns = #cols;
                const COLUMNS: #cols = #columns_const;
                #external_types
                fn definition() -> ::schema_core::model::Table {
                    #(#fk_checks)*
                    ::schema_core::model::Table {
                        schema: #schema_s,
                        name: #name_s,
                        columns: ::std::vec![#(#column_values),*],
                        primary_key: #primary_key,
                        uniques: ::std::vec![#(#uniques),*],
                        indexes: ::std::vec![#(#indexes),*],
                        foreign_keys: ::std::vec![#(#fks),*],
                        checks: ::std::vec![#(#checks),*],
                        comment: #comment,
                        renamed_from: #renamed,
                        exclusions: ::std::vec![#(#exclusions),*],
                        row_security: #row_security,
                        policies: ::std::vec![#(#policies),*],
                        triggers: ::std::vec![#(#triggers),*],
                        grants: #grants,
                        partition_by: #partition_by,
                        partitions: ::std::vec![#(#partitions),*],
                    }
                }
            }
            ::schema_core::__private::inventory::submit! {
                ::schema_core::__private::Registration::table::<#ident>(::core::module_path!())
            }
        };
        #query
    }
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn column(c: &ColumnModel) -> TokenStream {
    let field = c.field;
    let a = &field.attrs;
    let base = field.base_ty;
    let ty = match &a.sql_type {
        Some(lit) => quote! { ::schema_core::SqlType::parse(#lit) },
        None => quote_spanned! {base.span()=> <#base as ::schema_core::ColumnType>::sql_type() },
    };
    let default = match (&a.default, &a.default_sql) {
        (Some(expr), _) => quote_spanned! {expr.span()=>
            ::core::option::Option::Some(::schema_core::__private::render_default::<#base, _>(&(#expr), &__schema_ty))
        },
        (None, Some(sql)) => opt_string(Some(&sql.value())),
        (None, None) => quote! { ::core::option::Option::None },
    };
    let identity = match &a.identity {
        Some(kind) => {
            let kind = match kind.value {
                IdentityKind::Always => quote!(Always),
                IdentityKind::ByDefault => quote!(ByDefault),
            };
            let seq = a.sequence.as_ref();
            let start = opt_i64(seq.and_then(|s| s.start));
            let increment = opt_i64(seq.and_then(|s| s.increment.as_ref().map(|v| v.value)));
            let min_value = opt_i64(seq.and_then(|s| s.min_value));
            let max_value = opt_i64(seq.and_then(|s| s.max_value));
            let cache = opt_i64(seq.and_then(|s| s.cache.as_ref().map(|v| v.value)));
            let cycle = seq.is_some_and(|s| s.cycle);
            quote! {
                ::core::option::Option::Some(::std::boxed::Box::new(::schema_core::model::Identity {
                    kind: ::schema_core::model::IdentityKind::#kind,
                    start: #start,
                    increment: #increment,
                    min_value: #min_value,
                    max_value: #max_value,
                    cache: #cache,
                    cycle: #cycle,
                }))
            }
        }
        None => quote! { ::core::option::Option::None },
    };
    let name = string(&c.sql_name);
    let nullable = field.nullable;
    let generated = opt_string(a.generated.as_ref().map(|l| l.value()).as_deref());
    let collation = opt_string(a.collate.as_ref().map(|l| l.value()).as_deref());
    let comment = opt_string(a.comment.as_ref().map(|l| l.value()).as_deref());
    let renamed: Vec<String> = a.renamed_from.iter().map(|l| l.value()).collect();
    let renamed = strings(renamed.iter().map(String::as_str));
    quote! {{
        let __schema_ty: ::schema_core::SqlType = #ty;
        ::schema_core::model::Column {
            name: #name,
            default: #default,
            ty: __schema_ty,
            nullable: #nullable,
            identity: #identity,
            generated: #generated,
            collation: #collation,
            comment: #comment,
            renamed_from: #renamed,
        }
    }}
}

pub(crate) fn index(i: &IndexModel) -> TokenStream {
    let keys = i.keys.iter().map(|k| {
        let target = match (&k.column, &k.expression) {
            (Some(c), _) => {
                let c = string(c);
                quote! { ::schema_core::model::IndexTarget::Column(#c) }
            }
            (None, e) => {
                let e = string(e.as_deref().unwrap_or_default());
                quote! { ::schema_core::model::IndexTarget::Expression(#e) }
            }
        };
        let order = if k.desc { quote!(Desc) } else { quote!(Asc) };
        // Postgres's default null ordering for the direction is stored as `None`.
        let nulls = match k.nulls_first {
            Some(first) if first != k.desc => {
                let n = if first { quote!(First) } else { quote!(Last) };
                quote! { ::core::option::Option::Some(::schema_core::model::NullsOrder::#n) }
            }
            _ => quote! { ::core::option::Option::None },
        };
        let collation = opt_string(k.collation.as_deref());
        let opclass = opt_string(k.opclass.as_deref());
        quote! {
            ::schema_core::model::IndexKey {
                target: #target,
                order: ::schema_core::model::SortOrder::#order,
                nulls: #nulls,
                collation: #collation,
                opclass: #opclass,
            }
        }
    });
    let name = string(&i.name);
    let unique = i.unique;
    let method = string(&i.method);
    let include = strings(i.include.iter().map(String::as_str));
    let predicate = opt_string(i.predicate.as_deref());
    let nnd = i.nulls_not_distinct;
    let comment = opt_string(i.comment.as_deref());
    quote! {
        ::schema_core::model::Index {
            name: #name,
            unique: #unique,
            method: #method,
            keys: ::std::vec![#(#keys),*],
            include: #include,
            predicate: #predicate,
            nulls_not_distinct: #nnd,
            comment: #comment,
            invalid: false,
        }
    }
}

fn fk_action(action: Option<FkAction>) -> TokenStream {
    let variant = match action.unwrap_or(FkAction::NoAction) {
        FkAction::NoAction => quote!(NoAction),
        FkAction::Restrict => quote!(Restrict),
        FkAction::Cascade => quote!(Cascade),
        FkAction::SetNull => quote!(SetNull),
        FkAction::SetDefault => quote!(SetDefault),
    };
    quote! { ::schema_core::model::FkAction::#variant }
}

fn foreign_key(fk: &ForeignKeyModel) -> TokenStream {
    let target = &fk.target;
    let name = string(&fk.name);
    let columns = strings(fk.sql_columns.iter().map(String::as_str));
    let targets = fk.target_fields.iter().map(|f| {
        quote! { ::std::string::String::from(<#target as ::schema_core::Table>::COLUMNS.#f.name()) }
    });
    let on_delete = fk_action(fk.on_delete);
    let on_delete_columns = strings(fk.on_delete_columns.iter().map(String::as_str));
    let on_update = fk_action(fk.on_update);
    let deferrable = match fk.deferrable {
        Some(Deferrable::InitiallyDeferred) => quote!(InitiallyDeferred),
        Some(Deferrable::InitiallyImmediate) => quote!(InitiallyImmediate),
        None => quote!(NotDeferrable),
    };
    quote! {
        ::schema_core::model::ForeignKey {
            name: #name,
            columns: #columns,
            references: ::schema_core::model::QualifiedName::new(
                <#target as ::schema_core::Table>::SCHEMA,
                <#target as ::schema_core::Table>::NAME,
            ),
            referenced_columns: ::std::vec![#(#targets),*],
            on_delete: #on_delete,
            on_delete_columns: #on_delete_columns,
            on_update: #on_update,
            deferrable: ::schema_core::model::Deferrable::#deferrable,
        }
    }
}

/// Type-level checks of each referenced column: it exists (rustc's own "no field"
/// error, at the column's name), is a key, and has the local field's Rust type.
fn foreign_key_checks(fk: &ForeignKeyModel) -> TokenStream {
    let target = &fk.target;
    // A column of a composite key is not a key on its own: only its type is checked.
    let helper = if fk.columns.len() == 1 {
        "__check_foreign_key"
    } else {
        "__check_foreign_key_column"
    };
    let checks = fk
        .columns
        .iter()
        .zip(&fk.target_fields)
        .map(|(local, target_field)| {
            let base = local.base_ty;
            let span: Span = target_field.span();
            let helper = syn::Ident::new(helper, span);
            quote_spanned! {span=>
                <#target as ::schema_core::Table>::COLUMNS.#target_field.#helper::<#base>();
            }
        });
    quote! { #(#checks)* }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::derive_table_inner;

    #[test]
    fn expands_to_the_columns_struct_impl_and_registration() {
        let out = derive_table_inner(quote! {
            #[table(schema = "auth")]
            pub struct User {
                #[column(primary_key)]
                pub id: i64,
                pub email: Option<String>,
            }
        });
        let file: syn::File = syn::parse2(out.clone()).expect("the expansion is valid Rust");
        let text = out.to_string();
        assert!(
            text.contains("impl :: schema_core :: Table for User"),
            "{text}"
        );
        assert!(
            text.contains("pub id : :: schema_core :: Col < i64 , :: schema_core :: Key >"),
            "{text}"
        );
        assert!(
            text.contains(
                "pub email : :: schema_core :: Col < String , :: schema_core :: NotKey >"
            ),
            "{text}"
        );
        assert!(text.contains("inventory :: submit !"), "{text}");
        assert!(!text.contains("compile_error"), "{text}");
        assert_eq!(
            file.items.len(),
            3,
            "the columns struct, one `const _` block and the typed-query items"
        );
        assert!(
            text.contains("schema_core :: __if_query !"),
            "the query items are behind the feature: {text}"
        );
    }

    #[test]
    fn errors_come_with_a_dummy_impl() {
        let out = derive_table_inner(quote! {
            #[table(nmae = "x")]
            pub struct User {
                #[column(uniqe)]
                pub id: i64,
            }
        })
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        assert!(out.contains("unreachable"), "{out}");
        assert!(out.contains("pub struct UserColumns"), "{out}");
    }
}

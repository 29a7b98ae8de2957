//! `#[derive(View)]`, `#[derive(Function)]`, and the policies, triggers and row
//! level security of `#[derive(Table)]`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attr::{
    self, ForEach, FunctionAttrs, GrantAttr, PolicyAttr, PolicyCommand, RowSecurity, TableAttrs,
    TriggerAttr,
};
use crate::ctxt::Ctxt;
use crate::resolve::TableModel;
use crate::table::{opt_string, string, strings};

pub fn row_security(attrs: &TableAttrs) -> TokenStream {
    let (enabled, forced) = match attrs.row_security.as_ref().map(|r| r.value) {
        None => (false, false),
        Some(RowSecurity::Enabled) => (true, false),
        Some(RowSecurity::Forced) => (true, true),
    };
    quote! { ::schema_core::model::RowSecurity { enabled: #enabled, forced: #forced } }
}

pub fn policy(p: &PolicyAttr) -> TokenStream {
    let name = string(&p.name.value());
    let command = match p.command {
        PolicyCommand::All => quote!(All),
        PolicyCommand::Select => quote!(Select),
        PolicyCommand::Insert => quote!(Insert),
        PolicyCommand::Update => quote!(Update),
        PolicyCommand::Delete => quote!(Delete),
    };
    let roles: Vec<String> =
        p.to.iter()
            .map(LitStr::value)
            .filter(|r| !r.eq_ignore_ascii_case("public"))
            .collect();
    let roles = strings(roles.iter().map(String::as_str));
    let using = opt_string(p.using.as_ref().map(LitStr::value).as_deref());
    let with_check = opt_string(p.with_check.as_ref().map(LitStr::value).as_deref());
    let restrictive = p.restrictive;
    quote! {
        ::schema_core::model::Policy {
            name: #name,
            restrictive: #restrictive,
            command: ::schema_core::model::PolicyCommand::#command,
            roles: #roles,
            using: #using,
            with_check: #with_check,
        }
    }
}

/// `::std::vec![Grant { ... }, ...]`: one grant per role, privilege and
/// column; `column` names a field's column, `None` for a field the struct
/// does not have (reported at the field).
pub fn grants(grants: &[GrantAttr], column: impl Fn(&syn::Ident) -> Option<String>) -> TokenStream {
    let mut out = Vec::new();
    for g in grants {
        let columns: Vec<Option<String>> = match &g.columns {
            None => vec![None],
            Some(fields) => {
                let mut names = Vec::new();
                for field in fields {
                    match column(field) {
                        Some(name) => names.push(Some(name)),
                        None => {
                            return syn::Error::new_spanned(
                                field,
                                format!("`columns` names field `{field}`, which this struct does not have as a column"),
                            )
                            .to_compile_error()
                        }
                    }
                }
                names
            }
        };
        let grantable = g.grantable;
        for role in &g.roles {
            for privilege in &g.privileges {
                for c in &columns {
                    let column = match c {
                        Some(c) => {
                            quote!(::core::option::Option::Some(::std::string::String::from(#c)))
                        }
                        None => quote!(::core::option::Option::None),
                    };
                    out.push(quote! {
                        ::schema_core::model::Grant {
                            role: ::std::string::String::from(#role),
                            privilege: ::std::string::String::from(#privilege),
                            column: #column,
                            grantable: #grantable,
                        }
                    });
                }
            }
        }
    }
    quote!(::std::vec![#(#out),*])
}

pub fn trigger(t: &TriggerAttr, model: &TableModel) -> TokenStream {
    if let Some(sql) = &t.sql {
        let name = t.name.value();
        return quote! { ::schema_core::__private::trigger_sql(#name, #sql) };
    }
    let mut columns = Vec::new();
    for field in &t.update_of {
        match model.columns.iter().find(|c| c.field.ident == field) {
            Some(c) => columns.push(c.sql_name.clone()),
            None => {
                return syn::Error::new_spanned(
                    field,
                    format!("`update_of` names field `{field}`, which this struct does not have as a column"),
                )
                .to_compile_error()
            }
        }
    }
    let name = t.name.value();
    let (schema, table) = (&model.schema, &model.name);
    let timing = t.timing;
    let events = &t.events;
    let row = t.for_each == ForEach::Row;
    let when = match &t.when {
        Some(w) => quote!(::core::option::Option::Some(#w)),
        None => quote!(::core::option::Option::None),
    };
    let function = t.function.value();
    let args = &t.args;
    quote! {
        ::schema_core::__private::trigger(
            #name, (#schema, #table), #timing, &[#(#events),*], &[#(#columns),*],
            #row, #when, #function, &[#(#args),*],
        )
    }
}

/// The SQL of `sql = "..."` or `sql_file = "..."` (exactly one), and for a
/// file, the tokens that make cargo rebuild when it changes.
fn sql_source(
    cx: &Ctxt,
    ident: &syn::Ident,
    derive: &str,
    sql: &Option<LitStr>,
    file: &Option<LitStr>,
) -> Option<(String, TokenStream, proc_macro2::Span)> {
    match (sql, file) {
        (Some(s), None) => Some((s.value(), quote!(), s.span())),
        (None, Some(f)) => {
            let path = match crate::embed::resolve(f) {
                Ok(p) => p,
                Err(e) => {
                    cx.syn_error(e);
                    return None;
                }
            };
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let shown = path.display().to_string();
                    Some((
                        text,
                        quote!(
                            const _: &str = ::core::include_str!(#shown);
                        ),
                        f.span(),
                    ))
                }
                Err(e) => {
                    cx.error_spanned_by(
                        f,
                        format!(
                            "cannot read {}: {e} (the path is relative to the crate's Cargo.toml)",
                            path.display()
                        ),
                    );
                    None
                }
            }
        }
        (Some(s), Some(_)) => {
            cx.error_spanned_by(
                s,
                "give the SQL once: `sql = \"...\"` or `sql_file = \"...\"`, not both",
            );
            None
        }
        (None, None) => {
            cx.error_spanned_by(
                ident,
                format!("#[derive({derive})] needs its SQL: `sql = \"...\"`, or `sql_file = \"sql/name.sql\"` (relative to the crate's Cargo.toml)"),
            );
            None
        }
    }
}

pub fn derive_view_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let attrs = attr::view_attrs(&cx, &input.attrs);
    let ident = &input.ident;
    if !matches!(&input.data, Data::Struct(s) if matches!(s.fields, Fields::Named(_))) {
        cx.error_spanned_by(
            ident,
            format!("#[derive(View)] needs a struct whose named fields are the view's columns, and `{ident}` is not one"),
        );
    }
    crate::ast::reject_generics(&cx, &input, "View");
    let source = sql_source(&cx, ident, "View", &attrs.sql, &attrs.sql_file);
    if attrs.materialized && (attrs.security_barrier || attrs.check_option.is_some()) {
        cx.error_spanned_by(
            ident,
            "a materialized view takes neither `security_barrier` nor `check_option`: both are about reading and writing through a plain view",
        );
    }
    let columns = view_columns(&cx, &input);
    let name = attrs.name.as_ref().map_or_else(
        || crate::names::snake_case(&ident.to_string()),
        LitStr::value,
    );
    let indexes = view_indexes(&cx, ident, &attrs, &name, &columns);
    let Some((sql, watch, _)) = source.filter(|_| !cx.has_errors()) else {
        return cx.into_compile_errors();
    };
    let query = sql.trim().trim_end_matches(';').trim_end().to_string();
    let schema = attrs
        .schema
        .as_ref()
        .map_or_else(|| "public".to_string(), LitStr::value);
    let check_option = match attrs.check_option.as_ref().map(|c| c.value) {
        None => quote!(::core::option::Option::None),
        Some(attr::CheckOption::Local) => {
            quote!(::core::option::Option::Some(
                ::schema_core::model::CheckOption::Local
            ))
        }
        Some(attr::CheckOption::Cascaded) => {
            quote!(::core::option::Option::Some(
                ::schema_core::model::CheckOption::Cascaded
            ))
        }
    };
    let comment = opt_string(attrs.comment.as_ref().map(LitStr::value).as_deref());
    let (materialized, barrier) = (attrs.materialized, attrs.security_barrier);
    let (schema_s, name_s, query_s) = (string(&schema), string(&name), string(&query));
    let reading = view_reading(ident, &schema, &name, &columns);
    let grants = grants(&attrs.grants, |field| {
        columns
            .iter()
            .find(|(f, _)| f.ident.as_ref() == Some(field))
            .map(|(_, c)| c.clone())
    });
    quote! {
        const _: () = {
            #watch
            #[automatically_derived]
            impl ::schema_core::View for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                fn definition() -> ::schema_core::model::View {
                    ::schema_core::model::View {
                        schema: #schema_s,
                        name: #name_s,
                        definition: #query_s,
                        materialized: #materialized,
                        security_barrier: #barrier,
                        check_option: #check_option,
                        comment: #comment,
                        indexes: ::std::vec![#(#indexes),*],
                        depends_on: ::std::vec![],
                        columns: ::std::vec![],
                        grants: #grants,
                    }
                }
            }
            ::schema_core::__private::inventory::submit! {
                ::schema_core::__private::Registration::view::<#ident>(::core::module_path!())
            }
        };
        #reading
    }
}

/// The `index(...)` entries of a materialized view, keyed by its fields.
fn view_indexes(
    cx: &Ctxt,
    ident: &syn::Ident,
    attrs: &attr::ViewAttrs,
    view: &str,
    columns: &[(&syn::Field, String)],
) -> Vec<TokenStream> {
    if !attrs.materialized {
        if let Some(index) = attrs.indexes.first() {
            cx.error_spanned_by(
                &index.origin,
                "only a materialized view stores rows to index: add `materialized`, or index the tables the view reads",
            );
        }
        return vec![];
    }
    let named: Vec<(String, String)> = columns
        .iter()
        .filter_map(|(f, c)| Some((c.clone(), f.ident.as_ref()?.to_string())))
        .collect();
    let column_of = |wanted: &syn::Ident| {
        let found = named.iter().find(|(_, field)| *wanted == field.as_str());
        if found.is_none() {
            let fields: Vec<&str> = named.iter().map(|(_, f)| f.as_str()).collect();
            let wanted_s = wanted.to_string();
            cx.error_spanned_by(
                wanted,
                format!(
                    "`{ident}` has no field `{wanted}`{}\n  fields: {}",
                    crate::names::suggestion(&wanted_s, fields.iter().copied()),
                    fields.join(", ")
                ),
            );
        }
        found.map(|(column, _)| column.clone())
    };
    attrs
        .indexes
        .iter()
        .filter_map(|i| crate::resolve::resolve_index(cx, view, i, &named, &column_of))
        .map(|i| crate::table::index(&i))
        .collect()
}

/// Each field of a view's struct with the column it reads: its own name, or
/// `#[column(name = "...")]`.
fn view_columns<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Vec<(&'a syn::Field, String)> {
    let Data::Struct(data) = &input.data else {
        return vec![];
    };
    let mut out = Vec::new();
    for field in &data.fields {
        let Some(ident) = &field.ident else { continue };
        let mut name = None;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("column")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    let lit: LitStr = meta.value()?.parse()?;
                    name = Some(lit.value());
                    Ok(())
                } else {
                    Err(meta.error("a view's field takes only `name = \"column\"`: the rest of a column is its query's"))
                }
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }
        let column = name.unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
        out.push((field, column));
    }
    out
}

/// `from_row` and `select` over the view's columns, with the query feature.
fn view_reading(
    ident: &syn::Ident,
    schema: &str,
    name: &str,
    columns: &[(&syn::Field, String)],
) -> TokenStream {
    let qualified = format!("{schema}.{name}");
    let fields = columns
        .iter()
        .map(|(f, _)| f.ident.as_ref().expect("named field"));
    let reads = columns.iter().map(|(f, column)| {
        let ty = &f.ty;
        quote::quote_spanned!(syn::spanned::Spanned::span(ty)=> <#ty as q::QueryValue>::get(row, #qualified, #column, &::std::string::String::new)?)
    });
    let names = columns.iter().map(|(_, column)| column);
    quote! {
        ::schema_core::__if_query! {
            const _: () = {
                use ::schema_core::query::{self as q, sea_query};

                #[automatically_derived]
                impl #ident {
                    /// Reads every column of `row` by name.
                    #[inline] pub fn from_row(row: &q::Row) -> ::core::result::Result<Self, q::RowError> {
                        ::core::result::Result::Ok(Self { #( #fields: #reads, )* })
                    }

                    /// `SELECT` of every column of the view, ready for `from_row`.
                    pub fn select() -> sea_query::SelectStatement {
                        let mut statement = sea_query::Query::select();
                        statement
                            .columns([#( sea_query::Alias::new(#names) ),*])
                            .from(q::table_name(#schema, #name));
                        statement
                    }
                }

                #[automatically_derived]
                impl ::core::convert::TryFrom<&q::Row> for #ident {
                    type Error = q::RowError;
                    #[inline] fn try_from(row: &q::Row) -> ::core::result::Result<Self, q::RowError> {
                        Self::from_row(row)
                    }
                }
            };
        }
    }
}

pub fn derive_function_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let attrs: FunctionAttrs = attr::function_attrs(&cx, &input.attrs);
    let ident = &input.ident;
    crate::ast::reject_generics(&cx, &input, "Function");
    let source = sql_source(&cx, ident, "Function", &attrs.sql, &attrs.sql_file);
    let header = source
        .as_ref()
        .and_then(|(sql, _, span)| match parse_header(sql) {
            Ok(h) => Some(h),
            Err(why) => {
                cx.error_at(*span, why);
                None
            }
        });
    let (Some((_, watch, _)), Some(h)) = (source.as_ref(), header) else {
        return cx.into_compile_errors();
    };
    if cx.has_errors() {
        return cx.into_compile_errors();
    }
    let returns = if h.procedure {
        quote!(::core::option::Option::None)
    } else {
        quote!(::core::option::Option::Some(::std::string::String::new()))
    };
    let comment = opt_string(attrs.comment.as_ref().map(LitStr::value).as_deref());
    let (schema, name) = (&h.schema, &h.name);
    let (schema_s, name_s) = (string(schema), string(name));
    let identity = string(&h.arguments);
    let definition = string(&h.definition);
    let public_execute = !attrs.private;
    let grants = grants(&attrs.grants, |_| None);
    quote! {
        const _: () = {
            #watch
            #[automatically_derived]
            impl ::schema_core::Function for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                fn definition() -> ::schema_core::model::Function {
                    ::schema_core::model::Function {
                        schema: #schema_s,
                        name: #name_s,
                        identity: #identity,
                        arguments: #identity,
                        returns: #returns,
                        definition: #definition,
                        comment: #comment,
                        public_execute: #public_execute,
                        grants: #grants,
                    }
                }
            }
            ::schema_core::__private::inventory::submit! {
                ::schema_core::__private::Registration::function::<#ident>(::core::module_path!())
            }
        };
    }
}

pub fn derive_domain_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let attrs = attr::domain_attrs(&cx, &input.attrs);
    let ident = &input.ident;
    crate::ast::reject_generics(&cx, &input, "Domain");
    let Some(base) = attrs.sql_type.as_ref() else {
        cx.error_spanned_by(
            ident,
            "#[derive(Domain)] needs the type it restricts: `#[domain(sql_type = \"integer\")]`",
        );
        return cx.into_compile_errors();
    };
    if cx.has_errors() {
        return cx.into_compile_errors();
    }
    let (schema, name) = object_name(ident, attrs.schema.as_ref(), attrs.name.as_ref());
    let mut checks: Vec<(String, String)> = attrs
        .checks
        .iter()
        .filter_map(|c| Some((c.name.as_ref()?.value(), c.expr.as_ref()?.value())))
        .collect();
    checks.sort();
    let checks = checks.iter().map(|(n, e)| {
        let (n, e) = (string(n), string(e));
        quote! { ::schema_core::model::Check { name: #n, expression: #e } }
    });
    let default = opt_string(attrs.default_sql.as_ref().map(LitStr::value).as_deref());
    let comment = opt_string(attrs.comment.as_ref().map(LitStr::value).as_deref());
    let not_null = attrs.not_null;
    let (schema_s, name_s) = (string(&schema), string(&name));
    let sql_type = format!("{}.{}", quote(&schema), quote(&name));
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schema_core::Domain for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                const SQL_TYPE: &'static str = #sql_type;
                fn definition() -> ::schema_core::model::Domain {
                    ::schema_core::model::Domain {
                        schema: #schema_s,
                        name: #name_s,
                        base: ::schema_core::SqlType::parse(#base),
                        default: #default,
                        not_null: #not_null,
                        checks: ::std::vec![#(#checks),*],
                        comment: #comment,
                    }
                }
            }
            ::schema_core::__private::inventory::submit! {
                ::schema_core::__private::Registration::domain::<#ident>(::core::module_path!())
            }
        };
    }
}

pub fn derive_sequence_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let attrs = attr::sequence_attrs(&cx, &input.attrs);
    let ident = &input.ident;
    crate::ast::reject_generics(&cx, &input, "Sequence");
    let data_type = sequence_type(&cx, attrs.sql_type.as_ref());
    check_sequence(&cx, &attrs, data_type);
    let owner = attrs
        .owned_by
        .as_ref()
        .and_then(|p| crate::resolve::split_reference(&cx, p, "owned_by"));
    if cx.has_errors() {
        return cx.into_compile_errors();
    }
    let (schema, name) = object_name(ident, attrs.schema.as_ref(), attrs.name.as_ref());
    let value = |v: &Option<crate::attr::Spanned<i64>>| v.as_ref().map(|v| v.value);
    let optional = |v: Option<i64>| match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let increment = value(&attrs.increment).unwrap_or(1);
    let cache = value(&attrs.cache).unwrap_or(1);
    let (min, max, start) = (
        optional(value(&attrs.min_value)),
        optional(value(&attrs.max_value)),
        optional(value(&attrs.start)),
    );
    let cycle = attrs.cycle;
    let ty = syn::Ident::new(data_type.variant, proc_macro2::Span::call_site());
    let owned_by = match &owner {
        Some((table, field)) => quote! {
            ::core::option::Option::Some(::schema_core::model::SequenceOwner {
                table: ::schema_core::model::QualifiedName::new(
                    <#table as ::schema_core::Table>::SCHEMA,
                    <#table as ::schema_core::Table>::NAME,
                ),
                column: ::std::string::String::from(
                    <#table as ::schema_core::Table>::COLUMNS.#field.name(),
                ),
            })
        },
        None => quote!(::core::option::Option::None),
    };
    let comment = opt_string(attrs.comment.as_ref().map(LitStr::value).as_deref());
    let grants = grants(&attrs.grants, |_| None);
    let (schema_s, name_s) = (string(&schema), string(&name));
    let nextval = format!(
        "nextval('{}'::regclass)",
        format!("{}.{}", regclass_part(&schema), regclass_part(&name)).replace('\'', "''")
    );
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schema_core::Sequence for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                const NEXTVAL: &'static str = #nextval;
                fn definition() -> ::schema_core::model::Sequence {
                    ::schema_core::model::Sequence {
                        schema: #schema_s,
                        name: #name_s,
                        data_type: ::schema_core::model::SequenceType::#ty,
                        increment: #increment,
                        min_value: #min,
                        max_value: #max,
                        start: #start,
                        cache: #cache,
                        cycle: #cycle,
                        owned_by: #owned_by,
                        comment: #comment,
                        grants: #grants,
                    }
                }
            }
            ::schema_core::__private::inventory::submit! {
                ::schema_core::__private::Registration::sequence::<#ident>(::core::module_path!())
            }
        };
    }
}

/// An object's namespace and name: as given, else `public` and the struct's
/// name in snake_case.
fn object_name(
    ident: &syn::Ident,
    schema: Option<&LitStr>,
    name: Option<&LitStr>,
) -> (String, String) {
    let name = name.map_or_else(
        || crate::names::snake_case(&ident.to_string()),
        LitStr::value,
    );
    let schema = schema.map_or_else(|| "public".to_string(), LitStr::value);
    (schema, name)
}

/// A sequence's integer type: its model variant and range.
#[derive(Clone, Copy)]
struct SequenceType {
    variant: &'static str,
    least: i64,
    greatest: i64,
}

const BIGINT: SequenceType = SequenceType {
    variant: "Bigint",
    least: i64::MIN,
    greatest: i64::MAX,
};

/// `smallint`, `integer` or `bigint` (and their other spellings); the default
/// is `bigint`.
fn sequence_type(cx: &Ctxt, lit: Option<&LitStr>) -> SequenceType {
    let Some(lit) = lit else { return BIGINT };
    match lit.value().trim().to_ascii_lowercase().as_str() {
        "smallint" | "int2" => SequenceType {
            variant: "Smallint",
            least: i16::MIN.into(),
            greatest: i16::MAX.into(),
        },
        "integer" | "int" | "int4" => SequenceType {
            variant: "Integer",
            least: i32::MIN.into(),
            greatest: i32::MAX.into(),
        },
        "bigint" | "int8" => BIGINT,
        other => {
            cx.error_spanned_by(
                lit,
                format!("a sequence counts in `smallint`, `integer` or `bigint`, not `{other}`"),
            );
            BIGINT
        }
    }
}

/// What Postgres refuses in `CREATE SEQUENCE`, caught at compile time: an
/// increment of 0, a cache below 1, bounds outside the type or the wrong way
/// round, a start outside the bounds.
fn check_sequence(cx: &Ctxt, a: &crate::attr::SequenceItemAttrs, ty: SequenceType) {
    if let Some(inc) = a.increment.as_ref().filter(|i| i.value == 0) {
        cx.error_spanned_by(&inc.tokens, "a sequence's `increment` cannot be 0");
    }
    if let Some(cache) = a.cache.as_ref().filter(|c| c.value < 1) {
        cx.error_spanned_by(&cache.tokens, "a sequence's `cache` is at least 1");
    }
    for v in [&a.min_value, &a.max_value, &a.start].into_iter().flatten() {
        if v.value < ty.least || v.value > ty.greatest {
            cx.error_spanned_by(
                &v.tokens,
                format!(
                    "{} is outside the range of the sequence's type ({}..={}); set `sql_type = \"bigint\"` or a value in range",
                    v.value, ty.least, ty.greatest
                ),
            );
        }
    }
    let descending = a.increment.as_ref().is_some_and(|i| i.value < 0);
    let min = a
        .min_value
        .as_ref()
        .map_or(if descending { ty.least } else { 1 }, |v| v.value);
    let max = a
        .max_value
        .as_ref()
        .map_or(if descending { -1 } else { ty.greatest }, |v| v.value);
    if min >= max {
        let at = a.min_value.as_ref().or(a.max_value.as_ref());
        if let Some(at) = at {
            cx.error_spanned_by(
                &at.tokens,
                format!("the sequence's minimum ({min}) must be less than its maximum ({max})"),
            );
        }
        return;
    }
    if let Some(start) = a.start.as_ref().filter(|s| s.value < min || s.value > max) {
        cx.error_spanned_by(
            &start.tokens,
            format!(
                "`start` ({}) must lie within the sequence's bounds, {min}..={max}",
                start.value
            ),
        );
    }
}

/// A name as it stands in a `regclass` literal Postgres prints: bare when it
/// is a plain lower-case identifier, else in double quotes.
fn regclass_part(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain {
        name.to_string()
    } else {
        quote(name)
    }
}

/// What the head of a `CREATE [OR REPLACE] {FUNCTION | PROCEDURE} [schema.]name (args)`
/// statement says, and the statement with its name qualified and quoted.
#[derive(Debug, PartialEq)]
struct Header {
    schema: String,
    name: String,
    procedure: bool,
    /// The argument list as written (the database says what it means).
    arguments: String,
    definition: String,
}

fn parse_header(sql: &str) -> Result<Header, String> {
    const FORM: &str = "the SQL must be one `CREATE [OR REPLACE] FUNCTION name(args) ...` or `CREATE [OR REPLACE] PROCEDURE name(args) ...` statement";
    let text = without_leading_comments(sql);
    let mut rest = text;
    let mut word = |expected: &[&str]| -> Option<String> {
        let trimmed = rest.trim_start();
        let end = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        let w = trimmed[..end].to_ascii_lowercase();
        if expected.contains(&w.as_str()) {
            rest = &trimmed[end..];
            Some(w)
        } else {
            None
        }
    };
    word(&["create"]).ok_or(FORM)?;
    if word(&["or"]).is_some() {
        word(&["replace"]).ok_or(FORM)?;
    }
    let kind = word(&["function", "procedure"]).ok_or(FORM)?;
    let after_kind = text.len() - rest.len();
    let (first, len1) = ident(rest.trim_start()).ok_or(FORM)?;
    let skipped = rest.len() - rest.trim_start().len();
    let mut consumed = skipped + len1;
    let (schema, name) = match rest[consumed..].strip_prefix('.') {
        Some(after) => {
            let (second, len2) = ident(after).ok_or(FORM)?;
            consumed += 1 + len2;
            (first, second)
        }
        None => ("public".to_string(), first),
    };
    let tail = &rest[consumed..];
    let open = tail.trim_start();
    if !open.starts_with('(') {
        return Err(format!(
            "{FORM}: the name must be followed by its argument list in parentheses"
        ));
    }
    let close =
        matching_paren(open).ok_or_else(|| format!("{FORM}: the argument list is not closed"))?;
    let arguments = open[1..close].trim().to_string();
    let qualified = format!("{}.{}", quote(&schema), quote(&name));
    let definition = format!(
        "CREATE OR REPLACE {} {qualified}{}",
        kind.to_ascii_uppercase(),
        &text[after_kind + consumed..]
    )
    .trim_end()
    .trim_end_matches(';')
    .to_string();
    Ok(Header {
        schema,
        name,
        procedure: kind == "procedure",
        arguments,
        definition,
    })
}

/// `sql` from its first token on: leading blanks, `-- ...` lines and
/// `/* ... */` comments are skipped.
fn without_leading_comments(sql: &str) -> &str {
    let mut rest = sql.trim_start();
    loop {
        if let Some(line) = rest.strip_prefix("--") {
            rest = line.find('\n').map_or("", |i| &line[i + 1..]).trim_start();
        } else if let Some(block) = rest.strip_prefix("/*") {
            rest = block
                .find("*/")
                .map_or("", |i| &block[i + 2..])
                .trim_start();
        } else {
            return rest;
        }
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// An identifier at the start of `s` as Postgres reads it (unquoted ones folded
/// to lower case), and its length.
fn ident(s: &str) -> Option<(String, usize)> {
    if let Some(q) = s.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = q.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if matches!(chars.peek(), Some((_, '"'))) {
                    chars.next();
                    name.push('"');
                } else {
                    return Some((name, i + 2));
                }
            } else {
                name.push(c);
            }
        }
        return None;
    }
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(s.len());
    (end > 0 && !s.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| (s[..end].to_lowercase(), end))
}

/// The position of the `)` closing the `(` that `s` starts with.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0;
    let mut quoted = None;
    for (i, c) in s.char_indices() {
        match (quoted, c) {
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quoted = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_and_qualified() {
        let h = parse_header("-- keeps it fresh\n/* really */ create function set_updated_at() returns trigger language plpgsql as $$ begin return new; end $$;").unwrap();
        assert_eq!(
            (h.schema.as_str(), h.name.as_str()),
            ("public", "set_updated_at")
        );
        assert_eq!(
            h.definition,
            "CREATE OR REPLACE FUNCTION \"public\".\"set_updated_at\"() returns trigger language plpgsql as $$ begin return new; end $$"
        );
        let h = parse_header("CREATE OR REPLACE PROCEDURE Auth.\"Do It\" (x int DEFAULT (1), y text) LANGUAGE sql AS 'SELECT 1'").unwrap();
        assert_eq!((h.schema.as_str(), h.name.as_str()), ("auth", "Do It"));
        assert!(h.procedure);
        assert_eq!(h.arguments, "x int DEFAULT (1), y text");
        assert!(parse_header("CREATE VIEW v AS SELECT 1").is_err());
        assert!(parse_header("CREATE FUNCTION f RETURNS int").is_err());
    }
}

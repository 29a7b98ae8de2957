//! The model as Rust items: one `#[derive(Enum)]` per enum type and one
//! `#[derive(Table)]` struct per table, with exactly the attributes that make
//! the derive give the same model back. Built as tokens; `mod.rs` formats them.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use schema_core::model::{
    CheckOption, Deferrable, Domain, EnumType, FkAction, ForeignKey, Function, IdentityKind, Index,
    IndexTarget, NullsOrder, Policy, PolicyCommand, QualifiedName, Sequence, SequenceType,
    SortOrder, Table, View,
};
use schema_core::Schema;

use super::defaults;
use super::grants;
use super::names::{self, Scope};
use super::types::{self, EnumPaths, Imports, Mapped};

/// Everything shared while rendering the modules of one schema.
pub struct Context<'a> {
    pub schema: &'a Schema,
    /// Namespace to module name.
    pub modules: BTreeMap<String, String>,
    pub enums: EnumPaths,
    /// Table to (module, struct name).
    pub structs: BTreeMap<QualifiedName, (String, String)>,
    /// Table to its columns' field names, by column name.
    pub fields: BTreeMap<QualifiedName, BTreeMap<String, String>>,
    /// What could not be said exactly, for stderr and the module docs.
    pub notes: Vec<String>,
    /// View to its struct name.
    pub views: BTreeMap<QualifiedName, String>,
    /// Function (name and identity arguments) to its struct name.
    pub functions: BTreeMap<(QualifiedName, String), String>,
    /// Domain to its struct name.
    pub domains: BTreeMap<QualifiedName, String>,
    /// Sequence to its struct name.
    pub sequences: BTreeMap<QualifiedName, String>,
}

/// One module's items and the imports they need.
pub struct ModuleItems {
    pub items: Vec<TokenStream>,
    pub imports: Imports,
    pub uses_table: bool,
    pub uses_enum: bool,
    pub uses_view: bool,
    pub uses_function: bool,
    pub uses_domain: bool,
    pub uses_sequence: bool,
}

/// Assigns every Rust name up front (modules, enums, variants, structs,
/// fields), so items can refer to each other in any order.
pub fn context(schema: &Schema) -> Context<'_> {
    let mut module_scope = Scope::default();
    // `mod.rs` is the root file: no namespace module may be called `mod`.
    module_scope.take("mod");
    let mut modules = BTreeMap::new();
    for ns in schema.namespaces() {
        let base = if names::is_field_like(&ns) && names::usable(&ns) {
            ns.clone()
        } else {
            names::snake(&ns, "ns")
        };
        let base = if names::usable(&base) {
            base
        } else {
            format!("{base}_ns")
        };
        let name = module_scope.claim(&base, "_", |s, c| s.is_free(c));
        modules.insert(ns, name);
    }
    let mut type_scopes: BTreeMap<String, Scope> = BTreeMap::new();
    let mut enums = EnumPaths::default();
    for e in &schema.enums {
        let module = modules[&e.schema].clone();
        let scope = type_scopes
            .entry(module.clone())
            .or_insert_with(Scope::for_types);
        let name = scope.claim(&names::pascal(&e.name, "E"), "", |s, c| s.is_free(c));
        enums
            .by_name
            .insert(e.qualified_name(), (module.clone(), name));
        enums.variants.insert(e.qualified_name(), variants(e));
    }
    let mut structs = BTreeMap::new();
    let mut fields = BTreeMap::new();
    for t in &schema.tables {
        let module = modules[&t.schema].clone();
        let scope = type_scopes
            .entry(module.clone())
            .or_insert_with(Scope::for_types);
        let name = scope.claim(&names::pascal(&t.name, "T"), "", |s, c| {
            derived_names(c).iter().all(|n| s.is_free(n))
        });
        for n in derived_names(&name) {
            scope.take(&n);
        }
        structs.insert(t.qualified_name(), (module, name));
        fields.insert(t.qualified_name(), field_names(t));
    }
    let mut views = BTreeMap::new();
    for v in &schema.views {
        let scope = type_scopes
            .entry(modules[&v.schema].clone())
            .or_insert_with(Scope::for_types);
        let name = scope.claim(&names::pascal(&v.name, "V"), "", |s, c| s.is_free(c));
        views.insert(v.qualified_name(), name);
    }
    let mut domains = BTreeMap::new();
    for d in &schema.domains {
        let scope = type_scopes
            .entry(modules[&d.schema].clone())
            .or_insert_with(Scope::for_types);
        let name = scope.claim(&names::pascal(&d.name, "D"), "", |s, c| s.is_free(c));
        domains.insert(d.qualified_name(), name);
    }
    let mut sequences = BTreeMap::new();
    for q in &schema.sequences {
        let scope = type_scopes
            .entry(modules[&q.schema].clone())
            .or_insert_with(Scope::for_types);
        let name = scope.claim(&names::pascal(&q.name, "S"), "", |s, c| s.is_free(c));
        sequences.insert(q.qualified_name(), name);
    }
    let mut functions = BTreeMap::new();
    for f in &schema.functions {
        let scope = type_scopes
            .entry(modules[&f.schema].clone())
            .or_insert_with(Scope::for_types);
        let name = scope.claim(&names::pascal(&f.name, "F"), "", |s, c| s.is_free(c));
        functions.insert((f.qualified_name(), f.identity.clone()), name);
    }
    Context {
        schema,
        modules,
        enums,
        structs,
        fields,
        notes: Vec::new(),
        views,
        functions,
        domains,
        sequences,
    }
}

/// The type names the derive makes for a struct `name`.
fn derived_names(name: &str) -> [String; 4] {
    [
        name.to_string(),
        format!("{name}Columns"),
        format!("{name}Column"),
        format!("{name}Table"),
    ]
}

/// Each label with its variant name.
fn variants(e: &EnumType) -> Vec<(String, String)> {
    let mut scope = Scope::for_types();
    e.values
        .iter()
        .map(|label| {
            let v = scope.claim(&names::pascal(label, "V"), "", |s, c| s.is_free(c));
            (label.clone(), v)
        })
        .collect()
}

/// Each column's field name, unique, with a unique column-enum variant too.
fn field_names(t: &Table) -> BTreeMap<String, String> {
    let mut fields = Scope::default();
    let mut variants = Scope::default();
    let mut out = BTreeMap::new();
    for c in &t.columns {
        let base = if names::is_field_like(&c.name) && names::usable(&c.name) {
            c.name.clone()
        } else {
            names::snake(&c.name, "c")
        };
        let base = if names::usable(&base) {
            base
        } else {
            format!("{base}_")
        };
        let field = fields.claim(&base, "_", |s, cand| {
            s.is_free(cand) && variants.is_free(&names::column_variant(cand))
        });
        variants.take(&names::column_variant(&field));
        out.insert(c.name.clone(), field);
    }
    out
}

impl Context<'_> {
    /// The items of one namespace's module.
    pub fn module(&mut self, namespace: &str) -> ModuleItems {
        let module = self.modules[namespace].clone();
        let mut imports = Imports::default();
        let mut items = Vec::new();
        let schema = self.schema;
        let enums: Vec<&EnumType> = schema
            .enums
            .iter()
            .filter(|e| e.schema == namespace)
            .collect();
        let tables: Vec<&Table> = schema
            .tables
            .iter()
            .filter(|t| t.schema == namespace)
            .collect();
        items.extend(grants::namespace_grants(schema, namespace));
        for e in &enums {
            items.push(self.enum_item(e));
        }
        let domains: Vec<&Domain> = schema
            .domains
            .iter()
            .filter(|d| d.schema == namespace)
            .collect();
        for d in &domains {
            items.push(self.domain_item(d));
        }
        for t in &tables {
            items.push(self.table_item(t, &module, &mut imports));
        }
        let sequences: Vec<&Sequence> = schema
            .sequences
            .iter()
            .filter(|q| q.schema == namespace)
            .collect();
        for q in &sequences {
            items.push(self.sequence_item(q, &module));
        }
        let functions: Vec<&Function> = schema
            .functions
            .iter()
            .filter(|f| f.schema == namespace)
            .collect();
        for f in &functions {
            items.push(self.function_item(f));
        }
        let views: Vec<&View> = schema
            .views
            .iter()
            .filter(|v| v.schema == namespace)
            .collect();
        for v in &views {
            items.push(self.view_item(v, &module, &mut imports));
        }
        ModuleItems {
            items,
            imports,
            uses_table: !tables.is_empty(),
            uses_enum: !enums.is_empty(),
            uses_view: !views.is_empty(),
            uses_function: !functions.is_empty(),
            uses_domain: !domains.is_empty(),
            uses_sequence: !sequences.is_empty(),
        }
    }

    /// `#[derive(Sequence)]` with the options that are not the default, and
    /// `owned_by` the owning table's field when that table is pulled too.
    fn sequence_item(&mut self, q: &Sequence, module: &str) -> TokenStream {
        let rust = &self.sequences[&q.qualified_name()];
        let ident = names::ident(rust);
        let mut attrs = Vec::new();
        if !(names::is_plain_snake(&q.name) && *rust == names::pascal(&q.name, "S")) {
            let name = &q.name;
            attrs.push(quote!(name = #name));
        }
        if q.schema != "public" {
            let schema = &q.schema;
            attrs.push(quote!(schema = #schema));
        }
        if q.data_type != SequenceType::Bigint {
            let ty = q.data_type.sql();
            attrs.push(quote!(sql_type = #ty));
        }
        let int = |n: i64| {
            let lit = proc_macro2::Literal::i64_unsuffixed(n.unsigned_abs() as i64);
            if n < 0 {
                quote!(-#lit)
            } else {
                quote!(#lit)
            }
        };
        let mut number = |key: &str, n: Option<i64>| {
            if let Some(n) = n {
                let key = names::ident(key);
                let n = if n == i64::MIN {
                    quote!(-9223372036854775808)
                } else {
                    int(n)
                };
                attrs.push(quote!(#key = #n));
            }
        };
        number("increment", (q.increment != 1).then_some(q.increment));
        number("min_value", q.min_value);
        number("max_value", q.max_value);
        number("start", q.start);
        number("cache", (q.cache != 1).then_some(q.cache));
        if q.cycle {
            attrs.push(quote!(cycle));
        }
        if let Some(owner) = &q.owned_by {
            match self.fields.get(&owner.table).and_then(|f| f.get(&owner.column)) {
                Some(field) if self.structs.contains_key(&owner.table) => {
                    let path = self.struct_path(&owner.table, module);
                    let field = names::ident(field);
                    attrs.push(quote!(owned_by = #path::#field));
                }
                _ => self.notes.push(format!(
                    "sequence {}.{} is owned by {}.{}.{}, a table not pulled: its `owned_by` is left out",
                    q.schema, q.name, owner.table.schema, owner.table.name, owner.column
                )),
            }
        }
        if let Some(comment) = &q.comment {
            attrs.push(quote!(comment = #comment));
        }
        attrs.extend(grants::grant_attrs(&q.grants, &names::ident));
        let doc =
            format!(
            " The sequence `{}.{}`: a column draws from it with `default_sql = \"nextval('{}')\"`.",
            q.schema,
            q.name,
            if q.schema == "public" { q.name.clone() } else { format!("{}.{}", q.schema, q.name) }
        );
        let sequence = if attrs.is_empty() {
            quote!()
        } else {
            attributes("sequence", &attrs, 0)
        };
        quote! {
            #[doc = #doc]
            #[derive(Sequence)]
            #sequence
            pub struct #ident;
        }
    }

    fn domain_item(&self, d: &Domain) -> TokenStream {
        let rust = &self.domains[&d.qualified_name()];
        let ident = names::ident(rust);
        let mut attrs = Vec::new();
        if !(names::is_plain_snake(&d.name) && *rust == names::pascal(&d.name, "D")) {
            let name = &d.name;
            attrs.push(quote!(name = #name));
        }
        if d.schema != "public" {
            let schema = &d.schema;
            attrs.push(quote!(schema = #schema));
        }
        let base = d.base.to_string();
        attrs.push(quote!(sql_type = #base));
        if let Some(default) = &d.default {
            attrs.push(quote!(default_sql = #default));
        }
        if d.not_null {
            attrs.push(quote!(not_null));
        }
        for c in &d.checks {
            let (name, expr) = (&c.name, unwrap_parens(&c.expression));
            attrs.push(quote!(check(name = #name, expr = #expr)));
        }
        if let Some(comment) = &d.comment {
            attrs.push(quote!(comment = #comment));
        }
        let doc = format!(
            " The domain `{}.{}`: a column of it says `sql_type = {:?}`.",
            d.schema,
            d.name,
            d.qualified_name().to_string()
        );
        let domain = attributes("domain", &attrs, 0);
        quote! {
            #[doc = #doc]
            #[derive(Domain)]
            #domain
            pub struct #ident;
        }
    }

    fn function_item(&self, f: &Function) -> TokenStream {
        let rust = &self.functions[&(f.qualified_name(), f.identity.clone())];
        let ident = names::ident(rust);
        let sql = sql_literal(&f.definition);
        let mut more = Vec::new();
        if let Some(c) = &f.comment {
            more.push(quote!(comment = #c));
        }
        if !f.public_execute {
            more.push(quote!(private));
        }
        more.extend(grants::grant_attrs(&f.grants, &names::ident));
        let more = (!more.is_empty()).then(|| attributes("function", &more, 0));
        let doc = format!(" `{}`, pulled from the database.", f.signature());
        quote! {
            #[doc = #doc]
            #[derive(Function)]
            #[function(sql = #sql)]
            #more
            pub struct #ident;
        }
    }

    fn view_item(&mut self, v: &View, module: &str, imports: &mut Imports) -> TokenStream {
        let ident = names::ident(&self.views[&v.qualified_name()]);
        let mut attrs = Vec::new();
        if !(names::is_plain_snake(&v.name)
            && *self.views[&v.qualified_name()] == names::pascal(&v.name, "V"))
        {
            let name = &v.name;
            attrs.push(quote!(name = #name));
        }
        if v.schema != "public" {
            let schema = &v.schema;
            attrs.push(quote!(schema = #schema));
        }
        if v.materialized {
            attrs.push(quote!(materialized));
        }
        if v.security_barrier {
            attrs.push(quote!(security_barrier));
        }
        match v.check_option {
            Some(CheckOption::Local) => attrs.push(quote!(check_option = "local")),
            Some(CheckOption::Cascaded) => attrs.push(quote!(check_option = "cascaded")),
            None => {}
        }
        if let Some(comment) = &v.comment {
            attrs.push(quote!(comment = #comment));
        }
        let sql = sql_literal(&v.definition);
        attrs.push(quote!(sql = #sql));
        let mut scope = Scope::default();
        let field_names: Vec<String> = v
            .columns
            .iter()
            .map(|c| {
                let base = if names::is_field_like(&c.name) && names::usable(&c.name) {
                    c.name.clone()
                } else {
                    names::snake(&c.name, "c")
                };
                scope.claim(&base, "_", |s, cand| s.is_free(cand))
            })
            .collect();
        let field_of = |column: &str| {
            let at = v.columns.iter().position(|c| c.name == column);
            names::ident(at.map_or(column, |k| field_names[k].as_str()))
        };
        for index in &v.indexes {
            attrs.push(index_attr(&v.name, index, &field_of));
        }
        attrs.extend(grants::grant_attrs(&v.grants, &field_of));
        let fields = v.columns.iter().zip(&field_names).map(|(c, field)| {
            let mapped = types::map(&c.ty, module, &self.enums, imports);
            let ty = mapped.ty;
            let name = names::ident(field);
            let rename = (*field.trim_start_matches("r#") != c.name).then(|| {
                let n = &c.name;
                quote!(#[column(name = #n)])
            });
            quote!(#rename pub #name: Option<#ty>)
        });
        let view = attributes("view", &attrs, 0);
        let doc = format!(
            " The {} `{}.{}`: read rows with `{}::from_row` after `{}::select()`.",
            v.kind(),
            v.schema,
            v.name,
            self.views[&v.qualified_name()],
            self.views[&v.qualified_name()]
        );
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, View)]
            #view
            // Its fields are read only once code reads the view.
            #[allow(dead_code)]
            pub struct #ident {
                #(#fields,)*
            }
        }
    }

    fn enum_item(&self, e: &EnumType) -> TokenStream {
        let (_, rust) = &self.enums.by_name[&e.qualified_name()];
        let ident = names::ident(rust);
        let mut attrs = Vec::new();
        if !(names::is_plain_snake(&e.name) && *rust == names::pascal(&e.name, "E")) {
            let name = &e.name;
            attrs.push(quote!(name = #name));
        }
        if e.schema != "public" {
            let schema = &e.schema;
            attrs.push(quote!(schema = #schema));
        }
        if let Some(comment) = &e.comment {
            attrs.push(quote!(comment = #comment));
        }
        let enum_type = (!attrs.is_empty()).then(|| quote!(#[enum_type(#(#attrs),*)]));
        let variants = self.enums.variants[&e.qualified_name()]
            .iter()
            .map(|(label, v)| {
                let ident = names::ident(v);
                let rename = (!(names::is_plain_snake(label) && *v == names::pascal(label, "V")))
                    .then(|| quote!(#[enum_value(name = #label)]));
                quote!(#rename #ident)
            });
        let lint = shares_a_word(rust, &self.enums.variants[&e.qualified_name()])
            .then(|| quote!(#[allow(clippy::enum_variant_names)]));
        quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
            #enum_type
            #lint
            pub enum #ident {
                #(#variants,)*
            }
        }
    }

    fn table_item(&mut self, t: &Table, module: &str, imports: &mut Imports) -> TokenStream {
        let (_, rust) = &self.structs[&t.qualified_name()];
        let ident = names::ident(rust);
        let fields = self.fields[&t.qualified_name()].clone();
        let field = |c: &str| names::ident(&fields[c]);
        let mut table_attrs: Vec<TokenStream> = Vec::new();
        if !(names::is_plain_snake(&t.name) && *rust == names::pascal(&t.name, "T")) {
            let name = &t.name;
            table_attrs.push(quote!(name = #name));
        }
        if t.schema != "public" {
            let schema = &t.schema;
            table_attrs.push(quote!(schema = #schema));
        }
        let mut column_attrs: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
        // Primary key.
        if let Some(pk) = &t.primary_key {
            if let [only] = pk.columns.as_slice() {
                column_attrs
                    .entry(only)
                    .or_default()
                    .push(quote!(primary_key));
            } else {
                let cols = pk.columns.iter().map(|c| field(c));
                table_attrs.push(quote!(primary_key = [#(#cols),*]));
            }
            if pk.name != format!("{}_pkey", t.name) {
                let name = &pk.name;
                table_attrs.push(quote!(primary_key_name = #name));
            }
        }
        // Uniques.
        for u in &t.uniques {
            let default = default_name(&t.name, &u.columns, "key");
            match u.columns.as_slice() {
                [only] if u.name == default && !u.nulls_not_distinct => {
                    column_attrs.entry(only).or_default().push(quote!(unique));
                }
                cols => {
                    let cols = cols.iter().map(|c| field(c));
                    let name = (u.name != default).then(|| {
                        let n = &u.name;
                        quote!(, name = #n)
                    });
                    let nnd = u.nulls_not_distinct.then(|| quote!(, nulls_not_distinct));
                    table_attrs.push(quote!(unique(columns = [#(#cols),*] #name #nnd)));
                }
            }
        }
        // Indexes.
        for i in &t.indexes {
            if let Some(column) = simple_index(t, i) {
                column_attrs.entry(column).or_default().push(quote!(index));
            } else {
                table_attrs.push(index_attr(&t.name, i, &field));
            }
        }
        // Foreign keys.
        for fk in &t.foreign_keys {
            match self.column_reference(t, fk, module) {
                Some((column, tokens)) => column_attrs.entry(column).or_default().extend(tokens),
                None => table_attrs.push(self.foreign_key_attr(t, fk, module, &field)),
            }
        }
        for check in &t.checks {
            let (name, expr) = (&check.name, unwrap_parens(&check.expression));
            table_attrs.push(quote!(check(name = #name, expr = #expr)));
        }
        match (t.row_security.enabled, t.row_security.forced) {
            (true, false) => table_attrs.push(quote!(row_security)),
            (true, true) => table_attrs.push(quote!(row_security = "forced")),
            (false, true) => self.notes.push(format!(
                "{}.{}: row level security is forced but not enabled, which the code cannot say (it says enabled, or enabled and forced)",
                t.schema, t.name
            )),
            (false, false) => {}
        }
        for p in &t.policies {
            table_attrs.push(policy_attr(p));
        }
        for x in &t.exclusions {
            let (name, sql) = (&x.name, sql_literal(&x.definition));
            table_attrs.push(quote!(exclude(name = #name, sql = #sql)));
        }
        for tr in &t.triggers {
            let (name, sql) = (&tr.name, sql_literal(&tr.definition));
            table_attrs.push(quote!(trigger(name = #name, sql = #sql)));
        }
        table_attrs.extend(grants::grant_attrs(&t.grants, &field));
        if let Some(key) = &t.partition_by {
            table_attrs.push(quote!(partition_by = #key));
        }
        // Partitions elsewhere say so once for all (the same `schema = ...`
        // in each would read as a repeated attribute).
        let mut elsewhere: BTreeMap<&str, usize> = BTreeMap::new();
        for part in t.partitions.iter().filter(|p| p.schema != t.schema) {
            *elsewhere.entry(part.schema.as_str()).or_default() += 1;
        }
        let partition_schema = elsewhere
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(s, _)| s.to_string());
        if let Some(s) = &partition_schema {
            table_attrs.push(quote!(partition_schema = #s));
        }
        for part in &t.partitions {
            let name = &part.name;
            let at = partition_schema.as_deref().unwrap_or(&t.schema);
            let schema = (part.schema != at).then(|| {
                let s = &part.schema;
                quote!(, schema = #s)
            });
            let bound = if part.bound == "DEFAULT" {
                quote!(default)
            } else {
                let b = part
                    .bound
                    .strip_prefix("FOR VALUES ")
                    .unwrap_or(&part.bound);
                quote!(bound = #b)
            };
            table_attrs.push(quote!(partition(name = #name #schema, #bound)));
        }
        if let Some(comment) = &t.comment {
            table_attrs.push(quote!(comment = #comment));
        }
        let mut body = Vec::new();
        for c in &t.columns {
            let domain = match &c.ty {
                schema_core::SqlType::Named(q) => self.schema.domain(&q.schema, &q.name),
                _ => None,
            };
            let mapped = match domain {
                // Read as its base type (the server sends a domain's values so).
                Some(d) => types::Mapped {
                    sql_type: Some(c.ty.to_string()),
                    kind: types::Kind::Other,
                    ..types::map(&d.base, module, &self.enums, imports)
                },
                None => types::map(&c.ty, module, &self.enums, imports),
            };
            let mut attrs = column_attrs.remove(c.name.as_str()).unwrap_or_default();
            let field_name = &fields[&c.name];
            if *field_name.trim_start_matches("r#") != c.name {
                let name = &c.name;
                attrs.insert(0, quote!(name = #name));
            }
            let mut doc = None;
            if let Some(sql) = &mapped.sql_type {
                attrs.push(quote!(sql_type = #sql));
            }
            if mapped.unread {
                let note = format!(
                    "`{}` has no Rust type here: `String` declares the column for migrations, and queries must cast it (`{}::text`) to read it.",
                    c.ty, c.name
                );
                self.notes
                    .push(format!("{}.{}.{}: {note}", t.schema, t.name, c.name));
                doc = Some(quote!(#[doc = #note]));
            }
            if let Some(sql) = &c.default {
                match defaults::typed(sql, &mapped.kind, &c.ty, &self.enums) {
                    Some(value) => attrs.push(quote!(default = #value)),
                    None => attrs.push(quote!(default_sql = #sql)),
                }
            }
            if let Some(identity) = &c.identity {
                let kind = match identity.kind {
                    IdentityKind::Always => "always",
                    IdentityKind::ByDefault => "by_default",
                };
                attrs.push(quote!(identity = #kind));
                let mut options = Vec::new();
                for (key, value) in [
                    ("start", identity.start),
                    ("increment", identity.increment),
                    ("min_value", identity.min_value),
                    ("max_value", identity.max_value),
                    ("cache", identity.cache),
                ] {
                    if let Some(v) = value {
                        let key = names::ident(key);
                        let v = int_tokens(v);
                        options.push(quote!(#key = #v));
                    }
                }
                if identity.cycle {
                    options.push(quote!(cycle));
                }
                if !options.is_empty() {
                    attrs.push(quote!(sequence(#(#options),*)));
                }
            }
            if let Some(expr) = &c.generated {
                let expr = unwrap_parens(expr);
                attrs.push(quote!(generated = #expr));
            }
            if let Some(collation) = &c.collation {
                attrs.push(quote!(collate = #collation));
            }
            if let Some(comment) = &c.comment {
                attrs.push(quote!(comment = #comment));
            }
            let Mapped { ty, .. } = mapped;
            let ty = if c.nullable { quote!(Option<#ty>) } else { ty };
            let name = field(&c.name);
            let column = attributes("column", &attrs, 4);
            body.push(quote! {
                #doc
                #column
                pub #name: #ty
            });
        }
        let table = attributes("table", &table_attrs, 0);
        quote! {
            #[derive(Debug, Clone, Table)]
            #table
            pub struct #ident {
                #(#body,)*
            }
        }
    }

    /// The path of a pulled table's struct as seen from `module`.
    fn struct_path(&self, table: &QualifiedName, module: &str) -> TokenStream {
        let (m, name) = &self.structs[table];
        let ident = names::ident(name);
        if m == module {
            quote!(#ident)
        } else {
            let m = names::ident(m);
            quote!(super::#m::#ident)
        }
    }

    /// `references = Other::field, on_delete = "..."` on the column, when the
    /// derive's column form says exactly this foreign key: one column, the
    /// default name, a key column on the other side of the same Rust type.
    fn column_reference<'t>(
        &self,
        t: &'t Table,
        fk: &ForeignKey,
        module: &str,
    ) -> Option<(&'t str, Vec<TokenStream>)> {
        let ([column], [target_column]) = (fk.columns.as_slice(), fk.referenced_columns.as_slice())
        else {
            return None;
        };
        let target = self
            .schema
            .table(&fk.references.schema, &fk.references.name)?;
        let default = default_name(&t.name, &fk.columns, "fkey");
        if fk.name != default || !fk.on_delete_columns.is_empty() || !is_key(target, target_column)
        {
            return None;
        }
        if !self.same_rust_type(t, column, target, target_column) {
            return None;
        }
        let column = t.columns.iter().find(|c| &c.name == column)?.name.as_str();
        let path = self.struct_path(&fk.references, module);
        let target_field = names::ident(&self.fields[&fk.references][target_column]);
        let mut tokens = vec![quote!(references = #path::#target_field)];
        tokens.extend(actions(fk));
        Some((column, tokens))
    }

    fn same_rust_type(&self, t: &Table, column: &str, target: &Table, target_column: &str) -> bool {
        let rust = |table: &Table, c: &str| {
            let col = table.column(c)?;
            let module = &self.modules[&table.schema];
            let mapped = types::map(&col.ty, module, &self.enums, &mut Imports::default());
            Some((mapped.ty.to_string(), mapped.kind))
        };
        match (rust(t, column), rust(target, target_column)) {
            // Enum paths differ by module; the kind names the type itself.
            (Some((_, types::Kind::Enum(_, a))), Some((_, types::Kind::Enum(_, b)))) => a == b,
            (Some((a, _)), Some((b, _))) => a == b,
            _ => false,
        }
    }

    fn foreign_key_attr(
        &self,
        t: &Table,
        fk: &ForeignKey,
        module: &str,
        field: &dyn Fn(&str) -> Ident,
    ) -> TokenStream {
        let columns = fk.columns.iter().map(|c| field(c));
        let path = self.struct_path(&fk.references, module);
        let target_fields = &self.fields[&fk.references];
        let target = fk
            .referenced_columns
            .iter()
            .map(|c| names::ident(&target_fields[c]));
        let mut parts = vec![
            quote!(columns = [#(#columns),*]),
            quote!(references = #path),
            quote!(target = [#(#target),*]),
        ];
        parts.extend(actions(fk));
        if !fk.on_delete_columns.is_empty() {
            let cols = fk.on_delete_columns.iter().map(|c| field(c));
            parts.push(quote!(on_delete_columns = [#(#cols),*]));
        }
        if fk.name != default_name(&t.name, &fk.columns, "fkey") {
            let name = &fk.name;
            parts.push(quote!(name = #name));
        }
        quote!(foreign_key(#(#parts),*))
    }
}

/// `on_delete`, `on_update` and `deferrable`, where not the defaults.
fn policy_attr(p: &Policy) -> TokenStream {
    let name = &p.name;
    let mut parts = vec![quote!(name = #name)];
    if p.command != PolicyCommand::All {
        let command = p.command.sql().to_ascii_lowercase();
        parts.push(quote!(command = #command));
    }
    if !p.roles.is_empty() {
        let roles = &p.roles;
        parts.push(quote!(to = [#(#roles),*]));
    }
    if let Some(using) = &p.using {
        let using = unwrap_parens(using);
        parts.push(quote!(using = #using));
    }
    if let Some(check) = &p.with_check {
        let check = unwrap_parens(check);
        parts.push(quote!(with_check = #check));
    }
    if p.restrictive {
        parts.push(quote!(restrictive));
    }
    quote!(policy(#(#parts),*))
}

/// SQL text as a raw string literal (`r#"..."#`), with as many `#` as it needs.
fn sql_literal(sql: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while sql.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{sql}\"{hashes}")
        .parse()
        .expect("a raw string literal")
}

fn actions(fk: &ForeignKey) -> Vec<TokenStream> {
    let word = |a: FkAction| match a {
        FkAction::NoAction => "no_action",
        FkAction::Restrict => "restrict",
        FkAction::Cascade => "cascade",
        FkAction::SetNull => "set_null",
        FkAction::SetDefault => "set_default",
    };
    let mut out = Vec::new();
    if fk.on_delete != FkAction::NoAction {
        let w = word(fk.on_delete);
        out.push(quote!(on_delete = #w));
    }
    if fk.on_update != FkAction::NoAction {
        let w = word(fk.on_update);
        out.push(quote!(on_update = #w));
    }
    match fk.deferrable {
        Deferrable::NotDeferrable => {}
        Deferrable::InitiallyImmediate => out.push(quote!(deferrable = "initially_immediate")),
        Deferrable::InitiallyDeferred => out.push(quote!(deferrable = "initially_deferred")),
    }
    out
}

/// Whether the derive marks `column` of `t` as a key a column-level
/// `references` may point at: the one column of the primary key, of a unique
/// constraint, or of a unique index without a predicate.
fn is_key(t: &Table, column: &str) -> bool {
    let one = |cols: &[String]| cols.len() == 1 && cols[0] == column;
    t.primary_key.as_ref().is_some_and(|pk| one(&pk.columns))
        || t.uniques.iter().any(|u| one(&u.columns))
        || t.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && i.keys.len() == 1
                && matches!(&i.keys[0].target, IndexTarget::Column(c) if c == column)
        })
}

/// `#[column(index)]` says this index when it is a plain btree on one column
/// with the default name and nothing else.
fn simple_index<'t>(t: &Table, i: &'t Index) -> Option<&'t str> {
    let [key] = i.keys.as_slice() else {
        return None;
    };
    let IndexTarget::Column(column) = &key.target else {
        return None;
    };
    let plain = !i.unique
        && i.method == "btree"
        && i.include.is_empty()
        && i.predicate.is_none()
        && !i.nulls_not_distinct
        && i.comment.is_none()
        && key.order == SortOrder::Asc
        && key.nulls.is_none()
        && key.collation.is_none()
        && key.opclass.is_none()
        && i.name == default_name(&t.name, std::slice::from_ref(column), "idx");
    plain.then_some(column.as_str())
}

/// `index(...)` of table or materialized view `relation`.
fn index_attr(relation: &str, i: &Index, field: &dyn Fn(&str) -> Ident) -> TokenStream {
    let keys = i.keys.iter().map(|k| {
        let target = match &k.target {
            IndexTarget::Column(c) => {
                let f = field(c);
                quote!(#f)
            }
            IndexTarget::Expression(e) => quote!(#e),
        };
        let collate = k.collation.as_ref().map(|c| quote!(collate #c));
        let opclass = k.opclass.as_ref().map(|o| quote!(opclass #o));
        let order = (k.order == SortOrder::Desc).then(|| quote!(desc));
        let nulls = k.nulls.map(|n| match n {
            NullsOrder::First => quote!(nulls_first),
            NullsOrder::Last => quote!(nulls_last),
        });
        quote!(#target #collate #opclass #order #nulls)
    });
    let mut parts = vec![quote!(columns = [#(#keys),*])];
    let all_columns: Option<Vec<String>> = i
        .keys
        .iter()
        .map(|k| match &k.target {
            IndexTarget::Column(c) => Some(c.clone()),
            IndexTarget::Expression(_) => None,
        })
        .collect();
    // Postgres names an index after its key and INCLUDE columns; only a plain
    // column index is left to that rule here.
    let is_default = i.include.is_empty()
        && all_columns.is_some_and(|cols| i.name == default_name(relation, &cols, "idx"));
    if !is_default {
        let name = &i.name;
        parts.push(quote!(name = #name));
    }
    if i.unique {
        parts.push(quote!(unique));
    }
    if i.method != "btree" {
        let m = &i.method;
        parts.push(quote!(method = #m));
    }
    if let Some(p) = &i.predicate {
        let p = unwrap_parens(p);
        parts.push(quote!(where = #p));
    }
    if !i.include.is_empty() {
        let cols = i.include.iter().map(|c| field(c));
        parts.push(quote!(include = [#(#cols),*]));
    }
    if i.nulls_not_distinct {
        parts.push(quote!(nulls_not_distinct));
    }
    if let Some(c) = &i.comment {
        parts.push(quote!(comment = #c));
    }
    quote!(index(#(#parts),*))
}

/// The longest line an attribute may take: rustfmt's width.
const WIDTH: usize = 100;

/// `#[name(a, b)] #[name(c)]`: the parts grouped into as few attributes as
/// fit on one line each at `indent`, as a person would split them (and so
/// that rustfmt and prettyplease, which break a long attribute differently,
/// print the same thing). A part too long for a line alone gets its own.
fn attributes(name: &str, parts: &[TokenStream], indent: usize) -> TokenStream {
    let name = names::ident(name);
    // `#[column(` + `)]`.
    let frame = indent + name.to_string().len() + 5;
    let mut groups: Vec<Vec<&TokenStream>> = Vec::new();
    let mut width = 0;
    for part in parts {
        let len = printed_len(part);
        match groups.last_mut() {
            Some(group) if frame + width + 2 + len <= WIDTH => {
                group.push(part);
                width += 2 + len;
            }
            _ => {
                groups.push(vec![part]);
                width = len;
            }
        }
    }
    let attrs = groups.iter().map(|g| quote!(#[#name(#(#g),*)]));
    quote!(#(#attrs)*)
}

/// About how long a part prints: its tokens without the spaces prettyplease
/// leaves out (around `::`, inside brackets, before commas).
fn printed_len(part: &TokenStream) -> usize {
    let mut text = part.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" (", "("),
    ] {
        text = text.replace(from, to);
    }
    text.len()
}

/// `(balance >= 0)` as `balance >= 0`: the parentheses Postgres prints
/// around a whole check, predicate or generated expression, which the DDL
/// writes anyway. `(a) OR (b)` keeps its own.
fn unwrap_parens(expr: &str) -> &str {
    let Some(inner) = expr.strip_prefix('(').and_then(|e| e.strip_suffix(')')) else {
        return expr;
    };
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth < 0 {
                    return expr;
                }
            }
            _ => {}
        }
    }
    if depth == 0 && quote.is_none() {
        inner
    } else {
        expr
    }
}

/// Postgres's default constraint and index name before truncation.
fn default_name(table: &str, columns: &[String], suffix: &str) -> String {
    let mut name = table.to_string();
    for c in columns {
        name.push('_');
        name.push_str(c);
    }
    name.push('_');
    name.push_str(suffix);
    name
}

fn int_tokens(v: i64) -> TokenStream {
    let lit = proc_macro2::Literal::i64_unsuffixed(v.unsigned_abs() as i64);
    if v == i64::MIN {
        quote!(i64::MIN)
    } else if v < 0 {
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}

/// Whether clippy's `enum_variant_names` would fire: a variant starting or
/// ending with the enum's name, or three or more variants sharing their
/// first or last word.
fn shares_a_word(enum_name: &str, variants: &[(String, String)]) -> bool {
    let words: Vec<Vec<String>> = variants.iter().map(|(_, v)| camel_words(v)).collect();
    let enum_words = camel_words(enum_name);
    let mentions_enum = words.iter().any(|w| {
        w.len() > enum_words.len()
            && (w[..enum_words.len()] == enum_words[..]
                || w[w.len() - enum_words.len()..] == enum_words[..])
    });
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        words.len() >= 3
            && words.iter().all(|w| w.len() > 1)
            && words.windows(2).all(|p| pick(&p[0]) == pick(&p[1]))
    };
    mentions_enum || shared(|w| w.first()) || shared(|w| w.last())
}

fn camel_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_uppercase() || out.is_empty() {
            out.push(String::new());
        }
        out.last_mut().unwrap().push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unwrap_parens;

    #[test]
    fn only_parentheses_around_the_whole_expression_go() {
        assert_eq!(unwrap_parens("(balance >= 0)"), "balance >= 0");
        assert_eq!(unwrap_parens("(a > 0) OR (b > 0)"), "(a > 0) OR (b > 0)");
        assert_eq!(unwrap_parens("((a > 0) OR (b > 0))"), "(a > 0) OR (b > 0)");
        assert_eq!(unwrap_parens("(s <> ')'::text)"), "s <> ')'::text");
        assert_eq!(unwrap_parens("lower(s)"), "lower(s)");
        assert_eq!(unwrap_parens("(a)::text || (b)"), "(a)::text || (b)");
    }
}

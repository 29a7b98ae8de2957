//! Decides every SQL name of a `#[derive(Table)]`: table, columns, and the
//! constraints and indexes with Postgres's own default names, so a table made by
//! hand introspects the same. Names are checked against the 63-byte limit here,
//! where it is known which token produced each one.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Ident, LitStr, Path};

use crate::ast::{Field, TableInput};
use crate::attr::{Deferrable, FkAction, FkActions, IndexAttr, IndexKeyTarget};
use crate::check::{self, find_field, identifier_length};
use crate::ctxt::Ctxt;
use crate::expr_name::index_expression_name;
use crate::names::{default_name, snake_case};

const SHORTER_NAME: &str = "set a shorter one with `name = \"...\"`";

pub struct TableModel<'f, 'a> {
    pub input: &'f TableInput<'a>,
    pub schema: String,
    pub name: String,
    pub columns: Vec<ColumnModel<'f, 'a>>,
    pub primary_key: Option<(String, Vec<String>)>,
    pub uniques: Vec<UniqueModel>,
    pub indexes: Vec<IndexModel>,
    pub foreign_keys: Vec<ForeignKeyModel<'f, 'a>>,
    pub checks: Vec<(String, String)>,
}

pub struct ColumnModel<'f, 'a> {
    pub field: &'f Field<'a>,
    pub sql_name: String,
    /// Single-column primary key or unique: a valid foreign key target.
    pub is_key: bool,
}

pub struct UniqueModel {
    pub name: String,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
}

pub struct IndexModel {
    pub name: String,
    pub unique: bool,
    pub method: String,
    pub keys: Vec<IndexKeyModel>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    pub nulls_not_distinct: bool,
    pub comment: Option<String>,
}

pub struct IndexKeyModel {
    pub column: Option<String>,
    pub expression: Option<String>,
    pub collation: Option<String>,
    pub opclass: Option<String>,
    pub desc: bool,
    pub nulls_first: Option<bool>,
}

pub struct ForeignKeyModel<'f, 'a> {
    pub name: String,
    pub columns: Vec<&'f Field<'a>>,
    pub sql_columns: Vec<String>,
    /// The referenced table's Rust type (`User`, `Self`, `crate::auth::User`).
    pub target: Path,
    pub target_fields: Vec<Ident>,
    pub on_delete: Option<FkAction>,
    /// SQL names of the columns `on_delete` writes to, when not all of them.
    pub on_delete_columns: Vec<String>,
    pub on_update: Option<FkAction>,
    pub deferrable: Option<Deferrable>,
}

fn lit_or(lit: &Option<LitStr>, default: impl FnOnce() -> String) -> String {
    lit.as_ref().map(LitStr::value).unwrap_or_else(default)
}

/// The column's SQL name: `name = "..."` or the field name without `r#`.
fn sql_name(field: &Field) -> String {
    lit_or(&field.attrs.name, || {
        let s = field.ident.to_string();
        s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
    })
}

pub fn resolve<'f, 'a>(cx: &Ctxt, input: &'f TableInput<'a>) -> TableModel<'f, 'a> {
    check::fields(cx, input);
    check::partitions_need_a_key(cx, input);
    let attrs = &input.attrs;
    let name = lit_or(&attrs.name, || {
        snake_case(&input.original.ident.to_string())
    });
    let name_origin: TokenStream = match &attrs.name {
        Some(lit) => lit.to_token_stream(),
        None => input.original.ident.to_token_stream(),
    };
    identifier_length(
        cx,
        "table name",
        &name,
        &name_origin,
        "set a shorter one with #[table(name = \"...\")]",
    );
    let schema = lit_or(&attrs.schema, || "public".to_string());
    if let Some(lit) = &attrs.schema {
        identifier_length(cx, "schema name", &schema, lit, "use a shorter schema name");
    }
    for lit in [&attrs.name, &attrs.schema].into_iter().flatten() {
        check::not_empty(cx, lit);
    }

    let mut model = TableModel {
        input,
        schema,
        name,
        columns: Vec::new(),
        primary_key: None,
        uniques: Vec::new(),
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
    };
    columns(cx, &mut model);
    primary_key(cx, &mut model, &name_origin);
    uniques(cx, &mut model);
    indexes(cx, &mut model);
    foreign_keys(cx, &mut model);
    checks(cx, &mut model);
    names_are_distinct(cx, &model);
    mark_keys(&mut model);
    model
}

/// Column names: each within the limit, no two alike.
fn columns(cx: &Ctxt, model: &mut TableModel) {
    let mut seen: BTreeMap<String, &Ident> = BTreeMap::new();
    for field in model.input.fields.iter().filter(|f| f.attrs.skip.is_none()) {
        let name = sql_name(field);
        let origin = match &field.attrs.name {
            Some(lit) => lit.to_token_stream(),
            None => field.ident.to_token_stream(),
        };
        identifier_length(
            cx,
            "column name",
            &name,
            &origin,
            "set a shorter one with #[column(name = \"...\")]",
        );
        if let Some(first) = seen.get(&name) {
            cx.error_spanned_by(
                &origin,
                format!(
                    "field `{}` maps to column `{name}`, which field `{first}` already uses; give one of them another #[column(name = \"...\")]",
                    field.ident
                ),
            );
        } else {
            seen.insert(name.clone(), field.ident);
        }
        model.columns.push(ColumnModel {
            field,
            sql_name: name,
            is_key: false,
        });
    }
}

/// The primary key: one `primary_key` field, or `#[table(primary_key = [..])]`;
/// never both, never a nullable column.
fn primary_key(cx: &Ctxt, model: &mut TableModel, name_origin: &TokenStream) {
    let input = model.input;
    let marked: Vec<&Field> = input
        .fields
        .iter()
        .filter(|f| f.attrs.primary_key.is_some())
        .collect();
    let fields: Vec<&Field> = if let Some(list) = &input.attrs.primary_key {
        for field in &marked {
            cx.error_spanned_by(
                field.attrs.primary_key.as_ref().unwrap(),
                format!(
                    "`{}` is marked `primary_key`, but the table already declares #[table(primary_key = [...])]; keep one of them",
                    field.ident
                ),
            );
        }
        list.value
            .iter()
            .filter_map(|ident| find_field(cx, input, ident))
            .collect()
    } else {
        if marked.len() > 1 {
            let idents: Vec<String> = marked.iter().map(|f| f.ident.to_string()).collect();
            for field in &marked[1..] {
                cx.error_spanned_by(
                    field.attrs.primary_key.as_ref().unwrap(),
                    format!(
                        "several fields are marked `primary_key` ({}), but a table has one primary key; for a composite key write #[table(primary_key = [{}])] on the struct",
                        idents.join(", "),
                        idents.join(", ")
                    ),
                );
            }
        }
        marked.into_iter().take(1).collect()
    };
    if fields.is_empty() {
        if let Some(lit) = &input.attrs.primary_key_name {
            cx.error_spanned_by(
                lit,
                "`primary_key_name` names the primary key, but the table has none; mark a field `primary_key` or write #[table(primary_key = [...])]",
            );
        }
        return;
    }
    for field in &fields {
        if field.nullable {
            cx.error_spanned_by(
                &field.original.ty,
                format!(
                    "primary key column `{}` cannot be nullable; use the type without `Option<...>`",
                    field.ident
                ),
            );
        }
    }
    let name = match &input.attrs.primary_key_name {
        Some(lit) => {
            check::not_empty(cx, lit);
            identifier_length(
                cx,
                "primary key name",
                &lit.value(),
                lit,
                "use a shorter `primary_key_name`",
            );
            lit.value()
        }
        None => {
            let name = default_name(&model.name, &[], "pkey");
            identifier_length(
                cx,
                "primary key name",
                &name,
                name_origin,
                "Postgres names it `{table}_pkey`; use a shorter table name, or name it with #[table(primary_key_name = \"...\")]",
            );
            name
        }
    };
    let columns = fields.iter().map(|f| sql_name(f)).collect();
    model.primary_key = Some((name, columns));
}

fn uniques(cx: &Ctxt, model: &mut TableModel) {
    let input = model.input;
    for field in input.fields.iter().filter(|f| f.attrs.skip.is_none()) {
        if let Some(origin) = &field.attrs.unique {
            let columns = vec![sql_name(field)];
            let name = default_name(&model.name, &columns, "key");
            identifier_length(
                cx,
                "generated unique constraint name",
                &name,
                origin,
                "name it yourself with #[table(unique(columns = [...], name = \"...\"))] instead of #[column(unique)]",
            );
            model.uniques.push(UniqueModel {
                name,
                columns,
                nulls_not_distinct: false,
            });
        }
    }
    for unique in &input.attrs.uniques {
        let Some(list) = &unique.columns else {
            continue;
        };
        let fields: Vec<&Field> = list
            .value
            .iter()
            .filter_map(|i| find_field(cx, input, i))
            .collect();
        let columns: Vec<String> = fields.iter().map(|f| sql_name(f)).collect();
        let name = lit_or(&unique.name, || default_name(&model.name, &columns, "key"));
        let (what, origin, fix) = match &unique.name {
            Some(lit) => (
                "unique constraint name",
                lit.to_token_stream(),
                SHORTER_NAME,
            ),
            None => (
                "generated unique constraint name",
                unique.origin.to_token_stream(),
                "name it yourself: `unique(columns = [...], name = \"...\")`",
            ),
        };
        identifier_length(cx, what, &name, origin, fix);
        model.uniques.push(UniqueModel {
            name,
            columns,
            nulls_not_distinct: unique.nulls_not_distinct,
        });
    }
}

/// Postgres's `ChooseIndexColumnNames`: column names, `expr` for expressions, a
/// number appended to repeats (`expr`, `expr1`).
fn index_name_parts(parts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in parts {
        let mut candidate = part.clone();
        let mut i = 1;
        while out.contains(&candidate) {
            candidate = format!("{part}{i}");
            i += 1;
        }
        out.push(candidate);
    }
    out
}

fn indexes(cx: &Ctxt, model: &mut TableModel) {
    let input = model.input;
    for field in input.fields.iter().filter(|f| f.attrs.skip.is_none()) {
        if let Some(origin) = &field.attrs.index {
            let column = sql_name(field);
            let name = default_name(&model.name, std::slice::from_ref(&column), "idx");
            identifier_length(
                cx,
                "generated index name",
                &name,
                origin,
                "name it yourself with #[table(index(columns = [...], name = \"...\"))] instead of #[column(index)]",
            );
            model.indexes.push(IndexModel {
                name,
                unique: false,
                method: "btree".into(),
                keys: vec![IndexKeyModel {
                    column: Some(column),
                    expression: None,
                    collation: None,
                    opclass: None,
                    desc: false,
                    nulls_first: None,
                }],
                include: Vec::new(),
                predicate: None,
                nulls_not_distinct: false,
                comment: None,
            });
        }
    }
    let columns: Vec<(String, String)> = model
        .columns
        .iter()
        .map(|c| (c.sql_name.clone(), c.field.ident.to_string()))
        .collect();
    let column_of = |ident: &Ident| find_field(cx, input, ident).map(sql_name);
    for index in &input.attrs.indexes {
        if let Some(i) = resolve_index(cx, &model.name, index, &columns, &column_of) {
            model.indexes.push(i);
        }
    }
}

/// One `index(...)` of a table or materialized view named `relation`, whose
/// columns are `columns` (SQL name, field name); `column_of` finds the column
/// of a field, or reports that there is none.
pub fn resolve_index(
    cx: &Ctxt,
    relation: &str,
    index: &IndexAttr,
    columns: &[(String, String)],
    column_of: &dyn Fn(&Ident) -> Option<String>,
) -> Option<IndexModel> {
    let keys = index.keys.as_ref()?;
    let mut parts = Vec::new();
    let mut resolved = Vec::new();
    for key in &keys.value {
        let (column, expression) = match &key.target {
            IndexKeyTarget::Field(ident) => match column_of(ident) {
                Some(c) => (Some(c), None),
                None => continue,
            },
            IndexKeyTarget::Expression(lit) => {
                let text = lit.value();
                if let Some((_, field)) = columns.iter().find(|(sql, _)| *sql == text) {
                    cx.error_spanned_by(
                        lit,
                        format!("a string is an SQL expression; to index the column write the field name `{field}` without quotes"),
                    );
                } else if text.trim().is_empty() {
                    cx.error_spanned_by(lit, "an index expression must not be empty");
                }
                (None, Some(text))
            }
        };
        parts.push(match (&column, &expression) {
            (Some(c), _) => c.clone(),
            (None, e) => index_expression_name(e.as_deref().unwrap_or_default()),
        });
        resolved.push(IndexKeyModel {
            column,
            expression,
            collation: key.collate.as_ref().map(LitStr::value),
            opclass: key.opclass.as_ref().map(LitStr::value),
            desc: key.desc,
            nulls_first: key.nulls.as_ref().map(|n| n.value),
        });
    }
    let include: Vec<String> = index.include.iter().filter_map(column_of).collect();
    parts.extend(include.iter().cloned());
    let name = lit_or(&index.name, || {
        default_name(relation, &index_name_parts(parts), "idx")
    });
    let (what, origin, fix) = match &index.name {
        Some(lit) => ("index name", lit.to_token_stream(), SHORTER_NAME),
        None => (
            "generated index name",
            index.origin.clone(),
            "name it yourself: `index(columns = [...], name = \"...\")`",
        ),
    };
    identifier_length(cx, what, &name, origin, fix);
    if index.nulls_not_distinct && !index.unique {
        cx.error_spanned_by(
            &index.origin,
            "`nulls_not_distinct` applies to unique indexes; add `unique`",
        );
    }
    Some(IndexModel {
        name,
        unique: index.unique,
        method: lit_or(&index.method, || "btree".into()),
        keys: resolved,
        include,
        predicate: index.predicate.as_ref().map(LitStr::value),
        nulls_not_distinct: index.nulls_not_distinct,
        comment: index.comment.as_ref().map(LitStr::value),
    })
}

/// `references = User::id` (or `owned_by = ...`, named by `key`) splits into
/// the table type `User` and the field `id`.
pub(crate) fn split_reference(cx: &Ctxt, path: &Path, key: &str) -> Option<(Path, Ident)> {
    if path.segments.len() < 2 {
        cx.error_spanned_by(
            path,
            format!(
                "`{key}` names a table type and one of its fields: write `{key} = {}::id`{}",
                path.to_token_stream(),
                if key == "references" {
                    " (or `Self::id` for this table)"
                } else {
                    ""
                }
            ),
        );
        return None;
    }
    let mut table = path.clone();
    let field = table.segments.pop().unwrap().into_value();
    table.segments.pop_punct();
    if !field.arguments.is_none() {
        cx.error_spanned_by(&field.arguments, "a column name takes no generic arguments");
    }
    Some((table, field.ident))
}

fn value_of<T: Copy>(s: &Option<crate::attr::Spanned<T>>) -> Option<T> {
    s.as_ref().map(|s| s.value)
}

fn foreign_keys<'f, 'a>(cx: &Ctxt, model: &mut TableModel<'f, 'a>) {
    let input = model.input;
    let actions = |a: &FkActions| {
        (
            value_of(&a.on_delete),
            value_of(&a.on_update),
            value_of(&a.deferrable),
        )
    };
    for field in input.fields.iter().filter(|f| f.attrs.skip.is_none()) {
        let Some(path) = &field.attrs.references else {
            continue;
        };
        let Some((target, target_field)) = split_reference(cx, path, "references") else {
            continue;
        };
        let column = sql_name(field);
        let name = default_name(&model.name, std::slice::from_ref(&column), "fkey");
        identifier_length(
            cx,
            "generated foreign key name",
            &name,
            path,
            "name it yourself with #[table(foreign_key(columns = [...], references = ..., target = [...], name = \"...\"))]",
        );
        let (on_delete, on_update, deferrable) = actions(&field.attrs.actions);
        model.foreign_keys.push(ForeignKeyModel {
            name,
            columns: vec![field],
            sql_columns: vec![column],
            target,
            target_fields: vec![target_field],
            on_delete,
            on_delete_columns: Vec::new(),
            on_update,
            deferrable,
        });
    }
    for fk in &input.attrs.foreign_keys {
        let (Some(columns), Some(target), Some(target_fields)) =
            (&fk.columns, &fk.references, &fk.target)
        else {
            continue;
        };
        if columns.value.len() != target_fields.value.len() {
            cx.error_spanned_by(
                &target_fields.tokens,
                format!(
                    "`columns` lists {} field(s) but `target` lists {}; each local column pairs with one referenced column",
                    columns.value.len(),
                    target_fields.value.len()
                ),
            );
        }
        let fields: Vec<&Field> = columns
            .value
            .iter()
            .filter_map(|i| find_field(cx, input, i))
            .collect();
        let sql_columns: Vec<String> = fields.iter().map(|f| sql_name(f)).collect();
        let delete_fields = match &fk.on_delete_columns {
            Some(list) => {
                check::on_delete_columns_need_a_set_action(cx, &fk.actions, list);
                Some(check::on_delete_columns_are_key_columns(
                    cx, columns, &fields, list,
                ))
            }
            // Written but unreadable (already reported): the action's columns are unknown.
            None if fk.on_delete_columns_given => Some(Vec::new()),
            None => None,
        };
        check::set_null_needs_nullable(cx, &fk.actions, &fields, delete_fields.as_deref());
        let name = lit_or(&fk.name, || default_name(&model.name, &sql_columns, "fkey"));
        let (what, origin, fix) = match &fk.name {
            Some(lit) => ("foreign key name", lit.to_token_stream(), SHORTER_NAME),
            None => (
                "generated foreign key name",
                fk.origin.to_token_stream(),
                "name it yourself: `foreign_key(..., name = \"...\")`",
            ),
        };
        identifier_length(cx, what, &name, origin, fix);
        let (on_delete, on_update, deferrable) = actions(&fk.actions);
        model.foreign_keys.push(ForeignKeyModel {
            name,
            columns: fields,
            sql_columns,
            target: target.clone(),
            target_fields: target_fields.value.clone(),
            on_delete,
            on_delete_columns: delete_fields
                .iter()
                .flatten()
                .map(|f| sql_name(f))
                .collect(),
            on_update,
            deferrable,
        });
    }
}

fn checks(cx: &Ctxt, model: &mut TableModel) {
    for check in &model.input.attrs.checks {
        let (Some(name), Some(expr)) = (&check.name, &check.expr) else {
            continue;
        };
        identifier_length(
            cx,
            "check constraint name",
            &name.value(),
            name,
            SHORTER_NAME,
        );
        if expr.value().trim().is_empty() {
            cx.error_spanned_by(expr, "a check expression must not be empty");
        }
        model.checks.push((name.value(), expr.value()));
    }
}

/// Constraint and index names share one namespace per table here (Postgres needs
/// index names unique per schema and constraint names unique per table).
fn names_are_distinct(cx: &Ctxt, model: &TableModel) {
    let input = model.input;
    let mut seen = BTreeMap::new();
    let all = model
        .primary_key
        .iter()
        .map(|(n, _)| n)
        .chain(model.uniques.iter().map(|u| &u.name))
        .chain(model.indexes.iter().map(|i| &i.name))
        .chain(model.foreign_keys.iter().map(|f| &f.name))
        .chain(model.checks.iter().map(|(n, _)| n));
    for name in all {
        *seen.entry(name.clone()).or_insert(0) += 1;
    }
    for (name, count) in seen.into_iter().filter(|(_, c)| *c > 1) {
        cx.error_spanned_by(
            &input.original.ident,
            format!("{count} constraints or indexes of this table are named `{name}`; give them distinct `name = \"...\"`"),
        );
    }
}

/// A column a foreign key may target: alone in the primary key, in a unique
/// constraint, or in a full unique index.
fn mark_keys(model: &mut TableModel) {
    let mut keys: Vec<String> = Vec::new();
    if let Some((_, cols)) = &model.primary_key {
        if cols.len() == 1 {
            keys.push(cols[0].clone());
        }
    }
    keys.extend(
        model
            .uniques
            .iter()
            .filter(|u| u.columns.len() == 1)
            .map(|u| u.columns[0].clone()),
    );
    keys.extend(
        model
            .indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none() && i.keys.len() == 1)
            .filter_map(|i| i.keys[0].column.clone()),
    );
    for column in &mut model.columns {
        column.is_key = keys.contains(&column.sql_name);
    }
}

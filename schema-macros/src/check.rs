//! Cross-field rules of `#[derive(Table)]`, one small function per rule. Each
//! records its errors in the [`Ctxt`] and never stops the others from running.

use quote::ToTokens;
use syn::{Ident, Type};

use crate::ast::{Field, TableInput};
use crate::attr::{FkAction, FkActions, Spanned};
use crate::ctxt::Ctxt;
use crate::names::{suggestion, MAX_IDENT_BYTES};

/// Partitions belong to a partitioned table: `partition(...)` needs
/// `partition_by`.
pub fn partitions_need_a_key(cx: &Ctxt, input: &TableInput) {
    let attrs = &input.attrs;
    if attrs.partition_by.is_none() {
        if let Some(p) = attrs.partitions.first() {
            cx.error_spanned_by(
                &p.name,
                "`partition(...)` needs a partitioned table: add `partition_by = \"range (column)\"` (or `list (...)`, `hash (...)`) to #[table(...)]",
            );
        }
    }
}

/// Runs every per-field rule.
pub fn fields(cx: &Ctxt, input: &TableInput) {
    for field in &input.fields {
        skip_stands_alone(cx, field);
        generated_has_no_default(cx, field);
        one_kind_of_default(cx, field);
        identity_is_integer_and_not_null(cx, field);
        fk_actions_need_references(cx, field);
        if field.attrs.references.is_some() {
            set_null_needs_nullable(cx, &field.attrs.actions, &[field], None);
        }
        no_empty_strings(cx, field);
        insert_default_needs_a_default(cx, field);
        sequence_needs_identity(cx, field);
    }
}

/// `sequence(...)` sets an identity's sequence options: it needs `identity`,
/// a non-zero increment, a cache of at least 1 and a minimum below the maximum.
fn sequence_needs_identity(cx: &Ctxt, field: &Field) {
    let Some(seq) = &field.attrs.sequence else {
        return;
    };
    if field.attrs.identity.is_none() {
        cx.error_spanned_by(
            &seq.origin,
            format!(
                "`sequence(...)` sets the options of an identity column's sequence, and `{}` is not an identity; add `identity = \"always\"` or `identity = \"by_default\"`, or remove `sequence(...)`",
                field.ident
            ),
        );
    }
    if let Some(inc) = seq.increment.as_ref().filter(|i| i.value == 0) {
        cx.error_spanned_by(&inc.tokens, "a sequence's `increment` cannot be 0");
    }
    if let Some(cache) = seq.cache.as_ref().filter(|c| c.value < 1) {
        cx.error_spanned_by(&cache.tokens, "a sequence's `cache` is at least 1");
    }
    if let (Some(min), Some(max)) = (seq.min_value, seq.max_value) {
        if min >= max {
            cx.error_spanned_by(
                &seq.origin,
                format!("`min_value` ({min}) must be less than `max_value` ({max})"),
            );
        }
    }
}

/// `insert_default` leaves the column to its database default on insert, so it
/// needs one (and a generated column is never inserted anyway).
fn insert_default_needs_a_default(cx: &Ctxt, field: &Field) {
    let a = &field.attrs;
    let Some(flag) = &a.insert_default else {
        return;
    };
    if a.generated.is_some() {
        cx.error_spanned_by(
            flag,
            "a generated column is never inserted, so `insert_default` has nothing to do; remove it",
        );
    } else if a.default.is_none() && a.default_sql.is_none() && a.identity.is_none() {
        cx.error_spanned_by(
            flag,
            format!(
                "`insert_default` leaves `{}` to its database default on insert, but it has none; add `default = ...`, `default_sql = \"...\"` or `identity = \"by_default\"`",
                field.ident
            ),
        );
    }
}

/// A skipped field is not a column, so no other column setting can apply to it.
fn skip_stands_alone(cx: &Ctxt, field: &Field) {
    let Some(skip) = &field.attrs.skip else {
        return;
    };
    let a = &field.attrs;
    let others: Vec<&str> = [
        ("primary_key", a.primary_key.is_some()),
        ("unique", a.unique.is_some()),
        ("index", a.index.is_some()),
        ("references", a.references.is_some()),
        ("default", a.default.is_some()),
        ("default_sql", a.default_sql.is_some()),
        ("sql_type", a.sql_type.is_some()),
        ("identity", a.identity.is_some()),
        ("generated", a.generated.is_some()),
        ("name", a.name.is_some()),
        ("insert_default", a.insert_default.is_some()),
        ("sequence", a.sequence.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, set)| set.then_some(k))
    .collect();
    if let Some(first) = others.first() {
        let key_note = if a.primary_key.is_some() || a.unique.is_some() {
            " (a key column must exist in the table)"
        } else {
            ""
        };
        cx.error_spanned_by(
            skip,
            format!(
                "`skip` leaves `{}` out of the table, so `{first}` cannot apply to it{key_note}; remove `skip` or `{first}`",
                field.ident
            ),
        );
    }
}

/// A stored generated column computes its value; it cannot also have a default
/// or be an identity (Postgres rejects both).
fn generated_has_no_default(cx: &Ctxt, field: &Field) {
    let Some(generated) = &field.attrs.generated else {
        return;
    };
    let a = &field.attrs;
    for (key, present) in [
        ("default", a.default.is_some()),
        ("default_sql", a.default_sql.is_some()),
        ("identity", a.identity.is_some()),
    ] {
        if present {
            cx.error_spanned_by(
                generated,
                format!("a generated column computes its own value, so it cannot also have `{key}`; remove one of them"),
            );
        }
    }
}

/// One source of default per column: a typed `default`, raw `default_sql`, or an
/// identity sequence.
fn one_kind_of_default(cx: &Ctxt, field: &Field) {
    let a = &field.attrs;
    if let (Some(_), Some(sql)) = (&a.default, &a.default_sql) {
        cx.error_spanned_by(
            sql,
            "`default` and `default_sql` both set the column default; keep one",
        );
    }
    if let Some(identity) = &a.identity {
        if a.default.is_some() || a.default_sql.is_some() {
            cx.error_spanned_by(
                &identity.tokens,
                "an identity column takes its default from its sequence; remove `default`/`default_sql` or `identity`",
            );
        }
    }
}

const INTEGER_RUST_TYPES: &[&str] = &["i16", "i32", "i64"];
const INTEGER_SQL_TYPES: &[&str] = &[
    "smallint", "int2", "integer", "int", "int4", "bigint", "int8",
];

/// Identity columns are `smallint`, `integer` or `bigint`, and always NOT NULL.
fn identity_is_integer_and_not_null(cx: &Ctxt, field: &Field) {
    let Some(identity) = &field.attrs.identity else {
        return;
    };
    let integer = match &field.attrs.sql_type {
        Some(lit) => INTEGER_SQL_TYPES.contains(&lit.value().trim().to_ascii_lowercase().as_str()),
        None => last_ident(field.base_ty)
            .is_some_and(|i| INTEGER_RUST_TYPES.contains(&i.to_string().as_str())),
    };
    if !integer {
        cx.error_spanned_by(
            &identity.tokens,
            format!(
                "`identity` needs an integer column (i16, i32 or i64), and `{}` is `{}`; for a generated uuid use `default_sql = \"gen_random_uuid()\"`",
                field.ident,
                field.base_ty.to_token_stream().to_string().replace(' ', "")
            ),
        );
    }
    if field.nullable {
        cx.error_spanned_by(
            &field.original.ty,
            "an identity column is always NOT NULL; use the type without `Option<...>`",
        );
    }
}

/// `on_delete`, `on_update` and `deferrable` describe a foreign key.
fn fk_actions_need_references(cx: &Ctxt, field: &Field) {
    if field.attrs.references.is_some() {
        return;
    }
    let actions = &field.attrs.actions;
    for (key, tokens) in [
        ("on_delete", actions.on_delete.as_ref().map(|v| &v.tokens)),
        ("on_update", actions.on_update.as_ref().map(|v| &v.tokens)),
        ("deferrable", actions.deferrable.as_ref().map(|v| &v.tokens)),
    ] {
        if let Some(tokens) = tokens {
            cx.error_spanned_by(
                tokens,
                format!("`{key}` applies to a foreign key, but `{}` has no `references = Table::column`", field.ident),
            );
        }
    }
}

/// `set_null` writes NULL into the referencing columns (of a column-level or a
/// table-level foreign key), which must allow it: on delete, only into
/// `on_delete_columns` when the key lists them.
pub fn set_null_needs_nullable(
    cx: &Ctxt,
    actions: &FkActions,
    columns: &[&Field],
    on_delete_columns: Option<&[&Field]>,
) {
    let on_delete = on_delete_columns.unwrap_or(columns);
    for (value, written) in [
        (&actions.on_delete, on_delete),
        (&actions.on_update, columns),
    ] {
        let Some(value) = value else { continue };
        if value.value != FkAction::SetNull {
            continue;
        }
        if let Some(f) = written.iter().find(|f| !f.nullable) {
            cx.error_spanned_by(
                &value.tokens,
                format!(
                    "`set_null` would write NULL into `{}`, which is NOT NULL; make the field an `Option<...>` or choose another action",
                    f.ident
                ),
            );
        }
    }
}

/// `on_delete_columns` says which columns `ON DELETE SET NULL` or `SET DEFAULT`
/// writes to; Postgres takes such a list for no other action (nor for ON UPDATE).
pub fn on_delete_columns_need_a_set_action(
    cx: &Ctxt,
    actions: &FkActions,
    list: &Spanned<Vec<Ident>>,
) {
    let fix = "write `on_delete = \"set_null\"` or `on_delete = \"set_default\"`, or remove `on_delete_columns`";
    match &actions.on_delete {
        Some(a) if matches!(a.value, FkAction::SetNull | FkAction::SetDefault) => {}
        Some(a) => cx.error_spanned_by(
            &list.tokens,
            format!(
                "`on_delete_columns` lists the columns that ON DELETE SET NULL or SET DEFAULT writes to, but this foreign key has `on_delete = {}`; {fix}",
                a.tokens
            ),
        ),
        None => {
            let update_sets = actions
                .on_update
                .as_ref()
                .is_some_and(|a| matches!(a.value, FkAction::SetNull | FkAction::SetDefault));
            let note = if update_sets {
                " (Postgres takes no column list for ON UPDATE, which writes to every column of the key)"
            } else {
                ""
            };
            cx.error_spanned_by(
                &list.tokens,
                format!(
                    "`on_delete_columns` lists the columns that ON DELETE SET NULL or SET DEFAULT writes to, but this foreign key has no `on_delete`{note}; {fix}"
                ),
            )
        }
    }
}

/// The columns an ON DELETE action writes to are the foreign key's own, each
/// named once (Postgres would keep one of two, and the code would never match
/// the database). Returns the fields listed, in order.
pub fn on_delete_columns_are_key_columns<'f, 'a>(
    cx: &Ctxt,
    key: &Spanned<Vec<Ident>>,
    key_fields: &[&'f Field<'a>],
    list: &Spanned<Vec<Ident>>,
) -> Vec<&'f Field<'a>> {
    let mut out: Vec<&Field> = Vec::new();
    for ident in &list.value {
        let Some(field) = key_fields.iter().find(|f| f.ident == ident) else {
            if key.value.contains(ident) {
                continue; // a key column that is no field: already reported
            }
            let names: Vec<String> = key.value.iter().map(Ident::to_string).collect();
            cx.error_spanned_by(
                ident,
                format!(
                    "`{ident}` is not one of this foreign key's `columns = [{}]`; ON DELETE SET NULL or SET DEFAULT writes only to the key's own columns{}",
                    names.join(", "),
                    suggestion(&ident.to_string(), names.iter().map(String::as_str))
                ),
            );
            continue;
        };
        if out.iter().any(|f| f.ident == ident) {
            cx.error_spanned_by(
                ident,
                format!("`{ident}` is listed twice in `on_delete_columns`; list each column once"),
            );
            continue;
        }
        out.push(field);
    }
    out
}

fn no_empty_strings(cx: &Ctxt, field: &Field) {
    let a = &field.attrs;
    for lit in [
        &a.name,
        &a.default_sql,
        &a.sql_type,
        &a.generated,
        &a.collate,
    ]
    .into_iter()
    .flatten()
    {
        not_empty(cx, lit);
    }
}

/// A name, type or expression given as a string must say something.
pub fn not_empty(cx: &Ctxt, lit: &syn::LitStr) {
    if lit.value().trim().is_empty() {
        cx.error_spanned_by(lit, "this must not be empty");
    }
}

/// The last identifier of a type path: `i64` for `core::primitive::i64`.
pub fn last_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
        Type::Group(g) => last_ident(&g.elem),
        _ => None,
    }
}

/// Identifiers longer than 63 bytes would be truncated by Postgres, and the
/// truncated name would never match the declared one.
pub fn identifier_length(cx: &Ctxt, what: &str, name: &str, origin: impl ToTokens, fix: &str) {
    if name.len() > MAX_IDENT_BYTES {
        cx.error_spanned_by(
            origin,
            format!(
                "the {what} `{name}` is {} bytes, longer than PostgreSQL's limit of {MAX_IDENT_BYTES}; {fix}",
                name.len()
            ),
        );
    }
}

/// Finds the field a list names; unknown and skipped fields are errors at `ident`.
pub fn find_field<'f, 'a>(
    cx: &Ctxt,
    input: &'f TableInput<'a>,
    ident: &Ident,
) -> Option<&'f Field<'a>> {
    let wanted = ident.to_string();
    let Some(field) = input.fields.iter().find(|f| *f.ident == wanted) else {
        let names: Vec<String> = input.fields.iter().map(|f| f.ident.to_string()).collect();
        cx.error_spanned_by(
            ident,
            format!(
                "`{}` has no field `{wanted}`{}\n  fields: {}",
                input.original.ident,
                suggestion(&wanted, names.iter().map(String::as_str)),
                names.join(", ")
            ),
        );
        return None;
    };
    if field.attrs.skip.is_some() {
        cx.error_spanned_by(
            ident,
            format!("field `{wanted}` is marked `skip`, so it is not a column of the table"),
        );
        return None;
    }
    Some(field)
}

//! One parser per attribute and per nested list (`unique(...)`, `index(...)`,
//! `check(...)`, `foreign_key(...)`), each matching keys against the constants in
//! the parent module.

use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::Expr;

use super::values::*;
use super::*;
use crate::ctxt::Ctxt;
use crate::names::{list, suggestion};

pub fn table_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> TableAttrs {
    let mut out = TableAttrs::default();
    each_key(cx, attrs, "table", |meta, key| {
        match key {
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"table_name\"")?,
            ),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"auth\"")?),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_name\"")?),
            "primary_key" => set_once(cx, meta, &mut out.primary_key, ident_list(cx, meta)?),
            "primary_key_name" => set_once(
                cx,
                meta,
                &mut out.primary_key_name,
                lit_str(cx, meta, "\"constraint_name\"")?,
            ),
            "unique" => out.uniques.extend(unique_attr(cx, meta)?),
            "index" => out.indexes.extend(index_attr(cx, meta)?),
            "check" => out.checks.extend(check_attr(cx, meta)?),
            "foreign_key" => out.foreign_keys.extend(foreign_key_attr(cx, meta)?),
            "row_security" => {
                let value = if meta.input.peek(syn::Token![=]) {
                    choice::<RowSecurity>(cx, meta)?
                } else {
                    Some(Spanned::new(RowSecurity::Enabled, &meta.path))
                };
                set_once(cx, meta, &mut out.row_security, value)
            }
            "policy" => out.policies.extend(super::objects::policy_attr(cx, meta)?),
            "trigger" => out.triggers.extend(super::objects::trigger_attr(cx, meta)?),
            "exclude" => out
                .exclusions
                .extend(super::objects::exclude_attr(cx, meta)?),
            "partition_by" => set_once(
                cx,
                meta,
                &mut out.partition_by,
                lit_str(cx, meta, "\"range (created_at)\"")?,
            ),
            "partition" => out
                .partitions
                .extend(super::objects::partition_attr(cx, meta)?),
            "partition_schema" => set_once(
                cx,
                meta,
                &mut out.partition_schema,
                lit_str(cx, meta, "\"archive\"")?,
            ),
            "grant" => out
                .grants
                .extend(super::objects::grant_attr(cx, meta, GrantOn::Table)?),
            _ => unknown_key(cx, meta, "#[table(...)]", TABLE_KEYS)?,
        }
        Ok(())
    });
    out
}

/// The nested list of `unique(...)`, `index(...)`, ...; `false` when it is missing.
fn unique_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<UniqueAttr>> {
    if !expect_list(cx, meta, "columns = [field_a, field_b]")? {
        return Ok(None);
    }
    let mut out = UniqueAttr {
        origin: meta.path.clone(),
        columns: None,
        name: None,
        nulls_not_distinct: false,
    };
    let mut seen = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        seen.push(key.clone());
        match key.as_str() {
            "columns" => set_once(cx, &inner, &mut out.columns, ident_list(cx, &inner)?),
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"constraint_name\"")?,
            ),
            "nulls_not_distinct" => out.nulls_not_distinct |= flag(cx, &inner)?.is_some(),
            _ => unknown_key(cx, &inner, "#[table(unique(...))]", UNIQUE_KEYS)?,
        }
        Ok(())
    })?;
    if out.columns.is_none() {
        // When `columns` was given but invalid, that error is already reported.
        if !seen.iter().any(|k| k == "columns") {
            cx.error_spanned_by(
                &out.origin,
                "`unique(...)` needs `columns = [field_a, field_b]`",
            );
        }
        return Ok(None);
    }
    Ok(Some(out))
}

pub(super) fn index_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<IndexAttr>> {
    if !expect_list(cx, meta, "columns = [field_a, field_b]")? {
        return Ok(None);
    }
    let mut out = IndexAttr {
        origin: meta.path.to_token_stream(),
        keys: None,
        name: None,
        unique: false,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
        comment: None,
    };
    let mut seen = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        seen.push(key.clone());
        match key.as_str() {
            "columns" => set_once(cx, &inner, &mut out.keys, index_keys(cx, &inner)?),
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"index_name\"")?,
            ),
            "unique" => out.unique |= flag(cx, &inner)?.is_some(),
            "method" => {
                let method = lit_str(cx, &inner, "\"gin\"")?;
                if let Some(m) = &method {
                    if !INDEX_METHODS.contains(&m.value().as_str()) {
                        cx.error_spanned_by(
                            m,
                            format!(
                                "unknown index method `{}`{}\n  valid methods: {}",
                                m.value(),
                                suggestion(&m.value(), INDEX_METHODS.iter().copied()),
                                list(INDEX_METHODS.iter().copied())
                            ),
                        );
                    }
                }
                set_once(cx, &inner, &mut out.method, method)
            }
            "where" => set_once(
                cx,
                &inner,
                &mut out.predicate,
                lit_str(cx, &inner, "\"deleted_at IS NULL\"")?,
            ),
            "include" => {
                let mut slot = None;
                set_once(cx, &inner, &mut slot, ident_list(cx, &inner)?);
                out.include
                    .extend(slot.map(|s| s.value).unwrap_or_default());
            }
            "nulls_not_distinct" => out.nulls_not_distinct |= flag(cx, &inner)?.is_some(),
            "comment" => set_once(
                cx,
                &inner,
                &mut out.comment,
                lit_str(cx, &inner, "\"...\"")?,
            ),
            _ => unknown_key(cx, &inner, "#[table(index(...))]", INDEX_KEYS)?,
        }
        Ok(())
    })?;
    if out.keys.is_none() {
        if !seen.iter().any(|k| k == "columns") {
            cx.error_spanned_by(
                &out.origin,
                "`index(...)` needs `columns = [field_a, field_b]`",
            );
        }
        return Ok(None);
    }
    Ok(Some(out))
}

pub(super) fn check_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<CheckAttr>> {
    const EXAMPLE: &str = "name = \"balance_non_negative\", expr = \"balance >= 0\"";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let mut out = CheckAttr {
        origin: meta.path.clone(),
        name: None,
        expr: None,
    };
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"balance_non_negative\"")?,
            ),
            "expr" => set_once(
                cx,
                &inner,
                &mut out.expr,
                lit_str(cx, &inner, "\"balance >= 0\"")?,
            ),
            _ => unknown_key(cx, &inner, "#[table(check(...))]", CHECK_KEYS)?,
        }
        Ok(())
    })?;
    if out.name.is_none() || out.expr.is_none() {
        let missing = if out.name.is_none() { "name" } else { "expr" };
        cx.error_spanned_by(
            &out.origin,
            format!("`check(...)` needs `{missing}`: write `check({EXAMPLE})`; checks are named so that a later change to the expression can be matched to the constraint it replaces"),
        );
        return Ok(None);
    }
    Ok(Some(out))
}

fn foreign_key_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<ForeignKeyAttr>> {
    const EXAMPLE: &str = "columns = [a, b], references = Other, target = [x, y]";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let mut out = ForeignKeyAttr {
        origin: meta.path.clone(),
        columns: None,
        references: None,
        target: None,
        actions: FkActions::default(),
        on_delete_columns: None,
        on_delete_columns_given: false,
        name: None,
    };
    let mut seen = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        seen.push(key.clone());
        match key.as_str() {
            "columns" => set_once(cx, &inner, &mut out.columns, ident_list(cx, &inner)?),
            "target" => set_once(cx, &inner, &mut out.target, ident_list(cx, &inner)?),
            "on_delete_columns" => set_once(
                cx,
                &inner,
                &mut out.on_delete_columns,
                ident_list(cx, &inner)?,
            ),
            "references" => set_once(
                cx,
                &inner,
                &mut out.references,
                path_value(cx, &inner, "User")?,
            ),
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"constraint_name\"")?,
            ),
            _ => {
                if !fk_action(cx, &inner, &key, &mut out.actions)? {
                    unknown_key(cx, &inner, "#[table(foreign_key(...))]", FOREIGN_KEY_KEYS)?;
                }
            }
        }
        Ok(())
    })?;
    let missing: Vec<&str> = [
        ("columns", out.columns.is_none()),
        ("references", out.references.is_none()),
        ("target", out.target.is_none()),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.then_some(k))
    .collect();
    out.on_delete_columns_given = seen.iter().any(|k| k == "on_delete_columns");
    if missing.iter().any(|k| seen.iter().any(|s| s == k)) {
        // One of them was given but invalid; that error is already reported.
        return Ok(None);
    }
    if !missing.is_empty() {
        cx.error_spanned_by(
            &out.origin,
            format!(
                "`foreign_key(...)` needs {}: write `foreign_key({EXAMPLE})`",
                list(missing)
            ),
        );
        return Ok(None);
    }
    Ok(Some(out))
}

/// `sequence(start = 100, increment = 2, min_value = 1, max_value = 1000,
/// cache = 10, cycle)`.
fn sequence_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<SequenceAttr>> {
    if !expect_list(cx, meta, "start = 100, increment = 1")? {
        return Ok(None);
    }
    let mut out = SequenceAttr {
        origin: meta.path.clone(),
        start: None,
        increment: None,
        min_value: None,
        max_value: None,
        cache: None,
        cycle: false,
    };
    meta.parse_nested_meta(|inner| {
        let plain = |v: Option<Spanned<i64>>| v.map(|v| v.value);
        match key_of(&inner).as_str() {
            "start" => set_once(cx, &inner, &mut out.start, plain(int_value(cx, &inner)?)),
            "increment" => set_once(cx, &inner, &mut out.increment, int_value(cx, &inner)?),
            "min_value" => set_once(
                cx,
                &inner,
                &mut out.min_value,
                plain(int_value(cx, &inner)?),
            ),
            "max_value" => set_once(
                cx,
                &inner,
                &mut out.max_value,
                plain(int_value(cx, &inner)?),
            ),
            "cache" => set_once(cx, &inner, &mut out.cache, int_value(cx, &inner)?),
            "cycle" => out.cycle |= flag(cx, &inner)?.is_some(),
            _ => unknown_key(cx, &inner, "#[column(sequence(...))]", SEQUENCE_KEYS)?,
        }
        Ok(())
    })?;
    Ok(Some(out))
}

pub fn column_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> ColumnAttrs {
    let mut out = ColumnAttrs::default();
    each_key(cx, attrs, "column", |meta, key| {
        match key {
            "primary_key" => set_once(cx, meta, &mut out.primary_key, flag(cx, meta)?),
            "unique" => set_once(cx, meta, &mut out.unique, flag(cx, meta)?),
            "index" => set_once(cx, meta, &mut out.index, flag(cx, meta)?),
            "skip" => set_once(cx, meta, &mut out.skip, flag(cx, meta)?),
            "insert_default" => set_once(cx, meta, &mut out.insert_default, flag(cx, meta)?),
            "default" => {
                if expect_eq(cx, meta, "<value>")? {
                    set_once(
                        cx,
                        meta,
                        &mut out.default,
                        Some(meta.input.parse::<Expr>()?),
                    )
                }
            }
            "default_sql" => set_once(
                cx,
                meta,
                &mut out.default_sql,
                lit_str(cx, meta, "\"now()\"")?,
            ),
            "sql_type" => set_once(
                cx,
                meta,
                &mut out.sql_type,
                lit_str(cx, meta, "\"varchar(32)\"")?,
            ),
            "identity" => set_once(cx, meta, &mut out.identity, choice(cx, meta)?),
            "sequence" => set_once(cx, meta, &mut out.sequence, sequence_attr(cx, meta)?),
            "generated" => set_once(
                cx,
                meta,
                &mut out.generated,
                lit_str(cx, meta, "\"price * qty\"")?,
            ),
            "references" => set_once(
                cx,
                meta,
                &mut out.references,
                path_value(cx, meta, "User::id")?,
            ),
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"column_name\"")?,
            ),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_name\"")?),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "collate" => set_once(cx, meta, &mut out.collate, lit_str(cx, meta, "\"C\"")?),
            "on_delete_columns" => {
                // Only a composite key has columns to leave out of its action.
                cx.error_spanned_by(
                    &meta.path,
                    "`on_delete_columns` picks some columns of a composite foreign key and belongs in \
                     #[table(foreign_key(columns = [a, b], ..., on_delete = \"set_null\", on_delete_columns = [b]))]; \
                     this foreign key has one column, which `on_delete` already writes to alone: remove `on_delete_columns`",
                );
                skip_item(meta)?;
            }
            _ => {
                if !fk_action(cx, meta, key, &mut out.actions)? {
                    unknown_key(cx, meta, "#[column(...)]", COLUMN_KEYS)?;
                }
            }
        }
        Ok(())
    });
    out
}

pub fn enum_type_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> EnumTypeAttrs {
    let mut out = EnumTypeAttrs::default();
    each_key(cx, attrs, "enum_type", |meta, key| {
        match key {
            "name" => set_once(cx, meta, &mut out.name, lit_str(cx, meta, "\"type_name\"")?),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"auth\"")?),
            "rename_all" => set_once(
                cx,
                meta,
                &mut out.rename_all,
                lit_str(cx, meta, "\"snake_case\"")?,
            ),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_name\"")?),
            _ => unknown_key(cx, meta, "#[enum_type(...)]", ENUM_TYPE_KEYS)?,
        }
        Ok(())
    });
    out
}

pub fn enum_value_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> EnumValueAttrs {
    let mut out = EnumValueAttrs::default();
    each_key(cx, attrs, "enum_value", |meta, key| {
        match key {
            "name" => set_once(cx, meta, &mut out.name, lit_str(cx, meta, "\"value\"")?),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_value\"")?),
            _ => unknown_key(cx, meta, "#[enum_value(...)]", ENUM_VALUE_KEYS)?,
        }
        Ok(())
    });
    out
}

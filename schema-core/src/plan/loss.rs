//! Data loss: the one definition of what needs consent.
//!
//! A statement that drops a table or a column, or removes enum values rows may
//! hold, deletes data. One that fills NULLs with a column's new default writes
//! data. One that may fail on existing rows (a narrowing or casting type change)
//! needs consent when its table has such rows, and one that certainly fails on
//! them (SET NOT NULL over NULLs, a new NOT NULL column without a default on a
//! table with rows) is refused before anything runs. Each is a [`Loss`] on the
//! statement that does it, made by the constructors here, so whoever holds the
//! plan (push, generate, `migrate down`, the JSON output) reads the same list.

use serde::{Deserialize, Serialize};

use super::render::{display, Context};
use crate::diff::EnumUse;
use crate::model::{quote_ident, quote_literal, Column, EnumType, QualifiedName, Table};

/// A statement's effect on existing rows that needs consent, or refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loss {
    /// What is done: `drop column public.users.nickname`.
    pub what: String,
    /// The table whose rows are affected, named as it is before the plan runs
    /// (for [`RowScope::Objects`], the object that is lost).
    pub table: QualifiedName,
    /// Which of the table's rows are affected.
    pub scope: RowScope,
    pub effect: Effect,
    /// What to change so that a statement that would fail does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The rows affected (capped at [`ROW_COUNT_CAP`]), once counted against a
    /// database; `None` when not counted.
    pub rows: Option<u64>,
}

/// What a [`Loss`] does to the affected rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Deletes them (or the values in a column): consent, always.
    Deletes,
    /// Overwrites their NULLs with a value: consent when there are some (or
    /// when they cannot be counted).
    Fills,
    /// Fails if a value does not convert or fit: consent when there are some.
    MayFail,
    /// Fails on every one of them: refused when there are some.
    Fails,
}

/// Which rows of a table a [`Loss`] affects. Columns are named as they are
/// before the plan runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowScope {
    /// Every row.
    All,
    /// The rows with a value (not NULL) in the column.
    NotNull { column: String },
    /// The rows holding NULL in the column.
    Null { column: String },
    /// The rows whose column (or, for an array column, any element of it) holds
    /// one of the values.
    EnumValues {
        column: String,
        values: Vec<String>,
        array: bool,
    },
    /// Not rows of a table (an extension and the objects it provides): nothing
    /// to count.
    Objects,
}

/// Row counts stop here: "more than a million rows" is enough to decide.
pub const ROW_COUNT_CAP: u64 = 1_000_000;

impl Loss {
    /// Whether applying it needs consent (see [`Effect`]).
    pub fn needs_consent(&self) -> bool {
        match self.effect {
            Effect::Deletes => true,
            Effect::Fills => self.rows != Some(0),
            Effect::MayFail => self.rows.is_some_and(|n| n > 0),
            Effect::Fails => false,
        }
    }

    /// Whether the plan is known to fail on the rows counted: refuse it.
    pub fn blocks(&self) -> bool {
        self.effect == Effect::Fails && self.rows.is_some_and(|n| n > 0)
    }

    /// A word for people: `data loss`, `object loss` (a view, function,
    /// trigger, policy, row level security or extension, not rows), `data
    /// change`, `may fail`, `fails`.
    pub fn label(&self) -> &'static str {
        match self.effect {
            Effect::Deletes if self.scope == RowScope::Objects => "object loss",
            Effect::Deletes => "data loss",
            Effect::Fills => "data change",
            Effect::MayFail => "may fail",
            Effect::Fails => "fails",
        }
    }

    /// The query that counts the affected rows, up to [`ROW_COUNT_CAP`]; `None`
    /// when there are no rows to count.
    pub(crate) fn count_query(&self) -> Option<String> {
        let filter = match &self.scope {
            RowScope::Objects => return None,
            RowScope::All => String::new(),
            RowScope::NotNull { column } => format!(" WHERE {} IS NOT NULL", quote_ident(column)),
            RowScope::Null { column } => format!(" WHERE {} IS NULL", quote_ident(column)),
            RowScope::EnumValues {
                column,
                values,
                array,
            } => {
                let list = values
                    .iter()
                    .map(|v| quote_literal(v))
                    .collect::<Vec<_>>()
                    .join(", ");
                if *array {
                    format!(" WHERE {}::text[] && ARRAY[{list}]", quote_ident(column))
                } else {
                    format!(" WHERE {}::text IN ({list})", quote_ident(column))
                }
            }
        };
        Some(format!(
            "SELECT count(*) FROM (SELECT 1 FROM {}{filter} LIMIT {ROW_COUNT_CAP}) AS s",
            self.table
        ))
    }
}

fn loss(
    ctx: &Context,
    what: String,
    table: &QualifiedName,
    scope: RowScope,
    effect: Effect,
) -> Loss {
    Loss {
        what,
        table: ctx.current_table(table),
        scope,
        effect,
        fix: None,
        rows: None,
    }
}

pub(super) fn dropped_table(ctx: &Context, t: &Table) -> Loss {
    let name = t.qualified_name();
    let what = format!("drop table {}", display(&name));
    loss(ctx, what, &name, RowScope::All, Effect::Deletes)
}

/// A partition dropped with its rows.
pub(super) fn dropped_partition(ctx: &Context, name: &QualifiedName) -> Loss {
    let what = format!("drop partition {}", display(name));
    loss(ctx, what, name, RowScope::All, Effect::Deletes)
}

pub(super) fn dropped_column(ctx: &Context, table: &QualifiedName, column: &str) -> Loss {
    let what = format!("drop column {}.{column}", display(table));
    let scope = RowScope::NotNull {
        column: ctx.current_column(table, column),
    };
    loss(ctx, what, table, scope, Effect::Deletes)
}

/// A type change that fails on values that do not convert or fit.
pub(super) fn retyped_column(
    ctx: &Context,
    table: &QualifiedName,
    from: &Column,
    to: &Column,
) -> Loss {
    let what = format!(
        "change {}.{} from {} to {}",
        display(table),
        to.name,
        from.ty,
        to.ty
    );
    let scope = RowScope::NotNull {
        column: ctx.current_column(table, &from.name),
    };
    loss(ctx, what, table, scope, Effect::MayFail)
}

/// NULLs filled with the column's new default before it becomes NOT NULL.
pub(super) fn filled_nulls(
    ctx: &Context,
    table: &QualifiedName,
    column: &str,
    default: &str,
) -> Loss {
    let what = format!(
        "fill NULLs in {}.{column} with its default {default}",
        display(table)
    );
    let scope = RowScope::Null {
        column: ctx.current_column(table, column),
    };
    loss(ctx, what, table, scope, Effect::Fills)
}

/// SET NOT NULL on a column without a default: fails on every NULL.
pub(super) fn nulls_in_not_null(ctx: &Context, table: &QualifiedName, column: &str) -> Loss {
    let what = format!(
        "{}.{column} cannot become NOT NULL while rows hold NULL in it (column \"{column}\" contains null values)",
        display(table)
    );
    let scope = RowScope::Null {
        column: ctx.current_column(table, column),
    };
    Loss {
        fix: Some(format!(
            "give `{column}` a default to fill them (#[column(default = ...)] or default_sql = \"...\"), keep it nullable (Option<...>), or fill the NULLs first"
        )),
        ..loss(ctx, what, table, scope, Effect::Fails)
    }
}

/// A new NOT NULL column without a default: fails on a table with rows.
pub(super) fn added_without_default(ctx: &Context, table: &QualifiedName, column: &str) -> Loss {
    let what = format!(
        "NOT NULL column {}.{column} cannot be added without a default to a table with rows (column \"{column}\" contains null values)",
        display(table)
    );
    Loss {
        fix: Some(format!(
            "give `{column}` a default (#[column(default = ...)] or default_sql = \"...\"), or add it as Option<...>, fill it, then make it NOT NULL"
        )),
        ..loss(ctx, what, table, RowScope::All, Effect::Fails)
    }
}

/// An extension dropped, with every object it provides.
pub(super) fn dropped_extension(e: &crate::model::Extension) -> Loss {
    Loss {
        what: format!("drop extension {} and every object it provides", e.name),
        table: QualifiedName::new(e.schema.clone().unwrap_or_default(), &e.name),
        scope: RowScope::Objects,
        effect: Effect::Deletes,
        fix: None,
        rows: None,
    }
}

/// A view, function, trigger or policy dropped for good, or row level security
/// turned off (`what` says which: `drop view public.v`).
pub(super) fn dropped_object(what: String, object: QualifiedName) -> Loss {
    Loss {
        what,
        table: object,
        scope: RowScope::Objects,
        effect: Effect::Deletes,
        fix: None,
        rows: None,
    }
}

/// Values removed from an enum that rows of its first column may hold.
pub(super) fn removed_enum_values(
    ctx: &Context,
    from: &EnumType,
    to: &EnumType,
    uses: &[EnumUse],
) -> Option<Loss> {
    let removed: Vec<String> = from
        .values
        .iter()
        .filter(|v| !to.values.contains(v))
        .cloned()
        .collect();
    let first_use = uses.first()?;
    if removed.is_empty() {
        return None; // reordered only: every row converts
    }
    let listed = removed
        .iter()
        .map(|v| quote_literal(v))
        .collect::<Vec<_>>()
        .join(", ");
    let what = format!(
        "remove value(s) {listed} of enum {}",
        display(&from.qualified_name())
    );
    let scope = RowScope::EnumValues {
        column: ctx.current_column(&first_use.table, &first_use.column),
        values: removed,
        array: first_use.array,
    };
    Some(loss(ctx, what, &first_use.table, scope, Effect::Deletes))
}

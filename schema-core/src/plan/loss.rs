//! Data loss: the one definition of what needs consent.
//!
//! A change loses data when it drops a table or a column, or removes values of
//! an enum that rows may hold. A change that fails when its table has rows (a
//! narrowing or casting type change, a new NOT NULL column without a default)
//! needs consent too, but only when such rows exist. Each is recorded as a
//! [`Loss`] on the statement of its change that does the damage, so whoever holds
//! the plan (push, generate, `migrate down`, the JSON output) reads the same list.

use serde::{Deserialize, Serialize};

use super::render::Context;
use super::{HazardKind, Statement};
use crate::diff::Change;
use crate::model::{quote_ident, quote_literal, QualifiedName};

/// A change that destroys data, or fails when its table has rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loss {
    /// What is lost: `drop column public.users.nickname`.
    pub what: String,
    /// The table whose rows are affected, named as it is before the plan runs.
    pub table: QualifiedName,
    /// Which of the table's rows are affected.
    pub scope: RowScope,
    /// The statement fails on the affected rows rather than deleting them, so
    /// consent is needed only when there are some.
    pub only_with_rows: bool,
    /// The rows affected (capped at [`ROW_COUNT_CAP`]), once counted against a
    /// database; `None` when not counted.
    pub rows: Option<u64>,
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
    /// The rows whose column (or, for an array column, any element of it) holds
    /// one of the values.
    EnumValues {
        column: String,
        values: Vec<String>,
        array: bool,
    },
}

/// Row counts stop here: "more than a million rows" is enough to decide.
pub const ROW_COUNT_CAP: u64 = 1_000_000;

impl Loss {
    /// Whether applying it needs consent: always for what is deleted; for what
    /// fails on existing rows, when they were counted and there are some.
    pub fn needs_consent(&self) -> bool {
        !self.only_with_rows || self.rows.is_some_and(|n| n > 0)
    }

    /// The query that counts the affected rows, up to [`ROW_COUNT_CAP`].
    pub(crate) fn count_query(&self) -> String {
        let filter = match &self.scope {
            RowScope::All => String::new(),
            RowScope::NotNull { column } => format!(" WHERE {} IS NOT NULL", quote_ident(column)),
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
        format!(
            "SELECT count(*) FROM (SELECT 1 FROM {}{filter} LIMIT {ROW_COUNT_CAP}) AS s",
            self.table
        )
    }
}

/// Records the loss of `change`, if it has one, on the first of its statements
/// that deletes data or may fail on existing rows.
pub(super) fn attach<'s>(
    change: &Change,
    ctx: &Context,
    statements: impl Iterator<Item = &'s mut Statement>,
) {
    let mut statements: Vec<&mut Statement> = statements.collect();
    let deletes = statements
        .iter()
        .any(|s| s.has_hazard(HazardKind::DeletesData));
    let may_fail = statements
        .iter()
        .any(|s| s.has_hazard(HazardKind::MayFailOnExistingRows));
    let Some(loss) = of(change, ctx, deletes, may_fail) else {
        return;
    };
    let carrier = statements.iter_mut().find(|s| {
        s.has_hazard(HazardKind::DeletesData) || s.has_hazard(HazardKind::MayFailOnExistingRows)
    });
    if let Some(s) = carrier {
        s.loss = Some(Box::new(loss));
    }
}

/// The loss of one change, given what its statements risk.
fn of(change: &Change, ctx: &Context, deletes: bool, may_fail: bool) -> Option<Loss> {
    let loss = |what: String, table: &QualifiedName, scope: RowScope, only_with_rows: bool| Loss {
        what,
        table: ctx.current_table(table),
        scope,
        only_with_rows,
        rows: None,
    };
    let not_null = |table: &QualifiedName, column: &str| RowScope::NotNull {
        column: ctx.current_column(table, column),
    };
    match change {
        Change::DropTable(t) => Some(loss(
            format!("drop table {}.{}", t.schema, t.name),
            &t.qualified_name(),
            RowScope::All,
            false,
        )),
        Change::DropColumn { table, column } => Some(loss(
            format!(
                "drop column {}.{}.{}",
                table.schema, table.name, column.name
            ),
            table,
            not_null(table, &column.name),
            false,
        )),
        Change::AlterColumn { table, from, to } if from.ty != to.ty && (deletes || may_fail) => {
            Some(loss(
                format!(
                    "change {}.{}.{} from {} to {}",
                    table.schema, table.name, to.name, from.ty, to.ty
                ),
                table,
                not_null(table, &from.name),
                !deletes,
            ))
        }
        Change::AddColumn { table, column } if may_fail => Some(loss(
            format!(
                "add NOT NULL column {}.{}.{} without a default",
                table.schema, table.name, column.name
            ),
            table,
            RowScope::All,
            true,
        )),
        Change::RecreateEnum { from, to, columns } => {
            let removed: Vec<String> = from
                .values
                .iter()
                .filter(|v| !to.values.contains(v))
                .cloned()
                .collect();
            let first_use = columns.first()?;
            if removed.is_empty() {
                return None; // reordered only: every row converts
            }
            let listed = removed
                .iter()
                .map(|v| quote_literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            Some(loss(
                format!(
                    "remove value(s) {listed} of enum {}.{}",
                    from.schema, from.name
                ),
                &first_use.table,
                RowScope::EnumValues {
                    column: ctx.current_column(&first_use.table, &first_use.column),
                    values: removed,
                    array: first_use.array,
                },
                false,
            ))
        }
        _ => None,
    }
}

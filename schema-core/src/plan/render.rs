//! One change to its statements, each tagged with the phase it runs in, with hazards.
//!
//! Hazards that only matter for rows already present (a failing constraint, an
//! index build) are left off objects on tables this plan creates: they are empty.

use std::collections::BTreeSet;

use super::order::{phase, Phase};
use super::{columns, HazardKind::*, PlanOptions, Statement};
use crate::ddl::{self, CommentTarget};
use crate::diff::{Change, EnumUse};
use crate::model::{EnumType, ForeignKey, Index, QualifiedName, Table};

/// What rendering one change needs to know about the others.
pub(super) struct Context {
    created: BTreeSet<QualifiedName>,
    dropped: BTreeSet<QualifiedName>,
    /// Indexes built `CONCURRENTLY` (on tables that exist already), by schema and
    /// name (index names are unique within a schema).
    concurrent: BTreeSet<(String, String)>,
}

impl Context {
    pub(super) fn new(changes: &[Change], options: &PlanOptions) -> Context {
        let mut ctx = Context {
            created: BTreeSet::new(),
            dropped: BTreeSet::new(),
            concurrent: BTreeSet::new(),
        };
        for c in changes {
            match c {
                Change::CreateTable(t) => ctx.created.insert(t.qualified_name()),
                Change::DropTable(t) => ctx.dropped.insert(t.qualified_name()),
                _ => false,
            };
        }
        if options.concurrent_indexes {
            // A unique index a new foreign key relies on must exist inside the transaction.
            let referenced: BTreeSet<&QualifiedName> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::AddForeignKey { foreign_key, .. } => Some(&foreign_key.references),
                    _ => None,
                })
                .collect();
            for c in changes {
                if let Change::CreateIndex { table, index } = c {
                    if !ctx.is_new(table) && !(index.unique && referenced.contains(table)) {
                        ctx.concurrent
                            .insert((table.schema.clone(), index.name.clone()));
                    }
                }
            }
        }
        ctx
    }

    fn is_new(&self, table: &QualifiedName) -> bool {
        self.created.contains(table)
    }

    fn is_concurrent(&self, schema: &str, index: &str) -> bool {
        self.concurrent
            .contains(&(schema.to_string(), index.to_string()))
    }
}

/// `public.users`: a name for people, unquoted.
pub(super) fn display(q: &QualifiedName) -> String {
    format!("{}.{}", q.schema, q.name)
}

pub(super) fn table_target(q: &QualifiedName) -> String {
    format!("table {}", display(q))
}

/// The statements of one change, each with the phase it runs in.
pub(super) fn render(change: &Change, ctx: &Context) -> Vec<(Phase, Statement)> {
    let main = phase(change);
    match change {
        // Built outside the transaction, after it commits; its comment after it.
        Change::CreateIndex { table, index } if ctx.is_concurrent(&table.schema, &index.name) => {
            vec![(Phase::ConcurrentIndexes, concurrent_index(table, index))]
        }
        Change::SetComment {
            target: CommentTarget::Index { schema, name },
            ..
        } if ctx.is_concurrent(schema, name) => object(change)
            .or_else(|| constraint(change, ctx))
            .into_iter()
            .map(|s| (Phase::ConcurrentIndexes, s))
            .collect(),
        Change::RecreateEnum { from, to, columns } => recreate_enum(from, to, columns),
        Change::DropTable(t) => drop_table(t, ctx),
        Change::AlterColumn { table, from, to } => columns::alter_column(table, from, to)
            .into_iter()
            .map(|s| (main, s))
            .collect(),
        // A foreign key may need a unique index, so those are built with the keys.
        Change::CreateIndex { index, .. } if index.unique => constraint(change, ctx)
            .into_iter()
            .map(|s| (Phase::AddConstraints, s))
            .collect(),
        _ => object(change)
            .or_else(|| constraint(change, ctx))
            .into_iter()
            .map(|s| (main, s))
            .collect(),
    }
}

/// Schemas, enums, tables and columns: one statement each.
fn object(change: &Change) -> Option<Statement> {
    let (sql, target) = match change {
        Change::CreateSchema { name } => (ddl::create_schema(name), format!("schema {name}")),
        Change::DropSchema { name } => (ddl::drop_schema(name), format!("schema {name}")),
        Change::CreateEnum(e) => (ddl::create_enum(e), enum_target(&e.qualified_name())),
        Change::DropEnum(e) => {
            let name = e.qualified_name();
            (ddl::drop_enum(&name), enum_target(&name))
        }
        Change::RenameEnum { from, to } => (ddl::rename_enum(from, to), enum_target(from)),
        Change::AddEnumValue {
            enum_name: e,
            value,
            position,
        } => (ddl::add_enum_value(e, value, position), enum_target(e)),
        Change::RenameEnumValue {
            enum_name: e,
            from,
            to,
        } => (ddl::rename_enum_value(e, from, to), enum_target(e)),
        Change::CreateTable(t) => (ddl::create_table(t), table_target(&t.qualified_name())),
        Change::RenameTable { from, to } => (ddl::rename_table(from, to), table_target(from)),
        Change::AddColumn { table, column } => return Some(columns::add_column(table, column)),
        Change::DropColumn { table, column } => {
            let why = format!(
                "drops column {} of {} and the values in it",
                column.name,
                display(table)
            );
            let sql = ddl::drop_column(table, &column.name);
            return Some(Statement::new(sql, table_target(table)).hazard(DeletesData, why));
        }
        Change::RenameColumn { table, from, to } => {
            (ddl::rename_column(table, from, to), table_target(table))
        }
        Change::RenameIdentitySequence { table, column, to } => (
            ddl::rename_identity_sequence(table, column, to),
            table_target(table),
        ),
        _ => return None,
    };
    Some(Statement::new(sql, target))
}

/// Keys, constraints, indexes and comments.
fn constraint(change: &Change, ctx: &Context) -> Option<Statement> {
    let s = match change {
        Change::AddPrimaryKey { table, key } => existing_rows(
            ctx,
            table,
            Statement::new(ddl::add_primary_key(table, key), table_target(table)),
            "fails if existing rows hold duplicates or NULLs in the key columns",
            true,
        ),
        Change::DropPrimaryKey { table, key } => {
            Statement::new(ddl::drop_constraint(table, &key.name), table_target(table))
        }
        Change::AddUnique { table, unique } => existing_rows(
            ctx,
            table,
            Statement::new(ddl::add_unique(table, unique), table_target(table)),
            "fails if existing rows hold duplicate values",
            true,
        ),
        Change::DropUnique { table, unique } => Statement::new(
            ddl::drop_constraint(table, &unique.name),
            table_target(table),
        ),
        Change::AddCheck { table, check } => existing_rows(
            ctx,
            table,
            Statement::new(ddl::add_check(table, check), table_target(table)),
            "fails if an existing row violates the check",
            false,
        ),
        Change::DropCheck { table, check } => Statement::new(
            ddl::drop_constraint(table, &check.name),
            table_target(table),
        ),
        Change::AddForeignKey { table, foreign_key } => existing_rows(
            ctx,
            table,
            Statement::new(
                ddl::add_foreign_key(table, foreign_key),
                table_target(table),
            ),
            "fails if an existing row references a missing row",
            false,
        ),
        Change::DropForeignKey { table, foreign_key } => Statement::new(
            ddl::drop_constraint(table, &foreign_key.name),
            table_target(table),
        ),
        Change::CreateIndex { table, index } => {
            let s = Statement::new(
                ddl::create_index(table, index, false),
                index_target(table, &index.name),
            );
            if ctx.is_new(table) {
                s
            } else {
                s.hazard(
                    BuildsIndex,
                    format!(
                        "builds index {} while writes to {} wait",
                        index.name,
                        display(table)
                    ),
                )
            }
        }
        Change::DropIndex { table, index } => Statement::new(
            ddl::drop_index(&table.schema, &index.name, false),
            index_target(table, &index.name),
        ),
        Change::SetComment { target, comment } => Statement::new(
            ddl::comment_on(target, comment.as_deref()),
            comment_target(target),
        ),
        _ => return None,
    };
    Some(s)
}

/// `CREATE INDEX CONCURRENTLY` on an existing table: writes go on while it builds,
/// but it cannot run in a transaction, and a failure leaves an invalid index.
fn concurrent_index(table: &QualifiedName, index: &Index) -> Statement {
    let mut s = Statement::new(
        ddl::create_index(table, index, true),
        index_target(table, &index.name),
    );
    s.transactional = false;
    let why = format!(
        "builds index {} without blocking writes to {}, outside the transaction; if it fails, drop the invalid index and push again",
        index.name,
        display(table)
    );
    let kind = if index.unique {
        MayFailOnExistingRows
    } else {
        BuildsIndex
    };
    s.hazard(kind, why)
}

/// Adds the may-fail hazard (and the index build) for a constraint on an existing table.
fn existing_rows(
    ctx: &Context,
    table: &QualifiedName,
    s: Statement,
    why: &str,
    index: bool,
) -> Statement {
    if ctx.is_new(table) {
        return s;
    }
    let t = display(table);
    let s = s.hazard(MayFailOnExistingRows, why);
    if index {
        s.hazard(
            BuildsIndex,
            format!("builds a unique index while writes to {t} wait"),
        )
    } else {
        s.hazard(
            LocksTable,
            format!("checks every row of {t} while writes to it wait"),
        )
    }
}

fn enum_target(q: &QualifiedName) -> String {
    format!("enum {}", display(q))
}

fn index_target(table: &QualifiedName, name: &str) -> String {
    format!("index {}.{name}", table.schema)
}

fn comment_target(target: &CommentTarget) -> String {
    match target {
        CommentTarget::Table(t) | CommentTarget::Column { table: t, .. } => table_target(t),
        CommentTarget::Enum(e) => enum_target(e),
        CommentTarget::Index { schema, name } => format!("index {schema}.{name}"),
    }
}

/// Foreign keys between dropped tables go first, so the tables drop in any order;
/// the rest (indexes, constraints, self references) go with the table.
fn drop_table(t: &Table, ctx: &Context) -> Vec<(Phase, Statement)> {
    let qname = t.qualified_name();
    let mut out: Vec<(Phase, Statement)> = t
        .foreign_keys
        .iter()
        .filter(|fk| fk.references != qname && ctx.dropped.contains(&fk.references))
        .map(|fk: &ForeignKey| {
            (
                Phase::DropForeignKeys,
                Statement::new(ddl::drop_constraint(&qname, &fk.name), table_target(&qname)),
            )
        })
        .collect();
    let drop = Statement::new(ddl::drop_table(&qname), table_target(&qname)).hazard(
        DeletesData,
        format!("drops table {} and every row in it", display(&qname)),
    );
    out.push((Phase::DropTables, drop));
    out
}

/// The old type is renamed aside, the new one created under the name, each column
/// converted through text, and the old type dropped once nothing uses it.
fn recreate_enum(from: &EnumType, to: &EnumType, uses: &[EnumUse]) -> Vec<(Phase, Statement)> {
    let name = to.qualified_name();
    let aside = format!("{}__old", from.name);
    let target = enum_target(&name);
    let removed: Vec<&str> = from
        .values
        .iter()
        .filter(|v| !to.values.contains(v))
        .map(String::as_str)
        .collect();
    let mut rename = Statement::new(ddl::rename_enum(&name, &aside), target.clone());
    if !removed.is_empty() {
        rename = rename
            .hazard(
                DeletesData,
                format!(
                    "removes value(s) {} from enum {}",
                    removed.join(", "),
                    display(&name)
                ),
            )
            .hazard(
                MayFailOnExistingRows,
                "converting a column fails if a row holds a removed value",
            );
    }
    let mut out = vec![
        (Phase::Enums, rename),
        (
            Phase::Enums,
            Statement::new(ddl::create_enum_named(&name, &to.values), target.clone()),
        ),
    ];
    for u in uses {
        out.extend(
            columns::convert_enum_column(&name, u)
                .into_iter()
                .map(|s| (Phase::Enums, s)),
        );
    }
    let old = QualifiedName::new(&name.schema, aside);
    out.push((
        Phase::DropEnums,
        Statement::new(ddl::drop_enum(&old), target),
    ));
    out
}

//! Table-level diff: columns, keys, constraints, indexes and comments.

use super::{comment, Change, CommentTarget, TableIndex};
use crate::model::{Column, ForeignKey, Index, QualifiedName, Schema, Table};

pub(super) fn diff_tables(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let (from_index, to_index) = (TableIndex::new(from), TableIndex::new(to));
    for new in &to.tables {
        match from_index.get(from, &new.schema, &new.name) {
            None => create_table(new, changes),
            // A table partitioned another way (or now, or no longer) is made
            // anew: Postgres cannot change how a table's rows are split.
            Some(old) if old.partition_by != new.partition_by => {
                changes.push(Change::DropTable(old.clone()));
                create_table(new, changes);
            }
            Some(old) => {
                let mut retyped = recreated_enum_columns(changes, &new.qualified_name());
                retyped.extend(user_type_changes(old, new));
                diff_table(old, new, &retyped, changes)
            }
        }
    }
    for old in &from.tables {
        if to_index.position(&old.schema, &old.name).is_none() {
            changes.push(Change::DropTable(old.clone()));
        }
    }
    rebuild_dependent_foreign_keys(from, to, &to_index, changes);
    rebuild_foreign_keys_over_retyped_columns(from, to, changes);
}

/// A new table, then its foreign keys, indexes and comments as their own changes.
fn create_table(new: &Table, changes: &mut Vec<Change>) {
    let qname = new.qualified_name();
    let mut table = new.clone();
    table.foreign_keys.clear();
    table.indexes.clear();
    table.triggers.clear();
    table.policies.clear();
    table.exclusions.clear();
    table.partitions.clear();
    table.row_security = Default::default();
    changes.push(Change::CreateTable(table));
    for partition in &new.partitions {
        changes.push(Change::CreatePartition {
            table: qname.clone(),
            partition: partition.clone(),
        });
    }
    for fk in &new.foreign_keys {
        changes.push(Change::AddForeignKey {
            table: qname.clone(),
            foreign_key: fk.clone(),
        });
    }
    for index in &new.indexes {
        changes.push(Change::CreateIndex {
            table: qname.clone(),
            index: index.clone(),
            partitioned: new.partition_by.is_some(),
        });
    }
    if new.comment.is_some() {
        changes.push(comment(CommentTarget::Table(qname.clone()), &new.comment));
    }
    for column in new.columns.iter().filter(|c| c.comment.is_some()) {
        changes.push(column_comment(&qname, column));
    }
    for index in new.indexes.iter().filter(|i| i.comment.is_some()) {
        changes.push(index_comment(&qname, index));
    }
}

fn column_comment(table: &QualifiedName, column: &Column) -> Change {
    let target = CommentTarget::Column {
        table: table.clone(),
        column: column.name.clone(),
    };
    comment(target, &column.comment)
}

pub(super) fn index_comment(table: &QualifiedName, index: &Index) -> Change {
    let target = CommentTarget::Index {
        schema: table.schema.clone(),
        name: index.name.clone(),
    };
    comment(target, &index.comment)
}

/// Columns of `table` converted to a recreated enum. Expressions comparing them
/// with enum literals would name the old type, so Postgres cannot convert the
/// column under them: such checks and indexes are dropped and made again.
fn recreated_enum_columns(changes: &[Change], table: &QualifiedName) -> Vec<String> {
    let uses = changes.iter().flat_map(|c| match c {
        Change::RecreateEnum { columns, .. } => columns.as_slice(),
        _ => &[],
    });
    uses.filter(|u| &u.table == table)
        .map(|u| u.column.clone())
        .collect()
}

/// Columns changing type to or from a user type (an enum): the same holds for them.
fn user_type_changes(old: &Table, new: &Table) -> Vec<String> {
    let user = |t: &crate::types::SqlType| matches!(t.element(), crate::types::SqlType::Named(_));
    new.columns
        .iter()
        .filter(|c| {
            old.column(&c.name)
                .is_some_and(|o| o.ty != c.ty && (user(&o.ty) || user(&c.ty)))
        })
        .map(|c| c.name.clone())
        .collect()
}

fn diff_table(old: &Table, new: &Table, retyped: &[String], changes: &mut Vec<Change>) {
    let qname = new.qualified_name();
    diff_partitions(&qname, old, new, changes);
    // Dropping a column takes its keys and indexes with it: those on a column that
    // is dropped and added again are dropped first and made again.
    let retyped_here = retyped_columns(old, new, retyped);
    let gone = recreated_columns(old, new, &retyped_here);
    diff_columns(&qname, old, new, (&gone, &retyped_here), changes);
    let pk_touched = old
        .primary_key
        .as_ref()
        .is_some_and(|k| names_any(&k.columns, &[], &gone));
    if old.primary_key != new.primary_key || pk_touched {
        if let Some(key) = &old.primary_key {
            changes.push(Change::DropPrimaryKey {
                table: qname.clone(),
                key: key.clone(),
            });
        }
        if let Some(key) = &new.primary_key {
            changes.push(Change::AddPrimaryKey {
                table: qname.clone(),
                key: key.clone(),
            });
        }
    }
    by_name(
        &old.uniques,
        &new.uniques,
        |u| &u.name,
        |a, b| a == b && !names_any(&a.columns, &[], &gone),
        |added, u| {
            let table = qname.clone();
            let unique = u.clone();
            changes.push(if added {
                Change::AddUnique { table, unique }
            } else {
                Change::DropUnique { table, unique }
            })
        },
    );
    by_name(
        &old.checks,
        &new.checks,
        |c| &c.name,
        |a, b| a == b && !names_any(&[], &[&a.expression], &[&gone[..], retyped].concat()),
        |added, c| {
            let (table, check) = (qname.clone(), c.clone());
            changes.push(if added {
                Change::AddCheck { table, check }
            } else {
                Change::DropCheck { table, check }
            })
        },
    );
    by_name(
        &old.foreign_keys,
        &new.foreign_keys,
        |f| &f.name,
        |a, b| a == b && !names_any(&a.columns, &[], &gone),
        |added, f| {
            let (table, foreign_key) = (qname.clone(), f.clone());
            changes.push(if added {
                Change::AddForeignKey { table, foreign_key }
            } else {
                Change::DropForeignKey { table, foreign_key }
            })
        },
    );
    diff_indexes(
        &qname,
        &old.indexes,
        &new.indexes,
        (&gone, retyped),
        new.partition_by.is_some(),
        changes,
    );
    if old.comment != new.comment {
        changes.push(comment(CommentTarget::Table(qname), &new.comment));
    }
}

/// Calls `emit(false, old)` for each object dropped or changed and `emit(true, new)`
/// for each object added or changed (a change is a drop and an add).
fn by_name<T>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &String,
    same: impl Fn(&T, &T) -> bool,
    mut emit: impl FnMut(bool, &T),
) {
    for o in old {
        match new.iter().find(|n| name(n) == name(o)) {
            Some(n) if same(o, n) => {}
            _ => emit(false, o),
        }
    }
    for n in new {
        match old.iter().find(|o| name(o) == name(n)) {
            Some(o) if same(o, n) => {}
            _ => emit(true, n),
        }
    }
}

/// The indexes of a table or materialized view.
pub(super) fn diff_indexes(
    qname: &QualifiedName,
    old: &[Index],
    new: &[Index],
    (gone, retyped): (&[String], &[String]),
    partitioned: bool,
    changes: &mut Vec<Change>,
) {
    let uncommented = |i: &Index| Index {
        comment: None,
        ..i.clone()
    };
    let same = |a: &Index, b: &Index| {
        uncommented(a) == uncommented(b)
            && !index_touches(a, gone)
            && !names_any(&[], &index_expressions(a), retyped)
    };
    let mut recreated = Vec::new();
    by_name(
        old,
        new,
        |i| &i.name,
        same,
        |added, i| {
            let (table, index) = (qname.clone(), i.clone());
            if added {
                recreated.push(i.name.clone());
                changes.push(Change::CreateIndex {
                    table,
                    index,
                    partitioned,
                });
            } else {
                changes.push(Change::DropIndex { table, index });
            }
        },
    );
    for index in new {
        let old_comment = old
            .iter()
            .find(|i| i.name == index.name)
            .and_then(|i| i.comment.as_ref());
        let lost = recreated.contains(&index.name) && index.comment.is_some();
        if lost || (!recreated.contains(&index.name) && old_comment != index.comment.as_ref()) {
            changes.push(index_comment(qname, index));
        }
    }
}

/// `gone`: the columns that exist on both sides but are dropped and added again;
/// `retyped`: those whose type changes.
fn diff_columns(
    qname: &QualifiedName,
    old: &Table,
    new: &Table,
    (gone, retyped): (&[String], &[String]),
    changes: &mut Vec<Change>,
) {
    let mut recreated = Vec::new();
    // Generated columns reading a retyped column are added once it has its new type.
    let mut generated = Vec::new();
    for column in &new.columns {
        let add = Change::AddColumn {
            table: qname.clone(),
            column: column.clone(),
        };
        match old.column(&column.name) {
            None => {
                recreated.push(column.name.clone());
                if reads_any(column, retyped) {
                    generated.push(add);
                } else {
                    changes.push(add);
                }
            }
            Some(before) if gone.contains(&column.name) => {
                recreated.push(column.name.clone());
                changes.push(Change::DropColumn {
                    table: qname.clone(),
                    column: before.clone(),
                });
                generated.push(add);
            }
            Some(before) if shape(before) != shape(column) => changes.push(Change::AlterColumn {
                table: qname.clone(),
                from: before.clone(),
                to: column.clone(),
            }),
            Some(_) => {}
        }
    }
    changes.extend(generated);
    // Generated columns go first: a column they read cannot be dropped under them.
    let (gen, plain): (Vec<&Column>, Vec<&Column>) = old
        .columns
        .iter()
        .filter(|c| new.column(&c.name).is_none())
        .partition(|c| c.generated.is_some());
    for column in gen.into_iter().chain(plain) {
        changes.push(Change::DropColumn {
            table: qname.clone(),
            column: column.clone(),
        });
    }
    for column in &new.columns {
        let before = old.column(&column.name).and_then(|c| c.comment.as_ref());
        let is_new = recreated.contains(&column.name);
        if (is_new && column.comment.is_some()) || (!is_new && before != column.comment.as_ref()) {
            changes.push(column_comment(qname, column));
        }
    }
}

/// Columns whose type or collation changes, with `converted` (those converted
/// along with a recreated enum).
fn retyped_columns(old: &Table, new: &Table, converted: &[String]) -> Vec<String> {
    let mut retyped = converted.to_vec();
    retyped.extend(
        new.columns
            .iter()
            .filter(|c| {
                old.column(&c.name)
                    .is_some_and(|o| o.ty != c.ty || o.collation != c.collation)
            })
            .map(|c| c.name.clone()),
    );
    retyped
}

/// Columns that exist on both sides but are dropped and added again: generated
/// columns whose expression changes, and those reading a retyped column
/// (Postgres will not retype a column a generated column uses).
fn recreated_columns(old: &Table, new: &Table, retyped: &[String]) -> Vec<String> {
    new.columns
        .iter()
        .filter(|c| {
            old.column(&c.name)
                .is_some_and(|before| needs_recreate(before, c) || reads_any(c, retyped))
        })
        .map(|c| c.name.clone())
        .collect()
}

/// Whether `column` is generated from an expression naming any other of `columns`.
fn reads_any(column: &Column, columns: &[String]) -> bool {
    column.generated.as_deref().is_some_and(|expr| {
        columns
            .iter()
            .any(|c| *c != column.name && mentions(expr, c))
    })
}

/// Whether `expr` names the column `name` (as a whole identifier, quoted or not).
fn mentions(expr: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    expr.match_indices(name).any(|(i, _)| {
        let before = expr[..i].chars().next_back();
        let after = expr[i + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// Whether a column list or (textually, erring towards yes) an expression names
/// any of `columns`.
fn names_any(list: &[String], exprs: &[&str], columns: &[String]) -> bool {
    columns
        .iter()
        .any(|c| list.contains(c) || exprs.iter().any(|e| e.contains(c.as_str())))
}

fn index_touches(index: &Index, columns: &[String]) -> bool {
    let mut list = index_columns(index);
    list.extend(index.include.iter().cloned());
    names_any(&list, &index_expressions(index), columns)
}

/// The predicate and expression keys of an index.
fn index_expressions(index: &Index) -> Vec<&str> {
    let mut exprs: Vec<&str> = index.predicate.iter().map(String::as_str).collect();
    for key in &index.keys {
        if let crate::model::IndexTarget::Expression(e) = &key.target {
            exprs.push(e);
        }
    }
    exprs
}

/// Postgres 15 cannot make a column generated or change its expression in place
/// (only drop the expression), so those columns are dropped and added again.
fn needs_recreate(old: &Column, new: &Column) -> bool {
    new.generated.is_some() && old.generated != new.generated
}

/// What an ALTER COLUMN can change: everything but name, comment and hints.
fn shape(c: &Column) -> Column {
    Column {
        comment: None,
        renamed_from: Vec::new(),
        ..c.clone()
    }
}

/// A primary key or unique constraint cannot be dropped while foreign keys depend
/// on it: such foreign keys (kept in `to`) are dropped first and added back.
fn rebuild_dependent_foreign_keys(
    from: &Schema,
    to: &Schema,
    to_index: &TableIndex,
    changes: &mut Vec<Change>,
) {
    let dropped_keys: Vec<(QualifiedName, Vec<String>)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropPrimaryKey { table, key } => Some((table.clone(), sorted(&key.columns))),
            Change::DropUnique { table, unique } => Some((table.clone(), sorted(&unique.columns))),
            Change::DropIndex { table, index } if index.unique => {
                Some((table.clone(), sorted(&index_columns(index))))
            }
            _ => None,
        })
        .collect();
    let mut extra = Vec::new();
    for table in &from.tables {
        let Some(kept) = to_index.get(to, &table.schema, &table.name) else {
            continue;
        };
        for fk in &table.foreign_keys {
            let depends = dropped_keys
                .iter()
                .any(|(t, cols)| *t == fk.references && *cols == sorted(&fk.referenced_columns));
            let qname = table.qualified_name();
            if !depends || already_dropped(changes, &qname, fk) {
                continue;
            }
            extra.push(Change::DropForeignKey {
                table: qname.clone(),
                foreign_key: fk.clone(),
            });
            if let Some(new_fk) = kept.foreign_keys.iter().find(|f| f.name == fk.name) {
                extra.push(Change::AddForeignKey {
                    table: qname,
                    foreign_key: new_fk.clone(),
                });
            }
        }
    }
    changes.extend(extra);
}

/// Columns are retyped one at a time, and between two statements the two ends of
/// a foreign key may have types Postgres cannot compare (an enum and its
/// recreated copy, text and uuid): foreign keys over a retyped column, on either
/// end, are dropped first and added back once both ends have their new type.
fn rebuild_foreign_keys_over_retyped_columns(
    from: &Schema,
    to: &Schema,
    changes: &mut Vec<Change>,
) {
    let mut retyped: Vec<(QualifiedName, String)> = Vec::new();
    for c in changes.iter() {
        match c {
            Change::AlterColumn { table, from, to } if from.ty != to.ty => {
                retyped.push((table.clone(), to.name.clone()))
            }
            Change::RecreateEnum { columns, .. } => {
                retyped.extend(columns.iter().map(|u| (u.table.clone(), u.column.clone())))
            }
            _ => {}
        }
    }
    if retyped.is_empty() {
        return;
    }
    let touches = |table: &QualifiedName, columns: &[String]| {
        retyped
            .iter()
            .any(|(t, c)| t == table && columns.contains(c))
    };
    let mut extra = Vec::new();
    for table in &from.tables {
        let qname = table.qualified_name();
        let Some(kept) = to.table(&table.schema, &table.name) else {
            continue;
        };
        for fk in &table.foreign_keys {
            let over =
                touches(&qname, &fk.columns) || touches(&fk.references, &fk.referenced_columns);
            let Some(new_fk) = kept.foreign_keys.iter().find(|f| f.name == fk.name) else {
                continue;
            };
            if !over || already_dropped(changes, &qname, fk) {
                continue;
            }
            extra.push(Change::DropForeignKey {
                table: qname.clone(),
                foreign_key: fk.clone(),
            });
            extra.push(Change::AddForeignKey {
                table: qname.clone(),
                foreign_key: new_fk.clone(),
            });
        }
    }
    changes.extend(extra);
}

fn already_dropped(changes: &[Change], table: &QualifiedName, fk: &ForeignKey) -> bool {
    changes.iter().any(|c| {
        matches!(c, Change::DropForeignKey { table: t, foreign_key } if t == table && foreign_key.name == fk.name)
    })
}

fn index_columns(index: &Index) -> Vec<String> {
    index
        .keys
        .iter()
        .filter_map(|k| match &k.target {
            crate::model::IndexTarget::Column(c) => Some(c.clone()),
            crate::model::IndexTarget::Expression(_) => None,
        })
        .collect()
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// Partitions by qualified name: created, dropped with their rows, or
/// detached and attached again under new bounds.
fn diff_partitions(table: &QualifiedName, old: &Table, new: &Table, changes: &mut Vec<Change>) {
    for p in &new.partitions {
        match old
            .partitions
            .iter()
            .find(|o| o.qualified_name() == p.qualified_name())
        {
            None => changes.push(Change::CreatePartition {
                table: table.clone(),
                partition: p.clone(),
            }),
            Some(o) if o.bound != p.bound => changes.push(Change::RebindPartition {
                table: table.clone(),
                from: o.clone(),
                to: p.clone(),
            }),
            Some(_) => {}
        }
    }
    for o in &old.partitions {
        if !new
            .partitions
            .iter()
            .any(|p| p.qualified_name() == o.qualified_name())
        {
            changes.push(Change::DropPartition {
                table: table.clone(),
                partition: o.clone(),
            });
        }
    }
}

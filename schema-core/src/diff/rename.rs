//! Renames: declared ones resolved before the diff, possible ones offered after it.
//!
//! [`resolve`] applies every declared rename to a copy of the current schema (so
//! the rest of the diff compares names that match) and returns the rename changes.
//! A hint counts only when its old name exists in the current schema and its new
//! name does not: a hint left in code after the rename ran is harmless.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Change, TableIndex};
use crate::model::{IndexTarget, QualifiedName, Schema, Table};
use crate::types::SqlType;

/// The current schema with declared renames applied, and the rename changes.
/// Without any rename hint in `to` there is nothing to apply, and the (possibly
/// large) current schema is not copied.
pub(super) fn resolve<'a>(from: &'a Schema, to: &Schema) -> (Cow<'a, Schema>, Vec<Change>) {
    if !has_rename_hints(to) {
        return (Cow::Borrowed(from), Vec::new());
    }
    let mut current = from.clone();
    let mut changes = Vec::new();
    rename_enums(&mut current, to, &mut changes);
    rename_enum_values(&mut current, to, &mut changes);
    rename_tables(&mut current, to, &mut changes);
    rename_columns(&mut current, to, &mut changes);
    rename_identity_sequences(&current, &mut changes);
    (Cow::Owned(current), changes)
}

fn has_rename_hints(to: &Schema) -> bool {
    let enums = to
        .enums
        .iter()
        .any(|e| !e.renamed_from.is_empty() || !e.renamed_values.is_empty());
    let tables = to.tables.iter().any(|t| {
        !t.renamed_from.is_empty() || t.columns.iter().any(|c| !c.renamed_from.is_empty())
    });
    enums || tables
}

/// Identity columns of renamed tables, and renamed identity columns: their
/// sequences are renamed as a fresh table would name them (when that name fits
/// in Postgres's 63 bytes; a longer one Postgres shortens its own way).
fn rename_identity_sequences(current: &Schema, changes: &mut Vec<Change>) {
    let mut renamed: Vec<(QualifiedName, Option<String>)> = Vec::new();
    for c in changes.iter() {
        match c {
            Change::RenameTable { from, to } => {
                renamed.push((QualifiedName::new(&from.schema, to), None))
            }
            Change::RenameColumn { table, to, .. } => {
                renamed.push((table.clone(), Some(to.clone())))
            }
            _ => {}
        }
    }
    let mut extra: Vec<Change> = Vec::new();
    for table in &current.tables {
        let qname = table.qualified_name();
        for column in table.columns.iter().filter(|c| c.identity.is_some()) {
            let affected = renamed
                .iter()
                .any(|(t, c)| *t == qname && c.as_ref().is_none_or(|c| *c == column.name));
            let name = format!("{}_{}_seq", table.name, column.name);
            let change = Change::RenameIdentitySequence {
                table: qname.clone(),
                column: column.name.clone(),
                to: name.clone(),
            };
            if affected && name.len() <= 63 && !extra.contains(&change) {
                extra.push(change);
            }
        }
    }
    changes.extend(extra);
}

fn rename_enums(current: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.enums {
        if current.enum_type(&new.schema, &new.name).is_some() {
            continue;
        }
        let old = new.renamed_from.iter().find(|old| {
            current.enum_type(&new.schema, old).is_some()
                && to.enum_type(&new.schema, old).is_none()
        });
        let Some(old) = old else { continue };
        let from = QualifiedName::new(&new.schema, old);
        changes.push(Change::RenameEnum {
            from: from.clone(),
            to: new.name.clone(),
        });
        let to_name = new.qualified_name();
        for e in current
            .enums
            .iter_mut()
            .filter(|e| e.qualified_name() == from)
        {
            e.name = new.name.clone();
        }
        for column in current.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
            retype(&mut column.ty, &from, &to_name);
        }
    }
}

/// Points a column type at a renamed enum.
fn retype(ty: &mut SqlType, from: &QualifiedName, to: &QualifiedName) {
    match ty {
        SqlType::Named(q) if q == from => *q = to.clone(),
        SqlType::Array(e) => retype(e, from, to),
        _ => {}
    }
}

fn rename_enum_values(current: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.enums {
        let Some(old) = current
            .enums
            .iter_mut()
            .find(|e| e.qualified_name() == new.qualified_name())
        else {
            continue;
        };
        for (from, to_value) in &new.renamed_values {
            let applies = old.values.contains(from)
                && !old.values.contains(to_value)
                && new.values.contains(to_value)
                && !new.values.contains(from);
            if !applies {
                continue;
            }
            changes.push(Change::RenameEnumValue {
                enum_name: new.qualified_name(),
                from: from.clone(),
                to: to_value.clone(),
            });
            for v in old.values.iter_mut().filter(|v| *v == from) {
                *v = to_value.clone();
            }
        }
    }
}

fn rename_tables(current: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    let (mut current_index, to_index) = (TableIndex::new(current), TableIndex::new(to));
    for new in &to.tables {
        if current_index.position(&new.schema, &new.name).is_some() {
            continue;
        }
        let old = new.renamed_from.iter().find_map(|old| {
            let at = current_index.position(&new.schema, old)?;
            to_index
                .position(&new.schema, old)
                .is_none()
                .then_some((old, at))
        });
        let Some((old, at)) = old else { continue };
        current_index.rename(&new.schema, old, &new.name, at);
        let from = QualifiedName::new(&new.schema, old);
        changes.push(Change::RenameTable {
            from: from.clone(),
            to: new.name.clone(),
        });
        for t in current.tables.iter_mut() {
            if t.qualified_name() == from {
                t.name = new.name.clone();
            }
            for fk in t.foreign_keys.iter_mut().filter(|fk| fk.references == from) {
                fk.references = new.qualified_name();
            }
        }
    }
}

fn rename_columns(current: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    // Renaming columns moves no table: positions hold throughout.
    let index = TableIndex::new(current);
    for new in &to.tables {
        let qname = new.qualified_name();
        let Some(at) = index.position(&new.schema, &new.name) else {
            continue;
        };
        for column in &new.columns {
            let table = &current.tables[at];
            if table.column(&column.name).is_some() {
                continue;
            }
            let old = column
                .renamed_from
                .iter()
                .find(|old| table.column(old).is_some() && new.column(old).is_none())
                .cloned();
            let Some(old) = old else { continue };
            changes.push(Change::RenameColumn {
                table: qname.clone(),
                from: old.clone(),
                to: column.name.clone(),
            });
            rename_column_everywhere(current, &qname, &old, &column.name);
        }
    }
}

/// Renames a column in its table and in every key, index and foreign key naming it.
fn rename_column_everywhere(current: &mut Schema, table: &QualifiedName, from: &str, to: &str) {
    let rename = |names: &mut Vec<String>| {
        for n in names.iter_mut().filter(|n| *n == from) {
            *n = to.to_string();
        }
    };
    for t in current.tables.iter_mut() {
        for fk in t
            .foreign_keys
            .iter_mut()
            .filter(|fk| &fk.references == table)
        {
            rename(&mut fk.referenced_columns);
        }
        if &t.qualified_name() != table {
            continue;
        }
        rename_in_table(t, from, to, &rename);
    }
}

fn rename_in_table(t: &mut Table, from: &str, to: &str, rename: &dyn Fn(&mut Vec<String>)) {
    for c in t.columns.iter_mut().filter(|c| c.name == from) {
        c.name = to.to_string();
    }
    if let Some(pk) = &mut t.primary_key {
        rename(&mut pk.columns);
    }
    t.uniques.iter_mut().for_each(|u| rename(&mut u.columns));
    for fk in t.foreign_keys.iter_mut() {
        rename(&mut fk.columns);
        rename(&mut fk.on_delete_columns);
    }
    for index in t.indexes.iter_mut() {
        rename(&mut index.include);
        for key in index.keys.iter_mut() {
            if let IndexTarget::Column(c) = &mut key.target {
                if c == from {
                    *c = to.to_string();
                }
            }
        }
    }
}

/// A drop and an add that may be one rename; the user decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenameCandidate {
    /// A dropped and a created table in one schema, with the same column names and types.
    Table {
        schema: String,
        from: String,
        to: String,
    },
    /// A dropped and an added column of one type in one table.
    Column {
        table: QualifiedName,
        from: String,
        to: String,
    },
    /// A dropped and a created enum in one schema, with the same values.
    Enum {
        schema: String,
        from: String,
        to: String,
    },
}

/// Drop/add pairs in `changes` that could be renames, in change order.
pub fn rename_candidates(changes: &[Change]) -> Vec<RenameCandidate> {
    let mut out = Vec::new();
    for dropped in changes {
        for added in changes {
            if let Some(c) = candidate(dropped, added) {
                out.push(c);
            }
        }
    }
    out
}

fn candidate(dropped: &Change, added: &Change) -> Option<RenameCandidate> {
    match (dropped, added) {
        (Change::DropTable(old), Change::CreateTable(new))
            if old.schema == new.schema && column_shapes(old) == column_shapes(new) =>
        {
            Some(RenameCandidate::Table {
                schema: new.schema.clone(),
                from: old.name.clone(),
                to: new.name.clone(),
            })
        }
        (
            Change::DropColumn {
                table: t1,
                column: old,
            },
            Change::AddColumn {
                table: t2,
                column: new,
            },
        ) if t1 == t2 && old.name != new.name && old.ty == new.ty => {
            Some(RenameCandidate::Column {
                table: t1.clone(),
                from: old.name.clone(),
                to: new.name.clone(),
            })
        }
        (Change::DropEnum(old), Change::CreateEnum(new))
            if old.schema == new.schema && old.values == new.values =>
        {
            Some(RenameCandidate::Enum {
                schema: new.schema.clone(),
                from: old.name.clone(),
                to: new.name.clone(),
            })
        }
        _ => None,
    }
}

/// Column names and types, sorted: what a renamed table keeps.
fn column_shapes(t: &Table) -> Vec<(String, String)> {
    let mut shapes: Vec<_> = t
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.ty.to_string()))
        .collect();
    shapes.sort();
    shapes
}

/// Records a confirmed rename as a `renamed_from` hint on the desired schema.
/// Returns false when the renamed object is not in `to`. Diff again afterwards.
pub fn apply_rename(to: &mut Schema, candidate: &RenameCandidate) -> bool {
    match candidate {
        RenameCandidate::Table {
            schema,
            from,
            to: name,
        } => {
            let table = to
                .tables
                .iter_mut()
                .find(|t| &t.schema == schema && &t.name == name);
            table.map(|t| t.renamed_from.push(from.clone())).is_some()
        }
        RenameCandidate::Column {
            table,
            from,
            to: name,
        } => {
            let table = to.tables.iter_mut().find(|t| &t.qualified_name() == table);
            let column = table.and_then(|t| t.columns.iter_mut().find(|c| &c.name == name));
            column.map(|c| c.renamed_from.push(from.clone())).is_some()
        }
        RenameCandidate::Enum {
            schema,
            from,
            to: name,
        } => {
            let e = to
                .enums
                .iter_mut()
                .find(|e| &e.schema == schema && &e.name == name);
            e.map(|e| e.renamed_from.push(from.clone())).is_some()
        }
    }
}

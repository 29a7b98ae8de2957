//! The diff: two [`Schema`]s in, the list of [`Change`]s between them out.
//!
//! Pure and deterministic: objects match by name; declared renames
//! (`renamed_from`, `renamed_values`) are resolved first, so every later change
//! speaks of objects under their new names. A changed constraint or index is a drop
//! and an add. Ordering the changes into runnable SQL is the planner's job
//! ([`crate::plan`](mod@crate::plan)); here they come in a stable but otherwise meaningless order.
//!
//! [`rename_candidates`] lists drop/add pairs that might be renames, for a front end
//! to ask about; [`apply_rename`] records a confirmed one as a hint on the desired
//! schema, which is then diffed again.

mod grants;
mod objects;
mod rename;
mod summary;
mod tables;

pub(crate) use objects::{creation_order, mentions};

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

pub use crate::ddl::{CommentTarget, EnumValuePosition, GrantTarget};
use crate::model::{
    Check, Column, Domain, EnumType, Exclusion, Extension, ForeignKey, Function, Grant, Index,
    Partition, Policy, PrimaryKey, QualifiedName, RowSecurity, Schema, Sequence, Table, Trigger,
    Unique, View,
};
use crate::types::SqlType;
pub use rename::{apply_rename, rename_candidates, RenameCandidate};
pub use summary::Sign;

/// One change to a database schema, as plain data.
// Plain data read once per plan: clarity over the size of the largest variant.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    CreateSchema {
        name: String,
    },
    DropSchema {
        name: String,
    },
    CreateExtension(Extension),
    /// Drops an extension and every object it provides.
    DropExtension(Extension),
    /// A new version (`ALTER EXTENSION ... UPDATE TO`) or namespace.
    AlterExtension {
        from: Extension,
        to: Extension,
    },
    CreateEnum(EnumType),
    DropEnum(EnumType),
    RenameEnum {
        from: QualifiedName,
        to: String,
    },
    AddEnumValue {
        enum_name: QualifiedName,
        value: String,
        position: EnumValuePosition,
    },
    RenameEnumValue {
        enum_name: QualifiedName,
        from: String,
        to: String,
    },
    /// A value was removed or the values were reordered: the type is replaced by a
    /// new one and `columns` are converted to it through `text`.
    RecreateEnum {
        from: EnumType,
        to: EnumType,
        columns: Vec<EnumUse>,
    },
    /// A new table with its columns, primary key, unique constraints and checks.
    /// Its foreign keys, indexes and comments come as separate changes.
    CreateTable(Table),
    /// Drops a table with everything on it (indexes, constraints).
    DropTable(Table),
    RenameTable {
        from: QualifiedName,
        to: String,
    },
    AddColumn {
        table: QualifiedName,
        column: Column,
    },
    DropColumn {
        table: QualifiedName,
        column: Column,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    /// After its table or column is renamed, the sequence behind an identity
    /// column takes the name Postgres gives a new one (`{table}_{column}_seq`);
    /// Postgres keeps the old name otherwise.
    RenameIdentitySequence {
        table: QualifiedName,
        column: String,
        to: String,
    },
    /// Type, collation, nullability, default, identity or generated expression.
    AlterColumn {
        table: QualifiedName,
        from: Column,
        to: Column,
    },
    AddPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    DropPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    AddUnique {
        table: QualifiedName,
        unique: Unique,
    },
    DropUnique {
        table: QualifiedName,
        unique: Unique,
    },
    AddCheck {
        table: QualifiedName,
        check: Check,
    },
    DropCheck {
        table: QualifiedName,
        check: Check,
    },
    AddForeignKey {
        table: QualifiedName,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: QualifiedName,
        foreign_key: ForeignKey,
    },
    CreateIndex {
        table: QualifiedName,
        index: Index,
        /// On a partitioned table: Postgres builds it only inside a transaction
        /// (never `CONCURRENTLY`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        partitioned: bool,
    },
    DropIndex {
        table: QualifiedName,
        index: Index,
    },
    CreateDomain(Domain),
    DropDomain(Domain),
    /// A new default, NOT NULL or set of checks, on the same base type.
    AlterDomain {
        from: Domain,
        to: Domain,
    },
    /// A new base type: the old domain is renamed aside, the new one created,
    /// `columns` (table, column) converted to it, and the old one dropped.
    RecreateDomain {
        from: Domain,
        to: Domain,
        columns: Vec<(QualifiedName, String)>,
    },
    /// A new partition of a partitioned table.
    CreatePartition {
        table: QualifiedName,
        partition: Partition,
    },
    /// A partition dropped, with its rows.
    DropPartition {
        table: QualifiedName,
        partition: Partition,
    },
    /// New bounds: detached and attached again (its rows stay, and must fit).
    RebindPartition {
        table: QualifiedName,
        from: Partition,
        to: Partition,
    },
    /// A new sequence; its `OWNED BY`, if any, is set once the column exists.
    CreateSequence(Sequence),
    /// New options, owner or both (never a new current value).
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    DropSequence(Sequence),
    CreateView(View),
    DropView(View),
    CreateFunction(Function),
    /// `CREATE OR REPLACE`: the same arguments and result, a new body or options.
    ReplaceFunction {
        from: Function,
        to: Function,
    },
    DropFunction(Function),
    CreateTrigger {
        table: QualifiedName,
        trigger: Trigger,
    },
    DropTrigger {
        table: QualifiedName,
        trigger: Trigger,
    },
    CreatePolicy {
        table: QualifiedName,
        policy: Policy,
    },
    AddExclusion {
        table: QualifiedName,
        exclusion: Exclusion,
    },
    DropExclusion {
        table: QualifiedName,
        exclusion: Exclusion,
    },
    DropPolicy {
        table: QualifiedName,
        policy: Policy,
    },
    /// Row level security enabled or disabled, forced or not.
    SetRowSecurity {
        table: QualifiedName,
        from: RowSecurity,
        to: RowSecurity,
    },
    Grant {
        on: GrantTarget,
        grant: Grant,
    },
    Revoke {
        on: GrantTarget,
        grant: Grant,
    },
    /// `EXECUTE` for `PUBLIC` on a function granted (`true`, Postgres's
    /// default) or revoked.
    SetPublicExecute {
        function: GrantTarget,
        to: bool,
    },
    /// Sets (`Some`) or removes (`None`) a comment.
    SetComment {
        target: CommentTarget,
        comment: Option<String>,
    },
}

/// A column whose type is (an array of) an enum being recreated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumUse {
    pub table: QualifiedName,
    pub column: String,
    /// The column is an array of the enum.
    pub array: bool,
    /// The column's current default, which must be dropped before the conversion.
    pub old_default: Option<String>,
    /// The default to put back after the conversion.
    pub default: Option<String>,
}

/// The changes that turn `from` into `to`.
///
/// Rename hints in `to` turn a drop and an add into a rename when the old name
/// exists in `from` and the new one does not. `public` is never created or dropped.
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    let (from, mut changes) = rename::resolve(from, to);
    diff_namespaces(&from, to, &mut changes);
    diff_extensions(&from, to, &mut changes);
    diff_enums(&from, to, &mut changes);
    objects::diff_domains(&from, to, &mut changes);
    objects::diff_sequences(&from, to, &mut changes);
    tables::diff_tables(&from, to, &mut changes);
    objects::diff_objects(&from, to, &mut changes);
    grants::diff_grants(&from, to, &mut changes);
    changes
}

/// Each table's position in a schema's list, by namespace and name, so that
/// matching the tables of two schemas of thousands of tables does not scan the
/// list once per table. Like [`Schema::table`], the first of duplicates wins.
pub(crate) struct TableIndex(HashMap<String, HashMap<String, usize>>);

impl TableIndex {
    pub(crate) fn new(s: &Schema) -> TableIndex {
        let mut index = TableIndex(HashMap::new());
        for (i, t) in s.tables.iter().enumerate() {
            index.insert(&t.schema, &t.name, i);
        }
        index
    }

    fn insert(&mut self, schema: &str, name: &str, position: usize) {
        self.0
            .entry(schema.to_string())
            .or_default()
            .entry(name.to_string())
            .or_insert(position);
    }

    pub(crate) fn position(&self, schema: &str, name: &str) -> Option<usize> {
        self.0.get(schema)?.get(name).copied()
    }

    /// The table named so in `s`, the schema this index was built from.
    pub(crate) fn get<'s>(&self, s: &'s Schema, schema: &str, name: &str) -> Option<&'s Table> {
        self.position(schema, name).map(|i| &s.tables[i])
    }

    /// Records that the table at `position` is now called `to`.
    pub(crate) fn rename(&mut self, schema: &str, from: &str, to: &str, position: usize) {
        if let Some(names) = self.0.get_mut(schema) {
            if names.get(from) == Some(&position) {
                names.remove(from);
            }
        }
        self.insert(schema, to, position);
    }
}

/// Every namespace a schema uses but `public`, which is never created or dropped.
fn namespaces(s: &Schema) -> BTreeSet<String> {
    s.namespaces()
        .into_iter()
        .filter(|n| n != "public")
        .collect()
}

fn diff_namespaces(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let (old, new) = (namespaces(from), namespaces(to));
    for name in new.difference(&old) {
        changes.push(Change::CreateSchema { name: name.clone() });
    }
    for name in old.difference(&new) {
        changes.push(Change::DropSchema { name: name.clone() });
    }
}

/// An extension the target names is created, or changed where the target says
/// which version or namespace it wants; one it does not name is dropped.
fn diff_extensions(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.extensions {
        let Some(old) = from.extension(&new.name) else {
            changes.push(Change::CreateExtension(new.clone()));
            continue;
        };
        let moved = new.schema.is_some() && new.schema != old.schema;
        let updated = new.version.is_some() && new.version != old.version;
        if moved || updated {
            changes.push(Change::AlterExtension {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    for old in &from.extensions {
        if to.extension(&old.name).is_none() {
            changes.push(Change::DropExtension(old.clone()));
        }
    }
}

fn diff_enums(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.enums {
        let qname = new.qualified_name();
        match from.enum_type(&new.schema, &new.name) {
            None => {
                changes.push(Change::CreateEnum(new.clone()));
                if new.comment.is_some() {
                    changes.push(comment(CommentTarget::Enum(qname), &new.comment));
                }
            }
            Some(old) => {
                let recreated = diff_enum_values(from, to, old, new, changes);
                // A recreated type starts without a comment.
                let lost = recreated && new.comment.is_some();
                if lost || (!recreated && old.comment != new.comment) {
                    changes.push(comment(CommentTarget::Enum(qname), &new.comment));
                }
            }
        }
    }
    for old in &from.enums {
        if to.enum_type(&old.schema, &old.name).is_none() {
            changes.push(Change::DropEnum(old.clone()));
        }
    }
}

/// Appended or inserted values become `ADD VALUE`; anything else recreates the
/// type. Returns whether it is recreated.
fn diff_enum_values(
    from: &Schema,
    to: &Schema,
    old: &EnumType,
    new: &EnumType,
    changes: &mut Vec<Change>,
) -> bool {
    if old.values == new.values {
        return false;
    }
    if !is_subsequence(&old.values, &new.values) {
        let columns = enum_uses(from, to, &old.qualified_name());
        changes.push(Change::RecreateEnum {
            from: old.clone(),
            to: new.clone(),
            columns,
        });
        return true;
    }
    for (i, value) in new.values.iter().enumerate() {
        if old.values.contains(value) {
            continue;
        }
        // Insert before the next value that already exists; with none after it,
        // append (values appended in order keep their order).
        let next_existing = new.values[i + 1..].iter().find(|v| old.values.contains(v));
        let position = match next_existing {
            Some(next) => EnumValuePosition::Before(next.clone()),
            None => EnumValuePosition::Last,
        };
        changes.push(Change::AddEnumValue {
            enum_name: new.qualified_name(),
            value: value.clone(),
            position,
        });
    }
    false
}

fn is_subsequence(short: &[String], long: &[String]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|s| rest.any(|l| l == s))
}

/// Columns of `from` typed as the enum that keep that type in `to`.
fn enum_uses(from: &Schema, to: &Schema, enum_name: &QualifiedName) -> Vec<EnumUse> {
    let mut uses = Vec::new();
    for table in &from.tables {
        let Some(new_table) = to.table(&table.schema, &table.name) else {
            continue;
        };
        for column in &table.columns {
            let Some(new_column) = new_table.column(&column.name) else {
                continue;
            };
            let Some(array) = uses_enum(&column.ty, enum_name) else {
                continue;
            };
            if uses_enum(&new_column.ty, enum_name) != Some(array) {
                continue;
            }
            uses.push(EnumUse {
                table: table.qualified_name(),
                column: column.name.clone(),
                array,
                old_default: column.default.clone(),
                default: new_column.default.clone(),
            });
        }
    }
    uses
}

/// `Some(is_array)` when the type is the enum or an array of it.
fn uses_enum(ty: &SqlType, enum_name: &QualifiedName) -> Option<bool> {
    match ty {
        SqlType::Named(q) if q == enum_name => Some(false),
        SqlType::Array(e) => {
            matches!(e.element(), SqlType::Named(q) if q == enum_name).then_some(true)
        }
        _ => None,
    }
}

fn comment(target: CommentTarget, text: &Option<String>) -> Change {
    Change::SetComment {
        target,
        comment: text.clone(),
    }
}

#[cfg(test)]
pub(crate) mod tests;

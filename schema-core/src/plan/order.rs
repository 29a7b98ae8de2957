//! Dependency order: every statement falls in a phase, phases run in order, and
//! statements keep their diff order within a phase.
//!
//! Creations go early and drops late, except where a drop makes room: foreign keys
//! go before the keys and tables they point at, indexes and constraints before
//! their columns, tables and columns before the enums they use. A recreated enum
//! leaves its old type behind until the drop-enum phase (see [`super::render`]).

use crate::diff::Change;

/// The phases, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Phase {
    CreateSchemas,
    /// Before the types and tables that use what they provide.
    Extensions,
    /// Renames first, so every later statement names objects as they will be.
    Renames,
    DropForeignKeys,
    DropIndexesAndConstraints,
    DropTables,
    DropColumns,
    /// New enums and values, recreated enums (their columns converted).
    Enums,
    CreateTables,
    Columns,
    AddConstraints,
    /// After every table and key exists, so mutual and self references work.
    AddForeignKeys,
    CreateIndexes,
    Comments,
    /// After every table and column using an enum is gone or converted.
    DropEnums,
    /// After every column of a type they provide is gone.
    DropExtensions,
    DropSchemas,
    /// `CREATE INDEX CONCURRENTLY`, when asked for: after the transaction commits.
    ConcurrentIndexes,
}

/// The phase a change's main statements run in.
pub(super) fn phase(change: &Change) -> Phase {
    use Change::*;
    match change {
        CreateSchema { .. } => Phase::CreateSchemas,
        CreateExtension(_) | AlterExtension { .. } => Phase::Extensions,
        DropExtension(_) => Phase::DropExtensions,
        RenameEnum { .. }
        | RenameEnumValue { .. }
        | RenameTable { .. }
        | RenameColumn { .. }
        | RenameIdentitySequence { .. } => Phase::Renames,
        DropForeignKey { .. } => Phase::DropForeignKeys,
        DropIndex { .. } | DropPrimaryKey { .. } | DropUnique { .. } | DropCheck { .. } => {
            Phase::DropIndexesAndConstraints
        }
        DropTable(_) => Phase::DropTables,
        DropColumn { .. } => Phase::DropColumns,
        CreateEnum(_) | AddEnumValue { .. } | RecreateEnum { .. } => Phase::Enums,
        CreateTable(_) => Phase::CreateTables,
        AddColumn { .. } | AlterColumn { .. } => Phase::Columns,
        AddPrimaryKey { .. } | AddUnique { .. } | AddCheck { .. } => Phase::AddConstraints,
        AddForeignKey { .. } => Phase::AddForeignKeys,
        CreateIndex { .. } => Phase::CreateIndexes,
        SetComment { .. } => Phase::Comments,
        DropEnum(_) => Phase::DropEnums,
        DropSchema { .. } => Phase::DropSchemas,
    }
}

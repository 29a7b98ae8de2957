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
    /// Triggers and policies go before what they depend on changes,
    DropObjects,
    /// then the views (dependents first),
    DropViews,
    /// then functions that are created again under the same arguments (a new
    /// result or argument list cannot be replaced in place).
    DropRebuiltFunctions,
    DropForeignKeys,
    DropIndexesAndConstraints,
    DropTables,
    DropColumns,
    /// New enums and values, recreated enums (their columns converted).
    Enums,
    /// Before the tables whose defaults draw from them.
    Sequences,
    /// Before the tables whose defaults, checks and indexes call them (with
    /// `check_function_bodies` off, a body may name tables created later).
    Functions,
    /// After the types and functions their base types and checks use, before
    /// the columns of their types.
    Domains,
    CreateTables,
    Columns,
    AddConstraints,
    /// After every table and key exists, so mutual and self references work.
    AddForeignKeys,
    CreateIndexes,
    /// `OWNED BY`, once the owning column exists.
    SequenceOwners,
    /// Once every table, column and function they use exists.
    Views,
    /// Triggers, policies and row level security, on tables and functions in place.
    TriggersAndPolicies,
    /// Privileges, on every object in place.
    Grants,
    Comments,
    /// After the defaults drawing from them are gone.
    DropSequences,
    /// After the defaults, checks, triggers and views calling them are gone.
    DropFunctions,
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
        CreateTable(_) | CreatePartition { .. } => Phase::CreateTables,
        DropPartition { .. } => Phase::DropTables,
        RebindPartition { .. } => Phase::Columns,
        AddColumn { .. } | AlterColumn { .. } => Phase::Columns,
        AddPrimaryKey { .. } | AddUnique { .. } | AddCheck { .. } => Phase::AddConstraints,
        AddForeignKey { .. } => Phase::AddForeignKeys,
        CreateIndex { .. } => Phase::CreateIndexes,
        SetComment { .. } => Phase::Comments,
        DropEnum(_) | DropDomain(_) => Phase::DropEnums,
        CreateDomain(_) | AlterDomain { .. } | RecreateDomain { .. } => Phase::Domains,
        DropTrigger { .. } | DropPolicy { .. } | Revoke { .. } => Phase::DropObjects,
        Grant { .. } | SetPublicExecute { .. } => Phase::Grants,
        DropExclusion { .. } => Phase::DropIndexesAndConstraints,
        AddExclusion { .. } => Phase::AddConstraints,
        DropView(_) => Phase::DropViews,
        CreateSequence(_) | AlterSequence { .. } => Phase::Sequences,
        DropSequence(_) => Phase::DropSequences,
        CreateFunction(_) | ReplaceFunction { .. } => Phase::Functions,
        DropFunction(_) => Phase::DropFunctions,
        CreateView(_) => Phase::Views,
        CreateTrigger { .. } | CreatePolicy { .. } | SetRowSecurity { .. } => {
            Phase::TriggersAndPolicies
        }
        DropSchema { .. } => Phase::DropSchemas,
    }
}

/// The order to render changes in: as given, but with views created after the
/// views they use and dropped before them (each kind keeps its own places in
/// the list, so nothing else moves).
pub(super) fn change_order(changes: &[Change]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..changes.len()).collect();
    let created: Vec<usize> = positions(changes, |c| matches!(c, Change::CreateView(_)));
    let dropped: Vec<usize> = positions(changes, |c| matches!(c, Change::DropView(_)));
    for (slots, reverse) in [(created, false), (dropped, true)] {
        let views: Vec<&crate::model::View> = slots
            .iter()
            .map(|&i| match &changes[i] {
                Change::CreateView(v) | Change::DropView(v) => v,
                _ => unreachable!("only view changes were picked"),
            })
            .collect();
        let mut sorted = crate::diff::creation_order(&views);
        if reverse {
            sorted.reverse();
        }
        for (slot, k) in slots.iter().zip(sorted) {
            order[*slot] = slots[k];
        }
    }
    order
}

fn positions(changes: &[Change], pick: impl Fn(&Change) -> bool) -> Vec<usize> {
    changes
        .iter()
        .enumerate()
        .filter(|(_, c)| pick(c))
        .map(|(i, _)| i)
        .collect()
}

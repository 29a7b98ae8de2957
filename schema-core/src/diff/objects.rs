//! Views, functions, triggers, policies, row level security and exclusion
//! constraints, and the
//! objects a change to a table takes with it.
//!
//! A changed view, trigger or policy is dropped and created again; a changed
//! function is replaced in place (`CREATE OR REPLACE`) when its arguments and
//! result stay, and dropped and created otherwise. What depends on an object
//! that is dropped or rebuilt goes with it and comes back after: views over a
//! table whose column changes type or goes (transitively, views over those
//! views), triggers and policies of such a table, and triggers and views using
//! a function that is dropped and created again.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{comment, Change, CommentTarget, TableIndex};
use crate::model::{Domain, Function, QualifiedName, Schema, Sequence, Table, View};

pub(super) fn diff_objects(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    diff_functions(from, to, changes);
    diff_table_objects(from, to, changes);
    diff_views(from, to, changes);
    cascade(from, to, changes);
}

/// Domains: created, altered in place, recreated under a new base type with
/// their columns converted, or dropped.
pub(super) fn diff_domains(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.domains {
        let target = CommentTarget::Domain(new.qualified_name());
        match from.domain(&new.schema, &new.name) {
            None => {
                changes.push(Change::CreateDomain(new.clone()));
                if new.comment.is_some() {
                    changes.push(comment(target, &new.comment));
                }
            }
            Some(old) => {
                let plain = |d: &Domain| Domain {
                    comment: None,
                    ..d.clone()
                };
                let recreated = old.base != new.base;
                if recreated {
                    changes.push(Change::RecreateDomain {
                        from: old.clone(),
                        to: new.clone(),
                        columns: domain_uses(from, to, &old.qualified_name()),
                    });
                } else if plain(old) != plain(new) {
                    changes.push(Change::AlterDomain {
                        from: old.clone(),
                        to: new.clone(),
                    });
                }
                if old.comment != new.comment || (recreated && new.comment.is_some()) {
                    changes.push(comment(target, &new.comment));
                }
            }
        }
    }
    for old in &from.domains {
        if to.domain(&old.schema, &old.name).is_none() {
            changes.push(Change::DropDomain(old.clone()));
        }
    }
}

/// Sequences: created, altered (options and owner), or dropped.
///
/// A sequence the target does not have is dropped, except where another change
/// takes it: one owned by a column that goes (dropped with it), and a
/// `serial` column's (owned by the column whose default draws from it) when
/// that default changes (the column lets it go, see [`crate::plan`]). A
/// `serial`'s sequence the target keeps is always passed on as an alter, so
/// the column's change knows to leave it standing.
pub(super) fn diff_sequences(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    if from.sequences.is_empty() && to.sequences.is_empty() {
        return;
    }
    let (from_tables, to_tables) = (TableIndex::new(from), TableIndex::new(to));
    let in_to: HashSet<QualifiedName> = to.sequences.iter().map(|q| q.qualified_name()).collect();
    let old_of: HashMap<QualifiedName, &Sequence> = from
        .sequences
        .iter()
        .map(|q| (q.qualified_name(), q))
        .collect();
    let released = |q: &Sequence| released_by_its_column((from, &from_tables), (to, &to_tables), q);
    for new in &to.sequences {
        let target = CommentTarget::Sequence(new.qualified_name());
        match old_of.get(&new.qualified_name()).copied() {
            None => {
                changes.push(Change::CreateSequence(new.clone()));
                if new.comment.is_some() {
                    changes.push(comment(target, &new.comment));
                }
            }
            Some(old) => {
                if old.options_differ(new) || old.owned_by != new.owned_by || released(old) {
                    changes.push(Change::AlterSequence {
                        from: old.clone(),
                        to: new.clone(),
                    });
                }
                if old.comment != new.comment {
                    changes.push(comment(target, &new.comment));
                }
            }
        }
    }
    for old in &from.sequences {
        if in_to.contains(&old.qualified_name()) {
            continue;
        }
        if goes_with_its_column((to, &to_tables), old) || released(old) {
            continue;
        }
        changes.push(Change::DropSequence(old.clone()));
    }
}

/// The column that owns the sequence, in `schema`, if both are there.
fn owner_in<'a>(
    (schema, tables): (&'a Schema, &TableIndex),
    sequence: &Sequence,
) -> Option<&'a crate::model::Column> {
    let owner = sequence.owned_by.as_ref()?;
    tables
        .get(schema, &owner.table.schema, &owner.table.name)?
        .column(&owner.column)
}

/// Owned by a column the target does not have: dropping the column drops it.
fn goes_with_its_column(to: (&Schema, &TableIndex), sequence: &Sequence) -> bool {
    sequence.owned_by.is_some() && owner_in(to, sequence).is_none()
}

/// A `serial`'s sequence whose column's default changes: the column's change
/// gives it up (drops it, or releases it when the target keeps it).
fn released_by_its_column(
    from: (&Schema, &TableIndex),
    to: (&Schema, &TableIndex),
    sequence: &Sequence,
) -> bool {
    let (Some(before), Some(after)) = (owner_in(from, sequence), owner_in(to, sequence)) else {
        return false;
    };
    crate::model::draws_from_sequence(before) && before.default != after.default
}

/// Columns of `from` typed as the domain that keep that type in `to`.
fn domain_uses(from: &Schema, to: &Schema, domain: &QualifiedName) -> Vec<(QualifiedName, String)> {
    let typed =
        |c: &crate::model::Column| matches!(&c.ty, crate::types::SqlType::Named(q) if q == domain);
    from.tables
        .iter()
        .flat_map(|t| {
            let new = to.table(&t.schema, &t.name);
            t.columns
                .iter()
                .filter(move |c| typed(c) && new.and_then(|n| n.column(&c.name)).is_some_and(typed))
                .map(move |c| (t.qualified_name(), c.name.clone()))
        })
        .collect()
}

fn diff_functions(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.functions {
        match from.function(&new.schema, &new.name, &new.identity) {
            None => {
                changes.push(Change::CreateFunction(new.clone()));
                if new.comment.is_some() {
                    changes.push(comment(function_target(new), &new.comment));
                }
            }
            Some(old) => {
                let same_body = Function {
                    comment: None,
                    ..old.without_privileges()
                } == Function {
                    comment: None,
                    ..new.without_privileges()
                };
                if !same_body && old.replaceable_by(new) {
                    changes.push(Change::ReplaceFunction {
                        from: old.clone(),
                        to: new.clone(),
                    });
                } else if !same_body {
                    changes.push(Change::DropFunction(old.clone()));
                    changes.push(Change::CreateFunction(new.clone()));
                }
                let recreated = !same_body && !old.replaceable_by(new);
                if old.comment != new.comment || (recreated && new.comment.is_some()) {
                    changes.push(comment(function_target(new), &new.comment));
                }
            }
        }
    }
    for old in &from.functions {
        if to.function(&old.schema, &old.name, &old.identity).is_none() {
            changes.push(Change::DropFunction(old.clone()));
        }
    }
}

fn function_target(f: &Function) -> CommentTarget {
    CommentTarget::Function {
        name: f.qualified_name(),
        identity: f.identity.clone(),
    }
}

fn view_target(v: &View) -> CommentTarget {
    CommentTarget::View {
        name: v.qualified_name(),
        materialized: v.materialized,
    }
}

fn diff_views(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for new in &to.views {
        match from.view(&new.schema, &new.name) {
            None => create_view(new, changes),
            Some(old) if old.compared() == new.compared() => {}
            Some(old) if old.rebuilt_by() == new.rebuilt_by() => {
                if old.comment != new.comment {
                    changes.push(comment(view_target(new), &new.comment));
                }
                let name = new.qualified_name();
                super::tables::diff_indexes(
                    &name,
                    &old.indexes,
                    &new.indexes,
                    (&[], &[]),
                    false,
                    changes,
                );
            }
            Some(old) => {
                changes.push(Change::DropView(old.clone()));
                create_view(new, changes);
            }
        }
    }
    for old in &from.views {
        if to.view(&old.schema, &old.name).is_none() {
            changes.push(Change::DropView(old.clone()));
        }
    }
}

/// A view with its comments; its indexes are created with it (see
/// [`crate::plan`]), after it, whatever phase indexes otherwise take.
fn create_view(v: &View, changes: &mut Vec<Change>) {
    changes.push(Change::CreateView(v.clone()));
    if v.comment.is_some() {
        changes.push(comment(view_target(v), &v.comment));
    }
    let name = v.qualified_name();
    for index in v.indexes.iter().filter(|i| i.comment.is_some()) {
        changes.push(super::tables::index_comment(&name, index));
    }
}

/// Triggers, policies and row level security of every table `to` holds; those
/// of a new table come after it, those of a dropped one go with it.
fn diff_table_objects(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let from_index = TableIndex::new(from);
    let empty = |t: &Table| Table::new(&t.schema, &t.name, vec![]);
    for new in &to.tables {
        // A borrowed table, not a copy: at ten thousand tables copies cost more
        // than the whole comparison.
        match from_index.get(from, &new.schema, &new.name) {
            Some(old) => diff_one_table(old, new, changes),
            None => diff_one_table(&empty(new), new, changes),
        }
    }
}

fn diff_one_table(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let table = new.qualified_name();
    let t = &table;
    by_name(
        &old.triggers,
        &new.triggers,
        |x| &x.name,
        |trigger| Change::DropTrigger {
            table: t.clone(),
            trigger,
        },
        |trigger| Change::CreateTrigger {
            table: t.clone(),
            trigger,
        },
        changes,
    );
    by_name(
        &old.policies,
        &new.policies,
        |x| &x.name,
        |policy| Change::DropPolicy {
            table: t.clone(),
            policy,
        },
        |policy| Change::CreatePolicy {
            table: t.clone(),
            policy,
        },
        changes,
    );
    by_name(
        &old.exclusions,
        &new.exclusions,
        |x| &x.name,
        |exclusion| Change::DropExclusion {
            table: t.clone(),
            exclusion,
        },
        |exclusion| Change::AddExclusion {
            table: t.clone(),
            exclusion,
        },
        changes,
    );
    if old.row_security != new.row_security {
        changes.push(Change::SetRowSecurity {
            table,
            from: old.row_security,
            to: new.row_security,
        });
    }
}

/// Objects matched by name: a new one is created, a changed one dropped and
/// created again, one that is gone dropped.
fn by_name<T: Clone + PartialEq>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &String,
    drop: impl Fn(T) -> Change,
    create: impl Fn(T) -> Change,
    changes: &mut Vec<Change>,
) {
    for n in new {
        match old.iter().find(|o| name(o) == name(n)) {
            Some(o) if o == n => {}
            found => {
                changes.extend(found.map(|o| drop(o.clone())));
                changes.push(create(n.clone()));
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| name(n) == name(o)) {
            changes.push(drop(o.clone()));
        }
    }
}

/// What a change disturbs: relations and functions whose dependents must be
/// dropped before it and created again after it.
fn disturbed(changes: &[Change]) -> BTreeSet<QualifiedName> {
    let mut out = BTreeSet::new();
    for c in changes {
        match c {
            Change::AlterColumn { table, from, to }
                if from.ty != to.ty || from.collation != to.collation =>
            {
                out.insert(table.clone());
            }
            Change::DropColumn { table, .. } => {
                out.insert(table.clone());
            }
            Change::DropTable(t) => {
                out.insert(t.qualified_name());
            }
            Change::RecreateEnum { columns, .. } => {
                out.extend(columns.iter().map(|u| u.table.clone()));
            }
            Change::RecreateDomain { columns, .. } => {
                out.extend(columns.iter().map(|(t, _)| t.clone()));
            }
            Change::DropView(v) => {
                out.insert(v.qualified_name());
            }
            Change::DropFunction(f) => {
                out.insert(f.qualified_name());
            }
            _ => {}
        }
    }
    out
}

/// Removes the changes made in place to view `name` (its indexes and
/// comment), which its rebuild makes whole.
fn forget_in_place(changes: &mut Vec<Change>, name: &QualifiedName) {
    changes.retain(|c| match c {
        Change::CreateIndex { table, .. } | Change::DropIndex { table, .. } => table != name,
        Change::SetComment {
            target: CommentTarget::View { name: n, .. },
            ..
        } => n != name,
        _ => true,
    });
}

/// Rebuilds what depends on a disturbed object and is not already being
/// dropped: views (until no more are found), and the triggers and policies of
/// disturbed tables and the triggers executing a disturbed function.
fn cascade(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let mut disturbed = disturbed(changes);
    loop {
        let dropped: BTreeSet<QualifiedName> = dropped_views(changes);
        let next = from.views.iter().find(|v| {
            !dropped.contains(&v.qualified_name())
                && v.depends_on.iter().any(|d| disturbed.contains(d))
        });
        let Some(view) = next else { break };
        disturbed.insert(view.qualified_name());
        forget_in_place(changes, &view.qualified_name());
        changes.push(Change::DropView(view.clone()));
        if let Some(new) = to.view(&view.schema, &view.name) {
            create_view(new, changes);
        }
    }
    let to_index = TableIndex::new(to);
    for old in &from.tables {
        let Some(new) = to_index.get(to, &old.schema, &old.name) else {
            continue;
        };
        let table = old.qualified_name();
        let table_disturbed = disturbed.contains(&table);
        for trigger in &old.triggers {
            let hit = table_disturbed || disturbed.contains(&trigger.function);
            if !hit
                || already(
                    changes,
                    |c| matches!(c, Change::DropTrigger { table: t, trigger: d } if *t == table && d.name == trigger.name),
                )
            {
                continue;
            }
            changes.push(Change::DropTrigger {
                table: table.clone(),
                trigger: trigger.clone(),
            });
            if let Some(t) = new.triggers.iter().find(|t| t.name == trigger.name) {
                changes.push(Change::CreateTrigger {
                    table: table.clone(),
                    trigger: t.clone(),
                });
            }
        }
        if !table_disturbed {
            continue;
        }
        for policy in &old.policies {
            if already(
                changes,
                |c| matches!(c, Change::DropPolicy { table: t, policy: d } if *t == table && d.name == policy.name),
            ) {
                continue;
            }
            changes.push(Change::DropPolicy {
                table: table.clone(),
                policy: policy.clone(),
            });
            if let Some(p) = new.policies.iter().find(|p| p.name == policy.name) {
                changes.push(Change::CreatePolicy {
                    table: table.clone(),
                    policy: p.clone(),
                });
            }
        }
    }
}

fn dropped_views(changes: &[Change]) -> BTreeSet<QualifiedName> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::DropView(v) => Some(v.qualified_name()),
            _ => None,
        })
        .collect()
}

fn already(changes: &[Change], found: impl Fn(&Change) -> bool) -> bool {
    changes.iter().any(found)
}

/// `views` in an order that creates each after the views it uses: by what the
/// database recorded, or, where nothing was (a schema written in code and not
/// yet through the database), by one view's name appearing in another's query.
pub(crate) fn creation_order(views: &[&View]) -> Vec<usize> {
    let uses = |a: &View, b: &View| {
        a.depends_on.contains(&b.qualified_name())
            || (a.depends_on.is_empty() && mentions(&a.definition, &b.name))
    };
    let mut placed: Vec<usize> = Vec::new();
    let mut left: Vec<usize> = (0..views.len()).collect();
    while !left.is_empty() {
        let ready = left
            .iter()
            .position(|&i| left.iter().all(|&j| j == i || !uses(views[i], views[j])))
            .unwrap_or(0); // a cycle the database would refuse anyway
        placed.push(left.remove(ready));
    }
    placed
}

/// Whether `name` appears in `sql` as a whole word.
pub(crate) fn mentions(sql: &str, name: &str) -> bool {
    let lower = sql.to_lowercase();
    let name = name.to_lowercase();
    lower.match_indices(&name).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + name.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

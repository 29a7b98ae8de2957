//! Privileges: each object's grants compared as a set, after every other
//! change. An object this diff creates (new, or dropped and created again
//! around another change) starts from what Postgres gives a new object, so
//! all of its grants are given again; one that stays gets the difference.

use std::collections::{BTreeSet, HashMap};

use super::{Change, GrantTarget, TableIndex};
use crate::model::{Grant, QualifiedName, Schema};

pub(super) fn diff_grants(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let created = created(changes);
    let mut out = Vec::new();
    // Looked up by name: a schema may hold thousands of each.
    let tables = TableIndex::new(from);
    let key = |s: &str, n: &str| (s.to_string(), n.to_string());
    let views: HashMap<_, _> = from
        .views
        .iter()
        .map(|v| (key(&v.schema, &v.name), v))
        .collect();
    let sequences: HashMap<_, _> = from
        .sequences
        .iter()
        .map(|q| (key(&q.schema, &q.name), q))
        .collect();
    let functions: HashMap<_, _> = from
        .functions
        .iter()
        .map(|f| ((f.schema.as_str(), f.name.as_str(), f.identity.as_str()), f))
        .collect();
    for t in &to.tables {
        let on = GrantTarget::Table(t.qualified_name());
        let old = tables.get(from, &t.schema, &t.name).map(|o| &o.grants);
        let kept_columns = |g: &&Grant| g.column.as_ref().is_none_or(|c| t.column(c).is_some());
        let old: Vec<Grant> = old
            .into_iter()
            .flatten()
            .filter(kept_columns)
            .cloned()
            .collect();
        compare(&on, fresh(&created, &on, &old), &t.grants, &mut out);
    }
    for v in &to.views {
        let on = GrantTarget::Table(v.qualified_name());
        let old = views
            .get(&key(&v.schema, &v.name))
            .map(|o| o.grants.clone());
        compare(
            &on,
            fresh(&created, &on, old.as_deref().unwrap_or(&[])),
            &v.grants,
            &mut out,
        );
    }
    for q in &to.sequences {
        let on = GrantTarget::Sequence(q.qualified_name());
        let old = sequences
            .get(&key(&q.schema, &q.name))
            .map(|o| o.grants.clone());
        compare(
            &on,
            fresh(&created, &on, old.as_deref().unwrap_or(&[])),
            &q.grants,
            &mut out,
        );
    }
    for f in &to.functions {
        let on = GrantTarget::Function {
            name: f.qualified_name(),
            identity: f.identity.clone(),
        };
        let old = functions
            .get(&(f.schema.as_str(), f.name.as_str(), f.identity.as_str()))
            .copied();
        let grants = old.map(|o| o.grants.clone());
        compare(
            &on,
            fresh(&created, &on, grants.as_deref().unwrap_or(&[])),
            &f.grants,
            &mut out,
        );
        // A new function may be called by every role until that is revoked.
        let public_before = match old {
            Some(o) if !created.contains(&on) => o.public_execute,
            _ => true,
        };
        if public_before != f.public_execute {
            out.push(Change::SetPublicExecute {
                function: on,
                to: f.public_execute,
            });
        }
    }
    for ns in to.namespaces() {
        let on = GrantTarget::Namespace { name: ns.clone() };
        let of = |s: &Schema| -> Vec<Grant> {
            s.namespace_grants
                .iter()
                .filter(|g| g.namespace == ns)
                .map(|g| g.grant.clone())
                .collect()
        };
        compare(&on, fresh(&created, &on, &of(from)), &of(to), &mut out);
    }
    changes.extend(out);
}

/// The grants an object has before the plan: none when the plan creates it.
fn fresh<'a>(created: &BTreeSet<GrantTarget>, on: &GrantTarget, old: &'a [Grant]) -> &'a [Grant] {
    if created.contains(on) {
        &[]
    } else {
        old
    }
}

/// Revokes of what goes, then grants of what comes. A grant whose option
/// changes is revoked and given again.
fn compare(on: &GrantTarget, old: &[Grant], new: &[Grant], out: &mut Vec<Change>) {
    for g in old.iter().filter(|g| !new.contains(g)) {
        out.push(Change::Revoke {
            on: on.clone(),
            grant: g.clone(),
        });
    }
    for g in new.iter().filter(|g| !old.contains(g)) {
        out.push(Change::Grant {
            on: on.clone(),
            grant: g.clone(),
        });
    }
}

/// Objects the changes create, as what a grant is on.
fn created(changes: &[Change]) -> BTreeSet<GrantTarget> {
    let table = |q: QualifiedName| GrantTarget::Table(q);
    changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable(t) => Some(table(t.qualified_name())),
            Change::CreateView(v) => Some(table(v.qualified_name())),
            Change::CreateSequence(q) => Some(GrantTarget::Sequence(q.qualified_name())),
            Change::CreateFunction(f) => Some(GrantTarget::Function {
                name: f.qualified_name(),
                identity: f.identity.clone(),
            }),
            Change::CreateSchema { name } => Some(GrantTarget::Namespace { name: name.clone() }),
            _ => None,
        })
        .collect()
}

//! New values of existing enums, which Postgres will not let the transaction that
//! added them use.
//!
//! When a later statement mentions an added value (a default, a check, a partial
//! index), every `ADD VALUE` of that enum is marked non-transactional and moved to
//! the front of the plan, so an applier commits them before the transaction that
//! holds the rest begins. They stay in place (and in the transaction) when unused,
//! or when the plan renames the enum or its values first.

use std::collections::BTreeMap;

use super::Statement;
use crate::ddl;
use crate::diff::Change;
use crate::model::{quote_literal, QualifiedName};

pub(super) fn commit_used_values(changes: &[Change], statements: Vec<Statement>) -> Vec<Statement> {
    let mut by_enum: BTreeMap<&QualifiedName, Vec<(String, String)>> = BTreeMap::new();
    for c in changes {
        if let Change::AddEnumValue {
            enum_name,
            value,
            position,
        } = c
        {
            let sql = ddl::add_enum_value(enum_name, value, position);
            by_enum
                .entry(enum_name)
                .or_default()
                .push((sql, quote_literal(value)));
        }
    }
    let mut hoisted = Vec::new();
    for (enum_name, values) in by_enum {
        if !renamed(changes, enum_name) && used_later(&statements, &values) {
            hoisted.extend(values.into_iter().map(|(sql, _)| sql));
        }
    }
    let (mut front, rest): (Vec<Statement>, Vec<Statement>) = statements
        .into_iter()
        .partition(|s| hoisted.contains(&s.sql));
    for s in &mut front {
        s.transactional = false;
    }
    front.extend(rest);
    front
}

/// Whether a statement other than the `ADD VALUE`s themselves mentions a new value.
fn used_later(statements: &[Statement], values: &[(String, String)]) -> bool {
    let adds: Vec<&String> = values.iter().map(|(sql, _)| sql).collect();
    statements
        .iter()
        .filter(|s| !adds.contains(&&s.sql))
        .any(|s| {
            values
                .iter()
                .any(|(_, literal)| s.sql.contains(literal.as_str()))
        })
}

fn renamed(changes: &[Change], enum_name: &QualifiedName) -> bool {
    changes.iter().any(|c| match c {
        Change::RenameEnum { from, to } => {
            from == enum_name || QualifiedName::new(&from.schema, to) == *enum_name
        }
        Change::RenameEnumValue { enum_name: e, .. } => e == enum_name,
        _ => false,
    })
}

//! New values of existing enums, which Postgres will not let the transaction that
//! added them use.
//!
//! When a later statement mentions an added value (a default, a check, a partial
//! index, an array literal), every `ADD VALUE` of that enum moves to the front of
//! the plan, into a transaction of its own that commits before the one holding the
//! rest begins (PostgreSQL 12 and later add values inside a transaction; they only
//! cannot be used before it commits). Renames of the enum and of its values go
//! with them, ahead, since the `ADD VALUE`s use the new names. Unused values stay
//! in place, in the one transaction. Either way each transaction applies whole or
//! not at all, so a run that stops half-way can simply be run again.

use std::collections::{BTreeMap, BTreeSet};

use super::Statement;
use crate::diff::Change;
use crate::model::QualifiedName;

/// Statements are told apart by the change they carry out (`Statement::change`,
/// an index into `changes`).
pub(super) fn commit_used_values(changes: &[Change], statements: Vec<Statement>) -> Vec<Statement> {
    // For each enum, its new values and the changes that add them.
    let mut by_enum: BTreeMap<&QualifiedName, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, c) in changes.iter().enumerate() {
        if let Change::AddEnumValue {
            enum_name, value, ..
        } = c
        {
            by_enum.entry(enum_name).or_default().push((i, value));
        }
    }
    let mut hoisted: BTreeSet<usize> = BTreeSet::new();
    for (enum_name, values) in by_enum {
        if used_later(&statements, &values) {
            hoisted.extend(renames_of(changes, enum_name));
            hoisted.extend(values.iter().map(|(i, _)| *i));
        }
    }
    let (mut front, mut rest): (Vec<Statement>, Vec<Statement>) = statements
        .into_iter()
        .partition(|s| hoisted.contains(&s.change));
    if !front.is_empty() {
        if let Some(first) = rest.first_mut() {
            first.commit_before = true;
        }
    }
    front.extend(rest);
    front
}

/// Whether a statement other than the `ADD VALUE`s themselves mentions a new value.
fn used_later(statements: &[Statement], values: &[(usize, &str)]) -> bool {
    statements
        .iter()
        .filter(|s| !values.iter().any(|(i, _)| *i == s.change))
        .any(|s| {
            values
                .iter()
                .any(|(_, value)| mentions_value(&s.sql, value))
        })
}

/// Whether a string literal in `sql` is `value`, or an array literal
/// (`'{ok,"it''s"}'`) holding it.
fn mentions_value(sql: &str, value: &str) -> bool {
    string_literals(sql).iter().any(|literal| {
        literal == value
            || literal
                .strip_prefix('{')
                .and_then(|l| l.strip_suffix('}'))
                .is_some_and(|elements| array_elements(elements).iter().any(|e| e == value))
    })
}

/// The contents of the `'...'` literals in `sql`, `''` read as `'`.
fn string_literals(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    literal.push('\'');
                }
                '\'' => break,
                c => literal.push(c),
            }
        }
        out.push(literal);
    }
    out
}

/// The elements of a one-dimensional array literal's body, quotes and
/// backslash escapes removed (nested braces are kept as text: erring towards
/// finding a value only moves its `ADD VALUE` ahead of the transaction).
fn array_elements(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in body.chars() {
        match c {
            _ if escaped => {
                current.push(c);
                escaped = false;
            }
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut current).trim().to_string()),
            '{' | '}' if !quoted => {}
            c => current.push(c),
        }
    }
    out.push(current.trim().to_string());
    out
}

/// The changes renaming the enum (now called `enum_name`) or its values; the
/// plan runs them before its `ADD VALUE`s, and a stable partition keeps that order.
fn renames_of<'c>(
    changes: &'c [Change],
    enum_name: &'c QualifiedName,
) -> impl Iterator<Item = usize> + 'c {
    changes
        .iter()
        .enumerate()
        .filter_map(move |(i, c)| match c {
            Change::RenameEnum { from, to }
                if QualifiedName::new(&from.schema, to) == *enum_name =>
            {
                Some(i)
            }
            Change::RenameEnumValue { enum_name: e, .. } if e == enum_name => Some(i),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::mentions_value;

    #[test]
    fn values_are_found_in_plain_and_array_literals() {
        assert!(mentions_value("SET DEFAULT 'glad'::public.mood", "glad"));
        assert!(mentions_value(
            "SET DEFAULT '{ok,glad}'::public.mood[]",
            "glad"
        ));
        assert!(mentions_value(
            r#"CHECK (m <> ALL ('{"it''s",x}'))"#,
            "it's"
        ));
        assert!(mentions_value(r#"'{"a \"b\"", c}'"#, "a \"b\""));
        assert!(!mentions_value(
            "SET DEFAULT '{ok,gladder}'::public.mood[]",
            "glad"
        ));
        assert!(!mentions_value("COMMENT ON TABLE t IS 'so glad'", "glad"));
    }
}

//! Refusals before anything is planned: code that declares nothing, and
//! namespaces that neither side has.
//!
//! A schema bin that does not link the crate declaring the tables sees an empty
//! schema; diffed against a database, that would drop everything. Code that
//! declares nothing (or nothing in a managed namespace the other side holds
//! objects in) is therefore never a reason to drop anything, unless the caller
//! says the empty schema is intended.

use crate::introspect::SchemaFilter;
use crate::model::Schema;

/// Why a comparison was refused before planning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the code declares no tables, enums, views or functions: a schema bin must link the crate that declares them; write the bin as `schema_cli::main!(your_crate);` (or add `use your_crate as _;`); to manage an empty schema on purpose, pass --allow-empty-schema")]
    NothingDeclared,
    #[error("the code declares nothing in namespace {namespace}, which holds {objects} table(s) and enum(s) in {other}: a schema bin must link the crate that declares them (`schema_cli::main!(your_crate);`); to drop them on purpose, pass --allow-empty-schema")]
    EmptyNamespace {
        namespace: String,
        objects: usize,
        /// Where the objects are: `the database`, `the latest migration`.
        other: &'static str,
    },
    #[error("namespace {name} is neither in the code nor in {other}; check the spelling of --schema / `schemas`")]
    UnknownNamespace { name: String, other: &'static str },
}

/// Checks `desired` (the code, already restricted to the managed namespaces)
/// against `current` (what it would change: a database or the latest snapshot,
/// named by `other`). `existing` lists the namespaces that exist on the current
/// side even when empty; `allow_empty` lets an empty code schema through.
pub fn check_code(
    current: &Schema,
    existing: &[String],
    desired: &Schema,
    filter: &SchemaFilter,
    allow_empty: bool,
    other: &'static str,
) -> Result<(), Refusal> {
    if let SchemaFilter::Only(names) = filter {
        let known = |n: &String| {
            existing.contains(n)
                || current.namespaces().contains(n)
                || desired.namespaces().contains(n)
        };
        if let Some(name) = names.iter().find(|n| !known(n)) {
            return Err(Refusal::UnknownNamespace {
                name: name.clone(),
                other,
            });
        }
    }
    if allow_empty {
        return Ok(());
    }
    if desired.tables.is_empty()
        && desired.enums.is_empty()
        && desired.views.is_empty()
        && desired.functions.is_empty()
        && desired.domains.is_empty()
        && desired.sequences.is_empty()
    {
        return Err(Refusal::NothingDeclared);
    }
    for namespace in current.namespaces() {
        if !filter.includes(&namespace) || desired.declares_in(&namespace) {
            continue;
        }
        let objects = current
            .tables
            .iter()
            .filter(|t| t.schema == namespace)
            .count()
            + current
                .enums
                .iter()
                .filter(|e| e.schema == namespace)
                .count();
        if objects > 0 {
            return Err(Refusal::EmptyNamespace {
                namespace,
                objects,
                other,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tests::{col, table};

    fn schema(tables: Vec<crate::model::Table>) -> Schema {
        let mut s = Schema {
            schemas: vec![],
            enums: vec![],
            tables,
            extensions: vec![],
            views: vec![],
            functions: vec![],
            domains: vec![],
            sequences: vec![],
            namespace_grants: vec![],
        };
        s.normalize();
        s
    }

    #[test]
    fn empty_code_is_refused_whatever_the_other_side_holds() {
        let db = schema(vec![table("public", "t", vec![col("id", "int8")])]);
        let all = SchemaFilter::AllNonSystem;
        assert_eq!(
            check_code(&db, &[], &Schema::empty(), &all, false, "the database"),
            Err(Refusal::NothingDeclared)
        );
        assert_eq!(
            check_code(&Schema::empty(), &[], &Schema::empty(), &all, false, "x"),
            Err(Refusal::NothingDeclared)
        );
        assert!(check_code(&db, &[], &Schema::empty(), &all, true, "x").is_ok());
    }

    #[test]
    fn a_managed_namespace_the_code_leaves_empty_is_refused() {
        let db = schema(vec![
            table("public", "t", vec![col("id", "int8")]),
            table("auth", "u", vec![col("id", "int8")]),
        ]);
        let code = schema(vec![table("public", "t", vec![col("id", "int8")])]);
        let err = check_code(
            &db,
            &[],
            &code,
            &SchemaFilter::AllNonSystem,
            false,
            "the database",
        )
        .unwrap_err();
        assert_eq!(
            err,
            Refusal::EmptyNamespace {
                namespace: "auth".into(),
                objects: 1,
                other: "the database"
            }
        );
        // Not managed: left alone.
        let only = SchemaFilter::only(["public"]);
        assert!(check_code(&db, &[], &code, &only, false, "the database").is_ok());
    }

    #[test]
    fn a_namespace_neither_side_has_is_an_error() {
        let code = schema(vec![table("public", "t", vec![col("id", "int8")])]);
        let filter = SchemaFilter::only(["public", "nosuch"]);
        assert_eq!(
            check_code(
                &code,
                &["public".into()],
                &code,
                &filter,
                false,
                "the database"
            ),
            Err(Refusal::UnknownNamespace {
                name: "nosuch".into(),
                other: "the database"
            })
        );
        let empty_but_there = SchemaFilter::only(["public", "spare"]);
        let existing = vec!["public".to_string(), "spare".to_string()];
        assert!(check_code(&code, &existing, &code, &empty_but_there, false, "x").is_ok());
    }
}

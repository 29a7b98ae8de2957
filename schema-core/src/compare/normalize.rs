//! Normalisation through the database: "equivalence without noise".
//!
//! A schema written in code says `int4`, `now()`, `'{}'`, `balance >= 0`,
//! `lower(email)`; a database prints `integer`, `now()`, `'{}'::jsonb`,
//! `(balance >= (0)::numeric)`, `lower(email)`. Rather than re-implement Postgres's
//! deparser, the desired objects are created under scratch namespace names inside a
//! transaction that is always rolled back, read with the same catalog queries as a
//! live database, and mapped back to their real namespaces.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use postgres::types::Type;
use postgres::GenericClient;

use crate::introspect::rename::NamespaceMap;
use crate::introspect::{db, queries, read, scratch_error, IntrospectError, SchemaFilter};
use crate::model::{QualifiedName, Schema};

/// Returns `desired` as a database holding it would introspect, keeping its
/// comments and rename hints. The objects are created by the same DDL a plan
/// runs ([`crate::plan::create_script`]).
///
/// Pass only the objects whose text differs from the database (and any enum they
/// use that the database does not have yet): foreign keys and comments are taken
/// from `desired` as they are, so a table may reference tables not passed.
/// Unqualified names in expressions resolve as they would under the session's
/// `search_path`. Nothing is left behind: the work happens in a transaction (or a
/// savepoint) that is always rolled back.
pub fn normalize_through(
    client: &mut impl GenericClient,
    desired: &Schema,
) -> Result<Schema, IntrospectError> {
    normalize_through_with(client, desired, crate::plan::create_script)
}

/// [`normalize_through`] with the step that renders the CREATE statements given
/// (`create_script(schema)` returns a `;`-separated script). The schema it receives
/// has no foreign keys and no comments.
pub(crate) fn normalize_through_with(
    client: &mut impl GenericClient,
    desired: &Schema,
    create_script: impl FnOnce(&Schema) -> String,
) -> Result<Schema, IntrospectError> {
    let mut tx = client.transaction().map_err(db("BEGIN"))?;
    let result = round_trip(&mut tx, desired, create_script);
    tx.rollback().map_err(db("ROLLBACK"))?;
    result
}

fn round_trip(
    tx: &mut impl GenericClient,
    desired: &Schema,
    create_script: impl FnOnce(&Schema) -> String,
) -> Result<Schema, IntrospectError> {
    let real = desired.namespaces();
    let scratch = scratch_names(real.len());
    // What the desired tables use from extensions must be there, for real (the
    // transaction is rolled back all the same).
    for e in &desired.extensions {
        let e = crate::model::Extension {
            schema: None,
            ..e.clone()
        };
        // A concurrent session may create it first: then it is there.
        let mut savepoint = tx.transaction().map_err(db("SAVEPOINT"))?;
        match savepoint.batch_execute(&crate::ddl::create_extension(&e)) {
            Ok(()) => savepoint.commit().map_err(db("RELEASE SAVEPOINT"))?,
            Err(err) if err.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                savepoint.rollback().map_err(db("ROLLBACK TO SAVEPOINT"))?
            }
            Err(err) => return Err(scratch_error(err)),
        }
    }
    let current_path = search_path(tx)?;
    let quoted = quote_idents(tx, current_path.iter().chain(&real))?;
    let (quoted_path, quoted_real) = quoted.split_at(current_path.len());

    let to_scratch = NamespaceMap {
        names: real.iter().cloned().zip(scratch.iter().cloned()).collect(),
        spelled: real.iter().cloned().zip(scratch.iter().cloned()).collect(),
        only: Some(objects_of(desired)),
    };
    let mut model = desired.clone();
    model.schemas.clone_from(&real);
    strip_restored_parts(&mut model);
    to_scratch.apply(&mut model);

    // Unqualified names resolve to the scratch copy first, then to whatever the
    // real namespace holds that was not copied (functions, other types).
    let path: Vec<String> = current_path
        .iter()
        .zip(quoted_path)
        .flat_map(|(ns, quoted)| {
            to_scratch
                .names
                .get(ns)
                .cloned()
                .into_iter()
                .chain([quoted.clone()])
        })
        .collect();
    let set_path = format!(
        "SET LOCAL search_path = {}",
        if path.is_empty() {
            "''".into()
        } else {
            path.join(", ")
        }
    );
    tx.batch_execute(&set_path)
        .map_err(db("setting search_path for the scratch namespaces"))?;
    tx.batch_execute(&create_script(&model))
        .map_err(scratch_error)?;

    let mut out = read::read_scratch(tx, &SchemaFilter::Only(scratch.clone()))?.schema;
    let back = NamespaceMap {
        names: scratch.iter().cloned().zip(real.iter().cloned()).collect(),
        spelled: scratch
            .iter()
            .cloned()
            .zip(quoted_real.iter().cloned())
            .collect(),
        only: None,
    };
    back.apply(&mut out);
    restore(&mut out, desired);
    Ok(out)
}

fn objects_of(s: &Schema) -> HashSet<QualifiedName> {
    let tables = s.tables.iter().map(|t| t.qualified_name());
    let partitions = s
        .tables
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| p.qualified_name()));
    tables
        .chain(partitions)
        .chain(s.enums.iter().map(|e| e.qualified_name()))
        .chain(s.views.iter().map(|v| v.qualified_name()))
        .chain(s.functions.iter().map(|f| f.qualified_name()))
        .chain(s.domains.iter().map(|d| d.qualified_name()))
        .chain(s.sequences.iter().map(|q| q.qualified_name()))
        .collect()
}

/// Unique per process and call, never in need of quoting, well under 63 bytes.
fn scratch_names(count: usize) -> Vec<String> {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let stem = format!("_schema_norm_{:x}_{nanos:x}_{call}", std::process::id());
    (0..count).map(|i| format!("{stem}_{i}")).collect()
}

fn search_path(tx: &mut impl GenericClient) -> Result<Vec<String>, IntrospectError> {
    let row = tx
        .query_typed_one(queries::SEARCH_PATH, &[])
        .map_err(db("reading search_path"))?;
    row.try_get(0).map_err(db("reading search_path"))
}

/// Quotes identifiers exactly as Postgres prints them (keywords included).
fn quote_idents<'a>(
    tx: &mut impl GenericClient,
    names: impl Iterator<Item = &'a String>,
) -> Result<Vec<String>, IntrospectError> {
    let names: Vec<&String> = names.collect();
    let row = tx
        .query_typed_one(queries::QUOTE_IDENTS, &[(&names, Type::TEXT_ARRAY)])
        .map_err(db("quoting identifiers"))?;
    row.try_get(0).map_err(db("quoting identifiers"))
}

/// Foreign keys and comments need no normalising and are put back by [`restore`];
/// leaving foreign keys out lets a subset of tables be created on its own.
fn strip_restored_parts(s: &mut Schema) {
    s.extensions.clear();
    for e in &mut s.enums {
        e.comment = None;
    }
    for t in &mut s.tables {
        t.foreign_keys.clear();
        t.comment = None;
        t.columns.iter_mut().for_each(|c| c.comment = None);
        t.indexes.iter_mut().for_each(|i| i.comment = None);
    }
    s.views.iter_mut().for_each(|v| v.comment = None);
    s.domains.iter_mut().for_each(|d| d.comment = None);
    // A sequence's owner may not be among the tables copied; the database
    // says nothing new about either.
    for q in &mut s.sequences {
        q.comment = None;
        q.owned_by = None;
    }
    s.functions.iter_mut().for_each(|f| f.comment = None);
    // Grants are compared as written; the scratch copies need none.
    s.namespace_grants.clear();
    s.grant_lists_mut().for_each(Vec::clear);
    s.functions.iter_mut().for_each(|f| f.public_execute = true);
}

/// Puts back what the round trip does not carry: foreign keys, comments, rename
/// hints, and the desired list of namespaces.
fn restore(out: &mut Schema, desired: &Schema) {
    let enums: HashMap<_, _> = desired
        .enums
        .iter()
        .map(|e| (e.qualified_name(), e))
        .collect();
    for e in &mut out.enums {
        if let Some(d) = enums.get(&e.qualified_name()) {
            e.comment.clone_from(&d.comment);
            e.renamed_from.clone_from(&d.renamed_from);
            e.renamed_values.clone_from(&d.renamed_values);
        }
    }
    let tables: HashMap<_, _> = desired
        .tables
        .iter()
        .map(|t| (t.qualified_name(), t))
        .collect();
    for t in &mut out.tables {
        let Some(d) = tables.get(&t.qualified_name()) else {
            continue;
        };
        t.comment.clone_from(&d.comment);
        t.renamed_from.clone_from(&d.renamed_from);
        t.grants.clone_from(&d.grants);
        t.foreign_keys.clone_from(&d.foreign_keys);
        for c in &mut t.columns {
            if let Some(dc) = d.column(&c.name) {
                c.comment.clone_from(&dc.comment);
                c.renamed_from.clone_from(&dc.renamed_from);
            }
        }
        for i in &mut t.indexes {
            if let Some(di) = d.indexes.iter().find(|di| di.name == i.name) {
                i.comment.clone_from(&di.comment);
            }
        }
    }
    for v in &mut out.views {
        if let Some(d) = desired.view(&v.schema, &v.name) {
            v.comment.clone_from(&d.comment);
            v.grants.clone_from(&d.grants);
        }
    }
    out.sequences.clone_from(&desired.sequences);
    for d in &mut out.domains {
        if let Some(w) = desired.domain(&d.schema, &d.name) {
            d.comment.clone_from(&w.comment);
        }
    }
    for f in &mut out.functions {
        // The code's function is known by name only until the database reads
        // its arguments: take the comment of the one so named.
        let same = |d: &&crate::model::Function| d.schema == f.schema && d.name == f.name;
        if let Some(d) = desired.functions.iter().find(same) {
            f.comment.clone_from(&d.comment);
            f.grants.clone_from(&d.grants);
            f.public_execute = d.public_execute;
        }
    }
    out.schemas.clone_from(&desired.schemas);
    out.namespace_grants.clone_from(&desired.namespace_grants);
    out.normalize();
}

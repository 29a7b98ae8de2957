//! The desired schema as the database would hold it, so that comparing it with an
//! introspected one shows real differences only.
//!
//! Code spells things its own way (`'{}'` for `'{}'::jsonb`, `balance >= 0` for
//! `(balance >= 0)`); Postgres rewrites them. Only tables whose text differs from
//! the database's need the round trip through [`normalize_through`]; a database
//! that already matches the code costs nothing more than the text comparison.

use postgres::GenericClient;

use crate::introspect::{normalize_through, IntrospectError};
use crate::model::{Schema, Table};

/// `desired`, with every table that exists in `current` (by name or by a declared
/// earlier name) but differs from it in text replaced by the database's rendering
/// of it. New tables are kept as written: nothing compares them.
pub fn database_view(
    client: &mut impl GenericClient,
    current: &Schema,
    desired: &Schema,
) -> Result<Schema, IntrospectError> {
    let differing: Vec<Table> = desired
        .tables
        .iter()
        .filter(|t| counterpart(current, t).is_some_and(|c| !same_text(c, t)))
        .cloned()
        .collect();
    if differing.is_empty() {
        return Ok(desired.clone());
    }
    let subset = Schema {
        schemas: desired.schemas.clone(),
        enums: desired.enums.clone(),
        tables: differing,
    };
    let normalized = normalize_through(client, &subset)?;
    let mut out = desired.clone();
    for table in &mut out.tables {
        if let Some(n) = normalized.table(&table.schema, &table.name) {
            *table = n.clone();
        }
    }
    Ok(out)
}

/// The table in `current` that `table` is, under its name or an earlier one.
fn counterpart<'a>(current: &'a Schema, table: &Table) -> Option<&'a Table> {
    current.table(&table.schema, &table.name).or_else(|| {
        table
            .renamed_from
            .iter()
            .find_map(|old| current.table(&table.schema, old))
    })
}

/// Equal but for rename hints and the name itself (a renamed table compares by
/// its contents).
fn same_text(current: &Table, desired: &Table) -> bool {
    let strip = |t: &Table| {
        let mut t = t.clone();
        t.name.clear();
        t.renamed_from.clear();
        t.columns.iter_mut().for_each(|c| c.renamed_from.clear());
        t
    };
    strip(current) == strip(desired)
}

//! Writes from the page, each in its own transaction and optimistic: an update
//! or delete applies only where the row still holds every value the page
//! showed; otherwise nothing changes and the answer carries the row as it is now.

use std::collections::BTreeMap;

use postgres::Transaction;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::catalog::Table;
use crate::rows::text_columns;
use crate::sql::{ident, qualified, Failure, Params};

type Values = BTreeMap<String, Option<String>>;

#[derive(Debug, Deserialize)]
pub struct Update {
    pub schema: String,
    pub name: String,
    pub key: Values,
    pub original: Values,
    pub changes: Values,
}

#[derive(Debug, Deserialize)]
pub struct Insert {
    pub schema: String,
    pub name: String,
    #[serde(default)]
    pub values: Values,
}

#[derive(Debug, Deserialize)]
pub struct Delete {
    pub schema: String,
    pub name: String,
    pub rows: Vec<Shown>,
}

/// A row as the page showed it.
#[derive(Debug, Deserialize)]
pub struct Shown {
    pub key: Values,
    pub original: Values,
}

fn editable(table: &Table) -> Result<(), Failure> {
    if table.editable {
        return Ok(());
    }
    let why = if table.primary_key.is_empty() {
        "it has no primary key, so a row cannot be named safely"
    } else {
        "it is not a table"
    };
    Err(Failure::new(
        403,
        format!(
            "{}.{} cannot be edited here: {why}",
            table.schema, table.name
        ),
    ))
}

/// `"k" = $1::type AND ...` for the primary key, every key column given.
fn key_terms(table: &Table, key: &Values, params: &mut Params) -> Result<Vec<String>, Failure> {
    table
        .primary_key
        .iter()
        .map(|k| {
            let value = key
                .get(k)
                .cloned()
                .flatten()
                .ok_or_else(|| Failure::bad(format!("the row's key has no value for {k}")))?;
            let column = table.column(k)?;
            Ok(format!(
                "{} = {}::{}",
                ident(k),
                params.text(Some(value)),
                column.cast
            ))
        })
        .collect()
}

/// `"c"::text IS NOT DISTINCT FROM $n` for every column: the row is as shown.
/// Every column of the table must be given, so a row is never changed on a
/// partial view of it.
fn unchanged_terms(
    table: &Table,
    original: &Values,
    params: &mut Params,
) -> Result<Vec<String>, Failure> {
    table
        .columns
        .iter()
        .map(|c| {
            let value = original.get(&c.name).ok_or_else(|| {
                Failure::new(
                    409,
                    format!(
                        "the page did not show column {} of {}.{} (added since it loaded?); reload and try again",
                        c.name, table.schema, table.name
                    ),
                )
            })?;
            Ok(format!(
                "{}::text IS NOT DISTINCT FROM {}",
                ident(&c.name),
                params.text(value.clone())
            ))
        })
        .collect()
}

/// The row with this key as it is now, as text, or `None` when it is gone.
fn current(
    tx: &mut Transaction<'_>,
    table: &Table,
    key: &Values,
) -> Result<Option<Vec<Option<String>>>, Failure> {
    let mut params = Params::default();
    let terms = key_terms(table, key, &mut params)?;
    let sql = format!(
        "SELECT {} FROM {} t WHERE {}",
        text_columns(table),
        qualified(&table.schema, &table.name),
        terms.join(" AND ")
    );
    Ok(tx
        .query_opt(&sql, &params.refs())?
        .map(|r| texts(&r, table.columns.len())))
}

fn texts(row: &postgres::Row, n: usize) -> Vec<Option<String>> {
    (0..n).map(|i| row.get::<_, Option<String>>(i)).collect()
}

/// The answer when the row is not as the page showed it.
fn conflict(row: Option<Vec<Option<String>>>) -> Failure {
    let error = if row.is_some() {
        "the row changed since it was loaded; nothing was changed (the page now shows its current values)"
    } else {
        "the row was deleted since it was loaded; nothing was changed"
    };
    Failure {
        status: 409,
        body: json!({ "error": error, "conflict": true, "row": row }),
    }
}

pub fn update(tx: &mut Transaction<'_>, table: &Table, request: &Update) -> Result<Value, Failure> {
    editable(table)?;
    if request.changes.is_empty() {
        return Err(Failure::bad("nothing to change"));
    }
    let mut params = Params::default();
    let mut sets = Vec::new();
    for (name, value) in &request.changes {
        let column = table.column(name)?;
        if column.generated {
            return Err(Failure::bad(format!(
                "{name} is written by the database (identity or generated column)"
            )));
        }
        sets.push(format!(
            "{} = {}::{}",
            ident(name),
            params.text(value.clone()),
            column.cast
        ));
    }
    let mut terms = key_terms(table, &request.key, &mut params)?;
    terms.extend(unchanged_terms(table, &request.original, &mut params)?);
    let sql = format!(
        "UPDATE {} t SET {} WHERE {} RETURNING {}",
        qualified(&table.schema, &table.name),
        sets.join(", "),
        terms.join(" AND "),
        text_columns(table)
    );
    let updated = tx.query(&sql, &params.refs())?;
    match updated.as_slice() {
        [row] => Ok(json!({ "row": texts(row, table.columns.len()) })),
        [] => Err(conflict(current(tx, table, &request.key)?)),
        _ => Err(Failure::new(
            500,
            "more than one row matched the primary key; nothing was changed",
        )),
    }
}

pub fn insert(tx: &mut Transaction<'_>, table: &Table, request: &Insert) -> Result<Value, Failure> {
    editable(table)?;
    let mut params = Params::default();
    let (mut names, mut values) = (Vec::new(), Vec::new());
    for (name, value) in &request.values {
        let column = table.column(name)?;
        names.push(ident(name));
        values.push(format!("{}::{}", params.text(value.clone()), column.cast));
    }
    let target = qualified(&table.schema, &table.name);
    let sql = if names.is_empty() {
        format!(
            "INSERT INTO {target} AS t DEFAULT VALUES RETURNING {}",
            text_columns(table)
        )
    } else {
        format!(
            "INSERT INTO {target} AS t ({}) VALUES ({}) RETURNING {}",
            names.join(", "),
            values.join(", "),
            text_columns(table)
        )
    };
    let row = tx.query_one(&sql, &params.refs())?;
    Ok(json!({ "row": texts(&row, table.columns.len()) }))
}

pub fn delete(tx: &mut Transaction<'_>, table: &Table, request: &Delete) -> Result<Value, Failure> {
    editable(table)?;
    if request.rows.is_empty() {
        return Err(Failure::bad("no rows to delete"));
    }
    for shown in &request.rows {
        let mut params = Params::default();
        let mut terms = key_terms(table, &shown.key, &mut params)?;
        terms.extend(unchanged_terms(table, &shown.original, &mut params)?);
        let sql = format!(
            "DELETE FROM {} t WHERE {}",
            qualified(&table.schema, &table.name),
            terms.join(" AND ")
        );
        if tx.execute(&sql, &params.refs())? == 0 {
            // The transaction rolls back: none of the rows is deleted.
            return Err(conflict(current(tx, table, &shown.key)?));
        }
    }
    Ok(json!({ "deleted": request.rows.len() }))
}

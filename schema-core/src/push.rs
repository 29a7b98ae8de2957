//! `push`: bring a live database to the desired schema, whole or not at all.
//!
//! [`prepare`] computes the plan without taking any lock, so a person can read it
//! and consent; [`apply`] then takes the schema lock in one transaction,
//! introspects again, and applies only if the plan is still the one approved. A
//! concurrent push that got there first leaves nothing to do, which is success.
//! Statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY) run
//! after the commit, one by one, as a separate announced phase.

use std::time::Duration;

use postgres::{Client, GenericClient};

use crate::compare::database_view;
use crate::diff::{diff, Change};
use crate::error_text::describe;
use crate::introspect::{introspect, SchemaFilter};
use crate::lock::begin_locked;
use crate::migrate::JournalTable;
use crate::model::{quote_ident, quote_literal, QualifiedName, Schema};
use crate::plan::{plan, plan_with, HazardKind, Plan, PlanOptions, Statement};

/// How a push runs.
#[derive(Debug, Clone)]
pub struct PushOptions {
    pub filter: SchemaFilter,
    pub lock_timeout: Duration,
    /// The migrations journal: never part of the compared schema, and the scope
    /// of the advisory lock, so a push and a migration run never interleave.
    pub journal: JournalTable,
    /// How the plan does its work (e.g. indexes built concurrently).
    pub plan: PlanOptions,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            filter: SchemaFilter::AllNonSystem,
            lock_timeout: crate::lock::DEFAULT_LOCK_TIMEOUT,
            journal: JournalTable::default(),
            plan: PlanOptions::default(),
        }
    }
}

/// What a push would do against the database as it is now. (The schemas
/// compared are not kept: at a thousand tables each copy weighs megabytes.)
#[derive(Debug, Clone)]
pub struct Prepared {
    pub changes: Vec<Change>,
    pub plan: Plan,
}

/// What [`apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The plan was applied: this many statements in the transaction, and this
    /// many afterwards outside it.
    Done {
        in_transaction: usize,
        after_commit: usize,
    },
    /// Another run applied the same changes first.
    NothingToDo,
}

/// A failed push. The database is as it was, except after a failure in the
/// non-transactional phase, which says so.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(transparent)]
    Introspect(#[from] crate::introspect::IntrospectError),
    #[error("statement {index} of {total} failed, {}: {message}; statement: {sql}", rolled_back(*committed))]
    Statement {
        index: usize,
        total: usize,
        sql: String,
        message: String,
        /// Statements committed before this one's transaction (usually none).
        committed: usize,
    },
    #[error("the transaction was committed, but statement {index} of the non-transactional phase failed: {message}; statement: {sql}; run push again to finish")]
    AfterCommit {
        index: usize,
        sql: String,
        message: String,
    },
    #[error("the database changed while the plan was being approved; nothing was applied; run push again to see the new plan")]
    ChangedMeanwhile,
    #[error("{0}")]
    Database(String),
}

/// Introspects, normalises the desired schema through the database, and plans.
pub fn prepare(
    client: &mut impl GenericClient,
    desired: &Schema,
    options: &PushOptions,
) -> Result<Prepared, PushError> {
    let current = introspect(client, &options.filter)?
        .schema
        .without_table(&options.journal.schema, &options.journal.name);
    let managed = options.filter.restrict(desired);
    let desired = database_view(client, &current, &managed)?;
    let changes = diff(&current, &desired);
    let plan = plan_with(&changes, &options.plan);
    Ok(Prepared { changes, plan })
}

/// Applies `approved` if, under the schema lock, it is still what the database
/// needs. Consecutive transactional statements run in one transaction (for most
/// plans, the whole plan); a failure rolls that transaction back. A statement that
/// cannot run in a transaction runs on its own between them, and before each
/// transaction the lock is taken and the rest of the plan checked again.
pub fn apply(
    client: &mut Client,
    desired: &Schema,
    approved: &Plan,
    options: &PushOptions,
) -> Result<Applied, PushError> {
    let mut remaining: &[Statement] = &approved.statements;
    let (mut in_transaction, mut after_commit) = (0, 0);
    while !remaining.is_empty() {
        let batch = remaining.iter().take_while(|s| s.transactional).count();
        let mut tx = begin_locked(client, &options.journal.to_string(), options.lock_timeout)
            .map_err(db_error)?;
        let fresh = prepare(&mut tx, desired, options)?;
        if fresh.plan.statements.is_empty() {
            // Another run did it (or finished what this one started).
            return Ok(if in_transaction + after_commit == 0 {
                Applied::NothingToDo
            } else {
                Applied::Done {
                    in_transaction,
                    after_commit,
                }
            });
        }
        if fresh.plan.statements != remaining {
            return Err(PushError::ChangedMeanwhile);
        }
        drop(fresh); // the schemas compared are not needed while the plan runs
                     // One round trip for the whole run of statements; only when it fails are
                     // they replayed one by one (and rolled back) to name the failing one.
        let statements = &remaining[..batch];
        let mut script =
            String::with_capacity(statements.iter().map(|s| s.sql.len() + 3).sum::<usize>());
        for statement in statements {
            script.push_str(&statement.sql);
            script.push_str("\n;\n");
        }
        if let Err(e) = tx.batch_execute(&script) {
            drop(tx);
            return Err(failing_statement(
                client,
                &remaining[..batch],
                in_transaction + after_commit,
                approved.statements.len(),
                options,
                e,
            ));
        }
        tx.commit().map_err(db_error)?;
        in_transaction += batch;
        remaining = &remaining[batch..];
        let alone = remaining.iter().take_while(|s| !s.transactional).count();
        for statement in &remaining[..alone] {
            after_commit += 1;
            client
                .batch_execute(&statement.sql)
                .map_err(|e| PushError::AfterCommit {
                    index: after_commit,
                    sql: first_line(&statement.sql),
                    message: describe(&e),
                })?;
        }
        remaining = &remaining[alone..];
    }
    Ok(Applied::Done {
        in_transaction,
        after_commit,
    })
}

/// After `statements` failed as one script: runs them again one by one in a
/// transaction that is rolled back, to say which one fails and why. (If none
/// fails on the second try, the first error is returned as it was.)
fn failing_statement(
    client: &mut Client,
    statements: &[Statement],
    done_before: usize,
    total: usize,
    options: &PushOptions,
    batch_error: postgres::Error,
) -> PushError {
    let mut replay = || -> Result<Option<PushError>, postgres::Error> {
        let mut tx = begin_locked(client, &options.journal.to_string(), options.lock_timeout)?;
        for (i, statement) in statements.iter().enumerate() {
            if let Err(e) = tx.batch_execute(&statement.sql) {
                return Ok(Some(PushError::Statement {
                    index: done_before + i + 1,
                    total,
                    sql: first_line(&statement.sql),
                    message: describe(&e),
                    committed: done_before,
                }));
            }
        }
        Ok(None) // dropping `tx` rolls back
    };
    match replay() {
        Ok(Some(named)) => named,
        _ => PushError::Statement {
            index: done_before + 1,
            total,
            sql: first_line(&statements[0].sql),
            message: format!(
                "{} (in statements {} to {})",
                describe(&batch_error),
                done_before + 1,
                done_before + statements.len()
            ),
            committed: done_before,
        },
    }
}

/// A change that loses data, or fails, when the table has rows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Loss {
    /// What is lost: `drop column public.users.nickname`.
    pub what: String,
    pub table: QualifiedName,
    /// The rows affected (capped at [`ROW_COUNT_CAP`]); `None` when not counted.
    pub rows: Option<u64>,
}

/// Row counts stop here: "more than a million rows" is enough to decide.
pub const ROW_COUNT_CAP: u64 = 1_000_000;

/// The changes that need consent, with the rows each one touches. A change that
/// only fails on bad rows (a new NOT NULL column, a narrowing type) is listed only
/// when the table has rows; dropping never depends on rows.
pub fn losses(client: &mut impl GenericClient, changes: &[Change]) -> Result<Vec<Loss>, PushError> {
    let mut out = Vec::new();
    for change in changes {
        let Some((what, table, filter, always)) = loss_of(change) else {
            continue;
        };
        let rows = count_rows(client, &table, filter.as_deref())?;
        if always || rows > 0 {
            out.push(Loss {
                what,
                table,
                rows: Some(rows),
            });
        }
    }
    Ok(out)
}

/// (description, table, which rows count, listed even without rows)
fn loss_of(change: &Change) -> Option<(String, QualifiedName, Option<String>, bool)> {
    let hazards: Vec<HazardKind> = plan(std::slice::from_ref(change))
        .statements
        .iter()
        .flat_map(|s| s.hazards.iter().map(|h| h.kind))
        .collect();
    let deletes = hazards.contains(&HazardKind::DeletesData);
    let may_fail = hazards.contains(&HazardKind::MayFailOnExistingRows);
    match change {
        Change::DropTable(t) => Some((
            format!("drop table {}.{}", t.schema, t.name),
            t.qualified_name(),
            None,
            true,
        )),
        Change::DropColumn { table, column } => Some((
            format!(
                "drop column {}.{}.{}",
                table.schema, table.name, column.name
            ),
            table.clone(),
            Some(format!("{} IS NOT NULL", quote_ident(&column.name))),
            true,
        )),
        Change::AlterColumn { table, from, to } if from.ty != to.ty && (deletes || may_fail) => {
            Some((
                format!(
                    "change {}.{}.{} from {} to {}",
                    table.schema, table.name, to.name, from.ty, to.ty
                ),
                table.clone(),
                Some(format!("{} IS NOT NULL", quote_ident(&from.name))),
                deletes,
            ))
        }
        Change::AddColumn { table, column } if may_fail => Some((
            format!(
                "add NOT NULL column {}.{}.{} without a default",
                table.schema, table.name, column.name
            ),
            table.clone(),
            None,
            false,
        )),
        Change::RecreateEnum { from, to, columns } => {
            let removed: Vec<&String> = from
                .values
                .iter()
                .filter(|v| !to.values.contains(v))
                .collect();
            let first_use = columns.first()?;
            let values = removed
                .iter()
                .map(|v| quote_literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            Some((
                format!(
                    "remove value(s) {values} of enum {}.{}",
                    from.schema, from.name
                ),
                first_use.table.clone(),
                Some(format!(
                    "{}::text IN ({values})",
                    quote_ident(&first_use.column)
                )),
                !removed.is_empty(),
            ))
        }
        _ => None,
    }
}

fn count_rows(
    client: &mut impl GenericClient,
    table: &QualifiedName,
    filter: Option<&str>,
) -> Result<u64, PushError> {
    let filter = filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
    let sql =
        format!("SELECT count(*) FROM (SELECT 1 FROM {table}{filter} LIMIT {ROW_COUNT_CAP}) AS s");
    let rows = client.simple_query(&sql).map_err(db_error)?;
    let count = rows.iter().find_map(|m| match m {
        postgres::SimpleQueryMessage::Row(r) => r.get(0).and_then(|v| v.parse().ok()),
        _ => None,
    });
    Ok(count.unwrap_or(0))
}

/// What a failed statement left behind.
fn rolled_back(committed: usize) -> String {
    match committed {
        0 => "nothing was changed".to_string(),
        n => format!("its transaction was rolled back ({n} earlier statements that had to commit first stay applied; push again to finish)"),
    }
}

fn db_error(e: postgres::Error) -> PushError {
    PushError::Database(describe(&e))
}

fn first_line(sql: &str) -> String {
    let line = sql
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"));
    let line = line.unwrap_or(sql).trim();
    if line.len() > 200 {
        format!(
            "{}...",
            &line[..line.char_indices().nth(200).map_or(line.len(), |(i, _)| i)]
        )
    } else {
        line.to_string()
    }
}

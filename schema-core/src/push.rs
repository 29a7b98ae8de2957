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
use crate::error_text::{describe, shorten};
use crate::guard::{check_code, Refusal};
use crate::introspect::{ReadLimits, SchemaFilter, TableFilter};
use crate::lock::{begin_locked, LockError};
use crate::migrate::JournalTable;
use crate::model::Schema;
use crate::plan::{plan_with, Effect, Loss, Plan, PlanOptions, Statement};
use crate::source::read_database;

/// How a push runs.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The namespaces under management; by default those the code declares.
    pub filter: SchemaFilter,
    /// The tables under management, by name (default: all of them).
    pub tables: TableFilter,
    /// Lets a desired schema that declares nothing (or nothing in a managed
    /// namespace the database holds objects in) through: dropping is intended.
    pub allow_empty: bool,
    pub lock_timeout: Duration,
    /// How long one read (a catalog query, a row count) may run.
    pub statement_timeout: Duration,
    /// How long to wait for another push or migration to release the schema lock.
    pub lock_wait: Duration,
    /// The migrations journal: never part of the compared schema, and the scope
    /// of the advisory lock, so a push and a migration run never interleave.
    pub journal: JournalTable,
    /// How the plan does its work (e.g. indexes built concurrently).
    pub plan: PlanOptions,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            filter: SchemaFilter::Declared,
            tables: TableFilter::default(),
            allow_empty: false,
            lock_timeout: crate::lock::DEFAULT_LOCK_TIMEOUT,
            statement_timeout: crate::introspect::DEFAULT_STATEMENT_TIMEOUT,
            lock_wait: crate::lock::DEFAULT_LOCK_WAIT,
            journal: JournalTable::default(),
            plan: PlanOptions::default(),
        }
    }
}

impl PushOptions {
    /// The limits of the push's reads.
    pub fn read_limits(&self) -> ReadLimits {
        ReadLimits {
            lock_timeout: self.lock_timeout,
            statement_timeout: self.statement_timeout,
        }
    }
}

/// What a push would do against the database as it is now. (The schemas
/// compared are not kept: at a thousand tables each copy weighs megabytes.)
#[derive(Debug, Clone)]
pub struct Prepared {
    pub changes: Vec<Change>,
    pub plan: Plan,
    /// The namespaces compared, sorted.
    pub namespaces: Vec<String>,
    /// Tables compared as written, the database accepting no writes to render
    /// them its way (see [`crate::compare::View::unnormalised`]).
    pub unnormalised: Vec<crate::model::QualifiedName>,
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
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Lock(LockError),
    #[error("statement {index} of {total} failed, {}: {message}; statement: {sql}", rolled_back(*committed))]
    Statement {
        index: usize,
        total: usize,
        sql: String,
        message: String,
        /// Statements committed before this one's transaction (usually none).
        committed: usize,
        #[source]
        source: postgres::Error,
    },
    #[error("the transaction was committed, but statement {index} of the non-transactional phase failed: {message}; statement: {sql}; run push again to finish")]
    AfterCommit {
        index: usize,
        sql: String,
        message: String,
        #[source]
        source: postgres::Error,
    },
    #[error("the database changed while the plan was being approved; nothing was applied; run push again to see the new plan")]
    ChangedMeanwhile,
    /// A statement is known to fail on the rows the table holds.
    #[error("{what}: {}; {fix}; nothing was applied", rows_text(*rows))]
    WouldFail {
        what: String,
        rows: u64,
        fix: String,
    },
    #[error("{message}")]
    Database {
        message: String,
        #[source]
        source: postgres::Error,
    },
}

/// Introspects, normalises the desired schema through the database, and plans.
pub fn prepare(
    client: &mut impl GenericClient,
    desired: &Schema,
    options: &PushOptions,
) -> Result<Prepared, PushError> {
    let filter = options.filter.resolve(desired);
    let read = read_database(client, &filter, &options.journal)?;
    // The database's other extensions, and the privileges of roles the code
    // never names, are not the code's to drop or revoke (unless every namespace
    // is under management: the database is then the whole picture).
    let current = options.tables.restrict_owned(read.schema);
    let current = match filter {
        SchemaFilter::AllNonSystem => current,
        _ => current
            .keeping_extensions_of(desired)
            .keeping_grants_of(desired),
    };
    let declared = filter.restrict(desired);
    let managed = options.tables.restrict(&declared);
    check_code(
        &current,
        &read.namespaces,
        &managed,
        &filter,
        options.allow_empty,
        "the database",
    )?;
    let namespaces = match &filter {
        SchemaFilter::Only(names) => names.clone(),
        _ => {
            let mut all = read.namespaces;
            all.extend(managed.namespaces());
            all.sort();
            all.dedup();
            all
        }
    };
    let desired = database_view(client, &current, &managed)?;
    let changes = diff(&current, &desired);
    let plan = plan_with(&changes, &options.plan);
    Ok(Prepared {
        changes,
        plan,
        namespaces,
        unnormalised: desired.unnormalised,
    })
}

/// Applies `approved` if, under the schema lock, it is still what the database
/// needs. Each transactional run of statements ([`Plan::runs`]; for most plans,
/// the whole plan) runs in one transaction, and a failure rolls it back. Before
/// each run the lock is taken and the rest of the plan checked again; a run of
/// statements that cannot run in a transaction then runs one by one after the
/// check's transaction ends.
pub fn apply(
    client: &mut Client,
    desired: &Schema,
    approved: &Plan,
    options: &PushOptions,
) -> Result<Applied, PushError> {
    let total = approved.statements.len();
    let (mut in_transaction, mut after_commit) = (0, 0);
    for run in approved.runs() {
        let done = in_transaction + after_commit;
        let remaining = &approved.statements[done..];
        let mut tx = lock(client, options)?;
        tx.batch_execute(&options.read_limits().set_local())
            .map_err(db_error)?;
        let fresh = prepare(&mut tx, desired, options)?;
        if fresh.plan.is_empty() {
            // Another run did it (or finished what this one started).
            return Ok(if done == 0 {
                Applied::NothingToDo
            } else {
                Applied::Done {
                    in_transaction,
                    after_commit,
                }
            });
        }
        let same = fresh.plan.statements.len() == remaining.len()
            && fresh
                .plan
                .statements
                .iter()
                .zip(remaining)
                .all(|(a, b)| a.same_work(b));
        if !same {
            return Err(PushError::ChangedMeanwhile);
        }
        let failing = fresh.plan.losses().filter(|l| l.effect == Effect::Fails);
        refuse_failing(&counted(&mut tx, failing)?)?;
        drop(fresh); // the schemas compared are not needed while the plan runs
                     // The reads are done; DDL may take as long as it takes (locks still wait
                     // no longer than the lock timeout).
        tx.batch_execute("SET LOCAL statement_timeout = 0")
            .map_err(db_error)?;
        if !run.transactional {
            tx.commit().map_err(db_error)?;
            for statement in run.statements {
                after_commit += 1;
                client
                    .batch_execute(&statement.sql)
                    .map_err(|e| PushError::AfterCommit {
                        index: after_commit,
                        sql: first_line(&statement.sql),
                        message: describe(&e),
                        source: e,
                    })?;
            }
            continue;
        }
        // One round trip for the whole run; only when it fails are its statements
        // replayed one by one (and rolled back) to name the failing one.
        let mut script = String::with_capacity(
            run.statements
                .iter()
                .map(|s| s.sql.len() + 3)
                .sum::<usize>(),
        );
        for statement in run.statements {
            script.push_str(&statement.sql);
            script.push_str("\n;\n");
        }
        if let Err(e) = tx.batch_execute(&script) {
            drop(tx);
            return Err(failing_statement(
                client,
                run.statements,
                done,
                total,
                options,
                e,
            ));
        }
        tx.commit().map_err(db_error)?;
        in_transaction += run.statements.len();
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
    let mut replay = || -> Result<Option<PushError>, PushError> {
        let mut tx = lock(client, options)?;
        for (i, statement) in statements.iter().enumerate() {
            if let Err(e) = tx.batch_execute(&statement.sql) {
                return Ok(Some(PushError::Statement {
                    index: done_before + i + 1,
                    total,
                    sql: first_line(&statement.sql),
                    message: describe(&e),
                    committed: done_before,
                    source: e,
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
            source: batch_error,
        },
    }
}

/// The plan's losses ([`Plan::losses`]) with their rows counted, keeping those
/// that need consent ([`Loss::needs_consent`]) or refuse the plan
/// ([`Loss::blocks`]; see [`refuse_failing`]).
pub fn count_losses(client: &mut impl GenericClient, plan: &Plan) -> Result<Vec<Loss>, PushError> {
    counted(client, plan.losses())
}

fn counted<'l>(
    client: &mut impl GenericClient,
    losses: impl Iterator<Item = &'l Loss>,
) -> Result<Vec<Loss>, PushError> {
    let mut out = Vec::new();
    for loss in losses {
        let rows = count_loss(client, loss).map_err(db_error)?;
        let counted = Loss {
            rows,
            ..loss.clone()
        };
        if counted.needs_consent() || counted.blocks() {
            out.push(counted);
        }
    }
    Ok(out)
}

/// Refuses a plan known to fail on the rows counted: a SET NOT NULL over NULLs,
/// a NOT NULL column without a default added to a table with rows. No
/// transaction is started for a plan that cannot succeed.
pub fn refuse_failing(losses: &[Loss]) -> Result<(), PushError> {
    match losses.iter().find(|l| l.blocks()) {
        Some(l) => Err(PushError::WouldFail {
            what: l.what.clone(),
            rows: l.rows.unwrap_or(0),
            fix: l.fix.clone().unwrap_or_default(),
        }),
        None => Ok(()),
    }
}

fn rows_text(n: u64) -> String {
    match n {
        1 => "1 row".to_string(),
        n if n >= crate::plan::ROW_COUNT_CAP => format!("more than {n} rows"),
        n => format!("{n} rows"),
    }
}

/// The rows a loss affects, up to [`crate::plan::ROW_COUNT_CAP`]; `None` when
/// what it loses is not rows.
pub(crate) fn count_loss(
    client: &mut impl GenericClient,
    loss: &Loss,
) -> Result<Option<u64>, postgres::Error> {
    let Some(query) = loss.count_query() else {
        return Ok(None);
    };
    let rows = client.simple_query(&query)?;
    Ok(Some(
        rows.iter()
            .find_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => r.get(0).and_then(|v| v.parse().ok()),
                _ => None,
            })
            .unwrap_or(0),
    ))
}

/// What a failed statement left behind.
fn rolled_back(committed: usize) -> String {
    match committed {
        0 => "nothing was changed".to_string(),
        n => format!("its transaction was rolled back ({n} earlier statements that had to commit first stay applied; push again to finish)"),
    }
}

/// The transaction holding the schema lock (see [`begin_locked`]).
fn lock<'c>(
    client: &'c mut Client,
    options: &PushOptions,
) -> Result<postgres::Transaction<'c>, PushError> {
    let scope = options.journal.to_string();
    begin_locked(client, &scope, options.lock_timeout, options.lock_wait).map_err(|e| match e {
        LockError::Database(e) => db_error(e),
        waited => PushError::Lock(waited),
    })
}

fn db_error(source: postgres::Error) -> PushError {
    PushError::Database {
        message: describe(&source),
        source,
    }
}

/// The first line of SQL text that is not a comment, cut to fit in a message.
fn first_line(sql: &str) -> String {
    let line = sql
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"));
    shorten(line.unwrap_or(sql).trim(), 200)
}

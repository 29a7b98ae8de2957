//! Taking the schema lock for a migration step without ever blocking on it.
//!
//! A run that finds the lock taken does not wait inside `pg_advisory_xact_lock`:
//! it ends its transaction, sleeps and tries again. A backend blocked in a
//! statement holds a snapshot, and `CREATE INDEX CONCURRENTLY` (run by the lock's
//! holder) waits for every transaction with an older snapshot to end: a blocked
//! waiter and the index build would wait for each other until Postgres aborted one
//! as a deadlock, leaving an invalid index behind. Between tries a waiter holds no
//! transaction at all, so the build only waits for the few milliseconds of a try.
//!
//! Transactional steps hold the transaction-level lock of [`crate::lock`]
//! (pgbouncer-safe). `-- schema:no-transaction` steps hold the same key as a
//! session-level lock, which is not pgbouncer-safe in transaction pooling mode.

use std::thread::sleep;
use std::time::Duration;

use postgres::types::{ToSql, Type};
use postgres::{Client, Transaction};

use super::{MigrateError, MigrateOptions};
use crate::lock::{begin_locked, LockError, LOCK_CLASS};

/// The first pause between two tries; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(10);
const MAX_PAUSE: Duration = Duration::from_millis(250);

/// Runs `body` in a transaction holding the schema lock, with `lock_timeout`
/// set, and commits when it succeeds (an error rolls everything back).
pub(crate) fn in_locked_transaction<T>(
    client: &mut Client,
    options: &MigrateOptions,
    body: impl FnOnce(&mut Transaction<'_>) -> Result<T, MigrateError>,
) -> Result<T, MigrateError> {
    let mut tx = begin_locked(
        client,
        &options.lock_scope(),
        options.lock_timeout,
        options.lock_wait,
    )
    .map_err(|e| match e {
        LockError::Database(e) => lock_failed(options, e),
        waited => MigrateError::Lock(waited),
    })?;
    let value = body(&mut tx)?;
    tx.commit()
        .map_err(|e| MigrateError::database("commit the migration", e))?;
    Ok(value)
}

/// Runs `body` holding the schema lock at session level and `lock_timeout`,
/// releasing both afterwards, also when `body` fails (`lock_timeout` goes back
/// to the session's default).
pub(crate) fn with_session_lock<T>(
    client: &mut Client,
    options: &MigrateOptions,
    body: impl FnOnce(&mut Client) -> Result<T, MigrateError>,
) -> Result<T, MigrateError> {
    let scope = options.lock_scope();
    let mut pause = FIRST_PAUSE;
    let started = std::time::Instant::now();
    while !try_lock(client, "pg_try_advisory_lock", &scope, options)? {
        if started.elapsed() >= options.lock_wait {
            return Err(MigrateError::Lock(LockError::Waited {
                holder: crate::lock::holder(client, &scope),
                scope,
                waited: started.elapsed(),
            }));
        }
        pause = wait(pause);
    }
    let millis = options.lock_timeout.as_millis().max(1);
    let result = client
        .batch_execute(&format!("SET lock_timeout = '{millis}ms'"))
        .map_err(|e| MigrateError::database("set lock_timeout", e))
        .and_then(|()| body(client));
    let released = client
        .batch_execute("RESET lock_timeout")
        .and_then(|()| {
            client
                .query_typed(
                    "SELECT pg_catalog.pg_advisory_unlock($1, pg_catalog.hashtext($2))",
                    &lock_params(&scope),
                )
                .map(drop)
        })
        .map_err(|e| {
            MigrateError::database(
                format!("release the schema lock for {}", options.journal),
                e,
            )
        });
    let value = result?;
    released?;
    Ok(value)
}

/// Tries `function` (one of the `pg_try_advisory_*lock` functions) once.
fn try_lock(
    client: &mut impl postgres::GenericClient,
    function: &str,
    scope: &String,
    options: &MigrateOptions,
) -> Result<bool, MigrateError> {
    let row = client
        .query_typed_one(
            &format!("SELECT pg_catalog.{function}($1, pg_catalog.hashtext($2))"),
            &lock_params(scope),
        )
        .map_err(|e| lock_failed(options, e))?;
    Ok(row.get(0))
}

fn lock_params(scope: &String) -> [(&(dyn ToSql + Sync), Type); 2] {
    [(&LOCK_CLASS, Type::INT4), (scope, Type::TEXT)]
}

fn lock_failed(options: &MigrateOptions, e: postgres::Error) -> MigrateError {
    MigrateError::database(format!("take the schema lock for {}", options.journal), e)
}

/// Sleeps for `pause` and returns the next pause.
fn wait(pause: Duration) -> Duration {
    sleep(pause);
    (pause * 2).min(MAX_PAUSE)
}

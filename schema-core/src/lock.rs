//! Serialising schema changes: a transaction-level advisory lock and the
//! `lock_timeout` that guards the statements run under it.
//!
//! Transaction-level locks (`pg_advisory_xact_lock`) end with their transaction,
//! so they also hold through pgbouncer in transaction pooling mode, where a session
//! lock would outlive its transaction on a shared server connection.
//!
//! A run that finds the lock taken never waits inside a statement: a backend
//! blocked in a statement holds a snapshot, and `CREATE INDEX CONCURRENTLY` run by
//! the lock's holder waits for every older snapshot to go away, so the two would
//! wait for each other until Postgres aborted one as a deadlock. [`begin_locked`]
//! tries the lock, and when it is taken ends its transaction, sleeps and tries
//! again; between tries it holds no transaction at all.

use std::thread::sleep;
use std::time::Duration;

use postgres::{Client, Transaction};

use crate::model::quote_literal;

/// Every push and migration run of one database takes this lock, so concurrent
/// runs apply one after the other; the later ones then find nothing to do.
/// The second key is `hashtext(scope)`, the journal table's name.
pub const LOCK_CLASS: i32 = 0x5343_4845; // "SCHE"

/// How long statements may wait for table locks unless configured otherwise.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a run waits for another run to release the schema lock unless
/// configured otherwise: long enough for a big migration, short of forever.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(15 * 60);

/// Why the schema lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{0}")]
    Database(#[from] postgres::Error),
    #[error("another push or migration has held the schema lock of {scope} for longer than {} s{}; wait for it, or raise --lock-wait", .waited.as_secs(), holder_text(.holder))]
    Waited {
        scope: String,
        waited: Duration,
        holder: Option<(i32, String)>,
    },
}

fn holder_text(holder: &Option<(i32, String)>) -> String {
    match holder {
        Some((pid, app)) => format!(" (backend pid {pid}, application \"{app}\")"),
        None => String::new(),
    }
}

/// The session holding the schema lock of `scope`, if any.
pub(crate) fn holder(
    client: &mut impl postgres::GenericClient,
    scope: &str,
) -> Option<(i32, String)> {
    let sql = format!(
        "SELECT l.pid, COALESCE(a.application_name, '') FROM pg_catalog.pg_locks l \
         LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 \
           AND l.classid = {LOCK_CLASS}::oid \
           AND l.objid = ((pg_catalog.hashtext({})::int8 + 4294967296) % 4294967296)::oid \
         LIMIT 1",
        quote_literal(scope)
    );
    let row = client.query(&sql, &[]).ok()?.into_iter().next()?;
    Some((row.try_get(0).ok()?, row.try_get(1).ok()?))
}

/// The first pause between two tries; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(10);
const MAX_PAUSE: Duration = Duration::from_millis(250);

/// Begins a transaction that holds the schema lock of `scope`, with
/// `lock_timeout` set for its statements. Waits (without blocking in a
/// statement) while another run holds the lock, up to `wait`: waiting for
/// another run to finish is what a run should do, but not forever.
pub fn begin_locked<'a>(
    client: &'a mut Client,
    scope: &str,
    lock_timeout: Duration,
    wait: Duration,
) -> Result<Transaction<'a>, LockError> {
    let mut pause = FIRST_PAUSE;
    let started = std::time::Instant::now();
    while !try_lock(client, scope)? {
        if started.elapsed() >= wait {
            return Err(LockError::Waited {
                scope: scope.to_string(),
                waited: started.elapsed(),
                holder: holder(client, scope),
            });
        }
        sleep(pause);
        pause = (pause * 2).min(MAX_PAUSE);
    }
    // Taken and released by the try: take it for good (at once, barring a race).
    let mut tx = client.transaction()?;
    lock_schema(&mut tx, scope, lock_timeout)?;
    Ok(tx)
}

/// Whether the lock is free right now (tried in a transaction of its own).
fn try_lock(client: &mut Client, scope: &str) -> Result<bool, postgres::Error> {
    let mut tx = client.transaction()?;
    let sql = format!(
        "SELECT pg_try_advisory_xact_lock({LOCK_CLASS}, hashtext({}))",
        quote_literal(scope)
    );
    let got = tx.simple_query(&sql)?.iter().any(|m| match m {
        postgres::SimpleQueryMessage::Row(row) => row.get(0) == Some("t"),
        _ => false,
    });
    tx.rollback()?;
    Ok(got)
}

/// Takes the schema lock of `scope` inside `tx` (waiting if another run holds
/// it), then sets `lock_timeout` for the rest of the transaction. Prefer
/// [`begin_locked`], which never waits inside a statement.
pub fn lock_schema(
    tx: &mut Transaction<'_>,
    scope: &str,
    lock_timeout: Duration,
) -> Result<(), postgres::Error> {
    // Simple queries only: no prepared statement may outlive its use under pgbouncer.
    let millis = lock_timeout.as_millis().max(1);
    tx.batch_execute(&format!(
        "SET LOCAL lock_timeout = 0; \
         SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext({})); \
         SET LOCAL lock_timeout = '{millis}ms'",
        quote_literal(scope)
    ))
}

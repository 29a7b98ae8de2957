//! Serialising schema changes: a transaction-level advisory lock and the
//! `lock_timeout` that guards the statements run under it.
//!
//! Transaction-level locks (`pg_advisory_xact_lock`) end with their transaction,
//! so they also hold through pgbouncer in transaction pooling mode, where a session
//! lock would outlive its transaction on a shared server connection.

use std::time::Duration;

use postgres::Transaction;

/// Every push and migration run of one database takes this lock, so concurrent
/// runs apply one after the other; the later ones then find nothing to do.
/// The two keys are fixed: `hashtext('schema')` space, and the journal it guards.
pub const LOCK_CLASS: i32 = 0x5343_4845; // "SCHE"

/// How long statements may wait for table locks unless configured otherwise.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Waits for the schema lock of `scope` (for example the journal table's name),
/// then sets `lock_timeout` for the rest of the transaction.
///
/// The wait for the advisory lock itself is not limited by `lock_timeout`: a run
/// that waits for another run to finish is doing what it should.
pub fn lock_schema(
    tx: &mut Transaction<'_>,
    scope: &str,
    lock_timeout: Duration,
) -> Result<(), postgres::Error> {
    tx.batch_execute("SET LOCAL lock_timeout = 0")?;
    tx.execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", &[&LOCK_CLASS, &scope])?;
    let millis = lock_timeout.as_millis().max(1);
    tx.batch_execute(&format!("SET LOCAL lock_timeout = '{millis}ms'"))
}

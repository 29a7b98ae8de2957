//! Applying and reverting migrations, one transaction each, under the schema lock.
//!
//! Each step opens a transaction, takes the lock, re-reads the journal and checks
//! it against the files before it changes anything. Concurrent runs therefore
//! apply every migration exactly once: the runs that waited for the lock find the
//! work done and skip it.

use std::time::{Duration, Instant};

use postgres::types::Type;
use postgres::{Client, GenericClient, Transaction};

use super::files::{DOWN_FILE, UP_FILE};
use super::journal::{self, JournalEntry};
use super::split::{split_statements, Statement};
use super::{has_no_transaction_header, MigrateError, MigrateOptions, Migration};
use crate::lock::{lock_schema, LOCK_CLASS};

/// A migration that was applied or reverted, and how long its SQL took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RanMigration {
    pub version: String,
    pub name: String,
    pub duration: Duration,
}

/// What [`migrate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrateReport {
    /// The migrations this run applied, in order (empty when up to date).
    pub applied: Vec<RanMigration>,
    /// Journal entries that no migration file holds (applied elsewhere, or their
    /// folder was deleted). Reported, not fatal.
    pub missing: Vec<JournalEntry>,
}

/// What [`migrate_down`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownReport {
    /// The migrations this run reverted, newest first.
    pub reverted: Vec<RanMigration>,
}

/// Applies every migration the journal does not list, in version order, each in
/// its own transaction. A migration older than applied ones (from a branch merged
/// late) is applied too.
///
/// Before applying anything it checks every applied migration against its file
/// and stops with [`MigrateError::Edited`] if one was changed. A failing statement
/// rolls its migration back and stops the run; migrations applied before it stay.
pub fn migrate(
    client: &mut Client,
    migrations: &[Migration],
    options: &MigrateOptions,
) -> Result<MigrateReport, MigrateError> {
    let sorted = sorted_unique(migrations)?;
    let (applied, missing) = prepare(client, &sorted, options)?;
    let mut report = MigrateReport {
        applied: Vec::new(),
        missing,
    };
    for migration in sorted.iter().filter(|m| !applied.contains(&m.version)) {
        let ran = if migration.no_transaction {
            apply_outside_transaction(client, migration, &sorted, options)?
        } else {
            apply_in_transaction(client, migration, &sorted, options)?
        };
        report.applied.extend(ran);
    }
    Ok(report)
}

/// Reverts the newest `n` applied migrations (by version) with their `down.sql`,
/// each in its own transaction, removing them from the journal.
///
/// Stops with [`MigrateError::NoDown`] at a migration without `down.sql`, and
/// with [`MigrateError::NotInFiles`] at a journal entry no file holds.
pub fn migrate_down(
    client: &mut Client,
    migrations: &[Migration],
    n: usize,
    options: &MigrateOptions,
) -> Result<DownReport, MigrateError> {
    let sorted = sorted_unique(migrations)?;
    let mut report = DownReport::default();
    while report.reverted.len() < n {
        match revert_newest(client, &sorted, options)? {
            Reverted::One(ran) => report.reverted.push(ran),
            Reverted::Raced => continue,
            Reverted::Nothing => break,
        }
    }
    Ok(report)
}

/// The migrations by version; two with one version are an error.
pub(crate) fn sorted_unique(migrations: &[Migration]) -> Result<Vec<&Migration>, MigrateError> {
    let mut sorted: Vec<&Migration> = migrations.iter().collect();
    sorted.sort_by(|a, b| a.version.cmp(&b.version));
    if let Some(w) = sorted.windows(2).find(|w| w[0].version == w[1].version) {
        return Err(MigrateError::DuplicateVersion {
            version: w[0].version.clone(),
            first: w[0].id(),
            second: w[1].id(),
        });
    }
    Ok(sorted)
}

/// Creates the journal if needed and checks it against the files, under the lock.
/// Returns the applied versions and the entries no file holds.
fn prepare(
    client: &mut Client,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<(Vec<String>, Vec<JournalEntry>), MigrateError> {
    let mut tx = begin_locked(client, options)?;
    journal::ensure(&mut tx, &options.journal)?;
    let entries = journal::read(&mut tx, &options.journal)?;
    let missing = journal::verify(&entries, sorted, &options.journal)?;
    commit(tx)?;
    Ok((entries.into_iter().map(|e| e.version).collect(), missing))
}

fn apply_in_transaction(
    client: &mut Client,
    migration: &Migration,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<Option<RanMigration>, MigrateError> {
    let mut tx = begin_locked(client, options)?;
    if is_applied(&mut tx, migration, sorted, options)? {
        return Ok(None);
    }
    let started = Instant::now();
    run_statements(&mut tx, migration, UP_FILE, &migration.up, true)?;
    let duration = started.elapsed();
    journal::insert(&mut tx, &options.journal, migration, duration)?;
    commit(tx)?;
    Ok(Some(ran(migration, duration)))
}

/// Runs a `-- schema:no-transaction` migration statement by statement under the
/// session-level lock (not pgbouncer-safe; see the module docs).
fn apply_outside_transaction(
    client: &mut Client,
    migration: &Migration,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<Option<RanMigration>, MigrateError> {
    with_session_lock(client, options, |client| {
        if is_applied(client, migration, sorted, options)? {
            return Ok(None);
        }
        let started = Instant::now();
        run_statements(client, migration, UP_FILE, &migration.up, false)?;
        let duration = started.elapsed();
        journal::insert(client, &options.journal, migration, duration)?;
        Ok(Some(ran(migration, duration)))
    })
}

/// Re-reads the journal (another run may have applied `migration` while this one
/// waited for the lock) and checks it against the files again.
fn is_applied(
    client: &mut impl GenericClient,
    migration: &Migration,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<bool, MigrateError> {
    let entries = journal::read(client, &options.journal)?;
    journal::verify(&entries, sorted, &options.journal)?;
    Ok(entries.iter().any(|e| e.version == migration.version))
}

enum Reverted {
    One(RanMigration),
    /// Another run changed the journal between two locks; look again.
    Raced,
    Nothing,
}

fn revert_newest(
    client: &mut Client,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<Reverted, MigrateError> {
    let mut tx = begin_locked(client, options)?;
    let Some(migration) = newest_applied(&mut tx, sorted, options)? else {
        return Ok(Reverted::Nothing);
    };
    let down = migration
        .down
        .as_deref()
        .ok_or_else(|| MigrateError::NoDown {
            migration: migration.id(),
        })?;
    if has_no_transaction_header(down) {
        drop(tx);
        return revert_outside_transaction(client, migration, down, sorted, options);
    }
    let started = Instant::now();
    run_statements(&mut tx, migration, DOWN_FILE, down, true)?;
    journal::delete(&mut tx, &options.journal, &migration.version)?;
    commit(tx)?;
    Ok(Reverted::One(ran(migration, started.elapsed())))
}

fn revert_outside_transaction(
    client: &mut Client,
    migration: &Migration,
    down: &str,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<Reverted, MigrateError> {
    with_session_lock(client, options, |client| {
        let newest = newest_applied(client, sorted, options)?;
        if newest.map(|m| &m.version) != Some(&migration.version) {
            return Ok(Reverted::Raced);
        }
        let started = Instant::now();
        run_statements(client, migration, DOWN_FILE, down, false)?;
        journal::delete(client, &options.journal, &migration.version)?;
        Ok(Reverted::One(ran(migration, started.elapsed())))
    })
}

/// The newest applied migration, after checking the journal against the files;
/// `None` when nothing is applied.
fn newest_applied<'m>(
    client: &mut impl GenericClient,
    sorted: &[&'m Migration],
    options: &MigrateOptions,
) -> Result<Option<&'m Migration>, MigrateError> {
    if !journal::exists(client, &options.journal)? {
        return Ok(None);
    }
    let entries = journal::read(client, &options.journal)?;
    journal::verify(&entries, sorted, &options.journal)?;
    let Some(newest) = entries.last() else {
        return Ok(None);
    };
    match sorted.iter().find(|m| m.version == newest.version) {
        Some(m) => Ok(Some(m)),
        None => Err(MigrateError::NotInFiles {
            migration: newest.id(),
            journal: options.journal.to_string(),
        }),
    }
}

/// Runs `sql` one statement at a time, so a failure names its statement and line.
/// In a transaction (`atomic`), statements that would end it are refused.
fn run_statements(
    client: &mut impl GenericClient,
    migration: &Migration,
    file: &str,
    sql: &str,
    atomic: bool,
) -> Result<(), MigrateError> {
    for statement in split_statements(sql) {
        if atomic && controls_transaction(&statement) {
            return Err(MigrateError::TransactionControl {
                file: format!("{}/{file}", migration.id()),
                line: statement.line,
                statement: super::error::shorten(statement.first_line()),
            });
        }
        client
            .batch_execute(statement.sql)
            .map_err(|e| MigrateError::statement(migration, file, &statement, &e, atomic))?;
    }
    Ok(())
}

/// Whether a statement starts, ends or prepares a transaction (`ROLLBACK TO` a
/// savepoint is fine).
fn controls_transaction(statement: &Statement<'_>) -> bool {
    let mut words = statement
        .sql
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    match first.as_str() {
        "begin" | "commit" | "end" | "abort" => true,
        "start" => second == "transaction",
        "rollback" => second != "to",
        "prepare" => second == "transaction",
        _ => false,
    }
}

fn begin_locked<'c>(
    client: &'c mut Client,
    options: &MigrateOptions,
) -> Result<Transaction<'c>, MigrateError> {
    let mut tx = client
        .transaction()
        .map_err(|e| MigrateError::database("begin a transaction", &e))?;
    lock_schema(&mut tx, &lock_scope(options), options.lock_timeout).map_err(|e| {
        MigrateError::database(format!("take the schema lock for {}", options.journal), &e)
    })?;
    Ok(tx)
}

fn commit(tx: Transaction<'_>) -> Result<(), MigrateError> {
    tx.commit()
        .map_err(|e| MigrateError::database("commit the migration", &e))
}

/// Runs `body` holding the session-level advisory lock (the same key as
/// [`lock_schema`]'s) and `lock_timeout`, releasing both afterwards, also on error.
fn with_session_lock<T>(
    client: &mut Client,
    options: &MigrateOptions,
    body: impl FnOnce(&mut Client) -> Result<T, MigrateError>,
) -> Result<T, MigrateError> {
    let scope = lock_scope(options);
    let params: [(&(dyn postgres::types::ToSql + Sync), Type); 2] =
        [(&LOCK_CLASS, Type::INT4), (&scope, Type::TEXT)];
    client
        .query_typed("SELECT pg_advisory_lock($1, hashtext($2))", &params)
        .map_err(|e| {
            MigrateError::database(format!("take the schema lock for {}", options.journal), &e)
        })?;
    let millis = options.lock_timeout.as_millis().max(1);
    let result = client
        .batch_execute(&format!("SET lock_timeout = '{millis}ms'"))
        .map_err(|e| MigrateError::database("set lock_timeout", &e))
        .and_then(|()| body(client));
    let released = client
        .batch_execute("RESET lock_timeout")
        .and_then(|()| {
            client
                .query_typed("SELECT pg_advisory_unlock($1, hashtext($2))", &params)
                .map(drop)
        })
        .map_err(|e| {
            MigrateError::database(
                format!("release the schema lock for {}", options.journal),
                &e,
            )
        });
    let value = result?;
    released?;
    Ok(value)
}

/// The advisory lock's scope: the journal it guards.
fn lock_scope(options: &MigrateOptions) -> String {
    options.journal.to_string()
}

fn ran(migration: &Migration, duration: Duration) -> RanMigration {
    RanMigration {
        version: migration.version.clone(),
        name: migration.name.clone(),
        duration,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn controls(sql: &str) -> bool {
        controls_transaction(&Statement { sql, line: 1 })
    }

    #[test]
    fn transaction_control_is_recognised() {
        for sql in [
            "BEGIN",
            "commit",
            "END",
            "START TRANSACTION",
            "ROLLBACK",
            "abort",
            "PREPARE TRANSACTION 'x'",
        ] {
            assert!(controls(sql), "{sql}");
        }
        for sql in [
            "ROLLBACK TO SAVEPOINT a",
            "SAVEPOINT a",
            "CREATE TABLE begin_log (id int)",
            "PREPARE p AS SELECT 1",
            "START",
        ] {
            assert!(!controls(sql), "{sql}");
        }
    }
}

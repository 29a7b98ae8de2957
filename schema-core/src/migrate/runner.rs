//! Applying and reverting migrations, one transaction each, under the schema lock.
//!
//! Each step opens a transaction, takes the lock, re-reads the journal and checks
//! it against the files before it changes anything. Concurrent runs therefore
//! apply every migration exactly once: the runs that waited for the lock find the
//! work done and skip it.

use std::time::{Duration, Instant};

use postgres::{Client, GenericClient};

use super::files::{DOWN_FILE, UP_FILE};
use super::journal::{self, JournalEntry};
use super::locking::{in_locked_transaction, with_session_lock};
use super::split::{split_statements, Statement};
use super::{has_no_transaction_header, MigrateError, MigrateOptions, Migration};

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
    let pending: Vec<&&Migration> = sorted
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .collect();
    // An empty file is a migration someone forgot to write, not one that is done.
    if let Some(empty) = pending.iter().find(|m| is_unwritten(m)) {
        return Err(MigrateError::EmptyMigration {
            migration: empty.id(),
        });
    }
    for migration in pending {
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
        match revert_newest(client, &sorted, None, options)? {
            Reverted::One(ran) => report.reverted.push(ran),
            // `Outside` is resolved by `revert_newest` itself.
            Reverted::Raced | Reverted::Outside(..) => continue,
            Reverted::Nothing => break,
        }
    }
    Ok(report)
}

/// Reverts exactly the migrations `approved` lists ([`super::plan_down`]), newest
/// first: what was shown and consented to. Stops with
/// [`MigrateError::JournalChanged`] when the newest applied migration is not the
/// next one listed (another run changed the journal meanwhile).
pub fn revert(
    client: &mut Client,
    migrations: &[Migration],
    approved: &super::DownPlan,
    options: &MigrateOptions,
) -> Result<DownReport, MigrateError> {
    let sorted = sorted_unique(migrations)?;
    let mut report = DownReport::default();
    for version in &approved.versions {
        loop {
            match revert_newest(client, &sorted, Some(version), options)? {
                Reverted::One(ran) => {
                    report.reverted.push(ran);
                    break;
                }
                Reverted::Raced | Reverted::Outside(..) => continue,
                Reverted::Nothing => {
                    return Err(MigrateError::JournalChanged {
                        expected: version.clone(),
                        found: "nothing applied".to_string(),
                    })
                }
            }
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
    in_locked_transaction(client, options, |tx| {
        journal::ensure(tx, &options.journal)?;
        let entries = journal::read(tx, &options.journal)?;
        let missing = journal::verify(&entries, sorted, &options.journal)?;
        Ok((entries.into_iter().map(|e| e.version).collect(), missing))
    })
}

fn apply_in_transaction(
    client: &mut Client,
    migration: &Migration,
    sorted: &[&Migration],
    options: &MigrateOptions,
) -> Result<Option<RanMigration>, MigrateError> {
    in_locked_transaction(client, options, |tx| {
        if is_applied(tx, migration, sorted, options)? {
            return Ok(None);
        }
        let started = Instant::now();
        run_statements(tx, migration, UP_FILE, &migration.up, true)?;
        let duration = started.elapsed();
        journal::insert(tx, &options.journal, migration, duration)?;
        Ok(Some(ran(migration, duration)))
    })
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
        let recorded = journal::insert(client, &options.journal, migration, duration)?;
        Ok(recorded.then(|| ran(migration, duration)))
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

enum Reverted<'m> {
    One(RanMigration),
    /// The newest migration's `down.sql` must run outside a transaction.
    Outside(&'m Migration, &'m str),
    /// Another run changed the journal between two locks; look again.
    Raced,
    Nothing,
}

/// Reverts the newest applied migration; with `expected`, only if it is that
/// version.
fn revert_newest<'m>(
    client: &mut Client,
    sorted: &[&'m Migration],
    expected: Option<&str>,
    options: &MigrateOptions,
) -> Result<Reverted<'m>, MigrateError> {
    let step = in_locked_transaction(client, options, |tx| {
        let Some(migration) = newest_applied(tx, sorted, options)? else {
            return Ok(Reverted::Nothing);
        };
        if let Some(expected) = expected.filter(|v| *v != migration.version) {
            return Err(MigrateError::JournalChanged {
                expected: expected.to_string(),
                found: migration.id(),
            });
        }
        let down = migration
            .down
            .as_deref()
            .ok_or_else(|| MigrateError::NoDown {
                migration: migration.id(),
            })?;
        if has_no_transaction_header(down) {
            return Ok(Reverted::Outside(migration, down));
        }
        let started = Instant::now();
        run_statements(tx, migration, DOWN_FILE, down, true)?;
        journal::delete(tx, &options.journal, &migration.version)?;
        Ok(Reverted::One(ran(migration, started.elapsed())))
    })?;
    match step {
        Reverted::Outside(migration, down) => {
            revert_outside_transaction(client, migration, down, sorted, options)
        }
        step => Ok(step),
    }
}

fn revert_outside_transaction<'m>(
    client: &mut Client,
    migration: &'m Migration,
    down: &str,
    sorted: &[&'m Migration],
    options: &MigrateOptions,
) -> Result<Reverted<'m>, MigrateError> {
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

/// The line that marks an `up.sql` meant to do nothing.
pub const EMPTY_MARKER: &str = "-- schema:empty";

/// Whether `up.sql` holds no statement and does not say it means to.
fn is_unwritten(migration: &Migration) -> bool {
    split_statements(&migration.up).is_empty()
        && !migration.up.lines().any(|l| l.trim() == EMPTY_MARKER)
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
        if !atomic {
            // A build that stopped part-way on an earlier run is built again.
            super::leftover::drop_invalid(client, statement.sql)?;
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

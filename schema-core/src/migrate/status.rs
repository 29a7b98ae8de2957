//! Which migrations a database has applied, without changing anything.

use std::time::{Duration, SystemTime};

use postgres::Client;

use super::journal::{self, JournalEntry};
use super::runner::sorted_unique;
use super::{MigrateError, MigrateOptions, Migration};

/// The state of every migration file, and journal entries without a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// One entry per migration file, by version.
    pub migrations: Vec<MigrationStatus>,
    /// Journal entries that no migration file holds.
    pub missing: Vec<JournalEntry>,
}

impl Status {
    /// The migrations `migrate` would apply.
    pub fn pending(&self) -> impl Iterator<Item = &MigrationStatus> {
        self.migrations
            .iter()
            .filter(|m| m.state == MigrationState::Pending)
    }

    /// The applied migrations whose `up.sql` changed since.
    pub fn modified(&self) -> impl Iterator<Item = &MigrationStatus> {
        self.migrations
            .iter()
            .filter(|m| matches!(m.state, MigrationState::Modified { .. }))
    }

    /// Every file applied and unchanged, and no journal entry without a file.
    pub fn is_up_to_date(&self) -> bool {
        self.missing.is_empty()
            && self
                .migrations
                .iter()
                .all(|m| matches!(m.state, MigrationState::Applied { .. }))
    }
}

/// One migration file and its state in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    pub version: String,
    pub name: String,
    pub state: MigrationState,
}

/// Whether a migration file has been applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationState {
    /// Not in the journal; `migrate` will apply it.
    Pending,
    /// Applied, and the file is unchanged since.
    Applied {
        applied_at: SystemTime,
        duration: Duration,
    },
    /// Applied, but `up.sql` was edited afterwards; `migrate` refuses to run.
    Modified {
        applied_at: SystemTime,
        /// The checksum the journal recorded (the file's is on the migration).
        recorded_checksum: String,
    },
}

/// Reports each migration as applied, pending or modified, and the journal
/// entries whose files are missing. Reads only: a database without the journal
/// table has everything pending, and the table is not created.
pub fn status(
    client: &mut Client,
    migrations: &[Migration],
    options: &MigrateOptions,
) -> Result<Status, MigrateError> {
    let sorted = sorted_unique(migrations)?;
    let entries = crate::introspect::in_snapshot(client, &options.read_limits(), |tx| {
        if journal::exists(tx, &options.journal)? {
            journal::read(tx, &options.journal)
        } else {
            Ok(Vec::new())
        }
    })?;
    let migrations = sorted
        .iter()
        .map(|m| MigrationStatus {
            version: m.version.clone(),
            name: m.name.clone(),
            state: state_of(m, &entries),
        })
        .collect();
    let missing = entries
        .iter()
        .filter(|e| !sorted.iter().any(|m| m.version == e.version))
        .cloned()
        .collect();
    Ok(Status {
        migrations,
        missing,
    })
}

fn state_of(migration: &Migration, entries: &[JournalEntry]) -> MigrationState {
    match entries.iter().find(|e| e.version == migration.version) {
        None => MigrationState::Pending,
        Some(e) if e.checksum != migration.checksum => MigrationState::Modified {
            applied_at: e.applied_at,
            recorded_checksum: e.checksum.clone(),
        },
        Some(e) => MigrationState::Applied {
            applied_at: e.applied_at,
            duration: e.duration,
        },
    }
}

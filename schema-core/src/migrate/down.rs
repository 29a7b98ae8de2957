//! `migrate down` with consent: what reverting would lose, read from the plan
//! between the migrations' snapshots, before anything is reverted.
//!
//! A migration's `down.sql` takes the database from its snapshot back to the
//! previous migration's; `generate` writes it from exactly that plan. So the loss
//! of reverting is that plan's [`Loss`]es, counted against the database for the
//! newest migration (whose objects are the database's now). A migration whose
//! snapshots are missing cannot be checked, and is reported as such.

use std::path::Path;

use postgres::Client;

use super::files::{read_snapshot_in, SNAPSHOT_FILE};
use super::journal;
use super::runner::sorted_unique;
use super::{MigrateError, MigrateOptions, Migration};
use crate::diff::diff;
use crate::introspect::in_snapshot;
use crate::model::Schema;
use crate::plan::{plan, Loss};
use crate::push::count_loss;

/// What `migrate down` would revert, and what that loses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownPlan {
    /// The versions to revert, newest first.
    pub versions: Vec<String>,
    /// `{version}_{name}` of each, newest first.
    pub migrations: Vec<String>,
    /// What reverting them loses (rows counted for the newest).
    pub losses: Vec<Loss>,
    /// Migrations whose loss cannot be told: a snapshot is missing.
    pub unchecked: Vec<String>,
}

impl DownPlan {
    /// Whether reverting needs consent: it loses data, or cannot be checked.
    pub fn needs_consent(&self) -> bool {
        self.losses.iter().any(Loss::needs_consent) || !self.unchecked.is_empty()
    }
}

/// The newest `n` applied migrations of `dir` (as `migrations` holds them) and
/// what reverting them would lose. Reads only.
pub fn plan_down(
    client: &mut Client,
    dir: &Path,
    migrations: &[Migration],
    n: usize,
    options: &MigrateOptions,
) -> Result<DownPlan, MigrateError> {
    let sorted = sorted_unique(migrations)?;
    let mut out = DownPlan::default();
    in_snapshot(
        client,
        &options.read_limits(),
        |tx: &mut postgres::Transaction<'_>| {
            if !journal::exists(tx, &options.journal)? {
                return Ok(());
            }
            let entries = journal::read(tx, &options.journal)?;
            journal::verify(&entries, &sorted, &options.journal)?;
            for entry in entries.iter().rev().take(n) {
                let Some(at) = sorted.iter().position(|m| m.version == entry.version) else {
                    return Err(MigrateError::NotInFiles {
                        migration: entry.id(),
                        journal: options.journal.to_string(),
                    });
                };
                let migration = sorted[at];
                out.versions.push(migration.version.clone());
                out.migrations.push(migration.id());
                let after = snapshot(dir, migration)?;
                let before = match at {
                    0 => Some(Schema::empty()),
                    _ => snapshot(dir, sorted[at - 1])?,
                };
                let (Some(after), Some(before)) = (after, before) else {
                    out.unchecked.push(migration.id());
                    continue;
                };
                let newest = out.versions.len() == 1;
                for loss in plan(&diff(&after, &before)).losses() {
                    // A count that fails (the database drifted) is left out; the
                    // savepoint keeps the snapshot's transaction usable.
                    let rows = match tx.transaction() {
                        Ok(mut savepoint) if newest => {
                            count_loss(&mut savepoint, loss).ok().flatten()
                        }
                        _ => None,
                    };
                    out.losses.push(Loss {
                        rows,
                        ..loss.clone()
                    });
                }
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// The snapshot a migration recorded, if its folder holds one.
fn snapshot(dir: &Path, m: &Migration) -> Result<Option<Schema>, MigrateError> {
    read_snapshot_in(&dir.join(m.id()).join(SNAPSHOT_FILE)).map_err(MigrateError::Files)
}

//! `migrate baseline`: a database built some other way (by `push`, by hand)
//! adopts the migrations. It is compared with a migration's snapshot and, only
//! when nothing differs, that migration and every one before it are recorded as
//! applied, without running them.

use std::path::Path;

use postgres::Client;

use super::files::{read_snapshot_in, SNAPSHOT_FILE};
use super::locking::in_locked_transaction;
use super::runner::sorted_unique;
use super::{journal, MigrateError, MigrateOptions, Migration};
use crate::introspect::{SchemaFilter, TableFilter};
use crate::push::{prepare, PushOptions};

/// What [`baseline`] recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaselineReport {
    /// `{version}_{name}` of every migration it recorded as applied, in order.
    pub recorded: Vec<String>,
    /// The migration the database was found to be at.
    pub at: String,
}

/// Records the migrations up to `version` (the newest when `None`) as applied,
/// after checking under the schema lock that the database holds exactly the
/// schema that migration's snapshot records (the tables `tables` manages).
/// Refuses with what differs otherwise.
pub fn baseline(
    client: &mut Client,
    dir: &Path,
    migrations: &[Migration],
    version: Option<&str>,
    tables: &TableFilter,
    options: &MigrateOptions,
) -> Result<BaselineReport, MigrateError> {
    let sorted = sorted_unique(migrations)?;
    let target = match version {
        Some(v) => sorted.iter().find(|m| m.version == v || m.id() == v),
        None => sorted.last(),
    }
    .ok_or_else(|| MigrateError::NoSuchMigration {
        version: version.unwrap_or("(the newest)").to_string(),
    })?;
    let snapshot =
        read_snapshot_in(&dir.join(target.id()).join(SNAPSHOT_FILE))?.ok_or_else(|| {
            MigrateError::NoSnapshot {
                migration: target.id(),
            }
        })?;
    let compare = PushOptions {
        filter: SchemaFilter::Declared,
        tables: tables.clone(),
        allow_empty: true,
        lock_timeout: options.lock_timeout,
        statement_timeout: options.statement_timeout,
        lock_wait: options.lock_wait,
        journal: options.journal.clone(),
        plan: Default::default(),
    };
    in_locked_transaction(client, options, |tx| {
        tx.batch_execute(&options.read_limits().set_local())
            .map_err(|e| MigrateError::database("set the read timeouts", e))?;
        let differs = prepare(tx, &snapshot, &compare).map_err(|e| MigrateError::Baseline {
            migration: target.id(),
            reason: e.to_string(),
        })?;
        if let Some(first) = differs.plan.statements.first() {
            return Err(MigrateError::NotAtBaseline {
                migration: target.id(),
                statements: differs.plan.statements.len(),
                first: super::error::shorten(first.sql.lines().next().unwrap_or("")),
            });
        }
        tx.batch_execute("SET LOCAL statement_timeout = 0")
            .map_err(|e| MigrateError::database("reset the statement timeout", e))?;
        journal::ensure(tx, &options.journal)?;
        let entries = journal::read(tx, &options.journal)?;
        journal::verify(&entries, &sorted, &options.journal)?;
        let mut recorded = Vec::new();
        for m in sorted.iter().take_while(|m| m.version <= target.version) {
            if entries.iter().any(|e| e.version == m.version) {
                continue;
            }
            if journal::insert(tx, &options.journal, m, std::time::Duration::ZERO)? {
                recorded.push(m.id());
            }
        }
        Ok(BaselineReport {
            recorded,
            at: target.id(),
        })
    })
}

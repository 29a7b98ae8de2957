//! The journal table: one row per applied migration.
//!
//! ```sql
//! CREATE TABLE public.schema_migrations (
//!     version     text PRIMARY KEY,
//!     name        text NOT NULL,
//!     checksum    text NOT NULL,          -- SHA-256 of up.sql, hex
//!     applied_at  timestamptz NOT NULL DEFAULT now(),
//!     duration_ms bigint NOT NULL
//! );
//! ```
//!
//! Every query here is either inside the caller's transaction or an unnamed
//! statement (`query_typed`), so nothing outlives a pgbouncer transaction.

use std::time::{Duration, SystemTime};

use postgres::error::SqlState;
use postgres::types::Type;
use postgres::GenericClient;

use super::error::describe;
use super::{quote_ident, JournalTable, MigrateError, Migration};

/// A row of the journal: a migration the database has applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub version: String,
    pub name: String,
    /// SHA-256 of `up.sql` when it was applied, hex.
    pub checksum: String,
    pub applied_at: SystemTime,
    /// How long `up.sql` took to run.
    pub duration: Duration,
}

impl JournalEntry {
    /// `{version}_{name}`, as messages name migrations.
    pub fn id(&self) -> String {
        format!("{}_{}", self.version, self.name)
    }
}

/// Whether the journal table exists. Reads only.
pub(crate) fn exists(
    client: &mut impl GenericClient,
    journal: &JournalTable,
) -> Result<bool, MigrateError> {
    let row = client
        .query_typed_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = $2)",
            &[(&journal.schema, Type::TEXT), (&journal.name, Type::TEXT)],
        )
        .map_err(|e| MigrateError::database(format!("look for the journal table {journal}"), e))?;
    Ok(row.get(0))
}

/// Creates the journal table (and its schema) unless it exists. Existence is
/// checked first so that a role without CREATE privilege can run migrations once
/// the table is there.
pub(crate) fn ensure(
    client: &mut impl GenericClient,
    journal: &JournalTable,
) -> Result<(), MigrateError> {
    if exists(client, journal)? {
        return Ok(());
    }
    let fail = |e: postgres::Error| {
        MigrateError::database(format!("create the journal table {journal}"), e)
    };
    let schema_exists: bool = client
        .query_typed_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
            &[(&journal.schema, Type::TEXT)],
        )
        .map_err(fail)?
        .get(0);
    if !schema_exists {
        client
            .batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {}",
                quote_ident(&journal.schema)
            ))
            .map_err(fail)?;
    }
    client
        .batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {} (\
             version text PRIMARY KEY, \
             name text NOT NULL, \
             checksum text NOT NULL, \
             applied_at timestamptz NOT NULL DEFAULT now(), \
             duration_ms bigint NOT NULL)",
            journal.quoted()
        ))
        .map_err(fail)
}

/// Every journal row, by version.
pub(crate) fn read(
    client: &mut impl GenericClient,
    journal: &JournalTable,
) -> Result<Vec<JournalEntry>, MigrateError> {
    let rows = client
        .query_typed(
            &format!(
                "SELECT version, name, checksum, applied_at, duration_ms FROM {} ORDER BY version",
                journal.quoted()
            ),
            &[],
        )
        .map_err(|e| {
            let action = format!("read the journal table {journal}");
            match e.code() {
                Some(&SqlState::UNDEFINED_COLUMN) => MigrateError::Database {
                    action,
                    reason: format!("{}; the table was not written by this tool, so configure another journal table", describe(&e)),
                    source: e,
                },
                _ => MigrateError::database(action, e),
            }
        })?;
    Ok(rows
        .iter()
        .map(|row| JournalEntry {
            version: row.get(0),
            name: row.get(1),
            checksum: row.get(2),
            applied_at: row.get(3),
            duration: Duration::from_millis(row.get::<_, i64>(4).max(0) as u64),
        })
        .collect())
}

/// Records `migration` as applied.
pub(crate) fn insert(
    client: &mut impl GenericClient,
    journal: &JournalTable,
    migration: &Migration,
    duration: Duration,
) -> Result<bool, MigrateError> {
    let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
    // Another run may have recorded it first (a session lock does not hold through
    // a transaction pooler): then this run did not apply it.
    client
        .execute_typed(
            &format!(
                "INSERT INTO {} (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (version) DO NOTHING",
                journal.quoted()
            ),
            &[
                (&migration.version, Type::TEXT),
                (&migration.name, Type::TEXT),
                (&migration.checksum, Type::TEXT),
                (&millis, Type::INT8),
            ],
        )
        .map(|inserted| inserted == 1)
        .map_err(|e| MigrateError::database(format!("record {} in {journal}", migration.id()), e))
}

/// Forgets `version` (it was reverted).
pub(crate) fn delete(
    client: &mut impl GenericClient,
    journal: &JournalTable,
    version: &str,
) -> Result<(), MigrateError> {
    client
        .execute_typed(
            &format!("DELETE FROM {} WHERE version = $1", journal.quoted()),
            &[(&version, Type::TEXT)],
        )
        .map(drop)
        .map_err(|e| MigrateError::database(format!("remove {version} from {journal}"), e))
}

/// Checks every journal entry against the files: an applied migration whose
/// `up.sql` changed is an error; the entries no file holds are returned.
pub(crate) fn verify(
    entries: &[JournalEntry],
    migrations: &[&Migration],
    journal: &JournalTable,
) -> Result<Vec<JournalEntry>, MigrateError> {
    let mut missing = Vec::new();
    for entry in entries {
        match migrations.iter().find(|m| m.version == entry.version) {
            Some(m) if m.checksum != entry.checksum => {
                return Err(MigrateError::Edited {
                    migration: m.id(),
                    journal: journal.to_string(),
                    recorded: short(&entry.checksum),
                    actual: short(&m.checksum),
                })
            }
            Some(_) => {}
            None => missing.push(entry.clone()),
        }
    }
    Ok(missing)
}

/// The first 12 hex digits: enough to tell checksums apart in a message.
fn short(checksum: &str) -> String {
    checksum.chars().take(12).collect()
}

//! `check`: the CI gate. Compares the code with the migrations' latest snapshot
//! (no database needed) and with the database (the preparation `push` runs),
//! and the migration files with the database's journal (pending, edited after
//! they were applied, or applied but gone).

use std::path::Path;

use postgres::Client;

use crate::diff::diff;
use crate::introspect::in_snapshot;
use crate::migrate::{
    migrated_schema, read_migrations, status, FilesError, MigrateError, MigrateOptions, Status,
};
use crate::model::Schema;
use crate::plan::{plan, Plan, PlanOptions};
use crate::push::{prepare, PushError, PushOptions};

/// What `check` found; both plans empty means the code, the migrations and the
/// database agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// What the code changed that no migration holds: the plan from the newest
    /// snapshot in the migrations folder to the code.
    pub unmigrated: Plan,
    /// How the database differs from the code: what `push` would run.
    pub drift: Plan,
    /// Tables compared as written: the database accepts no writes here (a
    /// read-only role, a standby), so their text could not be rendered its way.
    pub unnormalised: Vec<crate::model::QualifiedName>,
    /// The namespaces compared.
    pub namespaces: Vec<String>,
    /// The migration files against the journal (empty without a migrations folder).
    pub migrations: Status,
}

impl CheckReport {
    /// True when nothing differs and every migration is applied as written.
    pub fn agrees(&self) -> bool {
        self.unmigrated.is_empty() && self.drift.is_empty() && self.migrations.is_up_to_date()
    }
}

/// Why `check` could not finish.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Files(#[from] FilesError),
    #[error(transparent)]
    Push(#[from] PushError),
    #[error(transparent)]
    Migrate(#[from] MigrateError),
}

/// Compares `code` (restricted to the managed namespaces) with the migrations in
/// `migrations` and with the database behind `client`. Changes nothing.
pub fn check(
    client: &mut Client,
    code: &Schema,
    migrations: &Path,
    options: &PushOptions,
) -> Result<CheckReport, CheckError> {
    let filter = options.filter.resolve(code);
    let declared = filter.restrict(code);
    let desired = options.tables.restrict(&declared);
    let migrated = migrated_schema(migrations)?;
    let migrated = filter
        .restrict(&migrated)
        .into_owned()
        .keeping_extensions_of(code)
        .keeping_grants_of(code);
    let unmigrated = plan(&diff(&options.tables.restrict(&migrated), &desired));
    let options = PushOptions {
        plan: PlanOptions::default(),
        ..options.clone()
    };
    let prepared = in_snapshot(client, &options.read_limits(), |tx| {
        prepare(tx, &desired, &options)
    })?;
    let migrations = if migrations.exists() {
        let files = read_migrations(migrations)?;
        let journal = MigrateOptions {
            journal: options.journal.clone(),
            lock_timeout: options.lock_timeout,
            statement_timeout: options.statement_timeout,
            lock_wait: options.lock_wait,
        };
        status(client, &files, &journal)?
    } else {
        Status::default()
    };
    Ok(CheckReport {
        migrations,
        unmigrated,
        drift: prepared.plan,
        unnormalised: prepared.unnormalised,
        namespaces: prepared.namespaces,
    })
}

//! Migration files and the runner that applies them.
//!
//! A migrations folder holds one folder per migration (the format is in `files.rs`). [`migrate`]
//! applies every migration the journal table does not list, in version order, each
//! in its own transaction under the schema lock (an advisory lock), and records its
//! version, name, checksum and duration in the journal. It refuses to run when an
//! applied migration's `up.sql` was edited. [`migrate_down`] reverts the newest
//! ones, [`status`] reports without changing anything, and [`embed_migrations!`]
//! with [`run_embedded`] let a service migrate its own database at start-up.
//!
//! # Migrations that cannot run in a transaction
//!
//! A file whose first line is `-- schema:no-transaction` runs statement by
//! statement, each in its own implicit transaction, as `CREATE INDEX CONCURRENTLY`
//! requires. Such a run holds a *session-level* advisory lock instead of the
//! transaction-level one, so it is **not safe through pgbouncer in transaction
//! pooling mode**: run those migrations over a direct connection. A failure part
//! way leaves the statements before it applied and the journal without the
//! migration; write such files so that re-running them is harmless
//! (`CREATE INDEX CONCURRENTLY IF NOT EXISTS`, `DROP INDEX CONCURRENTLY IF EXISTS`).
//!
//! # pgbouncer
//!
//! Everything else runs inside transactions, with migration SQL sent through the
//! simple query protocol and parameterised queries as unnamed statements, so the
//! runner works through pgbouncer in transaction pooling mode.

mod baseline;
mod down;
mod draft;
mod embed;
mod error;
mod files;
mod journal;
mod leftover;
mod locking;
mod runner;
pub(crate) mod split;
mod status;

use std::fmt;
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use baseline::{baseline, BaselineReport};
pub use down::{plan_down, DownPlan};
pub use draft::{draft, draft_empty, Draft, DraftMigration, DraftOptions};
pub use embed::{run_embedded, EmbeddedMigration};
pub use error::{MigrateError, StatementFailure};
pub use files::{
    latest_snapshot, migrated_schema, read_migrations, write_migration, FilesError, DOWN_FILE,
    SNAPSHOT_FILE, UP_FILE,
};
pub use journal::JournalEntry;
pub use runner::{
    migrate, migrate_down, revert, DownReport, MigrateReport, RanMigration, EMPTY_MARKER,
};
pub use schema_macros::embed_migrations;
pub use status::{status, MigrationState, MigrationStatus, Status};

/// The first-line comment that makes a migration run outside a transaction.
pub const NO_TRANSACTION_HEADER: &str = "-- schema:no-transaction";

/// One migration: its identity, its SQL and the checksum the journal records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The UTC time it was written, `YYYYMMDDHHMMSS`; migrations apply in this order.
    pub version: String,
    /// What it does, in lower-case words joined by `_`.
    pub name: String,
    /// The SQL that applies it (`up.sql`).
    pub up: String,
    /// The SQL that reverts it (`down.sql`), if it has one.
    pub down: Option<String>,
    /// SHA-256 of `up.sql`'s bytes, lower-case hex.
    pub checksum: String,
    /// Whether `up.sql` starts with [`NO_TRANSACTION_HEADER`].
    pub no_transaction: bool,
}

impl Migration {
    /// A migration from its parts; the checksum and header are derived from `up`.
    pub fn new(version: String, name: String, up: String, down: Option<String>) -> Migration {
        Migration {
            checksum: checksum(&up),
            no_transaction: has_no_transaction_header(&up),
            version,
            name,
            up,
            down,
        }
    }

    /// `{version}_{name}`: the folder that holds it, and how messages name it.
    pub fn id(&self) -> String {
        format!("{}_{}", self.version, self.name)
    }
}

impl fmt::Display for Migration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.version, self.name)
    }
}

/// Lower-case hex SHA-256 of `sql`'s bytes.
pub fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the first line of `sql` is `-- schema:no-transaction` (spacing and a
/// byte-order mark aside).
pub fn has_no_transaction_header(sql: &str) -> bool {
    let first = sql
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    first
        .trim()
        .strip_prefix("--")
        .is_some_and(|rest| rest.trim() == "schema:no-transaction")
}

/// The journal table: which migrations a database has applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalTable {
    /// The Postgres schema it lives in; created if missing.
    pub schema: String,
    /// The table's name.
    pub name: String,
}

impl Default for JournalTable {
    fn default() -> Self {
        JournalTable {
            schema: "public".to_string(),
            name: "schema_migrations".to_string(),
        }
    }
}

impl JournalTable {
    /// The table `schema.name`.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> JournalTable {
        JournalTable {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// Reads `schema.name`, or a bare `name` in `public`.
    pub fn parse(text: &str) -> JournalTable {
        match text.split_once('.') {
            Some((schema, name)) => JournalTable::new(schema, name),
            None => JournalTable::new("public", text),
        }
    }

    /// The quoted, qualified name for SQL: `"public"."schema_migrations"`.
    pub fn quoted(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

impl fmt::Display for JournalTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// How [`migrate`], [`migrate_down`] and [`status`] run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateOptions {
    /// Where applied migrations are recorded (default `public.schema_migrations`).
    /// It also scopes the advisory lock: runs sharing a journal run one at a time.
    pub journal: JournalTable,
    /// How long a migration's statements may wait for a table lock before the
    /// migration fails (Postgres `lock_timeout`). Waiting for another run to
    /// finish is not limited.
    pub lock_timeout: Duration,
    /// How long one of the runner's own reads (the journal, the catalog) may run.
    pub statement_timeout: Duration,
    /// How long to wait for another run to release the schema lock.
    pub lock_wait: Duration,
}

impl Default for MigrateOptions {
    fn default() -> Self {
        MigrateOptions {
            journal: JournalTable::default(),
            lock_timeout: crate::lock::DEFAULT_LOCK_TIMEOUT,
            statement_timeout: crate::introspect::DEFAULT_STATEMENT_TIMEOUT,
            lock_wait: crate::lock::DEFAULT_LOCK_WAIT,
        }
    }
}

impl MigrateOptions {
    /// The scope of the schema lock these options take (the journal's
    /// `schema.table`). Anything else that changes the schema, such as `push`,
    /// should lock the same scope to run one at a time with migrations.
    pub fn lock_scope(&self) -> String {
        self.journal.to_string()
    }

    /// The limits of the runner's reads.
    pub fn read_limits(&self) -> crate::introspect::ReadLimits {
        crate::introspect::ReadLimits {
            lock_timeout: self.lock_timeout,
            statement_timeout: self.statement_timeout,
        }
    }
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_sha256_hex() {
        assert_eq!(
            checksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_header_must_be_the_first_line() {
        assert!(has_no_transaction_header(
            "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"
        ));
        assert!(has_no_transaction_header(
            "\u{feff}--schema:no-transaction  \r\nSELECT 1"
        ));
        assert!(!has_no_transaction_header(
            "SELECT 1;\n-- schema:no-transaction"
        ));
        assert!(!has_no_transaction_header("-- schema:no-transactions"));
    }

    #[test]
    fn journal_names_are_quoted() {
        assert_eq!(
            JournalTable::default().quoted(),
            "\"public\".\"schema_migrations\""
        );
        assert_eq!(JournalTable::new("a\"b", "j").quoted(), "\"a\"\"b\".\"j\"");
    }
}

//! Why a migration run stopped: one line each, saying what and what to do.

use postgres::error::SqlState;

use super::split::Statement;
use super::Migration;
pub(crate) use crate::error_text::describe;
use crate::error_text::{one_line, reason};

/// Why [`migrate`](super::migrate), [`migrate_down`](super::migrate_down) or
/// [`status`](super::status) stopped.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// An applied migration's `up.sql` no longer has the checksum the journal holds.
    #[error("migration {migration} was edited after it was applied (checksum {recorded} in {journal}, {actual} in up.sql); restore it, or write a new migration for the change")]
    Edited {
        migration: String,
        journal: String,
        recorded: String,
        actual: String,
    },
    /// A statement of a migration failed.
    #[error("{0}")]
    StatementFailed(Box<StatementFailure>),
    /// A transactional migration tries to end or start a transaction itself.
    #[error("{file} line {line}: `{statement}` would end the migration's own transaction; remove it, or make the first line `-- schema:no-transaction` to run the file statement by statement")]
    TransactionControl {
        file: String,
        line: usize,
        statement: String,
    },
    /// Two migrations share a version.
    #[error("two migrations have version {version}: {first} and {second}; give one of the folders a new timestamp")]
    DuplicateVersion {
        version: String,
        first: String,
        second: String,
    },
    /// `migrate baseline` was given a version no migration has.
    #[error("no migration has version {version}; `status` lists them")]
    NoSuchMigration { version: String },
    /// `migrate baseline` needs the migration's snapshot to compare with.
    #[error("migration {migration} has no snapshot.json, so the database cannot be checked against it; restore it from version control")]
    NoSnapshot { migration: String },
    /// The database does not hold what the baseline migration's snapshot records.
    #[error("the database is not at migration {migration}: {statements} statement(s) would still change it, the first `{first}`; bring it there first (push, or migrate), or baseline at the migration it is at (`schema diff --from URL --to migrations/{migration}/snapshot.json` shows the difference); nothing was recorded")]
    NotAtBaseline {
        migration: String,
        statements: usize,
        first: String,
    },
    /// Comparing the database with the baseline migration's snapshot failed.
    #[error("comparing the database with migration {migration}: {reason}")]
    Baseline { migration: String, reason: String },
    /// A pending migration's `up.sql` holds no SQL.
    #[error("migration {migration} has an empty up.sql: write its SQL, or put the line `-- schema:empty` in it if it is meant to do nothing; nothing was applied")]
    EmptyMigration { migration: String },
    /// `migrate down` reached a migration without `down.sql`.
    #[error("cannot revert migration {migration}: it has no down.sql; write one, or undo it with a new migration")]
    NoDown { migration: String },
    /// `migrate down` reached a journal entry no migration folder holds.
    #[error("cannot revert migration {migration}: {journal} lists it but no migration folder holds it; restore the folder from version control")]
    NotInFiles { migration: String, journal: String },
    /// A migration folder could not be read.
    #[error(transparent)]
    Files(#[from] super::FilesError),
    /// Another run held the schema lock too long.
    #[error(transparent)]
    Lock(crate::lock::LockError),
    /// Reading the database's schema failed.
    #[error(transparent)]
    Introspect(#[from] crate::introspect::IntrospectError),
    /// `migrate down` found the journal changed since it asked for consent.
    #[error("another run changed the journal while this one waited (expected to revert {expected}, found {found}); nothing more was reverted; run migrate down again to see what it would revert")]
    JournalChanged { expected: String, found: String },
    /// Reading or writing the journal, taking the lock, or talking to the server failed.
    #[error("cannot {action}: {reason}")]
    Database {
        action: String,
        reason: String,
        #[source]
        source: postgres::Error,
    },
}

/// Where and why a migration's statement failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line} (`{statement}`) failed: {}; {remedy}", reason(.message, .detail.as_deref(), .hint.as_deref()))]
pub struct StatementFailure {
    /// `{version}_{name}/up.sql` (or `down.sql`).
    pub file: String,
    /// The line of the file on which the statement starts (1-based).
    pub line: usize,
    /// The statement's first line of text (cut at 80 characters).
    pub statement: String,
    /// Postgres's message.
    pub message: String,
    /// Postgres's detail, if it gave one.
    pub detail: Option<String>,
    /// Postgres's hint, if it gave one.
    pub hint: Option<String>,
    /// The SQLSTATE code, for errors from the server.
    pub code: Option<String>,
    /// What happened to the migration and what to do.
    pub remedy: String,
}

impl MigrateError {
    /// A failure of the runner's own SQL (journal, lock, transaction control).
    pub(crate) fn database(action: impl Into<String>, e: postgres::Error) -> MigrateError {
        MigrateError::Database {
            action: action.into(),
            reason: describe(&e),
            source: e,
        }
    }

    /// A failure of one of the migration's statements. `atomic` says whether the
    /// migration ran in a transaction (and so was rolled back as a whole).
    pub(crate) fn statement(
        migration: &Migration,
        file: &str,
        statement: &Statement<'_>,
        e: &postgres::Error,
        atomic: bool,
    ) -> MigrateError {
        let db = e.as_db_error();
        let code = db.map(|d| d.code().clone());
        let remedy = remedy(atomic, code.as_ref());
        MigrateError::StatementFailed(Box::new(StatementFailure {
            file: format!("{}/{file}", migration.id()),
            line: statement.line,
            statement: shorten(statement.first_line()),
            message: db.map_or_else(|| one_line(&e.to_string()), |d| one_line(d.message())),
            detail: db.and_then(|d| d.detail()).map(one_line),
            hint: db.and_then(|d| d.hint()).map(one_line),
            code: code.map(|c| c.code().to_string()),
            remedy,
        }))
    }
}

fn remedy(atomic: bool, code: Option<&SqlState>) -> String {
    if code == Some(&SqlState::ACTIVE_SQL_TRANSACTION) {
        return "nothing of the migration was applied; make the first line of the file `-- schema:no-transaction` to run it outside a transaction".to_string();
    }
    if code == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        return "nothing of the migration was applied; another session holds a lock on the table, so retry when it is idle or raise the lock timeout".to_string();
    }
    if atomic {
        "nothing of the migration was applied; fix the statement and run migrate again".to_string()
    } else {
        "the statements before it stay applied and the migration is not recorded; make the file safe to re-run (IF NOT EXISTS) and run migrate again".to_string()
    }
}

/// A statement's first line, cut to fit in a message.
pub(crate) fn shorten(line: &str) -> String {
    crate::error_text::shorten(line, 80)
}

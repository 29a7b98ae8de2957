//! Introspection: read a live PostgreSQL database into a [`Schema`].
//!
//! A fixed handful of catalog queries (in `queries.rs`) reads every managed
//! namespace at once, whatever the number of tables. They run in one transaction
//! (a savepoint when the caller is already in one) under `SET LOCAL search_path = ''`,
//! so every name outside `pg_catalog` in types, defaults, checks and index
//! expressions comes back schema-qualified and the text is deterministic. The
//! transaction is always rolled back: introspection changes nothing, and the
//! caller's `search_path` is left as it was. Queries go through unnamed statements
//! only (`query_typed`), so this works behind pgbouncer in transaction pooling mode.
//!
//! Covered: ordinary tables (partitions, partitioned tables and foreign tables
//! are skipped), views and materialized views (with what they depend on),
//! functions and procedures, triggers, row level security and policies, enums, columns (type, nullability,
//! default, identity, stored generated expression, non-default collation),
//! primary keys, unique, foreign key (with the column list of `ON DELETE SET NULL
//! (a)`) and check constraints, indexes that back no constraint (each key with its
//! order, non-default collation and operator class), and comments. System namespaces and objects owned by extensions are
//! skipped. Introspection only reads; making a schema written in code compare
//! equal to what a database holding it introspects as is [`crate::compare`]'s work.

pub(crate) mod queries;
pub(crate) mod read;
pub(crate) mod rename;
mod tables;
mod unmodelled;

pub use tables::TableFilter;
pub use unmodelled::{unmodelled, Unmodelled};

use std::borrow::Cow;

use std::time::Duration;

use postgres::error::SqlState;
use postgres::GenericClient;

use crate::error_text::describe;

use crate::model::Schema;

/// Which namespaces introspection reads (and so manages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SchemaFilter {
    /// Every namespace except the system ones (`pg_catalog`,
    /// `information_schema`, `pg_toast*`, `pg_temp*`) and those owned by an extension.
    #[default]
    AllNonSystem,
    /// Exactly these namespaces (those that do not exist are ignored).
    Only(Vec<String>),
    /// The namespaces the desired schema declares (its tables', its enums' and
    /// those it lists): what `push`, `check` and `generate` manage unless told
    /// otherwise, so a namespace the code never mentions is left alone. Resolved
    /// against the desired schema with [`SchemaFilter::resolve`]; introspection on
    /// its own, with no desired schema, reads every non-system namespace.
    Declared,
}

impl SchemaFilter {
    /// A filter for exactly the given namespaces.
    pub fn only<I, S>(names: I) -> SchemaFilter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        SchemaFilter::Only(names.into_iter().map(Into::into).collect())
    }

    /// Whether the namespace is under management ([`SchemaFilter::Declared`]
    /// includes everything the desired schema holds).
    pub fn includes(&self, namespace: &str) -> bool {
        match self {
            SchemaFilter::AllNonSystem | SchemaFilter::Declared => true,
            SchemaFilter::Only(names) => names.iter().any(|n| n == namespace),
        }
    }

    /// The filter with [`SchemaFilter::Declared`] made into the namespaces
    /// `desired` declares.
    pub fn resolve(&self, desired: &Schema) -> SchemaFilter {
        match self {
            SchemaFilter::Declared => SchemaFilter::Only(desired.namespaces()),
            other => other.clone(),
        }
    }

    /// The part of `schema` under management: what the code may say about the
    /// namespaces this filter reads (borrowed when that is all of it).
    pub fn restrict<'a>(&self, schema: &'a Schema) -> Cow<'a, Schema> {
        if self.keeps_all(schema) {
            return Cow::Borrowed(schema);
        }
        Cow::Owned(self.restrict_owned(schema.clone()))
    }

    /// [`SchemaFilter::restrict`] of a schema the caller no longer needs: what
    /// is left out is removed in place, nothing is copied.
    pub fn restrict_owned(&self, mut schema: Schema) -> Schema {
        if !self.keeps_all(&schema) {
            schema.schemas.retain(|n| self.includes(n));
            schema.enums.retain(|e| self.includes(&e.schema));
            schema.tables.retain(|t| self.includes(&t.schema));
            schema.sequences.retain(|q| self.includes(&q.schema));
        }
        schema
    }

    /// Whether every namespace, enum and table of `schema` is under management
    /// (as with every namespace, or the ones the code declares, of the code).
    fn keeps_all(&self, schema: &Schema) -> bool {
        matches!(self, SchemaFilter::AllNonSystem | SchemaFilter::Declared)
            || (schema.schemas.iter().all(|n| self.includes(n))
                && schema.enums.iter().all(|e| self.includes(&e.schema))
                && schema.tables.iter().all(|t| self.includes(&t.schema))
                && schema.sequences.iter().all(|q| self.includes(&q.schema)))
    }
}

/// The result of [`introspect`]: the schema, and how many catalog queries it took
/// (a constant, whatever the size of the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introspection {
    pub schema: Schema,
    /// The namespaces read that exist, `public` included, even when empty.
    pub namespaces: Vec<String>,
    pub queries: usize,
}

/// Why introspection (or normalisation through the database) failed.
#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    #[error("introspection: {step} failed: {message}")]
    Database {
        step: &'static str,
        message: String,
        #[source]
        source: postgres::Error,
    },
    #[error("introspection: unexpected catalog value {value:?} for {what}")]
    Catalog { what: &'static str, value: String },
    #[error(
        "normalising through the database: creating the desired schema in scratch namespaces failed: {message}"
    )]
    Scratch {
        message: String,
        #[source]
        source: postgres::Error,
    },
    /// A declared policy or grant names a role the server does not have.
    #[error("{user} is for role {role}, which this server does not have (roles are not created for you): create it first (CREATE ROLE {}) or leave it out of the {place}; nothing was applied", crate::model::quote_ident(.role))]
    MissingRole {
        /// `policy own_rows on public.t`, `a grant on table public.t`.
        user: String,
        role: String,
        /// Where the role is named: `policy's \`to\``, `grant's \`to\``.
        place: &'static str,
    },
    /// A read waited for a table lock longer than the lock timeout.
    #[error("reading the schema waited longer than the lock timeout ({} ms) for a lock on {}; wait for that session to finish (or end it), or raise --lock-timeout", .timeout.as_millis(), held_by(.blocker))]
    Locked {
        timeout: Duration,
        blocker: Option<Box<Blocker>>,
        #[source]
        source: postgres::Error,
    },
    /// A read ran longer than the statement timeout.
    #[error("reading the schema took longer than the statement timeout ({} ms) in {step}; raise --statement-timeout", .timeout.as_millis())]
    TimedOut {
        step: &'static str,
        timeout: Duration,
        #[source]
        source: postgres::Error,
    },
}

/// A session holding a lock others wait for.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocker {
    /// The locked table, as Postgres names it (`public.users`).
    pub relation: String,
    pub pid: i32,
    pub application: String,
    /// How long its transaction has been open.
    pub seconds: f64,
    /// The lock it holds, e.g. `AccessExclusiveLock`.
    pub mode: String,
}

fn held_by(blocker: &Option<Box<Blocker>>) -> String {
    match blocker {
        Some(b) => format!(
            "table {} held ({}) by backend pid {} (application \"{}\", transaction open for {:.0} s)",
            b.relation, b.mode, b.pid, b.application, b.seconds
        ),
        None => "a table (the session holding it is gone)".to_string(),
    }
}

/// How long the tool's reads of a database may wait and run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// How long a read may wait for a table lock (`lock_timeout`).
    pub lock_timeout: Duration,
    /// How long one read may run (`statement_timeout`).
    pub statement_timeout: Duration,
}

/// How long a read of the catalog or a row count may run unless configured.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(60);

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            lock_timeout: crate::lock::DEFAULT_LOCK_TIMEOUT,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
        }
    }
}

impl ReadLimits {
    /// `SET LOCAL` of both limits, for the start of a transaction.
    pub(crate) fn set_local(&self) -> String {
        format!(
            "SET LOCAL lock_timeout = '{}ms'; SET LOCAL statement_timeout = '{}ms'",
            self.lock_timeout.as_millis().max(1),
            self.statement_timeout.as_millis().max(1)
        )
    }
}

/// Runs `work` in a REPEATABLE READ transaction that is always rolled back, so
/// every catalog query in it sees one moment even while other sessions change
/// the schema (under READ COMMITTED each query would see its own moment). Use it
/// wherever introspection runs without the schema lock. Its statements wait for
/// table locks and run no longer than `limits` allow.
pub fn in_snapshot<T, E: From<IntrospectError>>(
    client: &mut postgres::Client,
    limits: &ReadLimits,
    work: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()
        .map_err(db("BEGIN ISOLATION LEVEL REPEATABLE READ"))?;
    tx.batch_execute(&limits.set_local())
        .map_err(db("setting the lock and statement timeouts"))?;
    let result = work(&mut tx);
    tx.rollback().map_err(db("ROLLBACK"))?;
    result
}

pub(crate) fn db(step: &'static str) -> impl FnOnce(postgres::Error) -> IntrospectError {
    move |source| IntrospectError::Database {
        step,
        message: describe(&source),
        source,
    }
}

pub(crate) fn scratch_error(source: postgres::Error) -> IntrospectError {
    IntrospectError::Scratch {
        message: describe(&source),
        source,
    }
}

/// Reads the namespaces `filter` selects into a normalised [`Schema`].
///
/// Runs in its own transaction (or a savepoint inside the caller's), which is
/// rolled back at the end so nothing, not even `search_path`, changes. It takes fourteen
/// catalog queries whatever the size of the database ([`Introspection::queries`]
/// counts them; `BEGIN`, `SET LOCAL` and `ROLLBACK` are not counted).
///
/// Each query sees the catalog as of its own start under READ COMMITTED; when DDL
/// may run concurrently, pass a REPEATABLE READ transaction (or hold the lock that
/// serialises schema changes) so all fourteen see one snapshot.
pub fn introspect(
    client: &mut impl GenericClient,
    filter: &SchemaFilter,
) -> Result<Introspection, IntrospectError> {
    let mut tx = client.transaction().map_err(db("BEGIN"))?;
    let result = read::read_schema(&mut tx, filter);
    tx.rollback().map_err(db("ROLLBACK"))?;
    result.map_err(|e| explain_timeout(client, e))
}

/// A read that timed out, said with what it waited for: the session holding
/// the lock (looked up once the read's savepoint is rolled back).
fn explain_timeout(client: &mut impl GenericClient, e: IntrospectError) -> IntrospectError {
    let IntrospectError::Database { step, source, .. } = e else {
        return e;
    };
    match source.code() {
        Some(&SqlState::LOCK_NOT_AVAILABLE) => IntrospectError::Locked {
            timeout: setting_duration(client, "lock_timeout"),
            blocker: blocker(client).map(Box::new),
            source,
        },
        Some(&SqlState::QUERY_CANCELED) => IntrospectError::TimedOut {
            step,
            timeout: setting_duration(client, "statement_timeout"),
            source,
        },
        _ => IntrospectError::Database {
            step,
            message: describe(&source),
            source,
        },
    }
}

/// A duration setting of the session (`lock_timeout`), zero when unreadable.
fn setting_duration(client: &mut impl GenericClient, name: &str) -> Duration {
    client
        .query_typed_one(
            "SELECT (EXTRACT(EPOCH FROM current_setting($1)::interval) * 1000)::int8",
            &[(&name, postgres::types::Type::TEXT)],
        )
        .ok()
        .and_then(|row| row.try_get::<_, i64>(0).ok())
        .map_or(Duration::ZERO, |ms| Duration::from_millis(ms.max(0) as u64))
}

/// The session holding an exclusive lock on a table of this database the
/// longest, if there is one.
pub(crate) fn blocker(client: &mut impl GenericClient) -> Option<Blocker> {
    let row = client
        .query_typed(queries::LOCK_HOLDER, &[])
        .ok()?
        .into_iter()
        .next()?;
    Some(Blocker {
        relation: row.try_get(0).ok()?,
        pid: row.try_get(1).ok()?,
        application: row.try_get(2).ok()?,
        seconds: row.try_get(3).ok()?,
        mode: row.try_get(4).ok()?,
    })
}

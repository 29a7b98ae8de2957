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
//! Covered: ordinary tables (partitions, partitioned tables, views, materialized
//! views and foreign tables are skipped), enums, columns (type, nullability,
//! default, identity, stored generated expression, non-default collation),
//! primary keys, unique, foreign key (with the column list of `ON DELETE SET NULL
//! (a)`) and check constraints, indexes that back no constraint (each key with its
//! order, non-default collation and operator class), and comments. System namespaces and objects owned by extensions are
//! skipped. Introspection only reads; making a schema written in code compare
//! equal to what a database holding it introspects as is [`crate::compare`]'s work.

pub(crate) mod queries;
pub(crate) mod read;
pub(crate) mod rename;

use std::borrow::Cow;

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
        if matches!(self, SchemaFilter::AllNonSystem | SchemaFilter::Declared) {
            return Cow::Borrowed(schema);
        }
        let mut out = schema.clone();
        out.schemas.retain(|n| self.includes(n));
        out.enums.retain(|e| self.includes(&e.schema));
        out.tables.retain(|t| self.includes(&t.schema));
        Cow::Owned(out)
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
}

/// Runs `work` in a REPEATABLE READ transaction that is always rolled back, so
/// every catalog query in it sees one moment even while other sessions change
/// the schema (under READ COMMITTED each query would see its own moment). Use it
/// wherever introspection runs without the schema lock.
pub fn in_snapshot<T, E: From<IntrospectError>>(
    client: &mut postgres::Client,
    work: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()
        .map_err(db("BEGIN ISOLATION LEVEL REPEATABLE READ"))?;
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
/// rolled back at the end so nothing, not even `search_path`, changes. It takes six
/// catalog queries whatever the size of the database ([`Introspection::queries`]
/// counts them; `BEGIN`, `SET LOCAL` and `ROLLBACK` are not counted).
///
/// Each query sees the catalog as of its own start under READ COMMITTED; when DDL
/// may run concurrently, pass a REPEATABLE READ transaction (or hold the lock that
/// serialises schema changes) so all six see one snapshot.
pub fn introspect(
    client: &mut impl GenericClient,
    filter: &SchemaFilter,
) -> Result<Introspection, IntrospectError> {
    let mut tx = client.transaction().map_err(db("BEGIN"))?;
    let result = read::read_schema(&mut tx, filter);
    tx.rollback().map_err(db("ROLLBACK"))?;
    result
}

//! Where a schema comes from: a live database, the code, a snapshot file, or
//! nothing at all. Any two sources can be compared.

use std::fmt;
use std::path::{Path, PathBuf};

use postgres::{Client, GenericClient};

use crate::compare::database_view;
use crate::connect::{connect, redact_url, ConnectError};
use crate::introspect::{
    in_snapshot, introspect, IntrospectError, Introspection, ReadLimits, SchemaFilter,
};
use crate::migrate::JournalTable;
use crate::model::Schema;

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A `postgres://` or `postgresql://` URL.
    Database(String),
    /// The tables and enums declared in the running binary.
    Code,
    /// No objects at all: compare against it to get a CREATE script.
    Empty,
    /// A snapshot JSON file (a serialised [`Schema`]), e.g. a migration's.
    Snapshot(PathBuf),
}

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("reading {url}: {source}")]
    Introspect {
        url: String,
        source: IntrospectError,
    },
    #[error("cannot read snapshot {path}: {source}")]
    SnapshotUnreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a schema snapshot this version reads: {source}")]
    SnapshotInvalid {
        path: String,
        #[source]
        source: crate::snapshot::SnapshotError,
    },
    #[error("the `code` source is only known inside your own binary: run this command through a bin that calls schema_cli::main_with_code(schema_core::Schema::registered)")]
    NoCode,
    #[error("the tables declared in code do not form a valid schema: {0}")]
    Code(String),
}

impl Source {
    /// Reads a SOURCE argument: a postgres URL, `code`, `empty`, or a file path.
    pub fn parse(text: &str) -> Source {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Source::Database(text.to_string())
        } else if text == "code" {
            Source::Code
        } else if text == "empty" {
            Source::Empty
        } else {
            Source::Snapshot(PathBuf::from(text))
        }
    }
}

/// Never shows a password.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Database(url) => f.write_str(&redact_url(url)),
            Source::Code => f.write_str("code"),
            Source::Empty => f.write_str("empty"),
            Source::Snapshot(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A loaded source, with its connection when it is a database (to normalise the
/// other side through).
pub struct Loaded {
    pub schema: Schema,
    pub client: Option<Client>,
}

/// Loads one source; `code` yields the schema declared in the running binary.
/// A database's migrations journal is left out: the code never declares it.
pub fn load(
    source: &Source,
    code: Option<&dyn Fn() -> Result<Schema, String>>,
    filter: &SchemaFilter,
    journal: &JournalTable,
    limits: &ReadLimits,
) -> Result<Loaded, SourceError> {
    match source {
        Source::Database(url) => {
            let mut client = connect(url)?;
            let schema = in_snapshot(&mut client, limits, |tx| read_database(tx, filter, journal))
                .map_err(|source| SourceError::Introspect {
                    url: redact_url(url),
                    source,
                })?
                .schema;
            Ok(Loaded {
                schema,
                client: Some(client),
            })
        }
        Source::Code => {
            let code = code.ok_or(SourceError::NoCode)?;
            let schema = code().map_err(SourceError::Code)?;
            Ok(Loaded {
                schema: filter.restrict_owned(schema),
                client: None,
            })
        }
        Source::Empty => Ok(Loaded {
            schema: Schema::empty(),
            client: None,
        }),
        Source::Snapshot(path) => Ok(Loaded {
            schema: filter.restrict_owned(read_snapshot(path)?),
            client: None,
        }),
    }
}

/// Reads the namespaces `filter` selects from a database, leaving out the
/// migrations journal: the code never declares it, so it is never compared.
pub fn read_database(
    client: &mut impl GenericClient,
    filter: &SchemaFilter,
    journal: &JournalTable,
) -> Result<Introspection, IntrospectError> {
    let mut read = introspect(client, filter)?;
    read.schema = read.schema.without_table(&journal.schema, &journal.name);
    Ok(read)
}

/// Both sides of a comparison, loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub from: Schema,
    pub to: Schema,
    /// Tables compared as written, not as the database would hold them (see
    /// [`crate::compare::View::unnormalised`]).
    pub unnormalised: Vec<crate::model::QualifiedName>,
}

/// Loads both sides of a comparison. When exactly one side is a database, the
/// other is rendered the way that database would hold it, so only real
/// differences remain.
pub fn load_pair(
    from: &Source,
    to: &Source,
    code: Option<&dyn Fn() -> Result<Schema, String>>,
    filter: &SchemaFilter,
    journal: &JournalTable,
    limits: &ReadLimits,
) -> Result<Compared, SourceError> {
    // Comparing with the code manages the namespaces it declares.
    let resolved;
    let filter = match (filter, code) {
        (SchemaFilter::Declared, Some(code)) if *from == Source::Code || *to == Source::Code => {
            resolved = filter.resolve(&code().map_err(SourceError::Code)?);
            &resolved
        }
        _ => filter,
    };
    let mut from_loaded = load(from, code, filter, journal, limits)?;
    let mut to_loaded = load(to, code, filter, journal, limits)?;
    let introspect_error = |source: &Source, e| SourceError::Introspect {
        url: source.to_string(),
        source: e,
    };
    let mut unnormalised = Vec::new();
    match (&mut from_loaded.client, &mut to_loaded.client) {
        (Some(client), None) => {
            let view = database_view(client, &from_loaded.schema, &to_loaded.schema)
                .map_err(|e| introspect_error(from, e))?;
            unnormalised = view.unnormalised;
            to_loaded.schema = view.schema.into_owned();
        }
        (None, Some(client)) => {
            let view = database_view(client, &to_loaded.schema, &from_loaded.schema)
                .map_err(|e| introspect_error(to, e))?;
            unnormalised = view.unnormalised;
            from_loaded.schema = view.schema.into_owned();
        }
        _ => {}
    }
    // Privileges of roles the code never names are not the code's.
    if *from == Source::Code {
        to_loaded.schema =
            std::mem::take(&mut to_loaded.schema).keeping_grants_of(&from_loaded.schema);
    } else if *to == Source::Code {
        from_loaded.schema =
            std::mem::take(&mut from_loaded.schema).keeping_grants_of(&to_loaded.schema);
    }
    Ok(Compared {
        from: from_loaded.schema,
        to: to_loaded.schema,
        unnormalised,
    })
}

/// Reads a snapshot file.
pub fn read_snapshot(path: &Path) -> Result<Schema, SourceError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SourceError::SnapshotUnreadable {
        path: shown.clone(),
        source,
    })?;
    crate::snapshot::from_json(&text).map_err(|source| SourceError::SnapshotInvalid {
        path: shown,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_told_apart() {
        assert_eq!(
            Source::parse("postgres://h/db"),
            Source::Database("postgres://h/db".into())
        );
        assert_eq!(
            Source::parse("postgresql://h/db"),
            Source::Database("postgresql://h/db".into())
        );
        assert_eq!(Source::parse("code"), Source::Code);
        assert_eq!(Source::parse("empty"), Source::Empty);
        assert_eq!(
            Source::parse("snap.json"),
            Source::Snapshot("snap.json".into())
        );
        assert_eq!(
            Source::parse("postgres://u:pw@h/db").to_string(),
            "postgres://u:***@h/db"
        );
    }

    #[test]
    fn a_missing_snapshot_says_which_file() {
        let err = read_snapshot(Path::new("/nonexistent/snap.json"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cannot read snapshot /nonexistent/snap.json"),
            "{err}"
        );
    }
}

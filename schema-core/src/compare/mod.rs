//! Comparison: the desired schema as the database would hold it, so that
//! comparing it with an introspected one shows real differences only.
//!
//! Code spells things its own way (`'{}'` for `'{}'::jsonb`, `balance >= 0` for
//! `(balance >= 0)`); Postgres rewrites them. Only tables whose text differs from
//! the database's need the round trip through [`normalize_through`]; a database
//! that already matches the code costs nothing more than the text comparison.

use std::borrow::Cow;
use std::ops::Deref;

use postgres::error::SqlState;
use postgres::GenericClient;

mod normalize;

pub use normalize::normalize_through;

use crate::diff::TableIndex;
use crate::introspect::IntrospectError;
use crate::model::{QualifiedName, Schema, Table};

/// The desired schema as the database would hold it ([`database_view`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View<'a> {
    pub schema: Cow<'a, Schema>,
    /// Tables whose text differs from the database's but could not be rendered
    /// the database's way, because it accepts no writes here (a read-only role or
    /// transaction, a standby): they are compared as written, and a difference
    /// in them may be spelling only.
    pub unnormalised: Vec<QualifiedName>,
}

impl Deref for View<'_> {
    type Target = Schema;

    fn deref(&self) -> &Schema {
        &self.schema
    }
}

impl View<'_> {
    pub fn into_owned(self) -> Schema {
        self.schema.into_owned()
    }
}

/// `desired`, with every table that exists in `current` (by name or by a declared
/// earlier name) but differs from it in text replaced by the database's rendering
/// of it. New tables are kept as written: nothing compares them.
///
/// The rendering creates the tables in scratch namespaces that are always rolled
/// back. Where the database accepts no writes, the tables keep the spelling that
/// can be settled without it and are listed in [`View::unnormalised`].
pub fn database_view<'a>(
    client: &mut impl GenericClient,
    current: &Schema,
    desired: &'a Schema,
) -> Result<View<'a>, IntrospectError> {
    check_roles(client, desired)?;
    let index = TableIndex::new(current);
    // A copy of `desired` is made only once a table has to change in it.
    let mut settled: Option<Schema> = None;
    let mut differing: Vec<(usize, Table)> = Vec::new();
    for (i, table) in desired.tables.iter().enumerate() {
        let Some(c) = counterpart(current, &index, table) else {
            continue;
        };
        if same_text(c, table) {
            continue;
        }
        let literal_defaults = settle_spelling(c, table);
        if same_text(c, &literal_defaults) {
            settled.get_or_insert_with(|| desired.clone()).tables[i] = literal_defaults;
        } else {
            differing.push((i, literal_defaults));
        }
    }
    let objects = objects_differ(current, desired);
    if differing.is_empty() && !objects {
        return Ok(View {
            schema: settled.map_or(Cow::Borrowed(desired), Cow::Owned),
            unnormalised: Vec::new(),
        });
    }
    let mut out = settled.unwrap_or_else(|| desired.clone());
    // Views, functions and triggers name tables and each other: when one of
    // them is to be rendered, everything the code declares goes through the
    // database together, so each resolves against what the code says.
    let subset = if objects {
        objects_subset(desired, current, &differing)
    } else {
        Schema {
            schemas: out.schemas.clone(),
            enums: out.enums.clone(),
            tables: differing
                .iter()
                .map(|(i, _)| desired.tables[*i].clone())
                .collect(),
            extensions: out.extensions.clone(),
            views: vec![],
            functions: vec![],
            domains: out.domains.clone(),
            sequences: out.sequences.clone(),
            namespace_grants: vec![],
        }
    };
    match normalize_through(client, &subset) {
        Ok(normalized) => {
            for table in &mut out.tables {
                if let Some(n) = normalized.table(&table.schema, &table.name) {
                    *table = n.clone();
                }
            }
            out.domains = normalized.domains;
            if objects {
                out.views = normalized.views;
                out.functions = normalized.functions;
            }
            Ok(View {
                schema: Cow::Owned(out),
                unnormalised: Vec::new(),
            })
        }
        Err(e) if accepts_no_writes(&e) => {
            let mut unnormalised: Vec<QualifiedName> =
                differing.iter().map(|(_, t)| t.qualified_name()).collect();
            if objects {
                unnormalised.extend(out.views.iter().map(|v| v.qualified_name()));
                unnormalised.extend(out.functions.iter().map(|f| f.qualified_name()));
            }
            for (i, table) in differing {
                out.tables[i] = table;
            }
            Ok(View {
                schema: Cow::Owned(out),
                unnormalised,
            })
        }
        Err(e) => Err(e),
    }
}

/// What the declared objects need in the scratch namespaces: every view,
/// function, type and extension, and the tables they hang on (triggers,
/// policies), the tables a view's query names, the tables that differ and the
/// new ones; the other tables the database already holds as the code says, so
/// names resolve to them.
fn objects_subset(desired: &Schema, current: &Schema, differing: &[(usize, Table)]) -> Schema {
    let index = TableIndex::new(current);
    let named = |t: &Table| {
        desired
            .views
            .iter()
            .any(|v| crate::diff::mentions(&v.definition, &t.name))
    };
    let tables = desired
        .tables
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            !t.triggers.is_empty()
                || !t.policies.is_empty()
                || named(t)
                || differing.iter().any(|(d, _)| d == i)
                || counterpart(current, &index, t).is_none()
        })
        .map(|(_, t)| t.clone())
        .collect();
    Schema {
        tables,
        ..desired.clone()
    }
}

/// Whether a domain, view or function of `desired` is not, to the letter, the
/// database's (code-written text always needs the round trip).
fn objects_differ(current: &Schema, desired: &Schema) -> bool {
    let domains = desired
        .domains
        .iter()
        .any(|d| current.domain(&d.schema, &d.name) != Some(d));
    let views = desired.views.iter().any(|v| {
        current
            .view(&v.schema, &v.name)
            .is_none_or(|c| c.compared() != v.compared())
    });
    domains
        || views
        || desired.functions.iter().any(|f| {
            current
                .function(&f.schema, &f.name, &f.identity)
                .is_none_or(|c| c.without_privileges() != f.without_privileges())
        })
}

/// Fails on the first role a declared policy or grant names that the server
/// lacks, before the scratch rendering (and then the plan) would trip over it.
/// One query, and only when a policy or grant names a role.
pub fn check_roles(
    client: &mut impl GenericClient,
    desired: &Schema,
) -> Result<(), IntrospectError> {
    let named = named_roles(desired);
    if named.is_empty() {
        return Ok(());
    }
    let roles: Vec<&str> = named.iter().map(|(_, _, r)| r.as_str()).collect();
    let missing: Vec<String> = client
        .query(
            "SELECT r FROM pg_catalog.unnest($1::text[]) r \
             WHERE pg_catalog.lower(r) NOT IN ('public', 'current_user', 'session_user', 'current_role') \
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r)",
            &[&roles],
        )
        .map_err(crate::introspect::db("reading the roles policies and grants name"))?
        .iter()
        .map(|row| row.get(0))
        .collect();
    match named.into_iter().find(|(_, _, r)| missing.contains(r)) {
        None => Ok(()),
        Some((user, place, role)) => Err(IntrospectError::MissingRole { user, role, place }),
    }
}

/// Every role a policy or grant of `s` names, with who names it and where.
fn named_roles(s: &Schema) -> Vec<(String, &'static str, String)> {
    let q = |n: &QualifiedName| format!("{}.{}", n.schema, n.name);
    let mut out = Vec::new();
    for t in &s.tables {
        for p in &t.policies {
            for r in &p.roles {
                let user = format!("policy {} on {}", p.name, q(&t.qualified_name()));
                out.push((user, "policy's `to`", r.clone()));
            }
        }
    }
    out.extend(
        s.grants()
            .map(|(what, g)| (format!("a grant on {what}"), "grant's `to`", g.role.clone())),
    );
    out
}

/// Whether creating the scratch objects failed only because this session may
/// not write: no CREATE privilege, a read-only transaction, a hot standby.
fn accepts_no_writes(e: &IntrospectError) -> bool {
    let IntrospectError::Scratch { source, .. } = e else {
        return false;
    };
    matches!(
        source.code(),
        Some(&SqlState::INSUFFICIENT_PRIVILEGE) | Some(&SqlState::READ_ONLY_SQL_TRANSACTION)
    )
}

/// `desired` taking the database's text where it is provably the same thing
/// spelled the database's way, so that such tables need no round trip through
/// the database to learn it:
/// - a default written as a bare string literal (`'{}'`) whose database text is
///   that literal cast to the column's type (`'{}'::jsonb`): that is how Postgres
///   stores an untyped literal default, and its printing the same text back means
///   its constant reads as this literal;
/// - a check whose database text is the code's text in parentheses, which is
///   how Postgres prints a check it parsed to the same expression.
fn settle_spelling(current: &Table, desired: &Table) -> Table {
    let mut out = desired.clone();
    for column in &mut out.columns {
        let Some(literal) = column.default.as_deref().and_then(bare_literal) else {
            continue;
        };
        let Some(now) = current.column(&column.name) else {
            continue;
        };
        if now.ty != column.ty {
            continue;
        }
        let cast = crate::derive::__private::string_default(&literal, &column.ty);
        if now.default.as_deref() == Some(cast.as_str()) {
            column.default = Some(cast);
        }
    }
    for check in &mut out.checks {
        // Postgres prints a check's expression in parentheses: `balance >= 0`
        // comes back as `(balance >= 0)`, the same expression.
        let Some(now) = current.checks.iter().find(|c| c.name == check.name) else {
            continue;
        };
        if now.expression.len() == check.expression.len() + 2
            && now.expression.starts_with('(')
            && now.expression.ends_with(')')
            && now.expression[1..now.expression.len() - 1] == check.expression
        {
            check.expression.clone_from(&now.expression);
        }
    }
    out
}

/// The value of a plain single-quoted SQL string literal (`'it''s'` is `it's`).
fn bare_literal(sql: &str) -> Option<String> {
    let inner = sql.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(ch) = chars.next() {
        if ch == '\'' && chars.next() != Some('\'') {
            return None;
        }
        value.push(ch);
    }
    Some(value)
}

/// The table in `current` that `table` is, under its name or an earlier one.
fn counterpart<'a>(current: &'a Schema, index: &TableIndex, table: &Table) -> Option<&'a Table> {
    index.get(current, &table.schema, &table.name).or_else(|| {
        table
            .renamed_from
            .iter()
            .find_map(|old| index.get(current, &table.schema, old))
    })
}

/// Equal but for rename hints and the name itself (a renamed table compares by
/// its contents).
fn same_text(current: &Table, desired: &Table) -> bool {
    let strip = |t: &Table| {
        let mut t = t.clone();
        t.name.clear();
        t.renamed_from.clear();
        t.grants.clear();
        t.columns.iter_mut().for_each(|c| c.renamed_from.clear());
        t
    };
    strip(current) == strip(desired)
}

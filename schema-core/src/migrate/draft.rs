//! Drafting migrations: what the code changed since the latest snapshot, cut into
//! migration files.
//!
//! A plan is one migration, unless it has to commit part-way: then each run of
//! statements ([`Plan::runs`]) is a migration of its own, in order. New enum
//! values that the same change uses go into a migration of their own just before
//! the main one (committed before the values are used); indexes built
//! concurrently into a `-- schema:no-transaction` one just after it. The main
//! (last transactional) migration carries the down script of the whole change;
//! the last one records the code's schema as its snapshot, the others the schema
//! they started from, so the next `generate` diffs against the code as it was.

use std::path::Path;
use std::time::SystemTime;

use crate::diff::{diff, Change};
use crate::guard::{check_code, Refusal};
use crate::introspect::{SchemaFilter, TableFilter};
use crate::model::Schema;
use crate::plan::{plan, plan_with, Loss, Plan, PlanOptions, Run};

use super::files::{write_migration, FilesError};
use super::{Migration, NO_TRANSACTION_HEADER};

/// The migrations that take `previous` to `desired`, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The plan from `previous` to `desired`, all migrations together.
    pub plan: Plan,
    /// The migrations, in the order they run; empty when nothing changed.
    pub migrations: Vec<DraftMigration>,
}

/// One migration of a [`Draft`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftMigration {
    /// The name it is written under (the folder adds a version).
    pub name: String,
    /// `up.sql`.
    pub up: String,
    /// `down.sql`, for the main migration.
    pub down: Option<String>,
    /// The schema recorded as its snapshot.
    pub snapshot: Schema,
    /// Whether it runs outside a transaction (`up` starts with the header).
    pub no_transaction: bool,
    /// How many statements `up` holds.
    pub statements: usize,
}

/// How [`draft`] works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOptions {
    pub plan: PlanOptions,
    /// The namespaces under management (by default those the code declares);
    /// both the snapshot and the code are restricted to them.
    pub filter: SchemaFilter,
    /// The tables under management, by name (default: all of them).
    pub tables: TableFilter,
    /// Lets code that declares nothing through: dropping is intended.
    pub allow_empty: bool,
}

impl Default for DraftOptions {
    fn default() -> Self {
        DraftOptions::new(PlanOptions::default())
    }
}

impl DraftOptions {
    /// Options managing the namespaces the code declares.
    pub fn new(plan: PlanOptions) -> DraftOptions {
        DraftOptions {
            plan,
            filter: SchemaFilter::Declared,
            tables: TableFilter::default(),
            allow_empty: false,
        }
    }
}

/// Drafts the migrations from `previous` (the latest snapshot) to `code`, named
/// after `name`. Code that declares nothing is refused (see [`Refusal`]).
pub fn draft(
    previous: &Schema,
    code: &Schema,
    name: &str,
    options: &DraftOptions,
) -> Result<Draft, Refusal> {
    let filter = options.filter.resolve(code);
    let previous = filter.restrict(previous);
    let previous = options
        .tables
        .restrict(&previous)
        .into_owned()
        .keeping_extensions_of(code)
        .keeping_grants_of(code);
    let desired = filter.restrict(code);
    let desired = options.tables.restrict(&desired);
    check_code(
        &previous,
        &[],
        &desired,
        &filter,
        options.allow_empty,
        "the latest migration",
    )?;
    Ok(draft_restricted(&previous, &desired, name, &options.plan))
}

fn draft_restricted(
    previous: &Schema,
    desired: &Schema,
    name: &str,
    options: &PlanOptions,
) -> Draft {
    let changes = diff(previous, desired);
    let up = plan_with(&changes, options);
    if up.is_empty() {
        return Draft {
            plan: up,
            migrations: Vec::new(),
        };
    }
    let runs: Vec<Run<'_>> = up.runs().collect();
    let main = runs.iter().rposition(|r| r.transactional);
    let down = main.map(|_| plan(&diff(desired, previous)).to_sql_script());
    let migrations = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let last = i + 1 == runs.len();
            let snapshot = if last { desired } else { previous };
            let (name, up, down) = if Some(i) == main {
                (name.to_string(), run.to_sql_script(), down.clone())
            } else if run.transactional {
                (format!("{name} enum values"), run.to_sql_script(), None)
            } else {
                let script = format!("{NO_TRANSACTION_HEADER}\n{}", run.to_sql_script());
                (
                    format!("{name} {}", what_runs_alone(run, &changes)),
                    script,
                    None,
                )
            };
            DraftMigration {
                name,
                up,
                down,
                snapshot: snapshot.clone(),
                no_transaction: !run.transactional,
                statements: run.statements.len(),
            }
        })
        .collect();
    Draft {
        plan: up,
        migrations,
    }
}

/// A migration for the user to write (data migrations, custom SQL): an up.sql
/// that says where the SQL goes (and is refused by `migrate` until it holds
/// some), and the latest snapshot carried forward, as it changes no schema the
/// code declares.
pub fn draft_empty(previous: &Schema, name: &str) -> Draft {
    let up = format!(
        "-- {name}: write this migration's SQL here; it runs in one transaction.\n\
         -- `migrate` refuses it while it holds no SQL; a line `{}` marks one meant to do nothing.\n",
        super::EMPTY_MARKER
    );
    Draft {
        plan: Plan::default(),
        migrations: vec![DraftMigration {
            name: name.to_string(),
            up,
            down: None,
            snapshot: previous.clone(),
            no_transaction: false,
            statements: 0,
        }],
    }
}

/// What a run of statements outside a transaction does, for its migration's name.
fn what_runs_alone(run: &Run<'_>, changes: &[Change]) -> &'static str {
    let builds_index = run
        .statements
        .iter()
        .any(|s| matches!(changes[s.change], Change::CreateIndex { .. }));
    if builds_index {
        "concurrent indexes"
    } else {
        "enum values"
    }
}

impl Draft {
    /// True when the code matches the latest snapshot.
    pub fn is_empty(&self) -> bool {
        self.migrations.is_empty()
    }

    /// What the migrations would lose, for consent (no database: nothing counted).
    pub fn losses(&self) -> impl Iterator<Item = &Loss> {
        self.plan.losses().filter(|l| l.needs_consent())
    }

    /// Writes every migration into `dir`, in order, and returns them.
    pub fn write(&self, dir: &Path, now: SystemTime) -> Result<Vec<Migration>, FilesError> {
        self.migrations
            .iter()
            .map(|m| write_migration(dir, &m.name, &m.up, m.down.as_deref(), &m.snapshot, now))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tests::{col, enum_type, table};
    use crate::model::{Index, IndexKey, IndexTarget};

    fn schema(enums: Vec<crate::model::EnumType>, tables: Vec<crate::model::Table>) -> Schema {
        let mut s = Schema {
            schemas: vec![],
            enums,
            tables,
            extensions: vec![],
            views: vec![],
            functions: vec![],
            domains: vec![],
            sequences: vec![],
            namespace_grants: vec![],
        };
        s.normalize();
        s
    }

    fn index(name: &str, column: &str) -> Index {
        Index {
            name: name.into(),
            unique: false,
            method: "btree".into(),
            keys: vec![IndexKey::on(IndexTarget::Column(column.into()))],
            include: vec![],
            predicate: None,
            nulls_not_distinct: false,
            comment: None,
            invalid: false,
        }
    }

    const CONCURRENT: PlanOptions = PlanOptions {
        concurrent_indexes: true,
    };

    #[test]
    fn one_plain_migration_carries_the_down_script_and_the_new_snapshot() {
        let to = schema(vec![], vec![table("public", "t", vec![col("id", "int8")])]);
        let d = draft_restricted(&Schema::empty(), &to, "add t", &PlanOptions::default());
        assert_eq!(d.migrations.len(), 1);
        let m = &d.migrations[0];
        assert_eq!(m.name, "add t");
        assert!(m.up.starts_with("CREATE TABLE"), "{}", m.up);
        assert!(m.down.as_deref().unwrap().contains("DROP TABLE"));
        assert_eq!(m.snapshot, to);
        assert!(!m.no_transaction);
        assert!(draft_restricted(&to, &to, "x", &PlanOptions::default()).is_empty());
    }

    #[test]
    fn an_index_alone_built_concurrently_is_named_for_what_it_is() {
        let before = table("public", "t", vec![col("id", "int8"), col("a", "text")]);
        let mut after = before.clone();
        after.indexes.push(index("t_a_idx", "a"));
        let from = schema(vec![], vec![before]);
        let to = schema(vec![], vec![after]);
        let d = draft_restricted(&from, &to, "idx", &CONCURRENT);
        let names: Vec<&str> = d.migrations.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["idx concurrent indexes"]);
        let m = &d.migrations[0];
        assert!(m.no_transaction && m.down.is_none());
        assert!(m.up.starts_with(NO_TRANSACTION_HEADER));
        assert_eq!(m.snapshot, to);
    }

    #[test]
    fn used_enum_values_go_first_and_concurrent_indexes_last() {
        let e = |values: &[&str]| enum_type("public", "mood", values);
        let before = table(
            "public",
            "t",
            vec![col("id", "int8"), col("m", "public.mood")],
        );
        let mut after = before.clone();
        after.columns[1].default = Some("'sad'::public.mood".into());
        after.indexes.push(index("t_m_idx", "m"));
        let from = schema(vec![e(&["ok"])], vec![before]);
        let to = schema(vec![e(&["ok", "sad"])], vec![after]);
        let d = draft_restricted(&from, &to, "mood", &CONCURRENT);
        let parts: Vec<(&str, bool, bool)> = d
            .migrations
            .iter()
            .map(|m| (m.name.as_str(), m.no_transaction, m.down.is_some()))
            .collect();
        assert_eq!(
            parts,
            [
                ("mood enum values", false, false),
                ("mood", false, true),
                ("mood concurrent indexes", true, false),
            ]
        );
        let snapshots: Vec<bool> = d.migrations.iter().map(|m| m.snapshot == to).collect();
        assert_eq!(snapshots, [false, false, true]);
        assert_eq!(d.losses().count(), 0);
    }
}

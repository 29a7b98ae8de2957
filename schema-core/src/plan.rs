//! The planner: [`Change`]s in, ordered SQL [`Statement`]s with their hazards out.
//!
//! Each change is rendered on its own (`render.rs`) into statements tagged with a
//! phase; ordering is a stable sort by phase (`order.rs`): schemas, renames,
//! drops of foreign keys, indexes, constraints, tables and columns, then enums, new
//! tables, columns, keys, foreign keys (once every table exists), indexes and
//! comments, and last the drops of enums and schemas.
//!
//! A plan runs in one transaction, except where it says otherwise: a statement
//! marked `transactional: false` runs on its own, outside any transaction (CREATE
//! INDEX CONCURRENTLY, after everything else), and one marked `commit_before` starts
//! a new transaction, the one before it committed first: new enum values a plan
//! uses go in a transaction of their own ahead of the rest (`enum_values.rs`).
//! [`Plan::runs`] cuts a plan at those places.

mod columns;
mod enum_values;
mod loss;
mod order;
mod render;
mod script;

use script::{script, write_statements};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diff::{diff, Change};
use crate::model::{QualifiedName, Schema};

pub use loss::{Effect, Loss, RowScope, ROW_COUNT_CAP};

/// An ordered list of statements that turns one schema into another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub statements: Vec<Statement>,
}

/// One SQL statement (without a trailing `;`), where it comes from, and what
/// running it risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub sql: String,
    pub hazards: Vec<Hazard>,
    /// False for a statement that must not run inside a transaction block.
    pub transactional: bool,
    /// The transaction before this statement commits first, and a new one
    /// starts with it (new enum values must commit before they are used).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub commit_before: bool,
    /// The object the statement is about, for grouping.
    pub target: Target,
    /// The position, in the list the plan was made from, of the change this
    /// statement carries out (one change may take several statements).
    pub change: usize,
    /// What this statement destroys or may refuse over existing rows, when it
    /// is the statement of its change that does so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<Box<Loss>>,
}

/// The object a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Schema {
        name: String,
    },
    Extension {
        name: String,
    },
    Enum(QualifiedName),
    Table(QualifiedName),
    /// An index, by its schema and name (index names are unique in a schema).
    Index(QualifiedName),
    /// A view or materialized view.
    View(QualifiedName),
    /// A function or procedure (all of its overloads).
    Function(QualifiedName),
    Domain(QualifiedName),
    Sequence(QualifiedName),
}

impl Target {
    /// `schema`, `enum`, `table` or `index`.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Schema { .. } => "schema",
            Target::Extension { .. } => "extension",
            Target::Enum(_) => "enum",
            Target::Table(_) => "table",
            Target::Index(_) => "index",
            Target::View(_) => "view",
            Target::Function(_) => "function",
            Target::Domain(_) => "domain",
            Target::Sequence(_) => "sequence",
        }
    }

    /// Whether `text` is how this target displays.
    fn is_displayed_as(&self, text: &str) -> bool {
        let Some(rest) = text
            .strip_prefix(self.kind())
            .and_then(|r| r.strip_prefix(' '))
        else {
            return false;
        };
        match self {
            Target::Schema { name } | Target::Extension { name } => rest == name,
            Target::Enum(q)
            | Target::Table(q)
            | Target::Index(q)
            | Target::View(q)
            | Target::Function(q)
            | Target::Domain(q)
            | Target::Sequence(q) => {
                rest.strip_prefix(q.schema.as_str())
                    .and_then(|r| r.strip_prefix('.'))
                    == Some(q.name.as_str())
            }
        }
    }
}

/// `table public.users`: for people, unquoted.
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Schema { name } => write!(f, "schema {name}"),
            Target::Extension { name } => write!(f, "extension {name}"),
            Target::Enum(q)
            | Target::Table(q)
            | Target::Index(q)
            | Target::View(q)
            | Target::Function(q)
            | Target::Domain(q)
            | Target::Sequence(q) => {
                write!(f, "{} {}.{}", self.kind(), q.schema, q.name)
            }
        }
    }
}

impl PartialEq<str> for Target {
    fn eq(&self, other: &str) -> bool {
        self.is_displayed_as(other)
    }
}

impl PartialEq<&str> for Target {
    fn eq(&self, other: &&str) -> bool {
        self.is_displayed_as(other)
    }
}

impl PartialEq<String> for Target {
    fn eq(&self, other: &String) -> bool {
        self.is_displayed_as(other)
    }
}

/// A risk of running a statement, with a short explanation for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    pub kind: HazardKind,
    pub explanation: String,
}

/// The kinds of risk a statement can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardKind {
    /// Rows or values are deleted: a dropped table, column or enum value.
    DeletesData,
    /// Every row is rewritten while the table is locked.
    RewritesTable,
    /// The table is locked (reads and writes wait) for longer than a moment.
    LocksTable,
    /// The statement fails if existing rows do not satisfy the new rule.
    MayFailOnExistingRows,
    /// An index is built; writes to the table wait until it is done.
    BuildsIndex,
    /// Existing rows are updated (NULLs filled with a default).
    WritesRows,
    /// A view, function, trigger or policy is dropped for good: what reads,
    /// calls or relies on it stops working.
    DropsObject,
    /// Row level security is turned off: its policies no longer filter rows.
    WeakensSecurity,
}

impl HazardKind {
    /// The words used in scripts and prompts: `deletes data`.
    pub fn describe(self) -> &'static str {
        match self {
            HazardKind::DeletesData => "deletes data",
            HazardKind::RewritesTable => "rewrites table",
            HazardKind::LocksTable => "locks table",
            HazardKind::MayFailOnExistingRows => "may fail on existing rows",
            HazardKind::BuildsIndex => "builds index",
            HazardKind::WritesRows => "writes rows",
            HazardKind::DropsObject => "drops object",
            HazardKind::WeakensSecurity => "weakens security",
        }
    }
}

impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.describe(), self.explanation)
    }
}

impl Hazard {
    pub fn new(kind: HazardKind, explanation: impl Into<String>) -> Hazard {
        Hazard {
            kind,
            explanation: explanation.into(),
        }
    }
}

impl Statement {
    fn new(sql: String, target: Target) -> Statement {
        Statement {
            sql,
            hazards: Vec::new(),
            transactional: true,
            commit_before: false,
            target,
            change: 0,
            loss: None,
        }
    }

    fn hazard(mut self, kind: HazardKind, explanation: impl Into<String>) -> Statement {
        self.hazards.push(Hazard::new(kind, explanation));
        self
    }

    /// The SQL as scripts show it: a CREATE TABLE one column per line.
    pub fn display_sql(&self) -> std::borrow::Cow<'_, str> {
        match script::laid_out(&self.sql) {
            Some(text) => std::borrow::Cow::Owned(text),
            None => std::borrow::Cow::Borrowed(&self.sql),
        }
    }

    fn with_loss(mut self, loss: Loss) -> Statement {
        self.loss = Some(Box::new(loss));
        self
    }

    /// Whether two statements do the same work: the same SQL, run the same way,
    /// with the same risks (wherever in their plans' lists of changes they come
    /// from, and wherever their plans commit part-way: a plan whose first
    /// transaction has run no longer needs to commit before the rest).
    pub fn same_work(&self, other: &Statement) -> bool {
        self.sql == other.sql
            && self.transactional == other.transactional
            && self.hazards == other.hazards
    }
}

/// Choices that change how a plan does its work, not what it does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Build new indexes on existing tables with `CREATE INDEX CONCURRENTLY`, after
    /// the transaction, so writes to those tables never wait for the build.
    pub concurrent_indexes: bool,
}

/// Orders and renders changes into a plan.
pub fn plan(changes: &[Change]) -> Plan {
    plan_with(changes, &PlanOptions::default())
}

/// [`plan`] with options.
pub fn plan_with(changes: &[Change], options: &PlanOptions) -> Plan {
    let ctx = render::Context::new(changes, options);
    let mut phased: Vec<(order::Phase, Statement)> = Vec::new();
    for i in order::change_order(changes) {
        let change = &changes[i];
        let mut rendered = render::render(change, &ctx);
        for (_, s) in &mut rendered {
            s.change = i;
        }
        phased.extend(rendered);
    }
    // Stable: within a phase, statements keep the order of the changes.
    phased.sort_by_key(|(phase, _)| *phase);
    let statements = phased.into_iter().map(|(_, s)| s).collect();
    let statements = enum_values::commit_used_values(changes, statements);
    Plan { statements }
}

/// A stretch of a plan's statements that run the same way: together in one
/// transaction, or each on its own outside any transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'p> {
    pub transactional: bool,
    pub statements: &'p [Statement],
}

impl Run<'_> {
    /// The run as a script, like [`Plan::to_sql_script`].
    pub fn to_sql_script(&self) -> String {
        script(self.statements)
    }
}

impl Plan {
    /// True when there is nothing to run.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// Every hazard of every statement, in plan order.
    pub fn hazards(&self) -> impl Iterator<Item = &Hazard> {
        self.statements.iter().flat_map(|s| s.hazards.iter())
    }

    /// What the plan destroys, or may refuse to do over existing rows, one entry
    /// per change, in plan order and without row counts (see [`crate::push::count_losses`]).
    /// This is the one list consent is asked for.
    pub fn losses(&self) -> impl Iterator<Item = &Loss> {
        self.statements.iter().filter_map(|s| s.loss.as_deref())
    }

    /// The statements cut into runs: consecutive statements that share a
    /// transaction, and those that must each run alone.
    pub fn runs(&self) -> impl Iterator<Item = Run<'_>> {
        self.statements
            .chunk_by(|a, b| a.transactional == b.transactional && !b.commit_before)
            .map(|statements| Run {
                transactional: statements[0].transactional,
                statements,
            })
    }

    /// The statements as a script: each ends in `;`, its hazards and whether it
    /// must run outside a transaction are comment lines before it. No
    /// transaction control: a migration file, whose runner supplies it.
    pub fn to_sql_script(&self) -> String {
        script(&self.statements)
    }

    /// The script for `psql -f`: [`Plan::to_sql_script`] with each run of
    /// statements that share a transaction between `BEGIN;` and `COMMIT;`, so a
    /// failing statement leaves the database as its run found it.
    pub fn to_psql_script(&self) -> String {
        if self.statements.is_empty() {
            return script(&[]);
        }
        let mut out = String::new();
        for run in self.runs() {
            if run.transactional {
                out.push_str("BEGIN;\n");
            }
            write_statements(&mut out, run.statements);
            if run.transactional {
                out.push_str("COMMIT;\n");
            }
        }
        out
    }
}

/// The script that creates `schema` in an empty database: the plan from nothing.
pub fn create_script(schema: &Schema) -> String {
    plan(&diff(&Schema::empty(), schema)).to_sql_script()
}

impl Schema {
    /// The SQL script that creates this schema in an empty database.
    pub fn create_script(&self) -> String {
        create_script(self)
    }
}

#[cfg(test)]
mod tests;

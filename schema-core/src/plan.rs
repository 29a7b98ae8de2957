//! The planner: [`Change`]s in, ordered SQL [`Statement`]s with their hazards out.
//!
//! Each change is rendered on its own ([`render`]) into statements tagged with a
//! phase; ordering is a stable sort by phase ([`order`]): schemas, renames,
//! drops of foreign keys, indexes, constraints, tables and columns, then enums, new
//! tables, columns, keys, foreign keys (once every table exists), indexes and
//! comments, and last the drops of enums and schemas.
//!
//! A plan runs in one transaction except the statements marked
//! `transactional: false`: an applier runs those on their own, committing what came
//! before them first. The planner puts them where that is safe: new enum values a
//! plan uses come first ([`enum_values`]).

mod columns;
mod enum_values;
mod order;
mod render;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diff::{diff, Change};
use crate::model::Schema;

/// An ordered list of statements that turns one schema into another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub statements: Vec<Statement>,
}

/// One SQL statement (without a trailing `;`) and what running it risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub sql: String,
    pub hazards: Vec<Hazard>,
    /// False for a statement that must not run inside a transaction block.
    pub transactional: bool,
    /// What the statement is about, for grouping: `table public.users`.
    pub target: String,
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
    fn new(sql: String, target: impl Into<String>) -> Statement {
        Statement {
            sql,
            hazards: Vec::new(),
            transactional: true,
            target: target.into(),
        }
    }

    fn hazard(mut self, kind: HazardKind, explanation: impl Into<String>) -> Statement {
        self.hazards.push(Hazard::new(kind, explanation));
        self
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
    let mut phased: Vec<(order::Phase, Statement)> = changes
        .iter()
        .flat_map(|c| render::render(c, &ctx))
        .collect();
    // Stable: within a phase, statements keep the order of the changes.
    phased.sort_by_key(|(phase, _)| *phase);
    let statements = phased.into_iter().map(|(_, s)| s).collect();
    let statements = enum_values::commit_used_values(changes, statements);
    Plan { statements }
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

    /// The statements as a script: each ends in `;`, its hazards and whether it
    /// must run outside a transaction are comment lines before it. No
    /// transaction control: a migration file, whose runner supplies it.
    pub fn to_sql_script(&self) -> String {
        if self.statements.is_empty() {
            return "-- no changes\n".to_string();
        }
        let mut out = String::new();
        for s in &self.statements {
            write_statement(&mut out, s);
        }
        out
    }

    /// The script for `psql -f`: [`Plan::to_sql_script`] with each run of
    /// statements that share a transaction between `BEGIN;` and `COMMIT;`, so a
    /// failing statement leaves the database as its run found it.
    pub fn to_psql_script(&self) -> String {
        if self.statements.is_empty() {
            return "-- no changes\n".to_string();
        }
        let mut out = String::new();
        let mut open = false;
        for s in &self.statements {
            if s.transactional != open {
                out.push_str(if open { "COMMIT;\n" } else { "BEGIN;\n" });
                open = s.transactional;
            }
            write_statement(&mut out, s);
        }
        if open {
            out.push_str("COMMIT;\n");
        }
        out
    }
}

fn write_statement(out: &mut String, s: &Statement) {
    for h in &s.hazards {
        out.push_str(&format!("-- hazard: {h}\n"));
    }
    if !s.transactional {
        out.push_str("-- not transactional: runs on its own, outside any transaction\n");
    }
    out.push_str(&s.sql);
    out.push_str(";\n");
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

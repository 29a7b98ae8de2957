//! Database objects beyond tables and enums: views, functions, triggers, row
//! level security and policies.
//!
//! Their SQL text is kept as the database prints it (`pg_get_viewdef`,
//! `pg_get_functiondef`, `pg_get_triggerdef`, `pg_get_expr`), every name outside
//! `pg_catalog` qualified; code-written text reaches that form through the
//! database ([`crate::compare`]), so comparing two of them is comparing text.

use serde::{Deserialize, Serialize};

use super::{is_false, QualifiedName};

/// A view or materialized view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    pub schema: String,
    pub name: String,
    /// The query, as `pg_get_viewdef` prints it (without a trailing `;`).
    pub definition: String,
    /// `CREATE MATERIALIZED VIEW`: its rows are stored (and built WITH DATA).
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// `WITH (security_barrier)`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub security_barrier: bool,
    /// `WITH [LOCAL | CASCADED] CHECK OPTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_option: Option<CheckOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Indexes on a materialized view (a plain view has none), as on a table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<super::Index>,
    /// The tables, views and functions its query uses, as the database records
    /// them (`pg_depend`). Read, never compared: it orders the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<QualifiedName>,
    /// The columns its query returns, in order, as the database read them.
    /// Follows from the query, so never compared (pull writes them as fields).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ViewColumn>,
}

/// A column of a view: its name and type (a view's columns may always be NULL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: crate::types::SqlType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOption {
    Local,
    Cascaded,
}

/// A function or procedure, kept whole as `CREATE OR REPLACE` text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub schema: String,
    pub name: String,
    /// The argument types that tell overloads apart
    /// (`pg_get_function_identity_arguments`): `integer, text`, or empty.
    pub identity: String,
    /// The whole argument list with names, modes and defaults
    /// (`pg_get_function_arguments`).
    pub arguments: String,
    /// What it returns (`pg_get_function_result`); `None` for a procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// The `CREATE OR REPLACE FUNCTION ...` statement (`pg_get_functiondef`),
    /// with language, volatility, strictness, parallel safety, security,
    /// `SET` options and body.
    pub definition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A trigger on a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub name: String,
    /// The `CREATE TRIGGER ...` statement (`pg_get_triggerdef`): timing,
    /// events, `UPDATE OF` columns, row or statement, `WHEN`, the function and
    /// its arguments.
    pub definition: String,
    /// The function it executes.
    pub function: QualifiedName,
}

/// Row level security on a table: `ENABLE` and `FORCE`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSecurity {
    /// `ALTER TABLE ... ENABLE ROW LEVEL SECURITY`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub enabled: bool,
    /// `FORCE ROW LEVEL SECURITY`: the table's owner is held to its policies too.
    #[serde(default, skip_serializing_if = "is_false")]
    pub forced: bool,
}

impl RowSecurity {
    pub fn is_off(&self) -> bool {
        *self == RowSecurity::default()
    }
}

/// A row level security policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    /// `AS RESTRICTIVE` (policies are permissive unless said otherwise).
    #[serde(default, skip_serializing_if = "is_false")]
    pub restrictive: bool,
    #[serde(default, skip_serializing_if = "PolicyCommand::is_all")]
    pub command: PolicyCommand,
    /// The roles it applies to, sorted; empty is `PUBLIC`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `USING (...)`: which existing rows are visible or affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// `WITH CHECK (...)`: which new rows may be written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_check: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    #[default]
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    fn is_all(&self) -> bool {
        *self == PolicyCommand::All
    }

    /// The SQL word: `ALL`, `SELECT`, ...
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }

    /// From its SQL word, any case.
    pub fn parse(word: &str) -> Option<PolicyCommand> {
        Some(match word.to_ascii_lowercase().as_str() {
            "all" => PolicyCommand::All,
            "select" => PolicyCommand::Select,
            "insert" => PolicyCommand::Insert,
            "update" => PolicyCommand::Update,
            "delete" => PolicyCommand::Delete,
            _ => return None,
        })
    }
}

impl View {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    /// The view as compared: without what is read only to order the plan.
    pub fn compared(&self) -> View {
        View {
            depends_on: vec![],
            columns: vec![],
            ..self.clone()
        }
    }

    /// The view as its query and options decide it: what, when it differs,
    /// rebuilds it (its comment and indexes change in place).
    pub fn rebuilt_by(&self) -> View {
        View {
            comment: None,
            indexes: vec![],
            ..self.compared()
        }
    }

    /// `view` or `materialized view`.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }
}

impl Function {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    /// `public.f(integer, text)`: the function among its overloads, for people.
    pub fn signature(&self) -> String {
        format!("{}.{}({})", self.schema, self.name, self.identity)
    }

    /// Whether `CREATE OR REPLACE` can turn this function into `to`: the same
    /// arguments (names and defaults too) and result.
    pub fn replaceable_by(&self, to: &Function) -> bool {
        self.arguments == to.arguments && self.returns == to.returns
    }
}

/// An `EXCLUDE` constraint, kept whole as `pg_get_constraintdef` prints it:
/// `EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (...)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub name: String,
    pub definition: String,
}

/// `CREATE DOMAIN name AS base [DEFAULT ...] [NOT NULL] [CONSTRAINT c CHECK (...)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub schema: String,
    pub name: String,
    /// The type it restricts.
    pub base: crate::types::SqlType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_null: bool,
    /// Named checks on `VALUE`, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<super::Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Domain {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

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
    /// Privileges granted on it (or its columns) to roles other than its owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
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
    /// Whether every role may call it (`EXECUTE` for `PUBLIC`, Postgres's
    /// default); `false` once that is revoked.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub public_execute: bool,
    /// `EXECUTE` granted to roles other than its owner, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One privilege granted to a role by `GRANT`: `SELECT` on a table (or on one
/// of its columns), `USAGE` on a sequence or namespace, `EXECUTE` on a
/// function. The owner's own privileges are implicit and never listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// The role's name, or `PUBLIC` (every role).
    pub role: String,
    /// The privilege in upper case: `SELECT`, `INSERT`, `UPDATE`, `DELETE`,
    /// `TRUNCATE`, `REFERENCES`, `TRIGGER`, `USAGE`, `EXECUTE`, `CREATE`, ...
    pub privilege: String,
    /// Only on this column (a column privilege of a table or view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// `WITH GRANT OPTION`: the role may grant it on.
    #[serde(default, skip_serializing_if = "is_false")]
    pub grantable: bool,
}

impl Grant {
    pub fn new(role: impl Into<String>, privilege: impl Into<String>) -> Grant {
        Grant {
            role: role.into(),
            privilege: privilege.into(),
            column: None,
            grantable: false,
        }
    }
}

/// Privileges on a namespace: `GRANT USAGE ON SCHEMA auth TO app`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamespaceGrant {
    pub namespace: String,
    pub grant: Grant,
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
            grants: vec![],
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

    /// The function without its grants (who may call it is no part of what it is).
    pub fn without_privileges(&self) -> Function {
        Function {
            public_execute: true,
            grants: vec![],
            ..self.clone()
        }
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

/// A sequence: `CREATE SEQUENCE "s"."n" AS type INCREMENT ... [OWNED BY t.c]`.
///
/// Options left at Postgres's default for the type and direction are `None`
/// (or `1`, `false`), whoever wrote them, so a declared and a read sequence
/// compare equal ([`Sequence::normalize`]). An identity column's sequence is
/// the column's, never one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    /// `AS smallint | integer | bigint`.
    #[serde(default, skip_serializing_if = "SequenceType::is_bigint")]
    pub data_type: SequenceType,
    /// `INCREMENT BY`; negative counts down.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub increment: i64,
    /// `MINVALUE`; `None`: 1 counting up, the type's least counting down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// `MAXVALUE`; `None`: the type's greatest counting up, -1 counting down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// `START WITH`; `None`: the minimum counting up, the maximum counting down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// `CACHE`: values handed to a session at a time.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub cache: i64,
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
    /// `OWNED BY table.column`: dropped with that column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<SequenceOwner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Privileges granted on it to roles other than its owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

/// The column a sequence belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceOwner {
    pub table: QualifiedName,
    pub column: String,
}

/// The integer type a sequence counts in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SequenceType {
    Smallint,
    Integer,
    #[default]
    Bigint,
}

fn one() -> i64 {
    1
}

fn is_one(n: &i64) -> bool {
    *n == 1
}

impl SequenceType {
    fn is_bigint(&self) -> bool {
        *self == SequenceType::Bigint
    }

    /// The SQL name: `bigint`.
    pub fn sql(self) -> &'static str {
        match self {
            SequenceType::Smallint => "smallint",
            SequenceType::Integer => "integer",
            SequenceType::Bigint => "bigint",
        }
    }

    /// From `format_type`'s or a user's spelling (`int4`, `integer`, `int`).
    pub fn parse(s: &str) -> Option<SequenceType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "smallint" | "int2" => Some(SequenceType::Smallint),
            "integer" | "int" | "int4" => Some(SequenceType::Integer),
            "bigint" | "int8" => Some(SequenceType::Bigint),
            _ => None,
        }
    }

    /// The least and greatest value of the type.
    pub fn range(self) -> (i64, i64) {
        match self {
            SequenceType::Smallint => (i16::MIN.into(), i16::MAX.into()),
            SequenceType::Integer => (i32::MIN.into(), i32::MAX.into()),
            SequenceType::Bigint => (i64::MIN, i64::MAX),
        }
    }
}

impl Sequence {
    /// A sequence with every option at its default.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Sequence {
        Sequence {
            schema: schema.into(),
            name: name.into(),
            data_type: SequenceType::Bigint,
            increment: 1,
            min_value: None,
            max_value: None,
            start: None,
            cache: 1,
            cycle: false,
            owned_by: None,
            comment: None,
            grants: vec![],
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    /// The minimum and maximum Postgres gives a sequence of this type and
    /// direction when none is said.
    pub fn default_bounds(&self) -> (i64, i64) {
        let (least, greatest) = self.data_type.range();
        if self.increment < 0 {
            (least, -1)
        } else {
            (1, greatest)
        }
    }

    /// The minimum, maximum and start in force.
    pub fn bounds(&self) -> (i64, i64, i64) {
        let (min, max) = self.default_bounds();
        let min = self.min_value.unwrap_or(min);
        let max = self.max_value.unwrap_or(max);
        let start = self
            .start
            .unwrap_or(if self.increment < 0 { max } else { min });
        (min, max, start)
    }

    /// Options equal to their default become `None`, so that equal sequences
    /// compare equal however they were written or read.
    pub fn normalize(&mut self) {
        let (default_min, default_max) = self.default_bounds();
        let (min, max, start) = self.bounds();
        self.min_value = (min != default_min).then_some(min);
        self.max_value = (max != default_max).then_some(max);
        let default_start = if self.increment < 0 { max } else { min };
        self.start = (start != default_start).then_some(start);
    }

    /// Everything but the comment and the owner: what `ALTER SEQUENCE`'s options set.
    pub fn options_differ(&self, other: &Sequence) -> bool {
        (
            self.data_type,
            self.increment,
            self.min_value,
            self.max_value,
            self.start,
            self.cache,
            self.cycle,
        ) != (
            other.data_type,
            other.increment,
            other.min_value,
            other.max_value,
            other.start,
            other.cache,
            other.cycle,
        )
    }
}

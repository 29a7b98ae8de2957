//! Parses `#[table(...)]`, `#[column(...)]`, `#[enum_type(...)]` and
//! `#[enum_value(...)]` with `Attribute::parse_nested_meta`.
//!
//! Every key is compared against a named constant; every mistake is recorded in the
//! [`Ctxt`] and parsing carries on with the next key, so one build reports them all.
//! Values keep their tokens, so later checks can point at the exact one.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Expr, Ident, LitStr, Path};

mod items;
mod values;

pub use items::{column_attrs, enum_type_attrs, enum_value_attrs, table_attrs};
pub use objects::{domain_attrs, function_attrs, sequence_attrs, view_attrs};

mod objects;

pub const TABLE_KEYS: &[&str] = &[
    "name",
    "schema",
    "primary_key",
    "unique",
    "index",
    "check",
    "foreign_key",
    "comment",
    "renamed_from",
    "primary_key_name",
    "row_security",
    "policy",
    "trigger",
    "exclude",
    "grant",
    "partition_by",
    "partition",
    "partition_schema",
];
pub const PARTITION_KEYS: &[&str] = &["name", "schema", "bound", "default"];
pub const COLUMN_KEYS: &[&str] = &[
    "primary_key",
    "unique",
    "index",
    "default",
    "default_sql",
    "sql_type",
    "identity",
    "generated",
    "references",
    "on_delete",
    "on_update",
    "deferrable",
    "name",
    "renamed_from",
    "comment",
    "collate",
    "skip",
    "insert_default",
    "sequence",
];
const UNIQUE_KEYS: &[&str] = &["columns", "name", "nulls_not_distinct"];
const INDEX_KEYS: &[&str] = &[
    "columns",
    "name",
    "unique",
    "method",
    "where",
    "include",
    "nulls_not_distinct",
    "comment",
];
const CHECK_KEYS: &[&str] = &["name", "expr"];
const SEQUENCE_KEYS: &[&str] = &[
    "start",
    "increment",
    "min_value",
    "max_value",
    "cache",
    "cycle",
];
const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "target",
    "on_delete",
    "on_delete_columns",
    "on_update",
    "deferrable",
    "name",
];
const EXCLUDE_KEYS: &[&str] = &["name", "using", "elements", "where", "sql"];
const POLICY_KEYS: &[&str] = &[
    "name",
    "command",
    "to",
    "using",
    "with_check",
    "restrictive",
];
const TRIGGER_KEYS: &[&str] = &[
    "name",
    "sql",
    "before",
    "after",
    "function",
    "args",
    "for_each",
    "update_of",
    "when",
];
pub const VIEW_KEYS: &[&str] = &[
    "name",
    "schema",
    "sql",
    "sql_file",
    "materialized",
    "security_barrier",
    "check_option",
    "comment",
    "index",
    "grant",
];
pub const FUNCTION_KEYS: &[&str] = &["sql", "sql_file", "comment", "grant", "private"];
pub const GRANT_KEYS: &[&str] = &["to", "privileges", "columns", "with_grant_option"];
pub const DOMAIN_KEYS: &[&str] = &[
    "name",
    "schema",
    "sql_type",
    "default_sql",
    "not_null",
    "check",
    "comment",
];
pub const SEQUENCE_ITEM_KEYS: &[&str] = &[
    "name",
    "schema",
    "sql_type",
    "increment",
    "min_value",
    "max_value",
    "start",
    "cache",
    "cycle",
    "owned_by",
    "comment",
    "grant",
];
pub const ENUM_TYPE_KEYS: &[&str] = &["name", "schema", "rename_all", "comment", "renamed_from"];
pub const ENUM_VALUE_KEYS: &[&str] = &["name", "renamed_from"];

/// A setting that takes one of a fixed set of words, parsed into its value
/// when the attribute is read, so later stages match on the value itself.
pub trait Choice: Copy + 'static {
    /// Each word and the value it stands for; the first is the example in messages.
    const CHOICES: &'static [(&'static str, Self)];
}

/// `on_delete` and `on_update`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl Choice for FkAction {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("no_action", FkAction::NoAction),
        ("restrict", FkAction::Restrict),
        ("cascade", FkAction::Cascade),
        ("set_null", FkAction::SetNull),
        ("set_default", FkAction::SetDefault),
    ];
}

/// `deferrable = "..."` (a bare `deferrable` is initially immediate).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Deferrable {
    InitiallyImmediate,
    InitiallyDeferred,
}

impl Choice for Deferrable {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("initially_immediate", Deferrable::InitiallyImmediate),
        ("initially_deferred", Deferrable::InitiallyDeferred),
    ];
}

/// `identity = "..."`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    Always,
    ByDefault,
}

impl Choice for IdentityKind {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("always", IdentityKind::Always),
        ("by_default", IdentityKind::ByDefault),
    ];
}

/// `command = "..."` of a policy.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl Choice for PolicyCommand {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("all", PolicyCommand::All),
        ("select", PolicyCommand::Select),
        ("insert", PolicyCommand::Insert),
        ("update", PolicyCommand::Update),
        ("delete", PolicyCommand::Delete),
    ];
}

/// `for_each = "..."` of a trigger.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ForEach {
    Row,
    Statement,
}

impl Choice for ForEach {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("row", ForEach::Row), ("statement", ForEach::Statement)];
}

/// `row_security = "..."` (a bare `row_security` is `"enabled"`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowSecurity {
    Enabled,
    Forced,
}

impl Choice for RowSecurity {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("enabled", RowSecurity::Enabled),
        ("forced", RowSecurity::Forced),
    ];
}

/// `check_option = "..."` of a view.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CheckOption {
    Local,
    Cascaded,
}

impl Choice for CheckOption {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("cascaded", CheckOption::Cascaded),
        ("local", CheckOption::Local),
    ];
}

pub const INDEX_METHODS: &[&str] = &["btree", "hash", "gist", "spgist", "gin", "brin"];

/// A value together with the tokens it came from.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub tokens: TokenStream,
}

impl<T> Spanned<T> {
    fn new(value: T, tokens: impl ToTokens) -> Self {
        Spanned {
            value,
            tokens: tokens.into_token_stream(),
        }
    }
}

/// `#[table(...)]`.
#[derive(Default)]
pub struct TableAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub primary_key: Option<Spanned<Vec<Ident>>>,
    pub uniques: Vec<UniqueAttr>,
    pub indexes: Vec<IndexAttr>,
    pub checks: Vec<CheckAttr>,
    pub foreign_keys: Vec<ForeignKeyAttr>,
    pub comment: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
    /// `primary_key_name = "..."`: the constraint's name when not `{table}_pkey`.
    pub primary_key_name: Option<LitStr>,
    pub row_security: Option<Spanned<RowSecurity>>,
    pub policies: Vec<PolicyAttr>,
    pub triggers: Vec<TriggerAttr>,
    pub exclusions: Vec<ExcludeAttr>,
    pub grants: Vec<GrantAttr>,
    /// `partition_by = "range (created_at)"`.
    pub partition_by: Option<LitStr>,
    pub partitions: Vec<PartitionAttr>,
    /// `partition_schema = "archive"`: where partitions live unless they say.
    pub partition_schema: Option<LitStr>,
}

/// `partition(name = "events_2026", bound = "FROM ('2026-01-01') TO ('2027-01-01')")`
/// or `partition(name = "events_other", default)`.
pub struct PartitionAttr {
    pub name: LitStr,
    pub schema: Option<LitStr>,
    /// `FOR VALUES ...` or `DEFAULT`.
    pub bound: String,
}

/// What a `grant(...)` is on, which decides the privileges it may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantOn {
    Table,
    View,
    Sequence,
    Function,
}

/// `grant(to = ["role"], privileges = ["select", "insert"], columns = [field],
/// with_grant_option)`: privileges in upper case, `all` spelled out.
pub struct GrantAttr {
    /// Role names; `PUBLIC` for every role.
    pub roles: Vec<String>,
    pub privileges: Vec<String>,
    /// Column privileges on these fields, when given.
    pub columns: Option<Vec<Ident>>,
    pub grantable: bool,
}

/// `exclude(name = "...", using = "gist", elements = "room WITH =, during WITH &&",
/// where = "...")`, or `exclude(name = "...", sql = "EXCLUDE USING ...")`.
pub struct ExcludeAttr {
    pub name: LitStr,
    /// The `EXCLUDE ...` text.
    pub definition: String,
}

/// `policy(name = "...", command = "select", to = ["role"], using = "...",
/// with_check = "...", restrictive)`.
pub struct PolicyAttr {
    pub name: LitStr,
    pub command: PolicyCommand,
    pub to: Vec<LitStr>,
    pub using: Option<LitStr>,
    pub with_check: Option<LitStr>,
    pub restrictive: bool,
}

/// `trigger(name = "...", before = "update", function = "f", for_each = "row",
/// update_of = [field], when = "...", args = ["..."])`.
pub struct TriggerAttr {
    pub name: LitStr,
    /// `sql = "CREATE TRIGGER ..."`: the whole statement, instead of the parts.
    pub sql: Option<LitStr>,
    /// `BEFORE` or `AFTER`, with the events in SQL words (`INSERT`, `UPDATE`).
    pub timing: &'static str,
    pub events: Vec<String>,
    pub function: LitStr,
    pub args: Vec<LitStr>,
    pub for_each: ForEach,
    pub update_of: Vec<Ident>,
    pub when: Option<LitStr>,
}

/// `#[view(...)]`.
#[derive(Default)]
pub struct ViewAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub sql: Option<LitStr>,
    pub sql_file: Option<LitStr>,
    pub materialized: bool,
    pub security_barrier: bool,
    pub check_option: Option<Spanned<CheckOption>>,
    pub comment: Option<LitStr>,
    /// `index(...)`, as in `#[table(...)]`: only on a materialized view.
    pub indexes: Vec<IndexAttr>,
    pub grants: Vec<GrantAttr>,
}

/// `#[domain(...)]`.
#[derive(Default)]
pub struct DomainAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub sql_type: Option<LitStr>,
    pub default_sql: Option<LitStr>,
    pub not_null: bool,
    pub checks: Vec<CheckAttr>,
    pub comment: Option<LitStr>,
}

/// `#[sequence(...)]` on a unit struct.
#[derive(Default)]
pub struct SequenceItemAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub sql_type: Option<LitStr>,
    pub increment: Option<Spanned<i64>>,
    pub min_value: Option<Spanned<i64>>,
    pub max_value: Option<Spanned<i64>>,
    pub start: Option<Spanned<i64>>,
    pub cache: Option<Spanned<i64>>,
    pub cycle: bool,
    pub owned_by: Option<Path>,
    pub comment: Option<LitStr>,
    pub grants: Vec<GrantAttr>,
}

/// `#[function(...)]`.
#[derive(Default)]
pub struct FunctionAttrs {
    pub sql: Option<LitStr>,
    pub sql_file: Option<LitStr>,
    pub comment: Option<LitStr>,
    pub grants: Vec<GrantAttr>,
    /// `private`: `EXECUTE` revoked from `PUBLIC`.
    pub private: bool,
}

/// `unique(columns = [a, b], name = "...", nulls_not_distinct)`.
pub struct UniqueAttr {
    pub origin: Path,
    pub columns: Option<Spanned<Vec<Ident>>>,
    pub name: Option<LitStr>,
    pub nulls_not_distinct: bool,
}

/// `index(columns = [...], ...)`.
pub struct IndexAttr {
    pub origin: TokenStream,
    pub keys: Option<Spanned<Vec<IndexKeyAttr>>>,
    pub name: Option<LitStr>,
    pub unique: bool,
    pub method: Option<LitStr>,
    pub predicate: Option<LitStr>,
    pub include: Vec<Ident>,
    pub nulls_not_distinct: bool,
    pub comment: Option<LitStr>,
}

/// One key of an index: a field or an SQL expression, then the words after it:
/// `collate "C"`, `opclass "text_pattern_ops"`, `asc`/`desc`, `nulls_first`/`nulls_last`.
pub struct IndexKeyAttr {
    pub target: IndexKeyTarget,
    pub collate: Option<LitStr>,
    pub opclass: Option<LitStr>,
    pub desc: bool,
    pub nulls: Option<Spanned<bool>>, // `true` = NULLS FIRST
}

/// The words that may follow an index key, for messages and suggestions.
pub const INDEX_KEY_WORDS: &[&str] = &[
    "collate",
    "opclass",
    "asc",
    "desc",
    "nulls_first",
    "nulls_last",
];

pub enum IndexKeyTarget {
    Field(Ident),
    Expression(LitStr),
}

/// `check(name = "...", expr = "...")`.
pub struct CheckAttr {
    pub origin: Path,
    pub name: Option<LitStr>,
    pub expr: Option<LitStr>,
}

/// `foreign_key(columns = [..], references = Other, target = [..], ...)`.
pub struct ForeignKeyAttr {
    pub origin: Path,
    pub columns: Option<Spanned<Vec<Ident>>>,
    pub references: Option<Path>,
    pub target: Option<Spanned<Vec<Ident>>>,
    pub actions: FkActions,
    /// `on_delete_columns = [a]`: the columns `ON DELETE SET NULL` / `SET DEFAULT`
    /// writes to, when not all of `columns`.
    pub on_delete_columns: Option<Spanned<Vec<Ident>>>,
    /// `on_delete_columns` was written, valid or not (an invalid list is
    /// reported where it is parsed; no rule should guess at it).
    pub on_delete_columns_given: bool,
    pub name: Option<LitStr>,
}

/// The referential actions shared by column-level and table-level foreign keys.
#[derive(Default)]
pub struct FkActions {
    pub on_delete: Option<Spanned<FkAction>>,
    pub on_update: Option<Spanned<FkAction>>,
    pub deferrable: Option<Spanned<Deferrable>>,
}

/// `#[column(...)]`.
#[derive(Default)]
pub struct ColumnAttrs {
    pub primary_key: Option<Path>,
    pub unique: Option<Path>,
    pub index: Option<Path>,
    pub default: Option<Expr>,
    pub default_sql: Option<LitStr>,
    pub sql_type: Option<LitStr>,
    pub identity: Option<Spanned<IdentityKind>>,
    pub generated: Option<LitStr>,
    pub references: Option<Path>,
    pub actions: FkActions,
    pub name: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
    pub comment: Option<LitStr>,
    pub collate: Option<LitStr>,
    pub skip: Option<Path>,
    /// Left out of generated inserts, for the database's default to fill.
    pub insert_default: Option<Path>,
    /// `sequence(start = 1, ...)`: the identity sequence's options.
    pub sequence: Option<SequenceAttr>,
}

/// `sequence(start = 100, increment = 1, min_value = 1, max_value = 1000,
/// cache = 1, cycle)`; an option left out is Postgres's default.
pub struct SequenceAttr {
    pub origin: Path,
    pub start: Option<i64>,
    pub increment: Option<Spanned<i64>>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub cache: Option<Spanned<i64>>,
    pub cycle: bool,
}

/// `#[enum_type(...)]`.
#[derive(Default)]
pub struct EnumTypeAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub rename_all: Option<LitStr>,
    pub comment: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
}

/// `#[enum_value(...)]`.
#[derive(Default)]
pub struct EnumValueAttrs {
    pub name: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
}

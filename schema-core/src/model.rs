//! The schema model: plain, name-keyed data shared by every stage.
//!
//! Derived structs, a live database and a snapshot file all become a [`Schema`];
//! diff, plan and render read nothing else. Every name stored here is the real SQL
//! name (never truncated, never defaulted later): whoever builds a value of the model
//! decides the names. [`Schema::normalize`] puts everything in a deterministic order,
//! so two schemas that mean the same thing are equal and serialise to the same JSON.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::types::SqlType;

mod objects;

pub use objects::{
    CheckOption, Domain, Exclusion, Function, Grant, NamespaceGrant, Policy, PolicyCommand,
    RowSecurity, Sequence, SequenceOwner, SequenceType, Trigger, View, ViewColumn,
};

/// A whole database schema: the namespaces, enum types and tables under management.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Namespaces (Postgres schemas) the model holds, sorted. `public` is listed when
    /// it holds anything, but is never created or dropped.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Enum types, sorted by qualified name.
    #[serde(default)]
    pub enums: Vec<EnumType>,
    /// Tables, sorted by qualified name.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Extensions, sorted by name. On the code's side, the ones it needs; a
    /// database's other extensions are left alone by push and generate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// Views and materialized views, sorted by qualified name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Functions and procedures, sorted by qualified name and identity arguments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
    /// Domains, sorted by qualified name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// Sequences, sorted by qualified name: every one but an identity column's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// Privileges on namespaces (`public`'s excepted: the server sets those),
    /// sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_grants: Vec<NamespaceGrant>,
}

/// `CREATE EXTENSION name [WITH SCHEMA schema] [VERSION version]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub name: String,
    /// The namespace its objects live in; `None` in code: wherever it is (or
    /// the first of `search_path` when created).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Its version; `None` in code: whichever is installed (or the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Extension {
    /// An extension by name, its schema and version left to the database.
    pub fn named(name: impl Into<String>) -> Extension {
        Extension {
            name: name.into(),
            schema: None,
            version: None,
        }
    }
}

/// A schema-qualified object name, such as `auth.sessions`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

/// A Postgres enum type and its values in their declared order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumType {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Earlier names of this type (declared renames; a hint for the diff, never
    /// present in an introspected schema).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
    /// Declared value renames as `(old, new)` pairs (a hint for the diff).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_values: Vec<(String, String)>,
}

/// A table with its columns, keys, indexes and constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub schema: String,
    pub name: String,
    /// Columns in declaration (attnum) order. Order is kept for CREATE TABLE but
    /// the diff matches columns by name.
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Unique constraints (not unique indexes), sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// Indexes that do not back a constraint, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Foreign keys, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Check constraints, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Exclusion constraints, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Earlier names of this table, unqualified (a hint for the diff).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
    #[serde(default, skip_serializing_if = "RowSecurity::is_off")]
    pub row_security: RowSecurity,
    /// Row level security policies, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    /// Triggers, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// Privileges granted on the table (or its columns) to roles other than
    /// its owner, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    /// `PARTITION BY RANGE (created_at)`: a partitioned table, whose rows live
    /// in its partitions (the key as `pg_get_partkeydef` prints it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// Its partitions, sorted by qualified name. A partition has the table's
    /// columns, keys and indexes; only its bounds are its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<Partition>,
}

/// `CREATE TABLE "s"."p" PARTITION OF "s"."t" FOR VALUES ...`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partition {
    pub schema: String,
    pub name: String,
    /// `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES
    /// WITH (MODULUS m, REMAINDER r)` or `DEFAULT`, as `pg_get_expr` prints it.
    pub bound: String,
}

impl Partition {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: SqlType,
    pub nullable: bool,
    /// The default as an SQL expression, e.g. `now()` or `'USD'::text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Box<Identity>>,
    /// The expression of a `GENERATED ALWAYS AS (...) STORED` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// A collation other than the type's default, e.g. `C`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Earlier names of this column (a hint for the diff).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
}

/// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [( options )]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub kind: IdentityKind,
    /// Sequence options; `None` means Postgres's default for the column type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    Always,
    ByDefault,
}

/// The primary key constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
}

/// A UNIQUE constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unique {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
}

/// A CREATE INDEX that backs no constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Access method: `btree`, `gin`, `gist`, `hash`, `brin`, `spgist`.
    pub method: String,
    pub keys: Vec<IndexKey>,
    /// Columns of an INCLUDE clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// The WHERE predicate of a partial index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// `NULLS NOT DISTINCT` on a unique index.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The index exists but is not valid (`pg_index.indisvalid` is false): a
    /// `CREATE INDEX CONCURRENTLY` failed or was cancelled, and it enforces and
    /// speeds up nothing. Never so in code; a difference that rebuilds it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub invalid: bool,
}

impl Index {
    /// A plain btree index on these columns, ascending, named `name`.
    pub fn on_columns(name: &str, columns: &[&str]) -> Index {
        Index {
            name: name.into(),
            unique: false,
            method: "btree".into(),
            keys: columns
                .iter()
                .map(|c| IndexKey {
                    target: IndexTarget::Column((*c).into()),
                    order: SortOrder::Asc,
                    nulls: None,
                    collation: None,
                    opclass: None,
                })
                .collect(),
            include: vec![],
            predicate: None,
            nulls_not_distinct: false,
            comment: None,
            invalid: false,
        }
    }
}

/// One key of an index: a column or an expression, with its ordering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexKey {
    pub target: IndexTarget,
    #[serde(default, skip_serializing_if = "SortOrder::is_asc")]
    pub order: SortOrder,
    /// `None` is the default for the order (NULLS LAST for ASC, NULLS FIRST for DESC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<NullsOrder>,
    /// A collation other than the key's own (its column's, or the one its
    /// expression yields), spelled like [`Column::collation`]: `C`, or
    /// `"public"."bytes"` outside `pg_catalog`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// An operator class other than the default, e.g. `text_pattern_ops`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexTarget {
    Column(String),
    Expression(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    First,
    Last,
}

/// A FOREIGN KEY constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub references: QualifiedName,
    pub referenced_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "FkAction::is_no_action")]
    pub on_delete: FkAction,
    /// The columns `ON DELETE SET NULL` / `SET DEFAULT` writes to when not all of
    /// [`ForeignKey::columns`] (`ON DELETE SET NULL (author_id)`), in the order
    /// given; empty means all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_delete_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "FkAction::is_no_action")]
    pub on_update: FkAction,
    #[serde(default, skip_serializing_if = "Deferrable::is_not_deferrable")]
    pub deferrable: Deferrable,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    #[default]
    NotDeferrable,
    InitiallyImmediate,
    InitiallyDeferred,
}

/// A named CHECK constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub name: String,
    pub expression: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl SortOrder {
    fn is_asc(&self) -> bool {
        *self == SortOrder::Asc
    }
}

impl FkAction {
    fn is_no_action(&self) -> bool {
        *self == FkAction::NoAction
    }

    /// The SQL words, e.g. `SET NULL`.
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

impl Deferrable {
    fn is_not_deferrable(&self) -> bool {
        *self == Deferrable::NotDeferrable
    }
}

impl QualifiedName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            schema: schema.into(),
            name: name.into(),
        }
    }
}

/// Renders as a quoted SQL identifier pair: `"auth"."sessions"`.
impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}",
            quote_ident(&self.schema),
            quote_ident(&self.name)
        )
    }
}

/// Quotes an SQL identifier, doubling embedded quotes: `a"b` becomes `"a""b"`.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes an SQL string literal, doubling embedded quotes: `it's` becomes `'it''s'`.
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Whether the column's default takes the next value of a sequence, as a
/// `serial` column's does (`nextval('public.t_id_seq'::regclass)`).
pub fn draws_from_sequence(c: &Column) -> bool {
    c.default
        .as_deref()
        .is_some_and(|d| d.trim_start().starts_with("nextval("))
}

impl Column {
    /// A NOT NULL column of `ty` with nothing else set.
    pub fn new(name: impl Into<String>, ty: SqlType) -> Column {
        Column {
            name: name.into(),
            ty,
            nullable: false,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
            renamed_from: vec![],
        }
    }
}

impl IndexKey {
    /// An ascending key on a column, default nulls order and operator class.
    pub fn column(name: impl Into<String>) -> IndexKey {
        IndexKey::on(IndexTarget::Column(name.into()))
    }

    /// An ascending key on `target`, default nulls order and operator class.
    pub fn on(target: IndexTarget) -> IndexKey {
        IndexKey {
            target,
            order: SortOrder::Asc,
            nulls: None,
            collation: None,
            opclass: None,
        }
    }
}

impl Table {
    /// A table with these columns and nothing else: no keys, indexes,
    /// constraints, comment or rename hints.
    pub fn new(schema: impl Into<String>, name: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            schema: schema.into(),
            name: name.into(),
            columns,
            primary_key: None,
            uniques: vec![],
            indexes: vec![],
            foreign_keys: vec![],
            checks: vec![],
            exclusions: vec![],
            comment: None,
            renamed_from: vec![],
            row_security: RowSecurity::default(),
            policies: vec![],
            triggers: vec![],
            grants: vec![],
            partition_by: None,
            partitions: vec![],
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

impl EnumType {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

impl Schema {
    /// An empty schema: the starting point of a fresh database.
    pub fn empty() -> Self {
        Schema::default()
    }

    pub fn table(&self, schema: &str, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.schema == schema && t.name == name)
    }

    pub fn enum_type(&self, schema: &str, name: &str) -> Option<&EnumType> {
        self.enums
            .iter()
            .find(|e| e.schema == schema && e.name == name)
    }

    /// Every namespace the schema uses: those listed and those its tables and
    /// enums live in, `public` included, sorted.
    pub fn namespaces(&self) -> Vec<String> {
        let mut all: Vec<String> = self.schemas.clone();
        all.extend(self.tables.iter().map(|t| t.schema.clone()));
        all.extend(self.enums.iter().map(|e| e.schema.clone()));
        all.extend(self.views.iter().map(|v| v.schema.clone()));
        all.extend(self.functions.iter().map(|f| f.schema.clone()));
        all.extend(self.domains.iter().map(|d| d.schema.clone()));
        all.extend(self.sequences.iter().map(|q| q.schema.clone()));
        all.sort();
        all.dedup();
        all
    }

    /// Whether the schema declares any table or enum in `namespace`.
    pub fn declares_in(&self, namespace: &str) -> bool {
        self.tables.iter().any(|t| t.schema == namespace)
            || self.enums.iter().any(|e| e.schema == namespace)
            || self.views.iter().any(|v| v.schema == namespace)
            || self.functions.iter().any(|f| f.schema == namespace)
            || self.domains.iter().any(|d| d.schema == namespace)
            || self.sequences.iter().any(|q| q.schema == namespace)
    }

    pub fn sequence(&self, schema: &str, name: &str) -> Option<&Sequence> {
        self.sequences
            .iter()
            .find(|q| q.schema == schema && q.name == name)
    }

    pub fn domain(&self, schema: &str, name: &str) -> Option<&Domain> {
        self.domains
            .iter()
            .find(|d| d.schema == schema && d.name == name)
    }

    pub fn view(&self, schema: &str, name: &str) -> Option<&View> {
        self.views
            .iter()
            .find(|v| v.schema == schema && v.name == name)
    }

    /// The function of this name and identity arguments.
    pub fn function(&self, schema: &str, name: &str, identity: &str) -> Option<&Function> {
        self.functions
            .iter()
            .find(|f| f.schema == schema && f.name == name && f.identity == identity)
    }

    /// Sorts every name-keyed collection and lists every namespace in use, so that
    /// equal schemas compare and serialise equal. Column order is kept.
    pub fn normalize(&mut self) {
        for t in &self.tables {
            self.schemas.push(t.schema.clone());
        }
        for e in &self.enums {
            self.schemas.push(e.schema.clone());
        }
        for v in &self.views {
            self.schemas.push(v.schema.clone());
        }
        for f in &self.functions {
            self.schemas.push(f.schema.clone());
        }
        for d in &self.domains {
            self.schemas.push(d.schema.clone());
        }
        for q in &mut self.sequences {
            self.schemas.push(q.schema.clone());
            q.normalize();
        }
        // A namespace granted on is one the schema holds.
        for g in &self.namespace_grants {
            self.schemas.push(g.namespace.clone());
        }
        self.sequences
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        self.domains
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for d in &mut self.domains {
            d.checks.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self.schemas.sort();
        self.schemas.dedup();
        self.enums
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        self.tables
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.extensions.dedup_by(|a, b| a.name == b.name);
        self.views
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        self.functions.sort_by(|a, b| {
            (&a.schema, &a.name, &a.identity).cmp(&(&b.schema, &b.name, &b.identity))
        });
        self.namespace_grants.sort();
        self.namespace_grants.dedup();
        for grants in self.grant_lists_mut() {
            grants.sort();
            grants.dedup();
        }
        for v in &mut self.views {
            v.depends_on.sort();
            v.depends_on.dedup();
            v.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for t in &mut self.tables {
            t.partitions.sort();
            t.policies.sort_by(|a, b| a.name.cmp(&b.name));
            t.triggers.sort_by(|a, b| a.name.cmp(&b.name));
            for p in &mut t.policies {
                p.roles.sort();
            }
            t.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            t.checks.sort_by(|a, b| a.name.cmp(&b.name));
            t.exclusions.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }

    /// The extension named so, if the schema has it.
    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.name == name)
    }

    /// Only the extensions `other` names: the ones under management when `other`
    /// is what the code declares.
    pub fn keeping_extensions_of(mut self, other: &Schema) -> Schema {
        self.extensions
            .retain(|e| other.extension(&e.name).is_some());
        self
    }

    /// Only the grants to roles that `code` grants something to: privileges of
    /// other roles are not the code's to revoke. (Whether every role may call
    /// a function is part of the function, and stays.)
    pub fn keeping_grants_of(mut self, code: &Schema) -> Schema {
        let roles: std::collections::BTreeSet<&str> =
            code.grants().map(|(_, g)| g.role.as_str()).collect();
        for grants in self.grant_lists_mut() {
            grants.retain(|g| roles.contains(g.role.as_str()));
        }
        self.namespace_grants
            .retain(|g| roles.contains(g.grant.role.as_str()));
        self
    }

    /// Every grant of the schema, with what it is on, for people
    /// (`table public.users`, `function public.f()`, `schema auth`); the
    /// words are made only for objects that have grants.
    pub fn grants(&self) -> impl Iterator<Item = (String, &Grant)> {
        let q = |n: QualifiedName| format!("{}.{}", n.schema, n.name);
        fn on(what: String, grants: &[Grant]) -> impl Iterator<Item = (String, &Grant)> {
            grants.iter().map(move |g| (what.clone(), g))
        }
        let tables = self
            .tables
            .iter()
            .filter(|t| !t.grants.is_empty())
            .flat_map(move |t| on(format!("table {}", q(t.qualified_name())), &t.grants));
        let views = self
            .views
            .iter()
            .filter(|v| !v.grants.is_empty())
            .flat_map(move |v| on(format!("view {}", q(v.qualified_name())), &v.grants));
        let sequences = self
            .sequences
            .iter()
            .filter(|s| !s.grants.is_empty())
            .flat_map(move |s| on(format!("sequence {}", q(s.qualified_name())), &s.grants));
        let functions = self
            .functions
            .iter()
            .filter(|f| !f.grants.is_empty())
            .flat_map(move |f| on(format!("function {}", f.signature()), &f.grants));
        let namespaces = self
            .namespace_grants
            .iter()
            .map(|g| (format!("schema {}", g.namespace), &g.grant));
        tables
            .chain(views)
            .chain(sequences)
            .chain(functions)
            .chain(namespaces)
    }

    /// The grant list of every table, view, sequence and function (a
    /// namespace's grants are in [`Schema::namespace_grants`]).
    pub(crate) fn grant_lists_mut(&mut self) -> impl Iterator<Item = &mut Vec<Grant>> {
        let tables = self.tables.iter_mut().map(|t| &mut t.grants);
        let views = self.views.iter_mut().map(|v| &mut v.grants);
        let sequences = self.sequences.iter_mut().map(|q| &mut q.grants);
        let functions = self.functions.iter_mut().map(|f| &mut f.grants);
        tables.chain(views).chain(sequences).chain(functions)
    }

    /// The same schema without one table (for example the migrations journal,
    /// which the database holds but the code does not declare).
    pub fn without_table(mut self, schema: &str, name: &str) -> Schema {
        self.tables
            .retain(|t| !(t.schema == schema && t.name == name));
        self.sequences.retain(|q| {
            q.owned_by
                .as_ref()
                .is_none_or(|o| !(o.table.schema == schema && o.table.name == name))
        });
        self
    }

    /// The same schema with every declared-rename hint removed: what a database
    /// holding it would introspect as.
    pub fn without_hints(&self) -> Schema {
        let mut s = self.clone();
        for e in &mut s.enums {
            e.renamed_from.clear();
            e.renamed_values.clear();
        }
        for t in &mut s.tables {
            t.renamed_from.clear();
            for c in &mut t.columns {
                c.renamed_from.clear();
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(schema: &str, name: &str) -> Table {
        Table::new(schema, name, vec![])
    }

    #[test]
    fn normalize_orders_tables_and_lists_namespaces() {
        let mut s = Schema {
            tables: vec![
                table("public", "b"),
                table("auth", "z"),
                table("public", "a"),
            ],
            ..Schema::default()
        };
        s.normalize();
        let names: Vec<_> = s
            .tables
            .iter()
            .map(|t| format!("{}.{}", t.schema, t.name))
            .collect();
        assert_eq!(names, ["auth.z", "public.a", "public.b"]);
        assert_eq!(s.schemas, ["auth", "public"]);
    }

    #[test]
    fn identifiers_and_literals_are_quoted() {
        assert_eq!(
            QualifiedName::new("a\"b", "t").to_string(),
            "\"a\"\"b\".\"t\""
        );
        assert_eq!(quote_literal("it's"), "'it''s'");
    }

    #[test]
    fn snapshots_without_key_collations_or_delete_column_lists_still_load() {
        let json = r#"{"tables": [{"schema": "public", "name": "t", "columns": [],
            "indexes": [{"name": "i", "method": "btree", "keys": [{"target": {"column": "a"}}]}],
            "foreign_keys": [{"name": "f", "columns": ["a"], "references": {"schema": "public", "name": "p"},
                              "referenced_columns": ["id"], "on_delete": "set_null"}]}]}"#;
        let s: Schema = serde_json::from_str(json).unwrap();
        let t = &s.tables[0];
        assert_eq!(t.indexes[0].keys[0].collation, None);
        assert!(t.foreign_keys[0].on_delete_columns.is_empty());
        let out = serde_json::to_string(&s).unwrap();
        assert!(
            !out.contains("collation") && !out.contains("on_delete_columns"),
            "{out}"
        );
    }

    #[test]
    fn snapshot_json_round_trips_and_omits_empty_parts() {
        let mut s = Schema {
            tables: vec![table("public", "t")],
            ..Schema::default()
        };
        s.normalize();
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("uniques"), "{json}");
        let back: Schema = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}

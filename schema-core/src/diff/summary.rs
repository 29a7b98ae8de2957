//! One line per change for people: `+ table public.posts (6 columns, 2 indexes)`,
//! `~ column public.posts.title: text → character varying(200)`, `- index ...`.

use super::{Change, CommentTarget};
use crate::model::{Column, QualifiedName};

/// Whether a change adds, removes or alters something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    Add,
    Remove,
    Alter,
}

impl Sign {
    /// `+`, `-` or `~`.
    pub fn symbol(self) -> char {
        match self {
            Sign::Add => '+',
            Sign::Remove => '-',
            Sign::Alter => '~',
        }
    }
}

fn q(name: &QualifiedName) -> String {
    format!("{}.{}", name.schema, name.name)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl Change {
    /// Whether it adds, removes or alters, and what, in a few words (without
    /// the sign): `table public.posts (6 columns, 2 indexes)`.
    pub fn summary(&self) -> (Sign, String) {
        use Sign::*;
        match self {
            Change::CreateSchema { name } => (Add, format!("schema {name}")),
            Change::DropSchema { name } => (Remove, format!("schema {name}")),
            Change::CreateExtension(e) => (Add, format!("extension {}", e.name)),
            Change::DropExtension(e) => (Remove, format!("extension {}", e.name)),
            Change::AlterExtension { from, to } => {
                let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
                let mut parts = Vec::new();
                if to.version.is_some() && to.version != from.version {
                    parts.push(format!("{} → {}", shown(&from.version), shown(&to.version)));
                }
                if to.schema.is_some() && to.schema != from.schema {
                    parts.push(format!(
                        "schema {} → {}",
                        shown(&from.schema),
                        shown(&to.schema)
                    ));
                }
                (
                    Alter,
                    format!("extension {}: {}", to.name, parts.join("; ")),
                )
            }
            Change::CreateEnum(e) => (
                Add,
                format!(
                    "enum {} ({})",
                    q(&e.qualified_name()),
                    plural(e.values.len(), "value", "values")
                ),
            ),
            Change::DropEnum(e) => (Remove, format!("enum {}", q(&e.qualified_name()))),
            Change::RenameEnum { from, to } => (Alter, format!("enum {} → {to}", q(from))),
            Change::AddEnumValue {
                enum_name, value, ..
            } => (Add, format!("enum value {} '{value}'", q(enum_name))),
            Change::RenameEnumValue {
                enum_name,
                from,
                to,
            } => (
                Alter,
                format!("enum value {} '{from}' → '{to}'", q(enum_name)),
            ),
            Change::RecreateEnum { from, to, .. } => (
                Alter,
                format!(
                    "enum {}: {} → {} (recreated)",
                    q(&to.qualified_name()),
                    from.values.join(", "),
                    to.values.join(", ")
                ),
            ),
            Change::CreateTable(t) => {
                let mut parts = vec![plural(t.columns.len(), "column", "columns")];
                if !t.indexes.is_empty() {
                    parts.push(plural(t.indexes.len(), "index", "indexes"));
                }
                if !t.foreign_keys.is_empty() {
                    parts.push(plural(t.foreign_keys.len(), "foreign key", "foreign keys"));
                }
                (
                    Add,
                    format!("table {} ({})", q(&t.qualified_name()), parts.join(", ")),
                )
            }
            Change::DropTable(t) => (Remove, format!("table {}", q(&t.qualified_name()))),
            Change::RenameTable { from, to } => (Alter, format!("table {} → {to}", q(from))),
            Change::AddColumn { table, column } => (
                Add,
                format!(
                    "column {}.{}: {}",
                    q(table),
                    column.name,
                    column_type(column)
                ),
            ),
            Change::DropColumn { table, column } => {
                (Remove, format!("column {}.{}", q(table), column.name))
            }
            Change::RenameColumn { table, from, to } => {
                (Alter, format!("column {}.{from} → {to}", q(table)))
            }
            Change::RenameIdentitySequence { table, column, to } => (
                Alter,
                format!("identity sequence of {}.{column} → {to}", q(table)),
            ),
            Change::AlterColumn { table, from, to } => (
                Alter,
                format!(
                    "column {}.{}: {}",
                    q(table),
                    to.name,
                    column_changes(from, to)
                ),
            ),
            Change::AddPrimaryKey { table, key } => (
                Add,
                format!("primary key {} ({})", q(table), key.columns.join(", ")),
            ),
            Change::DropPrimaryKey { table, key } => (
                Remove,
                format!("primary key {} ({})", q(table), key.columns.join(", ")),
            ),
            Change::AddUnique { table, unique } => (
                Add,
                format!(
                    "unique {}.{} ({})",
                    q(table),
                    unique.name,
                    unique.columns.join(", ")
                ),
            ),
            Change::DropUnique { table, unique } => {
                (Remove, format!("unique {}.{}", q(table), unique.name))
            }
            Change::AddCheck { table, check } => (
                Add,
                format!("check {}.{}: {}", q(table), check.name, check.expression),
            ),
            Change::DropCheck { table, check } => {
                (Remove, format!("check {}.{}", q(table), check.name))
            }
            Change::AddForeignKey { table, foreign_key } => (
                Add,
                format!(
                    "foreign key {}.{} ({}) → {}",
                    q(table),
                    foreign_key.name,
                    foreign_key.columns.join(", "),
                    q(&foreign_key.references)
                ),
            ),
            Change::DropForeignKey { table, foreign_key } => (
                Remove,
                format!("foreign key {}.{}", q(table), foreign_key.name),
            ),
            Change::CreateIndex { table, index, .. } => (
                Add,
                format!(
                    "{}index {}.{} on {}",
                    if index.unique { "unique " } else { "" },
                    table.schema,
                    index.name,
                    q(table)
                ),
            ),
            Change::DropIndex { table, index } => (
                Remove,
                format!(
                    "index {}.{}{}",
                    table.schema,
                    index.name,
                    if index.invalid { " (invalid)" } else { "" }
                ),
            ),
            Change::CreateDomain(d) => (
                Add,
                format!("domain {} ({})", q(&d.qualified_name()), d.base),
            ),
            Change::DropDomain(d) => (Remove, format!("domain {}", q(&d.qualified_name()))),
            Change::AlterDomain { to, .. } => {
                (Alter, format!("domain {}", q(&to.qualified_name())))
            }
            Change::RecreateDomain { from, to, .. } => (
                Alter,
                format!(
                    "domain {}: {} → {} (recreated)",
                    q(&to.qualified_name()),
                    from.base,
                    to.base
                ),
            ),
            Change::CreatePartition { table, partition } => (
                Add,
                format!(
                    "partition {} of {} ({})",
                    q(&partition.qualified_name()),
                    q(table),
                    partition.bound
                ),
            ),
            Change::DropPartition { table, partition } => (
                Remove,
                format!(
                    "partition {} of {}",
                    q(&partition.qualified_name()),
                    q(table)
                ),
            ),
            Change::RebindPartition { table, to, .. } => (
                Alter,
                format!(
                    "partition {} of {}: {}",
                    q(&to.qualified_name()),
                    q(table),
                    to.bound
                ),
            ),
            Change::CreateSequence(s) => (Add, format!("sequence {}", q(&s.qualified_name()))),
            Change::AlterSequence { to, .. } => {
                (Alter, format!("sequence {}", q(&to.qualified_name())))
            }
            Change::DropSequence(s) => (Remove, format!("sequence {}", q(&s.qualified_name()))),
            Change::CreateView(v) => (Add, format!("{} {}", v.kind(), q(&v.qualified_name()))),
            Change::DropView(v) => (Remove, format!("{} {}", v.kind(), q(&v.qualified_name()))),
            Change::CreateFunction(f) => (Add, format!("function {}", f.signature())),
            Change::ReplaceFunction { to, .. } => {
                (Alter, format!("function {} (replaced)", to.signature()))
            }
            Change::DropFunction(f) => (Remove, format!("function {}", f.signature())),
            Change::CreateTrigger { table, trigger } => {
                (Add, format!("trigger {} on {}", trigger.name, q(table)))
            }
            Change::DropTrigger { table, trigger } => {
                (Remove, format!("trigger {} on {}", trigger.name, q(table)))
            }
            Change::CreatePolicy { table, policy } => (
                Add,
                format!(
                    "policy {} on {} (for {})",
                    policy.name,
                    q(table),
                    policy.command.sql().to_lowercase()
                ),
            ),
            Change::AddExclusion { table, exclusion } => (
                Add,
                format!(
                    "exclusion {}.{}: {}",
                    q(table),
                    exclusion.name,
                    exclusion.definition
                ),
            ),
            Change::DropExclusion { table, exclusion } => {
                (Remove, format!("exclusion {}.{}", q(table), exclusion.name))
            }
            Change::DropPolicy { table, policy } => {
                (Remove, format!("policy {} on {}", policy.name, q(table)))
            }
            Change::SetRowSecurity { table, to, .. } => {
                let state = match (to.enabled, to.forced) {
                    (false, false) => "off",
                    (true, false) => "on",
                    (true, true) => "on, forced",
                    (false, true) => "off (forced once enabled)",
                };
                (
                    Alter,
                    format!("row level security on {}: {state}", q(table)),
                )
            }
            Change::Grant { on, grant } => (
                Add,
                format!(
                    "grant {} on {} to {}",
                    privilege(grant),
                    grant_target(on),
                    grant.role
                ),
            ),
            Change::Revoke { on, grant } => (
                Remove,
                format!(
                    "grant {} on {} to {}",
                    privilege(grant),
                    grant_target(on),
                    grant.role
                ),
            ),
            Change::SetPublicExecute { function, to } => (
                Alter,
                format!(
                    "{} for PUBLIC on {}",
                    if *to { "EXECUTE" } else { "no EXECUTE" },
                    grant_target(function)
                ),
            ),
            Change::SetComment { target, comment } => {
                let on = match target {
                    CommentTarget::View { name, materialized } => format!(
                        "{} {}",
                        if *materialized {
                            "materialized view"
                        } else {
                            "view"
                        },
                        q(name)
                    ),
                    CommentTarget::Domain(name) => format!("domain {}", q(name)),
                    CommentTarget::Sequence(name) => format!("sequence {}", q(name)),
                    CommentTarget::Function { name, identity } => {
                        format!("function {}({identity})", q(name))
                    }
                    CommentTarget::Table(t) => format!("table {}", q(t)),
                    CommentTarget::Column { table, column } => {
                        format!("column {}.{column}", q(table))
                    }
                    CommentTarget::Enum(e) => format!("enum {}", q(e)),
                    CommentTarget::Index { schema, name } => format!("index {schema}.{name}"),
                };
                let what = if comment.is_some() {
                    "comment on"
                } else {
                    "no comment on"
                };
                (Alter, format!("{what} {on}"))
            }
        }
    }
}

/// `text`, `text NOT NULL`.
fn column_type(c: &Column) -> String {
    if c.nullable {
        c.ty.to_string()
    } else {
        format!("{} NOT NULL", c.ty)
    }
}

/// What an ALTER COLUMN changes: `text → character varying(200)`, `NOT NULL`,
/// `default now()`.
fn column_changes(from: &Column, to: &Column) -> String {
    let mut parts = Vec::new();
    if from.ty != to.ty {
        parts.push(format!("{} → {}", from.ty, to.ty));
    }
    if from.collation != to.collation {
        let shown = |c: &Option<String>| c.clone().unwrap_or_else(|| "default".into());
        parts.push(format!(
            "collation {} → {}",
            shown(&from.collation),
            shown(&to.collation)
        ));
    }
    if from.nullable != to.nullable {
        parts.push(
            if to.nullable {
                "NULL allowed"
            } else {
                "NOT NULL"
            }
            .to_string(),
        );
    }
    if from.default != to.default {
        parts.push(match &to.default {
            Some(d) => format!("default {d}"),
            None => "no default".to_string(),
        });
    }
    if from.identity != to.identity {
        parts.push(if to.identity.is_some() {
            "identity".to_string()
        } else {
            "no identity".to_string()
        });
    }
    if from.generated != to.generated {
        parts.push(match &to.generated {
            Some(e) => format!("generated as {e}"),
            None => "not generated".to_string(),
        });
    }
    if parts.is_empty() {
        "changed".to_string()
    } else {
        parts.join("; ")
    }
}

/// `SELECT (email)`: for people.
fn privilege(g: &crate::model::Grant) -> String {
    let option = if g.grantable {
        " with grant option"
    } else {
        ""
    };
    match &g.column {
        Some(c) => format!("{} ({c}){option}", g.privilege),
        None => format!("{}{option}", g.privilege),
    }
}

/// `table public.users`: for people.
fn grant_target(on: &super::GrantTarget) -> String {
    use super::GrantTarget::*;
    let q = |n: &crate::model::QualifiedName| format!("{}.{}", n.schema, n.name);
    match on {
        Table(t) => format!("table {}", q(t)),
        Sequence(s) => format!("sequence {}", q(s)),
        Function { name, identity } => format!("function {}({identity})", q(name)),
        Namespace { name } => format!("schema {name}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::tests::{col, table};
    use crate::diff::Change;
    use crate::model::QualifiedName;

    #[test]
    fn summaries_say_what_changes_in_a_few_words() {
        let mut t = table(
            "public",
            "posts",
            vec![col("id", "int8"), col("title", "text")],
        );
        t.indexes.clear();
        let (sign, text) = Change::CreateTable(t).summary();
        assert_eq!(
            (sign.symbol(), text.as_str()),
            ('+', "table public.posts (2 columns)")
        );
        let (sign, text) = Change::AlterColumn {
            table: QualifiedName::new("public", "posts"),
            from: col("title", "text"),
            to: col("title", "varchar(200)"),
        }
        .summary();
        assert_eq!(
            (sign.symbol(), text.as_str()),
            (
                '~',
                "column public.posts.title: text → character varying(200)"
            )
        );
    }
}

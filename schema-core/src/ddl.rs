//! One function per kind of DDL statement: model values in, SQL text out.
//!
//! Statements go through sea-query where it can say them (CREATE/DROP TABLE, ADD/DROP
//! COLUMN, DROP INDEX, foreign keys, CREATE/ALTER/DROP TYPE); the rest is written here
//! with [`quote_ident`] and [`quote_literal`] (schemas, comments, identity, index
//! options sea-query lacks, column alterations). Every identifier is quoted, every
//! column type is spelled by [`SqlType`]'s `Display`. No statement ends in `;`: the
//! plan adds terminators when it writes a script.

mod objects;

pub use objects::*;

use sea_query::extension::postgres::Type;
use sea_query::{
    Alias, ColumnDef, ColumnType, Expr, ForeignKey, ForeignKeyAction, Index, PostgresQueryBuilder,
    Table,
};

use crate::model::{
    quote_ident, quote_literal, Check, Column, Deferrable, EnumType, Extension, FkAction,
    ForeignKey as Fk, Identity, IdentityKind, Index as IndexDef, IndexTarget, NullsOrder,
    PrimaryKey, QualifiedName, SortOrder, Table as TableDef, Unique,
};
use crate::types::SqlType;

/// An identifier sea-query quotes itself (it doubles embedded quotes).
fn iden(name: &str) -> Alias {
    Alias::new(name)
}

/// A schema-qualified table reference for sea-query.
fn table_ref(q: &QualifiedName) -> (Alias, Alias) {
    (iden(&q.schema), iden(&q.name))
}

/// sea-query writes constraint and index names between quotes without escaping
/// them; pre-escaping keeps a name holding `"` a single identifier.
fn raw_name(name: &str) -> String {
    name.replace('"', "\"\"")
}

/// `"schema"."name"` for an object living in a schema (index, type).
fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", quote_ident(schema), quote_ident(name))
}

/// The column's type with its collation, as written after the column name.
fn type_with_collation(ty: &SqlType, collation: Option<&str>) -> String {
    match collation {
        Some(c) => format!("{ty} {}", collate(c)),
        None => ty.to_string(),
    }
}

/// `COLLATE "C"`. A collation outside `pg_catalog` arrives quoted and qualified
/// (`"public"."x"`) and is written as it is.
fn collate(collation: &str) -> String {
    if collation.starts_with('"') {
        format!("COLLATE {collation}")
    } else {
        format!("COLLATE {}", quote_ident(collation))
    }
}

/// `CREATE SCHEMA "name"`.
pub fn create_schema(name: &str) -> String {
    format!("CREATE SCHEMA {}", quote_ident(name))
}

/// `DROP SCHEMA "name"` (RESTRICT: it fails rather than drop objects we do not manage).
pub fn drop_schema(name: &str) -> String {
    format!("DROP SCHEMA {}", quote_ident(name))
}

/// `CREATE EXTENSION IF NOT EXISTS "name" [WITH SCHEMA "s"] [VERSION 'v']`
/// (`IF NOT EXISTS`: an extension is the database's, and may be there already).
pub fn create_extension(e: &Extension) -> String {
    let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", quote_ident(&e.name));
    if let Some(schema) = &e.schema {
        sql.push_str(&format!(" WITH SCHEMA {}", quote_ident(schema)));
    }
    if let Some(version) = &e.version {
        sql.push_str(&format!(" VERSION {}", quote_literal(version)));
    }
    sql
}

/// `DROP EXTENSION "name"` (RESTRICT: it fails while objects outside it use it).
pub fn drop_extension(name: &str) -> String {
    format!("DROP EXTENSION {}", quote_ident(name))
}

/// `ALTER EXTENSION "name" UPDATE TO 'version'`.
pub fn update_extension(name: &str, version: &str) -> String {
    format!(
        "ALTER EXTENSION {} UPDATE TO {}",
        quote_ident(name),
        quote_literal(version)
    )
}

/// `ALTER EXTENSION "name" SET SCHEMA "schema"`.
pub fn extension_schema(name: &str, schema: &str) -> String {
    format!(
        "ALTER EXTENSION {} SET SCHEMA {}",
        quote_ident(name),
        quote_ident(schema)
    )
}

/// `CREATE TYPE "s"."e" AS ENUM ('a', 'b')`.
pub fn create_enum(e: &EnumType) -> String {
    create_enum_named(&e.qualified_name(), &e.values)
}

/// `CREATE TYPE ... AS ENUM` under a given name (used when an enum is recreated).
pub fn create_enum_named(name: &QualifiedName, values: &[String]) -> String {
    Type::create()
        .as_enum((iden(&name.schema), iden(&name.name)))
        .values(values.iter().map(|v| iden(v)))
        .to_string(PostgresQueryBuilder)
}

/// `DROP TYPE "s"."e"`.
pub fn drop_enum(name: &QualifiedName) -> String {
    Type::drop()
        .name((iden(&name.schema), iden(&name.name)))
        .to_string(PostgresQueryBuilder)
}

/// `ALTER TYPE "s"."e" RENAME TO "new"`.
pub fn rename_enum(name: &QualifiedName, new_name: &str) -> String {
    format!("ALTER TYPE {name} RENAME TO {}", quote_ident(new_name))
}

/// Where a new enum value goes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumValuePosition {
    /// At the end of the list.
    Last,
    Before(String),
    After(String),
}

/// `ALTER TYPE "s"."e" ADD VALUE 'v' [BEFORE 'x' | AFTER 'x']`.
pub fn add_enum_value(name: &QualifiedName, value: &str, position: &EnumValuePosition) -> String {
    let add = Type::alter()
        .name((iden(&name.schema), iden(&name.name)))
        .add_value(iden(value));
    let add = match position {
        EnumValuePosition::Last => add,
        EnumValuePosition::Before(v) => add.before(iden(v)),
        EnumValuePosition::After(v) => add.after(iden(v)),
    };
    add.to_string(PostgresQueryBuilder)
}

/// `ALTER TYPE "s"."e" RENAME VALUE 'old' TO 'new'`.
pub fn rename_enum_value(name: &QualifiedName, from: &str, to: &str) -> String {
    format!(
        "ALTER TYPE {name} RENAME VALUE {} TO {}",
        quote_literal(from),
        quote_literal(to)
    )
}

/// One column definition for sea-query: type (with collation), nullability,
/// default, generated expression, identity.
fn column_def(c: &Column) -> ColumnDef {
    let ty = type_with_collation(&c.ty, c.collation.as_deref());
    let mut def = ColumnDef::new_with_type(iden(&c.name), ColumnType::custom(ty));
    if !c.nullable {
        def.not_null();
    }
    if let Some(default) = &c.default {
        def.default(Expr::cust(default.clone()));
    }
    if let Some(expr) = &c.generated {
        def.generated(Expr::cust(expr.clone()), true);
    }
    if let Some(identity) = &c.identity {
        def.extra(identity_clause(identity));
    }
    def
}

/// `GENERATED ALWAYS AS IDENTITY [(START WITH 1 ...)]`.
pub fn identity_clause(identity: &Identity) -> String {
    let kind = match identity.kind {
        IdentityKind::Always => "ALWAYS",
        IdentityKind::ByDefault => "BY DEFAULT",
    };
    let options = identity_options(identity);
    if options.is_empty() {
        format!("GENERATED {kind} AS IDENTITY")
    } else {
        format!("GENERATED {kind} AS IDENTITY ({})", options.join(" "))
    }
}

/// The sequence options an identity declares, in CREATE SEQUENCE spelling.
fn identity_options(identity: &Identity) -> Vec<String> {
    let mut out = Vec::new();
    let opt = |out: &mut Vec<String>, words: &str, v: Option<i64>| {
        if let Some(v) = v {
            out.push(format!("{words} {v}"));
        }
    };
    opt(&mut out, "START WITH", identity.start);
    opt(&mut out, "INCREMENT BY", identity.increment);
    opt(&mut out, "MINVALUE", identity.min_value);
    opt(&mut out, "MAXVALUE", identity.max_value);
    opt(&mut out, "CACHE", identity.cache);
    if identity.cycle {
        out.push("CYCLE".into());
    }
    out
}

/// `CREATE TABLE` with columns, primary key, unique constraints and checks inline.
/// Foreign keys and indexes are separate statements.
pub fn create_table(t: &TableDef) -> String {
    let mut create = Table::create();
    create.table(table_ref(&t.qualified_name()));
    for c in &t.columns {
        create.col(column_def(c));
    }
    if let Some(pk) = &t.primary_key {
        let mut index = Index::create();
        index.name(raw_name(&pk.name));
        for col in &pk.columns {
            index.col(iden(col));
        }
        create.primary_key(&mut index);
    }
    for u in &t.uniques {
        let mut index = Index::create();
        index.name(raw_name(&u.name)).unique();
        if u.nulls_not_distinct {
            index.nulls_not_distinct();
        }
        for col in &u.columns {
            index.col(iden(col));
        }
        create.index(&mut index);
    }
    for c in &t.checks {
        create.check((iden(&c.name), Expr::cust(c.expression.clone())));
    }
    let sql = create.to_string(PostgresQueryBuilder);
    // sea-query leaves out the parentheses of a table without columns.
    let empty = t.columns.is_empty() && t.primary_key.is_none() && t.uniques.is_empty();
    let sql = if empty && t.checks.is_empty() {
        format!("{sql} ( )")
    } else {
        sql
    };
    match &t.partition_by {
        Some(key) => format!("{sql} PARTITION BY {key}"),
        None => sql,
    }
}

/// `CREATE TABLE "s"."p" PARTITION OF "s"."t" FOR VALUES ...`.
pub fn create_partition(table: &QualifiedName, p: &crate::model::Partition) -> String {
    format!(
        "CREATE TABLE {} PARTITION OF {table} {}",
        p.qualified_name(),
        p.bound
    )
}

/// `ALTER TABLE "s"."t" DETACH PARTITION "s"."p"`.
pub fn detach_partition(table: &QualifiedName, p: &QualifiedName) -> String {
    format!("ALTER TABLE {table} DETACH PARTITION {p}")
}

/// `ALTER TABLE "s"."t" ATTACH PARTITION "s"."p" FOR VALUES ...`.
pub fn attach_partition(table: &QualifiedName, p: &crate::model::Partition) -> String {
    format!(
        "ALTER TABLE {table} ATTACH PARTITION {} {}",
        p.qualified_name(),
        p.bound
    )
}

/// `DROP TABLE "s"."t"`.
pub fn drop_table(name: &QualifiedName) -> String {
    Table::drop()
        .table(table_ref(name))
        .to_string(PostgresQueryBuilder)
}

/// `ALTER TABLE "s"."t" RENAME TO "new"` (the new name is unqualified in Postgres).
pub fn rename_table(name: &QualifiedName, new_name: &str) -> String {
    format!("ALTER TABLE {name} RENAME TO {}", quote_ident(new_name))
}

/// `ALTER TABLE ... ADD COLUMN` with the full column definition.
pub fn add_column(table: &QualifiedName, c: &Column) -> String {
    Table::alter()
        .table(table_ref(table))
        .add_column(column_def(c))
        .to_string(PostgresQueryBuilder)
}

/// `ALTER TABLE ... DROP COLUMN`.
pub fn drop_column(table: &QualifiedName, column: &str) -> String {
    Table::alter()
        .table(table_ref(table))
        .drop_column(iden(column))
        .to_string(PostgresQueryBuilder)
}

/// `ALTER TABLE ... RENAME COLUMN "a" TO "b"`.
pub fn rename_column(table: &QualifiedName, from: &str, to: &str) -> String {
    Table::alter()
        .table(table_ref(table))
        .rename_column(iden(from), iden(to))
        .to_string(PostgresQueryBuilder)
}

/// `ALTER TABLE "s"."t" ALTER COLUMN "c" <action>`.
fn alter_column(table: &QualifiedName, column: &str, action: &str) -> String {
    format!(
        "ALTER TABLE {table} ALTER COLUMN {} {action}",
        quote_ident(column)
    )
}

/// `ALTER COLUMN ... TYPE t [COLLATE c] [USING expr]`.
pub fn alter_column_type(
    table: &QualifiedName,
    column: &str,
    ty: &SqlType,
    collation: Option<&str>,
    using: Option<&str>,
) -> String {
    let mut action = format!("TYPE {}", type_with_collation(ty, collation));
    if let Some(using) = using {
        action.push_str(&format!(" USING {using}"));
    }
    alter_column(table, column, &action)
}

/// `ALTER COLUMN ... SET DEFAULT expr`.
pub fn set_default(table: &QualifiedName, column: &str, default: &str) -> String {
    alter_column(table, column, &format!("SET DEFAULT {default}"))
}

/// `ALTER COLUMN ... DROP DEFAULT`.
pub fn drop_default(table: &QualifiedName, column: &str) -> String {
    alter_column(table, column, "DROP DEFAULT")
}

/// `UPDATE "s"."t" SET "c" = default WHERE "c" IS NULL`: the NULLs filled with
/// the default a column is about to get, before it becomes NOT NULL.
pub fn fill_nulls(table: &QualifiedName, column: &str, default: &str) -> String {
    let c = quote_ident(column);
    format!("UPDATE {table} SET {c} = {default} WHERE {c} IS NULL")
}

/// `ALTER COLUMN ... SET NOT NULL`.
pub fn set_not_null(table: &QualifiedName, column: &str) -> String {
    alter_column(table, column, "SET NOT NULL")
}

/// `ALTER COLUMN ... DROP NOT NULL`.
pub fn drop_not_null(table: &QualifiedName, column: &str) -> String {
    alter_column(table, column, "DROP NOT NULL")
}

/// `ALTER COLUMN ... ADD GENERATED ... AS IDENTITY`.
pub fn add_identity(table: &QualifiedName, column: &str, identity: &Identity) -> String {
    alter_column(table, column, &format!("ADD {}", identity_clause(identity)))
}

/// `ALTER COLUMN ... DROP IDENTITY`.
pub fn drop_identity(table: &QualifiedName, column: &str) -> String {
    alter_column(table, column, "DROP IDENTITY")
}

/// `ALTER COLUMN ... SET GENERATED ... SET START WITH ...`: turns one identity into
/// another in place. Options the new identity leaves unset are reset to defaults.
pub fn alter_identity(
    table: &QualifiedName,
    column: &str,
    from: &Identity,
    to: &Identity,
) -> String {
    let mut actions = Vec::new();
    if from.kind != to.kind {
        actions.push(match to.kind {
            IdentityKind::Always => "SET GENERATED ALWAYS".to_string(),
            IdentityKind::ByDefault => "SET GENERATED BY DEFAULT".to_string(),
        });
    }
    let mut opt = |words: &str, unset: &str, a: Option<i64>, b: Option<i64>| {
        if a != b {
            actions.push(match b {
                Some(v) => format!("SET {words} {v}"),
                None => unset.to_string(),
            });
        }
    };
    opt("START WITH", "SET START WITH 1", from.start, to.start);
    opt(
        "INCREMENT BY",
        "SET INCREMENT BY 1",
        from.increment,
        to.increment,
    );
    opt("MINVALUE", "SET NO MINVALUE", from.min_value, to.min_value);
    opt("MAXVALUE", "SET NO MAXVALUE", from.max_value, to.max_value);
    opt("CACHE", "SET CACHE 1", from.cache, to.cache);
    if from.cycle != to.cycle {
        actions.push(
            if to.cycle {
                "SET CYCLE"
            } else {
                "SET NO CYCLE"
            }
            .to_string(),
        );
    }
    alter_column(table, column, &actions.join(" "))
}

/// Renames the sequence behind an identity column to `to`, whatever it is called
/// now, unless a relation of that name already exists in the table's schema.
/// Written as a `DO` block: only the catalog knows the sequence's current name.
pub fn rename_identity_sequence(table: &QualifiedName, column: &str, to: &str) -> String {
    let body = format!(
        "DECLARE seq pg_catalog.regclass := pg_catalog.pg_get_serial_sequence({}, {}); \
         BEGIN IF seq IS NOT NULL AND pg_catalog.to_regclass({}) IS NULL THEN \
         EXECUTE pg_catalog.format('ALTER SEQUENCE %s RENAME TO %I', seq, {}); END IF; END",
        quote_literal(&table.to_string()),
        quote_literal(column),
        quote_literal(&qualified(&table.schema, to)),
        quote_literal(to),
    );
    format!("DO {}", dollar_quote(&body))
}

/// Gets rid of the sequence a column owns (a `serial`'s): drops it, or, when a
/// default elsewhere still draws from it, leaves it standing on its own (`OWNED BY
/// NONE`). Run once the column's own default no longer names it. A `DO` block:
/// only the catalog knows the sequence.
pub fn release_owned_sequence(table: &QualifiedName, column: &str) -> String {
    let body = format!(
        "DECLARE seq pg_catalog.regclass := pg_catalog.pg_get_serial_sequence({}, {}); \
         BEGIN IF seq IS NULL THEN RETURN; END IF; \
         IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
         WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass \
         AND d.refobjid = seq AND d.deptype = 'n') THEN \
         EXECUTE pg_catalog.format('ALTER SEQUENCE %s OWNED BY NONE', seq); \
         ELSE EXECUTE pg_catalog.format('DROP SEQUENCE %s', seq); END IF; END",
        quote_literal(&table.to_string()),
        quote_literal(column),
    );
    format!("DO {}", dollar_quote(&body))
}

/// Moves the sequence of an identity just added to a column that holds values
/// past them: numbering goes on after the largest value (the smallest, for a
/// `descending` identity) unless the identity starts beyond it already. A `DO`
/// block: the values are known only when it runs.
pub fn continue_identity(table: &QualifiedName, column: &str, descending: bool) -> String {
    let (edge, step, past) = if descending {
        ("min", "- 1", "<")
    } else {
        ("max", "+ 1", ">")
    };
    let body = format!(
        "DECLARE seq pg_catalog.regclass := pg_catalog.pg_get_serial_sequence({}, {}); next bigint; \
         BEGIN SELECT pg_catalog.{edge}({})::bigint {step} INTO next FROM {table}; \
         IF next {past} (SELECT s.seqstart FROM pg_catalog.pg_sequence s WHERE s.seqrelid = seq) THEN \
         PERFORM pg_catalog.setval(seq, next, false); END IF; END",
        quote_literal(&table.to_string()),
        quote_literal(column),
        quote_ident(column),
    );
    format!("DO {}", dollar_quote(&body))
}

/// `$q$...$q$` with a tag the body does not contain.
pub(crate) fn dollar_quote(body: &str) -> String {
    let mut tag = String::from("$q$");
    while body.contains(&tag) {
        tag.insert(2, 'q');
    }
    format!("{tag}{body}{tag}")
}

/// `ALTER COLUMN ... DROP EXPRESSION`: a generated column becomes a plain one.
pub fn drop_expression(table: &QualifiedName, column: &str) -> String {
    alter_column(table, column, "DROP EXPRESSION")
}

fn column_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| quote_ident(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ALTER TABLE ... ADD CONSTRAINT "pk" PRIMARY KEY ("a", "b")`.
pub fn add_primary_key(table: &QualifiedName, pk: &PrimaryKey) -> String {
    format!(
        "ALTER TABLE {table} ADD CONSTRAINT {} PRIMARY KEY ({})",
        quote_ident(&pk.name),
        column_list(&pk.columns)
    )
}

/// `ALTER TABLE ... ADD CONSTRAINT "u" UNIQUE [NULLS NOT DISTINCT] (...)`.
pub fn add_unique(table: &QualifiedName, u: &Unique) -> String {
    let nnd = if u.nulls_not_distinct {
        " NULLS NOT DISTINCT"
    } else {
        ""
    };
    format!(
        "ALTER TABLE {table} ADD CONSTRAINT {} UNIQUE{nnd} ({})",
        quote_ident(&u.name),
        column_list(&u.columns)
    )
}

/// `ALTER TABLE ... ADD CONSTRAINT "c" CHECK (expr)`.
pub fn add_check(table: &QualifiedName, c: &Check) -> String {
    format!(
        "ALTER TABLE {table} ADD CONSTRAINT {} CHECK ({})",
        quote_ident(&c.name),
        c.expression
    )
}

/// `ALTER TABLE ... DROP CONSTRAINT "name"` (primary keys, uniques, checks, FKs).
pub fn drop_constraint(table: &QualifiedName, name: &str) -> String {
    Table::alter()
        .table(table_ref(table))
        .drop_constraint(iden(name))
        .to_string(PostgresQueryBuilder)
}

fn fk_action(a: FkAction) -> ForeignKeyAction {
    match a {
        FkAction::NoAction => ForeignKeyAction::NoAction,
        FkAction::Restrict => ForeignKeyAction::Restrict,
        FkAction::Cascade => ForeignKeyAction::Cascade,
        FkAction::SetNull => ForeignKeyAction::SetNull,
        FkAction::SetDefault => ForeignKeyAction::SetDefault,
    }
}

/// `ALTER TABLE ... ADD CONSTRAINT "fk" FOREIGN KEY (...) REFERENCES ... [ON DELETE
/// SET NULL ("a")] [DEFERRABLE ...]`.
pub fn add_foreign_key(table: &QualifiedName, fk: &Fk) -> String {
    let mut create = ForeignKey::create();
    create
        .name(raw_name(&fk.name))
        .from_tbl(table_ref(table))
        .to_tbl(table_ref(&fk.references));
    for c in &fk.columns {
        create.from_col(iden(c));
    }
    for c in &fk.referenced_columns {
        create.to_col(iden(c));
    }
    // sea-query cannot say `ON DELETE SET NULL (a)`: that one is appended below
    // (Postgres takes the two actions in either order).
    if fk.on_delete != FkAction::NoAction && fk.on_delete_columns.is_empty() {
        create.on_delete(fk_action(fk.on_delete));
    }
    if fk.on_update != FkAction::NoAction {
        create.on_update(fk_action(fk.on_update));
    }
    let mut sql = create.to_string(PostgresQueryBuilder);
    if !fk.on_delete_columns.is_empty() {
        sql.push_str(&format!(
            " ON DELETE {} ({})",
            fk.on_delete.sql(),
            column_list(&fk.on_delete_columns)
        ));
    }
    match fk.deferrable {
        Deferrable::NotDeferrable => sql,
        Deferrable::InitiallyImmediate => format!("{sql} DEFERRABLE INITIALLY IMMEDIATE"),
        Deferrable::InitiallyDeferred => format!("{sql} DEFERRABLE INITIALLY DEFERRED"),
    }
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY IF NOT EXISTS] "name" ON "s"."t" USING
/// method (keys) [INCLUDE (...)] [NULLS NOT DISTINCT] [WHERE predicate]`.
///
/// Written by hand: sea-query cannot say NULLS FIRST/LAST or a key's collation,
/// and parenthesises expressions and predicates its own way. A concurrent build
/// runs outside any transaction, so a run that stopped part-way may have finished
/// it: `IF NOT EXISTS` makes running it again harmless (an invalid leftover is
/// dropped first by whoever runs it again: push plans it, the migration runner
/// does it).
pub fn create_index(table: &QualifiedName, index: &IndexDef, concurrently: bool) -> String {
    let mut sql = String::from("CREATE ");
    if index.unique {
        sql.push_str("UNIQUE ");
    }
    sql.push_str("INDEX ");
    if concurrently {
        sql.push_str("CONCURRENTLY IF NOT EXISTS ");
    }
    let keys: Vec<String> = index.keys.iter().map(index_key).collect();
    sql.push_str(&format!(
        "{} ON {table} USING {} ({})",
        quote_ident(&index.name),
        index.method,
        keys.join(", ")
    ));
    if !index.include.is_empty() {
        sql.push_str(&format!(" INCLUDE ({})", column_list(&index.include)));
    }
    if index.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        sql.push_str(&format!(" WHERE ({predicate})"));
    }
    sql
}

fn index_key(key: &crate::model::IndexKey) -> String {
    let mut out = match &key.target {
        IndexTarget::Column(c) => quote_ident(c),
        IndexTarget::Expression(e) => format!("({e})"),
    };
    if let Some(collation) = &key.collation {
        out.push(' ');
        out.push_str(&collate(collation));
    }
    if let Some(opclass) = &key.opclass {
        out.push(' ');
        out.push_str(opclass);
    }
    if key.order == SortOrder::Desc {
        out.push_str(" DESC");
    }
    match key.nulls {
        Some(NullsOrder::First) => out.push_str(" NULLS FIRST"),
        Some(NullsOrder::Last) => out.push_str(" NULLS LAST"),
        None => {}
    }
    out
}

/// `DROP INDEX [CONCURRENTLY] "s"."name"` (written by hand: sea-query only
/// qualifies an index name through a table reference).
pub fn drop_index(schema: &str, name: &str, concurrently: bool) -> String {
    let concurrently = if concurrently { "CONCURRENTLY " } else { "" };
    format!("DROP INDEX {concurrently}{}", qualified(schema, name))
}

/// What a `COMMENT ON` statement is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentTarget {
    Table(QualifiedName),
    Column {
        table: QualifiedName,
        column: String,
    },
    Enum(QualifiedName),
    /// An index, named in its table's schema.
    Index {
        schema: String,
        name: String,
    },
    View {
        name: QualifiedName,
        materialized: bool,
    },
    Domain(QualifiedName),
    Sequence(QualifiedName),
    /// A function or procedure, by its identity arguments.
    Function {
        name: QualifiedName,
        identity: String,
    },
}

/// `COMMENT ON ... IS 'text'`, or `IS NULL` to remove a comment.
pub fn comment_on(target: &CommentTarget, comment: Option<&str>) -> String {
    let object = match target {
        CommentTarget::Table(t) => format!("TABLE {t}"),
        CommentTarget::Column { table, column } => {
            format!("COLUMN {table}.{}", quote_ident(column))
        }
        CommentTarget::Enum(e) => format!("TYPE {e}"),
        CommentTarget::Index { schema, name } => format!("INDEX {}", qualified(schema, name)),
        CommentTarget::View {
            name,
            materialized: true,
        } => format!("MATERIALIZED VIEW {name}"),
        CommentTarget::View { name, .. } => format!("VIEW {name}"),
        CommentTarget::Domain(name) => format!("DOMAIN {name}"),
        CommentTarget::Sequence(name) => format!("SEQUENCE {name}"),
        CommentTarget::Function { name, identity } => format!("ROUTINE {name}({identity})"),
    };
    let text = comment.map(quote_literal).unwrap_or_else(|| "NULL".into());
    format!("COMMENT ON {object} IS {text}")
}

#[cfg(test)]
mod tests;

//! A private CREATE script for normalising through the database.
//!
//! Temporary: this will switch to the shared DDL (`create_script` of the plan
//! module) once it lands; [`super::normalize_through_with`] already takes the
//! creation step as an argument for that. It renders only what normalisation needs
//! (namespaces, enums, tables with columns, primary keys, uniques and checks, and
//! indexes); foreign keys and comments are restored from the desired model instead
//! of being created, so a subset of tables can be normalised on its own.

use crate::model::{
    quote_ident, quote_literal, Column, EnumType, Identity, IdentityKind, Index, IndexKey,
    IndexTarget, NullsOrder, Schema, SortOrder, Table,
};

/// The statements that create `schema` in an empty database, `;`-separated.
pub(crate) fn create_script(schema: &Schema) -> String {
    let mut out = Vec::new();
    for ns in &schema.schemas {
        out.push(format!("CREATE SCHEMA {}", quote_ident(ns)));
    }
    out.extend(schema.enums.iter().map(create_enum));
    out.extend(schema.tables.iter().map(create_table));
    for t in &schema.tables {
        out.extend(t.indexes.iter().map(|i| create_index(t, i)));
    }
    out.iter().map(|s| format!("{s};\n")).collect()
}

fn create_enum(e: &EnumType) -> String {
    let values: Vec<String> = e.values.iter().map(|v| quote_literal(v)).collect();
    format!(
        "CREATE TYPE {} AS ENUM ({})",
        e.qualified_name(),
        values.join(", ")
    )
}

fn create_table(t: &Table) -> String {
    let mut parts: Vec<String> = t.columns.iter().map(column).collect();
    if let Some(pk) = &t.primary_key {
        parts.push(format!(
            "CONSTRAINT {} PRIMARY KEY ({})",
            quote_ident(&pk.name),
            idents(&pk.columns)
        ));
    }
    for u in &t.uniques {
        let nnd = if u.nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        };
        parts.push(format!(
            "CONSTRAINT {} UNIQUE{nnd} ({})",
            quote_ident(&u.name),
            idents(&u.columns)
        ));
    }
    for c in &t.checks {
        parts.push(format!(
            "CONSTRAINT {} CHECK ({})",
            quote_ident(&c.name),
            c.expression
        ));
    }
    format!(
        "CREATE TABLE {} (\n  {}\n)",
        t.qualified_name(),
        parts.join(",\n  ")
    )
}

fn column(c: &Column) -> String {
    let mut s = format!("{} {}", quote_ident(&c.name), c.ty);
    if let Some(collation) = &c.collation {
        // Qualified collations arrive already quoted (`"public"."x"`).
        let name = if collation.contains('"') {
            collation.clone()
        } else {
            quote_ident(collation)
        };
        s += &format!(" COLLATE {name}");
    }
    if !c.nullable {
        s += " NOT NULL";
    }
    if let Some(default) = &c.default {
        s += &format!(" DEFAULT ({default})");
    }
    if let Some(generated) = &c.generated {
        s += &format!(" GENERATED ALWAYS AS ({generated}) STORED");
    }
    if let Some(identity) = &c.identity {
        s += &identity_clause(identity);
    }
    s
}

fn identity_clause(i: &Identity) -> String {
    let kind = match i.kind {
        IdentityKind::Always => "ALWAYS",
        IdentityKind::ByDefault => "BY DEFAULT",
    };
    let options: Vec<String> = [
        i.start.map(|v| format!("START WITH {v}")),
        i.increment.map(|v| format!("INCREMENT BY {v}")),
        i.min_value.map(|v| format!("MINVALUE {v}")),
        i.max_value.map(|v| format!("MAXVALUE {v}")),
        i.cache.map(|v| format!("CACHE {v}")),
        i.cycle.then(|| "CYCLE".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if options.is_empty() {
        format!(" GENERATED {kind} AS IDENTITY")
    } else {
        format!(" GENERATED {kind} AS IDENTITY ({})", options.join(" "))
    }
}

fn create_index(t: &Table, i: &Index) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {} USING {} ({})",
        if i.unique { "UNIQUE " } else { "" },
        quote_ident(&i.name),
        t.qualified_name(),
        i.method,
        i.keys.iter().map(index_key).collect::<Vec<_>>().join(", ")
    );
    if !i.include.is_empty() {
        s += &format!(" INCLUDE ({})", idents(&i.include));
    }
    if i.nulls_not_distinct {
        s += " NULLS NOT DISTINCT";
    }
    if let Some(predicate) = &i.predicate {
        s += &format!(" WHERE ({predicate})");
    }
    s
}

fn index_key(k: &IndexKey) -> String {
    let mut s = match &k.target {
        IndexTarget::Column(c) => quote_ident(c),
        IndexTarget::Expression(e) => format!("({e})"),
    };
    if let Some(opclass) = &k.opclass {
        s += &format!(" {opclass}");
    }
    if k.order == SortOrder::Desc {
        s += " DESC";
    }
    match k.nulls {
        Some(NullsOrder::First) => s += " NULLS FIRST",
        Some(NullsOrder::Last) => s += " NULLS LAST",
        None => {}
    }
    s
}

fn idents(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote_ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

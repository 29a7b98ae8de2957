//! A schema of the model as drizzle-orm TypeScript (`drizzle-orm/pg-core`), for
//! timing drizzle-kit on the same workloads. Covers what the two reference
//! workloads use; anything else is an error rather than a guess.

use std::fmt::Write as _;

use schema_core::model::{FkAction, IndexTarget, Schema, SortOrder, Table};
use schema_core::types::SqlType;

type Res<T> = Result<T, String>;

pub fn schema_ts(schema: &Schema) -> Res<String> {
    let mut out = String::from(
        "// Written by `schema-bench`; the same workload as the Rust structs.\n\
         import { sql } from \"drizzle-orm\";\n\
         import { pgTable, pgEnum, uuid, text, bigint, integer, smallint, boolean, jsonb, \
         timestamp, varchar, primaryKey, unique, index, uniqueIndex, foreignKey, check } \
         from \"drizzle-orm/pg-core\";\n\n",
    );
    for e in &schema.enums {
        if e.schema != "public" {
            return Err(format!("enum {}.{} is not in public", e.schema, e.name));
        }
        let values: Vec<String> = e.values.iter().map(|v| js_string(v)).collect();
        writeln!(
            out,
            "export const {} = pgEnum({}, [{}]);\n",
            var("enum", &e.name),
            js_string(&e.name),
            values.join(", ")
        )
        .unwrap();
    }
    for t in &schema.tables {
        out += &table(t)?;
    }
    Ok(out)
}

fn var(prefix: &str, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}_{clean}")
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// `sql` template text: backticks, backslashes and `${` escaped.
fn sql_template(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${")
}

/// A default as a drizzle user writes it (`.defaultRandom()`, `.default(0)`,
/// `.default("USD")`, `.default({})`), which is also what drizzle-kit compares
/// without noise; `sql` only for anything else.
fn default_ts(default: &str, ty: &SqlType) -> String {
    let d = default.trim();
    match d {
        "gen_random_uuid()" => return ".defaultRandom()".into(),
        "now()" | "CURRENT_TIMESTAMP" => return ".defaultNow()".into(),
        "true" | "false" => return format!(".default({d})"),
        _ => {}
    }
    let numeric = matches!(ty, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt);
    if numeric && d.parse::<i64>().is_ok() {
        return format!(".default({d})");
    }
    // 'text' or 'text'::type
    let literal = d
        .strip_prefix('\'')
        .and_then(|rest| rest.rfind('\'').map(|end| (&rest[..end], &rest[end + 1..])))
        .filter(|(_, cast)| cast.is_empty() || cast.starts_with("::"));
    if let Some((inner, _)) = literal {
        let text = inner.replace("''", "'");
        return match ty {
            SqlType::Json | SqlType::Jsonb => format!(".default({text})"),
            _ => format!(".default({})", js_string(&text)),
        };
    }
    format!(".default(sql`{}`)", sql_template(d))
}

fn column_type(name: &str, ty: &SqlType) -> Res<String> {
    let n = js_string(name);
    Ok(match ty {
        SqlType::Uuid => format!("uuid({n})"),
        SqlType::Text => format!("text({n})"),
        SqlType::BigInt => format!("bigint({n}, {{ mode: \"number\" }})"),
        SqlType::Integer => format!("integer({n})"),
        SqlType::SmallInt => format!("smallint({n})"),
        SqlType::Boolean => format!("boolean({n})"),
        SqlType::Jsonb => format!("jsonb({n})"),
        SqlType::TimestampTz(None) => format!("timestamp({n}, {{ withTimezone: true }})"),
        SqlType::Varchar(Some(len)) => format!("varchar({n}, {{ length: {len} }})"),
        SqlType::Varchar(None) => format!("varchar({n})"),
        SqlType::Named(q) if q.schema == "public" => format!("{}({n})", var("enum", &q.name)),
        other => return Err(format!("type {other} has no drizzle spelling here")),
    })
}

fn table(t: &Table) -> Res<String> {
    if t.schema != "public" {
        return Err(format!("table {}.{} is not in public", t.schema, t.name));
    }
    let mut s = format!(
        "export const {} = pgTable({}, {{\n",
        var("t", &t.name),
        js_string(&t.name)
    );
    for c in &t.columns {
        let mut line = column_type(&c.name, &c.ty)?;
        if let Some(default) = &c.default {
            line += &default_ts(default, &c.ty);
        }
        // A one-column key is spelled on its column: drizzle-kit reads a
        // `primaryKey({ columns: [one] })` back as different and recreates it.
        let single_key = t
            .primary_key
            .as_ref()
            .is_some_and(|k| k.columns == [c.name.clone()] && k.name == format!("{}_pkey", t.name));
        if single_key {
            line += ".primaryKey()";
        } else if !c.nullable {
            line += ".notNull()";
        }
        if c.identity.is_some() || c.generated.is_some() {
            return Err(format!(
                "{}.{}: identity and generated columns are not used here",
                t.name, c.name
            ));
        }
        writeln!(s, "  {}: {line},", js_string(&c.name)).unwrap();
    }
    s += "}, (t) => [\n";
    let col = |name: &str| format!("t[{}]", js_string(name));
    let cols = |names: &[String]| names.iter().map(|n| col(n)).collect::<Vec<_>>().join(", ");
    if let Some(pk) = t
        .primary_key
        .as_ref()
        .filter(|k| k.columns.len() > 1 || k.name != format!("{}_pkey", t.name))
    {
        writeln!(
            s,
            "  primaryKey({{ name: {}, columns: [{}] }}),",
            js_string(&pk.name),
            cols(&pk.columns)
        )
        .unwrap();
    }
    for u in &t.uniques {
        let nulls = if u.nulls_not_distinct {
            ".nullsNotDistinct()"
        } else {
            ""
        };
        writeln!(
            s,
            "  unique({}).on({}){nulls},",
            js_string(&u.name),
            cols(&u.columns)
        )
        .unwrap();
    }
    for fk in &t.foreign_keys {
        let target = var("t", &fk.references.name);
        let foreign: Vec<String> = fk
            .referenced_columns
            .iter()
            .map(|c| format!("{target}[{}]", js_string(c)))
            .collect();
        let mut line = format!(
            "  foreignKey({{ name: {}, columns: [{}], foreignColumns: [{}] }})",
            js_string(&fk.name),
            cols(&fk.columns),
            foreign.join(", ")
        );
        for (verb, action) in [("onDelete", fk.on_delete), ("onUpdate", fk.on_update)] {
            if action != FkAction::NoAction {
                write!(
                    line,
                    ".{verb}({})",
                    js_string(&action.sql().to_ascii_lowercase())
                )
                .unwrap();
            }
        }
        writeln!(s, "{line},").unwrap();
    }
    for i in &t.indexes {
        if i.predicate.is_some() || !i.include.is_empty() || i.method != "btree" {
            return Err(format!(
                "index {}: only plain b-tree indexes are used here",
                i.name
            ));
        }
        let keys: Res<Vec<String>> = i
            .keys
            .iter()
            .map(|k| match (&k.target, k.order) {
                (IndexTarget::Column(c), SortOrder::Asc) => Ok(col(c)),
                (IndexTarget::Column(c), SortOrder::Desc) => Ok(format!("{}.desc()", col(c))),
                (IndexTarget::Expression(e), _) => Err(format!("index {}: expression {e}", i.name)),
            })
            .collect();
        let kind = if i.unique { "uniqueIndex" } else { "index" };
        writeln!(
            s,
            "  {kind}({}).using(\"btree\", {}),",
            js_string(&i.name),
            keys?.join(", ")
        )
        .unwrap();
    }
    for c in &t.checks {
        writeln!(
            s,
            "  check({}, sql`{}`),",
            js_string(&c.name),
            sql_template(&c.expression)
        )
        .unwrap();
    }
    s += "]);\n\n";
    Ok(s)
}

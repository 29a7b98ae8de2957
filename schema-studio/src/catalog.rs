//! What the page needs to know about tables, from the catalog: one query for the
//! list of every relation, three for one table.

use postgres::GenericClient;
use serde::Serialize;

use crate::sql::Failure;

/// The namespaces the list leaves out.
const SYSTEM: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
                      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

#[derive(Debug, Serialize)]
pub struct Namespace {
    pub name: String,
    pub relations: Vec<Relation>,
}

#[derive(Debug, Serialize)]
pub struct Relation {
    pub name: String,
    pub kind: &'static str,
    /// The planner's estimate; `None` when the table was never analysed.
    pub rows: Option<i64>,
}

/// Every namespace and its tables and views, with estimated row counts, in one
/// catalog query whatever the number of tables.
pub fn list(client: &mut impl GenericClient) -> Result<Vec<Namespace>, Failure> {
    let query = format!(
        "SELECT n.nspname::text, c.relname::text, c.relkind::text, c.reltuples::float8, c.relpages
           FROM pg_namespace n
           LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
          WHERE {SYSTEM}
          ORDER BY n.nspname, c.relname"
    );
    let mut namespaces: Vec<Namespace> = Vec::new();
    for row in client.query(&query, &[])? {
        let schema: String = row.get(0);
        if namespaces.last().is_none_or(|n| n.name != schema) {
            namespaces.push(Namespace {
                name: schema,
                relations: Vec::new(),
            });
        }
        let Some(name) = row.get::<_, Option<String>>(1) else {
            continue;
        };
        let kind = relation_kind(&row.get::<_, String>(2));
        let rows = estimate(row.get(3), row.get(4), kind);
        namespaces
            .last_mut()
            .expect("pushed above")
            .relations
            .push(Relation { name, kind, rows });
    }
    Ok(namespaces)
}

/// `reltuples` as a count: -1 (PostgreSQL 14+) or 0 with no pages (before)
/// means never analysed.
fn estimate(tuples: f64, pages: i32, kind: &str) -> Option<i64> {
    if kind == "view" || tuples < 0.0 || (tuples == 0.0 && pages > 0) {
        return None;
    }
    Some(tuples.round() as i64)
}

fn relation_kind(relkind: &str) -> &'static str {
    match relkind {
        "r" => "table",
        "v" => "view",
        "m" => "materialized view",
        "f" => "foreign table",
        "p" => "partitioned table",
        _ => "other",
    }
}

/// One table (or view) as the grid uses it.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub kind: &'static str,
    pub rows: Option<i64>,
    pub comment: Option<String>,
    /// Rows can be edited here: a table with a primary key.
    pub editable: bool,
    pub primary_key: Vec<String>,
    pub columns: Vec<Column>,
    pub foreign_keys: Vec<ForeignKey>,
    pub referenced_by: Vec<ForeignKey>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub name: String,
    /// As `format_type` prints it, for the header.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The type without modifiers, for casts of bound text.
    #[serde(skip)]
    pub cast: String,
    pub kind: &'static str,
    pub nullable: bool,
    pub has_default: bool,
    /// Identity ALWAYS or a generated column: the database writes it.
    pub generated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    pub comment: Option<String>,
}

/// A foreign key: from `columns` of this table (or, in `referenced_by`, of
/// `schema.table`) to `references`.
#[derive(Debug, Clone, Serialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub schema: String,
    pub table: String,
    pub references: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Result<&Column, Failure> {
        self.columns.iter().find(|c| c.name == name).ok_or_else(|| {
            Failure::new(
                409,
                format!(
                    "{}.{} has no column \"{name}\" (any more); reload the page",
                    self.schema, self.name
                ),
            )
        })
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// One table's columns, keys and relations (three catalog queries).
pub fn table(client: &mut impl GenericClient, schema: &str, name: &str) -> Result<Table, Failure> {
    let found = client.query_opt(
        "SELECT c.oid, c.relkind::text, c.reltuples::float8, c.relpages, obj_description(c.oid, 'pg_class')
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'f', 'p')",
        &[&schema, &name],
    )?;
    let Some(found) = found else {
        return Err(Failure::new(
            404,
            format!("there is no table or view {schema}.{name}; reload the list"),
        ));
    };
    let oid: postgres::types::Oid = found.get(0);
    let kind = relation_kind(&found.get::<_, String>(1));
    let columns = columns(client, oid)?;
    let (primary_key, foreign_keys, referenced_by) = keys(client, oid)?;
    Ok(Table {
        schema: schema.to_string(),
        name: name.to_string(),
        kind,
        rows: estimate(found.get(2), found.get(3), kind),
        comment: found.get(4),
        editable: matches!(kind, "table" | "partitioned table") && !primary_key.is_empty(),
        primary_key,
        columns,
        foreign_keys,
        referenced_by,
    })
}

fn columns(
    client: &mut impl GenericClient,
    oid: postgres::types::Oid,
) -> Result<Vec<Column>, Failure> {
    let rows = client.query(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), format_type(a.atttypid, NULL),
                t.typname::text, t.typtype::text, t.typcategory::text,
                NOT a.attnotnull, a.atthasdef OR a.attidentity <> '',
                a.attidentity = 'a' OR a.attgenerated <> '',
                CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                                                      WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END,
                col_description(a.attrelid, a.attnum)
           FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum",
        &[&oid],
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            let (typname, typtype, category): (String, String, String) =
                (r.get(3), r.get(4), r.get(5));
            Column {
                name: r.get(0),
                type_name: r.get(1),
                cast: r.get(2),
                kind: kind_of(&typname, &typtype, &category),
                nullable: r.get(6),
                has_default: r.get(7),
                generated: r.get(8),
                values: r.get(9),
                comment: r.get(10),
            }
        })
        .collect())
}

/// How the page shows and edits a type.
pub fn kind_of(typname: &str, typtype: &str, category: &str) -> &'static str {
    match typname {
        "bool" => return "bool",
        "json" | "jsonb" => return "json",
        "bytea" => return "bytea",
        "timestamptz" => return "timestamptz",
        "timestamp" => return "timestamp",
        "date" => return "date",
        "time" | "timetz" => return "time",
        "uuid" => return "uuid",
        _ => {}
    }
    match (typtype, category) {
        ("e", _) => "enum",
        (_, "A") => "array",
        (_, "N") => "number",
        (_, "S") => "text",
        _ => "other",
    }
}

type Keys = (Vec<String>, Vec<ForeignKey>, Vec<ForeignKey>);

/// The primary key, the foreign keys out of the table and those into it.
fn keys(client: &mut impl GenericClient, oid: postgres::types::Oid) -> Result<Keys, Failure> {
    let rows = client.query(
        "SELECT con.contype::text, con.conname::text,
                sn.nspname::text, sc.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i),
                tn.nspname::text, tc.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i),
                con.conrelid = $1, con.confrelid = $1
           FROM pg_constraint con
           JOIN pg_class sc ON sc.oid = con.conrelid JOIN pg_namespace sn ON sn.oid = sc.relnamespace
           LEFT JOIN pg_class tc ON tc.oid = con.confrelid
           LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
          WHERE con.conparentid = 0
            AND ((con.conrelid = $1 AND con.contype IN ('p', 'f')) OR (con.confrelid = $1 AND con.contype = 'f'))
          ORDER BY con.conname",
        &[&oid],
    )?;
    let (mut primary_key, mut out, mut into) = (Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        let kind: String = r.get(0);
        let columns: Vec<String> = r.get(4);
        if kind == "p" {
            primary_key = columns;
            continue;
        }
        let (outgoing, incoming): (bool, bool) = (r.get(8), r.get(9));
        if outgoing {
            out.push(ForeignKey {
                name: r.get(1),
                columns: columns.clone(),
                schema: r.get(5),
                table: r.get(6),
                references: r.get(7),
            });
        }
        if incoming {
            into.push(ForeignKey {
                name: r.get(1),
                columns,
                schema: r.get(2),
                table: r.get(3),
                references: r.get(7),
            });
        }
    }
    Ok((primary_key, out, into))
}

//! Pages of rows: filters combined with AND, a sort, and keyset pagination on
//! the primary key (OFFSET only where there is no key, or the sort column holds
//! NULLs). Every value is read as PostgreSQL's text form.

use serde::Deserialize;
use serde_json::Value;

use crate::catalog::{Column, Table};
use crate::sql::{ident, qualified, Failure, Params};

/// What the page is looking at: a table, filters and a sort.
#[derive(Debug, Clone, Deserialize)]
pub struct View {
    pub schema: String,
    pub name: String,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub sort: Option<Sort>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Filter {
    pub column: String,
    pub op: String,
    #[serde(default)]
    pub value: Value,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Sort {
    pub column: String,
    #[serde(default)]
    pub desc: bool,
}

/// One page of a view.
#[derive(Debug, Clone, Deserialize)]
pub struct PageRequest {
    #[serde(flatten)]
    pub view: View,
    #[serde(default)]
    pub limit: Option<i64>,
    /// The cursor the previous page returned (keyset).
    #[serde(default)]
    pub after: Option<Vec<Option<String>>>,
    #[serde(default)]
    pub offset: Option<i64>,
}

/// The largest page.
pub const MAX_LIMIT: i64 = 1000;

/// How rows are ordered, and whether pages can be found by key.
#[derive(Debug)]
pub struct Order {
    /// Column positions, in ORDER BY order.
    pub columns: Vec<usize>,
    pub desc: bool,
    pub keyset: bool,
}

/// The order of a view: the sort column then the key, when there is one.
pub fn order(table: &Table, sort: Option<&Sort>) -> Result<Order, Failure> {
    let key: Vec<usize> = table
        .primary_key
        .iter()
        .filter_map(|k| table.column_index(k))
        .collect();
    let Some(sort) = sort else {
        return Ok(Order {
            keyset: !key.is_empty(),
            columns: key,
            desc: false,
        });
    };
    table.column(&sort.column)?;
    let first = table.column_index(&sort.column).expect("checked above");
    let mut columns = vec![first];
    columns.extend(key.iter().copied().filter(|&k| k != first));
    let keyset = !key.is_empty() && !table.columns[first].nullable;
    Ok(Order {
        columns,
        desc: sort.desc,
        keyset,
    })
}

/// `WHERE` terms for the filters, each on a column of the table.
pub fn conditions(
    table: &Table,
    filters: &[Filter],
    params: &mut Params,
) -> Result<Vec<String>, Failure> {
    filters
        .iter()
        .map(|f| condition(table.column(&f.column)?, f, params))
        .collect()
}

fn condition(column: &Column, filter: &Filter, params: &mut Params) -> Result<String, Failure> {
    let col = format!("t.{}", ident(&column.name));
    // json has no equality operator: it is compared as text.
    let (typed, cast) = if column.kind == "json" {
        (format!("{col}::text"), String::new())
    } else {
        (col.clone(), format!("::{}", column.cast))
    };
    let text = || -> Result<Option<String>, Failure> {
        match &filter.value {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(if *b { "t" } else { "f" }.to_string())),
            Value::Null => Ok(None),
            _ => Err(Failure::bad(format!(
                "the filter on {} needs one value",
                column.name
            ))),
        }
    };
    let compare = |op: &str, params: &mut Params| -> Result<String, Failure> {
        let value = text()?;
        if value.is_none() {
            return Err(Failure::bad(format!(
                "the filter on {} needs a value (use \"is null\" for NULL)",
                column.name
            )));
        }
        Ok(format!("{typed} {op} {}{cast}", params.text(value)))
    };
    Ok(match filter.op.as_str() {
        "eq" => compare("=", params)?,
        "ne" => compare("<>", params)?,
        "lt" => compare("<", params)?,
        "gt" => compare(">", params)?,
        "contains" => format!(
            "strpos(lower({col}::text), lower({})) > 0",
            params.text(Some(text()?.unwrap_or_default()))
        ),
        "starts" => format!(
            "left(lower({col}::text), length({p})) = lower({p})",
            p = params.text(Some(text()?.unwrap_or_default()))
        ),
        "null" => format!("{col} IS NULL"),
        "notnull" => format!("{col} IS NOT NULL"),
        "in" => {
            if column.kind == "array" {
                return Err(Failure::bad(format!(
                    "\"in\" compares single values; {} is an array column",
                    column.name
                )));
            }
            let values = match &filter.value {
                Value::Array(items) => items
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Null => None,
                        other => Some(other.to_string()),
                    })
                    .collect(),
                Value::String(s) => s.split(',').map(|p| Some(p.trim().to_string())).collect(),
                _ => {
                    return Err(Failure::bad(format!(
                        "the \"in\" filter on {} needs a list",
                        column.name
                    )))
                }
            };
            let cast = if cast.is_empty() {
                String::new()
            } else {
                format!("{cast}[]")
            };
            format!("{typed} = ANY({}{cast})", params.list(values))
        }
        other => {
            return Err(Failure::bad(format!(
            "unknown filter \"{other}\"; use eq, ne, lt, gt, contains, starts, null, notnull or in"
        )))
        }
    })
}

/// `ORDER BY` text for an order.
fn order_by(table: &Table, order: &Order) -> String {
    if order.columns.is_empty() {
        return String::new();
    }
    let dir = if order.desc { " DESC" } else { "" };
    let terms: Vec<String> = order
        .columns
        .iter()
        .map(|&i| format!("t.{}{dir}", ident(&table.columns[i].name)))
        .collect();
    format!(" ORDER BY {}", terms.join(", "))
}

/// The keyset condition: rows after the cursor in the order.
fn after(
    table: &Table,
    order: &Order,
    cursor: &[Option<String>],
    params: &mut Params,
) -> Result<String, Failure> {
    if cursor.len() != order.columns.len() || cursor.iter().any(Option::is_none) {
        return Err(Failure::bad(
            "the page cursor does not fit this view; start from the first page",
        ));
    }
    let (cols, vals): (Vec<String>, Vec<String>) = order
        .columns
        .iter()
        .zip(cursor)
        .map(|(&i, v)| {
            let c = &table.columns[i];
            (
                format!("t.{}", ident(&c.name)),
                format!("{}::{}", params.text(v.clone()), c.cast),
            )
        })
        .unzip();
    let op = if order.desc { "<" } else { ">" };
    Ok(format!("({}) {op} ({})", cols.join(", "), vals.join(", ")))
}

/// The columns of the table as text: `t."a"::text, ...`.
pub fn text_columns(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|c| format!("t.{}::text", ident(&c.name)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A SELECT of the view (no LIMIT), its parameters and its order.
pub fn select(
    table: &Table,
    view: &View,
    select_list: &str,
) -> Result<(String, Params, Order), Failure> {
    let mut params = Params::default();
    let terms = conditions(table, &view.filters, &mut params)?;
    let order = order(table, view.sort.as_ref())?;
    let mut sql = format!(
        "SELECT {select_list} FROM {} t",
        qualified(&table.schema, &table.name)
    );
    if !terms.is_empty() {
        sql += &format!(" WHERE {}", terms.join(" AND "));
    }
    sql += &order_by(table, &order);
    Ok((sql, params, order))
}

/// One page: the rows (as text), the cursor of the next page, and for each row
/// how many rows of each referencing table point at it (up to 1000).
pub struct Page {
    pub rows: Vec<Vec<Option<String>>>,
    pub references: Vec<Vec<Option<String>>>,
    pub next: Value,
    pub paging: &'static str,
}

/// Referencing rows counted per row, at most this many.
const REFERENCE_CAP: i64 = 1000;

pub fn page(
    client: &mut impl postgres::GenericClient,
    table: &Table,
    request: &PageRequest,
) -> Result<Page, Failure> {
    let limit = request.limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    let mut params = Params::default();
    let mut terms = conditions(table, &request.view.filters, &mut params)?;
    let order = order(table, request.view.sort.as_ref())?;
    if let (true, Some(cursor)) = (order.keyset, &request.after) {
        terms.push(after(table, &order, cursor, &mut params)?);
    }
    // Inner query: the page as text, plus the referenced columns as they are.
    let referenced: Vec<&String> = {
        let mut names: Vec<&String> = table
            .referenced_by
            .iter()
            .flat_map(|f| &f.references)
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let mut inner = vec![text_columns(table)];
    inner.extend(
        referenced
            .iter()
            .enumerate()
            .map(|(i, name)| format!("t.{} AS _r{i}", ident(name))),
    );
    let mut sql = format!(
        "SELECT {} FROM {} t",
        inner.join(", "),
        qualified(&table.schema, &table.name)
    );
    if !terms.is_empty() {
        sql += &format!(" WHERE {}", terms.join(" AND "));
    }
    sql += &order_by(table, &order);
    let offset = if order.keyset {
        0
    } else {
        request.offset.unwrap_or(0).max(0)
    };
    sql += &format!(" LIMIT {}", limit + 1);
    if offset > 0 {
        sql += &format!(" OFFSET {offset}");
    }
    let counts: Vec<String> = table
        .referenced_by
        .iter()
        .map(|fk| {
            let on: Vec<String> = fk
                .columns
                .iter()
                .zip(&fk.references)
                .map(|(child, parent)| {
                    let r = referenced.iter().position(|n| *n == parent).expect("collected above");
                    format!("c.{} = q._r{r}", ident(child))
                })
                .collect();
            format!(
                "(SELECT count(*) FROM (SELECT 1 FROM {} c WHERE {} LIMIT {REFERENCE_CAP}) x)::text",
                qualified(&fk.schema, &fk.table),
                on.join(" AND ")
            )
        })
        .collect();
    let n = table.columns.len();
    let sql = if counts.is_empty() {
        sql
    } else {
        format!("SELECT q.*, {} FROM ({sql}) q", counts.join(", "))
    };
    let found = client.query(&sql, &params.refs())?;
    let more = found.len() as i64 > limit;
    let mut rows = Vec::new();
    let mut references = Vec::new();
    for row in found.iter().take(limit as usize) {
        rows.push(
            (0..n)
                .map(|i| row.get::<_, Option<String>>(i))
                .collect::<Vec<_>>(),
        );
        let skip = n + referenced.len();
        references.push(
            (0..counts.len())
                .map(|j| row.get::<_, Option<String>>(skip + j))
                .collect(),
        );
    }
    let next = match (more, order.keyset) {
        (false, _) => Value::Null,
        (true, true) => {
            let last = rows.last().expect("more than limit rows");
            Value::from(
                order
                    .columns
                    .iter()
                    .map(|&i| last[i].clone())
                    .collect::<Vec<_>>(),
            )
        }
        (true, false) => Value::from(offset + limit),
    };
    Ok(Page {
        rows,
        references,
        next,
        paging: if order.keyset { "keyset" } else { "offset" },
    })
}

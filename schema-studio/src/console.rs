//! The SQL console: one statement, in a READ ONLY transaction unless the studio
//! was started with `--allow-writes`, under the statement timeout.
//!
//! The statement is prepared first, which both names its result columns' types
//! and refuses a text holding more than one statement (so `COMMIT; DROP ...`
//! cannot leave the read-only transaction); it then runs through the simple
//! protocol, which returns every value as text.

use postgres::{SimpleQueryMessage, Transaction};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::catalog::kind_of;
use crate::sql::Failure;

#[derive(Debug, Deserialize)]
pub struct Run {
    pub sql: String,
    #[serde(default)]
    pub explain: bool,
}

/// Rows shown at most; the answer says when there were more.
pub const MAX_ROWS: usize = 1000;

pub fn run(tx: &mut Transaction<'_>, request: &Run) -> Result<Value, Failure> {
    let text = request.sql.trim().trim_end_matches(';').trim();
    if text.is_empty() {
        return Err(Failure::bad("there is no statement to run"));
    }
    let text = if request.explain {
        format!("EXPLAIN {text}")
    } else {
        text.to_string()
    };
    let statement = tx.prepare(&text).map_err(|e| {
        let multiple = e
            .as_db_error()
            .is_some_and(|d| d.message().contains("multiple commands"));
        if multiple {
            Failure::bad("the console runs one statement at a time")
        } else {
            Failure::from(e)
        }
    })?;
    // Name, type and kind of each result column, as the statement declares them.
    let declared: Vec<Value> = statement
        .columns()
        .iter()
        .map(|c| json!({ "name": c.name(), "type": c.type_().name(), "kind": kind(c.type_()) }))
        .collect();
    let mut rows: Vec<Vec<Option<String>>> = Vec::new();
    let mut truncated = false;
    let mut command = String::new();
    for message in tx.simple_query(&text)? {
        match message {
            SimpleQueryMessage::Row(row) => {
                if rows.len() >= MAX_ROWS {
                    truncated = true;
                    continue;
                }
                rows.push(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                );
            }
            SimpleQueryMessage::CommandComplete(n) => command = format!("{n} rows"),
            _ => {}
        }
    }
    Ok(json!({
        "columns": declared,
        "rows": rows,
        "truncated": truncated,
        "command": command,
    }))
}

fn kind(ty: &postgres::types::Type) -> &'static str {
    use postgres::types::Kind;
    let (typtype, category) = match ty.kind() {
        Kind::Enum(_) => ("e", ""),
        Kind::Array(_) => ("b", "A"),
        _ => ("b", category(ty)),
    };
    kind_of(ty.name(), typtype, category)
}

fn category(ty: &postgres::types::Type) -> &'static str {
    use postgres::types::Type;
    match *ty {
        Type::INT2
        | Type::INT4
        | Type::INT8
        | Type::FLOAT4
        | Type::FLOAT8
        | Type::NUMERIC
        | Type::OID => "N",
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => "S",
        _ => "",
    }
}

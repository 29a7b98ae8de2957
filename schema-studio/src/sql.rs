//! SQL text pieces: identifiers quoted, values only ever as `$n` parameters.

use postgres::error::DbError;
use serde_json::{json, Value};

/// `"name"`, with inner quotes doubled.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `"schema"."name"`.
pub fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

/// Parameters collected while a statement is built.
#[derive(Debug, Default)]
pub struct Params {
    pub values: Vec<Param>,
}

/// One bound value: text (cast in SQL to the column's type), or text array.
#[derive(Debug, Clone)]
pub enum Param {
    Text(Option<String>),
    List(Vec<Option<String>>),
}

impl Params {
    /// Adds a text value; returns its placeholder, `$n::text`.
    pub fn text(&mut self, value: Option<String>) -> String {
        self.values.push(Param::Text(value));
        format!("${}::text", self.values.len())
    }

    /// Adds a text array; returns its placeholder, `$n::text[]`.
    pub fn list(&mut self, values: Vec<Option<String>>) -> String {
        self.values.push(Param::List(values));
        format!("${}::text[]", self.values.len())
    }

    /// The values as the postgres crate binds them.
    pub fn refs(&self) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
        self.values
            .iter()
            .map(|p| match p {
                Param::Text(v) => v as &(dyn postgres::types::ToSql + Sync),
                Param::List(v) => v as &(dyn postgres::types::ToSql + Sync),
            })
            .collect()
    }
}

/// A failure of a request, with the HTTP status it answers with.
#[derive(Debug)]
pub struct Failure {
    pub status: u16,
    pub body: Value,
}

impl Failure {
    pub fn new(status: u16, message: impl Into<String>) -> Failure {
        Failure {
            status,
            body: json!({ "error": message.into() }),
        }
    }

    pub fn bad(message: impl Into<String>) -> Failure {
        Failure::new(400, message)
    }
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Failure {
        match e.as_db_error() {
            Some(db) => from_db(db),
            None => Failure::new(
                503,
                format!(
                    "the database connection failed: {}; the next request reconnects",
                    one_line(&e.to_string())
                ),
            ),
        }
    }
}

/// A PostgreSQL error as the page shows it: message, detail, constraint.
fn from_db(db: &DbError) -> Failure {
    let code = db.code().code();
    let status = match &code[..2] {
        "23" => 422, // integrity: check, foreign key, unique, not null
        "22" | "42" | "0A" | "25" => 400,
        "57" if code == "57014" => 504,
        "55" | "40" => 409,
        _ => 500,
    };
    let message = if code == "57014" {
        format!("{} (the studio's statement timeout)", db.message())
    } else {
        db.message().to_string()
    };
    Failure {
        status,
        body: json!({
            "error": message,
            "detail": db.detail(),
            "hint": db.hint(),
            "constraint": db.constraint(),
            "column": db.column(),
            "code": code,
        }),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_are_quoted_with_inner_quotes_doubled() {
        assert_eq!(super::ident(r#"a"b"#), r#""a""b""#);
        assert_eq!(super::qualified("public", "User"), r#""public"."User""#);
    }
}

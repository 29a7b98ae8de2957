//! Plans as SQL scripts for people and for `psql`: each statement ends in `;`,
//! with its hazards as comment lines before it, and a CREATE TABLE laid out one
//! column or constraint per line.

use super::Statement;

pub(super) fn script(statements: &[Statement]) -> String {
    if statements.is_empty() {
        return "-- no changes\n".to_string();
    }
    let mut out = String::new();
    write_statements(&mut out, statements);
    out
}

pub(super) fn write_statements(out: &mut String, statements: &[Statement]) {
    for s in statements {
        for h in &s.hazards {
            out.push_str(&format!("-- hazard: {h}\n"));
        }
        if !s.transactional {
            out.push_str("-- not transactional: runs on its own, outside any transaction\n");
        } else if s.commit_before {
            out.push_str("-- a new transaction: what came before commits first\n");
        }
        match laid_out(&s.sql) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&s.sql),
        }
        out.push_str(";\n");
    }
}

/// `CREATE TABLE "s"."t" ( a, b, CONSTRAINT c )` with each element of the list on
/// a line of its own; `None` for any other statement (or one it cannot read).
/// Commas inside parentheses, string literals and quoted names do not split.
pub(crate) fn laid_out(sql: &str) -> Option<String> {
    if !sql.starts_with("CREATE TABLE ") {
        return None;
    }
    let open = list_start(sql)?;
    let body = sql[open + 1..].strip_suffix(')')?;
    let elements = split_top_level(body)?;
    if elements.is_empty() {
        return None;
    }
    let mut out = format!("{} (\n", sql[..open].trim_end());
    for (i, e) in elements.iter().enumerate() {
        out.push_str("  ");
        out.push_str(e.trim());
        out.push_str(if i + 1 < elements.len() { ",\n" } else { "\n" });
    }
    out.push(')');
    Some(out)
}

/// Where the column list opens: the first `(` outside quoted names.
fn list_start(sql: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in sql.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The comma-separated parts of `body` at depth zero; `None` if its quotes or
/// parentheses do not balance.
fn split_top_level(body: &str) -> Option<Vec<&str>> {
    let (mut depth, mut start) = (0usize, 0usize);
    let (mut single, mut double) = (false, false);
    let mut parts = Vec::new();
    for (i, c) in body.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '(' if !single && !double => depth += 1,
            ')' if !single && !double => depth = depth.checked_sub(1)?,
            ',' if !single && !double && depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if single || double || depth != 0 {
        return None;
    }
    if !body[start..].trim().is_empty() {
        parts.push(&body[start..]);
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::laid_out;

    #[test]
    fn create_table_is_laid_out_one_element_per_line() {
        let sql = r#"CREATE TABLE "public"."t" ( "id" bigint NOT NULL, "note" text DEFAULT 'a, (b)', "n" numeric(10, 2), CONSTRAINT "t,x" CHECK (n > 0), CONSTRAINT "t_pkey" PRIMARY KEY ("id") )"#;
        assert_eq!(
            laid_out(sql).unwrap(),
            "CREATE TABLE \"public\".\"t\" (\n  \"id\" bigint NOT NULL,\n  \"note\" text DEFAULT 'a, (b)',\n  \"n\" numeric(10, 2),\n  CONSTRAINT \"t,x\" CHECK (n > 0),\n  CONSTRAINT \"t_pkey\" PRIMARY KEY (\"id\")\n)"
        );
        assert_eq!(
            laid_out(r#"CREATE TABLE "a"."(b" ( "id" int )"#).unwrap(),
            "CREATE TABLE \"a\".\"(b\" (\n  \"id\" int\n)"
        );
        assert_eq!(laid_out("ALTER TABLE t ADD COLUMN a int"), None);
        assert_eq!(laid_out(r#"CREATE TABLE "public"."t" (  )"#), None);
    }
}

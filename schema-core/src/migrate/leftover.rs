//! What a `CREATE INDEX CONCURRENTLY` that stopped part-way leaves behind.
//!
//! A concurrent build that fails, is cancelled, or loses its session (the runner
//! killed, a pooler dropping the connection) leaves the index in the catalog,
//! invalid: `IF NOT EXISTS` would then skip it and record the migration as done
//! while the index enforces nothing. Before running such a statement again, the
//! runner drops an invalid index of that name on that table.

use postgres::types::Type;
use postgres::GenericClient;

use super::MigrateError;
use crate::model::quote_ident;

/// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON
/// [ONLY] table` statement builds, as (name, table reference as written).
pub(crate) fn concurrent_index(sql: &str) -> Option<(String, String)> {
    let mut words = Words { rest: sql };
    let mut next = || words.next();
    if !next()?.eq_ignore_ascii_case("create") {
        return None;
    }
    let mut word = next()?;
    if word.eq_ignore_ascii_case("unique") {
        word = next()?;
    }
    if !word.eq_ignore_ascii_case("index") || !next()?.eq_ignore_ascii_case("concurrently") {
        return None;
    }
    let mut name = next()?;
    if name.eq_ignore_ascii_case("if") {
        let (not, exists) = (next()?, next()?);
        if !not.eq_ignore_ascii_case("not") || !exists.eq_ignore_ascii_case("exists") {
            return None;
        }
        name = next()?;
    }
    if name.eq_ignore_ascii_case("on") {
        return None; // unnamed: Postgres picks a fresh name, nothing to clash with
    }
    if !next()?.eq_ignore_ascii_case("on") {
        return None;
    }
    let mut table = next()?;
    if table.eq_ignore_ascii_case("only") {
        table = next()?;
    }
    Some((identifier(&name), table))
}

/// Drops the invalid index `statement` would build, if one is there.
pub(crate) fn drop_invalid(
    client: &mut impl GenericClient,
    statement: &str,
) -> Result<(), MigrateError> {
    let Some((name, table)) = concurrent_index(statement) else {
        return Ok(());
    };
    let found = client
        .query_typed(
            "SELECT n.nspname::text FROM pg_catalog.pg_index i \
             JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT i.indisvalid AND c.relname = $1 \
               AND i.indrelid = pg_catalog.to_regclass($2)",
            &[(&name, Type::TEXT), (&table, Type::TEXT)],
        )
        .map_err(|e| MigrateError::database(format!("look for an invalid index {name}"), e))?;
    if let Some(row) = found.first() {
        let schema: String = row.get(0);
        let sql = format!(
            "DROP INDEX CONCURRENTLY IF EXISTS {}.{}",
            quote_ident(&schema),
            quote_ident(&name)
        );
        client.batch_execute(&sql).map_err(|e| {
            MigrateError::database(format!("drop the invalid index {schema}.{name}"), e)
        })?;
    }
    Ok(())
}

/// A quoted identifier unquoted (`""` as `"`), a bare one folded to lower case.
fn identifier(word: &str) -> String {
    match word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => word.to_lowercase(),
    }
}

/// The words of a statement: bare words, `"quoted"` identifiers, and dotted
/// names made of them kept whole (`"s"."t"`, `s.t`); anything else ends a word.
struct Words<'a> {
    rest: &'a str,
}

impl Words<'_> {
    fn next(&mut self) -> Option<String> {
        self.rest = self.rest.trim_start();
        let mut end = 0;
        let bytes = self.rest.as_bytes();
        while end < bytes.len() {
            match bytes[end] {
                b'"' => {
                    end += 1;
                    while end < bytes.len() {
                        if bytes[end] == b'"' {
                            if bytes.get(end + 1) == Some(&b'"') {
                                end += 2;
                                continue;
                            }
                            break;
                        }
                        end += 1;
                    }
                    end += 1;
                }
                b if b.is_ascii_alphanumeric()
                    || b == b'_'
                    || b == b'.'
                    || b == b'$'
                    || b >= 0x80 =>
                {
                    end += 1
                }
                _ => break,
            }
        }
        if end == 0 {
            return None;
        }
        let end = end.min(self.rest.len());
        let word = self.rest[..end].to_string();
        self.rest = &self.rest[end..];
        Some(word)
    }
}

#[cfg(test)]
mod tests {
    use super::concurrent_index;

    #[test]
    fn the_index_a_concurrent_build_makes_is_found() {
        let found = |sql| concurrent_index(sql).map(|(n, t)| format!("{n} on {t}"));
        assert_eq!(
            found(
                r#"CREATE INDEX CONCURRENTLY IF NOT EXISTS "t_V_idx" ON "public"."t" USING btree ("v")"#
            ),
            Some(r#"t_V_idx on "public"."t""#.into())
        );
        assert_eq!(
            found("create unique index concurrently Users_Email on only app.users (email)"),
            Some("users_email on app.users".into())
        );
        assert_eq!(
            found(r#"CREATE INDEX CONCURRENTLY "a""b" ON t(x)"#),
            Some(r#"a"b on t"#.into())
        );
        assert_eq!(found("CREATE INDEX CONCURRENTLY ON t (x)"), None);
        assert_eq!(found("CREATE INDEX i ON t (x)"), None);
        assert_eq!(found("DROP INDEX CONCURRENTLY i"), None);
    }
}

//! The name Postgres gives an index expression when it names an index itself
//! (`FigureIndexColname`): `lower(email)` is `lower`, `email::varchar` is `email`,
//! `'x'::text` is `text`, `a + b` is `expr`. Index names built from it match what a
//! hand-written `CREATE INDEX ON t (lower(email))` gets.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An identifier, folded to lower case unless it was quoted.
    Ident(String, bool),
    /// A parenthesised or bracketed group: `(`/`[` and its tokens.
    Group(char, Vec<Tok>),
    Cast,
    Dot,
    /// Any other token: literals, operators, commas.
    Other,
}

fn tokenize(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    close: Option<char>,
) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            ')' | ']' => {
                chars.next();
                return (close == Some(c)).then_some(out);
            }
            '(' | '[' => {
                chars.next();
                let inner = tokenize(chars, Some(if c == '(' { ')' } else { ']' }))?;
                out.push(Tok::Group(c, inner));
            }
            '"' => {
                chars.next();
                let mut name = String::new();
                loop {
                    match chars.next()? {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            name.push('"');
                        }
                        '"' => break,
                        c => name.push(c),
                    }
                }
                out.push(Tok::Ident(name, true));
            }
            '\'' => {
                chars.next();
                loop {
                    match chars.next()? {
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
                out.push(Tok::Other);
            }
            ':' => {
                chars.next();
                if chars.peek() == Some(&':') {
                    chars.next();
                    out.push(Tok::Cast);
                } else {
                    out.push(Tok::Other);
                }
            }
            '.' => {
                chars.next();
                out.push(Tok::Dot);
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || c == '$' {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(word.to_lowercase(), false));
            }
            _ => {
                chars.next();
                out.push(Tok::Other);
            }
        }
    }
    close.is_none().then_some(out)
}

fn is_word(tok: &Tok, word: &str) -> bool {
    matches!(tok, Tok::Ident(w, false) if w == word)
}

/// The expression's part of an index name: its column, function or type name,
/// or `expr` when Postgres has none for it.
pub fn index_expression_name(expr: &str) -> String {
    let mut chars = expr.chars().peekable();
    tokenize(&mut chars, None)
        .and_then(|toks| figure(&toks))
        .unwrap_or_else(|| "expr".to_string())
}

/// `FigureColnameInternal`, on the handful of forms an index expression takes.
fn figure(toks: &[Tok]) -> Option<String> {
    // `x COLLATE "C"` names as `x`.
    if let Some(pos) = toks.iter().position(|t| is_word(t, "collate")) {
        return figure(&toks[..pos]);
    }
    // `x::a::b` names as `x`, else as the last type.
    if let Some(first) = toks.iter().position(|t| *t == Tok::Cast) {
        let last = toks.iter().rposition(|t| *t == Tok::Cast).unwrap();
        let type_part = &toks[last + 1..];
        let types_only = toks[first..]
            .iter()
            .all(|t| matches!(t, Tok::Ident(..) | Tok::Cast | Tok::Dot | Tok::Group(..)));
        if !types_only {
            return None;
        }
        return figure(&toks[..first]).or_else(|| type_name(type_part));
    }
    match toks {
        [Tok::Group('(', inner)] => figure(inner),
        // CAST(x AS type)
        [cast, Tok::Group('(', inner)] if is_word(cast, "cast") => {
            let pos = inner.iter().rposition(|t| is_word(t, "as"))?;
            figure(&inner[..pos]).or_else(|| type_name(&inner[pos + 1..]))
        }
        [array, Tok::Group(..)] if is_word(array, "array") => Some("array".into()),
        [first, .., last] if is_word(first, "case") && is_word(last, "end") => {
            let else_at = toks.iter().rposition(|t| is_word(t, "else"));
            else_at
                .and_then(|pos| figure(&toks[pos + 1..toks.len() - 1]))
                .or_else(|| Some("case".into()))
        }
        // A (possibly qualified) function call or column reference: `a.b.c(...)`
        // or `a.b.c` names as `c`.
        _ => {
            let name_part = match toks.split_last() {
                Some((Tok::Group('(', _), rest)) => rest,
                _ => toks,
            };
            if name_part.len() % 2 == 0 {
                return None;
            }
            let mut name = None;
            for (i, t) in name_part.iter().enumerate() {
                match (i % 2, t) {
                    (0, Tok::Ident(w, _)) => name = Some(w.clone()),
                    (1, Tok::Dot) => {}
                    _ => return None,
                }
            }
            name
        }
    }
}

/// The last name of a type as the parser stores it: `varchar` for `character
/// varying`, `int4` for `integer`.
fn type_name(toks: &[Tok]) -> Option<String> {
    let words: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Ident(w, _) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let joined = words.join(" ");
    let internal = match joined.as_str() {
        "character varying" | "char varying" | "varchar" => "varchar",
        "character" | "char" => "bpchar",
        "int" | "integer" | "int4" => "int4",
        "smallint" | "int2" => "int2",
        "bigint" | "int8" => "int8",
        "real" | "float4" => "float4",
        "double precision" | "float" | "float8" => "float8",
        "boolean" | "bool" => "bool",
        "decimal" | "numeric" | "dec" => "numeric",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "time" | "time without time zone" => "time",
        "timetz" | "time with time zone" => "timetz",
        "bit varying" | "varbit" => "varbit",
        _ => return words.last().map(|w| w.to_string()),
    };
    Some(internal.to_string())
}

#[cfg(test)]
mod tests {
    use super::index_expression_name as name;

    /// Each pair was checked with `CREATE INDEX ON fy (<expr>)` on Postgres 15.
    #[test]
    fn names_match_postgres() {
        for (expr, expected) in [
            ("email::varchar", "email"),
            ("'x'::text", "text"),
            ("(a+b)::text", "text"),
            ("lower(email) collate \"C\"", "lower"),
            ("pg_catalog.lower(email)", "lower"),
            ("case when a > 0 then a end", "case"),
            ("case when a > 0 then a else b end", "b"),
            ("array[a,b]", "array"),
            ("(lower(email))", "lower"),
            (
                "date_trunc('day', created_at at time zone 'UTC')",
                "date_trunc",
            ),
            ("doc->>'k'", "expr"),
            ("upper(\"Mixed\")", "upper"),
            ("cast(a as bigint)", "a"),
            ("(a+b)::character varying", "varchar"),
            ("a::double precision + 1", "expr"),
            ("nullif(a, 0)", "nullif"),
            ("greatest(a, b)", "greatest"),
            ("-a", "expr"),
            ("a is null", "expr"),
            ("\"Mixed\"::text", "Mixed"),
            ("1::int4", "int4"),
            ("(a::text)::int8", "a"),
            ("coalesce(a, b)", "coalesce"),
            ("\"lower\"(email)", "lower"),
            ("a::bigint::text", "a"),
        ] {
            assert_eq!(name(expr), expected, "{expr}");
        }
    }
}

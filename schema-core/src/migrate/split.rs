//! Splitting a migration file into its SQL statements, as `psql` does.
//!
//! Statements run one at a time so that a failure can name the statement and its
//! line, and so that `-- schema:no-transaction` files can run each statement in its
//! own implicit transaction (`CREATE INDEX CONCURRENTLY` refuses to run in a block).
//!
//! A `;` ends a statement only outside string literals (`'...'`, `E'...'`),
//! quoted identifiers (`"..."`), dollar-quoted bodies (`$$...$$`, `$tag$...$tag$`),
//! comments (`-- ...`, nested `/* ... */`) and the SQL-standard bodies of
//! `CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END`, whose nesting is
//! tracked with the heuristic `psql` uses.

/// One statement of a SQL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    /// The statement's text, from its first token to just before its `;`.
    pub sql: &'a str,
    /// The 1-based line of the file on which the statement starts.
    pub line: usize,
}

impl Statement<'_> {
    /// The statement's first line, for messages.
    pub fn first_line(&self) -> &str {
        self.sql.lines().next().unwrap_or("").trim_end()
    }
}

/// The statements of `sql`, in order. Comments and blank text between statements
/// are dropped; a statement without a final `;` still counts.
pub fn split_statements(sql: &str) -> Vec<Statement<'_>> {
    Splitter::new(sql).run()
}

struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    /// Where the current statement's first token starts, with its line.
    start: Option<(usize, usize)>,
    /// Words seen in the current statement (psql's `identifier_count`).
    words: usize,
    /// The first letters of the statement's first words when they are `create`,
    /// `or`, `replace`, `function` or `procedure` (psql's `identifiers`).
    head: [u8; 4],
    /// Open parentheses.
    parens: usize,
    /// Open `BEGIN`/`CASE` blocks of a SQL-standard body (psql's `begin_depth`).
    depth: usize,
    out: Vec<Statement<'a>>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str) -> Self {
        Splitter {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line: 1,
            start: None,
            words: 0,
            head: [0; 4],
            parens: 0,
            depth: 0,
            out: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Statement<'a>> {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'-' if self.peek(1) == Some(b'-') => self.skip_line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.skip_block_comment(),
                b';' if self.depth == 0 => self.end_statement(),
                b'\'' => {
                    let escapes = self.is_escape_string();
                    self.mark_start();
                    self.skip_quoted(b'\'', escapes);
                }
                b'"' => {
                    self.mark_start();
                    self.skip_quoted(b'"', false);
                }
                b'$' if self.dollar_tag().is_some() => {
                    self.mark_start();
                    self.skip_dollar_body();
                }
                b if is_ident_start(b) => {
                    self.mark_start();
                    self.word();
                }
                _ => {
                    if !b.is_ascii_whitespace() {
                        self.mark_start();
                    }
                    match b {
                        b'(' => self.parens += 1,
                        b')' => self.parens = self.parens.saturating_sub(1),
                        _ => {}
                    }
                    self.advance(1);
                }
            }
        }
        self.finish_statement(self.bytes.len());
        self.out
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Moves forward `n` bytes, counting newlines.
    fn advance(&mut self, n: usize) {
        let end = (self.pos + n).min(self.bytes.len());
        self.line += self.bytes[self.pos..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = end;
    }

    fn mark_start(&mut self) {
        if self.start.is_none() {
            self.start = Some((self.pos, self.line));
        }
    }

    fn end_statement(&mut self) {
        self.finish_statement(self.pos);
        self.advance(1);
    }

    fn finish_statement(&mut self, end: usize) {
        if let Some((start, line)) = self.start.take() {
            let sql = self.src[start..end].trim_end();
            self.out.push(Statement { sql, line });
        }
        self.words = 0;
        self.head = [0; 4];
        self.parens = 0;
        self.depth = 0;
    }

    fn skip_line_comment(&mut self) {
        let rest = &self.bytes[self.pos..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        self.advance(len);
    }

    /// Skips a `/* */` comment; Postgres lets them nest.
    fn skip_block_comment(&mut self) {
        let mut nesting = 0usize;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'/' && self.peek(1) == Some(b'*') {
                nesting += 1;
                self.advance(2);
            } else if self.bytes[self.pos] == b'*' && self.peek(1) == Some(b'/') {
                nesting -= 1;
                self.advance(2);
                if nesting == 0 {
                    return;
                }
            } else {
                self.advance(1);
            }
        }
    }

    /// Whether the `'` at the cursor opens an `E'...'` string (backslash escapes).
    fn is_escape_string(&self) -> bool {
        let before = &self.bytes[..self.pos];
        match before {
            [.., prev, e] if e.eq_ignore_ascii_case(&b'e') => !is_ident_char(*prev),
            [e] => e.eq_ignore_ascii_case(&b'e'),
            _ => false,
        }
    }

    /// Skips a quoted literal or identifier; a doubled quote stands for itself.
    fn skip_quoted(&mut self, quote: u8, backslash_escapes: bool) {
        self.advance(1);
        while let Some(&b) = self.bytes.get(self.pos) {
            let escaped = backslash_escapes && b == b'\\';
            if escaped || (b == quote && self.peek(1) == Some(quote)) {
                self.advance(2);
            } else if b == quote {
                self.advance(1);
                return;
            } else {
                self.advance(1);
            }
        }
    }

    /// The `$tag$` opening at the cursor, if it is one. A `$` inside a word (as in
    /// the identifier `a$b`) or before a digit (a parameter, `$1`) opens nothing.
    fn dollar_tag(&self) -> Option<&'a str> {
        if self.pos > 0 && is_ident_char(self.bytes[self.pos - 1]) {
            return None;
        }
        let rest = &self.bytes[self.pos + 1..];
        let len = rest.iter().position(|&b| !is_ident_char(b) || b == b'$')?;
        if rest[len] != b'$' || rest.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        Some(&self.src[self.pos..self.pos + len + 2])
    }

    fn skip_dollar_body(&mut self) {
        let tag = self.dollar_tag().expect("called at a dollar tag");
        self.advance(tag.len());
        match self.src[self.pos..].find(tag) {
            Some(i) => self.advance(i + tag.len()),
            None => self.advance(self.bytes.len() - self.pos),
        }
    }

    /// Reads a word, tracking `BEGIN ATOMIC ... END` nesting as psql does: only in
    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE` and outside parentheses, `BEGIN`
    /// opens a block, `CASE` opens one inside a block, and `END` closes one.
    fn word(&mut self) {
        let rest = &self.bytes[self.pos..];
        let len = rest
            .iter()
            .position(|&b| !is_ident_char(b))
            .unwrap_or(rest.len());
        let word = &self.src[self.pos..self.pos + len];
        self.note_head(word);
        if self.defines_routine() && self.parens == 0 {
            let opens = word.eq_ignore_ascii_case("begin")
                || (word.eq_ignore_ascii_case("case") && self.depth > 0);
            if opens {
                self.depth += 1;
            } else if word.eq_ignore_ascii_case("end") {
                self.depth = self.depth.saturating_sub(1);
            }
        }
        self.advance(len);
    }

    fn note_head(&mut self, word: &str) {
        const HEAD_WORDS: [&str; 5] = ["create", "or", "replace", "function", "procedure"];
        if self.words < self.head.len() && HEAD_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            self.head[self.words] = word.as_bytes()[0].to_ascii_lowercase();
        }
        self.words += 1;
    }

    /// Whether the statement so far reads `CREATE [OR REPLACE] FUNCTION|PROCEDURE`.
    fn defines_routine(&self) -> bool {
        matches!(
            self.head,
            [b'c', b'f' | b'p', ..] | [b'c', b'o', b'r', b'f' | b'p']
        )
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(src: &str) -> Vec<&str> {
        split_statements(src).into_iter().map(|s| s.sql).collect()
    }

    #[test]
    fn plain_statements_split_on_semicolons() {
        assert_eq!(
            sqls("CREATE TABLE a (id int);\nCREATE TABLE b (id int);"),
            ["CREATE TABLE a (id int)", "CREATE TABLE b (id int)"]
        );
    }

    #[test]
    fn last_statement_needs_no_semicolon() {
        assert_eq!(sqls("SELECT 1;\nSELECT 2\n"), ["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn empty_and_comment_only_files_have_no_statements() {
        assert!(sqls("").is_empty());
        assert!(sqls("  \n;\n;; -- nothing\n/* at all */\n").is_empty());
    }

    #[test]
    fn semicolons_inside_strings_do_not_split() {
        assert_eq!(
            sqls("INSERT INTO t VALUES ('a;b', 'it''s; fine');SELECT 2;"),
            ["INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT 2"]
        );
    }

    #[test]
    fn escape_strings_honour_backslashes() {
        assert_eq!(
            sqls(r"SELECT E'a\';b';SELECT 'c\';SELECT 3;"),
            [r"SELECT E'a\';b'", r"SELECT 'c\'", "SELECT 3"]
        );
    }

    #[test]
    fn quoted_identifiers_may_hold_semicolons() {
        assert_eq!(
            sqls(r#"CREATE TABLE "a;""b" (id int); SELECT 1"#),
            [r#"CREATE TABLE "a;""b" (id int)"#, "SELECT 1"]
        );
    }

    #[test]
    fn dollar_quoted_bodies_do_not_split() {
        let src = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
                   CREATE FUNCTION g() RETURNS int AS $body$ SELECT '$$'; $body$ LANGUAGE sql;\n\
                   SELECT 3;";
        assert_eq!(
            sqls(src),
            [
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                "CREATE FUNCTION g() RETURNS int AS $body$ SELECT '$$'; $body$ LANGUAGE sql",
                "SELECT 3",
            ]
        );
    }

    #[test]
    fn parameters_and_dollar_identifiers_are_not_dollar_quotes() {
        assert_eq!(
            sqls("PREPARE p AS SELECT $1; SELECT a$b$ FROM t; SELECT 3"),
            ["PREPARE p AS SELECT $1", "SELECT a$b$ FROM t", "SELECT 3"]
        );
    }

    #[test]
    fn comments_hide_semicolons_and_quotes() {
        let src =
            "-- first; it's a comment\nSELECT 1; /* a; /* nested; */ it's */ SELECT 2; -- ;\n";
        assert_eq!(sqls(src), ["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn comments_inside_a_statement_stay_in_it() {
        assert_eq!(
            sqls("SELECT 1 -- one; two\n + 1;"),
            ["SELECT 1 -- one; two\n + 1"]
        );
    }

    #[test]
    fn standard_sql_function_bodies_keep_their_semicolons() {
        let src = "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT x;\nEND;\nBEGIN;\nSELECT CASE WHEN true THEN 1 END;\nEND;";
        assert_eq!(
            sqls(src),
            [
                "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT x;\nEND",
                "BEGIN",
                "SELECT CASE WHEN true THEN 1 END",
                "END",
            ]
        );
    }

    #[test]
    fn begin_and_end_outside_routine_bodies_do_not_nest() {
        assert_eq!(
            sqls("CREATE TABLE t (begin int, \"end\" int); SELECT 2;"),
            ["CREATE TABLE t (begin int, \"end\" int)", "SELECT 2"]
        );
        assert_eq!(
            sqls("CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC SELECT 1; END; SELECT 2"),
            [
                "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC SELECT 1; END",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn lines_are_those_of_the_first_token() {
        let src = "-- header\n\nCREATE TABLE a (\n  id int\n);\n\n/* c\n */ INSERT INTO a\nVALUES ('x\ny');\nSELECT 1;";
        let lines: Vec<usize> = split_statements(src).iter().map(|s| s.line).collect();
        assert_eq!(lines, [3, 8, 11]);
    }

    #[test]
    fn unterminated_quotes_run_to_the_end() {
        assert_eq!(sqls("SELECT 'abc; SELECT 2"), ["SELECT 'abc; SELECT 2"]);
        assert_eq!(sqls("SELECT $$abc; SELECT 2"), ["SELECT $$abc; SELECT 2"]);
    }

    #[test]
    fn first_line_is_for_messages() {
        let s = &split_statements("\n  INSERT INTO t\n  VALUES (1);")[0];
        assert_eq!((s.first_line(), s.line), ("INSERT INTO t", 2));
    }
}

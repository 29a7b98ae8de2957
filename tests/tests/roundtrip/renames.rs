//! Declared renames (given to the diff as hints): tables, columns, enums and
//! enum values keep their rows instead of being dropped and added.

use schema_tests::roundtrip::Hint;

use crate::Case;

cases! {
    table_renamed: Case::new(
        "CREATE TABLE people (id int PRIMARY KEY, name text); INSERT INTO people VALUES (1, 'a'), (2, 'b');",
        "CREATE TABLE users (id int PRIMARY KEY, name text);",
    )
    .hints(&[Hint::Table { schema: "public", from: "people", to: "users" }]),
    column_renamed: Case::new(
        "CREATE TABLE t (id int, mail text UNIQUE); CREATE INDEX t_mail_idx ON t (mail); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, email text CONSTRAINT t_mail_key UNIQUE); CREATE INDEX t_mail_idx ON t (email);",
    )
    .hints(&[Hint::Column { schema: "public", table: "t", from: "mail", to: "email" }]),
    column_renamed_and_retyped: Case::new(
        "CREATE TABLE t (id int, qty int NOT NULL); INSERT INTO t VALUES (1, 5);",
        "CREATE TABLE t (id int, quantity bigint NOT NULL DEFAULT 0);",
    )
    .hints(&[Hint::Column { schema: "public", table: "t", from: "qty", to: "quantity" }]),
    referenced_table_renamed: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int CONSTRAINT c_p_fk REFERENCES p);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1);",
        "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE c (p_id int CONSTRAINT c_p_fk REFERENCES parent);",
    )
    .hints(&[Hint::Table { schema: "public", from: "p", to: "parent" }]),
    enum_renamed: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE feeling AS ENUM ('ok', 'sad'); CREATE TABLE t (m feeling DEFAULT 'ok');",
    )
    .hints(&[Hint::Enum { schema: "public", from: "mood", to: "feeling" }]),
    enum_value_renamed: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'unhappy'); CREATE TABLE t (m mood);",
    )
    .hints(&[Hint::EnumValue { schema: "public", enum_name: "mood", from: "sad", to: "unhappy" }]),
    table_renamed_and_changed: Case::new(
        "CREATE TABLE people (id int PRIMARY KEY, name text); INSERT INTO people VALUES (1, 'a');",
        "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, age int);",
    )
    .hints(&[Hint::Table { schema: "public", from: "people", to: "users" }]),
    referenced_column_renamed: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int CONSTRAINT c_p_fk REFERENCES p (id));
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1);",
        "CREATE TABLE p (pid int CONSTRAINT p_pkey PRIMARY KEY);
         CREATE TABLE c (p_id int CONSTRAINT c_p_fk REFERENCES p (pid));",
    )
    .hints(&[Hint::Column { schema: "public", table: "p", from: "id", to: "pid" }]),
    enum_renamed_and_reordered: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE feeling AS ENUM ('sad', 'ok'); CREATE TABLE t (m feeling DEFAULT 'ok');",
    )
    .hints(&[Hint::Enum { schema: "public", from: "mood", to: "feeling" }]),
    column_in_expressions_renamed: Case::new(
        "CREATE TABLE t (mail text CONSTRAINT t_mail_check CHECK (mail <> ''));
         CREATE INDEX t_lower_idx ON t (lower(mail)) WHERE mail IS NOT NULL; INSERT INTO t VALUES ('a');",
        "CREATE TABLE t (email text CONSTRAINT t_mail_check CHECK (email <> ''));
         CREATE INDEX t_lower_idx ON t (lower(email)) WHERE email IS NOT NULL;",
    )
    .hints(&[Hint::Column { schema: "public", table: "t", from: "mail", to: "email" }]),
    enum_value_renamed_and_another_added_and_used: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'unhappy', 'glad'); CREATE TABLE t (m mood DEFAULT 'glad');",
    )
    .hints(&[Hint::EnumValue { schema: "public", enum_name: "mood", from: "sad", to: "unhappy" }]),
    column_renamed_under_a_generated_column: Case::new(
        "CREATE TABLE t (mail text, g text GENERATED ALWAYS AS (lower(mail)) STORED); INSERT INTO t VALUES ('A');",
        "CREATE TABLE t (email text, g text GENERATED ALWAYS AS (lower(email)) STORED);",
    )
    .hints(&[Hint::Column { schema: "public", table: "t", from: "mail", to: "email" }]),
    enum_renamed_and_a_value_added_and_used: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE feeling AS ENUM ('meh', 'ok', 'sad'); CREATE TABLE t (m feeling DEFAULT 'meh');",
    )
    .hints(&[Hint::Enum { schema: "public", from: "mood", to: "feeling" }]),
    table_with_an_identity_renamed: Case::new(
        "CREATE TABLE people (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
         INSERT INTO people (name) VALUES ('a');",
        "CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);",
    )
    .hints(&[Hint::Table { schema: "public", from: "people", to: "users" }]),
    identity_column_renamed: Case::new(
        "CREATE TABLE t (n bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 7), s text); INSERT INTO t (s) VALUES ('a');",
        "CREATE TABLE t (num bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 7), s text);",
    )
    .hints(&[Hint::Column { schema: "public", table: "t", from: "n", to: "num" }]),
    identity_table_and_column_renamed_in_a_quoted_schema: Case::new(
        "CREATE SCHEMA \"My App\"; CREATE TABLE \"My App\".\"Old\" (\"Id\" int GENERATED ALWAYS AS IDENTITY);
         INSERT INTO \"My App\".\"Old\" DEFAULT VALUES;",
        "CREATE SCHEMA \"My App\"; CREATE TABLE \"My App\".\"New\" (\"ID\" int GENERATED ALWAYS AS IDENTITY);",
    )
    .hints(&[
        Hint::Table { schema: "My App", from: "Old", to: "New" },
        Hint::Column { schema: "My App", table: "New", from: "Id", to: "ID" },
    ]),
    key_column_renamed_everywhere: Case::new(
        "CREATE TABLE t (a int, b int, c int, PRIMARY KEY (a, b), CONSTRAINT t_bc UNIQUE (b, c));
         CREATE INDEX t_c_idx ON t (c) INCLUDE (b); CREATE TABLE r (a int, b int, FOREIGN KEY (a, b) REFERENCES t);
         INSERT INTO t VALUES (1, 2, 3); INSERT INTO r VALUES (1, 2);",
        "CREATE TABLE t (a int, bee int, c int, CONSTRAINT t_pkey PRIMARY KEY (a, bee), CONSTRAINT t_bc UNIQUE (bee, c));
         CREATE INDEX t_c_idx ON t (c) INCLUDE (bee);
         CREATE TABLE r (a int, b int, CONSTRAINT r_a_b_fkey FOREIGN KEY (a, b) REFERENCES t);",
    )
    .hints(&[Hint::Column { schema: "public", table: "t", from: "b", to: "bee" }]),
}

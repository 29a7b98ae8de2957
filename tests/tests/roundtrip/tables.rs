//! Tables and schemas: create and drop, in `public` and in other namespaces.

use crate::Case;

cases! {
    create_table: Case::new(
        "CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a VALUES (1), (2);",
        "CREATE TABLE a (id int PRIMARY KEY);
         CREATE TABLE b (id bigint PRIMARY KEY, name text NOT NULL DEFAULT '',
                         created_at timestamptz NOT NULL DEFAULT now());",
    ),
    drop_table_with_rows: Case::new(
        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, note text);
         INSERT INTO a VALUES (1); INSERT INTO b VALUES (1, 'x'), (2, 'y');",
        "CREATE TABLE a (id int PRIMARY KEY);",
    ),
    create_schema_with_table: Case::new(
        "CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a VALUES (1);",
        "CREATE TABLE a (id int PRIMARY KEY);
         CREATE SCHEMA app; CREATE TABLE app.items (id int PRIMARY KEY, a_id int REFERENCES public.a);",
    ),
    drop_schema_with_table: Case::new(
        "CREATE SCHEMA app; CREATE TABLE app.items (id int PRIMARY KEY, label text);
         CREATE TABLE a (id int); INSERT INTO app.items VALUES (1, 'x'); INSERT INTO a VALUES (1);",
        "CREATE TABLE a (id int);",
    ),
    create_empty_schema: Case::new(
        "CREATE TABLE a (id int); INSERT INTO a VALUES (1);",
        "CREATE TABLE a (id int); CREATE SCHEMA reporting;",
    ),
    drop_empty_schema: Case::new(
        "CREATE TABLE a (id int); CREATE SCHEMA reporting; INSERT INTO a VALUES (1);",
        "CREATE TABLE a (id int);",
    ),
    table_moves_between_schemas_as_drop_and_create: Case::new(
        "CREATE SCHEMA old_ns; CREATE TABLE old_ns.t (id int PRIMARY KEY);",
        "CREATE SCHEMA new_ns; CREATE TABLE new_ns.t (id int PRIMARY KEY);",
    ),
    table_without_columns: Case::new(
        "CREATE TABLE a (id int); INSERT INTO a VALUES (1);",
        "CREATE TABLE a (); CREATE TABLE b ();",
    ),
    drop_schema_with_enum_and_table: Case::new(
        "CREATE SCHEMA app; CREATE TYPE app.kind AS ENUM ('a'); CREATE TABLE app.t (k app.kind);
         CREATE TABLE u (k app.kind); INSERT INTO app.t VALUES ('a'); INSERT INTO u VALUES ('a');",
        "CREATE TABLE u (k text);",
    ),
    columns_added_to_a_table_without_columns: Case::new(
        "CREATE TABLE t (); INSERT INTO t DEFAULT VALUES; INSERT INTO t DEFAULT VALUES;",
        "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int NOT NULL DEFAULT 1);",
    ),
}

//! Columns: add, drop, nullability, collation, position.

use crate::Case;

cases! {
    add_nullable_column: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);",
        "CREATE TABLE t (id int PRIMARY KEY, note text);",
    ),
    add_not_null_column_with_default_to_rows: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);",
        "CREATE TABLE t (id int PRIMARY KEY, status text NOT NULL DEFAULT 'new', n int NOT NULL DEFAULT 0);",
    ),
    drop_column_with_values: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, note text, extra jsonb);
         INSERT INTO t VALUES (1, 'a', '{}'), (2, NULL, '[1]');",
        "CREATE TABLE t (id int PRIMARY KEY, note text);",
    ),
    set_not_null: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);",
    ),
    drop_not_null: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int PRIMARY KEY, name text);",
    ),
    set_not_null_on_rows_holding_null: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, NULL);",
        "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);",
    )
    .apply_fails(
        "contains null values",
        "a row holds NULL; Postgres refuses SET NOT NULL and the plan says it may fail",
    ),
    add_column_in_the_middle: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, z text); INSERT INTO t VALUES (1, 'z');",
        "CREATE TABLE t (id int PRIMARY KEY, m int, z text);",
    )
    .column_order_differs(),
    collation_set: Case::new(
        "CREATE TABLE t (id int, name text); INSERT INTO t VALUES (1, 'b'), (2, 'A');",
        "CREATE TABLE t (id int, name text COLLATE \"C\");",
    ),
    collation_dropped: Case::new(
        "CREATE TABLE t (id int, name varchar(20) COLLATE \"C\"); INSERT INTO t VALUES (1, 'b');",
        "CREATE TABLE t (id int, name varchar(20));",
    ),
    add_column_with_collation: Case::new(
        "CREATE TABLE t (id int); INSERT INTO t VALUES (1);",
        "CREATE TABLE t (id int, code text COLLATE \"POSIX\" NOT NULL DEFAULT 'x');",
    ),
    collation_and_type_change_together: Case::new(
        "CREATE TABLE t (id int, code varchar(5)); INSERT INTO t VALUES (1, 'ab');",
        "CREATE TABLE t (id int, code text COLLATE \"C\");",
    ),
    collation_from_a_user_namespace: Case::new(
        "CREATE COLLATION public.bytes FROM \"C\"; CREATE TABLE t (id int, s text); INSERT INTO t VALUES (1, 'a');",
        "CREATE COLLATION public.bytes FROM \"C\"; CREATE TABLE t (id int, s text COLLATE public.bytes);",
    ),
    add_not_null_column_without_default_to_rows: Case::new(
        "CREATE TABLE t (id int); INSERT INTO t VALUES (1);",
        "CREATE TABLE t (id int, name text NOT NULL);",
    )
    .apply_fails(
        "contains null values",
        "the existing rows have no value for a NOT NULL column without a default",
    ),
}

//! Enums: create, drop, add values anywhere, remove and reorder values (the type
//! is recreated), enums in arrays, defaults and other namespaces.

use crate::Case;

cases! {
    enum_created_with_a_column: Case::new(
        "CREATE TABLE t (id int); INSERT INTO t VALUES (1);",
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (id int, m mood DEFAULT 'ok');",
    ),
    enum_dropped_with_its_column: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (id int, m mood); INSERT INTO t VALUES (1, 'sad');",
        "CREATE TABLE t (id int);",
    ),
    value_added_at_end: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('ok');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad', 'mad'); CREATE TABLE t (m mood);",
    ),
    value_added_at_start: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('ok');",
        "CREATE TYPE mood AS ENUM ('meh', 'ok', 'sad'); CREATE TABLE t (m mood);",
    ),
    value_added_in_middle: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad'); CREATE TABLE t (m mood);",
    ),
    value_added_and_used_as_default: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad'); CREATE TABLE t (m mood DEFAULT 'glad');",
    ),
    value_added_and_used_in_a_check: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('ok');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'banned');
         CREATE TABLE t (m mood CONSTRAINT t_m_check CHECK (m <> 'banned'));",
    ),
    value_removed_unused_by_rows: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'meh');
         CREATE TABLE t (id int, m mood NOT NULL DEFAULT 'ok', ms mood[]);
         INSERT INTO t VALUES (1, 'ok', '{ok,sad}'), (2, 'sad', NULL);",
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TABLE t (id int, m mood NOT NULL DEFAULT 'ok', ms mood[]);",
    ),
    value_removed_while_rows_use_it: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (m mood);",
    )
    .apply_fails(
        "invalid input value for enum",
        "a row holds the removed value; converting the column fails and the plan says so",
    ),
    values_reordered: Case::new(
        "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (m mood DEFAULT 'b', k mood);
         CREATE INDEX t_m_idx ON t (m); INSERT INTO t VALUES ('c', 'a');",
        "CREATE TYPE mood AS ENUM ('c', 'b', 'a'); CREATE TABLE t (m mood DEFAULT 'b', k mood);
         CREATE INDEX t_m_idx ON t (m);",
    ),
    recreated_enum_used_by_two_schemas: Case::new(
        "CREATE SCHEMA types; CREATE TYPE types.level AS ENUM ('low', 'mid', 'high');
         CREATE SCHEMA app; CREATE TABLE app.t (l types.level DEFAULT 'low', ls types.level[] DEFAULT '{}');
         CREATE TABLE public.u (l types.level); INSERT INTO app.t VALUES ('high', '{low,high}'); INSERT INTO u VALUES ('low');",
        "CREATE SCHEMA types; CREATE TYPE types.level AS ENUM ('low', 'high', 'extreme');
         CREATE SCHEMA app; CREATE TABLE app.t (l types.level DEFAULT 'high', ls types.level[] DEFAULT '{}');
         CREATE TABLE public.u (l types.level);",
    ),
    enum_array_column_added: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (id int); INSERT INTO t VALUES (1);",
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (id int, ms mood[] NOT NULL DEFAULT '{ok}');",
    ),
    text_column_becomes_enum: Case::new(
        "CREATE TABLE t (s text DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (s mood DEFAULT 'ok');",
    ),
    enum_column_becomes_text: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (s mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE TABLE t (s text DEFAULT 'ok');",
    ),
    integer_column_becomes_enum: Case::new(
        "CREATE TYPE digit AS ENUM ('1', '2'); CREATE TABLE t (d int); INSERT INTO t VALUES (1), (2);",
        "CREATE TYPE digit AS ENUM ('1', '2'); CREATE TABLE t (d digit);",
    ),
    enum_column_moves_to_another_enum: Case::new(
        "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('x', 'y', 'z');
         CREATE TABLE t (v a); INSERT INTO t VALUES ('y');",
        "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('x', 'y', 'z'); CREATE TABLE t (v b);",
    ),
    recreated_enum_under_a_generated_column: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'meh');
         CREATE TABLE t (m mood, unset boolean GENERATED ALWAYS AS (m IS NULL) STORED); INSERT INTO t VALUES ('ok');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TABLE t (m mood, unset boolean GENERATED ALWAYS AS (m IS NULL) STORED);",
    ),
    two_enums_recreated_in_one_table: Case::new(
        "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('p', 'q', 'r');
         CREATE TABLE t (va a DEFAULT 'x', vb b, CONSTRAINT t_check CHECK (va <> 'y' OR vb <> 'p'));
         INSERT INTO t VALUES ('x', 'q');",
        "CREATE TYPE a AS ENUM ('y', 'x'); CREATE TYPE b AS ENUM ('p', 'q');
         CREATE TABLE t (va a DEFAULT 'x', vb b, CONSTRAINT t_check CHECK (va <> 'y' OR vb <> 'p'));",
    ),
    enum_moves_to_another_schema: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok'); INSERT INTO t VALUES ('sad');",
        "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m app.mood DEFAULT 'ok');",
    ),
    enum_value_added_to_an_enum_in_a_unique_key: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood CONSTRAINT t_m_key UNIQUE);
         INSERT INTO t VALUES ('ok'), ('sad');",
        "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood CONSTRAINT t_m_key UNIQUE);",
    ),
    recreated_enum_in_a_key_and_its_foreign_key: Case::new(
        "CREATE TYPE k AS ENUM ('a', 'b', 'c'); CREATE TABLE p (k k PRIMARY KEY);
         CREATE TABLE c (id int, k k CONSTRAINT c_k_fk REFERENCES p); INSERT INTO p VALUES ('a'), ('b');
         INSERT INTO c VALUES (1, 'a');",
        "CREATE TYPE k AS ENUM ('b', 'a'); CREATE TABLE p (k k PRIMARY KEY);
         CREATE TABLE c (id int, k k CONSTRAINT c_k_fk REFERENCES p);",
    ),
    value_added_and_used_in_an_array_default: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (ms mood[] DEFAULT '{ok}'); INSERT INTO t VALUES ('{sad}');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad'); CREATE TABLE t (ms mood[] DEFAULT '{ok,glad}');",
    ),
    value_added_and_used_in_an_array_check: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad', 'mad');
         CREATE TABLE t (m mood CONSTRAINT t_m_check CHECK (m <> ALL ('{glad,mad}')));",
    ),
    value_removed_that_a_dropped_check_named: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'meh');
         CREATE TABLE t (m mood CONSTRAINT t_m_check CHECK (m <> 'meh')); INSERT INTO t VALUES ('ok');
         CREATE INDEX t_meh_idx ON t (m) WHERE m = 'meh';",
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood);",
    ),
}

//! Column defaults: set, change, drop; constants, expressions, enum values.

use crate::Case;

cases! {
    default_set: Case::new(
        "CREATE TABLE t (id int, n int); INSERT INTO t VALUES (1, NULL);",
        "CREATE TABLE t (id int, n int DEFAULT 10);",
    ),
    default_changed: Case::new(
        "CREATE TABLE t (id int, s text DEFAULT 'old'); INSERT INTO t VALUES (1, DEFAULT);",
        "CREATE TABLE t (id int, s text DEFAULT 'new');",
    ),
    default_dropped: Case::new(
        "CREATE TABLE t (id int, at timestamptz DEFAULT now()); INSERT INTO t VALUES (1, DEFAULT);",
        "CREATE TABLE t (id int, at timestamptz);",
    ),
    default_expressions: Case::new(
        "CREATE TABLE t (id int, a text, b jsonb, c int[], d timestamptz); INSERT INTO t (id) VALUES (1);",
        "CREATE TABLE t (id int, a text DEFAULT lower('ABC' || 'it''s'), b jsonb DEFAULT '{}',
                         c int[] DEFAULT '{1,2}', d timestamptz DEFAULT (now() + interval '1 day'));",
    ),
    volatile_default_on_new_column: Case::new(
        "CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2);",
        "CREATE TABLE t (n int, id uuid NOT NULL DEFAULT gen_random_uuid());",
    ),
    default_from_a_sequence: Case::new(
        "CREATE TABLE t (id int); INSERT INTO t VALUES (1);",
        "CREATE SEQUENCE t_seq; CREATE TABLE t (id int DEFAULT nextval('t_seq'));",
    ),
    enum_default_set_and_changed: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TABLE t (id int, a mood, b mood DEFAULT 'ok'); INSERT INTO t VALUES (1, 'ok', 'sad');",
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TABLE t (id int, a mood DEFAULT 'sad', b mood DEFAULT 'sad');",
    ),
    enum_default_dropped: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TABLE t (id int, a mood DEFAULT 'ok'); INSERT INTO t VALUES (1, DEFAULT);",
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (id int, a mood);",
    ),
}

//! Domains: created before the columns of their type, their default, NOT NULL
//! and checks altered in place, recreated with their columns converted when the
//! base type changes, and dropped after the columns that use them.

use crate::Case;

cases! {
    domain_added_with_a_column_of_it: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY);",
        "CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0);
         CREATE TABLE t (id int PRIMARY KEY, n positive);",
    ),
    domain_checks_default_and_not_null_changed: Case::new(
        "CREATE DOMAIN code AS text CONSTRAINT code_length CHECK (length(VALUE) = 4);
         CREATE TABLE t (c code); INSERT INTO t VALUES ('abcd');",
        "CREATE DOMAIN code AS text DEFAULT 'zzzz' NOT NULL
           CONSTRAINT code_length CHECK (length(VALUE) BETWEEN 4 AND 8)
           CONSTRAINT code_lower CHECK (VALUE = lower(VALUE));
         CREATE TABLE t (c code);",
    ),
    domain_base_type_changed_with_its_columns: Case::new(
        "CREATE DOMAIN amount AS integer CHECK (VALUE >= 0);
         CREATE TABLE t (a amount); INSERT INTO t VALUES (5);",
        "CREATE DOMAIN amount AS bigint CHECK (VALUE >= 0);
         CREATE TABLE t (a amount);",
    ),
    domain_dropped_with_its_column: Case::new(
        "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
         CREATE TABLE t (id int, n positive);",
        "CREATE TABLE t (id int);",
    ),
    domain_comment_set: Case::new(
        "CREATE DOMAIN positive AS integer; CREATE TABLE t (n positive);",
        "CREATE DOMAIN positive AS integer; COMMENT ON DOMAIN positive IS 'above zero'; CREATE TABLE t (n positive);",
    ),
    domain_unchanged: Case::new(
        "CREATE DOMAIN positive AS integer CHECK (VALUE > 0); CREATE TABLE t (n positive);",
        "CREATE DOMAIN positive AS integer CHECK (VALUE > 0); CREATE TABLE t (n positive, m int);",
    ),
}

//! Check constraints: add, drop, change, and checks on retyped columns.

use crate::Case;

cases! {
    check_added: Case::new(
        "CREATE TABLE t (id int, price numeric); INSERT INTO t VALUES (1, 5);",
        "CREATE TABLE t (id int, price numeric CONSTRAINT t_price_check CHECK (price >= 0));",
    ),
    check_dropped: Case::new(
        "CREATE TABLE t (id int, price numeric CHECK (price >= 0)); INSERT INTO t VALUES (1, 5);",
        "CREATE TABLE t (id int, price numeric);",
    ),
    check_changed: Case::new(
        "CREATE TABLE t (a int, b int, CONSTRAINT t_ab CHECK (a < b)); INSERT INTO t VALUES (1, 2);",
        "CREATE TABLE t (a int, b int, CONSTRAINT t_ab CHECK (a <= b AND b < 100));",
    ),
    check_violated_by_rows: Case::new(
        "CREATE TABLE t (id int, n int); INSERT INTO t VALUES (1, -1);",
        "CREATE TABLE t (id int, n int CONSTRAINT t_n_check CHECK (n > 0));",
    )
    .apply_fails(
        "is violated by some row",
        "an existing row breaks the new check; the plan says it may fail",
    ),
    check_with_functions_and_strings: Case::new(
        "CREATE TABLE t (email text); INSERT INTO t VALUES ('a@b');",
        "CREATE TABLE t (email text CONSTRAINT t_email_check CHECK (email ~ '@' AND length(email) < 255 AND email <> 'it''s'));",
    ),
    check_on_a_column_changing_type: Case::new(
        "CREATE TABLE t (code varchar(3) CONSTRAINT t_code_check CHECK (code <> 'x')); INSERT INTO t VALUES ('a');",
        "CREATE TABLE t (code text CONSTRAINT t_code_check CHECK (code <> 'x'));",
    ),
    check_on_a_dropped_column_goes_with_it: Case::new(
        "CREATE TABLE t (a int, b int CONSTRAINT t_b_check CHECK (b > 0)); INSERT INTO t VALUES (1, 1);",
        "CREATE TABLE t (a int);",
    ),
}

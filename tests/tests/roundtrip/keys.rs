//! Primary keys and unique constraints: add, drop, change, composite, NULLS NOT
//! DISTINCT, and keys that foreign keys depend on.

use crate::Case;

cases! {
    primary_key_added: Case::new(
        "CREATE TABLE t (id int NOT NULL, s text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        "CREATE TABLE t (id int PRIMARY KEY, s text);",
    ),
    primary_key_added_to_nullable_column: Case::new(
        "CREATE TABLE t (id int, s text); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int PRIMARY KEY, s text);",
    ),
    primary_key_dropped: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, s text); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int NOT NULL, s text);",
    ),
    primary_key_made_composite: Case::new(
        "CREATE TABLE t (a int, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a)); INSERT INTO t VALUES (1, 1), (2, 1);",
        "CREATE TABLE t (a int, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (b, a));",
    ),
    primary_key_renamed: Case::new(
        "CREATE TABLE t (id int CONSTRAINT t_pkey PRIMARY KEY); INSERT INTO t VALUES (1);",
        "CREATE TABLE t (id int CONSTRAINT t_id_pk PRIMARY KEY);",
    ),
    primary_key_referenced_by_foreign_key_changed: Case::new(
        "CREATE TABLE p (id int CONSTRAINT p_pkey PRIMARY KEY, code text NOT NULL UNIQUE);
         CREATE TABLE c (p_id int REFERENCES p);
         INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (1);",
        "CREATE TABLE p (id int CONSTRAINT p_key PRIMARY KEY, code text NOT NULL UNIQUE);
         CREATE TABLE c (p_id int REFERENCES p);",
    ),
    unique_added: Case::new(
        "CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        "CREATE TABLE t (id int, email text CONSTRAINT t_email_key UNIQUE);",
    ),
    unique_dropped: Case::new(
        "CREATE TABLE t (id int, email text UNIQUE); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, email text);",
    ),
    unique_made_composite: Case::new(
        "CREATE TABLE t (a int, b int, CONSTRAINT t_u UNIQUE (a)); INSERT INTO t VALUES (1, 1);",
        "CREATE TABLE t (a int, b int, CONSTRAINT t_u UNIQUE (a, b));",
    ),
    unique_nulls_not_distinct_toggled: Case::new(
        "CREATE TABLE t (a int, b int, CONSTRAINT t_a UNIQUE (a), CONSTRAINT t_b UNIQUE NULLS NOT DISTINCT (b));
         INSERT INTO t VALUES (NULL, 1), (2, NULL);",
        "CREATE TABLE t (a int, b int, CONSTRAINT t_a UNIQUE NULLS NOT DISTINCT (a), CONSTRAINT t_b UNIQUE (b));",
    ),
    unique_nulls_not_distinct_over_two_nulls: Case::new(
        "CREATE TABLE t (a int, CONSTRAINT t_a UNIQUE (a)); INSERT INTO t VALUES (NULL), (NULL);",
        "CREATE TABLE t (a int, CONSTRAINT t_a UNIQUE NULLS NOT DISTINCT (a));",
    )
    .apply_fails(
        "could not create unique index",
        "two rows hold NULL, which NULLS NOT DISTINCT makes duplicates",
    ),
    unique_nulls_not_distinct_added: Case::new(
        "CREATE TABLE t (a int, b int, CONSTRAINT t_b UNIQUE NULLS NOT DISTINCT (b));
         INSERT INTO t VALUES (NULL, 1), (NULL, 2);",
        "CREATE TABLE t (a int, b int, CONSTRAINT t_b UNIQUE (b), CONSTRAINT t_a UNIQUE NULLS NOT DISTINCT (a, b));",
    ),
    unique_referenced_by_foreign_key_dropped_and_replaced: Case::new(
        "CREATE TABLE p (id int, code text CONSTRAINT p_code_key UNIQUE);
         CREATE TABLE c (code text CONSTRAINT c_code_fk REFERENCES p (code));
         INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES ('a');",
        "CREATE TABLE p (id int, code text CONSTRAINT p_code_key UNIQUE NULLS NOT DISTINCT);
         CREATE TABLE c (code text CONSTRAINT c_code_fk REFERENCES p (code));",
    ),
    unique_index_becomes_unique_constraint: Case::new(
        "CREATE TABLE t (a int, b int); CREATE UNIQUE INDEX t_a_key ON t (a); INSERT INTO t VALUES (1, 1);",
        "CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE, b int);",
    ),
    unique_constraint_becomes_unique_index: Case::new(
        "CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE, b int); INSERT INTO t VALUES (1, 1);",
        "CREATE TABLE t (a int, b int); CREATE UNIQUE INDEX t_a_key ON t (a, b);",
    ),
    primary_key_column_dropped: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (code text PRIMARY KEY);",
    ),
}

//! Indexes: columns, expressions, ordering, partial, INCLUDE, gin, unique,
//! operator classes and key collations, and indexes in other namespaces.

use crate::Case;

const T: &str = "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
                 INSERT INTO t VALUES (1, 'a@b', now(), '{x}', '{}'), (2, NULL, NULL, NULL, NULL);";

cases! {
    index_created: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_email_idx ON t (email);",
    ),
    index_dropped: Case::new(
        "CREATE TABLE t (id int, email text); CREATE INDEX t_email_idx ON t (email); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, email text);",
    ),
    expression_index: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_lower_email_idx ON t (lower(email), (id + 1));",
    ),
    descending_nulls_first: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_recent_idx ON t (created_at DESC NULLS FIRST, id ASC NULLS FIRST, email DESC NULLS LAST);",
    ),
    partial_index: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_live_idx ON t (id) WHERE email IS NOT NULL AND email <> '';",
    ),
    include_columns: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_email_incl_idx ON t (email) INCLUDE (id, created_at);",
    ),
    gin_indexes: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_tags_idx ON t USING gin (tags); CREATE INDEX t_doc_idx ON t USING gin (doc jsonb_path_ops);",
    ),
    unique_index_with_nulls_not_distinct: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE UNIQUE INDEX t_email_key ON t (lower(email)) NULLS NOT DISTINCT;",
    ),
    index_columns_changed: Case::new(
        "CREATE TABLE t (a int, b int); CREATE INDEX t_idx ON t (a); INSERT INTO t VALUES (1, 2);",
        "CREATE TABLE t (a int, b int); CREATE INDEX t_idx ON t (b, a);",
    ),
    opclass_and_hash: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_prefix_idx ON t (email text_pattern_ops); CREATE INDEX t_hash_idx ON t USING hash (email);",
    ),
    index_in_another_schema: Case::new(
        "CREATE SCHEMA app; CREATE TABLE app.t (a int, b text); CREATE INDEX t_a_idx ON app.t (a);
         INSERT INTO app.t VALUES (1, 'x');",
        "CREATE SCHEMA app; CREATE TABLE app.t (a int, b text); CREATE INDEX t_a_idx ON app.t (a, b);
         CREATE INDEX t_b_idx ON app.t (b) WHERE a > 0;",
    ),
    unique_index_referenced_by_foreign_key: Case::new(
        "CREATE TABLE p (code text); CREATE UNIQUE INDEX p_code_idx ON p (code);
         CREATE TABLE c (code text CONSTRAINT c_code_fk REFERENCES p (code)); INSERT INTO p VALUES ('a');
         INSERT INTO c VALUES ('a');",
        "CREATE TABLE p (code text, extra int); CREATE UNIQUE INDEX p_code_idx ON p (code) INCLUDE (extra);
         CREATE TABLE c (code text CONSTRAINT c_code_fk REFERENCES p (code));",
    ),
    index_made_unique: Case::new(
        "CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a); INSERT INTO t VALUES (1), (2);",
        "CREATE TABLE t (a int); CREATE UNIQUE INDEX t_a_idx ON t (a);",
    ),
    expression_indexes_with_operators_and_casts: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_doc_k_idx ON t ((doc ->> 'k'), (id % 10));
         CREATE INDEX t_coalesce_idx ON t (COALESCE(email, ''::text) DESC, (created_at AT TIME ZONE 'UTC'));
         CREATE UNIQUE INDEX t_pair_idx ON t ((email || '@' || id::text)) WHERE tags IS NOT NULL;",
    ),
    index_key_collation_added: Case::new(
        "CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w COLLATE \"C\" DESC);",
    ),
    index_key_collation_dropped: Case::new(
        "CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w COLLATE \"C\"); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w);",
    ),
    index_key_collations_on_expressions: Case::new(
        "CREATE TABLE t (id int, w text); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w text);
         CREATE INDEX t_lower_idx ON t (lower(w) COLLATE \"C\", (w || 'x') COLLATE \"POSIX\" DESC NULLS LAST);
         CREATE INDEX t_plain_idx ON t (lower(w), (id + 1));",
    ),
    index_key_collations_against_a_collated_column: Case::new(
        "CREATE TABLE t (id int, w text COLLATE \"C\"); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w text COLLATE \"C\");
         CREATE INDEX t_w_idx ON t (w);
         CREATE INDEX t_w_default_idx ON t (w COLLATE \"default\");
         CREATE INDEX t_lower_idx ON t (lower(w));
         CREATE INDEX t_lower_default_idx ON t ((lower(w) COLLATE \"default\"));",
    ),
    index_key_collation_outside_pg_catalog: Case::new(
        "CREATE SCHEMA app; CREATE COLLATION app.\"Bytes\" (provider = libc, locale = 'C');
         CREATE TABLE t (id int, w text); INSERT INTO t VALUES (1, 'a');",
        "CREATE SCHEMA app; CREATE COLLATION app.\"Bytes\" (provider = libc, locale = 'C');
         CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w COLLATE app.\"Bytes\", upper(w) COLLATE app.\"Bytes\");",
    ),
    opclasses_on_expressions: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_lower_prefix_idx ON t (lower(email) text_pattern_ops DESC);
         CREATE INDEX t_doc_a_idx ON t USING gin ((doc -> 'a') jsonb_path_ops);",
    ),
    default_opclasses_spelled_out: Case::new(
        T,
        "CREATE TABLE t (id int PRIMARY KEY, email text, created_at timestamptz, tags text[], doc jsonb);
         CREATE INDEX t_tags_idx ON t USING gin (tags array_ops); CREATE INDEX t_doc_idx ON t USING gin (doc jsonb_ops);
         CREATE INDEX t_email_idx ON t (email text_ops, id int4_ops);",
    ),
    opclass_changed: Case::new(
        "CREATE TABLE t (id int, doc jsonb, s text); CREATE INDEX t_doc_idx ON t USING gin (doc);
         CREATE INDEX t_s_idx ON t (s text_pattern_ops); INSERT INTO t VALUES (1, '{}', 'a');",
        "CREATE TABLE t (id int, doc jsonb, s text); CREATE INDEX t_doc_idx ON t USING gin (doc jsonb_path_ops);
         CREATE INDEX t_s_idx ON t (s);",
    ),
    opclass_outside_pg_catalog: Case::new(
        "CREATE SCHEMA app;
         CREATE OPERATOR CLASS app.\"Reverse Ops\" FOR TYPE int4 USING btree AS
             OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <,
             FUNCTION 1 btint4cmp(int4, int4);
         CREATE TABLE t (id int, n int); INSERT INTO t VALUES (1, 2);",
        "CREATE SCHEMA app;
         CREATE OPERATOR CLASS app.\"Reverse Ops\" FOR TYPE int4 USING btree AS
             OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <,
             FUNCTION 1 btint4cmp(int4, int4);
         CREATE TABLE t (id int, n int); CREATE INDEX t_n_idx ON t (n app.\"Reverse Ops\", (n + 1) app.\"Reverse Ops\");",
    ),
    collation_and_opclass_on_one_key: Case::new(
        "CREATE TABLE t (id int, w varchar(20)); CREATE INDEX t_w_idx ON t (w); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w varchar(20));
         CREATE INDEX t_w_idx ON t (w COLLATE \"C\" varchar_pattern_ops DESC NULLS LAST);",
    ),
    index_key_collation_moves_to_its_column: Case::new(
        "CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w COLLATE \"C\"); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w text COLLATE \"C\"); CREATE INDEX t_w_idx ON t (w);",
    ),
    column_collation_changes_under_indexes: Case::new(
        "CREATE TABLE t (id int, w text); CREATE INDEX t_w_idx ON t (w);
         CREATE INDEX t_w_posix_idx ON t (w COLLATE \"POSIX\", lower(w)); INSERT INTO t VALUES (1, 'a');",
        "CREATE TABLE t (id int, w text COLLATE \"C\"); CREATE INDEX t_w_idx ON t (w);
         CREATE INDEX t_w_posix_idx ON t (w COLLATE \"POSIX\", lower(w));",
    ),
}

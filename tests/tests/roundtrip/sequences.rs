//! Sequences: created before the defaults that draw from them, their options
//! altered in place (never their current value), owned by a column once it
//! exists, let go before a column or table that owned them goes, and dropped
//! after the defaults drawing from them. A `serial` column's sequence is one of
//! them, owned by its column.

use crate::Case;

cases! {
    sequence_with_every_option_created: Case::new(
        "CREATE TABLE t (id int);",
        "CREATE SEQUENCE s AS integer INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 START WITH 20 CACHE 10 CYCLE;
         CREATE TABLE t (id int DEFAULT nextval('s'));",
    ),
    sequence_counting_down_created: Case::new(
        "",
        "CREATE SEQUENCE countdown INCREMENT BY -1; CREATE SEQUENCE small AS smallint INCREMENT BY -2 MINVALUE -100;",
    ),
    sequence_options_changed: Case::new(
        "CREATE SEQUENCE s; SELECT nextval('s');",
        "CREATE SEQUENCE s INCREMENT BY 2 MAXVALUE 1000 CACHE 5 CYCLE;",
    ),
    sequence_type_narrowed_and_widened: Case::new(
        "CREATE SEQUENCE a; CREATE SEQUENCE b AS smallint MAXVALUE 500; SELECT nextval('a'), nextval('b');",
        "CREATE SEQUENCE a AS integer; CREATE SEQUENCE b AS bigint;",
    ),
    sequence_start_and_bounds_moved: Case::new(
        "CREATE SEQUENCE s MINVALUE 1 START WITH 1;",
        "CREATE SEQUENCE s MINVALUE 100 START WITH 500;",
    ),
    sequence_in_use_bounds_moved_past_its_value: Case::new(
        "CREATE SEQUENCE s; SELECT nextval('s');",
        "CREATE SEQUENCE s MINVALUE 100;",
    )
    .apply_fails(
        "cannot be less than MINVALUE",
        "a sequence in use goes on from its current value, which the new bounds leave outside",
    ),
    sequence_turned_to_count_down: Case::new(
        "CREATE SEQUENCE s;",
        "CREATE SEQUENCE s INCREMENT BY -1;",
    ),
    sequence_owned_by_a_column: Case::new(
        "CREATE SEQUENCE s; CREATE TABLE t (n bigint DEFAULT nextval('s')); INSERT INTO t DEFAULT VALUES;",
        "CREATE SEQUENCE s; CREATE TABLE t (n bigint DEFAULT nextval('s')); ALTER SEQUENCE s OWNED BY t.n;",
    ),
    sequence_owner_moved_and_let_go: Case::new(
        "CREATE TABLE t (a bigint, b bigint); CREATE SEQUENCE s OWNED BY t.a; CREATE SEQUENCE u OWNED BY t.b;",
        "CREATE TABLE t (a bigint, b bigint); CREATE SEQUENCE s OWNED BY t.b; CREATE SEQUENCE u;",
    ),
    sequence_kept_when_its_owning_table_goes: Case::new(
        "CREATE TABLE t (id serial, s text); CREATE TABLE u (n int DEFAULT nextval('t_id_seq'));
         INSERT INTO t (s) VALUES ('a'); INSERT INTO u DEFAULT VALUES;",
        "CREATE SEQUENCE t_id_seq AS integer; CREATE TABLE u (n int DEFAULT nextval('t_id_seq'));",
    ),
    sequence_kept_when_its_owning_column_goes: Case::new(
        "CREATE TABLE t (a int, b bigint); CREATE SEQUENCE s OWNED BY t.b; INSERT INTO t VALUES (1, 2);",
        "CREATE TABLE t (a int); CREATE SEQUENCE s;",
    ),
    sequence_dropped: Case::new(
        "CREATE SEQUENCE s; SELECT nextval('s'); CREATE TABLE t (id int);",
        "CREATE TABLE t (id int);",
    ),
    sequence_dropped_with_the_default_drawing_from_it: Case::new(
        "CREATE SEQUENCE s; CREATE TABLE t (n bigint DEFAULT nextval('s')); INSERT INTO t DEFAULT VALUES;",
        "CREATE TABLE t (n bigint);",
    ),
    sequence_dropped_with_its_owning_table: Case::new(
        "CREATE TABLE t (id serial, s text); INSERT INTO t (s) VALUES ('a'); CREATE TABLE keep (id int);",
        "CREATE TABLE keep (id int);",
    ),
    sequence_comment_set: Case::new(
        "CREATE SEQUENCE s;",
        "CREATE SEQUENCE s; COMMENT ON SEQUENCE s IS 'invoice numbers';",
    ),
    sequence_in_a_quoted_schema: Case::new(
        "CREATE SCHEMA \"My App\"; CREATE TABLE \"My App\".\"T\" (n bigint);",
        "CREATE SCHEMA \"My App\"; CREATE SEQUENCE \"My App\".\"Seq\" START 7;
         CREATE TABLE \"My App\".\"T\" (n bigint DEFAULT nextval('\"My App\".\"Seq\"'));
         ALTER SEQUENCE \"My App\".\"Seq\" OWNED BY \"My App\".\"T\".n;",
    ),
    serial_table_created: Case::new(
        "",
        "CREATE TABLE t (id serial PRIMARY KEY, big bigserial, s text);",
    ),
    serial_widened_to_bigserial: Case::new(
        "CREATE TABLE t (id serial PRIMARY KEY, s text); INSERT INTO t (s) VALUES ('a');",
        "CREATE TABLE t (id bigserial PRIMARY KEY, s text);",
    ),
    sequence_unchanged: Case::new(
        "CREATE SEQUENCE s AS integer START 100 CACHE 3; SELECT nextval('s'); CREATE TABLE t (id int);",
        "CREATE SEQUENCE s AS integer START 100 CACHE 3; CREATE TABLE t (id int, n int);",
    ),
}

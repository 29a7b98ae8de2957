//! Column type changes: widening, narrowing, USING casts with data, arrays.

use crate::Case;

cases! {
    int_to_bigint: Case::new(
        "CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 2147483647), (2, NULL);",
        "CREATE TABLE t (id int PRIMARY KEY, n bigint);",
    ),
    bigint_to_int_when_values_fit: Case::new(
        "CREATE TABLE t (id int, n bigint); INSERT INTO t VALUES (1, 5), (2, -7);",
        "CREATE TABLE t (id int, n int);",
    ),
    bigint_to_int_overflowing: Case::new(
        "CREATE TABLE t (id int, n bigint); INSERT INTO t VALUES (1, 9999999999);",
        "CREATE TABLE t (id int, n int);",
    )
    .apply_fails(
        "out of range",
        "a value does not fit the narrower type",
    ),
    text_to_int_with_numeric_text: Case::new(
        "CREATE TABLE t (id int, n text); INSERT INTO t VALUES (1, '42'), (2, ' 7'), (3, NULL);",
        "CREATE TABLE t (id int, n int);",
    ),
    text_to_int_with_words: Case::new(
        "CREATE TABLE t (id int, n text); INSERT INTO t VALUES (1, 'forty-two');",
        "CREATE TABLE t (id int, n int);",
    )
    .apply_fails(
        "invalid input syntax",
        "a text value is not a number",
    ),
    int_to_text: Case::new(
        "CREATE TABLE t (id int, n int); INSERT INTO t VALUES (1, 42);",
        "CREATE TABLE t (id int, n text);",
    ),
    varchar_widened: Case::new(
        "CREATE TABLE t (id int, s varchar(10)); INSERT INTO t VALUES (1, 'abcdefghij');",
        "CREATE TABLE t (id int, s varchar(50));",
    ),
    varchar_narrowed_when_values_fit: Case::new(
        "CREATE TABLE t (id int, s varchar(50)); INSERT INTO t VALUES (1, 'short');",
        "CREATE TABLE t (id int, s varchar(10));",
    ),
    varchar_narrowed_below_a_value: Case::new(
        "CREATE TABLE t (id int, s varchar(50)); INSERT INTO t VALUES (1, 'much too long for ten');",
        "CREATE TABLE t (id int, s varchar(10));",
    )
    .apply_fails(
        "too long",
        "a value is longer than the new limit; it fails rather than truncates",
    ),
    text_to_varchar_and_back: Case::new(
        "CREATE TABLE t (id int, a text, b varchar(20)); INSERT INTO t VALUES (1, 'x', 'y');",
        "CREATE TABLE t (id int, a varchar(20), b text);",
    ),
    numeric_precision_and_scale: Case::new(
        "CREATE TABLE t (id int, a numeric(10,2), b numeric, c int);
         INSERT INTO t VALUES (1, 12.34, 5.5, 3);",
        "CREATE TABLE t (id int, a numeric(14,4), b numeric(12,3), c numeric(8,2));",
    ),
    timestamp_to_timestamptz_and_date: Case::new(
        "CREATE TABLE t (id int, at timestamp, d date, tm time);
         INSERT INTO t VALUES (1, '2024-01-02 03:04:05', '2024-01-02', '10:00');",
        "CREATE TABLE t (id int, at timestamptz(3), d timestamp, tm time(0));",
    ),
    int_array_to_bigint_array: Case::new(
        "CREATE TABLE t (id int, xs int[]); INSERT INTO t VALUES (1, '{1,2,3}'), (2, NULL);",
        "CREATE TABLE t (id int, xs bigint[]);",
    ),
    text_array_to_int_array: Case::new(
        "CREATE TABLE t (id int, xs text[]); INSERT INTO t VALUES (1, '{1,2}');",
        "CREATE TABLE t (id int, xs int[]);",
    ),
    scalar_to_array: Case::new(
        "CREATE TABLE t (id int, tag text); INSERT INTO t VALUES (1, NULL);",
        "CREATE TABLE t (id int, tag text[]);",
    ),
    retyped_column_keeps_its_default: Case::new(
        "CREATE TABLE t (id int, n int NOT NULL DEFAULT 0, s text DEFAULT '5');
         INSERT INTO t (id) VALUES (1);",
        "CREATE TABLE t (id int, n bigint NOT NULL DEFAULT 0, s int DEFAULT 5);",
    ),
    retyped_indexed_and_checked_column: Case::new(
        "CREATE TABLE t (id int, n int CONSTRAINT t_n_check CHECK (n > 0));
         CREATE INDEX t_n_idx ON t (n); INSERT INTO t VALUES (1, 3);",
        "CREATE TABLE t (id int, n bigint CONSTRAINT t_n_check CHECK (n > 0));
         CREATE INDEX t_n_idx ON t (n);",
    ),
    retyped_key_referenced_by_a_foreign_key: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);",
        "CREATE TABLE p (id bigint PRIMARY KEY); CREATE TABLE c (id int, p_id bigint REFERENCES p);",
    ),
    uuid_and_jsonb_from_text: Case::new(
        "CREATE TABLE t (id text, doc text);
         INSERT INTO t VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}');",
        "CREATE TABLE t (id uuid, doc jsonb);",
    ),
    types_the_model_keeps_as_spelled: Case::new(
        "CREATE TABLE t (id int, p point, r int4range, b bit(3), tv tsvector, x xml, m money,
                         iv interval, ch \"char\", n inet, by bytea);
         INSERT INTO t VALUES (1, '(1,2)', '[1,5)', B'101', 'a b', '<a/>', 1.5, '1 day', 'x', '10.0.0.1', '\\x00');",
        "CREATE TABLE t (id int, p point, r int4range, b bit varying(8), tv tsvector, x xml, m money,
                         iv interval day to second(3), ch \"char\", n cidr, by text, r2 int8range, tt timetz(2));",
    ),
}

//! Comments on tables, columns, indexes and enums: set, change, remove, and
//! comments on objects the plan creates.

use crate::Case;

cases! {
    comments_set: Case::new(
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, s text); CREATE INDEX t_s_idx ON t (s);
         INSERT INTO t VALUES (1, 'a');",
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, s text); CREATE INDEX t_s_idx ON t (s);
         COMMENT ON TABLE t IS 'things'; COMMENT ON COLUMN t.s IS 'the s';
         COMMENT ON INDEX t_s_idx IS 'by s'; COMMENT ON TYPE mood IS 'feelings';",
    ),
    comments_changed_and_removed: Case::new(
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, s text); CREATE INDEX t_s_idx ON t (s);
         COMMENT ON TABLE t IS 'things'; COMMENT ON COLUMN t.s IS 'the s';
         COMMENT ON INDEX t_s_idx IS 'by s'; COMMENT ON TYPE mood IS 'feelings'; INSERT INTO t VALUES (1, 'a');",
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, s text); CREATE INDEX t_s_idx ON t (s);
         COMMENT ON TABLE t IS 'it''s things; -- not a comment'; COMMENT ON INDEX t_s_idx IS 'by s, again';",
    ),
    comments_on_new_objects: Case::new(
        "CREATE TABLE t (id int); INSERT INTO t VALUES (1);",
        "CREATE TYPE mood AS ENUM ('ok'); COMMENT ON TYPE mood IS 'new type';
         CREATE TABLE t (id int, m mood); COMMENT ON COLUMN t.m IS 'added column';
         CREATE TABLE u (x int); COMMENT ON TABLE u IS 'new table'; COMMENT ON COLUMN u.x IS 'x marks';
         CREATE INDEX u_x_idx ON u (x); COMMENT ON INDEX u_x_idx IS 'new index';",
    ),
    comments_survive_recreation: Case::new(
        "CREATE TYPE mood AS ENUM ('ok', 'sad'); COMMENT ON TYPE mood IS 'feelings';
         CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a + 1) STORED, m mood);
         COMMENT ON COLUMN t.g IS 'computed'; CREATE INDEX t_g_idx ON t (g); COMMENT ON INDEX t_g_idx IS 'by g';
         INSERT INTO t (a, m) VALUES (1, 'ok');",
        "CREATE TYPE mood AS ENUM ('sad', 'ok'); COMMENT ON TYPE mood IS 'feelings';
         CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a + 2) STORED, m mood);
         COMMENT ON COLUMN t.g IS 'computed'; CREATE INDEX t_g_idx ON t (g); COMMENT ON INDEX t_g_idx IS 'by g';",
    )
    .column_order_differs(),
    comments_in_another_schema: Case::new(
        "CREATE SCHEMA app; CREATE TYPE app.kind AS ENUM ('a'); CREATE TABLE app.t (k app.kind);
         CREATE INDEX t_k_idx ON app.t (k);",
        "CREATE SCHEMA app; CREATE TYPE app.kind AS ENUM ('a'); CREATE TABLE app.t (k app.kind);
         CREATE INDEX t_k_idx ON app.t (k); COMMENT ON TYPE app.kind IS 'kinds';
         COMMENT ON TABLE app.t IS 'ts'; COMMENT ON COLUMN app.t.k IS 'k'; COMMENT ON INDEX app.t_k_idx IS 'ki';",
    ),
}

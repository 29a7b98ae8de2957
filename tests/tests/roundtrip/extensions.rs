//! Extensions: created before the types and tables that use them, updated to a
//! version, moved to another namespace, dropped after the columns of their types.

use crate::Case;

cases! {
    extension_added_with_a_column_of_its_type: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1);",
        "CREATE EXTENSION citext; CREATE TABLE users (id int PRIMARY KEY, email citext);",
    ),
    extension_in_a_new_namespace: Case::new(
        "CREATE TABLE t (id int);",
        "CREATE SCHEMA ext; CREATE EXTENSION pg_trgm WITH SCHEMA ext;
         CREATE TABLE t (id int); CREATE TABLE ext.words (w text);",
    ),
    extension_updated: Case::new(
        "CREATE EXTENSION citext VERSION '1.4'; CREATE TABLE t (e citext); INSERT INTO t VALUES ('A');",
        "CREATE EXTENSION citext; CREATE TABLE t (e citext);",
    ),
    extension_moved_to_another_namespace: Case::new(
        "CREATE SCHEMA ext; CREATE EXTENSION citext; CREATE TABLE ext.t (id int);",
        "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext; CREATE TABLE ext.t (id int);",
    ),
    extension_dropped_with_the_columns_of_its_type: Case::new(
        "CREATE EXTENSION citext; CREATE TABLE users (id int PRIMARY KEY, email citext);
         INSERT INTO users VALUES (1, 'a');",
        "CREATE TABLE users (id int PRIMARY KEY);",
    ),
    extension_unchanged: Case::new(
        "CREATE EXTENSION pg_trgm; CREATE TABLE t (id int);",
        "CREATE EXTENSION pg_trgm; CREATE TABLE t (id int, n int);",
    ),
}

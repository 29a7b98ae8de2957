//! Privileges: granted and revoked on tables, their columns, views, sequences,
//! functions and namespaces; given again to an object the plan creates anew;
//! `EXECUTE` for `PUBLIC` on a function revoked and granted. The roles are
//! the cluster's (made here if missing, never by the tool); the dumps compare
//! with privileges.

use crate::Case;

/// Makes the roles the cases grant to, once per cluster, whichever test is first.
macro_rules! roles {
    ($($sql:literal),* $(,)?) => {
        concat!(
            "DO $roles$ BEGIN
               CREATE ROLE schema_test_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $roles$;
             DO $roles$ BEGIN
               CREATE ROLE schema_test_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $roles$;
             DO $roles$ BEGIN
               CREATE ROLE \"Schema Test Auditor\"; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $roles$;
            ",
            $($sql),*
        )
    };
}

cases! {
    table_grants_given: Case::new(
        roles!("CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, 'a');"),
        roles!("CREATE TABLE t (id int, email text);
                GRANT SELECT, INSERT ON t TO schema_test_reader;
                GRANT UPDATE (email), REFERENCES (id) ON t TO schema_test_writer WITH GRANT OPTION;
                GRANT SELECT ON t TO \"Schema Test Auditor\", PUBLIC;"),
    ),
    table_grants_taken_back_and_changed: Case::new(
        roles!("CREATE TABLE t (id int, email text);
                GRANT SELECT, INSERT, DELETE ON t TO schema_test_reader;
                GRANT UPDATE (email) ON t TO schema_test_writer;
                GRANT TRUNCATE ON t TO schema_test_writer WITH GRANT OPTION;"),
        roles!("CREATE TABLE t (id int, email text);
                GRANT SELECT ON t TO schema_test_reader;
                GRANT UPDATE (id) ON t TO schema_test_writer;
                GRANT TRUNCATE ON t TO schema_test_writer;"),
    ),
    column_grant_on_a_dropped_column: Case::new(
        roles!("CREATE TABLE t (id int, secret text); GRANT SELECT (secret), SELECT (id) ON t TO schema_test_reader;"),
        roles!("CREATE TABLE t (id int); GRANT SELECT (id) ON t TO schema_test_reader;"),
    ),
    grants_given_again_to_a_rebuilt_view: Case::new(
        roles!("CREATE TABLE t (id int, n int); CREATE VIEW v AS SELECT id, n FROM t;
                GRANT SELECT ON v TO schema_test_reader;"),
        roles!("CREATE TABLE t (id int, n bigint); CREATE VIEW v AS SELECT id, n FROM t;
                GRANT SELECT ON v TO schema_test_reader; GRANT SELECT (id) ON v TO schema_test_writer;"),
    ),
    sequence_and_namespace_grants: Case::new(
        roles!("CREATE SCHEMA app; CREATE SEQUENCE app.s; GRANT USAGE ON SCHEMA app TO schema_test_writer;"),
        roles!("CREATE SCHEMA app; CREATE SEQUENCE app.s;
                GRANT USAGE ON SCHEMA app TO schema_test_reader;
                GRANT CREATE ON SCHEMA app TO schema_test_writer WITH GRANT OPTION;
                GRANT USAGE, SELECT ON SEQUENCE app.s TO schema_test_writer;"),
    ),
    grants_on_new_objects: Case::new(
        roles!(""),
        roles!("CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO schema_test_reader;
                CREATE TABLE app.t (id int); GRANT SELECT ON app.t TO schema_test_reader;
                CREATE SEQUENCE app.s; GRANT USAGE ON SEQUENCE app.s TO schema_test_writer;
                CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
                REVOKE EXECUTE ON FUNCTION app.f() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION app.f() TO schema_test_reader;"),
    ),
    function_execute_revoked_from_public: Case::new(
        roles!("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';"),
        roles!("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
                REVOKE ALL ON FUNCTION f(int) FROM PUBLIC; GRANT EXECUTE ON FUNCTION f(int) TO schema_test_writer;"),
    ),
    function_execute_given_back_to_public: Case::new(
        roles!("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION f() TO schema_test_writer;"),
        roles!("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"),
    ),
    grants_given_again_to_a_rebuilt_function: Case::new(
        roles!("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION f() TO schema_test_reader;"),
        roles!("CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint'; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION f() TO schema_test_reader;"),
    ),
    grants_unchanged: Case::new(
        roles!("CREATE TABLE t (id int); GRANT SELECT ON t TO schema_test_reader;"),
        roles!("CREATE TABLE t (id int, n int); GRANT SELECT ON t TO schema_test_reader;"),
    ),
}

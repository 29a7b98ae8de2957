//! Functions and procedures: created before the tables whose defaults and
//! checks call them, replaced in place when only the body or options change,
//! dropped and created again (with what uses them) when the signature does.

use crate::Case;

cases! {
    function_added: Case::new(
        "",
        "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT x + 1';",
    ),
    function_used_by_a_default_and_a_check: Case::new(
        "",
        "CREATE FUNCTION new_code() RETURNS text LANGUAGE sql VOLATILE AS $$SELECT md5(random()::text)$$;
         CREATE FUNCTION is_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT length(c) = 32$$;
         CREATE TABLE codes (code text DEFAULT new_code() CHECK (is_code(code)));",
    ),
    sql_function_over_a_new_table: Case::new(
        "",
        "CREATE TABLE accounts (id int PRIMARY KEY, balance int);
         CREATE FUNCTION total_balance() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT sum(balance) FROM accounts';",
    ),
    function_body_replaced: Case::new(
        "CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS $$SELECT 'hi ' || who$$;",
        "CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
           SET search_path = pg_catalog AS $$SELECT 'hello ' || who$$;",
    ),
    function_result_changed: Case::new(
        "CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';",
        "CREATE FUNCTION answer() RETURNS bigint LANGUAGE sql AS 'SELECT 42::bigint';",
    ),
    function_default_argument_added: Case::new(
        "CREATE FUNCTION scaled(x integer, k integer) RETURNS integer LANGUAGE sql AS 'SELECT x * k';",
        "CREATE FUNCTION scaled(x integer, k integer DEFAULT 2) RETURNS integer LANGUAGE sql AS 'SELECT x * k';",
    ),
    function_overloads: Case::new(
        "CREATE FUNCTION area(r float8) RETURNS float8 LANGUAGE sql AS 'SELECT pi() * r * r';",
        "CREATE FUNCTION area(r float8) RETURNS float8 LANGUAGE sql AS 'SELECT pi() * r * r';
         CREATE FUNCTION area(w float8, h float8) RETURNS float8 LANGUAGE sql AS 'SELECT w * h';",
    ),
    security_definer_plpgsql_function: Case::new(
        "",
        "CREATE FUNCTION bump(INOUT n integer) LANGUAGE plpgsql SECURITY DEFINER AS $$
         BEGIN n := n + 1; END $$;",
    ),
    procedure_added_and_dropped: Case::new(
        "CREATE PROCEDURE old_job() LANGUAGE sql AS 'SELECT 1';",
        "CREATE TABLE log (at timestamptz);
         CREATE PROCEDURE record_now() LANGUAGE sql AS $$INSERT INTO log VALUES (now())$$;",
    ),
    function_dropped: Case::new(
        "CREATE TABLE t (id int); CREATE FUNCTION gone() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        "CREATE TABLE t (id int);",
    ),
    function_unchanged: Case::new(
        "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (id int);",
        "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (id int, n int);",
    ),
    function_comment_set: Case::new(
        "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'; COMMENT ON FUNCTION one() IS 'the number one';",
    ),
}

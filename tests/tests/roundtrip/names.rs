//! Identifiers that need quoting: mixed case, reserved words, spaces, embedded
//! quotes, in and across non-public schemas.

use crate::Case;

cases! {
    mixed_case_names: Case::new(
        "CREATE TABLE \"UserAccounts\" (\"Id\" int PRIMARY KEY, \"FirstName\" text);
         INSERT INTO \"UserAccounts\" VALUES (1, 'Ann');",
        "CREATE TYPE \"Role\" AS ENUM ('Admin', 'User');
         CREATE TABLE \"UserAccounts\" (\"Id\" bigint PRIMARY KEY, \"FirstName\" varchar(50) NOT NULL,
             \"Role\" \"Role\" DEFAULT 'User', CONSTRAINT \"UserAccounts_FirstName_Check\" CHECK (\"FirstName\" <> ''));
         CREATE INDEX \"UserAccounts_FirstName_Idx\" ON \"UserAccounts\" (lower(\"FirstName\"));",
    ),
    reserved_words: Case::new(
        "CREATE TABLE \"order\" (\"select\" int PRIMARY KEY, \"from\" text); INSERT INTO \"order\" VALUES (1, 'x');",
        "CREATE TABLE \"user\" (\"table\" int PRIMARY KEY);
         CREATE TABLE \"order\" (\"select\" int PRIMARY KEY, \"from\" text NOT NULL DEFAULT 'where',
             \"user\" int CONSTRAINT \"references\" REFERENCES \"user\", CONSTRAINT \"check\" CHECK (\"from\" <> 'group'));
         CREATE INDEX \"index\" ON \"order\" (\"from\") WHERE \"select\" > 0;
         COMMENT ON COLUMN \"order\".\"from\" IS 'reserved';",
    ),
    spaces_and_quotes_in_names: Case::new(
        "CREATE SCHEMA \"My Schema\"; CREATE TABLE \"My Schema\".\"a \"\"t\"\"\" (\"c 1\" int);
         INSERT INTO \"My Schema\".\"a \"\"t\"\"\" VALUES (1);",
        "CREATE SCHEMA \"My Schema\"; CREATE TYPE \"My Schema\".\"St\"\"atus\" AS ENUM ('it''s', 'a \"b\"');
         CREATE TABLE \"My Schema\".\"a \"\"t\"\"\" (\"c 1\" bigint CONSTRAINT \"pk \"\"1\"\"\" PRIMARY KEY,
             \"s\"\"t\" \"My Schema\".\"St\"\"atus\" DEFAULT 'it''s');
         CREATE INDEX \"ix \"\"q\"\"\" ON \"My Schema\".\"a \"\"t\"\"\" (\"s\"\"t\");",
    ),
    enum_values_needing_quotes_added_and_removed: Case::new(
        "CREATE TYPE e AS ENUM ('it''s', 'Two Words', 'gone'); CREATE TABLE t (v e); INSERT INTO t VALUES ('it''s');",
        "CREATE TYPE e AS ENUM ('it''s', 'Two Words', 'x\"y', 'UPPER');  CREATE TABLE t (v e DEFAULT 'x\"y');",
    ),
    cross_schema_quoted_foreign_key: Case::new(
        "CREATE SCHEMA \"Auth\"; CREATE TABLE \"Auth\".\"Users\" (\"ID\" int PRIMARY KEY);
         CREATE SCHEMA billing; CREATE TABLE billing.\"Invoices\" (\"UserID\" int);
         INSERT INTO \"Auth\".\"Users\" VALUES (1); INSERT INTO billing.\"Invoices\" VALUES (1);",
        "CREATE SCHEMA \"Auth\"; CREATE TABLE \"Auth\".\"Users\" (\"ID\" int PRIMARY KEY);
         CREATE SCHEMA billing; CREATE TABLE billing.\"Invoices\" (\"UserID\" int
             CONSTRAINT \"Invoices_User_FK\" REFERENCES \"Auth\".\"Users\" ON DELETE CASCADE);",
    ),
    enum_value_needing_quotes_inserted: Case::new(
        "CREATE TYPE e AS ENUM ('a', 'z'); CREATE TABLE t (v e); INSERT INTO t VALUES ('z');",
        "CREATE TYPE e AS ENUM ('a', 'it''s \"m\"', 'z'); CREATE TABLE t (v e DEFAULT 'it''s \"m\"');",
    ),
    dots_in_names_and_types_named_like_builtins: Case::new(
        "CREATE SCHEMA \"we.ird\"; CREATE TABLE \"we.ird\".\"t.1\" (id int); INSERT INTO \"we.ird\".\"t.1\" VALUES (1);",
        "CREATE SCHEMA \"we.ird\"; CREATE TYPE \"we.ird\".\"e.1\" AS ENUM ('a.b', 'c');
         CREATE TYPE \"we.ird\".text AS ENUM ('x'); CREATE TYPE public.json AS ENUM ('y');
         CREATE TABLE \"we.ird\".\"t.1\" (id int, e \"we.ird\".\"e.1\" DEFAULT 'a.b', t \"we.ird\".text,
             j public.json[], \"c.d\" text);
         CREATE INDEX \"i.1\" ON \"we.ird\".\"t.1\" (e, \"c.d\");",
    ),
}

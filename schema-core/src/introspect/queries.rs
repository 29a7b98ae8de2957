//! Every catalog query introspection runs, in one place.
//!
//! Each query reads one kind of object for *all* managed namespaces at once, so the
//! number of round trips does not grow with the number of tables. All of them take
//! the managed namespace names as `$1 text[]`, run under `search_path = ''` (so
//! `format_type`, `pg_get_expr` and `pg_get_indexdef` qualify every name outside
//! `pg_catalog`), and skip objects that belong to an extension.

/// Namespaces to manage: `$1` is an explicit list, or NULL for every
/// non-system namespace that no extension owns.
pub const NAMESPACES: &str = r#"
SELECT n.nspname
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND d.objid = n.oid AND d.deptype = 'e')
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
ORDER BY n.nspname
"#;

/// Enum types with their labels in `enumsortorder` order.
/// The database's extensions (but `plpgsql`, which every database has), with
/// the namespace of their objects and their version. Extensions are not inside a
/// namespace, so every one is read; which are managed is the comparison's choice.
pub const EXTENSIONS: &str = r#"
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion AS version
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname
"#;

pub const ENUMS: &str = r#"
SELECT n.nspname AS schema,
       t.typname AS name,
       ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND d.objid = t.oid AND d.deptype = 'e')
"#;

/// The relations introspection covers: ordinary and partitioned tables that
/// are not partitions (a partition's columns, keys and indexes are its
/// table's) and belong to no extension. Shared by the queries below as a CTE.
const MANAGED_TABLES: &str = r#"
WITH managed AS (
  SELECT c.oid, n.nspname AS schema, c.relname AS name
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND NOT c.relispartition
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.objid = c.oid AND d.deptype = 'e')
)
"#;

/// The name of collation `co` (in namespace `cn`) as the model spells it: a bare
/// name in `pg_catalog` (`C`), otherwise always quoted and qualified
/// (`"public"."bytes"`), so the DDL can tell the two apart.
const COLLATION_NAME: &str = r#"CASE WHEN co.collnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN co.collname::text
         ELSE '"' || pg_catalog.replace(cn.nspname, '"', '""') || '"."'
              || pg_catalog.replace(co.collname, '"', '""') || '"' END"#;

/// Tables and their comments; a partitioned table's key and its partitions
/// with their bounds.
pub fn tables() -> String {
    format!(
        "{MANAGED_TABLES}
SELECT m.schema, m.name, pg_catalog.obj_description(m.oid, 'pg_class') AS comment,
       c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
       ARRAY(SELECT pn.nspname::text FROM pg_catalog.pg_inherits i
             JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid
             JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
             WHERE i.inhparent = m.oid AND pc.relispartition ORDER BY pc.oid) AS partition_schemas,
       ARRAY(SELECT pc.relname::text FROM pg_catalog.pg_inherits i
             JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid
             WHERE i.inhparent = m.oid AND pc.relispartition ORDER BY pc.oid) AS partition_names,
       ARRAY(SELECT pg_catalog.pg_get_expr(pc.relpartbound, pc.oid) FROM pg_catalog.pg_inherits i
             JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid
             WHERE i.inhparent = m.oid AND pc.relispartition ORDER BY pc.oid) AS partition_bounds
FROM managed m
JOIN pg_catalog.pg_class c ON c.oid = m.oid"
    )
}

/// Columns in attnum order, with default, identity (and its sequence), generated
/// expression, and a collation only where it differs from the type's.
pub fn columns() -> String {
    format!(
        "{MANAGED_TABLES}
SELECT m.schema, m.name AS table_name, a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS expr,
       a.attidentity::text AS identity,
       a.attgenerated::text AS generated,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN {COLLATION_NAME} END AS collation,
       pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
FROM managed m
JOIN pg_catalog.pg_attribute a ON a.attrelid = m.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_depend sd
  ON a.attidentity <> ''
 AND sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
 AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
 AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum AND sd.deptype = 'i'
LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid
ORDER BY m.schema, m.name, a.attnum"
    )
}

/// Primary key, unique, foreign key and check constraints, with their columns in
/// key order. `nulls_not_distinct` comes from the index backing a unique constraint;
/// `on_delete_columns` is the column list of `ON DELETE SET NULL (a)` (Postgres 15).
pub fn constraints() -> String {
    format!(
        "{MANAGED_TABLES}
SELECT m.schema, m.name AS table_name, con.conname AS name, con.contype::text AS kind,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS columns,
       fn.nspname AS ref_schema, fc.relname AS ref_table,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS ref_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(con.confdelsetcols) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS on_delete_columns,
       con.condeferrable AS deferrable, con.condeferred AS deferred,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END AS check_expr,
       COALESCE(i.indnullsnotdistinct, false) AS nulls_not_distinct,
       CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition
FROM managed m
JOIN pg_catalog.pg_constraint con ON con.conrelid = m.oid
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u')
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')"
    )
}

/// Indexes that back no constraint of their table. Per position (key columns
/// first, then INCLUDE columns): the column name or NULL for an expression, the
/// expression text, the `indoption` bits, the operator class when it is not
/// the default one, and the collation when it is not the key's own.
///
/// A column key's own collation is the column's. An expression's is whatever the
/// expression yields, which the catalog does not store; `pg_get_indexdef` prints
/// a key's COLLATE exactly when the two differ, so an expression key has one when
/// its text is followed by ` COLLATE ` in the index definition. Should that text
/// be followed by a COLLATE elsewhere in the definition (the same expression
/// keyed twice, or in the predicate), the key is read with its own collation
/// spelled out: more than needed, but it creates the same index.
pub fn indexes() -> String {
    format!(
        "{MANAGED_TABLES}, indexed AS (
  SELECT oid, schema, name, false AS on_view FROM managed
  UNION ALL
  SELECT c.oid, n.nspname, c.relname, true
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'm'
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT m.schema, m.name AS table_name, m.on_view, ic.relname AS name, i.indisunique AS is_unique,
       NOT i.indisvalid AS is_invalid,
       am.amname AS method, i.indnkeyatts::int4 AS key_count,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.generate_series(1, i.indnatts) k
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
                                                AND i.indkey[k - 1] <> 0
             ORDER BY k) AS column_names,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
             FROM pg_catalog.generate_series(1, i.indnatts) k ORDER BY k) AS definitions,
       ARRAY(SELECT i.indoption[k - 1]::int4
             FROM pg_catalog.generate_series(1, i.indnkeyatts) k ORDER BY k) AS options,
       ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL
                         WHEN opc.opcnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN opc.opcname::text
                         ELSE pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END
             FROM pg_catalog.generate_series(1, i.indnkeyatts) k
             JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k - 1]
             JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
             ORDER BY k) AS opclasses,
       ARRAY(SELECT CASE
                      WHEN i.indcollation[k - 1] = 0 THEN NULL
                      WHEN i.indkey[k - 1] <> 0 AND i.indcollation[k - 1] = a.attcollation THEN NULL
                      WHEN i.indkey[k - 1] = 0 AND pg_catalog.strpos(
                             pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
                             pg_catalog.pg_get_indexdef(i.indexrelid, k, true) || ' COLLATE ') = 0 THEN NULL
                      ELSE {COLLATION_NAME} END
             FROM pg_catalog.generate_series(1, i.indnkeyatts) k
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
             LEFT JOIN pg_catalog.pg_collation co ON co.oid = i.indcollation[k - 1]
             LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             ORDER BY k) AS collations,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indnullsnotdistinct AS nulls_not_distinct,
       pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment
FROM indexed m
JOIN pg_catalog.pg_index i ON i.indrelid = m.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE NOT EXISTS (
  SELECT 1 FROM pg_catalog.pg_constraint con
  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
    AND con.contype IN ('p', 'u', 'x'))"
    )
}

/// Views and materialized views that belong to no extension, with their
/// options and what their query uses (`pg_depend` of their rewrite rule):
/// relations and functions outside `pg_catalog`, as parallel name arrays.
pub const VIEWS: &str = r#"
SELECT n.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
       pg_catalog.pg_get_viewdef(c.oid, true) AS definition,
       COALESCE(c.reloptions, '{}') AS options,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
       COALESCE(deps.schemas, '{}') AS dep_schemas, COALESCE(deps.names, '{}') AS dep_names,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_names,
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_types
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT pg_catalog.array_agg(u.s ORDER BY u.s, u.n) AS schemas,
         pg_catalog.array_agg(u.n ORDER BY u.s, u.n) AS names
  FROM (
    SELECT rn.nspname::text AS s, rc.relname::text AS n
    FROM pg_catalog.pg_rewrite r
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> c.oid
    JOIN pg_catalog.pg_class rc ON rc.oid = d.refobjid
    JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE r.ev_class = c.oid AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION
    SELECT pn.nspname::text, p.proname::text
    FROM pg_catalog.pg_rewrite r
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
     AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
    JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid
    JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
    WHERE r.ev_class = c.oid AND pn.nspname NOT IN ('pg_catalog', 'information_schema')
  ) u
) deps ON true
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.objid = c.oid AND d.deptype = 'e')
"#;

/// Functions and procedures (not aggregates or window functions) that belong
/// to no extension, each whole as `pg_get_functiondef` prints it.
pub const FUNCTIONS: &str = r#"
SELECT n.nspname AS schema, p.proname AS name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_catalog.pg_get_function_result(p.oid) END AS returns,
       pg_catalog.pg_get_functiondef(p.oid) AS definition,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND d.objid = p.oid AND d.deptype = 'e')
"#;

/// Triggers a user created (not those behind foreign keys), with the function
/// each executes.
pub fn triggers() -> String {
    format!(
        "{MANAGED_TABLES}
SELECT m.schema, m.name AS table_name, t.tgname AS name,
       pg_catalog.pg_get_triggerdef(t.oid, true) AS definition,
       fn.nspname AS function_schema, p.proname AS function_name
FROM managed m
JOIN pg_catalog.pg_trigger t ON t.tgrelid = m.oid AND NOT t.tgisinternal
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace"
    )
}

/// Row level security policies; role 0 is `PUBLIC`, left out of the list.
pub fn policies() -> String {
    format!(
        "{MANAGED_TABLES}
SELECT m.schema, m.name AS table_name, p.polname AS name, p.polpermissive AS permissive,
       p.polcmd::text AS command,
       ARRAY(SELECT pg_catalog.pg_get_userbyid(r)::text
             FROM pg_catalog.unnest(p.polroles) r WHERE r <> 0 ORDER BY 1) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
FROM managed m
JOIN pg_catalog.pg_policy p ON p.polrelid = m.oid"
    )
}

/// Domains that belong to no extension, with their named checks (each as
/// `pg_get_constraintdef` prints it: `CHECK (...)`).
pub const DOMAINS: &str = r#"
SELECT n.nspname AS schema, t.typname AS name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base,
       t.typnotnull AS not_null,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expr,
       ARRAY(SELECT c.conname::text FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_names,
       ARRAY(SELECT pg_catalog.pg_get_constraintdef(c.oid, true) FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_defs,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND d.objid = t.oid AND d.deptype = 'e')
"#;

/// Sequences that are not an identity column's and belong to no extension,
/// with the column that owns one (`OWNED BY`), if any.
pub const SEQUENCES: &str = r#"
SELECT n.nspname AS schema, c.relname AS name,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqincrement AS increment, s.seqmin AS min_value, s.seqmax AS max_value,
       s.seqstart AS start, s.seqcache AS cache, s.seqcycle AS cycle,
       own.owner_schema, own.owner_table, own.owner_column,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT tn.nspname::text AS owner_schema, t.relname::text AS owner_table,
         a.attname::text AS owner_column
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.deptype = 'a' AND d.refobjsubid > 0
  LIMIT 1
) own ON true
WHERE n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
"#;

/// Privileges granted to roles other than the owner, on tables, views,
/// sequences, their columns, functions and namespaces (each a row: what it is
/// on, the role, the privilege). A function without an ACL has Postgres's
/// default one (`EXECUTE` for `PUBLIC`); `public`'s own grants to `PUBLIC`
/// are the server's, not read.
pub const GRANTS: &str = r#"
WITH ns AS (
  SELECT oid, nspname::text AS nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY ($1::text[])
), rel AS (
  SELECT c.oid, c.relname::text AS relname, c.relkind::text AS relkind, c.relowner, c.relacl, n.nspname
  FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
), acl AS (
  SELECT r.relkind AS kind, r.nspname AS schema, r.relname AS name, NULL::text AS identity,
         NULL::text AS column_name, a.grantee, a.privilege_type, a.is_grantable
  FROM rel r, pg_catalog.aclexplode(r.relacl) a
  WHERE a.grantee <> r.relowner
  UNION ALL
  SELECT 'column', r.nspname, r.relname, NULL, att.attname::text, a.grantee, a.privilege_type, a.is_grantable
  FROM rel r JOIN pg_catalog.pg_attribute att ON att.attrelid = r.oid,
       pg_catalog.aclexplode(att.attacl) a
  WHERE att.attnum > 0 AND NOT att.attisdropped AND att.attacl IS NOT NULL AND a.grantee <> r.relowner
  UNION ALL
  SELECT 'function', n.nspname, p.proname::text, pg_catalog.pg_get_function_identity_arguments(p.oid),
         NULL, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace,
       pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
  WHERE p.prokind IN ('f', 'p') AND a.grantee <> p.proowner
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                      AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
  UNION ALL
  SELECT 'namespace', n.nspname, NULL, NULL, NULL, a.grantee, a.privilege_type, a.is_grantable
  FROM ns n JOIN pg_catalog.pg_namespace s ON s.oid = n.oid,
       pg_catalog.aclexplode(s.nspacl) a
  WHERE a.grantee <> s.nspowner AND NOT (n.nspname = 'public' AND a.grantee = 0)
)
SELECT kind, schema, name, identity, column_name,
       CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(grantee)::text END AS role,
       privilege_type AS privilege, is_grantable AS grantable
FROM acl
"#;

/// Server-side identifier quoting for a list of names (exactly Postgres's rules,
/// keywords included), used when mapping scratch namespaces back into expressions.
pub const QUOTE_IDENTS: &str = r#"
SELECT ARRAY(SELECT pg_catalog.quote_ident(x) FROM pg_catalog.unnest($1::text[]) WITH ORDINALITY u(x, o) ORDER BY o)
"#;

/// The schemas an unqualified name resolves through in this session.
pub const SEARCH_PATH: &str = "SELECT pg_catalog.current_schemas(false)::text[]";

/// The session holding the strongest lock on a table of this database (other
/// than this one), the longest-running first: who a read waits for.
pub const LOCK_HOLDER: &str = r#"
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
       l.pid, COALESCE(a.application_name, ''),
       EXTRACT(EPOCH FROM now() - COALESCE(a.xact_start, a.query_start, now()))::float8,
       l.mode
FROM pg_catalog.pg_locks l
JOIN pg_catalog.pg_class c ON c.oid = l.relation
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.granted AND l.pid <> pg_catalog.pg_backend_pid()
  AND l.mode IN ('AccessExclusiveLock', 'ExclusiveLock')
  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
ORDER BY l.mode = 'AccessExclusiveLock' DESC, a.xact_start NULLS LAST
LIMIT 1
"#;

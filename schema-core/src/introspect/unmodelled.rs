//! What a database holds in the managed namespaces that the model does not:
//! aggregates, collations, operator classes, partitions,
//! rules and the rest. Introspection leaves them out; `pull` lists them so
//! nothing it does not write is lost in silence. One catalog query.

use std::fmt;

use postgres::types::Type;
use postgres::GenericClient;

use super::{db, IntrospectError};

/// One object (or one property of an object) the model cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmodelled {
    /// What it is: `partition`, `rule`, `NOT VALID constraint`, ...
    pub kind: String,
    pub schema: String,
    pub name: String,
    /// Where it hangs or what it is about: `on public.users`, `owned by public.t.id`.
    pub detail: Option<String>,
}

impl fmt::Display for Unmodelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.schema)?;
        if !self.name.is_empty() {
            write!(f, ".{}", self.name)?;
        }
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}

/// Objects of `namespaces` the model does not hold, sorted by namespace, kind
/// and name; objects owned by an extension are left out (the extension is).
pub fn unmodelled(
    client: &mut impl GenericClient,
    namespaces: &[String],
) -> Result<Vec<Unmodelled>, IntrospectError> {
    let rows = client
        .query_typed(QUERY, &[(&namespaces, Type::TEXT_ARRAY)])
        .map_err(db("reading objects outside the model"))?;
    Ok(rows
        .iter()
        .map(|row| Unmodelled {
            kind: row.get(0),
            schema: row.get(1),
            name: row.get(2),
            detail: row.get(3),
        })
        .collect())
}

const QUERY: &str = r#"
WITH ns AS (
  SELECT oid, nspname::text AS nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY ($1::text[])
), ext AS (
  SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
), rel AS (
  SELECT c.*, n.nspname FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ext.objid = c.oid)
)
SELECT kind, schema, name, detail FROM (
  SELECT CASE c.relkind WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'composite type' END AS kind,
         c.nspname AS schema, c.relname::text AS name, NULL::text AS detail
  FROM rel c WHERE c.relkind IN ('f', 'c')
  UNION ALL
  SELECT 'partition partitioned again', c.nspname, c.relname::text, 'of ' || (SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname) FROM pg_catalog.pg_class pc JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE pc.oid = i.inhparent)
  FROM rel c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
  WHERE c.relkind = 'p' AND c.relispartition
  UNION ALL
  SELECT 'index of one partition', c.nspname, ic.relname::text, 'on ' || c.relname::text
  FROM rel c JOIN pg_catalog.pg_index x ON x.indrelid = c.oid
  JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
  WHERE c.relispartition AND NOT ic.relispartition
  UNION ALL
  SELECT 'table inheritance', c.nspname, c.relname::text, 'inherits ' || (SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname) FROM pg_catalog.pg_class pc JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE pc.oid = i.inhparent)
  FROM rel c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
  WHERE c.relkind = 'r' AND NOT c.relispartition
  UNION ALL
  SELECT 'unlogged table', c.nspname, c.relname::text, NULL
  FROM rel c WHERE c.relkind = 'r' AND c.relpersistence = 'u'
  UNION ALL
  SELECT 'storage parameters', c.nspname, c.relname::text, pg_catalog.array_to_string(c.reloptions, ', ')
  FROM rel c WHERE c.relkind = 'r' AND c.reloptions IS NOT NULL
  UNION ALL
  SELECT 'trigger', c.nspname, t.tgname::text, 'on ' || c.relname::text
  FROM rel c JOIN pg_catalog.pg_trigger t ON t.tgrelid = c.oid
  WHERE NOT t.tgisinternal AND c.relkind <> 'r'
  UNION ALL
  SELECT 'rule', c.nspname, r.rulename::text, 'on ' || c.relname::text
  FROM rel c JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid
  WHERE r.rulename <> '_RETURN'
  UNION ALL
  SELECT CASE WHEN NOT con.convalidated THEN 'NOT VALID constraint'
                                    WHEN con.contype = 'c' AND con.connoinherit THEN 'NO INHERIT check'
                                    WHEN con.contype = 'f' THEN 'MATCH FULL foreign key'
                                    ELSE 'DEFERRABLE key' END,
         c.nspname, con.conname::text, 'on ' || c.relname::text
  FROM rel c JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid
  WHERE c.relkind = 'r'
    AND ((con.contype IN ('c', 'f') AND NOT con.convalidated)
         OR (con.contype = 'c' AND con.connoinherit)
         OR (con.contype = 'f' AND con.confmatchtype = 'f')
         OR (con.contype IN ('p', 'u') AND con.condeferrable))
  UNION ALL
  SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
         n.nspname, p.proname::text || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL
  FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('a', 'w') AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
                      AND d.deptype IN ('e', 'i'))
  UNION ALL
  SELECT 'collation', n.nspname, co.collname::text, NULL
  FROM pg_catalog.pg_collation co JOIN ns n ON n.oid = co.collnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass AND ext.objid = co.oid)
  UNION ALL
  SELECT 'operator class', n.nspname, oc.opcname::text, 'for ' || am.amname
  FROM pg_catalog.pg_opclass oc JOIN ns n ON n.oid = oc.opcnamespace
  JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND ext.objid = oc.oid)
  UNION ALL
  SELECT 'operator', n.nspname, o.oprname::text
         || '(' || pg_catalog.format_type(o.oprleft, NULL) || ', ' || pg_catalog.format_type(o.oprright, NULL) || ')', NULL
  FROM pg_catalog.pg_operator o JOIN ns n ON n.oid = o.oprnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND ext.objid = o.oid)
  UNION ALL
  SELECT CASE t.typtype WHEN 'r' THEN 'range type' ELSE 'base type' END,
         n.nspname, t.typname::text, NULL
  FROM pg_catalog.pg_type t JOIN ns n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('r', 'b') AND t.typcategory <> 'A'
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ext.objid = t.oid)
) x
ORDER BY schema, kind, name
"#;

//! Runs the catalog queries and turns their rows into the model.

use std::collections::{BTreeMap, HashMap};

use postgres::types::{FromSql, Type};
use postgres::{GenericClient, Row};

use super::{db, queries, IntrospectError, Introspection, SchemaFilter};
use crate::model::{
    Check, CheckOption, Column, Deferrable, Domain, EnumType, Exclusion, Extension, FkAction,
    ForeignKey, Function, Grant, Identity, IdentityKind, Index, IndexKey, IndexTarget,
    NamespaceGrant, NullsOrder, Partition, Policy, PolicyCommand, PrimaryKey, QualifiedName,
    RowSecurity, Schema, Sequence, SequenceOwner, SequenceType, SortOrder, Table, Trigger, Unique,
    View, ViewColumn,
};
use crate::types::SqlType;

/// Reads the selected namespaces. The caller provides the transaction (and rolls
/// it back); this sets `search_path` for it and counts the catalog queries.
pub(crate) fn read_schema(
    tx: &mut impl GenericClient,
    filter: &SchemaFilter,
) -> Result<Introspection, IntrospectError> {
    read_parts(tx, filter, true)
}

/// [`read_schema`] of the scratch copy normalisation makes: its sequences and
/// grants are taken back from the code as written, so neither is read.
pub(crate) fn read_scratch(
    tx: &mut impl GenericClient,
    filter: &SchemaFilter,
) -> Result<Introspection, IntrospectError> {
    read_parts(tx, filter, false)
}

fn read_parts(
    tx: &mut impl GenericClient,
    filter: &SchemaFilter,
    everything: bool,
) -> Result<Introspection, IntrospectError> {
    tx.batch_execute("SET LOCAL search_path = ''")
        .map_err(db("SET LOCAL search_path"))?;
    let mut reader = Reader { tx, queries: 0 };
    let namespaces = reader.namespaces(filter)?;
    let extensions = reader.extensions()?;
    let enums = reader.enums(&namespaces)?;
    let mut tables = reader.tables(&namespaces)?;
    reader.columns(&namespaces, &mut tables)?;
    reader.constraints(&namespaces, &mut tables)?;
    let mut view_indexes = reader.indexes(&namespaces, &mut tables)?;
    reader.triggers(&namespaces, &mut tables)?;
    reader.policies(&namespaces, &mut tables)?;
    let mut views = reader.views(&namespaces)?;
    for v in &mut views {
        v.indexes = view_indexes
            .remove(&(v.schema.clone(), v.name.clone()))
            .unwrap_or_default();
    }
    let functions = reader.functions(&namespaces)?;
    let domains = reader.domains(&namespaces)?;
    let sequences = if everything {
        reader.sequences(&namespaces)?
    } else {
        Vec::new()
    };
    let mut schema = Schema {
        // `public` is listed only when it holds something; normalize() adds it then.
        schemas: namespaces
            .iter()
            .filter(|n| *n != "public")
            .cloned()
            .collect(),
        enums,
        tables: tables.into_values().collect(),
        extensions,
        views,
        functions,
        domains,
        sequences,
        namespace_grants: vec![],
    };
    if everything {
        reader.grants(&namespaces, &mut schema)?;
    }
    schema.normalize();
    Ok(Introspection {
        schema,
        namespaces,
        queries: reader.queries,
    })
}

struct Reader<'a, C: GenericClient> {
    tx: &'a mut C,
    queries: usize,
}

type Tables = HashMap<(String, String), Table>;

impl<C: GenericClient> Reader<'_, C> {
    /// One catalog query with the namespace list (or NULL) as `$1 text[]`.
    fn query(
        &mut self,
        step: &'static str,
        sql: &str,
        namespaces: &Option<Vec<String>>,
    ) -> Result<Vec<Row>, IntrospectError> {
        self.queries += 1;
        self.tx
            .query_typed(sql, &[(namespaces, Type::TEXT_ARRAY)])
            .map_err(db(step))
    }

    fn namespaces(&mut self, filter: &SchemaFilter) -> Result<Vec<String>, IntrospectError> {
        let only = match filter {
            SchemaFilter::AllNonSystem | SchemaFilter::Declared => None,
            SchemaFilter::Only(names) => Some(names.clone()),
        };
        let rows = self.query("reading namespaces", queries::NAMESPACES, &only)?;
        rows.iter()
            .map(|r| get(r, "nspname", "reading namespaces"))
            .collect()
    }

    fn extensions(&mut self) -> Result<Vec<Extension>, IntrospectError> {
        const STEP: &str = "reading extensions";
        self.queries += 1;
        let rows = self
            .tx
            .query_typed(queries::EXTENSIONS, &[])
            .map_err(db(STEP))?;
        rows.iter()
            .map(|r| {
                Ok(Extension {
                    name: get(r, "name", STEP)?,
                    schema: Some(get(r, "schema", STEP)?),
                    version: Some(get(r, "version", STEP)?),
                })
            })
            .collect()
    }

    fn enums(&mut self, namespaces: &[String]) -> Result<Vec<EnumType>, IntrospectError> {
        const STEP: &str = "reading enums";
        let rows = self.query(STEP, queries::ENUMS, &Some(namespaces.to_vec()))?;
        rows.iter()
            .map(|r| {
                Ok(EnumType {
                    schema: get(r, "schema", STEP)?,
                    name: get(r, "name", STEP)?,
                    values: get(r, "labels", STEP)?,
                    comment: get(r, "comment", STEP)?,
                    renamed_from: vec![],
                    renamed_values: vec![],
                })
            })
            .collect()
    }

    fn tables(&mut self, namespaces: &[String]) -> Result<Tables, IntrospectError> {
        const STEP: &str = "reading tables";
        let rows = self.query(STEP, &queries::tables(), &Some(namespaces.to_vec()))?;
        let mut tables = Tables::new();
        for r in &rows {
            let schemas: Vec<String> = get(r, "partition_schemas", STEP)?;
            let names: Vec<String> = get(r, "partition_names", STEP)?;
            let bounds: Vec<String> = get(r, "partition_bounds", STEP)?;
            let partitions = schemas
                .into_iter()
                .zip(names)
                .zip(bounds)
                .map(|((schema, name), bound)| Partition {
                    schema,
                    name,
                    bound,
                })
                .collect();
            let table = Table {
                schema: get(r, "schema", STEP)?,
                name: get(r, "name", STEP)?,
                columns: vec![],
                primary_key: None,
                uniques: vec![],
                indexes: vec![],
                foreign_keys: vec![],
                checks: vec![],
                exclusions: vec![],
                comment: get(r, "comment", STEP)?,
                renamed_from: vec![],
                row_security: RowSecurity {
                    enabled: get(r, "row_security", STEP)?,
                    forced: get(r, "force_row_security", STEP)?,
                },
                policies: vec![],
                triggers: vec![],
                grants: vec![],
                partition_by: get(r, "partition_by", STEP)?,
                partitions,
            };
            tables.insert((table.schema.clone(), table.name.clone()), table);
        }
        Ok(tables)
    }

    fn columns(
        &mut self,
        namespaces: &[String],
        tables: &mut Tables,
    ) -> Result<(), IntrospectError> {
        const STEP: &str = "reading columns";
        let rows = self.query(STEP, &queries::columns(), &Some(namespaces.to_vec()))?;
        for r in &rows {
            let column = column(r)?;
            table_of(tables, r, STEP)?.columns.push(column);
        }
        Ok(())
    }

    fn constraints(
        &mut self,
        namespaces: &[String],
        tables: &mut Tables,
    ) -> Result<(), IntrospectError> {
        const STEP: &str = "reading constraints";
        let rows = self.query(STEP, &queries::constraints(), &Some(namespaces.to_vec()))?;
        for r in &rows {
            let table = table_of(tables, r, STEP)?;
            let name: String = get(r, "name", STEP)?;
            let columns: Vec<String> = get(r, "columns", STEP)?;
            match get::<String>(r, "kind", STEP)?.as_str() {
                "p" => table.primary_key = Some(PrimaryKey { name, columns }),
                "u" => table.uniques.push(Unique {
                    name,
                    columns,
                    nulls_not_distinct: get(r, "nulls_not_distinct", STEP)?,
                }),
                "c" => table.checks.push(Check {
                    name,
                    expression: get(r, "check_expr", STEP)?,
                }),
                "f" => table.foreign_keys.push(foreign_key(r, name, columns)?),
                "x" => table.exclusions.push(Exclusion {
                    name,
                    definition: get(r, "definition", STEP)?,
                }),
                other => return Err(unexpected("constraint kind", other)),
            }
        }
        Ok(())
    }

    /// Puts the indexes of tables on them; returns those of materialized
    /// views, by the view's schema and name.
    fn indexes(
        &mut self,
        namespaces: &[String],
        tables: &mut Tables,
    ) -> Result<BTreeMap<(String, String), Vec<Index>>, IntrospectError> {
        const STEP: &str = "reading indexes";
        let rows = self.query(STEP, &queries::indexes(), &Some(namespaces.to_vec()))?;
        let mut on_views: BTreeMap<(String, String), Vec<Index>> = BTreeMap::new();
        for r in &rows {
            let index = index(r)?;
            if get::<bool>(r, "on_view", STEP)? {
                let key = (get(r, "schema", STEP)?, get(r, "table_name", STEP)?);
                on_views.entry(key).or_default().push(index);
            } else {
                table_of(tables, r, STEP)?.indexes.push(index);
            }
        }
        Ok(on_views)
    }
}

impl<C: GenericClient> Reader<'_, C> {
    fn triggers(
        &mut self,
        namespaces: &[String],
        tables: &mut Tables,
    ) -> Result<(), IntrospectError> {
        const STEP: &str = "reading triggers";
        let rows = self.query(STEP, &queries::triggers(), &Some(namespaces.to_vec()))?;
        for r in &rows {
            let trigger = Trigger {
                name: get(r, "name", STEP)?,
                definition: get(r, "definition", STEP)?,
                function: QualifiedName::new(
                    get::<String>(r, "function_schema", STEP)?,
                    get::<String>(r, "function_name", STEP)?,
                ),
            };
            table_of(tables, r, STEP)?.triggers.push(trigger);
        }
        Ok(())
    }

    fn policies(
        &mut self,
        namespaces: &[String],
        tables: &mut Tables,
    ) -> Result<(), IntrospectError> {
        const STEP: &str = "reading policies";
        let rows = self.query(STEP, &queries::policies(), &Some(namespaces.to_vec()))?;
        for r in &rows {
            let command = match get::<String>(r, "command", STEP)?.as_str() {
                "*" => PolicyCommand::All,
                "r" => PolicyCommand::Select,
                "a" => PolicyCommand::Insert,
                "w" => PolicyCommand::Update,
                "d" => PolicyCommand::Delete,
                other => return Err(unexpected("policy command", other)),
            };
            let policy = Policy {
                name: get(r, "name", STEP)?,
                restrictive: !get::<bool>(r, "permissive", STEP)?,
                command,
                roles: get(r, "roles", STEP)?,
                using: get(r, "using_expr", STEP)?,
                with_check: get(r, "check_expr", STEP)?,
            };
            table_of(tables, r, STEP)?.policies.push(policy);
        }
        Ok(())
    }

    fn views(&mut self, namespaces: &[String]) -> Result<Vec<View>, IntrospectError> {
        const STEP: &str = "reading views";
        let rows = self.query(STEP, queries::VIEWS, &Some(namespaces.to_vec()))?;
        rows.iter()
            .map(|r| {
                let options: Vec<String> = get(r, "options", STEP)?;
                let option = |key: &str| {
                    options
                        .iter()
                        .find_map(|o| o.strip_prefix(key)?.strip_prefix('='))
                        .map(str::to_ascii_lowercase)
                };
                let check_option = match option("check_option").as_deref() {
                    None => None,
                    Some("local") => Some(CheckOption::Local),
                    Some("cascaded") => Some(CheckOption::Cascaded),
                    Some(other) => return Err(unexpected("view check_option", other)),
                };
                let barrier = option("security_barrier");
                let schemas: Vec<String> = get(r, "dep_schemas", STEP)?;
                let names: Vec<String> = get(r, "dep_names", STEP)?;
                let definition: String = get(r, "definition", STEP)?;
                let column_names: Vec<String> = get(r, "column_names", STEP)?;
                let column_types: Vec<String> = get(r, "column_types", STEP)?;
                Ok(View {
                    schema: get(r, "schema", STEP)?,
                    name: get(r, "name", STEP)?,
                    definition: definition.trim_end().trim_end_matches(';').to_string(),
                    materialized: get(r, "materialized", STEP)?,
                    security_barrier: matches!(barrier.as_deref(), Some("true" | "on" | "1")),
                    check_option,
                    comment: get(r, "comment", STEP)?,
                    indexes: vec![],
                    grants: vec![],
                    depends_on: schemas
                        .into_iter()
                        .zip(names)
                        .map(|(s, n)| QualifiedName::new(s, n))
                        .collect(),
                    columns: column_names
                        .into_iter()
                        .zip(column_types)
                        .map(|(name, ty)| ViewColumn {
                            name,
                            ty: SqlType::parse(&ty),
                        })
                        .collect(),
                })
            })
            .collect()
    }

    fn sequences(&mut self, namespaces: &[String]) -> Result<Vec<Sequence>, IntrospectError> {
        const STEP: &str = "reading sequences";
        let rows = self.query(STEP, queries::SEQUENCES, &Some(namespaces.to_vec()))?;
        rows.iter()
            .map(|r| {
                let ty: String = get(r, "data_type", STEP)?;
                let owner_table: Option<String> = get(r, "owner_table", STEP)?;
                let owned_by = match owner_table {
                    Some(table) => Some(SequenceOwner {
                        table: QualifiedName::new(get::<String>(r, "owner_schema", STEP)?, table),
                        column: get(r, "owner_column", STEP)?,
                    }),
                    None => None,
                };
                Ok(Sequence {
                    schema: get(r, "schema", STEP)?,
                    name: get(r, "name", STEP)?,
                    data_type: SequenceType::parse(&ty)
                        .ok_or_else(|| unexpected("sequence type", ty))?,
                    increment: get(r, "increment", STEP)?,
                    min_value: Some(get(r, "min_value", STEP)?),
                    max_value: Some(get(r, "max_value", STEP)?),
                    start: Some(get(r, "start", STEP)?),
                    cache: get(r, "cache", STEP)?,
                    cycle: get(r, "cycle", STEP)?,
                    owned_by,
                    comment: get(r, "comment", STEP)?,
                    grants: vec![],
                })
            })
            .collect()
    }

    /// Puts each grant on its object: tables, views, sequences and their
    /// columns, functions (`EXECUTE` for `PUBLIC` as `public_execute`) and
    /// namespaces.
    fn grants(
        &mut self,
        namespaces: &[String],
        schema: &mut Schema,
    ) -> Result<(), IntrospectError> {
        const STEP: &str = "reading grants";
        let rows = self.query(STEP, queries::GRANTS, &Some(namespaces.to_vec()))?;
        let key = |s: &str, n: &str| (s.to_string(), n.to_string());
        let tables: HashMap<_, _> = (0..schema.tables.len())
            .map(|i| (key(&schema.tables[i].schema, &schema.tables[i].name), i))
            .collect();
        let views: HashMap<_, _> = (0..schema.views.len())
            .map(|i| (key(&schema.views[i].schema, &schema.views[i].name), i))
            .collect();
        let sequences: HashMap<_, _> = (0..schema.sequences.len())
            .map(|i| {
                (
                    key(&schema.sequences[i].schema, &schema.sequences[i].name),
                    i,
                )
            })
            .collect();
        let functions: HashMap<_, _> = (0..schema.functions.len())
            .map(|i| {
                let f = &schema.functions[i];
                ((f.schema.clone(), f.name.clone(), f.identity.clone()), i)
            })
            .collect();
        for f in &mut schema.functions {
            f.public_execute = false;
        }
        for r in &rows {
            let kind: String = get(r, "kind", STEP)?;
            let ns: String = get(r, "schema", STEP)?;
            let name: Option<String> = get(r, "name", STEP)?;
            let grant = Grant {
                role: get(r, "role", STEP)?,
                privilege: get(r, "privilege", STEP)?,
                column: get(r, "column_name", STEP)?,
                grantable: get(r, "grantable", STEP)?,
            };
            let name = name.unwrap_or_default();
            let k = key(&ns, &name);
            match kind.as_str() {
                "namespace" => schema.namespace_grants.push(NamespaceGrant {
                    namespace: ns,
                    grant,
                }),
                "function" => {
                    let identity: String = get(r, "identity", STEP)?;
                    let Some(&i) = functions.get(&(ns, name, identity)) else {
                        continue;
                    };
                    let f = &mut schema.functions[i];
                    if grant.role == "PUBLIC" && grant.privilege == "EXECUTE" && !grant.grantable {
                        f.public_execute = true;
                    } else {
                        f.grants.push(grant);
                    }
                }
                "S" => {
                    if let Some(&i) = sequences.get(&k) {
                        schema.sequences[i].grants.push(grant);
                    }
                }
                _ => {
                    if let Some(&i) = tables.get(&k) {
                        schema.tables[i].grants.push(grant);
                    } else if let Some(&i) = views.get(&k) {
                        schema.views[i].grants.push(grant);
                    }
                }
            }
        }
        Ok(())
    }

    fn domains(&mut self, namespaces: &[String]) -> Result<Vec<Domain>, IntrospectError> {
        const STEP: &str = "reading domains";
        let rows = self.query(STEP, queries::DOMAINS, &Some(namespaces.to_vec()))?;
        rows.iter()
            .map(|r| {
                let names: Vec<String> = get(r, "check_names", STEP)?;
                let defs: Vec<String> = get(r, "check_defs", STEP)?;
                let checks = names
                    .into_iter()
                    .zip(defs)
                    .map(|(name, def)| Check {
                        name,
                        expression: def.strip_prefix("CHECK ").unwrap_or(&def).to_string(),
                    })
                    .collect();
                Ok(Domain {
                    schema: get(r, "schema", STEP)?,
                    name: get(r, "name", STEP)?,
                    base: SqlType::parse(&get::<String>(r, "base", STEP)?),
                    default: get(r, "default_expr", STEP)?,
                    not_null: get(r, "not_null", STEP)?,
                    checks,
                    comment: get(r, "comment", STEP)?,
                })
            })
            .collect()
    }

    fn functions(&mut self, namespaces: &[String]) -> Result<Vec<Function>, IntrospectError> {
        const STEP: &str = "reading functions";
        let rows = self.query(STEP, queries::FUNCTIONS, &Some(namespaces.to_vec()))?;
        rows.iter()
            .map(|r| {
                let definition: String = get(r, "definition", STEP)?;
                Ok(Function {
                    schema: get(r, "schema", STEP)?,
                    name: get(r, "name", STEP)?,
                    identity: get(r, "identity", STEP)?,
                    arguments: get(r, "arguments", STEP)?,
                    returns: get(r, "returns", STEP)?,
                    definition: definition.trim_end().to_string(),
                    comment: get(r, "comment", STEP)?,
                    public_execute: true,
                    grants: vec![],
                })
            })
            .collect()
    }
}

fn get<'a, T: FromSql<'a>>(
    row: &'a Row,
    column: &str,
    step: &'static str,
) -> Result<T, IntrospectError> {
    row.try_get(column).map_err(db(step))
}

fn unexpected(what: &'static str, value: impl Into<String>) -> IntrospectError {
    IntrospectError::Catalog {
        what,
        value: value.into(),
    }
}

/// The table a column/constraint/index row belongs to (the queries share one
/// definition of "managed table", so it is always there).
fn table_of<'t>(
    tables: &'t mut Tables,
    row: &Row,
    step: &'static str,
) -> Result<&'t mut Table, IntrospectError> {
    let key: (String, String) = (get(row, "schema", step)?, get(row, "table_name", step)?);
    let missing = format!("{}.{}", key.0, key.1);
    tables
        .get_mut(&key)
        .ok_or_else(|| unexpected("owning table (changed by concurrent DDL?)", missing))
}

fn column(r: &Row) -> Result<Column, IntrospectError> {
    const STEP: &str = "reading columns";
    let ty = SqlType::parse(&get::<String>(r, "type", STEP)?);
    let expr: Option<String> = get(r, "expr", STEP)?;
    let generated = get::<String>(r, "generated", STEP)? == "s";
    let identity = match get::<String>(r, "identity", STEP)?.as_str() {
        "" => None,
        "a" => Some(identity(r, IdentityKind::Always, &ty)?),
        "d" => Some(identity(r, IdentityKind::ByDefault, &ty)?),
        other => return Err(unexpected("attidentity", other)),
    };
    Ok(Column {
        name: get(r, "name", STEP)?,
        ty,
        nullable: !get::<bool>(r, "not_null", STEP)?,
        default: if generated { None } else { expr.clone() },
        identity: identity.map(Box::new),
        generated: if generated { expr } else { None },
        collation: get(r, "collation", STEP)?,
        comment: get(r, "comment", STEP)?,
        renamed_from: vec![],
    })
}

/// Identity sequence options, each `None` where it equals what Postgres picks
/// when the option is left out (for this column type and direction).
fn identity(r: &Row, kind: IdentityKind, ty: &SqlType) -> Result<Identity, IntrospectError> {
    const STEP: &str = "reading identity sequences";
    let Some(increment) = get::<Option<i64>>(r, "seqincrement", STEP)? else {
        return Err(unexpected("identity sequence", "missing"));
    };
    let (start, min, max): (i64, i64, i64) = (
        get(r, "seqstart", STEP)?,
        get(r, "seqmin", STEP)?,
        get(r, "seqmax", STEP)?,
    );
    let cache: i64 = get(r, "seqcache", STEP)?;
    let (type_min, type_max) = match ty {
        SqlType::SmallInt => (i16::MIN as i64, i16::MAX as i64),
        SqlType::Integer => (i32::MIN as i64, i32::MAX as i64),
        _ => (i64::MIN, i64::MAX),
    };
    let ascending = increment > 0;
    let (default_min, default_max) = if ascending {
        (1, type_max)
    } else {
        (type_min, -1)
    };
    let default_start = if ascending { min } else { max };
    let unless = |value: i64, default: i64| (value != default).then_some(value);
    Ok(Identity {
        kind,
        start: unless(start, default_start),
        increment: unless(increment, 1),
        min_value: unless(min, default_min),
        max_value: unless(max, default_max),
        cache: unless(cache, 1),
        cycle: get(r, "seqcycle", STEP)?,
    })
}

fn foreign_key(r: &Row, name: String, columns: Vec<String>) -> Result<ForeignKey, IntrospectError> {
    const STEP: &str = "reading foreign keys";
    let deferrable = match (get(r, "deferrable", STEP)?, get(r, "deferred", STEP)?) {
        (false, _) => Deferrable::NotDeferrable,
        (true, false) => Deferrable::InitiallyImmediate,
        (true, true) => Deferrable::InitiallyDeferred,
    };
    Ok(ForeignKey {
        name,
        columns,
        references: QualifiedName::new(
            get::<String>(r, "ref_schema", STEP)?,
            get::<String>(r, "ref_table", STEP)?,
        ),
        referenced_columns: get(r, "ref_columns", STEP)?,
        on_delete: fk_action(&get::<String>(r, "on_delete", STEP)?)?,
        on_delete_columns: get(r, "on_delete_columns", STEP)?,
        on_update: fk_action(&get::<String>(r, "on_update", STEP)?)?,
        deferrable,
    })
}

fn fk_action(code: &str) -> Result<FkAction, IntrospectError> {
    Ok(match code {
        "a" => FkAction::NoAction,
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        other => return Err(unexpected("foreign key action", other)),
    })
}

/// `indoption` bits (from Postgres's `pg_index.h`).
const INDOPTION_DESC: i32 = 0x0001;
const INDOPTION_NULLS_FIRST: i32 = 0x0002;

fn index(r: &Row) -> Result<Index, IntrospectError> {
    const STEP: &str = "reading indexes";
    let key_count = get::<i32>(r, "key_count", STEP)? as usize;
    let names: Vec<Option<String>> = get(r, "column_names", STEP)?;
    let definitions: Vec<String> = get(r, "definitions", STEP)?;
    let options: Vec<i32> = get(r, "options", STEP)?;
    let opclasses: Vec<Option<String>> = get(r, "opclasses", STEP)?;
    let collations: Vec<Option<String>> = get(r, "collations", STEP)?;
    let keys = (0..key_count)
        .map(|k| {
            let target = match &names[k] {
                Some(column) => IndexTarget::Column(column.clone()),
                None => IndexTarget::Expression(definitions[k].clone()),
            };
            let option = options.get(k).copied().unwrap_or(0);
            let desc = option & INDOPTION_DESC != 0;
            let nulls_first = option & INDOPTION_NULLS_FIRST != 0;
            IndexKey {
                target,
                order: if desc {
                    SortOrder::Desc
                } else {
                    SortOrder::Asc
                },
                nulls: match (desc, nulls_first) {
                    (false, true) => Some(NullsOrder::First),
                    (true, false) => Some(NullsOrder::Last),
                    _ => None,
                },
                collation: collations.get(k).cloned().flatten(),
                opclass: opclasses.get(k).cloned().flatten(),
            }
        })
        .collect();
    Ok(Index {
        name: get(r, "name", STEP)?,
        unique: get(r, "is_unique", STEP)?,
        method: get(r, "method", STEP)?,
        keys,
        include: names[key_count..].iter().flatten().cloned().collect(),
        predicate: get(r, "predicate", STEP)?,
        nulls_not_distinct: get(r, "nulls_not_distinct", STEP)?,
        comment: get(r, "comment", STEP)?,
        invalid: get(r, "is_invalid", STEP)?,
    })
}

//! Collecting derived definitions into a [`Schema`]: every `#[derive(Table)]` and
//! `#[derive(Enum)]` registers itself with `inventory`; [`Schema::registered`]
//! gathers them all and [`Schema::builder`] picks some explicitly. Both validate
//! the result, so a table that was forgotten (not linked in, not added) is
//! reported instead of silently looking dropped.

use std::collections::BTreeMap;

use crate::derive::{Domain, Enum, Function, Sequence, Table, View};
use crate::model::{self, QualifiedName, Schema};
use crate::types::SqlType;

/// One derived definition, submitted by the generated code.
#[doc(hidden)]
pub struct Registration {
    definition: Definition,
    /// `module_path!()` where the type was derived.
    module: &'static str,
}

enum Definition {
    Table(fn() -> model::Table, fn() -> Vec<QualifiedName>),
    Enum(fn() -> model::EnumType),
    View(fn() -> model::View),
    Function(fn() -> model::Function),
    Extension(&'static str),
    Domain(fn() -> model::Domain),
    Sequence(fn() -> model::Sequence),
    NamespaceGrant {
        namespace: &'static str,
        roles: &'static [&'static str],
        privileges: &'static [&'static str],
        grantable: bool,
    },
}

impl Registration {
    pub const fn table<T: Table>(module: &'static str) -> Self {
        Registration {
            definition: Definition::Table(T::definition, T::external_types),
            module,
        }
    }

    pub const fn enum_type<E: Enum>(module: &'static str) -> Self {
        Registration {
            definition: Definition::Enum(E::definition),
            module,
        }
    }

    pub const fn view<V: View>(module: &'static str) -> Self {
        Registration {
            definition: Definition::View(V::definition),
            module,
        }
    }

    pub const fn function<F: Function>(module: &'static str) -> Self {
        Registration {
            definition: Definition::Function(F::definition),
            module,
        }
    }

    pub const fn sequence<S: Sequence>(module: &'static str) -> Self {
        Registration {
            definition: Definition::Sequence(S::definition),
            module,
        }
    }

    pub const fn namespace_grant(
        namespace: &'static str,
        roles: &'static [&'static str],
        privileges: &'static [&'static str],
        grantable: bool,
        module: &'static str,
    ) -> Self {
        Registration {
            definition: Definition::NamespaceGrant {
                namespace,
                roles,
                privileges,
                grantable,
            },
            module,
        }
    }

    pub const fn domain<D: Domain>(module: &'static str) -> Self {
        Registration {
            definition: Definition::Domain(D::definition),
            module,
        }
    }

    pub const fn extension(name: &'static str, module: &'static str) -> Self {
        Registration {
            definition: Definition::Extension(name),
            module,
        }
    }

    /// Whether the type was derived in `module` or a module inside it.
    fn is_in(&self, module: &str) -> bool {
        let module = module.trim_end_matches("::");
        self.module == module
            || self
                .module
                .strip_prefix(module)
                .is_some_and(|rest| rest.starts_with("::"))
    }
}

inventory::collect!(Registration);

/// Something that makes a set of definitions unusable as a schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaProblem {
    #[error(
        "foreign key `{constraint}` of table {table} references table {target}, which is not in the schema \
         (derive Table for it in a crate that is linked in, or add it to the builder)"
    )]
    MissingReferencedTable {
        table: QualifiedName,
        constraint: String,
        target: QualifiedName,
    },
    #[error(
        "foreign key `{constraint}` of table {table} references column `{column}` of {target}, which has no such column"
    )]
    MissingReferencedColumn {
        table: QualifiedName,
        constraint: String,
        target: QualifiedName,
        column: String,
    },
    #[error(
        "column `{column}` of table {table} has type {ty}, which is not in the schema \
         (derive Enum for it in a crate that is linked in, or add it to the builder)"
    )]
    MissingEnum {
        table: QualifiedName,
        column: String,
        ty: QualifiedName,
    },
    #[error("table {0} is defined twice, differently (two structs declare the same schema-qualified name)")]
    DuplicateTable(QualifiedName),
    #[error("enum type {0} is defined twice, differently (two enums declare the same schema-qualified name)")]
    DuplicateEnum(QualifiedName),
    #[error("view {0} is defined twice, differently (two structs declare the same schema-qualified name)")]
    DuplicateView(QualifiedName),
    #[error("view {0} has the name of a table")]
    ViewNamedLikeTable(QualifiedName),
    #[error(
        "`{privilege}` is not a privilege on a schema (granted on {namespace} to {role}): write \"usage\", \"create\" or \"all\""
    )]
    NamespacePrivilege {
        namespace: String,
        role: String,
        privilege: String,
    },
    #[error("partition {partition} of table {table} has the name of a table (they share one namespace of relations)")]
    PartitionNamedLikeTable {
        partition: QualifiedName,
        table: QualifiedName,
    },
    #[error("sequence {0} is defined twice, differently (two structs declare the same schema-qualified name)")]
    DuplicateSequence(QualifiedName),
    #[error(
        "sequence {0} has the name of a table or view (they share one namespace of relations)"
    )]
    SequenceNamedLikeTable(QualifiedName),
    #[error(
        "sequence {sequence} is owned by {table}.{column}, which is not in the schema \
         (derive Table for it in a crate that is linked in, or add it to the builder)"
    )]
    MissingSequenceOwner {
        sequence: QualifiedName,
        table: QualifiedName,
        column: String,
    },
}

/// Every problem found in a collected schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the declared schema is not valid:{}", problems.iter().map(|p| format!("\n  - {p}")).collect::<String>())]
pub struct SchemaValidationError {
    pub problems: Vec<SchemaProblem>,
}

/// Explicitly chosen definitions, for tests and libraries: see [`Schema::builder`].
#[derive(Debug, Default)]
pub struct SchemaBuilder {
    tables: Vec<model::Table>,
    enums: Vec<model::EnumType>,
    external: Vec<QualifiedName>,
    objects: Objects,
}

/// Views and functions, collected beside tables and enums.
#[derive(Debug, Default)]
struct Objects {
    views: Vec<model::View>,
    functions: Vec<model::Function>,
    extensions: Vec<model::Extension>,
    domains: Vec<model::Domain>,
    sequences: Vec<model::Sequence>,
    namespace_grants: Vec<model::NamespaceGrant>,
}

impl Objects {
    /// One grant per role and privilege; a privilege a namespace does not
    /// take is kept as written, for validation to report.
    fn namespace_grants(
        &mut self,
        namespace: &str,
        roles: &[&str],
        privileges: &[&str],
        grantable: bool,
    ) {
        for role in roles {
            let role = if role.eq_ignore_ascii_case("public") {
                "PUBLIC".to_string()
            } else {
                role.to_string()
            };
            for p in privileges {
                let upper = p.trim().to_ascii_uppercase();
                let spelled: Vec<String> = if upper == "ALL" || upper == "ALL PRIVILEGES" {
                    vec!["USAGE".into(), "CREATE".into()]
                } else {
                    vec![upper]
                };
                for privilege in spelled {
                    self.namespace_grants.push(model::NamespaceGrant {
                        namespace: namespace.to_string(),
                        grant: model::Grant {
                            grantable,
                            ..model::Grant::new(role.clone(), privilege)
                        },
                    });
                }
            }
        }
    }
}

impl SchemaBuilder {
    /// Adds a derived table.
    pub fn table<T: Table>(mut self) -> Self {
        self.tables.push(T::definition());
        self.external.extend(T::external_types());
        self
    }

    /// Adds a derived enum type.
    pub fn enum_type<E: Enum>(mut self) -> Self {
        self.enums.push(E::definition());
        self
    }

    /// Adds a derived view.
    pub fn view<V: View>(mut self) -> Self {
        self.objects.views.push(V::definition());
        self
    }

    /// Adds a derived function or procedure.
    pub fn function<F: Function>(mut self) -> Self {
        self.objects.functions.push(F::definition());
        self
    }

    /// Adds a derived domain.
    pub fn domain<D: Domain>(mut self) -> Self {
        self.objects.domains.push(D::definition());
        self
    }

    /// Adds a derived sequence.
    pub fn sequence<S: Sequence>(mut self) -> Self {
        self.objects.sequences.push(S::definition());
        self
    }

    /// Adds privileges on a namespace (`"usage"`, `"create"` or `"all"`) for
    /// roles (`"public"` for every role).
    pub fn namespace_grant(
        mut self,
        namespace: &str,
        roles: &[&str],
        privileges: &[&str],
        grantable: bool,
    ) -> Self {
        self.objects
            .namespace_grants(namespace, roles, privileges, grantable);
        self
    }

    /// Adds an extension the schema needs (`citext`, `pg_trgm`).
    pub fn extension(mut self, name: &str) -> Self {
        self.objects.extensions.push(model::Extension::named(name));
        self
    }

    /// Adds a table definition built by hand.
    pub fn table_definition(mut self, table: model::Table) -> Self {
        self.tables.push(table);
        self
    }

    /// Adds an enum type built by hand.
    pub fn enum_definition(mut self, e: model::EnumType) -> Self {
        self.enums.push(e);
        self
    }

    /// The normalized, validated schema.
    pub fn build(self) -> Result<Schema, SchemaValidationError> {
        assemble(self.tables, self.enums, self.objects, &self.external)
    }
}

impl Schema {
    /// Every table and enum type derived in the crates linked into this binary,
    /// normalized and validated.
    pub fn registered() -> Result<Schema, SchemaValidationError> {
        Schema::registered_in("")
    }

    /// The tables and enum types derived in the Rust module `module` (a path
    /// such as `"my_app::billing"`, as `module_path!()` spells it) and the
    /// modules inside it, normalized and validated: for a binary that serves
    /// more than one database, one module per database. `""` is every module.
    pub fn registered_in(module: &str) -> Result<Schema, SchemaValidationError> {
        let mut tables = Vec::new();
        let mut enums = Vec::new();
        let mut external = Vec::new();
        let mut objects = Objects::default();
        let selected = inventory::iter::<Registration>
            .into_iter()
            .filter(|r| module.is_empty() || r.is_in(module));
        for r in selected {
            match r.definition {
                Definition::Table(f, types) => {
                    tables.push(f());
                    external.extend(types());
                }
                Definition::Enum(f) => enums.push(f()),
                Definition::View(f) => objects.views.push(f()),
                Definition::Function(f) => objects.functions.push(f()),
                Definition::Domain(f) => objects.domains.push(f()),
                Definition::Sequence(f) => objects.sequences.push(f()),
                Definition::NamespaceGrant {
                    namespace,
                    roles,
                    privileges,
                    grantable,
                } => objects.namespace_grants(namespace, roles, privileges, grantable),
                Definition::Extension(name) => {
                    objects.extensions.push(model::Extension::named(name))
                }
            }
        }
        assemble(tables, enums, objects, &external)
    }

    /// Starts a schema from explicitly listed definitions.
    pub fn builder() -> SchemaBuilder {
        SchemaBuilder::default()
    }

    /// Checks that the schema is self-contained: every foreign key targets a table
    /// and columns in it, every enum-typed column's type is in it, and no name is
    /// defined twice.
    pub fn validate(&self) -> Result<(), SchemaValidationError> {
        self.validate_with_external(&[])
    }

    /// [`Schema::validate`], taking the types in `external` (named by a
    /// column's `sql_type`, declared by no enum: an extension's, a domain) as
    /// existing in the database.
    pub fn validate_with_external(
        &self,
        external: &[QualifiedName],
    ) -> Result<(), SchemaValidationError> {
        let mut problems = Vec::new();
        duplicates(
            self.tables.iter().map(|t| t.qualified_name()),
            &mut problems,
            SchemaProblem::DuplicateTable,
        );
        duplicates(
            self.enums.iter().map(|e| e.qualified_name()),
            &mut problems,
            SchemaProblem::DuplicateEnum,
        );
        duplicates(
            self.views.iter().map(|v| v.qualified_name()),
            &mut problems,
            SchemaProblem::DuplicateView,
        );
        for v in &self.views {
            if self.table(&v.schema, &v.name).is_some() {
                problems.push(SchemaProblem::ViewNamedLikeTable(v.qualified_name()));
            }
        }
        self.validate_sequences(&mut problems);
        for t in &self.tables {
            for p in &t.partitions {
                if self.table(&p.schema, &p.name).is_some() {
                    problems.push(SchemaProblem::PartitionNamedLikeTable {
                        partition: p.qualified_name(),
                        table: t.qualified_name(),
                    });
                }
            }
        }
        for g in &self.namespace_grants {
            if !matches!(g.grant.privilege.as_str(), "USAGE" | "CREATE") {
                problems.push(SchemaProblem::NamespacePrivilege {
                    namespace: g.namespace.clone(),
                    role: g.grant.role.clone(),
                    privilege: g.grant.privilege.to_ascii_lowercase(),
                });
            }
        }
        for table in &self.tables {
            for fk in &table.foreign_keys {
                let Some(target) = self.table(&fk.references.schema, &fk.references.name) else {
                    problems.push(SchemaProblem::MissingReferencedTable {
                        table: table.qualified_name(),
                        constraint: fk.name.clone(),
                        target: fk.references.clone(),
                    });
                    continue;
                };
                for column in fk
                    .referenced_columns
                    .iter()
                    .filter(|c| target.column(c).is_none())
                {
                    problems.push(SchemaProblem::MissingReferencedColumn {
                        table: table.qualified_name(),
                        constraint: fk.name.clone(),
                        target: fk.references.clone(),
                        column: column.clone(),
                    });
                }
            }
            for column in &table.columns {
                if let SqlType::Named(ty) = column.ty.element() {
                    let declared = self.enum_type(&ty.schema, &ty.name).is_some()
                        || self.domain(&ty.schema, &ty.name).is_some();
                    if !declared && !external.contains(ty) {
                        problems.push(SchemaProblem::MissingEnum {
                            table: table.qualified_name(),
                            column: column.name.clone(),
                            ty: ty.clone(),
                        });
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SchemaValidationError { problems })
        }
    }
}

impl Schema {
    fn validate_sequences(&self, problems: &mut Vec<SchemaProblem>) {
        duplicates(
            self.sequences.iter().map(|q| q.qualified_name()),
            problems,
            SchemaProblem::DuplicateSequence,
        );
        for q in &self.sequences {
            if self.table(&q.schema, &q.name).is_some() || self.view(&q.schema, &q.name).is_some() {
                problems.push(SchemaProblem::SequenceNamedLikeTable(q.qualified_name()));
            }
            let Some(owner) = &q.owned_by else { continue };
            let present = self
                .table(&owner.table.schema, &owner.table.name)
                .is_some_and(|t| t.column(&owner.column).is_some());
            if !present {
                problems.push(SchemaProblem::MissingSequenceOwner {
                    sequence: q.qualified_name(),
                    table: owner.table.clone(),
                    column: owner.column.clone(),
                });
            }
        }
    }
}

/// The same definition added twice counts once.
fn dedup<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn duplicates(
    names: impl Iterator<Item = QualifiedName>,
    problems: &mut Vec<SchemaProblem>,
    problem: fn(QualifiedName) -> SchemaProblem,
) {
    let mut counts = BTreeMap::new();
    for name in names {
        *counts.entry(name).or_insert(0usize) += 1;
    }
    problems.extend(
        counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(name, _)| problem(name)),
    );
}

/// Drops exact repeats (the same type added twice), normalizes, validates.
fn assemble(
    mut tables: Vec<model::Table>,
    mut enums: Vec<model::EnumType>,
    objects: Objects,
    external: &[QualifiedName],
) -> Result<Schema, SchemaValidationError> {
    let mut unique_tables: Vec<model::Table> = Vec::new();
    for t in tables.drain(..) {
        if !unique_tables.contains(&t) {
            unique_tables.push(t);
        }
    }
    let mut unique_enums: Vec<model::EnumType> = Vec::new();
    for e in enums.drain(..) {
        if !unique_enums.contains(&e) {
            unique_enums.push(e);
        }
    }
    let mut schema = Schema {
        schemas: Vec::new(),
        enums: unique_enums,
        tables: unique_tables,
        extensions: objects.extensions,
        views: dedup(objects.views),
        functions: dedup(objects.functions),
        domains: dedup(objects.domains),
        sequences: dedup(objects.sequences),
        namespace_grants: objects.namespace_grants,
    };
    schema.normalize();
    schema.validate_with_external(external)?;
    Ok(schema)
}

//! One change to its statements, each tagged with the phase it runs in, with hazards.
//!
//! Hazards that only matter for rows already present (a failing constraint, an
//! index build) are left off objects on tables this plan creates: they are empty.

use std::collections::{BTreeMap, BTreeSet};

use super::order::{phase, Phase};
use super::{columns, loss, HazardKind::*, PlanOptions, Statement, Target};
use crate::ddl::{self, CommentTarget, GrantTarget};
use crate::diff::{Change, EnumUse};
use crate::model::{
    Domain, EnumType, Extension, ForeignKey, Function, Index, QualifiedName, Sequence, Table, View,
};

/// What rendering one change needs to know about the others.
pub(super) struct Context {
    created: BTreeSet<QualifiedName>,
    dropped: BTreeSet<QualifiedName>,
    /// Indexes built `CONCURRENTLY` (on tables that exist already), by schema and
    /// name (index names are unique within a schema).
    concurrent: BTreeSet<(String, String)>,
    /// Renamed tables: the new name to the name before the plan.
    table_renames: BTreeMap<QualifiedName, QualifiedName>,
    /// Renamed columns: (table under its new name, new column name) to the old name.
    column_renames: BTreeMap<(QualifiedName, String), String>,
    /// Views, functions, triggers and policies the plan creates (by
    /// [`object_key`]): one it also drops is rebuilt, not lost.
    created_objects: BTreeSet<String>,
}

impl Context {
    pub(super) fn new(changes: &[Change], options: &PlanOptions) -> Context {
        let mut ctx = Context {
            created: BTreeSet::new(),
            dropped: BTreeSet::new(),
            concurrent: BTreeSet::new(),
            table_renames: BTreeMap::new(),
            column_renames: BTreeMap::new(),
            created_objects: changes.iter().filter_map(created_object).collect(),
        };
        for c in changes {
            match c {
                Change::CreateTable(t) => {
                    ctx.created.insert(t.qualified_name());
                }
                Change::DropTable(t) => {
                    ctx.dropped.insert(t.qualified_name());
                }
                Change::RenameTable { from, to } => {
                    let new = QualifiedName::new(&from.schema, to);
                    ctx.table_renames.insert(new, from.clone());
                }
                Change::RenameColumn { table, from, to } => {
                    ctx.column_renames
                        .insert((table.clone(), to.clone()), from.clone());
                }
                _ => {}
            }
        }
        if options.concurrent_indexes {
            // A unique index a new foreign key relies on must exist inside the transaction.
            let referenced: BTreeSet<&QualifiedName> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::AddForeignKey { foreign_key, .. } => Some(&foreign_key.references),
                    _ => None,
                })
                .collect();
            for c in changes {
                if let Change::CreateIndex {
                    table,
                    index,
                    partitioned,
                } = c
                {
                    // A partitioned table's index is built inside the transaction.
                    let needed_inside =
                        *partitioned || (index.unique && referenced.contains(table));
                    if !ctx.is_new(table) && !needed_inside {
                        ctx.concurrent
                            .insert((table.schema.clone(), index.name.clone()));
                    }
                }
            }
        }
        ctx
    }

    fn is_new(&self, table: &QualifiedName) -> bool {
        self.created.contains(table)
    }

    fn is_concurrent(&self, schema: &str, index: &str) -> bool {
        self.concurrent
            .contains(&(schema.to_string(), index.to_string()))
    }

    /// The name before the plan runs of the table a change calls `table`.
    pub(super) fn current_table(&self, table: &QualifiedName) -> QualifiedName {
        self.table_renames.get(table).unwrap_or(table).clone()
    }

    /// The name before the plan runs of the column a change calls `column` of `table`.
    pub(super) fn current_column(&self, table: &QualifiedName, column: &str) -> String {
        self.column_renames
            .get(&(table.clone(), column.to_string()))
            .map_or(column, String::as_str)
            .to_string()
    }
}

/// What a change creates, as a key its drop shares (`view public.v`).
fn created_object(change: &Change) -> Option<String> {
    match change {
        Change::CreateView(v) => Some(format!("view {}", display(&v.qualified_name()))),
        Change::CreateFunction(f) => Some(format!("function {}", f.signature())),
        Change::CreateTrigger { table, trigger } => {
            Some(format!("trigger {} on {}", trigger.name, display(table)))
        }
        Change::CreatePolicy { table, policy } => {
            Some(format!("policy {} on {}", policy.name, display(table)))
        }
        _ => None,
    }
}

/// `public.users`: a name for people, unquoted.
pub(super) fn display(q: &QualifiedName) -> String {
    format!("{}.{}", q.schema, q.name)
}

/// The statements of one change, each with the phase it runs in. One arm per
/// kind of change: a new kind does not compile until it is rendered.
pub(super) fn render(change: &Change, ctx: &Context) -> Vec<(Phase, Statement)> {
    let main = phase(change);
    let one = |s: Statement| vec![(main, s)];
    let table = |sql: String, t: &QualifiedName| Statement::new(sql, Target::Table(t.clone()));
    let enum_ = |sql: String, e: &QualifiedName| Statement::new(sql, Target::Enum(e.clone()));
    match change {
        Change::CreateSchema { name } => one(Statement::new(
            ddl::create_schema(name),
            Target::Schema { name: name.clone() },
        )),
        Change::DropSchema { name } => one(Statement::new(
            ddl::drop_schema(name),
            Target::Schema { name: name.clone() },
        )),
        Change::CreateExtension(e) => one(Statement::new(
            ddl::create_extension(e),
            Target::Extension {
                name: e.name.clone(),
            },
        )),
        Change::DropExtension(e) => one(Statement::new(
            ddl::drop_extension(&e.name),
            Target::Extension {
                name: e.name.clone(),
            },
        )
        .hazard(
            DeletesData,
            format!(
                "drops extension {} and every object it provides, with the columns of its types",
                e.name
            ),
        )
        .with_loss(loss::dropped_extension(e))),
        Change::AlterExtension { from, to } => alter_extension(from, to)
            .into_iter()
            .map(|s| (main, s))
            .collect(),
        Change::CreateEnum(e) => one(enum_(ddl::create_enum(e), &e.qualified_name())),
        Change::DropEnum(e) => {
            let name = e.qualified_name();
            one(enum_(ddl::drop_enum(&name), &name))
        }
        Change::RenameEnum { from, to } => one(enum_(ddl::rename_enum(from, to), from)),
        Change::AddEnumValue {
            enum_name: e,
            value,
            position,
        } => one(enum_(ddl::add_enum_value(e, value, position), e)),
        Change::RenameEnumValue {
            enum_name: e,
            from,
            to,
        } => one(enum_(ddl::rename_enum_value(e, from, to), e)),
        Change::RecreateEnum { from, to, columns } => recreate_enum(from, to, columns, ctx),
        Change::CreateTable(t) => {
            let name = t.qualified_name();
            one(table(ddl::create_table(t), &name))
        }
        Change::DropTable(t) => drop_table(t, ctx),
        Change::CreatePartition {
            table: t,
            partition,
        } => one(table(ddl::create_partition(t, partition), t)),
        Change::DropPartition {
            table: t,
            partition,
        } => {
            let name = partition.qualified_name();
            one(table(ddl::drop_table(&name), t)
                .hazard(
                    DeletesData,
                    format!(
                        "drops partition {} of {} and every row in it",
                        display(&name),
                        display(t)
                    ),
                )
                .with_loss(loss::dropped_partition(ctx, &name)))
        }
        Change::RebindPartition { table: t, to, .. } => vec![
            (
                main,
                table(ddl::detach_partition(t, &to.qualified_name()), t),
            ),
            (
                main,
                table(ddl::attach_partition(t, to), t).hazard(
                    MayFailOnExistingRows,
                    format!(
                        "scans partition {}: fails if a row of it falls outside {}",
                        display(&to.qualified_name()),
                        to.bound
                    ),
                ),
            ),
        ],
        Change::RenameTable { from, to } => one(table(ddl::rename_table(from, to), from)),
        Change::AddColumn { table, column } => one(columns::add_column(table, column, ctx)),
        Change::DropColumn { table: t, column } => {
            let why = format!(
                "drops column {} of {} and the values in it",
                column.name,
                display(t)
            );
            one(table(ddl::drop_column(t, &column.name), t)
                .hazard(DeletesData, why)
                .with_loss(loss::dropped_column(ctx, t, &column.name)))
        }
        Change::RenameColumn { table: t, from, to } => {
            one(table(ddl::rename_column(t, from, to), t))
        }
        Change::RenameIdentitySequence {
            table: t,
            column,
            to,
        } => one(table(ddl::rename_identity_sequence(t, column, to), t)),
        Change::AlterColumn { table, from, to } => columns::alter_column(table, from, to, ctx)
            .into_iter()
            .map(|s| (main, s))
            .collect(),
        Change::AddPrimaryKey { table: t, key } => one(existing_rows(
            ctx,
            t,
            table(ddl::add_primary_key(t, key), t),
            "fails if existing rows hold duplicates or NULLs in the key columns",
            true,
        )),
        Change::DropPrimaryKey { table: t, key } => {
            one(table(ddl::drop_constraint(t, &key.name), t))
        }
        Change::AddUnique { table: t, unique } => one(existing_rows(
            ctx,
            t,
            table(ddl::add_unique(t, unique), t),
            "fails if existing rows hold duplicate values",
            true,
        )),
        Change::DropUnique { table: t, unique } => {
            one(table(ddl::drop_constraint(t, &unique.name), t))
        }
        Change::AddCheck { table: t, check } => one(existing_rows(
            ctx,
            t,
            table(ddl::add_check(t, check), t),
            "fails if an existing row violates the check",
            false,
        )),
        Change::DropCheck { table: t, check } => {
            one(table(ddl::drop_constraint(t, &check.name), t))
        }
        Change::AddForeignKey {
            table: t,
            foreign_key,
        } => one(existing_rows(
            ctx,
            t,
            table(ddl::add_foreign_key(t, foreign_key), t),
            "fails if an existing row references a missing row",
            false,
        )),
        Change::DropForeignKey {
            table: t,
            foreign_key,
        } => one(table(ddl::drop_constraint(t, &foreign_key.name), t)),
        Change::CreateIndex { table, index, .. } => create_index(table, index, ctx, main),
        Change::DropIndex { table, index } => one(drop_index(table, index)),
        Change::CreateDomain(d) => one(Statement::new(
            ddl::create_domain(d),
            Target::Domain(d.qualified_name()),
        )),
        Change::DropDomain(d) => one(Statement::new(
            ddl::drop_domain(&d.qualified_name()),
            Target::Domain(d.qualified_name()),
        )),
        Change::AlterDomain { from, to } => ddl::alter_domain(from, to)
            .into_iter()
            .map(|sql| {
                let checks = sql.contains(" ADD CONSTRAINT ") || sql.ends_with(" SET NOT NULL");
                let s = Statement::new(sql, Target::Domain(to.qualified_name()));
                let s = if checks {
                    s.hazard(
                        MayFailOnExistingRows,
                        format!(
                            "fails if a column of domain {} holds a value the new rule refuses",
                            display(&to.qualified_name())
                        ),
                    )
                } else {
                    s
                };
                (main, s)
            })
            .collect(),
        Change::RecreateDomain { from, to, columns } => recreate_domain(from, to, columns),
        Change::CreateSequence(q) => {
            let name = q.qualified_name();
            let mut out = one(Statement::new(
                ddl::create_sequence(q),
                Target::Sequence(name.clone()),
            ));
            if let Some(owner) = &q.owned_by {
                out.push((
                    Phase::SequenceOwners,
                    Statement::new(
                        ddl::sequence_owner(&name, Some(owner)),
                        Target::Sequence(name),
                    ),
                ));
            }
            out
        }
        Change::AlterSequence { from, to } => alter_sequence(from, to, main),
        Change::DropSequence(q) => {
            let name = q.qualified_name();
            let key = format!("sequence {}", display(&name));
            one(
                Statement::new(ddl::drop_sequence(&name), Target::Sequence(name.clone()))
                    .hazard(
                        DeletesData,
                        format!("drops {key} and where its numbering stands"),
                    )
                    .with_loss(loss::dropped_object(format!("drop {key}"), name)),
            )
        }
        Change::CreateView(v) => create_view(v, main),
        Change::DropView(v) => {
            let key = format!("view {}", display(&v.qualified_name()));
            one(dropped_object(
                ctx,
                key,
                ddl::drop_view(v),
                Target::View(v.qualified_name()),
                v.qualified_name(),
            ))
        }
        Change::CreateFunction(f) => create_function(f, main),
        Change::ReplaceFunction { to, .. } => create_function(to, main),
        Change::DropFunction(f) => {
            let key = format!("function {}", f.signature());
            let phase = if ctx.created_objects.contains(&key) {
                Phase::DropRebuiltFunctions
            } else {
                main
            };
            let s = dropped_object(
                ctx,
                key,
                ddl::drop_function(f),
                Target::Function(f.qualified_name()),
                f.qualified_name(),
            );
            vec![(phase, s)]
        }
        Change::CreateTrigger { table: t, trigger } => {
            one(table(ddl::create_trigger(&trigger.definition), t))
        }
        Change::DropTrigger { table: t, trigger } => one(dropped_object(
            ctx,
            format!("trigger {} on {}", trigger.name, display(t)),
            ddl::drop_trigger(t, &trigger.name),
            Target::Table(t.clone()),
            QualifiedName::new(&t.schema, &trigger.name),
        )),
        Change::CreatePolicy { table: t, policy } => one(table(ddl::create_policy(t, policy), t)),
        Change::DropPolicy { table: t, policy } => one(dropped_object(
            ctx,
            format!("policy {} on {}", policy.name, display(t)),
            ddl::drop_policy(t, &policy.name),
            Target::Table(t.clone()),
            QualifiedName::new(&t.schema, &policy.name),
        )),
        Change::AddExclusion {
            table: t,
            exclusion,
        } => one(existing_rows(
            ctx,
            t,
            table(ddl::add_exclusion(t, exclusion), t),
            "fails if existing rows conflict with each other",
            true,
        )),
        Change::DropExclusion {
            table: t,
            exclusion,
        } => one(table(ddl::drop_constraint(t, &exclusion.name), t)),
        Change::SetRowSecurity { table: t, from, to } => {
            let mut statements: Vec<(Phase, Statement)> = ddl::row_security(t, *from, *to)
                .into_iter()
                .map(|sql| (main, table(sql, t)))
                .collect();
            if from.enabled && !to.enabled {
                if let Some((_, s)) = statements.first_mut() {
                    let what = format!("row level security on {}", display(t));
                    *s = s
                        .clone()
                        .hazard(
                            WeakensSecurity,
                            format!("turns off {what}: every role with access reads all its rows"),
                        )
                        .with_loss(loss::dropped_object(format!("turn off {what}"), t.clone()));
                }
            }
            statements
        }
        Change::Grant { on, grant } => one(Statement::new(ddl::grant(on, grant), grant_target(on))),
        Change::Revoke { on, grant } => {
            one(Statement::new(ddl::revoke(on, grant), grant_target(on)))
        }
        Change::SetPublicExecute { function, to } => {
            let g = crate::model::Grant::new("PUBLIC", "EXECUTE");
            let s = Statement::new(
                if *to {
                    ddl::grant(function, &g)
                } else {
                    ddl::revoke(function, &g)
                },
                grant_target(function),
            );
            if !*to {
                return one(s);
            }
            let GrantTarget::Function { name, identity } = function else {
                return one(s);
            };
            let what = format!(
                "EXECUTE for PUBLIC on function {}({identity})",
                display(name)
            );
            one(s
                .hazard(
                    WeakensSecurity,
                    format!("grants {what}: every role may call it"),
                )
                .with_loss(loss::dropped_object(format!("grant {what}"), name.clone())))
        }
        Change::SetComment { target, comment } => {
            let s = Statement::new(
                ddl::comment_on(target, comment.as_deref()),
                comment_target(target),
            );
            // The comment of an index built after the transaction follows it.
            let phase = match target {
                CommentTarget::Index { schema, name } if ctx.is_concurrent(schema, name) => {
                    Phase::ConcurrentIndexes
                }
                _ => main,
            };
            vec![(phase, s)]
        }
    }
}

/// The old domain renamed aside, the new one created under the name, each column
/// converted through the new base type, and the old one dropped.
fn recreate_domain(
    from: &Domain,
    to: &Domain,
    columns: &[(QualifiedName, String)],
) -> Vec<(Phase, Statement)> {
    let name = to.qualified_name();
    let target = || Target::Domain(name.clone());
    let aside = format!("{}__old", from.name);
    let mut out = vec![
        (
            Phase::Domains,
            Statement::new(ddl::rename_domain(&name, &aside), target()),
        ),
        (
            Phase::Domains,
            Statement::new(ddl::create_domain(to), target()),
        ),
    ];
    for (table, column) in columns {
        let col = crate::model::quote_ident(column);
        let sql = format!(
            "ALTER TABLE {table} ALTER COLUMN {col} TYPE {name} USING {col}::{}::{name}",
            to.base
        );
        let s = Statement::new(sql, Target::Table(table.clone()))
            .hazard(
                MayFailOnExistingRows,
                format!("converting {}.{column} to the new base type fails on values that do not convert", display(table)),
            )
            .hazard(
                RewritesTable,
                format!("changing {column} rewrites {}", display(table)),
            );
        out.push((Phase::Domains, s));
    }
    out.push((
        Phase::DropEnums,
        Statement::new(
            ddl::drop_domain(&QualifiedName::new(&name.schema, aside)),
            target(),
        ),
    ));
    out
}

/// A view, function, trigger or policy dropped: rebuilt when the plan creates
/// it again, lost otherwise, which needs consent like dropped data.
/// New options in place, and a new owner: the old one lets go first (before
/// any column or table is dropped, which would take the sequence with it, and
/// before a `serial` column's change, which then finds nothing to give up), the
/// new one takes it once its column exists. A sequence altered only because its
/// `serial` column lets it go is released and, if the target says so, owned
/// again.
fn alter_sequence(from: &Sequence, to: &Sequence, main: Phase) -> Vec<(Phase, Statement)> {
    let name = to.qualified_name();
    let statement = |sql: String| Statement::new(sql, Target::Sequence(name.clone()));
    let mut out = Vec::new();
    let release =
        from.owned_by.is_some() && (from.owned_by != to.owned_by || !from.options_differ(to));
    if release {
        out.push((
            Phase::DropObjects,
            statement(ddl::sequence_owner(&name, None)),
        ));
    }
    if let Some(sql) = ddl::alter_sequence(from, to) {
        let (min, max, _) = from.bounds();
        let (new_min, new_max, _) = to.bounds();
        let narrows = new_min > min || new_max < max;
        let s = statement(sql);
        out.push((
            main,
            if narrows {
                s.hazard(
                    MayFailOnExistingRows,
                    format!(
                        "fails if sequence {} is in use and its current value lies outside {new_min}..={new_max}",
                        display(&name)
                    ),
                )
            } else {
                s
            },
        ));
    }
    if to.owned_by.is_some() && (release || from.owned_by.is_none()) {
        out.push((
            Phase::SequenceOwners,
            statement(ddl::sequence_owner(&name, to.owned_by.as_ref())),
        ));
    }
    out
}

fn dropped_object(
    ctx: &Context,
    key: String,
    sql: String,
    target: Target,
    object: QualifiedName,
) -> Statement {
    let s = Statement::new(sql, target);
    if ctx.created_objects.contains(&key) {
        return s;
    }
    s.hazard(
        DropsObject,
        format!("drops {key}, which the target schema does not have"),
    )
    .with_loss(loss::dropped_object(format!("drop {key}"), object))
}

/// A function, after `check_function_bodies` is turned off where its body would
/// be checked against tables that may come later.
fn create_function(f: &Function, main: Phase) -> Vec<(Phase, Statement)> {
    let target = || Target::Function(f.qualified_name());
    let mut out = Vec::new();
    if ddl::checks_body(f) {
        out.push((
            main,
            Statement::new(ddl::UNCHECKED_BODIES.to_string(), target()),
        ));
    }
    out.push((main, Statement::new(ddl::create_function(f), target())));
    out
}

/// A new version, then a new namespace, as the target asks.
fn alter_extension(from: &Extension, to: &Extension) -> Vec<Statement> {
    let target = || Target::Extension {
        name: to.name.clone(),
    };
    let mut out = Vec::new();
    if let Some(version) = to
        .version
        .as_ref()
        .filter(|v| Some(*v) != from.version.as_ref())
    {
        out.push(Statement::new(
            ddl::update_extension(&to.name, version),
            target(),
        ));
    }
    if let Some(schema) = to
        .schema
        .as_ref()
        .filter(|s| Some(*s) != from.schema.as_ref())
    {
        out.push(Statement::new(
            ddl::extension_schema(&to.name, schema),
            target(),
        ));
    }
    out
}

/// A new index: built after the transaction when asked to build it concurrently;
/// a unique one with the keys, as a foreign key may need it.
fn create_index(
    table: &QualifiedName,
    index: &Index,
    ctx: &Context,
    main: Phase,
) -> Vec<(Phase, Statement)> {
    if ctx.is_concurrent(&table.schema, &index.name) {
        return vec![(Phase::ConcurrentIndexes, concurrent_index(table, index))];
    }
    let mut s = Statement::new(
        ddl::create_index(table, index, false),
        index_target(&table.schema, &index.name),
    );
    if !ctx.is_new(table) {
        s = s.hazard(
            BuildsIndex,
            format!(
                "builds index {} while writes to {} wait",
                index.name,
                display(table)
            ),
        );
    }
    let phase = if index.unique {
        Phase::AddConstraints
    } else {
        main
    };
    vec![(phase, s)]
}

/// An index dropped; an invalid one (left by a failed or cancelled concurrent
/// build) says so, as the plan builds it again.
fn drop_index(table: &QualifiedName, index: &Index) -> Statement {
    let s = Statement::new(
        ddl::drop_index(&table.schema, &index.name, false),
        index_target(&table.schema, &index.name),
    );
    if !index.invalid {
        return s;
    }
    let why = format!(
        "index {} is invalid (a CREATE INDEX CONCURRENTLY failed or was cancelled) and enforces nothing: it is dropped to be built again",
        index.name
    );
    if index.unique {
        s.hazard(
            MayFailOnExistingRows,
            format!(
                "{why}, which fails again while duplicate rows of {} remain",
                display(table)
            ),
        )
    } else {
        s.hazard(LocksTable, why)
    }
}

/// `CREATE INDEX CONCURRENTLY` on an existing table: writes go on while it builds,
/// but it cannot run in a transaction, and a failure leaves an invalid index.
fn concurrent_index(table: &QualifiedName, index: &Index) -> Statement {
    let mut s = Statement::new(
        ddl::create_index(table, index, true),
        index_target(&table.schema, &index.name),
    );
    s.transactional = false;
    let why = format!(
        "builds index {} without blocking writes to {}, outside the transaction; if it fails, the invalid index it leaves is dropped and built again by the next push",
        index.name,
        display(table)
    );
    let kind = if index.unique {
        MayFailOnExistingRows
    } else {
        BuildsIndex
    };
    s.hazard(kind, why)
}

/// Adds the may-fail hazard (and the index build) for a constraint on an existing table.
fn existing_rows(
    ctx: &Context,
    table: &QualifiedName,
    s: Statement,
    why: &str,
    index: bool,
) -> Statement {
    if ctx.is_new(table) {
        return s;
    }
    let t = display(table);
    let s = s.hazard(MayFailOnExistingRows, why);
    if index {
        s.hazard(
            BuildsIndex,
            format!("builds a unique index while writes to {t} wait"),
        )
    } else {
        s.hazard(
            LocksTable,
            format!("checks every row of {t} while writes to it wait"),
        )
    }
}

/// A view, then the indexes of a materialized view (built from its rows, with
/// nothing waiting: the view is new).
fn create_view(v: &View, main: Phase) -> Vec<(Phase, Statement)> {
    let name = v.qualified_name();
    let view = Statement::new(ddl::create_view(v), Target::View(name.clone()));
    let indexes = v.indexes.iter().map(|index| {
        let sql = ddl::create_index(&name, index, false);
        Statement::new(sql, index_target(&name.schema, &index.name))
    });
    std::iter::once(view)
        .chain(indexes)
        .map(|s| (main, s))
        .collect()
}

fn index_target(schema: &str, name: &str) -> Target {
    Target::Index(QualifiedName::new(schema, name))
}

fn comment_target(target: &CommentTarget) -> Target {
    match target {
        CommentTarget::Table(t) | CommentTarget::Column { table: t, .. } => {
            Target::Table(t.clone())
        }
        CommentTarget::Enum(e) => Target::Enum(e.clone()),
        CommentTarget::Index { schema, name } => index_target(schema, name),
        CommentTarget::View { name, .. } => Target::View(name.clone()),
        CommentTarget::Domain(name) => Target::Domain(name.clone()),
        CommentTarget::Sequence(name) => Target::Sequence(name.clone()),
        CommentTarget::Function { name, .. } => Target::Function(name.clone()),
    }
}

/// Foreign keys between dropped tables go first, so the tables drop in any order;
/// the rest (indexes, constraints, self references) go with the table.
fn drop_table(t: &Table, ctx: &Context) -> Vec<(Phase, Statement)> {
    let qname = t.qualified_name();
    let mut out: Vec<(Phase, Statement)> = t
        .foreign_keys
        .iter()
        .filter(|fk| fk.references != qname && ctx.dropped.contains(&fk.references))
        .map(|fk: &ForeignKey| {
            (
                Phase::DropForeignKeys,
                Statement::new(
                    ddl::drop_constraint(&qname, &fk.name),
                    Target::Table(qname.clone()),
                ),
            )
        })
        .collect();
    let drop = Statement::new(ddl::drop_table(&qname), Target::Table(qname.clone()))
        .hazard(
            DeletesData,
            format!("drops table {} and every row in it", display(&qname)),
        )
        .with_loss(loss::dropped_table(ctx, t));
    out.push((Phase::DropTables, drop));
    out
}

/// The old type is renamed aside, the new one created under the name, each column
/// converted through text, and the old type dropped once nothing uses it.
fn recreate_enum(
    from: &EnumType,
    to: &EnumType,
    uses: &[EnumUse],
    ctx: &Context,
) -> Vec<(Phase, Statement)> {
    let name = to.qualified_name();
    let aside = format!("{}__old", from.name);
    let target = Target::Enum(name.clone());
    let removed: Vec<&str> = from
        .values
        .iter()
        .filter(|v| !to.values.contains(v))
        .map(String::as_str)
        .collect();
    let mut rename = Statement::new(ddl::rename_enum(&name, &aside), target.clone());
    if !removed.is_empty() {
        rename = rename
            .hazard(
                DeletesData,
                format!(
                    "removes value(s) {} from enum {}",
                    removed.join(", "),
                    display(&name)
                ),
            )
            .hazard(
                MayFailOnExistingRows,
                "converting a column fails if a row holds a removed value",
            );
        if let Some(loss) = loss::removed_enum_values(ctx, from, to, uses) {
            rename = rename.with_loss(loss);
        }
    }
    let mut out = vec![
        (Phase::Enums, rename),
        (
            Phase::Enums,
            Statement::new(ddl::create_enum_named(&name, &to.values), target.clone()),
        ),
    ];
    for u in uses {
        out.extend(
            columns::convert_enum_column(&name, u)
                .into_iter()
                .map(|s| (Phase::Enums, s)),
        );
    }
    let old = QualifiedName::new(&name.schema, aside);
    out.push((
        Phase::DropEnums,
        Statement::new(ddl::drop_enum(&old), target),
    ));
    out
}

fn grant_target(on: &GrantTarget) -> Target {
    match on {
        GrantTarget::Table(t) => Target::Table(t.clone()),
        GrantTarget::Sequence(s) => Target::Sequence(s.clone()),
        GrantTarget::Function { name, .. } => Target::Function(name.clone()),
        GrantTarget::Namespace { name } => Target::Schema { name: name.clone() },
    }
}

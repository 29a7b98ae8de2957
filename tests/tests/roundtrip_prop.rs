//! Property test of the round trip: for random pairs of small schemas A and B,
//! a database created from A's `create_script()` and migrated with `diff(A, B)`
//! ends up as one created from B (the checks of [`schema_tests::roundtrip::check`]).
//!
//! Schemas have up to three tables (`t0`..`t2`, in `public` or `app`), each with an
//! `id` key (integer or bigint, sometimes an identity), sometimes a generated
//! column reading it, and up to six columns `c0`..`c5`. Column `cK`
//! always draws its type from family K, whose types convert into each other, so
//! any pair of schemas is a migration Postgres can run on empty tables; columns
//! vary in nullability and default. Tables may carry a unique constraint, an index,
//! a check, a comment and foreign keys to earlier tables; there may be an enum
//! `public.mood` with a random choice and order of values. A table may have a
//! view over it (and a view over that view) reading `id` and one of its columns,
//! and a BEFORE UPDATE trigger running `public.touch()`: a column type change
//! under them rebuilds them. Tables are empty: the
//! corpus (`roundtrip.rs`) covers data. Failures are kept in
//! `roundtrip_prop.proptest-regressions` and replayed first on the next run.

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::test_runner::FileFailurePersistence;
use schema_core::model::{
    Check, Column, EnumType, FkAction, ForeignKey, Function, Identity, IdentityKind, Index,
    IndexKey, IndexTarget, PrimaryKey, QualifiedName, Schema, SortOrder, Table, Trigger, Unique,
    View,
};
use schema_core::SqlType;
use schema_tests::roundtrip::{check, Expect};
use schema_tests::TestDb;

const MOOD: &str = "public.mood";

/// The types column `cK` may have, for K = 0..6 (`MOOD` where the enum exists).
const FAMILIES: &[&[&str]] = &[
    &[
        "smallint",
        "integer",
        "bigint",
        "numeric(12,2)",
        "text",
        "varchar(20)",
    ],
    &["text", "varchar(40)", MOOD],
    &["timestamptz", "timestamp", "date"],
    // Arrays stay arrays: Postgres has no cast from an array to a scalar but text.
    &["integer[]", "bigint[]", "text[]", "public.mood[]"],
    &["uuid", "text"],
    &["jsonb", "json", "text"],
];

/// A default that fits the type.
fn defaults(ty: &str, mood: &[String]) -> Vec<Option<String>> {
    let some = |d: &[&str]| {
        let mut v = vec![None];
        v.extend(d.iter().map(|s| Some(s.to_string())));
        v
    };
    match ty {
        "smallint" | "integer" | "bigint" | "numeric(12,2)" => some(&["0", "42"]),
        "text" | "varchar(20)" | "varchar(40)" => some(&["'x'", "''"]),
        "timestamptz" | "timestamp" => some(&["now()"]),
        "date" => some(&["CURRENT_DATE"]),
        "uuid" => some(&["gen_random_uuid()"]),
        "jsonb" | "json" => some(&["'{}'"]),
        t if t.ends_with("[]") => some(&["'{}'"]),
        _ if ty == MOOD => {
            let mut v = vec![None];
            v.extend(mood.iter().map(|m| Some(format!("'{m}'::public.mood"))));
            v
        }
        _ => vec![None],
    }
}

fn indexable(ty: &str) -> bool {
    ty != "json"
}

fn column(name: &str, ty: &str, nullable: bool, default: Option<String>) -> Column {
    Column {
        name: name.into(),
        ty: SqlType::parse(ty),
        nullable,
        default,
        identity: None,
        generated: None,
        collation: None,
        comment: None,
        renamed_from: vec![],
    }
}

/// One table's random choices, before they are resolved against the enum and
/// the other tables.
#[derive(Debug, Clone)]
struct TableSpec {
    bigint_id: bool,
    /// An identity on `id`, perhaps starting at 100.
    identity: Option<(IdentityKind, bool)>,
    /// Per slot: absent, or (type index, nullable, default index, commented).
    slots: Vec<Option<(usize, bool, usize, bool)>>,
    unique: Option<(usize, bool)>,
    index: Option<(usize, bool, bool)>,
    check: bool,
    comment: bool,
    /// In namespace `app` rather than `public`.
    in_app: bool,
    /// A stored generated column `g` reading `id`.
    generated: bool,
    /// Per earlier table: a foreign key to it, with this ON DELETE.
    fks: Vec<Option<FkAction>>,
    /// A view over the table reading `id` and one more column (by index),
    /// perhaps filtered, and perhaps a second view over that one.
    view: Option<(usize, bool, bool)>,
    /// A BEFORE UPDATE trigger running `public.touch()`.
    trigger: bool,
}

fn table_spec() -> impl Strategy<Value = TableSpec> {
    let slot = prop::option::weighted(
        0.6,
        (
            0..6usize,
            any::<bool>(),
            0..4usize,
            prop::bool::weighted(0.2),
        ),
    );
    let kind = select(vec![IdentityKind::Always, IdentityKind::ByDefault]);
    let identity = prop::option::of((kind, any::<bool>()));
    let action = select(vec![
        FkAction::NoAction,
        FkAction::Cascade,
        FkAction::SetNull,
    ]);
    (
        any::<bool>(),
        identity,
        prop::collection::vec(slot, FAMILIES.len()),
        prop::option::of((0..6usize, any::<bool>())),
        prop::option::of((0..6usize, any::<bool>(), any::<bool>())),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(prop::option::weighted(0.4, action), 2),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.3),
        (
            prop::option::weighted(0.4, (0..6usize, any::<bool>(), prop::bool::weighted(0.3))),
            prop::bool::weighted(0.3),
        ),
    )
        .prop_map(
            |(
                bigint_id,
                identity,
                slots,
                unique,
                index,
                check,
                comment,
                fks,
                in_app,
                generated,
                (view, trigger),
            )| {
                TableSpec {
                    view,
                    trigger,
                    bigint_id,
                    identity,
                    slots,
                    unique,
                    index,
                    check,
                    comment,
                    in_app,
                    generated,
                    fks,
                }
            },
        )
}

fn schema_strategy() -> impl Strategy<Value = Schema> {
    let mood = prop::option::of(subsequence(vec!["a", "b", "c", "d"], 1..=4).prop_shuffle());
    let tables = prop::collection::vec(prop::option::weighted(0.8, table_spec()), 3);
    (mood, tables).prop_map(|(mood, tables)| build(mood, tables))
}

fn build(mood: Option<Vec<&str>>, specs: Vec<Option<TableSpec>>) -> Schema {
    let mood: Option<Vec<String>> = mood.map(|v| v.into_iter().map(String::from).collect());
    let values = mood.clone().unwrap_or_default();
    let id_types: Vec<Option<&str>> = specs
        .iter()
        .map(|s| {
            s.as_ref()
                .map(|s| if s.bigint_id { "bigint" } else { "integer" })
        })
        .collect();
    let namespace = |s: &TableSpec| if s.in_app { "app" } else { "public" };
    let mut tables = Vec::new();
    let mut views = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let Some(spec) = spec else { continue };
        let name = format!("t{i}");
        let mut id = column("id", id_types[i].unwrap(), false, None);
        id.identity = spec
            .identity
            .map(|(kind, start)| Identity {
                kind,
                start: start.then_some(100),
                increment: None,
                min_value: None,
                max_value: None,
                cache: None,
                cycle: false,
            })
            .map(Box::new);
        let mut columns = vec![id];
        for (k, slot) in spec.slots.iter().enumerate() {
            let Some((ty, nullable, default, commented)) = *slot else {
                continue;
            };
            let family: Vec<&str> = FAMILIES[k]
                .iter()
                .copied()
                .filter(|t| mood.is_some() || !t.starts_with(MOOD))
                .collect();
            let ty = family[ty % family.len()];
            let options = defaults(ty, &values);
            let default = options[default % options.len()].clone();
            let mut c = column(&format!("c{k}"), ty, nullable, default);
            c.comment = commented.then(|| format!("column c{k}"));
            columns.push(c);
        }
        if spec.generated {
            let mut g = column("g", "bigint", true, None);
            g.generated = Some("(id * 2)".into());
            columns.push(g);
        }
        let mut fks = Vec::new();
        for (j, fk) in spec.fks.iter().enumerate().take(i) {
            let (Some(action), Some(ty)) = (fk, id_types[j]) else {
                continue;
            };
            let target = specs[j].as_ref().map_or("public", namespace);
            let col = format!("t{j}_id");
            columns.push(column(&col, ty, true, None));
            fks.push(ForeignKey {
                name: format!("{name}_{col}_fkey"),
                columns: vec![col],
                references: QualifiedName::new(target, format!("t{j}")),
                referenced_columns: vec!["id".into()],
                on_delete: *action,
                on_delete_columns: vec![],
                on_update: FkAction::NoAction,
                deferrable: Default::default(),
            });
        }
        // Keys and indexes name a column that exists and can be indexed.
        let pick = |k: usize| {
            let candidates: Vec<&Column> = columns[1..]
                .iter()
                .filter(|c| indexable(&c.ty.to_string()))
                .collect();
            (!candidates.is_empty()).then(|| candidates[k % candidates.len()].name.clone())
        };
        let uniques = spec
            .unique
            .and_then(|(k, nnd)| {
                pick(k).map(|c| Unique {
                    name: format!("{name}_{c}_key"),
                    columns: vec![c],
                    nulls_not_distinct: nnd,
                })
            })
            .into_iter()
            .collect();
        let indexes = spec
            .index
            .and_then(|(k, desc, partial)| {
                pick(k).map(|c| Index {
                    name: format!("{name}_{c}_idx"),
                    unique: false,
                    method: "btree".into(),
                    keys: vec![IndexKey {
                        target: IndexTarget::Column(c),
                        order: if desc {
                            SortOrder::Desc
                        } else {
                            SortOrder::Asc
                        },
                        nulls: None,
                        collation: None,
                        opclass: None,
                    }],
                    include: vec![],
                    predicate: partial.then(|| "(id > 0)".into()),
                    nulls_not_distinct: false,
                    comment: None,
                    invalid: false,
                })
            })
            .into_iter()
            .collect();
        tables.push(Table {
            schema: namespace(spec).into(),
            name: name.clone(),
            columns,
            primary_key: Some(PrimaryKey {
                name: format!("{name}_pkey"),
                columns: vec!["id".into()],
            }),
            uniques,
            indexes,
            foreign_keys: fks,
            checks: spec
                .check
                .then(|| Check {
                    name: format!("{name}_id_check"),
                    expression: "(id > 0)".into(),
                })
                .into_iter()
                .collect(),
            comment: spec.comment.then(|| format!("table {name}")),
            renamed_from: vec![],
            exclusions: vec![],
            row_security: Default::default(),
            grants: vec![],
            partition_by: None,
            partitions: vec![],
            policies: vec![],
            triggers: spec
                .trigger
                .then(|| Trigger {
                    name: format!("{name}_touch"),
                    definition: format!(
                        "CREATE TRIGGER {name}_touch BEFORE UPDATE ON {}.{name} FOR EACH ROW EXECUTE FUNCTION public.touch()",
                        namespace(spec)
                    ),
                    function: QualifiedName::new("public", "touch"),
                })
                .into_iter()
                .collect(),
        });
        if let Some((k, filtered, stacked)) = spec.view {
            let table = tables.last().expect("just pushed");
            let other = &table.columns[1 + k % (table.columns.len() - 1).max(1)..];
            let column = other
                .first()
                .map_or(String::new(), |c| format!(", {}", c.name));
            let filter = if filtered { " WHERE id > 0" } else { "" };
            let ns = namespace(spec);
            let mut v = view(
                ns,
                &format!("v{i}"),
                format!("SELECT id{column} FROM {ns}.{name}{filter}"),
            );
            // A filtered view is stored, with an index on its key.
            if filtered {
                v.materialized = true;
                v.indexes
                    .push(Index::on_columns(&format!("v{i}_id_idx"), &["id"]));
            }
            views.push(v);
            if stacked {
                views.push(view(
                    ns,
                    &format!("v{i}_top"),
                    format!("SELECT id FROM {ns}.v{i}"),
                ));
            }
        }
    }
    let touch = tables.iter().any(|t| !t.triggers.is_empty()).then(|| Function {
        schema: "public".into(),
        name: "touch".into(),
        identity: String::new(),
        arguments: String::new(),
        returns: Some("trigger".into()),
        definition: "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$".into(),
        comment: None,
        public_execute: true,
        grants: vec![],
    });
    let mut s = Schema {
        schemas: vec![],
        enums: mood
            .map(|values| EnumType {
                schema: "public".into(),
                name: "mood".into(),
                values,
                comment: None,
                renamed_from: vec![],
                renamed_values: vec![],
            })
            .into_iter()
            .collect(),
        tables,
        extensions: vec![],
        views,
        functions: touch.into_iter().collect(),
        domains: vec![],
        sequences: vec![],
        namespace_grants: vec![],
    };
    s.normalize();
    s
}

fn view(schema: &str, name: &str, definition: String) -> View {
    View {
        schema: schema.into(),
        name: name.into(),
        definition,
        materialized: false,
        security_barrier: false,
        check_option: None,
        comment: None,
        indexes: vec![],
        depends_on: vec![],
        columns: vec![],
        grants: vec![],
    }
}

fn created(label: &str, schema: &Schema) -> TestDb {
    let db = TestDb::new(label);
    db.execute(&schema.create_script());
    db
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 24 by default; PROPTEST_CASES=500 explores further.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        max_shrink_iters: 48,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_schema_pairs_round_trip(a in schema_strategy(), b in schema_strategy()) {
        let db_b = created("prop_b", &b);
        // ADD COLUMN appends, so a column new to a table may sit elsewhere than in B.
        let expect = Expect::EqualButColumnOrder;
        let cli = std::path::Path::new(env!("CARGO_BIN_EXE_schema-fixture"));
        check("prop", &|label: &str| created(label, &a), &db_b, &[], expect, Some(cli));
    }
}

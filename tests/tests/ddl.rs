//! The planner against a real PostgreSQL: create scripts run on a fresh database,
//! and `plan(diff(A, B))` applied to a database built from A runs and, where the
//! comparison is meaningful, leaves it dumping the same as one built from B.

use schema_core::plan::Plan;
use schema_core::{diff, plan, Schema};
use schema_tests::roundtrip::schema_of;
use schema_tests::TestDb;
use serde_json::{json, Value};

/// A schema from its snapshot JSON (the same format the snapshots use).
fn schema(v: Value) -> Schema {
    let mut s: Schema = serde_json::from_value(v).expect("schema JSON");
    s.normalize();
    s
}

/// Applies a plan as an applier would: one transaction, except statements marked
/// non-transactional, which run on their own after committing what came before,
/// and those that start a new transaction.
fn apply(db: &TestDb, plan: &Plan) {
    let mut client = db.connect();
    client.batch_execute("BEGIN").unwrap();
    for s in &plan.statements {
        if !s.transactional {
            client.batch_execute("COMMIT").unwrap();
        } else if s.commit_before {
            client.batch_execute("COMMIT; BEGIN").unwrap();
        }
        client.batch_execute(&s.sql).unwrap_or_else(|e| {
            panic!(
                "{e}\n--- statement ---\n{}\n--- plan ---\n{}",
                s.sql,
                plan.to_sql_script()
            )
        });
        if !s.transactional {
            client.batch_execute("BEGIN").unwrap();
        }
    }
    client.batch_execute("COMMIT").unwrap();
}

fn created(label: &str, s: &Schema) -> TestDb {
    let db = TestDb::new(label);
    db.execute(&s.create_script());
    db
}

/// Applies `diff(a, b)` to a database at `a`; returns it and the plan.
fn migrated(label: &str, a: &Schema, b: &Schema) -> (TestDb, Plan) {
    let db = created(label, a);
    let p = plan(&diff(a, b));
    apply(&db, &p);
    (db, p)
}

/// The migrated database dumps the same as one created straight from `b`.
fn assert_round_trip(label: &str, a: &Schema, b: &Schema) -> Plan {
    let (db, p) = migrated(label, a, b);
    let fresh = created(&format!("{label}_fresh"), b);
    assert_eq!(db.dump(), fresh.dump(), "plan was:\n{}", p.to_sql_script());
    p
}

fn col(name: &str, ty: &str) -> Value {
    json!({ "name": name, "type": ty, "nullable": false })
}

fn ncol(name: &str, ty: &str) -> Value {
    json!({ "name": name, "type": ty, "nullable": true })
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

fn pk(table: &str, columns: &[&str]) -> Value {
    json!({ "name": format!("{table}_pkey"), "columns": columns })
}

fn fk(name: &str, column: &str, schema: &str, table: &str) -> Value {
    json!({ "name": name, "columns": [column], "references": { "schema": schema, "name": table },
            "referenced_columns": ["id"] })
}

fn index(name: &str, column: &str) -> Value {
    json!({ "name": name, "method": "btree", "keys": [{ "target": { "column": column } }] })
}

/// Every feature the model has, in one schema.
fn everything() -> Schema {
    schema(json!({
        "enums": [
            { "schema": "auth", "name": "role", "values": ["user", "admin", "it's"], "comment": "who may do what" }
        ],
        "tables": [
            {
                "schema": "public", "name": "users",
                "columns": [
                    with(col("id", "bigint"), "identity", json!({ "kind": "always", "start": 100, "cache": 5 })),
                    with(col("email", "text"), "collation", json!("C")),
                    with(col("role", "auth.role"), "default", json!("'user'::auth.role")),
                    ncol("name", "varchar(100)"),
                    with(ncol("email_lower", "text"), "generated", json!("lower(email)")),
                    ncol("tags", "text[]"),
                    ncol("org_id", "bigint"),
                    with(col("created_at", "timestamptz"), "default", json!("now()")),
                    with(col("score", "numeric(10,2)"), "comment", json!("points; may be 0")),
                ],
                "primary_key": pk("users", &["id"]),
                "uniques": [{ "name": "users_email_key", "columns": ["email"], "nulls_not_distinct": true }],
                "checks": [{ "name": "users_email_check", "expression": "email <> ''" }],
                "foreign_keys": [fk("users_org_fk", "org_id", "public", "orgs")],
                "indexes": [
                    { "name": "users_recent_idx", "method": "btree",
                      "keys": [{ "target": { "column": "created_at" }, "order": "desc", "nulls": "last" }],
                      "predicate": "name IS NOT NULL", "comment": "recent named users" },
                    { "name": "users_lower_name_idx", "method": "btree", "unique": true,
                      "keys": [{ "target": { "expression": "lower((name)::text)" }, "opclass": "text_pattern_ops" }] },
                    { "name": "users_tags_idx", "method": "gin", "keys": [{ "target": { "column": "tags" } }] },
                ],
                "comment": "people who sign in",
            },
            {
                "schema": "public", "name": "orgs",
                "columns": [
                    with(col("id", "bigint"), "identity", json!({ "kind": "by_default" })),
                    ncol("owner_id", "bigint"),
                    ncol("parent_id", "bigint"),
                ],
                "primary_key": pk("orgs", &["id"]),
                "foreign_keys": [
                    with(fk("orgs_owner_fk", "owner_id", "public", "users"), "on_delete", json!("set_null")),
                    fk("orgs_parent_fk", "parent_id", "public", "orgs"),
                ],
                "indexes": [{ "name": "orgs_owner_idx", "method": "btree",
                              "keys": [{ "target": { "column": "owner_id" } }], "include": ["id"] }],
            },
            {
                "schema": "auth", "name": "memberships",
                "columns": [col("user_id", "bigint"), col("org_id", "bigint"), ncol("roles", "auth.role[]")],
                "primary_key": pk("memberships", &["user_id", "org_id"]),
                "foreign_keys": [
                    with(with(fk("memberships_user_fk", "user_id", "public", "users"),
                        "on_delete", json!("cascade")), "deferrable", json!("initially_deferred")),
                    with(fk("memberships_org_fk", "org_id", "public", "orgs"), "deferrable", json!("initially_immediate")),
                ],
            },
        ]
    }))
}

#[test]
fn create_script_of_every_feature_runs_on_a_fresh_database() {
    let s = everything();
    let db = created("every_feature", &s);
    let dump = db.dump();
    for expected in [
        "CREATE SCHEMA auth;",
        "NULLS NOT DISTINCT",
        "GENERATED ALWAYS AS (lower(email)) STORED",
        "DEFERRABLE INITIALLY DEFERRED",
        "INCLUDE (id)",
        "USING gin (tags)",
        "WHERE (name IS NOT NULL)",
        "COLLATE pg_catalog.\"C\"",
    ] {
        assert!(
            dump.contains(expected),
            "{expected:?} missing from dump:\n{dump}"
        );
    }
    // Dropping it all leaves an empty database.
    apply(&db, &plan(&diff(&s, &Schema::empty())));
    let empty = TestDb::new("every_feature_empty");
    assert_eq!(db.dump(), empty.dump());
}

#[test]
fn additions_round_trip() {
    let a = schema(json!({ "tables": [{
        "schema": "public", "name": "users",
        "columns": [col("id", "uuid"), col("email", "varchar(10)"), ncol("age", "integer")],
        "primary_key": pk("users", &["id"]),
    }]}));
    let b = schema(json!({
        "enums": [{ "schema": "public", "name": "plan", "values": ["free", "pro"] }],
        "tables": [
            {
                "schema": "public", "name": "users",
                "columns": [
                    col("id", "uuid"),
                    col("email", "varchar(20)"),
                    with(col("age", "bigint"), "default", json!("0")),
                    with(col("plan", "public.plan"), "default", json!("'free'::public.plan")),
                    ncol("bio", "text"),
                ],
                "primary_key": pk("users", &["id"]),
                "uniques": [{ "name": "users_email_key", "columns": ["email"] }],
                "indexes": [index("users_plan_idx", "plan")],
                "comment": "people",
            },
            {
                "schema": "app", "name": "sessions",
                "columns": [col("id", "uuid"), col("user_id", "uuid")],
                "primary_key": pk("sessions", &["id"]),
                "foreign_keys": [fk("sessions_user_fk", "user_id", "public", "users")],
            },
        ]
    }));
    let p = assert_round_trip("additions", &a, &b);
    assert_eq!(plan(&diff(&b, &b)).statements, vec![]);
    assert!(p.statements.iter().all(|s| s.transactional));
}

#[test]
fn enum_values_added_used_renamed_and_removed() {
    let table = |ty_default: &str| {
        json!({
            "schema": "public", "name": "t",
            "columns": [col("id", "integer"), with(col("m", "public.mood"), "default", json!(ty_default)),
                        ncol("ms", "public.mood[]")],
            "primary_key": pk("t", &["id"]),
        })
    };
    let a = schema(
        json!({ "enums": [{ "schema": "public", "name": "mood", "values": ["ok", "sad"] }],
                           "tables": [table("'ok'::public.mood")] }),
    );
    // A new value used as a default in the same plan.
    let b = schema(
        json!({ "enums": [{ "schema": "public", "name": "mood", "values": ["meh", "ok", "sad", "glad"] }],
                           "tables": [table("'glad'::public.mood")] }),
    );
    // The value commits in a transaction of its own before the one that uses it.
    let p = assert_round_trip("enum_add", &a, &b);
    assert!(p.statements.iter().any(|s| s.commit_before));
    assert!(p.statements.iter().all(|s| s.transactional));
    // A removed and a reordered value recreate the type, columns and arrays converted.
    let c = schema(
        json!({ "enums": [{ "schema": "public", "name": "mood", "values": ["sad", "ok"] }],
                           "tables": [table("'ok'::public.mood")] }),
    );
    assert_round_trip("enum_recreate", &b, &c);
    // A declared value rename.
    let mut d = schema(
        json!({ "enums": [{ "schema": "public", "name": "mood", "values": ["ok", "unhappy"] }],
                               "tables": [table("'ok'::public.mood")] }),
    );
    d.enums[0]
        .renamed_values
        .push(("sad".into(), "unhappy".into()));
    assert_round_trip("enum_rename_value", &a, &d);
}

#[test]
fn drops_of_mutually_referencing_tables_enums_and_schemas() {
    let s = everything();
    let mut kept = s.clone();
    kept.tables.retain(|t| t.name == "orgs");
    let orgs = &mut kept.tables[0];
    orgs.foreign_keys.retain(|f| f.name == "orgs_parent_fk");
    orgs.columns.retain(|c| c.name != "owner_id");
    orgs.indexes.clear();
    kept.enums.clear();
    kept.schemas.clear();
    kept.normalize();
    let p = assert_round_trip("drops", &s, &kept);
    assert!(p
        .hazards()
        .any(|h| h.kind == schema_core::HazardKind::DeletesData));
}

#[test]
fn column_alterations_apply() {
    let a = schema(json!({ "tables": [
        { "schema": "public", "name": "p",
          "columns": [col("id", "integer"), col("code", "text")],
          "primary_key": pk("p", &["id"]) },
        { "schema": "public", "name": "t",
          "columns": [
              col("id", "integer"),
              with(ncol("n", "text"), "default", json!("'1'::text")),
              with(ncol("g", "integer"), "generated", json!("id * 2")),
              col("k", "integer"),
              col("p_id", "integer"),
              with(col("s", "text"), "collation", json!("C")),
          ],
          "primary_key": pk("t", &["id"]),
          "foreign_keys": [fk("t_p_fk", "p_id", "public", "p")] },
    ]}));
    let mut b = a.clone();
    {
        let t = &mut b.tables[1];
        assert_eq!(t.name, "t");
        let n = &mut t.columns[1];
        n.ty = schema_core::SqlType::Integer;
        n.default = Some("1".into());
        n.nullable = false;
        t.columns[2].generated = None;
        t.columns[3].identity =
            serde_json::from_value(json!({ "kind": "by_default", "start": 10 })).unwrap();
        t.columns[5].collation = None;
        t.columns[5].ty = schema_core::SqlType::parse("varchar(30)");
    }
    // The referenced primary key changes name: the foreign key is rebuilt around it.
    b.tables[0].primary_key.as_mut().unwrap().name = "p_key".into();
    let db = created("alter_columns", &a);
    db.execute("INSERT INTO p VALUES (1, 'x'); INSERT INTO t (id, n, k, p_id, s) VALUES (1, '7', 5, 1, 'y')");
    let p = plan(&diff(&a, &b));
    apply(&db, &p);
    assert_eq!(plan(&diff(&b, &b)).statements, vec![]);
    let fresh = created("alter_columns_fresh", &b);
    assert_eq!(db.dump(), fresh.dump(), "plan was:\n{}", p.to_sql_script());
}

#[test]
fn declared_renames_round_trip() {
    let a = schema(json!({ "tables": [{
        "schema": "public", "name": "people",
        "columns": [col("id", "uuid"), col("mail", "text")],
        "primary_key": pk("users", &["id"]),
        "uniques": [{ "name": "users_mail_key", "columns": ["mail"] }],
        "indexes": [index("users_mail_idx", "mail")],
    }]}));
    let b = schema(json!({ "tables": [{
        "schema": "public", "name": "users", "renamed_from": ["people"],
        "columns": [col("id", "uuid"), with(col("email", "text"), "renamed_from", json!(["mail"]))],
        "primary_key": pk("users", &["id"]),
        "uniques": [{ "name": "users_mail_key", "columns": ["email"] }],
        "indexes": [index("users_mail_idx", "email")],
    }]}));
    let p = assert_round_trip("renames", &a, &b);
    assert_eq!(p.statements.len(), 2, "{}", p.to_sql_script());
    assert_eq!(p.hazards().count(), 0);
}

/// The benchmark workload of WORKLOADS.md with `n` tables.
fn n_tables(n: usize, statuses: &[&str]) -> Schema {
    let tables: Vec<Value> = (0..n)
        .map(|i| {
            let name = format!("t{i:04}");
            let mut fks = vec![];
            if i > 0 {
                let parent = format!("t{:04}", i - 1);
                fks.push(with(
                    fk(&format!("{name}_parent_fk"), "parent_id", "public", &parent),
                    "on_delete",
                    json!("cascade"),
                ));
            }
            json!({
                "schema": "public", "name": name,
                "columns": [
                    with(col("id", "uuid"), "default", json!("gen_random_uuid()")),
                    ncol("parent_id", "uuid"),
                    col("slug", "text"),
                    col("name", "text"),
                    with(col("status", "public.gen_status"), "default", json!("'active'::public.gen_status")),
                    with(col("amount", "bigint"), "default", json!("0")),
                    with(col("payload", "jsonb"), "default", json!("'{}'::jsonb")),
                    with(col("created_at", "timestamptz"), "default", json!("now()")),
                    ncol("updated_at", "timestamptz"),
                ],
                "primary_key": pk(&name, &["id"]),
                "uniques": [{ "name": format!("{name}_slug_key"), "columns": ["slug"] }],
                "foreign_keys": fks,
                "indexes": [index(&format!("{name}_parent_idx"), "parent_id"),
                            index(&format!("{name}_created_idx"), "created_at")],
            })
        })
        .collect();
    schema(json!({
        "enums": [{ "schema": "public", "name": "gen_status", "values": statuses }],
        "tables": tables,
    }))
}

#[test]
fn n_table_workload_grows_and_shrinks() {
    let a = n_tables(20, &["active", "disabled", "deleted"]);
    let b = n_tables(25, &["active", "archived", "disabled", "deleted"]);
    assert_round_trip("n_tables_grow", &a, &b);
    let c = n_tables(10, &["active", "deleted"]);
    let p = assert_round_trip("n_tables_shrink", &b, &c);
    assert!(p
        .hazards()
        .any(|h| h.kind == schema_core::HazardKind::DeletesData));
}

#[test]
fn changed_generated_expression_keeps_its_indexes() {
    let t = |expr: &str| {
        schema(json!({ "tables": [{
            "schema": "public", "name": "t",
            "columns": [col("id", "integer"), with(ncol("g", "integer"), "generated", json!(expr))],
            "primary_key": pk("t", &["id"]),
            "uniques": [{ "name": "t_g_key", "columns": ["g"] }],
            "indexes": [with(index("t_g_idx", "g"), "comment", json!("by g"))],
        }]}))
    };
    let p = assert_round_trip("generated_change", &t("id * 2"), &t("id * 3"));
    assert!(
        p.statements
            .iter()
            .any(|s| s.sql.starts_with("CREATE INDEX")),
        "{}",
        p.to_sql_script()
    );
}

#[test]
fn recreated_enum_rebuilds_checks_and_indexes_that_compare_its_values() {
    let s = |values: &[&str]| {
        schema(json!({
            "enums": [{ "schema": "public", "name": "mood", "values": values }],
            "tables": [{
                "schema": "public", "name": "t",
                "columns": [col("id", "integer"), col("m", "public.mood")],
                "primary_key": pk("t", &["id"]),
                "checks": [{ "name": "t_m_check", "expression": "m <> 'sad'::public.mood" }],
                "indexes": [with(index("t_ok_idx", "id"), "predicate", json!("m = 'ok'::public.mood"))],
            }],
        }))
    };
    let a = s(&["ok", "sad", "meh"]);
    let b = s(&["sad", "ok"]);
    let db = created("enum_recreate_checks", &a);
    db.execute("INSERT INTO t VALUES (1, 'ok')");
    let p = plan(&diff(&a, &b));
    apply(&db, &p);
    let fresh = created("enum_recreate_checks_fresh", &b);
    assert_eq!(db.dump(), fresh.dump(), "plan was:\n{}", p.to_sql_script());
}

#[test]
fn column_leaving_an_enum_rebuilds_checks_that_compare_it() {
    let s = |ty: &str, check: &str| {
        schema(json!({
            "enums": [{ "schema": "public", "name": "mood", "values": ["ok", "sad"] }],
            "tables": [{
                "schema": "public", "name": "t",
                "columns": [col("id", "integer"), col("m", ty)],
                "primary_key": pk("t", &["id"]),
                "checks": [{ "name": "t_m_check", "expression": check }],
            }],
        }))
    };
    let a = s("public.mood", "m <> 'sad'::public.mood");
    let b = s("text", "m <> 'sad'::text");
    assert_round_trip("enum_to_text", &a, &b);
    assert_round_trip("text_to_enum", &b, &a);
}

/// An identity added to a column that holds values numbers on after them (the
/// largest, or the smallest when it counts down) unless it starts beyond them:
/// the next insert does not collide. A `serial` column's own sequence goes.
#[test]
fn identity_added_to_a_filled_column_numbers_after_its_values() {
    let cases = [
        (
            "serial",
            "CREATE TABLE t (id serial, s text); INSERT INTO t (s) VALUES ('a'), ('b'), ('c');",
            "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, s text);",
            4,
        ),
        (
            "starts_beyond",
            "CREATE TABLE t (id int NOT NULL, s text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
            "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100), s text);",
            100,
        ),
        (
            "descending",
            "CREATE TABLE t (id int NOT NULL, s text); INSERT INTO t VALUES (-3, 'a'), (5, 'b');",
            "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -1), s text);",
            -4,
        ),
    ];
    for (label, from_sql, to_sql, next) in cases {
        let a = TestDb::new(&format!("identity_{label}_a"));
        a.execute(from_sql);
        let b = TestDb::new(&format!("identity_{label}_b"));
        b.execute(to_sql);
        let p = plan(&diff(&schema_of(&a), &schema_of(&b)));
        apply(&a, &p);
        let id: i32 = a
            .connect()
            .query_one("INSERT INTO t (s) VALUES ('new') RETURNING id", &[])
            .unwrap()
            .get(0);
        assert_eq!(id, next, "{label}: plan was:\n{}", p.to_sql_script());
        let sequences: i64 = a
            .connect()
            .query_one("SELECT count(*) FROM pg_class WHERE relkind = 'S'", &[])
            .unwrap()
            .get(0);
        assert_eq!(
            sequences, 1,
            "{label}: only the identity's sequence is left"
        );
    }
}

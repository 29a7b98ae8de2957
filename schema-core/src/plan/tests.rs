//! Planner unit tests: changes or two hand-built schemas in, exact SQL out.

use super::*;
use crate::diff::tests::{col, enum_type, table};
use crate::model::{Deferrable, FkAction, ForeignKey, QualifiedName, Schema, Table};

fn schema(enums: Vec<crate::model::EnumType>, tables: Vec<Table>) -> Schema {
    let mut s = Schema {
        schemas: vec![],
        enums,
        tables,
        extensions: vec![],
        views: vec![],
        functions: vec![],
        domains: vec![],
        sequences: vec![],
        namespace_grants: vec![],
    };
    s.normalize();
    s
}

fn fk(name: &str, column: &str, to: &Table) -> ForeignKey {
    ForeignKey {
        name: name.into(),
        columns: vec![column.into()],
        references: to.qualified_name(),
        referenced_columns: vec![to.columns[0].name.clone()],
        on_delete: FkAction::Cascade,
        on_delete_columns: vec![],
        on_update: FkAction::NoAction,
        deferrable: Deferrable::NotDeferrable,
    }
}

fn sqls(p: &Plan) -> Vec<&str> {
    p.statements.iter().map(|s| s.sql.as_str()).collect()
}

fn kinds(s: &Statement) -> Vec<HazardKind> {
    s.hazards.iter().map(|h| h.kind).collect()
}

/// `a` and `b` in schema `app` reference each other; `b` has a status enum.
fn mutual() -> Schema {
    let mut a = table("app", "a", vec![col("id", "int8"), col("b_id", "int8")]);
    let mut b = table(
        "app",
        "b",
        vec![
            col("id", "int8"),
            col("a_id", "int8"),
            col("status", "app.status"),
        ],
    );
    a.foreign_keys.push(fk("a_b_fk", "b_id", &b));
    b.foreign_keys.push(fk("b_a_fk", "a_id", &a));
    schema(vec![enum_type("app", "status", &["on", "off"])], vec![a, b])
}

#[test]
fn creation_orders_schema_enum_tables_then_foreign_keys() {
    let p = plan(&diff(&Schema::empty(), &mutual()));
    assert_eq!(
        sqls(&p),
        [
            r#"CREATE SCHEMA "app""#,
            r#"CREATE TYPE "app"."status" AS ENUM ('on', 'off')"#,
            r#"CREATE TABLE "app"."a" ( "id" bigint NOT NULL, "b_id" bigint NOT NULL, CONSTRAINT "a_pkey" PRIMARY KEY ("id") )"#,
            r#"CREATE TABLE "app"."b" ( "id" bigint NOT NULL, "a_id" bigint NOT NULL, "status" "app"."status" NOT NULL, CONSTRAINT "b_pkey" PRIMARY KEY ("id") )"#,
            r#"ALTER TABLE "app"."a" ADD CONSTRAINT "a_b_fk" FOREIGN KEY ("b_id") REFERENCES "app"."b" ("id") ON DELETE CASCADE"#,
            r#"ALTER TABLE "app"."b" ADD CONSTRAINT "b_a_fk" FOREIGN KEY ("a_id") REFERENCES "app"."a" ("id") ON DELETE CASCADE"#,
        ]
    );
    // Nothing on a new table can fail on existing rows.
    assert_eq!(p.hazards().count(), 0);
    assert!(p.statements.iter().all(|s| s.transactional));
    assert_eq!(p.statements[2].target, "table app.a");
}

#[test]
fn dropping_everything_runs_in_reverse() {
    let p = plan(&diff(&mutual(), &Schema::empty()));
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "app"."a" DROP CONSTRAINT "a_b_fk""#,
            r#"ALTER TABLE "app"."b" DROP CONSTRAINT "b_a_fk""#,
            r#"DROP TABLE "app"."a""#,
            r#"DROP TABLE "app"."b""#,
            r#"DROP TYPE "app"."status""#,
            r#"DROP SCHEMA "app""#,
        ]
    );
    assert_eq!(kinds(&p.statements[2]), [HazardKind::DeletesData]);
    assert_eq!(kinds(&p.statements[0]), []);
}

#[test]
fn type_change_with_default_drops_and_sets_the_default() {
    let mut before = col("n", "text");
    before.default = Some("'1'::text".into());
    let mut after = col("n", "int4");
    after.default = Some("1".into());
    let changes = vec![Change::AlterColumn {
        table: QualifiedName::new("public", "t"),
        from: before,
        to: after,
    }];
    let p = plan(&changes);
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "n" DROP DEFAULT"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "n" TYPE integer USING "n"::integer"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "n" SET DEFAULT 1"#,
        ]
    );
    assert_eq!(
        kinds(&p.statements[1]),
        [HazardKind::MayFailOnExistingRows, HazardKind::RewritesTable]
    );
}

fn alter(from: &str, to: &str) -> Plan {
    let changes = vec![Change::AlterColumn {
        table: QualifiedName::new("public", "t"),
        from: col("c", from),
        to: col("c", to),
    }];
    plan(&changes)
}

#[test]
fn widening_needs_no_cast_and_cannot_fail() {
    let p = alter("int4", "int8");
    assert_eq!(
        sqls(&p),
        [r#"ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE bigint"#]
    );
    assert_eq!(kinds(&p.statements[0]), [HazardKind::RewritesTable]);
    let p = alter("varchar(10)", "varchar(20)");
    assert_eq!(kinds(&p.statements[0]), []);
    let p = alter("varchar(20)", "text");
    assert_eq!(kinds(&p.statements[0]), []);
    let p = alter("numeric(10,2)", "numeric(12,2)");
    assert_eq!(kinds(&p.statements[0]), []);
    let p = alter("numeric(10,2)", "numeric(14,4)");
    assert_eq!(kinds(&p.statements[0]), [HazardKind::RewritesTable]);
    let p = alter("public.mood", "text");
    assert_eq!(
        sqls(&p),
        [r#"ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE text"#]
    );
}

#[test]
fn narrowing_may_fail() {
    let p = alter("varchar(20)", "varchar(10)");
    assert_eq!(
        sqls(&p),
        [r#"ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE character varying(10)"#]
    );
    assert_eq!(
        kinds(&p.statements[0]),
        [HazardKind::MayFailOnExistingRows, HazardKind::RewritesTable]
    );
    let p = alter("int8", "int4");
    assert_eq!(
        kinds(&p.statements[0]),
        [HazardKind::MayFailOnExistingRows, HazardKind::RewritesTable]
    );
}

#[test]
fn enum_columns_cast_through_text() {
    let p = alter("text", "public.mood");
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE "public"."mood" USING "c"::"public"."mood""#
        ]
    );
    let p = alter("int4", "public.mood");
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE "public"."mood" USING "c"::text::"public"."mood""#
        ]
    );
    let p = alter("public.a[]", "public.b[]");
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE "public"."b"[] USING "c"::text[]::"public"."b"[]"#
        ]
    );
}

#[test]
fn nullability_and_added_columns_carry_hazards() {
    let mut nullable = col("c", "text");
    nullable.nullable = true;
    let t = QualifiedName::new("public", "t");
    let p = plan(&[
        Change::AlterColumn {
            table: t.clone(),
            from: nullable,
            to: col("c", "text"),
        },
        Change::AddColumn {
            table: t.clone(),
            column: col("d", "text"),
        },
    ]);
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "c" SET NOT NULL"#,
            r#"ALTER TABLE "public"."t" ADD COLUMN "d" text NOT NULL"#,
        ]
    );
    assert_eq!(
        kinds(&p.statements[0]),
        [HazardKind::MayFailOnExistingRows, HazardKind::LocksTable]
    );
    assert_eq!(kinds(&p.statements[1]), [HazardKind::MayFailOnExistingRows]);
}

#[test]
fn a_new_enum_value_used_in_the_plan_runs_outside_the_transaction() {
    let e = |values: &[&str]| enum_type("public", "mood", values);
    let mut t = table(
        "public",
        "t",
        vec![col("id", "int8"), col("m", "public.mood")],
    );
    let from = schema(vec![e(&["ok"])], vec![t.clone()]);
    t.columns[1].default = Some("'sad'::public.mood".into());
    let to = schema(vec![e(&["ok", "sad"])], vec![t]);
    let p = plan(&diff(&from, &to));
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TYPE "public"."mood" ADD VALUE 'sad'"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "m" SET DEFAULT 'sad'::public.mood"#,
        ]
    );
    // Both run in transactions; the value's commits before the one that uses it.
    assert!(p.statements.iter().all(|s| s.transactional));
    assert!(!p.statements[0].commit_before && p.statements[1].commit_before);
    assert_eq!(p.runs().count(), 2);
    // Unused, it stays in the one transaction.
    let p = plan(&diff(
        &from,
        &schema(vec![e(&["ok", "sad"])], from.tables.clone()),
    ));
    assert!(p.statements[0].transactional);
    assert_eq!(p.runs().count(), 1);
}

#[test]
fn renamed_values_go_ahead_with_the_used_values_they_precede() {
    let e = |values: &[&str]| enum_type("public", "mood", values);
    let t = |default: &str| {
        let mut t = table(
            "public",
            "t",
            vec![col("id", "int8"), col("m", "public.mood")],
        );
        t.columns[1].default = Some(default.into());
        t
    };
    let from = schema(vec![e(&["ok", "sad"])], vec![t("'ok'::public.mood")]);
    let mut renamed = e(&["ok", "unhappy", "glad"]);
    renamed
        .renamed_values
        .push(("sad".into(), "unhappy".into()));
    let to = schema(vec![renamed], vec![t("'glad'::public.mood")]);
    let p = plan(&diff(&from, &to));
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TYPE "public"."mood" RENAME VALUE 'sad' TO 'unhappy'"#,
            r#"ALTER TYPE "public"."mood" ADD VALUE 'glad'"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "m" SET DEFAULT 'glad'::public.mood"#,
        ]
    );
    let commit_before: Vec<bool> = p.statements.iter().map(|s| s.commit_before).collect();
    assert_eq!(commit_before, [false, false, true]);
}

#[test]
fn recreated_enum_converts_columns_and_drops_the_old_type_last() {
    let mut t = table(
        "public",
        "t",
        vec![col("id", "int8"), col("m", "public.mood")],
    );
    t.columns[1].default = Some("'ok'::public.mood".into());
    let from = schema(
        vec![enum_type("public", "mood", &["ok", "sad", "meh"])],
        vec![t.clone()],
    );
    let to = schema(vec![enum_type("public", "mood", &["meh", "ok"])], vec![t]);
    let p = plan(&diff(&from, &to));
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TYPE "public"."mood" RENAME TO "mood__old""#,
            r#"CREATE TYPE "public"."mood" AS ENUM ('meh', 'ok')"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "m" DROP DEFAULT"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood""#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "m" SET DEFAULT 'ok'::public.mood"#,
            r#"DROP TYPE "public"."mood__old""#,
        ]
    );
    assert_eq!(
        kinds(&p.statements[0]),
        [HazardKind::DeletesData, HazardKind::MayFailOnExistingRows]
    );
}

#[test]
fn changed_index_is_dropped_before_and_created_after_column_changes() {
    let index = |name: &str, column: &str| crate::model::Index::on_columns(name, &[column]);
    let mut a = table("public", "t", vec![col("id", "int8"), col("x", "text")]);
    a.indexes.push(index("t_idx", "x"));
    let mut b = table("public", "t", vec![col("id", "int8"), col("y", "text")]);
    b.indexes.push(index("t_idx", "y"));
    b.indexes[0].comment = Some("by y".into());
    let p = plan(&diff(&schema(vec![], vec![a]), &schema(vec![], vec![b])));
    assert_eq!(
        sqls(&p),
        [
            r#"DROP INDEX "public"."t_idx""#,
            r#"ALTER TABLE "public"."t" DROP COLUMN "x""#,
            r#"ALTER TABLE "public"."t" ADD COLUMN "y" text NOT NULL"#,
            r#"CREATE INDEX "t_idx" ON "public"."t" USING btree ("y")"#,
            r#"COMMENT ON INDEX "public"."t_idx" IS 'by y'"#,
        ]
    );
    assert_eq!(kinds(&p.statements[3]), [HazardKind::BuildsIndex]);
}

#[test]
fn script_shows_hazards_and_terminates_statements() {
    assert_eq!(Plan::default().to_sql_script(), "-- no changes\n");
    let p = plan(&diff(
        &mutual(),
        &schema(vec![enum_type("app", "status", &["on", "off"])], vec![]),
    ));
    let script = p.to_sql_script();
    assert!(script.contains("-- hazard: deletes data: drops table app.a and every row in it\nDROP TABLE \"app\".\"a\";\n"), "{script}");
}

#[test]
fn create_script_is_the_plan_from_nothing() {
    let s = mutual();
    assert_eq!(
        s.create_script(),
        plan(&diff(&Schema::empty(), &s)).to_sql_script()
    );
    assert!(s.create_script().starts_with("CREATE SCHEMA \"app\";\n"));
}

#[test]
fn used_enum_values_move_ahead_of_the_transaction_together() {
    let e = |values: &[&str]| enum_type("public", "mood", values);
    let mut t = table(
        "public",
        "t",
        vec![col("id", "int8"), col("m", "public.mood")],
    );
    let gone = table("public", "gone", vec![col("id", "int8")]);
    let from = schema(vec![e(&["ok"])], vec![t.clone(), gone]);
    t.columns[1].default = Some("'b'::public.mood".into());
    let to = schema(vec![e(&["ok", "a", "b"])], vec![t]);
    let p = plan(&diff(&from, &to));
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TYPE "public"."mood" ADD VALUE 'a'"#,
            r#"ALTER TYPE "public"."mood" ADD VALUE 'b'"#,
            r#"DROP TABLE "public"."gone""#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "m" SET DEFAULT 'b'::public.mood"#,
        ]
    );
    let commit_before: Vec<bool> = p.statements.iter().map(|s| s.commit_before).collect();
    assert_eq!(commit_before, [false, false, true, false]);
    assert!(p.statements.iter().all(|s| s.transactional));
    let runs: Vec<usize> = p.runs().map(|r| r.statements.len()).collect();
    assert_eq!(runs, [2, 2]);
    assert!(p
        .to_psql_script()
        .starts_with("BEGIN;\nALTER TYPE \"public\".\"mood\" ADD VALUE 'a';\nALTER TYPE \"public\".\"mood\" ADD VALUE 'b';\nCOMMIT;\nBEGIN;\n-- hazard"));
}

#[test]
fn self_references_and_unique_indexes_come_before_foreign_keys() {
    let mut t = table(
        "public",
        "node",
        vec![
            col("id", "int8"),
            col("parent_id", "int8"),
            col("code", "text"),
        ],
    );
    t.foreign_keys
        .push(fk("node_parent_fk", "parent_id", &t.clone()));
    let mut other = table(
        "public",
        "other",
        vec![col("id", "int8"), col("node_code", "text")],
    );
    let mut by_code = fk("other_node_fk", "node_code", &t);
    by_code.referenced_columns = vec!["code".into()];
    other.foreign_keys.push(by_code);
    t.indexes.push(crate::model::Index {
        name: "node_code_key".into(),
        unique: true,
        method: "btree".into(),
        keys: vec![crate::model::IndexKey {
            target: crate::model::IndexTarget::Column("code".into()),
            order: Default::default(),
            nulls: None,
            collation: None,
            opclass: None,
        }],
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
        invalid: false,
    });
    let p = plan(&diff(&Schema::empty(), &schema(vec![], vec![t, other])));
    let starts: Vec<&str> = p
        .statements
        .iter()
        .map(|s| &s.sql[..s.sql.find(" (").unwrap_or(s.sql.len())])
        .collect();
    assert_eq!(
        starts,
        [
            r#"CREATE TABLE "public"."node""#,
            r#"CREATE TABLE "public"."other""#,
            r#"CREATE UNIQUE INDEX "node_code_key" ON "public"."node" USING btree"#,
            r#"ALTER TABLE "public"."node" ADD CONSTRAINT "node_parent_fk" FOREIGN KEY"#,
            r#"ALTER TABLE "public"."other" ADD CONSTRAINT "other_node_fk" FOREIGN KEY"#,
        ]
    );
}

#[test]
fn identity_and_comment_changes() {
    let t = QualifiedName::new("public", "t");
    let identity = |kind, start| crate::model::Identity {
        kind,
        start,
        increment: None,
        min_value: None,
        max_value: None,
        cache: None,
        cycle: false,
    };
    let mut a = col("id", "int8");
    a.identity = Some(Box::new(identity(crate::model::IdentityKind::Always, None)));
    let mut b = a.clone();
    b.identity = Some(Box::new(identity(
        crate::model::IdentityKind::ByDefault,
        Some(5),
    )));
    let p = plan(&[
        Change::SetComment {
            target: crate::ddl::CommentTarget::Table(t.clone()),
            comment: Some("x".into()),
        },
        Change::AlterColumn {
            table: t.clone(),
            from: a.clone(),
            to: b,
        },
        Change::AlterColumn {
            table: t,
            from: a,
            to: col("id", "int8"),
        },
    ]);
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "id" SET GENERATED BY DEFAULT SET START WITH 5"#,
            r#"ALTER TABLE "public"."t" ALTER COLUMN "id" DROP IDENTITY"#,
            r#"COMMENT ON TABLE "public"."t" IS 'x'"#,
        ]
    );
}

#[test]
fn constraints_on_existing_tables_may_fail_and_lock() {
    let t = QualifiedName::new("public", "t");
    let parent = table("public", "p", vec![col("id", "int8")]);
    let p = plan(&[
        Change::AddCheck {
            table: t.clone(),
            check: crate::model::Check {
                name: "c".into(),
                expression: "n > 0".into(),
            },
        },
        Change::AddForeignKey {
            table: t.clone(),
            foreign_key: fk("t_p_fk", "p_id", &parent),
        },
        Change::AddUnique {
            table: t,
            unique: crate::model::Unique {
                name: "u".into(),
                columns: vec!["n".into()],
                nulls_not_distinct: false,
            },
        },
    ]);
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ADD CONSTRAINT "c" CHECK (n > 0)"#,
            r#"ALTER TABLE "public"."t" ADD CONSTRAINT "u" UNIQUE ("n")"#,
            r#"ALTER TABLE "public"."t" ADD CONSTRAINT "t_p_fk" FOREIGN KEY ("p_id") REFERENCES "public"."p" ("id") ON DELETE CASCADE"#,
        ]
    );
    use HazardKind::*;
    assert_eq!(kinds(&p.statements[0]), [MayFailOnExistingRows, LocksTable]);
    assert_eq!(
        kinds(&p.statements[1]),
        [MayFailOnExistingRows, BuildsIndex]
    );
    assert_eq!(kinds(&p.statements[2]), [MayFailOnExistingRows, LocksTable]);
}

#[test]
fn psql_scripts_wrap_each_transactional_run_and_leave_lone_statements_outside() {
    let t = || Target::Table(QualifiedName::new("public", "t"));
    let alone = |sql: &str| Statement {
        transactional: false,
        ..Statement::new(sql.into(), t())
    };
    let plan = Plan {
        statements: vec![
            alone("ALTER TYPE e ADD VALUE 'x'"),
            Statement::new("CREATE TABLE a ()".into(), t()),
            Statement::new("CREATE TABLE b ()".into(), t()),
            alone("CREATE INDEX CONCURRENTLY i ON a (x)"),
        ],
    };
    let script = plan.to_psql_script();
    let lines: Vec<&str> = script.lines().filter(|l| !l.starts_with("--")).collect();
    assert_eq!(
        lines,
        [
            "ALTER TYPE e ADD VALUE 'x';",
            "BEGIN;",
            "CREATE TABLE a ();",
            "CREATE TABLE b ();",
            "COMMIT;",
            "CREATE INDEX CONCURRENTLY i ON a (x);"
        ]
    );
    assert!(
        !plan.to_sql_script().contains("BEGIN"),
        "migration files get no transaction control"
    );
}

#[test]
fn runs_cut_the_plan_where_statements_change_how_they_run() {
    let e = |values: &[&str]| enum_type("public", "mood", values);
    let mut t = table(
        "public",
        "t",
        vec![col("id", "int8"), col("m", "public.mood")],
    );
    let from = schema(vec![e(&["ok"])], vec![t.clone()]);
    t.columns[1].default = Some("'sad'::public.mood".into());
    t.indexes.push(crate::model::Index {
        name: "t_m_idx".into(),
        unique: false,
        method: "btree".into(),
        keys: vec![crate::model::IndexKey::on(
            crate::model::IndexTarget::Column("m".into()),
        )],
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
        invalid: false,
    });
    let to = schema(vec![e(&["ok", "sad"])], vec![t]);
    let options = PlanOptions {
        concurrent_indexes: true,
    };
    let p = plan_with(&diff(&from, &to), &options);
    let runs: Vec<(bool, usize)> = p
        .runs()
        .map(|r| (r.transactional, r.statements.len()))
        .collect();
    assert_eq!(runs, [(true, 1), (true, 1), (false, 1)]);
    let joined: Vec<&Statement> = p.runs().flat_map(|r| r.statements).collect();
    assert_eq!(joined.len(), p.statements.len());
    assert!(Plan::default().runs().next().is_none());
}

#[test]
fn every_statement_names_the_change_it_carries_out_and_its_target() {
    let changes = diff(&Schema::empty(), &mutual());
    let p = plan(&changes);
    for s in &p.statements {
        let target = match &changes[s.change] {
            Change::CreateSchema { name } => Target::Schema { name: name.clone() },
            Change::CreateEnum(e) => Target::Enum(e.qualified_name()),
            Change::CreateTable(t) => Target::Table(t.qualified_name()),
            Change::AddForeignKey { table, .. } => Target::Table(table.clone()),
            other => panic!("unexpected change {other:?}"),
        };
        assert_eq!(s.target, target, "{}", s.sql);
    }
    assert_eq!(p.statements[0].target.to_string(), "schema app");
    assert_eq!(p.statements[1].target, "enum app.status");
    assert!(p.statements[1].target != "table app.status");
    let json = serde_json::to_value(&p.statements[2].target).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "kind": "table", "schema": "app", "name": "a" })
    );
}

#[test]
fn losses_sit_on_the_statement_that_destroys_data() {
    let p = plan(&diff(&mutual(), &Schema::empty()));
    let losses: Vec<(&str, &str)> = p
        .statements
        .iter()
        .filter_map(|s| Some((s.sql.as_str(), s.loss.as_ref()?.what.as_str())))
        .collect();
    assert_eq!(
        losses,
        [
            (r#"DROP TABLE "app"."a""#, "drop table app.a"),
            (r#"DROP TABLE "app"."b""#, "drop table app.b"),
        ]
    );
    assert!(p
        .losses()
        .all(|l| l.needs_consent() && l.scope == RowScope::All));
    // A type change that can only fail needs consent once rows are counted.
    let p = alter("text", "varchar(3)");
    let loss = p.losses().next().unwrap();
    assert!(loss.effect == Effect::MayFail && !loss.needs_consent());
    assert_eq!(loss.scope, RowScope::NotNull { column: "c".into() });
    assert_eq!(alter("int4", "int8").losses().count(), 0);
}

#[test]
fn a_serial_becoming_an_identity_gives_up_its_sequence_first() {
    let t = QualifiedName::new("public", "t");
    let mut serial = col("id", "int4");
    serial.default = Some("nextval('public.t_id_seq'::regclass)".into());
    let mut identity = col("id", "int4");
    identity.identity = Some(Box::new(crate::model::Identity {
        kind: crate::model::IdentityKind::ByDefault,
        start: None,
        increment: Some(-1),
        min_value: None,
        max_value: None,
        cache: None,
        cycle: false,
    }));
    let p = plan(&[Change::AlterColumn {
        table: t.clone(),
        from: serial.clone(),
        to: identity,
    }]);
    let sql = sqls(&p);
    assert_eq!(sql.len(), 4, "{sql:#?}");
    assert_eq!(
        sql[0],
        r#"ALTER TABLE "public"."t" ALTER COLUMN "id" DROP DEFAULT"#
    );
    assert_eq!(sql[1], crate::ddl::release_owned_sequence(&t, "id"));
    assert_eq!(
        sql[2],
        r#"ALTER TABLE "public"."t" ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -1)"#
    );
    assert_eq!(sql[3], crate::ddl::continue_identity(&t, "id", true));
    assert_eq!(kinds(&p.statements[3]), [HazardKind::MayFailOnExistingRows]);
    assert!(
        p.statements[3].hazards[0].explanation.contains("MINVALUE"),
        "{:?}",
        p.statements[3].hazards
    );

    // Retyped with the same default, the sequence stays: only a default that
    // goes takes it along.
    let mut wider = serial.clone();
    wider.ty = crate::types::SqlType::BigInt;
    let p = plan(&[Change::AlterColumn {
        table: t.clone(),
        from: serial.clone(),
        to: wider,
    }]);
    assert!(!sqls(&p)
        .iter()
        .any(|s| s.contains("pg_get_serial_sequence")));
    let mut constant = serial.clone();
    constant.default = Some("0".into());
    let p = plan(&[Change::AlterColumn {
        table: t.clone(),
        from: serial,
        to: constant,
    }]);
    assert_eq!(
        sqls(&p),
        [
            r#"ALTER TABLE "public"."t" ALTER COLUMN "id" SET DEFAULT 0"#.to_string(),
            crate::ddl::release_owned_sequence(&t, "id"),
        ]
    );
}

fn view(name: &str, sql: &str, depends_on: &[&str]) -> crate::model::View {
    crate::model::View {
        schema: "public".into(),
        name: name.into(),
        definition: sql.into(),
        materialized: false,
        security_barrier: false,
        check_option: None,
        comment: None,
        indexes: vec![],
        grants: vec![],
        depends_on: depends_on
            .iter()
            .map(|d| QualifiedName::new("public", *d))
            .collect(),
        columns: vec![],
    }
}

/// A materialized view `totals` over `orders`, with indexes on these columns.
fn totals(indexed: &[&str]) -> crate::model::View {
    let mut v = view("totals", "SELECT id, total FROM public.orders", &["orders"]);
    v.materialized = true;
    v.indexes = indexed
        .iter()
        .map(|c| crate::model::Index::on_columns(&format!("totals_{c}_idx"), &[c]))
        .collect();
    v
}

#[test]
fn a_materialized_views_indexes_are_built_right_after_it() {
    let orders = table(
        "public",
        "orders",
        vec![col("id", "int4"), col("total", "int4")],
    );
    let to = with_views(vec![orders], vec![totals(&["id"])]);
    let p = plan(&diff(&Schema::empty(), &to));
    let all = sqls(&p);
    let tail: Vec<&str> = all[all.len() - 2..].to_vec();
    assert_eq!(
        tail,
        [
            "CREATE MATERIALIZED VIEW \"public\".\"totals\" AS\nSELECT id, total FROM public.orders",
            "CREATE INDEX \"totals_id_idx\" ON \"public\".\"totals\" USING btree (\"id\")",
        ]
    );
}

#[test]
fn a_materialized_views_indexes_change_in_place_unless_it_is_rebuilt() {
    let orders = |ty: &str| {
        table(
            "public",
            "orders",
            vec![col("id", "int4"), col("total", ty)],
        )
    };
    let from = with_views(vec![orders("int4")], vec![totals(&["id"])]);
    let to = with_views(vec![orders("int4")], vec![totals(&["total"])]);
    assert_eq!(
        sqls(&plan(&diff(&from, &to))),
        [
            "DROP INDEX \"public\".\"totals_id_idx\"",
            "CREATE INDEX \"totals_total_idx\" ON \"public\".\"totals\" USING btree (\"total\")",
        ]
    );
    // A type change under the view rebuilds it: its new indexes come with it.
    let to = with_views(vec![orders("int8")], vec![totals(&["total"])]);
    assert_eq!(
        sqls(&plan(&diff(&from, &to))),
        [
            "DROP MATERIALIZED VIEW \"public\".\"totals\"",
            "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"total\" TYPE bigint",
            "CREATE MATERIALIZED VIEW \"public\".\"totals\" AS\nSELECT id, total FROM public.orders",
            "CREATE INDEX \"totals_total_idx\" ON \"public\".\"totals\" USING btree (\"total\")",
        ]
    );
}

fn with_views(tables: Vec<Table>, views: Vec<crate::model::View>) -> Schema {
    let mut s = schema(vec![], tables);
    s.views = views;
    s.normalize();
    s
}

#[test]
fn a_type_change_under_views_rebuilds_them_dependents_first_then_in_dependency_order() {
    let orders = |ty: &str| {
        table(
            "public",
            "orders",
            vec![col("id", "int4"), col("total", ty)],
        )
    };
    // `a_large` reads `z_totals`, which reads the table: names sort the wrong way on purpose.
    let views = || {
        vec![
            view(
                "z_totals",
                "SELECT id, total FROM public.orders",
                &["orders"],
            ),
            view(
                "a_large",
                "SELECT id FROM public.z_totals WHERE total > 5",
                &["z_totals"],
            ),
        ]
    };
    let from = with_views(vec![orders("int4")], views());
    let to = with_views(vec![orders("int8")], views());
    let p = plan(&diff(&from, &to));
    assert_eq!(
        sqls(&p),
        [
            "DROP VIEW \"public\".\"a_large\"",
            "DROP VIEW \"public\".\"z_totals\"",
            "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"total\" TYPE bigint",
            "CREATE VIEW \"public\".\"z_totals\" AS\nSELECT id, total FROM public.orders",
            "CREATE VIEW \"public\".\"a_large\" AS\nSELECT id FROM public.z_totals WHERE total > 5",
        ]
    );
    assert!(p.losses().next().is_none(), "a rebuilt view loses nothing");
}

#[test]
fn views_written_in_code_are_created_after_the_views_their_query_names() {
    let t = table("public", "t", vec![col("id", "int4")]);
    let to = with_views(
        vec![t],
        vec![
            view("a_top", "SELECT id FROM b_mid", &[]),
            view("b_mid", "SELECT id FROM c_base", &[]),
            view("c_base", "SELECT id FROM t", &[]),
        ],
    );
    let p = plan(&diff(&Schema::empty(), &to));
    let views: Vec<&str> = sqls(&p)
        .into_iter()
        .filter(|s| s.starts_with("CREATE VIEW"))
        .collect();
    assert_eq!(views.len(), 3);
    assert!(
        views[0].contains("c_base") && views[1].contains("b_mid") && views[2].contains("a_top")
    );
}

#[test]
fn dropping_a_view_trigger_or_policy_the_target_lacks_needs_consent() {
    let mut t = table("public", "t", vec![col("id", "int4")]);
    t.triggers.push(crate::model::Trigger {
        name: "t_touch".into(),
        definition: "CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
        function: QualifiedName::new("public", "touch"),
    });
    t.row_security.enabled = true;
    t.policies.push(crate::model::Policy {
        name: "mine".into(),
        restrictive: false,
        command: crate::model::PolicyCommand::All,
        roles: vec![],
        using: Some("(id > 0)".into()),
        with_check: None,
    });
    let from = with_views(vec![t], vec![view("v", "SELECT id FROM public.t", &["t"])]);
    let to = schema(vec![], vec![table("public", "t", vec![col("id", "int4")])]);
    let p = plan(&diff(&from, &to));
    let lost: Vec<&str> = p.losses().map(|l| l.what.as_str()).collect();
    assert_eq!(
        lost,
        [
            "drop trigger t_touch on public.t",
            "drop policy mine on public.t",
            "drop view public.v",
            "turn off row level security on public.t",
        ]
    );
    assert!(p.losses().all(|l| l.needs_consent()));
    assert!(p.losses().all(|l| l.label() == "object loss"));
}

#[test]
fn a_function_with_a_new_result_is_dropped_and_created_and_its_triggers_rebuilt() {
    let f = |returns: &str| {
        crate::model::Function {
        schema: "public".into(),
        name: "touch".into(),
        identity: String::new(),
        arguments: String::new(),
        returns: Some(returns.into()),
        definition: format!("CREATE OR REPLACE FUNCTION public.touch()\n RETURNS {returns}\n LANGUAGE plpgsql\nAS $function$BEGIN RETURN NEW; END$function$"),
        comment: None,
        public_execute: true,
        grants: vec![],
    }
    };
    let mut t = table("public", "t", vec![col("id", "int4")]);
    t.triggers.push(crate::model::Trigger {
        name: "t_touch".into(),
        definition: "CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
        function: QualifiedName::new("public", "touch"),
    });
    let mut from = schema(vec![], vec![t.clone()]);
    from.functions.push(f("trigger"));
    let mut to = schema(vec![], vec![t]);
    to.functions.push(f("event_trigger"));
    let p = plan(&diff(&from, &to));
    assert_eq!(
        sqls(&p),
        [
            "DROP TRIGGER \"t_touch\" ON \"public\".\"t\"",
            "DROP FUNCTION \"public\".\"touch\"()",
            "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS event_trigger\n LANGUAGE plpgsql\nAS $function$BEGIN RETURN NEW; END$function$",
            "CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()",
        ]
    );
    assert!(p.losses().next().is_none());
}

fn with_sequences(tables: Vec<Table>, sequences: Vec<crate::model::Sequence>) -> Schema {
    let mut s = schema(vec![], tables);
    s.sequences = sequences;
    s.normalize();
    s
}

fn owned(mut q: crate::model::Sequence, table: &str, column: &str) -> crate::model::Sequence {
    q.owned_by = Some(crate::model::SequenceOwner {
        table: QualifiedName::new("public", table),
        column: column.into(),
    });
    q
}

#[test]
fn a_new_sequence_comes_before_its_table_and_is_owned_once_the_column_exists() {
    use crate::model::Sequence;
    let mut number = col("number", "int8");
    number.default = Some("nextval('public.invoice_number'::regclass)".into());
    let invoices = table("public", "invoices", vec![number]);
    let mut q = owned(
        Sequence::new("public", "invoice_number"),
        "invoices",
        "number",
    );
    q.start = Some(1000);
    q.cache = 5;
    let p = plan(&diff(
        &Schema::empty(),
        &with_sequences(vec![invoices], vec![q]),
    ));
    assert_eq!(
        sqls(&p),
        [
            "CREATE SEQUENCE \"public\".\"invoice_number\" START WITH 1000 CACHE 5",
            "CREATE TABLE \"public\".\"invoices\" ( \"number\" bigint NOT NULL DEFAULT (nextval('public.invoice_number'::regclass)), CONSTRAINT \"invoices_pkey\" PRIMARY KEY (\"number\") )",
            "ALTER SEQUENCE \"public\".\"invoice_number\" OWNED BY \"public\".\"invoices\".\"number\"",
        ]
    );
}

#[test]
fn moved_bounds_restart_only_a_sequence_never_drawn_from_and_may_fail_on_one_in_use() {
    use crate::model::Sequence;
    let from = Sequence::new("public", "s");
    let mut to = from.clone();
    to.min_value = Some(100);
    to.cycle = true;
    let p = plan(&diff(
        &with_sequences(vec![], vec![from]),
        &with_sequences(vec![], vec![to]),
    ));
    let alter = "ALTER SEQUENCE \"public\".\"s\" MINVALUE 100 MAXVALUE 9223372036854775807 START WITH 100 CYCLE";
    assert_eq!(
        sqls(&p),
        [format!(
            "DO $q$BEGIN IF (SELECT NOT is_called FROM \"public\".\"s\") THEN {alter} RESTART; ELSE {alter}; END IF; END$q$"
        )]
    );
    assert_eq!(kinds(&p.statements[0]), [HazardKind::MayFailOnExistingRows]);
}

#[test]
fn a_sequence_lets_go_of_its_owner_before_the_owning_table_is_dropped_and_a_lost_one_needs_consent()
{
    use crate::model::Sequence;
    let t = table("public", "t", vec![col("id", "int4")]);
    let kept = owned(Sequence::new("public", "kept"), "t", "id");
    let gone = Sequence::new("public", "gone");
    let from = with_sequences(vec![t], vec![kept.clone(), gone]);
    let mut free = kept;
    free.owned_by = None;
    let p = plan(&diff(&from, &with_sequences(vec![], vec![free])));
    assert_eq!(
        sqls(&p),
        [
            "ALTER SEQUENCE \"public\".\"kept\" OWNED BY NONE",
            "DROP TABLE \"public\".\"t\"",
            "DROP SEQUENCE \"public\".\"gone\"",
        ]
    );
    let loss = p.statements[2]
        .loss
        .as_deref()
        .expect("a dropped sequence is a loss");
    assert!(loss.needs_consent() && loss.what == "drop sequence public.gone");
}

#[test]
fn a_serial_columns_sequence_goes_with_its_default_and_its_table() {
    use crate::model::Sequence;
    let mut id = col("id", "int4");
    id.default = Some("nextval('public.t_id_seq'::regclass)".into());
    let serial = table("public", "t", vec![id]);
    let seq = {
        let mut q = owned(Sequence::new("public", "t_id_seq"), "t", "id");
        q.data_type = crate::model::SequenceType::Integer;
        q
    };
    let from = with_sequences(vec![serial], vec![seq]);
    // The default goes: the column's change gives the sequence up, nothing else drops it.
    let plain = with_sequences(vec![table("public", "t", vec![col("id", "int4")])], vec![]);
    let p = plan(&diff(&from, &plain));
    assert!(
        !sqls(&p).iter().any(|s| s.starts_with("DROP SEQUENCE")),
        "{:?}",
        sqls(&p)
    );
    assert_eq!(
        sqls(&p).last().copied(),
        Some(crate::ddl::release_owned_sequence(&QualifiedName::new("public", "t"), "id").as_str())
    );
    // The table goes: the sequence goes with it.
    let p = plan(&diff(&from, &Schema::empty()));
    assert_eq!(sqls(&p), ["DROP TABLE \"public\".\"t\""]);
}

#[test]
fn an_index_on_a_partitioned_table_is_built_inside_the_transaction_even_when_asked_for_concurrently(
) {
    let mut from = table(
        "public",
        "events",
        vec![col("id", "int8"), col("kind", "text")],
    );
    from.partition_by = Some("LIST (kind)".into());
    let mut to = from.clone();
    to.indexes
        .push(crate::model::Index::on_columns("events_id", &["id"]));
    let mut plain = table("public", "plain", vec![col("id", "int8")]);
    let before = schema(vec![], vec![from, plain.clone()]);
    plain
        .indexes
        .push(crate::model::Index::on_columns("plain_id", &["id"]));
    let after = schema(vec![], vec![to, plain]);
    let options = PlanOptions {
        concurrent_indexes: true,
    };
    let p = plan_with(&diff(&before, &after), &options);
    let how: Vec<(bool, &str)> = p
        .statements
        .iter()
        .map(|s| (s.transactional, s.sql.as_str()))
        .collect();
    assert_eq!(
        how,
        [
            (
                true,
                "CREATE INDEX \"events_id\" ON \"public\".\"events\" USING btree (\"id\")"
            ),
            (
                false,
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"plain_id\" ON \"public\".\"plain\" USING btree (\"id\")"
            ),
        ]
    );
}

//! The one definition of data loss, read from the plan and counted against the
//! real server: what needs consent, with the rows it touches.

use schema_core::plan::RowScope;
use schema_core::push::{count_losses, prepare, PushOptions};
use schema_core::{introspect, Schema, SchemaFilter};
use schema_tests::TestDb;

/// The schema a database holds after running `sql`.
fn schema_of(sql: &str) -> Schema {
    let db = TestDb::new("consent_of");
    db.execute(sql);
    introspect(&mut db.connect(), &SchemaFilter::AllNonSystem)
        .unwrap()
        .schema
}

/// The counted losses of pushing `desired` into `db`.
fn losses(db: &TestDb, desired: &Schema) -> Vec<(String, Option<u64>)> {
    let mut client = db.connect();
    let prepared = prepare(&mut client, desired, &PushOptions::default()).unwrap();
    count_losses(&mut client, &prepared.plan)
        .unwrap()
        .into_iter()
        .map(|l| (l.what, l.rows))
        .collect()
}

#[test]
fn a_column_dropped_from_a_renamed_table_is_counted_under_the_old_name() {
    let db = TestDb::new("consent_renamed");
    db.execute(
        "CREATE TABLE people (id int PRIMARY KEY, nick text);
         INSERT INTO people VALUES (1, 'a'), (2, NULL), (3, 'c');",
    );
    let mut desired = schema_of("CREATE TABLE persons (id int PRIMARY KEY);");
    desired.tables[0].renamed_from = vec!["people".into()];
    desired.tables[0].primary_key.as_mut().unwrap().name = "people_pkey".into();
    assert_eq!(
        losses(&db, &desired),
        [("drop column public.persons.nick".to_string(), Some(2))]
    );
}

#[test]
fn a_narrowed_renamed_column_is_counted_under_its_old_name() {
    let db = TestDb::new("consent_narrowed");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY, n bigint); INSERT INTO t VALUES (1, 5), (2, NULL);",
    );
    let mut desired = schema_of("CREATE TABLE t (id int PRIMARY KEY, m int);");
    desired.tables[0].columns[1].renamed_from = vec!["n".into()];
    assert_eq!(
        losses(&db, &desired),
        [(
            "change public.t.m from bigint to integer".to_string(),
            Some(1)
        )]
    );
}

#[test]
fn reordered_enum_values_lose_nothing() {
    let db = TestDb::new("consent_reorder");
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'glad');
         CREATE TABLE t (id int PRIMARY KEY, m mood); INSERT INTO t VALUES (1, 'sad');",
    );
    let desired = schema_of(
        "CREATE TYPE mood AS ENUM ('glad', 'sad');
         CREATE TABLE t (id int PRIMARY KEY, m mood);",
    );
    let mut client = db.connect();
    let prepared = prepare(&mut client, &desired, &PushOptions::default()).unwrap();
    assert!(!prepared.plan.is_empty());
    assert_eq!(prepared.plan.losses().count(), 0);
    assert!(count_losses(&mut client, &prepared.plan)
        .unwrap()
        .is_empty());
}

#[test]
fn removed_enum_values_are_counted_in_array_columns_too() {
    let db = TestDb::new("consent_enum_array");
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'glad', 'meh');
         CREATE TABLE t (id int PRIMARY KEY, ms mood[]);
         INSERT INTO t VALUES (1, '{sad,meh}'), (2, '{glad}'), (3, '{meh}'), (4, NULL);",
    );
    let desired = schema_of(
        "CREATE TYPE mood AS ENUM ('sad', 'glad');
         CREATE TABLE t (id int PRIMARY KEY, ms mood[]);",
    );
    let mut client = db.connect();
    let prepared = prepare(&mut client, &desired, &PushOptions::default()).unwrap();
    let loss = prepared.plan.losses().next().expect("a loss").clone();
    assert_eq!(
        loss.scope,
        RowScope::EnumValues {
            column: "ms".into(),
            values: vec!["meh".into()],
            array: true
        }
    );
    let counted = count_losses(&mut client, &prepared.plan).unwrap();
    assert_eq!(counted.len(), 1);
    assert_eq!(counted[0].rows, Some(2));
}

#[test]
fn every_statement_names_its_change_and_the_loss_sits_on_the_destroying_one() {
    let db = TestDb::new("consent_carrier");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b text);");
    let desired = schema_of("CREATE TABLE t (id int PRIMARY KEY, b varchar(3), c int);");
    let mut client = db.connect();
    let prepared = prepare(&mut client, &desired, &PushOptions::default()).unwrap();
    for s in &prepared.plan.statements {
        let change = &prepared.changes[s.change];
        let kind = serde_json::to_value(change).unwrap()["kind"].clone();
        assert!(kind.is_string(), "{change:?}");
        if let Some(loss) = &s.loss {
            assert!(
                s.sql.contains("DROP COLUMN") || s.sql.contains("TYPE"),
                "{}",
                s.sql
            );
            assert_eq!(loss.table.name, "t");
        }
    }
    let whats: Vec<&str> = prepared.plan.losses().map(|l| l.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "drop column public.t.a",
            "change public.t.b from text to character varying(3)"
        ]
    );
}

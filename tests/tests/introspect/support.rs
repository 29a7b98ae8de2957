//! Shorthand for building and finding model values in the tests.

use schema_core::introspect::{introspect, Introspection, SchemaFilter};
use schema_core::model::{Column, IndexKey, IndexTarget, Schema, Table};
use schema_core::SqlType;
use schema_tests::{Client, TestDb};

pub fn read(client: &mut Client) -> Introspection {
    introspect(client, &SchemaFilter::default()).expect("introspect")
}

pub fn read_db(db: &TestDb) -> Schema {
    read(&mut db.connect()).schema
}

pub fn table<'s>(s: &'s Schema, schema: &str, name: &str) -> &'s Table {
    s.table(schema, name)
        .unwrap_or_else(|| panic!("no table {schema}.{name} in {s:#?}"))
}

pub fn column<'t>(t: &'t Table, name: &str) -> &'t Column {
    t.column(name)
        .unwrap_or_else(|| panic!("no column {name} in {t:#?}"))
}

pub fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column {
        nullable,
        ..Column::new(name, SqlType::parse(ty))
    }
}

pub fn key(target: IndexTarget) -> IndexKey {
    IndexKey::on(target)
}

pub fn column_key(name: &str) -> IndexKey {
    IndexKey::column(name)
}

pub fn bare_table(schema: &str, name: &str, columns: Vec<Column>) -> Table {
    Table::new(schema, name, columns)
}

pub fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

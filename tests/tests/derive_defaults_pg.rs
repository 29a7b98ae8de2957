//! Typed defaults are stored exactly as Postgres prints them back: a table built
//! from a derived definition introspects with the same default text (so a second
//! push finds nothing to change).

use schema_core::model::{quote_ident, Table as TableDef};
use schema_core::{Enum, Table};
use schema_tests::TestDb;

#[derive(Enum)]
#[enum_type(schema = "Odd Schema", name = "Gen Status")]
pub enum GenStatus {
    Active,
    Disabled,
}

#[derive(Enum)]
pub enum Plain {
    On,
    Off,
}

#[derive(Table)]
#[table(schema = "Odd Schema")]
pub struct Defaults {
    #[column(default = 0)]
    pub zero: i32,
    #[column(default = -1)]
    pub negative: i32,
    #[column(default = -5)]
    pub negative_big: i64,
    #[column(default = 9_999_999_999)]
    pub huge: i64,
    #[column(default = i64::MIN)]
    pub min: i64,
    #[column(default = 3)]
    pub small: i16,
    #[column(default = -3)]
    pub small_negative: i16,
    #[column(default = 1.5)]
    pub real: f32,
    #[column(default = -2.5)]
    pub double_negative: f64,
    #[column(default = 2.0)]
    pub double_whole: f64,
    #[column(default = 1e20)]
    pub double_huge: f64,
    #[column(default = f64::NAN)]
    pub double_nan: f64,
    #[column(default = true)]
    pub yes: bool,
    #[column(default = "USD")]
    pub text: String,
    #[column(default = "it's \\ fine")]
    pub quoted: String,
    #[column(default = "USD", sql_type = "varchar(3)")]
    pub varchar: String,
    #[column(default = "ab", sql_type = "char(2)")]
    pub fixed: String,
    #[column(default = GenStatus::Active)]
    pub odd_enum: GenStatus,
    #[column(default = Plain::Off)]
    pub plain_enum: Plain,
    #[column(default = serde_json::json!({"b": [1, 2.5, "x"], "a": null, "ccc": {}}))]
    pub document: serde_json::Value,
    #[column(default = serde_json::json!({"b": 1, "a": 2}), sql_type = "json")]
    pub json_text: serde_json::Value,
    #[column(default = rust_decimal::Decimal::new(550, 2))]
    pub price: rust_decimal::Decimal,
    #[column(default = uuid::Uuid::nil())]
    pub uuid: uuid::Uuid,
}

fn create_sql(table: &TableDef) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            format!(
                "{} {} DEFAULT {}",
                quote_ident(&c.name),
                c.ty,
                c.default.as_deref().unwrap()
            )
        })
        .collect();
    format!(
        "CREATE TABLE {} ({})",
        table.qualified_name(),
        columns.join(", ")
    )
}

fn create_enum_sql(e: &schema_core::model::EnumType) -> String {
    let values: Vec<String> = e
        .values
        .iter()
        .map(|v| schema_core::model::quote_literal(v))
        .collect();
    format!(
        "CREATE TYPE {} AS ENUM ({})",
        e.qualified_name(),
        values.join(", ")
    )
}

#[test]
fn typed_defaults_read_back_unchanged() {
    let db = TestDb::new("derive_defaults");
    let table = Defaults::definition();
    db.execute(&format!(
        "CREATE SCHEMA \"Odd Schema\"; {}; {}; {};",
        create_enum_sql(&GenStatus::definition()),
        create_enum_sql(&Plain::definition()),
        create_sql(&table)
    ));
    let mut client = db.connect();
    client.batch_execute("SET search_path = ''").unwrap();
    let rows = client
        .query(
            "SELECT a.attname::text, pg_catalog.pg_get_expr(d.adbin, d.adrelid) \
             FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a \
               ON a.attrelid = d.adrelid AND a.attnum = d.adnum \
             WHERE d.adrelid = '\"Odd Schema\".defaults'::pg_catalog.regclass ORDER BY a.attnum",
            &[],
        )
        .unwrap();
    let read_back: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let declared: Vec<(String, String)> = table
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.default.clone().unwrap()))
        .collect();
    assert_eq!(read_back, declared);
}

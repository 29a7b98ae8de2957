use schema_core::Table;

#[derive(Table)]
pub struct Reading {
    #[column(primary_key)]
    pub id: i64,
    pub value_a: i32,
    pub value__a: i32,
}

fn main() {}

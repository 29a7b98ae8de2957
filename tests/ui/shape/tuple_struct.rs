use schema_core::Table;

#[derive(Table)]
pub struct UserId(i64);

fn main() {}

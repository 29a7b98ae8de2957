use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key, skip)]
    pub id: i64,
}

fn main() {}

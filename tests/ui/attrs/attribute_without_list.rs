use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column]
    pub id: i64,
}

fn main() {}

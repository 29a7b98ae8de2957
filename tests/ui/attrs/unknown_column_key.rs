use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primarykey)]
    pub id: i64,
}

fn main() {}

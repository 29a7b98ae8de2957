use schema_core::Table;

#[derive(Table)]
#[table(name = "users", name = "people")]
pub struct User {
    pub id: i64,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
#[table(name = "users", grant(to = ["app", "reporting"]))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}

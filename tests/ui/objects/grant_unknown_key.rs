use schema_core::Table;

#[derive(Table)]
#[table(name = "users", grant(role = "app", privileges = ["select"]))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}

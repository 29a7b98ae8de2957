use schema_core::Table;

#[derive(Table)]
#[table(name = "users", grant(privileges = ["select"]))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}

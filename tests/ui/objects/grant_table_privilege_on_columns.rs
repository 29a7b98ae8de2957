use schema_core::Table;

#[derive(Table)]
#[table(name = "users", grant(to = "app", privileges = ["delete"], columns = [email]))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

fn main() {}

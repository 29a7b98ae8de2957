use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

#[derive(Table)]
pub struct Invite {
    #[column(references = User::email)]
    pub email: String,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

#[derive(Table)]
pub struct Session {
    #[column(references = User::id, on_delete = "cascde")]
    pub user_id: i64,
}

fn main() {}

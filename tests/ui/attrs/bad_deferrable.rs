use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

#[derive(Table)]
pub struct Session {
    #[column(references = User::id, deferrable = "later")]
    pub user_id: i64,
}

fn main() {}

use schema_core::Table;
use uuid::Uuid;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: Uuid,
}

#[derive(Table)]
pub struct Session {
    #[column(references = User::id)]
    pub user_id: i64,
}

fn main() {}

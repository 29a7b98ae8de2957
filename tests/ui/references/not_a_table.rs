use schema_core::Table;

pub struct User {
    pub id: i64,
}

#[derive(Table)]
pub struct Session {
    #[column(references = User::id)]
    pub user_id: i64,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
#[table(references = User::id)]
pub struct Session {
    pub user_id: i64,
}

fn main() {}

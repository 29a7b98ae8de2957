use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [user_idd, created_at]))]
pub struct Session {
    pub user_id: i64,
    pub created_at: i64,
}

fn main() {}

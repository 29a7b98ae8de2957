use schema_core::Table;

#[derive(Table)]
pub struct Session {
    #[column(references = "users.id")]
    pub user_id: i64,
}

fn main() {}

use schema_core::Table;

// Only the mistake in `User` is reported; `Session` still sees `User::id`.
#[derive(Table)]
#[table(nmae = "users")]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

#[derive(Table)]
pub struct Session {
    #[column(references = User::id)]
    pub user_id: i64,
}

fn main() {}

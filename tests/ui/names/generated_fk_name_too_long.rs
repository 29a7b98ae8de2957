use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

#[derive(Table)]
#[table(name = "verification_tokens_for_password_resets")]
pub struct Token {
    #[column(references = User::id)]
    pub requesting_user_identifier: i64,
}

fn main() {}

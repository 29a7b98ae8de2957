use schema_core::Table;

#[derive(Table)]
#[table(name = "user_accounts_with_a_name_that_goes_on_and_on_beyond_what_postgres_keeps")]
pub struct User {
    pub id: i64,
}

fn main() {}

use schema_core::query::sea_query::Query;
use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

fn main() {
    // `email` was renamed to `address` in the struct, or never existed.
    let _ = Query::select().column(UserColumn::Address).from(User::TABLE);
}

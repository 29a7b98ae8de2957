use schema_core::query::sea_query::{Expr, ExprTrait, Query};
use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: i64,
    pub title: String,
}

fn main() {
    // A post's column where a user's is expected.
    let _ = Query::select()
        .from(User::TABLE)
        .and_where(Expr::col(User::col(PostColumn::Title)).eq("x"));
}

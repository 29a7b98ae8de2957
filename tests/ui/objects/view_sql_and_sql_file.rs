use schema_core::View;

#[derive(View)]
#[view(sql = "SELECT 1 AS id", sql_file = "views/active_users.sql")]
pub struct ActiveUser {
    pub id: i64,
}

fn main() {}

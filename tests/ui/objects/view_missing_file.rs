use schema_core::View;

#[derive(View)]
#[view(sql_file = "views/no_such_view.sql")]
pub struct ActiveUser {
    pub id: i64,
}

fn main() {}

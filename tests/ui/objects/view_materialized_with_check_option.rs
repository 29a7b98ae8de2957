use schema_core::View;

#[derive(View)]
#[view(materialized, check_option = "local", sql = "SELECT 1 AS id")]
pub struct Totals {
    pub id: i64,
}

fn main() {}

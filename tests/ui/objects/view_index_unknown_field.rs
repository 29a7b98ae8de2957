use schema_core::View;

#[derive(View)]
#[view(materialized, sql = "SELECT 1 AS id, 'a' AS label", index(columns = [labl], unique))]
pub struct Labels {
    pub id: i64,
    pub label: String,
}

fn main() {}

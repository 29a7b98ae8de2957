use schema_core::View;

#[derive(View)]
#[view(query = "SELECT 1 AS id")]
pub struct Ids {
    pub id: i64,
}

fn main() {}

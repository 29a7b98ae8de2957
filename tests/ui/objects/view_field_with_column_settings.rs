use schema_core::View;

#[derive(View)]
#[view(sql = "SELECT 1 AS id")]
pub struct Ids {
    #[column(primary_key)]
    pub id: Option<i64>,
}

fn main() {}

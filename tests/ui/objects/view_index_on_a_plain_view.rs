use schema_core::View;

#[derive(View)]
#[view(sql = "SELECT 1 AS id", index(columns = [id]))]
pub struct Ids {
    pub id: i64,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
pub struct Line {
    #[column(primary_key)]
    pub id: i64,
    pub price: i64,
    pub qty: i64,
    #[column(generated = "price * qty", insert_default)]
    pub total: i64,
}

fn main() {}

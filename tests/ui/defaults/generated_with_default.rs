use schema_core::Table;

#[derive(Table)]
pub struct Line {
    pub price: i64,
    pub qty: i64,
    #[column(generated = "price * qty", default = 0)]
    pub total: i64,
}

fn main() {}

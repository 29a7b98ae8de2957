use schema_core::Table;

#[derive(Table)]
pub struct Balance {
    #[column(check(name = "balance_non_negative", expr = "balance >= 0"))]
    pub balance: i64,
}

fn main() {}

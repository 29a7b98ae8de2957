use schema_core::Table;

#[derive(Table)]
#[table(check(expr = "balance >= 0"))]
pub struct Balance {
    pub balance: i64,
}

fn main() {}

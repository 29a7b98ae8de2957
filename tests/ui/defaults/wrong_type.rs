use schema_core::Table;

#[derive(Table)]
pub struct Balance {
    #[column(default = "0")]
    pub balance: i64,
}

fn main() {}

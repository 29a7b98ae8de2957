use schema_core::Table;

#[derive(Table)]
#[table(unique(columns = ["provider", "account"]))]
pub struct Account {
    pub provider: String,
    pub account: String,
}

fn main() {}

use schema_core::{Enum, Table};

#[derive(Enum)]
pub enum Status {
    Active,
    Disabled,
}

#[derive(Table)]
pub struct Account {
    #[column(default = Status::Active)]
    pub status: String,
}

fn main() {}

use schema_core::{Enum, Table};

// Only the mistake in `Status` is reported, not its use as a column type.
#[derive(Enum)]
pub enum Status {
    Active,
    Renamed(String),
}

#[derive(Table)]
pub struct Account {
    #[column(default = Status::Active)]
    pub status: Status,
}

fn main() {}

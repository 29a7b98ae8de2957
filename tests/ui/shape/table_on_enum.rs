use schema_core::Table;

#[derive(Table)]
pub enum Status {
    Active,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
pub struct Marker;

fn main() {}

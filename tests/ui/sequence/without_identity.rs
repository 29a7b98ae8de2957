use schema_core::Table;

#[derive(Table)]
pub struct Ticket {
    #[column(primary_key, sequence(start = 100))]
    pub id: i64,
}

fn main() {}

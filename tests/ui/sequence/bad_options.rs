use schema_core::Table;

#[derive(Table)]
pub struct Ticket {
    #[column(
        primary_key,
        identity = "always",
        sequence(increment = 0, cache = 0, min_value = 10, max_value = 5)
    )]
    pub id: i64,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
pub struct Ticket {
    #[column(
        primary_key,
        identity = "always",
        sequence(start = "100", increment = 1.5, max_value = 99999999999999999999, cycles)
    )]
    pub id: i64,
}

fn main() {}

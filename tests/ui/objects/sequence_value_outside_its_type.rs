use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(sql_type = "smallint", max_value = 100000)]
pub struct TicketNumber;

fn main() {}

use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(min_value = 1000, start = 1)]
pub struct InvoiceNumber;

fn main() {}

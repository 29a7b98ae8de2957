use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(start_with = 1000)]
pub struct InvoiceNumber;

fn main() {}

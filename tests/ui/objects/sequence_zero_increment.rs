use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(increment = 0)]
pub struct InvoiceNumber;

fn main() {}

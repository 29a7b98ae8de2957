use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(cache = 0)]
pub struct InvoiceNumber;

fn main() {}

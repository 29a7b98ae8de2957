use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(min_value = 100, max_value = 100)]
pub struct InvoiceNumber;

fn main() {}

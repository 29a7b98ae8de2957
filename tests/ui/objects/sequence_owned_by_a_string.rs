use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(owned_by = "invoices.number")]
pub struct InvoiceNumber;

fn main() {}

use schema_core::Sequence;

pub struct Invoice {
    pub number: i64,
}

#[derive(Sequence)]
#[sequence(owned_by = Invoice::number)]
pub struct InvoiceNumber;

fn main() {}

use schema_core::{Sequence, Table};

#[derive(Table)]
#[table(name = "invoices")]
pub struct Invoice {
    #[column(primary_key)]
    pub number: i64,
}

#[derive(Sequence)]
#[sequence(owned_by = Invoice::numbr)]
pub struct InvoiceNumber;

fn main() {}

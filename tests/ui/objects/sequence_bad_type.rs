use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(sql_type = "numeric")]
pub struct InvoiceNumber;

fn main() {}

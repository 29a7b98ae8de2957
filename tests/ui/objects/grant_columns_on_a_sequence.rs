use schema_core::Sequence;

#[derive(Sequence)]
#[sequence(grant(to = "app", privileges = ["usage"], columns = [last_value]))]
pub struct InvoiceNumber;

fn main() {}

use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [organisation_identifier, external_reference_number]))]
pub struct CreditTransaction {
    pub organisation_identifier: i64,
    pub external_reference_number: i64,
}

fn main() {}

use schema_core::Domain;

#[derive(Domain)]
#[domain(sql_type = "integer", default = 1)]
pub struct Positive;

fn main() {}

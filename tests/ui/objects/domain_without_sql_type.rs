use schema_core::Domain;

#[derive(Domain)]
#[domain(not_null, check(name = "positive", expr = "VALUE > 0"))]
pub struct Positive;

fn main() {}

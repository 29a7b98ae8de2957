use schema_core::Function;

#[derive(Function)]
#[function(
    sql = "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    grant(to = "app", privileges = ["usage"])
)]
pub struct One;

fn main() {}

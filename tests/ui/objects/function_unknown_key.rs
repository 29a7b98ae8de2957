use schema_core::Function;

#[derive(Function)]
#[function(sql = "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'", language = "sql")]
pub struct One;

fn main() {}

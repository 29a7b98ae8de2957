use schema_core::Function;

#[derive(Function)]
#[function(sql = "CREATE FUNCTION touch RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$")]
pub struct Touch;

fn main() {}

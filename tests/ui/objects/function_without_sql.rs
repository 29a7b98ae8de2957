use schema_core::Function;

#[derive(Function)]
#[function(comment = "keeps updated_at current")]
pub struct Touch;

fn main() {}

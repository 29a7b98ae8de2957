use schema_core::Enum;

#[derive(Enum)]
pub struct Status {
    pub value: String,
}

fn main() {}

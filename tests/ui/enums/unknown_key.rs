use schema_core::Enum;

#[derive(Enum)]
#[enum_type(schmea = "auth")]
pub enum Status {
    Active,
}

fn main() {}

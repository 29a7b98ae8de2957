use schema_core::Enum;

#[derive(Enum)]
pub enum Status {
    Active,
    #[enum_value(name = "active")]
    Enabled,
}

fn main() {}

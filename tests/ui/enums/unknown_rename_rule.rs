use schema_core::Enum;

#[derive(Enum)]
#[enum_type(rename_all = "snakecase")]
pub enum Status {
    Active,
}

fn main() {}

use schema_core::Enum;

#[derive(Enum)]
pub enum Event {
    Created,
    Renamed { from: String },
}

fn main() {}

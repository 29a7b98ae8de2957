use schema_core::Table;

#[derive(Table)]
pub struct Event {
    #[column(identity = "by_default")]
    pub seq: Option<i64>,
}

fn main() {}

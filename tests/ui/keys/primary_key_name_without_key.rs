use schema_core::Table;

#[derive(Table)]
#[table(primary_key_name = "events_pk")]
pub struct Event {
    pub kind: String,
}

fn main() {}

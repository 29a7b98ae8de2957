use schema_core::Table;

#[derive(Table)]
#[table(name = "events", partition_by = "list (region)", partition(name = "events_eu", values = "IN ('eu')"))]
pub struct Event {
    pub id: i64,
    pub region: String,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
#[table(name = "events", partition_by = "range (at)", partition(name = "events_2026"))]
pub struct Event {
    pub id: i64,
    pub at: schema_core::chrono::NaiveDate,
}

fn main() {}

use schema_core::Table;

#[derive(Table)]
#[table(name = "events", partition(name = "events_2026", bound = "FROM ('2026-01-01') TO ('2027-01-01')"))]
pub struct Event {
    pub id: i64,
    pub at: schema_core::chrono::NaiveDate,
}

fn main() {}

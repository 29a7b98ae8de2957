use schema_core::Table;

/// A log table with no primary key: an update would match every row.
#[derive(Table)]
#[table(name = "events")]
pub struct Event {
    pub kind: String,
}

fn main() {
    let event = Event { kind: "login".into() };
    let _ = event.update();
    let _ = event.upsert();
}

use schema_core::Table;

#[derive(Table)]
#[table(exclude(name = "no_overlap", sql = "EXCLUDE USING gist (during WITH &&)", where = "true"))]
pub struct Booking {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}

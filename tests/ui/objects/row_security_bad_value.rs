use schema_core::Table;

#[derive(Table)]
#[table(row_security = "on")]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}

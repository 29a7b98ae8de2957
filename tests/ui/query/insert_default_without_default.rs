use schema_core::Table;

#[derive(Table)]
pub struct Session {
    #[column(primary_key, insert_default)]
    pub id: uuid::Uuid,
    pub token: String,
}

fn main() {}
